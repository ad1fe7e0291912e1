// SPDX-License-Identifier: GPL-2.0-or-later
/* state.h - the state of one execution under the explorer's scheduler:
 * every type the executor, the actors, the memory model and the checks
 * share, and the few leaf helpers they all call (state.c). It includes
 * nothing of the explorer's but explain.h and coro.h, so that exec, mem,
 * check and actors can each include it without including one another in
 * a circle. What the fields mean is told at the top of exec.h.
 */
#ifndef E1000_POC_XP_STATE_H
#define E1000_POC_XP_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/detect.h"
#include "explain/explain.h"
#include "explain/coro.h"

enum xp_op_kind { XP_OP_LOAD, XP_OP_STORE, XP_OP_FENCE };
enum xp_op_origin {
    XP_ORIG_ACCESS,    /* gm_load / gm_store of device or driver code */
    XP_ORIG_DMA_READ,  /* pci_dma_read: the whole length in one load */
    XP_ORIG_DMA_WRITE, /* one store of a pci_dma_write's copy pattern */
    XP_ORIG_DMA_FENCE, /* the smp_mb() that starts every pci_dma_* (TSO only) */
    XP_ORIG_MB,        /* gm_mb() */
};

/* An access: what a thread is about to do, or (in a step record) what it
 * did. Offsets are bytes from the start of the shared region. */
struct xp_op {
    uint8_t kind, origin, len;
    uint8_t dma_store, dma_stores; /* DMA write: store i (1-based) of n */
    uint8_t dma_len;               /* DMA: length of the whole read/write */
    uint8_t dma_off;               /* DMA: its start within the descriptor */
    uint8_t pad;
    uint32_t off;
    uint8_t data[16];              /* store: the bytes stored; load: the bytes read */
};

/* TSO store buffer: FIFO, oldest first. A full buffer stalls its thread's
 * next store until the oldest entry reaches memory. */
#define XP_BUF_MAX 32
struct xp_store_buffer {
    unsigned head, n;
    struct xp_op e[XP_BUF_MAX];
};

/* Loads of the current attempt (and of the last failed one). */
#define XP_LOG_MAX 8
struct xp_load_log {
    unsigned n;
    bool overflow;
    struct {
        uint32_t off;
        uint8_t len;
        uint8_t val[16];
    } e[XP_LOG_MAX];
};

struct xp_thread_state {
    struct xp_coro coro;
    bool done;           /* the device received every packet */
    bool spinning;       /* after a failed attempt, before its retry's first access */
    bool in_call;        /* a call (attempt) has made its first access and not returned;
                            for the device: it holds the big QEMU lock */
    struct xp_op op;     /* pending access (valid unless done or stopped) */
    struct xp_load_log attempt; /* loads of the attempt under way */
    struct xp_load_log failed;  /* loads of the last failed attempt (the snapshot) */
    bool has_failed;     /* `failed` holds a snapshot */
    unsigned attempt_stores;
    uint64_t traj[2];    /* trajectory hash: every access and the values it saw */
    struct xp_store_buffer buf;
};

/* What happened besides accesses, for the trace: packets handed up,
 * threads going idle, violations. */
enum xp_event_kind {
    XP_EV_PACKET,   /* the driver handed up a packet */
    XP_EV_IDLE,     /* a failed attempt: the thread waits for a change */
    XP_EV_DONE,     /* the device received its last packet */
    XP_EV_RECEIVED, /* the device finished a packet */
};
struct xp_event {
    uint32_t step;       /* attached to this step (the one before it happened) */
    uint8_t kind, thread;
    uint16_t rx_id;
    uint16_t torn;       /* packet: bytes read before the device wrote them */
    uint8_t no_fill;     /* packet: no fill wrote the descriptor since its re-arm (vlan 0) */
    unsigned violations; /* XP_V_BITs this event revealed */
    uint32_t fill, expected_fill;
    uint64_t buf, wb_buf, prev_addr;
};

/* One step of a recorded (traced) execution. */
struct xp_step {
    uint8_t entity;
    uint8_t cost;       /* 1: this step preempted the other thread */
    uint8_t deviation;  /* chosen by the schedule, not by default */
    uint8_t buffered;   /* TSO: the store went into the store buffer */
    uint8_t visible;    /* the step changed memory */
    int16_t desc;       /* descriptor the access touched, -1 if none */
    uint16_t lost;      /* bytes of the driver's write this device store undid */
    uint16_t torn;      /* bytes the driver read before the device wrote them */
    uint32_t rdh, rdt;  /* memory after the step */
    uint8_t desc_after[16];  /* the touched descriptor after the step (any format) */
    uint8_t lost_before[16]; /* the descriptor before the damaging store */
    struct xp_op op;
    struct xp_op other_op;   /* the other thread's pending access at this step */
    uint8_t other_in_call;   /* ... and whether it was inside a call */
    unsigned violations; /* raised by this step */
};

