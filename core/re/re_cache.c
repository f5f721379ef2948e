/* The compiled-pattern cache and the PCRE2 plumbing: compile (with a
 * memory cap), JIT, per-thread match contexts with the configured limits.
 *
 * The cache behaves like pyref's: an LRU keyed by (pattern, flags) holding
 * at most re_cache_size patterns; a lookup that finds the key is a hit and
 * makes it the most recent; anything else is a miss (failed compiles
 * included, which are not stored).  The lock is held only for the table
 * operations, never while compiling or matching. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/config.h"
#include "re/re_emit.h"
#include "re/re_int.h"
#include "re/re_parse.h"
#include "re/re_run.h"
#include "re/re_util.h"
#include "text/utf8.h"

/* ------------------------------------------------------------ flags */

static const struct {
    const char *name;
    int bit;
} FLAG_NAMES[] = {
    {"NOFLAG", 0},   {"I", 2},         {"IGNORECASE", 2}, {"L", 4},       {"LOCALE", 4},
    {"M", 8},        {"MULTILINE", 8}, {"S", 16},         {"DOTALL", 16}, {"U", 32},
    {"UNICODE", 32}, {"X", 64},        {"VERBOSE", 64},   {"A", 256},     {"ASCII", 256},
};
#define FLAG_BITS (2 | 4 | 8 | 16 | 32 | 64 | 256)

int re_flags_arg(const pv *v, int *flags, arena *a, py_err *err)
{
    if (v->kind == PV_INT) {
        if (!pv_int_small(v) || v->i.v < 0 || (v->i.v & ~(int64_t)FLAG_BITS))
            return py_bad_request(err, a,
                                  "argument 'flags' has bits that are not re flags "
                                  "(I=2, L=4, M=8, S=16, U=32, X=64, A=256)");
        *flags = (int)v->i.v;
        return 0;
    }
    if (v->kind == PV_LIST) {
        int out = 0;
        for (size_t i = 0; i < v->l.len; i++) {
            const pv *n = v->l.items[i];
            bool found = false;
            if (n->kind == PV_STR)
                for (size_t k = 0; k < sizeof FLAG_NAMES / sizeof FLAG_NAMES[0]; k++)
                    if (strlen(FLAG_NAMES[k].name) == n->s.len &&
                        memcmp(FLAG_NAMES[k].name, n->s.p, n->s.len) == 0) {
                        out |= FLAG_NAMES[k].bit;
                        found = true;
                        break;
                    }
            if (!found)
                return py_bad_request(err, a, "argument 'flags': unknown flag name");
        }
        *flags = out;
        return 0;
    }
    return py_bad_request(err, a, "argument 'flags' must be an int or a list of flag names");
}

/* ------------------------------------------------------------ PCRE2 contexts */

static pthread_once_t ctx_once = PTHREAD_ONCE_INIT;
static pcre2_general_context *gctx; /* capped malloc for compiling */
static pcre2_compile_context *cctx;
static pthread_key_t tls_key;
static atomic_ullong limit_hits;

static void *capped_malloc(PCRE2_SIZE n, void *data)
{
    (void)data;
    if (n > config.re_max_compiled)
        return NULL;
    return malloc(n);
}

static void plain_free(void *p, void *data)
{
    (void)data;
    free(p);
}

typedef struct re_tls {
    pcre2_jit_stack *jit;
    pcre2_match_context *mctx;
} re_tls;

static void tls_free(void *v)
{
    re_tls *t = v;
    if (t) {
        pcre2_jit_stack_free(t->jit);
        pcre2_match_context_free(t->mctx);
        free(t);
    }
}

static void ctx_init(void)
{
    gctx = pcre2_general_context_create(capped_malloc, plain_free, NULL);
    cctx = pcre2_compile_context_create(gctx);
    if (!gctx || !cctx)
        abort();
    pcre2_set_newline(cctx, PCRE2_NEWLINE_LF);
    pcre2_set_parens_nest_limit(cctx, 4 * RE_MAX_NESTING + 64);
    if (pthread_key_create(&tls_key, tls_free) != 0)
        abort();
}

