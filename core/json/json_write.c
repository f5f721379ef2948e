/* The encoder writes what CPython's json.dumps writes (Lib/json/encoder.py
 * and Modules/_json.c), and, with JSON_ENVELOPE, the API's response form.
 * It is iterative (an explicit stack of open containers): no value can
 * exhaust the C stack. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/base64.h"
#include "base/budget.h"
#include "json/json.h"
#include "json/json_dense.h"
#include "json/json_simd.h"
#include "text/float_repr.h"
#include "text/utf8.h"

const json_write_opts JSON_ENVELOPE = {
    .ensure_ascii = false,
    .allow_nan = true,
    .nan_as_string = true,
    .escape_lone_surrogates = true,
    .bytes_base64 = true,
    .item_sep = ",",
    .item_sep_len = 1,
    .key_sep = ":",
    .key_sep_len = 1,
};

static const char PAIRS[] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
                            "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
                            "8081828384858687888990919293949596979899";

/* The decimal digits of x at p (room for 24 bytes: whole 8-byte copies);
 * the position past them.  Two digits a step, from the last. */
static inline char *put_u64(char *p, uint64_t x)
{
    char buf[40];
    char *q = buf + 20;
    memset(buf + 20, 0, 20); /* the copies below may take bytes past the digits */
    while (x >= 100) {
        unsigned r = (unsigned)(x % 100);
        x /= 100;
        q -= 2;
        memcpy(q, PAIRS + 2 * r, 2);
    }
    if (x >= 10) {
        q -= 2;
        memcpy(q, PAIRS + 2 * x, 2);
    } else {
        *--q = (char)('0' + x);
    }
    size_t n = (size_t)(buf + 20 - q);
    memcpy(p, q, 8);
    if (n > 8) {
        memcpy(p + 8, q + 8, 8);
        if (n > 16)
            memcpy(p + 16, q + 16, 4);
    }
    return p + n;
}

/* "\\uXXXX" of c < 0x10000 at p: one 8-byte store (room for 8 bytes). */
static inline char *put_u(char *p, uint32_t c)
{
    static const char HEX2[] = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
                               "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
                               "404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"
                               "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"
                               "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
                               "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
                               "c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf"
                               "e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";
    uint16_t hi, lo;
    memcpy(&hi, HEX2 + 2 * ((c >> 8) & 0xFF), 2);
    memcpy(&lo, HEX2 + 2 * (c & 0xFF), 2);
    uint64_t w = '\\' | (uint64_t)'u' << 8 | (uint64_t)hi << 16 | (uint64_t)lo << 32;
    memcpy(p, &w, 8);
    return p + 6;
}

/* Room for n more bytes (and the NUL): the write position. */
static inline char *room(strbuf *o, size_t n)
{
    if (o->cap - o->len < n + 1)
        strbuf_reserve(o, n);
    return o->data + o->len;
}

/* Make room for `need` more bytes at *p (the buffer may move). */
static char *grow(strbuf *o, char *p, size_t need, char **lim)
{
    o->len = (size_t)(p - o->data);
    strbuf_reserve(o, need + need / 4);
    *lim = o->data + o->cap - 1;
    return o->data + o->len;
}

/* Append n bytes (not NUL-terminated: json_write terminates at the end). */
static inline void emit(strbuf *o, const char *s, size_t n)
{
    char *p = room(o, n);
    memcpy(p, s, n);
    o->len += n;
}

static inline void emit1(strbuf *o, char c)
{
    char *p = room(o, 1);
    *p = c;
    o->len++;
}

/* The escape at s[*i] (or a run of them) written at p (room for 48 bytes
 * more than the rest of s): the position past it; *i moves past what it wrote. */
