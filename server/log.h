/* Structured logs: one JSON object per line on stderr.  A message is written
 * with a single write(2); the access lines (log_request) go through a buffer
 * per thread written out by a flusher every 100 ms (log_buf.c): lines never
 * interleave, a thread's lines keep their order. */
#ifndef PYSTD_LOG_H
#define PYSTD_LOG_H

#include <stdarg.h>
#include <stddef.h>

#include "trace.h"

enum { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

int log_level_parse(const char *s); /* -1 when unknown */
void log_msg(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void log_vmsg(int level, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* token: the name of the request's token (never its text), or NULL;
 * trace: the request's W3C trace context (its ids are logged), or NULL */
void log_request(const char *method, const char *path, int status, double seconds, const char *request_id,
                 const char *remote, const char *token, const trace_ctx *trace);

/* log_buf.c: the calling thread's buffer takes the line (written at once
 * before log_buf_start and after log_buf_stop) */
void log_buf_put(const char *line, size_t n);
int log_buf_start(void);  /* the flusher thread; -1 when it cannot start */
void log_buf_stop(void);  /* stops it and writes out every buffer */
void log_buf_flush(void); /* writes out every buffer now */

#endif
