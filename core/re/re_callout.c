/* The callouts of the emitted pattern at match time (see re_callout.h and
 * re_emit.h).
 *
 * Repeat counters: each repeat that sre counts differently from PCRE2 has
 * a slot (its iteration count and where its last iteration beyond the
 * minimum started).  sre's marks: the array, lastmark and lastindex, and
 * the saves sre makes of them (sre_lib.h's LASTMARK_SAVE and MARK_PUSH).
 *
 * Every change to a slot and every save is logged.  The pattern places an
 * UNDO alternative after each callout that logs, so that PCRE2's
 * backtracking through that point undoes it: the log is a stack that
 * follows the matching path.  Atomic constructs drop those alternatives
 * once matched; a FRAME before them marks the log, and its UNFRAME
 * alternative drops everything above the mark (the slots put back, the
 * saves dropped unused, as sre drops a save when what follows succeeds).
 * The log and the saved marks are capped together (re_heap_limit, the
 * backtracking memory of one match): past it the match ends with 422. */
#include "re/re_callout.h"

#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/config.h"
#include "re/re_emit.h"
#include "text/unicode.h"

#define NO_POS ((size_t)-1)
/* Characters the long look-behinds of one request may step over: this many
 * times --re-match-limit (a few hundred ms), then 422 as for the match limit. */
#define RE_BEHIND_BUDGET_FACTOR 40u

struct re_callout_slot {
    uint32_t count; /* iterations done */
    size_t last;    /* where the last iteration beyond the minimum started, or NO_POS */
};

enum { U_SLOT, U_SAVE, U_FRAME };

struct re_callout_undo {
    uint8_t kind;
    bool cont;    /* undone with the entry below it (one callout's changes) */
    bool restore; /* U_SAVE: restore when undone (else just drop) */
    bool marks;   /* U_SAVE: the marks were saved too (MARK_PUSH) */
    uint32_t id;  /* U_SLOT: the slot (its old count follows); U_FRAME: the FRAME's number */
    uint32_t count;
    int lastmark, lastindex; /* U_SAVE */
    size_t pos;              /* U_SLOT: the old last; U_SAVE: where its marks are in the pool */
};

static void log_free(void *p)
{
    re_callout_state *s = p;
    free(s->log);
    free(s->pool);
}

re_callout_state *re_callout_new(const re_pattern *p, double deadline, arena *a)
{
    re_callout_state *s = arena_calloc(a, 1, sizeof *s);
    s->deadline = deadline;
    s->nslots = p->nreps;
    if (p->nreps)
        s->slots = arena_calloc(a, p->nreps, sizeof *s->slots);
    if (p->sre_marks) {
        s->nmarks = 2 * p->groups;
        s->mark = arena_alloc(a, ((size_t)s->nmarks + 1) * sizeof *s->mark);
        s->lastmark = s->lastindex = -1;
    }
    if (p->nreps || p->sre_marks) {
        s->mem_budget = (config.re_heap_limit ? config.re_heap_limit : 1) * 1024;
        arena_defer(a, log_free, s);
    }
    return s;
}

/* Room for one more of n-byte elements in *p (cap *cap); false past the
 * budget. */
static bool room(re_callout_state *s, void **p, size_t *cap, size_t len, size_t need, size_t size)
{
    if (len + need <= *cap)
        return true;
    size_t nc = *cap ? *cap * 2 : 64;
    while (nc < len + need)
        nc *= 2;
    size_t used = s->cap * sizeof *s->log + s->pcap * sizeof *s->pool - *cap * size;
    void *n = used + nc * size <= s->mem_budget ? realloc(*p, nc * size) : NULL;
    if (!n) {
        s->log_full = true;
        return false;
    }
    *p = n;
    *cap = nc;
    return true;
}

static bool log_push(re_callout_state *s, re_callout_undo u)
{
    if (!room(s, (void **)&s->log, &s->cap, s->len, 1, sizeof *s->log))
        return false;
    s->log[s->len++] = u;
    return true;
}

static bool log_slot(re_callout_state *s, uint32_t id)
{
    re_callout_undo u = {.kind = U_SLOT, .id = id, .count = s->slots[id].count, .pos = s->slots[id].last};
    return log_push(s, u);
}