static char *escape_at(char *p, char **lim, const char *s, size_t n, size_t *ip, int mode)
{
    size_t i = *ip;
    unsigned char c = (unsigned char)s[i];
    if ((c == '"' || c == '\\') && i + 32 <= n && json_dense_ready()) {
        size_t k = json_dense_escape(s, i, n, mode, &p, *lim);
        if (k != i) {
            *ip = k;
            return p;
        }
    }
    if (c < 0x80) {
        i++;
        *p++ = '\\';
        switch (c) {
        case '"':
            *p++ = '"';
            break;
        case '\\':
            *p++ = '\\';
            break;
        case '\n':
            *p++ = 'n';
            break;
        case '\r':
            *p++ = 'r';
            break;
        case '\t':
            *p++ = 't';
            break;
        case '\b':
            *p++ = 'b';
            break;
        case '\f':
            *p++ = 'f';
            break;
        default:
            p = put_u(p - 1, c);
            break;
        }
    } else if (mode == JSON_SIMD_SURR && !(c == 0xED && i + 1 < n && (unsigned char)s[i + 1] >= 0xA0)) {
        *p++ = s[i++]; /* 0xED that does not start a surrogate */
    } else {
        /* with ensure_ascii, the run of non-ASCII characters (a word of a
         * non-Latin script) while the caller's room holds */
        do {
            uint32_t cp = utf8_next(s, &i);
            if (cp >= 0x10000) {
                cp -= 0x10000;
                p = put_u(p, 0xD800 | (cp >> 10));
                p = put_u(p, 0xDC00 | (cp & 0x3FF));
            } else {
                p = put_u(p, cp);
            }
        } while (mode == JSON_SIMD_ASCII && i < n && (unsigned char)s[i] >= 0x80 &&
                 *lim - p >= (ptrdiff_t)(n - i) + 48);
    }
    *ip = i;
    return p;
}

static inline int str_mode(bool ensure_ascii, bool escape_surrogates)
{
    return ensure_ascii ? JSON_SIMD_ASCII : escape_surrogates ? JSON_SIMD_SURR : JSON_SIMD_PLAIN;
}

/* The string literal of s written at p, a position in o's buffer below
 * *lim (its end, less the NUL's byte): the position past it (the buffer may
 * move). */
static inline __attribute__((always_inline)) char *str_at(strbuf *o, char *p, char **lim, const char *s,
                                                          size_t n, int mode)
{
    /* Invariant: at least (n - i) + 32 bytes of room at p; an escape adds at most 11. */
    if (*lim - p < (ptrdiff_t)n + 34)
        p = grow(o, p, n + 34, lim);
    *p++ = '"';
    size_t i = 0;
    for (;;) {
        /* the plain run, copied while scanned (16-byte stores: the invariant covers them) */
        i = json_simd_scan_copy(s, i, n, mode, NULL, &p);
        if (i >= n)
            break;
        if (*lim - p < (ptrdiff_t)(n - i) + 48)
            p = grow(o, p, (n - i) + 64, lim);
        p = escape_at(p, lim, s, n, &i, mode);
    }
    *p++ = '"';
    return p;
}

void json_write_str(strbuf *o, const char *s, size_t n, bool ensure_ascii, bool escape_surrogates)
{
    char *p = room(o, n + 34), *lim = o->data + o->cap - 1;
    p = str_at(o, p, &lim, s, n, str_mode(ensure_ascii, escape_surrogates));
    *p = '\0';
    o->len = (size_t)(p - o->data);
}

typedef struct wframe {
    const pv *v;
    size_t i, n;           /* next item, item count */
    const pv_entry *items; /* dict entries in writing order */
    pv_entry *sorted;      /* malloc'ed copy when sort_keys, else NULL */
} wframe;

/* Large documents repeat their keys (the same str values when the reader
 * memoized them): a key's text as last written, quotes and key separator
 * included, is copied whole the next time, by the key's address. */
#define KEY_SLOTS 256
#define KEY_TEXT 48
typedef struct key_text {
    const pv *key;
    size_t len; /* of text, <= KEY_TEXT */
    char text[KEY_TEXT];
} key_text;

typedef struct writer {
    strbuf *o;
    const json_write_opts *opt;
    arena *a;
    py_err *err;
    wframe *frames;
    size_t nframes, cap;
    size_t check_at; /* output length past which check_point runs (<= max_bytes) */
    key_text *keys;  /* KEY_SLOTS (malloc) once the output is large, else NULL */
} writer;

/* k's text, or NULL with *slot where to keep it: up to four slots from
 * k's hash are tried (a free one, or the first when all are taken). */
static inline key_text *key_find(const writer *w, const pv *k, key_text **slot)
{
    size_t h = (size_t)(((uintptr_t)k * 0x9E3779B97F4A7C15ULL) >> 56);
    *slot = &w->keys[h];
    for (size_t j = 0; j < 4; j++) {
        key_text *t = &w->keys[(h + j) & (KEY_SLOTS - 1)];
        if (t->key == k)
            return t;
        if (!t->key) {
            *slot = t;
            break;
        }
    }
    return NULL;
}

