/* Lib/re/_parser.py in C.  The structure follows the Python source function
 * by function (Tokenizer, _class_escape, _escape, _parse_sub, _parse,
 * _parse_flags, parse) so that errors come out in the same order with the
 * same positions; comments name the Python counterpart where it helps. */
#include "re/re_parse.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "re/re_util.h"
#include "text/unicode.h"
#include "text/utf8.h"

#define MAXWIDTH (((unsigned __int128)1) << 64)

/* ------------------------------------------------------------ errors */

int re_verror(py_err *err, arena *a, const uint32_t *pat, size_t n, long pos, const char *fmt, va_list ap)
{
    strbuf sb = STRBUF_INIT;
    strbuf_vprintf(&sb, fmt, ap);
    if (pos >= 0) {
        strbuf_printf(&sb, " at position %ld", pos);
        bool nl = false;
        for (size_t i = 0; i < n; i++)
            if (pat[i] == '\n') {
                nl = true;
                break;
            }
        if (nl) {
            long line = 1, last = -1;
            for (long i = 0; i < pos && (size_t)i < n; i++)
                if (pat[i] == '\n')
                    line++, last = i;
            strbuf_printf(&sb, " (line %ld, column %ld)", line, pos - last);
        }
    }
    py_raise_msg(err, a, "re.error", sb.data ? sb.data : "", sb.len);
    strbuf_free(&sb);
    py_err_extra(err, a, "pos", pos >= 0 ? pv_int(a, pos) : pv_none());
    return -1;
}

int re_error(py_err *err, arena *a, const uint32_t *pat, size_t n, long pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    re_verror(err, a, pat, n, pos, fmt, ap);
    va_end(ap);
    return -1;
}

/* ------------------------------------------------------------ state */

typedef struct gref {
    uint32_t g;
    long pos;
} gref;

typedef struct pstate {
    arena *a;
    py_err *err;
    const uint32_t *s; /* the pattern */
    size_t n;
    /* Tokenizer */
    size_t index;
    int next_len; /* 0: None; 1: a character; 2: a backslash escape */
    uint32_t next;
    /* State */
    int flags;
    re_name *names;
    size_t nnames, names_cap;
    unsigned __int128 (*gw)[2]; /* groupwidths */
    bool *gw_set;
    size_t ngroups, gw_cap; /* State.groups (group 0 included) */
    long lookbehindgroups;  /* -1: None */
    gref *grefs;
    size_t ngrefs, grefs_cap;
} pstate;

/* A token as Python's Tokenizer hands it out: None, "c" or "\\c". */
typedef struct tok {
    int len;
    uint32_t c;
} tok;

static bool is1(tok t, uint32_t c) { return t.len == 1 && t.c == c; }

