/* Character sets as sre matches them, turned into explicit code-point
 * ranges for PCRE2 (which is always compiled case-sensitively: Python's
 * IGNORECASE rules -- simple lower-case equality, the _casefix extra
 * equivalences, the ASCII flag -- differ from PCRE2's caseless matching, so
 * the translator spells out every case variant itself). */
#ifndef PYSTD_RE_CLASS_H
#define PYSTD_RE_CLASS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "re/re_parse.h"

typedef struct re_rset {
    uint32_t (*r)[2]; /* [lo, hi] */
    size_t len, cap;
} re_rset;

void re_rset_add(arena *a, re_rset *s, uint32_t lo, uint32_t hi);
/* Sort and merge overlapping or adjacent ranges. */
void re_rset_normalize(re_rset *s);
/* Complement within 0..0x10FFFF (normalised input). */
void re_rset_complement(arena *a, const re_rset *in, re_rset *out);

/* Case data as sre uses it (built once, thread-safe). */
void re_case_init(void);
uint32_t re_lower(uint32_t c, bool ascii);
bool re_iscased(uint32_t c, bool ascii);

/* The characters a LITERAL c matches under IGNORECASE (c cased). */
void re_case_literal(arena *a, uint32_t c, bool ascii, re_rset *out);

/* What an IN set matches.  items/n as parsed (NEGATE first if present).
 * Categories that PCRE2 can test natively (\d \D \w \W in Unicode mode) are
 * returned in *native (bit per re_cat) instead of as ranges; the caller
 * emits them inside the same class.  *negate says whether the class is
 * negated. */
void re_class_set(arena *a, const re_setitem *items, size_t n, bool ignorecase, bool ascii,
                  re_rset *out, unsigned *native, bool *negate);

/* Python's \s (str.isspace) and the ASCII classes as ranges. */
void re_cat_ranges(arena *a, re_cat cat, bool ascii, re_rset *out);

#endif
