// SPDX-License-Identifier: GPL-2.0-or-later
/* cmd_run.c - `e1000_poc run`: options, an optional unfixed baseline, the
 * live run, its summary and verdict (and JSON). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/build_defaults.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/interrupt.h"
#include "cli/output.h"
#include "util/json.h"
#include "cli/liveopt.h"
#include "output/out_run.h"

enum run_opt_id {
    OPT_INTERVAL_MS, OPT_DURATION, OPT_CONTINUE, OPT_BASELINE, OPT_VLOG, OPT_JSON, OPT_PID_FILE,
    OPT_HELP,
};

static const struct cli_opt run_options[] = {
    LIVEOPT_ROWS_VARIANT,
    LIVEOPT_ROWS_SHAPE,
    LIVEOPT_ROW_WIDEN,
    {"interval-ms", CLI_UINT, "N", "sleep N ms after each packet; implies --pace=interval (seed's RX_INTERVAL)",
     1, 3600000, 0, {0}, OPT_INTERVAL_MS},
    {"duration", CLI_SECONDS, "S", "stop after S seconds; 0 = until Ctrl-C (default 10; 0 with --pace=interval)",
     0, 0, 0, {0}, OPT_DURATION},
    {"continue", CLI_FLAG, NULL, "after a ring hang, count it, start the ring over and go on",
     0, 0, 0, {0}, OPT_CONTINUE},
    {"baseline", CLI_FLAG, NULL, "first run the unfixed configuration as long, to weigh a clean result",
     0, 0, 0, {0}, OPT_BASELINE},
    {"vlog", CLI_FLAG, NULL, "print a line per consumed descriptor (seed's DPDK_VLOG)",
     0, 0, 0, {0}, OPT_VLOG},
    {"json", CLI_FLAG, NULL, "write one JSON object to stdout (the usual output goes to stderr)",
     0, 0, 0, {0}, OPT_JSON},
    {"pid-file", CLI_STRING, "FILE", "write this process's PID to FILE while it runs (for gdb -p)",
     0, 0, 0, {0}, OPT_PID_FILE},
    {"help", CLI_FLAG, NULL, "show this help", 0, 0, 0, {0}, OPT_HELP},
    {NULL, 0, NULL, NULL, 0, 0, 0, {0}, 0},
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

/* The reference a clean result is weighed against: the same settings
 * with neither fix and the C library's copy, through every hang. */
static struct live_config baseline_config(const struct live_config *c)
{
    struct live_config b = *c;
    b.qemu_fix = E1000_FIX_NONE;
    b.dpdk_fix = EM_WORKAROUND_NONE;
    b.copy = DMA_COPY_LIBC;
    b.gap = 0;
    b.widen = LIVE_WIDEN_NONE; /* the natural rate: a widened one never weighs a clean run */
    b.keep_going = true;
    b.vlog = false;
    return b;
}

static void write_json(const struct live_config *c, const struct live_stats *s,
                       const struct live_config *bc, const struct live_stats *b, int status)
{
    struct json j;
    char name[96];
    json_init(&j, stdout, true);
    json_object_begin(&j, NULL);
    json_string(&j, "tool", "e1000_poc " E1000_POC_VERSION);
    json_string(&j, "command", "run");
    out_run_json_config(&j, c);
    out_run_json_host(&j, c);
    json_bool(&j, "interrupted", status == EXIT_INTERRUPTED);
    if (s != NULL)
        out_run_json_stats(&j, "stats", s);
    else
        json_null(&j, "stats"); /* interrupted during the baseline */
    if (b != NULL) {
        json_object_begin(&j, "baseline");
        out_run_config_name(bc, name, sizeof(name));
        json_string(&j, "name", name);
        out_run_json_stats(&j, "stats", b);
        json_object_end(&j);
    } else {
        json_null(&j, "baseline");
    }
    if (s == NULL) {
        json_null(&j, "verdict");
        json_object_end(&j);
        return;
    }
    json_object_begin(&j, "verdict");
    out_run_config_name(c, name, sizeof(name));
    json_string(&j, "name", name);
    json_string(&j, "observation", live_events_total(s) ? "Sometimes" : "Never");
    json_bool(&j, "widened", c->widen != LIVE_WIDEN_NONE);
    json_int(&j, "exit_status", status);
    char *text = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&text, &len);
    if (m != NULL) {
        out_run_verdict_for(m, c, s, b);
        fclose(m);
    }
    json_string(&j, "text", text);
    free(text);
    json_object_end(&j);
    json_object_end(&j);
}

/* --pid-file: the PID, for `gdb -p $(cat FILE)` when several runs exist.
 * Written once every option is checked, removed when the run ends, but only
 * if FILE is still the regular file this run wrote (same device and inode):
 * a FIFO or character device (/dev/null, /dev/stdout) is written into as it
 * is and never removed; anything else is refused. A FIFO nobody reads is
 * refused at once (no waiting for a reader). */
struct pid_file {
    dev_t dev;
    ino_t ino;
    bool ours; /* a regular file this run wrote: remove it at the end */
};

