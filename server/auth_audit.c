/* The audit log (auth.h): one JSON line per call of an operation that
 * writes the file sandbox or reaches the network, synchronous or in a job:
 *   {"ts":..., "audit":"pystd", "token":"alice", "op":"/v1/io/write",
 *    "path":"/a.txt", "outcome":"ok", "status":200, "request_id":"..."}
 * Written with one write(2) to --audit-log (O_APPEND) or stderr. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "auth.h"
#include "base/config.h"
#include "json/json.h"
#include "log.h"
#include "registry.h"

#define VALUE_MAX 2048 /* bytes of a path or URL kept in a line */

static int audit_fd = -1; /* --audit-log, or -1: stderr */

int auth_audit_open(void)
{
    if (!config.audit_log || !config.audit_log[0])
        return 0;
    audit_fd = open(config.audit_log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (audit_fd < 0) {
        log_msg(LOG_ERROR, "cannot open --audit-log %s", config.audit_log);
        return -1;
    }
    return 0;
}

int auth_audit_reopen(void)
{
    if (audit_fd < 0)
        return 0;
    /* the same descriptor number now names the file at the path (moved away
     * by logrotate): writers never see it closed */
    int fd = open(config.audit_log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0 || dup3(fd, audit_fd, O_CLOEXEC) < 0) {
        log_msg(LOG_ERROR, "SIGHUP: cannot reopen --audit-log %s", config.audit_log);
        if (fd >= 0)
            close(fd);
        return -1;
    }
    close(fd);
    return 0;
}

void auth_audit_close(void)
{
    if (audit_fd >= 0)
        close(audit_fd);
    audit_fd = -1;
}

bool auth_audited(const route *r, const pv *args)
{
    return (auth_op_scope(r->op) & (AUTH_FS_WRITE | AUTH_NET)) || auth_args_scope(r, args);
}

static const char *const FIELDS[] = {"path", "src", "dst", "filename", "url", "robots_url"};

void auth_audit(const char *who, const route *r, const pv *args, const char *error_type, int status,
                const char *request_id, const char *job_id)
{
    strbuf o = STRBUF_INIT;
    struct timeval tv;
    gettimeofday(&tv, NULL);
    struct tm tm;
    gmtime_r(&tv.tv_sec, &tm);
    strbuf_printf(&o, "{\"ts\":\"%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ\",\"audit\":\"pystd\",\"token\":",
                  tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  (long)(tv.tv_usec / 1000));
    if (who)
        json_write_str(&o, who, strlen(who), false, true);
    else
        strbuf_puts(&o, "null");
    strbuf_puts(&o, ",\"op\":");
    json_write_str(&o, r->path, strlen(r->path), false, true);
    for (size_t i = 0; args && args->kind == PV_DICT && i < sizeof FIELDS / sizeof FIELDS[0]; i++) {
        const pv *v = pv_dict_getc(args, FIELDS[i]);
        if (!v || v->kind != PV_STR)
            continue;
        size_t n = v->s.len;
        if (n > VALUE_MAX) { /* cut at a character's start */
            n = VALUE_MAX;
            while (n && ((unsigned char)v->s.p[n] & 0xC0) == 0x80)
                n--;
        }
        strbuf_printf(&o, ",\"%s\":", FIELDS[i]);
        json_write_str(&o, v->s.p, n, false, true);
    }
    strbuf_puts(&o, ",\"outcome\":");
    const char *out = error_type ? error_type : "ok";
    json_write_str(&o, out, strlen(out), false, true);
    strbuf_printf(&o, ",\"status\":%d", status);
    if (request_id) {
        strbuf_puts(&o, ",\"request_id\":");
        json_write_str(&o, request_id, strlen(request_id), false, true);
    }
    if (job_id) {
        strbuf_puts(&o, ",\"job_id\":");
        json_write_str(&o, job_id, strlen(job_id), false, true);
    }
    strbuf_puts(&o, "}\n");
    int fd = audit_fd >= 0 ? audit_fd : STDERR_FILENO;
    size_t off = 0;
    while (off < o.len) {
        ssize_t n = write(fd, o.data + off, o.len - off);
        if (n <= 0)
            break;
        off += (size_t)n;
    }
    strbuf_free(&o);
}
