/* core/random/ against CPython 3.11: MT19937 seeding (ints of every size,
 * str versions 1 and 2), getrandbits around word boundaries, state round
 * trips and gauss_next, SHA-512, int / int true division, and the
 * exceptions random.py raises.  Vectors: tests/golden/unit/random_vectors.txt
 * (tools/golden/gen_data.py, CPython 3.11.7). */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/config.h"
#include "base/sha512.h"
#include "py/py_value.h"
#include "random/random.h"
#include "random/random_num.h"
#include "testkit.h"

static arena *A;
static void setup(void)
{
    A = arena_new();
}
static void teardown(void)
{
    arena_free(A);
}

/* ---------------------------------------------------------------- vectors */

#define MAXF 64
typedef struct rec {
    char *f[MAXF];
    int n;
} rec;

static char *vec_text;
static rec *recs;
static int nrecs;

static void load_vectors(void)
{
    if (vec_text)
        return;
    FILE *fp = data_open("random_vectors.txt");
    fseek(fp, 0, SEEK_END);
    long len = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    vec_text = malloc((size_t)len + 1);
    ck_assert_int_eq(fread(vec_text, 1, (size_t)len, fp), (size_t)len);
    vec_text[len] = '\0';
    fclose(fp);
    recs = calloc(1024, sizeof *recs);
    for (char *line = strtok(vec_text, "\n"); line && nrecs < 1024; line = strtok(NULL, "\n")) {
        if (line[0] == '#')
            continue;
        rec *r = &recs[nrecs++];
        for (char *p = line; p && r->n < MAXF;) {
            r->f[r->n++] = p;
            p = strchr(p, '|');
            if (p)
                *p++ = '\0';
        }
    }
}

static int hexval(char c)
{
    return c <= '9' ? c - '0' : c - 'a' + 10;
}

static pv *parse_int(const char *s)
{
    pv *v = pv_int_parse(A, s, strlen(s));
    ck_assert_ptr_nonnull(v);
    return v;
}

static pv *str_from_hex(const char *h)
{
    size_t n = strlen(h) / 2;
    char *b = arena_alloc(A, n + 1);
    for (size_t i = 0; i < n; i++)
        b[i] = (char)(hexval(h[2 * i]) << 4 | hexval(h[2 * i + 1]));
    return pv_str(A, b, n);
}

static char *int_text(const pv *v)
{
    strbuf sb = STRBUF_INIT;
    pv_int_write(&sb, v);
    char *s = arena_strdup(A, sb.data);
    strbuf_free(&sb);
    return s;
}

static void seed_rec(random_state *r, const rec *x)
{
    pv *s = x->f[1][0] == 'i' ? parse_int(x->f[2]) : str_from_hex(x->f[2]);
    py_err e;
    ck_assert_int_eq(random_seed(r, A, s, atoi(x->f[3]), &e), 0);
}

static void check_seed_rec(const rec *x)
{
    random_state r;
    seed_rec(&r, x);
    /* getstate() before any draw (a state seeded from the cache holds the
     * twisted block already and makes this one again) */
    const pv *w = random_getstate(&r, A)->l.items[1];
    ck_assert_msg(w->l.items[0]->i.v == strtoll(x->f[15], NULL, 10) &&
                      w->l.items[623]->i.v == strtoll(x->f[16], NULL, 10),
                  "state after seed %s %s", x->f[2], x->f[3]);
    ck_assert_int_eq(w->l.items[RANDOM_MT_N]->i.v, RANDOM_MT_N);
    for (int i = 0; i < 8; i++)
        ck_assert_msg(random_bits64(&r, 32) == strtoull(x->f[4 + i], NULL, 10), "word %d of seed %s v%s", i,
                      x->f[2], x->f[3]);
    for (int i = 0; i < 3; i++)
        ck_assert_msg(random_random(&r) == strtod(x->f[12 + i], NULL), "random() %d of seed %s", i, x->f[2]);
}

START_TEST(seeds_match_cpython)
{
    load_vectors();
    int seen = 0;
    for (int i = 0; i < nrecs; i++)
        if (strcmp(recs[i].f[0], "seed") == 0) {
            check_seed_rec(&recs[i]);
            check_seed_rec(&recs[i]); /* again: from the per-thread seed cache */
            seen++;
        }
    ck_assert_int_ge(seen, 40);
    /* interleaved seeds that may share a cache slot stay independent */
    for (int round = 0; round < 3; round++)
        for (int i = 0; i < nrecs; i += 3)
            if (strcmp(recs[i].f[0], "seed") == 0)
                check_seed_rec(&recs[i]);
}
END_TEST

