/* What re_cache.c, re_match.c and re_template.c share: the compiled
 * pattern and the per-thread PCRE2 match resources. */
#ifndef PYSTD_RE_INT_H
#define PYSTD_RE_INT_H

#define PCRE2_CODE_UNIT_WIDTH 32
#include <pcre2.h>
#include <pthread.h>
#include <stdatomic.h>

#include "re/re.h"
#include "re/re_parse.h"

/* At most this many required literals are kept (re_required.c). */
#define RE_REQ_MAX 4

typedef struct re_gname {
    char *name; /* UTF-8 */
    size_t len;
    int gid;
} re_gname;

/* A compiled pattern.  Owned by the cache (one reference) and by every
 * request using it (one each); freed by whoever drops the last reference.
 * Everything it points to is malloc'ed and freed with it. */
struct re_pattern {
    /* the cache key */
    char *src; /* the pattern, stored-str UTF-8 */
    size_t src_len, src_ncp;
    int flags_arg;
    uint64_t hash;
    /* what Python reports */
    int flags;       /* Pattern.flags */
    int groups;      /* Pattern.groups */
    re_gname *names; /* groupindex in definition order */
    size_t nnames;
    char **groupnames; /* [groups + 1], NULL for unnamed groups */
    size_t *groupname_len;
    /* the PCRE2 side */
    uint32_t *emitted; /* the translated pattern, kept to compile the anchored variants */
    size_t emitted_len;
    uint32_t *info; /* the search variants' lookahead, inserted at emitted[info_at] (re_emit.h), or NULL */
    size_t info_len, info_at;
    bool ucp, marks, callouts;
    uint32_t nreps;      /* repeats counted by callouts (re_callout.c) */
    bool sre_marks;      /* groups are sre's marks kept by callouts (re_emit_marks.c) */
    bool no_jit;         /* the interpreter only (re_emitted.no_jit) */
    pthread_mutex_t mu;  /* guards the lazy compile of code[1..3] */
    pcre2_code *code[4]; /* re_mode: search, match (anchored), fullmatch (both ends); RE_CODE_GUARDED */
    bool jit[4];
    uint32_t req[RE_REQ_MAX]; /* code points every match consumes (re_required.c) */
    int nreq;
    struct re_run *run; /* the pattern as a run (re_run.h), or NULL */
    atomic_int refs;
    /* cache links (under the cache lock) */
    struct re_pattern *prev, *next, *hnext;
    bool cached;
};

/* The search code with a callout at each start position, which the
 * matcher switches to once backtracking turns heavy (re_match.c). */
#define RE_CODE_GUARDED 3

/* The code for a mode or RE_CODE_GUARDED (compiled on first use); NULL
 * with *err on failure. */
pcre2_code *re_pattern_code(re_pattern *p, int variant, bool *jit, arena *a, py_err *err);

/* This thread's match context (limits, JIT stack). */
pcre2_match_context *re_thread_mctx(void);

/* Map a negative pcre2_match result to an error (422 ResourceLimitError
 * for the limits). */
int re_match_error(int rc, arena *a, py_err *err);

/* match() with pos > endpos (after clamping): sre's answer, an empty match
 * at pos or None (re_zw.c). */
int re_match_past_end(re_pattern *p, const pv *string, size_t pos, size_t endpos, arena *a, pv **out,
                      py_err *err);

/* The code points every match of the parsed pattern consumes (at most
 * RE_REQ_MAX, none under IGNORECASE) into out; their number. */
int re_required_find(const re_parsed *rp, uint32_t *out);

/* True when string (a str) lacks one of p's required code points: then
 * nothing in it matches. */
bool re_required_missing(const re_pattern *p, const pv *string);

/* re_match.c's pieces that re_run.c shares: Python's pos/endpos clamped
 * into the string; the 422 for --max-items; the 413-like error of a result
 * over --max-result-bytes; a result buffer with that ceiling, freed with the
 * arena; the str of its bytes (ncp code points), taking the buffer. */
int re_window(const pv *pos, const pv *endpos, size_t n, size_t *start, size_t *end, arena *a, py_err *err);
int re_too_many(arena *a, py_err *err);
int re_result_too_large(arena *a, py_err *err);
strbuf *re_result_buf(arena *a);
pv *re_sb_str(strbuf *sb, size_t ncp, arena *a);

/* Counts limit hits for /metrics. */
void re_count_limit_hit(void);

#endif
