/* list(codecs.iterdecode(chunks, encoding, errors)) as CPython 3.11 runs it:
 * each codec's IncrementalDecoder class, call by call -- the buffered ones
 * (codecs.BufferedIncrementalDecoder: utf-8, utf-8-sig, utf-16/32 and their
 * BOM detection, utf-7, unicode_escape, raw_unicode_escape, idna), the
 * stateless ones (ascii, latin-1, the charmaps, punycode, undefined) and
 * the multibyte ones of Modules/cjkcodecs/multibytecodec.c (pending bytes,
 * the codec's state, the final "incomplete multibyte sequence") -- with the
 * TypeError each raises for a chunk that is not bytes. */
#include <stdlib.h>
#include <string.h>

#include "codecs/codecs_int.h"

enum { FAM_BUFFERED, FAM_STATELESS, FAM_MB, FAM_UNDEFINED, FAM_PUNYCODE };

/* Bytes decoded over all calls: a buffered decoder re-reads what it kept,
 * so a long cut sequence fed byte by byte costs its length squared. */
#define MAX_WORK ((size_t)256 << 20)

typedef struct decoder {
    codecs_call tmpl; /* a, err, errors, eh, max_bytes */
    const codecs_module *m;
    int fam;
    int bo;                   /* utf-16/32: 0 until a BOM (or its absence) decided */
    bool first;               /* utf-8-sig: the BOM question is still open */
    strbuf buffer;            /* the buffered input, or the multibyte pending bytes */
    unsigned char mbstate[8]; /* a stateful CJK codec's state */
    size_t work;
    size_t total; /* output bytes so far */
} decoder;

static int family(int impl)
{
    switch ((codecs_impl)impl) {
    case CODECS_ASCII:
    case CODECS_LATIN1:
    case CODECS_CHARMAP_NONE:
    case CODECS_CHARMAP:
        return FAM_STATELESS;
    case CODECS_CJK:
    case CODECS_ISO2022:
    case CODECS_HZ:
        return FAM_MB;
    case CODECS_UNDEFINED:
        return FAM_UNDEFINED;
    case CODECS_PUNYCODE:
        return FAM_PUNYCODE;
    default:
        return FAM_BUFFERED;
    }
}

/* One _buffer_decode of a buffered decoder over c->b: its output in c->out,
 * c->consumed set. */
static int buffered_decode(decoder *d, codecs_call *c)
{
    switch ((codecs_impl)d->m->impl) {
    case CODECS_UTF8:
        return codecs_utf8_decode(c, 0);
    case CODECS_UTF8_SIG:
        if (d->first) {
            static const unsigned char bom[3] = {0xEF, 0xBB, 0xBF};
            if (c->blen < 3 && !memcmp(bom, c->b, c->blen)) {
                c->consumed = 0; /* not enough to decide: try again on the next call */
                return 0;
            }
            d->first = false;
            if (c->blen >= 3 && !memcmp(bom, c->b, 3)) {
                c->b += 3, c->blen -= 3, c->consumed -= 3;
                int rc = codecs_utf8_decode(c, 0);
                c->b -= 3, c->blen += 3, c->consumed += 3;
                return rc;
            }
        }
        return codecs_utf8_decode(c, 0);
    case CODECS_UTF16:
    case CODECS_UTF32: {
        bool u16 = d->m->impl == CODECS_UTF16;
        int bo = d->bo;
        int rc = u16 ? codecs_utf16_decode(c, &bo) : codecs_utf32_decode(c, &bo);
        if (rc < 0 || d->bo)
            return rc;
        d->bo = bo;
        if (!bo && c->consumed >= (u16 ? 2u : 4u))
            return py_raise(c->err, c->a, "UnicodeError", "UTF-%s stream does not start with BOM",
                            u16 ? "16" : "32");
        return 0;
    }
    case CODECS_UTF16LE:
    case CODECS_UTF16BE: {
        int bo = d->m->impl == CODECS_UTF16LE ? -1 : 1;
        return codecs_utf16_decode(c, &bo);
    }
    case CODECS_UTF32LE:
    case CODECS_UTF32BE: {
        int bo = d->m->impl == CODECS_UTF32LE ? -1 : 1;
        return codecs_utf32_decode(c, &bo);
    }
    case CODECS_UTF7:
        return codecs_utf7_decode(c);
    case CODECS_UNICODE_ESCAPE:
    case CODECS_RAW_UNICODE_ESCAPE:
        return codecs_uescape_decode(c, d->m->impl == CODECS_RAW_UNICODE_ESCAPE);
    case CODECS_IDNA:
        return codecs_idna_decode_inc(c);
    default:
        return py_raise(c->err, c->a, "SystemError", "no incremental decoder");
    }
}

/* MultibyteIncrementalDecoder.decode: pending + input, fed until a cut
 * sequence; at the end that sequence is an error; what is left waits. */
