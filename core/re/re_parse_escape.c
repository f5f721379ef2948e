/* The escapes of a pattern: _class_escape and _escape of Lib/re/_parser.py
 * (inside and outside a character set), with CPython's errors and
 * positions. */
#include <string.h>

#include "re/re_parse_int.h"
#include "re/re_util.h"
#include "text/unicode.h"

/* _parser.CATEGORIES */
static const struct {
    char c;
    re_code code;
} CATEGORIES[] = {
    {'A', {RE_C_AT, RE_AT_BEGINNING_STRING}}, {'b', {RE_C_AT, RE_AT_BOUNDARY}},
    {'B', {RE_C_AT, RE_AT_NON_BOUNDARY}},     {'d', {RE_C_IN, RE_CAT_DIGIT}},
    {'D', {RE_C_IN, RE_CAT_NOT_DIGIT}},       {'s', {RE_C_IN, RE_CAT_SPACE}},
    {'S', {RE_C_IN, RE_CAT_NOT_SPACE}},       {'w', {RE_C_IN, RE_CAT_WORD}},
    {'W', {RE_C_IN, RE_CAT_NOT_WORD}},        {'Z', {RE_C_AT, RE_AT_END_STRING}},
};

static bool category_of(uint32_t c, re_code *out)
{
    for (size_t i = 0; i < sizeof CATEGORIES / sizeof CATEGORIES[0]; i++)
        if ((uint32_t)CATEGORIES[i].c == c) {
            *out = CATEGORIES[i].code;
            return true;
        }
    return false;
}

static bool escape_of(uint32_t c, re_code *out)
{
    uint32_t v;
    if (!re_lex_simple_escape(c, &v))
        return false;
    *out = (re_code){RE_C_LIT, v};
    return true;
}

