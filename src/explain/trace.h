/* trace.h - print a recorded execution so that it can be read in one go:
 * one step per line, the device's accesses in the left column, the driver's
 * in the right, the registers and the touched descriptor after each step,
 * markers where a thread is preempted, where a store undoes the driver's
 * write, and where a violation shows. */
#ifndef E1000_POC_XP_TRACE_H
#define E1000_POC_XP_TRACE_H

#include <stdio.h>

#include "explain/exec.h"

/* Steps [0, nsteps) of x's trace, with their events. */
void xp_trace_print(FILE *f, const struct xp_exec *x, unsigned nsteps);

/* The violated properties, in one sentence, from the events of the steps
 * [0, nsteps). */
void xp_trace_verdict(FILE *f, const struct xp_exec *x, unsigned violations, unsigned nsteps);

/* What happens after step `from` with no further preemption (x was run to
 * its end with keep_going). */
void xp_trace_aftermath(FILE *f, const struct xp_exec *x, unsigned from);

#endif
