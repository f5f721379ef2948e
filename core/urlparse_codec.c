#include "urlparse_codec.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <string.h>

#include "unicode.h"
#include "utf8.h"

/* ------------------------------------------------------------ lookup */

typedef struct alias {
    const char *alias, *module;
} alias;

/* encodings.aliases (the part for the codecs below), plus the module names. */
static const alias ALIASES[] = {
    {"utf8", "utf_8"},
    {"u8", "utf_8"},
    {"utf", "utf_8"},
    {"utf8_ucs2", "utf_8"},
    {"utf8_ucs4", "utf_8"},
    {"cp65001", "utf_8"},
    {"utf_8", "utf_8"},
    {"646", "ascii"},
    {"ansi_x3.4_1968", "ascii"},
    {"ansi_x3_4_1968", "ascii"},
    {"ansi_x3.4_1986", "ascii"},
    {"cp367", "ascii"},
    {"csascii", "ascii"},
    {"ibm367", "ascii"},
    {"iso646_us", "ascii"},
    {"iso_646.irv_1991", "ascii"},
    {"iso_ir_6", "ascii"},
    {"us", "ascii"},
    {"us_ascii", "ascii"},
    {"ascii", "ascii"},
    {"8859", "latin_1"},
    {"cp819", "latin_1"},
    {"csisolatin1", "latin_1"},
    {"ibm819", "latin_1"},
    {"iso8859", "latin_1"},
    {"iso8859_1", "latin_1"},
    {"iso_8859_1", "latin_1"},
    {"iso_8859_1_1987", "latin_1"},
    {"iso_ir_100", "latin_1"},
    {"l1", "latin_1"},
    {"latin", "latin_1"},
    {"latin1", "latin_1"},
    {"latin_1", "latin_1"},
    {"u16", "utf_16"},
    {"utf16", "utf_16"},
    {"utf_16", "utf_16"},
    {"unicodelittleunmarked", "utf_16_le"},
    {"utf_16le", "utf_16_le"},
    {"utf_16_le", "utf_16_le"},
    {"unicodebigunmarked", "utf_16_be"},
    {"utf_16be", "utf_16_be"},
    {"utf_16_be", "utf_16_be"},
    {"u32", "utf_32"},
    {"utf32", "utf_32"},
    {"utf_32", "utf_32"},
    {"utf_32le", "utf_32_le"},
    {"utf_32_le", "utf_32_le"},
    {"utf_32be", "utf_32_be"},
    {"utf_32_be", "utf_32_be"},
    {"1252", "cp1252"},
    {"windows_1252", "cp1252"},
    {"cp1252", "cp1252"},
    {"1251", "cp1251"},
    {"windows_1251", "cp1251"},
    {"cp1251", "cp1251"},
    {"1250", "cp1250"},
    {"windows_1250", "cp1250"},
    {"cp1250", "cp1250"},
    {"1253", "cp1253"},
    {"windows_1253", "cp1253"},
    {"cp1253", "cp1253"},
    {"1254", "cp1254"},
    {"windows_1254", "cp1254"},
    {"cp1254", "cp1254"},
    {"1257", "cp1257"},
    {"windows_1257", "cp1257"},
    {"cp1257", "cp1257"},
    {"cskoi8r", "koi8_r"},
    {"koi8_r", "koi8_r"},
    {"koi8_u", "koi8_u"},
    {"csisolatin2", "iso8859_2"},
    {"iso_8859_2", "iso8859_2"},
    {"iso_8859_2_1987", "iso8859_2"},
    {"iso_ir_101", "iso8859_2"},
    {"l2", "iso8859_2"},
    {"latin2", "iso8859_2"},
    {"iso8859_2", "iso8859_2"},
    {"csisolatincyrillic", "iso8859_5"},
    {"cyrillic", "iso8859_5"},
    {"iso_8859_5", "iso8859_5"},
    {"iso_8859_5_1988", "iso8859_5"},
    {"iso_ir_144", "iso8859_5"},
    {"iso8859_5", "iso8859_5"},
    {"csisolatingreek", "iso8859_7"},
    {"ecma_118", "iso8859_7"},
    {"elot_928", "iso8859_7"},
    {"greek", "iso8859_7"},
    {"greek8", "iso8859_7"},
    {"iso_8859_7", "iso8859_7"},
    {"iso_8859_7_1987", "iso8859_7"},
    {"iso_ir_126", "iso8859_7"},
    {"iso8859_7", "iso8859_7"},
    {"iso_8859_15", "iso8859_15"},
    {"l9", "iso8859_15"},
    {"latin9", "iso8859_15"},
    {"iso8859_15", "iso8859_15"},
    {"437", "cp437"},
    {"cspc8codepage437", "cp437"},
    {"ibm437", "cp437"},
    {"cp437", "cp437"},
    {"850", "cp850"},
    {"cspc850multilingual", "cp850"},
    {"ibm850", "cp850"},
    {"cp850", "cp850"},
    {"866", "cp866"},
    {"csibm866", "cp866"},
    {"ibm866", "cp866"},
    {"cp866", "cp866"},
    {"macintosh", "mac_roman"},
    {"macroman", "mac_roman"},
    {"mac_roman", "mac_roman"},
    {"csshiftjis", "shift_jis"},
    {"shiftjis", "shift_jis"},
    {"sjis", "shift_jis"},
    {"s_jis", "shift_jis"},
    {"shift_jis", "shift_jis"},
    {"932", "cp932"},
    {"ms932", "cp932"},
    {"mskanji", "cp932"},
    {"ms_kanji", "cp932"},
    {"cp932", "cp932"},
    {"eucjp", "euc_jp"},
    {"ujis", "euc_jp"},
    {"u_jis", "euc_jp"},
    {"euc_jp", "euc_jp"},
    {"936", "gbk"},
    {"cp936", "gbk"},
    {"ms936", "gbk"},
    {"gbk", "gbk"},
    {"chinese", "gb2312"},
    {"csiso58gb231280", "gb2312"},
    {"euc_cn", "gb2312"},
    {"euccn", "gb2312"},
    {"eucgb2312_cn", "gb2312"},
    {"gb2312_1980", "gb2312"},
    {"gb2312_80", "gb2312"},
    {"iso_ir_58", "gb2312"},
    {"gb2312", "gb2312"},
    {"gb18030_2000", "gb18030"},
    {"gb18030", "gb18030"},
    {"big5_tw", "big5"},
    {"csbig5", "big5"},
    {"big5", "big5"},
    {"euckr", "euc_kr"},
    {"korean", "euc_kr"},
    {"ksc5601", "euc_kr"},
    {"ks_c_5601", "euc_kr"},
    {"ks_c_5601_1987", "euc_kr"},
    {"ksx1001", "euc_kr"},
    {"ks_x_1001", "euc_kr"},
    {"euc_kr", "euc_kr"},
    /* codecs that exist but are not text encodings */
    {"rot13", "!"},
    {"rot_13", "!"},
    {"hex", "!"},
    {"hex_codec", "!"},
    {"base64", "!"},
    {"base_64", "!"},
    {"base64_codec", "!"},
    {"zip", "!"},
    {"zlib", "!"},
    {"zlib_codec", "!"},
    {"bz2", "!"},
    {"bz2_codec", "!"},
    {"quopri", "!"},
    {"quoted_printable", "!"},
    {"quotedprintable", "!"},
    {"quopri_codec", "!"},
    {"uu", "!"},
    {"uu_codec", "!"},
    {NULL, NULL},
};

