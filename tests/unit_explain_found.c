// SPDX-License-Identifier: GPL-2.0-or-later
/* unit_explain_found.c - what explain's search finds, read from its
 * outcome (explain/outcome.h) with no renderer: which store of a copy
 * publishes DD, where the one preemption falls, which driver write the
 * next store undoes, the violations and the steps, how the run-on ends,
 * the store patterns a header lists, a torn read, what a bounded search
 * covered; and --path=tx's search (the write-back's stores around the
 * clean's zeroing, the verdict of each fix, one context's one execution).
 * The words the text puts around these facts are unit_output.c's and
 * docs.sh's business; the command line's exit statuses are explain.sh's. */
#include <string.h>

#include "tap.h"
#include "explain/choose.h"
#include "explain/outcome.h"
#include "explain/pattern.h"
#include "explain/tx_exec.h"
#include "explain/tx_outcome.h"
#include "explain/tx_search.h"

/* Search one configuration as `explain` would with these options (dev,
 * drv -1: the default). false (and a failed check) if it could not run. */
static bool search(struct xp_outcome *o, int dev, int drv, enum e1000_fix fix,
                   enum dma_copy_id copy, enum xp_memory mem, uint32_t max_preemptions,
                   const char *what)
{
    struct xp_config base = {.fix = fix,
                             .workaround = EM_WORKAROUND_NONE,
                             .copy = copy,
                             .memory = mem,
                             .burst = 4,
                             .device = NIC_DEV_E1000,
                             .driver = NIC_DRV_DPDK_EM};
    struct xp_config pairs[NIC_DEV_COUNT * NIC_DRV_COUNT];
    struct xp_pick p = {dev, drv, false, false, false, false, false, 0};
    struct xp_search_limits lim = {
        .max_preemptions = max_preemptions, .state_cache = true, .max_states = 4000000};
    char why[512] = "";
    const char *err = NULL;
    if (xp_pick_pairs(&base, &p, pairs, why, sizeof(why)) != 1) {
        ok(0, "%s: the pair: %s", what, why);
        return false;
    }
    if (xp_outcome_prepare(o, &pairs[0], max_preemptions, &err) != 0) {
        ok(0, "%s: prepare: %s", what, err);
        return false;
    }
    if (xp_outcome_search(o, &lim, &err) != 0) {
        ok(0, "%s: search: %s", what, err);
        xp_outcome_free(o);
        return false;
    }
    return true;
}

/* Step i of x's trace, NULL past its end. */
static const struct xp_step *step(const struct xp_exec *x, int i)
{
    return i >= 0 && (unsigned)i < x->ntrace ? &x->trace[i] : NULL;
}

/* The first step at or after `from` that is store i of n of a DMA write of
 * len bytes into descriptor k (a store that reaches memory at once, or goes
 * into the store buffer); -1 if none. */
static int dma_store(const struct xp_exec *x, int from, int k, unsigned i, unsigned n, unsigned len)
{
    for (int j = from < 0 ? 0 : from; (unsigned)j < x->ntrace; j++) {
        const struct xp_step *s = &x->trace[j];
        if (!xp_entity_is_flush(s->entity) && s->op.origin == XP_ORIG_DMA_WRITE &&
            s->op.dma_store == i && s->op.dma_stores == n && s->op.dma_len == len && s->desc == k)
            return j;
    }
    return -1;
}

/* Is DD set in the descriptor step s touched, as memory holds it after s?
 * DD is bit 0 of the status byte (legacy) and of status_error (extended,
 * advanced): the first byte of x->status_off either way. */
static bool dd_after(const struct xp_exec *x, const struct xp_step *s)
{
    return s && (s->desc_after[x->status_off] & E1000_RXD_STAT_DD);
}

/* The first step after which descriptor k shows DD; -1 if none. */
static int first_dd(const struct xp_exec *x, int k)
{
    for (unsigned j = 0; j < x->ntrace; j++)
        if (x->trace[j].desc == k && dd_after(x, &x->trace[j]))
            return (int)j;
    return -1;
}

