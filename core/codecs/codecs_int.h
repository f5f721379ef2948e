/* Internals shared by core/codecs/codecs*.c: the generated tables
 * (core/codecs/codecs_tables.c), one call's state, and the error-handler machinery
 * (Python/codecs.c's handlers, unicodeobject.c's exceptions). */
#ifndef PYSTD_CODECS_INT_H
#define PYSTD_CODECS_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/strbuf.h"
#include "codecs/codecs.h"
#include "text/utf8.h"

/* ---------------------------------------------------------------- tables */

typedef enum codecs_impl {
    CODECS_UTF8,
    CODECS_UTF8_SIG,
    CODECS_UTF16,
    CODECS_UTF16LE,
    CODECS_UTF16BE,
    CODECS_UTF32,
    CODECS_UTF32LE,
    CODECS_UTF32BE,
    CODECS_ASCII,
    CODECS_LATIN1,
    CODECS_CHARMAP_NONE, /* the 'charmap' codec: no mapping, so latin-1 */
    CODECS_UNDEFINED,    /* raises UnicodeError("undefined encoding") */
    CODECS_UNICODE_ESCAPE,
    CODECS_RAW_UNICODE_ESCAPE,
    CODECS_CHARMAP, /* an 8-bit table (index into the charmaps) */
    CODECS_CJK,     /* a multibyte codec (index into codecs_cjk_tables) */
    CODECS_ISO2022, /* an ISO-2022 codec (index into codecs_iso2022_configs) */
    CODECS_HZ,
    CODECS_UTF7,
    CODECS_PUNYCODE,
    CODECS_IDNA,
    CODECS_NONTEXT,     /* rot13, hex, base64, zlib...: not for str.encode */
    CODECS_UNSUPPORTED, /* a text codec pystd does not implement */
} codecs_impl;

typedef struct codecs_alias {
    const char *alias, *module;
} codecs_alias;

typedef struct codecs_module {
    const char *module; /* encodings.<module> */
    const char *name;   /* CodecInfo.name */
    codecs_impl impl;
    int index;
} codecs_module;

typedef struct codecs_charmap_exc {
    int charmap;
    uint32_t cp;
    int byte; /* -1: unencodable */
} codecs_charmap_exc;

typedef struct codecs_cjk_table {
    const char *name;   /* the codec's name in its exceptions */
    int base;           /* table stored as differences from this one, or -1 */
    int transform;      /* the base seen through another layout: 1 shift_jis at EUC rows/cells,
                           2 euc_jis_2004 at Shift_JIS-2004 codes */
    int triple;         /* 1: 0x8F starts a three-byte sequence (EUC JIS X 0212 / 0213 plane 2) */
    const char *stream; /* base64 (format: tools/gen_codec_tables.py) */
    const char *lists;  /* base64: the encoding exceptions, wide decodings and combining pairs */
} codecs_cjk_table;

typedef struct codecs_iso2022_charset {
    const char *name;
    int width;         /* bytes of a character: 1 or 2 */
    int base;          /* the CJK table whose EUC bytes (code | 0x8080) it shares, or -1 */
    int triple;        /* 1: the base's 0x8F table */
    int from;          /* or the set (an index) it starts from, or -1 */
    const char *items; /* base64 rows {code, value}: the differences from the base or set (or every
                          code); value 0 nothing, cp1 << 16 | cp2 a pair */
} codecs_iso2022_charset;

typedef struct codecs_iso2022_codec {
    const char *name;
    int flags; /* 1 NO_SHIFT, 2 USE_G2, 4 USE_JISX0208_EXT */
    size_t ndesig;
    struct {
        int charset; /* index into codecs_iso2022_charsets; -1 none (G2 ISO 8859), -2 pairs only */
        int mark;    /* its final byte, | 0x80 for a two-byte set */
        int plane;   /* G0, G1 or G2 */
    } desig[8];
    const char *exc; /* base64 rows {cp, designation << 16 | code, or 0xffffffff}, sorted */
    int pairs;       /* the CJK table whose combining pairs (EUC bytes & 0x7f7f) it has, or -1 */
} codecs_iso2022_codec;

typedef struct codecs_pua_name {
    uint32_t cp;
    const char *name;
} codecs_pua_name;

extern const codecs_alias codecs_aliases[];
extern const size_t codecs_naliases;
extern const codecs_module codecs_modules[];
extern const size_t codecs_nmodules;
extern const char codecs_charmap_b64[];
extern const size_t codecs_ncharmaps;
extern const codecs_charmap_exc codecs_charmap_excs[];
extern const size_t codecs_ncharmap_excs;
extern const codecs_cjk_table codecs_cjk_tables[];
extern const size_t codecs_ncjk;
extern const uint32_t codecs_gb18030_ranges[][2];
extern const size_t codecs_gb18030_nranges;
extern const short codecs_euckr_cho[256], codecs_euckr_jung[256], codecs_euckr_jong[256];
extern const codecs_iso2022_charset codecs_iso2022_charsets[];
extern const codecs_iso2022_codec codecs_iso2022_codecs[];
extern const codecs_pua_name codecs_pua_names[];
extern const size_t codecs_npua_names;