static const struct {
    const char *module, *iconv;
} ICONV_CODECS[] = {
    {"shift_jis", "SHIFT_JIS"}, {"cp932", "CP932"},     {"euc_jp", "EUC-JP"}, {"gbk", "GBK"},
    {"gb2312", "EUC-CN"},       {"gb18030", "GB18030"}, {"big5", "BIG5"},     {"euc_kr", "EUC-KR"},
};

int urlcodec_lookup(arena *a, ustr name, urlcodec *out, py_err *err)
{
    /* encodings.normalize_encoding, after codecs.lookup lower-cased the name */
    char norm[64];
    size_t k = 0;
    bool punct = false, too_long = false;
    size_t i = 0;
    while (i < name.n) {
        uint32_t c = utf8_next(name.p, &i);
        if (c < 0x80 && c >= 'A' && c <= 'Z')
            c += 32;
        bool alnum = c < 0x80 ? ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) : uc_isalnum(c);
        if (alnum || c == '.') {
            if (punct && k) {
                if (k + 1 >= sizeof norm)
                    too_long = true;
                else
                    norm[k++] = '_';
            }
            if (c < 0x80) {
                if (k + 1 >= sizeof norm)
                    too_long = true;
                else
                    norm[k++] = (char)c;
            }
            punct = false;
        } else {
            punct = true;
        }
    }
    norm[k] = '\0';
    const char *mod = NULL;
    for (int pass = 0; pass < 2 && !mod && !too_long; pass++) {
        if (pass == 1)
            for (size_t j = 0; j < k; j++)
                if (norm[j] == '.')
                    norm[j] = '_';
        for (const alias *al = ALIASES; al->alias; al++)
            if (strcmp(al->alias, norm) == 0) {
                mod = al->module;
                break;
            }
    }
    if (!mod)
        return us_raise3(err, a, "LookupError", "unknown encoding: ", name, "");
    if (mod[0] == '!')
        return us_raise3(err, a, "LookupError", "'", name.n > 400 ? us_sub(name, 0, 400) : name,
                         "' is not a text encoding; use codecs.encode() to handle arbitrary codecs");
    memset(out, 0, sizeof *out);
    static const struct {
        const char *module, *name;
        urlcodec_kind kind;
    } fixed[] = {{"utf_8", "utf-8", UCK_UTF8},
                 {"ascii", "ascii", UCK_ASCII},
                 {"latin_1", "latin-1", UCK_LATIN1},
                 {"utf_16", "utf-16", UCK_UTF16},
                 {"utf_16_le", "utf-16-le", UCK_UTF16LE},
                 {"utf_16_be", "utf-16-be", UCK_UTF16BE},
                 {"utf_32", "utf-32", UCK_UTF32},
                 {"utf_32_le", "utf-32-le", UCK_UTF32LE},
                 {"utf_32_be", "utf-32-be", UCK_UTF32BE}};
    for (size_t j = 0; j < sizeof fixed / sizeof fixed[0]; j++)
        if (strcmp(fixed[j].module, mod) == 0) {
            out->kind = fixed[j].kind;
            out->name = fixed[j].name;
            return 0;
        }
    for (const urlcodec_charmap *m = urlcodec_charmaps; m->name; m++)
        if (strcmp(m->name, mod) == 0) {
            out->kind = UCK_CHARMAP;
            out->name = "charmap";
            out->map = m->map;
            return 0;
        }
    for (size_t j = 0; j < sizeof ICONV_CODECS / sizeof ICONV_CODECS[0]; j++)
        if (strcmp(ICONV_CODECS[j].module, mod) == 0) {
            out->kind = UCK_ICONV;
            out->name = ICONV_CODECS[j].module;
            out->iconv = ICONV_CODECS[j].iconv;
            return 0;
        }
    return us_raise3(err, a, "LookupError", "unknown encoding: ", name, "");
}

