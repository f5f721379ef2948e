/* Runs: patterns that are one character-sized item repeated -- \w+, \s+,
 * [^,]+, \d{2,4}, .+ -- matched by a scan of the str's UTF-8, without
 * PCRE2 and without the 32-bit copy of the subject.  sre runs these with
 * REPEAT_ONE and its count loop; this is the same idea.
 *
 * Exact: with nothing after the repeat, a greedy or possessive X{m,n}
 * searched from a position matches at the first position where at least m
 * members of X follow, and takes up to n of them; a lazy one takes m.  No
 * match is empty (m >= 1), so the scans' empty-match rules never apply.
 * Membership is what re_emit gives PCRE2 for the item: the same sets
 * (re_class_set, IGNORECASE spelled out) and, for the categories PCRE2
 * tests natively, Python's definitions (str.isdecimal, str.isalnum or '_'). */
#ifndef PYSTD_RE_RUN_H
#define PYSTD_RE_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "py/py_err.h"
#include "py/py_value.h"
#include "re/re.h"
#include "re/re_parse.h"

typedef struct re_run re_run;

/* The run a parsed pattern is, or NULL when it is not one (malloc'ed:
 * free with re_run_free). */
re_run *re_run_plan(const re_parsed *rp, arena *a);
void re_run_free(re_run *r);

/* The run of a compiled pattern, or NULL (also while bypassed). */
re_run *re_run_of(const re_pattern *p);
/* While on, the calling thread matches runs with PCRE2 like any pattern
 * (the tests compare the two). */
void re_run_bypass(bool on);

/* Is code point c a member of the run's item? (tests; the scans decode and
 * test inline) */
bool re_run_member(re_run *r, uint32_t c);

/* The operations, with re_match.c's arguments, results, limits and errors. */
int re_run_findall(re_run *r, const pv *string, const pv *pos, const pv *endpos, arena *a, pv **out,
                   py_err *err);
int re_run_finditer(re_run *r, const pv *string, const pv *pos, const pv *endpos, arena *a, pv **out,
                    py_err *err);
/* search/match/fullmatch (mode: re_mode) over the code points [start,
 * end) (clamped, start <= end): the Match object or None. */
int re_run_search(re_run *r, const pv *string, size_t start, size_t end, int mode, arena *a, pv **out,
                  py_err *err);
/* sub/subn with a literal replacement (lit: UTF-8, lit_len bytes,
 * lit_ncp code points); count 0: all. */
int re_run_sub(re_run *r, const char *lit, size_t lit_len, size_t lit_ncp, const pv *string, int64_t count,
               bool subn, arena *a, pv **out, py_err *err);
int re_run_split(re_run *r, const pv *string, int64_t maxsplit, arena *a, pv **out, py_err *err);

#endif