/* LASTMARK_SAVE, and MARK_PUSH when `marks`. */
static bool log_save(re_callout_state *s, bool marks, bool restore, bool cont)
{
    re_callout_undo u = {.kind = U_SAVE,
                         .cont = cont,
                         .restore = restore,
                         .marks = marks,
                         .lastmark = s->lastmark,
                         .lastindex = s->lastindex,
                         .pos = s->plen};
    if (marks && s->lastmark >= 0) {
        size_t n = (size_t)s->lastmark + 1;
        if (!room(s, (void **)&s->pool, &s->pcap, s->plen, n, sizeof *s->pool))
            return false;
        memcpy(s->pool + s->plen, s->mark, n * sizeof *s->mark);
        s->plen += n;
    }
    return log_push(s, u);
}

/* MARK_POP (when saved) and LASTMARK_RESTORE from save u. */
static void restore(re_callout_state *s, const re_callout_undo *u)
{
    if (u->marks && u->lastmark >= 0)
        memcpy(s->mark, s->pool + u->pos, ((size_t)u->lastmark + 1) * sizeof *s->mark);
    s->lastmark = u->lastmark;
    s->lastindex = u->lastindex;
}

/* Drops the latest entry, undoing it when `undo` (a save is restored only
 * if it asks to be); false when it was a frame mark. */
static bool drop(re_callout_state *s, bool undo)
{
    re_callout_undo u = s->log[--s->len];
    switch (u.kind) {
    case U_SLOT:
        s->slots[u.id].count = u.count;
        s->slots[u.id].last = u.pos;
        return true;
    case U_SAVE:
        if (undo && u.restore)
            restore(s, &u);
        s->plen = u.pos;
        return true;
    default:
        return false;
    }
}

/* UNDO: the latest callout's changes. */
static void undo(re_callout_state *s)
{
    while (s->len) {
        bool cont = s->log[s->len - 1].cont;
        drop(s, true);
        if (!cont)
            return;
    }
}

/* RESTORE: from the latest save (frames of matched atomic constructs may
 * lie above it). */
static void restore_latest(re_callout_state *s)
{
    for (size_t i = s->len; i-- > 0;) {
        if (s->log[i].kind == U_SAVE) {
            restore(s, &s->log[i]);
            return;
        }
        if (s->log[i].kind != U_FRAME)
            return;
    }
}

/* sre's MARK i at pos */
static void mark(re_callout_state *s, int i, size_t pos)
{
    for (int j = re_sre_mark(&s->lastmark, &s->lastindex, i); j < i; j++)
        s->mark[j] = NO_POS;
    s->mark[i] = pos;
}

void re_callout_group(const re_callout_state *s, int g, PCRE2_SIZE *start, PCRE2_SIZE *end)
{
    int j = 2 * (g - 1);
    *start = *end = PCRE2_UNSET;
    if (j + 1 <= s->lastmark && s->mark[j] != NO_POS && s->mark[j + 1] != NO_POS) {
        *start = s->mark[j];
        *end = s->mark[j + 1];
    }
}

/* The numbers after the op letter ("<op><v0>,<v1>,..."): how many, or -1. */
static int parse_numbers(const PCRE2_UCHAR *str, size_t n, uint32_t v[3])
{
    int k = 0;
    uint64_t x = 0;
    if (n == 1)
        return 0;
    for (size_t i = 1; i <= n; i++) {
        if (i == n || str[i] == ',') {
            if (k == 3 || x > UINT32_MAX)
                return -1;
            v[k++] = (uint32_t)x;
            x = 0;
        } else if (str[i] >= '0' && str[i] <= '9') {
            x = x * 10 + (str[i] - '0');
        } else {
            return -1;
        }
    }
    return k;
}

/* How many numbers each op takes (re_emit.h); -1 for an unknown op. */
static int arity(uint32_t op)
{
    switch (op) {
    case RE_CO_RESET:
    case RE_CO_RESTORE:
    case RE_CO_UNDO:
        return 0;
    case RE_CO_MARK:
    case RE_CO_SAVE:
    case RE_CO_NSAVE:
    case RE_CO_EXISTS:
    case RE_CO_FRAME:
    case RE_CO_UNFRAME:
    case RE_CO_ROOM:
    case RE_CO_BEHIND:
        return 1;
    case RE_CO_BREF:
        return 2;
    case RE_CO_ENTER:
    case RE_CO_ITER:
    case RE_CO_MITER:
    case RE_CO_STOP:
    case RE_CO_ENOUGH:
        return 3;
    default:
        return -1;
    }
}

