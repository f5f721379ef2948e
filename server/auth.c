/* Bearer tokens (auth.h): the table of --auth-file (swapped whole on
 * SIGHUP), who a request is, the 401/403 answers, and the per-token
 * counters of /metrics. */
#include "auth.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/clock.h"
#include "base/config.h"
#include "dispatch.h"
#include "log.h"
#include "metrics.h"

#define FILE_MAX (4u << 20)             /* bytes of a token file */
#define MAX_NAMES (2 * AUTH_MAX_TOKENS) /* names known since the start (a file adding more is refused) */
#define ANON_NAME "_anonymous"

/* The table in use, read without a lock: a reload publishes a new one and
 * keeps the replaced ones (t->older) for RETIRE_SECONDS -- far longer than
 * a lookup holds one -- before freeing them.  Reloads are serialised. */
#define RETIRE_SECONDS 10.0
static _Atomic(auth_table *) table;
static pthread_mutex_t reload_mu = PTHREAD_MUTEX_INITIALIZER;
static bool enabled;
static void metrics(strbuf *o);
static unsigned anon_scopes = AUTH_ALL;

/* The counters, a row per token name ever loaded (names are never
 * forgotten, so a row and its job tag keep their meaning across reloads).
 * Row 0: requests without a valid token. */
static pthread_mutex_t names_mu = PTHREAD_MUTEX_INITIALIZER;
static char *names[MAX_NAMES];                 /* rows >= 1 malloc'ed, freed by auth_fini */
static char tags[MAX_NAMES][JOBS_TAG_LEN + 1]; /* each name's job id tag (auth_job_tag) */
static _Atomic unsigned nnames;
static _Atomic uint64_t n_requests[MAX_NAMES], n_denied[MAX_NAMES];
_Atomic uint64_t auth_n_limited[MAX_NAMES]; /* auth_rate.c */

void auth_job_tag(const char *tenant, char out[JOBS_TAG_LEN + 1])
{
    sha256_ctx c;
    uint8_t d[SHA256_DIGEST_SIZE];
    sha256_init(&c);
    sha256_update(&c, "pystd-tenant:", 13);
    sha256_update(&c, tenant, strlen(tenant));
    sha256_final(&c, d);
    for (int i = 0; i < JOBS_TAG_LEN / 2; i++)
        sprintf(out + 2 * i, "%02x", d[i]);
}

/* The row of a name (added when new); -1 when its job tag is another
 * name's (two tenants must never share one: the file is refused), -2 when
 * the table of names is full. */
static int name_slot(const char *name, const char **clash)
{
    char tag[JOBS_TAG_LEN + 1];
    auth_job_tag(name, tag);
    pthread_mutex_lock(&names_mu);
    unsigned n = atomic_load(&nnames);
    int slot = -2;
    for (unsigned i = 0; i < n; i++) {
        if (strcmp(names[i], name) == 0) {
            slot = (int)i;
            goto out;
        }
        if (memcmp(tags[i], tag, JOBS_TAG_LEN) == 0) {
            *clash = names[i];
            slot = -1;
            goto out;
        }
    }
    if (n < MAX_NAMES && (names[n] = strdup(name))) {
        memcpy(tags[n], tag, sizeof tag);
        slot = (int)n;
        atomic_store(&nnames, n + 1);
    }
out:
    pthread_mutex_unlock(&names_mu);
    return slot;
}

const char *auth_job_tenant(const char *job_id)
{
    if (!enabled || !job_id)
        return "";
    unsigned n = atomic_load(&nnames);
    for (unsigned i = 0; i < n; i++)
        if (memcmp(tags[i], job_id, JOBS_TAG_LEN) == 0)
            return names[i];
    return NULL;
}

static int by_digest(const void *x, const void *y)
{
    return memcmp(((const auth_entry *)x)->digest, ((const auth_entry *)y)->digest, SHA256_DIGEST_SIZE);
}

static void free_tables(auth_table *t)
{
    while (t) {
        auth_table *next = t->older;
        free(t);
        t = next;
    }
}

