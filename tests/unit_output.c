// SPDX-License-Identifier: GPL-2.0-or-later
/* unit_output.c - the renderers (src/output/) on fixed structs, with no
 * harness run: explain's header lines (store patterns, bounds), what a
 * search covered, a hand-built trace's lines (the stores, the preemption,
 * the damage, the violations) and what follows it; explain's --all rows
 * and tallies, matrix's rows, foot and JSON, run's interruption lines, the
 * report's page (escaped, sections not run, the interrupted note). What a
 * renderer writes is a function of its struct alone; the harness tests
 * (unit_explain_found.c, unit_outcome.c) check the structs. Also
 * explain --path=tx's header, verdicts and --all row; run's header from
 * a hand-built struct live_header (stops, probe, copy, CPUs, pid and gdb
 * script, the widen line with each SIGTRAP route); probe's write-back
 * lines. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "output/out_explain.h"
#include "output/out_trace.h"
#include "output/out_tx_trace.h"
#include "output/out_matrix.h"
#include "output/out_probe.h"
#include "output/out_report.h"
#include "output/out_run.h"

/* What a renderer writes into a memory stream, as a string (free it). */
#define CAPTURE(var, call)                                                                        \
    do {                                                                                          \
        size_t capture_len_ = 0;                                                                  \
        FILE *f = open_memstream(&(var), &capture_len_);                                          \
        call;                                                                                     \
        fclose(f);                                                                                \
    } while (0)

/* The line of s that starts with prefix, without its newline ("" if none;
 * free it). */
