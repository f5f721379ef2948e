/* Unicode 14.0.0 character data exactly as CPython 3.11 uses it (its
 * unicodedata module and str methods).  The tables are generated from
 * python3's own unicodedata by tools/gen_unicode.py into core/text/unicode_data.c. */
#ifndef PYSTD_UNICODE_H
#define PYSTD_UNICODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* unicodedata.category(chr(cp)): "Lu", "Ll", ..., "Cn". */
const char *unicode_category(uint32_t cp);

/* str methods on one character, as CPython defines them. */
bool unicode_isprintable(uint32_t cp); /* repr() escapes what is not printable */
bool unicode_isspace(uint32_t cp);     /* str.isspace, str.split(), strip() */
bool unicode_isalpha(uint32_t cp);
bool unicode_isalnum(uint32_t cp);
bool unicode_isdecimal(uint32_t cp);
bool unicode_isdigit(uint32_t cp);
bool unicode_isnumeric(uint32_t cp);
bool unicode_islower(uint32_t cp);
bool unicode_isupper(uint32_t cp);
bool unicode_istitle(uint32_t cp);     /* chr(cp).istitle(): titlecase (Lt) or uppercase */
bool unicode_istitlecase(uint32_t cp); /* Py_UNICODE_ISTITLE: titlecase letters (Lt) only */
bool unicode_iscased(uint32_t cp);     /* for str.title / capitalize / final sigma */
bool unicode_iscaseignorable(uint32_t cp);
int unicode_decimal(uint32_t cp); /* unicodedata.decimal: 0..9, or -1 (int() accepts these) */

/* Full case mappings (SpecialCasing), as str.upper() etc. map one
 * character: fills out[] with 1..3 code points, returns the count. */
int unicode_upper(uint32_t cp, uint32_t out[3]);
int unicode_lower(uint32_t cp, uint32_t out[3]);
int unicode_title(uint32_t cp, uint32_t out[3]);
int unicode_casefold(uint32_t cp, uint32_t out[3]);
/* Simple (1:1) mappings, as the re module's IGNORECASE uses them: CPython's
 * Py_UNICODE_TOLOWER/TOUPPER, i.e. the UnicodeData simple mapping, except that
 * for a character with a SpecialCasing entry it is the first code point of
 * the full mapping (unicode_simple_upper(U+00DF) == 'S', U+1F80 -> U+1F08). */
uint32_t unicode_simple_lower(uint32_t cp);
uint32_t unicode_simple_upper(uint32_t cp);

/* unicodedata.name(chr(cp)) into buf (NUL-terminated); false when the
 * character has no name.  Algorithmic names included (CJK UNIFIED
 * IDEOGRAPH-4E00, HANGUL SYLLABLE GA, ...). */
#define UNICODE_NAME_MAX 96
bool unicode_name(uint32_t cp, char buf[UNICODE_NAME_MAX]);
/* unicodedata.lookup(name) as the \N{...} escape uses it (case-insensitive,
 * name aliases included, named sequences excluded): the code point, or -1. */
long unicode_lookup(const char *name, size_t len);

#endif
