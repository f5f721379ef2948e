/* Who may do what (server/auth*.c): bearer tokens with scopes from
 * --auth-file, the anonymous scopes, the 401/403 answers, the rate limits
 * (auth_rate.c) and the audit log (auth_audit.c).
 *
 * The token file has one token a line, `name:scope,scope,...:sha256-hex`
 * (the digest of the token's text; `#` starts a comment; `*` is every
 * scope).  Only digests are kept, and a presented token is hashed and
 * compared with every digest in constant time; the token's text is never
 * logged, a request carries its token's *name* (rq->who) from here on. */
#ifndef PYSTD_AUTH_H
#define PYSTD_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/sha256.h"
#include "fs/fs_tenant.h"
#include "jobs/jobs.h"
#include "op.h"

#define AUTH_COMPUTE 1u
#define AUTH_FS_READ 2u
#define AUTH_FS_WRITE 4u
#define AUTH_NET 8u
#define AUTH_JOBS 16u
#define AUTH_METRICS 32u
#define AUTH_ALL 63u
#define AUTH_NSCOPES 6

#define AUTH_NAME_MAX 64     /* bytes of a token name: [A-Za-z0-9][A-Za-z0-9._-]* */
#define AUTH_MAX_TOKENS 4096 /* lines of a token file */

typedef struct auth_entry {
    char name[AUTH_NAME_MAX + 1];
    unsigned scopes;
    uint8_t digest[SHA256_DIGEST_SIZE];
    unsigned stat; /* its slot in the per-name counters (auth.c) */
} auth_entry;

typedef struct auth_table {
    struct auth_table *older; /* auth.c: tables replaced by a reload, newest first */
    double retired;           /* when this one was replaced (monotonic seconds) */
    size_t n;
    auth_entry e[]; /* n entries (auth.c sorts them by digest) */
} auth_table;

/* --- the token file (auth_file.c) --- */

/* Parse a token file's text into a malloc'ed table (the caller frees it
 * with free()); -1 with "line N: why" in err.  The table may be empty. */
int auth_table_parse(const char *text, size_t len, auth_table **out, char *err, size_t errlen);
/* "compute,fs.read", "*" (all), "" or "none" (none) -> bits; -1 when a
 * name is unknown. */
int auth_scopes_parse(const char *list, size_t len, unsigned *out);
/* The name of one scope bit ("fs.write"). */
const char *auth_scope_name(unsigned bit);
/* A token name may be a file name of its own (tenants): true when valid. */
bool auth_name_ok(const char *s, size_t n);

/* --- scopes of the operations --- */

typedef struct route route;
/* The op's scope from its flags (op.h): fs.read, fs.write, net, or compute. */
unsigned auth_op_scope(const op_def *op);
/* What a call with these (checked or not) arguments needs beyond the op's
 * scope: net when an ARG_NET argument is given and not null. */
unsigned auth_args_scope(const route *r, const pv *args);

/* --- the service side (auth.c) --- */

typedef struct request request;
typedef struct response response;

/* After the configuration is read: load --auth-file, resolve the anonymous
 * scopes, warn when anyone may do everything on a non-loopback address.
 * -1 (with an error logged) when the file cannot be read or parsed. */
int auth_init(void);
void auth_fini(void);
/* SIGHUP: read the file again and swap it in whole; a file that cannot be
 * read or parsed leaves the old one in place (-1, logged). */
int auth_reload(void);
/* True when --auth-file is set (tokens, tenants). */
bool auth_enabled(void);

/* On the HTTP thread, first thing: who is asking (rq->who, rq->scopes,
 * rq->auth_bad) from the Authorization header. */
void auth_identify(request *rq);
/* The request may do `need` (all of its bits): true; else false with a 401
 * (no token, or an unknown one: WWW-Authenticate: Bearer) or a 403 in rs. */
bool auth_allow(request *rq, response *rs, unsigned need);
/* The tenant a request's files and jobs belong to: its token's name, "" for
 * everyone when there is no --auth-file, "_anonymous" for requests without a
 * token when there is one. */
const char *auth_tenant(const request *rq);

/* --- tenants: files and jobs --- */

/* The file sandbox of a tenant (fs_tenant.h): NULL (the data root) without
 * --auth-file; -1 (logged) when its directory cannot be made. */
int auth_files(const char *tenant, fs_tenant **out);
/* A job's id starts with its tenant's tag (JOBS_TAG_LEN hex digits of
 * sha256("pystd-tenant:" name)); the names of a token file never share one. */
void auth_job_tag(const char *tenant, char out[JOBS_TAG_LEN + 1]);
/* The request's tag for the jobs it submits and sees; NULL without --auth-file. */
const char *auth_request_tag(const request *rq);
/* May the request see the job `id` (its tenant's)?  Always without --auth-file. */
bool auth_job_visible(const request *rq, const char *id, size_t n);
/* The tenant of a job from its id; "" without --auth-file, NULL when no
 * name loaded has its tag. */
const char *auth_job_tenant(const char *job_id);

/* --- rate limits (auth_rate.c) --- */

/* --rate-limit: true when the request may go on; else a 429 Busy in rs
 * (Retry-After, RateLimit-Policy, RateLimit).  Keyed by the token name, or
 * by the client address for anonymous requests. */
bool auth_rate_admit(request *rq, response *rs);
/* The bucket depth in use (--rate-burst, else --rate-limit, at least 1). */
double auth_rate_burst(void);
/* Take a token from key's bucket at time now: 0, or the seconds until one
 * is there; *left: whole tokens left.  (The table itself, for tests.) */
double auth_rate_take(const char *key, double now, double rate, double burst, double *left);

/* --- the audit log (auth_audit.c) --- */

/* Does a call of r with these arguments go to the audit log (fs.write, net)? */
bool auth_audited(const route *r, const pv *args);
/* One JSON line per fs.write or net operation (to --audit-log, else
 * stderr): the token name (who; NULL: anonymous), the op, its paths and
 * URLs, the outcome (ok, or the error type) and the HTTP status (a job's
 * item: 200 or 422); the request id, or the job's id. */
void auth_audit(const char *who, const route *r, const pv *args, const char *error_type, int status,
                const char *request_id, const char *job_id);
int auth_audit_open(void);
/* SIGHUP: open --audit-log's path again (after a rotation). */
int auth_audit_reopen(void);
void auth_audit_close(void);

/* --- HTTPS (auth_tls.c) --- */

/* --tls-cert and --tls-key are both set. */
bool auth_tls_enabled(void);
/* Load the certificate and key (checking that they belong together); -1
 * (logged) when they cannot be used.  Nothing without --tls-cert. */
int auth_tls_init(void);
/* SIGHUP: load them again; the previous ones stay on failure (-1, logged). */
int auth_tls_reload(void);
void auth_tls_fini(void);
/* A server session (non-blocking) for an accepted socket, with the
 * current certificate handed to each handshake; -1 on failure. */
typedef struct gnutls_session_int *gnutls_session_t;
int auth_tls_session(gnutls_session_t *out, int fd);
/* One TLS exchange on a connected socket (--check-health): send req, read
 * up to cap bytes of the answer; the bytes read, or -1. */
long auth_tls_exchange(int fd, const char *req, size_t len, char *buf, size_t cap);

#endif
