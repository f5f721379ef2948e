/* The {"$bytes": "<base64>"} wire form of bytes (py_wire.h). */
#include "py/py_wire.h"

#include "base/base64.h"

py_wire_read py_wire_bytes_in(arena *a, const pv *v, pv **out)
{
    *out = (pv *)v;
    const pv *b = v->kind == PV_DICT ? pv_dict_getc(v, "$bytes") : NULL;
    if (!b)
        return PY_WIRE_NOT_BYTES;
    if (v->d.len != 1 || b->kind != PV_STR)
        return PY_WIRE_BAD_SHAPE;
    strbuf d = STRBUF_INIT;
    if (!base64_decode(&d, b->s.p, b->s.len)) {
        strbuf_free(&d);
        return PY_WIRE_BAD_BASE64;
    }
    *out = pv_bytes(a, d.data ? d.data : "", d.len);
    strbuf_free(&d);
    return PY_WIRE_BYTES;
}

pv *py_wire_bytes_out(arena *a, const pv *b)
{
    strbuf e = STRBUF_INIT;
    base64_encode(&e, b->s.p, b->s.len);
    pv *d = pv_dict(a, 1);
    pv_dict_setc(a, d, "$bytes", pv_str(a, e.data ? e.data : "", e.len));
    strbuf_free(&e);
    return d;
}

pv *py_wire_out(arena *a, pv *v)
{
    switch (v->kind) {
    case PV_BYTES:
        return py_wire_bytes_out(a, v);
    case PV_LIST:
        for (size_t i = 0; i < v->l.len; i++)
            v->l.items[i] = py_wire_out(a, v->l.items[i]);
        return v;
    case PV_DICT:
        for (size_t i = 0; i < v->d.len; i++)
            v->d.items[i].val = py_wire_out(a, v->d.items[i].val);
        return v;
    default:
        return v;
    }
}
