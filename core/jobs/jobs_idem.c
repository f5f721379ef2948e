/* Idempotency-Key digests (jobs.h): the key a submission is kept under, and
 * the digest its request is compared by.  SHA-512 cut to 256 bits, as hex:
 * keys are client text of any shape, digests are fixed-size and safe to use
 * as hash keys here and as Redis key names. */
#include <stdint.h>
#include <string.h>

#include "base/sha512.h"
#include "jobs/jobs.h"

static void hex_digest(sha512_ctx *c, char out[JOBS_DIGEST_LEN + 1])
{
    static const char hex[] = "0123456789abcdef";
    uint8_t d[SHA512_DIGEST_SIZE];
    sha512_final(c, d);
    for (size_t i = 0; i < JOBS_DIGEST_LEN / 2; i++) {
        out[2 * i] = hex[d[i] >> 4];
        out[2 * i + 1] = hex[d[i] & 15];
    }
    out[JOBS_DIGEST_LEN] = '\0';
}

/* Each part is followed by a NUL, so that ("ab", "c") and ("a", "bc") differ. */
static void put(sha512_ctx *c, const char *s, size_t n)
{
    sha512_update(c, s, n);
    sha512_update(c, "", 1);
}

void jobs_idem_digest(const char *tenant, const char *key, size_t key_len, char out[JOBS_DIGEST_LEN + 1])
{
    sha512_ctx c;
    sha512_init(&c);
    put(&c, "pystd idempotency key", 21);
    put(&c, tenant ? tenant : "", tenant ? strlen(tenant) : 0);
    put(&c, key, key_len);
    hex_digest(&c, out);
}

void jobs_body_digest(const char *endpoint, const char *body, size_t len, char out[JOBS_DIGEST_LEN + 1])
{
    sha512_ctx c;
    sha512_init(&c);
    put(&c, "pystd idempotent request", 24);
    put(&c, endpoint, strlen(endpoint));
    put(&c, body, len);
    hex_digest(&c, out);
}
