/* strptime's small regex engine (time_strptime_re.h): the TimeRE subset
 * parsed to a tree, compiled to a backtracking program, and matched with
 * sre's semantics under IGNORECASE, within a step budget. */
#include "time/time_strptime_re.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/budget.h"
#include "text/unicode.h"
#include "text/utf8.h"

/* ---------------------------------------------------------------- AST */

typedef enum { N_LIT, N_DIGIT, N_SPACE, N_SET, N_GROUP, N_REPEAT, N_CAT, N_ALT } ntype;

typedef struct node node;
struct node {
    ntype t;
    bool icase;         /* N_LIT */
    uint32_t c;         /* N_LIT */
    uint32_t (*set)[2]; /* N_SET ranges */
    size_t nset;
    int cap;      /* N_GROUP: group number, 0 = not capturing */
    int min, max; /* N_REPEAT: max -1 = unbounded */
    node *child;  /* N_GROUP, N_REPEAT */
    node **kids;  /* N_CAT, N_ALT */
    size_t nk;
};

typedef struct named {
    char *name;
    int group;
} named;

struct time_rx_prog {
    struct inst *code;
    size_t ncode;
    size_t ngroups;
    named *names;
    size_t nnames;
};

typedef struct parser {
    arena *a;
    const uint32_t *p;
    size_t n, i;
    int ngroups;
    named *names;
    size_t nnames, cap_names;
    py_err *e;
    const uint32_t *pat;
    bool failed;
} parser;

static node *new_node(parser *ps, ntype t)
{
    node *x = arena_calloc(ps->a, 1, sizeof *x);
    x->t = t;
    return x;
}

static void push_kid(parser *ps, node *list, node *kid, size_t *cap)
{
    if (list->nk == *cap) {
        size_t nc = *cap ? *cap * 2 : 4;
        list->kids = arena_realloc(ps->a, list->kids, *cap * sizeof(node *), nc * sizeof(node *));
        *cap = nc;
    }
    list->kids[list->nk++] = kid;
}

static bool at(parser *ps, uint32_t c)
{
    return ps->i < ps->n && ps->p[ps->i] == c;
}

static node *parse_alt(parser *ps, bool icase);

static int read_int(parser *ps, int *out)
{
    size_t s = ps->i;
    long v = 0;
    while (ps->i < ps->n && ps->p[ps->i] >= '0' && ps->p[ps->i] <= '9') {
        if (v < 100000)
            v = v * 10 + (long)(ps->p[ps->i] - '0');
        ps->i++;
    }
    *out = (int)v;
    return ps->i > s;
}

static node *parse_set(parser *ps)
{
    node *x = new_node(ps, N_SET);
    size_t cap = 0;
    while (ps->i < ps->n && !(ps->p[ps->i] == ']' && x->nset > 0)) {
        uint32_t lo = ps->p[ps->i++], hi;
        if (lo == '\\' && ps->i < ps->n)
            lo = ps->p[ps->i++];
        hi = lo;
        if (at(ps, '-') && ps->i + 1 < ps->n && ps->p[ps->i + 1] != ']') {
            ps->i++;
            hi = ps->p[ps->i++];
            if (hi == '\\' && ps->i < ps->n)
                hi = ps->p[ps->i++];
        }
        if (x->nset == cap) {
            size_t nc = cap ? cap * 2 : 4;
            x->set = arena_realloc(ps->a, x->set, cap * sizeof *x->set, nc * sizeof *x->set);
            cap = nc;
        }
        x->set[x->nset][0] = lo;
        x->set[x->nset][1] = hi;
        x->nset++;
    }
    if (at(ps, ']'))
        ps->i++;
    return x;
}

static int open_named(parser *ps, size_t name_start, size_t name_len, int gid)
{
    char *name = arena_alloc(ps->a, name_len * 4 + 1);
    size_t k = 0;
    for (size_t j = 0; j < name_len; j++) {
        uint32_t c = ps->p[name_start + j];
        k += (size_t)utf8_put(c, name + k);
    }
    name[k] = '\0';
    for (size_t j = 0; j < ps->nnames; j++)
        if (!strcmp(ps->names[j].name, name)) {
            py_raise(ps->e, ps->a, "re.error",
                     "redefinition of group name '%s' as group %d; was group %d at position %zu", name, gid,
                     ps->names[j].group, name_start);
            py_err_extra(ps->e, ps->a, "pos", pv_int(ps->a, (int64_t)name_start));
            ps->failed = true;
            return -1;
        }
    if (ps->nnames == ps->cap_names) {
        size_t nc = ps->cap_names ? ps->cap_names * 2 : 8;
        ps->names =
            arena_realloc(ps->a, ps->names, ps->cap_names * sizeof *ps->names, nc * sizeof *ps->names);
        ps->cap_names = nc;
    }
    ps->names[ps->nnames++] = (named){name, gid};
    return 0;
}

