/* cmd_run.c - `e1000_poc run`: options, CPU choice, then the live run. */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build_defaults.h"
#include "cli.h"
#include "commands.h"
#include "hostinfo.h"
#include "live.h"
#include "report.h"

#define DURATION_DEFAULT_S 10.0
#define INTERVAL_DEFAULT_MS 1000u
#define HANG_MS_DEFAULT 10u

enum run_opt_id {
    OPT_QEMU_FIX, OPT_DPDK_FIX, OPT_COPY, OPT_GAP, OPT_RING, OPT_BURST, OPT_RX_FREE_THRESH,
    OPT_PACE, OPT_INTERVAL_MS, OPT_DURATION, OPT_HANG_MS, OPT_VLOG, OPT_CPUS, OPT_FORCE,
    OPT_HELP,
};

static const struct cli_opt run_options[] = {
    {"qemu-fix", CLI_CHOICE, "NAME", "how the device writes a descriptor back (build default: WITH_QEMU_PATCH)",
     0, 0, 0, CLI_CHOICES(e1000_fixes, E1000_FIX_COUNT), OPT_QEMU_FIX},
    {"dpdk-fix", CLI_CHOICE, "NAME", "guest-side workaround (build default: WITH_DPDK_PATCH)",
     0, 0, 0, CLI_CHOICES(em_workarounds, EM_WORKAROUND_COUNT), OPT_DPDK_FIX},
    {"copy", CLI_CHOICE, "NAME", "copy routine of pci_dma_write (default libc)",
     0, 0, 0, CLI_CHOICES(dma_copies, DMA_COPY_COUNT), OPT_COPY},
    {"gap", CLI_UINT, "N", "pause N times between the stores of a multi-store --copy (default 0)",
     0, 1000000, 0, {0}, OPT_GAP},
    {"ring", CLI_UINT, "N", "descriptors in the ring, a multiple of 8 (build default: RX_DESC_NUM)",
     EM_RING_MIN, EM_RING_MAX, EM_RING_ALIGN, {0}, OPT_RING},
    {"burst", CLI_UINT, "N", "packets per eth_em_recv_pkts call (default 4)",
     1, LIVE_BURST_MAX, 0, {0}, OPT_BURST},
    {"rx-free-thresh", CLI_UINT, "N", "DPDK rx_free_thresh: write RDT once more are held (default 0)",
     0, EM_RING_MAX - 1, 0, {0}, OPT_RX_FREE_THRESH},
    {"pace", CLI_CHOICE, "NAME", "how the device paces its fills (default lockstep)",
     0, 0, 0, CLI_CHOICES(live_paces, LIVE_PACE_COUNT), OPT_PACE},
    {"interval-ms", CLI_UINT, "N", "sleep N ms after each packet; implies --pace=interval (seed's RX_INTERVAL)",
     1, 3600000, 0, {0}, OPT_INTERVAL_MS},
    {"duration", CLI_SECONDS, "S", "stop after S seconds; 0 = until Ctrl-C (default 10; 0 with --pace=interval)",
     0, 0, 0, {0}, OPT_DURATION},
    {"hang-ms", CLI_UINT, "N", "call it a ring hang once stuck this long (default 10)",
     1, 60000, 0, {0}, OPT_HANG_MS},
    {"vlog", CLI_FLAG, NULL, "print a line per consumed descriptor (seed's DPDK_VLOG)",
     0, 0, 0, {0}, OPT_VLOG},
    {"cpus", CLI_CPU_PAIR, "A,B", "pin the device to CPU A and the driver to CPU B (default: first two usable)",
     0, CPU_SETSIZE - 1, 0, {0}, OPT_CPUS},
    {"force", CLI_FLAG, NULL, "run even with one usable CPU, or both threads on one CPU",
     0, 0, 0, {0}, OPT_FORCE},
    {"help", CLI_FLAG, NULL, "show this help", 0, 0, 0, {0}, OPT_HELP},
    {NULL, 0, NULL, NULL, 0, 0, 0, {0}, 0},
};

void cmd_run_usage(FILE *f)
{
    fprintf(f, "usage: e1000_poc [run] [options]\n"
               "Race the device and the driver live on two CPUs and give a verdict.\n"
               "\n"
               "run options:\n");
    cli_print_options(f, run_options);
    if (build_defaults.switches[0] != '\0')
        fprintf(f, "build defaults set by make %s\n", build_defaults.switches);
}

