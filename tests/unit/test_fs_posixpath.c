/* core/fs/fs_posixpath.c against CPython's posixpath: random paths
 * (tests/golden/unit/posixpath.jsonl), every answer must match exactly. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fs/fs_posixpath.h"
#include "testkit_json.h"

static char *run_case(const pv *c)
{
    const char *fn = pv_dict_getc(c, "f")->s.p;
    pv *const *a = pv_dict_getc(c, "a")->l.items;
    pv *res = NULL;
    py_err e = {0};
    int rc = 0;
    if (!strcmp(fn, "split"))
        res = fs_path_split(A, a[0]);
    else if (!strcmp(fn, "splitext"))
        res = fs_path_splitext(A, a[0]);
    else if (!strcmp(fn, "basename"))
        res = fs_path_basename(A, a[0]);
    else if (!strcmp(fn, "dirname"))
        res = fs_path_dirname(A, a[0]);
    else if (!strcmp(fn, "normpath"))
        res = fs_path_normpath(A, a[0]);
    else if (!strcmp(fn, "isabs"))
        res = pv_bool(fs_path_isabs(a[0]));
    else if (!strcmp(fn, "abspath"))
        res = fs_path_abspath(A, a[0], a[1]);
    else if (!strcmp(fn, "relpath"))
        rc = fs_path_relpath(A, a[0], a[1]->kind == PV_NONE ? NULL : a[1], a[2], &res, &e);
    else if (!strcmp(fn, "join"))
        res = fs_path_join(A, a[0], a[1]->l.items, a[1]->l.len);
    else if (!strcmp(fn, "commonpath"))
        rc = fs_path_commonpath(A, a[0]->l.items, a[0]->l.len, &res, &e);
    else if (!strcmp(fn, "commonprefix"))
        res = fs_path_commonprefix(A, a[0]->l.items, a[0]->l.len);
    else
        return arena_printf(A, "unknown function %s", fn);
    const pv *want = pv_dict_getc(c, "r"), *werr = pv_dict_getc(c, "e");
    if (want) {
        if (rc < 0)
            return arena_printf(A, "%s raised %s: %s", to_json(c), e.type, e.msg);
        return strcmp(to_json(want), to_json(res)) ? arena_printf(A, "%s got %s", to_json(c), to_json(res))
                                                   : NULL;
    }
    if (rc == 0)
        return arena_printf(A, "%s returned %s", to_json(c), to_json(res));
    if (strcmp(werr->l.items[0]->s.p, e.type) != 0 || strcmp(werr->l.items[1]->s.p, e.msg) != 0)
        return arena_printf(A, "%s raised %s: %s", to_json(c), e.type, e.msg);
    return NULL;
}

START_TEST(test_against_cpython)
{
    ck_assert_int_eq(data_json_cases("posixpath.jsonl", run_case, 5000), 0);
}
END_TEST

START_TEST(test_fixed_facts)
{
    pv *r;
    py_err e;
    ck_assert_str_eq(fs_path_normpath(A, pv_cstr(A, "//a/./b/../c/"))->s.p, "//a/c");
    ck_assert_str_eq(fs_path_normpath(A, pv_cstr(A, "///a/.."))->s.p, "/");
    ck_assert_str_eq(fs_path_normpath(A, pv_cstr(A, ""))->s.p, ".");
    ck_assert_str_eq(fs_path_abspath(A, pv_cstr(A, "../x"), pv_cstr(A, "/home/u"))->s.p, "/home/x");
    pv *mix[2] = {pv_cstr(A, "/a"), pv_cstr(A, "a")};
    ck_assert_int_eq(fs_path_commonpath(A, mix, 2, &r, &e), -1);
    ck_assert_str_eq(e.msg, "Can't mix absolute and relative paths");
    ck_assert_int_eq(fs_path_commonpath(A, mix, 0, &r, &e), -1);
    ck_assert_str_eq(e.msg, "commonpath() arg is an empty sequence");
    ck_assert_int_eq(fs_path_relpath(A, pv_cstr(A, ""), NULL, pv_cstr(A, "/"), &r, &e), -1);
    ck_assert_str_eq(e.msg, "no path specified");
    pv *pre[2] = {pv_cstr(A, "\xc3\xa9"
                             "1"),
                  pv_cstr(A, "\xc3\xa8"
                             "2")}; /* é1 è2: no common code point */
    ck_assert_str_eq(fs_path_commonprefix(A, pre, 2)->s.p, "");
    pv *sp = fs_path_splitext(A, pv_cstr(A, "/a/..b.tar.gz"));
    ck_assert_str_eq(sp->l.items[0]->s.p, "/a/..b.tar");
    ck_assert_str_eq(sp->l.items[1]->s.p, ".gz");
}
END_TEST

TESTKIT_MAIN(((testkit_suite){.name = "posixpath", .timeout = 120, .setup = setup, .teardown = teardown}),
             test_against_cpython, test_fixed_facts)
