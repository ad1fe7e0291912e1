/* xp_exec.c - the scheduler side of one execution: hooks, choices, steps,
 * state keys (see xp_exec.h). */
#include "xp_exec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xp_check.h"
#include "xp_hash.h"
#include "xp_mem.h"

/* Coroutine stacks: the device and driver code is shallow, but ASan's
 * redzones make frames several times larger. */
#define XP_STACK_SIZE (256u * 1024u)

const struct xp_memory_info xp_memories[XP_MEM_COUNT] = {
    [XP_MEM_SC] = {"sc", "sequentially consistent: every access takes effect at once, in one order"},
    [XP_MEM_TSO] = {"tso", "x86-TSO: stores wait in per-thread FIFO store buffers; a flush is a step;"
                           " fences and register (MMIO) accesses wait for an empty buffer"},
};

struct xp_exec *xp_current;

__attribute__((noreturn)) static void fatal(const char *what)
{
    fprintf(stderr, "e1000_poc: explorer: %s\n", what);
    abort();
}

enum xp_place xp_exec_place(const struct xp_exec *x, uint32_t off, unsigned *desc, unsigned *byte)
{
    if (off == offsetof(struct gm_region, rdh))
        return XP_PLACE_RDH;
    if (off == offsetof(struct gm_region, rdt))
        return XP_PLACE_RDT;
    if (off == offsetof(struct gm_region, rdlen))
        return XP_PLACE_RDLEN;
    if (off >= x->ring_off && off < x->ring_off + 16u * x->cfg.ring) {
        *desc = (off - x->ring_off) / 16u;
        *byte = (off - x->ring_off) % 16u;
        return XP_PLACE_DESC;
    }
    return XP_PLACE_OTHER;
}

/* ---- hooks: run inside a coroutine ------------------------------------ */

/* Announce op as this thread's pending access and wait until the scheduler
 * has performed it (a load's bytes are then in op->data). */
static void wait_turn(struct xp_op *op)
{
    struct xp_exec *x = xp_current;
    struct xp_thread_state *th = &x->th[x->running];
    th->op = *op;
    xp_coro_yield(&th->coro);
    *op = th->op;
}

static uint32_t region_off(const volatile void *p)
{
    const uint8_t *b = (const uint8_t *)(uintptr_t)p;
    if (b < xp_current->base || b >= xp_current->base + xp_current->gm->map_bytes)
        fatal("an access outside the shared region");
    return (uint32_t)(b - xp_current->base);
}

static void hook_load(void *dst, const volatile void *src, unsigned len)
{
    struct xp_op op = {.kind = XP_OP_LOAD, .origin = XP_ORIG_ACCESS, .len = (uint8_t)len,
                       .off = region_off(src)};
    wait_turn(&op);
    memcpy(dst, op.data, len);
}

static void hook_store(volatile void *dst, const void *src, unsigned len)
{
    struct xp_op op = {.kind = XP_OP_STORE, .origin = XP_ORIG_ACCESS, .len = (uint8_t)len,
                       .off = region_off(dst)};
    memcpy(op.data, src, len);
    wait_turn(&op);
}

static void hook_fence(void)
{
    struct xp_op op = {.kind = XP_OP_FENCE, .origin = XP_ORIG_MB};
    wait_turn(&op);
}

/* pci_dma_read/pci_dma_write begin with smp_mb(). Under SC it orders
 * nothing that is not ordered already, so it is a step only under TSO. */
static void dma_fence(void)
{
    if (xp_current->cfg.memory == XP_MEM_TSO) {
        struct xp_op op = {.kind = XP_OP_FENCE, .origin = XP_ORIG_DMA_FENCE};
        wait_turn(&op);
    }
}

/* The copy's loads happen before any of its stores and nothing the device
 * reads is written concurrently in correct operation, so a DMA read is one
 * load of the whole length (at most 16 bytes; longer in 16-byte pieces). */
static void hook_dma_read(void *dst, const volatile void *src, size_t len)
{
    uint32_t off = region_off(src);
    dma_fence();
    for (size_t done = 0; done < len; done += 16) {
        size_t n = len - done < 16 ? len - done : 16;
        struct xp_op op = {.kind = XP_OP_LOAD, .origin = XP_ORIG_DMA_READ, .len = (uint8_t)n,
                           .dma_len = (uint8_t)len, .dma_off = (uint8_t)(off % 16u),
                           .off = off + (uint32_t)done};
        wait_turn(&op);
        memcpy((uint8_t *)dst + done, op.data, n);
    }
}