static char *line_of(const char *s, const char *prefix)
{
    for (const char *p = s; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
        if (strncmp(p, prefix, strlen(prefix)) == 0)
            return strndup(p, strcspn(p, "\n"));
    return strdup("");
}

/* The line of text that starts with prefix is exactly want. */
static void line_is(const char *text, const char *prefix, const char *want, const char *what)
{
    char *l = line_of(text, prefix);
    is_s(l, want, "%s", what);
    free(l);
}

/* ---- explain: a hand-built execution ----------------------------------- */

/* Static: an executor is large. Only what the renderers read is set. */
static struct xp_exec fx;
static struct xp_step fx_steps[8];
static struct xp_event fx_events[4];
static struct gm_region fx_gm;

static void fx_init(enum nic_device_id dev, enum nic_driver_id drv, enum e1000_fix fix,
                    enum rx_desc_format fmt, unsigned status_off, unsigned status_len)
{
    memset(&fx, 0, sizeof(fx));
    memset(fx_steps, 0, sizeof(fx_steps));
    memset(fx_events, 0, sizeof(fx_events));
    memset(&fx_gm, 0, sizeof(fx_gm));
    fx.cfg = (struct xp_config){.fix = fix, .workaround = EM_WORKAROUND_NONE,
                                .copy = DMA_COPY_DOUBLE, .memory = XP_MEM_SC, .ring = 2,
                                .packets = 3, .burst = 4, .device = dev, .driver = drv};
    fx.fmt = fmt;
    fx.status_off = status_off;
    fx.status_len = status_len;
    fx.ring_off = (uint32_t)offsetof(struct gm_region, rx_rings);
    fx.gm = &fx_gm;
    fx.trace = fx_steps;
    fx.events = fx_events;
    fx.pat_desc = (struct dma_pattern){2, {{0, 16}, {0, 16}}};
    fx.pat_status = (struct dma_pattern){2, {{0, (uint16_t)status_len}, {0, (uint16_t)status_len}}};
}

/* Descriptor bytes: legacy (buffer, length, status, fill tag in csum) or
 * written-back/read extended and advanced (bytes 0-7, status_error, vlan). */
static void legacy_desc(uint8_t d[16], uint64_t buf, uint8_t status)
{
    struct e1000_rx_desc l = {.buffer_addr = buf, .length = XP_FRAME_SIZE, .status = status};
    memcpy(d, &l, 16);
}
static void adv_desc(uint8_t d[16], uint64_t low, uint32_t status_error, uint16_t vlan)
{
    memset(d, 0, 16);
    memcpy(d, &low, 8);
    memcpy(d + 8, &status_error, 4);
    memcpy(d + 14, &vlan, 2);
}

/* A step of thread entity: an access of len bytes at byte `byte` of
 * descriptor k (k < 0: at register offset `byte`), data from data. */
static struct xp_step *fx_step(unsigned entity, unsigned cost, int k, unsigned byte, unsigned len,
                               const void *data)
{
    struct xp_step *s = &fx.trace[fx.ntrace++];
    s->entity = (uint8_t)entity;
    s->cost = (uint8_t)cost;
    s->desc = (int16_t)k;
    s->op.kind = XP_OP_STORE;
    s->op.origin = XP_ORIG_ACCESS;
    s->op.len = (uint8_t)len;
    s->op.off = k < 0 ? byte : fx.ring_off + 16u * (unsigned)k + byte;
    memcpy(s->op.data, data, len);
    s->rdt = 1;
    return s;
}

/* Make s store i of n of a pci_dma_write of len bytes at descriptor byte `at`. */
static void dma(struct xp_op *op, unsigned i, unsigned n, unsigned at, unsigned len)
{
    op->origin = XP_ORIG_DMA_WRITE;
    op->dma_store = (uint8_t)i;
    op->dma_stores = (uint8_t)n;
    op->dma_off = (uint8_t)at;
    op->dma_len = (uint8_t)len;
}

/* The walk's lines as "KIND STEP TEXT | DESC". */
static void walk_line(void *ctx, const struct out_trace_line *l)
{
    fprintf(ctx, "%d %u %s%s%s\n", (int)l->kind, l->step, l->text, l->desc ? " | " : "",
            l->desc ? l->desc : "");
}

/* fx's trace walked is exactly want. */
static void walk_is(const char *want, const char *what)
{
    char *got = NULL;
    CAPTURE(got, out_trace_walk(&fx, fx.ntrace, walk_line, f));
    is_s(got, want, "%s", what);
    free(got);
}

/* The seed's race as the e1000 trace shows it: store 1 publishes DD, the
 * driver re-arms, store 2 undoes it, the driver hands d0 up twice. */
static void explain_trace_e1000(void)
{
    uint8_t d[16];
    uint64_t three = 3, zero = 0;
    fx_init(NIC_DEV_E1000, NIC_DRV_DPDK_EM, E1000_FIX_NONE, RX_FMT_LEGACY, 12, 1);
    legacy_desc(d, 1, E1000_RXD_STAT_DD | E1000_RXD_STAT_EOP | E1000_RXD_STAT_IXSM);
    struct xp_step *s = fx_step(XP_E_DEVICE, 0, 0, 0, 16, d);
    dma(&s->op, 1, 2, 0, 16);
    memcpy(s->desc_after, d, 16);
    s = fx_step(XP_E_DRIVER, 1, 0, 0, 8, &three);
    s->other_op = fx.trace[0].op;
    dma(&s->other_op, 2, 2, 0, 16);
    s->other_in_call = 1;
    legacy_desc(s->desc_after, 3, E1000_RXD_STAT_DD | E1000_RXD_STAT_EOP | E1000_RXD_STAT_IXSM);
    s = fx_step(XP_E_DRIVER, 0, 0, 12, 1, &zero);
    legacy_desc(s->desc_after, 3, 0);
    s = fx_step(XP_E_DEVICE, 0, 0, 0, 16, d);
    dma(&s->op, 2, 2, 0, 16);
    memcpy(s->desc_after, d, 16);
    s->lost = 0x10ff;
    legacy_desc(s->lost_before, 3, 0);
    s = fx_step(XP_E_DRIVER, 0, -1, (unsigned)offsetof(struct gm_region, rdt), 4, &zero);
    s->rdt = 0;
    s->violations = XP_V_BIT(XP_V_RDT_IS_RDH);
    fx.events[fx.nevents++] = (struct xp_event){
        .step = 4, .kind = XP_EV_PACKET, .thread = XP_DRIVER, .rx_id = 0, .fill = 0, .buf = 3,
        .wb_buf = 1, .violations = XP_V_BIT(XP_V_DOUBLE) | XP_V_BIT(XP_V_STALE_ADDR)};
    s = fx_step(XP_E_DEVICE_FLUSH, 0, -1, 0, 16, d);
    s->op.off = fx.ring_off;

    walk_is("0 1 pci_dma_write d0 store 1/2: bytes 0-15 | d0: buf 1 DD fill 0\n"
            "1 2 preemption 1: the driver runs; the device could go on (between store 1 and store 2"
            " of its pci_dma_write of d0)\n"
            "0 2 write d0.buffer_addr = 3 | d0: buf 3 DD fill 0\n"
            "0 3 write d0.status = -- | d0: buf 3 -- fill 0\n"
            "0 4 pci_dma_write d0 store 2/2: bytes 0-15 | d0: buf 1 DD fill 0\n"
            "2 4 store 2 of 2 writes d0 back (buf 1, status DD) over the driver's re-arm (buf 3,"
            " status --): the driver's write is lost\n"
            "0 5 write RDT = 0 | \n"
            "3 5 RDT == RDH == 0: the device now sees no free descriptor\n"
            "4 5 => hands up d0: buf 1, fill 0\n"
            "3 5 fill 0 of d0 was handed up before: consumed twice\n"
            "3 5 buffer 1 is stale: the driver armed d0 with buffer 3\n"
            "0 6 buffered store reaches d0 bytes 0-15 | \n",
            "e1000 trace: store 1 publishes DD, the preemption between the stores, the re-arm, the"
            " damage, RDT == RDH, a fill consumed twice, a buffered store reaching memory");

    char *got = NULL;
    CAPTURE(got, out_trace_verdict(f, &fx, XP_V_BIT(XP_V_DOUBLE) | XP_V_BIT(XP_V_STALE_ADDR) |
                                               XP_V_BIT(XP_V_RDT_IS_RDH), fx.ntrace));
    char *l = line_of(got, "Violated:");
    is_s(l, "Violated: no fill of a descriptor is consumed twice; every packet comes in the buffer"
            " the driver armed; the driver never writes RDT == RDH.",
         "the violated properties, in one sentence");
    free(l);
    free(got);
    CAPTURE(got, out_trace_verdict(f, &fx, XP_V_BIT(XP_V_TORN_READ), fx.ntrace));
    line_is(got, "Violated:", "Violated: the driver reads a descriptor only once the device"
            " has written all of it.", "a torn read's property");
    free(got);

    /* Run on: the ring hangs (the driver's next descriptor is its queue's, 0 here). */
    fx.status = XP_ST_VIOLATION;
    fx.violations = XP_V_BIT(XP_V_HANG);
    fx.received = 2;
    CAPTURE(got, out_trace_aftermath(f, &fx, 5));
    is_s(got,
         "Then, with no further preemption: 1 more step, 0 more packets handed up; the ring hangs"
         " for good: RDH == RDT == 0, the device holds 1 packet and sees no free descriptor, the"
         " driver waits for DD in d0.\n",
         "run on: the ring hangs for good, in one sentence");
    free(got);

    /* The whole found interleaving: its head line, the replay, the verdict last. */
    static struct xp_outcome o;
    memset(&o, 0, sizeof(o));
    o.x = fx;
    o.x.status = XP_ST_VIOLATION;
    o.after = fx;
    o.has_after = true;
    o.r.found = true;
    o.shown = o.violated = true;
    o.preemptions = 1;
    o.steps = 5;
    o.violations = XP_V_BIT(XP_V_DOUBLE) | XP_V_BIT(XP_V_STALE_ADDR) | XP_V_BIT(XP_V_RDT_IS_RDH);
    snprintf(o.token, sizeof(o.token), "TOKEN");
    CAPTURE(got, out_explain_search(f, &o));
    const char *end = "\nReplay: e1000_poc explain --replay TOKEN\nVerdict: VIOLATION (double,"
                      " stale-addr, rdt-is-rdh) after 5 steps with 1 preemption\n";
    ok(strstr(got, "\nInterleaving: 1 preemption, 5 steps.\n") != NULL &&
           strlen(got) > strlen(end) && strcmp(got + strlen(got) - strlen(end), end) == 0,
       "a found interleaving: its size, then the replay token, then the verdict as the last line");
    free(got);
}

/* igb's status-word race: status_error's two stores around the driver's clear. */
static void explain_trace_igb(void)
{
    uint64_t zero = 0;
    uint32_t done = E1000_RXD_STAT_DD_32 | E1000_RXD_STAT_EOP_32;
    fx_init(NIC_DEV_IGB, NIC_DRV_DPDK_IGB, E1000_FIX_UPSTREAM, RX_FMT_ADVANCED, 8, 4);
    struct xp_step *s = fx_step(XP_E_DEVICE, 0, 0, 8, 4, &done);
    dma(&s->op, 1, 2, 8, 4);
    adv_desc(s->desc_after, (uint64_t)1 << 32, done, 1);
    s = fx_step(XP_E_DRIVER, 1, 0, 8, 8, &zero);
    s->other_op = fx.trace[0].op;
    dma(&s->other_op, 2, 2, 8, 4);
    adv_desc(s->desc_after, (uint64_t)1 << 32, 0, 0);
    s = fx_step(XP_E_DEVICE, 0, 0, 8, 4, &done);
    dma(&s->op, 2, 2, 8, 4);
    adv_desc(s->desc_after, 3, done, 0);
    adv_desc(s->lost_before, 3, 0, 0);
    s->lost = 0x0f00;
    fx.events[fx.nevents++] = (struct xp_event){
        .step = 2, .kind = XP_EV_PACKET, .thread = XP_DRIVER, .rx_id = 0, .no_fill = 1,
        .violations = XP_V_BIT(XP_V_DOUBLE)};

    walk_is("0 1 pci_dma_write d0.status_error store 1/2 | d0: used 1 DD fill 0\n"
            "1 2 preemption 1: the driver runs; the device could go on (between store 1 and store 2"
            " of its pci_dma_write of d0)\n"
            "0 2 write d0.hdr_addr = 0 | d0: used 1 -- fill -\n"
            "0 3 pci_dma_write d0.status_error store 2/2 | d0: buf 3 DD fill -\n"
            "2 3 store 2 of 2 writes d0 back (buf 3, status DD, fill -) over the driver's clear of"
            " status_error (buf 3, status --, fill -): the driver's write is lost\n"
            "4 3 => hands up d0: no fill (vlan 0)\n"
            "3 3 no fill wrote d0 since the driver took it last: it is consumed twice\n",
            "igb trace: store 1 of status_error publishes DD, the driver's hdr_addr = 0, store 2"
            " over its clear, d0 consumed twice");
}

/* The damage line of one device store, for the other formats and drivers. */
static void explain_damage(void)
{
    uint8_t d[16];
    uint8_t dd = E1000_RXD_STAT_DD | E1000_RXD_STAT_EOP | E1000_RXD_STAT_IXSM;
    fx_init(NIC_DEV_E1000, NIC_DRV_DPDK_EM, E1000_FIX_UPSTREAM, RX_FMT_LEGACY, 12, 1);
    struct xp_step *s = fx_step(XP_E_DEVICE, 0, 0, 12, 1, &dd);
    dma(&s->op, 2, 3, 12, 1);
    legacy_desc(s->desc_after, 3, dd);
    legacy_desc(s->lost_before, 3, 0);
    s->lost = 1u << 12;
    walk_is("0 1 pci_dma_write d0.status store 2/3 | d0: buf 3 DD fill 0\n"
            "2 1 store 2 of 3 writes d0 back (buf 3, status DD) over the driver's clear of status"
            " (buf 3, status --): the driver's write is lost\n",
            "a status byte's store 2 of 3 over the driver's clear of status");

    /* Linux igb polls the length: the descriptor shows it. */
    fx_init(NIC_DEV_IGB, NIC_DRV_LINUX_IGB, E1000_FIX_UPSTREAM, RX_FMT_ADVANCED, 8, 4);
    adv_desc(d, (uint64_t)1 << 32, E1000_RXD_STAT_EOP_32, 1);
    d[12] = XP_FRAME_SIZE;
    s = fx_step(XP_E_DEVICE, 0, 0, 0, 16, d);
    dma(&s->op, 2, 2, 0, 16);
    memcpy(s->desc_after, d, 16);
    memcpy(s->lost_before, d, 16);
    s->lost_before[12] = 0;
    s->lost = 3u << 12;
    walk_is("0 1 pci_dma_write d0 store 2/2: bytes 0-15 | d0: used 1 02 fill 0 len 60\n"
            "2 1 store 2 of 2 writes d0 back (used 1, status 02, fill 0 len 60) over the driver's"
            " re-arm (used 1, status 02, fill 0 len 0): the driver's write is lost\n",
            "linux-igb: store 2 puts the length back over the driver's re-arm");
}

/* The header's store-pattern and bounds lines, from the executor's fields. */
static void explain_header(void)
{
    char *got = NULL, *l;
    fx_init(NIC_DEV_IGB, NIC_DRV_DPDK_IGB, E1000_FIX_UPSTREAM, RX_FMT_ADVANCED, 8, 4);
    CAPTURE(got, out_explain_header(f, &fx, XP_PREEMPTIONS_ALL));
    ok(strncmp(got, "e1000_poc explain: QEMU igb_receive_iov and DPDK eth_igb_recv_pkts, one shared"
                    " access at a time\n", 94) == 0,
       "header: the first line names both functions");
    line_is(got, "          stores",
            "          stores, in descriptor bytes: 16-byte write [0,16) [0,16); status_error"
            " (advanced descriptor) [8,12) [8,12)",
            "header: status_error's stores, in descriptor bytes");
    line_is(got, "  bounds", "  bounds  ring 2, 3 packets, burst 4, rx_free_thresh 0; no"
            " preemption bound", "header: a DPDK driver's bounds");
    free(got);

    fx.cfg.fix = E1000_FIX_DD_BYTE;
    CAPTURE(got, out_explain_header(f, &fx, XP_PREEMPTIONS_ALL));
    l = line_of(got, "  device");
    ok(strncmp(l, "  device  qemu-fix dd-byte: the proposed QEMU patch (v2): ", 58) == 0 &&
           strstr(l, "bytes 8-15 in one aligned 8-byte store") != NULL,
       "header: dd-byte is the patch v2, bytes 8-15 in one aligned 8-byte store");
    free(l);
    line_is(got, "          stores",
            "          stores, in descriptor bytes: 16-byte write [0,16) [0,16) with bytes [8,16)"
            " zero; then [8,16) (DD, length) in one aligned 8-byte store after smp_wmb(), not a"
            " copy",
            "header: dd-byte's stores");
    free(got);

    fx.cfg.fix = E1000_FIX_ATOMIC_STATUS;
    CAPTURE(got, out_explain_header(f, &fx, 1));
    line_is(got, "          stores",
            "          stores, in descriptor bytes: 16-byte write [0,16) [0,16); status_error"
            " [8,12) in one aligned store after smp_mb(), not a copy",
            "header: atomic-status's one aligned store");
    line_is(got, "  bounds", "  bounds  ring 2, 3 packets, burst 4, rx_free_thresh 0; at"
            " most 1 preemption", "header: a preemption bound");
    free(got);

    fx_init(NIC_DEV_E1000, NIC_DRV_LINUX_E1000, E1000_FIX_UPSTREAM, RX_FMT_LEGACY, 12, 1);
    fx.pat_status = (struct dma_pattern){3, {{0, 1}, {0, 1}, {0, 1}}};
    fx.cfg.ring = 3;
    fx.cfg.packets = 4;
    CAPTURE(got, out_explain_header(f, &fx, XP_PREEMPTIONS_ALL));
    line_is(got, "          stores",
            "          stores, in descriptor bytes: 16-byte write [0,16) [0,16); status byte"
            " [12,13) [12,13) [12,13)",
            "header: a status byte stored three times");
    line_is(got, "  bounds", "  bounds  ring 3, 4 packets, budget 4; no preemption bound",
            "header: a Linux driver's bounds say budget");
    free(got);

    fx_init(NIC_DEV_E1000E, NIC_DRV_LINUX_E1000E, E1000_FIX_UPSTREAM, RX_FMT_EXTENDED, 8, 4);
    fx.cfg.ring = 4;
    fx.cfg.packets = 5;
    fx.cfg.rx_buffer_write = 2;
    CAPTURE(got, out_explain_header(f, &fx, XP_PREEMPTIONS_ALL));
    line_is(got, "  model", "  model   linux-e1000e's E1000_RX_BUFFER_WRITE is 2 here, not"
            " Linux's 16: a model", "header: linux-e1000e's batch is the model's");
    line_is(got, "  bounds", "  bounds  ring 4, 5 packets, budget 4, rx-buffer-write 2; no"
            " preemption bound", "header: linux-e1000e's bounds name the batch");
    free(got);
}

/* What a search that found nothing says it covered. */
static void explain_coverage(void)
{
    static struct xp_outcome o;
    char *got = NULL;
    fx_init(NIC_DEV_E1000, NIC_DRV_DPDK_EM, E1000_FIX_NONE, RX_FMT_LEGACY, 12, 1);
    memset(&o, 0, sizeof(o));
    o.x.cfg = fx.cfg;
    o.max_preemptions = 0;
    o.r.complete = true;
    o.r.used_snapshots = true;
    o.r.finals = 1;
    CAPTURE(got, out_explain_search(f, &o));
    line_is(got, "No violation",
            "No violation within these bounds: every interleaving with at most 0 preemptions of 3"
            " packets through a 2-descriptor ring (burst 4, rx_free_thresh 0) was explored.",
            "coverage: what was explored, with the bound");
    ok(strstr(got, "the executions end in 1 distinct final state\n") != NULL,
       "coverage: one distinct final state, singular");
    ok(strstr(got, "\n  not covered: interleavings with more preemptions than the bound\n") != NULL,
       "coverage: a bound that was reached says what it leaves out");
    line_is(got, "  meaning", "  meaning   this ring size, packet count and burst only;"
            " every shared access and every", "coverage: what the bound means");
    free(got);
    o.r.exhausted = true;
    o.r.finals = 2;
    o.max_preemptions = XP_PREEMPTIONS_ALL;
    CAPTURE(got, out_explain_search(f, &o));
    ok(strstr(got, "the executions end in 2 distinct final states\n") != NULL &&
           strstr(got, "not covered") == NULL &&
           strstr(got, "every interleaving of 3 packets") != NULL,
       "coverage: every interleaving, plural final states, nothing left out");
    free(got);
    o.x.cfg.ring = 8;
    o.x.cfg.packets = 16;
    CAPTURE(got, out_explain_search(f, &o));
    ok(strstr(got, "every interleaving of 16 packets through an 8-descriptor ring (") != NULL,
       "coverage: \"an 8-descriptor ring\"");
    free(got);
}

/* explain --path=tx: the header from a configuration, the verdicts from a
 * search's result, a row of --all. */
static void explain_tx_lines(void)
{
    char *got = NULL;
    struct xt_config c = {NIC_DEV_E1000, NIC_DRV_LINUX_E1000, E1000_FIX_DD_BYTE, DMA_COPY_DOUBLE, 4,
                          6, 1};
    /* The stores xt_header_gather would find for --copy=double, by hand. */
    struct xt_header h = {.writeback = {.len = 4, .off = 12, .p = {.n = 2}},
                          .dd = {.len = 1, .off = 12, .p = {.n = 1}}};
    h.writeback.p.s[0].len = h.writeback.p.s[1].len = 4;
    h.dd.p.s[0].len = 1;
    CAPTURE(got, out_tx_header(&c, &h, f));
    line_is(got, "write-back:", "write-back: pci_dma_write of 4 bytes at descriptor byte 12"
            " = 2 stores: [12,16) [12,16), DD clear; then the DD byte: 1 store: [12,13)",
            "tx header: the write-back's stores, then dd-byte's DD byte alone");
    free(got);
    struct xt_header none = {.writeback = {.len = 4, .off = 12, .rc = -1, .why = "not traced"}};
    c.fix = E1000_FIX_NONE;
    CAPTURE(got, out_tx_header(&c, &none, f));
    line_is(got, "write-back:", "write-back: pci_dma_write of 4 bytes at descriptor byte 12"
            " = (no pattern: not traced)", "tx header: a pattern that could not be had says why");
    c.fix = E1000_FIX_DD_BYTE;
    free(got);
    CAPTURE(got, out_tx_header(&c, &h, f));
    line_is(got, "contexts:", "contexts: vCPU A sends (e1000_xmit_frame); its TDT write runs"
            " QEMU's start_xmit in A's thread; vCPU B runs e1000_clean_tx_irq (NAPI)",
            "tx header: two contexts, who runs what");
    line_is(got, "bounds:", "bounds: ring 4, frames 6, at most 1 preemption, memory sc",
            "tx header: the bounds");
    free(got);

    struct xt_result res;
    memset(&res, 0, sizeof(res));
    res.violations = 1u << XT_V_UNOWNED;
    res.executions = 21;
    res.sched.n = 1;
    CAPTURE(got, out_tx_found(f, &res));
    is_s(got, "\nfound after 21 executions, 1 preemption\nVerdict: TX EXPOSED (unowned): the driver"
              " reclaimed a descriptor it had not handed to the device\n",
         "tx: a violation found, and the verdict naming it");
    free(got);
    res.violations = 0;
    res.executions = 1;
    c = (struct xt_config){NIC_DEV_IGB, NIC_DRV_DPDK_IGB, E1000_FIX_NONE, DMA_COPY_DOUBLE, 4, 6, 2};
    CAPTURE(got, out_tx_clean(f, &c, &res));
    const char *clean = "\nno violation in 1 execution (every schedule with at most 2"
                        " preemptions)\nVerdict: TX not exposed: one context; ";
    ok(strncmp(got, clean, strlen(clean)) == 0,
       "tx: one context: one execution, and the verdict says why");
    free(got);

    struct xt_row row = {{NIC_DEV_E1000, NIC_DRV_LINUX_E1000, E1000_FIX_NONE, DMA_COPY_DOUBLE,
                          4, 6, 1},
                         {XT_V_UNOWNED, XT_CELL_CLEAN}};
    CAPTURE(got, out_tx_all_row(f, &row));
    ok(strncmp(got, "e1000   linux-e1000   double ", 29) == 0 &&
           strstr(got, "  EXPOSED (unowned)       clean\n") != NULL,
       "tx --all: a row: the pair, the copy, exposed without the fix and clean with it");
    free(got);

    /* A hand-built execution: vCPU B's clean zeroes what store 1 of A's
     * write-back set, then store 2 sets DD again. */
    static struct xt_step steps[3];
    static struct xt_event events[1];
    static struct xt_exec x; /* large: static, as fx */
    x.cfg = (struct xt_config){NIC_DEV_E1000, NIC_DRV_LINUX_E1000, E1000_FIX_NONE,
                               DMA_COPY_DOUBLE, 4, 6, 1};
    uint32_t d0 = (uint32_t)offsetof(struct tx_region, ring) + TX_STATUS_OFF;
    steps[0] = (struct xt_step){XT_A, 1, {XT_OP_STORE, 4, 1, 2, d0, {1}}, "txdesc_writeback"};
    steps[1] = (struct xt_step){XT_B, 1, {XT_OP_STORE, 4, 0, 0, d0, {0}}, "e1000_clean_tx_irq"};
    steps[2] = (struct xt_step){XT_A, 1, {XT_OP_STORE, 4, 2, 2, d0, {1}}, "txdesc_writeback"};
    events[0] = (struct xt_event){1, XT_EV_RECLAIMED, XT_B, 0, 0x10000, 1u << XT_V_UNOWNED};
    x.trace = steps;
    x.ntrace = 3;
    x.events = events;
    x.nevents = 1;
    CAPTURE(got, out_tx_trace(f, &x));
    line_is(got, "    0", "    0  txdesc_writeback store desc 0 [12,16) 0x1 DD (store 1/2)",
            "tx trace: vCPU A's store 1 in the left column, DD set");
    ok(strstr(got, "\n    1  " ) != NULL &&
           strstr(got, "e1000_clean_tx_irq store desc 0 [12,16) 0 no DD\n") != NULL &&
           strstr(got, "\n    1  e1000_clean") == NULL,
       "tx trace: vCPU B's clean in the right column, DD cleared");
    ok(strstr(got, "-> desc 0 reclaimed: buffer 0x10000\n") != NULL &&
           strstr(got, "<<< VIOLATION unowned: ") != NULL,
       "tx trace: the event under its step, and its violation");
    line_is(got, "    2", "    2  txdesc_writeback store desc 0 [12,16) 0x1 DD (store 2/2)",
            "tx trace: store 2 sets DD again");
    ok(strncmp(got, " step  vCPU A: xmit; QEMU in its TDT write ", 43) == 0 &&
           strstr(got, " vCPU B: clean\n") != NULL,
       "tx trace: two columns' heads for two vCPUs");
    free(got);
}

static struct xp_row row_of(enum xp_row_kind kind)
{
    struct xp_row r = {.kind = kind};
    r.cfg.device = NIC_DEV_E1000;
    r.cfg.driver = NIC_DRV_DPDK_EM;
    r.cfg.fix = E1000_FIX_NONE;
    r.cfg.workaround = EM_WORKAROUND_NONE;
    r.cfg.copy = DMA_COPY_DOUBLE;
    r.cfg.ring = 2;
    r.cfg.packets = 3;
    r.because = "BECAUSE";
    return r;
}

static void explain_rows(void)
{
    char *s = NULL;
    struct xp_row r = row_of(XP_ROW_FOUND);
    r.violations = XP_V_BIT(0);
    r.preemptions = 1;
    r.steps = 42;
    r.expect = true;
    r.agrees = true;
    CAPTURE(s, out_explain_all_row(f, &r, false));
    ok(strncmp(s, "none             none         double      VIOLATION ", 51) == 0,
       "an --all row starts with the variant in fixed columns, then the result");
    ok(strstr(s, ": 1 preempt., 42 steps") != NULL && strstr(s, " violation ok   BECAUSE\n") != NULL,
       "a found row: preemptions, steps, the expectation, ok, why");
    ok(strstr(s, xp_violations[0].name) != NULL, "a found row names its violation");
    free(s);

    r = row_of(XP_ROW_NONE);
    r.states = 328;
    r.expect = true;
    r.agrees = false;
    CAPTURE(s, out_explain_all_row(f, &r, true));
    ok(strncmp(s, "e1000   dpdk-em       2/3    none", 33) == 0,
       "with several pairs a row starts with device, driver and ring/packets");
    ok(strstr(s, "none: 328 states covered") != NULL && strstr(s, " violation DIFF BECAUSE\n") != NULL,
       "a covered row that disagrees says DIFF");
    free(s);

    r = row_of(XP_ROW_NOT_RUN);
    r.why = "WHY NOT";
    CAPTURE(s, out_explain_all_row(f, &r, false));
    ok(strstr(s, " not run: WHY NOT\n") != NULL, "a row not run says why");
    free(s);
    r = row_of(XP_ROW_INTERRUPTED);
    CAPTURE(s, out_explain_all_row(f, &r, false));
    ok(strstr(s, " interrupted\n") != NULL, "an interrupted row says so");
    free(s);
    r = row_of(XP_ROW_UNKNOWN);
    CAPTURE(s, out_explain_all_row(f, &r, false));
    ok(strstr(s, " unknown: bounds not covered\n") != NULL, "an uncovered row says unknown");
    free(s);
}

static void explain_foot(void)
{
    char *s = NULL;
    struct xp_config pairs[1] = {row_of(XP_ROW_NONE).cfg};
    struct xp_all a;
    memset(&a, 0, sizeof(a));
    a.npairs = 1;
    a.done = 1;
    a.total = (struct xp_tally){5, 3, 1, 1};
    a.planned = 80;
    CAPTURE(s, out_explain_all_foot(f, &a, pairs));
    is_s(s, "\n5 rows: 3 agree with the expectation, 1 differ, 1 not run\n",
         "the tally of one pair, from the struct");
    free(s);
    a.interrupted = true;
    CAPTURE(s, out_explain_all_foot(f, &a, pairs));
    ok(strstr(s, "after 5 of 80 rows") != NULL && strstr(s, "Verdict: INTERRUPTED\n") != NULL,
       "an interrupted --all says how many rows of how many, and its verdict");
    free(s);
}

static void matrix_rows(void)
{
    char *s = NULL;
    struct matrix_cell c;
    memset(&c, 0, sizeof(c));
    c.cfg.device = NIC_DEV_E1000;
    c.cfg.driver = NIC_DRV_DPDK_EM;
    c.cfg.copy = DMA_COPY_LIBC_MEMMOVE;
    c.state = MATRIX_SKIPPED;
    c.why = "WHY";
    CAPTURE(s, out_matrix_row(f, &c));
    /* The copy column is as wide as the longest copy routine's name. */
    const char *name = strstr(s, "libc-memmove "), *why = strstr(s, " skipped: WHY\n");
    ok(name && why && why >= name && strspn(name + strlen("libc-memmove"), " ") ==
                                          (size_t)(why - name) - strlen("libc-memmove") + 1,
       "a skipped cell says why, after its names");
    free(s);

    c.state = MATRIX_RAN;
    c.stats.elapsed_s = 1;
    c.stats.consumed = 2000000;
    c.stats.events[RX_EV_HANG] = 3;
    for (int i = 0; i < RX_EV_COUNT; i++)
        c.stats.first_s[i] = -1;
    c.stats.first_s[RX_EV_HANG] = 0.5;
    CAPTURE(s, out_matrix_row(f, &c));
    ok(strstr(s, "Sometimes") != NULL && strstr(s, "2.00M\n") != NULL,
       "a cell with events: Sometimes, and its descriptors per second");
    free(s);
    c.stats.interrupted = true;
    CAPTURE(s, out_matrix_row(f, &c));
    ok(strstr(s, "(this cell was cut short by a signal after ") != NULL,
       "a cell cut short says so under its row");
    free(s);

    struct matrix m = {.cell = &c, .ncells = 64, .npairs = 1, .ran = 7, .interrupted = true};
    CAPTURE(s, out_matrix_foot(f, &m));
    ok(strstr(s, "after 7 of 64 cells") != NULL, "an interrupted matrix says cells run of planned");
    free(s);
    m.interrupted = false;
    CAPTURE(s, out_matrix_foot(f, &m));
    is_s(s, "", "a whole matrix has no foot");
    free(s);
}

static void run_lines(void)
{
    char *s = NULL;
    struct live_config c;
    struct live_stats st;
    memset(&c, 0, sizeof(c));
    memset(&st, 0, sizeof(st));
    c.duration_s = 10;
    st.elapsed_s = 2;
    CAPTURE(s, out_run_interrupted(f, &c, &st));
    ok(strncmp(s, "Interrupted: stopped by a signal after ", 39) == 0 &&
           strstr(s, "the verdict above covers only that time.\n") != NULL,
       "a timed run cut short: its line");
    free(s);
    CAPTURE(s, out_run_baseline_interrupted(f, &c, &st));
    ok(strstr(s, "the run itself did not start.\nVerdict: INTERRUPTED\n") != NULL,
       "a baseline cut short: the run did not start");
    free(s);
}

/* probe's write-back lines: the label in a column, the write-back's title,
 * the verdict's reason. */
static void probe_lines(void)
{
    static struct probe_measurement m;
    char *s = NULL;
    memset(&m, 0, sizeof(m));
    m.id = DMA_COPY_DOUBLE;
    m.writes = PROBE_ALL_WRITES;
    m.traced = true;
    m.w[PROBE_WRITE_STATUS1].p = (struct dma_pattern){1, {{0, 1}}};
    snprintf(m.source, sizeof(m.source), "SOURCE");
    for (unsigned b = 0; b < PROBE_WB_COUNT; b++)
        m.v[b] = (struct probe_verdict){PROBE_NOT_EXPOSED, "not exposed", "not-exposed", "WHY"};
    m.v[PROBE_WB_STATUS_ERROR].e = PROBE_EXPOSED;
    m.v[PROBE_WB_STATUS_ERROR].label = "exposed";
    CAPTURE(s, out_probe_text(f, &m));
    line_is(s, "  1 B at 12:", "  1 B at 12: 1 store [12,13)", "probe: a write's stores");
    line_is(s, "  not exposed       e1000 1-byte status",
            "  not exposed       e1000 1-byte status write (QEMU >= 7.1 fix): WHY",
            "probe: a write-back not exposed, its title, why");
    line_is(s, "  exposed           e1000e/igb 4-byte",
            "  exposed           e1000e/igb 4-byte status_error write (their QEMU fix): WHY",
            "probe: a write-back exposed, in the same columns");
    free(s);
}

/* A run's configuration and the header's gathered facts, hand-built: what
 * the header prints is a function of these two alone. */
static struct live_config header_config(void)
{
    struct live_config c;
    memset(&c, 0, sizeof(c));
    c.device = NIC_DEV_E1000;
    c.driver = NIC_DRV_DPDK_EM;
    c.copy = DMA_COPY_SINGLE;
    c.ring = 32;
    c.burst = 4;
    c.pace = LIVE_PACE_INTERVAL;
    c.interval_ms = 20;
    c.hang_ms = 100;
    c.cpus[0] = c.cpus[1] = -1;
    return c;
}

static struct live_header header_facts;

static const struct live_header *header_fixture(void)
{
    memset(&header_facts, 0, sizeof(header_facts));
    snprintf(header_facts.cpu_model, sizeof(header_facts.cpu_model), "CPU MODEL");
    snprintf(header_facts.probe, sizeof(header_facts.probe), "PROBE: 2 stores, exposed");
    snprintf(header_facts.gdb_script, sizeof(header_facts.gdb_script), "gdb.cmd");
    header_facts.pid = 4242;
    return &header_facts;
}

/* The header's stops line: how the run ends, from the configuration alone. */
static void run_header_stops(void)
{
    char *s = NULL;
    struct live_config c = header_config();
    const struct live_header *h = header_fixture();
    CAPTURE(s, out_run_header(f, &c, h, NULL));
    ok(strncmp(s, "e1000_poc run: QEMU e1000 RX write-back vs dpdk-em receive,", 59) == 0,
       "run header: its first line names the device and the driver");
    line_is(s, "  stops", "  stops   at the first ring hang or at Ctrl-C",
            "run header: no duration (the interval mode's default): it stops at Ctrl-C");
    free(s);
    c.duration_s = 2;
    CAPTURE(s, out_run_header(f, &c, h, NULL));
    line_is(s, "  stops", "  stops   at the first ring hang or after 2 s; Ctrl-C stops early",
            "run header: a duration");
    free(s);
    c.keep_going = true;
    c.duration_s = 0;
    CAPTURE(s, out_run_header(f, &c, h, NULL));
    line_is(s, "  stops", "  stops   at Ctrl-C (--continue: each ring hang is counted and the"
            " ring started over)", "run header: --continue with no duration");
    free(s);
}

/* The header's gathered lines, each from struct live_header: the probe's
 * line, the copy's C library and GLIBC_TUNABLES, the CPUs, the PID and the
 * gdb script, and --widen=watchpoint's line with what the kernel granted
 * and how SIGTRAP reaches the device thread. */
static void run_header_facts(void)
{
    char *s = NULL;
    struct live_config c = header_config();
    struct live_header *h = &header_facts;
    header_fixture();

    CAPTURE(s, out_run_header(f, &c, h, NULL));
    line_is(s, "  probe", "  probe   PROBE: 2 stores, exposed", "run header: the probe's line as gathered");
    char want[600];
    snprintf(want, sizeof(want), "  copy    single: %s; gap 0 pauses", dma_copies[DMA_COPY_SINGLE].summary);
    line_is(s, "  copy", want, "run header: a declared copy names no C library, its gap");
    line_is(s, "  CPUs", "  CPUs    not pinned (CPU MODEL)", "run header: CPUs not pinned, the model");
    line_is(s, "  pid", "  pid     4242 (attach: gdb -p 4242 -x gdb.cmd)",
            "run header: the PID and the gdb script by its bare name (from the source tree)");
    ok(strstr(s, "  widen") == NULL, "run header: no widen line without --widen");
    ok(strstr(s, "  build") == NULL, "run header: no build line without make's switches");
    free(s);

    c.cpus[0] = 2;
    c.cpus[1] = 5;
    snprintf(h->cpu_relation, sizeof(h->cpu_relation), "SMT siblings of one core");
    snprintf(h->gdb_script, sizeof(h->gdb_script), "/opt/e 1/share/e1000_poc/gdb-status-error.cmd");
    c.copy = DMA_COPY_LIBC;
    h->libc = "glibc 9.99";
    CAPTURE(s, out_run_header(f, &c, h, "COPY=double"));
    line_is(s, "  CPUs", "  CPUs    device on 2, driver on 5: SMT siblings of one core (CPU MODEL)",
            "run header: pinned CPUs, how they relate, the model");
    line_is(s, "  pid", "  pid     4242 (attach: gdb -p 4242 -x /opt/e 1/share/e1000_poc/"
            "gdb-status-error.cmd)", "run header: the installed gdb script by its full path");
    snprintf(want, sizeof(want), "  copy    libc: %s (glibc 9.99; GLIBC_TUNABLES unset)",
             dma_copies[DMA_COPY_LIBC].summary);
    line_is(s, "  copy", want, "run header: the C library, GLIBC_TUNABLES unset");
    line_is(s, "  build", "  build   defaults set by make COPY=double", "run header: make's switches");
    free(s);
    h->tunables = "glibc.cpu.x86_rep_movsb_threshold=0";
    CAPTURE(s, out_run_header(f, &c, h, NULL));
    snprintf(want, sizeof(want), "  copy    libc: %s (glibc 9.99; GLIBC_TUNABLES"
             " glibc.cpu.x86_rep_movsb_threshold=0)", dma_copies[DMA_COPY_LIBC].summary);
    line_is(s, "  copy", want, "run header: GLIBC_TUNABLES as gathered");
    free(s);

    /* --widen=watchpoint: the field's size and offset from the driver's
     * format, the breakpoints granted (WATCH_MAX when the probe was
     * refused: the header then only says what would be tried), the route. */
    static const struct {
        enum nic_device_id dev;
        enum nic_driver_id drv;
        int granted;
        enum watch_delivery how;
        const char *field, *count, *route;
    } w[] = {
        {NIC_DEV_E1000, NIC_DRV_DPDK_EM, 4, WATCH_SIGTRAP, "1-byte status (offset 12)", "4",
         "perf sigtrap"},
        {NIC_DEV_E1000, NIC_DRV_DPDK_EM, 2, WATCH_FASYNC, "1-byte status (offset 12)", "2",
         "F_SETSIG to the device thread"},
        {NIC_DEV_IGB, NIC_DRV_DPDK_IGB, -1, WATCH_FASYNC, "4-byte status_error (offset 8)", "4",
         "F_SETSIG to the device thread"},
    };
    c.widen = LIVE_WIDEN_WATCHPOINT;
    for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++) {
        char what[160];
        c.device = w[i].dev;
        c.driver = w[i].drv;
        h->watch = true;
        h->watch_granted = w[i].granted;
        h->delivery = w[i].how;
        snprintf(h->watch_why, sizeof(h->watch_why), "%s", w[i].granted > 0 ? "" : "REFUSED");
        snprintf(want, sizeof(want), "  widen   watchpoint: hardware write breakpoints on the %s"
                 " of up to %s descriptors, device thread only, SIGTRAP by %s; after a store that"
                 " sets DD the device waits for the driver's re-arm (up to 100 us of the driver"
                 " running, 20 ms while it is preempted), as gdb.cmd does. Rates are the widened"
                 " window's, not this host's natural ones", w[i].field, w[i].count, w[i].route);
        CAPTURE(s, out_run_header(f, &c, h, NULL));
        snprintf(what, sizeof(what), "run header: widen line, %s, %d granted, SIGTRAP by %s",
                 nic_devices[w[i].dev].name, w[i].granted, watch_delivery_names[w[i].how]);
        line_is(s, "  widen", want, what);
        if (w[i].granted < 0)
            ok(strstr(s, "REFUSED") == NULL, "run header: a refusal's sentence is not printed there");
        free(s);
    }
}

