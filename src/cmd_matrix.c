/* cmd_matrix.c - `e1000_poc matrix`: every qemu-fix x dpdk-fix x copy
 * routine, each a short live run through hangs (--continue), as a table
 * and as JSON. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "json.h"
#include "liveopt.h"
#include "report.h"
#include "stats.h"

#define MATRIX_EACH_DEFAULT_S 1.0

enum matrix_opt_id { OPT_EACH, OPT_JSON, OPT_HELP };

static const struct cli_opt matrix_options[] = {
    LIVEOPT_ROWS_SHAPE,
    {"each", CLI_SECONDS, "S", "seconds per cell (default 1)", 0, 0, 0, {0}, OPT_EACH},
    {"json", CLI_FLAG, NULL, "write one JSON object to stdout (the table goes to stderr)",
     0, 0, 0, {0}, OPT_JSON},
    {"help", CLI_FLAG, NULL, "show this help", 0, 0, 0, {0}, OPT_HELP},
    {NULL, 0, NULL, NULL, 0, 0, 0, {0}, 0},
};

void cmd_matrix_usage(FILE *f)
{
    fprintf(f, "usage: e1000_poc matrix [options]\n"
               "Run every qemu-fix x dpdk-fix x copy routine live for --each seconds, through\n"
               "ring hangs (as run --continue), and tabulate Never/Sometimes, events, time to\n"
               "the first event, hangs and descriptors per second.\n"
               "\n"
               "matrix options:\n");
    cli_print_options(f, matrix_options);
}

static void table_head(FILE *f)
{
    fprintf(f, "%-15s %-12s %-11s %-10s %9s %12s %7s %11s\n", "qemu-fix", "dpdk-fix", "copy",
            "result", "events", "first event", "hangs", "desc/s");
}

static void table_row(FILE *f, const struct live_config *c, const struct live_stats *s)
{
    char first[32] = "-";
    uint64_t ev = live_events_total(s);
    double t = -1;
    for (int e = 0; e < RX_EV_COUNT; e++)
        if (s->events[e] && (t < 0 || s->first_s[e] < t))
            t = s->first_s[e];
    if (t >= 0)
        report_fmt_time(first, sizeof(first), t);
    fprintf(f, "%-15s %-12s %-11s %-10s %9llu %12s %7llu %10.2fM\n", e1000_fixes[c->qemu_fix].name,
            em_workarounds[c->dpdk_fix].name, dma_copies[c->copy].name, ev ? "Sometimes" : "Never",
            (unsigned long long)ev, first, (unsigned long long)s->events[RX_EV_HANG],
            stats_per_second(s->consumed, s->elapsed_s) / 1e6);
    fflush(f);
}

int cmd_matrix(int argc, char **argv, int idx)
{
    struct live_config base;
    struct liveopt_state st;
    double each = MATRIX_EACH_DEFAULT_S;
    bool json = false;
    const struct cli_opt *o;
    union cli_value v;
    int r;

    liveopt_defaults(&base, &st);
    while ((r = cli_next(matrix_options, argc, argv, &idx, &o, &v)) == 1) {
        if (liveopt_apply(&base, &st, o, &v))
            continue;
        switch (o->id) {
        case OPT_EACH: each = v.seconds; break;
        case OPT_JSON: json = true; break;
        case OPT_HELP: cmd_matrix_usage(stdout); commands_print_exit_status(stdout); return 0;
        }
    }
    if (r < 0)
        return EXIT_USAGE;
    if (each <= 0) {
        cli_error("--each %g: give a positive number of seconds", each);
        return EXIT_USAGE;
    }
    base.duration_s = each;
    base.keep_going = true;
    /* The gap applies to the routines that can take it; check it there. */
    unsigned gap = base.gap;
    base.gap = 0;
    base.copy = DMA_COPY_LIBC;
    r = liveopt_finish(&base, &st);
    if (r != 0)
        return r;

    FILE *human = json ? stderr : stdout;
    struct json j;
    if (json) {
        json_init(&j, stdout, true);
        json_object_begin(&j, NULL);
        json_string(&j, "tool", "e1000_poc " E1000_POC_VERSION);
        json_string(&j, "command", "matrix");
        json_double(&j, "each_s", each);
        report_json_host(&j, &base);
        json_array_begin(&j, "cells");
    }
    fprintf(human, "e1000_poc matrix: every qemu-fix x dpdk-fix x copy, %g s each, pace %s, ring %u,"
                   " CPUs %d,%d, through ring hangs\n",
            each, live_paces[base.pace].name, base.ring, base.cpus[0], base.cpus[1]);
    table_head(human);
    /* The real fixes; the deliberately broken one is explain's test. */
    for (int fix = 0; fix < E1000_FIX_BROKEN_DD_FIRST; fix++) {
        for (int w = 0; w < EM_WORKAROUND_COUNT; w++) {
            for (int copy = 0; copy < DMA_COPY_COUNT; copy++) {
                struct live_config c = base;
                struct live_stats s;
                const char *why;
                c.qemu_fix = (enum e1000_fix)fix;
                c.dpdk_fix = (enum em_workaround)w;
                c.copy = (enum dma_copy_id)copy;
                c.gap = (dma_copies[copy].flags & DMA_F_GAP) ? gap : 0;
                if (!dma_copy_available(c.copy, &why)) {
                    fprintf(human, "%-15s %-12s %-11s skipped: %s\n", e1000_fixes[fix].name,
                            em_workarounds[w].name, dma_copies[copy].name, why);
                    continue;
                }
                if (live_run(&c, &s, NULL) != 0)
                    return EXIT_CANNOT_TEST;
                table_row(human, &c, &s);
                if (json) {
                    char name[96];
                    report_config_name(&c, name, sizeof(name));
                    json_object_begin(&j, NULL);
                    json_string(&j, "name", name);
                    json_string(&j, "observation", live_events_total(&s) ? "Sometimes" : "Never");
                    report_json_config(&j, &c);
                    report_json_stats(&j, "stats", &s);
                    json_object_end(&j);
                }
            }
        }
    }
    if (json) {
        json_array_end(&j);
        json_object_end(&j);
    }
    return EXIT_NOT_REPRODUCED;
}
