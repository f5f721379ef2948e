/* The subject of a match (re_subject.h): the str's UTF-8 decoded to 32-bit
 * code points for PCRE2, with or without the table of byte offsets, and the
 * slices of results carved from shared blocks of the arena. */
#include "re/re_subject.h"

#include <string.h>

#include "text/utf8.h"

/* Bytes of the sequence a lead byte starts (stored-str UTF-8: never a
 * continuation byte). */
static const unsigned char UTF8_LEN[16] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 4};
#define ASCII8 0x8080808080808080ull

/* Decode the len bytes at p into u (and their offsets into off, if not
 * NULL), eight ASCII bytes at a time where it can.  (A branch-free decoder
 * and a 16-byte one, measured on mixed English/CJK text, were both slower
 * than this: the branches of a code point's length predict well enough.) */
static inline __attribute__((always_inline)) void decode(const unsigned char *p, size_t len, uint32_t *u,
                                                         uint32_t *off)
{
    size_t b = 0, i = 0;
    while (b < len) {
        if (b + 8 <= len) {
            uint64_t w;
            memcpy(&w, p + b, 8);
            if (!(w & ASCII8)) {
                for (unsigned k = 0; k < 8; k++) {
                    u[i + k] = p[b + k];
                    if (off)
                        off[i + k] = (uint32_t)(b + k);
                }
                i += 8;
                b += 8;
                continue;
            }
        }
        if (off)
            off[i] = (uint32_t)b;
        u[i++] = utf8_next((const char *)p, &b);
    }
    if (off)
        off[i] = (uint32_t)b;
}

void re_subject_init(re_subject *S, const pv *s, bool offsets, arena *a)
{
    S->s = s;
    S->n = s->s.ncp;
    S->ascii = s->ascii;
    S->cur_cp = S->cur_b = 0;
    S->pool = (re_pool){NULL, NULL};
    S->off = NULL;
    S->u = arena_alloc(a, (S->n + 1) * sizeof *S->u);
    const unsigned char *p = (const unsigned char *)s->s.p;
    if (s->ascii) { /* byte offsets are code-point offsets */
        for (size_t i = 0; i < S->n; i++)
            S->u[i] = p[i];
        return;
    }
    /* A str is at most max_body (or max_result_bytes) long: 32-bit offsets. */
    if (offsets) {
        S->off = arena_alloc(a, (S->n + 1) * sizeof *S->off);
        decode(p, s->s.len, S->u, S->off);
    } else {
        decode(p, s->s.len, S->u, NULL);
    }
}

size_t re_subject_byte_walk(re_subject *S, size_t i)
{
    if (i < S->cur_cp)
        S->cur_cp = S->cur_b = 0;
    const unsigned char *p = (const unsigned char *)S->s->s.p;
    size_t b = S->cur_b;
    for (size_t k = S->cur_cp; k < i; k++)
        b += UTF8_LEN[p[b] >> 4];
    S->cur_cp = i;
    S->cur_b = b;
    return b;
}

char *re_pool_room(re_pool *pl, size_t n, arena *a)
{
    if (n >= 256)
        return arena_alloc(a, n + 1);
    if ((size_t)(pl->end - pl->p) < n + 1) {
        pl->p = arena_alloc(a, 16384);
        pl->end = pl->p + 16384;
    }
    char *r = pl->p;
    pl->p += n + 1;
    return r;
}

pv *re_subject_slice(re_subject *S, size_t i, size_t j, arena *a)
{
    if (j <= i)
        return pv_str_take_n(a, re_pool_room(&S->pool, 0, a), 0, 0);
    size_t bi = re_subject_byte(S, i), bj = re_subject_byte(S, j);
    char *p = re_pool_room(&S->pool, bj - bi, a);
    memcpy(p, S->s->s.p + bi, bj - bi);
    return pv_str_take_n(a, p, bj - bi, j - i);
}
