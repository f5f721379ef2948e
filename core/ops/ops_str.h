/* str methods with CPython 3.11's results (Objects/unicodeobject.c and
 * Objects/stringlib): full Unicode case mappings with the final-sigma rule,
 * white space as str.isspace() sees it, code-point indices.  Arguments are
 * already type-checked by the caller (core/ops/ops_call.c), except where a
 * method's own message is documented below. */
#ifndef PYSTD_OPS_STR_H
#define PYSTD_OPS_STR_H

#include "ops/ops.h"

pv *pys_upper(pyx *x, const pv *s);
pv *pys_lower(pyx *x, const pv *s);
pv *pys_casefold(pyx *x, const pv *s);
pv *pys_swapcase(pyx *x, const pv *s);
pv *pys_title(pyx *x, const pv *s);
pv *pys_capitalize(pyx *x, const pv *s);

/* strip/lstrip/rstrip: chars NULL or None (white space) or a str
 * (else TypeError "strip arg must be None or str"). */
typedef enum { PYS_BOTH, PYS_LEFT, PYS_RIGHT } pys_side;
pv *pys_strip(pyx *x, const pv *s, const pv *chars, pys_side side, const char *name);

/* split: sep NULL/None (white space) or str (else TypeError "must be str or
 * None, not int"; '' -> ValueError "empty separator"). */
pv *pys_split(pyx *x, const pv *s, const pv *sep, long maxsplit);
/* sep.join(iterable) */
pv *pys_join(pyx *x, const pv *sep, const pv *iterable);
/* s.replace(old, new, count) with old/new str */
pv *pys_replace(pyx *x, const pv *s, const pv *old, const pv *rep, long count);
/* startswith/endswith: prefix any (TypeError "startswith first arg must be
 * str or a tuple of str, not list"); start/end already slice indices. */
pv *pys_tailmatch(pyx *x, const pv *s, const pv *sub, long start, long end, bool at_end, const char *name);
/* find / count with sub any (TypeError "must be str, not int") */
pv *pys_find(pyx *x, const pv *s, const pv *sub, long start, long end);
pv *pys_count(pyx *x, const pv *s, const pv *sub, long start, long end);
pv *pys_zfill(pyx *x, const pv *s, long width);

#endif
