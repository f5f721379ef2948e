/* Repeats (MAX_REPEAT, MIN_REPEAT, POSSESSIVE_REPEAT) in the PCRE2
 * pattern, as sre runs them (Modules/_sre/sre_lib.h of 3.11):
 *
 *   - a repeat of one character (sre's REPEAT_ONE family) is PCRE2's
 *     quantifier on it;
 *   - POSSESSIVE_REPEAT takes the first match of each iteration and never
 *     goes back into one (each is "(?>X)"), and never back into the repeat;
 *   - REPEAT with MAX_UNTIL / MIN_UNTIL: an iteration beyond the minimum
 *     that matched empty is the last one (sre's last_ptr check), but the
 *     first one beyond the minimum is tried even after empty required ones.
 *     PCRE2 replicates a bounded group and checks no emptiness there, and
 *     it stops "{m,}" after an empty m-th iteration.  Where the item can
 *     match both empty and not, the repeat is counted by callouts instead
 *     (re_emit.h, re_callout.c); so are counts beyond PCRE2's 65535 on an
 *     item with groups (PCRE2 replicates groupless items itself).
 *
 * PCRE2 keeps one number per group however often it replicates it, which
 * is why the item is always quantified as one piece of text. */
#include <stdio.h>

#include "re/re_emit_int.h"

#define PCRE2_MAX_REPEAT 65535u

/* One item that PCRE2 can quantify as it stands: a character, or a
 * back-reference that is PCRE2's own (not caseless, not sre's marks). */
static bool is_atom(const re_estate *e, const re_seq *s, int flags)
{
    if (s->len == 1 && s->items[0]->op == RE_GROUPREF)
        return !(flags & RE_F_IGNORECASE) && !e->sre_marks;
    return re_sre_simple(s);
}

static void put_quant(re_estate *e, re_ubuf *b, uint32_t min, uint32_t max, const char *sfx)
{
    if (min == 0 && max == RE_MAXREPEAT)
        re_ubuf_put(e, b, '*');
    else if (min == 1 && max == RE_MAXREPEAT)
        re_ubuf_put(e, b, '+');
    else if (min == 0 && max == 1)
        re_ubuf_put(e, b, '?');
    else if (max == RE_MAXREPEAT)
        re_ubuf_putf(e, b, "{%lu,}", min);
    else if (min == max)
        re_ubuf_putf(e, b, "{%lu}", min);
    else {
        re_ubuf_putf(e, b, "{%lu,", min);
        re_ubuf_putf(e, b, "%lu}", max);
    }
    re_ubuf_puts(e, b, sfx);
}

/* X exactly c times, for counts beyond PCRE2's 65535 (X holds no group). */
static void put_exact(re_estate *e, re_ubuf *b, const re_ubuf *x, uint64_t c)
{
    if (c == 0)
        return;
    if (c <= PCRE2_MAX_REPEAT) {
        re_ubuf_append(e, b, x);
        re_ubuf_putf(e, b, "{%lu}", (unsigned long)c);
        return;
    }
    re_ubuf y = {0};
    re_ubuf_puts(e, &y, "(?:");
    re_ubuf_append(e, &y, x);
    re_ubuf_putf(e, &y, "{%lu})", PCRE2_MAX_REPEAT);
    put_exact(e, b, &y, c / PCRE2_MAX_REPEAT);
    put_exact(e, b, x, c % PCRE2_MAX_REPEAT);
}

/* X from 0 to c times. */
static void put_upto(re_estate *e, re_ubuf *b, const re_ubuf *x, uint64_t c, const char *sfx)
{
    if (c == 0)
        return;
    if (c <= PCRE2_MAX_REPEAT) {
        re_ubuf_append(e, b, x);
        re_ubuf_putf(e, b, "{0,%lu}", (unsigned long)c);
        re_ubuf_puts(e, b, sfx);
        return;
    }
    re_ubuf y = {0};
    re_ubuf_puts(e, &y, "(?:");
    re_ubuf_append(e, &y, x);
    re_ubuf_putf(e, &y, "{0,%lu}", PCRE2_MAX_REPEAT);
    re_ubuf_puts(e, &y, sfx);
    re_ubuf_put(e, &y, ')');
    put_upto(e, b, &y, c / PCRE2_MAX_REPEAT, sfx);
    put_upto(e, b, x, c % PCRE2_MAX_REPEAT, sfx);
}

