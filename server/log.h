/* Structured logs: one JSON object per line on stderr, written with a single
 * write(2) so that lines from different threads never interleave. */
#ifndef PYSTD_LOG_H
#define PYSTD_LOG_H

#include <stdarg.h>

#include "trace.h"

enum { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

int log_level_parse(const char *s); /* -1 when unknown */
void log_msg(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void log_vmsg(int level, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* token: the name of the request's token (never its text), or NULL;
 * trace: the request's W3C trace context (its ids are logged), or NULL */
void log_request(const char *method, const char *path, int status, double seconds, const char *request_id,
                 const char *remote, const char *token, const trace_ctx *trace);

#endif
