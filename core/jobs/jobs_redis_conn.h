/* Talking to Redis for the redis job store (core/jobs/jobs_redis*.c), over
 * hiredis's blocking API: the address (redis://[:PASSWORD@]HOST:PORT[/DB]),
 * connections (AUTH and SELECT done), commands from argument lists, and the
 * Lua scripts (EVALSHA, EVAL again when Redis lost its script cache).
 *
 * A redisContext is used by one thread at a time.  A command answers NULL
 * on an I/O error: the connection is then dead, free it. */
#ifndef PYSTD_JOBS_REDIS_CONN_H
#define PYSTD_JOBS_REDIS_CONN_H

#include <hiredis/hiredis.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct redis_addr {
    char host[256];
    int port;
    int db;
    char password[256]; /* "" = no AUTH */
} redis_addr;

/* 0, or -1 with a message in err. */
int redis_parse_url(const char *url, redis_addr *a, char *err, size_t errlen);
/* A ready connection (commands time out after `timeout` seconds), or NULL. */
redisContext *redis_open(const redis_addr *a, double timeout);

/* An argument list under construction: texts are referenced, numbers are
 * written into the list itself. */
#define RARGS_MAX 24
typedef struct rargs {
    const char *v[RARGS_MAX];
    size_t len[RARGS_MAX];
    char num[RARGS_MAX][32];
    int n;
} rargs;
void ra_str(rargs *a, const char *s);
void ra_buf(rargs *a, const char *s, size_t n);
void ra_num(rargs *a, double x); /* %.17g (times, seconds) */
void ra_int(rargs *a, long long x);

redisReply *redis_run(redisContext *c, rargs *a);

typedef struct redis_script {
    const char *src;
    pthread_mutex_t mu;
    char sha[41]; /* "" until SCRIPT LOAD told it */
} redis_script;
#define REDIS_SCRIPT(src)                                                                                    \
    {                                                                                                        \
        src, PTHREAD_MUTEX_INITIALIZER, ""                                                                   \
    }
/* The script with ARGV = a (no KEYS). */
redisReply *redis_eval(redisContext *c, redis_script *s, const rargs *a);

/* The reply's status word (first element of an array reply, or the string):
 * compared with `word`. */
bool reply_is(const redisReply *r, const char *word);
/* Element i of an array reply as text ("" when absent or not text). */
const char *reply_at(const redisReply *r, size_t i, size_t *len);

#endif
