// SPDX-License-Identifier: GPL-2.0-or-later
/* tx_exec.c - one execution of the TX explorer (see tx_exec.h). */
#include "explain/tx_exec.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "explain/pattern.h"
#include "model/guest_mem.h"

#define XT_STACK_SIZE (256u * 1024u)
#define XT_STEP_LIMIT 20000u

const char *xt_xmit_fn(const struct xt_config *c)
{
    switch (c->driver) {
    case NIC_DRV_DPDK_EM: return "eth_em_xmit_pkts";
    case NIC_DRV_DPDK_IGB: return "eth_igb_xmit_pkts";
    default: return "e1000_xmit_frame";
    }
}
const char *xt_clean_fn(const struct xt_config *c)
{
    return c->driver == NIC_DRV_LINUX_E1000E ? "e1000_clean_tx_irq (e1000e)" : "e1000_clean_tx_irq";
}
const char *xt_device_fn(const struct xt_config *c)
{
    static const char *const fn[NIC_DEV_COUNT] = {"start_xmit", "e1000e_start_xmit",
                                                  "igb_start_xmit"};
    return fn[c->device];
}
const char *xt_writeback_fn(const struct xt_config *c)
{
    static const char *const fn[NIC_DEV_COUNT] = {"txdesc_writeback", "e1000e_txdesc_writeback",
                                                  "igb_txdesc_writeback"};
    return fn[c->device];
}

static void *grow(void *a, unsigned *cap, unsigned used, size_t elem)
{
    if (used < *cap)
        return a;
    unsigned n = *cap ? *cap * 2 : 64;
    void *b = realloc(a, (size_t)n * elem);
    if (b == NULL)
        abort(); /* the explorer's own bookkeeping: nothing sensible is left to do */
    *cap = n;
    return b;
}

/* ---- checks: the model reports buffers ---------------------------------- */

static void add_event(struct xt_exec *x, enum xt_event_kind k, unsigned idx, uint64_t buf,
                      unsigned v)
{
    x->violations |= v;
    if (!x->tracing)
        return;
    x->events = grow(x->events, &x->events_cap, x->nevents, sizeof(*x->events));
    x->events[x->nevents++] = (struct xt_event){x->steps ? x->steps - 1 : 0, (uint8_t)k,
                                                (uint8_t)(x->running < 0 ? 0 : x->running), idx,
                                                buf, v};
}

static void ev_filled(void *arg, unsigned idx, uint64_t buf)
{
    struct xt_exec *x = arg;
    x->cur_buf[idx] = buf;
    x->sent[idx] = false;
    add_event(x, XT_EV_FILLED, idx, buf, 0);
}

static void ev_sent(void *arg, unsigned idx, uint64_t buf)
{
    struct xt_exec *x = arg;
    unsigned v = 0;
    if (buf != x->cur_buf[idx] || x->sent[idx])
        v = 1u << XT_V_RESENT;
    x->sent[idx] = true;
    add_event(x, XT_EV_SENT, idx, buf, v);
}

static void ev_reclaimed(void *arg, unsigned idx, uint64_t buf)
{
    struct xt_exec *x = arg;
    unsigned v = 0;
    if (x->cur_buf[idx] == 0)
        v = 1u << XT_V_UNOWNED;
    else if (!x->sent[idx])
        v = 1u << XT_V_IN_FLIGHT;
    x->cur_buf[idx] = 0;
    add_event(x, XT_EV_RECLAIMED, idx, buf, v);
}

/* The TDT write: QEMU's transmit path, in the writing vCPU's thread. */
static void ev_tdt_write(void *arg)
{
    struct xt_exec *x = arg;
    struct xt_thread_state *th = &x->th[x->running];
    const char *saved = th->fn;
    th->fn = xt_device_fn(&x->cfg);
    tx_device_start_xmit(&x->dev);
    th->fn = saved;
}

/* ---- hooks: every access a step ----------------------------------------- */

