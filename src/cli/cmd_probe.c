// SPDX-License-Identifier: GPL-2.0-or-later
/* cmd_probe.c - `e1000_poc probe`: trace the stores of the DMA copy and say
 * which write-backs they expose; --tunables does it under each
 * GLIBC_TUNABLES setting. */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/interrupt.h"
#include "probe/probe.h"
#include "probe/measure.h"
#include "output/out_probe.h"
#include "output/out_tunables.h"
#include "probe/tunables.h"

enum probe_opt_id { OPT_COPY, OPT_TUNABLES, OPT_JSON, OPT_TSV, OPT_DEBUG_DIR, OPT_HELP };

static const struct cli_opt probe_options[] = {
    {"copy", CLI_CHOICE, "NAME", "the copy routine to trace (default libc, the real memcpy)",
     0, 0, 0, CHOICE_TABLE(dma_copies, DMA_COPY_COUNT), OPT_COPY, 0},
    {"tunables", CLI_FLAG, NULL, "trace the C library's memcpy under each GLIBC_TUNABLES setting",
     0, 0, 0, {0}, OPT_TUNABLES, 0},
    {"json", CLI_FLAG, NULL, "print one JSON object instead of text", 0, 0, 0, {0}, OPT_JSON, 0},
    {"tsv", CLI_FLAG, NULL, "print one tab-separated line: the 16-byte write-back's verdict,"
     " label, routine, stores, why", 0, 0, 0, {0}, OPT_TSV, 0},
    {"debug-dir", CLI_STRING, "DIR", "where to look for debug symbols by build-id (default "
     PROBE_DEBUG_ROOT ")", 0, 0, 0, {0}, OPT_DEBUG_DIR, 0},
    {"help", CLI_FLAG, NULL, "show this help", 0, 0, 0, {0}, OPT_HELP, 0},
    {NULL, 0, NULL, NULL, 0, 0, 0, {0}, 0, 0},
};

void cmd_probe_usage(FILE *f)
{
    fprintf(f, "usage: e1000_poc probe [options]\n"
               "Trace, one instruction at a time, the stores the DMA copy makes for each write\n"
               "the device models make, and say which write-backs a guest driver can lose its\n"
               "re-arm to.\n"
               "\n"
               "probe options:\n");
    cli_print_options(f, probe_options);
}

/* Stopped by SIGINT, SIGTERM or SIGHUP (cli/interrupt.h): nothing measured
 * is printed, one line says so; 130. */
static int probe_interrupted(void)
{
    fprintf(stderr, "e1000_poc: probe: interrupted by a signal; no result is shown\n");
    return EXIT_INTERRUPTED;
}

static int run_tunables(const char *debug_root, bool json)
{
    static struct probe_tunables_result r[64]; /* 80 KB: not on the stack */
    struct dma_pattern p;
    const char *why = NULL;
    int status = 0;

    if (probe_tunables_count > sizeof(r) / sizeof(r[0])) {
        cli_error("internal: more --tunables rows (%u) than room for them", probe_tunables_count);
        return EXIT_CANNOT_TEST;
    }
    if (probe_trace(DMA_COPY_LIBC, 16, 0, &p, &why) != 0) {
        fprintf(stderr, "e1000_poc: cannot trace here: %s\n", why);
        return EXIT_CANNOT_TEST;
    }
    for (unsigned i = 0; i < probe_tunables_count; i++) {
        if (cli_interrupted())
            return probe_interrupted();
        probe_tunables_run(&probe_tunables_rows[i], debug_root, &cli_interrupt_signal, &r[i]);
        if (!r[i].ok || r[i].verdict[0] == 'c') /* cannot-trace */
            status = EXIT_CANNOT_TEST;
    }
    if (cli_interrupted())
        return probe_interrupted();
    if (json)
        out_tunables_json(stdout, r);
    else
        out_tunables_text(stdout, r);
    return status;
}

int cmd_probe(int argc, char **argv, int idx)
{
    enum dma_copy_id id = DMA_COPY_LIBC;
    bool tunables = false, json = false, tsv = false, copy_given = false, help = false;
    const char *debug_root = PROBE_DEBUG_ROOT;
    const struct cli_opt *o;
    union cli_value v;
    int r;

    while ((r = cli_next(probe_options, argc, argv, &idx, &o, &v)) == 1) {
        switch (o->id) {
        case OPT_COPY: id = (enum dma_copy_id)v.choice; copy_given = true; break;
        case OPT_TUNABLES: tunables = true; break;
        case OPT_JSON: json = true; break;
        case OPT_TSV: tsv = true; break;
        case OPT_DEBUG_DIR: debug_root = v.str; break;
        case OPT_HELP: help = true; break;
        }
    }
    if (r < 0)
        return EXIT_USAGE;
    if (help) { /* only once the whole line parsed: --help --bogus is refused */
        cmd_probe_usage(stdout);
        commands_print_exit_status(stdout, "probe");
        return 0;
    }
    if (json && tsv) {
        cli_error("--json and --tsv: choose one output format");
        return EXIT_USAGE;
    }
    if (tunables && (tsv || (copy_given && id != DMA_COPY_LIBC))) {
        cli_error("--tunables traces the C library's memcpy and prints a table;"
                  " it takes neither --tsv nor --copy=%s", dma_copies[id].name);
        return EXIT_USAGE;
    }
    if (tunables)
        return run_tunables(debug_root, json);

    static struct probe_measurement m; /* large: not on the stack (ulimit -s 24) */
    int traced = probe_measure(id, PROBE_ALL_WRITES, debug_root, &m);
    if (traced == 0 && !tsv && !cli_interrupted())
        probe_compare_libc(&m, debug_root); /* memcpy and memmove: does QEMU's version matter? */
    if (cli_interrupted())
        return probe_interrupted();
    if (traced != 0 && !tsv)
        fprintf(stderr, "e1000_poc: cannot trace --copy=%s here: %s\n", dma_copies[id].name, m.why);
    if (tsv)
        out_probe_tsv(stdout, &m);
    else if (json) {
        probe_place_stores(&m); /* store_at: where a breakpoint goes */
        out_probe_json(stdout, &m);
    }
    else if (traced == 0)
        out_probe_text(stdout, &m);
    return traced == 0 ? probe_exit_status(&m) : EXIT_CANNOT_TEST;
}
