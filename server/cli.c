/* The command line and the PYSTD_* environment (cli.h): one table of
 * options, each a --flag, an environment variable and a field of config;
 * --help, --version, and the flags that are not settings (cli_extra). */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/config.h"
#include "log.h"
#include "memory.h"

#ifndef PYSTD_VERSION
#define PYSTD_VERSION "dev"
#endif

typedef enum { K_INT, K_UINT, K_SIZE, K_STR, K_DOUBLE, K_LOGLEVEL, K_FLAG } kind;

typedef struct opt {
    const char *name; /* --name; environment PYSTD_NAME (upper case, '-' -> '_') */
    kind k;
    void *ptr;
    const char *help;
} opt;

static cli_extra *X;

static const opt *options(size_t *n);

static int set(const opt *o, const char *v)
{
    char *end = NULL;
    errno = 0;
    switch (o->k) {
    case K_INT: {
        long x = strtol(v, &end, 10);
        if (errno || *end || x < 0 || x > INT_MAX)
            return -1;
        *(int *)o->ptr = (int)x;
        return 0;
    }
    case K_UINT: {
        unsigned long x = strtoul(v, &end, 10);
        if (errno || *end || x > UINT_MAX || v[0] == '-')
            return -1;
        *(unsigned *)o->ptr = (unsigned)x;
        return 0;
    }
    case K_SIZE: {
        unsigned long long x = strtoull(v, &end, 10);
        if (errno || end == v || v[0] == '-')
            return -1;
        unsigned long long mul = 1;
        if (*end == 'k' || *end == 'K')
            mul = 1ULL << 10, end++;
        else if (*end == 'm' || *end == 'M')
            mul = 1ULL << 20, end++;
        else if (*end == 'g' || *end == 'G')
            mul = 1ULL << 30, end++;
        if (*end == 'i' || *end == 'B')
            end++;
        if (*end == 'B')
            end++;
        if (*end)
            return -1;
        *(size_t *)o->ptr = (size_t)(x * mul);
        return 0;
    }
    case K_STR:
        *(const char **)o->ptr = v;
        return 0;
    case K_DOUBLE: {
        double x = strtod(v, &end);
        if (errno || *end || x < 0)
            return -1;
        *(double *)o->ptr = x;
        return 0;
    }
    case K_LOGLEVEL: {
        int l = log_level_parse(v);
        if (l < 0)
            return -1;
        *(int *)o->ptr = l;
        return 0;
    }
    case K_FLAG:
        if (!strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "yes"))
            *(bool *)o->ptr = true;
        else if (!strcmp(v, "0") || !strcmp(v, "false") || !strcmp(v, "no"))
            *(bool *)o->ptr = false;
        else
            return -1;
        return 0;
    }
    return -1;
}

static void usage(FILE *f)
{
    size_t n;
    const opt *o = options(&n);
    fprintf(f, "usage: pystd [options]\n\n"
               "The Python standard library over HTTP/JSON, with CPython 3.11 semantics.\n"
               "Every option can also be set with an environment variable PYSTD_<NAME>\n"
               "(e.g. PYSTD_MAX_BODY=32M); the command line wins.\n\n");
    for (size_t i = 0; i < n; i++) {
        char flag[64];
        snprintf(flag, sizeof flag, "--%s%s", o[i].name, o[i].k == K_FLAG ? "" : " V");
        fprintf(f, "  %-28s %s\n", flag, o[i].help);
    }
    fprintf(f, "  %-28s %s\n  %-28s %s\n", "--help", "this text", "--version", "print the version");
}