static node *parse_atom(parser *ps, bool icase)
{
    uint32_t c = ps->p[ps->i++];
    if (c == '(') {
        node *g = new_node(ps, N_GROUP);
        bool inner_icase = icase;
        if (at(ps, '?')) {
            ps->i++;
            if (at(ps, 'P') && ps->i + 1 < ps->n && ps->p[ps->i + 1] == '<') {
                ps->i += 2;
                size_t s = ps->i;
                while (ps->i < ps->n && ps->p[ps->i] != '>')
                    ps->i++;
                size_t len = ps->i - s;
                if (at(ps, '>'))
                    ps->i++;
                g->cap = ++ps->ngroups;
                if (open_named(ps, s, len, g->cap) < 0)
                    return NULL;
            } else {
                /* (?-i:...) : flags off until ':' */
                bool off = false;
                while (ps->i < ps->n && ps->p[ps->i] != ':' && ps->p[ps->i] != ')') {
                    if (ps->p[ps->i] == '-')
                        off = true;
                    else if (ps->p[ps->i] == 'i')
                        inner_icase = !off;
                    ps->i++;
                }
                if (at(ps, ':'))
                    ps->i++;
            }
        } else {
            g->cap = ++ps->ngroups;
        }
        g->child = parse_alt(ps, inner_icase);
        if (!g->child)
            return NULL;
        if (at(ps, ')'))
            ps->i++;
        return g;
    }
    if (c == '[')
        return parse_set(ps);
    if (c == '\\' && ps->i < ps->n) {
        uint32_t d = ps->p[ps->i++];
        if (d == 'd')
            return new_node(ps, N_DIGIT);
        if (d == 's')
            return new_node(ps, N_SPACE);
        c = d;
    }
    node *x = new_node(ps, N_LIT);
    x->c = c;
    x->icase = icase;
    return x;
}

static node *parse_seq(parser *ps, bool icase)
{
    node *cat = new_node(ps, N_CAT);
    size_t cap = 0;
    while (ps->i < ps->n && !at(ps, '|') && !at(ps, ')')) {
        node *x = parse_atom(ps, icase);
        if (!x)
            return NULL;
        int mn = -2, mx = -2;
        if (at(ps, '?'))
            mn = 0, mx = 1, ps->i++;
        else if (at(ps, '*'))
            mn = 0, mx = -1, ps->i++;
        else if (at(ps, '+'))
            mn = 1, mx = -1, ps->i++;
        else if (at(ps, '{')) {
            size_t save = ps->i++;
            int a = 0, b = 0;
            bool ok = read_int(ps, &a);
            if (ok && at(ps, ',')) {
                ps->i++;
                ok = read_int(ps, &b);
            } else {
                b = a;
            }
            if (ok && at(ps, '}')) {
                ps->i++;
                mn = a, mx = b;
            } else {
                ps->i = save; /* not a repeat: '{' is a literal next time round */
            }
        }
        if (mn != -2) {
            node *r = new_node(ps, N_REPEAT);
            r->child = x;
            r->min = mn;
            r->max = mx;
            x = r;
        }
        push_kid(ps, cat, x, &cap);
    }
    return cat;
}

static node *parse_alt(parser *ps, bool icase)
{
    node *first = parse_seq(ps, icase);
    if (!first || !at(ps, '|'))
        return first;
    node *alt = new_node(ps, N_ALT);
    size_t cap = 0;
    push_kid(ps, alt, first, &cap);
    while (at(ps, '|')) {
        ps->i++;
        node *x = parse_seq(ps, icase);
        if (!x)
            return NULL;
        push_kid(ps, alt, x, &cap);
    }
    return alt;
}

/* ---------------------------------------------------------------- code */

enum { I_CHAR, I_CHARI, I_DIGIT, I_SPACE, I_SET, I_SPLIT, I_JMP, I_SAVE, I_MATCH };

typedef struct inst {
    uint8_t op;
    uint32_t c[3];            /* I_CHAR: c[0]; I_CHARI: lower form and up to two equivalents */
    size_t x, y;              /* I_SPLIT: x preferred, y on backtrack; I_JMP x; I_SAVE x = slot */
    const uint32_t (*set)[2]; /* I_SET */
    size_t nset;
} inst;

typedef struct emitter {
    arena *a;
    inst *code;
    size_t n, cap;
} emitter;

static size_t emit(emitter *em, uint8_t op)
{
    if (em->n == em->cap) {
        size_t nc = em->cap ? em->cap * 2 : 64;
        em->code = arena_realloc(em->a, em->code, em->cap * sizeof *em->code, nc * sizeof *em->code);
        em->cap = nc;
    }
    memset(&em->code[em->n], 0, sizeof(inst));
    em->code[em->n].op = op;
    return em->n++;
}