pcre2_match_context *re_thread_mctx(void)
{
    pthread_once(&ctx_once, ctx_init);
    re_tls *t = pthread_getspecific(tls_key);
    if (t)
        return t->mctx;
    t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->mctx = pcre2_match_context_create(NULL);
    size_t js = config.re_jit_stack < (64u << 10) ? (64u << 10) : config.re_jit_stack;
    t->jit = pcre2_jit_stack_create(32u << 10, js, NULL);
    if (!t->mctx) {
        tls_free(t);
        return NULL;
    }
    uint32_t ml = config.re_match_limit > UINT32_MAX ? UINT32_MAX : (uint32_t)config.re_match_limit;
    uint32_t hl = config.re_heap_limit > UINT32_MAX ? UINT32_MAX : (uint32_t)config.re_heap_limit;
    pcre2_set_match_limit(t->mctx, ml ? ml : 1);
    pcre2_set_depth_limit(t->mctx, ml ? ml : 1);
    pcre2_set_heap_limit(t->mctx, hl ? hl : 1);
    if (t->jit)
        pcre2_jit_stack_assign(t->mctx, NULL, t->jit);
    pthread_setspecific(tls_key, t);
    return t->mctx;
}

void re_count_limit_hit(void)
{
    atomic_fetch_add(&limit_hits, 1);
}

int re_match_error(int rc, arena *a, py_err *err)
{
    switch (rc) {
    case PCRE2_ERROR_MATCHLIMIT:
    case PCRE2_ERROR_DEPTHLIMIT:
    case PCRE2_ERROR_HEAPLIMIT:
    case PCRE2_ERROR_JIT_STACKLIMIT:
    case PCRE2_ERROR_NOMEMORY:
        re_count_limit_hit();
        return py_limit(err, a, "regular expression matching exceeded its backtracking budget (%s)",
                        rc == PCRE2_ERROR_MATCHLIMIT       ? "match limit"
                        : rc == PCRE2_ERROR_DEPTHLIMIT     ? "depth limit"
                        : rc == PCRE2_ERROR_HEAPLIMIT      ? "heap limit"
                        : rc == PCRE2_ERROR_JIT_STACKLIMIT ? "JIT stack"
                                                           : "memory");
    default: {
        PCRE2_UCHAR buf[160];
        char msg[160];
        int n = pcre2_get_error_message(rc, buf, sizeof buf / sizeof buf[0]);
        int i;
        for (i = 0; i < n && i < (int)sizeof msg - 1; i++)
            msg[i] = buf[i] < 0x80 ? (char)buf[i] : '?';
        msg[i > 0 ? i : 0] = '\0';
        return py_http_error(err, a, 500, "InternalError", "regex engine error %d: %s", rc, msg);
    }
    }
}

/* ------------------------------------------------------------ patterns */

static void pattern_free(re_pattern *p)
{
    for (int i = 0; i < 4; i++)
        pcre2_code_free(p->code[i]);
    for (size_t i = 0; i < p->nnames; i++)
        free(p->names[i].name);
    free(p->names);
    free(p->groupnames);
    free(p->groupname_len);
    free(p->emitted);
    free(p->info);
    free(p->src);
    re_run_free(p->run);
    pthread_mutex_destroy(&p->mu);
    free(p);
}

void re_pattern_release(re_pattern *p)
{
    if (p && atomic_fetch_sub(&p->refs, 1) == 1)
        pattern_free(p);
}

static const uint32_t MODE_OPTS[4] = {0, PCRE2_ANCHORED, PCRE2_ANCHORED | PCRE2_ENDANCHORED, 0};

