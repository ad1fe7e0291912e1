// SPDX-License-Identifier: GPL-2.0-or-later
/* out_explain.c - explain's text: the header, the legend, the interleaving
 * and its verdict, what was covered, the table of --all, and the picture's
 * head and foot (see out_explain.h). */
#include "output/out_explain.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "explain/pair.h"
#include "output/out_explain_svg.h"
#include "output/out_trace.h"

/* "[0,16) [0,16)": the stores of a write that starts at descriptor byte `at`. */
static void pattern_text(char *b, size_t n, const struct dma_pattern *p, unsigned at)
{
    size_t used = 0;
    b[0] = '\0';
    for (unsigned i = 0; i < p->n && used < n; i++)
        used += (size_t)snprintf(b + used, n - used, "%s[%u,%u)", i ? " " : "", at + p->s[i].off,
                                 at + p->s[i].off + p->s[i].len);
}

/* "burst 4, rx_free_thresh 0" (DPDK), "budget 4" (Linux), "budget 4,
 * rx-buffer-write 2" (linux-e1000e). */
static void driver_bounds_text(char *b, size_t n, const struct xp_config *c)
{
    const struct xp_driver_model *m = &xp_driver_models[c->driver];
    int w = snprintf(b, n, "%s %u", m->burst_name, c->burst);
    if (w < 0 || (size_t)w >= n)
        return;
    if (m->rx_free_thresh)
        snprintf(b + w, n - (size_t)w, ", rx_free_thresh %u", c->rx_free_thresh);
    else if (m->batch)
        snprintf(b + w, n - (size_t)w, ", rx-buffer-write %u", c->rx_buffer_write);
}

static void preemptions_text(char *b, size_t n, uint32_t max_preemptions)
{
    if (max_preemptions == XP_PREEMPTIONS_ALL)
        snprintf(b, n, "no preemption bound");
    else
        snprintf(b, n, "at most %" PRIu32 " preemption%s", max_preemptions,
                 max_preemptions == 1 ? "" : "s");
}

static void bounds_text(char *b, size_t n, const struct xp_config *c, uint32_t max_preemptions)
{
    char pre[48], drv[64];
    preemptions_text(pre, sizeof(pre), max_preemptions);
    driver_bounds_text(drv, sizeof(drv), c);
    snprintf(b, n, "ring %u, %u packet%s, %s; %s", c->ring, c->packets, c->packets == 1 ? "" : "s",
             drv, pre);
}

/* linux-e1000e's batch is the model's, not Linux's: say so wherever it is used. */
static void print_model_line(FILE *f, unsigned batch)
{
    fprintf(f, "  model   linux-e1000e's E1000_RX_BUFFER_WRITE is %u here, not Linux's 16: a model\n"
               "          parameter, so that a ring of %u shows the story; it changes only how often\n"
               "          RDT moves, not what the driver does to a descriptor\n",
            batch, batch + 2);
}

void out_explain_header(FILE *f, const struct xp_exec *x, uint32_t max_preemptions)
{
    const struct xp_config *c = &x->cfg;
    const struct xp_driver_model *m = &xp_driver_models[c->driver];
    char p16[256], pst[128], bounds[160], dt[64], rt[64];
    pattern_text(p16, sizeof(p16), &x->pat_desc, 0);
    pattern_text(pst, sizeof(pst), &x->pat_status, x->status_off);
    bounds_text(bounds, sizeof(bounds), c, max_preemptions);
    fprintf(f, "e1000_poc explain: %s and %s, one shared access at a time\n",
            xp_device_title(c, dt, sizeof(dt)), xp_driver_title(c, rt, sizeof(rt)));
    fprintf(f, "  device  qemu-fix %s: %s\n", e1000_fixes[c->fix].name, e1000_fixes[c->fix].summary);
    if (c->workaround == EM_WORKAROUND_NONE && strcmp(m->vendor, "DPDK") != 0)
        fprintf(f, "  driver  dpdk-fix none: %s as released\n", m->vendor);
    else
        fprintf(f, "  driver  dpdk-fix %s: %s\n", em_workarounds[c->workaround].name,
                em_workarounds[c->workaround].summary);
    if (m->batch)
        print_model_line(f, c->rx_buffer_write);
    fprintf(f, "  copy    %s: %s\n", dma_copies[c->copy].name, dma_copies[c->copy].summary);
    if (c->fix == E1000_FIX_ATOMIC_STATUS)
        fprintf(f, "          stores, in descriptor bytes: 16-byte write %s; %s [%u,%u) in one"
                   " aligned store after smp_mb(), not a copy\n", p16,
                x->fmt == RX_FMT_LEGACY ? "status byte" : "status_error", x->status_off,
                x->status_off + x->status_len);
    else if (c->fix == E1000_FIX_DD_BYTE)
        fprintf(f, "          stores, in descriptor bytes: 16-byte write %s with bytes [8,16) zero;"
                   " then [8,16) (DD, length) in one aligned 8-byte store after smp_wmb(), not a"
                   " copy\n", p16);
    else if (x->fmt == RX_FMT_LEGACY)
        fprintf(f, "          stores, in descriptor bytes: 16-byte write %s; status byte %s\n", p16,
                pst);
    else
        fprintf(f, "          stores, in descriptor bytes: 16-byte write %s; status_error (%s"
                   " descriptor) %s\n", p16, rx_format_names[x->fmt], pst);
    fprintf(f, "  memory  %s: %s\n", xp_memories[c->memory].name, xp_memories[c->memory].summary);
    fprintf(f, "  bounds  %s\n", bounds);
}

