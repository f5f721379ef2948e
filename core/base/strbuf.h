/* Growable byte buffer on malloc: the owner calls strbuf_free(), or takes the
 * bytes with strbuf_detach() (e.g. to hand them to the HTTP layer). */
#ifndef PYSTD_STRBUF_H
#define PYSTD_STRBUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

typedef struct strbuf {
    char *data; /* always NUL-terminated once anything was added */
    size_t len, cap;
} strbuf;

#define STRBUF_INIT {NULL, 0, 0}

void strbuf_init(strbuf *sb);
void strbuf_free(strbuf *sb);
void strbuf_reserve(strbuf *sb, size_t extra); /* room for `extra` more bytes */
void strbuf_append(strbuf *sb, const void *p, size_t n);
void strbuf_printf(strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vprintf(strbuf *sb, const char *fmt, va_list ap);
char *strbuf_detach(strbuf *sb, size_t *len); /* caller frees; sb is empty after */
static inline void strbuf_clear(strbuf *sb) { sb->len = 0; if (sb->data) sb->data[0] = '\0'; }

static inline void strbuf_putc(strbuf *sb, char c)
{
    if (sb->len + 2 > sb->cap)
        strbuf_reserve(sb, 1);
    sb->data[sb->len++] = c;
    sb->data[sb->len] = '\0';
}

static inline void strbuf_puts(strbuf *sb, const char *s) { strbuf_append(sb, s, strlen(s)); }

#endif