/* sre's _EXTRA_CASES (re/_casefix.py): lowercase letters that share an
 * uppercase with other lowercase letters. */
static const uint32_t EXTRA_CASES[][3] = {
    {105, 305, 0},      {115, 383, 0},    {181, 956, 0},      {305, 105, 0},      {383, 115, 0},
    {837, 953, 8126},   {912, 8147, 0},   {944, 8163, 0},     {946, 976, 0},      {949, 1013, 0},
    {952, 977, 0},      {953, 837, 8126}, {954, 1008, 0},     {956, 181, 0},      {960, 982, 0},
    {961, 1009, 0},     {962, 963, 0},    {963, 962, 0},      {966, 981, 0},      {976, 946, 0},
    {977, 952, 0},      {981, 966, 0},    {982, 960, 0},      {1008, 954, 0},     {1009, 961, 0},
    {1013, 949, 0},     {1074, 7296, 0},  {1076, 7297, 0},    {1086, 7298, 0},    {1089, 7299, 0},
    {1090, 7300, 7301}, {1098, 7302, 0},  {1123, 7303, 0},    {7296, 1074, 0},    {7297, 1076, 0},
    {7298, 1086, 0},    {7299, 1089, 0},  {7300, 1090, 7301}, {7301, 1090, 7300}, {7302, 1098, 0},
    {7303, 1123, 0},    {7304, 42571, 0}, {7777, 7835, 0},    {7835, 7777, 0},    {8126, 837, 953},
    {8147, 912, 0},     {8163, 944, 0},   {42571, 7304, 0},   {64261, 64262, 0},  {64262, 64261, 0},
};

static void emit_node(emitter *em, const node *x)
{
    size_t k;
    switch (x->t) {
    case N_LIT: {
        uint32_t c = x->c;
        bool cased = unicode_simple_lower(c) != c || unicode_simple_upper(c) != c;
        if (!x->icase || !cased) {
            k = emit(em, I_CHAR);
            em->code[k].c[0] = c;
            break;
        }
        k = emit(em, I_CHARI);
        uint32_t lo = unicode_simple_lower(c);
        em->code[k].c[0] = lo;
        for (size_t j = 0; j < sizeof EXTRA_CASES / sizeof EXTRA_CASES[0]; j++)
            if (EXTRA_CASES[j][0] == lo) {
                em->code[k].c[1] = EXTRA_CASES[j][1];
                em->code[k].c[2] = EXTRA_CASES[j][2];
            }
        break;
    }
    case N_DIGIT:
        emit(em, I_DIGIT);
        break;
    case N_SPACE:
        emit(em, I_SPACE);
        break;
    case N_SET:
        k = emit(em, I_SET);
        em->code[k].set = (const uint32_t(*)[2])x->set;
        em->code[k].nset = x->nset;
        break;
    case N_GROUP:
        if (x->cap) {
            k = emit(em, I_SAVE);
            em->code[k].x = (size_t)x->cap * 2;
        }
        emit_node(em, x->child);
        if (x->cap) {
            k = emit(em, I_SAVE);
            em->code[k].x = (size_t)x->cap * 2 + 1;
        }
        break;
    case N_CAT:
        for (size_t i = 0; i < x->nk; i++)
            emit_node(em, x->kids[i]);
        break;
    case N_ALT: {
        size_t *jumps = arena_alloc(em->a, x->nk * sizeof *jumps);
        for (size_t i = 0; i < x->nk; i++) {
            size_t split = 0;
            if (i + 1 < x->nk) {
                split = emit(em, I_SPLIT);
                em->code[split].x = em->n;
            }
            emit_node(em, x->kids[i]);
            if (i + 1 < x->nk) {
                jumps[i] = emit(em, I_JMP);
                em->code[split].y = em->n;
            }
        }
        for (size_t i = 0; i + 1 < x->nk; i++)
            em->code[jumps[i]].x = em->n;
        break;
    }
    case N_REPEAT: {
        for (int i = 0; i < x->min; i++)
            emit_node(em, x->child);
        if (x->max < 0) {
            size_t loop = emit(em, I_SPLIT);
            em->code[loop].x = em->n;
            emit_node(em, x->child);
            k = emit(em, I_JMP);
            em->code[k].x = loop;
            em->code[loop].y = em->n;
        } else {
            int opt = x->max - x->min;
            size_t *splits = arena_alloc(em->a, (size_t)(opt > 0 ? opt : 1) * sizeof *splits);
            for (int i = 0; i < opt; i++) {
                splits[i] = emit(em, I_SPLIT);
                em->code[splits[i]].x = em->n;
                emit_node(em, x->child);
            }
            for (int i = 0; i < opt; i++)
                em->code[splits[i]].y = em->n;
        }
        break;
    }
    }
}

