// SPDX-License-Identifier: GPL-2.0-or-later
/* exec.c - one execution, scheduler side: set-up, the choices at each
 * state, steps, state keys (see exec.h). The hooks are in hooks.c,
 * the attempt bookkeeping in actors.c, snapshots in snapshot.c. */
#include "explain/exec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/driver/linux_e1000e.h"
#include "explain/actors.h"
#include "explain/check.h"
#include "explain/hash.h"
#include "explain/mem.h"
#include "explain/pattern.h"
#include "explain/pair.h"

/* Coroutine stacks: the device and driver code is shallow, but ASan's
 * redzones make frames several times larger. */
#define XP_STACK_SIZE (256u * 1024u)

/* ---- set-up ------------------------------------------------------------ */

int xp_exec_init(struct xp_exec *x, const struct xp_config *cfg, const char **why)
{
    memset(x, 0, sizeof(*x));
    x->cfg = *cfg;
    if ((*why = xp_config_problem(cfg)) != NULL)
        return -1;
    x->fmt = xp_format(cfg);
    x->status_off = (unsigned)rx_status_offset(x->fmt);
    x->status_len = (unsigned)rx_status_len(x->fmt);
    /* No dma_copy_available() here: the explorer never runs a routine,
     * it schedules the stores the routine declares (or, for libc, the ones
     * the probe measures), so a routine this CPU cannot run - rep-movsb on
     * arm64, `single` without FEAT_LSE2 - can still be explored. */
    if (xp_copy_pattern(cfg->copy, 16, 0, &x->pat_desc, why) != 0 ||
        xp_copy_pattern(cfg->copy, x->status_len, x->status_off, &x->pat_status, why) != 0)
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
    nic_drivers[x->cfg.driver].release(&x->q);
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
    const struct nic_driver *drv = &nic_drivers[x->cfg.driver];
    x->as = gm_as_live;
    gm->rdh = gm->rdt = gm->rdlen = gm->rfctl = 0;
    memset(gm->rx_rings, 0, 16u * x->cfg.ring);
    drv->release(&x->q);
    rx_checker_free(&x->checker);
    if (drv->setup(&x->q, &x->as, gm, (uint16_t)x->cfg.rx_free_thresh, x->cfg.workaround) != 0 ||
        rx_checker_init(&x->checker, x->cfg.ring) != 0)
        xp_fatal("out of memory");
    if (xp_driver_models[x->cfg.driver].batch)
        linux_e1000e_ring_set_batch(&x->q.linux_e1000e, x->cfg.rx_buffer_write);
    e1000_init(&x->dev, &x->as, gm, x->cfg.fix, &dma_copies[x->cfg.copy], 0);
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

    /* From here every access of the device and the driver is a step of this
     * executor's; each coroutine runs to its first access. */
    x->as = (struct gm_as){&xp_hooks, x};
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
           xp_place_is_register(p);
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
    x->trace = xp_grow(x->trace, &x->trace_cap, x->ntrace, sizeof(*x->trace), 256);
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
        memcpy(s->desc_after, x->base + x->ring_off + 16u * k, 16);
    }
    s->lost = x->step_lost;
    memcpy(s->lost_before, x->step_lost_before, 16);
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

    xp_hash_shared(h, x);
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

