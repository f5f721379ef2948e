/* Shared state of the running service (server/service.c). */
#ifndef PYSTD_SERVICE_H
#define PYSTD_SERVICE_H

#include <stdbool.h>

bool service_draining(void);     /* SIGTERM received: /readyz says 503 */
void service_set_draining(void);

/* Readiness beyond draining: /readyz is 503 while a check says no (the jobs
 * backend unreachable); `why` then names the reason.  Checks must not block. */
typedef bool (*ready_fn)(const char **why);
void service_on_ready_check(ready_fn fn);
bool service_ready(const char **why);

/* Called once, in registration order, when draining starts (the job system
 * stops accepting work and ends its event streams).  `grace_end` is the
 * monotonic time by which everything must have finished. */
typedef void (*shutdown_fn)(double grace_end);
void service_on_shutdown(shutdown_fn fn);
void service_run_shutdown(double grace_end);

#endif
