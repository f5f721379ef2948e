/* What the two files of the translation share: the emitter's state, its
 * growing output, and the functions one calls in the other.  Private to
 * re_emit.c (every node but repeats) and re_emit_repeat.c (repeats). */
#ifndef PYSTD_RE_EMIT_INT_H
#define PYSTD_RE_EMIT_INT_H

#include "re/re_emit.h"

/* A growing PCRE2 pattern (arena memory). */
typedef struct re_ubuf {
    uint32_t *p;
    size_t len, cap;
} re_ubuf;

typedef struct re_estate {
    arena *a;
    py_err *err;
    re_parsed *rp;
    re_ubuf out;
    bool ucp;
    bool marks;
    bool callouts;
    int behind;      /* depth of look-behinds being emitted */
    uint32_t nreps;  /* repeats counted by callouts so far (their ids) */
    size_t undoable; /* callouts emitted that change the callouts' log */
    uint32_t frames; /* FRAMEs emitted (their numbers) */
    bool sre_marks;  /* groups as sre's marks (re_emit.h) */
    int in_repeat;   /* inside the item of a REPEAT (sre's state->repeat) */
    bool no_jit;     /* re_emitted.no_jit */
} re_estate;

void re_ubuf_put(re_estate *e, re_ubuf *b, uint32_t c);
void re_ubuf_puts(re_estate *e, re_ubuf *b, const char *s);
/* fmt with one %lu */
void re_ubuf_putf(re_estate *e, re_ubuf *b, const char *fmt, unsigned long v);
void re_ubuf_append(re_estate *e, re_ubuf *b, const re_ubuf *x);

/* "(?C{<text>})"; undoable: with its UNDO alternative (re_emit.h). */
void re_emit_callout(re_estate *e, re_ubuf *b, bool undoable, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

int re_emit_seq(re_estate *e, re_ubuf *b, re_seq *s, int flags);

/* MAX_REPEAT, MIN_REPEAT, POSSESSIVE_REPEAT (re_emit_repeat.c). */
int re_emit_repeat(re_estate *e, re_ubuf *b, re_node *n, int flags);

/* x, an atomic construct (an atomic group, a look-around, a possessive
 * repeat), to b; preceded by a frame when x changes the repeat state
 * (changes_state), so that backtracking past x undoes what x did
 * (re_emit_repeat.c). */
void re_emit_atomic(re_estate *e, re_ubuf *b, const re_ubuf *x, bool changes_state);

/* Groups as sre's marks (re_emit_marks.c): whether the pattern needs them,
 * and the nodes that change with them. */
bool re_marks_needed(const re_parsed *rp);
int re_emit_marks_group(re_estate *e, re_ubuf *b, re_node *n, int flags);
int re_emit_marks_branch(re_estate *e, re_ubuf *b, re_node *n, int flags);
void re_emit_marks_groupref(re_estate *e, re_ubuf *b, int g, int flags);
/* "(?(" and the condition of GROUPREF_EXISTS on group g */
void re_emit_marks_condition(re_estate *e, re_ubuf *b, int g);
void re_emit_marks_not(re_estate *e, re_ubuf *b, const re_ubuf *x, bool changes_state);

#endif
