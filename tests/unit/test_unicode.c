/* core/text/unicode.c against CPython itself: every property and mapping of every
 * code point, every name, every alias, and tricky lookups, as
 * tests/unit/unicode_oracle.py prints them from python3. */
#include <check.h>

#include "testkit.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/unicode.h"

static FILE *oracle(const char *mode) { return oracle_open("unicode_oracle.py", mode); }

static void close_oracle(FILE *f) { oracle_close(f, "unicode_oracle.py"); }

static int put_seq(char *out, const uint32_t *cps, int n)
{
    int len = 0;
    for (int i = 0; i < n; i++)
        len += sprintf(out + len, i ? ",%X" : "%X", (unsigned)cps[i]);
    return len;
}

/* The line unicode_oracle.py prints for cp, from core/text/unicode.c. */
static void props_line(uint32_t cp, char *out)
{
    const bool bits[] = {unicode_isprintable(cp),    unicode_isspace(cp),     unicode_isalpha(cp),
                         unicode_isalnum(cp),        unicode_isdecimal(cp),   unicode_isdigit(cp),
                         unicode_isnumeric(cp),      unicode_islower(cp),     unicode_isupper(cp),
                         unicode_istitle(cp),        unicode_istitlecase(cp), unicode_iscased(cp),
                         unicode_iscaseignorable(cp)};
    const char *letters = "PSANdgnlutTci";
    char flags[16];
    for (int i = 0; i < 13; i++)
        flags[i] = bits[i] ? letters[i] : '-';
    flags[13] = '\0';
    int n = sprintf(out, "%X %s %s %d ", (unsigned)cp, unicode_category(cp), flags, unicode_decimal(cp));
    uint32_t m[3];
    int (*maps[4])(uint32_t, uint32_t *) = {unicode_upper, unicode_lower, unicode_title, unicode_casefold};
    for (int k = 0; k < 4; k++) {
        int c = maps[k](cp, m);
        n += c >= 1 && c <= 3 ? put_seq(out + n, m, c) : sprintf(out + n, "count=%d", c);
        out[n++] = ' ';
    }
    sprintf(out + n, "%X %X\n", (unsigned)unicode_simple_upper(cp), (unsigned)unicode_simple_lower(cp));
}

START_TEST(test_props_all_code_points)
{
    FILE *f = oracle("props");
    char want[512], got[512];
    uint32_t cp = 0;
    int bad = 0;
    while (fgets(want, sizeof want, f)) {
        /* (no ck_assert per line: each one costs check a message) */
        if (cp >= 0x110000 || strtoul(want, NULL, 16) != cp)
            break;
        props_line(cp, got);
        if (strcmp(want, got) != 0 && bad++ < 20)
            fprintf(stderr, "U+%04X\n  python: %s  pystd:  %s", (unsigned)cp, want, got);
        cp++;
    }
    close_oracle(f);
    ck_assert_uint_eq(cp, 0x110000);
    ck_assert_int_eq(bad, 0);
}
END_TEST

static long parse_result(const char *s)
{
    return strcmp(s, "-1") == 0 ? -1 : (long)strtoul(s, NULL, 16);
}

static char *lower_ascii(const char *s, char *out)
{
    size_t i = 0;
    for (; s[i]; i++)
        out[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] + 32) : s[i];
    out[i] = '\0';
    return out;
}

START_TEST(test_names_aliases_lookups)
{
    FILE *f = oracle("names");
    char line[4096], buf[UNICODE_NAME_MAX], low[128];
    uint32_t next = 0; /* code points below have been checked */
    int bad = 0, names = 0, aliases = 0, queries = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        char *kind = strtok(line, " ");
        if (strcmp(kind, "N") == 0 || strcmp(kind, "A") == 0) {
            uint32_t cp = (uint32_t)strtoul(strtok(NULL, " "), NULL, 16);
            char *name = strtok(NULL, "");
            char *res = strrchr(name, ' ');
            *res++ = '\0';
            long want_lower = parse_result(res);
            if (kind[0] == 'N') {
                for (; next < cp; next++)
                    if (unicode_name(next, buf) && bad++ < 20)
                        fprintf(stderr, "U+%04X: python has no name, pystd %s\n", (unsigned)next, buf);
                next = cp + 1;
                names++;
                if ((!unicode_name(cp, buf) || strcmp(buf, name) != 0) && bad++ < 20)
                    fprintf(stderr, "U+%04X: python %s, pystd %s\n", (unsigned)cp, name, buf);
            } else {
                aliases++;
            }
            long got = unicode_lookup(name, strlen(name));
            if (got != (long)cp && bad++ < 20)
                fprintf(stderr, "lookup(%s): python %u, pystd %ld\n", name, (unsigned)cp, got);
            got = unicode_lookup(lower_ascii(name, low), strlen(name));
            if (got != want_lower && bad++ < 20)
                fprintf(stderr, "lookup(%s): python %ld, pystd %ld\n", low, want_lower, got);
        } else if (strcmp(kind, "Q") == 0) {
            char *hex = strtok(NULL, " ");
            long want = parse_result(strtok(NULL, " "));
            char q[2048];
            size_t n = 0;
            if (strcmp(hex, "-") != 0)
                for (; hex[2 * n]; n++)
                    sscanf(hex + 2 * n, "%2hhx", (unsigned char *)&q[n]);
            q[n] = '\0';
            queries++;
            long got = unicode_lookup(q, n);
            if (got != want && bad++ < 20)
                fprintf(stderr, "lookup(%.*s) [%s]: python %ld, pystd %ld\n", (int)n, q, hex, want, got);
        } else {
            ck_abort_msg("bad oracle line %s", kind);
        }
    }
    close_oracle(f);
    for (; next < 0x110000; next++)
        if (unicode_name(next, buf) && bad++ < 20)
            fprintf(stderr, "U+%04X: python has no name, pystd %s\n", (unsigned)next, buf);
    ck_assert_int_gt(names, 130000);
    ck_assert_int_gt(aliases, 400);
    ck_assert_int_gt(queries, 4000);
    ck_assert_int_eq(bad, 0);
}
END_TEST

