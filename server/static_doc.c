/* Static documents (static_doc.h): their ETags and the conditional GET. */
#include "static_doc.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/sha512.h"
#include "http_codec.h"

void static_doc_init(static_doc *d, const char *data, size_t len, const char *ctype,
                     const char *cache_control)
{
    d->data = data;
    d->len = len;
    d->ctype = ctype;
    d->cache_control = cache_control;
    d->gz = NULL;
    atomic_init(&d->ready, false);
}

/* The ETag and the gzip form, made on first use: a document nobody asks
 * for (the /docs assets, compiled in) costs neither the time nor the
 * resident pages of hashing and compressing it. */
static pthread_mutex_t prepare_mu = PTHREAD_MUTEX_INITIALIZER;

static void prepare(static_doc *d)
{
    if (atomic_load_explicit(&d->ready, memory_order_acquire))
        return;
    pthread_mutex_lock(&prepare_mu);
    if (!atomic_load_explicit(&d->ready, memory_order_relaxed)) {
        uint8_t h[SHA512_DIGEST_SIZE];
        sha512(d->data, d->len, h);
        char *p = d->etag;
        *p++ = '"';
        for (int i = 0; i < 16; i++, p += 2)
            snprintf(p, 3, "%02x", h[i]);
        *p++ = '"';
        *p = '\0';
        if (d->len >= CODEC_MIN_SIZE && codec_compressible(d->ctype)) {
            strbuf z = STRBUF_INIT;
            if (codec_gzip(d->data, d->len, CODEC_STATIC_LEVEL, &z) == 0 && z.len < d->len) {
                d->gz = strbuf_detach(&z, &d->gz_len);
                snprintf(d->etag_gz, sizeof d->etag_gz, "%.33s-gz\"", d->etag);
            }
            strbuf_free(&z);
        }
        atomic_store_explicit(&d->ready, true, memory_order_release);
    }
    pthread_mutex_unlock(&prepare_mu);
}

static bool ows(char c)
{
    return c == ' ' || c == '\t';
}

bool static_doc_none_match(const char *v, const char *etag)
{
    if (!v)
        return false;
    /* The opaque tag of etag, its quotes included: a weak W/ prefix is ignored. */
    size_t elen = strlen(etag);
    const char *p = v;
    for (;;) {
        while (ows(*p) || *p == ',')
            p++;
        if (!*p)
            return false;
        if (*p == '*')
            return true;
        if (p[0] == 'W' && p[1] == '/')
            p += 2;
        const char *start = p;
        if (*p == '"') {
            const char *q = strchr(p + 1, '"');
            if (!q)
                return false; /* unterminated: nothing more to read */
            p = q + 1;
        } else {
            while (*p && *p != ',' && !ows(*p))
                p++;
        }
        if ((size_t)(p - start) == elen && memcmp(start, etag, elen) == 0)
            return true;
        while (*p && *p != ',')
            p++;
    }
}

void static_doc_answer(static_doc *d, request *rq, response *rs)
{
    prepare(d);
    bool gz = d->gz && rq->accept_gzip;
    const char *inm = request_header(rq, "If-None-Match");
    /* either form names the same content: the client's copy is good */
    if (static_doc_none_match(inm, d->etag) || (d->gz && static_doc_none_match(inm, d->etag_gz))) {
        strbuf_clear(&rs->body);
        rs->status = 304;
        rs->content_type = d->ctype;
    } else if (gz) {
        response_text(rs, 200, d->ctype, d->gz, d->gz_len);
        rs->content_encoding = "gzip";
    } else {
        response_text(rs, 200, d->ctype, d->data, d->len);
    }
    rs->vary_encoding = d->gz != NULL;
    response_header(rs, "ETag", gz ? d->etag_gz : d->etag);
    response_header(rs, "Cache-Control", d->cache_control);
}
