/* The request body buffer of http_body.h. */
#include "http_body.h"

#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Bodies larger than this get a mapping. */
#define BODY_SMALL (256 * 1024)

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
    if (!b->map && b->small.len + n <= BODY_SMALL) {
        size_t cap = b->small.cap;
        strbuf_append(&b->small, p, n);
        *grown = b->small.cap - cap;
        return 0;
    }
    if (!b->map) { /* out of the heap */
        if (map_grow(b, b->small.len + n + 1, expect) < 0)
            return -1;
        memcpy(b->map, b->small.data, b->small.len);
        b->len = b->small.len;
        strbuf_free(&b->small);
    } else if (b->len + n + 1 > b->cap && map_grow(b, b->len + n + 1, expect) < 0) {
        return -1;
    }
    memcpy(b->map + b->len, p, n);
    b->len += n;
    b->map[b->len] = '\0';
    *grown = n; /* the pages written */
    return 0;
}

const char *http_body_data(const http_body *b) { return b->map ? b->map : b->small.data; }
size_t http_body_len(const http_body *b) { return b->map ? b->len : b->small.len; }

void http_body_free(http_body *b)
{
    if (b->map)
        munmap(b->map, b->cap);
    b->map = NULL;
    b->len = b->cap = 0;
    strbuf_free(&b->small);
}
