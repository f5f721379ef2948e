/* The text codecs of urllib (url_codec.h) on core/codecs: a codec looked up
 * once (marked when it is UTF-8, which callers handle themselves), encode
 * and decode through codecs_encode / codecs_decode. */
#include "url/url_codec.h"

#include <string.h>

#include "codecs/codecs.h"

int url_codec_lookup(arena *a, url_str name, url_codec *out, py_err *err)
{
    const char *canon;
    if (codecs_lookup(a, pv_str(a, name.p, name.n), &canon, err) < 0)
        return -1;
    out->kind = strcmp(canon, "utf-8") == 0 ? URL_CODEC_UTF8 : URL_CODEC_OTHER;
    out->name = arena_strndup(a, name.p, name.n);
    out->name_len = name.n;
    return 0;
}

int url_codec_encode(arena *a, const url_codec *c, url_str s, url_str errors, strbuf *out, py_err *err)
{
    pv *b;
    if (codecs_encode(a, pv_str(a, s.p, s.n), pv_str(a, c->name, c->name_len), pv_str(a, errors.p, errors.n), 0,
                      &b, err) < 0)
        return -1;
    strbuf_append(out, b->s.p, b->s.len);
    return 0;
}

int url_codec_decode(arena *a, const url_codec *c, const unsigned char *bytes, size_t n, url_str errors,
                     strbuf *out, py_err *err)
{
    pv *s;
    if (codecs_decode(a, pv_bytes(a, bytes, n), pv_str(a, c->name, c->name_len), pv_str(a, errors.p, errors.n), 0,
                      &s, err) < 0)
        return -1;
    strbuf_append(out, s->s.p, s->s.len);
    return 0;
}
