// SPDX-License-Identifier: GPL-2.0-or-later
/* unit_outcome.c - the harnesses' result structs, with no renderer:
 * explain's pairs from a command line's choices (explain/choose.h), one
 * search's outcome and its replayed token, the rows of --all and their
 * tallies, a stop flag ending --all early (explain/outcome.h); matrix's
 * pairs and planned cells (run/matrix.h); probe's measurement of the
 * double copy, write-back by write-back (probe/measure.h). */
#include <signal.h>
#include <string.h>

#include "tap.h"
#include "explain/choose.h"
#include "explain/outcome.h"
#include "probe/measure.h"
#include "run/matrix.h"

static void pick(void)
{
    struct xp_config base = {.burst = 4, .device = NIC_DEV_E1000, .driver = NIC_DRV_DPDK_EM};
    struct xp_config pairs[NIC_DEV_COUNT * NIC_DRV_COUNT];
    char why[512] = "";
    struct xp_pick p = {-1, -1, false, false, false, false, false, 0};
    unsigned n = xp_pick_pairs(&base, &p, pairs, why, sizeof(why));
    is_u(n, 1, "no --device, no --driver: one pair");
    ok(n == 1 && pairs[0].device == NIC_DEV_E1000 && pairs[0].driver == NIC_DRV_DPDK_EM &&
           pairs[0].packets == pairs[0].ring + XP_PACKETS_DEFAULT_EXTRA,
       "e1000 with its first driver, packets one lap and one more");

    unsigned binds = 0;
    for (int d = 0; d < NIC_DEV_COUNT; d++)
        for (int k = 0; k < NIC_DRV_COUNT; k++)
            binds += nic_drivers[k].binds[d];
    p = (struct xp_pick){NIC_DEV_COUNT, NIC_DRV_COUNT, false, false, false, false, false, 0};
    n = xp_pick_pairs(&base, &p, pairs, why, sizeof(why));
    is_u(n, binds, "--device=all --driver=all: every pair that binds");
    ok(p.several_drivers, "... and options of one driver apply where they exist");

    p = (struct xp_pick){NIC_DEV_E1000, -1, false, false, false, false, false, 0};
    for (int k = 0; k < NIC_DRV_COUNT; k++)
        if (!nic_drivers[k].binds[NIC_DEV_E1000])
            p.driver = k;
    if (p.driver >= 0) {
        why[0] = '\0';
        n = xp_pick_pairs(&base, &p, pairs, why, sizeof(why));
        ok(n == 0 && strstr(why, "--device=e1000 --driver=") != NULL,
           "a pair that does not bind: none, and a sentence naming both");
    } else {
        ok(1, "# SKIP every driver binds e1000");
    }
}

/* The pair explain runs with no --device and no --driver; false if none. */
static bool default_pair(struct xp_config *pair)
{
    struct xp_config base = {.burst = 4, .device = NIC_DEV_E1000, .driver = NIC_DRV_DPDK_EM};
    struct xp_config pairs[NIC_DEV_COUNT * NIC_DRV_COUNT];
    char why[512] = "";
    struct xp_pick p = {-1, -1, false, false, false, false, false, 0};
    if (xp_pick_pairs(&base, &p, pairs, why, sizeof(why)) != 1) {
        ok(0, "the default pair: %s", why);
        return false;
    }
    *pair = pairs[0];
    return true;
}

static void outcome(void)
{
    struct xp_config pairs[1];
    struct xp_search_limits lim = {.max_preemptions = XP_PREEMPTIONS_ALL, .state_cache = true,
                                   .max_states = 1000000};
    struct xp_outcome o;
    const char *why = NULL;
    if (!default_pair(&pairs[0]))
        return;
    pairs[0].copy = DMA_COPY_DOUBLE;
    ok(xp_outcome_prepare(&o, &pairs[0], lim.max_preemptions, &why) == 0, "prepare --copy=double");
    ok(xp_outcome_search(&o, &lim, &why) == 0, "search it");
    ok(o.r.found && o.shown && o.violated && o.has_after, "a violation, replayed, with what follows");
    ok(o.steps == o.r.steps && o.preemptions == o.r.preemptions,
       "the replay has the search's steps and preemptions");
    ok(o.after.ntrace >= o.steps, "the run-on execution goes at least as far");
    ok(strncmp(o.token, "x", 1) == 0, "a replay token");

    struct xp_config cfg;
    struct xp_schedule s;
    struct xp_outcome back;
    ok(xp_token_decode(o.token, &cfg, &s, &why) == 0, "the token decodes");
    ok(xp_outcome_prepare(&back, &cfg, XP_PREEMPTIONS_ALL, &why) == 0 &&
           xp_outcome_replay(&back, &s, &why) == 0,
       "and replays");
    ok(back.steps == o.steps && back.violations == o.violations && strcmp(back.token, o.token) == 0,
       "to the same interleaving and token");
    xp_outcome_free(&back);
    xp_outcome_free(&o);

    pairs[0].copy = DMA_COPY_SINGLE;
    ok(xp_outcome_prepare(&o, &pairs[0], lim.max_preemptions, &why) == 0 &&
           xp_outcome_search(&o, &lim, &why) == 0,
       "prepare and search --copy=single");
    ok(!o.r.found && o.r.complete && !o.shown, "no violation: the bounds covered, nothing shown");
    xp_outcome_free(&o);
}