static int mb_decode(decoder *d, codecs_call *c, bool final)
{
    c->final = false;
    c->mbstate = d->mbstate;
    if (codecs_mb_decode(c, d->m->impl, d->m->index) < 0)
        return -1;
    size_t used = c->consumed;
    if (final && used < c->blen) {
        if (codecs_dec_handler(c, codecs_mb_name(d->m->impl, d->m->index), "incomplete multibyte sequence",
                               used, c->blen, &used) < 0)
            return -1;
    }
    if (c->blen - used > 8)
        return py_raise(c->err, c->a, "UnicodeError", "pending buffer overflow");
    c->consumed = used;
    return 0;
}

/* The TypeError (or AttributeError) a decoder of this family raises for a
 * chunk that is not bytes. */
static int not_bytes(decoder *d, const pv *in)
{
    const char *t = pv_type_name(in);
    py_err *err = d->tmpl.err;
    if (d->fam == FAM_BUFFERED)
        return py_raise(err, d->tmpl.a, "TypeError", "can't concat %s to bytes", t);
    if (d->fam == FAM_PUNYCODE)
        return py_raise(err, d->tmpl.a, "AttributeError", "'%s' object has no attribute 'rfind'", t);
    return py_raise(err, d->tmpl.a, "TypeError", "a bytes-like object is required, not '%s'", t);
}

/* decoder.decode(input, final): appends the output to *list when not empty. */
static int decode_call(decoder *d, const pv *in, bool final, pv *list)
{
    arena *a = d->tmpl.a;
    if (d->fam == FAM_UNDEFINED)
        return py_raise(d->tmpl.err, a, "UnicodeError", "undefined encoding");
    if (d->fam == FAM_PUNYCODE)
        return codecs_punycode_decode_obj(&d->tmpl, in, list, &d->total);
    if (in->kind != PV_BYTES)
        return not_bytes(d, in);
    /* the _codecs functions check their errors argument ("s"): every call but idna's and
       utf-8-sig's undecided BOM, which call none (the multibyte ones checked it at creation) */
    bool sig_wait = false;
    if (d->m->impl == CODECS_UTF8_SIG && d->first && d->buffer.len + in->s.len < 3) {
        char head[3] = {0};
        memcpy(head, d->buffer.data ? d->buffer.data : "", d->buffer.len);
        memcpy(head + d->buffer.len, in->s.len ? in->s.p : "", in->s.len);
        sig_wait = !memcmp(head, "\xEF\xBB\xBF", d->buffer.len + in->s.len);
    }
    if (d->fam != FAM_MB && d->m->impl != CODECS_IDNA && !sig_wait &&
        codecs_check_errors(a, d->tmpl.errors_obj, d->tmpl.err) < 0)
        return -1;
    codecs_call c = d->tmpl;
    strbuf data = STRBUF_INIT;
    strbuf_append(&data, d->buffer.data ? d->buffer.data : "", d->buffer.len);
    strbuf_append(&data, in->s.p, in->s.len);
    d->buffer.len = 0;
    d->work += data.len;
    if (d->work > MAX_WORK) {
        strbuf_free(&data);
        return py_limit(c.err, a, "incremental decoding re-reads more than %zu bytes", MAX_WORK);
    }
    c.b = (const unsigned char *)(data.data ? data.data : "");
    c.blen = data.len;
    c.final = final;
    c.consumed = c.blen;
    int rc;
    if (d->fam == FAM_STATELESS)
        rc = codecs_run_decode(&c, d->m->impl, d->m->index);
    else if (d->fam == FAM_MB)
        rc = mb_decode(d, &c, final);
    else
        rc = buffered_decode(d, &c);
    if (rc == 0) {
        strbuf_append(&d->buffer, c.b + c.consumed, c.blen - c.consumed);
        d->total += c.out.len;
        if (d->tmpl.max_bytes && d->total > d->tmpl.max_bytes)
            rc = py_limit(c.err, a, "result of more than %zu bytes", d->tmpl.max_bytes);
    }
    if (rc == 0 && c.out.len) {
        size_t n;
        char *p = strbuf_detach(&c.out, &n);
        arena_defer(a, free, p);
        pv_list_push(a, list, pv_str_take_n(a, p, n, c.ncp));
    }
    strbuf_free(&c.out);
    strbuf_free(&data);
    return rc;
}

int codecs_iterdecode(arena *a, const pv *chunks, const pv *encoding, const pv *errors, size_t max_bytes,
                      pv **out, py_err *err)
{
    decoder d = {.tmpl = {.a = a, .err = err, .max_bytes = max_bytes, .final = true}, .first = true};
    if (codecs_stream_open(a, encoding, errors, &d.tmpl, &d.m, err) < 0)
        return -1;
    d.fam = family(d.m->impl);
    if (d.fam == FAM_MB) { /* MultibyteIncrementalDecoder(errors): an "s" argument */
        if (codecs_check_errors(a, errors, err) < 0)
            return -1;
        codecs_mb_init(d.m->impl, d.m->index, d.mbstate, false);
    }
    pv *list = pv_list(a, 4);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < chunks->l.len; i++)
        rc = decode_call(&d, chunks->l.items[i], false, list);
    if (rc == 0)
        rc = decode_call(&d, pv_bytes(a, "", 0), true, list);
    strbuf_free(&d.buffer);
    if (rc == 0)
        *out = list;
    return rc;
}