static void wait_turn(struct xt_exec *x, struct xt_op *op)
{
    struct xt_thread_state *th = &x->th[x->running];
    th->op = *op;
    xp_coro_yield(&th->coro);
    *op = th->op;
}

static uint32_t region_off(const struct xt_exec *x, const volatile void *p)
{
    const uint8_t *b = (const uint8_t *)(uintptr_t)p, *base = (const uint8_t *)x->r;
    if (b < base || b >= base + sizeof(struct tx_region))
        abort(); /* a model access outside the TX region: a bug in the model */
    return (uint32_t)(b - base);
}

static void hook_load(void *arg, void *dst, const volatile void *src, unsigned len)
{
    struct xt_exec *x = arg;
    struct xt_op op = {.kind = XT_OP_LOAD, .len = (uint8_t)len, .off = region_off(x, src)};
    wait_turn(x, &op);
    memcpy(dst, op.data, len);
}

static void hook_store(void *arg, volatile void *dst, const void *src, unsigned len)
{
    struct xt_exec *x = arg;
    struct xt_op op = {.kind = XT_OP_STORE, .len = (uint8_t)len, .off = region_off(x, dst)};
    memcpy(op.data, src, len);
    wait_turn(x, &op);
}

static void hook_fence(void *arg)
{
    (void)arg;
}

static void hook_dma_read(void *arg, void *dst, const volatile void *src, size_t len)
{
    hook_load(arg, dst, src, (unsigned)len);
}

static void hook_dma_write(void *arg, volatile void *dst, const void *src, size_t len)
{
    struct xt_exec *x = arg;
    struct xt_thread_state *th = &x->th[x->running];
    uint32_t off = region_off(x, dst);
    struct dma_pattern p;
    const char *why = NULL, *saved = th->fn;
    /* Patterns were checked at init (xt_exec_init): this one exists. */
    if (xp_copy_pattern(x->cfg.copy, len, off % 16u, &p, &why) != 0)
        abort();
    th->fn = xt_writeback_fn(&x->cfg);
    for (unsigned i = 0; i < p.n; i++) {
        struct xt_op op = {.kind = XT_OP_STORE, .len = (uint8_t)p.s[i].len,
                           .dma_store = (uint8_t)(i + 1), .dma_stores = (uint8_t)p.n,
                           .off = off + p.s[i].off};
        memcpy(op.data, (const uint8_t *)src + p.s[i].off, p.s[i].len);
        wait_turn(x, &op);
    }
    th->fn = saved;
}

static const struct gm_hooks xt_hooks = {hook_load, hook_store, hook_fence, hook_dma_read,
                                         hook_dma_write};

/* ---- the two contexts ----------------------------------------------------- */

static uint64_t frame_buf(unsigned p) { return 0x10000u * (uint64_t)(p + 1); }

static void attempt_begin(struct xt_exec *x, enum xt_thread t)
{
    x->th[t].nloads = 0;
    x->th[t].loads_overflow = false;
}

/* The attempt did nothing: wait for a change - unless something it read
 * has changed already, when it tries again at once. */
static void attempt_failed(struct xt_exec *x, enum xt_thread t)
{
    struct xt_thread_state *th = &x->th[t];
    if (th->loads_overflow)
        return;
    for (unsigned i = 0; i < th->nloads; i++)
        if (memcmp((uint8_t *)x->r + th->loads[i].off, th->loads[i].val, th->loads[i].len) != 0)
            return;
    th->idle = true;
}

static void park(struct xt_exec *x, enum xt_thread t)
{
    for (;;)
        xp_coro_yield(&x->th[t].coro);
}