static void violation_names(char *b, size_t n, unsigned v, const char *sep)
{
    size_t used = 0;
    b[0] = '\0';
    for (int i = 0; i < XP_V_COUNT && used < n; i++)
        if (v & XP_V_BIT(i))
            used += (size_t)snprintf(b + used, n - used, "%s%s", used ? sep : "", xp_violations[i].name);
}

static void print_legend(FILE *f, const struct xp_exec *x)
{
    fprintf(f, "How to read it: one line per step, a shared access or one store of a DMA copy, by the\n"
               "device (left) or the driver (right); then RDH, RDT and the descriptor the step touched,\n"
               "as memory holds them after the step. ");
    if (x->fmt == RX_FMT_LEGACY) {
        fprintf(f, "\"d0: buf 1 DD fill 0\" is descriptor 0 with\n"
                   "buffer_addr 1, status DD (0x07 = DD|EOP|IXSM; \"--\" = 0; other values in hex) and the\n"
                   "device's fill number 0 (kept in csum/special; \"-\": never filled). Lines with !!\n"
                   "mark the damage and the violations.\n\n");
        return;
    }
    fprintf(f, "An %s descriptor holds the driver's read format\n"
               "until the device writes back over it, so its first 8 bytes show as \"buf 3\", the\n"
               "buffer address the driver armed, or as \"used 1\" once the device has written back\n"
               "(the model keeps the buffer it used in rss, with %s 0). Then status_error\n"
               "(DD = DD|EOP; \"--\" = 0; other values in hex) and the fill number the device keeps\n"
               "in vlan (vlan - 1; \"-\": vlan 0, %s). So\n"
               "\"d0: used 1 DD fill 0\" is descriptor 0 written back by fill 0 into buffer 1, with DD.\n"
               "Lines with !! mark the damage and the violations.\n\n",
            rx_format_names[x->fmt], x->fmt == RX_FMT_ADVANCED ? "pkt_info" : "mrq",
            x->fmt == RX_FMT_ADVANCED ? "no fill since the driver zeroed hdr_addr"
                                      : "never filled");
}

/* --svg FILE: the picture's path (NULL: none). Checked before anything
 * groups of three digits, only the leading group counts. */
static const char *article_for(unsigned n)
{
    while (n >= 1000)
        n /= 1000;
    if (n == 11 || n == 18)
        return "an";
    while (n >= 10)
        n /= 10;
    return n == 8 ? "an" : "a";
}

