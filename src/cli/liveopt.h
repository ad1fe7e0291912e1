// SPDX-License-Identifier: GPL-2.0-or-later
/* liveopt.h - the options that shape a live run, shared by `run` and
 * `matrix`: their table rows, defaults, validation and the CPU choice. */
#ifndef E1000_POC_LIVEOPT_H
#define E1000_POC_LIVEOPT_H

#include <stdbool.h>

#include "cli/cli.h"
#include "run/live.h"

enum liveopt_id {
    LO_DEVICE = 100, LO_DRIVER, LO_QEMU_FIX, LO_DPDK_FIX, LO_COPY, LO_GAP, LO_RING, LO_BURST, LO_RX_FREE_THRESH,
    LO_PACE, LO_HANG_MS, LO_CPUS, LO_FORCE, LO_RX_WORK, LO_WIDEN, LO_JITTER,
};

/* --copy's help: which C library routine is the default. */
#define LIVEOPT_COPY_HELP "copy routine of pci_dma_write (default: the C library's memmove for" \
    " code only QEMU 8.0 and later have, igb or --qemu-fix=dd-byte; its memcpy otherwise)"

/* Which variant to run: `run` has these, `matrix` walks them all. */
#define LIVEOPT_ROWS_VARIANT                                                                    \
    {"device", CLI_CHOICE, "NAME", "the QEMU device model (default e1000)",                     \
     0, 0, 0, CHOICE_TABLE(nic_devices, NIC_DEV_COUNT), LO_DEVICE, 0},                             \
    {"driver", CLI_CHOICE, "NAME", "the guest driver model (default: the device's first, dpdk-em or dpdk-igb)", \
     0, 0, 0, CHOICE_TABLE(nic_drivers, NIC_DRV_COUNT), LO_DRIVER, 0},                             \
    {"qemu-fix", CLI_CHOICE, "NAME", "how the device writes a descriptor back (build default: WITH_QEMU_PATCH)", \
     0, 0, 0, CHOICE_TABLE(e1000_fixes, E1000_FIX_COUNT), LO_QEMU_FIX, 0},                         \
    {"dpdk-fix", CLI_CHOICE, "NAME", "guest-side workaround (build default: WITH_DPDK_PATCH)",    \
     0, 0, 0, CHOICE_TABLE(em_workarounds, EM_WORKAROUND_COUNT), LO_DPDK_FIX, 0},                  \
    {"copy", CLI_CHOICE, "NAME", LIVEOPT_COPY_HELP,                                            \
     0, 0, 0, CHOICE_TABLE(dma_copies, DMA_COPY_COUNT), LO_COPY, 0}

/* How to run it. */
#define LIVEOPT_ROWS_SHAPE                                                                      \
    {"gap", CLI_UINT, "N", "pause N times between the stores of a multi-store --copy (default 0)", \
     0, 1000000, 0, {0}, LO_GAP, 0},                                                              \
    {"ring", CLI_UINT, "N", "descriptors in the ring, a multiple of 8 in 8..65536 (explain takes 2..64; build default: RX_DESC_NUM)", \
     EM_RING_MIN, EM_RING_MAX, EM_RING_ALIGN, {0}, LO_RING, 0},                                   \
    {"burst", CLI_UINT, "N", "packets per eth_em_recv_pkts call (default 4)",                   \
     1, LIVE_BURST_MAX, 0, {0}, LO_BURST, 0},                                                     \
    {"rx-free-thresh", CLI_UINT, "N", "DPDK rx_free_thresh: write RDT once more are held (default: the PMD's, em 0, igb 32)", \
     0, EM_RING_MAX - 1, 0, {0}, LO_RX_FREE_THRESH, 0},                                           \
    {"rx-work", CLI_UINT, "NS", "driver's work per packet before it clears or re-arms the descriptor, in ns (default: the driver's, DPDK 10, Linux 500; 0 = none, the upper bound)", \
     0, RX_WORK_NS_MAX, 0, {0}, LO_RX_WORK, 0},                                                   \
    {"pace", CLI_CHOICE, "NAME", "how the device paces its fills (default auto: free until the first event, then lockstep)", \
     0, 0, 0, CHOICE_TABLE(live_paces, LIVE_PACE_COUNT), LO_PACE, 0},                              \
    {"hang-ms", CLI_UINT, "N", "call it a ring hang once stuck this long (default 2)",          \
     1, 60000, 0, {0}, LO_HANG_MS, 0},                                                            \
    {"cpus", CLI_CPU_PAIR, "A,B", "pin the device to CPU A and the driver to CPU B (default: first two usable)", \
     0, CPU_SETSIZE_FOR_CLI - 1, 0, {0}, LO_CPUS, 0},                                             \
    {"force", CLI_FLAG, NULL, "run even with one usable CPU, or both threads on one CPU",       \
     0, 0, 0, {0}, LO_FORCE, 0}

/* How to widen the race window (`run` only: a matrix cell is a natural rate). */
#define LIVEOPT_ROW_WIDEN                                                                       \
    {"widen", CLI_CHOICE, "NAME", "widen the race window: watchpoint = hardware breakpoint on the status field, as gdb.cmd (default none)", \
     0, 0, 0, CHOICE_TABLE(live_widens, LIVE_WIDEN_COUNT), LO_WIDEN, 0},                          \
    {"jitter", CLI_UINT, "N", "before each fill, pause 0..N-1 times at random: shifts the phase, widens nothing (default 0)", \
     0, 100000, 0, {0}, LO_JITTER, 0}

#ifdef __GLIBC__
#define CPU_SETSIZE_FOR_CLI 1024 /* glibc's CPU_SETSIZE */
#else
#define CPU_SETSIZE_FOR_CLI 128 /* musl's CPU_SETSIZE (liveopt.c checks it) */
#endif

#define LIVEOPT_HANG_MS_DEFAULT 2u

/* What the options said beyond the config itself. */
struct liveopt_state {
    bool pace_given, cpus_given, force, driver_given;
    bool ring_given, thresh_given, work_given, copy_given;
};

/* rx_free_thresh and rx_work_ns before liveopt_driver_defaults(): the
 * driver's own, once the driver is known. */
#define LIVEOPT_DRIVER_DEFAULT (~0u)

/* Defaults: build switches, then the tool's own. */
void liveopt_defaults(struct live_config *c, struct liveopt_state *st);
/* Apply a parsed option if it is one of the rows above; false if not. */
bool liveopt_apply(struct live_config *c, struct liveopt_state *st, const struct cli_opt *o,
                   const union cli_value *v);
/* The driver (its device's default unless given) must drive the device and
 * fit the ring. Returns 0, or 2 after printing one line. */
int liveopt_check_pair(struct live_config *c, bool driver_given);

/* Upstream's defaults for c->driver where no option set them: the PMD's
 * rx_free_thresh, the driver's per-packet work; a ring too small for that
 * threshold, if no --ring was given, grows to twice it. Returns 0, or 2
 * after printing one line. liveopt_finish() calls it; matrix calls it
 * again per cell on the options as parsed. */
int liveopt_driver_defaults(struct live_config *c, const struct liveopt_state *st);

/* Cross-option checks and the CPU choice. Returns 0, or an exit status
 * after printing one line (2: bad usage, 125: cannot test here). */
int liveopt_finish(struct live_config *c, const struct liveopt_state *st);

#endif
