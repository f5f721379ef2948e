/* W3C Trace Context (server/trace.c): a request's incoming traceparent and
 * tracestate, validated as the Recommendation says (a malformed traceparent
 * is ignored with its tracestate; a malformed tracestate alone is dropped),
 * the span id of pystd's own work for the request (logged with the trace
 * id, a child span of the caller's), and the traceparent it passes on to
 * outbound requests (urlopen). */
#ifndef PYSTD_TRACE_H
#define PYSTD_TRACE_H

#include <stdbool.h>
#include <stddef.h>

#define TRACE_STATE_MAX 512 /* characters of a tracestate kept; a longer one is dropped */

typedef struct trace_ctx {
    bool valid;         /* a valid traceparent came in */
    char trace_id[33];  /* 32 lower-case hex digits */
    char parent_id[17]; /* the caller's span */
    char span_id[17];   /* ours: the request's span */
    char flags[3];      /* trace-flags, hex */
    const char *state;  /* the tracestate (the request's own header value), or NULL: none, or dropped */
} trace_ctx;

/* Fill t from the header values (either may be NULL; t->state keeps
 * pointing into tracestate: it must live as long as t). */
void trace_parse(trace_ctx *t, const char *traceparent, const char *tracestate);
/* Exposed for the unit tests. */
bool trace_parent_valid(const char *v);
bool trace_state_valid(const char *v);

/* The traceparent of an outbound request made for the request:
 * "00-<trace id>-<span id>-<flags>", the request's own span (a child of the
 * caller's) as its parent, so that the callee's log joins this one's.  Into
 * out[56]. */
void trace_child(const trace_ctx *t, char out[56]);

/* The trace of the request whose op runs on this thread (set by dispatch
 * around the op; NULL outside one, and in jobs). */
void trace_set_current(const trace_ctx *t);
const trace_ctx *trace_current(void);

#endif
