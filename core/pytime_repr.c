#include "pytime_repr.h"

#include <string.h>

#include "unicode.h"
#include "utf8.h"

void pt_repr(strbuf *out, const char *s, size_t n)
{
    bool sq = memchr(s, '\'', n) != NULL, dq = memchr(s, '"', n) != NULL;
    char quote = (sq && !dq) ? '"' : '\'';
    sb_putc(out, quote);
    size_t i = 0;
    while (i < n) {
        size_t start = i;
        uint32_t cp = utf8_next(s, &i);
        if (cp == (uint32_t)quote || cp == '\\') {
            sb_putc(out, '\\');
            sb_putc(out, (char)cp);
        } else if (cp == '\t') {
            sb_puts(out, "\\t");
        } else if (cp == '\n') {
            sb_puts(out, "\\n");
        } else if (cp == '\r') {
            sb_puts(out, "\\r");
        } else if (cp < 0x20 || cp == 0x7f) {
            sb_printf(out, "\\x%02x", cp);
        } else if (cp < 0x7f) {
            sb_putc(out, (char)cp);
        } else if (!uc_isprintable(cp)) {
            if (cp < 0x100)
                sb_printf(out, "\\x%02x", cp);
            else if (cp < 0x10000)
                sb_printf(out, "\\u%04x", cp);
            else
                sb_printf(out, "\\U%08x", cp);
        } else {
            sb_append(out, s + start, i - start);
        }
    }
    sb_putc(out, quote);
}

char *pt_repr_a(arena *a, const char *s, size_t n)
{
    strbuf b = STRBUF_INIT;
    pt_repr(&b, s, n);
    char *r = arena_strndup(a, b.data, b.len);
    sb_free(&b);
    return r;
}
