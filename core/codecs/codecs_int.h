/* Internals shared by core/codecs/codecs*.c: the generated tables
 * (core/codecs/codecs_tables.c), one call's state, and the error-handler machinery
 * (Python/codecs.c's handlers, unicodeobject.c's exceptions). */
#ifndef PYSTD_CODECS_INT_H
#define PYSTD_CODECS_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "codecs/codecs.h"
#include "base/strbuf.h"
#include "text/utf8.h"

/* ---------------------------------------------------------------- tables */

typedef enum codec_impl {
    CODEC_UTF8,
    CODEC_UTF8_SIG,
    CODEC_UTF16,
    CODEC_UTF16LE,
    CODEC_UTF16BE,
    CODEC_UTF32,
    CODEC_UTF32LE,
    CODEC_UTF32BE,
    CODEC_ASCII,
    CODEC_LATIN1,
    CODEC_CHARMAP_NONE, /* the 'charmap' codec: no mapping, so latin-1 */
    CODEC_UNDEFINED,    /* raises UnicodeError("undefined encoding") */
    CODEC_UNICODE_ESCAPE,
    CODEC_RAW_UNICODE_ESCAPE,
    CODEC_CHARMAP,     /* an 8-bit table (index into the charmaps) */
    CODEC_CJK,         /* a multibyte codec (index into codec_cjk_tables) */
    CODEC_NONTEXT,     /* rot13, hex, base64, zlib...: not for str.encode */
    CODEC_UNSUPPORTED, /* a text codec pystd does not implement */
} codec_impl;

typedef struct codec_alias {
    const char *alias, *module;
} codec_alias;

typedef struct codec_module {
    const char *module; /* encodings.<module> */
    const char *name;   /* CodecInfo.name */
    codec_impl impl;
    int index;
} codec_module;

typedef struct codec_charmap_exc {
    int charmap;
    uint32_t cp;
    int byte; /* -1: unencodable */
} codec_charmap_exc;

typedef struct codec_cjk_table {
    const char *name;   /* the codec's name in its exceptions */
    int base;           /* table stored as differences from this one, or -1 */
    int transform;      /* 1: the base is shift_jis, seen through EUC rows/cells */
    const char *stream; /* base64 (format: tools/gen_codec_tables.py) */
    size_t nexc;
    const uint32_t *exc; /* pairs {cp, (length << 24) | bytes or 0xffffffff} */
} codec_cjk_table;

typedef struct codec_pua_name {
    uint32_t cp;
    const char *name;
} codec_pua_name;

extern const codec_alias codec_aliases[];
extern const size_t codec_naliases;
extern const codec_module codec_modules[];
extern const size_t codec_nmodules;
extern const char codec_charmap_b64[];
extern const size_t codec_ncharmaps;
extern const codec_charmap_exc codec_charmap_excs[];
extern const size_t codec_ncharmap_excs;
extern const codec_cjk_table codec_cjk_tables[];
extern const size_t codec_ncjk;
extern const uint32_t codec_gb18030_ranges[][2];
extern const size_t codec_gb18030_nranges;
extern const short codec_euckr_cho[256], codec_euckr_jung[256], codec_euckr_jong[256];
extern const codec_pua_name codec_pua_names[];
extern const size_t codec_npua_names;

/* ---------------------------------------------------------------- one call */

typedef enum codec_eh {
    EH_STRICT,
    EH_IGNORE,
    EH_REPLACE,
    EH_BACKSLASHREPLACE,
    EH_XMLCHARREFREPLACE,
    EH_NAMEREPLACE,
    EH_SURROGATEESCAPE,
    EH_SURROGATEPASS,
    EH_UNKNOWN, /* looked up (and refused) only when an error occurs */
} codec_eh;

typedef struct codec_call {
    arena *a;
    py_err *err;
    const char *errors; /* the handler's name as given */
    codec_eh eh;
    size_t max_bytes;  /* output cap, 0: none */
    const uint32_t *u; /* encode: the str's code points */
    size_t ulen;
    const char *src; /* encode: the same str as stored-str UTF-8 */
    size_t srclen;
    const unsigned char *b; /* decode: the bytes */
    size_t blen;
    strbuf out; /* encode: the bytes; decode: stored-str UTF-8 */
    size_t ncp; /* decode: code points in out */
} codec_call;

/* The answer of an encode error handler: `rep` is ASCII text (a str answer)
 * or raw bytes (surrogateescape, surrogatepass); go on at newpos. */
typedef struct enc_rep {
    bool bytes;
    strbuf rep;
    size_t newpos;
} enc_rep;

/* Raise UnicodeEncodeError / UnicodeDecodeError (always -1). */
int codec_raise_encode(codec_call *c, const char *enc, const char *reason, size_t start, size_t end);
int codec_raise_decode(codec_call *c, const char *enc, const char *reason, size_t start, size_t end);

/* Run the error handler for an unencodable range [start, end) of c->u.
 * 0 with *r filled (the caller frees r->rep), or -1 with the exception. */
int codec_enc_handler(codec_call *c, const char *enc, const char *reason, size_t start, size_t end,
                      enc_rep *r);

/* Run the error handler for undecodable bytes [start, end) of c->b: the
 * replacement is appended to c->out; *newpos is where decoding goes on. */
int codec_dec_handler(codec_call *c, const char *enc, const char *reason, size_t start, size_t end,
                      size_t *newpos);

/* Decode output: one code point. */
static inline void codec_put(codec_call *c, uint32_t cp)
{
    strbuf_reserve(&c->out, 4);
    c->out.len += (size_t)utf8_put(cp, c->out.data + c->out.len);
    c->out.data[c->out.len] = '\0';
    c->ncp++;
}

/* The output grew past the cap: 422 ResourceLimitError (-1). */
int codec_check_size(codec_call *c);

/* ---------------------------------------------------------------- codecs */

int codec_utf8_encode(codec_call *c);
int codec_utf8_decode(codec_call *c, size_t skip);    /* skip: a BOM already seen (utf-8-sig) */
int codec_utf16_encode(codec_call *c, int byteorder); /* -1 le, 1 be, 0 BOM + native */
int codec_utf16_decode(codec_call *c, int byteorder);
int codec_utf32_encode(codec_call *c, int byteorder);
int codec_utf32_decode(codec_call *c, int byteorder);
int codec_ucs1_encode(codec_call *c, uint32_t limit); /* ascii (128), latin-1 (256) */
int codec_ascii_decode(codec_call *c);
int codec_latin1_decode(codec_call *c);
int codec_charmap_encode(codec_call *c, int index);
int codec_charmap_decode(codec_call *c, int index);
int codec_cjk_encode(codec_call *c, int index);
int codec_uescape_encode(codec_call *c, bool raw); /* unicode_escape, raw_unicode_escape */
int codec_uescape_decode(codec_call *c, bool raw);
int codec_cjk_decode(codec_call *c, int index);

/* base64 text -> bytes (the generated tables); malloc'ed, *n its length */
unsigned char *codec_b64_decode(const char *s, size_t *n);

#endif