/* "(?>X)" */
static void put_atomic(re_estate *e, re_ubuf *b, const re_ubuf *x)
{
    re_ubuf_puts(e, b, "(?>");
    re_ubuf_append(e, b, x);
    re_ubuf_put(e, b, ')');
}

void re_emit_atomic(re_estate *e, re_ubuf *b, const re_ubuf *x, bool changes_state)
{
    if (changes_state) { /* numbered: UNFRAME drops down to its own FRAME */
        char s[64];
        snprintf(s, sizeof s, "(?:(?C{%c%lu})|(?C{%c%lu})(*F))", RE_CO_FRAME, (unsigned long)e->frames,
                 RE_CO_UNFRAME, (unsigned long)e->frames);
        re_ubuf_puts(e, b, s);
        e->frames++;
        e->undoable++;
    }
    re_ubuf_append(e, b, x);
}

/* A callout that counts repeat `id`; undoable: with its UNDO alternative. */
static void put_count(re_estate *e, re_ubuf *b, char op, uint32_t id, const re_node *n, bool undoable)
{
    re_emit_callout(e, b, undoable, "%c%lu,%lu,%lu", op, (unsigned long)id, (unsigned long)n->rep.min,
                    (unsigned long)n->rep.max);
}

/* sre's REPEAT counted by callouts; x is the item ("(?:...)"), x_undoable
 * whether it changes repeat state itself.
 *   may_be_empty (the minimum below 65535):
 *     greedy      ENTER (?: ITER X | STOP ){min+1,}
 *     lazy        ENTER (?: STOP | ITER X ){min+1,}?
 *   else (X never matches empty, so PCRE2's own empty check never fires):
 *     greedy      ROOM ENTER (?: ITER X )* ENOUGH        lazy: *?
 *     where ROOM checks that the minimum's length is left: the loop keeps
 *     no minimum length for PCRE2's quick rejections, sre's INFO does.
 * PCRE2 compiles "{k,}" as k - 1 copies and a loop whose first pass is the
 * k-th: the pass after the minimum is ITER X (the first iteration beyond
 * the minimum, tried whatever came before) or STOP (the repeat ends with
 * exactly min iterations); PCRE2 leaves the loop after an empty pass, as
 * sre leaves the repeat after an empty iteration beyond the minimum, and
 * ITER checks that rule too.  A possessive repeat is the same greedy loop
 * with "(?>X)" inside "(?>...)". */
static void put_counted(re_estate *e, re_ubuf *b, const re_node *n, const re_ubuf *x, bool x_undoable,
                        bool may_be_empty, uint64_t need)
{
    uint32_t id = e->nreps++;
    bool lazy = n->op == RE_MIN_REPEAT, poss = n->op == RE_POSSESSIVE_REPEAT;
    re_ubuf it = {0}, y = {0};
    /* with sre's marks: MAX_UNTIL and POSSESSIVE_REPEAT save them around
     * an iteration beyond the minimum */
    put_count(e, &it, e->sre_marks && !lazy ? RE_CO_MITER : RE_CO_ITER, id, n, true);
    if (poss) {
        re_ubuf ax = {0};
        put_atomic(e, &ax, x);
        re_emit_atomic(e, &it, &ax, x_undoable);
    } else {
        re_ubuf_append(e, &it, x);
    }
    if (need > 1)
        re_emit_callout(e, &y, false, "%c%lu", RE_CO_ROOM, (unsigned long)need);
    put_count(e, &y, RE_CO_ENTER, id, n, true);
    re_ubuf_puts(e, &y, "(?:");
    if (may_be_empty) {
        if (lazy) {
            put_count(e, &y, RE_CO_STOP, id, n, false);
            re_ubuf_put(e, &y, '|');
        }
        re_ubuf_append(e, &y, &it);
        if (!lazy) {
            re_ubuf_put(e, &y, '|');
            put_count(e, &y, RE_CO_STOP, id, n, false);
        }
        re_ubuf_putf(e, &y, "){%lu,}", (unsigned long)n->rep.min + 1);
    } else {
        re_ubuf_append(e, &y, &it);
        re_ubuf_puts(e, &y, ")*");
    }
    if (lazy)
        re_ubuf_put(e, &y, '?');
    if (!may_be_empty)
        put_count(e, &y, RE_CO_ENOUGH, id, n, false);
    if (poss) {
        re_ubuf ay = {0};
        put_atomic(e, &ay, &y);
        re_emit_atomic(e, b, &ay, true);
    } else {
        re_ubuf_append(e, b, &y);
    }
}

