/* The ISO-2022 codecs of Modules/cjkcodecs/_codecs_iso2022.c (CPython 3.11):
 * iso2022_jp, _jp_1, _jp_2, _jp_2004, _jp_3, _jp_ext and iso2022_kr.  The
 * state (c->mbstate) is the character set designated to G0..G3 and the
 * flags (shifted to G1, inside a foreign escape sequence); the decoder reads
 * the escape sequences (ESC ( x, ESC $ x, ESC $ ( x, ESC $ ) x, ESC . x, the
 * ESC & @ prefix, SS2), SI/SO and LF as that file does, with its error
 * sizes; the encoder picks, for each character, the first designation of
 * the codec that has it (JIS X 0213 combining pairs first), switching G0
 * or shifting to G1 as needed, and returns to ASCII at the end.  The
 * character sets are python3's (tools/gen_codec_tables.py), built on first
 * use from the EUC/GB tables they share (core/codecs/codecs_cjk_build.c). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "codecs/codecs_mb.h"

#define ESC 0x1B
#define SO 0x0E
#define SI 0x0F
#define LF 0x0A
#define ASCII 'B'
#define DBCS 0x80
#define F_SHIFTED 1
#define F_ESCTHROUGHOUT 2
#define NO_SHIFT 1
#define USE_G2 2
#define USE_JISX0208_EXT 4
#define NCHARSETS 10

/* One character set, built on first use and kept for the life of the process. */
typedef struct charset {
    uint32_t dec[128 * 128]; /* (a << 7 | b), or a for a one-byte set: value, 0 none */
    uint32_t *enc;           /* the inverse: rows {cp, code}, sorted (the lowest code first) */
    size_t nenc;
} charset;

static charset *charsets[NCHARSETS];
static const charset *get_charset(int index);
static pthread_once_t charsets_once[NCHARSETS] = {
    PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT,
    PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT};

static int cmp_inv(const void *x, const void *y)
{
    const uint32_t *a = x, *b = y;
    return a[0] != b[0] ? (a[0] > b[0]) - (a[0] < b[0]) : (a[1] > b[1]) - (a[1] < b[1]);
}

static void build(int index)
{
    const codecs_iso2022_charset *t = &codecs_iso2022_charsets[index];
    charset *cs = calloc(1, sizeof *cs);
    if (!cs)
        abort();
    if (t->base >= 0) { /* the base codec's EUC bytes, then the differences */
        const cjk *k = codecs_cjk_get(t->base);
        for (uint32_t a = 0x21; a < 0x7F; a++)
            for (uint32_t b = 0x21; b < 0x7F; b++) {
                uint32_t e = (a | 0x80) << 8 | (b | 0x80);
                uint32_t v = t->triple ? k->triple[e] : k->pair[e];
                if (!v) {
                    const uint32_t *w =
                        codecs_cjk_wide(k, t->triple ? 3u << 24 | 0x8F0000 | e : 2u << 24 | e);
                    v = !w || w[1] == 0xFFFFFFFFu ? 0 : w[2] ? w[1] << 16 | w[2] : w[1];
                }
                cs->dec[a << 7 | b] = v;
            }
    }
    if (t->from >= 0)
        memcpy(cs->dec, get_charset(t->from)->dec, sizeof cs->dec);
    size_t n;
    uint32_t *items = codecs_read_rows(t->items, 2, &n);
    for (size_t i = 0; i < n; i++) {
        uint32_t code = items[2 * i];
        cs->dec[t->width == 2 ? (code >> 8) << 7 | (code & 0x7F) : code] = items[2 * i + 1];
    }
    free(items);
    cs->enc = calloc(2 * 128 * 128, sizeof *cs->enc);
    if (!cs->enc)
        abort();
    for (uint32_t x = 0; x < 128 * 128; x++) {
        uint32_t v = cs->dec[x];
        if (v && v < 0x30000) {
            cs->enc[2 * cs->nenc] = v;
            cs->enc[2 * cs->nenc++ + 1] = t->width == 2 ? (x >> 7) << 8 | (x & 0x7F) : x;
        }
    }
    qsort(cs->enc, cs->nenc, 2 * sizeof *cs->enc, cmp_inv);
    charsets[index] = cs;
}

#define ONCE(i)                                                                                              \
    static void build##i(void)                                                                               \
    {                                                                                                        \
        build(i);                                                                                            \
    }
ONCE(0)
ONCE(1)
ONCE(2)
ONCE(3)
ONCE(4)
ONCE(5)
ONCE(6)
ONCE(7)
ONCE(8)
ONCE(9)
static void (*const builders[NCHARSETS])(void) = {build0, build1, build2, build3, build4,
                                                  build5, build6, build7, build8, build9};