/* Every CHECK_EVERY bytes of output (one compare per item otherwise): the
 * size cap and the request's budget. */
#define CHECK_EVERY 4096

static int check_point(writer *w)
{
    const json_write_opts *o = w->opt;
    if (o->max_bytes && w->o->len > o->max_bytes)
        return py_limit(w->err, w->a, "JSON text of more than %zu bytes", o->max_bytes);
    if (budget_expired())
        return budget_error(w->err, w->a);
    size_t next = w->o->len + CHECK_EVERY;
    w->check_at = o->max_bytes && next > o->max_bytes ? o->max_bytes : next;
    if (!w->keys) {
        w->keys = calloc(KEY_SLOTS, sizeof *w->keys);
        if (!w->keys)
            abort();
    }
    return 0;
}

static int newline_indent(writer *w, size_t level)
{
    const json_write_opts *o = w->opt;
    if (o->indent_len && level > (o->max_bytes ? o->max_bytes : SIZE_MAX / 2) / o->indent_len)
        return py_limit(w->err, w->a, "JSON text of more than %zu bytes", o->max_bytes);
    if (o->max_bytes && w->o->len + 1 + level * o->indent_len > o->max_bytes) /* also when closing */
        return py_limit(w->err, w->a, "JSON text of more than %zu bytes", o->max_bytes);
    strbuf_reserve(w->o, 1 + level * o->indent_len);
    char *p = w->o->data + w->o->len;
    *p++ = '\n';
    for (size_t i = 0; i < level; i++, p += o->indent_len)
        memcpy(p, o->indent, o->indent_len);
    w->o->len = (size_t)(p - w->o->data);
    w->o->data[w->o->len] = '\0';
    return 0;
}

static int cmp_entries(const void *x, const void *y)
{
    const pv *a = ((const pv_entry *)x)->key, *b = ((const pv_entry *)y)->key;
    size_t n = a->s.len < b->s.len ? a->s.len : b->s.len;
    int c = memcmp(a->s.p, b->s.p, n); /* UTF-8 byte order is code-point order */
    if (c)
        return c;
    return (a->s.len > b->s.len) - (a->s.len < b->s.len);
}

static int write_float(writer *w, double f)
{
    if (!isfinite(f)) {
        const char *t = isnan(f) ? "NaN" : f > 0 ? "Infinity" : "-Infinity";
        if (!w->opt->allow_nan) {
            if (w->opt->indent) /* encoder.py's floatstr */
                return py_raise(w->err, w->a, "ValueError",
                                "Out of range float values are not JSON compliant: %s",
                                isnan(f) ? "nan"
                                : f > 0  ? "inf"
                                         : "-inf");
            return py_raise(w->err, w->a, "ValueError", "Out of range float values are not JSON compliant");
        }
        if (w->opt->nan_as_string)
            emit1(w->o, '"');
        emit(w->o, t, strlen(t));
        if (w->opt->nan_as_string)
            emit1(w->o, '"');
        return 0;
    }
    strbuf_reserve(w->o, FLOAT_REPR_MAX);
    w->o->len += float_repr(f, w->o->data + w->o->len);
    return 0;
}

static void write_int(writer *w, const pv *v)
{
    if (v->i.big) {
        pv_int_write(w->o, v);
        return;
    }
    uint64_t x = v->i.v < 0 ? (uint64_t)0 - (uint64_t)v->i.v : (uint64_t)v->i.v;
    char *start = room(w->o, 24), *p = start;
    if (v->i.v < 0)
        *p++ = '-';
    w->o->len += (size_t)(put_u64(p, x) - start);
}

