/* The decoder makes the checks of CPython 3.11's Modules/_json.c scanner in
 * the same order, so that every error names the same message and position.
 * It is iterative (an explicit stack of open containers), so no document can
 * exhaust the C stack whatever the configured depth.  Positions are byte
 * offsets while scanning, turned into code-point offsets only for an error. */
#include <stdlib.h>
#include <string.h>

#include "json/json.h"
#include "json/json_dense.h"
#include "json/json_simd.h"
#include "text/float_repr.h"
#include "text/utf8.h"

typedef struct frame {
    size_t base; /* first stack slot of this container's items */
    bool obj;    /* object: the stack holds key, value, key, value... */
} frame;

typedef struct reader {
    arena *a;
    const char *s;
    size_t len;
    const json_read_opts *o;
    py_err *err;
    pv **stack; /* finished values of the open containers (stack0, then malloc) */
    size_t nstack, capstack;
    frame *frames; /* open containers (frames0, then malloc) */
    size_t nframes, capframes;
    strbuf scratch;        /* unescaped string text */
    struct key_memo *memo; /* large documents: the keys met (malloc), else NULL */
    char *slab, *slab_end; /* the arena's memory the next values are carved from */
    /* json_parse's arrays for a small document's stacks: no malloc (it
     * parses every request body) */
    pv **stack0;
    frame *frames0;
} reader;

/* Values are carved from slabs of the arena: a pointer bump per value, not
 * a call (or two) each; what is larger than a quarter slab comes from the
 * arena itself (so that its large blocks stay its own). */
#define SLAB 4096

static __attribute__((noinline)) void *slab_refill(reader *r, size_t n)
{
    if (n > SLAB / 4)
        return arena_alloc(r->a, n);
    r->slab = arena_alloc(r->a, SLAB);
    r->slab_end = r->slab + SLAB;
    void *p = r->slab;
    r->slab += n;
    return p;
}

/* n bytes, 16-aligned, of the request's arena */
static inline void *slab_alloc(reader *r, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    if ((size_t)(r->slab_end - r->slab) < n)
        return slab_refill(r, n);
    void *p = r->slab;
    r->slab += n;
    return p;
}

static inline pv *new_pv(reader *r, pv_kind k)
{
    pv *v = slab_alloc(r, sizeof *v);
    memset(v, 0, sizeof *v);
    v->kind = (uint8_t)k;
    return v;
}

/* pv_str_take_n's value in the slab */
static inline pv *new_str(reader *r, char *p, size_t n, size_t ncp)
{
    pv *v = new_pv(r, PV_STR);
    pv_str_set(v, p, n, ncp);
    return v;
}

#ifdef __SSE2__
/* Object keys repeat (every record of an API response has the same ones):
 * as CPython's scanner memoizes them, a key shorter than 16 bytes seen
 * before is the same str value, saving its memory and copy.  A slot per
 * hash of its bytes (zero-padded to a block), the last key wins. */
#define MEMO_SLOTS 512
#define MEMO_MIN_DOC 4096 /* documents shorter than this go without */
struct key_memo {
    __m128i text[MEMO_SLOTS];
    pv *key[MEMO_SLOTS];
    /* the keys of records come in the same order: the slot of the key that
     * followed each one last time, and the slot of the last key met */
    uint16_t next[MEMO_SLOTS];
    unsigned last;
};

static unsigned memo_slot(__m128i x, size_t n)
{
    uint64_t lo = (uint64_t)_mm_cvtsi128_si64(x), hi = (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(x, x));
    uint64_t h = (lo * 0x9E3779B97F4A7C15ULL) ^ (hi * 0xC2B2AE3D27D4EB4FULL) ^ n;
    return (unsigned)(h >> 55) & (MEMO_SLOTS - 1);
}

/* The key of the n < 16 bytes at s (16 readable): a memoized value, or a
 * new one remembered. */