/* Choose and check the two CPUs. Returns 0, or an exit status. */
static int pick_cpus(struct live_config *cfg, bool cpus_given, bool force)
{
    int usable[CPU_SETSIZE];
    int n = hostinfo_usable_cpus(usable, CPU_SETSIZE);

    if (cpus_given) {
        for (int side = 0; side < 2; side++) {
            bool ok = false;
            for (int i = 0; i < n; i++)
                ok = ok || usable[i] == cfg->cpus[side];
            if (!ok) {
                cli_error("--cpus: CPU %d is not usable by this process (%d usable CPUs, first %d)",
                          cfg->cpus[side], n, n > 0 ? usable[0] : -1);
                return EXIT_USAGE;
            }
        }
        if (cfg->cpus[0] == cfg->cpus[1] && !force) {
            cli_error("--cpus %d,%d: both threads on one CPU can race only by preemption;"
                      " add --force to do it anyway", cfg->cpus[0], cfg->cpus[1]);
            return EXIT_USAGE;
        }
        return 0;
    }
    if (n >= 2) {
        cfg->cpus[0] = usable[0];
        cfg->cpus[1] = usable[1];
        return 0;
    }
    if (!force) {
        fprintf(stderr, "e1000_poc: cannot test here: %d usable CPU%s; the race needs the device"
                        " and the driver running at the same time on two CPUs (--force runs anyway)\n",
                n, n == 1 ? "" : "s");
        return EXIT_CANNOT_TEST;
    }
    cfg->cpus[0] = cfg->cpus[1] = -1; /* one CPU: let the scheduler interleave them */
    return 0;
}

int cmd_run(int argc, char **argv, int idx)
{
    struct live_config cfg = {
        .qemu_fix = build_defaults.qemu_fix,
        .dpdk_fix = build_defaults.dpdk_fix,
        .copy = DMA_COPY_LIBC,
        .gap = 0,
        .ring = build_defaults.ring,
        .burst = 4,
        .rx_free_thresh = 0,
        .pace = LIVE_PACE_LOCKSTEP,
        .interval_ms = INTERVAL_DEFAULT_MS,
        .duration_s = DURATION_DEFAULT_S,
        .hang_ms = HANG_MS_DEFAULT,
        .vlog = false,
        .cpus = {-1, -1},
    };
    bool pace_given = false, interval_given = false, duration_given = false;
    bool cpus_given = false, force = false;
    const struct cli_opt *o;
    union cli_value v;
    int r;

    while ((r = cli_next(run_options, argc, argv, &idx, &o, &v)) == 1) {
        switch (o->id) {
        case OPT_QEMU_FIX: cfg.qemu_fix = (enum e1000_fix)v.choice; break;
        case OPT_DPDK_FIX: cfg.dpdk_fix = (enum em_workaround)v.choice; break;
        case OPT_COPY: cfg.copy = (enum dma_copy_id)v.choice; break;
        case OPT_GAP: cfg.gap = v.u; break;
        case OPT_RING: cfg.ring = v.u; break;
        case OPT_BURST: cfg.burst = v.u; break;
        case OPT_RX_FREE_THRESH: cfg.rx_free_thresh = v.u; break;
        case OPT_PACE: cfg.pace = (enum live_pace)v.choice; pace_given = true; break;
        case OPT_INTERVAL_MS: cfg.interval_ms = v.u; interval_given = true; break;
        case OPT_DURATION: cfg.duration_s = v.seconds; duration_given = true; break;
        case OPT_HANG_MS: cfg.hang_ms = v.u; break;
        case OPT_VLOG: cfg.vlog = true; break;
        case OPT_CPUS: cfg.cpus[0] = v.cpus[0]; cfg.cpus[1] = v.cpus[1]; cpus_given = true; break;
        case OPT_FORCE: force = true; break;
        case OPT_HELP: cmd_run_usage(stdout); commands_print_exit_status(stdout); return 0;
        }
    }
    if (r < 0)
        return EXIT_USAGE;

    if (interval_given) {
        if (pace_given && cfg.pace != LIVE_PACE_INTERVAL) {
            cli_error("--interval-ms goes with --pace=interval, not --pace=%s",
                      live_paces[cfg.pace].name);
            return EXIT_USAGE;
        }
        cfg.pace = LIVE_PACE_INTERVAL;
    }
    /* The slow mode is for watching in a debugger: run until Ctrl-C. */
    if (cfg.pace == LIVE_PACE_INTERVAL && !duration_given)
        cfg.duration_s = 0;
    if (cfg.gap != 0 && !(dma_copies[cfg.copy].flags & DMA_F_GAP)) {
        cli_error("--gap needs a copy routine that makes several stores of its own"
                  " (double, split8, bytes-up, bytes-down), not --copy=%s", dma_copies[cfg.copy].name);
        return EXIT_USAGE;
    }
    const char *why;
    if (!dma_copy_available(cfg.copy, &why)) {
        fprintf(stderr, "e1000_poc: cannot test --copy=%s here: %s\n", dma_copies[cfg.copy].name, why);
        return EXIT_CANNOT_TEST;
    }
    if (cfg.rx_free_thresh >= cfg.ring) {
        cli_error("--rx-free-thresh %u: must be below the ring size (%u)", cfg.rx_free_thresh,
                  cfg.ring);
        return EXIT_USAGE;
    }
    r = pick_cpus(&cfg, cpus_given, force);
    if (r != 0)
        return r;

    report_header(stdout, &cfg, build_defaults.switches);
    struct live_stats stats;
    if (live_run(&cfg, &stats, stdout) != 0)
        return EXIT_CANNOT_TEST;
    report_summary(stdout, &cfg, &stats);
    return live_exit_status(&stats);
}
