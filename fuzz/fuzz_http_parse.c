/* libFuzzer: server/http_parse.c on arbitrary bytes.  A request head:
 * what it reports stays inside the bytes, the fields it hands over are
 * tokens and clean values, and a head parsed in two calls (resuming with
 * `scan`) is the head parsed in one.  A chunked body: decoded from pieces
 * of pseudo-random sizes, it is the body decoded in one piece, and never
 * more bytes than went in. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http_parse.h"

static bool tchar(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c && strchr("!#$%&'*+-.^_`|~", c));
}

static bool clean_field(void *cls, const char *name, size_t nl, const char *v, size_t vl)
{
    (void)cls;
    if (nl == 0 || strlen(name) != nl || strlen(v) != vl)
        abort();
    for (size_t i = 0; i < nl; i++)
        if (!tchar((unsigned char)name[i]))
            abort();
    for (size_t i = 0; i < vl; i++)
        if (v[i] == '\r' || v[i] == '\n')
            abort();
    if (vl && (v[0] == ' ' || v[0] == '\t' || v[vl - 1] == ' ' || v[vl - 1] == '\t'))
        abort(); /* OWS trimmed */
    return true;
}

/* The same head parsed in two buffers holding the same bytes: the same
 * rewritten bytes, the same strings at the same places, the same framing. */
static bool same_req(const http_req *a, const char *abuf, const http_req *b, const char *bbuf, size_t hl)
{
    return memcmp(abuf, bbuf, hl) == 0 && a->method - abuf == b->method - bbuf &&
           a->target - abuf == b->target - bbuf && a->fields - abuf == b->fields - bbuf &&
           a->minor == b->minor && a->nfields == b->nfields && a->chunked == b->chunked &&
           a->has_length == b->has_length && a->length == b->length &&
           a->length_conflict == b->length_conflict && a->close == b->close &&
           a->expect_continue == b->expect_continue;
}

/* Two malloc'ed copies of data (the caller frees them). */
static void copies(const uint8_t *data, size_t size, char **one, char **two)
{
    *one = malloc(size + 1);
    *two = malloc(size + 1);
    if (!*one || !*two)
        abort();
    memcpy(*one, data, size);
    memcpy(*two, data, size);
}

static uint64_t mix(uint64_t *s)
{
    *s += 0x9e3779b97f4a7c15ull;
    uint64_t z = *s;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static void head(const uint8_t *data, size_t size, uint64_t seed)
{
    char *one, *two;
    copies(data, size, &one, &two);
    size_t scan = 0, hl1 = 0, hl2 = 0;
    http_req r1, r2;
    http_parse_rc rc1 = http_parse_head(one, size, &scan, &hl1, &r1);
    if (rc1 == HP_INCOMPLETE && memcmp(one, data, size) != 0)
        abort(); /* nothing changed */
    if (rc1 == HP_OK) {
        if (hl1 > size || hl1 < 4 || memcmp(data + hl1 - 4, "\r\n\r\n", 4) != 0)
            abort();
        if (!*r1.method || !*r1.target || r1.method < one || r1.target >= one + size)
            abort();
        for (const char *m = r1.method; *m; m++)
            if (!tchar((unsigned char)*m))
                abort();
        for (const char *t = r1.target; *t; t++)
            if ((unsigned char)*t <= 0x20 || *t == 0x7f)
                abort();
        if ((r1.minor != 0 && r1.minor != 1) || (r1.chunked && r1.has_length && !r1.length_conflict))
            abort();
        if (r1.minor == 0 && r1.expect_continue)
            abort();
        http_req_fields(&r1, clean_field, NULL);
        if (r1.nfields && !http_req_field(&r1, r1.fields))
            abort(); /* the first field's name finds a field */
    }
    /* the same bytes in two calls, resuming with scan */
    size_t k = size ? (size_t)(seed % (size + 1)) : 0;
    scan = 0;
    http_parse_rc rc2 = http_parse_head(two, k, &scan, &hl2, &r2);
    if (rc2 == HP_INCOMPLETE) {
        if (scan > k)
            abort();
        rc2 = http_parse_head(two, size, &scan, &hl2, &r2);
    }
    if (rc1 != rc2 || (rc1 == HP_OK && (hl1 != hl2 || !same_req(&r1, one, &r2, two, hl1))))
        abort();
    free(one);
    free(two);
}

static void chunked(const uint8_t *data, size_t size, uint64_t seed)
{
    char *one, *two;
    copies(data, size, &one, &two);
    http_chunked c1, c2;
    memset(&c1, 0, sizeof c1);
    memset(&c2, 0, sizeof c2);
    size_t o1 = 0;
    bool done1 = false;
    long used1 = http_chunked_decode(&c1, one, size, &o1, &done1);
    if (used1 > (long)size || (used1 >= 0 && o1 > (size_t)used1) ||
        (used1 >= 0 && !done1 && used1 != (long)size))
        abort();
    /* in pieces: the decoded bytes gathered at two's front */
    size_t off = 0, o2 = 0;
    bool done2 = false, failed = false;
    while (off < size && !done2) {
        size_t piece = (size_t)(mix(&seed) % 17) + 1;
        if (mix(&seed) % 8 == 0)
            piece = (size_t)(mix(&seed) % (size - off)) + 1;
        if (piece > size - off)
            piece = size - off;
        char *p = malloc(piece);
        if (!p)
            abort();
        memcpy(p, data + off, piece);
        size_t o = 0;
        long used = http_chunked_decode(&c2, p, piece, &o, &done2);
        if (used < 0) {
            free(p);
            failed = true;
            break;
        }
        if ((size_t)used > piece || o > (size_t)used || (!done2 && (size_t)used != piece))
            abort();
        memcpy(two + o2, p, o);
        o2 += o;
        off += (size_t)used;
        free(p);
    }
    if (failed != (used1 < 0))
        abort();
    if (!failed && (off != (size_t)used1 || done1 != done2 || o1 != o2 || memcmp(one, two, o1) != 0))
        abort();
    free(one);
    free(two);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint64_t seed = size;
    for (size_t i = 0; i < size; i++)
        seed = (seed ^ data[i]) * 1099511628211ull;
    head(data, size, seed);
    chunked(data, size, seed);
    return 0;
}
