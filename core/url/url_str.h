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
#include "base/strbuf.h"
#include "py/py_err.h"
#include "py/py_value.h"

/* A slice of stored-str UTF-8 (not NUL-terminated in general). */
typedef struct url_str {
    const char *p;
    size_t n;
} url_str;

static inline url_str url_str_make(const char *p, size_t n)
{
    url_str s = {p, n};
    return s;
}
static inline url_str url_str_sub(url_str s, size_t from, size_t to)
{
    return url_str_make(s.p + from, to - from);
}
static inline bool url_str_eq(url_str s, const char *lit)
{
    size_t n = strlen(lit);
    return s.n == n && memcmp(s.p, lit, n) == 0;
}
/* Byte offset of the first c at or after `from`, or SIZE_MAX. */
size_t url_str_find(url_str s, char c, size_t from);
/* Byte offset of the last c, or SIZE_MAX. */
size_t url_str_rfind(url_str s, char c);
/* First occurrence of needle (bytes), or SIZE_MAX. */
size_t url_str_find_str(url_str s, url_str needle, size_t from);
bool url_str_isascii(url_str s);

/* Arena copy, NUL-terminated. */
url_str url_str_dup(arena *a, url_str s);
url_str url_str_cat(arena *a, url_str x, url_str y);
pv *url_str_pv(arena *a, url_str s); /* a PV_STR copy */

/* str.lower() */
url_str url_str_lower(arena *a, url_str s);
void url_str_lower_sb(strbuf *out, url_str s);
/* str.strip() / lstrip() / rstrip() with no argument (Unicode whitespace). */
url_str url_str_strip(url_str s);
/* str.isdigit(): non-empty and every character a digit. */
bool url_str_isdigit(url_str s);
/* int(s) (base 10): NULL when Python raises ValueError. */
pv *url_str_int(arena *a, url_str s);
/* ValueError: invalid literal for int() with base 10: '...' */
int url_str_int_error(py_err *e, arena *a, url_str s);

/* repr(str) / repr(bytes), appended. */
void url_str_repr(strbuf *out, url_str s);
void url_str_bytes_repr(strbuf *out, const unsigned char *b, size_t n);
/* repr as an arena C string. */
const char *url_str_repr_a(arena *a, url_str s);

/* str.splitlines() (no keepends): *out is an arena array; returns the count. */
size_t url_str_splitlines(arena *a, url_str s, url_str **out);

/* raise type(prefix + s + suffix): s may hold NULs (printf's %.*s stops there) */
int url_str_raise3(py_err *e, arena *a, const char *type, const char *prefix, url_str s, const char *suffix);
#endif
