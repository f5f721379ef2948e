/* The pieces of server/auth*.c that need no server: SHA-256 against FIPS
 * 180-4's vectors, the token file parser (comments, '*', errors with their
 * line), the scope lists, and the rate limiter's token bucket with its
 * bounded table (times are given, not measured). */
#include <math.h>

#include "auth.h"
#include "testkit.h"

static void hex(const uint8_t *d, char *out)
{
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
        sprintf(out + 2 * i, "%02x", d[i]);
}

START_TEST(sha256_vectors)
{
    uint8_t d[SHA256_DIGEST_SIZE];
    char h[65];
    sha256("", 0, d);
    hex(d, h);
    ck_assert_str_eq(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    sha256("abc", 3, d);
    hex(d, h);
    ck_assert_str_eq(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    sha256(m, strlen(m), d);
    hex(d, h);
    ck_assert_str_eq(h, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    /* a million 'a', fed in uneven pieces */
    sha256_ctx c;
    sha256_init(&c);
    char a[997];
    memset(a, 'a', sizeof a);
    size_t left = 1000000;
    while (left) {
        size_t n = left < sizeof a ? left : sizeof a;
        sha256_update(&c, a, n);
        left -= n;
    }
    sha256_final(&c, d);
    hex(d, h);
    ck_assert_str_eq(h, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    uint8_t x[4] = {1, 2, 3, 4}, y[4] = {1, 2, 3, 5};
    ck_assert(sha256_equal(x, x, 4));
    ck_assert(!sha256_equal(x, y, 4));
}
END_TEST

#define D64 "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"

START_TEST(parse_file)
{
    const char *text = "# tokens\n"
                       "\n"
                       "alice:compute,fs.read:" D64 "   # the analyst\n"
                       "  bob : * : " D64 "\r\n"
                       "ci.runner-2:jobs, net ,metrics:" D64 "\n"
                       "nobody::" D64;
    auth_table *t = NULL;
    char err[128] = "";
    ck_assert_int_eq(auth_table_parse(text, strlen(text), &t, err, sizeof err), 0);
    ck_assert_uint_eq(t->n, 4);
    ck_assert_str_eq(t->e[0].name, "alice");
    ck_assert_uint_eq(t->e[0].scopes, AUTH_COMPUTE | AUTH_FS_READ);
    ck_assert_str_eq(t->e[1].name, "bob");
    ck_assert_uint_eq(t->e[1].scopes, AUTH_ALL);
    ck_assert_str_eq(t->e[2].name, "ci.runner-2");
    ck_assert_uint_eq(t->e[2].scopes, AUTH_JOBS | AUTH_NET | AUTH_METRICS);
    ck_assert_uint_eq(t->e[3].scopes, 0);
    ck_assert_uint_eq(t->e[0].digest[0], 0xba);
    ck_assert_uint_eq(t->e[0].digest[31], 0xad);
    free(t);
    ck_assert_int_eq(auth_table_parse("", 0, &t, err, sizeof err), 0);
    ck_assert_uint_eq(t->n, 0);
    free(t);
}
END_TEST

START_TEST(parse_errors)
{
    static const char *const bad[][2] = {
        {"alice:compute\n", "line 1:"},
        {"# c\nalice:compute:abc\n", "line 2: the digest"},
        {"al/ice:compute:" D64, "line 1: the name"},
        {"-x:compute:" D64, "line 1: the name"},
        {":compute:" D64, "line 1: the name"},
        {"alice:compute,flying:" D64, "line 1: unknown scope"},
        {"alice:compute:" D64 "0", "line 1: the digest"},
        {"alice:compute:zz7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
         "line 1: the digest"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        auth_table *t = NULL;
        char err[128] = "";
        ck_assert_int_eq(auth_table_parse(bad[i][0], strlen(bad[i][0]), &t, err, sizeof err), -1);
        ck_assert_msg(strncmp(err, bad[i][1], strlen(bad[i][1])) == 0, "%s -> %s", bad[i][0], err);
        ck_assert_ptr_null(t);
    }
}
END_TEST

START_TEST(scope_lists)
{
    unsigned s;
    ck_assert_int_eq(auth_scopes_parse("*", 1, &s), 0);
    ck_assert_uint_eq(s, AUTH_ALL);
    ck_assert_int_eq(auth_scopes_parse("none", 4, &s), 0);
    ck_assert_uint_eq(s, 0);
    ck_assert_int_eq(auth_scopes_parse("", 0, &s), 0);
    ck_assert_uint_eq(s, 0);
    ck_assert_int_eq(auth_scopes_parse("fs.write,metrics", 16, &s), 0);
    ck_assert_uint_eq(s, AUTH_FS_WRITE | AUTH_METRICS);
    ck_assert_int_eq(auth_scopes_parse("fs", 2, &s), -1);
    ck_assert_int_eq(auth_scopes_parse("compute,", 8, &s), -1);
    ck_assert_str_eq(auth_scope_name(AUTH_NET), "net");
    ck_assert(auth_name_ok("a", 1));
    ck_assert(!auth_name_ok("..", 2));
    ck_assert(!auth_name_ok(".a", 2));
    char longname[80];
    memset(longname, 'x', sizeof longname);
    ck_assert(auth_name_ok(longname, AUTH_NAME_MAX));
    ck_assert(!auth_name_ok(longname, AUTH_NAME_MAX + 1));
}
END_TEST

START_TEST(bucket)
{
    double left;
    /* 2 per second, burst 3: three at once, then the fourth waits 0.5 s */
    for (int i = 0; i < 3; i++)
        ck_assert(auth_rate_take("t:alice", 100.0, 2, 3, &left) == 0);
    ck_assert_double_eq(left, 0);
    double w = auth_rate_take("t:alice", 100.0, 2, 3, &left);
    ck_assert(fabs(w - 0.5) < 1e-9);
    /* another key has its own bucket */
    ck_assert(auth_rate_take("t:bob", 100.0, 2, 3, &left) == 0);
    ck_assert_double_eq(left, 2);
    /* half a second later one token is back, and only one */
    ck_assert(auth_rate_take("t:alice", 100.5, 2, 3, &left) == 0);
    ck_assert(auth_rate_take("t:alice", 100.5, 2, 3, &left) > 0);
    /* after a long idle the bucket is full again, never fuller */
    for (int i = 0; i < 3; i++)
        ck_assert(auth_rate_take("t:alice", 200.0, 2, 3, &left) == 0);
    ck_assert(auth_rate_take("t:alice", 200.0, 2, 3, &left) > 0);
}
END_TEST

START_TEST(bounded_table)
{
    /* far more keys than slots: the table stays bounded (nothing to free),
     * and a key seen last is still remembered */
    char key[32];
    double left;
    for (int i = 0; i < 100000; i++) {
        snprintf(key, sizeof key, "a:10.0.%d.%d", i / 256, i % 256);
        auth_rate_take(key, 1000.0 + i * 1e-6, 1, 1, &left);
    }
    ck_assert(auth_rate_take(key, 1000.1, 1, 1, &left) > 0); /* its one token is spent */
}
END_TEST

TESTKIT_MAIN(((testkit_suite){.name = "auth"}), sha256_vectors, parse_file, parse_errors, scope_lists, bucket,
             bounded_table)
