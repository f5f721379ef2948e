/* The text codecs quote()/unquote()/urlencode() need: str.encode(encoding,
 * errors) and bytes.decode(encoding, errors) with CPython's codec names,
 * aliases, error handlers and exception messages.  utf-8, ascii, latin-1,
 * utf-16/32 (-le/-be) and a set of single-byte charmaps are exact; the CJK
 * codecs go through iconv (ASCII maps to itself, as in CPython). */
#ifndef PYSTD_URLPARSE_CODEC_H
#define PYSTD_URLPARSE_CODEC_H

#include <stddef.h>
#include <stdint.h>

#include "pyerr.h"
#include "strbuf.h"
#include "urlparse_str.h"

typedef struct urlcodec_charmap {
    const char *name;    /* Python module name (cp1252, koi8_r, ...) */
    const uint16_t *map; /* byte -> code point, 0xFFFF undefined */
} urlcodec_charmap;
extern const urlcodec_charmap urlcodec_charmaps[]; /* generated: urlparse_tables.c */

typedef enum urlcodec_kind {
    UCK_UTF8,
    UCK_ASCII,
    UCK_LATIN1,
    UCK_UTF16, /* BOM + little endian on encode; BOM-sniffing on decode */
    UCK_UTF16LE,
    UCK_UTF16BE,
    UCK_UTF32,
    UCK_UTF32LE,
    UCK_UTF32BE,
    UCK_CHARMAP,
    UCK_ICONV,
} urlcodec_kind;

typedef struct urlcodec {
    urlcodec_kind kind;
    const char *name;    /* as exceptions name it: 'utf-8', 'charmap', 'shift_jis', ... */
    const uint16_t *map; /* UCK_CHARMAP */
    const char *iconv;   /* UCK_ICONV: iconv's name */
} urlcodec;

/* codecs.lookup(name) for a text codec; LookupError otherwise. */
int urlcodec_lookup(arena *a, ustr name, urlcodec *out, py_err *err);
/* str.encode: appends bytes to out. */
int urlcodec_encode(arena *a, const urlcodec *c, ustr s, ustr errors, strbuf *out, py_err *err);
/* bytes.decode: appends stored-str UTF-8 to out. */
int urlcodec_decode(arena *a, const urlcodec *c, const unsigned char *b, size_t n, ustr errors, strbuf *out,
                    py_err *err);

/* the urlsplit NFKC table (generated) */
extern const uint32_t urlparse_nfkc_bad[];
extern const size_t urlparse_nfkc_bad_n;

#endif
