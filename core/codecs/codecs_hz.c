/* The HZ codec (RFC 1843) of Modules/cjkcodecs/_codecs_cn.c (CPython 3.11):
 * ASCII and GB 2312 switched by "~{" and "~}", "~~" for '~' and "~\n" a
 * line continuation; the state (ASCII or GB mode) lives in c->mbstate[0].
 * GB 2312 is the gb2312 codec's table without its high bits. */
#include <string.h>

#include "codecs/codecs_mb.h"

/* gb2312's index among the CJK tables */
static int gb2312_index(void)
{
    for (size_t i = 0; i < codecs_ncjk; i++)
        if (!strcmp(codecs_cjk_tables[i].name, "gb2312"))
            return (int)i;
    return 0;
}

int codecs_hz_decode_step(codecs_call *c, int index, size_t *pi)
{
    (void)index;
    const cjk *k = codecs_cjk_get(gb2312_index());
    unsigned char *gb = c->mbstate;
    const unsigned char *b = c->b;
    size_t i = *pi, n = c->blen;
    int rc = 0;
    while (i < n) {
        unsigned ch = b[i];
        if (ch == '~') {
            if (n - i < 2) {
                rc = MBERR_TOOFEW;
                break;
            }
            unsigned c2 = b[i + 1];
            if (c2 == '~' && !gb[0])
                codecs_put(c, '~');
            else if (c2 == '{' && !gb[0])
                gb[0] = 1;
            else if (c2 == '}' && gb[0])
                gb[0] = 0;
            else if (c2 != '\n' || gb[0]) {
                rc = 1;
                break;
            }
            i += 2;
            continue;
        }
        if (ch & 0x80) {
            rc = 1;
            break;
        }
        if (!gb[0]) {
            codecs_put(c, ch);
            i++;
            continue;
        }
        if (n - i < 2) {
            rc = MBERR_TOOFEW;
            break;
        }
        unsigned c2 = b[i + 1];
        uint32_t cp = c2 < 0x80 ? k->pair[(ch | 0x80) << 8 | (c2 | 0x80)] : 0;
        if (!cp) {
            rc = 1;
            break;
        }
        codecs_put(c, cp);
        i += 2;
    }
    *pi = i;
    return rc;
}

int codecs_hz_encode_step(codecs_call *c, int index, const uint32_t *u, size_t *pi, size_t n, bool flush,
                          strbuf *out)
{
    (void)index, (void)flush;
    const cjk *k = codecs_cjk_get(gb2312_index());
    unsigned char *gb = c->mbstate;
    size_t i = *pi;
    int rc = 0;
    for (; i < n; i++) {
        uint32_t ch = u[i];
        if (ch < 0x80) {
            if (gb[0]) {
                strbuf_append(out, "~}", 2);
                gb[0] = 0;
            }
            strbuf_putc(out, (char)ch);
            if (ch == '~')
                strbuf_putc(out, '~');
            continue;
        }
        uint32_t v = ch < 0x10000 ? k->enc[ch] : 0;
        if (v >> 24 != 2 || v == CJK_ENC_NONE) {
            rc = 1;
            break;
        }
        if (!gb[0]) {
            strbuf_append(out, "~{", 2);
            gb[0] = 1;
        }
        strbuf_putc(out, (char)((v >> 8) & 0x7F));
        strbuf_putc(out, (char)(v & 0x7F));
    }
    *pi = i;
    return rc;
}

void codecs_hz_reset(unsigned char state[8], strbuf *out)
{
    if (state[0]) {
        strbuf_append(out, "~}", 2);
        state[0] = 0;
    }
}