/* ------------------------------------------------------------ encode */

typedef enum {
    EH_STRICT,
    EH_IGNORE,
    EH_REPLACE,
    EH_XMLCHAR,
    EH_BACKSLASH,
    EH_NAME,
    EH_SURESC,
    EH_SURPASS,
    EH_UNKNOWN
} ehandler;

static ehandler handler_of(ustr e)
{
    static const char *const names[] = {
        "strict",           "ignore",      "replace",         "xmlcharrefreplace",
        "backslashreplace", "namereplace", "surrogateescape", "surrogatepass"};
    for (int i = 0; i < 8; i++)
        if (us_eq(e, names[i]))
            return (ehandler)i;
    return EH_UNKNOWN;
}

static int unknown_handler(arena *a, ustr e, py_err *err)
{
    return py_raise(err, a, "LookupError", "unknown error handler name %s", us_repr_a(a, e));
}

static void put16(strbuf *o, uint32_t u, bool be)
{
    char b[2] = {(char)(be ? u >> 8 : u & 0xff), (char)(be ? u & 0xff : u >> 8)};
    sb_append(o, b, 2);
}

static void put32(strbuf *o, uint32_t u, bool be)
{
    char b[4];
    for (int i = 0; i < 4; i++)
        b[be ? 3 - i : i] = (char)((u >> (8 * i)) & 0xff);
    sb_append(o, b, 4);
}

