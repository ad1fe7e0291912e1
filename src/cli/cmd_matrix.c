// SPDX-License-Identifier: GPL-2.0-or-later
/* cmd_matrix.c - `e1000_poc matrix`: every qemu-fix x dpdk-fix x copy
 * routine, each a short live run through hangs (--continue), as a table
 * and as JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/interrupt.h"
#include "cli/output.h"
#include "output/out_heatmap.h"
#include "util/hostinfo.h"
#include "util/json.h"
#include "util/outfile.h"
#include "cli/liveopt.h"
#include "output/out_run.h"
#include "run/stats.h"

#define MATRIX_EACH_DEFAULT_S 1.0

enum matrix_opt_id { OPT_DEVICE, OPT_DRIVER, OPT_EACH, OPT_JSON, OPT_SVG, OPT_HELP };

static const struct cli_opt matrix_options[] = {
    LIVEOPT_ROWS_SHAPE,
    {"device", CLI_STRING, "NAME|all", "device models to run (default e1000)", 0, 0, 0, {0},
     OPT_DEVICE},
    {"driver", CLI_STRING, "NAME|all", "driver models to run, each with the devices it drives"
     " (default: the device's first)", 0, 0, 0, {0}, OPT_DRIVER},
    {"each", CLI_SECONDS, "S", "seconds per cell (default 1)", 0, 0, 0, {0}, OPT_EACH},
    {"json", CLI_FLAG, NULL, "write one JSON object to stdout (the table goes to stderr)",
     0, 0, 0, {0}, OPT_JSON},
    {"svg", CLI_STRING, "FILE", "also draw the cells as an SVG heat map in FILE (checked before the"
     " first cell: exit 2; written whole at the end: exit 128 if lost)", 0, 0, 0, {0},
     OPT_SVG},
    {"help", CLI_FLAG, NULL, "show this help", 0, 0, 0, {0}, OPT_HELP},
    {NULL, 0, NULL, NULL, 0, 0, 0, {0}, 0},
};

void cmd_matrix_usage(FILE *f)
{
    fprintf(f, "usage: e1000_poc matrix [options]\n"
               "Run every device x driver (that drives it) x qemu-fix x dpdk-fix x copy routine\n"
               "live for --each seconds, through\n"
               "ring hangs (as run --continue), and tabulate Never/Sometimes, events, time to\n"
               "the first event, hangs and descriptors per second.\n"
               "\n"
               "matrix options:\n");
    cli_print_options(f, matrix_options);
}

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
    fprintf(f, "%-*s %-*s %-*s %-*s %-*s ", col_w[COL_DEVICE], dev, col_w[COL_DRIVER], drv,
            col_w[COL_QEMU_FIX], fix, col_w[COL_DPDK_FIX], workaround, col_w[COL_COPY], copy);
}

static void cell_names(FILE *f, const struct live_config *c)
{
    print_names(f, nic_devices[c->device].name, nic_drivers[c->driver].name,
                e1000_fixes[c->qemu_fix].name, em_workarounds[c->dpdk_fix].name,
                dma_copies[c->copy].name);
}

static void table_head(FILE *f)
{
    table_widths();
    print_names(f, "device", "driver", "qemu-fix", "dpdk-fix", "copy");
    fprintf(f, "%-10s %9s %12s %7s %11s\n", "result", "events", "first event", "hangs", "desc/s");
}

static void table_row(FILE *f, const struct live_config *c, const struct live_stats *s)
{
    char first[32] = "-";
    uint64_t ev = live_events_total(s);
    double t = live_first_event_s(s);
    if (t >= 0)
        out_run_fmt_time(first, sizeof(first), t);
    cell_names(f, c);
    fprintf(f, "%-10s %9llu %12s %7llu %10.2fM\n", ev ? "Sometimes" : "Never",
            (unsigned long long)ev, first, (unsigned long long)s->events[RX_EV_HANG],
            stats_per_second(s->consumed, s->elapsed_s) / 1e6);
    fflush(f);
}

/* "all", or one name of the table; -1 (all) or the index, -2 if unknown. */
static int pick(const char *arg, const struct choice_table *choices)
{
    if (arg == NULL || strcmp(arg, "all") == 0)
        return -1;
    int i = choice_find(choices, arg);
    return i >= 0 ? i : -2;
}

