/* The subject of a match: a str as the 32-bit code points PCRE2-32 reads
 * (so offsets are code points), the way back from code-point offsets to the
 * str's UTF-8 bytes, and slices of it as str values. */
#ifndef PYSTD_RE_SUBJECT_H
#define PYSTD_RE_SUBJECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "py/py_value.h"

/* Arena room for many small strings: they are carved from shared 16 KiB
 * blocks (the 100,000 results of a findall are some dozens of allocations, not
 * 100,000); a string of 256 bytes or more gets its own. */
typedef struct re_pool {
    char *p, *end;
} re_pool;

/* Room for n + 1 bytes. */
char *re_pool_room(re_pool *pl, size_t n, arena *a);

typedef struct re_subject {
    const pv *s;
    uint32_t *u; /* code points */
    size_t n;
    uint32_t *off; /* off[i] = byte offset of code point i (i <= n), for scans with many results */
    bool ascii;
    size_t cur_cp, cur_b;  /* without off: the last conversion, to continue from */
    re_pool pool;          /* room for the result strings */
} re_subject;

/* `offsets`: build the byte-offset table (scans that slice many results);
 * else offsets are found by scanning from the last one asked for. */
void re_subject_init(re_subject *S, const pv *s, bool offsets, arena *a);

size_t re_subject_byte_walk(re_subject *S, size_t i);

/* Byte offset of code point i (i <= n). */
static inline size_t re_subject_byte(re_subject *S, size_t i)
{
    if (S->off)
        return S->off[i];
    if (S->ascii)
        return i;
    return re_subject_byte_walk(S, i); /* from the last one asked for */
}

/* Code points [i, j) as a new str (in the arena). */
pv *re_subject_slice(re_subject *S, size_t i, size_t j, arena *a);

/* Bytes of code points [i, j) of a subject with the offset table (or ASCII). */
static inline size_t re_subject_slice_bytes(const re_subject *S, size_t i, size_t j)
{
    if (j <= i)
        return 0;
    return S->off ? S->off[j] - S->off[i] : j - i;
}

#endif