/* The last step in (from, to) that is the driver's store of len bytes at
 * byte `byte` of descriptor k; -1 if none. */
static int driver_store(const struct xp_exec *x, int from, int to, int k, unsigned byte,
                        unsigned len)
{
    int found = -1;
    for (int j = from + 1; j < to && (unsigned)j < x->ntrace; j++) {
        const struct xp_step *s = &x->trace[j];
        unsigned d = 0, b = 0;
        if (s->entity == XP_E_DRIVER && s->op.kind == XP_OP_STORE && s->op.len == len &&
            xp_exec_place(x, s->op.off, &d, &b) == XP_PLACE_DESC && (int)d == k && b == byte)
            found = j;
    }
    return found;
}

static uint64_t u64_at(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, sizeof(v));
    return v;
}

/* The steps that preempt the other thread: exactly one, strictly between
 * steps a and b, and the driver's. */
static bool one_preemption_between(const struct xp_exec *x, int a, int b)
{
    unsigned n = 0;
    bool inside = false;
    for (unsigned j = 0; j < x->ntrace; j++)
        if (x->trace[j].cost) {
            n++;
            inside = (int)j > a && (int)j < b && xp_entity_thread(x->trace[j].entity) == XP_DRIVER;
        }
    return n == 1 && inside;
}

/* A packet the driver handed up that revealed violation v, from descriptor
 * k; its fill in *fill. */
static bool packet_with(const struct xp_exec *x, int v, unsigned k, uint32_t *fill)
{
    for (unsigned j = 0; j < x->nevents; j++) {
        const struct xp_event *e = &x->events[j];
        if (e->kind == XP_EV_PACKET && (e->violations & XP_V_BIT(v)) && e->rx_id == k) {
            *fill = e->fill;
            return true;
        }
    }
    return false;
}

/* The schedule run on with no further preemption hangs the ring at
 * RDH == RDT == 0. */
static bool hangs_at_0(const struct xp_outcome *o)
{
    return o->has_after && o->after.status == XP_ST_VIOLATION &&
           (o->after.violations & XP_V_BIT(XP_V_HANG)) && o->after.gm->rdh == 0 &&
           o->after.gm->rdt == 0;
}

/* Is p n stores, each [off, off + len) of the write? */
static bool pattern_is(const struct dma_pattern *p, unsigned n, unsigned off, unsigned len)
{
    if (p->n != n)
        return false;
    for (unsigned i = 0; i < n; i++)
        if (p->s[i].off != off || p->s[i].len != len)
            return false;
    return true;
}

