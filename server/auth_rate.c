/* --rate-limit / --rate-burst (auth.h): a token bucket per token name, or
 * per client address for requests without a token, in a bounded table.
 *
 * The table has RATE_SLOTS buckets in RATE_STRIPES stripes, each stripe
 * under its own lock; a key probes RATE_PROBE slots of its stripe and, when
 * none is its own or free, takes the one idle the longest (a bucket idle
 * for burst/rate seconds is full again, so forgetting it changes nothing;
 * forgetting a busier one gives its client a fresh burst, the price of a
 * bounded table). */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "base/clock.h"
#include "base/config.h"
#include "dispatch.h"

#define RATE_SLOTS 8192
#define RATE_STRIPES 64
#define RATE_PER_STRIPE (RATE_SLOTS / RATE_STRIPES)
#define RATE_PROBE 8
#define KEY_MAX 72

typedef struct bucket {
    char key[KEY_MAX]; /* "t:<name>" or "a:<address>"; "" = free */
    double tokens;
    double last; /* monotonic seconds of the last refill */
} bucket;

static bucket slots[RATE_SLOTS];              /* guarded by their stripe's lock */
static pthread_mutex_t stripes[RATE_STRIPES]; /* initialised once (init_stripes) */
static pthread_once_t stripes_once = PTHREAD_ONCE_INIT;
extern _Atomic uint64_t auth_n_limited[]; /* auth.c */

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static void init_stripes(void)
{
    for (int i = 0; i < RATE_STRIPES; i++)
        pthread_mutex_init(&stripes[i], NULL);
}

double auth_rate_burst(void)
{
    double b = config.rate_burst > 0 ? config.rate_burst : config.rate_limit;
    return b < 1 ? 1 : b;
}

/* Take one token from key's bucket: 0, or the seconds until one is there.
 * *left: the tokens left (whole). */
double auth_rate_take(const char *key, double now, double rate, double burst, double *left)
{
    pthread_once(&stripes_once, init_stripes);
    uint64_t h = hash(key);
    unsigned s = (unsigned)(h % RATE_STRIPES);
    unsigned start = (unsigned)((h / RATE_STRIPES) % RATE_PER_STRIPE);
    bucket *base = &slots[s * RATE_PER_STRIPE];
    pthread_mutex_lock(&stripes[s]);
    bucket *b = NULL, *oldest = NULL;
    for (unsigned i = 0; i < RATE_PROBE && !b; i++) {
        bucket *c = &base[(start + i) % RATE_PER_STRIPE];
        if (c->key[0] && strcmp(c->key, key) == 0)
            b = c;
        else if (!oldest || !c->key[0] || (oldest->key[0] && c->last < oldest->last))
            oldest = c;
    }
    if (!b) { /* new, or forgotten: a full bucket */
        b = oldest;
        snprintf(b->key, sizeof b->key, "%s", key);
        b->tokens = burst;
        b->last = now;
    }
    b->tokens = fmin(burst, b->tokens + (now - b->last) * rate);
    b->last = now;
    double wait = 0;
    if (b->tokens >= 1)
        b->tokens -= 1;
    else
        wait = (1 - b->tokens) / rate;
    *left = floor(b->tokens);
    pthread_mutex_unlock(&stripes[s]);
    return wait;
}

bool auth_rate_admit(request *rq, response *rs)
{
    double rate = config.rate_limit;
    if (rate <= 0)
        return true;
    char key[KEY_MAX];
    if (rq->who)
        snprintf(key, sizeof key, "t:%s", rq->who);
    else
        snprintf(key, sizeof key, "a:%s", rq->remote ? rq->remote : "?");
    double burst = auth_rate_burst(), left;
    double wait = auth_rate_take(key, clock_monotonic(), rate, burst, &left);
    if (wait <= 0)
        return true;
    atomic_fetch_add_explicit(&auth_n_limited[rq->who_slot], 1, memory_order_relaxed);
    long secs = (long)ceil(wait);
    long window = (long)ceil(burst / rate);
    response_http_error(rs, rq->a, 429, "Busy",
                        "rate limit of %s exceeded (--rate-limit %g/s, --rate-burst %g); retry later",
                        rq->who ? rq->who : "this client address", rate, burst);
    response_header(rs, "Retry-After", arena_printf(rq->a, "%ld", secs < 1 ? 1 : secs));
    response_header(rs, "RateLimit-Policy",
                    arena_printf(rq->a, "\"default\";q=%.0f;w=%ld", floor(burst), window < 1 ? 1 : window));
    response_header(rs, "RateLimit", arena_printf(rq->a, "\"default\";r=0;t=%ld", secs < 1 ? 1 : secs));
    return false;
}
