/* RFC 3491 nameprep as Lib/encodings/idna.py of CPython 3.11 runs it:
 * stringprep's B.1 (removed) and B.2 (case folding, with its NFKC closure)
 * maps, NFKC as unicodedata.ucd_3_2_0.normalize does it (the Unicode 3.2
 * decompositions, canonically ordered and composed with the current
 * database's classes and pairs, Hangul by algorithm), then the prohibited
 * characters ("Invalid character 'x'") and the bidi rules ("Violation of
 * BIDI requirement 2" / "3").  The tables are python3's
 * (tools/gen_codec_tables.py checks this algorithm against it); the two
 * mapping streams are read once, on first use. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/base64.h"
#include "codecs/codecs_int.h"
#include "py/py_repr.h"

extern const uint32_t codecs_nameprep_b1[];
extern const size_t codecs_nameprep_nb1;
extern const char codecs_nameprep_b2[], codecs_nameprep_decomp[];
extern const size_t codecs_nameprep_nb2, codecs_nameprep_ndecomp;
extern const uint32_t codecs_nameprep_prohibited[][2], codecs_nameprep_randal[][2], codecs_nameprep_lcat[][2];
extern const size_t codecs_nameprep_nprohibited, codecs_nameprep_nrandal, codecs_nameprep_nlcat;
extern const uint32_t codecs_nameprep_ccc[][3], codecs_nameprep_comp[][3];
extern const size_t codecs_nameprep_nccc, codecs_nameprep_ncomp;

#define SBASE 0xAC00
#define LBASE 0x1100
#define VBASE 0x1161
#define TBASE 0x11A7
#define LCOUNT 19
#define VCOUNT 21
#define TCOUNT 28
#define SCOUNT (LCOUNT * VCOUNT * TCOUNT)

typedef struct mapping {
    uint32_t cp, off, n; /* the code points pool[off .. off + n) */
} mapping;

typedef struct maps {
    mapping *b2, *decomp;
    uint32_t *pool;
} maps;

static maps m; /* built once, lives as long as the process */
static pthread_once_t once = PTHREAD_ONCE_INIT;

static uint32_t varint(const unsigned char *s, size_t *i)
{
    uint32_t v = 0;
    for (int shift = 0;; shift += 7) {
        unsigned char b = s[(*i)++];
        v |= (uint32_t)(b & 0x7F) << shift;
        if (!(b & 0x80))
            return v;
    }
}

/* One stream into entries; the pool grows by what it holds. */
static void read_stream(const char *b64, mapping *out, size_t n, strbuf *pool)
{
    strbuf raw = STRBUF_INIT;
    if (!base64_decode(&raw, b64, strlen(b64)))
        abort();
    const unsigned char *s = (const unsigned char *)raw.data;
    size_t i = 0;
    uint32_t cp = 0;
    for (size_t e = 0; e < n; e++) {
        cp += varint(s, &i);
        uint32_t k = varint(s, &i);
        out[e] = (mapping){cp, (uint32_t)(pool->len / 4), k};
        for (uint32_t j = 0; j < k; j++) {
            uint32_t v = varint(s, &i);
            strbuf_append(pool, &v, 4);
        }
    }
    strbuf_free(&raw);
}

static void build(void)
{
    m.b2 = calloc(codecs_nameprep_nb2, sizeof *m.b2);
    m.decomp = calloc(codecs_nameprep_ndecomp, sizeof *m.decomp);
    if (!m.b2 || !m.decomp)
        abort();
    strbuf pool = STRBUF_INIT;
    read_stream(codecs_nameprep_b2, m.b2, codecs_nameprep_nb2, &pool);
    read_stream(codecs_nameprep_decomp, m.decomp, codecs_nameprep_ndecomp, &pool);
    size_t n;
    m.pool = (uint32_t *)(void *)strbuf_detach(&pool, &n);
}