static const charset *get_charset(int index)
{
    pthread_once(&charsets_once[index], builders[index]);
    return charsets[index];
}

/* The code of cp in a set (the lowest when several), or -1. */
static long charset_encode(int index, uint32_t cp)
{
    const charset *cs = get_charset(index);
    size_t k = codecs_lower_bound(cs->enc, cs->nenc, 2, cp, 0);
    return k < cs->nenc && cs->enc[2 * k] == cp ? (long)cs->enc[2 * k + 1] : -1;
}

/* ---------------------------------------------------------------- decoder */

static bool is_escend(unsigned ch)
{
    return (ch >= 'A' && ch <= 'Z') || ch == '@';
}

/* The designation with this mark (the first one), or -1. */
static int find_mark(const codecs_iso2022_codec *cfg, unsigned mark)
{
    for (size_t k = 0; k < cfg->ndesig; k++)
        if ((unsigned)cfg->desig[k].mark == mark)
            return (int)k;
    return -1;
}

/* iso2022processesc at p[0] == ESC: 0 with *len, an error size, or MBERR_TOOFEW. */
static int process_esc(const codecs_iso2022_codec *cfg, unsigned char *st, const unsigned char *p,
                       size_t left, size_t *len)
{
    size_t esclen = 0, i;
    for (i = 1; i < 16; i++) {
        if (i >= left)
            return MBERR_TOOFEW;
        if (is_escend(p[i])) {
            esclen = i + 1;
            break;
        }
        if ((cfg->flags & USE_JISX0208_EXT) && i + 1 < left && p[i] == '&' && p[i + 1] == '@')
            i += 2;
    }
    unsigned charset;
    int desig;
    switch (esclen) {
    case 0:
        return 1; /* unterminated escape sequence */
    case 3:
        if (p[1] == '$') {
            charset = p[2] | DBCS, desig = 0;
        } else {
            charset = p[2];
            if (p[1] == '(')
                desig = 0;
            else if (p[1] == ')')
                desig = 1;
            else if ((cfg->flags & USE_G2) && p[1] == '.')
                desig = 2;
            else
                return 3;
        }
        break;
    case 4:
        if (p[1] != '$' || (p[2] != '(' && p[2] != ')'))
            return 4;
        charset = p[3] | DBCS, desig = p[2] == '(' ? 0 : 1;
        break;
    case 6: /* a designation with the ESC & @ prefix */
        if (!(cfg->flags & USE_JISX0208_EXT) || p[3] != ESC || p[4] != '$' || p[5] != 'B')
            return 6;
        charset = 'B' | DBCS, desig = 0;
        break;
    default:
        return (int)esclen;
    }
    if (charset != ASCII && find_mark(cfg, charset) < 0)
        return (int)esclen; /* not designated by this encoding */
    st[desig] = (unsigned char)charset;
    *len = esclen;
    return 0;
}

/* iso2022processg2: SS2 (ESC N c) with G2's set; 0 or an error size. */
static int process_g2(codecs_call *c, const unsigned char *st, unsigned ch)
{
    if (st[2] == 'A') { /* ISO 8859-1 */
        if (ch >= 0x80)
            return 3;
        codecs_put(c, ch + 0x80);
    } else if (st[2] == 'F') { /* ISO 8859-7 */
        uint32_t x = ch ^ 0x80;
        if (x < 0xA0 || (x < 0xC0 && (0x288f3bc9UL & (1UL << (x - 0xA0)))))
            codecs_put(c, x);
        else if (x >= 0xB4 && x <= 0xFE && (x >= 0xD4 || (0xbffffd77UL & (1UL << (x - 0xB4)))))
            codecs_put(c, 0x02D0 + x);
        else if (x == 0xA1 || x == 0xA2 || x == 0xAF)
            codecs_put(c, x == 0xA1 ? 0x2018 : x == 0xA2 ? 0x2019 : 0x2015);
        else
            return 3;
    } else if (st[2] == ASCII) {
        if (ch & 0x80)
            return 3;
        codecs_put(c, ch);
    } else {
        py_raise(c->err, c->a, "RuntimeError", "internal codec error");
        return MBERR_EXCEPTION;
    }
    return 0;
}

