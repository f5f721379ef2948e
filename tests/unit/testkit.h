/* What the check-based unit tests share: running a suite, and talking to a
 * python3 oracle script (tests/unit/<name>.py) that prints expected values. */
#ifndef PYSTD_TESTKIT_H
#define PYSTD_TESTKIT_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Run every test of s; the process's exit status. */
static inline int run_suite(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* popen("python3 tests/unit/<script> <args>"); the test fails if it cannot start. */
static inline FILE *oracle_open(const char *script, const char *args)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "python3 '%s/unit/%s' %s", TESTS_DIR, script, args);
    FILE *f = popen(cmd, "r");
    ck_assert_msg(f != NULL, "cannot run %s", cmd);
    return f;
}

/* The oracle must have exited 0 (else its expectations are incomplete). */
static inline void oracle_close(FILE *f, const char *script)
{
    ck_assert_msg(pclose(f) == 0, "%s failed", script);
}

/* Each line the oracle prints goes to check_line (NULL: pystd agrees,
 * else why not; the first 20 are printed).  The oracle must exit 0 after
 * exactly want lines.  Returns the number of disagreements. */
static inline int oracle_lines(const char *script, const char *args, char *(*check_line)(const char *line),
                               int want)
{
    FILE *f = oracle_open(script, args);
    static char line[1 << 16];
    int n = 0, bad = 0;
    while (fgets(line, sizeof line, f)) {
        const char *why = check_line(line);
        if (why && bad++ < 20)
            fprintf(stderr, "%s\n", why);
        n++;
    }
    oracle_close(f, script);
    ck_assert_int_eq(n, want);
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