/* e1000 + dpdk-em, unfixed, the double copy: the seed's race. */
static void e1000_double(void)
{
    struct xp_outcome o;
    if (!search(&o, -1, -1, E1000_FIX_NONE, DMA_COPY_DOUBLE, XP_MEM_SC, XP_PREEMPTIONS_ALL,
                "e1000 double"))
        return;
    const struct xp_exec *x = &o.x;
    ok(pattern_is(&x->pat_desc, 2, 0, 16), "e1000 double: the 16-byte write is two stores [0,16)");
    int s1 = dma_store(x, 0, 0, 1, 2, 16), s2 = dma_store(x, s1 + 1, 0, 2, 2, 16);
    ok(s1 >= 0 && s2 > s1, "e1000 double: d0's write-back, store 1 then store 2");
    ok(s1 >= 0 && first_dd(x, 0) == s1, "e1000 double: store 1 publishes d0's DD");
    ok(s1 >= 0 && u64_at(x->trace[s1].desc_after) == 1, "... with buffer 1 in it");
    ok(one_preemption_between(x, s1, s2),
       "e1000 double: one preemption, the driver's, between the stores");
    int re = driver_store(x, s1, s2, 0, 0, 8), cl = driver_store(x, re, s2, 0, 12, 1);
    ok(re >= 0 && u64_at(x->trace[re].op.data) == 3 && cl > re && !dd_after(x, step(x, cl)),
       "e1000 double: in between, the driver re-arms d0 with buffer 3, then clears its status");
    const struct xp_step *d = step(x, s2);
    ok(d && d->lost > 0 && dd_after(x, d) && u64_at(d->desc_after) == 1,
       "e1000 double: store 2 undoes the re-arm: buffer 1 and DD again");
    uint32_t fill = 99;
    ok(packet_with(x, XP_V_DOUBLE, 0, &fill) && fill == 0,
       "e1000 double: fill 0 of d0 consumed twice");
    bool rdt_rdh = false;
    for (unsigned j = 0; j < x->ntrace; j++)
        rdt_rdh |= (x->trace[j].violations & XP_V_BIT(XP_V_RDT_IS_RDH)) && x->trace[j].rdt == 0 &&
                   x->trace[j].rdh == 0;
    ok(rdt_rdh, "e1000 double: a step writes RDT == RDH == 0");
    is_u(o.violations,
         XP_V_BIT(XP_V_DOUBLE) | XP_V_BIT(XP_V_STALE_ADDR) | XP_V_BIT(XP_V_RDT_IS_RDH),
         "e1000 double: the violations: double, stale-addr, rdt-is-rdh");
    ok(o.steps == 42 && o.preemptions == 1, "e1000 double: 42 steps, 1 preemption (got %u, %u)",
       o.steps, (unsigned)o.preemptions);
    ok(hangs_at_0(&o), "e1000 double: run on, the ring hangs at RDH == RDT == 0");
    xp_outcome_free(&o);

    if (!search(&o, -1, -1, E1000_FIX_NONE, DMA_COPY_DOUBLE, XP_MEM_TSO, XP_PREEMPTIONS_ALL,
                "e1000 double tso"))
        return;
    bool flush = false;
    x = &o.x;
    for (unsigned j = 0; j < x->ntrace; j++) {
        unsigned k = 9, b = 9;
        const struct xp_step *s = &x->trace[j];
        flush |= s->entity == XP_E_DEVICE_FLUSH && s->op.len == 16 &&
                 xp_exec_place(x, s->op.off, &k, &b) == XP_PLACE_DESC && k == 0 && b == 0;
    }
    ok(o.r.found && flush,
       "tso: a violation, and a buffered 16-byte store reaches d0 as its own step");
    xp_outcome_free(&o);
}

/* igb + dpdk-igb under QEMU's upstream fix: the status-word race. */
static void igb_status_word(void)
{
    struct xp_outcome o;
    if (!search(&o, NIC_DEV_IGB, NIC_DRV_DPDK_IGB, E1000_FIX_UPSTREAM, DMA_COPY_DOUBLE, XP_MEM_SC,
                XP_PREEMPTIONS_ALL, "igb upstream double"))
        return;
    const struct xp_exec *x = &o.x;
    ok(x->fmt == RX_FMT_ADVANCED && x->status_off == 8 && x->status_len == 4,
       "igb: advanced descriptors, status_error at [8,12)");
    ok(pattern_is(&x->pat_status, 2, 0, 4), "igb: status_error's write is two stores of [8,12)");
    int s1 = dma_store(x, 0, 0, 1, 2, 4), s2 = dma_store(x, s1 + 1, 0, 2, 2, 4);
    ok(s1 >= 0 && s2 > s1 && first_dd(x, 0) == s1,
       "igb: store 1 of status_error publishes d0's DD");
    ok(one_preemption_between(x, s1, s2), "igb: one preemption, the driver's, between the stores");
    int re = driver_store(x, s1, s2, 0, 8, 8);
    ok(re >= 0 && u64_at(x->trace[re].op.data) == 0 && !dd_after(x, step(x, re)),
       "igb: the driver re-arms with hdr_addr = 0 (DD gone) in between");
    const struct xp_step *d = step(x, s2);
    ok(d && d->lost > 0 && dd_after(x, d), "igb: store 2 brings DD back over the driver's clear");
    bool twice = false;
    for (unsigned j = 0; j < x->nevents; j++)
        twice |= x->events[j].kind == XP_EV_PACKET && x->events[j].no_fill &&
                 (x->events[j].violations & XP_V_BIT(XP_V_DOUBLE)) && x->events[j].rx_id == 0;
    ok(twice, "igb: d0 handed up with no fill since the driver took it: consumed twice");
    is_u(o.violations, XP_V_BIT(XP_V_DOUBLE) | XP_V_BIT(XP_V_RDT_IS_RDH),
         "igb: the violations: double, rdt-is-rdh");
    ok(o.steps == 47 && o.preemptions == 1, "igb: 47 steps, 1 preemption (got %u, %u)", o.steps,
       (unsigned)o.preemptions);
    ok(hangs_at_0(&o), "igb: run on, the ring hangs at RDH == RDT == 0");
    xp_outcome_free(&o);

    if (!search(&o, NIC_DEV_IGB, -1, E1000_FIX_ATOMIC_STATUS, DMA_COPY_DOUBLE, XP_MEM_SC,
                XP_PREEMPTIONS_ALL, "igb atomic-status"))
        return;
    ok(o.x.cfg.driver == NIC_DRV_DPDK_IGB && !o.r.found && o.r.complete,
       "igb atomic-status (default driver dpdk-igb): no violation, the bounds covered");
    xp_outcome_free(&o);
}

