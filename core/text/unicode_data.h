/* Internal to core/text/unicode.c: the tables tools/gen_unicode.py generates into
 * core/text/unicode_data.c.  Not for other modules (use unicode.h). */
#ifndef PYSTD_UNICODE_DATA_H
#define PYSTD_UNICODE_DATA_H

#include <stdint.h>

/* Flag bits of uc_rec.flags (same values as in tools/gen_unicode.py). */
enum {
    UCF_PRINTABLE = 1 << 0,
    UCF_SPACE = 1 << 1,
    UCF_ALPHA = 1 << 2,
    UCF_DECIMAL = 1 << 3,
    UCF_DIGIT = 1 << 4,
    UCF_NUMERIC = 1 << 5,
    UCF_LOWER = 1 << 6,
    UCF_UPPER = 1 << 7,
    UCF_TITLE = 1 << 8, /* titlecase letter (Lt): CPython's Py_UNICODE_ISTITLE */
    UCF_CASED = 1 << 9,
    UCF_CASEIGN = 1 << 10,
    UCF_XUPPER = 1 << 11, /* map[k] is an uc_ext reference (len << 24 | index), */
    UCF_XLOWER = 1 << 12, /* not a delta from the code point */
    UCF_XTITLE = 1 << 13,
    UCF_XFOLD = 1 << 14,
};

enum { UC_MAP_UPPER, UC_MAP_LOWER, UC_MAP_TITLE, UC_MAP_FOLD };

typedef struct uc_rec {
    int32_t map[4]; /* upper, lower, title, casefold */
    uint16_t flags;
    uint8_t cat; /* index into the category names of unicode.c */
    int8_t dec;  /* decimal value or -1 */
} uc_rec;

/* cp -> record: uc_recs[uc_idx2[(uc_idx1[cp >> uc_shift] << uc_shift) + (cp & mask)]]. */
extern const uc_rec uc_recs[];
extern const unsigned uc_shift;
extern const uint16_t uc_idx1[];
extern const uint16_t uc_idx2[];
extern const uint32_t uc_ext[];

/* Names PREFIX%04X for start..end (CJK UNIFIED IDEOGRAPH- has CPython's own lookup). */
typedef struct uc_name_range {
    uint32_t start, end;
    const char *prefix;
} uc_name_range;
/* count consecutive explicitly named code points from start have ids first.. */
typedef struct uc_name_run {
    uint32_t start;
    uint32_t count;
    uint32_t first;
} uc_name_run;

extern const uc_name_range uc_name_ranges[];
extern const uc_name_run uc_name_runs[];
extern const uint32_t uc_alias_cp[]; /* name id uc_nexplicit + i is an alias of uc_alias_cp[i] */
/* Words, NUL-terminated, word id w (1-based) at uc_lex + uc_lex_off[w - 1]. */
extern const uint32_t uc_lex_off[];
extern const char uc_lex[];
/* Name i: word ids (1 byte < 0x80, else 2 bytes big-endian with the top bit
 * set) ended by 0; name i starts at uc_name_ckpt[i / UC_NAME_STEP], after
 * i % UC_NAME_STEP earlier names. */
#define UC_NAME_STEP 16
extern const uint32_t uc_name_ckpt[];
extern const char uc_name_toks[];
extern const uint16_t uc_name_sorted[]; /* name ids in strcmp order of the names */

extern const unsigned uc_nrecs, uc_nidx1, uc_nidx2, uc_next, uc_nname_ranges, uc_nname_runs, uc_nexplicit,
    uc_naliases, uc_nwords, uc_name_longest;

#endif
