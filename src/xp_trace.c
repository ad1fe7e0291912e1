/* xp_trace.c - the two-column trace (see xp_trace.h). */
#include "xp_trace.h"

#include <inttypes.h>
#include <string.h>

#include "desc.h"

#define COL_DRIVER 38

/* The device column: TSO adds " (buffered)" to the longest device lines. */
static int col_device(const struct xp_exec *x)
{
    return x->cfg.memory == XP_MEM_TSO ? 51 : 40;
}
#define STATUS_DONE (E1000_RXD_STAT_DD | E1000_RXD_STAT_EOP | E1000_RXD_STAT_IXSM)

static const char *const thread_names[XP_NTHREADS] = {"device", "driver"};

/* "DD" for what the device writes for a whole packet, "--" for 0 (re-armed
 * or never filled), the byte in hex otherwise. */
static const char *status_text(uint8_t st, char *b, size_t n)
{
    if (st == STATUS_DONE)
        return "DD";
    if (st == 0)
        return "--";
    snprintf(b, n, "%02x", st);
    return b;
}

static void desc_text(char *b, size_t n, unsigned k, const struct e1000_rx_desc *d)
{
    char sb[8], fb[16];
    if (d->length == 0)
        snprintf(fb, sizeof(fb), "-");
    else
        snprintf(fb, sizeof(fb), "%" PRIu32, e1000_fill_tag(d));
    snprintf(b, n, "d%u: buf %" PRIu64 " %s fill %s", k, d->buffer_addr,
             status_text(d->status, sb, sizeof(sb)), fb);
}

