/* Groups of a pattern: "(" and every "(?" extension of Lib/re/_parser.py
 * (named groups and references, comments, look-arounds, conditionals,
 * atomic groups, inline flags and _parse_flags), and the group bookkeeping
 * of its State (numbers, names, widths, the look-behind rule), with
 * CPython's errors and positions. */
#include <string.h>

#include "re/re_parse_int.h"
#include "re/re_util.h"
#include "text/unicode.h"

/* ------------------------------------------------------------ State */

static int name_gid(const re_pstate *st, const re_u32s *name)
{
    for (size_t i = 0; i < st->nnames; i++)
        if (st->names[i].len == name->len && name->len &&
            memcmp(st->names[i].name, name->p, name->len * sizeof(uint32_t)) == 0)
            return st->names[i].gid;
    return -1;
}

static int opengroup(re_pstate *st, const re_u32s *name, int *gid)
{
    int g = (int)st->ngroups;
    if (st->ngroups == st->gw_cap) {
        size_t nc = st->gw_cap * 2;
        st->gw = arena_realloc(st->a, st->gw, st->gw_cap * sizeof *st->gw, nc * sizeof *st->gw);
        st->gw_set = arena_realloc(st->a, st->gw_set, st->gw_cap, nc);
        st->gw_cap = nc;
    }
    st->gw_set[st->ngroups++] = false;
    if (st->ngroups > RE_MAXGROUPS)
        return re_lex_error(&st->lx, name ? (long)name->len + 1 : 0, "too many groups");
    if (name) {
        int was = name_gid(st, name);
        if (was >= 0)
            return re_lex_error(&st->lx, (long)name->len + 1,
                                "redefinition of group name %s as group %d; was group %d",
                                re_repr_a(st->a, name->p, name->len), g, was);
        st->names = re_grow(st->a, st->names, st->nnames, &st->names_cap, sizeof *st->names, 4);
        st->names[st->nnames++] = (re_name){name->p, name->len, g};
    }
    *gid = g;
    return 0;
}

static void closegroup(re_pstate *st, int gid, re_seq *p)
{
    re_width(st->gw, p, &st->gw[gid][0], &st->gw[gid][1]);
    st->gw_set[gid] = true;
}

bool re_pstate_checkgroup(const re_pstate *st, size_t gid)
{
    return gid < st->ngroups && st->gw_set[gid];
}

int re_pstate_checklookbehind(re_pstate *st, size_t gid)
{
    if (st->lookbehindgroups >= 0) {
        if (!re_pstate_checkgroup(st, gid))
            return re_lex_error(&st->lx, 0, "cannot refer to an open group");
        if ((long)gid >= st->lookbehindgroups)
            return re_lex_error(&st->lx, 0,
                                "cannot refer to group defined in the same lookbehind subpattern");
    }
    return 0;
}

static bool is_flag(uint32_t c, int *f)
{
    switch (c) {
    case 'i':
        *f = RE_F_IGNORECASE;
        return true;
    case 'L':
        *f = RE_F_LOCALE;
        return true;
    case 'm':
        *f = RE_F_MULTILINE;
        return true;
    case 's':
        *f = RE_F_DOTALL;
        return true;
    case 'x':
        *f = RE_F_VERBOSE;
        return true;
    case 'a':
        *f = RE_F_ASCII;
        return true;
    case 't':
        *f = RE_F_TEMPLATE;
        return true;
    case 'u':
        *f = RE_F_UNICODE;
        return true;
    default:
        return false;
    }
}

static bool is_alpha_tok(re_token t)
{
    return t.len == 1 ? unicode_isalpha(t.c) : false;
}

