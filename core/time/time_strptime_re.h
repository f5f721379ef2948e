/* The regular-expression subset that time.strptime compiles (_strptime's
 * TimeRE patterns under re.IGNORECASE), with the semantics of CPython's sre:
 * ordered alternation, greedy quantifiers, backtracking, `\d` = Unicode
 * decimal digit, `\s` = str.isspace, case-insensitive literals compared by
 * simple lowercase plus sre's extra equivalences (i/ı, s/ſ, ...).
 *
 * Syntax understood: literals, `\` escapes (`\d`, `\s`, `\<punct>`), `[...]`
 * sets with ranges, `(...)`, `(?P<name>...)`, `(?-i:...)`, `|`, `?`, `*`,
 * `+`, `{m}`, `{m,n}`.  Patterns and subjects are code-point arrays. */
#ifndef PYSTD_TIME_STRPTIME_RE_H
#define PYSTD_TIME_STRPTIME_RE_H

#include <stddef.h>
#include <stdint.h>

#include "py/py_err.h"

typedef struct time_rx_prog time_rx_prog;

/* Compile with IGNORECASE.  -1 with re.error (and `pos`) on a redefined
 * group name, the only error the patterns strptime builds can have. */
int time_rx_compile(arena *a, const uint32_t *pat, size_t n, time_rx_prog **out, py_err *e);

/* re.match at position 0.  1 = match (caps[2g], caps[2g+1] = span of group g,
 * group 0 the whole match; -1 when a group did not take part), 0 = no match,
 * -1 = error (a ResourceLimitError when `budget` steps were not enough). */
int time_rx_match(arena *a, const time_rx_prog *p, const uint32_t *s, size_t n, size_t budget, long *caps,
                  py_err *e);

size_t time_rx_ngroups(const time_rx_prog *p); /* capturing groups, group 0 excluded */
size_t time_rx_nnamed(const time_rx_prog *p);
/* The i-th named group in definition order: its name and group number. */
const char *time_rx_named(const time_rx_prog *p, size_t i, int *group);

#endif