/* A scalar or an empty container; 1 when v is a container to open. */
static int write_leaf(writer *w, const pv *v)
{
    switch ((pv_kind)v->kind) {
    case PV_NONE:
        emit(w->o, "null", 4);
        return 0;
    case PV_BOOL:
        if (v->b)
            emit(w->o, "true", 4);
        else
            emit(w->o, "false", 5);
        return 0;
    case PV_INT:
        if (v->i.big && w->opt->max_int_digits && mpz_sizeinbase(v->i.big, 10) > w->opt->max_int_digits + 1)
            return py_limit(w->err, w->a, "integer result of more than %zu digits", w->opt->max_int_digits);
        write_int(w, v);
        return 0;
    case PV_FLOAT:
        return write_float(w, v->f);
    case PV_STR:
        json_write_str(w->o, v->s.p, v->s.len, w->opt->ensure_ascii, w->opt->escape_lone_surrogates);
        return 0;
    case PV_BYTES:
        if (!w->opt->bytes_base64)
            return py_raise(w->err, w->a, "TypeError", "Object of type bytes is not JSON serializable");
        strbuf_putc(w->o, '"');
        base64_encode(w->o, v->s.p, v->s.len);
        strbuf_putc(w->o, '"');
        return 0;
    case PV_LIST:
        if (v->l.len == 0) {
            emit(w->o, "[]", 2);
            return 0;
        }
        return 1;
    case PV_DICT:
        if (v->d.len == 0) {
            emit(w->o, "{}", 2);
            return 0;
        }
        return 1;
    }
    return py_raise(w->err, w->a, "TypeError", "no JSON form for %s", pv_type_name(v));
}

/* A frame for container v (no output). */
static int push_frame(writer *w, const pv *v)
{
    const json_write_opts *o = w->opt;
    if (o->max_depth && w->nframes >= (size_t)o->max_depth)
        return py_limit(w->err, w->a, "maximum recursion depth exceeded while encoding a JSON object");
    if (w->nframes == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 32;
        wframe *f = realloc(w->frames, cap * sizeof *f);
        if (!f)
            abort();
        w->frames = f;
        w->cap = cap;
    }
    wframe *f = &w->frames[w->nframes++];
    f->v = v;
    f->i = 0;
    f->sorted = NULL;
    if (v->kind == PV_LIST) {
        f->n = v->l.len;
        f->items = NULL;
    } else {
        f->n = v->d.len;
        f->items = v->d.items;
        if (o->sort_keys && f->n > 1) {
            f->sorted = malloc(f->n * sizeof *f->sorted);
            if (!f->sorted)
                abort();
            memcpy(f->sorted, v->d.items, f->n * sizeof *f->sorted);
            qsort(f->sorted, f->n, sizeof *f->sorted, cmp_entries);
            f->items = f->sorted;
        }
    }
    return 0;
}

static int open_container(writer *w, const pv *v)
{
    if (push_frame(w, v) < 0)
        return -1;
    emit1(w->o, v->kind == PV_LIST ? '[' : '{');
    if (w->opt->indent)
        return newline_indent(w, w->nframes);
    return 0;
}

/* A separator written at the cursor p (below *lim): from sep8, its copy
 * padded to 8 bytes, when it has one (an 8-byte copy, not a call). */
static inline char *sep_at(strbuf *o, char *p, char **lim, const char *sep8, const char *sep, size_t len)
{
    if (*lim - p < (ptrdiff_t)len + 8)
        p = grow(o, p, len + 8, lim);
    if (sep8)
        memcpy(p, sep8, 8);
    else
        memcpy(p, sep, len);
    return p + len;
}

/* The common leaves written at the cursor *pp (below *lim): 0, 1 for a
 * container to open, or -2 for the others (write_leaf's). */
static inline __attribute__((always_inline)) int leaf_at(writer *w, const pv *v, char **pp, char **lim,
                                                         int mode)
{
    char *p = *pp;
    switch ((pv_kind)v->kind) {
    case PV_NONE:
        if (*lim - p < 8)
            p = grow(w->o, p, 8, lim);
        memcpy(p, "null", 5); /* the NUL too: overwritten next */
        p += 4;
        break;
    case PV_BOOL:
        if (*lim - p < 8)
            p = grow(w->o, p, 8, lim);
        if (v->b) {
            memcpy(p, "true", 5);
            p += 4;
        } else {
            memcpy(p, "false", 6);
            p += 5;
        }
        break;
    case PV_INT: {
        if (v->i.big)
            return -2;
        if (*lim - p < 24)
            p = grow(w->o, p, 24, lim);
        uint64_t x = v->i.v < 0 ? (uint64_t)0 - (uint64_t)v->i.v : (uint64_t)v->i.v;
        if (v->i.v < 0)
            *p++ = '-';
        p = put_u64(p, x);
        break;
    }
    case PV_FLOAT:
        if (!isfinite(v->f))
            return -2;
        if (*lim - p < FLOAT_REPR_MAX + 1)
            p = grow(w->o, p, FLOAT_REPR_MAX + 1, lim);
        p += float_repr(v->f, p);
        break;
    case PV_STR:
        p = str_at(w->o, p, lim, v->s.p, v->s.len, mode);
        break;
    case PV_LIST:
    case PV_DICT:
        if (v->kind == PV_LIST ? v->l.len != 0 : v->d.len != 0)
            return 1;
        if (*lim - p < 8)
            p = grow(w->o, p, 8, lim);
        memcpy(p, v->kind == PV_LIST ? "[]" : "{}", 3);
        p += 2;
        break;
    default:
        return -2;
    }
    *pp = p;
    return 0;
}

