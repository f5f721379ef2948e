/* Running a table of tests as one suite (test_budget, test_caps): the
 * suite's name, its tests, and an optional checked fixture. */
#ifndef PYSTD_TESTKIT_TABLE_H
#define PYSTD_TESTKIT_TABLE_H

#include "testkit.h"

/* The process's exit status. */
static inline int run_table(const char *name, const TTest *const *tests, size_t n, void (*setup)(void),
                            void (*teardown)(void))
{
    Suite *s = suite_create(name);
    TCase *tc = tcase_create(name);
    if (setup || teardown)
        tcase_add_checked_fixture(tc, setup, teardown);
    for (size_t i = 0; i < n; i++)
        tcase_add_test(tc, tests[i]);
    suite_add_tcase(s, tc);
    return run_suite(s);
}

#endif
