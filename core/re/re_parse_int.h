/* What the files of the pattern parser share: the parser's state (the
 * Tokenizer and CPython's State), the node constructors, and the functions
 * one file calls in another.  Private to re_parse.c (tree building: the
 * sequences, alternatives and widths), re_parse_escape.c (escapes),
 * re_parse_group.c (groups, inline flags, conditionals, group bookkeeping)
 * and re_parse_item.c (character sets and repeats). */
#ifndef PYSTD_RE_PARSE_INT_H
#define PYSTD_RE_PARSE_INT_H

#include "re/re_lex.h"
#include "re/re_parse.h"

/* A back-reference of a conditional, checked once the pattern is read. */
typedef struct re_gref {
    uint32_t g;
    long pos;
} re_gref;

/* The Tokenizer and _parser.State. */
typedef struct re_pstate {
    arena *a;
    py_err *err;
    re_lexer lx;
    int flags;
    re_name *names;
    size_t nnames, names_cap;
    unsigned __int128 (*gw)[2]; /* groupwidths */
    bool *gw_set;
    size_t ngroups, gw_cap; /* State.groups (group 0 included) */
    long lookbehindgroups;  /* -1: None */
    re_gref *grefs;
    size_t ngrefs, grefs_cap;
} re_pstate;

/* ---- re_parse.c: nodes, widths, sequences */

re_seq *re_seq_new(arena *a);
void re_seq_push(arena *a, re_seq *s, re_node *n);
re_node *re_node_new(arena *a, re_op op);
re_node *re_node_lit(arena *a, uint32_t c);

/* SubPattern.getwidth() with the group widths gw (memoised in s). */
void re_width(unsigned __int128 (*gw)[2], re_seq *s, unsigned __int128 *lo, unsigned __int128 *hi);

/* _parse_sub: alternatives up to ')' or the end. */
int re_parse_sub(re_pstate *st, bool verbose, int nested, re_seq **out);
/* _parse: one alternative. */
int re_parse_seq(re_pstate *st, bool verbose, int nested, bool first, re_seq **out);

/* ---- re_parse_escape.c */

/* What an escape stands for: a literal, a category (IN), an anchor (AT)
 * or a back-reference. */
typedef struct re_code {
    int kind; /* RE_C_* */
    uint32_t v;
} re_code;
enum { RE_C_LIT, RE_C_IN, RE_C_AT, RE_C_GROUPREF };

/* _class_escape (in_class) or _escape for the escape token t. */
int re_parse_escape(re_pstate *st, re_token t, bool in_class, re_code *out);
re_node *re_code_node(arena *a, re_code c);

/* ---- re_parse_group.c */

/* After "(": a group of any kind; *verbose may change (global flags). */
int re_parse_group(re_pstate *st, bool *verbose, int nested, bool first, re_seq *sub);
/* State.checkgroup */
bool re_pstate_checkgroup(const re_pstate *st, size_t gid);
/* State.checklookbehindgroup */
int re_pstate_checklookbehind(re_pstate *st, size_t gid);

/* ---- re_parse_item.c */

/* A growable set (the `set` list of _parse). */
typedef struct re_setv {
    re_setitem *p;
    size_t len, cap;
} re_setv;

void re_setv_push(arena *a, re_setv *s, re_setitem it);
/* _uniq: drops later duplicates, keeps the first occurrence's order. */
void re_setv_uniq(re_setv *s);
bool re_setitem_eq(const re_setitem *x, const re_setitem *y);

/* The character class after '['; `here` is the position of '['. */
int re_parse_class(re_pstate *st, long here, re_seq *sub);
/* A repeat character was read (`this`): applies it to the last item;
 * *literal_brace when '{' turned out to be a literal. */
int re_parse_repeat(re_pstate *st, re_token this, re_seq *sub, bool *literal_brace);

#endif