START_TEST(getrandbits_word_boundaries)
{
    load_vectors();
    random_state r;
    random_seed_u64(&r, 12345);
    int seen = 0;
    for (int i = 0; i < nrecs; i++) {
        if (strcmp(recs[i].f[0], "bits") != 0)
            continue;
        pv *k = parse_int(recs[i].f[2]), *out;
        py_err e;
        ck_assert_int_eq(random_getrandbits(&r, A, k, &out, &e), 0);
        ck_assert_str_eq(int_text(out), recs[i].f[3]);
        seen++;
    }
    ck_assert_int_ge(seen, 15);
}
END_TEST

START_TEST(sha512_vectors)
{
    load_vectors();
    for (int i = 0; i < nrecs; i++) {
        if (strcmp(recs[i].f[0], "sha") != 0)
            continue;
        const char *h = recs[i].f[1];
        size_t n = strlen(h) / 2;
        unsigned char *in = arena_alloc(A, n + 1), d[64];
        for (size_t j = 0; j < n; j++)
            in[j] = (unsigned char)(hexval(h[2 * j]) << 4 | hexval(h[2 * j + 1]));
        sha512(in, n, d);
        char hex[129];
        for (int j = 0; j < 64; j++)
            snprintf(hex + 2 * j, 3, "%02x", d[j]);
        ck_assert_str_eq(hex, recs[i].f[2]);
        /* the same fed in pieces */
        sha512_ctx c;
        sha512_init(&c);
        for (size_t j = 0; j < n; j += 7)
            sha512_update(&c, in + j, n - j < 7 ? n - j : 7);
        unsigned char d2[64];
        sha512_final(&c, d2);
        ck_assert(memcmp(d, d2, 64) == 0);
    }
}
END_TEST

START_TEST(int_true_division)
{
    load_vectors();
    int seen = 0;
    for (int i = 0; i < nrecs; i++) {
        if (strcmp(recs[i].f[0], "div") != 0)
            continue;
        pv *a = parse_int(recs[i].f[1]), *b = parse_int(recs[i].f[2]);
        double q;
        py_err e;
        int rc = random_num_truediv(A, a, b, &q, &e);
        if (strcmp(recs[i].f[3], "OverflowError") == 0) {
            ck_assert_int_eq(rc, -1);
            ck_assert_str_eq(e.type, "OverflowError");
            ck_assert_str_eq(e.msg, "integer division result too large for a float");
        } else {
            ck_assert_int_eq(rc, 0);
            double want = strtod(recs[i].f[3], NULL);
            ck_assert_msg(q == want && signbit(q) == signbit(want), "%s / %s", recs[i].f[1], recs[i].f[2]);
        }
        seen++;
    }
    ck_assert_int_ge(seen, 300);
}
END_TEST

static double hexf(const char *s)
{
    return strtod(s, NULL);
}

