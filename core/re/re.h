/* Python's re module (str patterns) on PCRE2 with JIT.
 *
 *   re_lex.c      the Tokenizer and re.error, shared by patterns and templates
 *   re_parse.c    Python syntax -> tree, with CPython's errors (sequences,
 *                 alternatives, widths; re_parse_escape.c, re_parse_group.c,
 *                 re_parse_item.c: escapes, groups and flags, sets and repeats)
 *   re_emit.c     tree -> PCRE2 pattern with Python's semantics (repeats in
 *                 re_emit_repeat.c, sre's own marks in re_emit_marks.c)
 *   re_class.c    sets and IGNORECASE as sre matches them
 *   re_cache.c    compiled-pattern LRU cache, PCRE2 compile + JIT, limits
 *   re_match.c    search/match/fullmatch/findall/finditer/sub/subn/split
 *   re_subject.c  the subject as PCRE2 reads it (32-bit code points)
 *   re_required.c characters every match consumes: "no match" without a scan
 *   re_run.c      runs: one character-sized item repeated (\w+, [^,]+),
 *                 matched by a scan of the UTF-8 without PCRE2 (the scan in
 *                 re_run_scan.c, the operations in re_run_ops.c)
 *   re_callout.c  the pattern's callouts: repeat counts, sre's marks, the guard
 *   re_template.c sub() replacement templates
 *   re_zw.c       pos > endpos: only zero-width items evaluated, as sre does
 *   re_util.c     repr, isidentifier, int() of group numbers, re.escape
 *   re_tables.c   identifier, whitespace and case tables (generated)
 *
 *   re_bytes.c    bytes patterns and subjects (as Latin-1 text), results to bytes
 *
 * Offsets are code points.  Every function returns 0, or -1 with *err set
 * (re.error, ValueError, OverflowError, IndexError, 400 BadRequest for a
 * flags argument pyref refuses, 422 ResourceLimitError for the limits). */
#ifndef PYSTD_RE_H
#define PYSTD_RE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/strbuf.h"
#include "py/py_err.h"
#include "py/py_value.h"

typedef struct re_pattern re_pattern;

/* The `flags` argument: an int of I L M S U X A bits or a list of names. */
int re_flags_arg(const pv *v, int *flags, arena *a, py_err *err);

/* Not a Python flag (re_flags_arg refuses it): or'ed into re_compile's
 * flags, the pattern (given as its Latin-1 text) was bytes: sre's rules for
 * bytes patterns.  Pattern.flags never shows it. */
#define RE_COMPILE_BYTES (1 << 20)

/* re.compile(pattern, flags) through the cache; release the result. */
int re_compile(const pv *pattern, int flags, re_pattern **out, arena *a, py_err *err);
void re_pattern_release(re_pattern *p);

/* {"pattern", "flags", "groups", "groupindex"} */
pv *re_pattern_info(arena *a, const re_pattern *p);

typedef enum re_mode { RE_MODE_SEARCH, RE_MODE_MATCH, RE_MODE_FULLMATCH } re_mode;

/* pos: int; endpos: int or None (Python's defaults 0 and None). */
int re_search(re_pattern *p, const pv *string, const pv *pos, const pv *endpos, re_mode mode, arena *a,
              pv **out, py_err *err);
int re_findall(re_pattern *p, const pv *string, const pv *pos, const pv *endpos, arena *a, pv **out,
               py_err *err);
int re_finditer(re_pattern *p, const pv *string, const pv *pos, const pv *endpos, arena *a, pv **out,
                py_err *err);
int re_sub(re_pattern *p, const pv *repl, const pv *string, const pv *count, bool subn, arena *a, pv **out,
           py_err *err);
/* A callable repl: re.sub(pattern, lambda m: call(m.group(group)), ...).
 * `group` is an int or a str (a group name); one that names no group is
 * IndexError "no such group" at the first match.  call answers a value or
 * NULL with *err set; results that are None add nothing, other non-str
 * results are the join's TypeError once the scan is over, as in sre. */
typedef struct re_repl_fn {
    pv *(*call)(void *data, pv *arg, py_err *err);
    void *data;
    const char *(*type_name)(const pv *v); /* a result's Python type name (NULL: pv_type_name) */
    const pv *group;
} re_repl_fn;
int re_sub_fn(re_pattern *p, const re_repl_fn *f, const pv *string, const pv *count, bool subn, arena *a,
              pv **out, py_err *err);
/* re.compile(pattern).search(string, pos, endpos).expand(template), or None
 * when nothing matches (the template is then not parsed). */
int re_expand(re_pattern *p, const pv *tmpl, const pv *string, const pv *pos, const pv *endpos, arena *a,
              pv **out, py_err *err);
int re_split(re_pattern *p, const pv *string, const pv *maxsplit, arena *a, pv **out, py_err *err);

/* re.escape(pattern) */
pv *re_escape(arena *a, const pv *s);

/* Bytes (re_bytes.c).  A bytes pattern or subject is handed over as its
 * Latin-1 text (one code point per byte); results go back with
 * re_text_bytes (a str, or every str item of a list or of its tuples, in
 * place) or re_match_bytes (a match's group, groups and groupdict values,
 * in place; None as it is). */
pv *re_bytes_text(arena *a, const pv *b);
pv *re_text_bytes(arena *a, pv *v);
pv *re_match_bytes(arena *a, pv *m);
/* sub/subn when any of pattern, repl, string is bytes (given as text, with
 * their kinds): what CPython checks before and while substituting, in its
 * order: the template's re.error, the string's kind against the pattern's,
 * and the TypeError of joining a repl of the other kind (at the first
 * match; none when nothing matches or the template is only groups). */
/* A re.error raised on a bytes pattern or template: its message as the
 * Tokenizer writes it then, non-ASCII backslash-escaped. */
void re_error_ascii(arena *a, py_err *err);
int re_sub_kinds(re_pattern *p, bool pattern_bytes, const pv *repl, bool repl_bytes, const pv *string,
                 bool string_bytes, const pv *count, arena *a, py_err *err);

/* The cache. */
void re_cache_purge(void);
typedef struct re_cache_stats {
    uint64_t hits, misses;
    size_t maxsize, currsize;
} re_cache_stats;
void re_cache_info(re_cache_stats *st);
/* While on, the calling thread's compiles neither look in the cache nor
 * enter it, and leave its counters alone: work the service does for itself
 * (the OpenAPI document's examples) changes nothing re.purge/cache_info show. */
void re_cache_bypass(bool on);
void re_cache_fini(void);
/* Prometheus lines: pystd_regex_cache_{hits,misses}_total, _size, _maxsize,
 * pystd_regex_limit_hits_total. */
void re_metrics(strbuf *out);

#endif
