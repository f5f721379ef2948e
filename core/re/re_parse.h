/* Python's re syntax (Lib/re/_parser.py of CPython 3.11) as a C parser.
 *
 * re_parse() reads a str pattern into the same intermediate form sre_parse
 * builds (a SubPattern: a sequence of (op, arg) items, here re_node), with
 * the same optimisations that change what is matched (common prefixes of
 * alternatives, alternatives of single characters turned into sets,
 * non-capturing groups without flags spliced into their parent), and raises
 * exactly the errors CPython raises, in the same order, with the same
 * messages and positions.  re_emit.c turns the tree into a PCRE2 pattern.
 *
 * Everything is allocated in the caller's arena. */
#ifndef PYSTD_RE_PARSE_H
#define PYSTD_RE_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "py/py_err.h"

/* Python's flag bits (re.I, ...). */
enum {
    RE_F_TEMPLATE = 1,
    RE_F_IGNORECASE = 2,
    RE_F_LOCALE = 4,
    RE_F_MULTILINE = 8,
    RE_F_DOTALL = 16,
    RE_F_UNICODE = 32,
    RE_F_VERBOSE = 64,
    RE_F_DEBUG = 128,
    RE_F_ASCII = 256,
    RE_F_BYTES = 1 << 20, /* not Python's: a bytes pattern (re.h RE_COMPILE_BYTES) */
};
#define RE_TYPE_FLAGS (RE_F_ASCII | RE_F_LOCALE | RE_F_UNICODE)
#define RE_GLOBAL_FLAGS (RE_F_DEBUG | RE_F_TEMPLATE)

#define RE_MAXREPEAT 4294967295u /* _sre.MAXREPEAT */
#define RE_MAXGROUPS 1073741823u /* _sre.MAXGROUPS */

typedef enum re_op {
    RE_LITERAL,
    RE_NOT_LITERAL,
    RE_ANY,
    RE_IN,
    RE_AT,
    RE_BRANCH,
    RE_SUBPATTERN,
    RE_ATOMIC_GROUP,
    RE_MAX_REPEAT,
    RE_MIN_REPEAT,
    RE_POSSESSIVE_REPEAT,
    RE_GROUPREF,
    RE_GROUPREF_EXISTS,
    RE_ASSERT,
    RE_ASSERT_NOT,
} re_op;

typedef enum re_at {
    RE_AT_BEGINNING,        /* ^ */
    RE_AT_BEGINNING_STRING, /* \A */
    RE_AT_BOUNDARY,         /* \b */
    RE_AT_NON_BOUNDARY,     /* \B */
    RE_AT_END,              /* $ */
    RE_AT_END_STRING,       /* \Z */
} re_at;

typedef enum re_cat {
    RE_CAT_DIGIT,
    RE_CAT_NOT_DIGIT,
    RE_CAT_SPACE,
    RE_CAT_NOT_SPACE,
    RE_CAT_WORD,
    RE_CAT_NOT_WORD,
} re_cat;

typedef enum re_setop { RE_SI_NEGATE, RE_SI_LITERAL, RE_SI_RANGE, RE_SI_CATEGORY } re_setop;

typedef struct re_setitem {
    uint8_t op;      /* re_setop */
    uint32_t lo, hi; /* LITERAL: lo; RANGE: lo..hi; CATEGORY: lo = re_cat */
} re_setitem;

typedef struct re_node re_node;

/* A SubPattern: a sequence of items, and its memoised width. */
typedef struct re_seq {
    re_node **items;
    size_t len, cap;
    bool has_width;
    unsigned __int128 lo, hi;
} re_seq;

struct re_node {
    uint8_t op; /* re_op */
    union {
        uint32_t ch; /* LITERAL, NOT_LITERAL */
        uint8_t at;  /* AT: re_at */
        struct {
            re_setitem *items;
            size_t n;
        } in;
        struct {
            re_seq **alts;
            size_t n;
        } branch;
        struct {
            int group; /* 0 = not capturing */
            int add, del;
            re_seq *p;
        } sub;
        re_seq *atomic;
        struct {
            uint32_t min, max; /* max == RE_MAXREPEAT: no upper bound */
            re_seq *item;
        } rep;
        int groupref;
        struct {
            int group;
            re_seq *yes, *no; /* no may be NULL */
        } cond;
        struct {
            int dir; /* 1 lookahead, -1 lookbehind */
            re_seq *p;
        } as;
    };
};

typedef struct re_name {
    const uint32_t *name;
    size_t len;
    int gid;
} re_name;

typedef struct re_parsed {
    re_seq *p;
    int flags;      /* user flags | inline global flags, after fix_flags (what Pattern.flags reports) */
    int groups;     /* Pattern.groups (capturing groups, group 0 not counted) */
    re_name *names; /* groupindex, in definition order */
    size_t nnames;
    const char **groupnames;        /* [groups + 1]: UTF-8 name of group i or NULL */
    unsigned __int128 (*gwidth)[2]; /* [groups + 1]: width of each group's contents */
} re_parsed;

/* Parse `pat` (n code points) with the user's flags.  On error, *err is
 * re.error (with pos), OverflowError or ValueError exactly as CPython's
 * re.compile raises it, or ResourceLimitError when the nesting cap is hit. */
int re_parse(arena *a, const uint32_t *pat, size_t n, int flags, re_parsed *out, py_err *err);

/* SubPattern.getwidth() (CPython's MAXWIDTH = 2**64 caps both bounds). */
void re_seq_width(re_parsed *rp, re_seq *s, unsigned __int128 *lo, unsigned __int128 *hi);

/* Does s hold a capturing group? */
bool re_seq_has_groups(const re_seq *s);

/* _compiler._simple: one character-sized item (sre repeats it with
 * REPEAT_ONE, MIN_REPEAT_ONE, POSSESSIVE_REPEAT_ONE). */
bool re_sre_simple(const re_seq *s);

/* Maximum nesting of groups the parser accepts (CPython fails with
 * RecursionError somewhere below 500). */
#define RE_MAX_NESTING 400

#endif
