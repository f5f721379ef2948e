/* The OpenAPI 3.1 document, generated from the operation registry (and the
 * resource endpoints that add their own paths).  openapi/openapi.json in the
 * repository is this text; a test keeps the two in sync. */
#ifndef PYSTD_OPENAPI_H
#define PYSTD_OPENAPI_H

#include "base/strbuf.h"
#include "py/py_value.h"

/* Paths contributed by resource endpoints (jobs): called with the "paths"
 * dict and the "components/schemas" dict while the document is built. */
typedef void (*openapi_paths_fn)(arena *a, pv *paths, pv *schemas);
void openapi_add_paths(openapi_paths_fn fn);

/* The document as pretty JSON (cached after the first call; the caller
 * must not free it). */
const char *openapi_json(size_t *len);
/* The /v1 index {"modules": {"random": ["choice", ...], ...}}. */
const char *openapi_index_json(size_t *len);

#endif
