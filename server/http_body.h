/* A request body as it arrives (server/http_body.c): on the heap while
 * small, in a memory mapping of its own once large, so that the megabytes
 * of large bodies go back to the system soon after the exchange ends
 * instead of staying in the heap of the HTTP thread that read them (glibc
 * keeps a thread's freed memory: see memory.c): a few such mappings wait
 * for the next large bodies, at most 200 ms unused. */
#ifndef PYSTD_HTTP_BODY_H
#define PYSTD_HTTP_BODY_H

#include <stdbool.h>
#include <stddef.h>

#include "base/strbuf.h"

typedef struct http_body {
    strbuf small; /* the body while it is small */
    char *map;    /* the mapping once large (then `small` is empty), or NULL */
    size_t len, cap; /* of the mapping */
    size_t touched;  /* of the mapping: bytes ever written (a spare's earlier bodies included) */
} http_body;

/* Append n bytes (expect: the announced length, or 0, to size a mapping
 * once); *grown: the bytes the body grew by in memory.  0, or -1 when the
 * system gives no more memory (the body is unchanged). */
int http_body_append(http_body *b, const char *p, size_t n, size_t expect, size_t *grown);
const char *http_body_data(const http_body *b); /* NUL-terminated; NULL when empty */
size_t http_body_len(const http_body *b);
void http_body_free(http_body *b); /* a mapping may be kept as a spare */
/* Unmap the spare mappings unused since the last call (all: every one):
 * the memory trimmer calls it every 100 ms. */
void http_body_spare_trim(bool all);

#endif
