/* TEMPORARY stand-ins for core/unicode.h until the unicode branch is merged
 * (then this file is deleted).  Approximations: ASCII, Latin-1 and a few
 * well-known ranges only. */
#include <string.h>

#include "unicode.h"

bool uc_isspace(uint32_t c)
{
    return (c >= 9 && c <= 13) || (c >= 0x1c && c <= 0x20) || c == 0x85 || c == 0xa0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f ||
           c == 0x3000;
}

int uc_decimal(uint32_t c)
{
    static const uint32_t zeros[] = {0x30, 0x660, 0x6f0, 0x966, 0x9e6, 0xff10, 0x1d7ce};
    for (size_t i = 0; i < sizeof zeros / sizeof zeros[0]; i++)
        if (c >= zeros[i] && c < zeros[i] + 10)
            return (int)(c - zeros[i]);
    return -1;
}

bool uc_isdigit(uint32_t c)
{
    return uc_decimal(c) >= 0 || c == 0xb2 || c == 0xb3 || c == 0xb9 || (c >= 0x2070 && c <= 0x2079 && c != 0x2071 && c != 0x2072 && c != 0x2073) ||
           (c >= 0x2080 && c <= 0x2089) || (c >= 0x2460 && c <= 0x2468);
}

int uc_lower(uint32_t c, uint32_t out[3])
{
    if ((c >= 'A' && c <= 'Z') || (c >= 0xc0 && c <= 0xde && c != 0xd7))
        c += 32;
    else if (c >= 0x391 && c <= 0x3ab && c != 0x3a2)
        c += 32;
    else if (c >= 0x410 && c <= 0x42f)
        c += 32;
    else if (c >= 0x400 && c <= 0x40f)
        c += 80;
    else if (c >= 0x100 && c <= 0x17f && !(c & 1) && c != 0x130 && c != 0x138)
        c += 1;
    else if (c >= 0xff21 && c <= 0xff3a)
        c += 32;
    else if (c == 0x212a)
        c = 'k';
    else if (c == 0x130) {
        out[0] = 'i';
        out[1] = 0x307;
        return 2;
    }
    out[0] = c;
    return 1;
}

bool uc_iscased(uint32_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= 0xc0 && c <= 0x24f && c != 0xd7 && c != 0xf7) ||
           (c >= 0x370 && c <= 0x3ff) || (c >= 0x400 && c <= 0x4ff);
}

bool uc_iscaseignorable(uint32_t c)
{
    return c == '\'' || c == '.' || c == ':' || c == '^' || c == '`' || c == 0xad || c == 0xb7 ||
           (c >= 0x300 && c <= 0x36f);
}

bool uc_isprintable(uint32_t c)
{
    if (c < 0x20 || (c >= 0x7f && c <= 0xa0) || c == 0xad)
        return false;
    if ((c >= 0xd800 && c <= 0xdfff) || c == 0x2028 || c == 0x2029 || (c >= 0x2000 && c <= 0x200f) ||
        c == 0x3000 || c == 0x1680 || c == 0x202f || c == 0x205f || (c >= 0x202a && c <= 0x202e) ||
        (c >= 0x2060 && c <= 0x206f) || c == 0xfeff || (c >= 0xe000 && c <= 0xf8ff) || c >= 0xf0000 ||
        (c & 0xfffe) == 0xfffe)
        return false;
    return true;
}

bool uc_name(uint32_t c, char buf[UC_NAME_MAX])
{
    static const struct {
        uint32_t c;
        const char *n;
    } t[] = {{0x20ac, "EURO SIGN"},
             {0xe9, "LATIN SMALL LETTER E WITH ACUTE"},
             {0xfc, "LATIN SMALL LETTER U WITH DIAERESIS"},
             {0xdf, "LATIN SMALL LETTER SHARP S"},
             {0x65e5, "CJK UNIFIED IDEOGRAPH-65E5"},
             {0x1d11e, "MUSICAL SYMBOL G CLEF"},
             {0xa0, "NO-BREAK SPACE"}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (t[i].c == c) {
            strcpy(buf, t[i].n);
            return true;
        }
    return false;
}

bool uc_isalnum(uint32_t c) { return uc_decimal(c) >= 0 || uc_iscased(c); }

int uc_title(uint32_t c, uint32_t out[3])
{
    if ((c >= 'a' && c <= 'z') || (c >= 0xe0 && c <= 0xfe && c != 0xf7))
        c -= 32;
    out[0] = c;
    return 1;
}
