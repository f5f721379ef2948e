/* Shared state of the running service (server/service.c). */
#ifndef PYSTD_SERVICE_H
#define PYSTD_SERVICE_H

#include <stdbool.h>

bool service_draining(void);     /* SIGTERM received: /readyz says 503 */
void service_set_draining(void);

/* Called once, in registration order, when draining starts (the job system
 * stops accepting work and ends its event streams).  `grace_end` is the
 * monotonic time by which everything must have finished. */
typedef void (*shutdown_fn)(double grace_end);
void service_on_shutdown(shutdown_fn fn);
void service_run_shutdown(double grace_end);

#endif