static pv *memo_key(reader *r, const char *s, size_t n, size_t ncp)
{
    static const char idx[16] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)s);
    x = _mm_and_si128(
        x, _mm_cmplt_epi8(_mm_loadu_si128((const __m128i *)(const void *)idx), _mm_set1_epi8((char)n)));
    unsigned h0 = memo_slot(x, n), h = h0;
    /* equal blocks are equal keys: a key here has no NUL byte (a control
     * character, refused), so its length is where its block's zeros start;
     * up to four slots are tried (a free one is taken, else the first) */
    struct key_memo *m = r->memo;
    for (unsigned j = 0; j < 4; j++) {
        unsigned t = (h0 + j) & (MEMO_SLOTS - 1);
        pv *k = m->key[t];
        if (!k) {
            h = t;
            break;
        }
        if (_mm_movemask_epi8(_mm_cmpeq_epi8(x, m->text[t])) == 0xFFFF) {
            m->next[m->last] = (uint16_t)t;
            m->last = t;
            return k;
        }
    }
    pv *k;
    char *p = slab_alloc(r, 16);
    _mm_storeu_si128((__m128i *)(void *)p, x);
    k = new_str(r, p, n, ncp);
    m->key[h] = k;
    m->text[h] = x;
    m->next[m->last] = (uint16_t)h;
    m->last = h;
    return k;
}

/* The key at s (16 bytes readable) when it is the one that followed the
 * last key last time: its bytes, then the closing quote (so no escape, no
 * control character: what the scan would have stopped at).  NULL when not. */
static inline pv *memo_guess(reader *r, const char *s)
{
    struct key_memo *m = r->memo;
    unsigned t = m->next[m->last];
    pv *k = m->key[t];
    if (!k)
        return NULL;
    size_t n = k->s.len; /* < 16 */
    unsigned want = (1u << n) - 1;
    unsigned eq = (unsigned)_mm_movemask_epi8(
        _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)s), m->text[t]));
    if ((eq & want) != want || s[n] != '"')
        return NULL;
    m->last = t;
    return k;
}
#endif

static inline bool is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
static inline bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static inline size_t skip_ws(const reader *r, size_t i)
{
    const char *s = r->s;
    const size_t len = r->len;
    /* none, or the one space of json.dumps' ", " and ": ": no loop */
    if (i < len && (unsigned char)s[i] > ' ')
        return i;
    if (i + 1 < len && s[i] == ' ' && (unsigned char)s[i + 1] > ' ')
        return i + 1;
    while (i < len && is_ws(s[i]))
        i++;
    return i;
}

/* Grow *p (cap items of `size` bytes) to hold `need`; `inline0` is the
 * reader's own first array, copied to the heap when outgrown. */
static void xgrow(void **p, size_t *cap, size_t need, size_t size, const void *inline0)
{
    size_t c = *cap ? *cap : 64;
    while (c < need)
        c *= 2;
    void *q = realloc(*p == inline0 ? NULL : *p, c * size);
    if (!q)
        abort();
    if (*p == inline0)
        memcpy(q, inline0, *cap * size);
    *p = q;
    *cap = c;
}

static inline void push(reader *r, pv *v)
{
    if (r->nstack == r->capstack)
        xgrow((void **)&r->stack, &r->capstack, r->nstack + 1, sizeof(pv *), r->stack0);
    r->stack[r->nstack++] = v;
}

/* raise JSONDecodeError(msg, doc, pos) -- pos given in bytes */
static int fail(reader *r, const char *msg, size_t bpos)
{
    size_t pos = utf8_count(r->s, bpos);
    size_t line = 1, lastnl = 0;
    bool seen = false;
    for (size_t i = 0; i < bpos; i++)
        if (r->s[i] == '\n')
            line++, lastnl = i, seen = true;
    /* colno = pos - doc.rindex('\n', 0, pos), or pos + 1 on the first line */
    size_t col = seen ? pos - utf8_count(r->s, lastnl) : pos + 1;
    if (r->o->errmode == JSON_ERR_BODY)
        return py_bad_request(r->err, r->a, "body is not valid JSON: %s: line %zu column %zu (char %zu)", msg,
                              line, col, pos);
    py_raise(r->err, r->a, "json.decoder.JSONDecodeError", "%s: line %zu column %zu (char %zu)", msg, line,
             col, pos);
    py_err_extra(r->err, r->a, "msg", pv_cstr(r->a, msg));
    py_err_extra(r->err, r->a, "pos", pv_int(r->a, (int64_t)pos));
    py_err_extra(r->err, r->a, "lineno", pv_int(r->a, (int64_t)line));
    py_err_extra(r->err, r->a, "colno", pv_int(r->a, (int64_t)col));
    return -1;
}

