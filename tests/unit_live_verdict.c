// SPDX-License-Identifier: GPL-2.0-or-later
/* unit_live_verdict.c - what a live run concludes from the CPU its threads
 * got, the watchpoint's counts and the probe's exposure, on synthetic
 * statistics: INCONCLUSIVE when a thread was starved, a warning when it
 * was squeezed, the widened window named, an exposed configuration that
 * showed nothing said to be exposed. */
#include <stdlib.h>
#include <string.h>

#include "probe/probe.h"
#include "run/cpushare.h"
#include "output/out_run.h"
#include "run/watch.h"
#include "report_text.h"
#include "tap.h"

static struct live_config config(void)
{
    struct live_config c = {
        .qemu_fix = E1000_FIX_UPSTREAM, .dpdk_fix = EM_WORKAROUND_NONE, .copy = DMA_COPY_SINGLE,
        .ring = 32, .burst = 4, .pace = LIVE_PACE_LOCKSTEP, .duration_s = 2, .hang_ms = 2,
        .cpus = {0, 1},
    };
    return c;
}

/* A run of 2 s without an event; the device got all of its CPU, the
 * driver `driver_share` of it. */
static struct live_stats clean(double driver_share)
{
    struct live_stats s;
    memset(&s, 0, sizeof(s));
    s.elapsed_s = 2.0;
    s.fills = s.consumed = 400000;
    for (int e = 0; e < RX_EV_COUNT; e++)
        s.first_s[e] = -1;
    s.use[LIVE_DEVICE] = (struct cpushare_use){true, 2.0, 2.0, 1, 0};
    s.use[LIVE_DRIVER] = (struct cpushare_use){true, 2.0, 2.0 * driver_share, 120, 3};
    return s;
}

