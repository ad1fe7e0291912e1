// SPDX-License-Identifier: GPL-2.0-or-later
/* tx.h - `explain --path=tx`: the transmit write-back against the
 * drivers' TX reclaim, explored. Prefix xt_.
 *
 * Who runs where (the point of the whole question). QEMU runs a NIC's
 * transmit path (start_xmit, e1000e_start_xmit, igb_start_xmit) inside the
 * guest's TDT write, in the thread of the vCPU that wrote it. So:
 *   dpdk-em, dpdk-igb  one context: the lcore calling the xmit function
 *                      cleans, fills, writes TDT, and QEMU's write-back runs
 *                      in that write. No reader can look at DD between two
 *                      stores of one write-back: one thread, one execution.
 *   linux-e1000(e)     two contexts: vCPU A sends (ndo_start_xmit, its
 *                      writel of TDT running QEMU's write-back), vCPU B
 *                      cleans (NAPI's e1000_clean_tx_irq). B can run between
 *                      any two of A's accesses, the stores of a write-back
 *                      included.
 * Every access of the model's code through guest_mem.h, and every store of a
 * DMA copy (its pattern: declared, or the probe's for libc), is a step;
 * memory is sequentially consistent. Schedules are explored depth first
 * with at most `preemptions` switches away from a thread that could go on
 * (fewest first, so the first violation found needs the fewest).
 *
 * What is a violation (checked as the model reports buffers filled, sent
 * and reclaimed):
 *   in-flight   the driver freed a buffer the device had not sent yet
 *   unowned     the driver reclaimed a descriptor that held no buffer it
 *               had handed over (Linux: the clean runs past next_to_use,
 *               round the ring, and stops on a descriptor it zeroed
 *               itself; nothing is cleaned again and the queue stops; a
 *               frame being queued meanwhile has its skb freed)
 *   resent      the device sent a buffer that is not the one filled, or
 *               the same fill twice
 *   hang        nothing can move and frames are left unsent
 */
#ifndef E1000_POC_XP_TX_H
#define E1000_POC_XP_TX_H

#include <stdbool.h>
#include <stdint.h>

#include "model/dma.h"
#include "model/nic.h"

struct xt_config {
    enum nic_device_id device;
    enum nic_driver_id driver;
    enum e1000_fix fix;
    enum dma_copy_id copy;
    unsigned ring;        /* descriptors */
    unsigned packets;     /* frames the driver sends */
    unsigned preemptions; /* the bound */
};

#define XT_RING_MIN 4
#define XT_PACKETS_MAX 32
#define XT_PREEMPTIONS_DEFAULT 2u

enum xt_violation { XT_V_IN_FLIGHT, XT_V_UNOWNED, XT_V_RESENT, XT_V_HANG, XT_V_COUNT };
extern const char *const xt_violation_names[XT_V_COUNT];
extern const char *const xt_violation_text[XT_V_COUNT];

/* Defaults for what c leaves 0 (ring, packets) and its driver. */
void xt_config_defaults(struct xt_config *c);
/* NULL if c can be explored, else one sentence why not. */
const char *xt_config_problem(const struct xt_config *c);
/* Does c's driver run its reclaim on a vCPU of its own (Linux)? */
bool xt_two_vcpus(const struct xt_config *c);

/* The copy's stores of the TX write-back as the header names them: the
 * status write (4 bytes at 12; igb: the 16-byte descriptor) and, with
 * dd-byte, the DD byte alone. A pattern that could not be had (a C library
 * this host cannot trace) says why instead. The header prints them
 * (output/out_tx_trace.c) and xt_exec_init refuses a configuration
 * missing one, so both name the same writes. */
struct xt_pattern {
    size_t len, off;
    int rc;                 /* 0: p holds the stores; -1: why says why not */
    struct dma_pattern p;
    const char *why;
};
struct xt_header {
    struct xt_pattern writeback, dd; /* dd: only with qemu-fix dd-byte */
};
void xt_header_gather(const struct xt_config *c, struct xt_header *h);

/* The first violation in a set of them (bits 1 << enum xt_violation), or -1. */
int xt_first_violation(unsigned violations);

#define XT_SCHEDULE_MAX 8
struct xt_schedule {
    unsigned n;
    uint32_t step[XT_SCHEDULE_MAX]; /* before this step, switch to the other thread */
};

#endif
