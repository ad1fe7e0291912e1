// SPDX-License-Identifier: GPL-2.0-or-later
/* unit_roundtrip.c - the round trip between two CPUs: what it refuses, and
 * that a measurement is either a plausible time or "not measured". No time
 * is asserted beyond the budget (a loaded host may leave it unmeasured):
 * timings live in bench/. */
#include <stdio.h>

#include "util/hostinfo.h"
#include "util/roundtrip.h"
#include "tap.h"

int main(void)
{
    int cpus[2];

    ok(roundtrip_ns(-1, 0, 16) < 0, "a CPU of -1 (not pinned): not measured");
    ok(roundtrip_ns(0, -1, 16) < 0, "... on either side");
    ok(roundtrip_ns(0, 0, 16) < 0, "one CPU for both: not measured (nothing travels)");
    ok(roundtrip_ns(0, 1, 0) < 0, "no exchanges: not measured");
    ok(roundtrip_ns(0, 100000, 16) < 0, "a CPU that does not exist: not measured (pinning fails)");

    if (hostinfo_usable_cpus(cpus, 2) < 2) {
        ok(1, "two CPUs # SKIP fewer than two usable CPUs");
    } else {
        double ns = roundtrip_ns(cpus[0], cpus[1], 64);
        /* Done within the budget: a positive time under the budget's
         * share per exchange (5 batches of 64). Not done: -1. */
        ok(ns < 0 || (ns > 0 && ns < (double)ROUNDTRIP_BUDGET_NS / (5 * 64)),
           "two CPUs: a positive time within the budget, or not measured");
        if (ns < 0)
            diag("not measured: a CPU was too busy to answer within the budget");
        else
            diag("%.0f ns between CPUs %d and %d", ns, cpus[0], cpus[1]);
        ok(roundtrip_ns(cpus[1], cpus[0], 64) != 0, "the other way round: never exactly 0");
    }
    return tap_done();
}
