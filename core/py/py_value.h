/* Python values in C: what a JSON request decodes to, what handlers compute,
 * what the envelope writes back.  Every value lives in an arena (arena.h) and
 * is freed with it; the three singletons below live forever.
 *
 *   None, bool, int (any size: int64 fast path, GMP beyond), float (double),
 *   str (UTF-8; a lone surrogate U+D800..U+DFFF is stored as its own 3-byte
 *   sequence, so a str is any sequence of code points, as in Python),
 *   bytes, list (tuple flag for Python tuples), dict (str keys, insertion
 *   order, last value wins at the first key's position).
 */
#ifndef PYSTD_PY_VALUE_H
#define PYSTD_PY_VALUE_H

#include <gmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/strbuf.h"

typedef enum pv_kind {
    PV_NONE,
    PV_BOOL,
    PV_INT,
    PV_FLOAT,
    PV_STR,
    PV_BYTES,
    PV_LIST,
    PV_DICT,
} pv_kind;

typedef struct pv pv;
typedef struct pv_entry {
    pv *key; /* PV_STR */
    pv *val;
} pv_entry;

struct pv {
    uint8_t kind;  /* pv_kind */
    uint8_t tuple; /* PV_LIST: Python would hold a tuple here */
    uint8_t ascii; /* PV_STR: only ASCII, so byte offsets are code-point offsets */
    union {
        bool b;
        struct {
            int64_t v;  /* the value when big == NULL */
            mpz_ptr big; /* set only when the value does not fit int64 */
        } i;
        double f;
        struct {
            const char *p; /* NUL-terminated (a str may hold NULs: use len) */
            size_t len;    /* bytes */
            size_t ncp;    /* code points (PV_STR) */
        } s;
        struct {
            pv **items;
            size_t len, cap;
        } l;
        struct {
            pv_entry *items;
            size_t len, cap;
            uint32_t *index; /* open-addressed slots (entry+1), built past 8 keys */
            size_t index_cap;
        } d;
    };
};

extern pv pv_None, pv_True, pv_False;

static inline pv *pv_bool(bool b) { return b ? &pv_True : &pv_False; }
static inline pv *pv_none(void) { return &pv_None; }

pv *pv_int(arena *a, int64_t v);
pv *pv_int_u64(arena *a, uint64_t v);
pv *pv_int_mpz(arena *a, const mpz_t v); /* copies; small values stay small */
/* Decimal digits with optional leading '-'; no other syntax.  NULL when
 * the text is not an integer of that form. */
pv *pv_int_parse(arena *a, const char *s, size_t n);
pv *pv_float(arena *a, double f);

/* UTF-8 (generalised: lone surrogates as 3-byte sequences) is copied. */
pv *pv_str(arena *a, const char *utf8, size_t len);
pv *pv_cstr(arena *a, const char *s);
/* Takes arena memory the caller filled; p[len] must be writable (set to NUL). */
pv *pv_str_take(arena *a, char *p, size_t len);
/* Same with the code-point count already known (skips the scan). */
pv *pv_str_take_n(arena *a, char *p, size_t len, size_t ncp);
/* What pv_str_take_n does to a str value v allocated elsewhere (the JSON
 * reader's slab): p[len] = '\0' and v the str of p's len bytes, ncp code points. */
static inline void pv_str_set(pv *v, char *p, size_t len, size_t ncp)
{
    p[len] = '\0';
    v->s.p = p;
    v->s.len = len;
    v->s.ncp = ncp;
    v->ascii = ncp == len;
}
pv *pv_bytes(arena *a, const void *p, size_t len);

pv *pv_list(arena *a, size_t cap);
pv *pv_tuple(arena *a, size_t cap);
void pv_list_push(arena *a, pv *list, pv *item);

pv *pv_dict(arena *a, size_t cap);
/* Insert or replace (an existing key keeps its position). */
void pv_dict_set(arena *a, pv *d, pv *key, pv *val);
void pv_dict_setc(arena *a, pv *d, const char *key, pv *val);
pv *pv_dict_get(const pv *d, const char *key, size_t klen);
pv *pv_dict_getc(const pv *d, const char *key);

/* --- integers --- */
static inline bool pv_is_int(const pv *v) { return v->kind == PV_INT; }
static inline bool pv_int_small(const pv *v) { return v->i.big == NULL; }
int pv_int_sign(const pv *v);
void pv_int_get_mpz(const pv *v, mpz_t out); /* out already mpz_init'ed */
int pv_int_cmp(const pv *a, const pv *b);
int pv_int_cmp_si(const pv *a, long b);
/* Exact int -> double as Python's float(int): false on OverflowError. */
bool pv_int_to_double(const pv *v, double *out);
/* Decimal digits of |v| (exact). */
size_t pv_int_ndigits(const pv *v);
void pv_int_write(strbuf *sb, const pv *v); /* decimal, '-' when negative */

/* --- Python-level helpers --- */
/* Python's type name: 'NoneType', 'bool', 'int', 'float', 'str', 'bytes', 'list', 'tuple', 'dict'. */
const char *pv_type_name(const pv *v);
/* Python ==: 1 == 1.0 == True, nan != nan, element-wise for lists/dicts. */
bool pv_eq(const pv *a, const pv *b);
/* A Python number (int, float or bool). */
static inline bool pv_is_number(const pv *v)
{
    return v->kind == PV_INT || v->kind == PV_FLOAT || v->kind == PV_BOOL;
}
/* Deep copy into another arena (jobs keep results beyond the request). */
pv *pv_copy(arena *a, const pv *v);

#endif
