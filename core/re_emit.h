/* The parsed Python pattern (re_parse.h) as a PCRE2 pattern (32-bit code
 * units, compiled without UTF so that lone surrogates are characters too).
 *
 * This is the compile step of Lib/re/_compiler.py: it raises the errors
 * CPython raises there (look-behind widths, the TEMPLATE flag), and it
 * spells out Python's semantics where PCRE2 means something else:
 *   - IGNORECASE: every cased character or set becomes the explicit class
 *     of what sre matches (PCRE2 is never caseless, except for
 *     back-references);
 *   - ^ $ . \A \Z \b \B per the flags in force at that point (scoped flags
 *     included), \s as str.isspace(), ASCII-mode classes as ASCII ranges;
 *   - a (*MARK) after each capturing group, which is how Match.lastindex
 *     (the last group closed on the matching path) is recovered. */
#ifndef PYSTD_RE_EMIT_H
#define PYSTD_RE_EMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "pyerr.h"
#include "re_parse.h"

typedef struct re_emitted {
    uint32_t *pat; /* PCRE2 pattern */
    size_t len;
    bool ucp;   /* compile with PCRE2_UCP (native \w \d \b or a caseless back-reference) */
    bool marks; /* group marks were emitted */
} re_emitted;

int re_emit(arena *a, re_parsed *rp, re_emitted *out, py_err *err);

#endif
