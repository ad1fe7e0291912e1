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
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/interrupt.h"
#include "util/hostinfo.h"
#include "util/outfile.h"
#include "output/out_svg.h"

#define RUN_DURATION_DEFAULT_S 3.0
#define MATRIX_EACH_S "0.1"
#define CAPTURE_MAX (4u << 20) /* bytes kept of a part's output */

enum report_opt_id { OPT_HTML, OPT_DURATION, OPT_HELP };

static const struct cli_opt report_options[] = {
    {"html", CLI_STRING, "FILE", "write the page to FILE (required)", 0, 0, 0, {0}, OPT_HTML},
    {"duration", CLI_SECONDS, "S", "seconds of the live run (default 3; at most 10)", 0, 0, 0, {0},
     OPT_DURATION},
    {"help", CLI_FLAG, NULL, "show this help", 0, 0, 0, {0}, OPT_HELP},
    {NULL, 0, NULL, NULL, 0, 0, 0, {0}, 0},
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

/* ---- running a part -------------------------------------------------------- */

struct part {
    char *out;     /* stdout and stderr, as a terminal shows them */
    size_t len;
    int status;    /* exit status; -1: did not run or was killed */
};

/* Run this binary with args (NULL-terminated, without argv[0]); keep its
 * output. 0, or -1 if it could not be started. */
static int run_part(const char *const *args, struct part *p)
{
    int fds[2];
    char *argv[16];
    unsigned n = 0;
    argv[n++] = "e1000_poc";
    for (; args[n - 1] != NULL && n < 15; n++)
        argv[n] = (char *)args[n - 1];
    argv[n] = NULL;
    *p = (struct part){NULL, 0, -1};
    if (pipe(fds) != 0)
        return -1;
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        setpgid(0, 0); /* signals reach it through the report only */
        dup2(fds[1], STDOUT_FILENO);
        dup2(fds[1], STDERR_FILENO);
        close(fds[0]);
        close(fds[1]);
        execv("/proc/self/exe", argv);
        fprintf(stderr, "e1000_poc: report: cannot run itself: %s\n", strerror(errno));
        _exit(EXIT_CANNOT_TEST);
    }
    setpgid(pid, 0); /* also here: no race with the child's own call */
    close(fds[1]);
    size_t cap = 0;
    bool passed_on = false;
    for (;;) {
        /* The report was signalled: pass the signal on, once; the part
         * stops, prints what it did, and the pipe ends. */
        if (cli_interrupted() && !passed_on) {
            kill(pid, cli_interrupt_signal);
            passed_on = true;
        }
        if (p->len + 4096 > cap && cap < CAPTURE_MAX) {
            size_t ncap = cap ? cap * 2 : 65536;
            char *b = realloc(p->out, ncap + 1);
            if (b == NULL)
                break;
            p->out = b;
            cap = ncap;
        }
        char sink[4096];
        bool keep = p->len + 4096 <= cap;
        ssize_t r = read(fds[0], keep ? p->out + p->len : sink, 4096);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        if (keep)
            p->len += (size_t)r;
    }
    close(fds[0]);
    if (p->out == NULL)
        p->out = calloc(1, 1);
    if (p->out != NULL)
        p->out[p->len] = '\0';
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    p->status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return p->out != NULL ? 0 : -1;
}

/* A file's text (an SVG a part wrote), without its XML declaration, or NULL. */
static char *read_svg(const char *path)
{
    FILE *f = fopen(path, "r");
    char *text = NULL;
    size_t len = 0;
    if (f == NULL)
        return NULL;
    FILE *m = open_memstream(&text, &len);
    if (m != NULL) {
        char buf[8192];
        size_t r;
        while ((r = fread(buf, 1, sizeof(buf), f)) > 0)
            fwrite(buf, 1, r, m);
        fclose(m);
    }
    fclose(f);
    if (text != NULL && strncmp(text, "<?xml", 5) == 0) {
        char *nl = strchr(text, '\n');
        if (nl != NULL)
            memmove(text, nl + 1, strlen(nl + 1) + 1);
    }
    return text;
}

/* Remove the temporary folder and whatever a part left in it (a part
 * stopped by a signal may leave a temporary of its own). */