/* vCPU A (or the lcore): queue the frames one by one. */
static void main_a(void *arg)
{
    struct xt_exec *x = arg;
    struct xt_thread_state *th = &x->th[XT_A];
    while (x->queued < x->cfg.packets) {
        uint64_t buf = frame_buf(x->queued);
        bool ok;
        attempt_begin(x, XT_A);
        th->fn = xt_xmit_fn(&x->cfg);
        switch (x->cfg.driver) {
        case NIC_DRV_DPDK_EM: ok = eth_em_xmit_pkts(&x->q.em, &buf, 1) == 1; break;
        case NIC_DRV_DPDK_IGB: ok = eth_igb_xmit_pkts(&x->q.igb, &buf, 1) == 1; break;
        default: ok = e1000_xmit_frame(&x->q.lx, x->queued + 1, buf); break;
        }
        if (ok)
            x->queued++;
        else
            attempt_failed(x, XT_A); /* the queue is stopped until the clean frees some */
    }
    th->done = true;
    park(x, XT_A);
}

/* vCPU B (Linux): NAPI polls the clean, which waits when it finds nothing. */
static void main_b(void *arg)
{
    struct xt_exec *x = arg;
    struct xt_thread_state *th = &x->th[XT_B];
    for (;;) {
        th->fn = xt_clean_fn(&x->cfg);
        attempt_begin(x, XT_B);
        if (e1000_clean_tx_irq(&x->q.lx) == 0)
            attempt_failed(x, XT_B);
    }
}

/* ---- set-up and runs ------------------------------------------------------ */

