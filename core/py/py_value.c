/* Python values (py_value.h): the constructors, lists, dicts in insertion
 * order (with a hash index past 8 keys), ints on an int64 fast path with GMP
 * beyond, Python's == between values, type names, and deep copies. */
#include "py/py_value.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text/utf8.h"

pv pv_None = {.kind = PV_NONE};
pv pv_True = {.kind = PV_BOOL, .b = true};
pv pv_False = {.kind = PV_BOOL, .b = false};

static pv *alloc_pv(arena *a, pv_kind k)
{
    pv *v = arena_alloc(a, sizeof *v);
    memset(v, 0, sizeof *v);
    v->kind = (uint8_t)k;
    return v;
}

pv *pv_int(arena *a, int64_t x)
{
    pv *v = alloc_pv(a, PV_INT);
    v->i.v = x;
    return v;
}

static void clear_mpz(void *p) { mpz_clear((mpz_ptr)p); }

pv *pv_int_mpz(arena *a, const mpz_t x)
{
    pv *v = alloc_pv(a, PV_INT);
    if (mpz_fits_slong_p(x) && sizeof(long) == 8) {
        v->i.v = mpz_get_si(x);
        return v;
    }
    mpz_ptr z = arena_alloc(a, sizeof(__mpz_struct));
    mpz_init_set(z, x);
    arena_defer(a, clear_mpz, z);
    arena_account(a, (size_t)z->_mp_alloc * sizeof(mp_limb_t));
    v->i.big = z;
    return v;
}

pv *pv_int_u64(arena *a, uint64_t x)
{
    if (x <= INT64_MAX)
        return pv_int(a, (int64_t)x);
    mpz_t z;
    mpz_init(z);
    mpz_import(z, 1, 1, sizeof x, 0, 0, &x);
    pv *v = pv_int_mpz(a, z);
    mpz_clear(z);
    return v;
}

pv *pv_int_parse(arena *a, const char *s, size_t n)
{
    size_t i = 0;
    bool neg = false;
    if (i < n && s[i] == '-')
        neg = true, i++;
    if (i == n)
        return NULL;
    for (size_t k = i; k < n; k++)
        if (s[k] < '0' || s[k] > '9')
            return NULL;
    if (n - i <= 18) {
        int64_t x = 0;
        for (; i < n; i++)
            x = x * 10 + (s[i] - '0');
        return pv_int(a, neg ? -x : x);
    }
    char *tmp = arena_strndup(a, s, n);
    mpz_t z;
    mpz_init(z);
    mpz_set_str(z, tmp, 10);
    pv *v = pv_int_mpz(a, z);
    mpz_clear(z);
    return v;
}

pv *pv_float(arena *a, double f)
{
    pv *v = alloc_pv(a, PV_FLOAT);
    v->f = f;
    return v;
}

pv *pv_str_take_n(arena *a, char *p, size_t len, size_t ncp)
{
    pv *v = alloc_pv(a, PV_STR);
    pv_str_set(v, p, len, ncp);
    return v;
}

pv *pv_str_take(arena *a, char *p, size_t len)
{
    return pv_str_take_n(a, p, len, utf8_count(p, len));
}

pv *pv_str(arena *a, const char *s, size_t len)
{
    return pv_str_take(a, arena_strndup(a, s, len), len);
}

pv *pv_cstr(arena *a, const char *s) { return pv_str(a, s, strlen(s)); }

pv *pv_bytes(arena *a, const void *p, size_t len)
{
    pv *v = alloc_pv(a, PV_BYTES);
    v->s.p = arena_strndup(a, p, len);
    v->s.len = len;
    return v;
}

pv *pv_list(arena *a, size_t cap)
{
    pv *v = alloc_pv(a, PV_LIST);
    v->l.cap = cap;
    v->l.items = cap ? arena_alloc(a, cap * sizeof(pv *)) : NULL;
    return v;
}