static void print_coverage(FILE *f, const struct xp_config *c, uint32_t max_preemptions,
                           const struct xp_search_result *r)
{
    char what[96], drv[64];
    if (max_preemptions == XP_PREEMPTIONS_ALL || r->exhausted)
        snprintf(what, sizeof(what), "every interleaving%s",
                 max_preemptions == XP_PREEMPTIONS_ALL ? "" : " (the bound was never reached)");
    else
        snprintf(what, sizeof(what), "every interleaving with at most %" PRIu32 " preemption%s",
                 max_preemptions, max_preemptions == 1 ? "" : "s");
    driver_bounds_text(drv, sizeof(drv), c);
    fprintf(f, "No violation within these bounds: %s of %u packet%s through %s %u-descriptor ring"
               " (%s) was explored.\n",
            what, c->packets, c->packets == 1 ? "" : "s", article_for(c->ring), c->ring, drv);
    fprintf(f, "  explored  %" PRIu64 " states, %" PRIu64 " executions (%" PRIu64
               " ended as repeated polls), %" PRIu64 " steps, in %.3f s\n",
            r->states, r->executions, r->stutters, r->steps_total, r->seconds);
    if (r->used_snapshots)
        fprintf(f, "  states    memory, and each thread's own state when its current call began with the\n"
                   "            accesses since (not its whole history): interleavings that leave the same\n"
                   "            are one; the executions end in %" PRIu64 " distinct final state%s\n",
                r->finals, r->finals == 1 ? "" : "s");
    if (!r->exhausted)
        fprintf(f, "  not covered: interleavings with more preemptions than the bound\n");
    fprintf(f, "  meaning   this ring size, packet count and %s only; every shared access and every\n"
               "            store of a DMA copy is a step; %s memory; registers under the big QEMU lock;\n"
               "            states told apart by a 128-bit hash (a collision could hide a state: odds\n"
               "            about n^2/2^129 for n states).\n",
            xp_driver_models[c->driver].burst_name, xp_memories[c->memory].name);
    if (r->cache_full)
        fprintf(f, "  note      the state cache filled up (--max-states): states were re-explored, not skipped\n");
    fprintf(f, "Verdict: NO VIOLATION within these bounds\n");
}

/* The lines after the trace, from "Interleaving:" to the verdict; the text
 * prints them after the trace, the picture under it. */
static void print_tail(FILE *f, const struct xp_outcome *o)
{
    char names[160];
    const struct xp_exec *x = &o->x;
    fprintf(f, "Interleaving: %" PRIu32 " preemption%s, %u steps.\n", o->preemptions,
            o->preemptions == 1 ? "" : "s", o->steps);
    if (o->violated) {
        out_trace_verdict(f, x, o->violations, o->steps);
        out_trace_aftermath(f, &o->after, o->steps);
    } else {
        fprintf(f, "No violation in this interleaving: it ends with RDH %" PRIu32 ", RDT %" PRIu32
                   ", every fill handed up once.\n", x->gm->rdh, x->gm->rdt);
    }
    fprintf(f, "Replay: e1000_poc explain --replay %s\n", o->token);
    if (o->violated) {
        violation_names(names, sizeof(names), o->violations, ", ");
        fprintf(f, "Verdict: VIOLATION (%s) after %u steps with %" PRIu32 " preemption%s\n", names,
                o->steps, o->preemptions, o->preemptions == 1 ? "" : "s");
    }
}

/* The trace block: from the "Interleaving" line to the "Replay:" line (and
 * the verdict of a violation), the same for a search and for --replay. */
static void print_interleaving(FILE *f, const struct xp_outcome *o)
{
    fprintf(f, "Interleaving: %" PRIu32 " preemption%s, %u steps.\n", o->preemptions,
            o->preemptions == 1 ? "" : "s", o->steps);
    out_trace_print(f, &o->x, o->steps);
    /* print_tail without its first line, printed above */
    char *tail = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&tail, &len);
    if (m == NULL)
        return;
    print_tail(m, o);
    fclose(m);
    const char *nl = strchr(tail, '\n');
    fputs(nl != NULL ? nl + 1 : tail, f);
    free(tail);
}

void out_explain_search(FILE *f, const struct xp_outcome *o)
{
    const struct xp_search_result *r = &o->r;
    fprintf(f, "  search  fewest preemptions first, then fewest steps: %" PRIu64 " states, %" PRIu64
               " executions, %" PRIu64 " steps, %.3f s\n\n",
            r->states, r->executions, r->steps_total, r->seconds);
    if (r->interrupted) {
        fprintf(f, "Interrupted: stopped by a signal before the search covered the bounds; no\n"
                   "interleaving is proven or shown.\nVerdict: INTERRUPTED\n");
    } else if (r->found) {
        fprintf(f, "The shortest failing interleaving: no interleaving with fewer preemptions"
                   " fails,\nand none with as many fails in fewer steps.\n");
        print_legend(f, &o->x);
        print_interleaving(f, o);
    } else if (!r->complete) {
        fprintf(f, "Could not cover the bounds: %s.\nVerdict: UNKNOWN\n",
                r->step_limit ? "an execution did not end within the step limit"
                              : "a resource limit was reached");
    } else {
        print_coverage(f, &o->x.cfg, o->max_preemptions, r);
    }
}

