// SPDX-License-Identifier: GPL-2.0-or-later
/* unit_reduce.c - the reduced search against the exhaustive one.
 *
 * The depth-first cover keys states by call summaries (a thread's
 * trajectory restarts at each call from a hash of its own state, exec.h);
 * the finer key, every access since the start, is the exhaustive cover the
 * explorer had before. For every row of `explain --all --device=all
 * --driver=all` (every pair x qemu-fix x dpdk-fix x copy routine), under SC
 * and TSO, at small bounds, both covers run to the end (on past
 * violations) and must agree on
 *   - the verdict (a violation reached or not) and the violations reached
 *     first being real ones,
 *   - the set of final states reached: its size and an order-free digest
 *     of their fingerprints (xp_exec_final_print), which both compute the
 *     same way from the final state, whichever key led there;
 * and the reduced cover must never expand more states nor end more
 * executions. A summary that forgot something a thread's future depends
 * on would merge states with different futures and lose final states
 * (its digest would differ); one that kept history would not reduce. */
#include <stdio.h>
#include <string.h>

#include "pairs.h"
#include "tap.h"
#include "explain/dfs.h"
#include "explain/exec.h"
#include "explain/pair.h"
#include "explain/pattern.h"


/* The bounds per pair and memory model: SC at the pair's default bounds
 * (its smallest ring, ring + 1 packets), TSO with 2 packets; linux-e1000e
 * with a batch of 1 (ring 3), 2 packets under SC and 1 under TSO: the
 * exhaustive cover of its byte-wise copies expands tens of millions of
 * states at its default bounds, and runs for many minutes at 3 packets
 * (SC) or 2 (TSO). */
static struct xp_config bounds(enum nic_device_id dev, enum nic_driver_id drv, enum xp_memory m)
{
    bool batch = xp_driver_models[drv].batch;
    struct xp_config c = {E1000_FIX_NONE, EM_WORKAROUND_NONE, DMA_COPY_SINGLE, m, 0, 0, 4, 0,
                          dev, drv, batch ? 1u : 0};
    c.ring = xp_ring_min(&c);
    c.packets = batch && m == XP_MEM_TSO ? 1 : m == XP_MEM_TSO || batch ? 2 : c.ring + 1;
    return c;
}

struct tally {
    unsigned rows, agree, skipped;
    uint64_t full_states, reduced_states, full_execs, reduced_execs;
};

static void row(const struct xp_config *c, struct tally *t)
{
    struct xp_dfs_opts full = {.max_preemptions = UINT32_MAX, .max_states = 50000000,
                               .history_keys = true, .all_finals = true};
    struct xp_dfs_opts reduced = full;
    struct xp_dfs_result a, b;
    const char *why = NULL;
    char name[128];

    reduced.history_keys = false;
    snprintf(name, sizeof(name), "%s/%s r%u p%u %s: %s/%s/%s", nic_devices[c->device].name,
             nic_drivers[c->driver].name, c->ring, c->packets, xp_memories[c->memory].name,
             e1000_fixes[c->fix].name, em_workarounds[c->workaround].name, dma_copies[c->copy].name);
    if (xp_dfs_cover(c, &full, &a, &why) != 0) {
        /* Only the C library's routine where this host's store pattern
         * cannot be measured is skipped; any other error fails the row. */
        struct dma_pattern p;
        const char *unmeasured = NULL;
        if (dma_copies[c->copy].pattern == NULL &&
            xp_copy_pattern(c->copy, 16, 0, &p, &unmeasured) != 0) {
            t->skipped++;
            ok(1, "%s # SKIP %s", name, unmeasured);
        } else {
            t->rows++;
            ok(0, "%s: the exhaustive search failed: %s", name, why);
        }
        return;
    }
    int rc = xp_dfs_cover(c, &reduced, &b, &why);
    t->rows++;
    bool same = rc == 0 && a.found == b.found && a.finals == b.finals &&
                a.finals_digest[0] == b.finals_digest[0] && a.finals_digest[1] == b.finals_digest[1];
    bool fewer = rc == 0 && b.states <= a.states && b.executions <= a.executions;
    bool whole = rc == 0 && !a.step_limit && !b.step_limit && !a.cache_full && !b.cache_full;
    ok(same && fewer && whole,
       "%s: %s both; %llu final states, digest %s; states %llu -> %llu, executions %llu -> %llu",
       name, a.found ? "violation" : "none", (unsigned long long)a.finals,
       a.finals_digest[0] == b.finals_digest[0] && a.finals_digest[1] == b.finals_digest[1]
           ? "equal" : "DIFFERENT",
       (unsigned long long)a.states, (unsigned long long)b.states,
       (unsigned long long)a.executions, (unsigned long long)b.executions);
    if (!same)
        diag("  exhaustive: found %d, %llu finals; reduced: found %d, %llu finals", a.found,
             (unsigned long long)a.finals, b.found, (unsigned long long)b.finals);
    t->agree += same && fewer && whole;
    t->full_states += a.states;
    t->reduced_states += b.states;
    t->full_execs += a.executions;
    t->reduced_execs += b.executions;
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    for (int m = 0; m < XP_MEM_COUNT; m++) {
        struct tally t = {0, 0, 0, 0, 0, 0, 0};
        for (size_t i = 0; i < NPAIRS; i++) {
            struct xp_config c = bounds(pairs[i].dev, pairs[i].drv, (enum xp_memory)m);
            for (int fix = 0; fix < E1000_FIX_COUNT; fix++)
                for (int wa = 0; wa < EM_WORKAROUND_COUNT; wa++)
                    for (int copy = 0; copy < DMA_COPY_COUNT; copy++) {
                        c.fix = (enum e1000_fix)fix;
                        c.workaround = (enum em_workaround)wa;
                        c.copy = (enum dma_copy_id)copy;
                        row(&c, &t);
                    }
        }
        ok(t.rows > 0 && t.agree == t.rows,
           "%s: %u of %u rows agree (%u skipped); states %llu -> %llu, executions %llu -> %llu",
           xp_memories[m].name, t.agree, t.rows, t.skipped, (unsigned long long)t.full_states,
           (unsigned long long)t.reduced_states, (unsigned long long)t.full_execs,
           (unsigned long long)t.reduced_execs);
    }
    return tap_done();
}
