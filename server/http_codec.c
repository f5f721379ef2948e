/* Content codings on zlib (http_codec.h). */
#include "http_codec.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#define ZLIB_CONST /* next_in points at const bytes */
#include <zlib.h>

static bool ows(char c)
{
    return c == ' ' || c == '\t';
}

/* The q-value of one Accept-Encoding element's parameters ("; q=0.5"):
 * 1 when absent; 0 for q=0, q=0.0, q=0.000. */
static bool q_positive(const char *p, const char *end)
{
    while (p < end) {
        while (p < end && (ows(*p) || *p == ';'))
            p++;
        if (end - p >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
            p += 2;
            if (p < end && *p == '1')
                return true;
            if (p < end && *p == '0') {
                for (p++; p < end && (*p == '.' || *p == '0'); p++)
                    ;
                return p < end && *p >= '1' && *p <= '9';
            }
            return false; /* malformed: not accepted */
        }
        while (p < end && *p != ';')
            p++;
    }
    return true;
}

bool codec_accepts_gzip(const char *v)
{
    if (!v)
        return false;
    int gzip = -1, star = -1; /* -1: not named; else 0 / 1 */
    const char *p = v;
    while (*p) {
        while (ows(*p) || *p == ',')
            p++;
        const char *s = p;
        while (*p && *p != ',' && *p != ';' && !ows(*p))
            p++;
        size_t n = (size_t)(p - s);
        const char *e = p;
        while (*e && *e != ',')
            e++;
        int ok = q_positive(p, e) ? 1 : 0;
        if ((n == 4 && strncasecmp(s, "gzip", 4) == 0) || (n == 6 && strncasecmp(s, "x-gzip", 6) == 0))
            gzip = gzip == 1 ? 1 : ok;
        else if (n == 1 && *s == '*')
            star = ok;
        p = e;
    }
    return gzip >= 0 ? gzip == 1 : star == 1;
}

codec_coding codec_content_coding(const char *v)
{
    if (!v)
        return CODING_IDENTITY;
    while (ows(*v))
        v++;
    size_t n = strlen(v);
    while (n && ows(v[n - 1]))
        n--;
    if (n == 0 || (n == 8 && strncasecmp(v, "identity", 8) == 0))
        return CODING_IDENTITY;
    if ((n == 4 && strncasecmp(v, "gzip", 4) == 0) || (n == 6 && strncasecmp(v, "x-gzip", 6) == 0))
        return CODING_GZIP;
    if (n == 7 && strncasecmp(v, "deflate", 7) == 0)
        return CODING_DEFLATE;
    return CODING_UNSUPPORTED;
}

bool codec_compressible(const char *t)
{
    if (!t)
        return true; /* application/json */
    return strncmp(t, "text/", 5) == 0 || strncmp(t, "application/json", 16) == 0 ||
           strncmp(t, "application/javascript", 22) == 0;
}

int codec_gzip(const char *p, size_t n, int level, strbuf *out)
{
    if (n > UINT_MAX / 2) /* zlib counts in uInt */
        return -1;
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return -1;
    /* into a buffer of the worst case, then only the bytes made are kept:
     * the answer holds its compressed size, not its plain one */
    size_t bound = deflateBound(&z, (uLong)n);
    unsigned char *tmp = malloc(bound);
    int rc = Z_MEM_ERROR;
    if (tmp) {
        z.next_in = (const Bytef *)p;
        z.avail_in = (uInt)n;
        z.next_out = tmp;
        z.avail_out = (uInt)bound;
        rc = deflate(&z, Z_FINISH); /* the bound holds it all: one call */
        if (rc == Z_STREAM_END)
            strbuf_append(out, tmp, z.total_out);
        free(tmp);
    }
    deflateEnd(&z);
    return rc == Z_STREAM_END && !strbuf_overflow(out) ? 0 : -1;
}

#define INFLATE_CHUNK (64 * 1024)

int codec_inflate(codec_coding c, const char *p, size_t n, size_t max, codec_sink sink, void *ctx)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, c == CODING_GZIP ? 15 + 16 : 15) != Z_OK)
        return CODEC_REFUSED;
    unsigned char *buf = malloc(INFLATE_CHUNK);
    if (!buf) {
        inflateEnd(&z);
        return CODEC_REFUSED;
    }
    z.next_in = (const Bytef *)p;
    z.avail_in = (uInt)n;
    size_t total = 0;
    int result = CODEC_BAD;
    for (;;) {
        z.next_out = buf;
        z.avail_out = INFLATE_CHUNK;
        int rc = inflate(&z, Z_NO_FLUSH);
        size_t got = INFLATE_CHUNK - z.avail_out;
        if (got) {
            if (got > max - total) { /* counted before it is kept */
                result = CODEC_TOO_LARGE;
                break;
            }
            total += got;
            if (sink(ctx, (const char *)buf, got) < 0) {
                result = CODEC_REFUSED;
                break;
            }
        }
        if (rc == Z_STREAM_END) {
            if (z.avail_in == 0) {
                result = CODEC_OK;
                break;
            }
            /* gzip: another member may follow (RFC 1952, 2.2) */
            if (c != CODING_GZIP || inflateReset(&z) != Z_OK)
                break;
            continue;
        }
        if (rc == Z_BUF_ERROR && z.avail_in == 0 && got == 0)
            break; /* the input ended in the middle of the stream */
        if (rc != Z_OK && rc != Z_BUF_ERROR)
            break; /* Z_DATA_ERROR, Z_NEED_DICT, Z_MEM_ERROR */
    }
    free(buf);
    inflateEnd(&z);
    return result;
}