pv *pv_tuple(arena *a, size_t cap)
{
    pv *v = pv_list(a, cap);
    v->tuple = 1;
    return v;
}

void pv_list_push(arena *a, pv *l, pv *item)
{
    if (l->l.len == l->l.cap) {
        size_t cap = l->l.cap ? l->l.cap * 2 : 4;
        l->l.items = arena_realloc(a, l->l.items, l->l.cap * sizeof(pv *), cap * sizeof(pv *));
        l->l.cap = cap;
    }
    l->l.items[l->l.len++] = item;
}

/* ---------------------------------------------------------------- dict */

pv *pv_dict(arena *a, size_t cap)
{
    pv *v = alloc_pv(a, PV_DICT);
    v->d.cap = cap;
    v->d.items = cap ? arena_alloc(a, cap * sizeof(pv_entry)) : NULL;
    return v;
}

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

static void index_insert(pv *d, size_t entry)
{
    const pv *k = d->d.items[entry].key;
    size_t mask = d->d.index_cap - 1;
    size_t slot = hash_bytes(k->s.p, k->s.len) & mask;
    while (d->d.index[slot])
        slot = (slot + 1) & mask;
    d->d.index[slot] = (uint32_t)(entry + 1);
}

static void index_rebuild(arena *a, pv *d, size_t want)
{
    size_t cap = 16;
    while (cap < want * 2)
        cap *= 2;
    d->d.index = arena_calloc(a, cap, sizeof(uint32_t));
    d->d.index_cap = cap;
    for (size_t i = 0; i < d->d.len; i++)
        index_insert(d, i);
}

static long find_entry(const pv *d, const char *key, size_t klen)
{
    if (d->d.index) {
        size_t mask = d->d.index_cap - 1;
        size_t slot = hash_bytes(key, klen) & mask;
        for (uint32_t e; (e = d->d.index[slot]); slot = (slot + 1) & mask) {
            const pv *k = d->d.items[e - 1].key;
            if (k->s.len == klen && memcmp(k->s.p, key, klen) == 0)
                return (long)e - 1;
        }
        return -1;
    }
    for (size_t i = 0; i < d->d.len; i++) {
        const pv *k = d->d.items[i].key;
        if (k->s.len == klen && memcmp(k->s.p, key, klen) == 0)
            return (long)i;
    }
    return -1;
}

void pv_dict_set(arena *a, pv *d, pv *key, pv *val)
{
    long at = find_entry(d, key->s.p, key->s.len);
    if (at >= 0) {
        d->d.items[at].val = val;
        return;
    }
    if (d->d.len == d->d.cap) {
        size_t cap = d->d.cap ? d->d.cap * 2 : 4;
        d->d.items = arena_realloc(a, d->d.items, d->d.cap * sizeof(pv_entry), cap * sizeof(pv_entry));
        d->d.cap = cap;
    }
    d->d.items[d->d.len].key = key;
    d->d.items[d->d.len].val = val;
    d->d.len++;
    if (d->d.index && d->d.len * 2 <= d->d.index_cap)
        index_insert(d, d->d.len - 1);
    else if (d->d.len > 8)
        index_rebuild(a, d, d->d.len * 2);
}

void pv_dict_setc(arena *a, pv *d, const char *key, pv *val)
{
    size_t n = strlen(key);
    long at = find_entry(d, key, n);
    if (at >= 0)
        d->d.items[at].val = val;
    else
        pv_dict_set(a, d, pv_str(a, key, n), val);
}

pv *pv_dict_get(const pv *d, const char *key, size_t klen)
{
    long at = find_entry(d, key, klen);
    return at >= 0 ? d->d.items[at].val : NULL;
}

pv *pv_dict_getc(const pv *d, const char *key) { return pv_dict_get(d, key, strlen(key)); }

/* ---------------------------------------------------------------- ints */