/* One character of the set designated as `mark`: 0, or the set's width (an error) or TOOFEW. */
static int decode_char(codecs_call *c, const codecs_iso2022_codec *cfg, unsigned mark, size_t *pi)
{
    int k = find_mark(cfg, mark);
    int cs = cfg->desig[k].charset;
    if (cs == -2) /* the pairs-only designation decodes as the full set of its mark */
        for (size_t j = (size_t)k + 1; j < cfg->ndesig && cs < 0; j++)
            if ((unsigned)cfg->desig[j].mark == mark)
                cs = cfg->desig[j].charset;
    size_t width = cs >= 0 ? (size_t)codecs_iso2022_charsets[cs].width : 1;
    if (c->blen - *pi < width)
        return MBERR_TOOFEW;
    const unsigned char *p = c->b + *pi;
    uint32_t v = 0;
    if (cs >= 0 && p[0] < 0x80 && (width == 1 || p[1] < 0x80))
        v = get_charset(cs)->dec[width == 2 ? (uint32_t)p[0] << 7 | p[1] : p[0]];
    if (!v)
        return (int)width;
    if (v >= 0x30000) {
        codecs_put(c, v >> 16);
        codecs_put(c, v & 0xFFFF);
    } else {
        codecs_put(c, v);
    }
    *pi += width;
    return 0;
}

int codecs_iso2022_decode_step(codecs_call *c, int index, size_t *pi)
{
    const codecs_iso2022_codec *cfg = &codecs_iso2022_codecs[index];
    unsigned char *st = c->mbstate;
    const unsigned char *b = c->b;
    size_t n = c->blen;
    int r = 0;
    while (*pi < n && r == 0) {
        size_t i = *pi;
        unsigned ch = b[i];
        if (st[4] & F_ESCTHROUGHOUT) { /* inside a foreign escape sequence: bytes as Latin-1 */
            codecs_put(c, ch);
            *pi = i + 1;
            if (is_escend(ch))
                st[4] &= (unsigned char)~F_ESCTHROUGHOUT;
            continue;
        }
        bool bypass = false;
        if (ch == ESC) {
            if (n - i < 2)
                return MBERR_TOOFEW;
            size_t len = 0;
            unsigned c2 = b[i + 1];
            if (c2 == '(' || c2 == ')' || c2 == '$' || c2 == '.' || c2 == '&') {
                r = process_esc(cfg, st, b + i, n - i, &len);
            } else if ((cfg->flags & USE_G2) && c2 == 'N') {
                if (n - i < 3)
                    return MBERR_TOOFEW;
                r = process_g2(c, st, b[i + 2]);
                len = 3;
            } else {
                codecs_put(c, ESC);
                st[4] |= F_ESCTHROUGHOUT;
                len = 1;
            }
            if (r == 0)
                *pi = i + len;
        } else if ((ch == SI || ch == SO) && !(cfg->flags & NO_SHIFT)) {
            if (ch == SI)
                st[4] &= (unsigned char)~F_SHIFTED;
            else
                st[4] |= F_SHIFTED;
            *pi = i + 1;
        } else if (ch == LF) {
            st[4] &= (unsigned char)~F_SHIFTED;
            codecs_put(c, LF);
            *pi = i + 1;
        } else if (ch < 0x20 || ch == SI || ch == SO) {
            bypass = true;
        } else if (ch >= 0x80) {
            r = 1;
        } else {
            unsigned mark = st[4] & F_SHIFTED ? st[1] : st[0];
            if (mark == ASCII)
                bypass = true;
            else
                r = decode_char(c, cfg, mark, pi);
        }
        if (bypass) {
            codecs_put(c, ch);
            *pi = i + 1;
        }
    }
    return r;
}

void codecs_iso2022_init(int index, unsigned char state[8], bool encoder)
{
    (void)index;
    memset(state, 0, 8);
    state[0] = state[1] = ASCII;
    if (!encoder)
        state[2] = ASCII;
}

const char *codecs_iso2022_name(int index)
{
    return codecs_iso2022_codecs[index].name;
}

/* ---------------------------------------------------------------- encoder */

static int cmp_u32(const void *k, const void *e)
{
    uint32_t key = *(const uint32_t *)k, x = *(const uint32_t *)e;
    return (key > x) - (key < x);
}

#define NCODECS 7
static uint32_t *excs[NCODECS]; /* each codec's exceptions, read once, kept for the process */
static size_t nexcs[NCODECS];
static pthread_once_t excs_once = PTHREAD_ONCE_INIT;

static void read_excs(void)
{
    for (size_t k = 0; k < NCODECS; k++)
        excs[k] = codecs_read_rows(codecs_iso2022_codecs[k].exc, 2, &nexcs[k]);
}

