/* The callouts of the emitted pattern at match time (see re_callout.h and
 * re_emit.h).
 *
 * Repeat counters: each repeat that sre counts differently from PCRE2 has
 * a slot (its iteration count and where its last iteration beyond the
 * minimum started), and every change to a slot is logged with the old
 * value.  The pattern places an UNDO alternative after each changing
 * callout, so that PCRE2's backtracking through that point reverts the
 * latest change: the log is a stack that follows the matching path.
 * Atomic constructs drop those alternatives once matched; a FRAME before
 * them marks the log, and its UNFRAME alternative reverts everything above
 * the mark.  The log is capped (re_heap_limit, the backtracking memory of
 * one match): past it the match ends with 422. */
#include "re/re_callout.h"

#include <stdlib.h>

#include "base/clock.h"
#include "base/config.h"
#include "re/re_emit.h"
#include "text/unicode.h"

#define NO_POS ((size_t)-1)
#define FRAME_MARK UINT32_MAX

struct re_rep_slot {
    uint32_t count; /* iterations done */
    size_t last;    /* where the last iteration beyond the minimum started, or NO_POS */
};

struct re_rep_undo {
    uint32_t id; /* the slot, or FRAME_MARK */
    uint32_t count;
    size_t last;
};

static void log_free(void *p)
{
    re_callout_state *s = p;
    free(s->log);
}

re_callout_state *re_callout_new(const re_pattern *p, double deadline, arena *a)
{
    re_callout_state *s = arena_calloc(a, 1, sizeof *s);
    s->deadline = deadline;
    s->nslots = p->nreps;
    if (p->nreps) {
        s->slots = arena_calloc(a, p->nreps, sizeof *s->slots);
        s->max = (config.re_heap_limit ? config.re_heap_limit : 1) * 1024 / sizeof(re_rep_undo);
        arena_defer(a, log_free, s);
    }
    return s;
}

/* Logs the state of slot id (or a frame mark); false when the log is full. */
static bool log_push(re_callout_state *s, uint32_t id)
{
    if (s->len == s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 64;
        if (nc > s->max)
            nc = s->max;
        re_rep_undo *n = nc > s->cap ? realloc(s->log, nc * sizeof *n) : NULL;
        if (!n) {
            s->log_full = true;
            return false;
        }
        s->log = n;
        s->cap = nc;
    }
    re_rep_undo u = {id, 0, NO_POS};
    if (id != FRAME_MARK) {
        u.count = s->slots[id].count;
        u.last = s->slots[id].last;
    }
    s->log[s->len++] = u;
    return true;
}

/* Reverts the latest logged change; false when it is a frame mark. */
static bool log_pop(re_callout_state *s)
{
    if (!s->len)
        return false;
    re_rep_undo u = s->log[--s->len];
    if (u.id == FRAME_MARK)
        return false;
    s->slots[u.id].count = u.count;
    s->slots[u.id].last = u.last;
    return true;
}

/* "<op><v0>,<v1>,<v2>": k numbers */
static bool parse_numbers(const PCRE2_UCHAR *str, size_t n, uint32_t *v, int want)
{
    int k = 0;
    uint64_t x = 0;
    for (size_t i = 1; i <= n; i++) {
        if (i == n || str[i] == ',') {
            if (k == want || x > UINT32_MAX)
                return false;
            v[k++] = (uint32_t)x;
            x = 0;
        } else if (str[i] >= '0' && str[i] <= '9') {
            x = x * 10 + (str[i] - '0');
        } else {
            return false;
        }
    }
    return k == want;
}

/* The repeat callouts: 0 go on, 1 fail here, PCRE2_ERROR_CALLOUT end the
 * match (the log is full, or the pattern is not what the emitter wrote). */
static int repeat_callout(pcre2_callout_block *cb, re_callout_state *s)
{
    const PCRE2_UCHAR *str = cb->callout_string;
    size_t n = cb->callout_string_length;
    switch (str[0]) {
    case RE_CO_UNDO:
        log_pop(s);
        return 1;
    case RE_CO_FRAME:
        return log_push(s, FRAME_MARK) ? 0 : PCRE2_ERROR_CALLOUT;
    case RE_CO_UNFRAME:
        while (log_pop(s))
            ;
        return 1;
    default:
        break;
    }
    uint32_t v[3]; /* id, min, max */
    if (str[0] == RE_CO_ROOM) {
        if (!parse_numbers(str, n, v, 1))
            return PCRE2_ERROR_CALLOUT;
        return cb->subject_length - cb->current_position >= v[0] ? 0 : 1;
    }
    if (!parse_numbers(str, n, v, 3) || v[0] >= s->nslots)
        return PCRE2_ERROR_CALLOUT;
    re_rep_slot *r = &s->slots[v[0]];
    size_t pos = cb->current_position;
    switch (str[0]) {
    case RE_CO_ENTER:
        if (!log_push(s, v[0]))
            return PCRE2_ERROR_CALLOUT;
        r->count = 0;
        r->last = NO_POS;
        return 0;
    case RE_CO_ITER:
        if (!log_push(s, v[0]))
            return PCRE2_ERROR_CALLOUT;
        /* sre's MAX_UNTIL / MIN_UNTIL: no more than max; beyond the
         * minimum, not after an iteration that did not advance */
        if ((v[2] != RE_MAXREPEAT && r->count >= v[2]) || (r->count >= v[1] && r->last == pos))
            return 1; /* its UNDO alternative pops what was just logged */
        if (r->count >= v[1])
            r->last = pos;
        r->count++;
        return 0;
    case RE_CO_STOP:
        return r->count == v[1] ? 0 : 1;
    case RE_CO_ENOUGH:
        return r->count >= v[1] ? 0 : 1;
    default:
        return PCRE2_ERROR_CALLOUT;
    }
}

/* (?C{n}): does the text ahead equal group n, character by character
 * after lower() (sre's GROUPREF_UNI_IGNORE)?  0 yes, 1 no (backtrack). */
static int bref_start(pcre2_callout_block *cb, re_callout_state *s)
{
    unsigned long n = 0;
    for (PCRE2_SIZE i = 0; i < cb->callout_string_length; i++)
        n = n * 10 + (cb->callout_string[i] - '0');
    if (n >= cb->capture_top || cb->offset_vector[2 * n] == PCRE2_UNSET)
        return 1;
    PCRE2_SIZE st = cb->offset_vector[2 * n], len = cb->offset_vector[2 * n + 1] - st;
    PCRE2_SIZE pos = cb->current_position;
    if (len > cb->subject_length - pos)
        return 1;
    for (PCRE2_SIZE i = 0; i < len; i++) {
        uint32_t a = cb->subject[st + i], c = cb->subject[pos + i];
        if (a != c && unicode_simple_lower(a) != unicode_simple_lower(c))
            return 1;
    }
    s->bref_end = pos + len;
    return 0;
}

int re_callout(pcre2_callout_block *cb, void *data)
{
    re_callout_state *s = data;
    if (cb->callout_string) {
        if (cb->callout_string_length && cb->callout_string[0] >= '0' && cb->callout_string[0] <= '9')
            return bref_start(cb, s);
        return cb->callout_string_length ? repeat_callout(cb, s) : PCRE2_ERROR_CALLOUT;
    }
    if (cb->callout_number == RE_CALLOUT_BREF_END)
        return cb->current_position == s->bref_end ? 0 : 1;
    if ((++s->calls & 15) == 0 && clock_monotonic() > s->deadline) {
        s->expired = true;
        return PCRE2_ERROR_CALLOUT;
    }
    return 0;
}
