/* sub() replacement templates (\1, \g<name>, \g<0>, escapes). */
#ifndef PYSTD_RE_TEMPLATE_H
#define PYSTD_RE_TEMPLATE_H

#include <stdarg.h>
#include <stdio.h>

#include "re/re_int.h"

typedef struct re_titem {
    int group;     /* -1: the literal s; else a group number */
    const char *s; /* UTF-8 */
    size_t len, ncp;
} re_titem;

typedef struct re_template {
    re_titem *items;
    size_t n;
} re_template;

/* Parse repl against pattern p (its groups and names), raising what
 * CPython's parse_template raises. */
int re_template_parse(arena *a, const pv *repl, const re_pattern *p, re_template *out, py_err *err);

#endif
