// SPDX-License-Identifier: GPL-2.0-or-later
/* out_matrix.c - `matrix`'s table, JSON and heat map (see out_matrix.h). */
#include "output/out_matrix.h"

#include <stdlib.h>
#include <string.h>

#include "output/out_heatmap.h"
#include "output/out_run.h"
#include "run/stats.h"
#include "util/hostinfo.h"

/* The name columns (device, driver, qemu-fix, dpdk-fix, copy): each as wide
 * as its longest name or its heading, so that no name (libc-memmove) pushes
 * the results right. At least the widths the table always had. */
enum { COL_DEVICE, COL_DRIVER, COL_QEMU_FIX, COL_DPDK_FIX, COL_COPY, COL_COUNT };
static int col_w[COL_COUNT] = {7, 13, 14, 12, 11};

static void widen_col(int col, const char *name)
{
    int n = (int)strlen(name);
    if (n > col_w[col])
        col_w[col] = n;
}

static void table_widths(void)
{
    for (int i = 0; i < NIC_DEV_COUNT; i++)
        widen_col(COL_DEVICE, nic_devices[i].name);
    for (int i = 0; i < NIC_DRV_COUNT; i++)
        widen_col(COL_DRIVER, nic_drivers[i].name);
    for (int i = 0; i < E1000_FIX_COUNT; i++)
        widen_col(COL_QEMU_FIX, e1000_fixes[i].name);
    for (int i = 0; i < EM_WORKAROUND_COUNT; i++)
        widen_col(COL_DPDK_FIX, em_workarounds[i].name);
    for (int i = 0; i < DMA_COPY_COUNT; i++)
        widen_col(COL_COPY, dma_copies[i].name);
}

/* The five name columns of a row, each followed by one space. */
static void print_names(FILE *f, const char *dev, const char *drv, const char *fix,
                        const char *workaround, const char *copy)
{
    table_widths();
    fprintf(f, "%-*s %-*s %-*s %-*s %-*s ", col_w[COL_DEVICE], dev, col_w[COL_DRIVER], drv,
            col_w[COL_QEMU_FIX], fix, col_w[COL_DPDK_FIX], workaround, col_w[COL_COPY], copy);
}

static void cell_names(FILE *f, const struct live_config *c)
{
    print_names(f, nic_devices[c->device].name, nic_drivers[c->driver].name,
                e1000_fixes[c->qemu_fix].name, em_workarounds[c->dpdk_fix].name,
                dma_copies[c->copy].name);
}

void out_matrix_head(FILE *f, const struct matrix *m, const struct live_config *base, double each)
{
    fprintf(f, "e1000_poc matrix: %u device/driver pair%s x qemu-fix x dpdk-fix x copy, %g s each,"
               " pace %s, ring %u, CPUs %d,%d, through ring hangs\n",
            m->npairs, m->npairs == 1 ? "" : "s", each, live_paces[base->pace].name, base->ring,
            base->cpus[0], base->cpus[1]);
    print_names(f, "device", "driver", "qemu-fix", "dpdk-fix", "copy");
    fprintf(f, "%-10s %9s %12s %7s %11s\n", "result", "events", "first event", "hangs", "desc/s");
}

void out_matrix_row(FILE *f, const struct matrix_cell *cell)
{
    const struct live_stats *s = &cell->stats;
    cell_names(f, &cell->cfg);
    if (cell->state != MATRIX_RAN) {
        fprintf(f, "skipped: %s\n", cell->why);
        return;
    }
    char first[32] = "-";
    uint64_t ev = live_events_total(s);
    double t = live_first_event_s(s);
    if (t >= 0)
        out_run_fmt_time(first, sizeof(first), t);
    fprintf(f, "%-10s %9llu %12s %7llu %10.2fM\n", ev ? "Sometimes" : "Never",
            (unsigned long long)ev, first, (unsigned long long)s->events[RX_EV_HANG],
            stats_per_second(s->consumed, s->elapsed_s) / 1e6);
    fflush(f);
    if (s->interrupted) {
        char el[32];
        fprintf(f, "  (this cell was cut short by a signal after %s)\n",
                out_run_fmt_time(el, sizeof(el), s->elapsed_s));
    }
}

void out_matrix_foot(FILE *f, const struct matrix *m)
{
    if (m->interrupted)
        fprintf(f, "Interrupted: stopped by a signal after %u of %u cells (the table above is"
                   " all that ran).\n", m->ran, m->ncells);
}

void out_matrix_json_begin(struct json *j, const char *tool, const struct live_config *base,
                           double each)
{
    json_object_begin(j, NULL);
    json_string(j, "tool", tool);
    json_string(j, "command", "matrix");
    json_double(j, "each_s", each);
    out_run_json_host(j, base);
    json_array_begin(j, "cells");
}

void out_matrix_json_cell(struct json *j, const struct matrix_cell *cell)
{
    char name[96];
    if (cell->state != MATRIX_RAN)
        return;
    out_run_config_name(&cell->cfg, name, sizeof(name));
    json_object_begin(j, NULL);
    json_string(j, "name", name);
    json_string(j, "observation", live_events_total(&cell->stats) ? "Sometimes" : "Never");
    out_run_json_config(j, &cell->cfg);
    out_run_json_stats(j, "stats", &cell->stats);
    json_object_end(j);
}

void out_matrix_json_end(struct json *j, const struct matrix *m)
{
    json_array_end(j);
    json_bool(j, "interrupted", m->interrupted);
    json_object_end(j);
}

int out_matrix_svg(FILE *f, const struct matrix *m, const struct live_config *base, double each)
{
    char cpu[128], title[160], notes[512];
    struct heat_cell *h = calloc(m->ncells ? m->ncells : 1, sizeof(*h));
    unsigned n = 0;
    if (h == NULL)
        return -1;
    for (unsigned i = 0; i < m->ran; i++) {
        const struct matrix_cell *cell = &m->cell[i];
        const struct live_config *c = &cell->cfg;
        struct heat_cell *k = &h[n++];
        snprintf(k->row, sizeof(k->row), "%s %s %s %s", nic_devices[c->device].name,
                 nic_drivers[c->driver].name, e1000_fixes[c->qemu_fix].name,
                 em_workarounds[c->dpdk_fix].name);
        snprintf(k->col, sizeof(k->col), "%s", dma_copies[c->copy].name);
        uint64_t ev = cell->state == MATRIX_RAN ? live_events_total(&cell->stats) : 0;
        k->state = cell->state != MATRIX_RAN ? HEAT_NOT_RUN : ev ? HEAT_SOMETIMES : HEAT_NEVER;
        k->rate = cell->state == MATRIX_RAN ? stats_per_second(ev, cell->stats.elapsed_s) : 0;
    }
    hostinfo_cpu_model(cpu, sizeof(cpu));
    snprintf(title, sizeof(title), "e1000_poc matrix on %s", cpu);
    snprintf(notes, sizeof(notes),
             "%s; %g s per cell, pace %s, ring %u, CPUs %d,%d, through ring hangs\n"
             "Sometimes: an event (stale address, double consumption, wrong fill, hang) was seen;\n"
             "the rate: events per second of the cell's run, on this host as loaded as it was then",
             hostinfo_libc(), each, live_paces[base->pace].name, base->ring, base->cpus[0],
             base->cpus[1]);
    out_heatmap_svg(f, title, notes, "device driver qemu-fix dpdk-fix  \\  copy", h, n, true);
    free(h);
    return 0;
}