static int cmp_u32(const void *k, const void *e)
{
    uint32_t a = *(const uint32_t *)k, b = *(const uint32_t *)e;
    return (a > b) - (a < b);
}

static int cmp_mapping(const void *k, const void *e)
{
    uint32_t cp = *(const uint32_t *)k, x = ((const mapping *)e)->cp;
    return (cp > x) - (cp < x);
}

static const mapping *find(const mapping *t, size_t n, uint32_t cp)
{
    return bsearch(&cp, t, n, sizeof *t, cmp_mapping);
}

static int cmp_range(const void *k, const void *e)
{
    uint32_t cp = *(const uint32_t *)k;
    const uint32_t *r = e;
    return cp < r[0] ? -1 : cp > r[1] ? 1 : 0;
}

static bool in_ranges(const uint32_t (*r)[2], size_t n, uint32_t cp)
{
    return bsearch(&cp, r, n, sizeof *r, cmp_range) != NULL;
}

static unsigned ccc(uint32_t cp)
{
    const uint32_t *r =
        bsearch(&cp, codecs_nameprep_ccc, codecs_nameprep_nccc, sizeof *codecs_nameprep_ccc, cmp_range);
    return r ? r[2] : 0;
}

static int cmp_pair(const void *k, const void *e)
{
    const uint32_t *a = k, *b = e;
    return a[0] != b[0] ? (a[0] > b[0]) - (a[0] < b[0]) : (a[1] > b[1]) - (a[1] < b[1]);
}

/* The composite of (a, b), or 0. */
static uint32_t compose(uint32_t a, uint32_t b)
{
    uint32_t key[2] = {a, b};
    const uint32_t *p =
        bsearch(key, codecs_nameprep_comp, codecs_nameprep_ncomp, sizeof *codecs_nameprep_comp, cmp_pair);
    return p ? p[2] : 0;
}

static bool is_first(uint32_t a)
{
    size_t lo = 0, hi = codecs_nameprep_ncomp;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (codecs_nameprep_comp[mid][0] < a)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < codecs_nameprep_ncomp && codecs_nameprep_comp[lo][0] == a;
}

typedef struct u32buf {
    uint32_t *p;
    size_t n, cap;
    arena *a;
} u32buf;

static void push(u32buf *b, uint32_t v)
{
    if (b->n == b->cap) {
        b->cap = b->cap ? 2 * b->cap : 32;
        uint32_t *np = arena_alloc(b->a, b->cap * sizeof *np);
        if (b->n)
            memcpy(np, b->p, b->n * sizeof *np);
        b->p = np;
    }
    b->p[b->n++] = v;
}

/* NFKD (Unicode 3.2 decompositions), canonically ordered. */
static void nfkd(const uint32_t *in, size_t n, u32buf *out)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t cp = in[i];
        if (cp >= SBASE && cp < SBASE + SCOUNT) {
            uint32_t s = cp - SBASE;
            push(out, LBASE + s / (VCOUNT * TCOUNT));
            push(out, VBASE + s % (VCOUNT * TCOUNT) / TCOUNT);
            if (s % TCOUNT)
                push(out, TBASE + s % TCOUNT);
            continue;
        }
        const mapping *d = find(m.decomp, codecs_nameprep_ndecomp, cp);
        if (!d) {
            push(out, cp);
            continue;
        }
        for (uint32_t k = 0; k < d->n; k++)
            push(out, m.pool[d->off + k]);
    }
    for (size_t i = 1; i < out->n; i++) /* a stable insertion sort of each run of non-starters */
        for (size_t j = i; j > 0; j--) {
            unsigned cj = ccc(out->p[j]), cp = ccc(out->p[j - 1]);
            if (!cj || cp <= cj)
                break;
            uint32_t t = out->p[j];
            out->p[j] = out->p[j - 1];
            out->p[j - 1] = t;
        }
}