void out_explain_replayed(FILE *f, const struct xp_outcome *o)
{
    out_explain_header(f, &o->x, XP_PREEMPTIONS_ALL);
    fprintf(f, "  replay  %s\n\n", o->token);
    print_legend(f, &o->x);
    print_interleaving(f, o);
    if (!o->violated)
        fprintf(f, "Verdict: NO VIOLATION in this interleaving\n");
}

int out_explain_picture(FILE *f, const struct xp_outcome *o)
{
    char *head = NULL, *foot = NULL;
    size_t head_len = 0, foot_len = 0;
    FILE *h = open_memstream(&head, &head_len);
    FILE *t = h != NULL ? open_memstream(&foot, &foot_len) : NULL;
    if (t == NULL) {
        if (h != NULL)
            fclose(h);
        free(head);
        return -1;
    }
    /* The head: the configuration as --replay prints it, with the token,
     * so that the same token draws the same bytes however it was found. */
    out_explain_header(h, &o->x, XP_PREEMPTIONS_ALL);
    fprintf(h, "  replay  %s\n", o->shown ? o->token : "(none: no violation)");
    if (o->shown)
        print_tail(t, o);
    else /* no interleaving to draw: the picture says what was covered */
        print_coverage(t, &o->x.cfg, o->max_preemptions, &o->r);
    fclose(h);
    fclose(t);
    const char *body = strchr(head, '\n'); /* the first line is the picture's title */
    out_explain_svg(f, &o->x, o->shown ? o->steps : 0, body != NULL ? body + 1 : head, foot, true);
    free(head);
    free(foot);
    return 0;
}

/* ---- --all ----------------------------------------------------------------- */

static void print_all_intro(FILE *f, const struct xp_config *c, uint32_t max_preemptions,
                            bool several)
{
    fprintf(f, "  memory  %s: %s\n", xp_memories[c->memory].name, xp_memories[c->memory].summary);
    if (several) {
        char pre[48];
        preemptions_text(pre, sizeof(pre), max_preemptions);
        fprintf(f, "  bounds  per pair (column r/p): the ring and packets below, %s %u,"
                   " rx_free_thresh %u (DPDK); %s\n", "burst or budget", c->burst,
                c->rx_free_thresh, pre);
    } else {
        char bounds[160];
        bounds_text(bounds, sizeof(bounds), c, max_preemptions);
        fprintf(f, "  bounds  %s\n", bounds);
    }
    fprintf(f, "  expect  argued from each row's store pattern alone (src/explain/expect.h);"
               " \"ok\": the\n          explorer agrees\n\n");
}

void out_explain_all_head(FILE *f, const struct xp_config *pairs, unsigned npairs,
                          uint32_t max_preemptions)
{
    char dt[64], rt[64];
    if (npairs == 1) {
        const struct xp_config *c = &pairs[0];
        if (c->device == NIC_DEV_E1000 && c->driver == NIC_DRV_DPDK_EM)
            fprintf(f, "e1000_poc explain --all: every qemu-fix x dpdk-fix x copy routine\n");
        else
            fprintf(f, "e1000_poc explain --all: %s x %s (%s, %s), every qemu-fix x dpdk-fix x"
                       " copy routine\n", nic_devices[c->device].name, nic_drivers[c->driver].name,
                    xp_device_title(c, dt, sizeof(dt)), xp_driver_title(c, rt, sizeof(rt)));
        if (xp_driver_models[c->driver].batch)
            print_model_line(f, c->rx_buffer_write);
        print_all_intro(f, c, max_preemptions, false);
        fprintf(f, "%-16s %-12s %-11s %-62s %-9s %-4s %s\n", "qemu-fix", "dpdk-fix", "copy",
                "explorer: result", "expected", "", "because");
        return;
    }
    fprintf(f, "e1000_poc explain --all: every device x driver pair x qemu-fix x dpdk-fix x copy"
               " routine\n");
    for (unsigned i = 0; i < npairs; i++)
        if (xp_driver_models[pairs[i].driver].batch) {
            print_model_line(f, pairs[i].rx_buffer_write);
            break;
        }
    print_all_intro(f, &pairs[0], max_preemptions, true);
    fprintf(f, "%-7s %-13s %-6s %-16s %-12s %-11s %-62s %-9s %-4s %s\n", "device", "driver", "r/p",
            "qemu-fix", "dpdk-fix", "copy", "explorer: result", "expected", "", "because");
}

