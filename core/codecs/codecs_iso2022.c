/* ISO-2022 (stub) */
#include "codecs/codecs_mb.h"

int codecs_iso2022_decode_step(codecs_call *c, int index, size_t *i)
{
    (void)index, (void)i;
    return py_raise(c->err, c->a, "NotImplementedError", "iso2022");
}
int codecs_iso2022_encode_step(codecs_call *c, int index, const uint32_t *u, size_t *i, size_t n, bool flush,
                               strbuf *out)
{
    (void)index, (void)u, (void)i, (void)n, (void)flush, (void)out;
    return py_raise(c->err, c->a, "NotImplementedError", "iso2022");
}
void codecs_iso2022_init(int index, unsigned char state[8], bool encoder)
{
    (void)index, (void)state, (void)encoder;
}
void codecs_iso2022_reset(unsigned char state[8], strbuf *out)
{
    (void)state, (void)out;
}
const char *codecs_iso2022_name(int index)
{
    (void)index;
    return "iso2022";
}
