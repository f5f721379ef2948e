/* time.strptime as CPython 3.11's _strptime computes it: the TimeRE regex
 * built from the format (C locale names, the process's time zone names),
 * matched with sre's semantics (time_strptime_re.h), then _strptime's defaults,
 * %y/%I/%p rules, week (%U %W) and ISO week (%G %V %u) arithmetic, and its
 * exact messages.  Thread-safe after time_strptime_init(). */
#ifndef PYSTD_TIME_STRPTIME_H
#define PYSTD_TIME_STRPTIME_H

#include <stddef.h>

#include "py/py_err.h"
#include "py/py_value.h"

/* Steps the matcher may take for one call before a ResourceLimitError
 * (Python would just keep going; nothing strptime builds comes close). */
#define TIME_STRPTIME_MAX_STEPS ((size_t)20000000)
/* Code points of the regex one format may expand to (%c is ~200). */
#define TIME_STRPTIME_MAX_PATTERN ((size_t)1 << 22)

/* Builds the directive table from the time zone names; after time_conv_init(). */
void time_strptime_init(void);

/* time.strptime(string, format) -> the struct_time object (tm_zone and
 * tm_gmtoff are null unless %Z / %z matched). */
int time_strptime(arena *a, const pv *string, const pv *format, pv **out, py_err *e);

#endif