static void report_page(void)
{
    char *s = NULL;
    struct selfrun_part ran = {(char *)"a <b> & \"c\"\n", 12, 1}, never = {NULL, 0, -1};
    const struct out_report_section sec[] = {
        {"T1", "W1", "probe", &ran, "exposed", NULL},
        {"T2", "W2", "matrix --each 0.1 --svg FILE", &never, "did not finish", NULL},
        {"T3", "W3", "explain --svg FILE", &ran, "violation found", "<svg>PICTURE</svg>"},
    };
    struct out_report r = {"e1000_poc TEST", "CPU <X>", "glibc 0", NULL, "WHEN", false, sec, 3};
    CAPTURE(s, out_report_html(f, &r));
    ok(strncmp(s, "<!DOCTYPE html>\n", 16) == 0 && strstr(s, "</body>\n</html>\n") != NULL,
       "the page is one whole HTML document");
    ok(strstr(s, "a &lt;b&gt; &amp; &quot;c&quot;") != NULL && strstr(s, "<b> &") == NULL,
       "a part's output is escaped");
    ok(strstr(s, "CPU &lt;X&gt;") != NULL, "the host's strings are escaped");
    ok(strstr(s, "<td>(unset)</td>") != NULL, "GLIBC_TUNABLES unset says so");
    ok(strstr(s, "exit status 1: exposed") != NULL, "a section says its status in words");
    ok(strstr(s, "not run: the report was interrupted") != NULL, "a part never started says so");
    ok(strstr(s, "<div class=\"picture\">\n<svg>PICTURE</svg></div>") != NULL,
       "a part's picture is inlined");
    ok(strstr(s, "<b>Interrupted</b>") == NULL, "no interrupted note on a whole report");
    free(s);
    r.interrupted = true;
    CAPTURE(s, out_report_html(f, &r));
    ok(strstr(s, "<b>Interrupted</b>") != NULL, "an interrupted report says so at the top");
    free(s);
}

int main(void)
{
    explain_trace_e1000();
    explain_trace_igb();
    explain_damage();
    explain_header();
    explain_coverage();
    explain_tx_lines();
    explain_rows();
    explain_foot();
    matrix_rows();
    run_lines();
    run_header_stops();
    run_header_facts();
    probe_lines();
    report_page();
    return tap_done();
}
