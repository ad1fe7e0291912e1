// SPDX-License-Identifier: GPL-2.0-or-later
/* out_tx_trace.c - the header and the two-column trace of `explain
 * --path=tx`: one line per access, the context that made it in its column,
 * what the model reported (filled, sent, reclaimed) under it, and the
 * violation where it happened. */
#include <stddef.h>
#include <string.h>

#include "output/out_tx_trace.h"
#include "explain/tx_exec.h"

#define COL 58

/* Where an offset of the TX region is, in words a reader of the drivers
 * knows. */
static void place(char *out, size_t n, uint32_t off, unsigned len)
{
    if (off == offsetof(struct tx_region, tdh))
        snprintf(out, n, "TDH");
    else if (off == offsetof(struct tx_region, tdt))
        snprintf(out, n, "TDT");
    else if (off == offsetof(struct tx_region, tdlen))
        snprintf(out, n, "TDLEN");
    else if (off == offsetof(struct tx_region, next_to_use))
        snprintf(out, n, "next_to_use");
    else if (off == offsetof(struct tx_region, next_to_clean))
        snprintf(out, n, "next_to_clean");
    else if (off >= offsetof(struct tx_region, bi_skb) &&
             off < offsetof(struct tx_region, bi_skb) + sizeof(((struct tx_region *)0)->bi_skb))
        snprintf(out, n, "buffer_info[%u].skb", (off - (unsigned)offsetof(struct tx_region, bi_skb)) / 4);
    else if (off >= offsetof(struct tx_region, bi_next_to_watch) &&
             off < offsetof(struct tx_region, bi_next_to_watch) +
                       sizeof(((struct tx_region *)0)->bi_next_to_watch))
        snprintf(out, n, "buffer_info[%u].next_to_watch",
                 (off - (unsigned)offsetof(struct tx_region, bi_next_to_watch)) / 4);
    else if (off >= offsetof(struct tx_region, ring)) {
        unsigned b = off - (unsigned)offsetof(struct tx_region, ring);
        snprintf(out, n, "desc %u [%u,%u)", b / 16, b % 16, b % 16 + len);
    } else
        snprintf(out, n, "+%u", off);
}

static void value(char *out, size_t n, const struct xt_op *op)
{
    uint64_t v = 0;
    if (op->len <= 8) {
        memcpy(&v, op->data, op->len);
        snprintf(out, n, "%#llx", (unsigned long long)v);
        return;
    }
    size_t k = 0;
    for (unsigned i = 0; i < op->len && k + 3 < n; i++)
        k += (size_t)snprintf(out + k, n - k, "%02x", op->data[i]);
}

/* Does the access hold the byte with DD (descriptor byte 12), and is DD set? */
static int dd_of(const struct xt_op *op)
{
    uint32_t ring = (uint32_t)offsetof(struct tx_region, ring);
    if (op->off < ring)
        return -1;
    unsigned b = (op->off - ring) % 16, end = b + op->len;
    if (b > TX_STATUS_OFF || end <= TX_STATUS_OFF)
        return -1;
    return op->data[TX_STATUS_OFF - b] & E1000_TXD_STAT_DD;
}

static void print_step(FILE *f, unsigned i, const struct xt_step *s)
{
    char where[48], val[40], text[160];
    place(where, sizeof(where), s->op.off, s->op.len);
    value(val, sizeof(val), &s->op);
    int dd = dd_of(&s->op);
    char dma[24] = "";
    if (s->op.dma_store)
        snprintf(dma, sizeof(dma), " (store %u/%u)", s->op.dma_store, s->op.dma_stores);
    snprintf(text, sizeof(text), "%s %s %s %s%s%s", s->fn,
             s->op.kind == XT_OP_LOAD ? "load" : "store", where, val,
             dd > 0 ? " DD" : dd == 0 ? " no DD" : "", dma);
    if (s->thread == XT_A)
        fprintf(f, "%5u  %s\n", i, text);
    else
        fprintf(f, "%5u  %-*s %s\n", i, COL, "", text);
}

static void print_event(FILE *f, const struct xt_event *e)
{
    static const char *const what[] = {"filled with buffer", "SENT: buffer", "reclaimed: buffer"};
    char text[160];
    snprintf(text, sizeof(text), "  -> desc %u %s %#llx", e->idx, what[e->kind],
             (unsigned long long)e->buf);
    if (e->thread == XT_A)
        fprintf(f, "%5s  %s\n", "", text);
    else
        fprintf(f, "%5s  %-*s %s\n", "", COL, "", text);
    for (unsigned v = 0; v < XT_V_COUNT; v++)
        if (e->violations & (1u << v))
            fprintf(f, "%5s  <<< VIOLATION %s: %s\n", "", xt_violation_names[v],
                    xt_violation_text[v]);
}

static void print_pattern(FILE *f, const struct xt_pattern *p)
{
    if (p->rc != 0) {
        fprintf(f, "(no pattern: %s)", p->why ? p->why : "?");
        return;
    }
    fprintf(f, "%u store%s:", p->p.n, p->p.n == 1 ? "" : "s");
    for (unsigned i = 0; i < p->p.n; i++)
        fprintf(f, " [%zu,%zu)", p->off + p->p.s[i].off, p->off + p->p.s[i].off + p->p.s[i].len);
}

