/* Process-wide limits and settings.  The server fills this in from flags and
 * environment variables at start-up (server/cli.c) and never changes it
 * afterwards, so core code reads it without locks.  A program that uses
 * core/ alone gets the defaults below. */
#ifndef PYSTD_CONFIG_H
#define PYSTD_CONFIG_H

#include <stddef.h>
#include <stdint.h>

typedef struct config_settings {
    /* HTTP server */
    const char *bind;
    int port;
    int threads;              /* HTTP threads (0 = one per usable CPU) */
    size_t max_body;          /* bytes; larger bodies -> 413 */
    unsigned max_conns;       /* total open connections */
    unsigned max_conns_per_ip;
    unsigned conn_timeout;    /* seconds of inactivity before a connection is closed */
    size_t max_header;        /* bytes of request line + headers (per connection memory) */
    double grace;             /* seconds to finish in-flight work on SIGTERM */
    int log_level;            /* 0 debug, 1 info (a line per request), 2 warn, 3 error */
    double max_request_seconds; /* CPU deadline of one request (budget.h); 0 = none -> 422 */
    size_t max_memory;        /* bytes requests may hold together (budget.h); 0 = off -> 429 Busy */

    /* values */
    size_t int_max_digits;    /* decimal digits of an int read or written; more -> 422 */
    int json_max_depth;       /* nesting of a request body / json.loads document */
    size_t max_items;         /* list results (random n, k, sample, ...) */
    size_t max_result_bytes;  /* bytes of a single computed value (getrandbits, randbytes, str) */
    size_t max_int_bits;      /* bits of an int computed by functools/builtins (pow, mul, <<, ...) */
    size_t max_seq_len;       /* code points of a str / items of a list computed by functools/builtins */
    size_t batch_max_calls;   /* calls of one POST /v1/batch; more -> 400 */

    /* re (PCRE2) */
    size_t re_cache_size;     /* compiled patterns kept (LRU, like re._MAXCACHE) */
    size_t re_match_limit;    /* PCRE2 match limit at one start position -> 422 */
    double re_time_limit;     /* seconds of matching of one request once backtracking is heavy -> 422 */
    size_t re_heap_limit;     /* KiB of backtracking memory of one match (non-JIT) -> 422 */
    size_t re_jit_stack;      /* bytes of JIT stack per thread -> 422 when exhausted */
    size_t re_max_pattern;    /* code points of a pattern -> 422 */
    size_t re_max_compiled;   /* bytes PCRE2 may allocate to compile one pattern -> 422 */

    /* file sandbox */
    const char *data_dir;
    size_t max_file_bytes;    /* one file (io/write, urlretrieve, io/read) -> 422 */
    size_t max_store_bytes;   /* all regular files of the sandbox together -> 422 */

    /* jobs (/v1/jobs) */
    unsigned job_workers;     /* worker threads (0 = one per usable CPU) */
    size_t job_queue;         /* jobs waiting for a worker; more -> 429 Busy */
    double job_keep;          /* seconds a finished job is kept (then 404) */
    size_t job_max_kept;      /* finished jobs kept at most (oldest forgotten first) */
    size_t job_max_kept_bytes; /* bytes of finished jobs' results kept at most (oldest forgotten first) */
    double job_max_wait;      /* longest ?wait= honoured, seconds */
    const char *jobs_backend; /* "memory", or "redis://HOST:PORT[/DB]" (core/jobs/jobs_store.h) */
    double job_claim_seconds; /* redis: a job silent this long on a dead replica is reclaimed */

    /* network */
    const char *allow_net;    /* "CIDR,CIDR" opened to urlopen; "" = none */
    const char *user_agent;
    size_t max_response;     /* bytes of a urlopen/urlretrieve/robots_url body; more -> 422 */
    double max_fetch_seconds; /* wall-clock cap of one urlopen (all hops); more -> TimeoutError */

    /* HTTP conventions (server/cors.c, server/http_codec.c) */
    const char *cors_origins; /* "https://a.example,http://localhost:3000" or "*"; "" = no CORS */
    const char *trusted_proxies; /* "CIDR,CIDR": peers whose X-Forwarded-For names the client; "" = none */

    /* where ops run (server/compute.c) */
    unsigned compute_threads; /* compute pool workers (0 = one per usable CPU) */
    size_t compute_queue;     /* requests waiting for a compute worker; more -> 429 Busy */

    /* who may do what (server/auth*.c) */
    const char *auth_file;        /* --auth-file: name:scopes:sha256 lines; NULL = none */
    const char *anonymous_scopes; /* scopes of requests without a token; NULL = the default */
    double rate_limit;            /* requests/s per token (or client address); 0 = none -> 429 */
    double rate_burst;            /* the token bucket's depth (0: max(1, rate_limit)) */
    const char *audit_log;        /* --audit-log FILE: audit lines there (default: stderr) */
    size_t tenant_store_bytes;    /* one tenant's files together (0: --max-store-size) -> 422 */
    const char *tls_cert;         /* --tls-cert / --tls-key: PEM files; HTTPS when both are set */
    const char *tls_key;
} config_settings;

extern config_settings config;

#endif
