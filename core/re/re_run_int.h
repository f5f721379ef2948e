/* What the files of runs share (re_run.h): the run itself, its byte
 * classes, and the cursor that finds its matches in a str's UTF-8. */
#ifndef PYSTD_RE_RUN_INT_H
#define PYSTD_RE_RUN_INT_H

#include <pthread.h>
#include <stdatomic.h>

#include "re/re_run.h"

#define RE_RUN_BMP_WORDS (0x10000 / 64)

/* What a byte says of the code point it starts (re_run_tables). */
enum { RUN_NON = 0, RUN_MEMBER = 1, RUN_MIXED = 2 /* decode it and look */, RUN_CONT = 3 };

/* Built with the BMP table, on first use. */
typedef struct re_run_tables {
    uint64_t bmp[RE_RUN_BMP_WORDS]; /* members below 0x10000 */
    uint8_t cls[256];               /* RUN_* of each byte value */
    /* the same as nibble tables for 16-byte shuffles: ASCII members (any
     * bit of asc_hi[b >> 4] & asc_lo[b & 15]); lead bytes all of whose code
     * points are members (bits 0-3 of lead_hi & lead_lo) or mixed (bits 4-7) */
    uint8_t asc_hi[16], asc_lo[16], lead_hi[16], lead_lo[16];
} re_run_tables;

struct re_run {
    uint32_t min, max; /* the repeat's bounds (RE_MAXREPEAT: none) */
    uint32_t want;     /* a search or match takes up to this many: max, or min when lazy */
    uint32_t (*ranges)[2];
    size_t nranges;
    unsigned native; /* bit per re_cat: \d \D \w \W as Python defines them */
    bool negate;
    bool asc[128];                   /* members below 0x80 */
    _Atomic(re_run_tables *) tables; /* built on first use */
    pthread_mutex_t mu;              /* guards building them */
};

const re_run_tables *re_run_tables_of(re_run *r);

typedef struct re_run_hit {
    size_t b0, b1;   /* bytes */
    size_t cp0, cp1; /* code points */
} re_run_hit;

typedef struct re_run_cursor {
    re_run *r;
    const re_run_tables *t;
    const unsigned char *p; /* the str's UTF-8 (stored form: a lone surrogate is its 3-byte sequence) */
    size_t b, e;            /* next byte, end byte */
    size_t cp;              /* code point index of b */
    /* unbounded runs: 64-byte blocks from the first position, as bit masks
     * of the code points starting there (S), members (M) and not (N) */
    bool blocks;
    size_t B, cpB; /* the block's first byte and its code point index */
    uint64_t S, M, N;
} re_run_cursor;

/* The cursor at code points [start, end) of s. */
void re_run_cursor_init(re_run_cursor *k, re_run *r, const pv *s, size_t start, size_t end);
/* The next match at or after the cursor (a search): true with it in *h,
 * the cursor after it. */
bool re_run_next(re_run_cursor *k, re_run_hit *h);
/* The next matches, up to max of them, into h[]: how many (fewer only when
 * the text is done). */
size_t re_run_next_n(re_run_cursor *k, re_run_hit *h, size_t max);
/* At the cursor (an anchored match): how many members follow, at most
 * want; the cursor after them. */
uint32_t re_run_take(re_run_cursor *k, uint32_t want);

#endif