/* A zero-width item matches at most once in sre (a repeat stops when an
 * iteration did not advance): X{m,n} is X, X{0,n} is X or nothing.  Spelt
 * without a quantifier, which PCRE2 also accepts inside look-behinds. */
static void put_zero_width(re_estate *e, re_ubuf *b, const re_node *n, const re_ubuf *x, bool x_undoable)
{
    re_ubuf y = {0};
    if (n->rep.min > 0) {
        if (n->op != RE_POSSESSIVE_REPEAT) {
            re_ubuf_append(e, b, x);
            return;
        }
        put_atomic(e, &y, x);
        re_emit_atomic(e, b, &y, x_undoable);
        return;
    }
    re_ubuf_puts(e, &y, n->op == RE_POSSESSIVE_REPEAT ? "(?>" : "(?:");
    if (n->op == RE_MIN_REPEAT)
        re_ubuf_put(e, &y, '|');
    re_ubuf_append(e, &y, x);
    if (n->op != RE_MIN_REPEAT)
        re_ubuf_put(e, &y, '|');
    re_ubuf_put(e, &y, ')');
    if (n->op == RE_POSSESSIVE_REPEAT)
        re_emit_atomic(e, b, &y, x_undoable);
    else
        re_ubuf_append(e, b, &y);
}

/* Counts PCRE2 takes as they are; x the item. */
static void put_native(re_estate *e, re_ubuf *b, const re_node *n, const re_ubuf *x, bool atom,
                       bool x_undoable)
{
    const char *sfx = n->op == RE_MIN_REPEAT ? "?" : n->op == RE_POSSESSIVE_REPEAT ? "+" : "";
    if (n->op != RE_POSSESSIVE_REPEAT || atom) {
        re_ubuf_append(e, b, x);
        put_quant(e, b, n->rep.min, n->rep.max, sfx);
        return;
    }
    re_ubuf y = {0};
    re_ubuf_puts(e, &y, "(?:");
    put_atomic(e, &y, x);
    re_ubuf_put(e, &y, ')');
    put_quant(e, &y, n->rep.min, n->rep.max, sfx);
    re_emit_atomic(e, b, &y, x_undoable);
}

/* Counts beyond 65535 of an item without groups: nested quantifiers. */
static void put_big(re_estate *e, re_ubuf *b, const re_node *n, const re_ubuf *x, bool x_undoable)
{
    bool poss = n->op == RE_POSSESSIVE_REPEAT;
    const char *osfx = n->op == RE_MIN_REPEAT ? "?" : "";
    re_ubuf y = {0}, ax = {0};
    if (poss) /* each iteration atomic, and the whole */
        put_atomic(e, &ax, x);
    const re_ubuf *item = poss ? &ax : x;
    put_exact(e, &y, item, n->rep.min);
    if (n->rep.max == RE_MAXREPEAT) {
        re_ubuf_append(e, &y, item);
        re_ubuf_put(e, &y, '*');
        re_ubuf_puts(e, &y, osfx);
    } else {
        put_upto(e, &y, item, (uint64_t)n->rep.max - n->rep.min, osfx);
    }
    if (!poss) {
        re_ubuf_append(e, b, &y);
        return;
    }
    re_ubuf ay = {0};
    put_atomic(e, &ay, &y);
    re_emit_atomic(e, b, &ay, x_undoable);
}

static const char *const REPEAT_NAMES[] = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"};

