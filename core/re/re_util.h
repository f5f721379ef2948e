/* Small pieces of Python the re module needs: repr() of a str for error
 * messages, str.isidentifier() for group names, int(str) for group numbers,
 * and re.escape(); and the growth of the re module's arena arrays. */
#ifndef PYSTD_RE_UTIL_H
#define PYSTD_RE_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/strbuf.h"
#include "py/py_value.h"

/* repr(s) of n code points, into the arena (NUL-terminated). */
char *re_repr_a(arena *a, const uint32_t *s, size_t n);

/* str.isidentifier() */
bool re_isidentifier(const uint32_t *s, size_t n);

/* int(s) for a str as Python reads it (Unicode whitespace around, one sign,
 * Unicode decimal digits, '_' between digits).  Returns false on ValueError.
 * *neg is the sign; digits (ASCII, no leading zeros, "0" for zero) go to
 * the arena. */
bool re_pyint(arena *a, const uint32_t *s, size_t n, bool *neg, const char **digits);
/* The value of such a digit string, saturated at UINT64_MAX. */
uint64_t re_digits_value(const char *digits);

/* re.escape(s) */
pv *re_escape(arena *a, const pv *s);

/* An arena array of `size`-byte elements holding len of *cap: itself when
 * there is room for one more, else a copy with twice the room (`first` the
 * first time). */
void *re_grow(arena *a, void *p, size_t len, size_t *cap, size_t size, size_t first);

/* UTF-8 of n code points (lone surrogates as 3-byte sequences). */
char *re_utf8_a(arena *a, const uint32_t *s, size_t n, size_t *len);

/* Generated tables (core/re/re_tables.c, tools/gen_re_tables.py). */
typedef struct re_range32 {
    uint32_t lo, hi;
} re_range32;
extern const re_range32 re_xid_start[], re_xid_continue[], re_space[];
extern const size_t re_xid_start_n, re_xid_continue_n, re_space_n;
/* _casefix._EXTRA_CASES: lower-case code point -> up to 2 others */
typedef struct re_casefix {
    uint32_t key;
    uint32_t n;
    uint32_t v[2];
} re_casefix;
extern const re_casefix re_casefixes[];
extern const size_t re_casefixes_n;

bool re_in_ranges(const re_range32 *r, size_t n, uint32_t c);

#endif
