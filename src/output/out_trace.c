// SPDX-License-Identifier: GPL-2.0-or-later
/* out_trace.c - the two-column trace (see out_trace.h). */
#include "output/out_trace.h"

#include <inttypes.h>
#include <string.h>

#include "model/desc.h"
#include "explain/pair.h"

#define COL_DRIVER 38

/* The device column: TSO adds " (buffered)" to the longest device lines;
 * a status_error written in stores of less than its 4 bytes adds ": byte N". */
static int col_device(const struct xp_exec *x)
{
    int w = 40;
    for (unsigned i = 0; i < x->pat_status.n; i++)
        if (x->pat_status.s[i].len < x->status_len && x->status_len > 1)
            w = 48;
    return x->cfg.memory == XP_MEM_TSO ? w + 11 : w;
}

/* The driver column: wide enough for its header. */
static int col_driver(const struct xp_exec *x)
{
    char t[64];
    int w = (int)strlen(xp_driver_title(&x->cfg, t, sizeof(t))) + (int)strlen("driver: ") + 2;
    return w > COL_DRIVER ? w : COL_DRIVER;
}

/* What the device writes for a whole packet: legacy DD|EOP|IXSM, extended
 * and advanced DD|EOP in status_error. */
#define STATUS_DONE (E1000_RXD_STAT_DD | E1000_RXD_STAT_EOP | E1000_RXD_STAT_IXSM)
#define STATUS_DONE_32 (E1000_RXD_STAT_DD_32 | E1000_RXD_STAT_EOP_32)

static const char *const thread_names[XP_NTHREADS] = {"device", "driver"};

