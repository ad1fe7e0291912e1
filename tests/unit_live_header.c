// SPDX-License-Identifier: GPL-2.0-or-later
/* unit_live_header.c - live_header_gather on this host: every fact the run
 * header prints is filled for a configuration that prints it (the CPU
 * model, the C library, the probe's line, the watchpoint probe's answer,
 * the CPUs' relation, the PID, the gdb script), and what the header does
 * not print for a configuration is not gathered. The renderer's lines are
 * tested on a hand-built struct in unit_output.c. */
#include <string.h>
#include <unistd.h>

#include "run/header.h"
#include "util/hostinfo.h"
#include "tap.h"

static struct live_config config(enum nic_driver_id drv, enum dma_copy_id copy,
                                 enum live_widen widen, int cpu_a, int cpu_b)
{
    struct live_config c;
    memset(&c, 0, sizeof(c));
    c.device = drv == NIC_DRV_DPDK_EM ? NIC_DEV_E1000 : NIC_DEV_IGB;
    c.driver = drv;
    c.copy = copy;
    c.widen = widen;
    c.cpus[0] = cpu_a;
    c.cpus[1] = cpu_b;
    return c;
}

/* Static: the struct holds a path's room (4 KB). */
static struct live_header h;

int main(void)
{
    int cpus[2];
    int n = hostinfo_usable_cpus(cpus, 2);
    int a = n > 0 ? cpus[0] : 0, b = n > 1 ? cpus[1] : a;

    /* Everything printed: the C library's copy, pinned, widened. */
    struct live_config c = config(NIC_DRV_DPDK_EM, DMA_COPY_LIBC, LIVE_WIDEN_WATCHPOINT, a, b);
    memset(&h, 0x5a, sizeof(h)); /* no field may keep what was there */
    live_header_gather(&c, &h);
    ok(h.cpu_model[0] != '\0' && memchr(h.cpu_model, '\0', sizeof(h.cpu_model)) != NULL,
       "the CPU model: a string (%s)", h.cpu_model);
    ok(h.libc != NULL && h.libc[0] != '\0', "the C library named for --copy=libc (%s)",
       h.libc ? h.libc : "NULL");
    const char *env = hostinfo_glibc_tunables();
    ok(env == NULL ? h.tunables == NULL : h.tunables != NULL,
       "GLIBC_TUNABLES: NULL exactly when unset");
    ok(h.probe[0] != '\0' && memchr(h.probe, '\0', sizeof(h.probe)) != NULL,
       "the probe's line: a string (%.60s...)", h.probe);
    ok(h.watch, "--widen=watchpoint: the watchpoint probed");
    ok((h.watch_granted >= 1 && h.watch_granted <= WATCH_MAX) ||
           (h.watch_granted == -1 && h.watch_why[0] != '\0'),
       "the watchpoint: 1..%d breakpoints granted, or refused with a reason (%d)", WATCH_MAX,
       h.watch_granted);
    ok(h.delivery == WATCH_SIGTRAP || h.delivery == WATCH_FASYNC,
       "the watchpoint: a delivery route (%s)",
       h.delivery == WATCH_SIGTRAP || h.delivery == WATCH_FASYNC ? watch_delivery_names[h.delivery]
                                                                : "none");
    ok(h.cpu_relation[0] != '\0' && memchr(h.cpu_relation, '\0', sizeof(h.cpu_relation)) != NULL,
       "pinned: how the CPUs relate (%s)", h.cpu_relation);
    is_i(h.pid, (long)getpid(), "the PID is this process's");
    /* This test runs from the build tree (build/tests/), not PREFIX/bin:
     * the bare name (tests/install.sh checks the installed path). */
    is_s(h.gdb_script, "gdb.cmd", "legacy descriptors: gdb.cmd");

    /* Nothing gathered that the header would not print. */
    c = config(NIC_DRV_DPDK_IGB, DMA_COPY_DOUBLE, LIVE_WIDEN_NONE, -1, -1);
    memset(&h, 0x5a, sizeof(h));
    live_header_gather(&c, &h);
    ok(h.libc == NULL, "a declared copy: the C library not asked");
    ok(!h.watch && h.watch_granted == 0 && h.watch_why[0] == '\0',
       "no --widen: the watchpoint not probed");
    is_s(h.cpu_relation, "", "not pinned: no relation");
    ok(h.probe[0] != '\0', "the probe's line, for every copy");
    is_s(h.gdb_script, "gdb-status-error.cmd", "advanced descriptors: gdb-status-error.cmd");
    return tap_done();
}