static uint32_t hexval(const uint32_t *p, size_t n)
{
    uint32_t v = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = p[i];
        v = v * 16 + (re_is_digit(c) ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    return v;
}

static void esc_str(arena *a, re_u32s *e, uint32_t c)
{
    memset(e, 0, sizeof *e);
    re_u32s_push(a, e, '\\');
    re_u32s_push(a, e, c);
}

static char *esc_utf8(re_pstate *st, const re_u32s *e)
{
    return re_u32s_utf8(st->a, e);
}

/* The escapes shared by _class_escape and _escape: \x \u \U \N.  Returns 1
 * when handled (*out set), 0 when not one of these, -1 on error. */
static int common_escape(re_pstate *st, re_u32s *esc, re_code *out)
{
    uint32_t c = esc->p[1];
    if ((st->flags & RE_F_BYTES) && (c == 'u' || c == 'U' || c == 'N'))
        return 0; /* source.istext only: a bad escape in a bytes pattern */
    if (c == 'x' || c == 'u' || c == 'U') {
        int want = c == 'x' ? 2 : c == 'u' ? 4 : 8;
        if (re_lex_getwhile(&st->lx, want, re_is_hex, esc) < 0)
            return -1;
        if ((int)esc->len != want + 2)
            return re_lex_error(&st->lx, (long)esc->len, "incomplete escape %s", esc_utf8(st, esc));
        uint32_t v = hexval(esc->p + 2, (size_t)want);
        if (c == 'U' && v > 0x10FFFF) /* chr() ValueError */
            return re_lex_error(&st->lx, (long)esc->len, "bad escape %s", esc_utf8(st, esc));
        *out = (re_code){RE_C_LIT, v};
        return 1;
    }
    if (c == 'N') {
        int m = re_lex_match(&st->lx, '{');
        if (m < 0)
            return -1;
        if (!m)
            return re_lex_error(&st->lx, 0, "missing {");
        re_u32s name;
        if (re_lex_getuntil(&st->lx, '}', "character name", &name) < 0)
            return -1;
        size_t blen;
        char *b = re_utf8_a(st->a, name.p, name.len, &blen);
        long cp = unicode_lookup(b, blen);
        if (cp < 0)
            return re_lex_error(&st->lx, (long)name.len + 4, "undefined character name %s",
                                re_repr_a(st->a, name.p, name.len));
        *out = (re_code){RE_C_LIT, (uint32_t)cp};
        return 1;
    }
    return 0;
}

/* The octal escape esc ("\\" and up to three digits): its character, or
 * CPython's error past 0o377. */
static int octal_code(re_pstate *st, const re_u32s *esc, re_code *out)
{
    uint32_t v = 0;
    for (size_t i = 1; i < esc->len; i++)
        v = v * 8 + (esc->p[i] - '0');
    if (v > 0377)
        return re_lex_error(&st->lx, (long)esc->len, "octal escape value %s outside of range 0-0o377",
                            esc_utf8(st, esc));
    *out = (re_code){RE_C_LIT, v};
    return 0;
}

/* The start of both: ESCAPES and CATEGORIES (in a class ESCAPES first,
 * and categories of characters only; outside CATEGORIES first), then \x
 * \u \U \N (esc = "\\c" for what follows).  1: handled (*out set), 0:
 * not one of these, -1: error. */
static int begin_escape(re_pstate *st, uint32_t c, bool in_class, re_u32s *esc, re_code *out)
{
    if (in_class ? escape_of(c, out) || (category_of(c, out) && out->kind == RE_C_IN)
                 : category_of(c, out) || escape_of(c, out))
        return 1;
    esc_str(st->a, esc, c);
    return common_escape(st, esc, out);
}

/* The rest of _class_escape: octal escapes, errors, any other character. */
static int class_escape_rest(re_pstate *st, uint32_t c, re_u32s esc, re_code *out)
{
    if (re_is_oct(c)) {
        if (re_lex_getwhile(&st->lx, 2, re_is_oct, &esc) < 0)
            return -1;
        return octal_code(st, &esc, out);
    }
    if (re_is_digit(c))
        return re_lex_error(&st->lx, (long)esc.len, "bad escape %s", esc_utf8(st, &esc));
    if (re_is_ascii_letter(c))
        return re_lex_error(&st->lx, (long)esc.len, "bad escape %s", esc_utf8(st, &esc));
    *out = (re_code){RE_C_LIT, c};
    return 0;
}

/* The rest of _escape: octal escapes, back-references, errors, any other
 * character. */
static int escape_rest(re_pstate *st, uint32_t c, re_u32s esc, re_code *out)
{
    if (c == '0') {
        if (re_lex_getwhile(&st->lx, 2, re_is_oct, &esc) < 0)
            return -1;
        return octal_code(st, &esc, out); /* at most 0o77 */
    }
    if (re_is_digit(c)) {
        if (st->lx.next_len == 1 && re_is_digit(st->lx.next)) {
            re_token d;
            if (re_lex_get(&st->lx, &d) < 0)
                return -1;
            re_u32s_push(st->a, &esc, d.c);
            if (re_is_oct(esc.p[1]) && re_is_oct(esc.p[2]) && st->lx.next_len == 1 &&
                re_is_oct(st->lx.next)) {
                if (re_lex_get(&st->lx, &d) < 0)
                    return -1;
                re_u32s_push(st->a, &esc, d.c);
                return octal_code(st, &esc, out);
            }
        }
        uint32_t group = 0;
        for (size_t i = 1; i < esc.len; i++)
            group = group * 10 + (esc.p[i] - '0');
        if (group < st->ngroups) {
            if (!re_pstate_checkgroup(st, group))
                return re_lex_error(&st->lx, (long)esc.len, "cannot refer to an open group");
            if (re_pstate_checklookbehind(st, group) < 0)
                return -1;
            *out = (re_code){RE_C_GROUPREF, group};
            return 0;
        }
        return re_lex_error(&st->lx, (long)esc.len - 1, "invalid group reference %u", group);
    }
    if (re_is_ascii_letter(c))
        return re_lex_error(&st->lx, (long)esc.len, "bad escape %s", esc_utf8(st, &esc));
    *out = (re_code){RE_C_LIT, c};
    return 0;
}

int re_parse_escape(re_pstate *st, re_token t, bool in_class, re_code *out)
{
    re_u32s esc;
    int r = begin_escape(st, t.c, in_class, &esc, out);
    if (r)
        return r < 0 ? -1 : 0;
    return in_class ? class_escape_rest(st, t.c, esc, out) : escape_rest(st, t.c, esc, out);
}

re_node *re_code_node(arena *a, re_code c)
{
    re_node *n;
    switch (c.kind) {
    case RE_C_LIT:
        return re_node_lit(a, c.v);
    case RE_C_IN:
        n = re_node_new(a, RE_IN);
        n->in.items = arena_alloc(a, sizeof(re_setitem));
        n->in.items[0] = (re_setitem){RE_SI_CATEGORY, c.v, 0};
        n->in.n = 1;
        return n;
    case RE_C_AT:
        n = re_node_new(a, RE_AT);
        n->at = (uint8_t)c.v;
        return n;
    default:
        n = re_node_new(a, RE_GROUPREF);
        n->groupref = (int)c.v;
        return n;
    }
}
