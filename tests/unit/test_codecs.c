/* core/codecs/codecs.c: encode, decode and lookup against CPython 3.11.7's
 * answers (tests/golden/unit/codecs.txt: every codec family, handler and error
 * path; the wide run is the conformance corpus, ctest conformance.codecs). */
#include <check.h>

#include "testkit.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codecs/codecs.h"

START_TEST(test_vs_python)
{
    FILE *f = data_open("codecs.txt");
    char *line = NULL;
    size_t cap = 0;
    int n = 0;
    while (data_next(f, &line, &cap)) {
        char op[4], hin[2048], henc[256], errors[64], kind[8], a1[64], a2[2048] = "";
        int k = sscanf(line, "%3s %2047s %255s %63s %7s %63s %2047s", op, hin, henc, errors, kind, a1, a2);
        ck_assert_int_ge(k, 6);
        char in[1024], enc[128], want[1024];
        size_t inn = unhex(hin, in), encn = unhex(henc, enc);
        size_t wn = unhex(!strcmp(kind, "OK") ? a1 : a2, want);
        if (!strcmp(kind, "OK") && strlen(a1) == 63) { /* long results: re-read the line's last field */
            const char *last = strrchr(line, ' ') + 1;
            char tmp[2048];
            sscanf(last, "%2047s", tmp);
            wn = unhex(tmp, want);
        }
        arena *a = arena_new();
        py_err e;
        pv *out;
        pv *pin = op[0] == 'e' ? pv_str(a, in, inn) : pv_bytes(a, in, inn);
        int rc = op[0] == 'e' ? codecs_encode(a, pin, pv_str(a, enc, encn), pv_cstr(a, errors), 0, &out, &e)
                              : codecs_decode(a, pin, pv_str(a, enc, encn), pv_cstr(a, errors), 0, &out, &e);
        if (!strcmp(kind, "OK"))
            ck_assert_msg(rc == 0 && out->s.len == wn && !memcmp(out->s.p, want, wn), "%s %s %s %s: %s", op,
                          hin, enc, errors, rc ? e.msg : "wrong bytes");
        else
            ck_assert_msg(rc < 0 && !strcmp(e.type, a1) && e.msg_len == wn && !memcmp(e.msg, want, wn),
                          "%s %s %s %s: want %s %.*s, got %s %s", op, hin, enc, errors, a1, (int)wn, want,
                          rc ? e.type : "OK", rc ? e.msg : "");
        arena_free(a);
        n++;
    }
    free(line);
    fclose(f);
    ck_assert_int_gt(n, 30);
}
END_TEST

START_TEST(test_lookup)
{
    static const char *cases[][2] = {{"UTF8", "utf-8"},
                                     {"utf_8", "utf-8"},
                                     {"U8", "utf-8"},
                                     {" utf-8 ", "utf-8"},
                                     {"latin1", "iso8859-1"},
                                     {"L1", "iso8859-1"},
                                     {"cp936", "gbk"},
                                     {"936", "gbk"},
                                     {"EUCCN", "gb2312"},
                                     {"sjis", "shift_jis"},
                                     {"ujis", "euc_jp"},
                                     {"ksc5601", "euc_kr"},
                                     {"windows-1252", "cp1252"},
                                     {"KOI8-R", "koi8-r"},
                                     {"utf8-sig", NULL},
                                     {"utf.8", NULL},
                                     {"rot13", "rot-13"},
                                     {"hex", "hex"},
                                     {"", NULL},
                                     {"aliases", NULL},
                                     {"latin.1", NULL},
                                     {"iso8859.1", "iso8859-1"},
                                     {"utf-7", "utf-7"},
                                     {"mbcs", NULL}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        arena *a = arena_new();
        py_err e;
        const char *name;
        int rc = codecs_lookup(a, pv_cstr(a, cases[i][0]), &name, &e);
        if (cases[i][1])
            ck_assert_msg(rc == 0 && !strcmp(name, cases[i][1]), "lookup(%s)", cases[i][0]);
        else
            ck_assert_msg(rc < 0 && !strcmp(e.type, "LookupError"), "lookup(%s) should fail", cases[i][0]);
        arena_free(a);
    }
}
END_TEST

START_TEST(test_cap)
{
    arena *a = arena_new();
    py_err e;
    pv *out;
    ck_assert_int_eq(
        codecs_encode(a, pv_cstr(a, "abcdef"), pv_cstr(a, "utf-32"), pv_cstr(a, "strict"), 16, &out, &e), -1);
    ck_assert_str_eq(e.type, "ResourceLimitError");
    arena_free(a);
}
END_TEST

/* A lone surrogate in the encoding name fails UTF-8 conversion before the
   NUL check: codecs.lookup('a\x00\udfff') is UnicodeEncodeError, not ValueError. */
START_TEST(test_arg_surrogate_before_nul)
{
    arena *a = arena_new();
    py_err e;
    const char *name;
    pv *out;
    ck_assert_int_eq(codecs_lookup(a, pv_str(a, "a\x00\xed\xbf\xbf", 5), &name, &e), -1);
    ck_assert_str_eq(e.type, "UnicodeEncodeError");
    ck_assert_str_eq(e.msg,
                     "'utf-8' codec can't encode character '\\udfff' in position 2: surrogates not allowed");
    ck_assert_int_eq(
        codecs_encode(a, pv_cstr(a, "x"), pv_cstr(a, "utf-8"), pv_str(a, "\xed\xbf\xbf\x00", 4), 0, &out, &e),
        -1);
    ck_assert_str_eq(e.type, "UnicodeEncodeError");
    ck_assert_int_eq(codecs_lookup(a, pv_str(a, "utf-8\x00", 6), &name, &e), -1);
    ck_assert_str_eq(e.type, "ValueError");
    arena_free(a);
}
END_TEST

TESTKIT_MAIN(((testkit_suite){.name = "codecs", .timeout = 120}), test_vs_python, test_lookup, test_cap,
             test_arg_surrogate_before_nul)