void out_tx_header(const struct xt_config *c, const struct xt_header *h, FILE *f)
{
    size_t len = h->writeback.len, off = h->writeback.off;
    fprintf(f, "explain --path=tx: QEMU %s (%s) x %s %s\n", xt_device_fn(c), xt_writeback_fn(c),
            xt_two_vcpus(c) ? "Linux" : "DPDK", xt_two_vcpus(c) ? "e1000_xmit_frame + e1000_clean_tx_irq"
                                                                 : xt_xmit_fn(c));
    fprintf(f, "device %s, driver %s, qemu-fix %s, copy %s\n", nic_devices[c->device].name,
            nic_drivers[c->driver].name, e1000_fixes[c->fix].name, dma_copies[c->copy].name);
    fprintf(f, "write-back: pci_dma_write of %zu byte%s at descriptor byte %zu = ", len,
            len == 1 ? "" : "s", off);
    print_pattern(f, &h->writeback);
    if (c->fix == E1000_FIX_DD_BYTE) {
        fprintf(f, ", DD clear; then the DD byte: ");
        print_pattern(f, &h->dd);
    }
    fprintf(f, "\n");
    if (xt_two_vcpus(c))
        fprintf(f, "contexts: vCPU A sends (%s); its TDT write runs QEMU's %s in A's thread;"
                   " vCPU B runs %s (NAPI)\n",
                xt_xmit_fn(c), xt_device_fn(c), xt_clean_fn(c));
    else
        fprintf(f, "contexts: one: the lcore calling %s cleans, fills and writes TDT, and QEMU's"
                   " %s runs inside that write\n",
                xt_xmit_fn(c), xt_device_fn(c));
    fprintf(f, "bounds: ring %u, frames %u, at most %u preemption%s, memory sc\n", c->ring,
            c->packets, c->preemptions, c->preemptions == 1 ? "" : "s");
}

void out_tx_trace(FILE *f, const struct xt_exec *x)
{
    if (xt_two_vcpus(&x->cfg))
        fprintf(f, "%5s  %-*s %s\n", "step", COL, "vCPU A: xmit; QEMU in its TDT write",
                "vCPU B: clean");
    else
        fprintf(f, "%5s  %s\n", "step", "the lcore; QEMU in its TDT write");
    unsigned e = 0;
    for (unsigned i = 0; i < x->ntrace; i++) {
        print_step(f, i, &x->trace[i]);
        for (; e < x->nevents && x->events[e].step == i; e++)
            print_event(f, &x->events[e]);
    }
    for (; e < x->nevents; e++)
        print_event(f, &x->events[e]);
    if (x->violations & (1u << XT_V_HANG))
        fprintf(f, "%5s  <<< VIOLATION hang: %s\n", "", xt_violation_text[XT_V_HANG]);
}

void out_tx_clean(FILE *f, const struct xt_config *c, const struct xt_result *res)
{
    fprintf(f, "\nno violation in %lu execution%s (every schedule with at most %u preemption%s%s)\n",
            res->executions, res->executions == 1 ? "" : "s", c->preemptions,
            c->preemptions == 1 ? "" : "s", res->limited ? "; some hit the step limit" : "");
    if (xt_two_vcpus(c))
        fprintf(f, "Verdict: TX not exposed within these bounds: no schedule lets the clean reclaim"
                   " a descriptor it does not own or free a buffer in flight\n");
    else
        fprintf(f, "Verdict: TX not exposed: one context; QEMU's %s runs inside the PMD's own TDT"
                   " write, so nothing reads DD between two stores of one write-back\n",
                "transmit path");
}

void out_tx_found(FILE *f, const struct xt_result *res)
{
    int v = xt_first_violation(res->violations);
    fprintf(f, "\nfound after %lu execution%s, %u preemption%s\n", res->executions,
            res->executions == 1 ? "" : "s", res->sched.n, res->sched.n == 1 ? "" : "s");
    fprintf(f, "Verdict: TX EXPOSED (%s): %s\n", xt_violation_names[v], xt_violation_text[v]);
}

/* The copy column: as wide as the longest routine name. */
static int copy_width(void)
{
    int w = (int)strlen("copy");
    for (int k = 0; k < DMA_COPY_COUNT; k++)
        if ((int)strlen(dma_copies[k].name) > w)
            w = (int)strlen(dma_copies[k].name);
    return w;
}

void out_tx_all_head(FILE *f, unsigned preemptions)
{
    fprintf(f, "explain --all --path=tx: a verdict per device x driver x copy routine; memory sc,"
               " at most %u preemptions, the driver's smallest ring, ring + 2 frames\n",
            preemptions);
    fprintf(f, "%-7s %-13s %-*s  %-22s  %s\n", "device", "driver", copy_width(), "copy",
            "qemu-fix none", "qemu-fix dd-byte");
}

void out_tx_all_row(FILE *f, const struct xt_row *row)
{
    const struct xt_config *c = &row->cfg;
    const int *cell = row->cell;
    fprintf(f, "%-7s %-13s %-*s", nic_devices[c->device].name, nic_drivers[c->driver].name,
            copy_width(), dma_copies[c->copy].name);
    for (int k = 0; k < XT_ALL_FIXES; k++) {
        char text[40];
        if (cell[k] == XT_CELL_CANNOT)
            snprintf(text, sizeof(text), "cannot explain here");
        else if (cell[k] < 0)
            snprintf(text, sizeof(text), "clean");
        else
            snprintf(text, sizeof(text), "EXPOSED (%s)", xt_violation_names[cell[k]]);
        fprintf(f, k == 0 ? "  %-22s" : "  %s", text);
    }
    fputc('\n', f);
}