static uint32_t u32_of(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

static const char *register_name(enum xp_place p)
{
    return p == XP_PLACE_RDH ? "RDH" : p == XP_PLACE_RDT ? "RDT" : "RDLEN";
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
    char sb[8], rb[24];
    uint64_t q;

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
    if (p != XP_PLACE_DESC) {
        snprintf(b, n, "%s %s = %" PRIu32, op->kind == XP_OP_LOAD ? "read" : "write",
                 register_name(p), u32_of(op->data));
        return;
    }
    if (op->origin == XP_ORIG_DMA_READ) {
        memcpy(&q, op->data, 8);
        snprintf(b, n, "pci_dma_read d%u: buf %" PRIu64, k, q);
        return;
    }
    if (op->origin == XP_ORIG_DMA_WRITE) {
        bytes_text(rb, sizeof(rb), byte, op->len);
        if (op->dma_len == 1 && op->dma_stores == 1)
            snprintf(b, n, "pci_dma_write d%u.status = %s", k,
                     status_text(op->data[0], sb, sizeof(sb)));
        else if (op->dma_stores == 1)
            snprintf(b, n, "pci_dma_write d%u: %s", k, rb);
        else
            snprintf(b, n, "pci_dma_write d%u store %u/%u: %s", k, op->dma_store, op->dma_stores,
                     rb);
        if (s->buffered)
            snprintf(b + strlen(b), n - strlen(b), " (buffered)");
        return;
    }
    /* The driver's own accesses. */
    (void)t;
    const char *verb = op->kind == XP_OP_LOAD ? "read" : "write";
    if (byte == 0 && op->len == 8) {
        memcpy(&q, op->data, 8);
        snprintf(b, n, "%s d%u.buffer_addr = %" PRIu64, verb, k, q);
    } else if (byte == offsetof(struct e1000_rx_desc, status) && op->len == 1) {
        snprintf(b, n, "%s d%u.status = %s", verb, k, status_text(op->data[0], sb, sizeof(sb)));
    } else if (byte == 8 && op->len == 8) {
        struct e1000_rx_desc d;
        memcpy((uint8_t *)&d + 8, op->data, 8);
        snprintf(b, n, "%s d%u bytes 8-15: %s fill %" PRIu32, verb, k,
                 status_text(d.status, sb, sizeof(sb)), e1000_fill_tag(&d));
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
    int col = col_device(x);
    char line[320];
    int n;
    if (t == XP_DEVICE)
        n = snprintf(line, sizeof(line), "%5s  %-*s%-*s%s", stepno, col, text, COL_DRIVER, "", state);
    else
        n = snprintf(line, sizeof(line), "%5s  %-*s%-*s%s", stepno, col, "", COL_DRIVER, text, state);
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
        snprintf(b, n, "inside %s", t == XP_DEVICE ? "e1000_receive_iov" : "eth_em_recv_pkts");
    else
        snprintf(b, n, "between two calls");
}

static void print_events(FILE *f, const struct xp_exec *x, unsigned step, unsigned *ev)
{
    char text[160];
    for (; *ev < x->nevents && x->events[*ev].step == step; (*ev)++) {
        const struct xp_event *e = &x->events[*ev];
        switch (e->kind) {
        case XP_EV_PACKET:
            snprintf(text, sizeof(text), "=> hands up d%u: buf %" PRIu64 ", fill %" PRIu32,
                     e->rx_id, e->wb_buf, e->fill);
            column_line(f, x, "", XP_DRIVER, text, "");
            if (e->violations & XP_V_BIT(XP_V_DOUBLE))
                fprintf(f, "       !! fill %" PRIu32 " of d%u was handed up before: consumed twice\n",
                        e->fill, e->rx_id);
            if (e->violations & XP_V_BIT(XP_V_STALE_ADDR))
                fprintf(f, "       !! buffer %" PRIu64 " is stale: the driver armed d%u with buffer %" PRIu64 "\n",
                        e->wb_buf, e->rx_id, e->buf);
            if (e->violations & XP_V_BIT(XP_V_TORN_READ)) {
                char mb[48];
                mask_text(mb, sizeof(mb), e->torn);
                fprintf(f, "       !! torn read: the driver read d%u bytes %s before the device wrote them\n",
                        e->rx_id, mb);
            }
            if (e->violations & XP_V_BIT(XP_V_WRONG_FILL))
                fprintf(f, "       !! fill %" PRIu32 " where fill %" PRIu32 " was due\n", e->fill,
                        e->expected_fill);
            break;
        case XP_EV_IDLE:
            if (e->thread == XP_DEVICE)
                column_line(f, x, "", XP_DEVICE, "(no free descriptor: waits for RDT)", "");
            else
                column_line(f, x, "", XP_DRIVER, "(nothing ready: waits for a change)", "");
            break;
        case XP_EV_RECEIVED:
            break;
        case XP_EV_DONE:
            snprintf(text, sizeof(text), "(all %u packets received)", x->cfg.packets);
            column_line(f, x, "", XP_DEVICE, text, "");
            break;
        }
    }
}

void xp_trace_print(FILE *f, const struct xp_exec *x, unsigned nsteps)
{
    char text[128], state[96], db[64], where[96], stepno[16];
    unsigned ev = 0, preemptions = 0;

    fprintf(f, "%5s  %-*s%-*s%s\n", "step", col_device(x), "device: QEMU e1000_receive_iov",
            COL_DRIVER, "driver: DPDK eth_em_recv_pkts", "RDH RDT  touched descriptor after");
    while (ev < x->nevents && x->events[ev].step == UINT32_MAX)
        ev++;
    for (unsigned i = 0; i < nsteps && i < x->ntrace; i++) {
        const struct xp_step *s = &x->trace[i];
        enum xp_thread t = xp_entity_thread(s->entity);
        if (s->cost) {
            preemptions++;
            where_text(where, sizeof(where), x, (enum xp_thread)(1 - t), &s->other_op,
                       s->other_in_call);
            fprintf(f, "       -- preemption %u: the %s runs; the %s could go on (%s)\n",
                    preemptions, thread_names[t], thread_names[1 - t], where);
        }
        op_text(text, sizeof(text), x, s);
        if (s->desc >= 0)
            desc_text(db, sizeof(db), (unsigned)s->desc, &s->desc_after);
        else
            db[0] = '\0';
        snprintf(state, sizeof(state), "%3" PRIu32 " %3" PRIu32 "  %s", s->rdh, s->rdt, db);
        snprintf(stepno, sizeof(stepno), "%u", i + 1);
        column_line(f, x, stepno, t, text, state);
        if (s->lost) {
            char was[64], now[64], sb[8], sb2[8];
            snprintf(was, sizeof(was), "buf %" PRIu64 ", status %s", s->lost_before.buffer_addr,
                     status_text(s->lost_before.status, sb, sizeof(sb)));
            snprintf(now, sizeof(now), "buf %" PRIu64 ", status %s", s->desc_after.buffer_addr,
                     status_text(s->desc_after.status, sb2, sizeof(sb2)));
            if (s->op.dma_stores > 1)
                fprintf(f, "       !! store %u of %u writes d%d back (%s) over the driver's re-arm"
                           " (%s): the driver's write is lost\n",
                        s->op.dma_store, s->op.dma_stores, s->desc, now, was);
            else
                fprintf(f, "       !! this store writes d%d back (%s) over the driver's re-arm (%s):"
                           " the driver's write is lost\n", s->desc, now, was);
        }
        if (s->violations & XP_V_BIT(XP_V_RDT_IS_RDH))
            fprintf(f, "       !! RDT == RDH == %" PRIu32 ": the device now sees no free descriptor\n",
                    s->rdt);
        print_events(f, x, i, &ev);
    }
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

void xp_trace_verdict(FILE *f, const struct xp_exec *x, unsigned violations, unsigned nsteps)
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
    if ((e = first_event(x, XP_V_DOUBLE, nsteps)) != NULL)
        fprintf(f, "What happened: the driver consumed fill %" PRIu32 " of d%u a second time, in"
                   " buffer %" PRIu64 "%s.\n",
                e->fill, e->rx_id, e->wb_buf,
                e->wb_buf != e->buf ? ", which it had already handed up and replaced" : "");
    else if ((e = first_event(x, XP_V_STALE_ADDR, nsteps)) != NULL)
        fprintf(f, "What happened: the driver got buffer %" PRIu64 " from d%u, where it had armed"
                   " buffer %" PRIu64 ".\n", e->wb_buf, e->rx_id, e->buf);
    else if ((e = first_event(x, XP_V_TORN_READ, nsteps)) != NULL) {
        mask_text(mb, sizeof(mb), e->torn);
        fprintf(f, "What happened: the driver saw DD in d%u and read bytes %s of it before the"
                   " device had written them.\n", e->rx_id, mb);
    } else if ((e = first_event(x, XP_V_WRONG_FILL, nsteps)) != NULL)
        fprintf(f, "What happened: the driver got fill %" PRIu32 " from d%u where fill %" PRIu32
                   " was due.\n", e->fill, e->rx_id, e->expected_fill);
    else if (violations & XP_V_BIT(XP_V_RDT_IS_RDH))
        fprintf(f, "What happened: the driver wrote RDT == RDH, handing the device an empty ring.\n");
    else if (violations & XP_V_BIT(XP_V_HANG))
        fprintf(f, "What happened: the ring hangs: RDH == RDT == %" PRIu32 " and the device holds"
                   " %u packet(s); the driver waits for DD in d%u, which the device will never write.\n",
                x->gm->rdh, x->cfg.packets - x->received, x->rxq.rx_tail);
    else if (violations & XP_V_BIT(XP_V_LOST))
        fprintf(f, "What happened: everyone stopped with a filled descriptor never handed up.\n");
}

void xp_trace_aftermath(FILE *f, const struct xp_exec *x, unsigned from)
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
                   " packet%s and sees no free descriptor, the driver waits for DD in d%u.\n",
                x->gm->rdh, x->cfg.packets - x->received,
                x->cfg.packets - x->received == 1 ? "" : "s", x->rxq.rx_tail);
    else if (x->status == XP_ST_VIOLATION && (x->violations & XP_V_BIT(XP_V_LOST)))
        fprintf(f, "everyone stops with a filled descriptor never handed up.\n");
    else if (x->status == XP_ST_OK || x->status == XP_ST_VIOLATION)
        fprintf(f, "then everyone stops (RDH %" PRIu32 ", RDT %" PRIu32 ").\n", x->gm->rdh,
                x->gm->rdt);
    else
        fprintf(f, "the run does not end within the step limit.\n");
}
