// SPDX-License-Identifier: GPL-2.0-or-later
/* cpushare.h - how much CPU each worker thread really got.
 *
 * A race needs both threads running at once. On a busy host a thread may
 * be preempted for most of the run; the run then says so instead of
 * passing "nothing seen" off as "not reproduced". Each thread measures
 * itself (its CPU clock and its context switches, RUSAGE_THREAD) at its
 * start and end. */
#ifndef E1000_POC_CPUSHARE_H
#define E1000_POC_CPUSHARE_H

#include <stdbool.h>
#include <stdint.h>

/* What one thread got over a span of its life. */
struct cpushare_use {
    bool known;        /* measured (the thread ran and the clocks answered) */
    double wall_s;     /* from the thread's start to its end */
    double cpu_s;      /* CPU time it got in that span */
    uint64_t nivcsw;   /* involuntary context switches: preempted */
    uint64_t nvcsw;    /* voluntary ones: it slept or waited */
};

/* A thread's clocks at one moment. */
struct cpushare_mark {
    uint64_t wall_ns, cpu_ns;
    uint64_t nivcsw, nvcsw;
    bool ok;
};

/* Called by the thread being measured. */
void cpushare_mark(struct cpushare_mark *m);
/* What the calling thread got between two of its marks. */
void cpushare_between(const struct cpushare_mark *from, const struct cpushare_mark *to,
                      struct cpushare_use *use);

/* Its CPU time as a share of its wall time (0..1, a little over 1 from
 * clock granularity); -1 if not measured. Pure. */
double cpushare_share(const struct cpushare_use *use);

#endif
