/* What the check-based unit tests share: their main() (TESTKIT_MAIN) and the
 * reading of the committed expected data, tests/golden/unit/<name> (written by
 * tools/golden/gen_data.py from CPython 3.11.7: no test runs Python). */
#ifndef PYSTD_TESTKIT_H
#define PYSTD_TESTKIT_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

/* How a test executable runs its one suite (see TESTKIT_MAIN). */
typedef struct testkit_suite {
    const char *name;
    double timeout;      /* seconds per test; 0: check's default (or CK_DEFAULT_TIMEOUT) */
    void (*setup)(void); /* checked fixture around every test, or NULL */
    void (*teardown)(void);
    int (*before)(void); /* once before the suite (nonzero: give up), or NULL */
    void (*after)(void); /* once after it, or NULL */
} testkit_suite;

/* Run the tests of one suite; the process's exit status. */
static inline int testkit_run(const testkit_suite *ks, const TTest *const *tests, size_t n)
{
    if (ks->before && ks->before() != 0) {
        fprintf(stderr, "%s: setting up the suite failed\n", ks->name);
        return EXIT_FAILURE;
    }
    Suite *s = suite_create(ks->name);
    TCase *tc = tcase_create(ks->name);
    if (ks->timeout > 0)
        tcase_set_timeout(tc, ks->timeout);
    if (ks->setup || ks->teardown)
        tcase_add_checked_fixture(tc, ks->setup, ks->teardown);
    for (size_t i = 0; i < n; i++)
        tcase_add_test(tc, tests[i]);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    if (ks->after)
        ks->after();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* The main() of a unit test: a testkit_suite (a compound literal in
 * parentheses), then the tests in the order they run:
 *     TESTKIT_MAIN(((testkit_suite){.name = "json", .timeout = 300}), test_loads, test_dumps)
 */
#define TESTKIT_MAIN(SUITE, ...)                                                                             \
    int main(void)                                                                                           \
    {                                                                                                        \
        const TTest *const testkit_tests_[] = {__VA_ARGS__};                                                 \
        return testkit_run(&(SUITE), testkit_tests_, sizeof testkit_tests_ / sizeof testkit_tests_[0]);      \
    }

/* tests/golden/unit/<name>; the test fails when it is missing. */
static inline FILE *data_open(const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/golden/unit/%s", TESTS_DIR, name);
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL,
                  "cannot open %s (the committed expected data; tools/golden/gen_data.py writes it)", path);
    return f;
}

/* The next data line of f without its newline, skipping '#' comment lines;
 * NULL at the end.  *line / *cap: a getline buffer the caller frees. */
static inline char *data_next(FILE *f, char **line, size_t *cap)
{
    ssize_t n;
    while ((n = getline(line, cap, f)) >= 0) {
        if (n > 0 && (*line)[n - 1] == '\n')
            (*line)[--n] = '\0';
        if ((*line)[0] != '#')
            return *line;
    }
    return NULL;
}

/* Each data line of tests/golden/unit/<name> goes to check_line (NULL: pystd
 * agrees, else why not; the first 20 are printed).  The test fails unless at
 * least min_lines lines were read.  Returns the number of disagreements. */
static inline int data_lines(const char *name, char *(*check_line)(const char *line), int min_lines)
{
    FILE *f = data_open(name);
    char *line = NULL;
    size_t cap = 0;
    int n = 0, bad = 0;
    while (data_next(f, &line, &cap)) {
        const char *why = check_line(line);
        if (why && bad++ < 20)
            fprintf(stderr, "%s: %s\n", name, why);
        n++;
    }
    free(line);
    fclose(f);
    ck_assert_msg(n >= min_lines, "%s: %d lines, expected at least %d", name, n, min_lines);
    return bad;
}

/* Hex text ("-" for empty) -> bytes in out; returns the byte count. */
static inline size_t unhex(const char *hex, char *out)
{
    size_t n = 0;
    if (strcmp(hex, "-") == 0)
        return 0;
    for (; hex[2 * n] && hex[2 * n + 1]; n++) {
        unsigned v;
        if (sscanf(hex + 2 * n, "%2x", &v) != 1)
            break;
        out[n] = (char)v;
    }
    return n;
}

#endif