/* Linux drivers: what store 2 lands over. */
static void linux_drivers(void)
{
    struct xp_outcome o;
    if (search(&o, NIC_DEV_IGB, NIC_DRV_LINUX_IGB, E1000_FIX_UPSTREAM, DMA_COPY_DOUBLE, XP_MEM_SC,
               XP_PREEMPTIONS_ALL, "linux-igb upstream double")) {
        const struct xp_exec *x = &o.x;
        /* Linux igb polls the length (bytes 12-13) and re-arms by zeroing it. */
        int s1 = dma_store(x, 0, 0, 1, 2, 16), s2 = dma_store(x, s1 + 1, 0, 2, 2, 16);
        int re = s1 >= 0 && s2 > s1 ? driver_store(x, s1, s2, 0, 12, 2) : -1;
        const struct xp_step *r = step(x, re), *d = step(x, s2);
        ok(o.r.found && r && r->desc_after[12] == 0 && r->desc_after[13] == 0 && d && d->lost > 0 &&
               d->desc_after[12] == XP_FRAME_SIZE,
           "linux-igb: store 2 of the 16-byte write puts the length back over the driver's re-arm");
        xp_outcome_free(&o);
    }
    if (search(&o, NIC_DEV_E1000E, NIC_DRV_LINUX_E1000E, E1000_FIX_UPSTREAM, DMA_COPY_DOUBLE,
               XP_MEM_SC, XP_PREEMPTIONS_ALL, "linux-e1000e upstream double")) {
        const struct xp_exec *x = &o.x;
        ok(x->cfg.ring == 4 && x->cfg.packets == 5 && x->cfg.rx_buffer_write == 2,
           "linux-e1000e: ring 4, 5 packets, the model's batch 2");
        int s1 = dma_store(x, 0, 0, 1, 2, x->status_len),
            s2 = dma_store(x, s1 + 1, 0, 2, 2, x->status_len);
        int cl = s1 >= 0 && s2 > s1 ? driver_store(x, s1, s2, 0, x->status_off, x->status_len) : -1;
        const struct xp_step *d = step(x, s2);
        ok(cl >= 0 && !dd_after(x, step(x, cl)) && d && d->lost > 0 && dd_after(x, d),
           "linux-e1000e: store 2 puts DD back over the driver's clear of status_error");
        uint32_t fill = 99;
        ok(packet_with(x, XP_V_DOUBLE, 0, &fill) && fill == 0,
           "linux-e1000e: fill 0 of d0 consumed twice");
        xp_outcome_free(&o);
    }
    if (search(&o, NIC_DEV_E1000, NIC_DRV_LINUX_E1000, E1000_FIX_UPSTREAM, DMA_COPY_DOUBLE,
               XP_MEM_SC, XP_PREEMPTIONS_ALL, "linux-e1000 upstream double")) {
        ok(o.x.cfg.ring == 3 && o.x.cfg.packets == 4 && o.x.cfg.burst == 4 && !o.r.found &&
               o.r.complete,
           "linux-e1000: ring 3, 4 packets, budget 4; no violation (a 1-byte status is one store)");
        xp_outcome_free(&o);
    }
}