/* ---------------------------------------------------------------- one call */

typedef enum codecs_eh {
    CODECS_EH_STRICT,
    CODECS_EH_IGNORE,
    CODECS_EH_REPLACE,
    CODECS_EH_BACKSLASHREPLACE,
    CODECS_EH_XMLCHARREFREPLACE,
    CODECS_EH_NAMEREPLACE,
    CODECS_EH_SURROGATEESCAPE,
    CODECS_EH_SURROGATEPASS,
    CODECS_EH_UNKNOWN, /* looked up (and refused) only when an error occurs */
} codecs_eh;

typedef struct codecs_call {
    arena *a;
    py_err *err;
    const char *errors;   /* the handler's name as given ("" when it cannot be a C string) */
    const pv *errors_obj; /* the same as the str given (Python-level codecs compare it whole) */
    bool unwrappable;     /* the error has more than one argument: the registry re-raises it as is */
    codecs_eh eh;
    size_t max_bytes;  /* output cap, 0: none */
    const uint32_t *u; /* encode: the str's code points */
    size_t ulen;
    const char *src; /* encode: the same str as stored-str UTF-8 */
    size_t srclen;
    const unsigned char *b; /* decode: the bytes */
    size_t blen;
    strbuf out; /* encode: the bytes; decode: stored-str UTF-8 */
    size_t ncp; /* decode: code points in out */
    /* incremental use (codecs_stream.c); a one-shot call has final = true */
    bool final;             /* decode: no more input follows; CJK encode: MBENC_FLUSH */
    size_t consumed;        /* decode with final == false: the bytes used (the rest waits) */
    size_t inpos;           /* CJK encode: the characters used (the rest is pending) */
    unsigned char *mbstate; /* the state bytes of a stateful CJK codec (iso2022, hz), or NULL */
} codecs_call;

/* The answer of an encode error handler: `rep` is ASCII text (a str answer)
 * or raw bytes (surrogateescape, surrogatepass); go on at newpos. */
typedef struct codecs_enc_rep {
    bool bytes;
    strbuf rep;
    size_t newpos;
} codecs_enc_rep;

/* Raise UnicodeEncodeError / UnicodeDecodeError (always -1). */
int codecs_raise_encode(codecs_call *c, const char *enc, const char *reason, size_t start, size_t end);
int codecs_raise_decode(codecs_call *c, const char *enc, const char *reason, size_t start, size_t end);

/* Run the error handler for an unencodable range [start, end) of c->u.
 * 0 with *r filled (the caller frees r->rep), or -1 with the exception. */
int codecs_enc_handler(codecs_call *c, const char *enc, const char *reason, size_t start, size_t end,
                       codecs_enc_rep *r);

/* Run the error handler for undecodable bytes [start, end) of c->b: the
 * replacement is appended to c->out; *newpos is where decoding goes on. */
int codecs_dec_handler(codecs_call *c, const char *enc, const char *reason, size_t start, size_t end,
                       size_t *newpos);

/* Decode output: one code point. */
static inline void codecs_put(codecs_call *c, uint32_t cp)
{
    strbuf_reserve(&c->out, 4);
    c->out.len += (size_t)utf8_put(cp, c->out.data + c->out.len);
    c->out.data[c->out.len] = '\0';
    c->ncp++;
}

/* The output grew past the cap: 422 ResourceLimitError (-1). */
int codecs_check_size(codecs_call *c);

/* ---------------------------------------------------------------- codecs */

int codecs_utf8_encode(codecs_call *c);
int codecs_utf8_decode(codecs_call *c, size_t skip);     /* skip: a BOM already seen (utf-8-sig) */
int codecs_utf16_encode(codecs_call *c, int byteorder);  /* -1 le, 1 be, 0 BOM + native */
int codecs_utf16_decode(codecs_call *c, int *byteorder); /* in: as encode; out: a BOM's order */
int codecs_utf32_encode(codecs_call *c, int byteorder);
int codecs_utf32_decode(codecs_call *c, int *byteorder);
int codecs_ucs1_encode(codecs_call *c, uint32_t limit); /* ascii (128), latin-1 (256) */
int codecs_ascii_decode(codecs_call *c);
int codecs_latin1_decode(codecs_call *c);
int codecs_charmap_encode(codecs_call *c, int index);
int codecs_charmap_decode(codecs_call *c, int index);
int codecs_cjk_encode(codecs_call *c, int index);
int codecs_uescape_encode(codecs_call *c, bool raw); /* unicode_escape, raw_unicode_escape */
int codecs_uescape_decode(codecs_call *c, bool raw);
int codecs_cjk_decode(codecs_call *c, int index);