static uint32_t u32_of(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

static uint64_t u64_of(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

/* "DD" for what the device writes for a whole packet, "--" for 0 (re-armed
 * or never filled), the value in hex otherwise. */
static const char *status_text(const struct xp_exec *x, uint32_t st, char *b, size_t n)
{
    if (st == (x->fmt == RX_FMT_LEGACY ? STATUS_DONE : STATUS_DONE_32))
        return "DD";
    if (st == 0)
        return "--";
    snprintf(b, n, "%02" PRIx32, st);
    return b;
}

/* The status field of a descriptor's bytes. */
static uint32_t status_of(const struct xp_exec *x, const uint8_t *d)
{
    return x->fmt == RX_FMT_LEGACY ? d[x->status_off] : u32_of(d + x->status_off);
}

static const char *status_name(const struct xp_exec *x)
{
    return x->fmt == RX_FMT_LEGACY ? "status" : "status_error";
}

/* What tells the driver a descriptor is done: DD, or for a driver that
 * polls length (linux-igb) a length that is not 0. */
static bool polls_length(const struct xp_exec *x)
{
    return nic_drivers[x->cfg.driver].polls_length;
}
static const char *ready_name(const struct xp_exec *x)
{
    return polls_length(x) ? "a length" : "DD";
}

/* ", len 60" after the fill, for a driver that polls length. */
static void length_text(char *b, size_t n, const struct xp_exec *x, const uint8_t *d)
{
    uint16_t len;
    memcpy(&len, d + 12, 2);
    if (polls_length(x))
        snprintf(b, n, " len %u", len);
    else
        b[0] = '\0';
}

/* Bytes 0-7 of an extended or advanced descriptor: the buffer address the
 * driver armed ("buf N": buffers are small numbers, so the low 32 bits are
 * not 0), or the device's write-back over it ("used N": mrq or pkt_info 0,
 * rss = the buffer the device used, desc.h). */
static void addr_text(char *b, size_t n, const uint8_t *d)
{
    uint64_t q = u64_of(d);
    if ((uint32_t)q == 0 && (q >> 32) != 0)
        snprintf(b, n, "used %" PRIu64, q >> 32);
    else
        snprintf(b, n, "buf %" PRIu64, q);
}

/* Bytes 8-15 as "DD fill 0": the status and the fill the tag names ("-":
 * none; legacy: length 0 where dash_empty, extended and advanced: vlan 0). */
static void upper_text(char *b, size_t n, const struct xp_exec *x, const uint8_t *d,
                       bool dash_empty)
{
    char sb[16], fb[16], lb[16];
    if (x->fmt == RX_FMT_LEGACY) {
        struct e1000_rx_desc l;
        memcpy(&l, d, 16);
        if (l.length == 0 && dash_empty)
            snprintf(fb, sizeof(fb), "-");
        else
            snprintf(fb, sizeof(fb), "%" PRIu32, e1000_fill_tag(&l));
    } else {
        uint16_t vlan;
        memcpy(&vlan, d + 14, 2);
        if (vlan == 0)
            snprintf(fb, sizeof(fb), "-");
        else
            snprintf(fb, sizeof(fb), "%u", vlan - 1u);
    }
    length_text(lb, sizeof(lb), x, d);
    snprintf(b, n, "%s fill %s%s", status_text(x, status_of(x, d), sb, sizeof(sb)), fb, lb);
}

/* "d0: buf 1 DD fill 0". */
static void desc_text(char *b, size_t n, const struct xp_exec *x, unsigned k, const uint8_t *d)
{
    char ab[32], ub[48];
    if (x->fmt == RX_FMT_LEGACY)
        snprintf(ab, sizeof(ab), "buf %" PRIu64, u64_of(d));
    else
        addr_text(ab, sizeof(ab), d);
    upper_text(ub, sizeof(ub), x, d, true);
    snprintf(b, n, "d%u: %s %s", k, ab, ub);
}

/* "buf 1, status DD" (legacy) or "buf 3, status DD, fill -": a descriptor
 * before and after the store that undid the driver's write. */
static void damage_text(char *b, size_t n, const struct xp_exec *x, const uint8_t *d)
{
    char ab[32], sb[16], lb[16];
    const char *st = status_text(x, status_of(x, d), sb, sizeof(sb));
    length_text(lb, sizeof(lb), x, d);
    if (x->fmt == RX_FMT_LEGACY) {
        snprintf(b, n, "buf %" PRIu64 ", status %s", u64_of(d), st);
        return;
    }
    uint16_t vlan;
    memcpy(&vlan, d + 14, 2);
    addr_text(ab, sizeof(ab), d);
    if (vlan == 0)
        snprintf(b, n, "%s, status %s, fill -%s", ab, st, lb);
    else
        snprintf(b, n, "%s, status %s, fill %u%s", ab, st, vlan - 1u, lb);
}

static const char *register_name(enum xp_place p)
{
    return p == XP_PLACE_RDH ? "RDH" : p == XP_PLACE_RDT ? "RDT" : p == XP_PLACE_RDLEN ? "RDLEN"
                                                                                        : "RFCTL";
}

/* A byte range "bytes 0-15" / "byte 12". */
static void bytes_text(char *b, size_t n, unsigned first, unsigned len)
{
    if (len == 1)
        snprintf(b, n, "byte %u", first);
    else
        snprintf(b, n, "bytes %u-%u", first, first + len - 1);
}

static void mask_text(char *b, size_t n, uint16_t mask)
{
    size_t used = 0;
    b[0] = '\0';
    for (unsigned i = 0; i < 16 && used < n;) {
        if (!(mask & (1u << i))) {
            i++;
            continue;
        }
        unsigned j = i;
        while (j + 1 < 16 && (mask & (1u << (j + 1))))
            j++;
        used += (size_t)snprintf(b + used, n - used, "%s%u", used ? "," : "", i);
        if (j > i && used < n)
            used += (size_t)snprintf(b + used, n - used, "-%u", j);
        i = j + 1;
    }
}

/* What a step did, for its thread's column. */
static void op_text(char *b, size_t n, const struct xp_exec *x, const struct xp_step *s)
{
    const struct xp_op *op = &s->op;
    enum xp_thread t = xp_entity_thread(s->entity);
    unsigned k = 0, byte = 0;
    enum xp_place p = xp_exec_place(x, op->off, &k, &byte);
    char sb[16], rb[24], ub[48];
    uint8_t d[16];

    if (xp_entity_is_flush(s->entity)) {
        bytes_text(rb, sizeof(rb), byte, op->len);
        if (p == XP_PLACE_DESC)
            snprintf(b, n, "buffered store reaches d%u %s", k, rb);
        else
            snprintf(b, n, "buffered store reaches %s", register_name(p));
        return;
    }
    if (op->kind == XP_OP_FENCE) {
        snprintf(b, n, "smp_mb()%s", op->origin == XP_ORIG_DMA_FENCE ? " of pci_dma_*" : "");
        return;
    }
    if (p == XP_PLACE_RFCTL) {
        snprintf(b, n, "%s RFCTL: EXTEN %s", op->kind == XP_OP_LOAD ? "read" : "write",
                 u32_of(op->data) & E1000_RFCTL_EXTEN ? "set (extended)" : "clear (legacy)");
        return;
    }
    if (p != XP_PLACE_DESC) {
        snprintf(b, n, "%s %s = %" PRIu32, op->kind == XP_OP_LOAD ? "read" : "write",
                 register_name(p), u32_of(op->data));
        return;
    }
    if (op->origin == XP_ORIG_DMA_READ) {
        snprintf(b, n, "pci_dma_read d%u: buf %" PRIu64, k, u64_of(op->data));
        return;
    }
    /* The bytes of the access in place, for the texts below. */
    memset(d, 0, sizeof(d));
    memcpy(d + byte, op->data, op->len <= 16 - byte ? op->len : 16 - byte);
    bool status_field = byte == x->status_off && op->len == x->status_len;
    if (op->origin == XP_ORIG_DMA_WRITE) {
        bool whole_status = op->dma_off == x->status_off && op->dma_len == x->status_len;
        bytes_text(rb, sizeof(rb), byte, op->len);
        if (whole_status && op->dma_stores == 1)
            snprintf(b, n, "pci_dma_write d%u.%s = %s", k, status_name(x),
                     status_text(x, status_of(x, d), sb, sizeof(sb)));
        else if (whole_status && op->len == x->status_len)
            snprintf(b, n, "pci_dma_write d%u.%s store %u/%u", k, status_name(x), op->dma_store,
                     op->dma_stores);
        else if (whole_status)
            snprintf(b, n, "pci_dma_write d%u.%s store %u/%u: %s", k, status_name(x),
                     op->dma_store, op->dma_stores, rb);
        else if (op->dma_stores == 1)
            snprintf(b, n, "pci_dma_write d%u: %s", k, rb);
        else
            snprintf(b, n, "pci_dma_write d%u store %u/%u: %s", k, op->dma_store, op->dma_stores,
                     rb);
        if (s->buffered)
            snprintf(b + strlen(b), n - strlen(b), " (buffered)");
        return;
    }
    /* Plain accesses: the driver's, and the device's atomic-status store. */
    const char *verb = op->kind == XP_OP_LOAD ? "read" : "write";
    if (byte == 0 && op->len == 8 && (x->fmt == RX_FMT_LEGACY || op->kind == XP_OP_STORE)) {
        snprintf(b, n, "%s d%u.%s = %" PRIu64, verb, k,
                 x->fmt == RX_FMT_ADVANCED ? "pkt_addr" : "buffer_addr", u64_of(op->data));
    } else if (byte == 0 && op->len == 8) {
        addr_text(ub, sizeof(ub), d);
        snprintf(b, n, "read d%u bytes 0-7: %s", k, ub);
    } else if (status_field) {
        snprintf(b, n, "%s d%u.%s = %s%s", verb, k, status_name(x),
                 status_text(x, status_of(x, d), sb, sizeof(sb)),
                 t == XP_DEVICE && op->kind == XP_OP_STORE ? ", one store" : "");
    } else if (byte == 8 && op->len == 8 && x->fmt == RX_FMT_ADVANCED && op->kind == XP_OP_STORE &&
               t != XP_DEVICE) {
        /* The driver's re-arm writes the read format's header address;
         * the device's one 8-byte store (the patch v2) is the write-back. */
        snprintf(b, n, "write d%u.hdr_addr = %" PRIu64, k, u64_of(op->data));
    } else if (byte == 8 && op->len == 8) {
        /* As loaded: a legacy fill tag of 0 reads "fill 0" here. */
        upper_text(ub, sizeof(ub), x, d, false);
        snprintf(b, n, "%s d%u bytes 8-15: %s", verb, k, ub);
    } else {
        bytes_text(rb, sizeof(rb), byte, op->len);
        snprintf(b, n, "%s d%u %s", verb, k, rb);
    }
    if (s->buffered)
        snprintf(b + strlen(b), n - strlen(b), " (buffered)");
}

/* One line with text in thread t's column (no trailing blanks). */
static void column_line(FILE *f, const struct xp_exec *x, const char *stepno, enum xp_thread t,
                        const char *text, const char *state)
{
    int col = col_device(x), dcol = col_driver(x);
    char line[320];
    int n;
    if (t == XP_DEVICE)
        n = snprintf(line, sizeof(line), "%5s  %-*s%-*s%s", stepno, col, text, dcol, "", state);
    else
        n = snprintf(line, sizeof(line), "%5s  %-*s%-*s%s", stepno, col, "", dcol, text, state);
    if (n >= (int)sizeof(line))
        n = (int)sizeof(line) - 1;
    while (n > 0 && line[n - 1] == ' ')
        n--;
    fprintf(f, "%.*s\n", n, line);
}

/* Where the preempted thread was. */
static void where_text(char *b, size_t n, const struct xp_exec *x, enum xp_thread t,
                       const struct xp_op *op, bool in_call)
{
    unsigned k = 0, byte = 0;
    xp_exec_place(x, op->off, &k, &byte);
    if (op->origin == XP_ORIG_DMA_WRITE && op->dma_store > 1)
        snprintf(b, n, "between store %u and store %u of its pci_dma_write of d%u",
                 op->dma_store - 1, op->dma_store, k);
    else if (in_call)
        snprintf(b, n, "inside %s", t == XP_DEVICE ? nic_devices[x->cfg.device].receive_fn
                                                   : nic_drivers[x->cfg.driver].recv_fn);
    else
        snprintf(b, n, "between two calls");
}

/* Emit one line of the walk. */
static void emit(out_trace_sink sink, void *ctx, enum xp_line_kind kind, int thread, unsigned step,
                 const char *text, const struct xp_step *s, const char *desc)
{
    struct out_trace_line l = {kind, thread, step, text, s, desc};
    sink(ctx, &l);
}

/* The events attached to step `step` (0-based; UINT32_MAX: before the first). */
static void walk_events(const struct xp_exec *x, unsigned step, unsigned *ev, out_trace_sink sink,
                        void *ctx)
{
    char text[160];
    unsigned no = step + 1;
    for (; *ev < x->nevents && x->events[*ev].step == step; (*ev)++) {
        const struct xp_event *e = &x->events[*ev];
        switch (e->kind) {
        case XP_EV_PACKET:
            if (e->no_fill)
                snprintf(text, sizeof(text), "=> hands up d%u: no fill (vlan 0)", e->rx_id);
            else if (x->fmt != RX_FMT_LEGACY && e->wb_buf == 0)
                /* rss 0: bytes 0-7 hold the driver's re-armed buffer address
                 * (its high half), not a write-back. */
                snprintf(text, sizeof(text), "=> hands up d%u: fill %" PRIu32 ", no buffer (rss 0)",
                         e->rx_id, e->fill);
            else
                snprintf(text, sizeof(text), "=> hands up d%u: buf %" PRIu64 ", fill %" PRIu32,
                         e->rx_id, e->wb_buf, e->fill);
            emit(sink, ctx, OUT_LINE_PACKET, XP_DRIVER, no, text, NULL, NULL);
            if ((e->violations & XP_V_BIT(XP_V_DOUBLE)) && e->no_fill) {
                snprintf(text, sizeof(text), "no fill wrote d%u since the driver took it last: it is"
                         " consumed twice", e->rx_id);
                emit(sink, ctx, OUT_LINE_VIOLATION, -1, no, text, NULL, NULL);
            } else if (e->violations & XP_V_BIT(XP_V_DOUBLE)) {
                snprintf(text, sizeof(text), "fill %" PRIu32 " of d%u was handed up before: consumed"
                         " twice", e->fill, e->rx_id);
                emit(sink, ctx, OUT_LINE_VIOLATION, -1, no, text, NULL, NULL);
            }
            if (e->violations & XP_V_BIT(XP_V_STALE_ADDR)) {
                snprintf(text, sizeof(text), "buffer %" PRIu64 " is stale: the driver armed d%u with"
                         " buffer %" PRIu64, e->wb_buf, e->rx_id, e->buf);
                emit(sink, ctx, OUT_LINE_VIOLATION, -1, no, text, NULL, NULL);
            }
            if (e->violations & XP_V_BIT(XP_V_TORN_READ)) {
                char mb[48];
                mask_text(mb, sizeof(mb), e->torn);
                snprintf(text, sizeof(text), "torn read: the driver read d%u bytes %s before the"
                         " device wrote them", e->rx_id, mb);
                emit(sink, ctx, OUT_LINE_VIOLATION, -1, no, text, NULL, NULL);
            }
            if (e->violations & XP_V_BIT(XP_V_WRONG_FILL)) {
                snprintf(text, sizeof(text), "fill %" PRIu32 " where fill %" PRIu32 " was due",
                         e->fill, e->expected_fill);
                emit(sink, ctx, OUT_LINE_VIOLATION, -1, no, text, NULL, NULL);
            }
            break;
        case XP_EV_IDLE:
            if (e->thread == XP_DEVICE)
                emit(sink, ctx, OUT_LINE_EVENT, XP_DEVICE, no, "(no free descriptor: waits for RDT)",
                     NULL, NULL);
            else
                emit(sink, ctx, OUT_LINE_EVENT, XP_DRIVER, no, "(nothing ready: waits for a change)",
                     NULL, NULL);
            break;
        case XP_EV_RECEIVED:
            break;
        case XP_EV_DONE:
            snprintf(text, sizeof(text), "(all %u packets received)", x->cfg.packets);
            emit(sink, ctx, OUT_LINE_EVENT, XP_DEVICE, no, text, NULL, NULL);
            break;
        }
    }
}

void out_trace_walk(const struct xp_exec *x, unsigned nsteps, out_trace_sink sink, void *ctx)
{
    char text[160], db[128], where[128], line[400];
    unsigned ev = 0, preemptions = 0;

    while (ev < x->nevents && x->events[ev].step == UINT32_MAX)
        ev++;
    for (unsigned i = 0; i < nsteps && i < x->ntrace; i++) {
        const struct xp_step *s = &x->trace[i];
        enum xp_thread t = xp_entity_thread(s->entity);
        if (s->cost) {
            preemptions++;
            where_text(where, sizeof(where), x, (enum xp_thread)(1 - t), &s->other_op,
                       s->other_in_call);
            snprintf(line, sizeof(line), "preemption %u: the %s runs; the %s could go on (%s)",
                     preemptions, thread_names[t], thread_names[1 - t], where);
            emit(sink, ctx, OUT_LINE_PREEMPTION, -1, i + 1, line, s, NULL);
        }
        op_text(text, sizeof(text), x, s);
        if (s->desc >= 0)
            desc_text(db, sizeof(db), x, (unsigned)s->desc, s->desc_after);
        else
            db[0] = '\0';
        emit(sink, ctx, OUT_LINE_STEP, (int)t, i + 1, text, s, db);
        if (s->lost) {
            char was[128], now[128], what[48];
            damage_text(was, sizeof(was), x, s->lost_before);
            damage_text(now, sizeof(now), x, s->desc_after);
            /* Only status bytes undone: the driver's clear of the status (an
             * igb re-arm, a Linux status = 0); else its re-arm. */
            uint16_t status_mask = (uint16_t)(((1u << x->status_len) - 1u) << x->status_off);
            if ((s->lost & (uint16_t)~status_mask) == 0)
                snprintf(what, sizeof(what), "clear of %s", status_name(x));
            else
                snprintf(what, sizeof(what), "re-arm");
            if (s->op.dma_stores > 1)
                snprintf(line, sizeof(line), "store %u of %u writes d%d back (%s) over the driver's"
                         " %s (%s): the driver's write is lost",
                         s->op.dma_store, s->op.dma_stores, s->desc, now, what, was);
            else
                snprintf(line, sizeof(line), "this store writes d%d back (%s) over the driver's %s"
                         " (%s): the driver's write is lost", s->desc, now, what, was);
            emit(sink, ctx, OUT_LINE_DAMAGE, -1, i + 1, line, s, NULL);
        }
        if (s->violations & XP_V_BIT(XP_V_RDT_IS_RDH)) {
            snprintf(line, sizeof(line), "RDT == RDH == %" PRIu32 ": the device now sees no free"
                     " descriptor", s->rdt);
            emit(sink, ctx, OUT_LINE_VIOLATION, -1, i + 1, line, s, NULL);
        }
        walk_events(x, i, &ev, sink, ctx);
    }
}

/* The text trace: the walk's lines in two columns, markers indented. */
struct text_sink {
    FILE *f;
    const struct xp_exec *x;
};

static void text_line(void *ctx, const struct out_trace_line *l)
{
    const struct text_sink *t = ctx;
    char stepno[16], state[160];
    switch (l->kind) {
    case OUT_LINE_STEP:
        snprintf(stepno, sizeof(stepno), "%u", l->step);
        snprintf(state, sizeof(state), "%3" PRIu32 " %3" PRIu32 "  %s", l->s->rdh, l->s->rdt,
                 l->desc);
        column_line(t->f, t->x, stepno, (enum xp_thread)l->thread, l->text, state);
        break;
    case OUT_LINE_PREEMPTION:
        fprintf(t->f, "       -- %s\n", l->text);
        break;
    case OUT_LINE_DAMAGE:
    case OUT_LINE_VIOLATION:
        fprintf(t->f, "       !! %s\n", l->text);
        break;
    case OUT_LINE_PACKET:
    case OUT_LINE_EVENT:
        column_line(t->f, t->x, "", (enum xp_thread)l->thread, l->text, "");
        break;
    }
}

void out_trace_print(FILE *f, const struct xp_exec *x, unsigned nsteps)
{
    char dt[64], rt[64], dh[80], rh[80];
    struct text_sink t = {f, x};

    snprintf(dh, sizeof(dh), "device: %s", xp_device_title(&x->cfg, dt, sizeof(dt)));
    snprintf(rh, sizeof(rh), "driver: %s", xp_driver_title(&x->cfg, rt, sizeof(rt)));
    fprintf(f, "%5s  %-*s%-*s%s\n", "step", col_device(x), dh, col_driver(x), rh,
            "RDH RDT  touched descriptor after");
    out_trace_walk(x, nsteps, text_line, &t);
}

/* The first step in [0, nsteps) that undid a driver's write to descriptor k. */
static const struct xp_step *damage_step(const struct xp_exec *x, unsigned k, unsigned nsteps)
{
    for (unsigned i = 0; i < nsteps && i < x->ntrace; i++)
        if (x->trace[i].lost != 0 && x->trace[i].desc == (int)k)
            return &x->trace[i];
    return NULL;
}

/* The first packet event in steps [0, nsteps) that shows violation v. */
static const struct xp_event *first_event(const struct xp_exec *x, enum xp_violation v,
                                          unsigned nsteps)
{
    for (unsigned i = 0; i < x->nevents && x->events[i].step < nsteps; i++)
        if (x->events[i].kind == XP_EV_PACKET && (x->events[i].violations & XP_V_BIT(v)))
            return &x->events[i];
    return NULL;
}

void out_trace_verdict(FILE *f, const struct xp_exec *x, unsigned violations, unsigned nsteps)
{
    const struct xp_event *e;
    char mb[48];

    fprintf(f, "Violated:");
    int first = 1;
    for (int v = 0; v < XP_V_COUNT; v++) {
        if (!(violations & XP_V_BIT(v)))
            continue;
        fprintf(f, "%s %s", first ? "" : ";", xp_violations[v].property);
        first = 0;
    }
    fprintf(f, ".\n");

    /* One sentence on what happened, led by the first violation. */
    if ((e = first_event(x, XP_V_DOUBLE, nsteps)) != NULL && e->no_fill) {
        const struct xp_step *d = damage_step(x, e->rx_id, nsteps);
        char how[96] = "a late store of the device";
        if (d != NULL && d->op.dma_stores > 1)
            snprintf(how, sizeof(how), "store %u of %u of the device's %s write (step %u)",
                     d->op.dma_store, d->op.dma_stores,
                     d->op.dma_len == x->status_len ? status_name(x) : "descriptor",
                     (unsigned)(d - x->trace) + 1);
        fprintf(f, "What happened: the driver took d%u a second time although no fill had written"
                   " it since it took it last: %s put DD back over the driver's clear.\n",
                e->rx_id, how);
    }
    else if (e != NULL && x->fmt != RX_FMT_LEGACY && e->wb_buf == 0)
        fprintf(f, "What happened: the driver consumed fill %" PRIu32 " of d%u a second time: DD"
                   " came back with it, over the buffer address the driver had re-armed (buffer %"
                   PRIu64 ").\n", e->fill, e->rx_id, e->buf);
    else if (e != NULL)
        fprintf(f, "What happened: the driver consumed fill %" PRIu32 " of d%u a second time, in"
                   " buffer %" PRIu64 "%s.\n",
                e->fill, e->rx_id, e->wb_buf,
                e->wb_buf != e->buf ? ", which it had already handed up and replaced" : "");
    else if ((e = first_event(x, XP_V_STALE_ADDR, nsteps)) != NULL)
        fprintf(f, "What happened: the driver got buffer %" PRIu64 " from d%u, where it had armed"
                   " buffer %" PRIu64 ".\n", e->wb_buf, e->rx_id, e->buf);
    else if ((e = first_event(x, XP_V_TORN_READ, nsteps)) != NULL) {
        mask_text(mb, sizeof(mb), e->torn);
        fprintf(f, "What happened: the driver saw %s in d%u and read bytes %s of it before the"
                   " device had written them.\n", ready_name(x), e->rx_id, mb);
    } else if ((e = first_event(x, XP_V_WRONG_FILL, nsteps)) != NULL)
        fprintf(f, "What happened: the driver got fill %" PRIu32 " from d%u where fill %" PRIu32
                   " was due.\n", e->fill, e->rx_id, e->expected_fill);
    else if (violations & XP_V_BIT(XP_V_RDT_IS_RDH))
        fprintf(f, "What happened: the driver wrote RDT == RDH, handing the device an empty ring.\n");
    else if (violations & XP_V_BIT(XP_V_HANG))
        fprintf(f, "What happened: the ring hangs: RDH == RDT == %" PRIu32 " and the device holds"
                   " %u packet(s); the driver waits for %s in d%u, which the device will never write.\n",
                x->gm->rdh, x->cfg.packets - x->received, ready_name(x),
                nic_drivers[x->cfg.driver].next(&x->q));
    else if (violations & XP_V_BIT(XP_V_LOST))
        fprintf(f, "What happened: everyone stopped with a filled descriptor never handed up.\n");
}

void out_trace_aftermath(FILE *f, const struct xp_exec *x, unsigned from)
{
    unsigned more = x->ntrace > from ? x->ntrace - from : 0;
    unsigned handed = 0, before = 0, after = 0;
    for (unsigned i = 0; i < x->nevents; i++)
        if (x->events[i].kind == XP_EV_PACKET && x->events[i].step >= from)
            handed++;
    for (unsigned i = 0; i < x->ntrace; i++) {
        if (i < from)
            before |= x->trace[i].violations;
        else
            after |= x->trace[i].violations;
    }
    /* Found at the end (hang, lost) or only later in the run. */
    after = (after | x->violations) & ~before;
    fprintf(f, "Then, with no further preemption: %u more step%s, %u more packet%s handed up",
            more, more == 1 ? "" : "s", handed, handed == 1 ? "" : "s");
    if (after & ~(XP_V_BIT(XP_V_HANG) | XP_V_BIT(XP_V_LOST))) {
        fprintf(f, ", with");
        int first = 1;
        for (int v = 0; v < XP_V_COUNT; v++)
            if ((after & XP_V_BIT(v)) && v != XP_V_HANG && v != XP_V_LOST) {
                fprintf(f, "%s %s", first ? "" : ",", xp_violations[v].name);
                first = 0;
            }
    }
    fprintf(f, "; ");
    if (x->status == XP_ST_VIOLATION && (x->violations & XP_V_BIT(XP_V_HANG)))
        fprintf(f, "the ring hangs for good: RDH == RDT == %" PRIu32 ", the device holds %u"
                   " packet%s and sees no free descriptor, the driver waits for %s in d%u.\n",
                x->gm->rdh, x->cfg.packets - x->received,
                x->cfg.packets - x->received == 1 ? "" : "s", ready_name(x),
                nic_drivers[x->cfg.driver].next(&x->q));
    else if (x->status == XP_ST_VIOLATION && (x->violations & XP_V_BIT(XP_V_LOST)))
        fprintf(f, "everyone stops with a filled descriptor never handed up.\n");
    else if (x->status == XP_ST_OK || x->status == XP_ST_VIOLATION)
        fprintf(f, "then everyone stops (RDH %" PRIu32 ", RDT %" PRIu32 ").\n", x->gm->rdh,
                x->gm->rdt);
    else
        fprintf(f, "the run does not end within the step limit.\n");
}