/* e1000's own fix under glibc's aarch64 memcpy: the status byte three times. */
static void aarch64_status_byte(void)
{
    struct xp_outcome o;
    if (!search(&o, -1, -1, E1000_FIX_UPSTREAM, DMA_COPY_AARCH64_GENERIC, XP_MEM_SC,
                XP_PREEMPTIONS_ALL, "e1000 upstream aarch64-generic"))
        return;
    const struct xp_exec *x = &o.x;
    ok(pattern_is(&x->pat_desc, 2, 0, 16) && pattern_is(&x->pat_status, 3, 0, 1) &&
           x->status_off == 12,
       "aarch64-generic: the 16-byte write is [0,16) twice; the status byte [12,13) three times");
    int s1 = dma_store(x, 0, 0, 1, 3, 1), s2 = dma_store(x, s1 + 1, 0, 2, 3, 1);
    int cl = s1 >= 0 && s2 > s1 ? driver_store(x, s1, s2, 0, 12, 1) : -1;
    const struct xp_step *d = step(x, s2);
    ok(cl >= 0 && !dd_after(x, step(x, cl)) && d && d->lost > 0 && dd_after(x, d),
       "aarch64-generic: store 2 of 3 puts DD back over the driver's clear of status");
    ok((o.violations & XP_V_BIT(XP_V_DOUBLE)) && (o.violations & XP_V_BIT(XP_V_RDT_IS_RDH)),
       "aarch64-generic: double and rdt-is-rdh");
    xp_outcome_free(&o);
}

/* The deliberately broken fix (DD before the rest) is caught as a torn read. */
static void broken_fix(void)
{
    struct xp_outcome o;
    if (!search(&o, -1, -1, E1000_FIX_BROKEN_DD_FIRST, DMA_COPY_SINGLE, XP_MEM_SC,
                XP_PREEMPTIONS_ALL, "broken-dd-first single"))
        return;
    ok(o.r.found && (o.violations & XP_V_BIT(XP_V_TORN_READ)),
       "broken-dd-first + single: a torn read");
    xp_outcome_free(&o);
}

/* What a search that finds nothing covered. */
static void coverage(void)
{
    struct xp_outcome o;
    if (search(&o, -1, -1, E1000_FIX_UPSTREAM, DMA_COPY_SINGLE, XP_MEM_SC, XP_PREEMPTIONS_ALL,
               "upstream single")) {
        ok(!o.r.found && o.r.complete && o.r.exhausted,
           "upstream + single: every interleaving covered");
        ok(o.r.used_snapshots && o.r.finals == 1,
           "upstream + single: the executions end in 1 distinct final state (got %llu)",
           (unsigned long long)o.r.finals);
        xp_outcome_free(&o);
    }
    if (search(&o, -1, -1, E1000_FIX_NONE, DMA_COPY_DOUBLE, XP_MEM_SC, 0,
               "double, 0 preemptions")) {
        ok(!o.r.found && o.r.complete && !o.r.exhausted,
           "unfixed + double, at most 0 preemptions: none, and more preemptions not covered");
        xp_outcome_free(&o);
    }
}

/* ---- --path=tx --------------------------------------------------------- */

/* c as `explain --path=tx` makes it: the driver's ring, ring + 2 frames. */
static struct xt_config tx_config(enum nic_device_id dev, enum nic_driver_id drv,
                                  enum e1000_fix fix, enum dma_copy_id copy, unsigned preemptions)
{
    struct xt_config c = {dev, drv, fix, copy, 0, 0, preemptions};
    xt_config_defaults(&c);
    return c;
}

/* The first traced step at or after `from` of thread t storing at
 * descriptor 0's bytes [12,16) (DMA store i of n, or 0 of 0: a plain
 * store), with DD set or not; -1 if none. */