static const opt *options(size_t *n)
{
    static opt o[64];
    static size_t count;
    if (!count) {
        opt t[] = {
            {"port", K_INT, &config.port, "TCP port (default 8080; 0 = any free port)"},
            {"bind", K_STR, &config.bind, "address to listen on (default 0.0.0.0; IPv6 accepted)"},
            {"threads", K_INT, &config.threads, "HTTP threads (default: one per CPU it may use)"},
            {"data-dir", K_STR, &config.data_dir, "root of the file sandbox (default ./data, created)"},
            {"max-file-size", K_SIZE, &config.max_file_bytes,
             "largest file in the sandbox, bytes (default 16M) -> 422"},
            {"max-store-size", K_SIZE, &config.max_store_bytes,
             "all files of the sandbox together, bytes (default 1G) -> 422"},
            {"allow-net", K_STR, &config.allow_net, "CIDR list urlopen may reach besides global addresses"},
            {"user-agent", K_STR, &config.user_agent, "User-Agent of outbound requests"},
            {"max-response", K_SIZE, &config.max_response,
             "largest urlopen/urlretrieve/robots_url body, bytes (default 16M) -> 422"},
            {"max-fetch-seconds", K_DOUBLE, &config.max_fetch_seconds,
             "wall-clock cap of one urlopen, redirects included (default 300)"},
            {"max-body", K_SIZE, &config.max_body, "largest request body, bytes (default 16M) -> 413"},
            {"max-conns", K_UINT, &config.max_conns, "open connections at most (default 4096)"},
            {"max-conns-per-ip", K_UINT, &config.max_conns_per_ip,
             "open connections per client address (default 1024)"},
            {"conn-timeout", K_UINT, &config.conn_timeout,
             "seconds an idle or slow connection is kept (default 30)"},
            {"max-header", K_SIZE, &config.max_header, "request line + headers, bytes (default 16K)"},
            {"grace", K_DOUBLE, &config.grace, "seconds to finish in-flight work on SIGTERM (default 8)"},
            {"log-level", K_LOGLEVEL, &config.log_level, "debug, info (a line per request), warn or error"},
            {"int-max-digits", K_SIZE, &config.int_max_digits,
             "digits of an int read or written (default 100000) -> 422"},
            {"json-max-depth", K_INT, &config.json_max_depth,
             "nesting of JSON documents (default 994, where CPython's json.loads stops)"},
            {"max-items", K_SIZE, &config.max_items, "items of a computed list (default 1000000) -> 422"},
            {"max-result-bytes", K_SIZE, &config.max_result_bytes,
             "bytes of a computed value (default 64M) -> 422"},
            {"re-cache-size", K_SIZE, &config.re_cache_size, "compiled regex patterns kept (default 512)"},
            {"re-match-limit", K_SIZE, &config.re_match_limit,
             "backtracking steps of a regex at one position (default 2000000) -> 422"},
            {"re-time-limit", K_DOUBLE, &config.re_time_limit,
             "seconds a regex request may backtrack heavily (default 1) -> 422"},
            {"re-heap-limit", K_SIZE, &config.re_heap_limit,
             "KiB of backtracking memory of one non-JIT regex match (default 65536) -> 422"},
            {"re-jit-stack", K_SIZE, &config.re_jit_stack,
             "bytes of regex JIT stack per thread (default 8M) -> 422"},
            {"re-max-pattern", K_SIZE, &config.re_max_pattern,
             "code points of a regex pattern (default 100000) -> 422"},
            {"re-max-compiled", K_SIZE, &config.re_max_compiled,
             "bytes to compile one regex pattern (default 16M) -> 422"},
            {"max-int-bits", K_SIZE, &config.max_int_bits,
             "bits of an int computed by functools/map (default 1M) -> 422"},
            {"max-seq-len", K_SIZE, &config.max_seq_len,
             "items/characters of a list/str computed by functools/map (default 16M) -> 422"},
            {"batch-max-calls", K_SIZE, &config.batch_max_calls,
             "calls of one POST /v1/batch (default 1000) -> 400"},
            {"max-request-seconds", K_DOUBLE, &config.max_request_seconds,
             "wall-clock seconds of one operation (default 10; 0 = none) -> 422"},
            {"max-memory", K_SIZE, &config.max_memory,
             "memory of the process, bytes (default 3/4 of the cgroup limit, else 1/2 of RAM; "
             "0 = none): requests wait or get 429 rather than cross it"},
            {"compute-threads", K_UINT, &config.compute_threads,
             "workers running heavy operations (default: one per CPU it may use)"},
            {"compute-queue", K_SIZE, &config.compute_queue,
             "operations waiting for a compute worker at most (default 64) -> 429"},
            {"job-workers", K_UINT, &config.job_workers, "job worker threads (default: one per CPU it may use)"},
            {"job-queue", K_SIZE, &config.job_queue,
             "jobs waiting for a worker at most (default 1024) -> 429"},
            {"job-keep", K_DOUBLE, &config.job_keep,
             "seconds a finished job is kept (default 600) -> then 404"},
            {"job-max-kept", K_SIZE, &config.job_max_kept, "finished jobs kept at most (default 10000)"},
            {"job-max-kept-bytes", K_SIZE, &config.job_max_kept_bytes,
             "bytes of finished jobs' results kept at most (default 256M)"},
            {"job-max-wait", K_DOUBLE, &config.job_max_wait,
             "longest ?wait= of GET /v1/jobs/{id}, seconds (default 60)"},
            {"jobs-backend", K_STR, &config.jobs_backend,
             "where jobs live: memory (default) or redis://[:PASSWORD@]HOST:PORT[/DB]"},
            {"job-claim-seconds", K_DOUBLE, &config.job_claim_seconds,
             "redis: a dead replica's running job is taken over after this long (default 30)"},
            {"auth-file", K_STR, &config.auth_file,
             "bearer tokens, a line each: name:scope,scope:sha256-hex (SIGHUP reloads it)"},
            {"anonymous-scopes", K_STR, &config.anonymous_scopes,
             "scopes of requests without a token (default: all without --auth-file, none with one)"},
            {"rate-limit", K_DOUBLE, &config.rate_limit,
             "requests/s per token, or per client address without one (default 0 = none) -> 429"},
            {"rate-burst", K_DOUBLE, &config.rate_burst,
             "requests a token may send at once above --rate-limit (default: the rate, at least 1)"},
            {"tenant-store-size", K_SIZE, &config.tenant_store_bytes,
             "with --auth-file: one token's files together, bytes (default: --max-store-size) -> 422"},
            {"audit-log", K_STR, &config.audit_log,
             "file the audit lines (fs.write and net operations) go to (default: stderr)"},
            {"tls-cert", K_STR, &config.tls_cert,
             "PEM certificate (chain): serve HTTPS only (with --tls-key)"},
            {"tls-key", K_STR, &config.tls_key, "PEM private key of --tls-cert"},
            {"cors-origins", K_STR, &config.cors_origins,
             "origins a browser may call from: comma-separated scheme://host[:port], or * (default none)"},
            {"trusted-proxies", K_STR, &config.trusted_proxies,
             "CIDR list of balancers whose X-Forwarded-For names the client (default none)"},
            {"port-file", K_STR, &X->port_file, "write the bound port to this file once listening"},
            {"print-openapi", K_FLAG, &X->print_openapi, "print the OpenAPI document and exit"},
            {"check-health", K_FLAG, &X->check_health,
             "ask a running pystd on --port for /healthz (exit 0 when healthy)"},
            {"check-ready", K_FLAG, &X->check_ready,
             "ask a running pystd on --port for /readyz (exit 0 when ready)"},
        };
        count = sizeof t / sizeof t[0];
        memcpy(o, t, sizeof t);
    }
    *n = count;
    return o;
}

