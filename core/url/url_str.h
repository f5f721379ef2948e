/* Small Python str operations on stored-str UTF-8 (utf8.h) that the urllib
 * modules need: str.lower() (full mappings, final sigma), strip() of Unicode
 * whitespace, isdigit(), int(), repr() of str and bytes.  Results live in
 * the arena or are appended to a strbuf. */
#ifndef PYSTD_URL_STR_H
#define PYSTD_URL_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "py/py_err.h"
#include "base/strbuf.h"
#include "py/py_value.h"

/* A slice of stored-str UTF-8 (not NUL-terminated in general). */
typedef struct ustr {
    const char *p;
    size_t n;
} ustr;

static inline ustr us_make(const char *p, size_t n)
{
    ustr s = {p, n};
    return s;
}
static inline ustr us_sub(ustr s, size_t from, size_t to)
{
    return us_make(s.p + from, to - from);
}
static inline bool us_eq(ustr s, const char *lit)
{
    size_t n = strlen(lit);
    return s.n == n && memcmp(s.p, lit, n) == 0;
}
/* Byte offset of the first c at or after `from`, or SIZE_MAX. */
size_t us_find(ustr s, char c, size_t from);
/* Byte offset of the last c, or SIZE_MAX. */
size_t us_rfind(ustr s, char c);
/* First occurrence of needle (bytes), or SIZE_MAX. */
size_t us_find_str(ustr s, ustr needle, size_t from);
bool us_isascii(ustr s);

/* Arena copy, NUL-terminated. */
ustr us_dup(arena *a, ustr s);
ustr us_cat(arena *a, ustr x, ustr y);
pv *us_pv(arena *a, ustr s); /* a PV_STR copy */

/* str.lower() */
ustr us_lower(arena *a, ustr s);
void us_lower_sb(strbuf *out, ustr s);
/* str.strip() / lstrip() / rstrip() with no argument (Unicode whitespace). */
ustr us_strip(ustr s);
/* str.isdigit(): non-empty and every character a digit. */
bool us_isdigit(ustr s);
/* int(s) (base 10): NULL when Python raises ValueError. */
pv *us_int(arena *a, ustr s);
/* ValueError: invalid literal for int() with base 10: '...' */
int us_int_error(py_err *e, arena *a, ustr s);

/* repr(str) / repr(bytes), appended. */
void us_repr(strbuf *out, ustr s);
void us_bytes_repr(strbuf *out, const unsigned char *b, size_t n);
/* repr as an arena C string. */
const char *us_repr_a(arena *a, ustr s);

/* str.splitlines() (no keepends): *out is an arena array; returns the count. */
size_t us_splitlines(arena *a, ustr s, ustr **out);

/* raise type(prefix + s + suffix): s may hold NULs (printf's %.*s stops there) */
int us_raise3(py_err *e, arena *a, const char *type, const char *prefix, ustr s, const char *suffix);
#endif
