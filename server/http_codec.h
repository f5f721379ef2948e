/* Content codings of HTTP bodies (server/http_codec.c), on zlib: what a
 * client accepts (Accept-Encoding), which responses are worth compressing,
 * gzip of a response body, and the inflating of a gzip or deflate request
 * body under a cap on its decompressed size, counted while it inflates (a
 * gzip bomb stops at the cap, not at the end of its output). */
#ifndef PYSTD_HTTP_CODEC_H
#define PYSTD_HTTP_CODEC_H

#include <stdbool.h>
#include <stddef.h>

#include "base/strbuf.h"

#define CODEC_MIN_SIZE 1024          /* smaller responses are sent as they are */
#define CODEC_INLINE_MAX (64 * 1024) /* larger bodies are (de)compressed on the compute pool */
#define CODEC_LEVEL 1                /* zlib's level for answers: the fastest (JSON still shrinks ~5x) */
#define CODEC_STATIC_LEVEL 9         /* for the static documents, compressed once */

typedef enum { CODING_IDENTITY, CODING_GZIP, CODING_DEFLATE, CODING_UNSUPPORTED } codec_coding;

/* Does an Accept-Encoding field value accept gzip (gzip, x-gzip or *, with a
 * q-value above 0)?  NULL: no. */
bool codec_accepts_gzip(const char *accept_encoding);
/* The coding a Content-Encoding field value names (NULL: identity); more
 * than one coding, or one not known here: CODING_UNSUPPORTED. */
codec_coding codec_content_coding(const char *content_encoding);
/* Is a body of this Content-Type worth compressing (NULL: JSON)? */
bool codec_compressible(const char *content_type);

/* The gzip of n bytes, appended to out (level: zlib's 1..9).  0, or -1 when
 * zlib fails (out of memory). */
int codec_gzip(const char *p, size_t n, int level, strbuf *out);

/* Where inflated bytes go: 0, or -1 to stop (CODEC_REFUSED). */
typedef int (*codec_sink)(void *ctx, const char *p, size_t n);
enum { CODEC_OK = 0, CODEC_TOO_LARGE = 1, CODEC_BAD = 2, CODEC_REFUSED = 3 };
/* Inflate a whole request body of coding c (gzip, maybe several members, or
 * deflate = zlib format) into sink, at most max bytes: CODEC_OK, or
 * CODEC_TOO_LARGE as soon as the output would pass max (nothing more is
 * inflated), CODEC_BAD for data that is not of that coding (or cut short),
 * CODEC_REFUSED when the sink said stop. */
int codec_inflate(codec_coding c, const char *p, size_t n, size_t max, codec_sink sink, void *ctx);

#endif
