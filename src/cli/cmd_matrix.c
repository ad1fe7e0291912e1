// SPDX-License-Identifier: GPL-2.0-or-later
/* cmd_matrix.c - `e1000_poc matrix`: options; the cells (run/matrix.h)
 * handed to their renderer (output/out_matrix.h) as each ends: a table,
 * JSON, a heat map; the exit status. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/interrupt.h"
#include "cli/liveopt.h"
#include "cli/output.h"
#include "output/out_matrix.h"
#include "run/matrix.h"
#include "util/json.h"

#define MATRIX_EACH_DEFAULT_S 1.0

enum matrix_opt_id { OPT_DEVICE, OPT_DRIVER, OPT_EACH, OPT_JSON, OPT_SVG, OPT_HELP };

static const struct cli_opt matrix_options[] = {
    LIVEOPT_ROWS_SHAPE,
    {"device", CLI_STRING, "NAME|all", "device models to run (default e1000)", 0, 0, 0, {0},
     OPT_DEVICE, 0},
    {"driver", CLI_STRING, "NAME|all", "driver models to run, each with the devices it drives"
     " (default: the device's first)", 0, 0, 0, {0}, OPT_DRIVER, 0},
    {"each", CLI_SECONDS, "S", "seconds per cell (default 1)", 0, 0, 0, {0}, OPT_EACH, 0},
    {"json", CLI_FLAG, NULL, "write one JSON object to stdout (the table goes to stderr)",
     0, 0, 0, {0}, OPT_JSON, 0},
    {"svg", CLI_STRING, "FILE", "also draw the cells as an SVG heat map in FILE (checked before the"
     " first cell: exit 2; written whole at the end: exit 128 if lost)", 0, 0, 0, {0},
     OPT_SVG, 0},
    {"help", CLI_FLAG, NULL, "show this help", 0, 0, 0, {0}, OPT_HELP, 0},
    {NULL, 0, NULL, NULL, 0, 0, 0, {0}, 0, 0},
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

/* "all", or one name of the table; -1 (all) or the index, -2 if unknown. */
static int pick(const char *arg, const struct choice_table *choices)
{
    if (arg == NULL || strcmp(arg, "all") == 0)
        return -1;
    int i = choice_find(choices, arg);
    return i >= 0 ? i : -2;
}

/* Each cell as it ends: its row, its JSON; 0, or EXIT_OUTPUT_LOST when
 * the table can no longer be written. */
struct sink {
    FILE *human;
    struct json *j;
};

static int cell_done(void *ctx, const struct matrix_cell *cell)
{
    struct sink *k = ctx;
    out_matrix_row(k->human, cell);
    if (cell->state == MATRIX_RAN && cell->stats.interrupted)
        cli_interrupt_note();
    if (k->j != NULL)
        out_matrix_json_cell(k->j, cell);
    return k->j == NULL && cli_output_failed(k->human) ? EXIT_OUTPUT_LOST : 0;
}

/* The heat map, for cli_file_write(). */
struct heat {
    const struct matrix *m;
    const struct live_config *base;
    double each;
};

static int heat_draw(FILE *f, const void *arg)
{
    const struct heat *h = arg;
    return out_matrix_svg(f, h->m, h->base, h->each);
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
    struct matrix_pairs pairs;
    char why[512];
    if (matrix_choose_pairs(&pairs, dev_sel, drv_sel, driver_arg != NULL, base.ring, device_arg,
                            driver_arg, why, sizeof(why)) == 0) {
        cli_error("%s", why);
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
    if (svg != NULL && cli_file_check("svg", svg) != 0)
        return EXIT_USAGE;
    struct matrix m;
    if (matrix_plan(&m, &pairs, &base, gap) != 0) {
        cli_error("matrix: out of memory");
        return EXIT_CANNOT_TEST;
    }
    /* Each cell with its driver's defaults on the options as parsed: a
     * cell that cannot run them is refused before anything runs. */
    for (unsigned i = 0; i < m.ncells; i++) {
        struct live_config *c = &m.cell[i].cfg;
        c->ring = parsed.ring;
        c->rx_free_thresh = parsed.rx_free_thresh;
        c->rx_work_ns = parsed.rx_work_ns;
        if ((r = liveopt_driver_defaults(c, &st)) != 0) {
            matrix_free(&m);
            return r;
        }
    }

    struct json j;
    struct sink k = {json ? stderr : stdout, json ? &j : NULL};
    if (json) {
        json_init(&j, stdout, true);
        out_matrix_json_begin(&j, "e1000_poc " E1000_POC_VERSION, &base, each);
    }
    out_matrix_head(k.human, &m, &base, each);
    r = !json && cli_output_failed(k.human) ? EXIT_OUTPUT_LOST
                                            : matrix_run(&m, &cli_interrupt_signal, cell_done, &k);
    if (r != 0) {
        if (r < 0)
            fprintf(stderr, "e1000_poc: %s\n", m.error);
        matrix_free(&m);
        return r < 0 ? EXIT_CANNOT_TEST : r;
    }
    out_matrix_foot(k.human, &m);
    if (json)
        out_matrix_json_end(&j, &m);
    struct heat h = {&m, &base, each};
    r = svg != NULL ? cli_file_write("svg", svg, "picture", heat_draw, &h) : 0;
    matrix_free(&m);
    if (r != 0)
        return r;
    return m.interrupted ? EXIT_INTERRUPTED : EXIT_NOT_REPRODUCED;
}