/* The repeat itself (x the item) into b; -1 for the 422. */
static int put_repeat(re_estate *e, re_ubuf *b, const re_node *n, const re_ubuf *x, bool x_undoable,
                      bool atom, bool simple)
{
    uint32_t min = n->rep.min, max = n->rep.max;
    unsigned __int128 wlo, whi;
    re_seq_width(e->rp, n->rep.item, &wlo, &whi);
    bool big = min > PCRE2_MAX_REPEAT || (max != RE_MAXREPEAT && max > PCRE2_MAX_REPEAT);
    bool groups = re_seq_has_groups(n->rep.item);
    /* With sre's marks: MAX_UNTIL restores them when an iteration beyond
     * the minimum fails (it and all that followed it), POSSESSIVE_REPEAT
     * when the iteration itself fails (only its item writes marks then).
     * Not in a look-behind, whose repeats PCRE2 must see as fixed. */
    bool counted = e->sre_marks && !simple && !e->behind &&
                   (n->op == RE_MAX_REPEAT || (n->op == RE_POSSESSIVE_REPEAT && groups));
    if (whi == 0 && max > 0 && !counted) {
        put_zero_width(e, b, n, x, x_undoable);
        return 0;
    }
    /* An item that can match empty and not: PCRE2 differs from sre unless
     * at most one iteration beyond the minimum, or none required. */
    bool empty_rule = !atom && wlo == 0 && (max == RE_MAXREPEAT ? min >= 1 : max - min >= 2);
    if ((empty_rule || counted) && !e->behind && min < PCRE2_MAX_REPEAT) {
        put_counted(e, b, n, x, x_undoable, true, 0);
        return 0;
    }
    if (!big) {
        put_native(e, b, n, x, atom, x_undoable);
        return 0;
    }
    if (!groups) {
        put_big(e, b, n, x, x_undoable);
        return 0;
    }
    if (wlo > 0 && !e->behind) {
        unsigned __int128 need = wlo * min;
        put_counted(e, b, n, x, x_undoable, false, need > UINT32_MAX ? UINT32_MAX : (uint64_t)need);
        return 0;
    }
    return py_limit(e->err, e->a,
                    "repetition count above %u of a group with captures that can match empty "
                    "(or in a look-behind) is not supported",
                    PCRE2_MAX_REPEAT);
}

int re_emit_repeat(re_estate *e, re_ubuf *b, re_node *n, int flags)
{
    if (flags & RE_F_TEMPLATE) {
        py_raise(e->err, e->a, "re.error", "internal: unsupported template operator %s",
                 REPEAT_NAMES[n->op - RE_MAX_REPEAT]);
        py_err_extra(e->err, e->a, "pos", pv_none());
        return -1;
    }
    bool atom = is_atom(e, n->rep.item, flags), simple = re_sre_simple(n->rep.item);
    /* sre's REPEAT (not POSSESSIVE_REPEAT in 3.11) sets state->repeat */
    int in_item = !simple && n->op != RE_POSSESSIVE_REPEAT;
    size_t before = e->undoable;
    re_ubuf x = {0};
    if (!atom)
        re_ubuf_puts(e, &x, "(?:");
    e->in_repeat += in_item;
    int rc = re_emit_seq(e, &x, n->rep.item, flags);
    e->in_repeat -= in_item;
    if (rc < 0)
        return -1;
    if (!atom)
        re_ubuf_put(e, &x, ')');
    bool x_undoable = e->undoable != before;
    if (!e->sre_marks || n->op == RE_POSSESSIVE_REPEAT) /* POSSESSIVE_REPEAT_ONE saves nothing */
        return put_repeat(e, b, n, &x, x_undoable, atom, simple);
    /* REPEAT_ONE, MIN_REPEAT_ONE: saved before, restored before each
     * attempt at the tail; MIN_UNTIL: saved before each attempt at the tail,
     * restored after it failed (the save undone). */
    if (simple)
        re_emit_callout(e, b, true, "%c%d", RE_CO_SAVE, e->in_repeat > 0);
    if (put_repeat(e, b, n, &x, x_undoable, atom, simple) < 0)
        return -1;
    if (simple)
        re_emit_callout(e, b, false, "%c", RE_CO_RESTORE);
    else if (n->op == RE_MIN_REPEAT)
        re_emit_callout(e, b, true, "%c%d", RE_CO_SAVE, e->in_repeat > 0);
    return 0;
}
