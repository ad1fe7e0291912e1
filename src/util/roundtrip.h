// SPDX-License-Identifier: GPL-2.0-or-later
/* roundtrip.h - how far apart two CPUs are, measured: the time one cache
 * line takes to go to the other CPU and come back.
 *
 * The live race's rate depends on it. On host B (docs/performance.md) the
 * same two vCPUs measured 85 ns in one minute and 330 ns in another, as
 * the hypervisor moved them, and the rate of the race moved with it, by a
 * factor of ten; sysfs cannot tell, because a guest sees the topology it
 * was given, not where its vCPUs run. So the run header prints it. */
#ifndef E1000_POC_ROUNDTRIP_H
#define E1000_POC_ROUNDTRIP_H

/* Exchanges per batch (five batches): about 2 ms in all between near
 * CPUs, 7 ms between far ones. */
#define ROUNDTRIP_EXCHANGES 4000u
/* Not done within this: one of the CPUs is busy, nothing is measured. */
#define ROUNDTRIP_BUDGET_NS 50000000u

/* Median nanoseconds per round trip over five batches of `exchanges`
 * between a thread pinned to CPU a and one pinned to CPU b. Returns < 0 if
 * a or b is < 0 or a == b, if the threads cannot be started or pinned, or
 * if it took longer than ROUNDTRIP_BUDGET_NS. */
double roundtrip_ns(int a, int b, unsigned exchanges);

#endif
