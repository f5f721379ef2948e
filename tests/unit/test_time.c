/* core/time/time_conv.c and core/time/time_strptime.c against CPython 3.11.7's
 * answers to random cases (tests/golden/unit/time.jsonl, TZ=UTC); every one must
 * match exactly (value, or exception type and message).  Plus fixed facts. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testkit_json.h"
#include "time/time_conv.h"
#include "time/time_strptime.h"

/* Run one case; returns NULL when it matches, else a description. */
static char *run_case(const pv *c)
{
    const pv *f = pv_dict_getc(c, "f"), *args = pv_dict_getc(c, "a");
    pv *res = NULL;
    py_err e = {0};
    int rc = -1;
    const char *fn = f->s.p;
    if (!strcmp(fn, "strptime")) {
        rc = time_strptime(A, args->l.items[0], args->l.items[1], &res, &e);
    } else if (!strcmp(fn, "strftime")) {
        struct tm tm;
        rc = time_gettmarg(A, args->l.items[1], "t", "strftime", &tm, &e);
        if (rc == 0)
            rc = time_checktm(A, &tm, &e);
        if (rc == 0)
            rc = time_strftime(A, args->l.items[0], &tm, 64u << 20, &res, &e);
    } else if (!strcmp(fn, "mktime")) {
        struct tm tm;
        double d;
        rc = time_gettmarg(A, args->l.items[0], "t", "mktime", &tm, &e);
        if (rc == 0 && (rc = time_mktime(A, &tm, &d, &e)) == 0)
            res = pv_float(A, d);
    } else {
        time_t t;
        rc = time_secs(A, args->l.items[0], &t, &e);
        if (rc == 0)
            rc = !strcmp(fn, "gmtime")      ? time_gmtime(A, t, &res, &e)
                 : !strcmp(fn, "localtime") ? time_localtime(A, t, &res, &e)
                                            : time_ctime(A, t, &res, &e);
    }
    const pv *want = pv_dict_getc(c, "r"), *werr = pv_dict_getc(c, "e");
    if (want) {
        if (rc < 0)
            return arena_printf(A, "%s raised %s: %s", to_json(c), e.type, e.msg);
        if (strcmp(to_json(want), to_json(res)) != 0)
            return arena_printf(A, "%s got %s", to_json(c), to_json(res));
        return NULL;
    }
    if (rc == 0)
        return arena_printf(A, "%s returned %s", to_json(c), to_json(res));
    const char *wt = werr->l.items[0]->s.p, *wm = werr->l.items[1]->s.p;
    if (strcmp(wt, e.type) != 0 || strlen(wm) != e.msg_len || memcmp(wm, e.msg, e.msg_len) != 0)
        return arena_printf(A, "%s raised %s: %s", to_json(c), e.type, e.msg);
    return NULL;
}

START_TEST(test_against_cpython)
{
    ck_assert_int_eq(data_json_cases("time.jsonl", run_case, 3000), 0);
}
END_TEST

static pv *S(const char *s)
{
    return pv_cstr(A, s);
}