void out_explain_all_row(FILE *f, const struct xp_row *row, bool several)
{
    const struct xp_config *c = &row->cfg;
    char result[128], names[96];
    if (several) {
        char rp[16];
        snprintf(rp, sizeof(rp), "%u/%u", c->ring, c->packets);
        fprintf(f, "%-7s %-13s %-6s ", nic_devices[c->device].name, nic_drivers[c->driver].name, rp);
    }
    fprintf(f, "%-16s %-12s %-11s ", e1000_fixes[c->fix].name, em_workarounds[c->workaround].name,
            dma_copies[c->copy].name);
    switch (row->kind) {
    case XP_ROW_NOT_RUN:
        fprintf(f, "not run: %s\n", row->why);
        return;
    case XP_ROW_INTERRUPTED:
        fprintf(f, "interrupted\n");
        return;
    case XP_ROW_UNKNOWN:
        fprintf(f, "%-62s unknown: bounds not covered\n", "");
        return;
    case XP_ROW_FOUND:
        violation_names(names, sizeof(names), row->violations, "+");
        snprintf(result, sizeof(result), "VIOLATION %s: %" PRIu32 " preempt., %" PRIu32 " steps",
                 names, row->preemptions, row->steps);
        break;
    case XP_ROW_NONE:
        snprintf(result, sizeof(result), "none: %" PRIu64 " states covered", row->states);
        break;
    }
    fprintf(f, "%-62s %-9s %-4s %s\n", result, row->expect ? "violation" : "none",
            row->agrees ? "ok" : "DIFF", row->because);
}

void out_explain_all_foot(FILE *f, const struct xp_all *a, const struct xp_config *pairs)
{
    const struct xp_tally *t = &a->total;
    fprintf(f, "\n");
    if (a->npairs > 1)
        for (unsigned i = 0; i < a->done; i++)
            fprintf(f, "%-7s %-13s %u rows: %u agree, %u differ, %u not run, %.1f s\n",
                    nic_devices[pairs[i].device].name, nic_drivers[pairs[i].driver].name,
                    a->per[i].rows, a->per[i].agree, a->per[i].differ, a->per[i].not_run,
                    a->seconds[i]);
    fprintf(f, "%u rows: %u agree with the expectation, %u differ, %u not run\n", t->rows, t->agree,
            t->differ, t->not_run);
    if (a->interrupted)
        fprintf(f, "Interrupted: stopped by a signal after %u of %u rows (a row cut short is not"
                   " run).\nVerdict: INTERRUPTED\n", t->rows, a->planned);
}

void out_explain_cannot(FILE *f, const struct xp_config *cfg, const char *why)
{
    if (dma_copy_is_libc(cfg->copy))
        fprintf(f, "e1000_poc: cannot explain --copy=%s here: the store pattern of this host's C"
                   " library routine could not be measured (%s); name a routine with a declared"
                   " pattern instead, e.g. --copy=double\n", dma_copies[cfg->copy].name, why);
    else
        fprintf(f, "e1000_poc: cannot explain --copy=%s here: %s\n", dma_copies[cfg->copy].name, why);
}

void out_explain_search_failed(FILE *f, const char *why, unsigned long long as_kb)
{
    if (strncmp(why, "out of memory", 13) != 0)
        fprintf(f, "e1000_poc: explain: %s\n", why);
    else if (as_kb != 0)
        fprintf(f, "e1000_poc: explain: %s: the search reached the address-space limit"
                   " (ulimit -v %llu KB); raise it, or lower --max-states or the bounds\n", why, as_kb);
    else
        fprintf(f, "e1000_poc: explain: %s: the search reached this host's memory; lower"
                   " --max-states or the bounds\n", why);
}