int pv_int_sign(const pv *v)
{
    if (v->i.big)
        return mpz_sgn(v->i.big);
    return (v->i.v > 0) - (v->i.v < 0);
}

void pv_int_get_mpz(const pv *v, mpz_t out)
{
    if (v->i.big)
        mpz_set(out, v->i.big);
    else
        mpz_set_si(out, v->i.v);
}

int pv_int_cmp(const pv *a, const pv *b)
{
    if (!a->i.big && !b->i.big)
        return (a->i.v > b->i.v) - (a->i.v < b->i.v);
    if (a->i.big && b->i.big)
        return mpz_cmp(a->i.big, b->i.big);
    if (a->i.big)
        return mpz_sgn(a->i.big); /* |big| exceeds every int64 */
    return -mpz_sgn(b->i.big);
}

int pv_int_cmp_si(const pv *a, long b)
{
    if (a->i.big)
        return mpz_sgn(a->i.big);
    return (a->i.v > b) - (a->i.v < b);
}

bool pv_int_to_double(const pv *v, double *out)
{
    if (!v->i.big) {
        *out = (double)v->i.v; /* correctly rounded by the C conversion */
        return true;
    }
    /* Python rounds half to even on the exact value; mpz_get_d truncates. */
    size_t bits = mpz_sizeinbase(v->i.big, 2);
    if (bits > 1024)
        return false;
    mpz_t t, r;
    mpz_init(t);
    mpz_init(r);
    mpz_abs(t, v->i.big);
    double d;
    if (bits <= 53) {
        d = mpz_get_d(t);
    } else {
        size_t shift = bits - 54; /* keep 54 bits: 53 + the rounding bit */
        mpz_tdiv_q_2exp(r, t, shift);
        bool sticky = mpz_scan1(t, 0) < shift;
        unsigned long top = mpz_get_ui(r); /* 54 bits */
        unsigned long m = top >> 1;
        if ((top & 1) && (sticky || (m & 1)))
            m++;
        d = ldexp((double)m, (int)shift + 1);
    }
    mpz_clear(t);
    mpz_clear(r);
    if (isinf(d))
        return false;
    *out = mpz_sgn(v->i.big) < 0 ? -d : d;
    return true;
}

size_t pv_int_ndigits(const pv *v)
{
    if (!v->i.big) {
        uint64_t x = v->i.v < 0 ? (uint64_t)0 - (uint64_t)v->i.v : (uint64_t)v->i.v;
        size_t n = 1;
        while (x >= 10)
            x /= 10, n++;
        return n;
    }
    size_t n = mpz_sizeinbase(v->i.big, 10); /* may be one too many */
    if (n > 1) {
        mpz_t p;
        mpz_init(p);
        mpz_ui_pow_ui(p, 10, n - 1);
        if (mpz_cmpabs(v->i.big, p) < 0)
            n--;
        mpz_clear(p);
    }
    return n;
}

void pv_int_write(strbuf *sb, const pv *v)
{
    if (!v->i.big) {
        char buf[24];
        uint64_t x = v->i.v < 0 ? (uint64_t)0 - (uint64_t)v->i.v : (uint64_t)v->i.v;
        char *p = buf + sizeof buf;
        do
            *--p = (char)('0' + x % 10);
        while (x /= 10);
        if (v->i.v < 0)
            *--p = '-';
        strbuf_append(sb, p, (size_t)(buf + sizeof buf - p));
        return;
    }
    size_t n = mpz_sizeinbase(v->i.big, 10) + 2;
    strbuf_reserve(sb, n);
    mpz_get_str(sb->data + sb->len, 10, v->i.big);
    sb->len += strlen(sb->data + sb->len);
}

/* ---------------------------------------------------------------- Python-level */

