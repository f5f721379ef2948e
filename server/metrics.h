/* Prometheus metrics of the HTTP layer: requests by route, method and
 * status, a latency histogram, requests in flight.  Counters are atomics
 * indexed by a dense label id, so recording a request takes no lock. */
#ifndef PYSTD_METRICS_H
#define PYSTD_METRICS_H

#include <stddef.h>

#include "base/strbuf.h"

#define METRICS_MAX_LABELS 512

/* Register a route label (at start-up, before serving); returns its id.
 * Registering the same text twice returns the same id. */
unsigned metrics_label(const char *label);
unsigned metrics_unmatched(void);

void metrics_request_start(void);
void metrics_request_done(unsigned label, const char *method, int status, double seconds);

/* Extra providers (jobs, regex cache) append their own families. */
typedef void (*metrics_provider)(strbuf *out);
void metrics_add_provider(metrics_provider fn);

void metrics_render(strbuf *out);

#endif
