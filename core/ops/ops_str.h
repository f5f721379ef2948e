/* str methods with CPython 3.11's results (Objects/unicodeobject.c and
 * Objects/stringlib): full Unicode case mappings with the final-sigma rule,
 * white space as str.isspace() sees it, code-point indices.  Arguments are
 * already type-checked by the caller (core/ops/ops_call.c), except where a
 * method's own message is documented below. */
#ifndef PYSTD_OPS_STR_H
#define PYSTD_OPS_STR_H

#include "ops/ops.h"

pv *ops_str_upper(ops_ctx *x, const pv *s);
pv *ops_str_lower(ops_ctx *x, const pv *s);
pv *ops_str_casefold(ops_ctx *x, const pv *s);
pv *ops_str_swapcase(ops_ctx *x, const pv *s);
pv *ops_str_title(ops_ctx *x, const pv *s);
pv *ops_str_capitalize(ops_ctx *x, const pv *s);

/* strip/lstrip/rstrip: chars NULL or None (white space) or a str
 * (else TypeError "strip arg must be None or str"). */
typedef enum { OPS_STR_BOTH, OPS_STR_LEFT, OPS_STR_RIGHT } ops_str_side;
pv *ops_str_strip(ops_ctx *x, const pv *s, const pv *chars, ops_str_side side, const char *name);

/* split: sep NULL/None (white space) or str (else TypeError "must be str or
 * None, not int"; '' -> ValueError "empty separator"). */
pv *ops_str_split(ops_ctx *x, const pv *s, const pv *sep, long maxsplit);
/* sep.join(iterable) */
pv *ops_str_join(ops_ctx *x, const pv *sep, const pv *iterable);
/* s.replace(old, new, count) with old/new str */
pv *ops_str_replace(ops_ctx *x, const pv *s, const pv *old, const pv *rep, long count);
/* startswith/endswith: prefix any (TypeError "startswith first arg must be
 * str or a tuple of str, not list"); start/end already slice indices. */
pv *ops_str_tailmatch(ops_ctx *x, const pv *s, const pv *sub, long start, long end, bool at_end,
                      const char *name);
/* find / count with sub any (TypeError "must be str, not int") */
pv *ops_str_find(ops_ctx *x, const pv *s, const pv *sub, long start, long end);
pv *ops_str_count(ops_ctx *x, const pv *s, const pv *sub, long start, long end);
pv *ops_str_zfill(ops_ctx *x, const pv *s, long width);

#endif
