/* HTTP/1.1 request heads and chunked bodies, parsed from bytes in memory
 * (server/http_parse.c): no I/O, no allocation.  RFC 9112, strictly where
 * leniency lets a proxy in front read a request otherwise than we do: CRLF
 * line ends only, no obsolete line folding, no whitespace before a colon,
 * one Content-Length or chunked, never both. */
#ifndef PYSTD_HTTP_PARSE_H
#define PYSTD_HTTP_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    HP_INCOMPLETE = 0, /* no complete head in the bytes yet */
    HP_OK = 1,         /* a head: see http_req */
    HP_BAD = -400,     /* malformed: answer 400 and close */
    HP_VERSION = -505, /* an HTTP version other than 1.x */
    HP_CODING = -501,  /* a Transfer-Encoding other than chunked (answered 400) */
} http_parse_rc;

/* A parsed head.  Its strings point into the buffer http_parse_head was
 * given, which it rewrote: the request line's parts and each field's name
 * and value end with a NUL there. */
typedef struct http_req {
    const char *method, *target;
    int minor;          /* HTTP/1.<minor> (0 or 1: a higher one counts as 1) */
    const char *fields; /* `nfields` of "name\0value\0", one after the other */
    unsigned nfields;
    bool chunked;         /* Transfer-Encoding: chunked */
    bool has_length;      /* a Content-Length */
    bool length_conflict; /* Content-Length twice with different values, or with chunked */
    bool close;           /* Connection: close (or HTTP/1.0 without keep-alive) */
    bool expect_continue; /* Expect: 100-continue (HTTP/1.1) */
    unsigned hosts;       /* Host fields */
    uint64_t length;      /* the Content-Length */
} http_req;

/* Looks for a whole head at the start of buf[0..n): leading empty lines are
 * skipped (RFC 9112, 2.2).  HP_OK: *head_len is the bytes of the head,
 * its terminating empty line included, and r describes it.  HP_INCOMPLETE:
 * nothing was changed but *scan, where the next call resumes its search
 * for the head's end (0 for a new head: the bytes before it are not
 * looked at again, so a head trickled a byte at a time costs linear time).
 * A bare LF is HP_BAD as soon as it arrives. */
http_parse_rc http_parse_head(char *buf, size_t n, size_t *scan, size_t *head_len, http_req *r);

/* The first field named `name` (without case), or NULL. */
const char *http_req_field(const http_req *r, const char *name);

/* Each field, in order, until each returns false. */
typedef bool (*http_field_fn)(void *cls, const char *name, size_t name_len, const char *value,
                              size_t value_len);
void http_req_fields(const http_req *r, http_field_fn each, void *cls);

/* ------------------------------------------------------------ chunked bodies */

typedef struct http_chunked {
    int state;
    uint64_t left;   /* of the current chunk's data */
    unsigned digits; /* of its size */
    size_t line;     /* bytes of the current size line or trailer line */
    size_t trailer;  /* bytes of the trailer section */
} http_chunked;

/* Decodes buf[0..n) in place: the data bytes move to buf's front
 * (*out_len of them).  Returns the bytes consumed (less than n once the
 * body ended: the next request's), or -1 on a malformed body.  `done` is
 * set once the last chunk and the trailer section have been read. */
long http_chunked_decode(http_chunked *c, char *buf, size_t n, size_t *out_len, bool *done);

#endif
