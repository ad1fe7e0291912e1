// SPDX-License-Identifier: GPL-2.0-or-later
/* cmd_run.c - `e1000_poc run`: options, an optional unfixed baseline, the
 * live run, its summary and verdict (and JSON). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/build_defaults.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/interrupt.h"
#include "cli/output.h"
#include "cli/liveopt.h"
#include "output/out_run.h"
#include "output/out_seedlog.h"
#include "run/header.h"
#include "util/pidfile.h"

#define TOOL ("e1000_poc " E1000_POC_VERSION)

enum run_opt_id {
    OPT_INTERVAL_MS, OPT_DURATION, OPT_CONTINUE, OPT_BASELINE, OPT_VLOG, OPT_JSON, OPT_PID_FILE,
    OPT_HELP,
};

static const struct cli_opt run_options[] = {
    LIVEOPT_ROWS_VARIANT,
    LIVEOPT_ROWS_SHAPE,
    LIVEOPT_ROW_WIDEN,
    {"interval-ms", CLI_UINT, "N", "sleep N ms after each packet; implies --pace=interval (seed's RX_INTERVAL)",
     1, 3600000, 0, {0}, OPT_INTERVAL_MS, 0},
    {"duration", CLI_SECONDS, "S", "stop after S seconds; 0 = until Ctrl-C (default 10; 0 with --pace=interval)",
     0, 0, 0, {0}, OPT_DURATION, 0},
    {"continue", CLI_FLAG, NULL, "after a ring hang, count it, start the ring over and go on",
     0, 0, 0, {0}, OPT_CONTINUE, 0},
    {"baseline", CLI_FLAG, NULL, "first run the unfixed configuration as long, to weigh a clean result",
     0, 0, 0, {0}, OPT_BASELINE, 0},
    {"vlog", CLI_FLAG, NULL, "print a line per consumed descriptor (seed's DPDK_VLOG)",
     0, 0, 0, {0}, OPT_VLOG, 0},
    {"json", CLI_FLAG, NULL, "write one JSON object to stdout (the usual output goes to stderr)",
     0, 0, 0, {0}, OPT_JSON, 0},
    {"pid-file", CLI_STRING, "FILE", "write this process's PID to FILE while it runs (for gdb -p)",
     0, 0, 0, {0}, OPT_PID_FILE, 0},
    {"help", CLI_FLAG, NULL, "show this help", 0, 0, 0, {0}, OPT_HELP, 0},
    {NULL, 0, NULL, NULL, 0, 0, 0, {0}, 0, 0},
};

void cmd_run_usage(FILE *f)
{
    fprintf(f, "usage: e1000_poc [run] [options]\n"
               "Race the device and the driver live on two CPUs and give a verdict.\n"
               "\n"
               "run options:\n");
    cli_print_options(f, run_options);
    if (build_defaults.switches[0] != '\0')
        fprintf(f, "build defaults set by make %s\n", build_defaults.switches);
}

static int run_live(struct live_config *cfg, bool baseline, bool json);

/* The header: its facts gathered (the probe traces in a child: before the
 * threads start), then printed. Its own frame, so that the gathered facts
 * (5 KB) are off the stack while the run goes. */
static void print_header(FILE *f, const struct live_config *c)
{
    struct live_header h;
    live_header_gather(c, &h);
    out_run_header(f, c, &h, build_defaults.switches);
}

