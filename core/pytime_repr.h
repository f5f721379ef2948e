/* Python's repr() of a str, for messages that quote client text
 * (`time data '...' does not match format '...'`, OSError filenames).
 * Transitional: becomes a call to core/pyrepr.h once that is merged. */
#ifndef PYSTD_PYTIME_REPR_H
#define PYSTD_PYTIME_REPR_H

#include <stddef.h>

#include "arena.h"
#include "strbuf.h"

/* Appends repr(s) (s is stored-str UTF-8) to out. */
void pt_repr(strbuf *out, const char *s, size_t n);
/* The same as a NUL-terminated arena string. */
char *pt_repr_a(arena *a, const char *s, size_t n);

#endif
