/* Development stand-in for /v1/time/sleep, so that
 * the job scenarios can run before the real modules are merged.  NOT part of
 * the build: copy to handlers/ in a scratch tree only (the real handlers
 * declare the same routes; both at once makes registry_init fail loudly). */
#include <math.h>

#include "op.h"

static int fn_sleep(op_ctx *c)
{
    const pv *s = c->argv[0];
    double secs;
    if (s->kind == PV_INT) {
        if (!pv_int_to_double(s, &secs))
            return py_raise(&c->err, c->a, "OverflowError", "timestamp too large to convert to C _PyTime_t");
    } else {
        secs = s->f;
    }
    if (isnan(secs))
        return py_raise(&c->err, c->a, "ValueError", "Invalid value NaN (not a number)");
    if (secs < 0)
        return py_raise(&c->err, c->a, "ValueError", "sleep length must be non-negative");
    if (!c->job && secs > 5)
        return py_bad_request(&c->err, c->a, "secs must be <= 5 synchronously (submit a job for longer)");
    op_sleep(c, secs);
    c->result = pv_none();
    return 0;
}

static const op_arg sleep_args[] = {{"secs", A_NUM, 0, NULL, "seconds", NULL}, {NULL}};
static const op_def time_ops[] = {{"sleep", fn_sleep, sleep_args, OP_BLOCKING, "time.sleep(secs)", NULL, NULL},
                                  {NULL}};
const pystd_module pystd_module_zz_fake_time = {"time", "stand-in", time_ops, NULL, NULL, NULL};
