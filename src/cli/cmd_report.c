// SPDX-License-Identifier: GPL-2.0-or-later
/* cmd_report.c - `e1000_poc report --html FILE`: one self-contained page
 * about this host for a bug report. report/ runs the parts (probe, one
 * bounded live run, explain with its sequence diagram, a short matrix as a
 * heat map), each this very binary as a child with fixed arguments;
 * output/out_report.c makes the page; here: the options, what each exit
 * status means, and writing the page whole. About 10 s in all.
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
#include "report/report.h"
#include "util/hostinfo.h"

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
               "`matrix --each " REPORT_MATRIX_EACH_S "` as a heat map. About 10 s in all.\n"
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
    double duration = REPORT_RUN_DURATION_DEFAULT_S;
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
    if (duration <= 0 || duration > REPORT_RUN_DURATION_MAX_S) {
        cli_error("--duration %g: give 0 < S <= %g seconds (the report is bounded)", duration,
                  REPORT_RUN_DURATION_MAX_S);
        return EXIT_USAGE;
    }
    if (cli_file_check("html", html) != 0)
        return EXIT_USAGE;

    const char *tmpdir = getenv("TMPDIR") != NULL && getenv("TMPDIR")[0] ? getenv("TMPDIR") : "/tmp";
    struct report_result res;
    if (report_open(tmpdir, &res) != REPORT_OK) {
        cli_error("report: cannot make a temporary folder in %s: %s", tmpdir, strerror(errno));
        return EXIT_CANNOT_TEST;
    }
    fprintf(stderr, "e1000_poc report: probe, run (%g s), explain, matrix (%s s a cell)...\n",
            duration, REPORT_MATRIX_EACH_S);
    enum report_status st = report_collect(&res, duration, &cli_interrupt_signal);
    int rc = EXIT_NOT_REPRODUCED;
    if (st == REPORT_NO_CHILD) {
        fprintf(stderr, "e1000_poc: report: could not run the parts: %s\n", strerror(errno));
        rc = EXIT_CANNOT_TEST;
    } else {
        char cpu[128], when[64];
        time_t now = time(NULL);
        strftime(when, sizeof(when), "%Y-%m-%d %H:%M UTC", gmtime(&now));
        hostinfo_cpu_model(cpu, sizeof(cpu));
        const char *meaning[REPORT_PARTS];
        for (unsigned i = 0; i < REPORT_PARTS; i++)
            meaning[i] = status_meaning(res.cmd[i], res.part[i].status);
        struct out_report_section parts[REPORT_PARTS];
        unsigned n = out_report_sections(&res, meaning, parts);
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
    report_free(&res);
    return rc;
}
