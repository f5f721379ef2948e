/* Region allocator: every value of one request lives in one arena and dies
 * with it.  Nothing allocated here is freed on its own; arena_free() releases
 * all of it at once and runs the deferred cleanups (GMP integers).  This is
 * what makes ownership in handlers trivial: the request owns the arena. */
#ifndef PYSTD_ARENA_H
#define PYSTD_ARENA_H

#include <stddef.h>

typedef struct arena arena;

arena *arena_new(void);
void arena_free(arena *a);

/* 16-byte aligned, uninitialised; never NULL (aborts when memory is gone:
 * callers bound sizes with the configured limits before allocating). */
void *arena_alloc(arena *a, size_t n);
void *arena_calloc(arena *a, size_t n, size_t size);
/* Grow (or shrink) an allocation of `old` bytes to `n` bytes; contents kept. */
void *arena_realloc(arena *a, void *p, size_t old, size_t n);
char *arena_strndup(arena *a, const char *s, size_t n); /* NUL-terminated copy */
char *arena_strdup(arena *a, const char *s);
char *arena_printf(arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* fn(p) runs when the arena is freed, last registered first. */
void arena_defer(arena *a, void (*fn)(void *), void *p);

/* Bytes handed out so far (for resource caps), with those accounted below. */
size_t arena_used(const arena *a);
/* n bytes held outside the arena but freed with it (a GMP integer's digits,
 * cleared by a deferred cleanup): counted in arena_used and charged to the
 * current budget like the arena's own growth. */
void arena_account(arena *a, size_t n);

#endif