static int pid_file_write(const char *path, struct pid_file *p)
{
    char text[32];
    struct stat st;
    int n = snprintf(text, sizeof(text), "%ld\n", (long)getpid());
    const char *why = NULL;
    int fd = -1;
    p->ours = false;
    /* A block device or socket is not even opened. */
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode) &&
        !S_ISCHR(st.st_mode))
        why = S_ISDIR(st.st_mode) ? strerror(EISDIR)
                                  : "not a regular file, FIFO or character device: left as it is";
    else if ((fd = open(path, O_WRONLY | O_CREAT | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0666)) < 0)
        why = errno == ENXIO ? "a FIFO nobody reads" : strerror(errno);
    else if (fstat(fd, &st) != 0)
        why = strerror(errno);
    else if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode) && !S_ISCHR(st.st_mode))
        why = "not a regular file, FIFO or character device: left as it is";
    else if (S_ISREG(st.st_mode) && ftruncate(fd, 0) != 0)
        why = strerror(errno);
    else if ((errno = 0, write(fd, text, (size_t)n)) != n)
        why = errno != 0 ? strerror(errno) : "short write";
    if (fd >= 0 && close(fd) != 0 && why == NULL)
        why = strerror(errno);
    if (why != NULL) {
        cli_error("--pid-file %s: cannot write it: %s", path, why);
        return EXIT_USAGE;
    }
    p->dev = st.st_dev;
    p->ino = st.st_ino;
    p->ours = S_ISREG(st.st_mode);
    return 0;
}

/* Remove the pid file if it is still the one written (lstat: a link now in
 * its place is not). */
static void pid_file_remove(const char *path, const struct pid_file *p)
{
    struct stat st;
    if (p->ours && lstat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_dev == p->dev &&
        st.st_ino == p->ino)
        unlink(path);
}

static int run_live(struct live_config *cfg, bool baseline, bool json);

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
    struct pid_file pf = {0, 0, false};
    if (pid_file != NULL && (r = pid_file_write(pid_file, &pf)) != 0)
        return r;
    r = run_live(&cfg, baseline, json);
    if (pid_file != NULL)
        pid_file_remove(pid_file, &pf);
    return r;
}

/* The checked configuration: an optional baseline, the run, its report. */
static int run_live(struct live_config *c, bool baseline, bool json)
{
    struct live_config cfg = *c;

    /* With --json the human-readable stream moves to stderr. */
    FILE *human = json ? stderr : stdout;
    struct live_config bcfg = baseline_config(&cfg);
    struct live_stats bstats, stats;
    if (baseline) {
        char name[96], t[32];
        out_run_config_name(&bcfg, name, sizeof(name));
        fprintf(human, "baseline: %s for %s first (--continue), to weigh the result\n", name,
                out_run_fmt_time(t, sizeof(t), bcfg.duration_s));
        /* Nobody would read the result: do not spend the time. */
        if (!json && cli_output_failed(human))
            return EXIT_OUTPUT_LOST;
        if (live_run(&bcfg, &bstats, NULL) != 0)
            return EXIT_CANNOT_TEST;
        out_run_baseline(human, &bcfg, &bstats);
        if (bstats.interrupted || cli_interrupted()) {
            /* A cut-short baseline weighs nothing: stop here, say so. */
            cli_interrupt_note();
            fprintf(human, "Interrupted: stopped by a signal during the baseline, after %s of %s;"
                           " the run itself did not start.\nVerdict: INTERRUPTED\n",
                    out_run_fmt_time(t, sizeof(t), bstats.elapsed_s),
                    out_run_fmt_time(name, sizeof(name), bcfg.duration_s));
            if (json)
                write_json(&cfg, NULL, &bcfg, &bstats, EXIT_INTERRUPTED);
            return EXIT_INTERRUPTED;
        }
    }
    out_run_header(human, &cfg, build_defaults.switches);
    if (!json && cli_output_failed(human))
        return EXIT_OUTPUT_LOST;
    if (live_run(&cfg, &stats, human) != 0)
        return EXIT_CANNOT_TEST;
    out_run_summary(human, &cfg, &stats, baseline ? &bstats : NULL);
    int status = live_exit_status(&stats);
    /* Without --duration the run lasts until a signal (the seed's slow
     * mode): that signal is its normal end, not an interruption. */
    if (cfg.duration_s > 0 && (stats.interrupted || cli_interrupted())) {
        char t0[32], t1[32];
        cli_interrupt_note();
        status = EXIT_INTERRUPTED;
        fprintf(human, "Interrupted: stopped by a signal after %s of %s; the verdict above covers"
                       " only that time.\n", out_run_fmt_time(t0, sizeof(t0), stats.elapsed_s),
                out_run_fmt_time(t1, sizeof(t1), cfg.duration_s));
    }
    if (json)
        write_json(&cfg, &stats, baseline ? &bcfg : NULL, baseline ? &bstats : NULL, status);
    return status;
}
