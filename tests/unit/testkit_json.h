/* For unit tests whose expected data is one JSON case a line (test_time,
 * test_posixpath): the per-test arena A, JSON text of a value, and the
 * loop that parses each case and hands it to the test's run_case. */
#ifndef PYSTD_TESTKIT_JSON_H
#define PYSTD_TESTKIT_JSON_H

#include "json/json.h"
#include "testkit.h"

static arena *A; /* one per test: the checked fixture below */

static void setup(void)
{
    A = arena_new();
}

static void teardown(void)
{
    arena_free(A);
}

static char *to_json(const pv *v)
{
    strbuf sb = STRBUF_INIT;
    py_err e;
    json_write_opts o = JSON_ENVELOPE;
    ck_assert_int_eq(json_write(&sb, v, &o, A, &e), 0);
    char *s = arena_strndup(A, sb.data, sb.len);
    strbuf_free(&sb);
    return s;
}

static char *(*json_case_fn)(const pv *c);

static char *json_case_line(const char *line)
{
    pv *c;
    py_err e;
    json_read_opts o = {.errmode = JSON_ERR_PY, .max_depth = 64};
    ck_assert_int_eq(json_parse(A, line, strlen(line), &o, &c, &e), 0);
    return json_case_fn(c);
}

/* data_lines over JSON cases: run_case(case) is NULL when pystd agrees. */
static int data_json_cases(const char *name, char *(*run_case)(const pv *), int min_cases)
{
    json_case_fn = run_case;
    return data_lines(name, json_case_line, min_cases);
}

#endif