START_TEST(state_and_gauss_next)
{
    load_vectors();
    for (int i = 0; i < nrecs; i++) {
        const rec *x = &recs[i];
        if (strcmp(x->f[0], "state") == 0) {
            random_state r;
            py_err e;
            ck_assert_int_eq(random_seed(&r, A, parse_int(x->f[1]), 2, &e), 0);
            for (int c = atoi(x->f[2]); c > 0; c--)
                random_random(&r);
            bool g = strcmp(x->f[6], "None") != 0;
            if (g) {
                pv *out;
                ck_assert_int_eq(random_gauss(&r, A, NULL, NULL, &out, &e), 0);
            }
            pv *st = random_getstate(&r, A);
            ck_assert_int_eq(st->l.len, 3);
            pv *w = st->l.items[1];
            ck_assert_int_eq(w->l.len, RANDOM_MT_N + 1);
            ck_assert_int_eq(w->l.items[RANDOM_MT_N]->i.v, atoi(x->f[3]));
            ck_assert_int_eq(w->l.items[0]->i.v, strtoll(x->f[4], NULL, 10));
            ck_assert_int_eq(w->l.items[623]->i.v, strtoll(x->f[5], NULL, 10));
            if (g)
                ck_assert(st->l.items[2]->kind == PV_FLOAT && st->l.items[2]->f == hexf(x->f[6]));
            else
                ck_assert(st->l.items[2]->kind == PV_NONE);
            /* setstate(getstate()) continues the same sequence, gauss_next included */
            uint32_t words[RANDOM_MT_N];
            for (int j = 0; j < RANDOM_MT_N; j++)
                words[j] = (uint32_t)w->l.items[j]->i.v;
            random_state r2;
            random_seed_u64(&r2, 999);
            random_setstate(&r2, words, (int)w->l.items[RANDOM_MT_N]->i.v, g, g ? st->l.items[2]->f : 0.0);
            for (int j = 0; j < 1000; j++) {
                pv *o1, *o2;
                ck_assert_int_eq(random_gauss(&r, A, NULL, NULL, &o1, &e), 0);
                ck_assert_int_eq(random_gauss(&r2, A, NULL, NULL, &o2, &e), 0);
                ck_assert(o1->f == o2->f);
            }
        } else if (strcmp(x->f[0], "gauss") == 0) {
            random_state r;
            py_err e;
            ck_assert_int_eq(random_seed(&r, A, parse_int(x->f[1]), 2, &e), 0);
            for (int j = 0; j < 3; j++) {
                pv *o;
                ck_assert_int_eq(random_gauss(&r, A, NULL, NULL, &o, &e), 0);
                ck_assert(o->f == hexf(x->f[2 + j]));
            }
            ck_assert(r.has_gauss == (strcmp(x->f[5], "None") != 0));
            if (r.has_gauss)
                ck_assert(r.gauss_next == hexf(x->f[5]));
        }
    }
}
END_TEST

/* ---------------------------------------------------------------- exceptions */

static random_state R;
static py_err E;

#define ASSERT_RAISES(call, etype, emsg)                                                                     \
    do {                                                                                                     \
        ck_assert_int_eq((call), -1);                                                                        \
        ck_assert_str_eq(E.type, etype);                                                                     \
        ck_assert_str_eq(E.msg, emsg);                                                                       \
    } while (0)

static pv *I(int64_t v)
{
    return pv_int(A, v);
}
static pv *F(double v)
{
    return pv_float(A, v);
}
static pv *L(size_t n, pv **items)
{
    pv *l = pv_list(A, n);
    for (size_t i = 0; i < n; i++)
        pv_list_push(A, l, items[i]);
    return l;
}

START_TEST(integer_method_errors)
{
    pv *out;
    random_seed_u64(&R, 1);
    ck_assert_int_eq(random_randrange(&R, A, I(10), I(5), I(-5), &out, &E), 0); /* range(10, 5, -5) */
    ck_assert_int_eq(out->i.v, 10);
    ASSERT_RAISES(random_randrange(&R, A, I(5), I(10), I(-5), &out, &E), "ValueError",
                  "empty range for randrange()");
    ASSERT_RAISES(random_randrange(&R, A, I(10), I(5), NULL, &out, &E), "ValueError",
                  "empty range for randrange() (10, 5, -5)");
    ASSERT_RAISES(random_randrange(&R, A, I(0), I(10), I(0), &out, &E), "ValueError",
                  "zero step for randrange()");
    ASSERT_RAISES(random_randrange(&R, A, I(0), NULL, NULL, &out, &E), "ValueError",
                  "empty range for randrange()");
    ASSERT_RAISES(random_randrange(&R, A, I(5), pv_none(), I(2), &out, &E), "TypeError",
                  "Missing a non-None stop argument");
    ASSERT_RAISES(random_randint(&R, A, I(5), I(4), &out, &E), "ValueError",
                  "empty range for randrange() (5, 5, 0)");
    pv *big = parse_int("-100000000000000000000000000000");
    ASSERT_RAISES(random_randint(&R, A, I(0), big, &out, &E), "ValueError",
                  "empty range for randrange() (0, -99999999999999999999999999999, "
                  "-99999999999999999999999999999)");
    ASSERT_RAISES(random_randint(&R, A, I(INT64_MAX), I(INT64_MIN), &out, &E), "ValueError",
                  "empty range for randrange() (9223372036854775807, -9223372036854775807, "
                  "-18446744073709551614)");
    ASSERT_RAISES(random_getrandbits(&R, A, I(-1), &out, &E), "ValueError",
                  "number of bits must be non-negative");
    ASSERT_RAISES(random_getrandbits(&R, A, I((int64_t)1 << 31), &out, &E), "OverflowError",
                  "Python int too large to convert to C int");
    ASSERT_RAISES(random_randbytes(&R, A, I(-1), &out, &E), "ValueError",
                  "number of bits must be non-negative");
    ASSERT_RAISES(random_randbytes(&R, A, I(1 << 28), &out, &E), "OverflowError",
                  "Python int too large to convert to C int");
    ASSERT_RAISES(random_getrandbits(&R, A, I(1000000000), &out, &E), "ResourceLimitError",
                  "getrandbits(1000000000) is larger than the limit of 67108864 bytes");
    /* randrange over int64 extremes stays exact */
    ck_assert_int_eq(random_randrange(&R, A, I(INT64_MIN), I(INT64_MAX), I(INT64_MAX), &out, &E), 0);
    ck_assert(out->i.v == INT64_MIN || out->i.v == -1 || out->i.v == INT64_MAX - 1);
}
END_TEST