static uint32_t fold(uint32_t c, uint32_t how)
{
    if (how == 1)
        return c < 128 && c >= 'A' && c <= 'Z' ? c + 32 : c;
    return how == 2 ? unicode_simple_lower(c) : c;
}

/* Does the text at pos equal the span [from, from + len) (folded)? */
static bool same_text(const pcre2_callout_block *cb, size_t from, size_t len, uint32_t how)
{
    size_t pos = cb->current_position;
    if (len > cb->subject_length - pos)
        return false;
    for (size_t i = 0; i < len; i++) {
        uint32_t a = cb->subject[from + i], c = cb->subject[pos + i];
        if (a != c && fold(a, how) != fold(c, how))
            return false;
    }
    return true;
}

/* GROUPREF and GROUPREF_EXISTS on sre's marks: group g set? */
static bool group_set(const re_callout_state *s, uint32_t g, size_t *from, size_t *len)
{
    int j = 2 * ((int)g - 1);
    if (g == 0 || j + 1 >= s->nmarks || j >= s->lastmark)
        return false;
    size_t p = s->mark[j], e = s->mark[j + 1];
    if (p == NO_POS || e == NO_POS || e < p)
        return false;
    *from = p;
    *len = e - p;
    return true;
}

/* The callouts of sre's marks (v: their numbers); 0 go on, 1 fail here,
 * PCRE2_ERROR_CALLOUT end the match. */
static int marks_callout(pcre2_callout_block *cb, re_callout_state *s, uint32_t op, const uint32_t *v)
{
    size_t from, len;
    switch (op) {
    case RE_CO_RESET:
        s->lastmark = s->lastindex = -1;
        return 0;
    case RE_CO_MARK:
        if ((int)v[0] >= s->nmarks)
            return PCRE2_ERROR_CALLOUT;
        mark(s, (int)v[0], cb->current_position);
        return 0;
    case RE_CO_SAVE:
    case RE_CO_NSAVE:
        return log_save(s, v[0] != 0, op == RE_CO_SAVE, false) ? 0 : PCRE2_ERROR_CALLOUT;
    case RE_CO_RESTORE:
        restore_latest(s);
        return 0;
    case RE_CO_EXISTS:
        return group_set(s, v[0], &from, &len) ? 0 : 1;
    default: /* RE_CO_BREF */
        if (!group_set(s, v[0], &from, &len) || !same_text(cb, from, len, v[1]))
            return 1;
        s->bref_end = cb->current_position + len;
        return 0;
    }
}

/* The repeat callouts (and UNDO, FRAME, UNFRAME, ROOM). */
static int repeat_callout(pcre2_callout_block *cb, re_callout_state *s, uint32_t op, const uint32_t *v)
{
    switch (op) {
    case RE_CO_UNDO:
        undo(s);
        return 1;
    case RE_CO_FRAME:
        return log_push(s, (re_callout_undo){.kind = U_FRAME, .id = v[0]}) ? 0 : PCRE2_ERROR_CALLOUT;
    case RE_CO_UNFRAME: /* down to its FRAME: the latest with its number */
        while (s->len) {
            bool own = s->log[s->len - 1].kind == U_FRAME && s->log[s->len - 1].id == v[0];
            drop(s, false);
            if (own)
                break;
        }
        return 1;
    case RE_CO_ROOM:
        return cb->subject_length - cb->current_position >= v[0] ? 0 : 1;
    default:
        break;
    }
    if (v[0] >= s->nslots) /* id, min, max */
        return PCRE2_ERROR_CALLOUT;
    re_callout_slot *r = &s->slots[v[0]];
    size_t pos = cb->current_position;
    switch (op) {
    case RE_CO_ENTER:
        if (!log_slot(s, v[0]))
            return PCRE2_ERROR_CALLOUT;
        r->count = 0;
        r->last = NO_POS;
        return 0;
    case RE_CO_ITER:
    case RE_CO_MITER:
        if (!log_slot(s, v[0]))
            return PCRE2_ERROR_CALLOUT;
        /* sre's MAX_UNTIL / MIN_UNTIL: no more than max; beyond the
         * minimum, not after an iteration that did not advance */
        if ((v[2] != RE_MAXREPEAT && r->count >= v[2]) || (r->count >= v[1] && r->last == pos))
            return 1; /* its UNDO alternative drops what was just logged */
        if (r->count >= v[1]) {
            if (op == RE_CO_MITER && !log_save(s, true, true, true))
                return PCRE2_ERROR_CALLOUT;
            r->last = pos;
        }
        r->count++;
        return 0;
    case RE_CO_STOP:
        return r->count == v[1] ? 0 : 1;
    default:
        return r->count >= v[1] ? 0 : 1; /* RE_CO_ENOUGH */
    }
}

