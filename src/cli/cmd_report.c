// SPDX-License-Identifier: GPL-2.0-or-later
/* cmd_report.c - `e1000_poc report --html FILE`: one self-contained page
 * about this host for a bug report: the probe, one bounded live run, the
 * explain trace with its sequence diagram, and a short matrix as a heat
 * map. Each part is this very binary run as a child with fixed arguments,
 * so the page shows exactly what those commands print in a terminal; the
 * whole takes about 10 s (the run is bounded by --duration, the matrix by
 * its cells x --each). Everything the children print is escaped; the page
 * has no scripts, no links and no external fonts or images.
 *
 * Signals: each part runs in a process group of its own, so that Ctrl-C
 * (the terminal's group) and a signal to the report's PID both reach only
 * the report, which passes the one signal on to the part in progress (it
 * stops as it does in a terminal, exit 130), starts no other part, writes
 * the page with what was done marked interrupted, removes its temporary
 * folder and exits 130. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/interrupt.h"
#include "cli/output.h"
#include "output/out_report.h"
#include "util/hostinfo.h"
#include "util/selfrun.h"

#define RUN_DURATION_DEFAULT_S 3.0
#define MATRIX_EACH_S "0.1"

enum report_opt_id { OPT_HTML, OPT_DURATION, OPT_HELP };

static const struct cli_opt report_options[] = {
    {"html", CLI_STRING, "FILE", "write the page to FILE (required)", 0, 0, 0, {0}, OPT_HTML, 0},
    {"duration", CLI_SECONDS, "S", "seconds of the live run (default 3; at most 10)", 0, 0, 0, {0},
     OPT_DURATION, 0},
    {"help", CLI_FLAG, NULL, "show this help", 0, 0, 0, {0}, OPT_HELP, 0},
    {NULL, 0, NULL, NULL, 0, 0, 0, {0}, 0, 0},
};

void cmd_report_usage(FILE *f)
{
    fprintf(f, "usage: e1000_poc report --html FILE [--duration S]\n"
               "Write one self-contained HTML page about this host, to attach to a bug report:\n"
               "the host, `probe`, one `run --duration S`, `explain` with its sequence diagram\n"
               "(and `explain --copy=double` when this host's memcpy shows nothing), and\n"
               "`matrix --each " MATRIX_EACH_S "` as a heat map. About 10 s in all.\n"
               "\n"
               "report options:\n");
    cli_print_options(f, report_options);
}

/* What an exit status of the command line `cmd` means, for the page: each
 * command's own 0 and 1 (matrix's 0 says only that every cell ran). */
static const char *status_meaning(const char *cmd, int status)
{
    static const struct {
        const char *command, *zero, *one;
    } own[] = {
        {"run", "not reproduced", "reproduced"},
        {"probe", "not exposed", "exposed"},
        {"explain", "no violation within the bounds", "violation found"},
        {"matrix", "every cell ran (the table is the result, whatever it shows)", NULL},
    };
    size_t len = strcspn(cmd, " ");
    for (size_t i = 0; i < sizeof(own) / sizeof(own[0]); i++) {
        if (strlen(own[i].command) != len || strncmp(cmd, own[i].command, len) != 0)
            continue;
        if (status == EXIT_NOT_REPRODUCED)
            return own[i].zero;
        if (status == EXIT_REPRODUCED && own[i].one != NULL)
            return own[i].one;
    }
    switch (status) {
    case EXIT_USAGE: return "bad usage";
    case EXIT_CANNOT_TEST: return "cannot test here";
    case EXIT_INTERRUPTED: return "interrupted: the report was stopped by a signal";
    default: return "did not finish";
    }
}

static int page_draw(FILE *f, const void *page)
{
    out_report_html(f, page);
    return 0;
}

