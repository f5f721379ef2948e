/* POST /v1/batch: several module operations in one request, answered in
 * order (server/batch.c). */
#ifndef PYSTD_BATCH_H
#define PYSTD_BATCH_H

/* After registry_init and dispatch_init: registers the resource and its
 * OpenAPI path.  -1 when out of memory. */
int batch_init(void);
void batch_fini(void);

#endif