int cli_parse(int argc, char **argv, cli_extra *extra)
{
    X = extra;
    config.max_memory = MEMORY_AUTO; /* resolved by memory_start() unless given */
    size_t n;
    const opt *o = options(&n);
    /* environment first, then flags */
    for (size_t i = 0; i < n; i++) {
        char env[64] = "PYSTD_";
        size_t k = 6;
        for (const char *p = o[i].name; *p && k < sizeof env - 1; p++)
            env[k++] = *p == '-' ? '_' : (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
        env[k] = '\0';
        const char *v = getenv(env);
        if (v && set(&o[i], v) < 0) {
            fprintf(stderr, "pystd: bad value for %s: %s\n", env, v);
            return -1;
        }
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 1;
        }
        if (!strcmp(a, "--version")) {
            printf("pystd %s (CPython 3.11 semantics)\n", PYSTD_VERSION);
            return 1;
        }
        if (strncmp(a, "--", 2) != 0) {
            fprintf(stderr, "pystd: unexpected argument %s (see --help)\n", a);
            return -1;
        }
        const char *name = a + 2, *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        const opt *found = NULL;
        for (size_t j = 0; j < n; j++)
            if (strlen(o[j].name) == len && !strncmp(o[j].name, name, len))
                found = &o[j];
        if (!found) {
            fprintf(stderr, "pystd: unknown option %s (see --help)\n", a);
            return -1;
        }
        const char *v;
        if (found->k == K_FLAG && !eq)
            v = "1";
        else if (eq)
            v = eq + 1;
        else if (i + 1 < argc)
            v = argv[++i];
        else {
            fprintf(stderr, "pystd: %s needs a value\n", a);
            return -1;
        }
        if (set(found, v) < 0) {
            fprintf(stderr, "pystd: bad value for --%.*s: %s\n", (int)len, name, v);
            return -1;
        }
    }
    if (config.port > 65535) {
        fprintf(stderr, "pystd: --port must be 0..65535\n");
        return -1;
    }
    return 0;
}