static int compile_code(re_pattern *p, int mode, arena *a, py_err *err)
{
    int ec;
    PCRE2_SIZE eo;
    uint32_t opts = PCRE2_DOTALL | PCRE2_ALT_CIRCUMFLEX | MODE_OPTS[mode] | (p->ucp ? PCRE2_UCP : 0);
    if (p->sre_marks) /* every attempt sre makes writes its marks: PCRE2 may skip none */
        opts |= PCRE2_NO_AUTO_POSSESS;
    if (mode == RE_MODE_SEARCH) /* searched by windows of start positions (re_match.c, exec_windows) */
        opts |= PCRE2_USE_OFFSET_LIMIT;
    const uint32_t *src = p->emitted;
    size_t len = p->emitted_len;
    bool guarded = mode == RE_CODE_GUARDED, info = p->info && (guarded || mode == RE_MODE_SEARCH);
    if (guarded || info) {
        /* "(?C1)" first in the guarded code (a callout at every start
         * position); the search variants' lookahead at info_at */
        static const char pre[] = "(?C1)";
        size_t npre = guarded ? sizeof pre - 1 : 0, ninfo = info ? p->info_len : 0;
        uint32_t *g = arena_alloc(a, (len + npre + ninfo + 1) * sizeof *g), *w = g;
        for (size_t i = 0; i < npre; i++)
            *w++ = (unsigned char)pre[i];
        memcpy(w, src, p->info_at * sizeof *g);
        w += p->info_at;
        if (ninfo)
            memcpy(w, p->info, ninfo * sizeof *g);
        w += ninfo;
        memcpy(w, src + p->info_at, (len - p->info_at) * sizeof *g);
        src = g;
        len += npre + ninfo;
    }
    pcre2_code *code = pcre2_compile(src, len, opts, &ec, &eo, cctx);
    if (!code) {
        if (ec == PCRE2_ERROR_HEAP_FAILED)
            return py_limit(err, a, "regular expression too large to compile (more than %zu bytes)",
                            config.re_max_compiled);
        PCRE2_UCHAR buf[160];
        char msg[160];
        int n = pcre2_get_error_message(ec, buf, sizeof buf / sizeof buf[0]);
        int i;
        for (i = 0; i < n && i < (int)sizeof msg - 1; i++)
            msg[i] = buf[i] < 0x80 ? (char)buf[i] : '?';
        msg[i > 0 ? i : 0] = '\0';
        return py_limit(err, a, "regular expression not supported by the engine (PCRE2: %s)", msg);
    }
    p->jit[mode] = !p->no_jit && pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0;
    p->code[mode] = code;
    return 0;
}

pcre2_code *re_pattern_code(re_pattern *p, int mode, bool *jit, arena *a, py_err *err)
{
    pthread_mutex_lock(&p->mu);
    if (!p->code[mode] && compile_code(p, mode, a, err) < 0) {
        pthread_mutex_unlock(&p->mu);
        return NULL;
    }
    pcre2_code *c = p->code[mode];
    *jit = p->jit[mode];
    pthread_mutex_unlock(&p->mu);
    return c;
}