static int run(writer *w, const pv *root)
{
    int rc = write_leaf(w, root); /* a scalar (most results) needs nothing below */
    if (rc <= 0)
        return rc;
    const json_write_opts *o = w->opt;
    const char *isep = o->item_sep ? o->item_sep : o->indent ? "," : ", ";
    size_t isep_len = o->item_sep ? o->item_sep_len : o->indent ? 1 : 2;
    const char *ksep = o->key_sep ? o->key_sep : ": ";
    size_t ksep_len = o->key_sep ? o->key_sep_len : 2;
    /* separators of up to 8 bytes (every usual one) go out as 8-byte copies */
    char isep8[8] = {0}, ksep8[8] = {0};
    bool short_seps = isep_len <= 8 && ksep_len <= 8;
    if (short_seps) {
        memcpy(isep8, isep, isep_len);
        memcpy(ksep8, ksep, ksep_len);
    }
    const int mode = str_mode(o->ensure_ascii, o->escape_lone_surrogates);
    if (open_container(w, root) < 0)
        return -1;
    /* The output as a cursor (p, below lim: the NUL's byte past it), kept in
     * registers; ob->len is brought up to date (W_SAVE) before anything
     * else writes to ob, and the cursor taken again after (W_LOAD). */
    strbuf *ob = w->o;
    char *p, *lim;
#define W_SAVE() (ob->len = (size_t)(p - ob->data))
#define W_LOAD() (p = ob->data + ob->len, lim = ob->data + ob->cap - 1)
#define W_NEED(n)                                                                                            \
    do {                                                                                                     \
        if (lim - p < (ptrdiff_t)(n))                                                                        \
            p = grow(ob, p, (n), &lim);                                                                      \
    } while (0)
    room(ob, 64);
    W_LOAD();
    while (w->nframes) {
        wframe *f = &w->frames[w->nframes - 1];
        if (f->i == f->n) {
            bool list = f->v->kind == PV_LIST;
            free(f->sorted);
            w->nframes--;
            if (o->indent) {
                W_SAVE();
                if (newline_indent(w, w->nframes) < 0)
                    return -1;
                W_LOAD();
            }
            W_NEED(1);
            *p++ = list ? ']' : '}';
            continue;
        }
        if (f->i) {
            p = sep_at(ob, p, &lim, short_seps ? isep8 : NULL, isep, isep_len);
            if (o->indent) {
                W_SAVE();
                if (newline_indent(w, w->nframes) < 0)
                    return -1;
                W_LOAD();
            }
        }
        const pv *v;
        if (f->items) {
            const pv *k = f->items[f->i].key;
            key_text *slot = NULL, *kt = w->keys ? key_find(w, k, &slot) : NULL;
            if (kt) {
                W_NEED(KEY_TEXT);
                memcpy(p, kt->text, KEY_TEXT);
                p += kt->len;
            } else {
                size_t at = (size_t)(p - ob->data);
                p = str_at(ob, p, &lim, k->s.p, k->s.len, mode);
                p = sep_at(ob, p, &lim, short_seps ? ksep8 : NULL, ksep, ksep_len);
                size_t len = (size_t)(p - ob->data) - at;
                if (slot && len <= KEY_TEXT) {
                    slot->key = k;
                    slot->len = len;
                    memcpy(slot->text, ob->data + at, len);
                }
            }
            v = f->items[f->i].val;
        } else {
            v = f->v->l.items[f->i];
        }
        f->i++;
        if ((size_t)(p - ob->data) > w->check_at) {
            W_SAVE();
            if (check_point(w) < 0)
                return -1;
        }
        if (v->kind == PV_STR && !f->items && !o->indent) {
            /* a list's str items, one after the other: strings and separators only */
            pv *const *it = f->v->l.items;
            for (;;) {
                p = str_at(ob, p, &lim, v->s.p, v->s.len, mode);
                if (f->i == f->n || (size_t)(p - ob->data) > w->check_at || it[f->i]->kind != PV_STR)
                    break;
                v = it[f->i++];
                p = sep_at(ob, p, &lim, short_seps ? isep8 : NULL, isep, isep_len);
            }
            continue;
        }
        rc = leaf_at(w, v, &p, &lim, mode);
        if (rc == -2) {
            W_SAVE();
            rc = write_leaf(w, v);
            if (rc < 0)
                return -1;
            W_LOAD();
        }
        if (rc > 0) {
            if (push_frame(w, v) < 0) {
                W_SAVE();
                return -1;
            }
            W_NEED(1);
            *p++ = v->kind == PV_LIST ? '[' : '{';
            if (o->indent) {
                W_SAVE();
                if (newline_indent(w, w->nframes) < 0)
                    return -1;
                W_LOAD();
            }
        }
    }
    W_SAVE();
#undef W_SAVE
#undef W_LOAD
#undef W_NEED
    return 0;
}

