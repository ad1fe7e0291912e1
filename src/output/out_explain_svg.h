// SPDX-License-Identifier: GPL-2.0-or-later
/* out_explain_svg.h - a recorded execution as a picture: a sequence diagram in SVG
 * with the device's lane on the left, the driver's on the right and the
 * shared memory between them (RDH, RDT and the descriptor each step
 * touched, as memory holds them after it). Every step is one row, numbered
 * as in the text trace (the rows come from out_trace_walk, out_trace.h); an
 * arrow shows which way the access went (a store into memory, a load out
 * of it); preemptions are dashed rules, the store that undoes the driver's
 * write and every violation are marked in red. Deterministic: the same
 * execution and texts give the same bytes. */
#ifndef E1000_POC_OUT_EXPLAIN_SVG_H
#define E1000_POC_OUT_EXPLAIN_SVG_H

#include <stdbool.h>
#include <stdio.h>

#include "explain/exec.h"

/* Steps [0, nsteps) of x's trace. `head` and `foot` are lines of text
 * ('\n'-separated, may be NULL) drawn above and below the diagram: the
 * configuration, the verdict, the replay token. `standalone`: a file of
 * its own (with an XML declaration); false: inline in HTML. */
void out_explain_svg(FILE *f, const struct xp_exec *x, unsigned nsteps, const char *head,
                  const char *foot, bool standalone);

#endif
