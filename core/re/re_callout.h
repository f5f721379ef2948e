/* What the callouts of the emitted pattern do at match time (re_emit.h
 * names them): the time guard at each start position of the guarded code,
 * caseless back-references, and the counters of the repeats that sre
 * counts differently from PCRE2, with the log that undoes their changes
 * when PCRE2 backtracks. */
#ifndef PYSTD_RE_CALLOUT_H
#define PYSTD_RE_CALLOUT_H

#include "re/re_int.h"

typedef struct re_rep_slot re_rep_slot;
typedef struct re_rep_undo re_rep_undo;

/* One matcher's callout data (in its arena). */
typedef struct re_callout_state {
    unsigned calls;
    double deadline;    /* clock_monotonic() past which the guarded code stops */
    bool expired;       /* ... and it did */
    bool log_full;      /* the undo log reached its cap */
    size_t bref_end;    /* where the caseless back-reference being matched ends */
    re_rep_slot *slots; /* [nslots], arena */
    uint32_t nslots;
    re_rep_undo *log; /* malloc'ed, freed when the arena is */
    size_t len, cap, max;
} re_callout_state;

/* The callout data of a matcher of pattern p, in the arena a. */
re_callout_state *re_callout_new(const re_pattern *p, double deadline, arena *a);

/* Before each pcre2_match: an empty undo log. */
static inline void re_callout_reset(re_callout_state *s)
{
    s->len = 0;
    s->log_full = false;
}

/* The pcre2_set_callout function; data is a re_callout_state. */
int re_callout(pcre2_callout_block *cb, void *data);

#endif
