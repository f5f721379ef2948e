/* Groups as sre 3.11's own marks, where it matters (see re_emit.h).
 *
 * sre records a group as two marks written as the matcher passes its
 * parentheses, and backtracking does not undo them: only BRANCH,
 * REPEAT_ONE, MIN_REPEAT_ONE and ASSERT_NOT restore them, and only inside a
 * REPEAT (state->repeat set; elsewhere they restore lastmark alone), plus
 * MAX_UNTIL and POSSESSIVE_REPEAT around an iteration beyond the minimum
 * and MIN_UNTIL around its tail.  So a failed attempt can leave a mark
 * behind that a later one reports, or that a conditional or a
 * back-reference reads.  PCRE2 restores its captures on every backtrack;
 * no quantifier or option of PCRE2 reproduces that.
 *
 * It shows only where a group can be entered again after a choice point
 * that did not save it: in a possessive repeat outside any REPEAT (3.11's
 * POSSESSIVE_REPEAT leaves state->repeat alone), and through a conditional
 * on a group inside that group.  Such patterns (re_marks_needed) get
 * callouts at every mark, save and restore point, and their groups,
 * back-references and conditionals read the callouts' marks
 * (re_callout.c); the others keep PCRE2's captures. */
#include "re/re_emit_int.h"
#include <stdlib.h>

typedef struct open_group {
    int g;
    const struct open_group *up;
} open_group;

static bool seq_needs(const re_seq *s, bool in_repeat, const open_group *open);

static bool node_needs(const re_node *n, bool in_repeat, const open_group *open)
{
    switch (n->op) {
    case RE_SUBPATTERN: {
        open_group o = {n->sub.group, open};
        return seq_needs(n->sub.p, in_repeat, n->sub.group ? &o : open);
    }
    case RE_BRANCH:
        for (size_t i = 0; i < n->branch.n; i++)
            if (seq_needs(n->branch.alts[i], in_repeat, open))
                return true;
        return false;
    case RE_ATOMIC_GROUP:
        return seq_needs(n->atomic, in_repeat, open);
    case RE_ASSERT:
    case RE_ASSERT_NOT:
        return seq_needs(n->as.p, in_repeat, open);
    case RE_GROUPREF_EXISTS:
        for (const open_group *o = open; o && !in_repeat; o = o->up)
            if (o->g == n->cond.group)
                return true;
        return seq_needs(n->cond.yes, in_repeat, open) ||
               (n->cond.no && seq_needs(n->cond.no, in_repeat, open));
    case RE_MAX_REPEAT:
    case RE_MIN_REPEAT:
        return !re_sre_simple(n->rep.item) && seq_needs(n->rep.item, true, open);
    case RE_POSSESSIVE_REPEAT:
        if (!in_repeat && !re_sre_simple(n->rep.item) && re_seq_has_groups(n->rep.item))
            return true;
        return seq_needs(n->rep.item, in_repeat, open);
    default:
        return false;
    }
}

static bool seq_needs(const re_seq *s, bool in_repeat, const open_group *open)
{
    for (size_t i = 0; i < s->len; i++)
        if (node_needs(s->items[i], in_repeat, open))
            return true;
    return false;
}

bool re_marks_needed(const re_parsed *rp)
{
    return seq_needs(rp->p, false, NULL);
}

int re_emit_marks_group(re_estate *e, re_ubuf *b, re_node *n, int flags)
{
    int i = 2 * (n->sub.group - 1);
    re_ubuf_puts(e, b, "(?:");
    re_emit_callout(e, b, false, "%c%d", RE_CO_MARK, i);
    if (re_emit_seq(e, b, n->sub.p, flags) < 0)
        return -1;
    re_emit_callout(e, b, false, "%c%d", RE_CO_MARK, i + 1);
    re_ubuf_put(e, b, ')');
    return 0;
}

/* BRANCH: saved at the start, restored before each next alternative and
 * (the save undone) after the last. */
int re_emit_marks_branch(re_estate *e, re_ubuf *b, re_node *n, int flags)
{
    re_ubuf_puts(e, b, "(?:");
    re_emit_callout(e, b, true, "%c%d", RE_CO_SAVE, e->in_repeat > 0);
    re_ubuf_puts(e, b, "(?:");
    for (size_t i = 0; i < n->branch.n; i++) {
        if (i) {
            re_ubuf_put(e, b, '|');
            re_emit_callout(e, b, false, "%c", RE_CO_RESTORE);
        }
        if (re_emit_seq(e, b, n->branch.alts[i], flags) < 0)
            return -1;
    }
    re_ubuf_puts(e, b, "))");
    return 0;
}

/* GROUPREF (_IGNORE, _UNI_IGNORE) on the marks: the callout compares and
 * sets where the reference ends; the lazy dot walks there (in a
 * look-behind, the group's fixed width). */
void re_emit_marks_groupref(re_estate *e, re_ubuf *b, int g, int flags)
{
    int fold = !(flags & RE_F_IGNORECASE) ? 0 : !(flags & RE_F_UNICODE) ? 1 : 2;
    re_ubuf_puts(e, b, "(?>");
    re_emit_callout(e, b, false, "%c%d,%d", RE_CO_BREF, g, fold);
    if (e->behind)
        re_ubuf_putf(e, b, "(?s:.){%lu})", (unsigned long)e->rp->gwidth[g][0]);
    else
        re_ubuf_puts(e, b, "(?s:.)*?(?C" RE_CALLOUT_BREF_END_S "))");
}

/* GROUPREF_EXISTS's condition on the marks: a callout in a look-ahead. */
void re_emit_marks_condition(re_estate *e, re_ubuf *b, int g)
{
    re_ubuf_puts(e, b, "(?(?=");
    re_emit_callout(e, b, false, "%c%d", RE_CO_EXISTS, g);
    re_ubuf_put(e, b, ')');
}

/* ASSERT_NOT x: saved before, restored when x failed (the assertion holds),
 * the save dropped when backtracking passes it. */
void re_emit_marks_not(re_estate *e, re_ubuf *b, const re_ubuf *x, bool changes_state)
{
    re_emit_callout(e, b, true, "%c%d", RE_CO_NSAVE, e->in_repeat > 0);
    re_emit_atomic(e, b, x, changes_state);
    re_emit_callout(e, b, false, "%c", RE_CO_RESTORE);
}