/* Fixed facts, so that the test fails even if the oracle breaks silently. */
START_TEST(test_known_values)
{
    uint32_t m[3];
    char buf[UNICODE_NAME_MAX];
    ck_assert_str_eq(unicode_category('A'), "Lu");
    ck_assert_str_eq(unicode_category(0x378), "Cn");
    ck_assert_str_eq(unicode_category(0xD800), "Cs");
    ck_assert_str_eq(unicode_category(0x110000), "Cn");
    ck_assert(unicode_isprintable(' ') && !unicode_isprintable(0xA0) && !unicode_isprintable(0xAD));
    ck_assert(unicode_isspace(0x85) && unicode_isspace(0x1C) && !unicode_isspace(0x200B));
    ck_assert_int_eq(unicode_decimal(0x661), 1);
    ck_assert_int_eq(unicode_decimal(0xB2), -1);
    ck_assert(unicode_isdigit(0xB2) && !unicode_isdecimal(0xB2) && unicode_isnumeric(0x2155));
    ck_assert(unicode_istitle('A') && unicode_istitle(0x1C5) && !unicode_istitlecase('A') &&
              unicode_istitlecase(0x1C5));
    ck_assert(unicode_iscased(0x2B0) && unicode_iscaseignorable(0x2B0) && unicode_iscaseignorable('\''));
    ck_assert_int_eq(unicode_upper(0xDF, m), 2);
    ck_assert(m[0] == 'S' && m[1] == 'S');
    ck_assert_int_eq(unicode_title(0xDF, m), 2);
    ck_assert(m[0] == 'S' && m[1] == 's');
    ck_assert_int_eq(unicode_lower(0x130, m), 2);
    ck_assert(m[0] == 'i' && m[1] == 0x307);
    ck_assert_int_eq(unicode_casefold(0x1E9E, m), 2);
    ck_assert_int_eq(unicode_upper(0x390, m), 3);
    ck_assert_int_eq(unicode_lower(0x3A3, m), 1);
    ck_assert_uint_eq(m[0], 0x3C3);
    ck_assert_uint_eq(unicode_simple_upper(0xDF), 'S');
    ck_assert_uint_eq(unicode_simple_upper(0x1F80), 0x1F08);
    ck_assert_uint_eq(unicode_simple_lower(0x130), 'i');
    ck_assert_uint_eq(unicode_simple_lower(0x212A), 'k');
    ck_assert_uint_eq(unicode_simple_upper(0x10FFFF), 0x10FFFF);
    ck_assert(unicode_name(0x20AC, buf));
    ck_assert_str_eq(buf, "EURO SIGN");
    ck_assert(unicode_name(0xD7A3, buf));
    ck_assert_str_eq(buf, "HANGUL SYLLABLE HIH");
    ck_assert(unicode_name(0x2A700, buf));
    ck_assert_str_eq(buf, "CJK UNIFIED IDEOGRAPH-2A700");
    ck_assert(!unicode_name(0x17000, buf) && !unicode_name(0xE000, buf) && !unicode_name(0, buf));
    ck_assert_int_eq(unicode_lookup("LATIN SMALL LETTER A", 20), 'a');
    ck_assert_int_eq(unicode_lookup("latin small letter a", 20), 'a');
    ck_assert_int_eq(unicode_lookup("LINE FEED", 9), '\n');
    ck_assert_int_eq(unicode_lookup("zwnj", 4), 0x200C);
    ck_assert_int_eq(unicode_lookup("HANGUL SYLLABLE GGAGG", 21), 0xAE4E);
    ck_assert_int_eq(unicode_lookup("hangul syllable ga", 18), -1);
    ck_assert_int_eq(unicode_lookup("CJK UNIFIED IDEOGRAPH-04E00", 27), 0x4E00);
    ck_assert_int_eq(unicode_lookup("KEYCAP NUMBER SIGN", 18), -1);
    ck_assert_int_eq(unicode_lookup("", 0), -1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("unicode");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_known_values);
    tcase_add_test(tc, test_props_all_code_points);
    tcase_add_test(tc, test_names_aliases_lookups);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
