// SPDX-License-Identifier: GPL-2.0-or-later
/* liveopt.c - defaults, checks and CPU choice for a live run. */
#include "cli/liveopt.h"

#include <sched.h>
#include <stdio.h>

#include "cli/build_defaults.h"
#include "cli/commands.h"
#include "util/hostinfo.h"
#include "run/watch.h"

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
        .rx_free_thresh = LIVEOPT_DRIVER_DEFAULT,
        .rx_work_ns = LIVEOPT_DRIVER_DEFAULT,
        .pace = LIVE_PACE_AUTO,
        .interval_ms = 1000,
        .duration_s = 10.0,
        .hang_ms = LIVEOPT_HANG_MS_DEFAULT,
        .keep_going = false,
        .vlog = false,
        .cpus = {-1, -1},
    };
    *st = (struct liveopt_state){0};
}

bool liveopt_apply(struct live_config *c, struct liveopt_state *st, const struct cli_opt *o,
                   const union cli_value *v)
{
    switch (o->id) {
    case LO_DEVICE: c->device = (enum nic_device_id)v->choice; return true;
    case LO_DRIVER: c->driver = (enum nic_driver_id)v->choice; st->driver_given = true; return true;
    case LO_QEMU_FIX: c->qemu_fix = (enum e1000_fix)v->choice; return true;
    case LO_DPDK_FIX: c->dpdk_fix = (enum em_workaround)v->choice; return true;
    case LO_COPY: c->copy = (enum dma_copy_id)v->choice; st->copy_given = true; return true;
    case LO_GAP: c->gap = v->u; return true;
    case LO_RING: c->ring = v->u; st->ring_given = true; return true;
    case LO_BURST: c->burst = v->u; return true;
    case LO_RX_FREE_THRESH: c->rx_free_thresh = v->u; st->thresh_given = true; return true;
    case LO_RX_WORK: c->rx_work_ns = v->u; st->work_given = true; return true;
    case LO_PACE: c->pace = (enum live_pace)v->choice; st->pace_given = true; return true;
    case LO_HANG_MS: c->hang_ms = v->u; return true;
    case LO_CPUS:
        c->cpus[0] = v->cpus[0];
        c->cpus[1] = v->cpus[1];
        st->cpus_given = true;
        return true;
    case LO_FORCE: st->force = true; return true;
    case LO_WIDEN: c->widen = (enum live_widen)v->choice; return true;
    case LO_JITTER: c->jitter = v->u; return true;
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

int liveopt_driver_defaults(struct live_config *c, const struct liveopt_state *st)
{
    const struct nic_driver *drv = &nic_drivers[c->driver];
    if (!st->work_given)
        c->rx_work_ns = drv->rx_work_ns_default;
    if (!st->thresh_given) {
        c->rx_free_thresh = drv->rx_free_thresh_default;
        if (!st->ring_given && c->ring < c->rx_free_thresh + 2u)
            c->ring = 2u * c->rx_free_thresh; /* igb's 32: 64, a multiple of 8 */
    }
    /* The device fills at most ring - 1 descriptors before the driver gives
     * any back, so the driver must give back once it holds ring - 1 at the
     * latest: rx_free_thresh + 1 < ring. (DPDK does not check this: a PMD
     * holding more than it can ever get stops receiving.) */
    const char *why = nic_thresh_problem(c->ring, c->rx_free_thresh);
    if (why != NULL) {
        cli_error("--rx-free-thresh %u%s --ring %u: %s", c->rx_free_thresh,
                  st->thresh_given ? "" : " (the PMD's default)", c->ring, why);
        return EXIT_USAGE;
    }
    return 0;
}

/* --widen=watchpoint: one widening at a time, a copy whose stores a
 * breakpoint can stop between, a status field one breakpoint covers. */
static int check_widen(const struct live_config *c)
{
    if (c->widen != LIVE_WIDEN_WATCHPOINT)
        return 0;
    if (c->gap != 0) {
        cli_error("--widen=watchpoint and --gap both widen the window: use one of them");
        return EXIT_USAGE;
    }
    if (dma_copies[c->copy].flags & DMA_F_UNKNOWN_AT_SPEED) {
        cli_error("--widen=watchpoint cannot watch --copy=%s: a breakpoint stops a string"
                  " instruction between its iterations, which is not how it stores at speed",
                  dma_copies[c->copy].name);
        return EXIT_USAGE;
    }
    enum rx_desc_format fmt = nic_drivers[c->driver].format;
    const char *why = watch_field_problem(rx_status_offset(fmt), rx_status_len(fmt));
    if (why != NULL) {
        cli_error("--widen=watchpoint: the %zu-byte status field at offset %zu of %s descriptors"
                  " cannot be watched: %s", rx_status_len(fmt), rx_status_offset(fmt),
                  rx_format_names[fmt], why);
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
    r = liveopt_driver_defaults(c, st);
    if (r != 0)
        return r;
    /* QEMU 8.0 and later copy with memmove (flatview_write_continue); igb
     * and the proposed patch exist only there. Older code paths: memcpy. */
    if (!st->copy_given && (c->device == NIC_DEV_IGB || c->qemu_fix == E1000_FIX_DD_BYTE))
        c->copy = DMA_COPY_LIBC_MEMMOVE;
    if (c->gap != 0 && !(dma_copies[c->copy].flags & DMA_F_GAP)) {
        cli_error("--gap needs a copy routine that makes several stores of its own"
                  " (double, split8, bytes-up, bytes-down), not --copy=%s", dma_copies[c->copy].name);
        return EXIT_USAGE;
    }
    r = check_widen(c);
    if (r != 0)
        return r;
    if (!dma_copy_available(c->copy, &why)) {
        fprintf(stderr, "e1000_poc: cannot test --copy=%s here: %s\n", dma_copies[c->copy].name, why);
        return EXIT_CANNOT_TEST;
    }
    r = pick_cpus(c, st);
    if (r != 0)
        return r;
    char refused[320];
    if (!live_widen_available(c, refused, sizeof(refused))) {
        fprintf(stderr, "e1000_poc: cannot test --widen=%s here: %s\n", live_widens[c->widen].name,
                refused);
        return EXIT_CANNOT_TEST;
    }
    return 0;
}