int main(void)
{
    struct live_config c = config();
    struct live_stats s;
    double share;
    char *t;

    /* Shares. */
    struct cpushare_use u = {true, 2.0, 0.5, 0, 0};
    ok(cpushare_share(&u) == 0.25, "share: 0.5 s of CPU in 2 s = 0.25");
    u.known = false;
    ok(cpushare_share(&u) < 0, "share: not measured -> -1");

    s = clean(0.3);
    is_i(live_starved_thread(&s, &share), LIVE_DRIVER, "the driver is the thread that got least");
    ok(share > 0.29 && share < 0.31, "... with its share, 0.3");
    s.shared_cpu = true;
    is_i(live_starved_thread(&s, &share), -1, "threads on one CPU (--force): no share judged");
    s = clean(0.3);
    s.use[LIVE_DEVICE].known = false;
    is_i(live_starved_thread(&s, &share), -1, "a thread not measured: no share judged");

    /* Exit statuses. */
    s = clean(0.3);
    is_i(live_exit_status(&s), 125, "no event, driver got 30%%: INCONCLUSIVE (125)");
    s = clean(0.49);
    is_i(live_exit_status(&s), 125, "no event, driver got 49%%: INCONCLUSIVE (125)");
    s = clean(0.6);
    is_i(live_exit_status(&s), 0, "no event, driver got 60%%: NOT REPRODUCED (0)");
    s = clean(0.3);
    s.shared_cpu = true;
    is_i(live_exit_status(&s), 0, "no event, one CPU forced: NOT REPRODUCED (0)");
    /* The slow mode (--pace=interval): the device sleeps on purpose, so a
     * low share is no sign of a busy host, on a signal or at --duration. */
    s = clean(0.3);
    s.use[LIVE_DEVICE] = (struct cpushare_use){true, 2.0, 0.003, 0, 7};
    s.sleeps_by_design = true;
    is_i(live_starved_thread(&s, &share), -1, "slow mode: no share judged");
    is_i(live_exit_status(&s), 0, "no event, slow mode with the device asleep: NOT REPRODUCED (0)");
    s.interrupted = true;
    is_i(live_exit_status(&s), 0, "... also when a signal ended it (its normal end)");
    s.events[RX_EV_STALE_ADDR] = 1;
    s.first_s[RX_EV_STALE_ADDR] = 0.5;
    is_i(live_exit_status(&s), 1, "slow mode with an event: REPRODUCED (1)");
    s = clean(0.3);
    s.events[RX_EV_DOUBLE] = 1;
    s.first_s[RX_EV_DOUBLE] = 0.1;
    is_i(live_exit_status(&s), 1, "an event counts even when starved (1)");
    s = clean(0.3);
    s.watch = (struct watch_stats){4, 100, 40, 38, 0, 2};
    is_i(live_exit_status(&s), 0,
         "starved, but the driver re-armed during 38 watchpoint holds: NOT REPRODUCED (0)");
    s.watch.rearmed = 0;
    is_i(live_exit_status(&s), 125, "starved, watchpoint without a re-arm in a hold: 125");

    /* Wording. */
    s = clean(0.3);
    t = summary_text(&c, &s, NULL);
    ok(strstr(t, "  CPU the threads got      device 100% of 2.000 s (1 involuntary context"
                 " switches); driver 30% of 2.000 s (120 involuntary context switches)\n") != NULL,
       "summary: each thread's share and preemptions");
    is_s(last_line(t),
         "Verdict: INCONCLUSIVE: no event in 2.000 s, but the driver thread got only 30% of a CPU"
         " (0.600 s of 2.000 s, preempted 120 times), so the two threads raced for less than half"
         " of the run; 400000 descriptors consumed. Retry on a quieter host, or with"
         " --widen=watchpoint\n",
         "verdict: INCONCLUSIVE names the starved thread and what it got");
    free(t);
    s = clean(0.7);
    t = summary_text(&c, &s, NULL);
    ok(strstr(t, "\nWarning: the driver thread ran only 70% of the time (120 times preempted)") != NULL,
       "summary: a warning line between half and 90%%");
    ok(strncmp(last_line(t), "Verdict: NOT REPRODUCED: ", 25) == 0, "... and the verdict stands");
    free(t);
    s = clean(0.95);
    t = summary_text(&c, &s, NULL);
    ok(strstr(t, "Warning:") == NULL, "summary: no warning above 90%%");
    free(t);

    /* The widened window, named wherever a result is reported. */
    c.widen = LIVE_WIDEN_WATCHPOINT;
    c.qemu_fix = E1000_FIX_NONE;
    char name[96];
    out_run_config_name(&c, name, sizeof(name));
    is_s(name, "e1000/none/dpdk-em-none/single+watchpoint", "configuration name carries +watchpoint");
    s = clean(1.0);
    s.events[RX_EV_STALE_ADDR] = 1;
    s.first_s[RX_EV_STALE_ADDR] = 0.0007;
    s.watch = (struct watch_stats){4, 8, 4, 0, 3, 1};
    t = summary_text(&c, &s, NULL);
    ok(strstr(t, "\nObservation e1000/none/dpdk-em-none/single+watchpoint Sometimes 1 400000\n") != NULL,
       "Observation line names the widening");
    ok(strncmp(last_line(t), "Verdict: REPRODUCED with the window widened (--widen=watchpoint)"
                             " after 0.7 ms: ", 79) == 0,
       "verdict says the window was widened");
    ok(strstr(t, "  watchpoint               4 descriptors watched; 8 stores trapped, 4 found DD set"
                 " and held the device: 0 ended by the driver's re-arm, 3 as it polled elsewhere, 1 by"
                 " the bound\n") != NULL,
       "summary: the watchpoint's counts");
    free(t);
    c = config();

    /* An exposed configuration that showed nothing says so: the run
     * recorded what the probe found (live_stats.publish_exposed); the
     * renderer only reads it. */
    c.qemu_fix = E1000_FIX_NONE;
    c.copy = DMA_COPY_DOUBLE;
    s = clean(1.0);
    s.publish_exposed = 1;
    t = summary_text(&c, &s, NULL);
    ok(strstr(last_line(t), "; yet the probe finds this write-back exposed with --copy=double:"
                            " the race is possible here but rare") != NULL,
       "exposed and unseen: the verdict says exposed, rare here, and what to try");
    ok(strstr(last_line(t), "try --widen=watchpoint") != NULL, "... suggesting the watchpoint");
    free(t);
    s.publish_exposed = 0; /* the probe found it not exposed */
    t = summary_text(&c, &s, NULL);
    ok(strstr(t, "yet the probe") == NULL, "not exposed: a plain NOT REPRODUCED");
    free(t);
    s.publish_exposed = -1; /* not asked, or the probe could not tell */
    t = summary_text(&c, &s, NULL);
    ok(strstr(t, "yet the probe") == NULL, "exposure unknown: a plain NOT REPRODUCED");
    free(t);
    /* What the run records: the probe's answer for the write that
     * publishes DD, asked only where the verdict uses it. */
    int probed = probe_publish_exposed(DMA_COPY_DOUBLE, RX_FMT_LEGACY, false);
    if (probed >= 0)
        is_i(probed, 1, "the probe finds --copy=double's 16-byte write-back exposed");
    else
        ok(1, "the probe finds --copy=double exposed # SKIP the probe cannot trace here");
    probed = probe_publish_exposed(DMA_COPY_SINGLE, RX_FMT_LEGACY, false);
    if (probed >= 0)
        is_i(probed, 0, "... and --copy=single's one store not exposed");
    else
        ok(1, "... and --copy=single not exposed # SKIP the probe cannot trace here");

    /* Which status fields one breakpoint covers. */
    ok(watch_field_problem(12, 1) == NULL, "watchable: legacy status, 1 byte at 12");
    ok(watch_field_problem(8, 4) == NULL, "watchable: status_error, 4 bytes at 8");
    ok(watch_field_problem(10, 4) != NULL, "not watchable: 4 bytes at 10 (unaligned)");
    ok(watch_field_problem(12, 3) != NULL, "not watchable: 3 bytes");
    return tap_done();
}