/* (?C{n}): does the text ahead equal group n (PCRE2's capture), character
 * by character after lower() (sre's GROUPREF_UNI_IGNORE)?  0 yes, 1 no. */
static int bref_start(pcre2_callout_block *cb, re_callout_state *s)
{
    unsigned long n = 0;
    for (PCRE2_SIZE i = 0; i < cb->callout_string_length; i++)
        n = n * 10 + (cb->callout_string[i] - '0');
    if (n >= cb->capture_top || cb->offset_vector[2 * n] == PCRE2_UNSET)
        return 1;
    PCRE2_SIZE from = cb->offset_vector[2 * n], len = cb->offset_vector[2 * n + 1] - from;
    if (!same_text(cb, from, len, 2))
        return 1;
    s->bref_end = cb->current_position + len;
    return 0;
}

static bool is_marks_op(uint32_t c)
{
    return c == RE_CO_RESET || c == RE_CO_MARK || c == RE_CO_SAVE || c == RE_CO_NSAVE || c == RE_CO_RESTORE ||
           c == RE_CO_EXISTS || c == RE_CO_BREF;
}

int re_callout(pcre2_callout_block *cb, void *data)
{
    re_callout_state *s = data;
    const PCRE2_UCHAR *str = cb->callout_string;
    size_t n = cb->callout_string_length;
    if (str) {
        if (!n)
            return PCRE2_ERROR_CALLOUT;
        uint32_t v[3] = {0, 0, 0};
        if (str[0] == RE_CO_BEHIND) {
            /* sre's width check, where PCRE2 steps anyway (no call of the budget); when it
             * passes, the look-behind steps back and reads w characters that PCRE2 counts as
             * a few steps only: those have a budget of their own, for the whole request */
            if (parse_numbers(str, n, v) != 1 || cb->current_position < v[0])
                return 1;
            s->behind_chars += v[0];
            if (s->behind_chars > (uint64_t)config.re_match_limit * RE_BEHIND_BUDGET_FACTOR) {
                s->over_budget = true;
                return PCRE2_ERROR_CALLOUT;
            }
            return 0;
        }
        /* callouts spend the match's budget as PCRE2's steps do, and the
         * guarded code's time limit holds between start positions too */
        if (++s->spent > s->budget_calls) {
            s->over_budget = true;
            return PCRE2_ERROR_CALLOUT;
        }
        if (s->timed && (s->spent & 1023) == 0 && clock_monotonic() > s->deadline) {
            s->expired = true;
            return PCRE2_ERROR_CALLOUT;
        }
        if (str[0] >= '0' && str[0] <= '9')
            return bref_start(cb, s);
        if (arity(str[0]) < 0 || parse_numbers(str, n, v) != arity(str[0]))
            return PCRE2_ERROR_CALLOUT;
        if (is_marks_op(str[0]))
            return s->mark ? marks_callout(cb, s, str[0], v) : PCRE2_ERROR_CALLOUT;
        return repeat_callout(cb, s, str[0], v);
    }
    if (cb->callout_number == RE_CALLOUT_BREF_END)
        return cb->current_position == s->bref_end ? 0 : 1;
    if ((s->budget_deadline || (++s->calls & 15) == 0) && clock_monotonic() > s->deadline) {
        s->expired = true;
        return PCRE2_ERROR_CALLOUT;
    }
    return 0;
}