static auth_table *load(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        log_msg(LOG_ERROR, "--auth-file %s: %s", path, strerror(errno));
        return NULL;
    }
    char *text = malloc(FILE_MAX + 1);
    size_t len = text ? fread(text, 1, FILE_MAX + 1, f) : 0;
    bool failed = !text || ferror(f);
    fclose(f);
    if (failed || len > FILE_MAX) {
        log_msg(LOG_ERROR, "--auth-file %s: %s", path, failed ? "cannot be read" : "larger than 4 MiB");
        free(text);
        return NULL;
    }
    auth_table *t = NULL;
    char err[256];
    int rc = auth_table_parse(text, len, &t, err, sizeof err);
    memset(text, 0, len); /* (digests only, but nothing of it lingers) */
    free(text);
    if (rc < 0) {
        log_msg(LOG_ERROR, "--auth-file %s: %s", path, err);
        return NULL;
    }
    qsort(t->e, t->n, sizeof t->e[0], by_digest);
    for (size_t i = 0; i < t->n; i++) {
        const char *clash = "";
        int slot = name_slot(t->e[i].name, &clash);
        if (slot == -1)
            log_msg(LOG_ERROR, "--auth-file %s: the names %s and %s have the same job tag: rename one", path,
                    t->e[i].name, clash);
        else if (slot < 0)
            log_msg(LOG_ERROR, "--auth-file %s: more than %d token names since the start: restart pystd",
                    path, MAX_NAMES - 1);
        if (slot < 0) {
            free(t);
            return NULL;
        }
        t->e[i].stat = (unsigned)slot;
    }
    return t;
}

static bool loopback(const char *bind)
{
    return strncmp(bind, "127.", 4) == 0 || strcmp(bind, "::1") == 0 || strcmp(bind, "localhost") == 0;
}

int auth_init(void)
{
    metrics_add_provider(metrics);
    names[0] = ANON_NAME;
    auth_job_tag(ANON_NAME, tags[0]);
    atomic_store(&nnames, 1);
    enabled = config.auth_file && config.auth_file[0];
    auth_table *t = enabled ? load(config.auth_file) : NULL;
    if (enabled && !t)
        return -1;
    atomic_store(&table, t);
    anon_scopes = enabled ? 0 : AUTH_ALL;
    if (config.anonymous_scopes &&
        auth_scopes_parse(config.anonymous_scopes, strlen(config.anonymous_scopes), &anon_scopes) < 0) {
        log_msg(LOG_ERROR,
                "--anonymous-scopes %s: a list of compute, fs.read, fs.write, net, jobs, metrics, "
                "* or none",
                config.anonymous_scopes);
        return -1;
    }
    if (anon_scopes == AUTH_ALL && !loopback(config.bind))
        log_msg(LOG_WARN,
                "anyone who reaches %s:%d may do everything (files, network, jobs, metrics): "
                "set --auth-file (and --tls-cert) or --anonymous-scopes",
                config.bind, config.port);
    if (t)
        log_msg(LOG_WARN, "--auth-file %s: %zu tokens", config.auth_file, t->n);
    if (enabled && !auth_tls_enabled() && !loopback(config.bind))
        log_msg(LOG_WARN,
                "bearer tokens travel in clear text on %s:%d: set --tls-cert and --tls-key, or "
                "terminate TLS in front",
                config.bind, config.port);
    return 0;
}

void auth_fini(void)
{
    free_tables(atomic_exchange(&table, NULL));
    pthread_mutex_lock(&names_mu);
    unsigned n = atomic_load(&nnames);
    for (unsigned i = 1; i < n; i++) {
        free(names[i]);
        names[i] = NULL;
    }
    atomic_store(&nnames, 1);
    pthread_mutex_unlock(&names_mu);
}

int auth_reload(void)
{
    if (!enabled)
        return 0;
    auth_table *t = load(config.auth_file);
    if (!t) {
        log_msg(LOG_ERROR, "SIGHUP: --auth-file not reloaded, the previous tokens stay");
        return -1;
    }
    pthread_mutex_lock(&reload_mu);
    double now = clock_monotonic();
    auth_table *old = atomic_load(&table);
    if (old)
        old->retired = now;
    t->older = old;
    atomic_store(&table, t);
    /* free what was replaced long ago (newest first: the rest is older) */
    for (auth_table *p = t; p && p->older; p = p->older)
        if (now - p->older->retired > RETIRE_SECONDS) {
            free_tables(p->older);
            p->older = NULL;
        }
    pthread_mutex_unlock(&reload_mu);
    log_msg(LOG_WARN, "SIGHUP: --auth-file %s reloaded: %zu tokens", config.auth_file, t->n);
    return 0;
}

bool auth_enabled(void)
{
    return enabled;
}

const char *auth_tenant(const request *rq)
{
    if (!enabled)
        return "";
    return rq->who ? rq->who : ANON_NAME;
}

const char *auth_request_tag(const request *rq)
{
    if (!enabled)
        return NULL;
    return tags[rq->who ? rq->who_slot : 0];
}

bool auth_job_visible(const request *rq, const char *id, size_t n)
{
    const char *tag = auth_request_tag(rq);
    return !tag || (n >= JOBS_TAG_LEN && memcmp(id, tag, JOBS_TAG_LEN) == 0);
}

int auth_files(const char *tenant, fs_tenant **out)
{
    *out = NULL;
    if (!enabled)
        return 0;
    char err[160];
    size_t quota = config.tenant_store_bytes ? config.tenant_store_bytes : config.max_store_bytes;
    if (!(*out = fs_tenant_open(tenant, quota, err, sizeof err))) {
        log_msg(LOG_ERROR, "tenant %s: %s", tenant, err);
        return -1;
    }
    return 0;
}