static void remove_folder(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d != NULL && (e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            unlinkat(dirfd(d), e->d_name, 0);
    if (d != NULL)
        closedir(d);
    rmdir(dir);
}

/* ---- the page ------------------------------------------------------------- */

static const char page_css[] =
    "body{font-family:sans-serif;margin:24px;color:#1a1a1a;background:#fff;max-width:1400px}"
    "h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ccc}"
    "pre{font-family:monospace;font-size:12px;background:#f6f6f6;padding:10px;overflow-x:auto;"
    "border:1px solid #ddd}"
    "table.host td{padding:2px 12px 2px 0;vertical-align:top}"
    "table.host td:first-child{font-weight:bold}"
    ".cmd{font-family:monospace;font-size:13px}.status{font-size:13px;color:#444}"
    ".picture{overflow-x:auto;margin:8px 0}";

static void html_text(FILE *f, const char *s)
{
    out_svg_escape(f, s);
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

static void section(FILE *f, const char *title, const char *why, const char *cmd,
                    const struct part *p, const char *svg)
{
    fputs("<h2>", f);
    html_text(f, title);
    fputs("</h2>\n<p>", f);
    html_text(f, why);
    fputs("</p>\n<p class=\"cmd\">$ e1000_poc ", f);
    html_text(f, cmd);
    if (p->out == NULL) { /* never started: the report was interrupted before */
        fputs("</p>\n<p class=\"status\">not run: the report was interrupted</p>\n", f);
        return;
    }
    fprintf(f, "</p>\n<p class=\"status\">exit status %d: ", p->status);
    html_text(f, status_meaning(cmd, p->status));
    fputs("</p>\n", f);
    if (svg != NULL) {
        fputs("<div class=\"picture\">\n", f);
        fputs(svg, f); /* written by this tool's SVG writer: escaped, self-contained */
        fputs("</div>\n", f);
    }
    fputs("<pre>", f);
    html_text(f, p->out);
    fputs("</pre>\n", f);
}

int cmd_report(int argc, char **argv, int idx)
{
    const char *html = NULL, *why = NULL;
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
    if (outfile_check(html, &why) != 0) {
        cli_error("--html %s: cannot write: %s", html, why);
        return EXIT_USAGE;
    }

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

    struct part probe = {NULL, 0, -1}, run = {NULL, 0, -1}, explain = {NULL, 0, -1},
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
    int bad = run_part(probe_args, &probe);
    if (!cli_interrupted())
        bad |= run_part(run_args, &run);
    if (!cli_interrupted())
        bad |= run_part(explain_args, &explain);
    if (bad == 0 && !cli_interrupted() && explain.status == EXIT_NOT_REPRODUCED)
        bad |= run_part(double_args, &dbl);
    if (!cli_interrupted())
        bad |= run_part(matrix_args, &matrix);
    char *svg_explain = read_svg(explain_svg), *svg_double = read_svg(double_svg),
         *svg_matrix = read_svg(matrix_svg);
    remove_folder(dir);

    int rc = EXIT_NOT_REPRODUCED;
    struct outfile out;
    if (bad != 0 && !cli_interrupted()) {
        fprintf(stderr, "e1000_poc: report: could not run the parts: %s\n", strerror(errno));
        rc = EXIT_CANNOT_TEST;
    } else if (outfile_open(&out, html, &why) != 0) {
        cli_error("--html %s: cannot write: %s (the page is lost)", html, why);
        rc = EXIT_OUTPUT_LOST;
    } else {
        FILE *f = out.f;
        char cpu[128], when[64];
        time_t now = time(NULL);
        strftime(when, sizeof(when), "%Y-%m-%d %H:%M UTC", gmtime(&now));
        hostinfo_cpu_model(cpu, sizeof(cpu));
        const char *tunables = getenv("GLIBC_TUNABLES");
        fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>", f);
        fputs("e1000_poc report: ", f);
        html_text(f, cpu);
        fprintf(f, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>e1000_poc report: ", page_css);
        html_text(f, cpu);
        fputs("</h1>\n<p>The QEMU e1000 RX descriptor write-back race, reproduced, measured and"
              " explained on this host by e1000_poc " E1000_POC_VERSION ". Live results depend on"
              " this host and on how loaded it was at the time.</p>\n<table class=\"host\">\n", f);
        fputs("<tr><td>CPU</td><td>", f);
        html_text(f, cpu);
        fputs("</td></tr>\n<tr><td>C library</td><td>", f);
        html_text(f, hostinfo_libc());
        fputs("</td></tr>\n<tr><td>GLIBC_TUNABLES</td><td>", f);
        html_text(f, tunables != NULL ? tunables : "(unset)");
        fputs("</td></tr>\n<tr><td>written</td><td>", f);
        html_text(f, when);
        fputs("</td></tr>\n</table>\n", f);
        if (cli_interrupted())
            fputs("<p class=\"status\"><b>Interrupted</b>: the report was stopped by a signal;"
                  " the parts below show what was done, the part in progress as far as it got,"
                  " and the rest was not run.</p>\n", f);
        section(f, "Probe: the stores of this host's memcpy",
                "Each store the DMA copy makes, traced one instruction at a time, and which"
                " write-backs a guest driver can lose its re-arm to.", "probe", &probe, NULL);
        section(f, "Run: the race live", "The device and the driver as two threads over shared"
                " memory, with this host's memcpy, for a bounded time.", run_cmd, &run, NULL);
        section(f, "Explain: the shortest failing interleaving", "The same device and driver code"
                " one shared access at a time under a deterministic scheduler, with the store"
                " pattern the probe measured.", "explain --svg FILE", &explain, svg_explain);
        if (dbl.out != NULL)
            section(f, "Explain with a two-store copy", "This host's memcpy shows no failing"
                    " interleaving; a copy that writes the descriptor twice shows the mechanism.",
                    "explain --copy=double --svg FILE", &dbl, svg_double);
        section(f, "Matrix: every fix x workaround x copy routine, live",
                "Each cell a short live run through ring hangs.",
                "matrix --each " MATRIX_EACH_S " --svg FILE", &matrix, svg_matrix);
        fputs("</body>\n</html>\n", f);
        if (outfile_commit(&out, &why) != 0) {
            cli_error("--html %s: cannot write: %s (the page is lost)", html, why);
            rc = EXIT_OUTPUT_LOST;
        } else {
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