START_TEST(randbytes_is_getrandbits_little_endian)
{
    for (int64_t n = 0; n < 40; n++) {
        random_state r1, r2;
        random_seed_u64(&r1, 77);
        random_seed_u64(&r2, 77);
        pv *b, *i;
        ck_assert_int_eq(random_randbytes(&r1, A, I(n), &b, &E), 0);
        ck_assert_int_eq(random_getrandbits(&r2, A, I(n * 8), &i, &E), 0);
        ck_assert_uint_eq(b->s.len, (size_t)n);
        mpz_t z, y;
        mpz_init(z);
        mpz_init(y);
        pv_int_get_mpz(i, z);
        if (n)
            mpz_import(y, (size_t)n, -1, 1, 0, 0, b->s.p); /* int.from_bytes(b, 'little') */
        ck_assert(mpz_cmp(z, y) == 0);
        mpz_clear(z);
        mpz_clear(y);
    }
}
END_TEST

START_TEST(sequence_errors)
{
    size_t idx, *ix, cnt;
    random_seed_u64(&R, 1);
    ASSERT_RAISES(random_choice(&R, A, 0, &idx, &E), "IndexError", "Cannot choose from an empty sequence");
    pv *w1[] = {I(1)};
    ASSERT_RAISES(random_choices(&R, A, 2, L(1, w1), NULL, I(1), &ix, &cnt, &E), "ValueError",
                  "The number of weights does not match the population");
    pv *w0[] = {I(0), I(0)};
    ASSERT_RAISES(random_choices(&R, A, 2, L(2, w0), NULL, I(1), &ix, &cnt, &E), "ValueError",
                  "Total of weights must be greater than zero");
    pv *wx[] = {I(1), pv_cstr(A, "x")};
    ASSERT_RAISES(random_choices(&R, A, 2, L(2, wx), NULL, I(1), &ix, &cnt, &E), "TypeError",
                  "unsupported operand type(s) for +: 'int' and 'str'");
    pv *ws[] = {pv_cstr(A, "a"), I(1)};
    ASSERT_RAISES(random_choices(&R, A, 2, L(2, ws), NULL, I(1), &ix, &cnt, &E), "TypeError",
                  "can only concatenate str (not \"int\") to str");
    pv *cw[] = {pv_cstr(A, "a"), I(1)};
    ASSERT_RAISES(random_choices(&R, A, 2, NULL, L(2, cw), I(1), &ix, &cnt, &E), "TypeError",
                  "'<' not supported between instances of 'float' and 'str'");
    pv *inf[] = {I(1), F(INFINITY)};
    ASSERT_RAISES(random_choices(&R, A, 2, NULL, L(2, inf), I(1), &ix, &cnt, &E), "ValueError",
                  "Total of weights must be finite");
    ASSERT_RAISES(random_choices(&R, A, 2, L(2, w0), L(2, w0), I(1), &ix, &cnt, &E), "TypeError",
                  "Cannot specify both weights and cumulative weights");
    ASSERT_RAISES(random_choices(&R, A, 0, NULL, NULL, I(1), &ix, &cnt, &E), "IndexError",
                  "list index out of range");
    ASSERT_RAISES(random_choices(&R, A, 1, NULL, NULL, parse_int("9223372036854775808"), &ix, &cnt, &E),
                  "OverflowError", "Python int too large to convert to C ssize_t");
    ck_assert_int_eq(random_choices(&R, A, 0, NULL, NULL, I(-3), &ix, &cnt, &E), 0);
    ck_assert_uint_eq(cnt, 0);
    ASSERT_RAISES(random_sample(&R, A, 2, I(3), NULL, &ix, &cnt, &E), "ValueError",
                  "Sample larger than population or is negative");
    ASSERT_RAISES(random_sample(&R, A, 2, I(-1), NULL, &ix, &cnt, &E), "ValueError",
                  "Sample larger than population or is negative");
    pv *c1[] = {I(1)};
    ASSERT_RAISES(random_sample(&R, A, 2, I(1), L(1, c1), &ix, &cnt, &E), "ValueError",
                  "The number of counts does not match the population");
    ASSERT_RAISES(random_sample(&R, A, 0, I(1), L(0, NULL), &ix, &cnt, &E), "IndexError",
                  "pop from empty list");
    pv *cf[] = {F(1.5), I(2)};
    ASSERT_RAISES(random_sample(&R, A, 2, I(1), L(2, cf), &ix, &cnt, &E), "TypeError",
                  "Counts must be integers");
    ASSERT_RAISES(random_sample(&R, A, 2, I(1), L(2, w0), &ix, &cnt, &E), "ValueError",
                  "Total of counts must be greater than zero");
    pv *cb[] = {parse_int("9223372036854775808"), I(0)};
    ASSERT_RAISES(random_sample(&R, A, 2, I(1), L(2, cb), &ix, &cnt, &E), "OverflowError",
                  "Python int too large to convert to C ssize_t");
    pv *cn[] = {pv_none(), I(0)};
    ASSERT_RAISES(random_sample(&R, A, 2, I(1), L(2, cn), &ix, &cnt, &E), "TypeError",
                  "unsupported operand type(s) for +: 'NoneType' and 'int'");
    pv *cl[] = {L(0, NULL), I(0)};
    ASSERT_RAISES(random_sample(&R, A, 2, I(1), L(2, cl), &ix, &cnt, &E), "TypeError",
                  "can only concatenate list (not \"int\") to list");
}
END_TEST

