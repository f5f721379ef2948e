/* The text codecs quote()/unquote()/urlencode() and urlopen need:
 * str.encode(encoding, errors) and bytes.decode(encoding, errors), as
 * core/codecs/codecs.h implements them (CPython's names, aliases, error handlers,
 * exceptions), with a fast path for UTF-8. */
#ifndef PYSTD_URL_CODEC_H
#define PYSTD_URL_CODEC_H

#include <stddef.h>
#include <stdint.h>

#include "base/strbuf.h"
#include "py/py_err.h"
#include "url/url_str.h"

typedef enum url_codec_kind {
    URL_CODEC_UTF8,  /* utf-8 under any of its spellings */
    URL_CODEC_OTHER, /* anything else core/codecs knows (or refuses at encode/decode time) */
} url_codec_kind;

typedef struct url_codec {
    url_codec_kind kind;
    const char *name; /* the encoding as the caller spelled it */
    size_t name_len;
} url_codec;

#define URL_CODEC(lit) {URL_CODEC_OTHER, (lit), sizeof(lit) - 1}

/* codecs.lookup(name): LookupError for an unknown encoding. */
int url_codec_lookup(arena *a, url_str name, url_codec *out, py_err *err);
/* str.encode: appends bytes to out. */
int url_codec_encode(arena *a, const url_codec *c, url_str s, url_str errors, strbuf *out, py_err *err);
/* bytes.decode: appends stored-str UTF-8 to out. */
int url_codec_decode(arena *a, const url_codec *c, const unsigned char *b, size_t n, url_str errors,
                     strbuf *out, py_err *err);

/* the urlsplit NFKC table (generated: tools/gen_urlparse_tables.py) */
extern const uint32_t url_parse_nfkc_bad[];
extern const size_t url_parse_nfkc_bad_n;

#endif
