/* /docs: a browsable, searchable API page with "try it" against this same
 * origin, built in the browser from /openapi.json.  With the vendored assets
 * (Swagger UI from npm, compiled in: server/docs_assets.c) it is Swagger UI
 * with a search over operations; without them, a small self-contained page
 * (server/docs_builtin.c).  No CDN either way. */
#ifndef PYSTD_DOCS_H
#define PYSTD_DOCS_H

#include <stddef.h>

#include "dispatch.h"
#include "static_doc.h"

/* At start-up: the page and the assets as static documents (their ETags). */
void docs_init(void);
/* The page served at GET /docs. */
static_doc *docs_page(void);
/* GET /docs/<asset> (dispatch_add_resource("/docs", ...)). */
void docs_resource(request *rq, response *rs);

/* server/docs_assets.c: the vendored files, or NULL when not compiled in;
 * docs_asset_at: the i-th file, NULL past the last. */
const char *docs_swagger_ui_version(void);
const char *docs_asset_at(size_t i, const char **name, size_t *size, const char **ctype);
/* server/docs_builtin.c */
const char *docs_builtin_html(size_t *len);

#endif