START_TEST(python_number_semantics)
{
    pv *out;
    random_seed_u64(&R, 1);
    pv *huge =
        parse_int("1"
                  "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
                  "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
                  "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
                  "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000");
    ASSERT_RAISES(random_uniform(&R, A, I(0), huge, &out, &E), "OverflowError",
                  "int too large to convert to float");
    ASSERT_RAISES(random_gauss(&R, A, huge, I(1), &out, &E), "OverflowError",
                  "int too large to convert to float");
    ASSERT_RAISES(random_expovariate(&R, A, I(0), &out, &E), "ZeroDivisionError", "float division by zero");
    /* triangular(1, 1, 1): the ZeroDivisionError is caught and low comes back, an int */
    ck_assert_int_eq(random_triangular(&R, A, I(1), I(1), I(1), &out, &E), 0);
    ck_assert(out->kind == PV_INT && out->i.v == 1);
    ck_assert_int_eq(random_triangular(&R, A, I(1), I(1), NULL, &out, &E), 0);
    ck_assert(out->kind == PV_FLOAT && out->f == 1.0);
    ck_assert_int_eq(random_uniform(&R, A, I(3), I(3), &out, &E), 0);
    ck_assert(out->kind == PV_FLOAT && out->f == 3.0);
    /* huge - huge is exact: only the final a + ... converts */
    ASSERT_RAISES(random_uniform(&R, A, huge, huge, &out, &E), "OverflowError",
                  "int too large to convert to float");
    pv *s;
    ck_assert_int_eq(random_num_add(A, pv_bool(true), pv_bool(true), &s, &E), 0);
    ck_assert(s->kind == PV_INT && s->i.v == 2);
    ASSERT_RAISES(random_num_add(A, pv_none(), F(0.0), &s, &E), "TypeError",
                  "unsupported operand type(s) for +: 'NoneType' and 'float'");
    ASSERT_RAISES(random_num_add(A, pv_dict(A, 0), pv_dict(A, 0), &s, &E), "TypeError",
                  "unsupported operand type(s) for +: 'dict' and 'dict'");
    ASSERT_RAISES(random_num_add(A, huge, F(0.5), &s, &E), "OverflowError",
                  "int too large to convert to float");
    bool lt;
    ck_assert_int_eq(random_num_float_lt(A, 1e300, huge, &lt, &E), 0);
    ck_assert(lt);
    ck_assert_int_eq(random_num_float_lt(A, 9007199254740993.0, I(9007199254740993), &lt, &E), 0);
    ck_assert(lt); /* 9007199254740993.0 is 2**53 as a float: less than the int */
}
END_TEST

