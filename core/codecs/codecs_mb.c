/* The driver of the multibyte codecs, as Modules/cjkcodecs/multibytecodec.c
 * of CPython 3.11 runs them: the decode loop and multibytecodec_decerror
 * (one U+FFFD per error unit, "incomplete multibyte sequence" = the rest of
 * the input), multibytecodec_encode and multibytecodec_encerror (a str
 * replacement goes through the codec itself, strictly, with its state; '?'
 * for replace when the codec has it), the final reset of the stateful
 * ISO-2022 and HZ encoders.  The codec steps live in codecs_cjk.c,
 * codecs_iso2022.c and codecs_hz.c. */
#include <string.h>

#include "codecs/codecs_mb.h"

static int dec_step(codecs_call *c, int impl, int index, size_t *i)
{
    if (impl == CODECS_ISO2022)
        return codecs_iso2022_decode_step(c, index, i);
    if (impl == CODECS_HZ)
        return codecs_hz_decode_step(c, index, i);
    return codecs_cjk_decode_step(c, index, i);
}

static int enc_step(codecs_call *c, int impl, int index, const uint32_t *u, size_t *i, size_t n, bool flush,
                    strbuf *out)
{
    if (impl == CODECS_ISO2022)
        return codecs_iso2022_encode_step(c, index, u, i, n, flush, out);
    if (impl == CODECS_HZ)
        return codecs_hz_encode_step(c, index, u, i, n, flush, out);
    return codecs_cjk_encode_step(c, index, u, i, n, flush, out);
}

void codecs_mb_init(int impl, int index, unsigned char state[8], bool encoder)
{
    memset(state, 0, 8);
    if (impl == CODECS_ISO2022)
        codecs_iso2022_init(index, state, encoder);
}

const char *codecs_mb_name(int impl, int index)
{
    if (impl == CODECS_ISO2022)
        return codecs_iso2022_name(index);
    if (impl == CODECS_HZ)
        return "hz";
    return codecs_cjk_tables[index].name;
}

int codecs_mb_decode(codecs_call *c, int impl, int index)
{
    const char *enc = codecs_mb_name(impl, index);
    size_t i = 0, n = c->blen;
    while (i < n) {
        int r = dec_step(c, impl, index, &i);
        if (r == MBERR_EXCEPTION)
            return -1;
        if (r == 0 || (r == MBERR_TOOFEW && !c->final))
            break;
        size_t esize = r == MBERR_TOOFEW ? n - i : (size_t)r;
        const char *reason =
            r == MBERR_TOOFEW ? "incomplete multibyte sequence" : "illegal multibyte sequence";
        if (codecs_dec_handler(c, enc, reason, i, i + esize, &i) < 0 || codecs_check_size(c) < 0)
            return -1;
    }
    c->consumed = i;
    return 0;
}

/* multibytecodec_encerror for an error of esize characters at c->inpos. */
static int encerror(codecs_call *c, int impl, int index, size_t esize)
{
    static const char reason[] = "illegal multibyte sequence";
    if (c->eh == CODECS_EH_REPLACE || c->eh == CODECS_EH_IGNORE) {
        if (c->eh == CODECS_EH_REPLACE) {
            static const uint32_t q = '?';
            size_t j = 0;
            if (enc_step(c, impl, index, &q, &j, 1, false, &c->out) != 0)
                strbuf_putc(&c->out, '?');
        }
        c->inpos += esize;
        return 0;
    }
    codecs_enc_rep r;
    if (codecs_enc_handler(c, codecs_mb_name(impl, index), reason, c->inpos, c->inpos + esize, &r) < 0)
        return -1;
    int rc = 0;
    if (r.bytes) {
        strbuf_append(&c->out, r.rep.data ? r.rep.data : "", r.rep.len);
    } else if (r.rep.len) {
        /* the str replacement, encoded by the codec (strict, flushed, same state) */
        uint32_t *ru = arena_alloc(c->a, r.rep.len * sizeof *ru);
        for (size_t k = 0; k < r.rep.len; k++)
            ru[k] = (unsigned char)r.rep.data[k];
        size_t j = 0;
        int e = enc_step(c, impl, index, ru, &j, r.rep.len, true, &c->out);
        if (e == MBERR_EXCEPTION) {
            rc = -1;
        } else if (e != 0) {
            codecs_call rc2 = *c;
            rc2.u = ru;
            rc2.ulen = r.rep.len;
            rc = codecs_raise_encode(&rc2, codecs_mb_name(impl, index), reason, j,
                                     j + (size_t)(e > 0 ? e : 1));
        }
    }
    strbuf_free(&r.rep);
    c->inpos = r.newpos;
    return rc < 0 ? -1 : codecs_check_size(c);
}

int codecs_mb_encode(codecs_call *c, int impl, int index, bool reset)
{
    size_t n = c->ulen;
    if (c->inpos >= n && !reset)
        return 0;
    while (c->inpos < n) {
        int r = enc_step(c, impl, index, c->u, &c->inpos, n, c->final, &c->out);
        if (r == MBERR_EXCEPTION)
            return -1;
        if (r == 0 || r == MBERR_TOOFEW)
            break;
        if (encerror(c, impl, index, (size_t)r) < 0)
            return -1;
    }
    if (reset && impl == CODECS_ISO2022)
        codecs_iso2022_reset(c->mbstate, &c->out);
    else if (reset && impl == CODECS_HZ)
        codecs_hz_reset(c->mbstate, &c->out);
    return codecs_check_size(c);
}

int codecs_mb_encode_all(codecs_call *c, int impl, int index)
{
    unsigned char state[8];
    codecs_mb_init(impl, index, state, true);
    c->mbstate = state;
    c->inpos = 0;
    c->final = true;
    int rc = codecs_mb_encode(c, impl, index, true);
    c->mbstate = NULL;
    return rc;
}
