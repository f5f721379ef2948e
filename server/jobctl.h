/* What a running operation can ask of the job that runs it (the struct and
 * its functions live in core/jobs/jobs_ctl.h, next to the job engine); the
 * op_should_stop / op_sleep / op_progress helpers are declared in op.h and
 * defined in jobctl.c. */
#ifndef PYSTD_JOBCTL_H
#define PYSTD_JOBCTL_H

#include "jobs/jobs_ctl.h"

#endif