/* Every store of the copy routine's pattern is a step of its own. */
static void hook_dma_write(volatile void *dst, const void *src, size_t len)
{
    struct xp_exec *x = xp_current;
    uint32_t off = region_off(dst);
    const struct dma_pattern *p;
    struct dma_pattern other;
    const char *why = NULL;

    if (len == 16 && off % 16u == 0)
        p = &x->pat_desc;
    else if (len == 1 && off % 16u == offsetof(struct e1000_rx_desc, status))
        p = &x->pat_status;
    else if (dma_copy_pattern(x->cfg.copy, len, off % 16u, &other, &why) == 0)
        p = &other;
    else
        fatal(why != NULL ? why : "no store pattern for a DMA write");
    dma_fence();
    for (unsigned i = 0; i < p->n; i++) {
        struct xp_op op = {.kind = XP_OP_STORE, .origin = XP_ORIG_DMA_WRITE,
                           .len = (uint8_t)p->s[i].len, .dma_store = (uint8_t)(i + 1),
                           .dma_stores = (uint8_t)p->n, .dma_len = (uint8_t)len,
                           .dma_off = (uint8_t)(off % 16u), .off = off + p->s[i].off};
        if (p->s[i].len > 16 || p->s[i].off + p->s[i].len > len)
            fatal("a copy pattern store outside the copied bytes");
        memcpy(op.data, (const uint8_t *)src + p->s[i].off, p->s[i].len);
        wait_turn(&op);
    }
}

const struct gm_hooks xp_hooks = {hook_load, hook_store, hook_fence, hook_dma_read, hook_dma_write};

/* ---- attempts: called by the actors ----------------------------------- */

/* A coroutine that must never run again (stopped, dropped, finished). */
static void park(struct xp_exec *x, enum xp_thread t)
{
    for (;;)
        xp_coro_yield(&x->th[t].coro);
}

void xp_attempt_begin(struct xp_exec *x, enum xp_thread t)
{
    x->th[t].in_call = false;
    x->th[t].attempt.n = 0;
    x->th[t].attempt.overflow = false;
    x->th[t].attempt_stores = 0;
}

static bool logs_equal(const struct xp_load_log *a, const struct xp_load_log *b)
{
    if (a->n != b->n)
        return false;
    for (unsigned i = 0; i < a->n; i++)
        if (a->e[i].off != b->e[i].off || a->e[i].len != b->e[i].len ||
            memcmp(a->e[i].val, b->e[i].val, a->e[i].len) != 0)
            return false;
    return true;
}

void xp_attempt_failed(struct xp_exec *x, enum xp_thread t)
{
    struct xp_thread_state *th = &x->th[t];
    th->in_call = false;
    if (th->attempt_stores > 0 || th->attempt.overflow) {
        /* It changed something (or read too much to compare): not a spin. */
        th->has_failed = false;
        return;
    }
    if (th->has_failed && logs_equal(&th->attempt, &th->failed)) {
        /* The retry read exactly what the failed attempt read, so it did
         * exactly the same: nothing. Any execution through here is also
         * one without this retry. */
        x->status = XP_ST_STUTTER;
        park(x, t);
    }
    th->failed = th->attempt;
    th->has_failed = true;
    th->spinning = true;
    xp_event_add(x, XP_EV_IDLE, t);
}

void xp_attempt_end(struct xp_exec *x, enum xp_thread t)
{
    x->th[t].in_call = false;
    x->th[t].has_failed = false;
    if (t == XP_DEVICE)
        xp_event_add(x, XP_EV_RECEIVED, t);
    if (t == XP_DRIVER && x->pending != 0 && x->keep_going) {
        x->violations |= x->pending;
        x->pending = 0;
    } else if (t == XP_DRIVER && x->pending != 0) {
        /* Violations raised during this call: the execution ends here. */
        x->violations |= x->pending;
        x->status = XP_ST_VIOLATION;
        park(x, t);
    }
}

void xp_thread_finish(struct xp_exec *x, enum xp_thread t)
{
    x->th[t].in_call = false;
    x->th[t].done = true;
    xp_event_add(x, XP_EV_DONE, t);
    park(x, t);
}

void xp_raise(struct xp_exec *x, unsigned violations)
{
    x->pending |= violations;
    x->step_violations |= violations;
}

