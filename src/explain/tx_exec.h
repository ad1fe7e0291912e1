// SPDX-License-Identifier: GPL-2.0-or-later
/* tx_exec.h - one execution of `explain --path=tx` (tx.h): the shared
 * region, the model's code on one or two coroutines, each access a step,
 * and the checks as the model reports buffers. The search (tx.c) and the
 * trace (tx_trace.c) drive it. */
#ifndef E1000_POC_XP_TX_EXEC_H
#define E1000_POC_XP_TX_EXEC_H

#include "explain/coro.h"
#include "explain/tx.h"
#include "model/device/tx.h"
#include "model/driver/em_tx.h"
#include "model/driver/igb_tx.h"
#include "model/driver/linux_e1000_tx.h"

enum xt_thread { XT_A, XT_B, XT_NTHREADS };
enum xt_op_kind { XT_OP_LOAD, XT_OP_STORE };

struct xt_op {
    uint8_t kind, len;
    uint8_t dma_store, dma_stores; /* a DMA write's store i (1-based) of n; 0: none */
    uint32_t off;                  /* from the start of the region */
    uint8_t data[16];
};

struct xt_thread_state {
    struct xp_coro coro;
    bool done, idle;
    struct xt_op op;  /* announced, performed when the scheduler runs it */
    const char *fn;   /* the upstream function the pending access is in */
    /* What the attempt under way (one xmit, one clean) loaded: a failed
     * attempt waits only if all of it still holds (no lost wake-up). */
    unsigned nloads;
    bool loads_overflow;
    struct {
        uint32_t off;
        uint8_t len;
        uint8_t val[16];
    } loads[48];
};

enum xt_event_kind { XT_EV_FILLED, XT_EV_SENT, XT_EV_RECLAIMED };
struct xt_event {
    uint32_t step;
    uint8_t kind, thread;
    unsigned idx;
    uint64_t buf;
    unsigned violations;
};

struct xt_step {
    uint8_t thread, changed;
    struct xt_op op;
    const char *fn;
};

struct xt_exec {
    struct xt_config cfg;
    struct tx_region *r;
    /* The address space the device and the driver reach r through: no
     * hooks while the ring is set up, {this executor's hooks, this
     * executor} while xt_exec_run runs the contexts. */
    struct gm_as as;
    TXState dev;
    union {
        struct em_tx_queue em;
        struct igb_tx_queue igb;
        struct e1000_tx_ring lx;
    } q;
    unsigned nthreads;
    struct xt_thread_state th[XT_NTHREADS];
    int running;
    unsigned queued;               /* frames the driver has queued */
    uint64_t cur_buf[TX_RING_MAX]; /* the buffer each descriptor holds for the device, 0 none */
    bool sent[TX_RING_MAX];
    unsigned violations;
    uint32_t steps;
    bool limited;
    /* Branch points of the last run: steps where both threads could go. */
    uint32_t *branch;
    unsigned nbranch, branch_cap;
    bool tracing;
    struct xt_step *trace;
    unsigned ntrace, trace_cap;
    struct xt_event *events;
    unsigned nevents, events_cap;
};

int xt_exec_init(struct xt_exec *x, const struct xt_config *c, const char **why);
void xt_exec_free(struct xt_exec *x);
/* Run schedule s from the start; branch points from step `from` on are
 * kept in x->branch. */
void xt_exec_run(struct xt_exec *x, const struct xt_schedule *s, uint32_t from, bool tracing);

/* Names for traces. */
const char *xt_xmit_fn(const struct xt_config *c);
const char *xt_clean_fn(const struct xt_config *c);
const char *xt_device_fn(const struct xt_config *c);
const char *xt_writeback_fn(const struct xt_config *c);

#endif