int cmd_report(int argc, char **argv, int idx)
{
    const char *html = NULL;
    double duration = RUN_DURATION_DEFAULT_S;
    bool help = false;
    const struct cli_opt *o;
    union cli_value v;
    int r;

    while ((r = cli_next(report_options, argc, argv, &idx, &o, &v)) == 1) {
        switch (o->id) {
        case OPT_HTML: html = v.str; break;
        case OPT_DURATION: duration = v.seconds; break;
        case OPT_HELP: help = true; break;
        }
    }
    if (r < 0)
        return EXIT_USAGE;
    if (help) { /* only once the whole line parsed: --help --bogus is refused */
        cmd_report_usage(stdout);
        commands_print_exit_status(stdout, "report");
        return 0;
    }
    if (html == NULL) {
        cli_error("report: give --html FILE");
        return EXIT_USAGE;
    }
    if (duration <= 0 || duration > 10) {
        cli_error("--duration %g: give 0 < S <= 10 seconds (the report is bounded)", duration);
        return EXIT_USAGE;
    }
    if (cli_file_check("html", html) != 0)
        return EXIT_USAGE;

    /* The pictures' files, in a folder of our own, removed at the end. */
    const char *tmpdir = getenv("TMPDIR") != NULL && getenv("TMPDIR")[0] ? getenv("TMPDIR") : "/tmp";
    char dir[4096], explain_svg[4200], double_svg[4200], matrix_svg[4200], dur[32];
    snprintf(dir, sizeof(dir), "%s/e1000_poc-report.XXXXXX", tmpdir);
    if (mkdtemp(dir) == NULL) {
        cli_error("report: cannot make a temporary folder in %s: %s", tmpdir, strerror(errno));
        return EXIT_CANNOT_TEST;
    }
    snprintf(explain_svg, sizeof(explain_svg), "%s/explain.svg", dir);
    snprintf(double_svg, sizeof(double_svg), "%s/explain-double.svg", dir);
    snprintf(matrix_svg, sizeof(matrix_svg), "%s/matrix.svg", dir);
    snprintf(dur, sizeof(dur), "%g", duration);

    struct selfrun_part probe = {NULL, 0, -1}, run = {NULL, 0, -1}, explain = {NULL, 0, -1},
                        dbl = {NULL, 0, -1}, matrix = {NULL, 0, -1};
    const char *probe_args[] = {"probe", NULL};
    const char *run_args[] = {"run", "--duration", dur, NULL};
    const char *explain_args[] = {"explain", "--svg", explain_svg, NULL};
    const char *double_args[] = {"explain", "--copy=double", "--svg", double_svg, NULL};
    const char *matrix_args[] = {"matrix", "--each", MATRIX_EACH_S, "--svg", matrix_svg, NULL};
    char run_cmd[64];
    snprintf(run_cmd, sizeof(run_cmd), "run --duration %s", dur);

    fprintf(stderr, "e1000_poc report: probe, run (%s s), explain, matrix (%s s a cell)...\n", dur,
            MATRIX_EACH_S);
    /* No part starts once a signal has come. */
    const volatile sig_atomic_t *stop = &cli_interrupt_signal;
    int bad = selfrun(probe_args, stop, &probe);
    if (!cli_interrupted())
        bad |= selfrun(run_args, stop, &run);
    if (!cli_interrupted())
        bad |= selfrun(explain_args, stop, &explain);
    if (bad == 0 && !cli_interrupted() && explain.status == EXIT_NOT_REPRODUCED)
        bad |= selfrun(double_args, stop, &dbl);
    if (!cli_interrupted())
        bad |= selfrun(matrix_args, stop, &matrix);
    char *svg_explain = selfrun_read_svg(explain_svg), *svg_double = selfrun_read_svg(double_svg),
         *svg_matrix = selfrun_read_svg(matrix_svg);
    selfrun_remove_folder(dir);

    int rc = EXIT_NOT_REPRODUCED;
    if (bad != 0 && !cli_interrupted()) {
        fprintf(stderr, "e1000_poc: report: could not run the parts: %s\n", strerror(errno));
        rc = EXIT_CANNOT_TEST;
    } else {
        char cpu[128], when[64];
        time_t now = time(NULL);
        strftime(when, sizeof(when), "%Y-%m-%d %H:%M UTC", gmtime(&now));
        hostinfo_cpu_model(cpu, sizeof(cpu));
        const char *explain_cmd = "explain --svg FILE", *double_cmd = "explain --copy=double --svg FILE",
                   *matrix_cmd = "matrix --each " MATRIX_EACH_S " --svg FILE";
        const struct out_report_section sec[] = {
            {"Probe: the stores of this host's memcpy", "Each store the DMA copy makes, traced one"
             " instruction at a time, and which write-backs a guest driver can lose its re-arm to.",
             "probe", &probe, status_meaning("probe", probe.status), NULL},
            {"Run: the race live", "The device and the driver as two threads over shared memory,"
             " with this host's memcpy, for a bounded time.", run_cmd, &run,
             status_meaning(run_cmd, run.status), NULL},
            {"Explain: the shortest failing interleaving", "The same device and driver code one"
             " shared access at a time under a deterministic scheduler, with the store pattern the"
             " probe measured.", explain_cmd, &explain, status_meaning(explain_cmd, explain.status),
             svg_explain},
            {"Explain with a two-store copy", "This host's memcpy shows no failing interleaving; a"
             " copy that writes the descriptor twice shows the mechanism.", double_cmd, &dbl,
             status_meaning(double_cmd, dbl.status), svg_double},
            {"Matrix: every fix x workaround x copy routine, live", "Each cell a short live run"
             " through ring hangs.", matrix_cmd, &matrix, status_meaning(matrix_cmd, matrix.status),
             svg_matrix},
        };
        /* The two-store section only when it ran: this host's memcpy showed nothing. */
        struct out_report_section parts[5];
        unsigned n = 0;
        for (unsigned i = 0; i < 5; i++)
            if (i != 3 || dbl.out != NULL)
                parts[n++] = sec[i];
        const struct out_report page = {"e1000_poc " E1000_POC_VERSION, cpu, hostinfo_libc(),
                                        getenv("GLIBC_TUNABLES"), when, cli_interrupted(), parts, n};
        rc = cli_file_write("html", html, "page", page_draw, &page);
        if (rc == 0) {
            char shown[1024]; /* the path as the user typed it, escaped */
            cli_escape(shown, sizeof(shown), html);
            printf("e1000_poc report: wrote %s%s\n", shown,
                   cli_interrupted() ? " (interrupted: the parts done)" : "");
        }
    }
    free(probe.out);
    free(run.out);
    free(explain.out);
    free(dbl.out);
    free(matrix.out);
    free(svg_explain);
    free(svg_double);
    free(svg_matrix);
    return rc;
}