/* Why the selection holds no pair, in run's words where one pair was named. */
static void no_pairs(const char *device_arg, int dev_sel, const char *driver_arg, int drv_sel,
                     unsigned ring)
{
    if (dev_sel >= 0 && drv_sel >= 0) {
        const char *why = nic_pair_problem((enum nic_device_id)dev_sel, (enum nic_driver_id)drv_sel);
        if (why != NULL)
            cli_error("--device=%s --driver=%s: %s", device_arg, driver_arg, why);
        else
            cli_error("--ring %u: %s needs at least %u descriptors", ring, driver_arg,
                      nic_drivers[drv_sel].ring_min);
        return;
    }
    char binds[256];
    size_t at = 0;
    binds[0] = '\0';
    for (int k = 0; k < NIC_DRV_COUNT; k++)
        for (int d = 0; d < NIC_DEV_COUNT; d++)
            if (nic_drivers[k].binds[d] && at < sizeof(binds))
                at += (size_t)snprintf(binds + at, sizeof(binds) - at, "%s%s/%s", at ? ", " : "",
                                       nic_devices[d].name, nic_drivers[k].name);
    cli_error("--device=%s --driver=%s: no driver chosen drives a device chosen with a ring of %u"
              " (pairs that bind: %s)", device_arg, driver_arg ? driver_arg : "(default)", ring,
              binds);
}

/* --svg: the cells so far, for the heat map. */
struct heat_cells {
    struct heat_cell *cell;
    unsigned n;
};

/* Add c's cell to the heat map (when drawing one); s NULL: not run. */
static void heat_add(struct heat_cells *h, const struct live_config *c, const struct live_stats *s)
{
    if (h == NULL)
        return;
    struct heat_cell *k = &h->cell[h->n++];
    snprintf(k->row, sizeof(k->row), "%s %s %s %s", nic_devices[c->device].name,
             nic_drivers[c->driver].name, e1000_fixes[c->qemu_fix].name,
             em_workarounds[c->dpdk_fix].name);
    snprintf(k->col, sizeof(k->col), "%s", dma_copies[c->copy].name);
    k->state = s == NULL ? HEAT_NOT_RUN : live_events_total(s) ? HEAT_SOMETIMES : HEAT_NEVER;
    k->rate = s != NULL ? stats_per_second(live_events_total(s), s->elapsed_s) : 0;
}

/* Write the heat map to path. 0, or EXIT_OUTPUT_LOST after one line. */
static int heat_write(const char *path, const struct heat_cells *h, const struct live_config *base,
                      double each)
{
    char cpu[128], title[160], notes[512];
    struct outfile o;
    const char *why = NULL;
    hostinfo_cpu_model(cpu, sizeof(cpu));
    snprintf(title, sizeof(title), "e1000_poc matrix on %s", cpu);
    snprintf(notes, sizeof(notes),
             "%s; %g s per cell, pace %s, ring %u, CPUs %d,%d, through ring hangs\n"
             "Sometimes: an event (stale address, double consumption, wrong fill, hang) was seen;\n"
             "the rate: events per second of the cell's run, on this host as loaded as it was then",
             hostinfo_libc(), each, live_paces[base->pace].name, base->ring, base->cpus[0],
             base->cpus[1]);
    if (outfile_open(&o, path, &why) != 0) {
        cli_error("--svg %s: cannot write: %s (the picture is lost)", path, why);
        return EXIT_OUTPUT_LOST;
    }
    out_heatmap_svg(o.f, title, notes, "device driver qemu-fix dpdk-fix  \\  copy", h->cell, h->n, true);
    if (outfile_commit(&o, &why) != 0) {
        cli_error("--svg %s: cannot write: %s (the picture is lost)", path, why);
        return EXIT_OUTPUT_LOST;
    }
    return 0;
}

