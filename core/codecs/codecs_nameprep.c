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
extern const char codecs_nameprep_sets[];

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

typedef struct rows {
    uint32_t *r; /* n rows of `stride` words */
    size_t n, stride;
} rows;

typedef struct maps {
    mapping *b2, *decomp;
    uint32_t *pool;
    rows prohibited, randal, lcat, ccc, comp; /* codecs_nameprep_sets */
} maps;

static maps m; /* built once, lives as long as the process */
static pthread_once_t once = PTHREAD_ONCE_INIT;

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
        cp += (uint32_t)codecs_varint(s, &i);
        uint32_t k = (uint32_t)codecs_varint(s, &i);
        out[e] = (mapping){cp, (uint32_t)(pool->len / 4), k};
        for (uint32_t j = 0; j < k; j++) {
            uint32_t v = (uint32_t)codecs_varint(s, &i);
            strbuf_append(pool, &v, 4);
        }
    }
    strbuf_free(&raw);
}

/* One list of codecs_nameprep_sets. */
static void read_rows(const unsigned char *s, size_t *i, size_t stride, rows *out)
{
    out->r = codecs_rows_at(s, i, stride, &out->n);
    out->stride = stride;
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
    strbuf raw = STRBUF_INIT;
    if (!base64_decode(&raw, codecs_nameprep_sets, strlen(codecs_nameprep_sets)))
        abort();
    size_t i = 0;
    const unsigned char *s = (const unsigned char *)raw.data;
    read_rows(s, &i, 2, &m.prohibited);
    read_rows(s, &i, 2, &m.randal);
    read_rows(s, &i, 2, &m.lcat);
    read_rows(s, &i, 3, &m.ccc);
    read_rows(s, &i, 3, &m.comp);
    strbuf_free(&raw);
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

/* The row of a {first, last, ...} list that holds cp, or NULL. */
static const uint32_t *in_rows(const rows *t, uint32_t cp)
{
    size_t k = codecs_lower_bound(t->r, t->n, t->stride, cp + 1, 0); /* the first row past cp */
    const uint32_t *r = k ? t->r + (k - 1) * t->stride : NULL;
    return r && r[0] <= cp && cp <= r[1] ? r : NULL;
}

static unsigned ccc(uint32_t cp)
{
    const uint32_t *r = in_rows(&m.ccc, cp);
    return r ? r[2] : 0;
}

/* The composite of (a, b), or 0. */
static uint32_t compose(uint32_t a, uint32_t b)
{
    size_t k = codecs_lower_bound(m.comp.r, m.comp.n, 3, a, b);
    const uint32_t *p = m.comp.r + 3 * k;
    return k < m.comp.n && p[0] == a && p[1] == b ? p[2] : 0;
}

static bool is_first(uint32_t a)
{
    size_t k = codecs_lower_bound(m.comp.r, m.comp.n, 3, a, 0);
    return k < m.comp.n && m.comp.r[3 * k] == a;
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

#define MAX_SWAPS ((size_t)1 << 24) /* canonical ordering is quadratic in a run of combining marks */

/* NFKD (Unicode 3.2 decompositions), canonically ordered; -1 (ResourceLimitError) when the
 * ordering would take more than MAX_SWAPS steps. */
static int nfkd(codecs_call *c, const uint32_t *in, size_t n, u32buf *out)
{
    size_t swaps = 0;
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
    unsigned char *cls = arena_alloc(c->a, out->n ? out->n : 1); /* the classes, moved along */
    for (size_t i = 0; i < out->n; i++)
        cls[i] = (unsigned char)ccc(out->p[i]);
    for (size_t i = 1; i < out->n; i++) /* a stable insertion sort of each run of non-starters */
        for (size_t j = i; j > 0 && cls[j] && cls[j - 1] > cls[j]; j--) {
            uint32_t t = out->p[j];
            out->p[j] = out->p[j - 1];
            out->p[j - 1] = t;
            unsigned char k = cls[j];
            cls[j] = cls[j - 1];
            cls[j - 1] = k;
            if (++swaps > MAX_SWAPS)
                return py_limit(c->err, c->a, "nameprep's canonical ordering takes more than %zu steps",
                                MAX_SWAPS);
        }
    return 0;
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
    const char *r = py_repr_cstr(c->a, u, k);
    return codecs_raise_concat(c, "UnicodeError", "Invalid character ", r, strlen(r));
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
    if (nfkd(c, mapped.p, mapped.n, &d) < 0)
        return -1;
    nfc(&d);
    bool randal = false, lcat = false;
    for (size_t i = 0; i < d.n; i++) {
        if (in_rows(&m.prohibited, d.p[i]))
            return invalid(c, d.p[i]);
        randal |= in_rows(&m.randal, d.p[i]) != NULL;
        lcat |= in_rows(&m.lcat, d.p[i]) != NULL;
    }
    if (randal) {
        if (lcat)
            return py_raise(c->err, c->a, "UnicodeError", "Violation of BIDI requirement 2");
        if (!in_rows(&m.randal, d.p[0]) || !in_rows(&m.randal, d.p[d.n - 1]))
            return py_raise(c->err, c->a, "UnicodeError", "Violation of BIDI requirement 3");
    }
    *out = d.p;
    *nout = d.n;
    return 0;
}