START_TEST(str_seed_encoding)
{
    /* version 2 encodes the str: a lone surrogate is UnicodeEncodeError */
    pv *s = pv_str(A, "a\xed\xb0\x80\xed\xa0\x80x", 8); /* 'a\udc00\ud800x' */
    ASSERT_RAISES(random_seed(&R, A, s, 2, &E), "UnicodeEncodeError",
                  "'utf-8' codec can't encode characters in position 1-2: surrogates not allowed");
    ck_assert_ptr_nonnull(E.extra);
    ck_assert_int_eq(pv_dict_getc(E.extra, "start")->i.v, 1);
    ck_assert_int_eq(pv_dict_getc(E.extra, "end")->i.v, 3);
    pv *one = pv_str(A, "\xed\xa0\x80", 3);
    ASSERT_RAISES(random_seed(&R, A, one, 2, &E), "UnicodeEncodeError",
                  "'utf-8' codec can't encode character '\\ud800' in position 0: surrogates not allowed");
    /* version 1 hashes code points: fine */
    ck_assert_int_eq(random_seed(&R, A, s, 1, &E), 0);
    /* bytes: version 2 hashes the bytes as they are */
    random_state r2;
    ck_assert_int_eq(random_seed(&R, A, pv_bytes(A, "abc", 3), 2, &E), 0);
    ck_assert_int_eq(random_seed(&r2, A, pv_cstr(A, "abc"), 2, &E), 0);
    ck_assert(random_random(&R) == random_random(&r2));
    /* a float: hash(x) as an unsigned 64-bit int (hash(1.5) == 2**60 + 1, hash(-1.0) == -2) */
    ck_assert_int_eq(random_seed(&R, A, F(1.5), 2, &E), 0);
    random_seed_u64(&r2, ((uint64_t)1 << 60) + 1);
    ck_assert(random_random(&R) == random_random(&r2));
    ck_assert_int_eq(random_seed(&R, A, F(-1.0), 1, &E), 0);
    random_seed_u64(&r2, UINT64_MAX - 1);
    ck_assert(random_random(&R) == random_random(&r2));
    ck_assert_int_eq(random_seed(&R, A, F(3.0), 2, &E), 0); /* an integral float is that int */
    random_seed_u64(&r2, 3);
    ck_assert(random_random(&R) == random_random(&r2));
    ASSERT_RAISES(random_seed(&R, A, pv_list(A, 0), 2, &E), "TypeError",
                  "The only supported seed types are: None,\nint, float, str, bytes, and bytearray.");
}
END_TEST

/* The other distributions, bit for bit: three draws of random.Random(12345)
 * each (float.hex of CPython 3.11.7's answers), and their errors. */
typedef int (*variate2)(random_state *, arena *, const pv *, const pv *, pv **, py_err *);
static void check_variate(variate2 fn, pv *x, pv *y, const char *hex[3])
{
    pv *out;
    random_seed_u64(&R, 12345);
    for (int i = 0; i < 3; i++) {
        ck_assert_int_eq(fn(&R, A, x, y, &out, &E), 0);
        ck_assert(out->kind == PV_FLOAT && out->f == strtod(hex[i], NULL));
    }
}

