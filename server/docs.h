/* /docs: a browsable, searchable API page with "try it" forms, built in the
 * browser from /openapi.json by a small self-contained script (no CDN). */
#ifndef PYSTD_DOCS_H
#define PYSTD_DOCS_H

#include <stddef.h>

const char *docs_html(size_t *len);

#endif
