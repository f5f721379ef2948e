/* Internal to core/text/unicode.c: the tables tools/gen_unicode.py generates into
 * core/text/unicode_data.c.  Not for other modules (use unicode.h). */
#ifndef PYSTD_UNICODE_DATA_H
#define PYSTD_UNICODE_DATA_H

#include <stdint.h>

/* Flag bits of unicode_rec.flags (same values as in tools/gen_unicode.py). */
enum {
    UNICODE_F_PRINTABLE = 1 << 0,
    UNICODE_F_SPACE = 1 << 1,
    UNICODE_F_ALPHA = 1 << 2,
    UNICODE_F_DECIMAL = 1 << 3,
    UNICODE_F_DIGIT = 1 << 4,
    UNICODE_F_NUMERIC = 1 << 5,
    UNICODE_F_LOWER = 1 << 6,
    UNICODE_F_UPPER = 1 << 7,
    UNICODE_F_TITLE = 1 << 8, /* titlecase letter (Lt): CPython's Py_UNICODE_ISTITLE */
    UNICODE_F_CASED = 1 << 9,
    UNICODE_F_CASEIGN = 1 << 10,
    UNICODE_F_XUPPER = 1 << 11, /* map[k] is an unicode_ext reference (len << 24 | index), */
    UNICODE_F_XLOWER = 1 << 12, /* not a delta from the code point */
    UNICODE_F_XTITLE = 1 << 13,
    UNICODE_F_XFOLD = 1 << 14,
};

enum { UNICODE_MAP_UPPER, UNICODE_MAP_LOWER, UNICODE_MAP_TITLE, UNICODE_MAP_FOLD };

typedef struct unicode_rec {
    int32_t map[4]; /* upper, lower, title, casefold */
    uint16_t flags;
    uint8_t cat; /* index into the category names of unicode.c */
    int8_t dec;  /* decimal value or -1 */
} unicode_rec;

/* cp -> record:
 *   unicode_recs[unicode_idx2[(unicode_idx1[cp >> unicode_shift] << unicode_shift) + (cp & mask)]]. */
extern const unicode_rec unicode_recs[];
extern const unsigned unicode_shift;
extern const uint16_t unicode_idx1[];
extern const uint16_t unicode_idx2[];
extern const uint32_t unicode_ext[];

/* Names PREFIX%04X for start..end (CJK UNIFIED IDEOGRAPH- has CPython's own lookup). */
typedef struct unicode_name_range {
    uint32_t start, end;
    const char *prefix;
} unicode_name_range;
/* count consecutive explicitly named code points from start have ids first.. */
typedef struct unicode_name_run {
    uint32_t start;
    uint32_t count;
    uint32_t first;
} unicode_name_run;

extern const unicode_name_range unicode_name_ranges[];
extern const unicode_name_run unicode_name_runs[];
/* name id unicode_nexplicit + i is an alias of unicode_alias_cp[i] */
extern const uint32_t unicode_alias_cp[];
/* Words, NUL-terminated, word id w (1-based) at unicode_lex + unicode_lex_off[w - 1]. */
extern const uint32_t unicode_lex_off[];
extern const char unicode_lex[];
/* Name i: word ids (1 byte < 0x80, else 2 bytes big-endian with the top bit
 * set) ended by 0; name i starts at unicode_name_ckpt[i / UNICODE_NAME_STEP], after
 * i % UNICODE_NAME_STEP earlier names. */
#define UNICODE_NAME_STEP 16
extern const uint32_t unicode_name_ckpt[];
extern const char unicode_name_toks[];
extern const uint16_t unicode_name_sorted[]; /* name ids in strcmp order of the names */

extern const unsigned unicode_nrecs, unicode_nidx1, unicode_nidx2, unicode_next, unicode_nname_ranges,
    unicode_nname_runs, unicode_nexplicit, unicode_naliases, unicode_nwords, unicode_name_longest;

#endif
