/* The request body buffer of http_body.h, and its spare mappings. */
#include "http_body.h"

#include <pthread.h>
#include <stdbool.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "memory.h"

/* Bodies larger than this get a mapping. */
#define BODY_SMALL (256 * 1024)

/* Spare mappings: a freed body's mapping waits here for the next large
 * body (its pages already there: no page faults, no zeroing, no unmapping
 * per request), until http_body_spare_trim finds it unused for a period.
 * While it waits, its pages (those ever written) stay charged to the
 * memory account (memory.h), so that admission sees them; one that the
 * account has no room for is unmapped at once. */
#define SPARE_SLOTS 4
#define SPARE_MAX ((size_t)32 << 20) /* a larger mapping is unmapped at once */

typedef struct spare {
    char *map;
    size_t cap;
    size_t touched; /* bytes ever written: its resident pages, charged while it waits */
    bool used;      /* taken or given back since the last trim */
} spare;

static pthread_mutex_t spare_lock = PTHREAD_MUTEX_INITIALIZER;
static spare spares[SPARE_SLOTS];

/* A spare mapping of at least `want` bytes (the smallest), or NULL; its
 * charge goes back (the body charges what it writes). */
static char *spare_take(size_t want, size_t *cap, size_t *touched)
{
    char *m = NULL;
    pthread_mutex_lock(&spare_lock);
    int best = -1;
    for (int i = 0; i < SPARE_SLOTS; i++)
        if (spares[i].map && spares[i].cap >= want && (best < 0 || spares[i].cap < spares[best].cap))
            best = i;
    if (best >= 0) {
        m = spares[best].map;
        *cap = spares[best].cap;
        *touched = spares[best].touched;
        spares[best].map = NULL;
        spares[best].used = true;
    }
    pthread_mutex_unlock(&spare_lock);
    if (m)
        memory_give(*touched);
    return m;
}

/* Keep the mapping as a spare, or unmap it (too large, no free slot, no
 * room on the memory account for its pages). */
static void spare_give(char *map, size_t cap, size_t touched)
{
    if (cap <= SPARE_MAX && memory_take(touched)) {
        pthread_mutex_lock(&spare_lock);
        for (int i = 0; i < SPARE_SLOTS; i++)
            if (!spares[i].map) {
                spares[i] = (spare){.map = map, .cap = cap, .touched = touched, .used = true};
                map = NULL;
                break;
            }
        pthread_mutex_unlock(&spare_lock);
        if (map)
            memory_give(touched);
    }
    if (map)
        munmap(map, cap);
}

void http_body_spare_trim(bool all)
{
    spare gone[SPARE_SLOTS];
    int n = 0;
    pthread_mutex_lock(&spare_lock);
    for (int i = 0; i < SPARE_SLOTS; i++) {
        if (spares[i].map && (all || !spares[i].used)) {
            gone[n++] = spares[i];
            spares[i].map = NULL;
        }
        spares[i].used = false;
    }
    pthread_mutex_unlock(&spare_lock);
    for (int i = 0; i < n; i++) {
        munmap(gone[i].map, gone[i].cap);
        memory_give(gone[i].touched);
    }
}

static size_t page_round(size_t n)
{
    size_t ps = (size_t)sysconf(_SC_PAGESIZE);
    return (n + ps - 1) / ps * ps;
}

/* Room for `need` bytes in the mapping (need > cap): 0, or -1 when the
 * system refuses. */
static int map_grow(http_body *b, size_t need, size_t expect)
{
    size_t want = b->cap * 2;
    if (want < need)
        want = need;
    if (!b->map && expect >= want)
        want = expect + 1; /* the announced length at once: pages are taken as they are written */
    size_t cap = page_round(want);
    if (!b->map && (b->map = spare_take(cap, &b->cap, &b->touched)) != NULL)
        return 0;
    void *m = b->map ? mremap(b->map, b->cap, cap, MREMAP_MAYMOVE)
                     : mmap(NULL, cap, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return -1;
    b->map = m;
    b->cap = cap;
    return 0;
}

int http_body_append(http_body *b, const char *p, size_t n, size_t expect, size_t *grown)
{
    /* a body announced large goes to its mapping from the first byte */
    if (!b->map && b->small.len + n <= BODY_SMALL && expect <= BODY_SMALL) {
        size_t cap = b->small.cap;
        strbuf_append(&b->small, p, n);
        *grown = b->small.cap - cap;
        return 0;
    }
    if (!b->map) { /* out of the heap */
        if (map_grow(b, b->small.len + n + 1, expect) < 0)
            return -1;
        if (b->small.len) /* none when the body was announced large */
            memcpy(b->map, b->small.data, b->small.len);
        b->len = b->small.len;
        strbuf_free(&b->small);
    } else if (b->len + n + 1 > b->cap && map_grow(b, b->len + n + 1, expect) < 0) {
        return -1;
    }
    memcpy(b->map + b->len, p, n);
    b->len += n;
    b->map[b->len] = '\0';
    if (b->len + 1 > b->touched)
        b->touched = b->len + 1;
    *grown = n; /* the pages written */
    return 0;
}

const char *http_body_data(const http_body *b) { return b->map ? b->map : b->small.data; }
size_t http_body_len(const http_body *b) { return b->map ? b->len : b->small.len; }

void http_body_free(http_body *b)
{
    if (b->map)
        spare_give(b->map, b->cap, page_round(b->touched));
    b->map = NULL;
    b->len = b->cap = b->touched = 0;
    strbuf_free(&b->small);
}
