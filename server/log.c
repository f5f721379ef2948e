/* Structured logs (log.h): the JSON line of a message or of an answered
 * request, written with one write(2). */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "base/config.h"
#include "json/json.h"

static const char *const NAMES[] = {"debug", "info", "warn", "error"};

int log_level_parse(const char *s)
{
    for (int i = 0; i < 4; i++)
        if (strcasecmp(s, NAMES[i]) == 0)
            return i;
    if (strcasecmp(s, "warning") == 0)
        return LOG_WARN;
    return -1;
}

/* Request paths and ids are raw bytes from the network: escape anything
 * that is not printable ASCII (bytes >= 0x80 read as Latin-1). */
static void put_safe(strbuf *o, const char *s)
{
    strbuf_putc(o, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\')
            strbuf_putc(o, (char)*p);
        else
            strbuf_printf(o, "\\u%04x", *p);
    }
    strbuf_putc(o, '"');
}

static void stamp(strbuf *o, int level)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    struct tm tm;
    gmtime_r(&tv.tv_sec, &tm);
    strbuf_printf(o, "{\"ts\":\"%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ\",\"level\":\"%s\"", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (long)(tv.tv_usec / 1000),
                  NAMES[level]);
}

static void emit(strbuf *o)
{
    strbuf_puts(o, "}\n");
    size_t off = 0;
    while (off < o->len) {
        ssize_t n = write(STDERR_FILENO, o->data + off, o->len - off);
        if (n <= 0)
            break;
        off += (size_t)n;
    }
    strbuf_free(o);
}

void log_msg(int level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    log_vmsg(level, fmt, ap);
    va_end(ap);
}

void log_vmsg(int level, const char *fmt, va_list ap)
{
    if (level < config.log_level)
        return;
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    strbuf o = STRBUF_INIT;
    stamp(&o, level);
    strbuf_puts(&o, ",\"msg\":");
    json_write_str(&o, msg, strlen(msg), false, true);
    emit(&o);
}

void log_request(const char *method, const char *path, int status, double seconds, const char *request_id,
                 const char *remote, const char *token, const trace_ctx *trace)
{
    if (LOG_INFO < config.log_level)
        return;
    strbuf o = STRBUF_INIT;
    stamp(&o, LOG_INFO);
    strbuf_puts(&o, ",\"method\":");
    put_safe(&o, method);
    strbuf_puts(&o, ",\"path\":");
    put_safe(&o, path);
    strbuf_printf(&o, ",\"status\":%d,\"duration_ms\":%.3f,\"request_id\":", status, seconds * 1e3);
    put_safe(&o, request_id);
    if (remote) {
        strbuf_puts(&o, ",\"remote\":");
        put_safe(&o, remote);
    }
    if (token) { /* the token's name, never its text */
        strbuf_puts(&o, ",\"token\":");
        put_safe(&o, token);
    }
    if (trace) /* validated: hex digits only */
        strbuf_printf(&o, ",\"trace_id\":\"%s\",\"span_id\":\"%s\",\"parent_id\":\"%s\"", trace->trace_id,
                      trace->span_id, trace->parent_id);
    emit(&o);
}