/* iconv_open's failure value, (iconv_t)-1 */
static bool cd_bad(iconv_t cd)
{
    return cd == (iconv_t)-1; // NOLINT(performance-no-int-to-ptr)
}
static iconv_t cd_none(void)
{
    return (iconv_t)-1; // NOLINT(performance-no-int-to-ptr)
}

typedef struct enc_state {
    iconv_t cd;
} enc_state;

/* One code point; false when the codec cannot encode it. */
static bool enc_one(const urlcodec *c, enc_state *st, uint32_t cp, strbuf *o)
{
    bool sur = cp >= 0xd800 && cp <= 0xdfff;
    switch (c->kind) {
    case UCK_UTF8: {
        if (sur)
            return false;
        char b[4];
        sb_append(o, b, (size_t)utf8_put(cp, b));
        return true;
    }
    case UCK_ASCII:
        if (cp >= 0x80)
            return false;
        sb_putc(o, (char)cp);
        return true;
    case UCK_LATIN1:
        if (cp >= 0x100)
            return false;
        sb_putc(o, (char)cp);
        return true;
    case UCK_UTF16:
    case UCK_UTF16LE:
    case UCK_UTF16BE: {
        if (sur)
            return false;
        bool be = c->kind == UCK_UTF16BE;
        if (cp >= 0x10000) {
            put16(o, 0xd800 | ((cp - 0x10000) >> 10), be);
            put16(o, 0xdc00 | ((cp - 0x10000) & 0x3ff), be);
        } else {
            put16(o, cp, be);
        }
        return true;
    }
    case UCK_UTF32:
    case UCK_UTF32LE:
    case UCK_UTF32BE:
        if (sur)
            return false;
        put32(o, cp, c->kind == UCK_UTF32BE);
        return true;
    case UCK_CHARMAP:
        for (int b = 0; b < 256; b++)
            if (c->map[b] == cp && cp != 0xFFFF) {
                sb_putc(o, (char)b);
                return true;
            }
        return false;
    case UCK_ICONV: {
        if (cp < 0x80) {
            sb_putc(o, (char)cp);
            return true;
        }
        bool sjis = strcmp(c->name, "shift_jis") == 0, cp932 = strcmp(c->name, "cp932") == 0;
        if ((sjis || strcmp(c->name, "euc_jp") == 0) && (cp == 0xa5 || cp == 0x203e)) {
            sb_putc(o, cp == 0xa5 ? '\\' : '~'); /* CPython's JIS X 0201 Roman */
            return true;
        }
        if (cp932 && cp == 0x80) {
            sb_putc(o, (char)0x80);
            return true;
        }
        if (sur || cd_bad(st->cd))
            return false;
        char in[4] = {(char)(cp & 0xff), (char)((cp >> 8) & 0xff), (char)((cp >> 16) & 0xff), 0};
        char outb[16];
        char *ip = in, *op = outb;
        size_t il = 4, ol = sizeof outb;
        iconv(st->cd, NULL, NULL, NULL, NULL);
        if (iconv(st->cd, &ip, &il, &op, &ol) == (size_t)-1)
            return false;
        iconv(st->cd, NULL, NULL, &op, &ol);
        size_t len = (size_t)(op - outb);
        /* CPython's CJK codecs map no other non-ASCII character to one byte
         * (glibc's do, e.g. C1 controls): only half-width katakana */
        if (len == 1 && !((sjis || cp932) && cp >= 0xff61 && cp <= 0xff9f))
            return false;
        sb_append(o, outb, len);
        return true;
    }
    }
    return false;
}

