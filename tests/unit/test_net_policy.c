/* core/net/net_policy.c: the address classifier of the network policy, on
 * every special-purpose range, against Python 3.11.7's ipaddress and the
 * API's policy (tests/golden/unit/net_policy.txt; no I/O at all). */
#include <check.h>

#include "testkit.h"
#include <stdlib.h>

#include "net/net_policy.h"

/* One line: ADDR PRIV GLOB RES MCAST LLOCAL LOOP UNSPEC DENY DENY_LO (1/0). */
static char *check_vector(const char *line)
{
    static char why[200];
    static net_network_list lo;
    static int lo_ready;
    char msg[100], addr[64];
    int f[9];
    if (!lo_ready) {
        ck_assert_int_eq(net_network_list_parse("127.0.0.1/32", &lo, msg, sizeof msg), 0);
        lo_ready = 1;
    }
    ck_assert_msg(sscanf(line, "%63s %d %d %d %d %d %d %d %d %d", addr, &f[0], &f[1], &f[2], &f[3], &f[4],
                         &f[5], &f[6], &f[7], &f[8]) == 10,
                  "bad line %s", line);
    net_addr a;
    if (!net_addr_parse(addr, &a))
        return snprintf(why, sizeof why, "cannot parse %s", addr), why;
    const int got[9] = {
        net_addr_is_private(&a),     net_addr_is_global(&a),        net_addr_is_reserved(&a),
        net_addr_is_multicast(&a),   net_addr_is_link_local(&a),    net_addr_is_loopback(&a),
        net_addr_is_unspecified(&a), !net_policy_allowed(NULL, &a), !net_policy_allowed(&lo, &a)};
    static const char *const what[9] = {"is_private",     "is_global",     "is_reserved",
                                        "is_multicast",   "is_link_local", "is_loopback",
                                        "is_unspecified", "denied",        "denied with 127.0.0.1/32"};
    for (int k = 0; k < 9; k++)
        if (got[k] != f[k])
            return snprintf(why, sizeof why, "%s %s: python %d, pystd %d", addr, what[k], f[k], got[k]), why;
    return NULL;
}

START_TEST(test_vectors)
{
    ck_assert_int_eq(data_lines("net_policy.txt", check_vector, 200), 0);
}
END_TEST

START_TEST(test_allow_list_parse)
{
    net_network_list l;
    char msg[100];
    ck_assert_int_eq(
        net_network_list_parse(" 10.0.0.0/8 , ::1, 192.168.1.7/24,fe80::/10", &l, msg, sizeof msg), 0);
    ck_assert_uint_eq(l.n, 4);
    net_addr a;
    net_addr_parse("192.168.1.200", &a); /* strict=False: host bits cleared */
    ck_assert(net_policy_allowed(&l, &a));
    net_addr_parse("192.168.2.1", &a);
    ck_assert(!net_policy_allowed(&l, &a));
    net_addr_parse("::ffff:10.9.8.7", &a); /* IPv4-mapped judged as IPv4 */
    ck_assert(net_policy_allowed(&l, &a));
    net_network_list_free(&l);
    ck_assert_int_eq(net_network_list_parse("", &l, msg, sizeof msg), 0);
    ck_assert_uint_eq(l.n, 0);
    ck_assert_int_eq(net_network_list_parse("10.0.0.0/33", &l, msg, sizeof msg), -1);
    ck_assert_int_eq(net_network_list_parse("nope", &l, msg, sizeof msg), -1);
    ck_assert_int_eq(net_network_list_parse("1.2.3.4/", &l, msg, sizeof msg), -1);
}
END_TEST

TESTKIT_MAIN(((testkit_suite){.name = "net_policy"}), test_vectors, test_allow_list_parse)