struct xp_event *xp_event_add(struct xp_exec *x, enum xp_event_kind kind, enum xp_thread t)
{
    if (!x->tracing)
        return NULL;
    if (x->nevents == x->events_cap) {
        unsigned cap = x->events_cap ? 2 * x->events_cap : 64;
        struct xp_event *e = realloc(x->events, cap * sizeof(*e));
        if (e == NULL)
            fatal("out of memory for the trace");
        x->events = e;
        x->events_cap = cap;
    }
    struct xp_event *e = &x->events[x->nevents++];
    memset(e, 0, sizeof(*e));
    e->step = x->steps;
    e->kind = (uint8_t)kind;
    e->thread = (uint8_t)t;
    return e;
}

/* ---- set-up ------------------------------------------------------------ */

int xp_exec_init(struct xp_exec *x, const struct xp_config *cfg, const char **why)
{
    memset(x, 0, sizeof(*x));
    x->cfg = *cfg;
    if (!dma_copy_available(cfg->copy, why))
        return -1;
    if (dma_copy_pattern(cfg->copy, 16, 0, &x->pat_desc, why) != 0 ||
        dma_copy_pattern(cfg->copy, 1, offsetof(struct e1000_rx_desc, status), &x->pat_status,
                         why) != 0)
        return -1;
    x->gm = gm_alloc(cfg->ring);
    x->fill_consumed = calloc(cfg->packets, 1);
    x->last_writer = calloc(16u * cfg->ring, 1);
    x->write_serial = calloc(16u * cfg->ring, sizeof(uint32_t));
    if (x->gm == NULL || x->fill_consumed == NULL || x->last_writer == NULL ||
        x->write_serial == NULL || xp_coro_alloc(&x->th[XP_DEVICE].coro, XP_STACK_SIZE) != 0 ||
        xp_coro_alloc(&x->th[XP_DRIVER].coro, XP_STACK_SIZE) != 0) {
        *why = "out of memory";
        xp_exec_free(x);
        return -1;
    }
    x->base = (uint8_t *)x->gm;
    x->ring_off = (uint32_t)offsetof(struct gm_region, rx_rings);
    return 0;
}

void xp_exec_free(struct xp_exec *x)
{
    if (xp_current == x) {
        gm_hooks = NULL;
        xp_current = NULL;
    }
    em_rx_queue_release(&x->rxq);
    rx_checker_free(&x->checker);
    xp_coro_free(&x->th[XP_DEVICE].coro);
    xp_coro_free(&x->th[XP_DRIVER].coro);
    gm_free(x->gm);
    free(x->fill_consumed);
    free(x->last_writer);
    free(x->write_serial);
    free(x->trace);
    free(x->events);
    x->gm = NULL;
    x->fill_consumed = NULL;
    x->last_writer = NULL;
    x->write_serial = NULL;
    x->trace = NULL;
    x->events = NULL;
}

void xp_exec_start(struct xp_exec *x, bool tracing)
{
    struct gm_region *gm = x->gm;

    /* The ring as the driver's initialisation leaves it, set up without
     * hooks: it happens before the device is enabled, so nothing races. */
    gm_hooks = NULL;
    gm->rdh = gm->rdt = gm->rdlen = 0;
    memset(gm->rx_rings, 0, 16u * x->cfg.ring);
    em_rx_queue_release(&x->rxq);
    rx_checker_free(&x->checker);
    if (em_rx_queue_setup(&x->rxq, gm, (uint16_t)x->cfg.rx_free_thresh, x->cfg.workaround) != 0 ||
        rx_checker_init(&x->checker, x->cfg.ring) != 0)
        fatal("out of memory");
    e1000_init(&x->dev, gm, x->cfg.fix, &dma_copies[x->cfg.copy], 0);
    x->received = 0;
    memset(x->fill_consumed, 0, x->cfg.packets);

    for (int t = 0; t < XP_NTHREADS; t++) {
        struct xp_thread_state *th = &x->th[t];
        th->done = false;
        th->spinning = false;
        th->in_call = false;
        th->has_failed = false;
        th->attempt.n = 0;
        th->attempt_stores = 0;
        th->traj[0] = th->traj[1] = 0;
        th->buf.head = th->buf.n = 0;
    }
    x->last = -1;
    x->status = XP_ST_RUNNING;
    x->violations = x->pending = 0;
    x->steps = 0;
    memset(x->fill_active, 0, sizeof(x->fill_active));
    memset(x->fill_covered, 0, sizeof(x->fill_covered));
    memset(x->torn, 0, sizeof(x->torn));
    x->tracing = tracing;
    x->ntrace = x->nevents = 0;
    x->serial = 0;
    memset(x->fill_read_serial, 0, sizeof(x->fill_read_serial));
    memset(x->last_writer, 0, 16u * x->cfg.ring);
    memset(x->write_serial, 0, 16u * x->cfg.ring * sizeof(uint32_t));

    /* Each coroutine runs to its first access. */
    xp_current = x;
    gm_hooks = &xp_hooks;
    xp_coro_start(&x->th[XP_DEVICE].coro, xp_device_main, x);
    xp_coro_start(&x->th[XP_DRIVER].coro, xp_driver_main, x);
    for (int t = 0; t < XP_NTHREADS; t++) {
        x->running = t;
        xp_coro_resume(&x->th[t].coro);
    }
    x->running = -1;
}

