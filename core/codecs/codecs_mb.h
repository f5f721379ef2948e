/* Internals of the multibyte codecs (Modules/cjkcodecs of CPython 3.11):
 * the codec steps the driver of core/codecs/codecs_mb.c (multibytecodec.c)
 * runs, and the tables of core/codecs/codecs_cjk_build.c they read. */
#ifndef PYSTD_CODECS_MB_H
#define PYSTD_CODECS_MB_H

#include "codecs/codecs_int.h"

#define MBERR_EXCEPTION (-1) /* an exception was raised */
#define MBERR_TOOFEW (-2)    /* a sequence cut by the end of the input */

/* A decoder step: decode c->b from *i on.  0 when the input is used up; > 0
 * the size of an error at *i; MBERR_TOOFEW when the sequence at *i is cut. */
typedef int (*mb_decode_fn)(codecs_call *c, int index, size_t *i);
/* An encoder step: encode u[*i..n) to out.  0 when done; > 0 an error of
 * that many characters at *i; MBERR_TOOFEW when u[*i] waits for the next
 * character (never when flush). */
typedef int (*mb_encode_fn)(codecs_call *c, int index, const uint32_t *u, size_t *i, size_t n, bool flush,
                            strbuf *out);

int codecs_cjk_decode_step(codecs_call *c, int index, size_t *i);
int codecs_cjk_encode_step(codecs_call *c, int index, const uint32_t *u, size_t *i, size_t n, bool flush,
                           strbuf *out);
int codecs_iso2022_decode_step(codecs_call *c, int index, size_t *i);
int codecs_iso2022_encode_step(codecs_call *c, int index, const uint32_t *u, size_t *i, size_t n, bool flush,
                               strbuf *out);
void codecs_iso2022_init(int index, unsigned char state[8], bool encoder);
void codecs_iso2022_reset(unsigned char state[8], strbuf *out); /* ENCODER_RESET */
const char *codecs_iso2022_name(int index);
int codecs_hz_decode_step(codecs_call *c, int index, size_t *i);
int codecs_hz_encode_step(codecs_call *c, int index, const uint32_t *u, size_t *i, size_t n, bool flush,
                          strbuf *out);
void codecs_hz_reset(unsigned char state[8], strbuf *out);

/* ---------------------------------------------------------------- tables */

#define CJK_CLS_LEAD 0xFFFFFFFFu
#define CJK_CLS_INVALID 0xFFFFFFFEu
#define CJK_ENC_NONE 0xFFFFFFFFu /* forced: no encoding (an exception entry) */

typedef struct cjk_smp {
    uint32_t cp, code; /* (length << 24) | bytes */
} cjk_smp;

/* One codec's tables, built on first use and kept for the life of the
 * process (codecs_cjk_get). */
typedef struct cjk {
    int index;
    uint32_t cls[256];    /* first byte: a code point, CJK_CLS_LEAD or CJK_CLS_INVALID */
    uint16_t pair[65536]; /* (first << 8 | second) -> code point, 0: none */
    uint16_t *triple;     /* EUC: 0x8F (c2 << 8 | c3) -> code point */
    uint32_t enc[65536];  /* BMP code point -> (length << 24) | bytes; 0: by algorithm or none */
    cjk_smp *smp;         /* code points beyond the BMP, from the wide decodings, sorted */
    size_t nsmp;
    uint32_t *exc, *wide; /* the table's lists over its base's (codecs_cjk_table) */
    size_t nexc, nwide;
    const uint32_t *pairs;
    size_t npairs;
    uint32_t *own_pairs; /* the pairs when built here (a transformed base's), else NULL */
} cjk;

const cjk *codecs_cjk_get(int index);

/* The wide decoding {key, cp1, cp2} of a (length << 24) | bytes sequence, or NULL. */
const uint32_t *codecs_cjk_wide(const cjk *k, uint32_t key);

#endif
