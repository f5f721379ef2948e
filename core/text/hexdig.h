/* The value of a hexadecimal digit (core/text/hexdig.h, header only). */
#ifndef PYSTD_TEXT_HEXDIG_H
#define PYSTD_TEXT_HEXDIG_H

/* 0..15, or -1 when c is not one of 0-9, a-f, A-F. */
static inline int hexdig_value(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

#endif