int xt_exec_init(struct xt_exec *x, const struct xt_config *c, const char **why)
{
    memset(x, 0, sizeof(*x));
    x->cfg = *c;
    if ((*why = xt_config_problem(c)) != NULL)
        return -1;
    /* Every write-back this configuration makes must have a pattern. */
    struct xt_header h;
    xt_header_gather(c, &h);
    if (h.writeback.rc != 0 || (c->fix == E1000_FIX_DD_BYTE && h.dd.rc != 0)) {
        *why = h.writeback.rc != 0 ? h.writeback.why : h.dd.why;
        return -1;
    }
    x->r = mmap(NULL, sizeof(struct tx_region), PROT_READ | PROT_WRITE,
                MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (x->r == MAP_FAILED) {
        x->r = NULL;
        *why = "out of memory";
        return -1;
    }
    x->nthreads = xt_two_vcpus(c) ? 2 : 1;
    for (unsigned t = 0; t < x->nthreads; t++)
        if (xp_coro_alloc(&x->th[t].coro, XT_STACK_SIZE) != 0) {
            *why = "out of memory";
            xt_exec_free(x);
            return -1;
        }
    return 0;
}

void xt_exec_free(struct xt_exec *x)
{
    for (unsigned t = 0; t < XT_NTHREADS; t++)
        if (x->th[t].coro.stack != NULL)
            xp_coro_free(&x->th[t].coro);
    if (x->r != NULL)
        munmap(x->r, sizeof(struct tx_region));
    free(x->branch);
    free(x->trace);
    free(x->events);
    x->r = NULL;
    x->branch = NULL;
    x->trace = NULL;
    x->events = NULL;
}

static void setup_ring(struct xt_exec *x)
{
    struct tx_region *r = x->r;
    const struct xt_config *c = &x->cfg;
    unsigned thresh = c->ring / 2;
    int rc;
    x->as = gm_as_live;
    memset(r, 0, sizeof(*r));
    switch (c->driver) {
    case NIC_DRV_DPDK_EM: rc = em_tx_queue_setup(&x->q.em, &x->as, r, c->ring, (uint16_t)thresh,
                                                 (uint16_t)thresh); break;
    case NIC_DRV_DPDK_IGB: rc = igb_tx_queue_setup(&x->q.igb, &x->as, r, c->ring); break;
    default: rc = linux_e1000_tx_setup(&x->q.lx, &x->as, r, c->ring,
                                       c->driver == NIC_DRV_LINUX_E1000E);
        break;
    }
    if (rc != 0)
        abort(); /* xt_config_problem() refused what set-up cannot take */
    r->ev = (struct tx_events){ev_sent, ev_filled, ev_reclaimed, ev_tdt_write, x};
    static const enum tx_device_kind kind[NIC_DEV_COUNT] = {TX_DEV_E1000, TX_DEV_E1000E,
                                                            TX_DEV_IGB};
    tx_device_init(&x->dev, &x->as, r, kind[c->device], c->fix, &dma_copies[c->copy]);
    x->dev.every_wb = c->driver == NIC_DRV_LINUX_E1000E; /* e1000_configure_msix */
}

/* Perform t's announced access, then run t to its next one. */
static void step(struct xt_exec *x, enum xt_thread t)
{
    struct xt_thread_state *th = &x->th[t];
    uint8_t *mem = (uint8_t *)x->r + th->op.off;
    bool changed = false;
    if (th->op.kind == XT_OP_LOAD) {
        memcpy(th->op.data, mem, th->op.len);
        if (th->nloads < sizeof(th->loads) / sizeof(th->loads[0])) {
            th->loads[th->nloads].off = th->op.off;
            th->loads[th->nloads].len = th->op.len;
            memcpy(th->loads[th->nloads].val, mem, th->op.len);
            th->nloads++;
        } else {
            th->loads_overflow = true;
        }
    } else {
        changed = memcmp(mem, th->op.data, th->op.len) != 0;
        memcpy(mem, th->op.data, th->op.len);
        if (changed)
            for (unsigned o = 0; o < x->nthreads; o++)
                if (o != t)
                    x->th[o].idle = false; /* something it may have waited for changed */
    }
    if (x->tracing) {
        x->trace = grow(x->trace, &x->trace_cap, x->ntrace, sizeof(*x->trace));
        x->trace[x->ntrace++] = (struct xt_step){(uint8_t)t, changed, th->op, th->fn};
    }
    x->steps++;
    x->running = (int)t;
    xp_coro_resume(&th->coro);
    x->running = -1;
}

void xt_exec_run(struct xt_exec *x, const struct xt_schedule *s, uint32_t from, bool tracing)
{
    setup_ring(x);
    x->queued = 0;
    memset(x->cur_buf, 0, sizeof(x->cur_buf));
    memset(x->sent, 0, sizeof(x->sent));
    x->violations = 0;
    x->steps = 0;
    x->limited = false;
    x->nbranch = 0;
    x->tracing = tracing;
    x->ntrace = x->nevents = 0;

    x->as = (struct gm_as){&xt_hooks, x};
    static void (*const mains[XT_NTHREADS])(void *) = {main_a, main_b};
    for (unsigned t = 0; t < x->nthreads; t++) {
        x->th[t].done = x->th[t].idle = false;
        xp_coro_start(&x->th[t].coro, mains[t], x);
        x->running = (int)t;
        xp_coro_resume(&x->th[t].coro);
        x->running = -1;
    }

    enum xt_thread cur = XT_A;
    unsigned di = 0;
    while (x->violations == 0) {
        bool can[XT_NTHREADS] = {false, false};
        for (unsigned t = 0; t < x->nthreads; t++)
            can[t] = !x->th[t].done && !x->th[t].idle;
        if (!can[XT_A] && !can[XT_B]) {
            if (!x->th[XT_A].done)
                x->violations |= 1u << XT_V_HANG;
            break;
        }
        enum xt_thread other = cur == XT_A ? XT_B : XT_A;
        enum xt_thread pick = can[cur] ? cur : other;
        if (can[cur] && can[other]) {
            if (x->steps >= from) {
                x->branch = grow(x->branch, &x->branch_cap, x->nbranch, sizeof(*x->branch));
                x->branch[x->nbranch++] = x->steps;
            }
            if (di < s->n && s->step[di] == x->steps) {
                pick = other;
                di++;
            }
        }
        step(x, pick);
        cur = pick;
        if (x->steps >= XT_STEP_LIMIT) {
            x->limited = true;
            break;
        }
    }
    x->as = gm_as_live;
}
