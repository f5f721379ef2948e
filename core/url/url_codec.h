/* The text codecs quote()/unquote()/urlencode() and urlopen need:
 * str.encode(encoding, errors) and bytes.decode(encoding, errors), as
 * core/codecs/codecs.h implements them (CPython's names, aliases, error handlers,
 * exceptions), with a fast path for UTF-8. */
#ifndef PYSTD_URL_CODEC_H
#define PYSTD_URL_CODEC_H

#include <stddef.h>
#include <stdint.h>

#include "py/py_err.h"
#include "base/strbuf.h"
#include "url/url_str.h"

typedef enum urlcodec_kind {
    UCK_UTF8,  /* utf-8 under any of its spellings */
    UCK_OTHER, /* anything else core/codecs knows (or refuses at encode/decode time) */
} urlcodec_kind;

typedef struct urlcodec {
    urlcodec_kind kind;
    const char *name; /* the encoding as the caller spelled it */
    size_t name_len;
} urlcodec;

#define URLCODEC(lit) {UCK_OTHER, (lit), sizeof(lit) - 1}

/* codecs.lookup(name): LookupError for an unknown encoding. */
int urlcodec_lookup(arena *a, ustr name, urlcodec *out, py_err *err);
/* str.encode: appends bytes to out. */
int urlcodec_encode(arena *a, const urlcodec *c, ustr s, ustr errors, strbuf *out, py_err *err);
/* bytes.decode: appends stored-str UTF-8 to out. */
int urlcodec_decode(arena *a, const urlcodec *c, const unsigned char *b, size_t n, ustr errors, strbuf *out,
                    py_err *err);

/* the urlsplit NFKC table (generated: tools/gen_urlparse_tables.py) */
extern const uint32_t urlparse_nfkc_bad[];
extern const size_t urlparse_nfkc_bad_n;

#endif
