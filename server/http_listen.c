/* The listening socket and the accept thread (http_listen.h). */
#include "http_listen.h"

#include "http_conn.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* One thread accepts, and hconn_add gives the connections to the workers
 * in turn: with each worker accepting for itself, whichever woke first
 * would take every pending connection, and two clients sending megabyte
 * regexes could share one core while the other idled. */
static int listen_fd = -1;
static pthread_t acceptor;
static bool acceptor_started;

static void *accept_loop(void *arg)
{
    (void)arg;
    for (;;) {
        struct sockaddr_storage peer;
        socklen_t pl = sizeof peer;
        int fd = accept4(listen_fd, (struct sockaddr *)&peer, &pl, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED || errno == EPROTO || errno == EAGAIN)
                continue;
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                struct timespec ts = {0, 20 * 1000 * 1000}; /* out of descriptors: let some close */
                nanosleep(&ts, NULL);
                continue;
            }
            return NULL; /* the socket was shut down: http_stop */
        }
        hconn_add(fd, (const struct sockaddr *)&peer, pl); /* closes it on refusal */
    }
}

static int open_listener(const struct sockaddr *sa, socklen_t sl)
{
    int fd = socket(sa->sa_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (sa->sa_family == AF_INET6)
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    if (bind(fd, sa, sl) < 0 || listen(fd, SOMAXCONN) < 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    return fd;
}

int http_listen_open(const struct sockaddr *sa, socklen_t sl)
{
    listen_fd = open_listener(sa, sl);
    return listen_fd < 0 ? -1 : 0;
}

int http_listen_start(void)
{
    pthread_attr_t at;
    pthread_attr_init(&at);
    pthread_attr_setstacksize(&at, 64 * 1024);
    acceptor_started = pthread_create(&acceptor, &at, accept_loop, NULL) == 0;
    pthread_attr_destroy(&at);
    return acceptor_started ? 0 : -1;
}

bool http_listen_port(int *port)
{
    if (listen_fd < 0)
        return false;
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    socklen_t sl = sizeof ss;
    if (getsockname(listen_fd, (struct sockaddr *)&ss, &sl) != 0)
        return false;
    *port = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
                                           : ((struct sockaddr_in *)&ss)->sin_port);
    return true;
}

void http_listen_stop(void)
{
    if (listen_fd < 0)
        return;
    shutdown(listen_fd, SHUT_RDWR); /* wakes accept() with EINVAL */
    if (acceptor_started)
        pthread_join(acceptor, NULL);
    acceptor_started = false;
    close(listen_fd);
    listen_fd = -1;
}