static int tx_store(const struct xt_exec *x, int from, unsigned t, unsigned i, unsigned n, bool dd)
{
    uint32_t at = (uint32_t)offsetof(struct tx_region, ring) + TX_STATUS_OFF;
    for (int j = from < 0 ? 0 : from; (unsigned)j < x->ntrace; j++) {
        const struct xt_step *s = &x->trace[j];
        if (s->thread == t && s->op.kind == XT_OP_STORE && s->op.off == at && s->op.len == 4 &&
            s->op.dma_store == i && s->op.dma_stores == n &&
            ((s->op.data[0] & E1000_TXD_STAT_DD) != 0) == dd)
            return j;
    }
    return -1;
}

static void tx_paths(void)
{
    struct xt_config c = tx_config(NIC_DEV_E1000, NIC_DRV_LINUX_E1000, E1000_FIX_NONE,
                                   DMA_COPY_DOUBLE, XT_PREEMPTIONS_DEFAULT);
    struct xt_result res;
    struct xt_header h;
    const char *why = NULL;
    xt_header_gather(&c, &h);
    ok(h.writeback.rc == 0 && h.writeback.len == 4 && h.writeback.off == TX_STATUS_OFF &&
           pattern_is(&h.writeback.p, 2, 0, 4),
       "tx: the 4-byte write-back at byte 12 is two stores of [12,16)");
    ok(xt_two_vcpus(&c), "tx: linux-e1000 cleans on a vCPU of its own");
    if (xt_search(&c, &res, &why) != 0) {
        ok(0, "tx: linux-e1000 + double: %s", why);
        return;
    }
    is_i(xt_first_violation(res.violations), XT_V_UNOWNED, "tx: linux-e1000 + double: unowned");
    struct xt_exec x;
    if (xt_trace(&c, &res.sched, &x, &why) != 0) {
        ok(0, "tx: trace: %s", why);
        return;
    }
    int s1 = tx_store(&x, 0, XT_A, 1, 2, true), z = tx_store(&x, s1 + 1, XT_B, 0, 0, false);
    int s2 = tx_store(&x, z + 1, XT_A, 2, 2, true);
    ok(s1 >= 0 && z > s1 && s2 > z,
       "tx: store 1 of the write-back sets DD, the clean zeroes it, store 2 sets it again");
    ok(x.violations & (1u << XT_V_UNOWNED), "tx: the replayed schedule violates as found");
    xt_exec_free(&x);

    c = tx_config(NIC_DEV_E1000, NIC_DRV_LINUX_E1000, E1000_FIX_DD_BYTE, DMA_COPY_DOUBLE, 1);
    xt_header_gather(&c, &h);
    ok(h.dd.rc == 0 && h.dd.len == 1 && pattern_is(&h.dd.p, 1, 0, 1),
       "tx dd-byte: the DD byte alone is one store [12,13)");
    ok(xt_search(&c, &res, &why) == 0 && res.violations == 0 && res.executions > 1,
       "tx: linux-e1000 + double + dd-byte, 1 preemption: clean over every schedule");
    c = tx_config(NIC_DEV_E1000, NIC_DRV_LINUX_E1000, E1000_FIX_NONE, DMA_COPY_SINGLE, 1);
    ok(xt_search(&c, &res, &why) == 0 && res.violations == 0, "tx: linux-e1000 + single: clean");

    c = tx_config(NIC_DEV_IGB, NIC_DRV_DPDK_IGB, E1000_FIX_NONE, DMA_COPY_DOUBLE,
                  XT_PREEMPTIONS_DEFAULT);
    ok(!xt_two_vcpus(&c) && xt_search(&c, &res, &why) == 0 && res.violations == 0 &&
           res.executions == 1,
       "tx: igb + dpdk-igb: one context, one execution, clean");
}

int main(void)
{
    e1000_double();
    igb_status_word();
    linux_drivers();
    aarch64_status_byte();
    broken_fix();
    coverage();
    tx_paths();
    return tap_done();
}