static const char *enc_reason(const urlcodec *c)
{
    switch (c->kind) {
    case UCK_ASCII:
        return "ordinal not in range(128)";
    case UCK_LATIN1:
        return "ordinal not in range(256)";
    case UCK_CHARMAP:
        return "character maps to <undefined>";
    case UCK_ICONV:
        return "illegal multibyte sequence";
    default:
        return "surrogates not allowed";
    }
}

static int encode_error(arena *a, const urlcodec *c, uint32_t first, size_t start, size_t end, py_err *err)
{
    const char *reason = enc_reason(c);
    if (end == start + 1) {
        const char *fmt = first <= 0xff ? "\\x%02x" : first <= 0xffff ? "\\u%04x" : "\\U%08x";
        char ch[16];
        snprintf(ch, sizeof ch, fmt, first);
        py_raise(err, a, "UnicodeEncodeError", "'%s' codec can't encode character '%s' in position %zu: %s",
                 c->name, ch, start, reason);
    } else {
        py_raise(err, a, "UnicodeEncodeError", "'%s' codec can't encode characters in position %zu-%zu: %s",
                 c->name, start, end - 1, reason);
    }
    py_err_extra(err, a, "encoding", pv_cstr(a, c->name));
    py_err_extra(err, a, "start", pv_int(a, (int64_t)start));
    py_err_extra(err, a, "end", pv_int(a, (int64_t)end));
    py_err_extra(err, a, "reason", pv_cstr(a, reason));
    return -1;
}

static void backslash_form(uint32_t cp, char *buf, size_t n)
{
    if (cp <= 0xff)
        snprintf(buf, n, "\\x%02x", cp);
    else if (cp <= 0xffff)
        snprintf(buf, n, "\\u%04x", cp);
    else
        snprintf(buf, n, "\\U%08x", cp);
}

/* The error run's extent: utf-16/32 and the CJK codecs report one character,
 * the others the whole run of characters they cannot encode. */
static bool run_extends(const urlcodec *c)
{
    return c->kind == UCK_UTF8 || c->kind == UCK_ASCII || c->kind == UCK_LATIN1 || c->kind == UCK_CHARMAP;
}

