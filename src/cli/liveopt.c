/* liveopt.c - defaults, checks and CPU choice for a live run. */
#include "cli/liveopt.h"

#include <sched.h>
#include <stdio.h>

#include "cli/build_defaults.h"
#include "cli/commands.h"
#include "util/hostinfo.h"

_Static_assert(CPU_SETSIZE_FOR_CLI == CPU_SETSIZE, "--cpus bound follows CPU_SETSIZE");

void liveopt_defaults(struct live_config *c, struct liveopt_state *st)
{
    *c = (struct live_config){
        .qemu_fix = build_defaults.qemu_fix,
        .dpdk_fix = build_defaults.dpdk_fix,
        .copy = DMA_COPY_LIBC,
        .gap = 0,
        .ring = build_defaults.ring,
        .burst = 4,
        .rx_free_thresh = 0,
        .pace = LIVE_PACE_LOCKSTEP,
        .interval_ms = 1000,
        .duration_s = 10.0,
        .hang_ms = LIVEOPT_HANG_MS_DEFAULT,
        .keep_going = false,
        .vlog = false,
        .cpus = {-1, -1},
    };
    *st = (struct liveopt_state){false, false, false, false};
}

bool liveopt_apply(struct live_config *c, struct liveopt_state *st, const struct cli_opt *o,
                   const union cli_value *v)
{
    switch (o->id) {
    case LO_DEVICE: c->device = (enum nic_device_id)v->choice; return true;
    case LO_DRIVER: c->driver = (enum nic_driver_id)v->choice; st->driver_given = true; return true;
    case LO_QEMU_FIX: c->qemu_fix = (enum e1000_fix)v->choice; return true;
    case LO_DPDK_FIX: c->dpdk_fix = (enum em_workaround)v->choice; return true;
    case LO_COPY: c->copy = (enum dma_copy_id)v->choice; return true;
    case LO_GAP: c->gap = v->u; return true;
    case LO_RING: c->ring = v->u; return true;
    case LO_BURST: c->burst = v->u; return true;
    case LO_RX_FREE_THRESH: c->rx_free_thresh = v->u; return true;
    case LO_PACE: c->pace = (enum live_pace)v->choice; st->pace_given = true; return true;
    case LO_HANG_MS: c->hang_ms = v->u; return true;
    case LO_CPUS:
        c->cpus[0] = v->cpus[0];
        c->cpus[1] = v->cpus[1];
        st->cpus_given = true;
        return true;
    case LO_FORCE: st->force = true; return true;
    default: return false;
    }
}

/* Choose and check the two CPUs. Returns 0, or an exit status. */
static int pick_cpus(struct live_config *c, const struct liveopt_state *st)
{
    int usable[CPU_SETSIZE];
    int n = hostinfo_usable_cpus(usable, CPU_SETSIZE);

    if (st->cpus_given) {
        for (int side = 0; side < 2; side++) {
            bool ok = false;
            for (int i = 0; i < n; i++)
                ok = ok || usable[i] == c->cpus[side];
            if (!ok) {
                cli_error("--cpus: CPU %d is not usable by this process (%d usable CPU%s, first %d)",
                          c->cpus[side], n, n == 1 ? "" : "s", n > 0 ? usable[0] : -1);
                return EXIT_USAGE;
            }
        }
        if (c->cpus[0] == c->cpus[1] && !st->force) {
            cli_error("--cpus %d,%d: both threads on one CPU can race only by preemption;"
                      " add --force to do it anyway", c->cpus[0], c->cpus[1]);
            return EXIT_USAGE;
        }
        return 0;
    }
    if (n >= 2) {
        c->cpus[0] = usable[0];
        c->cpus[1] = usable[1];
        return 0;
    }
    if (!st->force) {
        fprintf(stderr, "e1000_poc: cannot test here: %d usable CPU%s; the race needs the device"
                        " and the driver running at the same time on two CPUs (--force runs anyway)\n",
                n, n == 1 ? "" : "s");
        return EXIT_CANNOT_TEST;
    }
    c->cpus[0] = c->cpus[1] = -1; /* one CPU: let the scheduler interleave them */
    return 0;
}

int liveopt_check_pair(struct live_config *c, bool driver_given)
{
    if (!driver_given)
        c->driver = nic_default_driver(c->device);
    const char *why = nic_pair_problem(c->device, c->driver);
    if (why != NULL) {
        cli_error("--device=%s --driver=%s: %s", nic_devices[c->device].name,
                  nic_drivers[c->driver].name, why);
        return EXIT_USAGE;
    }
    if (c->ring < nic_drivers[c->driver].ring_min) {
        cli_error("--ring %u: %s needs at least %u descriptors", c->ring,
                  nic_drivers[c->driver].name, nic_drivers[c->driver].ring_min);
        return EXIT_USAGE;
    }
    return 0;
}

int liveopt_finish(struct live_config *c, const struct liveopt_state *st)
{
    const char *why;
    int r = liveopt_check_pair(c, st->driver_given);
    if (r != 0)
        return r;
    if (c->gap != 0 && !(dma_copies[c->copy].flags & DMA_F_GAP)) {
        cli_error("--gap needs a copy routine that makes several stores of its own"
                  " (double, split8, bytes-up, bytes-down), not --copy=%s", dma_copies[c->copy].name);
        return EXIT_USAGE;
    }
    if ((why = nic_thresh_problem(c->ring, c->rx_free_thresh)) != NULL) {
        cli_error("--rx-free-thresh %u --ring %u: %s", c->rx_free_thresh, c->ring, why);
        return EXIT_USAGE;
    }
    if (!dma_copy_available(c->copy, &why)) {
        fprintf(stderr, "e1000_poc: cannot test --copy=%s here: %s\n", dma_copies[c->copy].name, why);
        return EXIT_CANNOT_TEST;
    }
    return pick_cpus(c, st);
}