/* ---- choices and steps -------------------------------------------------- */

/* The driver's register access waits while the device holds the BQL. */
static bool waits_for_bql(const struct xp_exec *x, enum xp_thread t)
{
    unsigned d, b;
    enum xp_place p = xp_exec_place(x, x->th[t].op.off, &d, &b);
    return t == XP_DRIVER && x->th[XP_DEVICE].in_call && x->th[t].op.kind != XP_OP_FENCE &&
           (p == XP_PLACE_RDH || p == XP_PLACE_RDT || p == XP_PLACE_RDLEN);
}

/* An idle thread's retry would read something new. */
static bool spin_ready(const struct xp_exec *x, enum xp_thread t)
{
    const struct xp_load_log *s = &x->th[t].failed;
    uint8_t now[16];
    for (unsigned i = 0; i < s->n; i++) {
        xp_mem_view(x, t, s->e[i].off, s->e[i].len, now);
        if (memcmp(now, s->e[i].val, s->e[i].len) != 0)
            return true;
    }
    return false;
}

unsigned xp_exec_choices(struct xp_exec *x, struct xp_choice out[XP_NENTITIES])
{
    bool active[XP_NTHREADS], prog[XP_NTHREADS], flush[XP_NTHREADS];
    unsigned n = 0;

    if (x->status != XP_ST_RUNNING)
        return 0;
    for (int t = 0; t < XP_NTHREADS; t++) {
        const struct xp_thread_state *th = &x->th[t];
        /* Active: has work to do (an idle spinner has none until it is ready). */
        active[t] = !th->done && (!th->spinning || spin_ready(x, (enum xp_thread)t));
        prog[t] = !th->done && xp_mem_op_enabled(x, (enum xp_thread)t) &&
                  !waits_for_bql(x, (enum xp_thread)t);
        flush[t] = th->buf.n > 0;
    }
    if (x->pending != 0) {
        /* A violation was raised: the driver finishes its call, alone. */
        if (prog[XP_DRIVER])
            out[n++] = (struct xp_choice){XP_E_DRIVER, 0};
        else if (flush[XP_DRIVER])
            out[n++] = (struct xp_choice){XP_E_DRIVER_FLUSH, 0};
        if (n == 0) {
            x->violations |= x->pending;
            x->status = XP_ST_VIOLATION;
        }
        return n;
    }
    /* An idle thread may start a retry early only while the other thread is
     * active: otherwise nothing can change under it. */
    for (int t = 0; t < XP_NTHREADS; t++)
        prog[t] = prog[t] && (active[t] || active[1 - t]);

    /* Default: the thread that ran last goes on (its buffer first, so that
     * with no deviation TSO behaves as SC); if it has nothing to do, the
     * other one. */
    int t = x->last;
    int dflt = -1;
    if (t >= 0 && flush[t])
        dflt = 2 + t;
    else if (t >= 0 && active[t] && prog[t])
        dflt = t;
    else {
        int u = t < 0 ? XP_DEVICE : 1 - t;
        if (flush[u])
            dflt = 2 + u;
        else if (active[u] && prog[u])
            dflt = u;
    }
    if (dflt < 0) {
        /* Nobody can do anything that could change anything. */
        xp_check_end(x);
        return 0;
    }
    /* Switching away from a thread that could go on is a preemption. */
    bool t_busy = t >= 0 && active[t] && (prog[t] || flush[t]);
    out[n++] = (struct xp_choice){(uint8_t)dflt, (uint8_t)(t_busy && (dflt & 1) != t)};
    for (int e = 0; e < XP_NENTITIES; e++) {
        enum xp_thread et = xp_entity_thread((unsigned)e);
        bool possible = xp_entity_is_flush((unsigned)e) ? flush[et] : prog[et];
        if (e == dflt || !possible)
            continue;
        out[n++] = (struct xp_choice){(uint8_t)e, (uint8_t)(t_busy && (int)et != t)};
    }
    return n;
}