int urlcodec_encode(arena *a, const urlcodec *c, ustr s, ustr errors, strbuf *o, py_err *err)
{
    enc_state st = {cd_none()};
    if (c->kind == UCK_ICONV)
        st.cd = iconv_open(c->iconv, "UTF-32LE");
    if (c->kind == UCK_UTF16) {
        sb_append(o, "\xff\xfe", 2);
    } else if (c->kind == UCK_UTF32) {
        sb_append(o, "\xff\xfe\0\0", 4);
    }
    int rc = 0;
    size_t i = 0, pos = 0;
    while (i < s.n) {
        size_t at = i;
        uint32_t cp = utf8_next(s.p, &i);
        if (enc_one(c, &st, cp, o)) {
            pos++;
            continue;
        }
        /* the failing run [pos, end) */
        size_t start = pos, end = pos + 1, j = i;
        if (run_extends(c)) {
            strbuf scratch = STRBUF_INIT;
            while (j < s.n) {
                size_t k = j;
                uint32_t n2 = utf8_next(s.p, &k);
                sb_clear(&scratch);
                if (enc_one(c, &st, n2, &scratch))
                    break;
                j = k;
                end++;
            }
            sb_free(&scratch);
        }
        ehandler h = handler_of(errors);
        if (h == EH_UNKNOWN) {
            rc = unknown_handler(a, errors, err);
            goto done;
        }
        if (h == EH_STRICT) {
            rc = encode_error(a, c, cp, start, end, err);
            goto done;
        }
        /* apply to each character of the run */
        size_t q = at;
        for (size_t p = start; p < end; p++) {
            uint32_t ch = utf8_next(s.p, &q);
            char buf[UC_NAME_MAX + 8];
            switch (h) {
            case EH_IGNORE:
                break;
            case EH_REPLACE:
                enc_one(c, &st, '?', o);
                break;
            case EH_XMLCHAR:
                snprintf(buf, sizeof buf, "&#%u;", ch);
                for (char *b = buf; *b; b++)
                    enc_one(c, &st, (unsigned char)*b, o);
                break;
            case EH_NAME: {
                char nm[UC_NAME_MAX];
                if (uc_name(ch, nm))
                    snprintf(buf, sizeof buf, "\\N{%s}", nm);
                else
                    backslash_form(ch, buf, sizeof buf);
                for (char *b = buf; *b; b++)
                    enc_one(c, &st, (unsigned char)*b, o);
                break;
            }
            case EH_BACKSLASH:
                backslash_form(ch, buf, sizeof buf);
                for (char *b = buf; *b; b++)
                    enc_one(c, &st, (unsigned char)*b, o);
                break;
            case EH_SURESC:
                if (ch < 0xdc80 || ch > 0xdcff || (c->kind >= UCK_UTF16 && c->kind <= UCK_UTF32BE)) {
                    rc = encode_error(a, c, cp, start, end, err);
                    goto done;
                }
                sb_putc(o, (char)(ch - 0xdc00));
                break;
            case EH_SURPASS: {
                bool sur = ch >= 0xd800 && ch <= 0xdfff;
                if (!sur || c->kind == UCK_ASCII || c->kind == UCK_LATIN1 || c->kind == UCK_CHARMAP ||
                    c->kind == UCK_ICONV) {
                    rc = encode_error(a, c, cp, start, end, err);
                    goto done;
                }
                if (c->kind == UCK_UTF8) {
                    char b[4];
                    sb_append(o, b, (size_t)utf8_put(ch, b));
                } else if (c->kind == UCK_UTF32 || c->kind == UCK_UTF32LE || c->kind == UCK_UTF32BE) {
                    put32(o, ch, c->kind == UCK_UTF32BE);
                } else {
                    put16(o, ch, c->kind == UCK_UTF16BE);
                }
                break;
            }
            default:
                break;
            }
        }
        i = j;
        pos = end;
    }
done:
    if (!cd_bad(st.cd))
        iconv_close(st.cd);
    return rc;
}

/* ------------------------------------------------------------ decode */

static void put_cp(strbuf *o, uint32_t cp)
{
    char b[4];
    sb_append(o, b, (size_t)utf8_put(cp, b));
}

static const char *decoder_name(const urlcodec *c, bool be)
{
    if (c->kind == UCK_UTF16)
        return be ? "utf-16-be" : "utf-16-le";
    if (c->kind == UCK_UTF32)
        return be ? "utf-32-be" : "utf-32-le";
    return c->name;
}

