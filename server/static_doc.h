/* Static documents (server/static_doc.c): /openapi.json, /v1, /docs and its
 * assets are bytes fixed for the life of the process.  Each is served with a
 * strong ETag (a hash of its bytes, computed once, on its first request) and a
 * Cache-Control, and answered 304 Not Modified when the request's
 * If-None-Match names it (RFC 9110, 13.1.2; RFC 9111).  Those worth it are
 * compressed once too, and sent so to clients that take gzip. */
#ifndef PYSTD_STATIC_DOC_H
#define PYSTD_STATIC_DOC_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "dispatch.h"

#define STATIC_DOC_REVALIDATE "no-cache" /* kept, but asked again (a 304) before each use */

typedef struct static_doc {
    const char *data; /* not owned: lives as long as the process */
    size_t len;
    const char *ctype;         /* NULL: application/json */
    const char *cache_control; /* static */
    char etag[40];             /* "\"<32 hex digits>\"" */
    char *gz;                  /* its gzip (owned, kept for the life of the process), or NULL */
    size_t gz_len;
    char etag_gz[44];  /* the gzip's own strong ETag: "\"<32 hex digits>-gz\"" */
    atomic_bool ready; /* etag, gz and etag_gz are made (on first use) */
} static_doc;

/* Fill d.  Its ETag (the first 128 bits of the SHA-512 of the bytes) and,
 * when it is worth it (http_codec.h), its gzip are made once, by the first
 * static_doc_answer. */
void static_doc_init(static_doc *d, const char *data, size_t len, const char *ctype,
                     const char *cache_control);
/* 200 with the document (its gzip when the client takes it), or 304 when
 * If-None-Match names either form; both with ETag and Cache-Control. */
void static_doc_answer(static_doc *d, request *rq, response *rs);
/* Does an If-None-Match field value name etag (or say "*")?  The weak
 * comparison, as RFC 9110, 13.1.2 asks of If-None-Match. */
bool static_doc_none_match(const char *if_none_match, const char *etag);

#endif
