/* The request arena: chunks, large blocks, deferred cleanups, the spare
 * arena each thread keeps, and the charge of its growth to the budget. */
#include "base/arena.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/budget.h"

/* Small allocations are carved from chunks; anything of LARGE bytes or more
 * gets a block of its own, so that arena_realloc can hand it to realloc()
 * (a growing 100 MB list costs no copies of the arena's other data). */
#define CHUNK (64 * 1024)
#define LARGE (CHUNK / 4)
#define ALIGN 16

typedef struct block {
    struct block *prev, *next;
    size_t size;
    size_t pad; /* keeps the payload 16-aligned */
} block;

typedef struct cleanup {
    struct cleanup *next;
    void (*fn)(void *);
    void *p;
} cleanup;

struct arena {
    block *chunks;     /* singly used through ->next */
    block *large;      /* doubly linked */
    char *cur, *end;   /* free space of the newest chunk */
    cleanup *cleanups;
    size_t used;
    size_t charged;       /* bytes charged to the budget numbered `serial` */
    unsigned long serial;
};

/* Memory taken while a budget is current counts on the process account;
 * a budget that ended released it all, so a new one starts from zero. */
static void charge(arena *a, size_t n)
{
    budget *b = budget_current();
    if (!b)
        return;
    if (a->serial != b->serial) {
        a->serial = b->serial;
        a->charged = 0;
    }
    a->charged += n;
    budget_charge(n);
}

static void uncharge(arena *a)
{
    const budget *b = budget_current();
    if (a->charged && b && b->serial == a->serial)
        budget_release(a->charged);
    a->charged = 0;
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n);
    if (!p) {
        fputs("pystd: out of memory\n", stderr);
        abort();
    }
    return p;
}

/* Each thread keeps one emptied arena with its first chunk for the next
 * request: a request then costs no malloc/free of 64 KB, and a long-running
 * service does not fragment its heap with a chunk per request.  The slot is
 * a thread-local variable (no call per request); a key, set once per thread
 * (again if an arena is freed after its destructor ran), frees the spare
 * when the thread ends. */
static _Thread_local arena *spare;
static _Thread_local bool spare_registered;
static pthread_key_t spare_key;
static pthread_once_t spare_once = PTHREAD_ONCE_INIT;

static void release(arena *a, bool keep_first);
static void drop_spare(void *unused)
{
    (void)unused;
    arena *a = spare;
    spare = NULL;
    spare_registered = false;
    if (a) {
        release(a, false);
        free(a);
    }
}
static void make_key(void) { pthread_key_create(&spare_key, drop_spare); }

arena *arena_new(void)
{
    arena *a = spare;
    if (a) {
        spare = NULL;
        return a;
    }
    a = xmalloc(sizeof *a);
    memset(a, 0, sizeof *a);
    return a;
}

/* Run the cleanups and free every block (but the first chunk if keep_first). */
static void release(arena *a, bool keep_first)
{
    uncharge(a);
    for (cleanup *c = a->cleanups; c; c = c->next)
        c->fn(c->p);
    a->cleanups = NULL;
    block *first = NULL;
    for (block *b = a->chunks, *n; b; b = n) {
        n = b->next;
        if (keep_first && !n)
            first = b; /* the oldest chunk is the last in the list */
        else
            free(b);
    }
    for (block *b = a->large, *n; b; b = n) {
        n = b->next;
        free(b);
    }
    a->large = NULL;
    a->used = 0;
    a->chunks = first;
    if (first) {
        first->next = NULL;
        a->cur = (char *)(first + 1);
        a->end = a->cur + CHUNK;
    } else {
        a->cur = a->end = NULL;
    }
}

void arena_free(arena *a)
{
    if (!a)
        return;
    /* Release first: a cleanup may free another arena into the spare slot. */
    release(a, true);
    if (!spare) {
        if (!spare_registered) {
            pthread_once(&spare_once, make_key);
            pthread_setspecific(spare_key, &spare); /* any non-NULL value: drop_spare reads `spare` */
            spare_registered = true;
        }
        spare = a;
        return;
    }
    release(a, false);
    free(a);
}

static size_t round_up(size_t n) { return (n + ALIGN - 1) & ~(size_t)(ALIGN - 1); }

/* The slow paths stay out of line: arena_alloc's fast path is a bump. */
__attribute__((noinline)) static void *alloc_large(arena *a, size_t n)
{
    if (n > SIZE_MAX - sizeof(block)) {
        fputs("pystd: allocation too large\n", stderr);
        abort();
    }
    block *b = xmalloc(sizeof(block) + n);
    charge(a, sizeof(block) + n);
    b->size = n;
    b->prev = NULL;
    b->next = a->large;
    if (a->large)
        a->large->prev = b;
    a->large = b;
    return b + 1;
}

/* n bytes from a new chunk (n < LARGE). */
__attribute__((noinline)) static void *alloc_chunk(arena *a, size_t n)
{
    block *b = xmalloc(sizeof(block) + CHUNK);
    charge(a, sizeof(block) + CHUNK);
    b->next = a->chunks;
    a->chunks = b;
    a->cur = (char *)(b + 1) + n;
    a->end = (char *)(b + 1) + CHUNK;
    return b + 1;
}

void *arena_alloc(arena *a, size_t n)
{
    n = round_up(n ? n : 1);
    a->used += n;
    if (n >= LARGE)
        return alloc_large(a, n);
    if ((size_t)(a->end - a->cur) < n)
        return alloc_chunk(a, n);
    void *p = a->cur;
    a->cur += n;
    return p;
}

void *arena_calloc(arena *a, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) {
        fputs("pystd: allocation too large\n", stderr);
        abort();
    }
    void *p = arena_alloc(a, n * size);
    memset(p, 0, n * size);
    return p;
}

void *arena_realloc(arena *a, void *p, size_t old, size_t n)
{
    if (!p)
        return arena_alloc(a, n);
    size_t ro = round_up(old ? old : 1), rn = round_up(n ? n : 1);
    if (ro >= LARGE && rn >= LARGE) {
        block *b = (block *)p - 1;
        block *prev = b->prev, *next = b->next;
        block *nb = realloc(b, sizeof(block) + rn);
        if (!nb) {
            fputs("pystd: out of memory\n", stderr);
            abort();
        }
        nb->size = rn;
        if (rn > ro)
            charge(a, rn - ro);
        if (prev)
            prev->next = nb;
        else
            a->large = nb;
        if (next)
            next->prev = nb;
        a->used += rn - ro;
        return nb + 1;
    }
    if (rn <= ro)
        return p;
    /* The newest small allocation can grow in place. */
    if ((char *)p + ro == a->cur && (size_t)(a->end - (char *)p) >= rn && rn < LARGE) {
        a->cur = (char *)p + rn;
        a->used += rn - ro;
        return p;
    }
    void *q = arena_alloc(a, n);
    memcpy(q, p, old);
    return q;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(arena *a, const char *s) { return arena_strndup(a, s, strlen(s)); }

char *arena_printf(arena *a, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return arena_strdup(a, "");
    if ((size_t)n < sizeof small)
        return arena_strndup(a, small, (size_t)n);
    char *p = arena_alloc(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

void arena_defer(arena *a, void (*fn)(void *), void *p)
{
    cleanup *c = arena_alloc(a, sizeof *c);
    c->fn = fn;
    c->p = p;
    c->next = a->cleanups;
    a->cleanups = c;
}

size_t arena_used(const arena *a) { return a->used; }

void arena_account(arena *a, size_t n)
{
    a->used += n;
    charge(a, n);
}