/* An undecodable unit [start, end): apply the handler.  0 or -1. */
static int dec_error(arena *a, const char *codec, ustr errors, const unsigned char *b, size_t start,
                     size_t end, const char *reason, strbuf *o, py_err *err)
{
    ehandler h = handler_of(errors);
    char buf[8];
    switch (h) {
    case EH_IGNORE:
        return 0;
    case EH_REPLACE:
        put_cp(o, 0xfffd);
        return 0;
    case EH_BACKSLASH:
        for (size_t k = start; k < end; k++) {
            snprintf(buf, sizeof buf, "\\x%02x", b[k]);
            sb_puts(o, buf);
        }
        return 0;
    case EH_SURESC: {
        bool ok = true;
        for (size_t k = start; k < end; k++)
            ok = ok && b[k] >= 0x80;
        if (ok) {
            for (size_t k = start; k < end; k++)
                put_cp(o, 0xdc00 + b[k]);
            return 0;
        }
        break;
    }
    case EH_UNKNOWN:
        return unknown_handler(a, errors, err);
    default:
        break;
    }
    if (end == start + 1)
        py_raise(err, a, "UnicodeDecodeError", "'%s' codec can't decode byte 0x%02x in position %zu: %s",
                 codec, b[start], start, reason);
    else
        py_raise(err, a, "UnicodeDecodeError", "'%s' codec can't decode bytes in position %zu-%zu: %s", codec,
                 start, end - 1, reason);
    py_err_extra(err, a, "encoding", pv_cstr(a, codec));
    py_err_extra(err, a, "start", pv_int(a, (int64_t)start));
    py_err_extra(err, a, "end", pv_int(a, (int64_t)end));
    py_err_extra(err, a, "reason", pv_cstr(a, reason));
    return -1;
}

static uint32_t rd16(const unsigned char *p, bool be)
{
    return be ? (uint32_t)p[0] << 8 | p[1] : (uint32_t)p[1] << 8 | p[0];
}
static uint32_t rd32(const unsigned char *p, bool be)
{
    return be ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]
              : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