int time_rx_compile(arena *a, const uint32_t *pat, size_t n, time_rx_prog **out, py_err *e)
{
    parser ps = {.a = a, .p = pat, .n = n, .e = e, .pat = pat};
    node *root = parse_alt(&ps, true);
    if (!root)
        return -1;
    /* a stray ')' at top level cannot come from strptime's patterns; stop there */
    emitter em = {.a = a};
    emit_node(&em, root);
    emit(&em, I_MATCH);
    time_rx_prog *p = arena_calloc(a, 1, sizeof *p);
    p->code = em.code;
    p->ncode = em.n;
    p->ngroups = (size_t)ps.ngroups;
    p->names = ps.names;
    p->nnames = ps.nnames;
    *out = p;
    return 0;
}

size_t time_rx_ngroups(const time_rx_prog *p)
{
    return p->ngroups;
}
size_t time_rx_nnamed(const time_rx_prog *p)
{
    return p->nnames;
}
const char *time_rx_named(const time_rx_prog *p, size_t i, int *group)
{
    *group = p->names[i].group;
    return p->names[i].name;
}

/* ---------------------------------------------------------------- matching */

typedef struct frame {
    size_t pc; /* SIZE_MAX: restore caps[slot] = val */
    size_t slot;
    long val; /* the position to resume at, or the old capture value */
} frame;

#define STACK_MAX ((size_t)1 << 20)

int time_rx_match(arena *a, const time_rx_prog *p, const uint32_t *s, size_t n, size_t budget, long *caps,
                  py_err *e)
{
    size_t ncaps = (p->ngroups + 1) * 2;
    for (size_t i = 0; i < ncaps; i++)
        caps[i] = -1;
    frame *st = NULL;
    size_t sp_top = 0, st_cap = 0, steps = 0;
    size_t pc = 0, sp = 0;
    int rc = 0;
    for (;;) {
        if (++steps > budget) {
            rc = py_limit(e, a, "time.strptime: matching took more than %zu steps", budget);
            break;
        }
        if ((steps & 1023) == 0 && budget_expired()) {
            rc = budget_error(e, a);
            break;
        }
        const inst *in = &p->code[pc];
        bool ok = true;
        switch (in->op) {
        case I_CHAR:
            ok = sp < n && s[sp] == in->c[0];
            break;
        case I_CHARI:
            if (sp < n) {
                uint32_t l = unicode_simple_lower(s[sp]);
                ok = l == in->c[0] || (in->c[1] && l == in->c[1]) || (in->c[2] && l == in->c[2]);
            } else {
                ok = false;
            }
            break;
        case I_DIGIT:
            ok = sp < n && unicode_isdecimal(s[sp]);
            break;
        case I_SPACE:
            ok = sp < n && unicode_isspace(s[sp]);
            break;
        case I_SET:
            ok = false;
            for (size_t j = 0; sp < n && j < in->nset && !ok; j++)
                ok = s[sp] >= in->set[j][0] && s[sp] <= in->set[j][1];
            break;
        case I_MATCH:
            caps[0] = 0;
            caps[1] = (long)sp;
            rc = 1;
            goto done;
        case I_JMP:
            pc = in->x;
            continue;
        case I_SPLIT:
        case I_SAVE:
            if (sp_top == st_cap) {
                if (st_cap >= STACK_MAX) {
                    rc = py_limit(e, a, "time.strptime: backtracking stack exhausted");
                    goto done;
                }
                size_t nc = st_cap ? st_cap * 2 : 256;
                frame *ns = realloc(st, nc * sizeof *ns);
                if (!ns) {
                    rc = py_limit(e, a, "time.strptime: out of memory");
                    goto done;
                }
                st = ns;
                st_cap = nc;
            }
            if (in->op == I_SPLIT) {
                st[sp_top++] = (frame){in->y, 0, (long)sp};
                pc = in->x;
            } else {
                st[sp_top++] = (frame){SIZE_MAX, in->x, caps[in->x]};
                caps[in->x] = (long)sp;
                pc++;
            }
            continue;
        }
        if (ok) {
            pc++;
            sp++;
            continue;
        }
        /* fail: undo captures back to the newest branch point */
        for (;;) {
            if (sp_top == 0) {
                rc = 0;
                goto done;
            }
            frame f = st[--sp_top];
            if (f.pc == SIZE_MAX) {
                caps[f.slot] = f.val;
                continue;
            }
            pc = f.pc;
            sp = (size_t)f.val;
            break;
        }
    }
done:
    free(st);
    if (rc != 1)
        for (size_t i = 0; i < ncaps && rc == 0; i++)
            caps[i] = -1;
    return rc;
}