static uint64_t hash_key(const char *s, size_t n, int flags)
{
    uint64_t h = 1469598103934665603ull ^ (uint64_t)(unsigned)flags;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

static char *dupmem(const void *s, size_t n)
{
    char *d = malloc(n + 1);
    if (!d)
        abort();
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

/* Parse, translate and compile (the search variant); a new pattern with
 * one reference. */
static int build(const pv *pattern, int flags, uint64_t hash, re_pattern **out, arena *a, py_err *err)
{
    pthread_once(&ctx_once, ctx_init);
    if (pattern->s.ncp > config.re_max_pattern)
        return py_limit(err, a, "regular expression longer than %zu characters", config.re_max_pattern);
    uint32_t *u = arena_alloc(a, (pattern->s.ncp + 1) * sizeof *u);
    size_t n = 0;
    for (size_t i = 0; i < pattern->s.len;)
        u[n++] = utf8_next(pattern->s.p, &i);
    re_parsed rp;
    if (re_parse(a, u, n, flags, &rp, err) < 0)
        return -1;
    re_emitted em;
    if (re_emit(a, &rp, &em, err) < 0)
        return -1;
    re_pattern *p = calloc(1, sizeof *p);
    if (!p)
        abort();
    pthread_mutex_init(&p->mu, NULL);
    atomic_init(&p->refs, 1);
    p->src = dupmem(pattern->s.p, pattern->s.len);
    p->src_len = pattern->s.len;
    p->src_ncp = pattern->s.ncp;
    p->flags_arg = flags;
    p->hash = hash;
    p->flags = rp.flags;
    p->groups = rp.groups;
    p->nnames = rp.nnames;
    p->names = calloc(rp.nnames ? rp.nnames : 1, sizeof *p->names);
    p->groupnames = calloc((size_t)rp.groups + 1, sizeof *p->groupnames);
    p->groupname_len = calloc((size_t)rp.groups + 1, sizeof *p->groupname_len);
    if (!p->names || !p->groupnames || !p->groupname_len)
        abort();
    for (size_t i = 0; i < rp.nnames; i++) {
        size_t len;
        char *nm = re_utf8_a(a, rp.names[i].name, rp.names[i].len, &len);
        p->names[i].name = dupmem(nm, len);
        p->names[i].len = len;
        p->names[i].gid = rp.names[i].gid;
        p->groupnames[rp.names[i].gid] = p->names[i].name;
        p->groupname_len[rp.names[i].gid] = len;
    }
    p->emitted = malloc((em.len + 1) * sizeof *p->emitted);
    if (!p->emitted)
        abort();
    memcpy(p->emitted, em.pat, (em.len + 1) * sizeof *p->emitted);
    p->emitted_len = em.len;
    p->info_at = em.info_at;
    if (em.info) {
        p->info = malloc(em.info_len * sizeof *p->info);
        if (!p->info)
            abort();
        memcpy(p->info, em.info, em.info_len * sizeof *p->info);
        p->info_len = em.info_len;
    }
    p->ucp = em.ucp;
    p->marks = em.marks;
    p->callouts = em.callouts;
    p->nreps = em.nreps;
    p->sre_marks = em.sre_marks;
    p->no_jit = em.no_jit;
    p->nreq = re_required_find(&rp, p->req);
    p->run = re_run_plan(&rp, a);
    if (compile_code(p, RE_MODE_SEARCH, a, err) < 0) {
        pattern_free(p);
        return -1;
    }
    *out = p;
    return 0;
}

/* ------------------------------------------------------------ the cache */

static pthread_mutex_t cache_mu = PTHREAD_MUTEX_INITIALIZER;
static re_pattern **buckets; /* owned here; allocated on first use */
static size_t nbuckets;
static re_pattern *lru_head, *lru_tail; /* head = least recently used */
static size_t currsize;
static uint64_t hits, misses;

static bool same_key(const re_pattern *p, const pv *pattern, int flags, uint64_t hash)
{
    return p->hash == hash && p->flags_arg == flags && p->src_len == pattern->s.len &&
           memcmp(p->src, pattern->s.p, pattern->s.len) == 0;
}

static void lru_unlink(re_pattern *p)
{
    if (p->prev)
        p->prev->next = p->next;
    else
        lru_head = p->next;
    if (p->next)
        p->next->prev = p->prev;
    else
        lru_tail = p->prev;
    p->prev = p->next = NULL;
}

static void lru_append(re_pattern *p)
{
    p->prev = lru_tail;
    p->next = NULL;
    if (lru_tail)
        lru_tail->next = p;
    else
        lru_head = p;
    lru_tail = p;
}

/* Remove from the table and the list; returns the cache's reference to drop. */
static re_pattern *cache_remove(re_pattern *p)
{
    re_pattern **pp = &buckets[p->hash & (nbuckets - 1)];
    while (*pp && *pp != p)
        pp = &(*pp)->hnext;
    if (*pp)
        *pp = p->hnext;
    p->hnext = NULL;
    lru_unlink(p);
    p->cached = false;
    currsize--;
    return p;
}

static void ensure_buckets(void)
{
    if (buckets)
        return;
    nbuckets = 64;
    while (nbuckets < 2 * config.re_cache_size && nbuckets < (1u << 20))
        nbuckets *= 2;
    buckets = calloc(nbuckets, sizeof(re_pattern *));
    if (!buckets)
        abort();
}

static _Thread_local bool bypass;

void re_cache_bypass(bool on) { bypass = on; }

int re_compile(const pv *pattern, int flags, re_pattern **out, arena *a, py_err *err)
{
    uint64_t h = hash_key(pattern->s.p, pattern->s.len, flags);
    if (bypass) { /* a pattern of its own, freed with its last reference */
        re_pattern *p = NULL;
        if (build(pattern, flags, h, &p, a, err) < 0 || !p)
            return -1;
        *out = p;
        return 0;
    }
    pthread_mutex_lock(&cache_mu);
    ensure_buckets();
    for (re_pattern *p = buckets[h & (nbuckets - 1)]; p; p = p->hnext)
        if (same_key(p, pattern, flags, h)) {
            hits++;
            lru_unlink(p);
            lru_append(p);
            atomic_fetch_add(&p->refs, 1);
            pthread_mutex_unlock(&cache_mu);
            *out = p;
            return 0;
        }
    misses++;
    pthread_mutex_unlock(&cache_mu);

    re_pattern *p = NULL;
    if (build(pattern, flags, h, &p, a, err) < 0 || !p)
        return -1;
    re_pattern *drop[8];
    size_t ndrop = 0;
    pthread_mutex_lock(&cache_mu);
    if (config.re_cache_size > 0) {
        for (re_pattern *q = buckets[h & (nbuckets - 1)]; q; q = q->hnext)
            if (same_key(q, pattern, flags, h)) { /* compiled meanwhile by another request */
                drop[ndrop++] = cache_remove(q);
                break;
            }
        atomic_fetch_add(&p->refs, 1); /* the cache's reference */
        p->hnext = buckets[h & (nbuckets - 1)];
        buckets[h & (nbuckets - 1)] = p;
        lru_append(p);
        p->cached = true;
        currsize++;
        while (currsize > config.re_cache_size && lru_head && ndrop < sizeof drop / sizeof drop[0])
            drop[ndrop++] = cache_remove(lru_head);
    }
    pthread_mutex_unlock(&cache_mu);
    for (size_t i = 0; i < ndrop; i++)
        re_pattern_release(drop[i]);
    *out = p;
    return 0;
}

void re_cache_purge(void)
{
    pthread_mutex_lock(&cache_mu);
    re_pattern *list = lru_head;
    lru_head = lru_tail = NULL;
    if (buckets)
        memset(buckets, 0, nbuckets * sizeof(re_pattern *));
    currsize = 0;
    hits = misses = 0;
    pthread_mutex_unlock(&cache_mu);
    while (list) {
        re_pattern *next = list->next;
        list->prev = list->next = list->hnext = NULL;
        list->cached = false;
        re_pattern_release(list);
        list = next;
    }
}

void re_cache_info(re_cache_stats *st)
{
    pthread_mutex_lock(&cache_mu);
    st->hits = hits;
    st->misses = misses;
    st->maxsize = config.re_cache_size;
    st->currsize = currsize;
    pthread_mutex_unlock(&cache_mu);
}

void re_cache_fini(void)
{
    re_cache_purge();
    pthread_mutex_lock(&cache_mu);
    free(buckets);
    buckets = NULL;
    nbuckets = 0;
    pthread_mutex_unlock(&cache_mu);
}

void re_metrics(strbuf *out)
{
    re_cache_stats st;
    re_cache_info(&st);
    strbuf_printf(out,
                  "# HELP pystd_regex_cache_hits_total Compiled-pattern cache hits.\n"
                  "# TYPE pystd_regex_cache_hits_total counter\n"
                  "pystd_regex_cache_hits_total %llu\n"
                  "# HELP pystd_regex_cache_misses_total Compiled-pattern cache misses.\n"
                  "# TYPE pystd_regex_cache_misses_total counter\n"
                  "pystd_regex_cache_misses_total %llu\n"
                  "# HELP pystd_regex_cache_size Compiled patterns in the cache.\n"
                  "# TYPE pystd_regex_cache_size gauge\n"
                  "pystd_regex_cache_size %zu\n"
                  "# HELP pystd_regex_cache_maxsize Capacity of the compiled-pattern cache.\n"
                  "# TYPE pystd_regex_cache_maxsize gauge\n"
                  "pystd_regex_cache_maxsize %zu\n"
                  "# HELP pystd_regex_limit_hits_total Matches stopped by the backtracking limits (422).\n"
                  "# TYPE pystd_regex_limit_hits_total counter\n"
                  "pystd_regex_limit_hits_total %llu\n",
                  (unsigned long long)st.hits, (unsigned long long)st.misses, st.currsize, st.maxsize,
                  (unsigned long long)atomic_load(&limit_hits));
}

pv *re_pattern_info(arena *a, const re_pattern *p)
{
    pv *d = pv_dict(a, 4);
    pv_dict_setc(a, d, "pattern", pv_str(a, p->src, p->src_len));
    pv_dict_setc(a, d, "flags", pv_int(a, p->flags));
    pv_dict_setc(a, d, "groups", pv_int(a, p->groups));
    pv *gi = pv_dict(a, p->nnames);
    for (size_t i = 0; i < p->nnames; i++)
        pv_dict_set(a, gi, pv_str(a, p->names[i].name, p->names[i].len), pv_int(a, p->names[i].gid));
    pv_dict_setc(a, d, "groupindex", gi);
    return d;
}