START_TEST(test_fixed_facts)
{
    pv *r;
    py_err e;
    ck_assert_int_eq(time_strptime(A, S("2024-02-29"), S("%Y-%m-%d"), &r, &e), 0);
    ck_assert_str_eq(to_json(r), "{\"tm_year\":2024,\"tm_mon\":2,\"tm_mday\":29,\"tm_hour\":0,\"tm_min\":0,"
                                 "\"tm_sec\":0,\"tm_wday\":3,\"tm_yday\":60,\"tm_isdst\":-1,"
                                 "\"tm_zone\":null,\"tm_gmtoff\":null}");
    ck_assert_int_eq(time_strptime(A, S("2023-02-29"), S("%Y-%m-%d"), &r, &e), -1);
    ck_assert_str_eq(e.msg, "day is out of range for month");
    ck_assert_int_eq(time_strptime(A, S("x"), S("%Y"), &r, &e), -1);
    ck_assert_str_eq(e.msg, "time data 'x' does not match format '%Y'");
    ck_assert_int_eq(time_strptime(A, S("2020x"), S("%Y"), &r, &e), -1);
    ck_assert_str_eq(e.msg, "unconverted data remains: x");
    ck_assert_int_eq(time_strptime(A, S("2020"), S("%Y%"), &r, &e), -1);
    ck_assert_str_eq(e.msg, "stray % in format '%Y%'");
    ck_assert_int_eq(time_strptime(A, S("1 1"), S("%Y %Y"), &r, &e), -1);
    ck_assert_str_eq(e.type, "re.error");
    ck_assert_str_eq(e.msg, "redefinition of group name 'Y' as group 2; was group 1 at position 22");
    ck_assert_int_eq(time_strptime(A, S("\xd9\xa1\xd9\xa9\xd9\xa7\xd9\xa0"), S("%Y"), &r, &e), 0); /* ١٩٧٠ */
    ck_assert_int_eq(pv_dict_getc(r, "tm_year")->i.v, 1970);
    ck_assert_int_eq(time_strptime(A, S("fR\xc4\xb1"), S("%a"), &r, &e), -1); /* 'frı': dotless i matches i */
    ck_assert_str_eq(e.msg, "'fr\xc4\xb1' is not in list");

    struct tm tm;
    pv *t = pv_list(A, 9);
    int v[9] = {2024, 2, 29, 23, 59, 60, 3, 60, 0};
    for (int i = 0; i < 9; i++)
        pv_list_push(A, t, pv_int(A, v[i]));
    ck_assert_int_eq(time_gettmarg(A, t, "t", "strftime", &tm, &e), 0);
    ck_assert_int_eq(time_checktm(A, &tm, &e), 0);
    ck_assert_int_eq(time_strftime(A, S("%Y-%m-%d %H:%M:%S %a %j %Z|%z"), &tm, 1 << 20, &r, &e), 0);
    ck_assert_str_eq(r->s.p, "2024-02-29 23:59:60 Thu 060 UTC|+0000");
    ck_assert_int_eq(time_strftime(A, S("a\xc3\xa9%"), &tm, 1 << 20, &r, &e), 0);
    ck_assert_str_eq(r->s.p, "a\xc3\xa9%");
    ck_assert_int_eq(time_ctime(A, 0, &r, &e), 0);
    ck_assert_str_eq(r->s.p, "Thu Jan  1 00:00:00 1970");
    time_t tt;
    ck_assert_int_eq(time_secs(A, pv_float(A, 1e20), &tt, &e), -1);
    ck_assert_str_eq(e.msg, "timestamp out of range for platform time_t");
    /* 2**63 as a float is out of range (CPython 3.11: d < -(double)PY_TIME_T_MIN);
     * -2**63 is in range (then gmtime's EOVERFLOW) */
    ck_assert_int_eq(time_secs(A, pv_float(A, 9223372036854775808.0), &tt, &e), -1);
    ck_assert_str_eq(e.type, "OverflowError");
    ck_assert_str_eq(e.msg, "timestamp out of range for platform time_t");
    ck_assert_int_eq(time_secs(A, pv_float(A, -9223372036854775808.0), &tt, &e), 0);
    ck_assert(tt == (time_t)INT64_MIN);
    ck_assert_int_eq(time_gmtime(A, (time_t)1 << 62, &r, &e), -1);
    ck_assert_str_eq(e.type, "OSError");
    ck_assert_str_eq(e.msg, "[Errno 75] Value too large for defined data type");
    double s;
    ck_assert_int_eq(time_sleep_secs(A, pv_int(A, -1), &s, &e), -1);
    ck_assert_str_eq(e.msg, "sleep length must be non-negative");
    ck_assert_int_eq(time_sleep_secs(A, pv_float(A, 0.25), &s, &e), 0);
    ck_assert(s == 0.25);
    ck_assert_int_eq(time_sleep_secs(A, pv_float(A, 9223372036.854776), &s, &e), -1);
    ck_assert_str_eq(e.msg, "timestamp out of range for platform time_t");
}
END_TEST

static int before(void)
{
    setenv("TZ", "UTC", 1);
    time_conv_init();
    time_strptime_init();
    return 0;
}

TESTKIT_MAIN(((testkit_suite){
                 .name = "time", .timeout = 120, .setup = setup, .teardown = teardown, .before = before}),
             test_against_cpython, test_fixed_facts)