int json_write(strbuf *out, const pv *v, const json_write_opts *o, arena *a, py_err *err)
{
    writer w = {.o = out, .opt = o, .a = a, .err = err};
    w.check_at =
        o->max_bytes && o->max_bytes < out->len + CHECK_EVERY ? o->max_bytes : out->len + CHECK_EVERY;
    int rc = run(&w, v);
    *room(out, 0) = '\0';
    if (w.frames) { /* a container was opened */
        for (size_t i = 0; i < w.nframes; i++)
            free(w.frames[i].sorted);
        free(w.frames);
    }
    if (w.keys)
        free(w.keys);
    if (rc == 0 && o->max_bytes && out->len > o->max_bytes)
        rc = py_limit(err, a, "JSON text of more than %zu bytes", o->max_bytes);
    return rc;
}

size_t json_size_estimate(const pv *v, size_t stop)
{
    switch ((pv_kind)v->kind) {
    case PV_NONE:
        return 4;
    case PV_BOOL:
        return 5;
    case PV_INT:
        return v->i.big ? mpz_sizeinbase(v->i.big, 10) + 1 : 20;
    case PV_FLOAT:
        return 24;
    case PV_STR: { /* the envelope's escapes: \" \\ \n..., \u00XX, a lone surrogate as \udXXX */
        size_t w = v->s.len + 2;
        for (size_t i = 0; i < v->s.len; i++) {
            unsigned char ch = (unsigned char)v->s.p[i];
            if (ch == '"' || ch == '\\' || ch == '\n' || ch == '\r' || ch == '\t' || ch == '\b' || ch == '\f')
                w += 1;
            else if (ch < 0x20)
                w += 5;
            else if (ch == 0xED && i + 1 < v->s.len && (unsigned char)v->s.p[i + 1] >= 0xA0)
                w += 3;
        }
        return w;
    }
    case PV_BYTES:
        return v->s.len; /* the value's own size (what max_result_bytes caps), not its base64 */
    case PV_LIST: {
        size_t w = 2;
        for (size_t i = 0; i < v->l.len && w <= stop; i++)
            w += json_size_estimate(v->l.items[i], stop) + 1;
        return w;
    }
    case PV_DICT: {
        size_t w = 2;
        for (size_t i = 0; i < v->d.len && w <= stop; i++)
            w +=
                json_size_estimate(v->d.items[i].key, stop) + json_size_estimate(v->d.items[i].val, stop) + 2;
        return w;
    }
    }
    return 24; /* a complex (ops.h): refused when written */
}

pv *json_str_result(arena *a, strbuf *out, bool ascii)
{
    size_t n;
    char *p = strbuf_detach(out, &n); /* the buffer becomes the str's: no copy */
    arena_defer(a, free, p);
    return pv_str_take_n(a, p, n, ascii ? n : json_simd_count_cp(p, n));
}