int cmd_run(int argc, char **argv, int idx)
{
    struct live_config cfg;
    struct liveopt_state st;
    bool interval_given = false, duration_given = false, baseline = false, json = false;
    const char *pid_file = NULL;
    bool help = false;
    const struct cli_opt *o;
    union cli_value v;
    int r;

    liveopt_defaults(&cfg, &st);
    while ((r = cli_next(run_options, argc, argv, &idx, &o, &v)) == 1) {
        if (liveopt_apply(&cfg, &st, o, &v))
            continue;
        switch (o->id) {
        case OPT_INTERVAL_MS: cfg.interval_ms = v.u; interval_given = true; break;
        case OPT_DURATION: cfg.duration_s = v.seconds; duration_given = true; break;
        case OPT_CONTINUE: cfg.keep_going = true; break;
        case OPT_BASELINE: baseline = true; break;
        case OPT_VLOG: cfg.vlog = true; break;
        case OPT_JSON: json = true; break;
        case OPT_PID_FILE: pid_file = v.str; break;
        case OPT_HELP: help = true; break;
        }
    }
    if (r < 0)
        return EXIT_USAGE;
    if (help) { /* only once the whole line parsed: --help --bogus is refused */
        cmd_run_usage(stdout);
        commands_print_exit_status(stdout, "run");
        return 0;
    }

    if (interval_given) {
        if (st.pace_given && cfg.pace != LIVE_PACE_INTERVAL) {
            cli_error("--interval-ms goes with --pace=interval, not --pace=%s",
                      live_paces[cfg.pace].name);
            return EXIT_USAGE;
        }
        cfg.pace = LIVE_PACE_INTERVAL;
    }
    /* The slow mode is for watching in a debugger: run until Ctrl-C. */
    if (cfg.pace == LIVE_PACE_INTERVAL && !duration_given)
        cfg.duration_s = 0;
    if (baseline && cfg.duration_s == 0) {
        cli_error("--baseline runs the unfixed configuration as long as the run itself:"
                  " give --duration S (more than 0)");
        return EXIT_USAGE;
    }
    r = liveopt_finish(&cfg, &st);
    if (r != 0)
        return r;
    cfg.ask_exposure = true; /* a clean verdict says whether the race is possible here */
    struct pidfile pf = {0, 0, false};
    const char *why = NULL;
    if (pid_file != NULL && pidfile_write(pid_file, &pf, &why) != 0) {
        cli_error("--pid-file %s: cannot write it: %s", pid_file, why);
        return EXIT_USAGE;
    }
    r = run_live(&cfg, baseline, json);
    if (pid_file != NULL)
        pidfile_remove(pid_file, &pf);
    return r;
}

/* The run could not start (or arm its watchpoint): why, and 125. */
static int run_failed(const struct live_stats *s)
{
    fprintf(stderr, "e1000_poc: %s\n", s->error);
    return EXIT_CANNOT_TEST;
}

/* The checked configuration: an optional baseline, the run, its report. */
static int run_live(struct live_config *c, bool baseline, bool json)
{
    struct live_config cfg = *c;

    /* With --json the human-readable stream moves to stderr. */
    FILE *human = json ? stderr : stdout;
    struct live_config bcfg = live_baseline_config(&cfg);
    struct live_stats bstats, stats;
    if (baseline) {
        out_run_baseline_intro(human, &bcfg);
        /* Nobody would read the result: do not spend the time. */
        if (!json && cli_output_failed(human))
            return EXIT_OUTPUT_LOST;
        struct live_hooks quiet = {.stop = &cli_interrupt_signal};
        if (live_run(&bcfg, &bstats, &quiet) != 0)
            return run_failed(&bstats);
        out_run_baseline(human, &bcfg, &bstats);
        if (bstats.interrupted || cli_interrupted()) {
            /* A cut-short baseline weighs nothing: stop here, say so. */
            cli_interrupt_note();
            out_run_baseline_interrupted(human, &bcfg, &bstats);
            if (json)
                out_run_json(stdout, TOOL, &cfg, NULL, &bcfg, &bstats, EXIT_INTERRUPTED, true);
            return EXIT_INTERRUPTED;
        }
    }
    print_header(human, &cfg);
    if (!json && cli_output_failed(human))
        return EXIT_OUTPUT_LOST;
    struct live_hooks lines = out_seedlog_hooks(human); /* the seed's lines as they come */
    lines.stop = &cli_interrupt_signal; /* a signal before the run's own handlers, too */
    if (live_run(&cfg, &stats, &lines) != 0)
        return run_failed(&stats);
    out_run_summary(human, &cfg, &stats, baseline ? &bstats : NULL);
    int status = live_exit_status(&stats);
    /* Without --duration the run lasts until a signal (the seed's slow
     * mode): that signal is its normal end, not an interruption. */
    if (cfg.duration_s > 0 && (stats.interrupted || cli_interrupted())) {
        cli_interrupt_note();
        status = EXIT_INTERRUPTED;
        out_run_interrupted(human, &cfg, &stats);
    }
    if (json)
        out_run_json(stdout, TOOL, &cfg, &stats, baseline ? &bcfg : NULL,
                     baseline ? &bstats : NULL, status, status == EXIT_INTERRUPTED);
    return status;
}
