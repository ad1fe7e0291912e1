// SPDX-License-Identifier: GPL-2.0-or-later
/* out_trace.h - print a recorded execution so that it can be read in one go:
 * one step per line, the device's accesses in the left column, the driver's
 * in the right, the registers and the touched descriptor after each step,
 * markers where a thread is preempted, where a store undoes the driver's
 * write, and where a violation shows. */
#ifndef E1000_POC_OUT_TRACE_H
#define E1000_POC_OUT_TRACE_H

#include <stdio.h>

#include "explain/exec.h"

/* Steps [0, nsteps) of x's trace, with their events. */
void out_trace_print(FILE *f, const struct xp_exec *x, unsigned nsteps);

/* The trace as lines, for any rendering (the text above, out_explain_svg.h):
 * out_trace_walk() calls sink once per line, in the text trace's order, so
 * that every picture numbers and words the steps as the text does. */
enum xp_line_kind {
    OUT_LINE_STEP,       /* one step: text in its thread's column; s, desc set */
    OUT_LINE_PREEMPTION, /* before a step that preempts the other thread ("--") */
    OUT_LINE_DAMAGE,     /* a device store undid the driver's write ("!!"); s set */
    OUT_LINE_VIOLATION,  /* a violation shows ("!!") */
    OUT_LINE_PACKET,     /* the driver hands a packet up ("=>") */
    OUT_LINE_EVENT,      /* a thread goes idle, the device is done */
};
struct out_trace_line {
    enum xp_line_kind kind;
    int thread;             /* its column: XP_DEVICE or XP_DRIVER; -1: the whole width */
    unsigned step;          /* the step it belongs to, 1-based as printed */
    const char *text;       /* without its marker ("--", "!!") */
    const struct xp_step *s; /* STEP, PREEMPTION, DAMAGE and RDT == RDH: the step */
    const char *desc;       /* STEP: the touched descriptor after it, "d0: buf 1 DD fill 0" or "" */
};
typedef void (*out_trace_sink)(void *ctx, const struct out_trace_line *line);
void out_trace_walk(const struct xp_exec *x, unsigned nsteps, out_trace_sink sink, void *ctx);

/* The violated properties, in one sentence, from the events of the steps
 * [0, nsteps). */
void out_trace_verdict(FILE *f, const struct xp_exec *x, unsigned violations, unsigned nsteps);

/* What happens after step `from` with no further preemption (x was run to
 * its end with keep_going). */
void out_trace_aftermath(FILE *f, const struct xp_exec *x, unsigned from);

#endif
