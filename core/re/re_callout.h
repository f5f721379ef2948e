/* What the callouts of the emitted pattern do at match time (re_emit.h
 * names them): the time guard at each start position of the guarded code,
 * caseless back-references, the counters of the repeats that sre counts
 * differently from PCRE2, and sre's own marks where the pattern keeps them
 * (re_emit_marks.c), with the log that undoes their changes when PCRE2
 * backtracks. */
#ifndef PYSTD_RE_CALLOUT_H
#define PYSTD_RE_CALLOUT_H

#include "re/re_int.h"

typedef struct re_callout_slot re_callout_slot;
typedef struct re_callout_undo re_callout_undo;

/* One matcher's callout data (in its arena). */
typedef struct re_callout_state {
    unsigned calls;
    double deadline;            /* clock_monotonic() past which the guarded code stops */
    bool expired;               /* ... and it did */
    bool budget_deadline;       /* deadline is the request budget's (earlier than re_time_limit's): checked at every call */
    bool timed;                 /* the guarded code runs: string callouts watch the deadline too */
    size_t spent, budget_calls; /* string callouts in this pcre2_match, and the most it may make */
    bool over_budget;           /* ... which it reached */
    uint64_t behind_chars;      /* characters stepped over by long look-behinds (RE_CO_BEHIND), all calls */
    bool log_full;              /* the undo log reached its cap */
    size_t bref_end;            /* where the back-reference being matched ends */
    re_callout_slot *slots;     /* [nslots], arena */
    uint32_t nslots;
    re_callout_undo *log; /* malloc'ed, freed when the arena is */
    size_t len, cap;
    size_t *pool; /* marks saved by the log, malloc'ed likewise */
    size_t plen, pcap;
    size_t mem_budget; /* bytes the log and the pool may take */
    /* sre's marks (patterns with sre_marks): state->mark, lastmark, lastindex */
    size_t *mark; /* [nmarks], arena; (size_t)-1 for NULL */
    int nmarks;
    int lastmark, lastindex;
} re_callout_state;

/* sre's MARK i, for the lastindex and lastmark of its callers (here and
 * re_zw.c): the marks from the returned index up to i (excluded) are to be
 * set to NULL, then mark i. */
static inline int re_sre_mark(int *lastmark, int *lastindex, int i)
{
    int from = *lastmark + 1;
    if (i & 1)
        *lastindex = i / 2 + 1;
    if (i > *lastmark)
        *lastmark = i;
    return from;
}

/* The callout data of a matcher of pattern p, in the arena a. */
re_callout_state *re_callout_new(const re_pattern *p, double deadline, arena *a);

/* Before each pcre2_match: an empty undo log; the match may make `budget`
 * string callouts (its match limit), and watches the deadline if `timed`. */
static inline void re_callout_reset(re_callout_state *s, size_t budget, bool timed)
{
    s->len = s->plen = 0;
    s->log_full = s->over_budget = false;
    s->spent = 0;
    s->budget_calls = budget;
    s->timed = timed;
}

/* The pcre2_set_callout function; data is a re_callout_state. */
int re_callout(pcre2_callout_block *cb, void *data);

/* Group g (>= 1) as sre reports it from its marks after a match: *start and
 * *end, or both PCRE2_UNSET. */
void re_callout_group(const re_callout_state *s, int g, PCRE2_SIZE *start, PCRE2_SIZE *end);

#endif