/* _parse_flags.  *global = true for "(?flags)". */
static int parse_flags(re_pstate *st, re_token ch, int *add, int *del, bool *global)
{
    int add_flags = 0, del_flags = 0, f = 0;
    *global = false;
    if (!re_token_is(ch, '-')) {
        for (;;) {
            is_flag(ch.c, &f);
            if (ch.c == 'L' && !(st->flags & RE_F_BYTES))
                return re_lex_error(&st->lx, 0, "bad inline flags: cannot use 'L' flag with a str pattern");
            if (ch.c == 'u' && (st->flags & RE_F_BYTES))
                return re_lex_error(&st->lx, 0, "bad inline flags: cannot use 'u' flag with a bytes pattern");
            add_flags |= f;
            if ((f & RE_TYPE_FLAGS) && (add_flags & RE_TYPE_FLAGS) != f)
                return re_lex_error(&st->lx, 0, "bad inline flags: flags 'a', 'u' and 'L' are incompatible");
            if (re_lex_get(&st->lx, &ch) < 0)
                return -1;
            if (ch.len == 0)
                return re_lex_error(&st->lx, 0, "missing -, : or )");
            if (re_token_is(ch, ')') || re_token_is(ch, '-') || re_token_is(ch, ':'))
                break;
            if (ch.len != 1 || !is_flag(ch.c, &f))
                return re_lex_error(&st->lx, ch.len, is_alpha_tok(ch) ? "unknown flag" : "missing -, : or )");
        }
    }
    if (re_token_is(ch, ')')) {
        st->flags |= add_flags;
        *global = true;
        return 0;
    }
    if (add_flags & RE_GLOBAL_FLAGS)
        return re_lex_error(&st->lx, 1, "bad inline flags: cannot turn on global flag");
    if (re_token_is(ch, '-')) {
        if (re_lex_get(&st->lx, &ch) < 0)
            return -1;
        if (ch.len == 0)
            return re_lex_error(&st->lx, 0, "missing flag");
        if (ch.len != 1 || !is_flag(ch.c, &f))
            return re_lex_error(&st->lx, ch.len, is_alpha_tok(ch) ? "unknown flag" : "missing flag");
        for (;;) {
            is_flag(ch.c, &f);
            if (f & RE_TYPE_FLAGS)
                return re_lex_error(&st->lx, 0, "bad inline flags: cannot turn off flags 'a', 'u' and 'L'");
            del_flags |= f;
            if (re_lex_get(&st->lx, &ch) < 0)
                return -1;
            if (ch.len == 0)
                return re_lex_error(&st->lx, 0, "missing :");
            if (re_token_is(ch, ':'))
                break;
            if (ch.len != 1 || !is_flag(ch.c, &f))
                return re_lex_error(&st->lx, ch.len, is_alpha_tok(ch) ? "unknown flag" : "missing :");
        }
    }
    if (del_flags & RE_GLOBAL_FLAGS)
        return re_lex_error(&st->lx, 1, "bad inline flags: cannot turn off global flag");
    if (add_flags & del_flags)
        return re_lex_error(&st->lx, 1, "bad inline flags: flag turned on and off");
    *add = add_flags;
    *del = del_flags;
    return 0;
}

/* ------------------------------------------------------------ groups */

/* ")" closing what opened at `start`. */
static int expect_close(re_pstate *st, long start)
{
    int m = re_lex_match(&st->lx, ')');
    if (m < 0)
        return -1;
    if (!m)
        return re_lex_error(&st->lx, re_lex_tell(&st->lx) - start, "missing ), unterminated subpattern");
    return 0;
}

/* "unknown extension ?<prefix><ch>" */
static int unknown_extension(re_pstate *st, const char *prefix, re_token ch)
{
    re_u32s x = {0};
    re_u32s_push(st->a, &x, '?');
    for (const char *p = prefix; *p; p++)
        re_u32s_push(st->a, &x, (unsigned char)*p);
    re_u32s_push_token(st->a, &x, ch);
    return re_lex_error(&st->lx, (long)(ch.len + 1 + strlen(prefix)), "unknown extension %s",
                        re_u32s_utf8(st->a, &x));
}

static void add_gref(re_pstate *st, uint32_t g, long pos)
{
    for (size_t i = 0; i < st->ngrefs; i++)
        if (st->grefs[i].g == g)
            return;
    st->grefs = re_grow(st->a, st->grefs, st->ngrefs, &st->grefs_cap, sizeof *st->grefs, 4);
    st->grefs[st->ngrefs++] = (re_gref){g, pos};
}

