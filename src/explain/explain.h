// SPDX-License-Identifier: GPL-2.0-or-later
/* explain.h - `explain`: what the explorer runs, what it can choose, what
 * it calls a violation. Shared by the executor (exec), the search
 * (search), the replay token (token), the results the command gets
 * (outcome) and the renderers (output/out_trace.c, out_explain.c).
 *
 * src/explain/: the explain harness, a deterministic explorer. Identifiers
 * keep the module prefix xp_. The layers inside: state.h (one execution's
 * state) <- summary, check, mem <- actors <- exec <- dfs, search, budget <-
 * token, expect <- outcome, choose. It may use model/, util/ and the probe's public
 * header (probe/probe.h, for the C library's measured stores); never run/,
 * output/ or cli/.
 *
 * The explorer runs the project's own device and driver code - any pair of
 * nic_devices[] and nic_drivers[] that binds (nic.h), e.g. e1000_receive_iov()
 * and eth_em_recv_pkts() - as two coroutines. Every access they make through
 * guest_mem.h, and every single store of a DMA copy, is a step the scheduler
 * chooses; nothing else is shared.
 */
#ifndef E1000_POC_XP_H
#define E1000_POC_XP_H

#include <stdbool.h>
#include <stdint.h>

#include "model/dma.h"
#include "model/nic.h"

/* Memory models, one row each in xp_memories[] (exec.c). */
enum xp_memory {
    XP_MEM_SC,  /* sequential consistency: every access takes effect at once */
    XP_MEM_TSO, /* x86-TSO: stores wait in a per-thread FIFO store buffer */
    XP_MEM_COUNT
};

struct xp_memory_info {
    const char *name;    /* --memory=NAME */
    const char *summary; /* one sentence for the output's header */
};
extern const struct xp_memory_info xp_memories[XP_MEM_COUNT];

/* One variant and its bounds. */
struct xp_config {
    enum e1000_fix fix;
    enum em_workaround workaround;
    enum dma_copy_id copy;
    enum xp_memory memory;
    unsigned ring;           /* descriptors, XP_RING_MIN..XP_RING_MAX */
    unsigned packets;        /* packets the device receives, 1..XP_PACKETS_MAX */
    unsigned burst;          /* nb_pkts (DPDK) or the NAPI budget (Linux) of each call */
    unsigned rx_free_thresh; /* DPDK's rx_free_thresh, below ring; 0 for Linux drivers */
    /* Last, so that a configuration written without them is e1000/dpdk-em
     * (both 0). */
    enum nic_device_id device;
    enum nic_driver_id driver;
    unsigned rx_buffer_write; /* linux-e1000e: its E1000_RX_BUFFER_WRITE batch,
                                 a model parameter (pair.h); 0 for the others */
};

#define XP_RING_MIN 2
#define XP_RING_MAX 64
#define XP_PACKETS_MAX 256
#define XP_BURST_MAX 64
#define XP_FRAME_SIZE 60 /* every packet: QEMU pads frames to 60 bytes */
#define XP_STEP_LIMIT 200000u /* steps of one execution: beyond, the model livelocks */

/* The two threads, and what the scheduler may choose: a thread's next
 * access, or (TSO only) the oldest store in a thread's store buffer reaching
 * memory ("flush"). A flush belongs to its thread. */
enum xp_thread { XP_DEVICE, XP_DRIVER, XP_NTHREADS };
enum xp_entity {
    XP_E_DEVICE = XP_DEVICE,
    XP_E_DRIVER = XP_DRIVER,
    XP_E_DEVICE_FLUSH = 2 + XP_DEVICE,
    XP_E_DRIVER_FLUSH = 2 + XP_DRIVER,
    XP_NENTITIES
};
static inline enum xp_thread xp_entity_thread(unsigned e) { return (enum xp_thread)(e & 1u); }
static inline bool xp_entity_is_flush(unsigned e) { return e >= 2; }

/* What goes wrong. Order is precedence: when one driver call shows several,
 * the first named here leads the verdict. */
enum xp_violation {
    XP_V_DOUBLE,     /* a fill consumed a second time (detect.c) */
    XP_V_STALE_ADDR, /* a packet whose buffer is not the one armed (detect.c) */
    XP_V_TORN_READ,  /* the driver took a descriptor the device had not finished writing */
    XP_V_WRONG_FILL, /* a fill number other than the next (detect.c) */
    XP_V_RDT_IS_RDH, /* the driver wrote RDT == RDH: it handed the device an empty ring */
    XP_V_HANG,       /* nobody can move: RDH == RDT, packets left, driver waits for DD */
    XP_V_LOST,       /* everyone stopped, but a filled descriptor was never consumed */
    XP_V_COUNT
};
#define XP_V_BIT(v) (1u << (v))

struct xp_violation_info {
    const char *name;     /* short, for tables and tokens */
    const char *property; /* the property, as one clause: "no fill is consumed twice" */
};
extern const struct xp_violation_info xp_violations[XP_V_COUNT];

/* A scheduling decision that differs from the default (xp_exec_choices):
 * before step `step` (0-based), run `entity`. An execution is fully given
 * by its configuration and its list of deviations. */
struct xp_deviation {
    uint32_t step;
    uint8_t entity;
};

#define XP_SCHEDULE_MAX 64
struct xp_schedule {
    unsigned n;
    struct xp_deviation d[XP_SCHEDULE_MAX];
};

#endif