static void log_load(struct xp_load_log *log, const struct xp_op *op)
{
    if (log->n == XP_LOG_MAX) {
        log->overflow = true;
        return;
    }
    log->e[log->n].off = op->off;
    log->e[log->n].len = op->len;
    memcpy(log->e[log->n].val, op->data, op->len);
    log->n++;
}

static void grow_trace(struct xp_exec *x)
{
    if (x->ntrace < x->trace_cap)
        return;
    unsigned cap = x->trace_cap ? 2 * x->trace_cap : 256;
    struct xp_step *s = realloc(x->trace, cap * sizeof(*s));
    if (s == NULL)
        fatal("out of memory for the trace");
    x->trace = s;
    x->trace_cap = cap;
}

static void record_step(struct xp_exec *x, unsigned entity, unsigned cost, bool deviation,
                        const struct xp_op *op, bool buffered, const struct xp_op *other_op,
                        bool other_in_call)
{
    unsigned k, b;
    grow_trace(x);
    struct xp_step *s = &x->trace[x->ntrace++];
    memset(s, 0, sizeof(*s));
    s->other_op = *other_op;
    s->other_in_call = other_in_call;
    s->entity = (uint8_t)entity;
    s->cost = (uint8_t)cost;
    s->deviation = deviation;
    s->buffered = buffered;
    s->visible = op->kind == XP_OP_STORE && !buffered;
    s->op = *op;
    s->rdh = x->gm->rdh;
    s->rdt = x->gm->rdt;
    s->desc = -1;
    if (xp_exec_place(x, op->off, &k, &b) == XP_PLACE_DESC && op->kind != XP_OP_FENCE) {
        s->desc = (int16_t)k;
        memcpy(&s->desc_after, x->base + x->ring_off + 16u * k, 16);
    }
    s->lost = x->step_lost;
    s->lost_before = x->step_lost_before;
    s->torn = x->step_torn;
    s->violations = x->step_violations;
}

void xp_exec_step(struct xp_exec *x, unsigned entity, unsigned cost, bool deviation)
{
    enum xp_thread t = xp_entity_thread(entity);
    struct xp_thread_state *th = &x->th[t];
    struct xp_op op;
    bool buffered = false;

    const struct xp_thread_state *other = &x->th[1 - t];
    struct xp_op other_op = other->op;
    bool other_in_call = other->in_call;

    x->step_lost = x->step_torn = 0;
    x->step_violations = 0;
    if (xp_entity_is_flush(entity)) {
        op = xp_mem_flush(x, t);
    } else {
        th->spinning = false;
        th->in_call = true;
        buffered = xp_mem_execute(x, t, &th->op);
        op = th->op;
        if (op.kind == XP_OP_LOAD)
            log_load(&th->attempt, &op);
        else if (op.kind == XP_OP_STORE)
            th->attempt_stores++;
        /* The trajectory: every access of this thread and what it saw. */
        xp_hash_u64(th->traj, (uint64_t)op.kind | (uint64_t)op.len << 8 | (uint64_t)op.off << 16);
        xp_hash_bytes(th->traj, op.data, op.kind == XP_OP_FENCE ? 0 : op.len);
        x->running = (int)t;
        xp_coro_resume(&th->coro);
        x->running = -1;
    }
    if (x->tracing)
        record_step(x, entity, cost, deviation, &op, buffered, &other_op, other_in_call);
    x->last = (int)t;
    x->steps++;
    if (x->status == XP_ST_RUNNING && x->steps >= XP_STEP_LIMIT)
        x->status = XP_ST_LIMIT;
}

