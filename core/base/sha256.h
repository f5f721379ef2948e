/* SHA-256 (FIPS 180-4), for the bearer tokens of --auth-file: a token is
 * kept as the digest of its text and compared digest to digest. */
#ifndef PYSTD_SHA256_H
#define PYSTD_SHA256_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_SIZE 32

typedef struct sha256_ctx {
    uint32_t h[8];
    uint64_t len; /* bytes hashed so far */
    uint8_t buf[64];
    size_t nbuf;
} sha256_ctx;

void sha256_init(sha256_ctx *c);
void sha256_update(sha256_ctx *c, const void *data, size_t n);
void sha256_final(sha256_ctx *c, uint8_t out[SHA256_DIGEST_SIZE]);
/* One-shot. */
void sha256(const void *data, size_t n, uint8_t out[SHA256_DIGEST_SIZE]);
/* Equal digests, in a time that depends on n only (never on where they differ). */
bool sha256_equal(const uint8_t *x, const uint8_t *y, size_t n);

#endif