enum xp_status {
    XP_ST_RUNNING,
    XP_ST_OK,        /* everyone stopped; every fill consumed once */
    XP_ST_VIOLATION, /* see violations */
    XP_ST_STUTTER,   /* a retry repeated a failed attempt: dropped */
    XP_ST_LIMIT,     /* XP_STEP_LIMIT reached (a livelock in the model) */
};

struct xp_choice {
    uint8_t entity;
    uint8_t cost; /* 1 if choosing it preempts the thread that ran last */
};

struct xp_exec {
    struct xp_config cfg;
    struct gm_region *gm;
    /* The address space the device and the driver reach gm through: no
     * hooks while the driver sets the ring up, {&xp_hooks, this executor}
     * while the coroutines run (xp_exec_start). */
    struct gm_as as;
    uint8_t *base;                 /* (uint8_t *)gm */
    uint32_t ring_off;             /* offset of rx_rings[] */
    enum rx_desc_format fmt;       /* the driver's descriptors */
    unsigned status_off, status_len; /* its status field: 12 and 1, or 8 and 4 */
    struct dma_pattern pat_desc;   /* copy pattern of a 16-byte write at offset 0 */
    struct dma_pattern pat_status; /* of the status field's write (status_len at status_off) */

    struct xp_thread_state th[XP_NTHREADS];
    int running;                   /* thread whose coroutine runs now, -1 if none */
    int last;                      /* thread that made the last step, -1 at start */
    enum xp_status status;
    unsigned violations;           /* XP_V_BITs found */
    unsigned pending;              /* raised, reported at the end of the driver's call */
    uint32_t steps;
    /* State keys forget history at call boundaries: when a thread starts a
     * call, its trajectory restarts from a hash of everything its future
     * depends on (xp_exec_thread_summary, exec.h). Off: the trajectory is
     * every access since the start (the finer, older key). */
    bool call_summary;

    /* Device side (actors.c): nic_devices[cfg.device]. */
    E1000State dev;
    unsigned received;             /* packets the device has taken */
    /* Driver side: nic_drivers[cfg.driver]. */
    union nic_queue q;
    struct nic_pkt pkts[XP_BURST_MAX];
    struct rx_checker checker;
    uint8_t *fill_consumed;        /* per fill number: consumed (0/1) */

    /* Descriptor writes in progress: a fill of slot k begins with the
     * device's pci_dma_read of k and ends with its RDH write. */
    bool fill_active[XP_RING_MAX];
    uint16_t fill_covered[XP_RING_MAX]; /* bytes of it already in memory */
    uint16_t torn[XP_RING_MAX];    /* bytes the driver read uncovered since its last status load */

    /* Tracing (xp_exec_start(..., true)). */
    bool tracing;
    bool keep_going;               /* do not stop at a violation: run to the end */
    struct xp_step *trace;
    unsigned ntrace, trace_cap;
    struct xp_event *events;
    unsigned nevents, events_cap;
    uint8_t *last_writer;          /* per ring byte: 0 none, 1 device, 2 driver */
    uint32_t *write_serial;        /* per ring byte */
    uint32_t fill_read_serial[XP_RING_MAX]; /* serial when the device read the slot */
    uint32_t serial;
    uint16_t step_lost, step_torn;
    uint8_t step_lost_before[16];
    unsigned step_violations;
};

/* Where an offset of the shared region is. */
enum xp_place {
    XP_PLACE_RDH, XP_PLACE_RDT, XP_PLACE_RDLEN, XP_PLACE_RFCTL, XP_PLACE_DESC, XP_PLACE_OTHER
};
/* A register: MMIO, under the big QEMU lock (the device reads RFCTL on e1000e). */
static inline bool xp_place_is_register(enum xp_place p)
{
    return p == XP_PLACE_RDH || p == XP_PLACE_RDT || p == XP_PLACE_RDLEN || p == XP_PLACE_RFCTL;
}
/* The driver's one array of per-descriptor state (the rest of its state is
 * in x->q): DPDK's sw_ring, Linux's buffer_info. */
struct xp_part {
    void *p;
    size_t n;
};
struct xp_part xp_driver_array(const struct xp_exec *x);

enum xp_place xp_exec_place(const struct xp_exec *x, uint32_t off, unsigned *desc, unsigned *byte);

__attribute__((noreturn)) void xp_fatal(const char *what); /* a bug in the explorer */
/* Room for one more element in a growable array of `used` elements of
 * `elem` bytes (capacity *cap, doubling from `first`); returns the array,
 * moved if it grew. Out of memory is fatal. */
void *xp_grow(void *array, unsigned *cap, unsigned used, size_t elem, unsigned first);
/* The hooks of an executor's address space (hooks.c); their arg is the
 * executor. */
extern const struct gm_hooks xp_hooks;

void xp_raise(struct xp_exec *x, unsigned violations);
/* Fold the shared memory into h: the registers both sides touch and every
 * descriptor of the ring (the state key and the final-state print). */
void xp_hash_shared(uint64_t h[2], const struct xp_exec *x);
struct xp_event *xp_event_add(struct xp_exec *x, enum xp_event_kind kind, enum xp_thread t);


#endif
