/* core/text/unicode.c against CPython 3.11.7: every property and mapping of
 * every code point (tests/golden/unit/unicode_props.txt, runs expanded here),
 * every name (per-block SHA-512 digests of the full listing, and a sample),
 * every alias, and tricky lookups (unicode_names.txt). */
#include <check.h>

#include "testkit.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/sha512.h"
#include "text/unicode.h"

static int put_seq(char *out, const uint32_t *cps, int n)
{
    int len = 0;
    for (int i = 0; i < n; i++)
        len += sprintf(out + len, i ? ",%X" : "%X", (unsigned)cps[i]);
    return len;
}

/* The props line of cp from core/text/unicode.c (what a run of unicode_props.txt expands to). */
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

/* One mapping field of a props run for cp: '=' cp itself, '+N'/'-N' cp+N, or a literal sequence. */
static int expand_map(uint32_t cp, const char *field, char *out)
{
    if (strcmp(field, "=") == 0)
        return sprintf(out, "%X", (unsigned)cp);
    if (field[0] == '+' || field[0] == '-')
        return sprintf(out, "%X", (unsigned)((long)cp + strtol(field, NULL, 10)));
    return sprintf(out, "%s", field);
}

/* The props line of cp from its run (the line props_line writes). */
static void expand_props(uint32_t cp, char f[][64], char *out)
{
    int dec = strcmp(f[4], "-") == 0 ? -1 : (int)(cp - strtoul(f[4] + 1, NULL, 16));
    int n = sprintf(out, "%X %s %s %d", (unsigned)cp, f[2], f[3], dec);
    for (int k = 5; k < 11; k++) {
        out[n++] = ' ';
        n += expand_map(cp, f[k], out + n);
    }
    out[n++] = '\n';
    out[n] = '\0';
}

START_TEST(test_props_all_code_points)
{
    FILE *f = data_open("unicode_props.txt");
    char *line = NULL, want[512], got[512], fld[11][64];
    size_t cap = 0;
    uint32_t next = 0; /* the runs cover 0..10FFFF in order */
    int bad = 0, runs = 0;
    while (data_next(f, &line, &cap)) {
        int k = sscanf(line, "%63s %63s %63s %63s %63s %63s %63s %63s %63s %63s %63s", fld[0], fld[1], fld[2],
                       fld[3], fld[4], fld[5], fld[6], fld[7], fld[8], fld[9], fld[10]);
        uint32_t start = (uint32_t)strtoul(fld[0], NULL, 16), end = (uint32_t)strtoul(fld[1], NULL, 16);
        ck_assert_msg(k == 11 && start == next && end >= start, "bad line %s", line);
        /* (no ck_assert per code point: each one costs check a message) */
        for (uint32_t cp = start; cp <= end; cp++) {
            expand_props(cp, fld, want);
            props_line(cp, got);
            if (strcmp(want, got) != 0 && bad++ < 20)
                fprintf(stderr, "U+%04X\n  python: %s  pystd:  %s", (unsigned)cp, want, got);
        }
        next = end + 1;
        runs++;
    }
    free(line);
    fclose(f);
    ck_assert_uint_eq(next, 0x110000);
    ck_assert_int_gt(runs, 4000);
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

/* The names listing line of cp ("N CP NAME LOOKUP\n", as unicode_names.txt's
 * generator hashes it), or 0 when cp has no name.  Also checks that the name
 * looks itself up (a round trip: no data needed). */
static int name_line(uint32_t cp, char *out, int *bad)
{
    char name[UNICODE_NAME_MAX], low[UNICODE_NAME_MAX];
    if (!unicode_name(cp, name))
        return 0;
    if (unicode_lookup(name, strlen(name)) != (long)cp && (*bad)++ < 20)
        fprintf(stderr, "lookup(%s) is not U+%04X\n", name, (unsigned)cp);
    long r = unicode_lookup(lower_ascii(name, low), strlen(name));
    return r < 0 ? sprintf(out, "N %X %s -1\n", (unsigned)cp, name)
                 : sprintf(out, "N %X %s %lX\n", (unsigned)cp, name, (unsigned long)r);
}

/* A "D START END COUNT DIGEST" line: the named code points of the block hash as CPython's did. */
static void check_block(const char *line, uint32_t *next, int *bad)
{
    unsigned start, end;
    int count;
    char digest[17], buf[UNICODE_NAME_MAX + 32];
    ck_assert_msg(sscanf(line, "D %x %x %d %16s", &start, &end, &count, digest) == 4 && start >= *next,
                  "bad line %s", line);
    for (; *next < start; (*next)++)
        if (name_line(*next, buf, bad) && (*bad)++ < 20)
            fprintf(stderr, "U+%04X: python has no name, pystd %s", (unsigned)*next, buf);
    sha512_ctx c;
    sha512_init(&c);
    int n = 0;
    for (uint32_t cp = start; cp <= end; cp++) {
        int len = name_line(cp, buf, bad);
        if (len > 0) {
            sha512_update(&c, buf, (size_t)len);
            n++;
        }
    }
    uint8_t d[SHA512_DIGEST_SIZE];
    sha512_final(&c, d);
    char hex[17];
    for (int i = 0; i < 8; i++)
        sprintf(hex + 2 * i, "%02x", d[i]);
    if ((n != count || strcmp(hex, digest) != 0) && (*bad)++ < 20)
        fprintf(stderr,
                "names U+%04X..U+%04X: %d names hashing to %s, python %d names hashing to %s (the whole "
                "listing: tools/golden/data/unicode_tables.py name_lines)\n",
                start, end, n, hex, count, digest);
    *next = end + 1;
}

START_TEST(test_names_aliases_lookups)
{
    FILE *f = data_open("unicode_names.txt");
    char *line = NULL, buf[UNICODE_NAME_MAX], low[128];
    size_t cap = 0;
    uint32_t next = 0; /* code points below have been checked */
    int bad = 0, blocks = 0, names = 0, aliases = 0, queries = 0;
    while (data_next(f, &line, &cap)) {
        if (line[0] == 'D') {
            check_block(line, &next, &bad);
            blocks++;
            continue;
        }
        char *kind = strtok(line, " ");
        if (strcmp(kind, "N") == 0 || strcmp(kind, "A") == 0) {
            uint32_t cp = (uint32_t)strtoul(strtok(NULL, " "), NULL, 16);
            char *name = strtok(NULL, "");
            char *res = strrchr(name, ' ');
            *res++ = '\0';
            long want_lower = parse_result(res);
            if (kind[0] == 'N') {
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
            ck_abort_msg("bad line %s", kind);
        }
    }
    free(line);
    fclose(f);
    for (; next < 0x110000; next++)
        if (name_line(next, buf, &bad) && bad++ < 20)
            fprintf(stderr, "U+%04X: python has no name, pystd %s", (unsigned)next, buf);
    ck_assert_int_gt(blocks, 40);
    ck_assert_int_gt(names, 2000);
    ck_assert_int_gt(aliases, 400);
    ck_assert_int_gt(queries, 2000);
    ck_assert_int_eq(bad, 0);
}
END_TEST

/* Fixed facts, independent of the data files. */
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

TESTKIT_MAIN(((testkit_suite){.name = "unicode", .timeout = 300}), test_known_values,
             test_props_all_code_points, test_names_aliases_lookups)