void auth_identify(request *rq)
{
    rq->who = NULL;
    rq->scopes = anon_scopes;
    rq->auth_bad = false;
    rq->who_slot = 0;
    if (!enabled)
        return;
    const char *h = request_header(rq, "Authorization");
    if (!h) {
        atomic_fetch_add_explicit(&n_requests[0], 1, memory_order_relaxed);
        return;
    }
    rq->auth_bad = true;
    rq->scopes = 0;
    if (strncasecmp(h, "Bearer ", 7) != 0) {
        atomic_fetch_add_explicit(&n_requests[0], 1, memory_order_relaxed);
        return;
    }
    const char *tok = h + 7;
    while (*tok == ' ')
        tok++;
    size_t n = strlen(tok);
    while (n && (tok[n - 1] == ' ' || tok[n - 1] == '\t'))
        n--;
    uint8_t d[SHA256_DIGEST_SIZE];
    sha256(tok, n, d);
    /* The digests are sorted: a binary search finds the one candidate (its
     * time tells about digests, which reveal nothing of a token), then the
     * candidate is compared in constant time. */
    const auth_table *t = atomic_load(&table);
    size_t lo = 0, hi = t ? t->n : 0;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (memcmp(t->e[mid].digest, d, SHA256_DIGEST_SIZE) <= 0)
            lo = mid;
        else
            hi = mid;
    }
    const auth_entry *hit = t && t->n ? &t->e[lo] : NULL;
    if (hit && n && sha256_equal(d, hit->digest, SHA256_DIGEST_SIZE)) {
        rq->who = arena_strdup(rq->a, hit->name);
        rq->scopes = hit->scopes;
        rq->auth_bad = false;
        rq->who_slot = hit->stat;
    }
    atomic_fetch_add_explicit(&n_requests[rq->who_slot], 1, memory_order_relaxed);
}

static bool allow_slow(request *rq, response *rs, unsigned need);

bool auth_allow(request *rq, response *rs, unsigned need)
{
    if (!rq->auth_bad && (rq->scopes & need) == need)
        return true; /* every request at least once: the rest out of line */
    return allow_slow(rq, rs, need);
}

__attribute__((noinline)) static bool allow_slow(request *rq, response *rs, unsigned need)
{
    /* A CORS preflight never carries credentials (Fetch standard) and runs
     * nothing: it is answered as it would be without auth. */
    if (strcmp(rq->method, "OPTIONS") == 0)
        return true;
    atomic_fetch_add_explicit(&n_denied[rq->who_slot], 1, memory_order_relaxed);
    char missing[96] = "";
    size_t k = 0;
    for (unsigned i = 0; i < AUTH_NSCOPES; i++)
        if ((need & ~rq->scopes) & (1u << i))
            k += (size_t)snprintf(missing + k, sizeof missing - k, "%s%s", k ? ", " : "",
                                  auth_scope_name(1u << i));
    if (rq->auth_bad) {
        response_http_error(rs, rq->a, 401, "Unauthorized", "the bearer token is not valid");
        response_header(rs, "WWW-Authenticate", "Bearer realm=\"pystd\", error=\"invalid_token\"");
    } else if (!rq->who) {
        response_http_error(rs, rq->a, 401, "Unauthorized", "%.*s needs a bearer token with the scope %s",
                            (int)rq->path_len, rq->path, missing);
        response_header(rs, "WWW-Authenticate", "Bearer realm=\"pystd\"");
    } else {
        response_http_error(rs, rq->a, 403, "Forbidden", "the token '%s' lacks the scope %s for %.*s",
                            rq->who, missing, (int)rq->path_len, rq->path);
    }
    return false;
}

static void metrics(strbuf *o)
{
    if (!enabled && config.rate_limit <= 0)
        return;
    unsigned n = atomic_load(&nnames);
    static const char *const FAM[3][2] = {
        {"pystd_auth_requests_total", "requests by bearer token name (_anonymous: without a valid token)"},
        {"pystd_auth_denied_total", "requests answered 401 or 403, by token name"},
        {"pystd_rate_limited_total", "requests answered 429 by --rate-limit, by token name"}};
    _Atomic uint64_t *const VAL[3] = {n_requests, n_denied, auth_n_limited};
    for (int f = 0; f < 3; f++) {
        strbuf_printf(o, "# HELP %s %s\n# TYPE %s counter\n", FAM[f][0], FAM[f][1], FAM[f][0]);
        for (unsigned i = 0; i < n; i++)
            strbuf_printf(o, "%s{token=\"%s\"} %llu\n", FAM[f][0], names[i],
                          (unsigned long long)atomic_load_explicit(&VAL[f][i], memory_order_relaxed));
    }
}