static int perr(pstate *st, long offset, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int perr(pstate *st, long offset, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    long pos = (long)st->index - st->next_len - offset;
    re_verror(st->err, st->a, st->s, st->n, pos, fmt, ap);
    va_end(ap);
    return -1;
}

/* Tokenizer.__next */
static int tnext(pstate *st)
{
    size_t i = st->index;
    if (i >= st->n) {
        st->next_len = 0;
        return 0;
    }
    uint32_t c = st->s[i];
    if (c == '\\') {
        i++;
        if (i >= st->n)
            return re_error(st->err, st->a, st->s, st->n, (long)st->n - 1, "bad escape (end of pattern)");
        st->next = st->s[i];
        st->next_len = 2;
    } else {
        st->next = c;
        st->next_len = 1;
    }
    st->index = i + 1;
    return 0;
}

static tok tpeek(const pstate *st) { return (tok){st->next_len, st->next}; }

/* Tokenizer.get: *t = the current token; advances. */
static int tget(pstate *st, tok *t)
{
    *t = tpeek(st);
    return tnext(st);
}

/* Tokenizer.match(c): 1 matched, 0 not, -1 error */
static int tmatch(pstate *st, uint32_t c)
{
    if (st->next_len == 1 && st->next == c)
        return tnext(st) < 0 ? -1 : 1;
    return 0;
}

static long ttell(const pstate *st) { return (long)st->index - st->next_len; }

static int tseek(pstate *st, size_t index)
{
    st->index = index;
    return tnext(st);
}

static bool is_digit(uint32_t c) { return c >= '0' && c <= '9'; }
static bool is_oct(uint32_t c) { return c >= '0' && c <= '7'; }
static bool is_hex(uint32_t c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
static bool is_ascii_letter(uint32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* A growable code-point string (Tokenizer results). */
typedef struct u32s {
    uint32_t *p;
    size_t len, cap;
} u32s;

static void u32_push(arena *a, u32s *s, uint32_t c)
{
    if (s->len == s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 16;
        s->p = arena_realloc(a, s->p, s->cap * sizeof *s->p, nc * sizeof *s->p);
        s->cap = nc;
    }
    s->p[s->len++] = c;
}

static void u32_tok(arena *a, u32s *s, tok t)
{
    if (t.len == 2)
        u32_push(a, s, '\\');
    u32_push(a, s, t.c);
}

/* Tokenizer.getwhile(n, charset) appended to *out */
static int tgetwhile(pstate *st, int n, bool (*set)(uint32_t), u32s *out)
{
    for (int i = 0; i < n; i++) {
        if (st->next_len != 1 || !set(st->next))
            break;
        u32_push(st->a, out, st->next);
        if (tnext(st) < 0)
            return -1;
    }
    return 0;
}

/* Tokenizer.getuntil(terminator, name) */
static int tgetuntil(pstate *st, uint32_t term, const char *name, u32s *out)
{
    memset(out, 0, sizeof *out);
    for (;;) {
        tok c;
        if (tget(st, &c) < 0)
            return -1;
        if (c.len == 0) {
            if (!out->len)
                return perr(st, 0, "missing %s", name);
            return perr(st, (long)out->len, "missing %c, unterminated name", (char)term);
        }
        if (is1(c, term)) {
            if (!out->len)
                return perr(st, 1, "missing %s", name);
            break;
        }
        u32_tok(st->a, out, c);
    }
    return 0;
}

static char *u32_utf8(arena *a, const u32s *s) { return re_utf8_a(a, s->p, s->len, NULL); }

/* Tokenizer.checkgroupname for str patterns */
static int checkgroupname(pstate *st, const u32s *name, long offset)
{
    if (!re_isidentifier(name->p, name->len))
        return perr(st, (long)name->len + offset, "bad character in group name %s",
                    re_repr_a(st->a, name->p, name->len));
    return 0;
}

/* ------------------------------------------------------------ nodes */

static re_seq *seq_new(arena *a)
{
    re_seq *s = arena_calloc(a, 1, sizeof *s);
    return s;
}

static void seq_push(arena *a, re_seq *s, re_node *n)
{
    if (s->len == s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 4;
        s->items = arena_realloc(a, s->items, s->cap * sizeof(re_node *), nc * sizeof(re_node *));
        s->cap = nc;
    }
    s->items[s->len++] = n;
}

static re_node *node(arena *a, re_op op)
{
    re_node *n = arena_calloc(a, 1, sizeof *n);
    n->op = (uint8_t)op;
    return n;
}

static re_node *lit(arena *a, uint32_t c)
{
    re_node *n = node(a, RE_LITERAL);
    n->ch = c;
    return n;
}

/* A growable set (the `set` list of _parse). */
typedef struct setv {
    re_setitem *p;
    size_t len, cap;
} setv;

static void set_push(arena *a, setv *s, re_setitem it)
{
    if (s->len == s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 8;
        s->p = arena_realloc(a, s->p, s->cap * sizeof *s->p, nc * sizeof *s->p);
        s->cap = nc;
    }
    s->p[s->len++] = it;
}

static bool item_eq(const re_setitem *x, const re_setitem *y)
{
    return x->op == y->op && x->lo == y->lo && x->hi == y->hi;
}

/* _uniq: drop later duplicates, keep the first occurrence's order */
static void set_uniq(setv *s)
{
    size_t o = 0;
    for (size_t i = 0; i < s->len; i++) {
        bool dup = false;
        for (size_t j = 0; j < o && !dup; j++)
            dup = item_eq(&s->p[j], &s->p[i]);
        if (!dup)
            s->p[o++] = s->p[i];
    }
    s->len = o;
}

/* (op, av) equality as Python compares the items of alternatives: values
 * for literals, sets, anchors and back-references; identity for anything
 * holding a SubPattern. */
static bool node_eq(const re_node *x, const re_node *y)
{
    if (x == y)
        return true;
    if (x->op != y->op)
        return false;
    switch (x->op) {
    case RE_LITERAL:
    case RE_NOT_LITERAL: return x->ch == y->ch;
    case RE_ANY: return true;
    case RE_AT: return x->at == y->at;
    case RE_GROUPREF: return x->groupref == y->groupref;
    case RE_IN:
        if (x->in.n != y->in.n)
            return false;
        for (size_t i = 0; i < x->in.n; i++)
            if (!item_eq(&x->in.items[i], &y->in.items[i]))
                return false;
        return true;
    default: return false;
    }
}

/* ------------------------------------------------------------ State */

static int opengroup(pstate *st, const u32s *name, int *gid)
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
        return perr(st, name ? (long)name->len + 1 : 0, "too many groups");
    if (name) {
        for (size_t i = 0; i < st->nnames; i++)
            if (st->names[i].len == name->len && name->len &&
                memcmp(st->names[i].name, name->p, name->len * sizeof(uint32_t)) == 0)
                return perr(st, (long)name->len + 1,
                            "redefinition of group name %s as group %d; was group %d",
                            re_repr_a(st->a, name->p, name->len), g, st->names[i].gid);
        if (st->nnames == st->names_cap) {
            size_t nc = st->names_cap ? st->names_cap * 2 : 4;
            st->names = arena_realloc(st->a, st->names, st->names_cap * sizeof *st->names,
                                      nc * sizeof *st->names);
            st->names_cap = nc;
        }
        st->names[st->nnames++] = (re_name){name->p, name->len, g};
    }
    *gid = g;
    return 0;
}

static void seq_width(pstate *st, re_seq *s, unsigned __int128 *lo, unsigned __int128 *hi);

static void closegroup(pstate *st, int gid, re_seq *p)
{
    seq_width(st, p, &st->gw[gid][0], &st->gw[gid][1]);
    st->gw_set[gid] = true;
}

static bool checkgroup(const pstate *st, size_t gid) { return gid < st->ngroups && st->gw_set[gid]; }

static int checklookbehindgroup(pstate *st, size_t gid)
{
    if (st->lookbehindgroups >= 0) {
        if (!checkgroup(st, gid))
            return perr(st, 0, "cannot refer to an open group");
        if ((long)gid >= st->lookbehindgroups)
            return perr(st, 0, "cannot refer to group defined in the same lookbehind subpattern");
    }
    return 0;
}

static int name_gid(const pstate *st, const u32s *name)
{
    for (size_t i = 0; i < st->nnames; i++)
        if (st->names[i].len == name->len && name->len &&
            memcmp(st->names[i].name, name->p, name->len * sizeof(uint32_t)) == 0)
            return st->names[i].gid;
    return -1;
}

/* ------------------------------------------------------------ widths */

static unsigned __int128 capw(unsigned __int128 v) { return v > MAXWIDTH ? MAXWIDTH : v; }

static void seq_width(pstate *st, re_seq *s, unsigned __int128 *plo, unsigned __int128 *phi)
{
    if (s->has_width) {
        *plo = s->lo;
        *phi = s->hi;
        return;
    }
    unsigned __int128 lo = 0, hi = 0, i, j, l, h;
    for (size_t k = 0; k < s->len; k++) {
        re_node *n = s->items[k];
        switch (n->op) {
        case RE_BRANCH:
            i = MAXWIDTH;
            j = 0;
            for (size_t b = 0; b < n->branch.n; b++) {
                seq_width(st, n->branch.alts[b], &l, &h);
                if (l < i)
                    i = l;
                if (h > j)
                    j = h;
            }
            lo = capw(lo + i);
            hi = capw(hi + j);
            break;
        case RE_ATOMIC_GROUP:
            seq_width(st, n->atomic, &i, &j);
            lo = capw(lo + i);
            hi = capw(hi + j);
            break;
        case RE_SUBPATTERN:
            seq_width(st, n->sub.p, &i, &j);
            lo = capw(lo + i);
            hi = capw(hi + j);
            break;
        case RE_MAX_REPEAT:
        case RE_MIN_REPEAT:
        case RE_POSSESSIVE_REPEAT:
            seq_width(st, n->rep.item, &i, &j);
            lo = capw(lo + capw(i * n->rep.min));
            if (n->rep.max == RE_MAXREPEAT && j)
                hi = MAXWIDTH;
            else
                hi = capw(hi + capw(j * n->rep.max));
            break;
        case RE_ANY:
        case RE_IN:
        case RE_LITERAL:
        case RE_NOT_LITERAL:
            lo = capw(lo + 1);
            hi = capw(hi + 1);
            break;
        case RE_GROUPREF:
            lo = capw(lo + st->gw[n->groupref][0]);
            hi = capw(hi + st->gw[n->groupref][1]);
            break;
        case RE_GROUPREF_EXISTS:
            seq_width(st, n->cond.yes, &i, &j);
            if (n->cond.no) {
                seq_width(st, n->cond.no, &l, &h);
                if (l < i)
                    i = l;
                if (h > j)
                    j = h;
            } else {
                i = 0;
            }
            lo = capw(lo + i);
            hi = capw(hi + j);
            break;
        default: break;
        }
    }
    s->lo = lo;
    s->hi = hi;
    s->has_width = true;
    *plo = lo;
    *phi = hi;
}

/* ------------------------------------------------------------ escapes */

typedef struct code {
    int kind; /* 0 LITERAL, 1 IN (one category), 2 AT, 3 GROUPREF */
    uint32_t v;
} code;
enum { C_LIT, C_IN, C_AT, C_GROUPREF };

static bool category_of(uint32_t c, code *out)
{
    switch (c) {
    case 'A': *out = (code){C_AT, RE_AT_BEGINNING_STRING}; return true;
    case 'b': *out = (code){C_AT, RE_AT_BOUNDARY}; return true;
    case 'B': *out = (code){C_AT, RE_AT_NON_BOUNDARY}; return true;
    case 'd': *out = (code){C_IN, RE_CAT_DIGIT}; return true;
    case 'D': *out = (code){C_IN, RE_CAT_NOT_DIGIT}; return true;
    case 's': *out = (code){C_IN, RE_CAT_SPACE}; return true;
    case 'S': *out = (code){C_IN, RE_CAT_NOT_SPACE}; return true;
    case 'w': *out = (code){C_IN, RE_CAT_WORD}; return true;
    case 'W': *out = (code){C_IN, RE_CAT_NOT_WORD}; return true;
    case 'Z': *out = (code){C_AT, RE_AT_END_STRING}; return true;
    default: return false;
    }
}

static bool escape_of(uint32_t c, code *out)
{
    uint32_t v;
    switch (c) {
    case 'a': v = 7; break;
    case 'b': v = 8; break;
    case 'f': v = 12; break;
    case 'n': v = 10; break;
    case 'r': v = 13; break;
    case 't': v = 9; break;
    case 'v': v = 11; break;
    case '\\': v = '\\'; break;
    default: return false;
    }
    *out = (code){C_LIT, v};
    return true;
}

static uint32_t hexval(const uint32_t *p, size_t n)
{
    uint32_t v = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = p[i];
        v = v * 16 + (is_digit(c) ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    return v;
}

static void esc_str(arena *a, u32s *e, uint32_t c)
{
    memset(e, 0, sizeof *e);
    u32_push(a, e, '\\');
    u32_push(a, e, c);
}

static char *esc_utf8(pstate *st, const u32s *e) { return u32_utf8(st->a, e); }

/* The escapes shared by _class_escape and _escape: \x \u \U \N.  Returns 1
 * when handled (*out set), 0 when not one of these, -1 on error. */
static int common_escape(pstate *st, u32s *esc, code *out)
{
    uint32_t c = esc->p[1];
    if (c == 'x' || c == 'u' || c == 'U') {
        int want = c == 'x' ? 2 : c == 'u' ? 4 : 8;
        if (tgetwhile(st, want, is_hex, esc) < 0)
            return -1;
        if ((int)esc->len != want + 2)
            return perr(st, (long)esc->len, "incomplete escape %s", esc_utf8(st, esc));
        uint32_t v = hexval(esc->p + 2, (size_t)want);
        if (c == 'U' && v > 0x10FFFF) /* chr() ValueError */
            return perr(st, (long)esc->len, "bad escape %s", esc_utf8(st, esc));
        *out = (code){C_LIT, v};
        return 1;
    }
    if (c == 'N') {
        int m = tmatch(st, '{');
        if (m < 0)
            return -1;
        if (!m)
            return perr(st, 0, "missing {");
        u32s name;
        if (tgetuntil(st, '}', "character name", &name) < 0)
            return -1;
        size_t blen;
        char *b = re_utf8_a(st->a, name.p, name.len, &blen);
        long cp = unicode_lookup(b, blen);
        if (cp < 0)
            return perr(st, (long)name.len + 4, "undefined character name %s",
                        re_repr_a(st->a, name.p, name.len));
        *out = (code){C_LIT, (uint32_t)cp};
        return 1;
    }
    return 0;
}

/* _class_escape */
static int class_escape(pstate *st, tok t, code *out)
{
    if (escape_of(t.c, out))
        return 0;
    if (category_of(t.c, out) && out->kind == C_IN)
        return 0;
    u32s esc;
    esc_str(st->a, &esc, t.c);
    int r = common_escape(st, &esc, out);
    if (r)
        return r < 0 ? -1 : 0;
    uint32_t c = t.c;
    if (is_oct(c)) {
        if (tgetwhile(st, 2, is_oct, &esc) < 0)
            return -1;
        uint32_t v = 0;
        for (size_t i = 1; i < esc.len; i++)
            v = v * 8 + (esc.p[i] - '0');
        if (v > 0377)
            return perr(st, (long)esc.len, "octal escape value %s outside of range 0-0o377",
                        esc_utf8(st, &esc));
        *out = (code){C_LIT, v};
        return 0;
    }
    if (is_digit(c))
        return perr(st, (long)esc.len, "bad escape %s", esc_utf8(st, &esc));
    if (is_ascii_letter(c))
        return perr(st, (long)esc.len, "bad escape %s", esc_utf8(st, &esc));
    *out = (code){C_LIT, c};
    return 0;
}

/* _escape */
static int escape(pstate *st, tok t, code *out)
{
    if (category_of(t.c, out))
        return 0;
    if (escape_of(t.c, out))
        return 0;
    u32s esc;
    esc_str(st->a, &esc, t.c);
    int r = common_escape(st, &esc, out);
    if (r)
        return r < 0 ? -1 : 0;
    uint32_t c = t.c;
    if (c == '0') {
        if (tgetwhile(st, 2, is_oct, &esc) < 0)
            return -1;
        uint32_t v = 0;
        for (size_t i = 1; i < esc.len; i++)
            v = v * 8 + (esc.p[i] - '0');
        *out = (code){C_LIT, v};
        return 0;
    }
    if (is_digit(c)) {
        if (st->next_len == 1 && is_digit(st->next)) {
            tok d;
            if (tget(st, &d) < 0)
                return -1;
            u32_push(st->a, &esc, d.c);
            if (is_oct(esc.p[1]) && is_oct(esc.p[2]) && st->next_len == 1 && is_oct(st->next)) {
                if (tget(st, &d) < 0)
                    return -1;
                u32_push(st->a, &esc, d.c);
                uint32_t v = (esc.p[1] - '0') * 64 + (esc.p[2] - '0') * 8 + (esc.p[3] - '0');
                if (v > 0377)
                    return perr(st, (long)esc.len, "octal escape value %s outside of range 0-0o377",
                                esc_utf8(st, &esc));
                *out = (code){C_LIT, v};
                return 0;
            }
        }
        uint32_t group = 0;
        for (size_t i = 1; i < esc.len; i++)
            group = group * 10 + (esc.p[i] - '0');
        if (group < st->ngroups) {
            if (!checkgroup(st, group))
                return perr(st, (long)esc.len, "cannot refer to an open group");
            if (checklookbehindgroup(st, group) < 0)
                return -1;
            *out = (code){C_GROUPREF, group};
            return 0;
        }
        return perr(st, (long)esc.len - 1, "invalid group reference %u", group);
    }
    if (is_ascii_letter(c))
        return perr(st, (long)esc.len, "bad escape %s", esc_utf8(st, &esc));
    *out = (code){C_LIT, c};
    return 0;
}

/* ------------------------------------------------------------ parser */

static int parse_sub(pstate *st, bool verbose, int nested, re_seq **out);
static int parse(pstate *st, bool verbose, int nested, bool first, re_seq **out);

static re_node *code_node(arena *a, code c)
{
    re_node *n;
    switch (c.kind) {
    case C_LIT: return lit(a, c.v);
    case C_IN:
        n = node(a, RE_IN);
        n->in.items = arena_alloc(a, sizeof(re_setitem));
        n->in.items[0] = (re_setitem){RE_SI_CATEGORY, c.v, 0};
        n->in.n = 1;
        return n;
    case C_AT:
        n = node(a, RE_AT);
        n->at = (uint8_t)c.v;
        return n;
    default:
        n = node(a, RE_GROUPREF);
        n->groupref = (int)c.v;
        return n;
    }
}

static int parse_sub(pstate *st, bool verbose, int nested, re_seq **out)
{
    re_seq **items = NULL;
    size_t nitems = 0, cap = 0;
    for (;;) {
        re_seq *it;
        if (parse(st, verbose, nested + 1, !nested && !nitems, &it) < 0)
            return -1;
        if (nitems == cap) {
            size_t nc = cap ? cap * 2 : 4;
            items = arena_realloc(st->a, items, cap * sizeof(re_seq *), nc * sizeof(re_seq *));
            cap = nc;
        }
        items[nitems++] = it;
        int m = tmatch(st, '|');
        if (m < 0)
            return -1;
        if (!m)
            break;
        if (!nested)
            verbose = (st->flags & RE_F_VERBOSE) != 0;
    }
    if (nitems == 1) {
        *out = items[0];
        return 0;
    }
    re_seq *sub = seq_new(st->a);
    /* common prefix of all alternatives */
    for (;;) {
        re_node *prefix = NULL;
        bool all = true;
        for (size_t i = 0; i < nitems && all; i++) {
            if (!items[i]->len)
                all = false;
            else if (!prefix)
                prefix = items[i]->items[0];
            else if (!node_eq(items[i]->items[0], prefix))
                all = false;
        }
        if (!all)
            break;
        for (size_t i = 0; i < nitems; i++) {
            re_seq *s = items[i];
            memmove(s->items, s->items + 1, (s->len - 1) * sizeof(re_node *));
            s->len--;
            s->has_width = false;
        }
        seq_push(st->a, sub, prefix);
    }
    /* alternatives of single characters or sets -> one set */
    setv set = {0};
    bool ok = true;
    for (size_t i = 0; i < nitems && ok; i++) {
        if (items[i]->len != 1) {
            ok = false;
            break;
        }
        re_node *n = items[i]->items[0];
        if (n->op == RE_LITERAL)
            set_push(st->a, &set, (re_setitem){RE_SI_LITERAL, n->ch, 0});
        else if (n->op == RE_IN && n->in.items[0].op != RE_SI_NEGATE)
            for (size_t k = 0; k < n->in.n; k++)
                set_push(st->a, &set, n->in.items[k]);
        else
            ok = false;
    }
    if (ok) {
        set_uniq(&set);
        re_node *n = node(st->a, RE_IN);
        n->in.items = set.p;
        n->in.n = set.len;
        seq_push(st->a, sub, n);
        *out = sub;
        return 0;
    }
    re_node *b = node(st->a, RE_BRANCH);
    b->branch.alts = items;
    b->branch.n = nitems;
    seq_push(st->a, sub, b);
    *out = sub;
    return 0;
}

static bool is_ws(uint32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 11 || c == 12; }

static bool is_flag(uint32_t c, int *f)
{
    switch (c) {
    case 'i': *f = RE_F_IGNORECASE; return true;
    case 'L': *f = RE_F_LOCALE; return true;
    case 'm': *f = RE_F_MULTILINE; return true;
    case 's': *f = RE_F_DOTALL; return true;
    case 'x': *f = RE_F_VERBOSE; return true;
    case 'a': *f = RE_F_ASCII; return true;
    case 't': *f = RE_F_TEMPLATE; return true;
    case 'u': *f = RE_F_UNICODE; return true;
    default: return false;
    }
}

static bool is_alpha_tok(tok t) { return t.len == 1 ? unicode_isalpha(t.c) : false; }

/* _parse_flags.  *global = true for "(?flags)". */
static int parse_flags(pstate *st, tok ch, int *add, int *del, bool *global)
{
    int add_flags = 0, del_flags = 0, f = 0;
    *global = false;
    if (!is1(ch, '-')) {
        for (;;) {
            is_flag(ch.c, &f);
            if (ch.c == 'L')
                return perr(st, 0, "bad inline flags: cannot use 'L' flag with a str pattern");
            add_flags |= f;
            if ((f & RE_TYPE_FLAGS) && (add_flags & RE_TYPE_FLAGS) != f)
                return perr(st, 0, "bad inline flags: flags 'a', 'u' and 'L' are incompatible");
            if (tget(st, &ch) < 0)
                return -1;
            if (ch.len == 0)
                return perr(st, 0, "missing -, : or )");
            if (is1(ch, ')') || is1(ch, '-') || is1(ch, ':'))
                break;
            if (ch.len != 1 || !is_flag(ch.c, &f))
                return perr(st, ch.len, is_alpha_tok(ch) ? "unknown flag" : "missing -, : or )");
        }
    }
    if (is1(ch, ')')) {
        st->flags |= add_flags;
        *global = true;
        return 0;
    }
    if (add_flags & RE_GLOBAL_FLAGS)
        return perr(st, 1, "bad inline flags: cannot turn on global flag");
    if (is1(ch, '-')) {
        if (tget(st, &ch) < 0)
            return -1;
        if (ch.len == 0)
            return perr(st, 0, "missing flag");
        if (ch.len != 1 || !is_flag(ch.c, &f))
            return perr(st, ch.len, is_alpha_tok(ch) ? "unknown flag" : "missing flag");
        for (;;) {
            is_flag(ch.c, &f);
            if (f & RE_TYPE_FLAGS)
                return perr(st, 0, "bad inline flags: cannot turn off flags 'a', 'u' and 'L'");
            del_flags |= f;
            if (tget(st, &ch) < 0)
                return -1;
            if (ch.len == 0)
                return perr(st, 0, "missing :");
            if (is1(ch, ':'))
                break;
            if (ch.len != 1 || !is_flag(ch.c, &f))
                return perr(st, ch.len, is_alpha_tok(ch) ? "unknown flag" : "missing :");
        }
    }
    if (del_flags & RE_GLOBAL_FLAGS)
        return perr(st, 1, "bad inline flags: cannot turn off global flag");
    if (add_flags & del_flags)
        return perr(st, 1, "bad inline flags: flag turned on and off");
    *add = add_flags;
    *del = del_flags;
    return 0;
}

static bool is_repeat_op(uint8_t op)
{
    return op == RE_MAX_REPEAT || op == RE_MIN_REPEAT || op == RE_POSSESSIVE_REPEAT;
}

/* The character class after '['; `here` is the position of '['. */
static int parse_class(pstate *st, long here, re_seq *sub)
{
    setv set = {0};
    int negate = tmatch(st, '^');
    if (negate < 0)
        return -1;
    for (;;) {
        tok t;
        if (tget(st, &t) < 0)
            return -1;
        if (t.len == 0)
            return perr(st, ttell(st) - here, "unterminated character set");
        if (is1(t, ']') && set.len)
            break;
        code c1;
        if (t.len == 2) {
            if (class_escape(st, t, &c1) < 0)
                return -1;
        } else {
            c1 = (code){C_LIT, t.c};
        }
        int m = tmatch(st, '-');
        if (m < 0)
            return -1;
        if (m) {
            tok that;
            if (tget(st, &that) < 0)
                return -1;
            if (that.len == 0)
                return perr(st, ttell(st) - here, "unterminated character set");
            if (is1(that, ']')) {
                if (c1.kind == C_IN)
                    set_push(st->a, &set, (re_setitem){RE_SI_CATEGORY, c1.v, 0});
                else
                    set_push(st->a, &set, (re_setitem){RE_SI_LITERAL, c1.v, 0});
                set_push(st->a, &set, (re_setitem){RE_SI_LITERAL, '-', 0});
                break;
            }
            code c2;
            if (that.len == 2) {
                if (class_escape(st, that, &c2) < 0)
                    return -1;
            } else {
                c2 = (code){C_LIT, that.c};
            }
            if (c1.kind != C_LIT || c2.kind != C_LIT || c2.v < c1.v) {
                u32s a = {0};
                u32_tok(st->a, &a, t);
                size_t la = a.len;
                u32_push(st->a, &a, '-');
                u32_tok(st->a, &a, that);
                return perr(st, (long)(la + 1 + (size_t)that.len), "bad character range %s",
                            u32_utf8(st->a, &a));
            }
            set_push(st->a, &set, (re_setitem){RE_SI_RANGE, c1.v, c2.v});
        } else {
            if (c1.kind == C_IN)
                set_push(st->a, &set, (re_setitem){RE_SI_CATEGORY, c1.v, 0});
            else
                set_push(st->a, &set, (re_setitem){RE_SI_LITERAL, c1.v, 0});
        }
    }
    set_uniq(&set);
    if (set.len == 1 && set.p[0].op == RE_SI_LITERAL) {
        re_node *n = lit(st->a, set.p[0].lo);
        if (negate)
            n->op = RE_NOT_LITERAL;
        seq_push(st->a, sub, n);
        return 0;
    }
    re_node *n = node(st->a, RE_IN);
    if (negate) {
        re_setitem *items = arena_alloc(st->a, (set.len + 1) * sizeof(re_setitem));
        items[0] = (re_setitem){RE_SI_NEGATE, 0, 0};
        memcpy(items + 1, set.p, set.len * sizeof(re_setitem));
        n->in.items = items;
        n->in.n = set.len + 1;
    } else {
        n->in.items = set.p;
        n->in.n = set.len;
    }
    seq_push(st->a, sub, n);
    return 0;
}

/* Digits of a {m,n} bound -> value; OverflowError when >= MAXREPEAT. */
static int repeat_bound(pstate *st, const u32s *d, uint32_t *v)
{
    uint64_t x = 0;
    for (size_t i = 0; i < d->len; i++) {
        x = x * 10 + (d->p[i] - '0');
        if (x >= RE_MAXREPEAT) {
            py_raise(st->err, st->a, "OverflowError", "the repetition number is too large");
            return -1;
        }
    }
    *v = (uint32_t)x;
    return 0;
}

/* A repeat character was read (`this`); applies it to the last item. */
static int parse_repeat(pstate *st, tok this, re_seq *sub, bool *literal_brace)
{
    *literal_brace = false;
    long here = ttell(st);
    uint32_t min, max;
    if (is1(this, '?'))
        min = 0, max = 1;
    else if (is1(this, '*'))
        min = 0, max = RE_MAXREPEAT;
    else if (is1(this, '+'))
        min = 1, max = RE_MAXREPEAT;
    else {
        if (st->next_len == 1 && st->next == '}') {
            *literal_brace = true;
            return 0;
        }
        min = 0, max = RE_MAXREPEAT;
        u32s lo = {0}, hi = {0};
        while (st->next_len == 1 && is_digit(st->next)) {
            u32_push(st->a, &lo, st->next);
            if (tnext(st) < 0)
                return -1;
        }
        int m = tmatch(st, ',');
        if (m < 0)
            return -1;
        if (m) {
            while (st->next_len == 1 && is_digit(st->next)) {
                u32_push(st->a, &hi, st->next);
                if (tnext(st) < 0)
                    return -1;
            }
        } else {
            hi = lo;
        }
        m = tmatch(st, '}');
        if (m < 0)
            return -1;
        if (!m) {
            *literal_brace = true;
            return tseek(st, (size_t)here);
        }
        if (lo.len && repeat_bound(st, &lo, &min) < 0)
            return -1;
        if (hi.len) {
            if (repeat_bound(st, &hi, &max) < 0)
                return -1;
            if (max < min)
                return perr(st, ttell(st) - here, "min repeat greater than max repeat");
        }
    }
    re_node *last = sub->len ? sub->items[sub->len - 1] : NULL;
    if (!last || last->op == RE_AT)
        return perr(st, ttell(st) - here + this.len, "nothing to repeat");
    if (is_repeat_op(last->op))
        return perr(st, ttell(st) - here + this.len, "multiple repeat");
    re_seq *item;
    if (last->op == RE_SUBPATTERN && !last->sub.group && !last->sub.add && !last->sub.del) {
        item = last->sub.p;
    } else {
        item = seq_new(st->a);
        seq_push(st->a, item, last);
    }
    re_op op = RE_MAX_REPEAT;
    int m = tmatch(st, '?');
    if (m < 0)
        return -1;
    if (m) {
        op = RE_MIN_REPEAT;
    } else {
        m = tmatch(st, '+');
        if (m < 0)
            return -1;
        if (m)
            op = RE_POSSESSIVE_REPEAT;
    }
    re_node *r = node(st->a, op);
    r->rep.min = min;
    r->rep.max = max;
    r->rep.item = item;
    sub->items[sub->len - 1] = r;
    return 0;
}

static void add_gref(pstate *st, uint32_t g, long pos)
{
    for (size_t i = 0; i < st->ngrefs; i++)
        if (st->grefs[i].g == g)
            return;
    if (st->ngrefs == st->grefs_cap) {
        size_t nc = st->grefs_cap ? st->grefs_cap * 2 : 4;
        st->grefs = arena_realloc(st->a, st->grefs, st->grefs_cap * sizeof *st->grefs, nc * sizeof *st->grefs);
        st->grefs_cap = nc;
    }
    st->grefs[st->ngrefs++] = (gref){g, pos};
}

/* "(?(" condition ")" yes "|" no ")" */
static int parse_conditional(pstate *st, bool verbose, int nested, long start, re_seq *sub)
{
    u32s condname;
    if (tgetuntil(st, ')', "group name", &condname) < 0)
        return -1;
    int condgroup;
    if (re_isidentifier(condname.p, condname.len)) {
        if (checkgroupname(st, &condname, 1) < 0)
            return -1;
        condgroup = name_gid(st, &condname);
        if (condgroup < 0)
            return perr(st, (long)condname.len + 1, "unknown group name %s",
                        re_repr_a(st->a, condname.p, condname.len));
    } else {
        bool neg;
        const char *digits;
        if (!re_pyint(st->a, condname.p, condname.len, &neg, &digits) || (neg && strcmp(digits, "0") != 0))
            return perr(st, (long)condname.len + 1, "bad character in group name %s",
                        re_repr_a(st->a, condname.p, condname.len));
        uint64_t v = re_digits_value(digits);
        if (v == 0)
            return perr(st, (long)condname.len + 1, "bad group number");
        if (v >= RE_MAXGROUPS)
            return perr(st, (long)condname.len + 1, "invalid group reference %s", digits);
        condgroup = (int)v;
        add_gref(st, (uint32_t)v, ttell(st) - (long)condname.len - 1);
    }
    if (checklookbehindgroup(st, (size_t)condgroup) < 0)
        return -1;
    re_seq *yes, *no = NULL;
    if (parse(st, verbose, nested + 1, false, &yes) < 0)
        return -1;
    int m = tmatch(st, '|');
    if (m < 0)
        return -1;
    if (m) {
        if (parse(st, verbose, nested + 1, false, &no) < 0)
            return -1;
        if (st->next_len == 1 && st->next == '|')
            return perr(st, 0, "conditional backref with more than two branches");
    }
    m = tmatch(st, ')');
    if (m < 0)
        return -1;
    if (!m)
        return perr(st, ttell(st) - start, "missing ), unterminated subpattern");
    re_node *n = node(st->a, RE_GROUPREF_EXISTS);
    n->cond.group = condgroup;
    n->cond.yes = yes;
    n->cond.no = no;
    seq_push(st->a, sub, n);
    return 0;
}

/* After "(": a group of any kind.  *cont = true when the item is complete
 * (Python's `continue`); *verbose may change (global flags). */
static int parse_group(pstate *st, bool *verbose, int nested, bool first, re_seq *sub)
{
    long start = ttell(st) - 1;
    bool capture = true, atomic = false;
    u32s name = {0};
    bool have_name = false;
    int add_flags = 0, del_flags = 0;
    int m = tmatch(st, '?');
    if (m < 0)
        return -1;
    if (m) {
        tok ch;
        if (tget(st, &ch) < 0)
            return -1;
        if (ch.len == 0)
            return perr(st, 0, "unexpected end of pattern");
        if (is1(ch, 'P')) {
            if ((m = tmatch(st, '<')) < 0)
                return -1;
            if (m) {
                if (tgetuntil(st, '>', "group name", &name) < 0 || checkgroupname(st, &name, 1) < 0)
                    return -1;
                have_name = true;
            } else {
                if ((m = tmatch(st, '=')) < 0)
                    return -1;
                if (m) {
                    if (tgetuntil(st, ')', "group name", &name) < 0 || checkgroupname(st, &name, 1) < 0)
                        return -1;
                    int gid = name_gid(st, &name);
                    if (gid < 0)
                        return perr(st, (long)name.len + 1, "unknown group name %s",
                                    re_repr_a(st->a, name.p, name.len));
                    if (!checkgroup(st, (size_t)gid))
                        return perr(st, (long)name.len + 1, "cannot refer to an open group");
                    if (checklookbehindgroup(st, (size_t)gid) < 0)
                        return -1;
                    re_node *n = node(st->a, RE_GROUPREF);
                    n->groupref = gid;
                    seq_push(st->a, sub, n);
                    return 0;
                }
                tok c2;
                if (tget(st, &c2) < 0)
                    return -1;
                if (c2.len == 0)
                    return perr(st, 0, "unexpected end of pattern");
                u32s x = {0};
                u32_push(st->a, &x, '?');
                u32_push(st->a, &x, 'P');
                u32_tok(st->a, &x, c2);
                return perr(st, c2.len + 2, "unknown extension %s", u32_utf8(st->a, &x));
            }
        } else if (is1(ch, ':')) {
            capture = false;
        } else if (is1(ch, '#')) {
            for (;;) {
                if (st->next_len == 0)
                    return perr(st, ttell(st) - start, "missing ), unterminated comment");
                tok c;
                if (tget(st, &c) < 0)
                    return -1;
                if (is1(c, ')'))
                    break;
            }
            return 0;
        } else if (is1(ch, '=') || is1(ch, '!') || is1(ch, '<')) {
            int dir = 1;
            long saved_lb = st->lookbehindgroups;
            if (is1(ch, '<')) {
                if (tget(st, &ch) < 0)
                    return -1;
                if (ch.len == 0)
                    return perr(st, 0, "unexpected end of pattern");
                if (!is1(ch, '=') && !is1(ch, '!')) {
                    u32s x = {0};
                    u32_push(st->a, &x, '?');
                    u32_push(st->a, &x, '<');
                    u32_tok(st->a, &x, ch);
                    return perr(st, ch.len + 2, "unknown extension %s", u32_utf8(st->a, &x));
                }
                dir = -1;
                if (saved_lb < 0)
                    st->lookbehindgroups = (long)st->ngroups;
            }
            re_seq *p;
            if (parse_sub(st, *verbose, nested + 1, &p) < 0)
                return -1;
            if (dir < 0 && saved_lb < 0)
                st->lookbehindgroups = -1;
            if ((m = tmatch(st, ')')) < 0)
                return -1;
            if (!m)
                return perr(st, ttell(st) - start, "missing ), unterminated subpattern");
            re_node *n = node(st->a, is1(ch, '=') ? RE_ASSERT : RE_ASSERT_NOT);
            n->as.dir = dir;
            n->as.p = p;
            seq_push(st->a, sub, n);
            return 0;
        } else if (is1(ch, '(')) {
            return parse_conditional(st, *verbose, nested, start, sub);
        } else if (is1(ch, '>')) {
            capture = false;
            atomic = true;
        } else if ((ch.len == 1 && is_flag(ch.c, &add_flags)) || is1(ch, '-')) {
            add_flags = 0;
            bool global;
            if (parse_flags(st, ch, &add_flags, &del_flags, &global) < 0)
                return -1;
            if (global) {
                if (!first || sub->len)
                    return perr(st, ttell(st) - start, "global flags not at the start of the expression");
                *verbose = (st->flags & RE_F_VERBOSE) != 0;
                return 0;
            }
            capture = false;
        } else {
            u32s x = {0};
            u32_push(st->a, &x, '?');
            u32_tok(st->a, &x, ch);
            return perr(st, ch.len + 1, "unknown extension %s", u32_utf8(st->a, &x));
        }
    }
    int group = 0;
    if (capture && opengroup(st, have_name ? &name : NULL, &group) < 0)
        return -1;
    bool sub_verbose = (*verbose || (add_flags & RE_F_VERBOSE)) && !(del_flags & RE_F_VERBOSE);
    re_seq *p;
    if (parse_sub(st, sub_verbose, nested + 1, &p) < 0)
        return -1;
    if ((m = tmatch(st, ')')) < 0)
        return -1;
    if (!m)
        return perr(st, ttell(st) - start, "missing ), unterminated subpattern");
    if (group)
        closegroup(st, group, p);
    re_node *n;
    if (atomic) {
        n = node(st->a, RE_ATOMIC_GROUP);
        n->atomic = p;
    } else {
        n = node(st->a, RE_SUBPATTERN);
        n->sub.group = group;
        n->sub.add = add_flags;
        n->sub.del = del_flags;
        n->sub.p = p;
    }
    seq_push(st->a, sub, n);
    return 0;
}

static int parse(pstate *st, bool verbose, int nested, bool first, re_seq **out)
{
    if (nested > 2 * RE_MAX_NESTING) {
        py_limit(st->err, st->a, "pattern nested too deeply (more than %d levels of groups)", RE_MAX_NESTING);
        return -1;
    }
    re_seq *sub = seq_new(st->a);
    for (;;) {
        tok this = tpeek(st);
        if (this.len == 0)
            break;
        if (is1(this, '|') || is1(this, ')'))
            break;
        if (tnext(st) < 0)
            return -1;
        if (verbose) {
            if (this.len == 1 && is_ws(this.c))
                continue;
            if (is1(this, '#')) {
                for (;;) {
                    if (tget(st, &this) < 0)
                        return -1;
                    if (this.len == 0 || is1(this, '\n'))
                        break;
                }
                continue;
            }
        }
        if (this.len == 2) {
            code c;
            if (escape(st, this, &c) < 0)
                return -1;
            seq_push(st->a, sub, code_node(st->a, c));
            continue;
        }
        switch (this.c) {
        case '[':
            if (parse_class(st, ttell(st) - 1, sub) < 0)
                return -1;
            break;
        case '*':
        case '+':
        case '?':
        case '{': {
            bool brace;
            if (parse_repeat(st, this, sub, &brace) < 0)
                return -1;
            if (brace)
                seq_push(st->a, sub, lit(st->a, '{'));
            break;
        }
        case '.': seq_push(st->a, sub, node(st->a, RE_ANY)); break;
        case '(':
            if (parse_group(st, &verbose, nested, first, sub) < 0)
                return -1;
            break;
        case '^': {
            re_node *n = node(st->a, RE_AT);
            n->at = RE_AT_BEGINNING;
            seq_push(st->a, sub, n);
            break;
        }
        case '$': {
            re_node *n = node(st->a, RE_AT);
            n->at = RE_AT_END;
            seq_push(st->a, sub, n);
            break;
        }
        default: seq_push(st->a, sub, lit(st->a, this.c)); break;
        }
    }
    /* unpack non-capturing groups without flags */
    for (size_t i = sub->len; i-- > 0;) {
        re_node *n = sub->items[i];
        if (n->op == RE_SUBPATTERN && !n->sub.group && !n->sub.add && !n->sub.del) {
            re_seq *p = n->sub.p;
            size_t newlen = sub->len - 1 + p->len;
            if (newlen > sub->cap) {
                sub->items = arena_realloc(st->a, sub->items, sub->cap * sizeof(re_node *),
                                           newlen * sizeof(re_node *));
                sub->cap = newlen;
            }
            memmove(sub->items + i + p->len, sub->items + i + 1, (sub->len - i - 1) * sizeof(re_node *));
            if (p->len)
                memcpy(sub->items + i, p->items, p->len * sizeof(re_node *));
            sub->len = newlen;
        }
    }
    *out = sub;
    return 0;
}

int re_parse(arena *a, const uint32_t *pat, size_t n, int flags, re_parsed *out, py_err *err)
{
    pstate st = {0};
    st.a = a;
    st.err = err;
    st.s = pat;
    st.n = n;
    st.flags = flags;
    st.gw_cap = 8;
    st.gw = arena_calloc(a, st.gw_cap, sizeof *st.gw);
    st.gw_set = arena_calloc(a, st.gw_cap, 1);
    st.ngroups = 1;
    st.gw_set[0] = false;
    st.lookbehindgroups = -1;
    if (tnext(&st) < 0)
        return -1;
    re_seq *p;
    if (parse_sub(&st, (flags & RE_F_VERBOSE) != 0, 0, &p) < 0)
        return -1;
    /* fix_flags */
    int f = st.flags;
    if (f & RE_F_LOCALE)
        return py_raise(err, a, "ValueError", "cannot use LOCALE flag with a str pattern");
    if (!(f & RE_F_ASCII))
        f |= RE_F_UNICODE;
    else if (f & RE_F_UNICODE)
        return py_raise(err, a, "ValueError", "ASCII and UNICODE flags are incompatible");
    if (st.next_len != 0)
        return perr(&st, 0, "unbalanced parenthesis");
    for (size_t i = 0; i < st.ngrefs; i++)
        if (st.grefs[i].g >= st.ngroups)
            return re_error(err, a, pat, n, st.grefs[i].pos, "invalid group reference %u", st.grefs[i].g);
    out->p = p;
    out->flags = f;
    out->groups = (int)st.ngroups - 1;
    out->names = st.names;
    out->nnames = st.nnames;
    out->gwidth = st.gw;
    out->groupnames = arena_calloc(a, st.ngroups, sizeof(char *));
    for (size_t i = 0; i < st.nnames; i++)
        out->groupnames[st.names[i].gid] = re_utf8_a(a, st.names[i].name, st.names[i].len, NULL);
    return 0;
}

void re_seq_width(re_parsed *rp, re_seq *s, unsigned __int128 *lo, unsigned __int128 *hi)
{
    pstate st = {0};
    st.gw = rp->gwidth;
    seq_width(&st, s, lo, hi);
}
