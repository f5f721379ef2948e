/* Growable byte buffer on malloc: the owner calls strbuf_free(), or takes the
 * bytes with strbuf_detach() (e.g. to hand them to the HTTP layer).
 *
 * A buffer may have a ceiling (curl's dynbuf model): growth past `max`
 * sets a sticky overflow, trips the current budget (budget.h) naming the
 * cap, and makes further appends no-ops; builders check strbuf_overflow()
 * (or budget_expired()) in their loops and stop.  strbuf_reserve() still
 * gives the room it was asked for (its callers write into it directly),
 * so a direct writer checks too.  While a budget is current, growth is
 * charged to the process memory account; freeing the buffer within the same
 * budget gives the bytes back.  A growth that crosses --max-memory sets the
 * overflow too (the budget is tripped BUDGET_MEMORY): nothing grows further. */
#ifndef PYSTD_STRBUF_H
#define PYSTD_STRBUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

typedef struct strbuf {
    char *data; /* always NUL-terminated once anything was added */
    size_t len, cap;
    size_t max;          /* ceiling of len; 0 = none (process-internal buffers) */
    const char *max_name; /* the cap's flag, for the error ("--max-result-bytes") */
    bool overflow;       /* sticky: something was refused for crossing max */
    size_t charged;      /* bytes charged to the budget numbered `serial` */
    unsigned long serial;
} strbuf;

#define STRBUF_INIT {NULL, 0, 0, 0, NULL, false, 0, 0}

void strbuf_init(strbuf *sb);
/* An empty buffer whose len may not pass `max` (0 = none), capped by the
 * flag `name` (a string literal, e.g. "--max-result-bytes"). */
void strbuf_init_max(strbuf *sb, size_t max, const char *name);
static inline bool strbuf_overflow(const strbuf *sb) { return sb->overflow; }
/* Room for `extra` more bytes without crossing max: false (overflow set,
 * nothing grown) when it would cross it. */
bool strbuf_grow(strbuf *sb, size_t extra);
void strbuf_free(strbuf *sb);
void strbuf_reserve(strbuf *sb, size_t extra); /* room for `extra` more bytes */
void strbuf_append(strbuf *sb, const void *p, size_t n);
void strbuf_printf(strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vprintf(strbuf *sb, const char *fmt, va_list ap);
char *strbuf_detach(strbuf *sb, size_t *len); /* caller frees; sb is empty after */
/* Empty again (keeping the allocation); an overflow is forgotten. */
static inline void strbuf_clear(strbuf *sb)
{
    sb->len = 0;
    sb->overflow = false;
    if (sb->data)
        sb->data[0] = '\0';
}

static inline void strbuf_putc(strbuf *sb, char c)
{
    if (sb->len + 2 > sb->cap && !strbuf_grow(sb, 1))
        return;
    sb->data[sb->len++] = c;
    sb->data[sb->len] = '\0';
}

static inline void strbuf_puts(strbuf *sb, const char *s) { strbuf_append(sb, s, strlen(s)); }

#endif
