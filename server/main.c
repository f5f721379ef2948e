/* pystd: start-up, signals, graceful shutdown. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "auth.h"
#include "batch.h"
#include "base/clock.h"
#include "base/config.h"
#include "cli.h"
#include "dispatch.h"
#include "http.h"
#include "jobs_http.h"
#include "log.h"
#include "memory.h"
#include "openapi.h"
#include "registry.h"
#include "service.h"

static int write_port_file(const char *path, int port)
{
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f)
        return -1;
    fprintf(f, "%d\n", port);
    if (fclose(f) != 0)
        return -1;
    return rename(tmp, path);
}

/* The image's HEALTHCHECK (/healthz) and a compose readiness check
 * (/readyz): no curl in the runtime image, so pystd asks itself. */
static int check_health(const char *path)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return 1;
    struct timeval tv = {3, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)config.port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    char buf[64] = {0};
    char req[128];
    snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", path);
    int ok = connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0;
    if (ok && auth_tls_enabled()) /* HTTPS: the probe speaks TLS too */
        ok = auth_tls_exchange(fd, req, strlen(req), buf, sizeof buf - 1) >= 12 &&
             strncmp(buf + 9, "200", 3) == 0;
    else
        ok = ok && write(fd, req, strlen(req)) == (ssize_t)strlen(req) &&
             read(fd, buf, sizeof buf - 1) >= 12 && strncmp(buf + 9, "200", 3) == 0;
    close(fd);
    return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
    memory_tune_malloc();
    cli_extra extra = {0};
    int rc = cli_parse(argc, argv, &extra);
    if (rc)
        return rc > 0 ? 0 : 2;
    if (extra.check_health || extra.check_ready)
        return check_health(extra.check_ready ? "/readyz" : "/healthz");

    /* Every thread inherits this mask: the signals are taken by sigwait below. */
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGTERM);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);

    if (registry_init() < 0 || dispatch_init() < 0 || jobs_http_init() < 0 || batch_init() < 0)
        return 1;
    if (extra.print_openapi) {
        size_t n;
        const char *doc = openapi_json(&n);
        fwrite(doc, 1, n, stdout);
        batch_fini();
        jobs_http_fini();
        dispatch_fini();
        registry_fini();
        return 0;
    }
    if (log_buf_start() < 0 || auth_init() < 0 || auth_audit_open() < 0 || auth_tls_init() < 0 ||
        memory_start() < 0 || http_start() < 0)
        return 1;
    int port = http_port();
    if (extra.port_file && write_port_file(extra.port_file, port) < 0) {
        log_msg(LOG_ERROR, "cannot write --port-file %s: %s", extra.port_file, strerror(errno));
        return 1;
    }
    log_msg(LOG_WARN, "pystd listening on %s:%d", config.bind, port);

    int sig = 0;
    /* SIGHUP: the token file again (connections and work in flight go on) */
    while (sigwait(&sigs, &sig) == 0 && sig == SIGHUP) {
        auth_reload();
        auth_tls_reload();
        auth_audit_reopen();
    }
    double grace_end = clock_monotonic() + config.grace;
    service_set_draining();
    log_msg(LOG_WARN, "signal %d: draining (grace %.1f s)", sig, config.grace);
    service_run_shutdown(grace_end);
    /* Keep listening while work is in flight, so that /readyz can be seen
     * saying 503; once nothing is in flight (or the grace is over) stop. */
    while (http_active_requests() > 0 && clock_monotonic() < grace_end) {
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    if (http_active_requests() > 0)
        log_msg(LOG_WARN, "grace period over with %ld requests unanswered", http_active_requests());
    memory_stop(); /* its trims reach into the compute pool */
    dispatch_stop_compute();
    http_stop();
    batch_fini();
    jobs_http_fini();
    dispatch_fini();
    registry_fini();
    auth_audit_close();
    auth_fini();
    auth_tls_fini();
    log_buf_stop(); /* the access lines of the last requests */
    log_msg(LOG_WARN, "stopped");
    return 0;
}