static unsigned sunk;
static volatile sig_atomic_t stop_flag;
static void count_row(void *ctx, unsigned pair, const struct xp_row *row)
{
    (void)ctx;
    (void)pair;
    (void)row;
    if (++sunk == 3)
        stop_flag = SIGINT; /* as a signal would, after the third row */
}

static void all(void)
{
    struct xp_config pairs[1];
    struct xp_search_limits lim = {.max_preemptions = XP_PREEMPTIONS_ALL, .state_cache = true,
                                   .max_states = 1000000, .stop = &stop_flag};
    struct xp_all a;
    if (!default_pair(&pairs[0]))
        return;
    stop_flag = 0;
    sunk = 0;
    xp_explain_all(&a, pairs, 1, &lim, count_row, NULL);
    ok(a.interrupted && a.total.rows == 3 && sunk == 3, "a stop flag ends --all after the row in progress");
    ok(a.planned == E1000_FIX_COUNT * EM_WORKAROUND_COUNT * DMA_COPY_COUNT,
       "planned: every fix x workaround x copy");
    is_u(a.per[0].rows, a.total.rows, "one pair's tally is the total");
    is_u(a.total.agree + a.total.differ + a.total.not_run, a.total.rows,
         "every row agrees, differs or did not run");
}

static void matrix(void)
{
    struct matrix_pairs pp;
    char why[512] = "";
    unsigned n = matrix_choose_pairs(&pp, NIC_DEV_E1000, -1, false, 32, "e1000", NULL, why,
                                     sizeof(why));
    is_u(n, 1, "matrix without --driver: the device's default driver");
    ok(pp.on[NIC_DEV_E1000][nic_default_driver(NIC_DEV_E1000)], "... that one");
    struct live_config base;
    memset(&base, 0, sizeof(base));
    struct matrix m;
    ok(matrix_plan(&m, &pp, &base, 3) == 0, "plan its cells");
    is_u(m.ncells, (E1000_FIX_COUNT - 1) * EM_WORKAROUND_COUNT * DMA_COPY_COUNT,
         "every real fix x workaround x copy");
    bool broken = false, gap_ok = true;
    for (unsigned i = 0; i < m.ncells; i++) {
        broken |= m.cell[i].cfg.qemu_fix == E1000_FIX_BROKEN_DD_FIRST;
        gap_ok &= m.cell[i].cfg.gap == ((dma_copies[m.cell[i].cfg.copy].flags & DMA_F_GAP) ? 3u : 0u);
        gap_ok &= m.cell[i].state == MATRIX_PLANNED;
    }
    ok(!broken, "no cell of the deliberately broken fix");
    ok(gap_ok, "the gap only where the routine takes one; every cell planned, none run");
    matrix_free(&m);

    int other = -1;
    for (int k = 0; k < NIC_DRV_COUNT; k++)
        if (!nic_drivers[k].binds[NIC_DEV_E1000])
            other = k;
    if (other >= 0) {
        n = matrix_choose_pairs(&pp, NIC_DEV_E1000, other, true, 32, "e1000",
                                nic_drivers[other].name, why, sizeof(why));
        ok(n == 0 && strstr(why, "--device=e1000 --driver=") != NULL,
           "a pair that does not bind: none, and run's sentence");
    } else {
        ok(1, "# SKIP every driver binds e1000");
    }
}

/* probe --copy=double: each write-back's verdict from its traced stores. */
static void probe_double(void)
{
    struct probe_measurement m;
    if (probe_measure(DMA_COPY_DOUBLE, PROBE_ALL_WRITES, "/nonexistent", &m) != 0) {
        ok(1, "# SKIP probe --copy=double: %s", m.why);
        return;
    }
    const struct dma_pattern *st = &m.w[PROBE_WRITE_STATUS1].p,
                             *se = &m.w[PROBE_WRITE_STATUS_ERROR4].p;
    ok(st->n == 1 && st->s[0].off == 0 && st->s[0].len == 1 &&
           m.v[PROBE_WB_E1000_STATUS].e == PROBE_NOT_EXPOSED,
       "probe double: the 1-byte status write is one store [12,13): not exposed");
    ok(se->n == 2 && se->s[1].off == 0 && se->s[1].len == 4 &&
           m.v[PROBE_WB_STATUS_ERROR].e == PROBE_EXPOSED &&
           strstr(m.v[PROBE_WB_STATUS_ERROR].why, "store 2 [8,12) writes the DD byte again") != NULL,
       "probe double: the 4-byte status_error write's store 2 writes DD again: exposed");
}

int main(void)
{
    pick();
    outcome();
    all();
    matrix();
    probe_double();
    return tap_done();
}