int urlcodec_decode(arena *a, const urlcodec *c, const unsigned char *b, size_t n, ustr errors, strbuf *o,
                    py_err *err)
{
    size_t i = 0;
    switch (c->kind) {
    case UCK_UTF8:
        while (i < n) {
            size_t errlen;
            const char *reason;
            size_t k = utf8_valid_at((const char *)b, n, i, &errlen, &reason);
            if (k) {
                sb_append(o, b + i, k);
                i += k;
                continue;
            }
            if (dec_error(a, "utf-8", errors, b, i, i + errlen, reason, o, err) < 0)
                return -1;
            i += errlen;
        }
        return 0;
    case UCK_ASCII:
    case UCK_LATIN1:
    case UCK_CHARMAP:
        for (; i < n; i++) {
            uint32_t cp = b[i];
            if (c->kind == UCK_ASCII && cp >= 0x80) {
                if (dec_error(a, "ascii", errors, b, i, i + 1, "ordinal not in range(128)", o, err) < 0)
                    return -1;
                continue;
            }
            if (c->kind == UCK_CHARMAP) {
                cp = c->map[cp];
                if (cp == 0xFFFF) {
                    if (dec_error(a, "charmap", errors, b, i, i + 1, "character maps to <undefined>", o,
                                  err) < 0)
                        return -1;
                    continue;
                }
            }
            put_cp(o, cp);
        }
        return 0;
    case UCK_UTF16:
    case UCK_UTF16LE:
    case UCK_UTF16BE: {
        bool be = c->kind == UCK_UTF16BE;
        if (c->kind == UCK_UTF16 && n >= 2) {
            if (b[0] == 0xff && b[1] == 0xfe)
                i = 2;
            else if (b[0] == 0xfe && b[1] == 0xff)
                i = 2, be = true;
        }
        const char *nm = decoder_name(c, be);
        while (i < n) {
            if (n - i < 2) {
                if (dec_error(a, nm, errors, b, i, n, "truncated data", o, err) < 0)
                    return -1;
                break;
            }
            uint32_t u = rd16(b + i, be);
            if (u < 0xd800 || u > 0xdfff) {
                put_cp(o, u);
                i += 2;
            } else if (u >= 0xdc00) {
                if (dec_error(a, nm, errors, b, i, i + 2, "illegal encoding", o, err) < 0)
                    return -1;
                i += 2;
            } else if (n - i < 4) {
                if (dec_error(a, nm, errors, b, i, n, "unexpected end of data", o, err) < 0)
                    return -1;
                break;
            } else {
                uint32_t u2 = rd16(b + i + 2, be);
                if (u2 >= 0xdc00 && u2 <= 0xdfff) {
                    put_cp(o, 0x10000 + ((u - 0xd800) << 10) + (u2 - 0xdc00));
                    i += 4;
                } else {
                    if (dec_error(a, nm, errors, b, i, i + 2, "illegal UTF-16 surrogate", o, err) < 0)
                        return -1;
                    i += 2;
                }
            }
        }
        return 0;
    }
    case UCK_UTF32:
    case UCK_UTF32LE:
    case UCK_UTF32BE: {
        bool be = c->kind == UCK_UTF32BE;
        if (c->kind == UCK_UTF32 && n >= 4) {
            if (b[0] == 0xff && b[1] == 0xfe && b[2] == 0 && b[3] == 0)
                i = 4;
            else if (b[0] == 0 && b[1] == 0 && b[2] == 0xfe && b[3] == 0xff)
                i = 4, be = true;
        }
        const char *nm = decoder_name(c, be);
        while (i < n) {
            if (n - i < 4) {
                if (dec_error(a, nm, errors, b, i, n, "truncated data", o, err) < 0)
                    return -1;
                break;
            }
            uint32_t u = rd32(b + i, be);
            const char *why = u > 0x10ffff ? "code point not in range(0x110000)"
                              : (u >= 0xd800 && u <= 0xdfff)
                                  ? "code point in surrogate code point range(0xd800, 0xe000)"
                                  : NULL;
            if (why) {
                if (dec_error(a, nm, errors, b, i, i + 4, why, o, err) < 0)
                    return -1;
            } else {
                put_cp(o, u);
            }
            i += 4;
        }
        return 0;
    }
    case UCK_ICONV: {
        iconv_t cd = iconv_open("UTF-32LE", c->iconv);
        while (i < n) {
            if (b[i] < 0x80) {
                put_cp(o, b[i]);
                i++;
                continue;
            }
            bool ok = false;
            bool kana = strcmp(c->name, "shift_jis") == 0 || strcmp(c->name, "cp932") == 0;
            if (kana && b[i] >= 0xa1 && b[i] <= 0xdf) { /* half-width katakana */
                put_cp(o, 0xff61 + (uint32_t)(b[i] - 0xa1));
                i++;
                continue;
            }
            if (strcmp(c->name, "cp932") == 0 && (b[i] == 0x80 || b[i] == 0xa0 || b[i] >= 0xfd)) {
                put_cp(o, b[i] == 0x80 ? 0x80 : b[i] == 0xa0 ? 0xf8f0 : 0xf8f1 + (uint32_t)(b[i] - 0xfd));
                i++;
                continue;
            }
            static const size_t lens[] = {2, 4};
            for (size_t li = 0; li < 2 && !ok && !cd_bad(cd); li++) {
                size_t len = lens[li];
                if (i + len > n || (len == 4 && strcmp(c->name, "gb18030") != 0))
                    continue;
                char *ip = (char *)(b + i), outb[16], *op = outb;
                size_t il = len, ol = sizeof outb;
                iconv(cd, NULL, NULL, NULL, NULL);
                if (iconv(cd, &ip, &il, &op, &ol) != (size_t)-1 && il == 0 && op - outb == 4) {
                    put_cp(o, rd32((unsigned char *)outb, false));
                    i += len;
                    ok = true;
                }
            }
            if (!ok) {
                if (dec_error(a, c->name, errors, b, i, i + 1, "illegal multibyte sequence", o, err) < 0) {
                    if (!cd_bad(cd))
                        iconv_close(cd);
                    return -1;
                }
                i++;
            }
        }
        if (!cd_bad(cd))
            iconv_close(cd);
        return 0;
    }
    }
    return 0;
}