/* At least k code points start at byte i. */
static bool has_chars(const reader *r, size_t i, size_t k)
{
    if (i <= r->len && r->len - i >= 4 * k) /* a code point is at most 4 bytes */
        return true;
    for (; k > 0; k--) {
        if (i >= r->len)
            return false;
        utf8_next(r->s, &i);
    }
    return true;
}

/* Hex digit value + 1, 0 elsewhere: \uXXXX escapes are most of an
 * ensure_ascii document's non-ASCII text. */
static const unsigned char HEXVAL1[256] = {
    ['0'] = 1,  ['1'] = 2,  ['2'] = 3,  ['3'] = 4,  ['4'] = 5,  ['5'] = 6,  ['6'] = 7,  ['7'] = 8,
    ['8'] = 9,  ['9'] = 10, ['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
    ['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
};

static long hex4(const reader *r, size_t i)
{
    const unsigned char *p = (const unsigned char *)r->s + i;
    int a = HEXVAL1[p[0]] - 1, b = HEXVAL1[p[1]] - 1, c = HEXVAL1[p[2]] - 1, d = HEXVAL1[p[3]] - 1;
    if ((a | b | c | d) < 0)
        return -1;
    return ((long)a << 12) | (b << 8) | (c << 4) | d;
}

#define BIG_STR ((size_t)64 << 10) /* an unescaped string this long is not copied */

static int scan_escaped(reader *r, size_t end, size_t next, size_t cont, pv **out, size_t *next_out);

/* scanstring: `end` is just past the opening quote; the common string
 * without escapes here, inlined in the parser. */
static inline __attribute__((always_inline)) int scan_string(reader *r, size_t end, bool key, pv **out,
                                                             size_t *next_out)
{
    const size_t begin = end - 1;
    const char *s = r->s;
    const size_t len = r->len;
#ifdef __SSE2__
    if (key && r->memo && (end + 16 <= len || json_simd_page_safe(s + end))) {
        pv *k = memo_guess(r, s + end);
        if (k) {
            *out = k;
            *next_out = end + k->s.len + 1;
            return 0;
        }
    }
#endif
    size_t cont = 0; /* UTF-8 continuation bytes of the value: ncp = bytes - cont */
    size_t next = json_simd_scan(s, end, len, JSON_SIMD_PLAIN, &cont);
    if (next >= len)
        return fail(r, "Unterminated string starting at", begin);
    if (s[next] == '"') { /* no escape: the common case */
        size_t n = next - end;
        char *p;
#ifdef __SSE2__
        if (n < 16 && (end + 16 <= len || json_simd_page_safe(s + end))) {
            if (key && r->memo) {
                *out = memo_key(r, s + end, n, n - cont);
                *next_out = next + 1;
                return 0;
            }
            p = slab_alloc(r, 16); /* one block copy, NUL and all */
            _mm_storeu_si128((__m128i *)(void *)p, _mm_loadu_si128((const __m128i *)(const void *)(s + end)));
        } else
#endif
        {
            p = slab_alloc(r, n + 1);
            memcpy(p, s + end, n);
        }
        *out = new_str(r, p, n, n - cont);
        *next_out = next + 1;
        return 0;
    }
    return scan_escaped(r, end, next, cont, out, next_out);
}

/* The rest of scanstring from the first stop of the string starting at
 * `end` that is not its closing quote (s[next]), cont continuation bytes
 * passed over. */
__attribute__((noinline)) static int scan_escaped(reader *r, size_t end, size_t next, size_t cont, pv **out,
                                                  size_t *next_out)
{
    const size_t begin = end - 1;
    const char *s = r->s;
    const size_t len = r->len;
    if (s[next] != '\\')
        return fail(r, "Invalid control character at", next);
    /* Escapes: CPython's loop, unescaping into the scratch buffer, which
     * holds any string of the rest of the document (unescaping only shrinks). */
    strbuf *b = &r->scratch;
    b->len = 0;
    strbuf_reserve(b, (len - end) + 32);
    char *o = b->data;
    const bool dense = json_dense_ready();
    memcpy(o, s + end, next - end);
    o += next - end;
    for (;;) {
        /* s[next] is '"' or '\\'; o is the output position */
        unsigned char c = (unsigned char)s[next];
        next++;
        if (c == '"') {
            end = next;
            break;
        }
        if (next == len)
            return fail(r, "Unterminated string starting at", begin);
        c = (unsigned char)s[next];
        if (c != 'u') {
            end = next + 1;
            switch (c) {
            case '"':
                break;
            case '\\':
                break;
            case '/':
                break;
            case 'b':
                c = '\b';
                break;
            case 'f':
                c = '\f';
                break;
            case 'n':
                c = '\n';
                break;
            case 'r':
                c = '\r';
                break;
            case 't':
                c = '\t';
                break;
            default:
                return fail(r, "Invalid \\escape", end - 2);
            }
            *o++ = (char)c;
            if (dense) /* more of them may follow: a JSON document in a string */
                end = json_dense_unescape(s, end, len, &cont, &o);
        } else {
            next++;
            /* end = next + 4; if (end >= len) error at next - 1 */
            if (!has_chars(r, next, 5))
                return fail(r, "Invalid \\uXXXX escape", next - 1);
            long v = hex4(r, next);
            if (v < 0)
                return fail(r, "Invalid \\uXXXX escape", next - 1);
            uint32_t cp = (uint32_t)v;
            end = next + 4;
            /* A high surrogate joins a following \uDC00..\uDFFF: needs
             * end + 6 < len, i.e. 7 more code points. */
            if (cp >= 0xD800 && cp <= 0xDBFF && has_chars(r, end, 7) && s[end] == '\\' && s[end + 1] == 'u') {
                long v2 = hex4(r, end + 2);
                if (v2 < 0) /* Python reports end - 5 after end += 6: the second 'u'. */
                    return fail(r, "Invalid \\uXXXX escape", end + 1);
                if (v2 >= 0xDC00 && v2 <= 0xDFFF) {
                    cp = 0x10000 + (((cp - 0xD800) << 10) | ((uint32_t)v2 - 0xDC00));
                    end += 6;
                }
            }
            int k = utf8_put(cp, o);
            o += k;
            cont += (size_t)k - 1;
        }
        /* the next run of plain text, copied while scanned (room: output never outgrows input, + 32) */
        next = json_simd_scan_copy(s, end, len, JSON_SIMD_PLAIN, &cont, &o);
        if (next >= len)
            return fail(r, "Unterminated string starting at", begin);
        if ((unsigned char)s[next] < 0x20)
            return fail(r, "Invalid control character at", next);
    }
    size_t n = (size_t)(o - b->data);
    char *p;
    if (n >= BIG_STR && n >= b->cap / 2) {
        /* a big string (a document inside the body) keeps the buffer it was
         * unescaped into: no copy; the scratch buffer starts afresh */
        b->len = n;
        p = strbuf_detach(b, NULL);
        arena_defer(r->a, free, p);
    } else {
        p = slab_alloc(r, n + 1);
        memcpy(p, b->data, n);
    }
    *out = new_str(r, p, n, n - cont);
    *next_out = end;
    return 0;
}

static const double POW10[16] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

/* "-123.456" (int_end at the '.', end past the digits): the double, exactly
 * rounded when its digits make an integer below 2^53 and its fraction has
 * at most 15 digits (Clinger's fast path: both exact, one correctly rounded
 * division), else as float_repr_parse reads it. */
static double simple_float(const char *s, size_t start, size_t int_end, size_t end)
{
    size_t frac = end - int_end - 1;
    bool neg = s[start] == '-';
    if (end - start - neg > 16 || frac > 15)
        return float_repr_parse(s + start, end - start);
    uint64_t w = 0;
    for (size_t k = start + neg; k < end; k++)
        if (k != int_end)
            w = w * 10 + (uint64_t)(s[k] - '0');
    if (w > ((uint64_t)1 << 53))
        return float_repr_parse(s + start, end - start);
    double d = (double)w / POW10[frac];
    return neg ? -d : d;
}

/* _match_number_unicode; 1 = no number here (StopIteration at start). */
static int match_number(reader *r, size_t start, pv **out, size_t *next_out)
{
    const char *s = r->s;
    size_t idx = start, end_idx = r->len - 1;
    bool is_float = false;
    if (s[idx] == '-') {
        idx++;
        if (idx > end_idx)
            return 1;
    }
    if (s[idx] >= '1' && s[idx] <= '9') {
        idx++;
        while (idx <= end_idx && is_digit(s[idx]))
            idx++;
    } else if (s[idx] == '0') {
        idx++;
    } else {
        return 1;
    }
    size_t int_end = idx, e_end = 0; /* e_end: the end of a number without an exponent */
    if (idx < end_idx && s[idx] == '.' && is_digit(s[idx + 1])) {
        is_float = true;
        idx += 2;
        while (idx <= end_idx && is_digit(s[idx]))
            idx++;
        e_end = idx;
    }
    if (idx < end_idx && (s[idx] == 'e' || s[idx] == 'E')) {
        size_t e_start = idx;
        idx++;
        if (idx < end_idx && (s[idx] == '-' || s[idx] == '+'))
            idx++;
        while (idx <= end_idx && is_digit(s[idx]))
            idx++;
        if (is_digit(s[idx - 1]))
            is_float = true;
        else
            idx = e_start;
    }
    *next_out = idx;
    json_hook_kind kind = is_float ? JSON_HOOK_FLOAT : JSON_HOOK_INT;
    if (r->o->hook_kinds & kind)
        return r->o->hook(r->o, kind, s + start, idx - start, out, r->err) < 0 ? -1 : 0;
    if (is_float) {
        *out = new_pv(r, PV_FLOAT);
        (*out)->f =
            idx == e_end ? simple_float(s, start, int_end, idx) : float_repr_parse(s + start, idx - start);
        return 0;
    }
    size_t n = int_end - start, digits = n - (s[start] == '-');
    if (r->o->max_int_digits && digits > r->o->max_int_digits)
        return r->o->errmode == JSON_ERR_BODY
                   ? py_limit(r->err, r->a,
                              "integer of %zu digits in the body exceeds the limit of %zu digits", digits,
                              r->o->max_int_digits)
                   : py_limit(r->err, r->a, "integer of %zu digits exceeds the limit of %zu digits", digits,
                              r->o->max_int_digits);
    if (digits <= 18) {
        int64_t v = 0;
        for (size_t k = start + (s[start] == '-'); k < int_end; k++)
            v = v * 10 + (s[k] - '0');
        *out = new_pv(r, PV_INT);
        (*out)->i.v = s[start] == '-' ? -v : v;
        return 0;
    }
    *out = pv_int_parse(r->a, s + start, n);
    return 0;
}

static inline bool lit(const reader *r, size_t idx, const char *word, size_t n)
{
    return r->len - idx >= n && memcmp(r->s + idx, word, n) == 0;
}

static int too_deep(reader *r, bool obj)
{
    if (r->o->errmode == JSON_ERR_BODY)
        return py_bad_request(r->err, r->a, "body is not valid JSON: nested too deeply");
    /* CPython raises RecursionError (str as below); a configured cap here. */
    return py_limit(r->err, r->a,
                    "maximum recursion depth exceeded while decoding a JSON %s from a unicode string",
                    obj ? "object" : "array");
}

static int open_container(reader *r, bool obj)
{
    if (r->o->max_depth > 0 && r->nframes >= (size_t)r->o->max_depth)
        return too_deep(r, obj);
    if (r->nframes == r->capframes)
        xgrow((void **)&r->frames, &r->capframes, r->nframes + 1, sizeof(frame), r->frames0);
    r->frames[r->nframes].base = r->nstack;
    r->frames[r->nframes].obj = obj;
    r->nframes++;
    return 0;
}

/* Pop the innermost container off the stacks as a value. */
static pv *close_container(reader *r)
{
    frame *f = &r->frames[--r->nframes];
    size_t n = r->nstack - f->base;
    pv **items = n ? r->stack + f->base : NULL;
    pv *v;
    if (f->obj && n <= 32) {
        /* Up to 16 keys: fill the entries directly (a dict that small may
         * go without its index, py_value.c looks such keys up linearly). */
        v = new_pv(r, PV_DICT); /* pv_dict(a, n / 2) in the slab */
        v->d.cap = n / 2;
        v->d.items = n ? slab_alloc(r, n / 2 * sizeof(pv_entry)) : NULL;
        pv_entry *e = v->d.items;
        size_t m = 0;
        uint64_t seen = 0; /* a bit per (length, first and last byte) of the keys so far */
        for (size_t i = 0; i < n; i += 2) {
            const pv *k = items[i];
            size_t kl = k->s.len;
            unsigned char k0 = (unsigned char)k->s.p[0], k1 = kl ? (unsigned char)k->s.p[kl - 1] : 0;
            uint64_t bit = (uint64_t)1 << ((kl * 31 + k0 * 7 + k1) & 63);
            size_t j = m; /* a new key for certain when its bit is not set */
            if (seen & bit) {
                j = 0;
                while (j < m && !(e[j].key->s.len == kl && e[j].key->s.p[0] == (char)k0 &&
                                  memcmp(e[j].key->s.p, k->s.p, kl) == 0))
                    j++;
            }
            seen |= bit;
            if (j < m) { /* a duplicate key: the last value at the first position */
                e[j].val = items[i + 1];
            } else {
                e[m].key = items[i];
                e[m].val = items[i + 1];
                m++;
            }
        }
        v->d.len = m;
    } else if (f->obj) {
        v = pv_dict(r->a, n / 2);
        for (size_t i = 0; i < n; i += 2)
            pv_dict_set(r->a, v, items[i], items[i + 1]);
    } else {
        v = new_pv(r, PV_LIST); /* pv_list(a, n) in the slab */
        v->l.cap = n;
        v->l.items = n ? slab_alloc(r, n * sizeof(pv *)) : NULL;
        if (n)
            memcpy(v->l.items, items, n * sizeof(pv *));
        v->l.len = n;
    }
    r->nstack = f->base;
    return v;
}

/* NaN, Infinity or -Infinity: the float, or parse_constant's value. */
static int constant(reader *r, const char *word, double f, pv **out)
{
    if (r->o->hook_kinds & JSON_HOOK_CONSTANT)
        return r->o->hook(r->o, JSON_HOOK_CONSTANT, word, strlen(word), out, r->err) < 0 ? -1 : 0;
    *out = pv_float(r->a, f);
    return 0;
}

static int parse(reader *r, size_t idx, pv **out, size_t *end_out)
{
    const char *s = r->s;
    pv *v = NULL;
    size_t next = 0;
value:
    /* scan_once_unicode at idx */
    if (idx >= r->len)
        return fail(r, "Expecting value", idx);
    switch (s[idx]) {
    case '"':
        if (scan_string(r, idx + 1, false, &v, &next) < 0)
            return -1;
        idx = next;
        goto have_value;
    case '{':
        if (open_container(r, true) < 0)
            return -1;
        idx = skip_ws(r, idx + 1);
        if (idx < r->len && s[idx] == '}') {
            v = close_container(r);
            idx++;
            goto have_value;
        }
        goto key;
    case '[':
        if (open_container(r, false) < 0)
            return -1;
        idx = skip_ws(r, idx + 1);
        if (idx < r->len && s[idx] == ']') {
            v = close_container(r);
            idx++;
            goto have_value;
        }
        goto value;
    case 'n':
        if (lit(r, idx, "null", 4)) {
            v = pv_none();
            idx += 4;
            goto have_value;
        }
        break;
    case 't':
        if (lit(r, idx, "true", 4)) {
            v = pv_bool(true);
            idx += 4;
            goto have_value;
        }
        break;
    case 'f':
        if (lit(r, idx, "false", 5)) {
            v = pv_bool(false);
            idx += 5;
            goto have_value;
        }
        break;
    case 'N':
        if (lit(r, idx, "NaN", 3)) {
            if (constant(r, "NaN", __builtin_nan(""), &v) < 0)
                return -1;
            idx += 3;
            goto have_value;
        }
        break;
    case 'I':
        if (lit(r, idx, "Infinity", 8)) {
            if (constant(r, "Infinity", __builtin_inf(), &v) < 0)
                return -1;
            idx += 8;
            goto have_value;
        }
        break;
    case '-':
        if (lit(r, idx, "-Infinity", 9)) {
            if (constant(r, "-Infinity", -__builtin_inf(), &v) < 0)
                return -1;
            idx += 9;
            goto have_value;
        }
        break;
    default:
        break;
    }
    {
        int rc = match_number(r, idx, &v, &next);
        if (rc < 0)
            return -1;
        if (rc > 0) /* StopIteration(idx) reaches raw_decode: "Expecting value" */
            return fail(r, "Expecting value", idx);
        idx = next;
    }
have_value:
    if (r->nframes == 0) {
        *out = v;
        *end_out = idx;
        return 0;
    }
    push(r, v);
    idx = skip_ws(r, idx);
    if (r->frames[r->nframes - 1].obj) {
        if (idx < r->len && s[idx] == '}') {
            v = close_container(r);
            idx++;
            goto have_value;
        }
        if (idx >= r->len || s[idx] != ',')
            return fail(r, "Expecting ',' delimiter", idx);
        idx = skip_ws(r, idx + 1);
        goto key;
    }
    if (idx < r->len && s[idx] == ']') {
        v = close_container(r);
        idx++;
        goto have_value;
    }
    if (idx >= r->len || s[idx] != ',')
        return fail(r, "Expecting ',' delimiter", idx);
    idx = skip_ws(r, idx + 1);
    goto value;
key:
    if (idx >= r->len || s[idx] != '"')
        return fail(r, "Expecting property name enclosed in double quotes", idx);
    if (scan_string(r, idx + 1, true, &v, &next) < 0)
        return -1;
    push(r, v);
    idx = skip_ws(r, next);
    if (idx >= r->len || s[idx] != ':')
        return fail(r, "Expecting ':' delimiter", idx);
    idx = skip_ws(r, idx + 1);
    goto value;
}

int json_parse(arena *a, const char *text, size_t len, const json_read_opts *o, pv **out, py_err *err)
{
    reader r = {.a = a, .s = text, .len = len, .o = o, .err = err, .scratch = STRBUF_INIT};
    pv *stack0[32];
    frame frames0[8];
    r.stack = r.stack0 = stack0;
    r.capstack = sizeof stack0 / sizeof stack0[0];
    r.frames = r.frames0 = frames0;
    r.capframes = sizeof frames0 / sizeof frames0[0];
    int rc;
    size_t end = 0;
#ifdef __SSE2__
    if (len >= MEMO_MIN_DOC) {
        r.memo = aligned_alloc(16, sizeof *r.memo);
        if (!r.memo)
            abort();
        memset(r.memo->key, 0, sizeof r.memo->key);
        memset(r.memo->next, 0, sizeof r.memo->next);
        r.memo->last = 0;
    }
#endif
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        rc = fail(&r, "Unexpected UTF-8 BOM (decode using utf-8-sig)", 0);
    } else if ((rc = parse(&r, skip_ws(&r, 0), out, &end)) == 0) {
        end = skip_ws(&r, end);
        if (end != len)
            rc = fail(&r, "Extra data", end);
    }
    if (r.stack != r.stack0)
        free(r.stack);
    if (r.frames != r.frames0)
        free(r.frames);
    if (r.memo)
        free(r.memo);
    if (r.scratch.data)
        strbuf_free(&r.scratch);
    return rc;
}