const char *pv_type_name(const pv *v)
{
    switch ((pv_kind)v->kind) {
    case PV_NONE: return "NoneType";
    case PV_BOOL: return "bool";
    case PV_INT: return "int";
    case PV_FLOAT: return "float";
    case PV_STR: return "str";
    case PV_BYTES: return "bytes";
    case PV_LIST: return v->tuple ? "tuple" : "list";
    case PV_DICT: return "dict";
    }
    return "object";
}

/* int (or bool) == float, exactly as Python compares them. */
static bool int_eq_float(const pv *i, double f)
{
    if (!isfinite(f) || f != floor(f))
        return false;
    if (i->kind == PV_BOOL)
        return f == (i->b ? 1.0 : 0.0);
    if (!i->i.big)
        return fabs(f) < 9.3e18 && (double)(int64_t)f == f && (int64_t)f == i->i.v;
    mpz_t z;
    mpz_init_set_d(z, f);
    bool eq = mpz_cmp(z, i->i.big) == 0;
    mpz_clear(z);
    return eq;
}

bool pv_eq(const pv *a, const pv *b)
{
    if (a == b)
        return a->kind != PV_FLOAT || !isnan(a->f);
    if (pv_is_number(a) && pv_is_number(b)) {
        if (a->kind == PV_FLOAT && b->kind == PV_FLOAT)
            return a->f == b->f;
        if (a->kind == PV_FLOAT)
            return int_eq_float(b, a->f);
        if (b->kind == PV_FLOAT)
            return int_eq_float(a, b->f);
        if (a->kind == PV_BOOL && b->kind == PV_BOOL)
            return a->b == b->b;
        if (a->kind == PV_BOOL)
            return pv_int_cmp_si(b, a->b) == 0;
        if (b->kind == PV_BOOL)
            return pv_int_cmp_si(a, b->b) == 0;
        return pv_int_cmp(a, b) == 0;
    }
    if (a->kind != b->kind)
        return false;
    switch ((pv_kind)a->kind) {
    case PV_NONE: return true;
    case PV_STR:
    case PV_BYTES: return a->s.len == b->s.len && memcmp(a->s.p, b->s.p, a->s.len) == 0;
    case PV_LIST:
        if (a->tuple != b->tuple || a->l.len != b->l.len)
            return false;
        for (size_t i = 0; i < a->l.len; i++)
            if (!pv_eq(a->l.items[i], b->l.items[i]))
                return false;
        return true;
    case PV_DICT:
        if (a->d.len != b->d.len)
            return false;
        for (size_t i = 0; i < a->d.len; i++) {
            const pv *k = a->d.items[i].key;
            const pv *o = pv_dict_get(b, k->s.p, k->s.len);
            if (!o || !pv_eq(a->d.items[i].val, o))
                return false;
        }
        return true;
    default: return false;
    }
}

pv *pv_copy(arena *a, const pv *v)
{
    switch ((pv_kind)v->kind) {
    case PV_NONE:
    case PV_BOOL: return (pv *)v; /* singletons */
    case PV_INT: {
        if (!v->i.big)
            return pv_int(a, v->i.v);
        return pv_int_mpz(a, v->i.big);
    }
    case PV_FLOAT: return pv_float(a, v->f);
    case PV_STR: return pv_str_take_n(a, arena_strndup(a, v->s.p, v->s.len), v->s.len, v->s.ncp);
    case PV_BYTES: return pv_bytes(a, v->s.p, v->s.len);
    case PV_LIST: {
        pv *l = pv_list(a, v->l.len);
        l->tuple = v->tuple;
        for (size_t i = 0; i < v->l.len; i++)
            l->l.items[i] = pv_copy(a, v->l.items[i]);
        l->l.len = v->l.len;
        return l;
    }
    case PV_DICT: {
        pv *d = pv_dict(a, v->d.len);
        for (size_t i = 0; i < v->d.len; i++)
            pv_dict_set(a, d, pv_copy(a, v->d.items[i].key), pv_copy(a, v->d.items[i].val));
        return d;
    }
    }
    return (pv *)v;
}
