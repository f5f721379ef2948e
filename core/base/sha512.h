/* SHA-512 (FIPS 180-4), for random.seed(str) version 2:
 * int.from_bytes(s.encode() + sha512(s.encode()).digest()). */
#ifndef PYSTD_SHA512_H
#define PYSTD_SHA512_H

#include <stddef.h>
#include <stdint.h>

#define SHA512_DIGEST_SIZE 64

typedef struct sha512_ctx {
    uint64_t h[8];
    uint64_t len; /* bytes hashed so far (inputs are far below 2**61 bytes) */
    uint8_t buf[128];
    size_t nbuf;
} sha512_ctx;

void sha512_init(sha512_ctx *c);
void sha512_update(sha512_ctx *c, const void *data, size_t n);
void sha512_final(sha512_ctx *c, uint8_t out[SHA512_DIGEST_SIZE]);
/* One-shot. */
void sha512(const void *data, size_t n, uint8_t out[SHA512_DIGEST_SIZE]);

#endif