/* nfc_nfkc's composition of the decomposed d (in place: d->n shrinks). */
static void nfc(u32buf *d)
{
    bool *skipped = arena_alloc(d->a, d->n ? d->n : 1);
    memset(skipped, 0, d->n ? d->n : 1);
    size_t o = 0, i = 0, n = d->n;
    uint32_t *p = d->p;
    while (i < n) {
        if (skipped[i]) {
            i++;
            continue;
        }
        uint32_t code = p[i];
        if (code >= LBASE && code < LBASE + LCOUNT && i + 1 < n && p[i + 1] >= VBASE &&
            p[i + 1] < VBASE + VCOUNT) {
            code = SBASE + ((code - LBASE) * VCOUNT + p[i + 1] - VBASE) * TCOUNT;
            i += 2;
            if (i < n && p[i] > TBASE && p[i] < TBASE + TCOUNT)
                code += p[i++] - TBASE;
            p[o++] = code;
            continue;
        }
        if (is_first(code)) {
            unsigned comb = 0;
            for (size_t i1 = i + 1; i1 < n; i1++) {
                unsigned comb1 = ccc(p[i1]);
                if (comb && (comb1 == 0 || comb >= comb1)) {
                    if (comb1 == 0)
                        break;
                    continue; /* blocked */
                }
                uint32_t c = compose(code, p[i1]);
                if (!c) {
                    if (comb1 == 0)
                        break;
                    comb = comb1;
                    continue;
                }
                code = c;
                skipped[i1] = true;
                if (!is_first(code))
                    break;
            }
        }
        p[o++] = code;
        i++;
    }
    d->n = o;
}

static int invalid(codecs_call *c, uint32_t cp)
{
    char u[4];
    size_t k = (size_t)utf8_put(cp, u);
    strbuf msg = STRBUF_INIT;
    strbuf_append(&msg, "Invalid character ", 18);
    py_repr_str(&msg, u, k);
    py_raise_msg(c->err, c->a, "UnicodeError", msg.data, msg.len);
    strbuf_free(&msg);
    return -1;
}

int codecs_nameprep(codecs_call *c, const uint32_t *label, size_t n, uint32_t **out, size_t *nout)
{
    pthread_once(&once, build);
    u32buf mapped = {.a = c->a}, d = {.a = c->a};
    for (size_t i = 0; i < n; i++) {
        uint32_t cp = label[i];
        if (bsearch(&cp, codecs_nameprep_b1, codecs_nameprep_nb1, sizeof cp, cmp_u32))
            continue;
        const mapping *b2 = find(m.b2, codecs_nameprep_nb2, cp);
        if (!b2) {
            push(&mapped, cp);
            continue;
        }
        for (uint32_t k = 0; k < b2->n; k++)
            push(&mapped, m.pool[b2->off + k]);
    }
    nfkd(mapped.p, mapped.n, &d);
    nfc(&d);
    bool randal = false, lcat = false;
    for (size_t i = 0; i < d.n; i++) {
        if (in_ranges(codecs_nameprep_prohibited, codecs_nameprep_nprohibited, d.p[i]))
            return invalid(c, d.p[i]);
        randal |= in_ranges(codecs_nameprep_randal, codecs_nameprep_nrandal, d.p[i]);
        lcat |= in_ranges(codecs_nameprep_lcat, codecs_nameprep_nlcat, d.p[i]);
    }
    if (randal) {
        if (lcat)
            return py_raise(c->err, c->a, "UnicodeError", "Violation of BIDI requirement 2");
        if (!in_ranges(codecs_nameprep_randal, codecs_nameprep_nrandal, d.p[0]) ||
            !in_ranges(codecs_nameprep_randal, codecs_nameprep_nrandal, d.p[d.n - 1]))
            return py_raise(c->err, c->a, "UnicodeError", "Violation of BIDI requirement 3");
    }
    *out = d.p;
    *nout = d.n;
    return 0;
}