/* One cell: run it, print its row, add it to the JSON and the heat map. */
static int run_cell(FILE *human, struct json *j, struct heat_cells *h, const struct live_config *c)
{
    struct live_stats s;
    const char *why;
    if (!dma_copy_available(c->copy, &why)) {
        heat_add(h, c, NULL);
        cell_names(human, c);
        fprintf(human, "skipped: %s\n", why);
        return 0;
    }
    if (live_run(c, &s, NULL) != 0)
        return -1;
    table_row(human, c, &s);
    heat_add(h, c, &s);
    if (s.interrupted) {
        char t[32];
        cli_interrupt_note();
        fprintf(human, "  (this cell was cut short by a signal after %s)\n",
                out_run_fmt_time(t, sizeof(t), s.elapsed_s));
    }
    if (j != NULL) {
        char name[96];
        out_run_config_name(c, name, sizeof(name));
        json_object_begin(j, NULL);
        json_string(j, "name", name);
        json_string(j, "observation", live_events_total(&s) ? "Sometimes" : "Never");
        out_run_json_config(j, c);
        out_run_json_stats(j, "stats", &s);
        json_object_end(j);
    }
    return 0;
}

int cmd_matrix(int argc, char **argv, int idx)
{
    struct live_config base;
    struct liveopt_state st;
    double each = MATRIX_EACH_DEFAULT_S;
    bool json = false, help = false;
    const char *device_arg = "e1000", *driver_arg = NULL, *svg = NULL;
    const struct cli_opt *o;
    union cli_value v;
    int r;

    liveopt_defaults(&base, &st);
    while ((r = cli_next(matrix_options, argc, argv, &idx, &o, &v)) == 1) {
        if (liveopt_apply(&base, &st, o, &v))
            continue;
        switch (o->id) {
        case OPT_DEVICE: device_arg = v.str; break;
        case OPT_DRIVER: driver_arg = v.str; break;
        case OPT_EACH: each = v.seconds; break;
        case OPT_JSON: json = true; break;
        case OPT_SVG: svg = v.str; break;
        case OPT_HELP: help = true; break;
        }
    }
    if (r < 0)
        return EXIT_USAGE;
    if (help) { /* only once the whole line parsed: --help --bogus is refused */
        cmd_matrix_usage(stdout);
        commands_print_exit_status(stdout, "matrix");
        return 0;
    }
    if (each <= 0) {
        cli_error("--each %g: give a positive number of seconds", each);
        return EXIT_USAGE;
    }
    const struct choice_table devs = CHOICE_TABLE(nic_devices, NIC_DEV_COUNT);
    const struct choice_table drvs = CHOICE_TABLE(nic_drivers, NIC_DRV_COUNT);
    int dev_sel = pick(device_arg, &devs), drv_sel = pick(driver_arg, &drvs);
    if (dev_sel == -2 || drv_sel == -2) {
        cli_error("--%s %s: unknown; choose all or a name from --help", dev_sel == -2 ? "device" : "driver",
                  dev_sel == -2 ? device_arg : driver_arg);
        return EXIT_USAGE;
    }
    /* The pairs to run: each selected device with each selected driver that
     * drives it; without --driver, the device's default driver. */
    bool pair[NIC_DEV_COUNT][NIC_DRV_COUNT] = {{false}};
    int npairs = 0;
    for (int d = 0; d < NIC_DEV_COUNT; d++) {
        if (dev_sel >= 0 && d != dev_sel)
            continue;
        for (int k = 0; k < NIC_DRV_COUNT; k++) {
            bool chosen = driver_arg == NULL ? k == (int)nic_default_driver((enum nic_device_id)d)
                                             : (drv_sel < 0 || k == drv_sel);
            if (chosen && nic_drivers[k].binds[d] && base.ring >= nic_drivers[k].ring_min) {
                pair[d][k] = true;
                npairs++;
            }
        }
    }
    if (npairs == 0) {
        no_pairs(device_arg, dev_sel, driver_arg, drv_sel, base.ring);
        return EXIT_USAGE;
    }
    base.duration_s = each;
    base.keep_going = true;
    /* The gap applies to the routines that can take it; check it there. */
    unsigned gap = base.gap;
    base.gap = 0;
    base.copy = DMA_COPY_LIBC;
    const struct live_config parsed = base; /* driver defaults: per cell, below */
    r = liveopt_finish(&base, &st);
    if (r != 0)
        return r;
    const char *cant = NULL;
    if (svg != NULL && outfile_check(svg, &cant) != 0) {
        cli_error("--svg %s: cannot write: %s", svg, cant);
        return EXIT_USAGE;
    }
    struct heat_cells heat = {NULL, 0};
    if (svg != NULL) {
        heat.cell = calloc((size_t)npairs * E1000_FIX_COUNT * EM_WORKAROUND_COUNT * DMA_COPY_COUNT,
                           sizeof(*heat.cell));
        if (heat.cell == NULL) {
            cli_error("matrix: out of memory");
            return EXIT_CANNOT_TEST;
        }
    }

    FILE *human = json ? stderr : stdout;
    struct json j;
    if (json) {
        json_init(&j, stdout, true);
        json_object_begin(&j, NULL);
        json_string(&j, "tool", "e1000_poc " E1000_POC_VERSION);
        json_string(&j, "command", "matrix");
        json_double(&j, "each_s", each);
        out_run_json_host(&j, &base);
        json_array_begin(&j, "cells");
    }
    fprintf(human, "e1000_poc matrix: %d device/driver pair%s x qemu-fix x dpdk-fix x copy, %g s each,"
                   " pace %s, ring %u, CPUs %d,%d, through ring hangs\n",
            npairs, npairs == 1 ? "" : "s", each, live_paces[base.pace].name, base.ring,
            base.cpus[0], base.cpus[1]);
    table_head(human);
    unsigned cells = 0, planned = (unsigned)npairs * (E1000_FIX_COUNT - 1) * EM_WORKAROUND_COUNT *
                                  DMA_COPY_COUNT;
    for (int d = 0; d < NIC_DEV_COUNT; d++)
        for (int k = 0; k < NIC_DRV_COUNT; k++) {
            if (!pair[d][k])
                continue;
            /* The real fixes; the deliberately broken one is explain's test. */
            for (int fix = 0; fix < E1000_FIX_COUNT; fix++)
                for (int w = 0; w < EM_WORKAROUND_COUNT; w++)
                    for (int copy = 0; copy < DMA_COPY_COUNT; copy++) {
                        if (fix == E1000_FIX_BROKEN_DD_FIRST)
                            continue;
                        struct live_config c = base;
                        c.device = (enum nic_device_id)d;
                        c.driver = (enum nic_driver_id)k;
                        c.qemu_fix = (enum e1000_fix)fix;
                        c.dpdk_fix = (enum em_workaround)w;
                        c.copy = (enum dma_copy_id)copy;
                        c.gap = (dma_copies[copy].flags & DMA_F_GAP) ? gap : 0;
                        c.ring = parsed.ring;
                        c.rx_free_thresh = parsed.rx_free_thresh;
                        c.rx_work_ns = parsed.rx_work_ns;
                        if ((r = liveopt_driver_defaults(&c, &st)) != 0) {
                            free(heat.cell);
                            return r;
                        }
                        if (cli_interrupted())
                            goto stopped;
                        if (!json && cli_output_failed(human)) {
                            free(heat.cell);
                            return EXIT_OUTPUT_LOST;
                        }
                        if (run_cell(human, json ? &j : NULL, svg ? &heat : NULL, &c) != 0) {
                            free(heat.cell);
                            return EXIT_CANNOT_TEST;
                        }
                        cells++;
                    }
        }
stopped:
    if (cli_interrupted())
        fprintf(human, "Interrupted: stopped by a signal after %u of %u cells (the table above is"
                       " all that ran).\n", cells, planned);
    if (json) {
        json_array_end(&j);
        json_bool(&j, "interrupted", cli_interrupted());
        json_object_end(&j);
    }
    r = svg != NULL ? heat_write(svg, &heat, &base, each) : 0;
    free(heat.cell);
    if (r != 0)
        return r;
    return cli_interrupted() ? EXIT_INTERRUPTED : EXIT_NOT_REPRODUCED;
}