/* "(?(" condition ")" yes "|" no ")" */
static int parse_conditional(re_pstate *st, bool verbose, int nested, long start, re_seq *sub)
{
    re_u32s condname;
    if (re_lex_getuntil(&st->lx, ')', "group name", &condname) < 0)
        return -1;
    int condgroup;
    if (re_isidentifier(condname.p, condname.len)) {
        if (re_lex_checkgroupname(&st->lx, &condname, 1) < 0)
            return -1;
        condgroup = name_gid(st, &condname);
        if (condgroup < 0)
            return re_lex_error(&st->lx, (long)condname.len + 1, "unknown group name %s",
                                re_repr_a(st->a, condname.p, condname.len));
    } else {
        uint64_t v;
        if (re_lex_group_number(&st->lx, &condname, &v) < 0)
            return -1;
        if (v == 0)
            return re_lex_error(&st->lx, (long)condname.len + 1, "bad group number");
        condgroup = (int)v;
        add_gref(st, (uint32_t)v, re_lex_tell(&st->lx) - (long)condname.len - 1);
    }
    if (re_pstate_checklookbehind(st, (size_t)condgroup) < 0)
        return -1;
    re_seq *yes, *no = NULL;
    if (re_parse_seq(st, verbose, nested + 1, false, &yes) < 0)
        return -1;
    int m = re_lex_match(&st->lx, '|');
    if (m < 0)
        return -1;
    if (m) {
        if (re_parse_seq(st, verbose, nested + 1, false, &no) < 0)
            return -1;
        if (re_lex_next_is(&st->lx, '|'))
            return re_lex_error(&st->lx, 0, "conditional backref with more than two branches");
    }
    if (expect_close(st, start) < 0)
        return -1;
    re_node *n = re_node_new(st->a, RE_GROUPREF_EXISTS);
    n->cond.group = condgroup;
    n->cond.yes = yes;
    n->cond.no = no;
    re_seq_push(st->a, sub, n);
    return 0;
}

/* "(?P" read: "(?P<name>" (1: a named group follows, *name set), "(?P=name)"
 * (0: the back-reference is pushed) or an unknown extension. */
static int parse_p_extension(re_pstate *st, re_seq *sub, re_u32s *name)
{
    int m = re_lex_match(&st->lx, '<');
    if (m < 0)
        return -1;
    if (m) {
        if (re_lex_getuntil(&st->lx, '>', "group name", name) < 0 ||
            re_lex_checkgroupname(&st->lx, name, 1) < 0)
            return -1;
        return 1;
    }
    if ((m = re_lex_match(&st->lx, '=')) < 0)
        return -1;
    if (!m) {
        re_token c2;
        if (re_lex_get(&st->lx, &c2) < 0)
            return -1;
        if (c2.len == 0)
            return re_lex_error(&st->lx, 0, "unexpected end of pattern");
        return unknown_extension(st, "P", c2);
    }
    if (re_lex_getuntil(&st->lx, ')', "group name", name) < 0 || re_lex_checkgroupname(&st->lx, name, 1) < 0)
        return -1;
    int gid = name_gid(st, name);
    if (gid < 0)
        return re_lex_error(&st->lx, (long)name->len + 1, "unknown group name %s",
                            re_repr_a(st->a, name->p, name->len));
    if (!re_pstate_checkgroup(st, (size_t)gid))
        return re_lex_error(&st->lx, (long)name->len + 1, "cannot refer to an open group");
    if (re_pstate_checklookbehind(st, (size_t)gid) < 0)
        return -1;
    re_node *n = re_node_new(st->a, RE_GROUPREF);
    n->groupref = gid;
    re_seq_push(st->a, sub, n);
    return 0;
}

/* "(?#" read: skip to ")". */
static int skip_comment(re_pstate *st, long start)
{
    for (;;) {
        if (st->lx.next_len == 0)
            return re_lex_error(&st->lx, re_lex_tell(&st->lx) - start, "missing ), unterminated comment");
        re_token c;
        if (re_lex_get(&st->lx, &c) < 0)
            return -1;
        if (re_token_is(c, ')'))
            return 0;
    }
}

