/* The parsed Python pattern (re_parse.h) as a PCRE2 pattern (32-bit code
 * units, compiled without UTF so that lone surrogates are characters too).
 *
 * This is the compile step of Lib/re/_compiler.py: it raises the errors
 * CPython raises there (look-behind widths, the TEMPLATE flag), and it
 * spells out Python's semantics where PCRE2 means something else:
 *   - IGNORECASE: every cased character or set becomes the explicit class
 *     of what sre matches (PCRE2 is never caseless, except for
 *     back-references in ASCII mode or inside look-behinds; other caseless
 *     back-references are compared by a callout);
 *   - ^ $ . \A \Z \b \B per the flags in force at that point (scoped flags
 *     included), \s as str.isspace(), ASCII-mode classes as ASCII ranges;
 *   - a (*MARK) after each capturing group, which is how Match.lastindex
 *     (the last group closed on the matching path) is recovered;
 *   - repeats as sre counts them (re_emit_repeat.c): each iteration of a
 *     possessive repeat is atomic, and where an iteration can match empty,
 *     sre's REPEAT is counted by callouts (its count and its rule that an
 *     empty iteration beyond the minimum is the last one);
 *   - where sre 3.11 would report the marks of failed attempts (re_emit.c
 *     says where), the groups are sre's own marks, kept by callouts. */
#ifndef PYSTD_RE_EMIT_H
#define PYSTD_RE_EMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "py/py_err.h"
#include "re/re_parse.h"

typedef struct re_emitted {
    uint32_t *pat; /* PCRE2 pattern */
    size_t len;
    bool ucp;       /* compile with PCRE2_UCP (native \w \d \b or a caseless back-reference) */
    bool marks;     /* group marks were emitted */
    bool callouts;  /* callouts to answer (re_callout.c) */
    uint32_t nreps; /* repeats counted by callouts (ids 0 .. nreps-1) */
    bool sre_marks; /* the groups are the callouts' marks, not PCRE2's captures */
    bool no_jit;    /* a look-behind wider than PCRE2's: its nested form is slow in PCRE2's JIT */
    /* the search variants only: info (info_len code points, or NULL) goes
     * in at pat[info_at] -- the leading set that sre's search tests before
     * each attempt, where it differs from the pattern's own (re_emit.c) */
    uint32_t *info;
    size_t info_len, info_at;
} re_emitted;

/* Callouts in the emitted pattern: RE_CALLOUT_GUARD at each start position
 * of the guarded code (re_cache.c); (?C{n}) before a caseless back-reference
 * to group n, RE_CALLOUT_BREF_END where it must end. */
#define RE_CALLOUT_GUARD 1
#define RE_CALLOUT_BREF_END 2
#define RE_CALLOUT_BREF_END_S "2"

/* The callouts that count repeats, "(?C{<op><id>,<min>,<max>})" (max
 * RE_MAXREPEAT: none), answered by re_callout.c.  ENTER and ITER change the
 * repeat's state and are emitted as "(?:(?C{..})|(?C{U})(*F))": when
 * backtracking returns there, UNDO reverts the change and fails.  FRAME
 * comes the same way before an atomic construct that changes the state
 * ("(?:(?C{F<n>})|(?C{G<n>})(*F))", n numbering the FRAMEs of the pattern):
 * PCRE2 drops the UNDOs inside once the construct has matched, and UNFRAME
 * reverts all of them when backtracking goes past it, down to its own
 * FRAME (the frames of constructs matched inside it lie above). */
#define RE_CO_ENTER 'E'  /* count = 0 */
#define RE_CO_ITER 'I'   /* an iteration starts: fails at max, or after an empty one beyond min; count++ */
#define RE_CO_STOP 'Z'   /* succeeds when count == min (leaving the loop there) */
#define RE_CO_ENOUGH 'T' /* succeeds when count >= min */
#define RE_CO_ROOM 'L'   /* "(?C{L<n>})": succeeds when n characters are left */
#define RE_CO_BEHIND 'K' /* "(?C{K<n>})": succeeds when n characters lie behind (a long look-behind) */

/* With sre_marks, sre's marks (state->mark, lastmark, lastindex) are kept
 * by callouts the way sre_lib.h keeps them: MARK writes are never undone by
 * backtracking itself, only where sre saves and restores them.  SAVE, NSAVE
 * and MITER change the log (undoable, as above); the others do not.  "<m>"
 * is 1 where sre saves the marks themselves (inside a REPEAT: its
 * state->repeat is set), 0 where it saves lastmark only. */
#define RE_CO_RESET 'X'   /* at each start position: lastmark = lastindex = -1 */
#define RE_CO_MARK 'M'    /* "M<i>": sre's MARK i */
#define RE_CO_SAVE 'S'    /* "S<m>": save (BRANCH, REPEAT_ONE, MIN_UNTIL's tail); undone: restore, drop */
#define RE_CO_NSAVE 'N'   /* "N<m>": ASSERT_NOT's save; undone: drop */
#define RE_CO_RESTORE 'R' /* restore from the latest save, keep it */
#define RE_CO_MITER                                                                                          \
    'J' /* "J<id>,<min>,<max>": ITER, and beyond the minimum a save of the marks (MAX_UNTIL,                 \
           POSSESSIVE_REPEAT) */
#define RE_CO_BREF                                                                                           \
    'B' /* "B<g>,<case>": a back-reference on the marks (case 0 exact, 1 ASCII, 2 Unicode lower) */
#define RE_CO_EXISTS 'Q' /* "Q<g>": group g is set (GROUPREF_EXISTS) */
#define RE_CO_UNDO 'U'
#define RE_CO_FRAME 'F'
#define RE_CO_UNFRAME 'G'

int re_emit(arena *a, re_parsed *rp, re_emitted *out, py_err *err);

#endif
