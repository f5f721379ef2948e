/* idna (stub) */
#include "codecs/codecs_int.h"

int codecs_idna_encode(codecs_call *c)
{
    return py_raise(c->err, c->a, "NotImplementedError", "idna");
}
int codecs_idna_decode(codecs_call *c)
{
    return py_raise(c->err, c->a, "NotImplementedError", "idna");
}
int codecs_idna_encode_inc(codecs_call *c)
{
    return py_raise(c->err, c->a, "NotImplementedError", "idna");
}
int codecs_idna_decode_inc(codecs_call *c)
{
    return py_raise(c->err, c->a, "NotImplementedError", "idna");
}