void xp_exec_state_key(const struct xp_exec *x, bool with_last, uint64_t key[2])
{
    uint64_t h[2] = {0x243f6a8885a308d3ull, 0x13198a2e03707344ull};
    const struct gm_region *gm = x->gm;

    xp_hash_u64(h, (uint64_t)gm->rdh | (uint64_t)gm->rdt << 32);
    xp_hash_u64(h, gm->rdlen);
    xp_hash_bytes(h, (const void *)gm->rx_rings, 16u * x->cfg.ring);
    for (int t = 0; t < XP_NTHREADS; t++) {
        const struct xp_thread_state *th = &x->th[t];
        xp_hash_u64(h, th->traj[0]);
        xp_hash_u64(h, th->traj[1]);
        xp_hash_u64(h, (uint64_t)th->done | (uint64_t)th->spinning << 1 |
                           (uint64_t)th->in_call << 2 | (uint64_t)th->buf.n << 8);
        for (unsigned i = 0; i < th->buf.n; i++) {
            const struct xp_op *s = &th->buf.e[(th->buf.head + i) % XP_BUF_MAX];
            xp_hash_u64(h, (uint64_t)s->off | (uint64_t)s->len << 32);
            xp_hash_bytes(h, s->data, s->len);
        }
    }
    xp_hash_u64(h, (uint64_t)(with_last ? x->last + 1 : 0) | (uint64_t)x->pending << 8);
    for (unsigned k = 0; k < x->cfg.ring; k++)
        xp_hash_u64(h, (uint64_t)x->fill_active[k] | (uint64_t)x->fill_covered[k] << 8 |
                           (uint64_t)x->torn[k] << 24);
    key[0] = h[0];
    key[1] = h[1];
}

/* ---- snapshots ------------------------------------------------------------ */

/* The arrays outside struct xp_exec that an execution changes. */
struct snap_part {
    void *p;
    size_t n;
};

static unsigned snap_parts(const struct xp_exec *x, struct snap_part part[5])
{
    part[0] = (struct snap_part){(void *)&x->gm->rdh, 4};
    part[1] = (struct snap_part){(void *)&x->gm->rdt, 4};
    part[2] = (struct snap_part){(void *)x->gm->rx_rings, 16u * x->cfg.ring};
    part[3] = (struct snap_part){x->rxq.sw_ring, sizeof(*x->rxq.sw_ring) * x->cfg.ring};
    part[4] = (struct snap_part){x->checker.slot_tag, sizeof(*x->checker.slot_tag) * x->cfg.ring};
    return 5;
}

/* Every part starts 8-byte aligned in the snapshot (stacks are copied in
 * words under ASan). */
static size_t align8(size_t n)
{
    return (n + 7u) & ~(size_t)7u;
}

int xp_exec_snapshot(const struct xp_exec *x, struct xp_snapshot *s)
{
    struct snap_part part[5];
    unsigned np = snap_parts(x, part);
    size_t used[XP_NTHREADS], need = align8(sizeof(*x)) + align8(x->cfg.packets);

    for (unsigned i = 0; i < np; i++)
        need += align8(part[i].n);
    for (int t = 0; t < XP_NTHREADS; t++) {
        used[t] = xp_coro_stack_used(&x->th[t].coro);
        need += align8(used[t]);
    }
    if (need > s->cap) {
        uint8_t *m = realloc(s->mem, need);
        if (m == NULL)
            return -1;
        s->mem = m;
        s->cap = need;
    }
    uint8_t *p = s->mem;
    memcpy(p, x, sizeof(*x));
    p += align8(sizeof(*x));
    for (unsigned i = 0; i < np; i++) {
        memcpy(p, part[i].p, part[i].n);
        p += align8(part[i].n);
    }
    memcpy(p, x->fill_consumed, x->cfg.packets);
    p += align8(x->cfg.packets);
    for (int t = 0; t < XP_NTHREADS; t++) {
        xp_coro_stack_save(&x->th[t].coro, p);
        p += align8(used[t]);
    }
    return 0;
}

void xp_exec_restore(struct xp_exec *x, const struct xp_snapshot *s)
{
    struct snap_part part[5];
    const uint8_t *p = s->mem;

    /* The executor first: it holds the coroutines' saved stack pointers,
     * and the arrays' addresses, which do not change between start()s. */
    memcpy(x, p, sizeof(*x));
    p += align8(sizeof(*x));
    unsigned np = snap_parts(x, part);
    for (unsigned i = 0; i < np; i++) {
        memcpy(part[i].p, p, part[i].n);
        p += align8(part[i].n);
    }
    memcpy(x->fill_consumed, p, x->cfg.packets);
    p += align8(x->cfg.packets);
    for (int t = 0; t < XP_NTHREADS; t++) {
        size_t used = xp_coro_stack_used(&x->th[t].coro);
        xp_coro_stack_restore(&x->th[t].coro, p, used);
        p += align8(used);
    }
}

void xp_snapshot_free(struct xp_snapshot *s)
{
    free(s->mem);
    s->mem = NULL;
    s->cap = 0;
}
