/* Internals of time.strptime shared by time_strptime.c (the call: match,
 * fields, date) and time_strptime_pattern.c (LocaleTime and TimeRE: the
 * names and the regex a format expands to). */
#ifndef PYSTD_TIME_STRPTIME_INT_H
#define PYSTD_TIME_STRPTIME_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---------------------------------------------------------------- code-point buffers */

/* A growable code-point array (malloc; the owner frees p).  Patterns are
 * capped by TIME_STRPTIME_MAX_PATTERN, subjects by the request size. */
typedef struct time_u32 {
    uint32_t *p;
    size_t n, cap;
} time_u32;

/* Append; aborts when memory runs out. */
void time_u32_put(time_u32 *b, uint32_t c);
void time_u32_puts(time_u32 *b, const char *ascii);
/* Append the code points of UTF-8 text; p is never NULL afterwards. */
void time_u32_from_utf8(time_u32 *b, const char *s, size_t n);

/* ---------------------------------------------------------------- LocaleTime (C locale) */

/* Lower-case names; the months are 1-based ([0] is ""). */
extern const char *const time_lc_a_weekday[7];
extern const char *const time_lc_f_weekday[7];
extern const char *const time_lc_a_month[13];
extern const char *const time_lc_f_month[13];
extern const char *const time_lc_am_pm[2];

/* The lower-case time zone name is in LocaleTime.timezone[set]: set 0 the
 * names without daylight saving (utc, gmt, tzname[0]), 1 tzname[1]. */
bool time_lc_tz_in(int set, const char *low);

/* ---------------------------------------------------------------- TimeRE */

typedef enum time_pattern_rc {
    TIME_PATTERN_OK,
    TIME_PATTERN_BAD_DIRECTIVE, /* *bad is the directive's character */
    TIME_PATTERN_STRAY,         /* a % ends the format */
} time_pattern_rc;

/* TimeRE.pattern(format): regex characters escaped, whitespace runs ->
 * \s+, then each %X -> its regex, appended to out.  Stops once out passes
 * TIME_STRPTIME_MAX_PATTERN (the caller reports the limit). */
time_pattern_rc time_strptime_pattern(const uint32_t *f, size_t n, time_u32 *out, uint32_t *bad);

#endif