/* "(?=", "(?!" or "(?<" read (ch is its last character). */
static int parse_lookaround(re_pstate *st, re_token ch, bool verbose, int nested, long start, re_seq *sub)
{
    int dir = 1;
    long saved_lb = st->lookbehindgroups;
    if (re_token_is(ch, '<')) {
        if (re_lex_get(&st->lx, &ch) < 0)
            return -1;
        if (ch.len == 0)
            return re_lex_error(&st->lx, 0, "unexpected end of pattern");
        if (!re_token_is(ch, '=') && !re_token_is(ch, '!'))
            return unknown_extension(st, "<", ch);
        dir = -1;
        if (saved_lb < 0)
            st->lookbehindgroups = (long)st->ngroups;
    }
    re_seq *p;
    if (re_parse_sub(st, verbose, nested + 1, &p) < 0)
        return -1;
    if (dir < 0 && saved_lb < 0)
        st->lookbehindgroups = -1;
    if (expect_close(st, start) < 0)
        return -1;
    re_node *n = re_node_new(st->a, re_token_is(ch, '=') ? RE_ASSERT : RE_ASSERT_NOT);
    n->as.dir = dir;
    n->as.p = p;
    re_seq_push(st->a, sub, n);
    return 0;
}

/* What "(?" opens, once its extension is read. */
typedef struct group_kind {
    bool capture, atomic;
    re_u32s name;
    bool have_name;
    int add, del;
} group_kind;

/* After "(?": 1 when a group body follows (*k says which), 0 when the item
 * is complete, -1 on error. */
static int parse_extension(re_pstate *st, bool *verbose, int nested, bool first, long start, re_seq *sub,
                           group_kind *k)
{
    re_token ch;
    if (re_lex_get(&st->lx, &ch) < 0)
        return -1;
    if (ch.len == 0)
        return re_lex_error(&st->lx, 0, "unexpected end of pattern");
    k->capture = false;
    if (re_token_is(ch, 'P')) {
        int r = parse_p_extension(st, sub, &k->name);
        k->capture = k->have_name = r > 0;
        return r;
    }
    if (re_token_is(ch, ':'))
        return 1;
    if (re_token_is(ch, '#'))
        return skip_comment(st, start);
    if (re_token_is(ch, '=') || re_token_is(ch, '!') || re_token_is(ch, '<'))
        return parse_lookaround(st, ch, *verbose, nested, start, sub);
    if (re_token_is(ch, '('))
        return parse_conditional(st, *verbose, nested, start, sub);
    if (re_token_is(ch, '>')) {
        k->atomic = true;
        return 1;
    }
    int f;
    if ((ch.len == 1 && is_flag(ch.c, &f)) || re_token_is(ch, '-')) {
        bool global;
        if (parse_flags(st, ch, &k->add, &k->del, &global) < 0)
            return -1;
        if (!global)
            return 1;
        if (!first || sub->len)
            return re_lex_error(&st->lx, re_lex_tell(&st->lx) - start,
                                "global flags not at the start of the expression");
        *verbose = (st->flags & RE_F_VERBOSE) != 0;
        return 0;
    }
    return unknown_extension(st, "", ch);
}

int re_parse_group(re_pstate *st, bool *verbose, int nested, bool first, re_seq *sub)
{
    long start = re_lex_tell(&st->lx) - 1;
    group_kind k = {.capture = true};
    int m = re_lex_match(&st->lx, '?');
    if (m < 0)
        return -1;
    if (m) {
        int r = parse_extension(st, verbose, nested, first, start, sub, &k);
        if (r <= 0)
            return r;
    }
    int group = 0;
    if (k.capture && opengroup(st, k.have_name ? &k.name : NULL, &group) < 0)
        return -1;
    bool sub_verbose = (*verbose || (k.add & RE_F_VERBOSE)) && !(k.del & RE_F_VERBOSE);
    re_seq *p;
    if (re_parse_sub(st, sub_verbose, nested + 1, &p) < 0 || expect_close(st, start) < 0)
        return -1;
    if (group)
        closegroup(st, group, p);
    re_node *n;
    if (k.atomic) {
        n = re_node_new(st->a, RE_ATOMIC_GROUP);
        n->atomic = p;
    } else {
        n = re_node_new(st->a, RE_SUBPATTERN);
        n->sub.group = group;
        n->sub.add = k.add;
        n->sub.del = k.del;
        n->sub.p = p;
    }
    re_seq_push(st->a, sub, n);
    return 0;
}
