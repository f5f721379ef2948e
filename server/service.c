/* Shared state of the running service (service.h): draining after SIGTERM,
 * the hooks that run when it starts, and the readiness checks. */
#include "service.h"

#include <stdatomic.h>
#include <stddef.h>

static atomic_bool draining;
bool service_draining(void)
{
    return atomic_load(&draining);
}
void service_set_draining(void)
{
    atomic_store(&draining, true);
}

static shutdown_fn shutdown_fns[8];
static size_t nshutdown;
void service_on_shutdown(shutdown_fn fn)
{
    if (nshutdown < sizeof shutdown_fns / sizeof shutdown_fns[0])
        shutdown_fns[nshutdown++] = fn;
}
void service_run_shutdown(double grace_end)
{
    for (size_t i = 0; i < nshutdown; i++)
        shutdown_fns[i](grace_end);
}

static ready_fn ready_fns[4];
static size_t nready;
void service_on_ready_check(ready_fn fn)
{
    if (nready < sizeof ready_fns / sizeof ready_fns[0])
        ready_fns[nready++] = fn;
}
bool service_ready(const char **why)
{
    for (size_t i = 0; i < nready; i++)
        if (!ready_fns[i](why))
            return false;
    return true;
}
