/* Redis connections, commands and scripts for the redis job store
 * (jobs_redis_conn.h). */
#include "jobs/jobs_redis_conn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

int redis_parse_url(const char *url, redis_addr *a, char *err, size_t errlen)
{
    memset(a, 0, sizeof *a);
    a->port = 6379;
    if (strncmp(url, "redis://", 8) != 0) {
        snprintf(err, errlen, "a redis address starts with redis://");
        return -1;
    }
    const char *p = url + 8;
    const char *at = strrchr(p, '@');
    if (at) { /* [USER]:PASSWORD@ -- only the password is used (AUTH) */
        const char *colon = memchr(p, ':', (size_t)(at - p));
        const char *pw = colon ? colon + 1 : p;
        size_t n = (size_t)(at - pw);
        if (n >= sizeof a->password) {
            snprintf(err, errlen, "redis password too long");
            return -1;
        }
        memcpy(a->password, pw, n);
        p = at + 1;
    }
    const char *host = p, *host_end;
    if (*p == '[') { /* [IPv6] */
        host = p + 1;
        host_end = strchr(host, ']');
        if (!host_end) {
            snprintf(err, errlen, "bad redis address %s", url);
            return -1;
        }
        p = host_end + 1;
    } else {
        host_end = p + strcspn(p, ":/");
        p = host_end;
    }
    size_t hn = (size_t)(host_end - host);
    if (hn == 0 || hn >= sizeof a->host) {
        snprintf(err, errlen, "bad redis host in %s", url);
        return -1;
    }
    memcpy(a->host, host, hn);
    char *end;
    if (*p == ':') {
        long port = strtol(p + 1, &end, 10);
        if (end == p + 1 || port <= 0 || port > 65535 || (*end && *end != '/')) {
            snprintf(err, errlen, "bad redis port in %s", url);
            return -1;
        }
        a->port = (int)port;
        p = end;
    }
    if (*p == '/' && p[1]) {
        long db = strtol(p + 1, &end, 10);
        if (end == p + 1 || *end || db < 0 || db > 1000000) {
            snprintf(err, errlen, "bad redis database number in %s", url);
            return -1;
        }
        a->db = (int)db;
    } else if (*p && strcmp(p, "/") != 0) {
        snprintf(err, errlen, "bad redis address %s", url);
        return -1;
    }
    return 0;
}

static struct timeval tv_of(double s)
{
    struct timeval tv = {(time_t)s, (suseconds_t)((s - (double)(time_t)s) * 1e6)};
    return tv;
}

static bool ok_reply(redisContext *c, rargs *a)
{
    redisReply *r = redis_run(c, a);
    bool ok = r && r->type != REDIS_REPLY_ERROR;
    if (r)
        freeReplyObject(r);
    return ok;
}

redisContext *redis_open(const redis_addr *a, double timeout)
{
    redisContext *c = redisConnectWithTimeout(a->host, a->port, tv_of(timeout));
    if (!c)
        return NULL;
    if (c->err || redisSetTimeout(c, tv_of(timeout)) != REDIS_OK) {
        redisFree(c);
        return NULL;
    }
    redisEnableKeepAlive(c);
    rargs r = {0};
    if (a->password[0]) {
        ra_str(&r, "AUTH");
        ra_str(&r, a->password);
        if (!ok_reply(c, &r)) {
            redisFree(c);
            return NULL;
        }
    }
    if (a->db) {
        r.n = 0;
        ra_str(&r, "SELECT");
        ra_int(&r, a->db);
        if (!ok_reply(c, &r)) {
            redisFree(c);
            return NULL;
        }
    }
    return c;
}

void ra_buf(rargs *a, const char *s, size_t n)
{
    if (a->n >= RARGS_MAX)
        abort(); /* a programming error: the lists are fixed */
    a->v[a->n] = s;
    a->len[a->n] = n;
    a->n++;
}

void ra_str(rargs *a, const char *s)
{
    ra_buf(a, s, strlen(s));
}

void ra_num(rargs *a, double x)
{
    if (a->n >= RARGS_MAX)
        abort();
    int k = snprintf(a->num[a->n], sizeof a->num[0], "%.17g", x);
    ra_buf(a, a->num[a->n], (size_t)k);
}

void ra_int(rargs *a, long long x)
{
    if (a->n >= RARGS_MAX)
        abort();
    int k = snprintf(a->num[a->n], sizeof a->num[0], "%lld", x);
    ra_buf(a, a->num[a->n], (size_t)k);
}

redisReply *redis_run(redisContext *c, rargs *a)
{
    return redisCommandArgv(c, a->n, a->v, a->len);
}

/* EVALSHA/EVAL <sha|src> 0 ARGV... */
static redisReply *eval_as(redisContext *c, const char *cmd, const char *body, const rargs *a)
{
    rargs e = {0};
    ra_str(&e, cmd);
    ra_str(&e, body);
    ra_str(&e, "0");
    for (int i = 0; i < a->n; i++)
        ra_buf(&e, a->v[i], a->len[i]);
    return redis_run(c, &e);
}

redisReply *redis_eval(redisContext *c, redis_script *s, const rargs *a)
{
    char sha[41];
    pthread_mutex_lock(&s->mu);
    memcpy(sha, s->sha, sizeof sha);
    pthread_mutex_unlock(&s->mu);
    if (!sha[0]) {
        rargs l = {0};
        ra_str(&l, "SCRIPT");
        ra_str(&l, "LOAD");
        ra_str(&l, s->src);
        redisReply *r = redis_run(c, &l);
        if (!r)
            return NULL;
        if (r->type == REDIS_REPLY_STRING && r->len == 40) {
            memcpy(sha, r->str, 40);
            sha[40] = '\0';
            pthread_mutex_lock(&s->mu);
            memcpy(s->sha, sha, sizeof sha);
            pthread_mutex_unlock(&s->mu);
        }
        freeReplyObject(r);
    }
    redisReply *r = sha[0] ? eval_as(c, "EVALSHA", sha, a) : NULL;
    if (sha[0] && (!r || r->type != REDIS_REPLY_ERROR || strncmp(r->str, "NOSCRIPT", 8) != 0))
        return r;
    if (r)
        freeReplyObject(r); /* Redis restarted and forgot it: EVAL caches it again */
    return eval_as(c, "EVAL", s->src, a);
}

bool reply_is(const redisReply *r, const char *word)
{
    size_t n;
    const char *s = r && r->type == REDIS_REPLY_ARRAY ? reply_at(r, 0, &n) : NULL;
    if (r && (r->type == REDIS_REPLY_STRING || r->type == REDIS_REPLY_STATUS)) {
        s = r->str;
        n = r->len;
    }
    return s && strlen(word) == n && memcmp(s, word, n) == 0;
}

const char *reply_at(const redisReply *r, size_t i, size_t *len)
{
    *len = 0;
    if (!r || r->type != REDIS_REPLY_ARRAY || i >= r->elements)
        return "";
    const redisReply *e = r->element[i];
    if (e->type != REDIS_REPLY_STRING && e->type != REDIS_REPLY_STATUS)
        return "";
    *len = e->len;
    return e->str;
}