/* The designation and code of one character, or -1. */
static int encode_cp(const codecs_iso2022_codec *cfg, uint32_t cp, uint32_t *code)
{
    pthread_once(&excs_once, read_excs);
    size_t k = (size_t)(cfg - codecs_iso2022_codecs);
    const uint32_t *e = bsearch(&cp, excs[k], nexcs[k], 2 * sizeof *excs[k], cmp_u32);
    if (e) {
        if (e[1] == 0xFFFFFFFFu)
            return -1;
        *code = e[1] & 0xFFFF;
        return (int)(e[1] >> 16);
    }
    for (size_t k = 0; k < cfg->ndesig; k++) {
        if (cfg->desig[k].charset < 0)
            continue;
        long v = charset_encode(cfg->desig[k].charset, cp);
        if (v >= 0) {
            *code = (uint32_t)v;
            return (int)k;
        }
    }
    return -1;
}

/* Designate (and shift to) designation k before its character. */
static void designate(const codecs_iso2022_codec *cfg, int k, unsigned char *st, strbuf *out)
{
    unsigned mark = (unsigned)cfg->desig[k].mark;
    int cs = cfg->desig[k].charset;
    bool wide = cs == -2 || (cs >= 0 && codecs_iso2022_charsets[cs].width == 2);
    if (cfg->desig[k].plane == 0) {
        if (st[4] & F_SHIFTED) {
            strbuf_putc(out, SI);
            st[4] &= (unsigned char)~F_SHIFTED;
        }
        if (st[0] != mark) {
            char esc[4] = {ESC, wide ? '$' : '(', '(', (char)(mark & 0x7F)};
            if (!wide || mark == ('B' | DBCS))
                strbuf_append(out, (char[]){esc[0], esc[1], esc[3]}, 3);
            else
                strbuf_append(out, esc, 4);
            st[0] = (unsigned char)mark;
        }
        return;
    }
    if (st[1] != mark) {
        if (wide)
            strbuf_append(out, (char[]){ESC, '$', ')', (char)(mark & 0x7F)}, 4);
        else
            strbuf_append(out, (char[]){ESC, ')', (char)(mark & 0x7F)}, 3);
        st[1] = (unsigned char)mark;
    }
    if (!(st[4] & F_SHIFTED)) {
        strbuf_putc(out, SO);
        st[4] |= F_SHIFTED;
    }
}

int codecs_iso2022_encode_step(codecs_call *c, int index, const uint32_t *u, size_t *pi, size_t n, bool flush,
                               strbuf *out)
{
    const codecs_iso2022_codec *cfg = &codecs_iso2022_codecs[index];
    unsigned char *st = c->mbstate;
    while (*pi < n) {
        uint32_t ch = u[*pi], code = 0;
        if (ch < 0x80) {
            if (st[0] != ASCII) {
                strbuf_append(out, "\x1b(B", 3);
                st[0] = ASCII;
            }
            if (st[4] & F_SHIFTED) {
                strbuf_putc(out, SI);
                st[4] &= (unsigned char)~F_SHIFTED;
            }
            strbuf_putc(out, (char)ch);
            ++*pi;
            continue;
        }
        size_t insize = 1;
        int k = -1;
        const cjk *pk = cfg->pairs >= 0 ? codecs_cjk_get(cfg->pairs) : NULL;
        if (pk && codecs_find_pair(pk->pairs, pk->npairs, ch, 0, true)) { /* JIS X 0213: it may combine */
            if (n - *pi < 2 && !flush)
                return MBERR_TOOFEW;
            const uint32_t *p =
                n - *pi >= 2 ? codecs_find_pair(pk->pairs, pk->npairs, ch, u[*pi + 1] & 0xFFFF, false) : NULL;
            if (p)
                k = 0, code = p[2] & 0x7F7F, insize = 2; /* its EUC bytes, less the high bits */
        }
        if (k < 0)
            k = encode_cp(cfg, ch, &code);
        if (k < 0)
            return 1;
        designate(cfg, k, st, out);
        if (cfg->desig[k].charset == -2 || codecs_iso2022_charsets[cfg->desig[k].charset].width == 2)
            strbuf_putc(out, (char)(code >> 8));
        strbuf_putc(out, (char)(code & 0xFF));
        *pi += insize;
    }
    return 0;
}

void codecs_iso2022_reset(unsigned char state[8], strbuf *out)
{
    if (state[4] & F_SHIFTED) {
        strbuf_putc(out, SI);
        state[4] &= (unsigned char)~F_SHIFTED;
    }
    if (state[0] != ASCII) {
        strbuf_append(out, "\x1b(B", 3);
        state[0] = ASCII;
    }
}