int codecs_utf7_encode(codecs_call *c);
int codecs_utf7_decode(codecs_call *c); /* honours c->final (a cut shift sequence waits) */
int codecs_punycode_encode(codecs_call *c);
int codecs_punycode_decode(codecs_call *c);
int codecs_idna_encode(codecs_call *c);
int codecs_idna_decode(codecs_call *c);
/* idna's IncrementalEncoder / IncrementalDecoder: c->final false keeps the
 * last label (c->inpos characters, c->consumed bytes are used) */
int codecs_idna_encode_inc(codecs_call *c);
/* encodings.idna.nameprep of label[0..n): the prepared label (in the arena), or -1 with its UnicodeError */
int codecs_nameprep(codecs_call *c, const uint32_t *label, size_t n, uint32_t **out, size_t *nout);
int codecs_idna_decode_inc(codecs_call *c);

/* The multibyte codecs (CJK, ISO-2022, HZ) as multibytecodec.c drives them:
 * the state's initial value (encoder or decoder); a decoding of c->b with
 * c->mbstate, which stops at a cut sequence unless c->final (c->consumed);
 * an encoding of c->u from c->inpos (c->final: MBENC_FLUSH; reset: also
 * MBENC_RESET, the return to the initial shift state) -- the characters
 * left in c->u[c->inpos..] are pending; the codec's name in exceptions. */
void codecs_mb_init(int impl, int index, unsigned char state[8], bool encoder);
int codecs_mb_decode(codecs_call *c, int impl, int index);
int codecs_mb_encode(codecs_call *c, int impl, int index, bool reset);
int codecs_mb_encode_all(codecs_call *c, int impl, int index); /* MultibyteCodec.encode */
const char *codecs_mb_name(int impl, int index);

/* ---------------------------------------------------------------- plumbing */

/* One codec by its implementation (the fast-path and registry codecs alike). */
int codecs_run_encode(codecs_call *c, int impl, int index);
int codecs_run_decode(codecs_call *c, int impl, int index);
/* codecs.lookup for the incremental API: the codec (a text codec pystd
 * implements) and the call template's errors. */
int codecs_stream_open(arena *a, const pv *encoding, const pv *errors, codecs_call *tmpl,
                       const codecs_module **m, py_err *err);
/* The checks of an "s" / "str" argument converter: no lone surrogate, no NUL. */
int codecs_check_errors(arena *a, const pv *errors, py_err *err);
/* The codec registry's wrapping of a plain exception raised inside a codec:
 * "<op> with '<encoding>' codec failed (<type>: <message>)" (_PyErr_TrySetFromCause). */
void codecs_wrap(codecs_call *c, const char *op, const char *encoding);
/* PyUnicode_FromFormat's "%.400s" */
char *codecs_trunc400(arena *a, const char *s);
/* punycode's IncrementalDecoder.decode(obj): bytes, str or anything (its errors) */
int codecs_punycode_decode_obj(codecs_call *tmpl, const pv *obj, pv *list, size_t *total);

/* ---------------------------------------------------------------- table helpers */

/* A LEB128 varint of the generated streams at s[*i]; *i moves past it. */
static inline size_t codecs_varint(const unsigned char *s, size_t *i)
{
    size_t v = 0;
    for (int shift = 0;; shift += 7) {
        unsigned char b = s[(*i)++];
        v |= (size_t)(b & 0x7F) << shift;
        if (!(b & 0x80))
            return v;
    }
}

/* The first of n rows of `stride` words, sorted by their first two words, that is not
 * below (key, key2): a binary search's lower bound. */
static inline size_t codecs_lower_bound(const uint32_t *rows, size_t n, size_t stride, uint32_t key,
                                        uint32_t key2)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const uint32_t *r = rows + mid * stride;
        if (r[0] < key || (r[0] == key && stride > 1 && r[1] < key2))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* A combining pair {cp1, cp2, code} of a sorted table: (cp1, cp2), or any pair of cp1 when
 * `any` (is cp1 a character that may combine with the next one?); NULL when none. */
static inline const uint32_t *codecs_find_pair(const uint32_t *pairs, size_t n, uint32_t cp1, uint32_t cp2,
                                               bool any)
{
    size_t k = n ? codecs_lower_bound(pairs, n, 3, cp1, any ? 0 : cp2) : 0;
    const uint32_t *p = k < n ? pairs + 3 * k : NULL;
    return p && p[0] == cp1 && (any || p[1] == cp2) ? p : NULL;
}

/* A list of rows in a stream (tools/gen_codec_tables.py's rows_stream: the count, then each
 * row of `stride` varints, the first as the difference from the row before) at s[*i], *i
 * moved past it; or the one list of a base64 stream.  Malloc'ed (owned by the caller), *n rows. */
uint32_t *codecs_rows_at(const unsigned char *s, size_t *i, size_t stride, size_t *n);
uint32_t *codecs_read_rows(const char *b64, size_t stride, size_t *n);

/* Raise `type` with the message prefix + s[0..n) (s may hold NULs). */
int codecs_raise_concat(codecs_call *c, const char *type, const char *prefix, const char *s, size_t n);

#endif