START_TEST(other_distributions)
{
    check_variate(random_lognormvariate, F(0.5), I(2),
                  (const char *[]){"0x1.3c2185401820ep+0", "0x1.02f3fdf1cec62p+3", "0x1.e23894e750a27p-1"});
    check_variate(random_vonmisesvariate, F(1.5), I(4),
                  (const char *[]){"0x1.e0d73fb7f868bp+0", "0x1.3f97b44bf4454p+0", "0x1.ce8a71ba45b80p-1"});
    check_variate(random_vonmisesvariate, I(0), F(1e-7),
                  (const char *[]){"0x1.4f10ca00b51b3p+1", "0x1.05b6875d0d7e3p-4", "0x1.4bd5d167b05a4p+2"});
    check_variate(random_gammavariate, F(2.5), I(3),
                  (const char *[]){"0x1.95a28edd7d704p+2", "0x1.6e994311fa052p+2", "0x1.121533acef86ep+3"});
    check_variate(random_gammavariate, F(0.3), I(1),
                  (const char *[]){"0x1.3999e1b2f21a6p-4", "0x1.7e8ea9c03e59fp-1", "0x1.a047b3f8a54eap-5"});
    check_variate(random_gammavariate, I(1), I(2),
                  (const char *[]){"0x1.13ecd5daa2246p+0", "0x1.4eede17bc72fep-6", "0x1.be809e3475578p+1"});
    check_variate(random_betavariate, I(2), I(5),
                  (const char *[]){"0x1.501586f538d46p-3", "0x1.b11c139c851aep-3", "0x1.b4492cf73e9c1p-4"});
    check_variate(random_weibullvariate, I(2), F(1.5),
                  (const char *[]){"0x1.5310e1729dd82p+0", "0x1.81d39336c7260p-4", "0x1.72eeeef3be807p+1"});
    pv *out;
    random_seed_u64(&R, 12345);
    ck_assert_int_eq(random_paretovariate(&R, A, I(3), &out, &E), 0);
    ck_assert(out->f == strtod("0x1.32607fca2366bp+0", NULL));

    random_seed_u64(&R, 0);
    ASSERT_RAISES(random_paretovariate(&R, A, F(1e-3), &out, &E), "OverflowError",
                  "(34, 'Numerical result out of range')");
    ASSERT_RAISES(random_paretovariate(&R, A, I(0), &out, &E), "ZeroDivisionError", "float division by zero");
    ASSERT_RAISES(random_weibullvariate(&R, A, I(1), F(0.0), &out, &E), "ZeroDivisionError",
                  "float division by zero");
    ASSERT_RAISES(random_gammavariate(&R, A, F(-0.0), I(1), &out, &E), "ValueError",
                  "gammavariate: alpha and beta must be > 0.0");
    ASSERT_RAISES(random_betavariate(&R, A, I(1), I(0), &out, &E), "ValueError",
                  "gammavariate: alpha and beta must be > 0.0");
    ASSERT_RAISES(random_lognormvariate(&R, A, I(1000), I(1), &out, &E), "OverflowError", "math range error");
    ASSERT_RAISES(random_vonmisesvariate(&R, A, I(0), F(NAN), &out, &E), "ResourceLimitError",
                  "the distribution's rejection loop would never end with these parameters");
    ASSERT_RAISES(random_gammavariate(&R, A, F(1e308), I(1), &out, &E), "ResourceLimitError",
                  "the distribution's rejection loop would never end with these parameters");
    pv *huge = parse_int("1"
                         "000000000000000000000000000000000000000000000000000000000000000000000000000000000"
                         "000000000000000000000000000000000000000000000000000000000000000000000000000000000"
                         "000000000000000000000000000000000000000000000000000000000000000000000000000000000"
                         "000000000000000000000000000000000000000000000000000000000000000000000000000000000");
    /* an int too large for a float is converted only where Python converts it */
    ASSERT_RAISES(random_vonmisesvariate(&R, A, huge, I(4), &out, &E), "OverflowError",
                  "int too large to convert to float");
    ck_assert_int_eq(random_vonmisesvariate(&R, A, huge, I(0), &out, &E), 0);
    ck_assert_int_eq(random_gammavariate(&R, A, huge, I(1), &out, &E), -1); /* 2.0 * alpha */
    ck_assert_int_eq(random_gammavariate(&R, A, I(2), huge, &out, &E), -1); /* x * beta, at the end */
}
END_TEST

START_TEST(os_seed_differs)
{
    random_state r1, r2;
    random_seed_os(&r1);
    random_seed_os(&r2);
    ck_assert(random_bits64(&r1, 64) != random_bits64(&r2, 64));
}
END_TEST

TESTKIT_MAIN(((testkit_suite){.name = "random", .setup = setup, .teardown = teardown}), seeds_match_cpython,
             getrandbits_word_boundaries, sha512_vectors, int_true_division, state_and_gauss_next,
             integer_method_errors, randbytes_is_getrandbits_little_endian, sequence_errors,
             python_number_semantics, str_seed_encoding, other_distributions, os_seed_differs)
