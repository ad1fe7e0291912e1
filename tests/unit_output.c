// SPDX-License-Identifier: GPL-2.0-or-later
/* unit_output.c - the renderers (src/output/) on fixed structs, with no
 * harness run: explain's --all rows and tallies, matrix's rows, foot and
 * JSON, run's interruption lines, the report's page (escaped, sections not
 * run, the interrupted note). What a renderer writes is a function of its
 * struct alone; the harness tests check the structs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "output/out_explain.h"
#include "output/out_matrix.h"
#include "output/out_report.h"
#include "output/out_run.h"

/* What a renderer writes into a memory stream, as a string (free it). */
#define CAPTURE(var, call)                                                                        \
    do {                                                                                          \
        size_t capture_len_ = 0;                                                                  \
        FILE *f = open_memstream(&(var), &capture_len_);                                          \
        call;                                                                                     \
        fclose(f);                                                                                \
    } while (0)

static struct xp_row row_of(enum xp_row_kind kind)
{
    struct xp_row r = {.kind = kind};
    r.cfg.device = NIC_DEV_E1000;
    r.cfg.driver = NIC_DRV_DPDK_EM;
    r.cfg.fix = E1000_FIX_NONE;
    r.cfg.workaround = EM_WORKAROUND_NONE;
    r.cfg.copy = DMA_COPY_DOUBLE;
    r.cfg.ring = 2;
    r.cfg.packets = 3;
    r.because = "BECAUSE";
    return r;
}

static void explain_rows(void)
{
    char *s = NULL;
    struct xp_row r = row_of(XP_ROW_FOUND);
    r.violations = XP_V_BIT(0);
    r.preemptions = 1;
    r.steps = 42;
    r.expect = true;
    r.agrees = true;
    CAPTURE(s, out_explain_all_row(f, &r, false));
    ok(strncmp(s, "none             none         double      VIOLATION ", 51) == 0,
       "an --all row starts with the variant in fixed columns, then the result");
    ok(strstr(s, ": 1 preempt., 42 steps") != NULL && strstr(s, " violation ok   BECAUSE\n") != NULL,
       "a found row: preemptions, steps, the expectation, ok, why");
    ok(strstr(s, xp_violations[0].name) != NULL, "a found row names its violation");
    free(s);

    r = row_of(XP_ROW_NONE);
    r.states = 328;
    r.expect = true;
    r.agrees = false;
    CAPTURE(s, out_explain_all_row(f, &r, true));
    ok(strncmp(s, "e1000   dpdk-em       2/3    none", 33) == 0,
       "with several pairs a row starts with device, driver and ring/packets");
    ok(strstr(s, "none: 328 states covered") != NULL && strstr(s, " violation DIFF BECAUSE\n") != NULL,
       "a covered row that disagrees says DIFF");
    free(s);

    r = row_of(XP_ROW_NOT_RUN);
    r.why = "WHY NOT";
    CAPTURE(s, out_explain_all_row(f, &r, false));
    ok(strstr(s, " not run: WHY NOT\n") != NULL, "a row not run says why");
    free(s);
    r = row_of(XP_ROW_INTERRUPTED);
    CAPTURE(s, out_explain_all_row(f, &r, false));
    ok(strstr(s, " interrupted\n") != NULL, "an interrupted row says so");
    free(s);
    r = row_of(XP_ROW_UNKNOWN);
    CAPTURE(s, out_explain_all_row(f, &r, false));
    ok(strstr(s, " unknown: bounds not covered\n") != NULL, "an uncovered row says unknown");
    free(s);
}

static void explain_foot(void)
{
    char *s = NULL;
    struct xp_config pairs[1] = {row_of(XP_ROW_NONE).cfg};
    struct xp_all a;
    memset(&a, 0, sizeof(a));
    a.npairs = 1;
    a.done = 1;
    a.total = (struct xp_tally){5, 3, 1, 1};
    a.planned = 80;
    CAPTURE(s, out_explain_all_foot(f, &a, pairs));
    is_s(s, "\n5 rows: 3 agree with the expectation, 1 differ, 1 not run\n",
         "the tally of one pair, from the struct");
    free(s);
    a.interrupted = true;
    CAPTURE(s, out_explain_all_foot(f, &a, pairs));
    ok(strstr(s, "after 5 of 80 rows") != NULL && strstr(s, "Verdict: INTERRUPTED\n") != NULL,
       "an interrupted --all says how many rows of how many, and its verdict");
    free(s);
}

static void matrix_rows(void)
{
    char *s = NULL;
    struct matrix_cell c;
    memset(&c, 0, sizeof(c));
    c.cfg.device = NIC_DEV_E1000;
    c.cfg.driver = NIC_DRV_DPDK_EM;
    c.cfg.copy = DMA_COPY_LIBC_MEMMOVE;
    c.state = MATRIX_SKIPPED;
    c.why = "WHY";
    CAPTURE(s, out_matrix_row(f, &c));
    /* The copy column is as wide as the longest copy routine's name. */
    const char *name = strstr(s, "libc-memmove "), *why = strstr(s, " skipped: WHY\n");
    ok(name && why && why >= name && strspn(name + strlen("libc-memmove"), " ") ==
                                          (size_t)(why - name) - strlen("libc-memmove") + 1,
       "a skipped cell says why, after its names");
    free(s);

    c.state = MATRIX_RAN;
    c.stats.elapsed_s = 1;
    c.stats.consumed = 2000000;
    c.stats.events[RX_EV_HANG] = 3;
    for (int i = 0; i < RX_EV_COUNT; i++)
        c.stats.first_s[i] = -1;
    c.stats.first_s[RX_EV_HANG] = 0.5;
    CAPTURE(s, out_matrix_row(f, &c));
    ok(strstr(s, "Sometimes") != NULL && strstr(s, "2.00M\n") != NULL,
       "a cell with events: Sometimes, and its descriptors per second");
    free(s);
    c.stats.interrupted = true;
    CAPTURE(s, out_matrix_row(f, &c));
    ok(strstr(s, "(this cell was cut short by a signal after ") != NULL,
       "a cell cut short says so under its row");
    free(s);

    struct matrix m = {.cell = &c, .ncells = 64, .npairs = 1, .ran = 7, .interrupted = true};
    CAPTURE(s, out_matrix_foot(f, &m));
    ok(strstr(s, "after 7 of 64 cells") != NULL, "an interrupted matrix says cells run of planned");
    free(s);
    m.interrupted = false;
    CAPTURE(s, out_matrix_foot(f, &m));
    is_s(s, "", "a whole matrix has no foot");
    free(s);
}

static void run_lines(void)
{
    char *s = NULL;
    struct live_config c;
    struct live_stats st;
    memset(&c, 0, sizeof(c));
    memset(&st, 0, sizeof(st));
    c.duration_s = 10;
    st.elapsed_s = 2;
    CAPTURE(s, out_run_interrupted(f, &c, &st));
    ok(strncmp(s, "Interrupted: stopped by a signal after ", 39) == 0 &&
           strstr(s, "the verdict above covers only that time.\n") != NULL,
       "a timed run cut short: its line");
    free(s);
    CAPTURE(s, out_run_baseline_interrupted(f, &c, &st));
    ok(strstr(s, "the run itself did not start.\nVerdict: INTERRUPTED\n") != NULL,
       "a baseline cut short: the run did not start");
    free(s);
}

static void report_page(void)
{
    char *s = NULL;
    struct selfrun_part ran = {(char *)"a <b> & \"c\"\n", 12, 1}, never = {NULL, 0, -1};
    const struct out_report_section sec[] = {
        {"T1", "W1", "probe", &ran, "exposed", NULL},
        {"T2", "W2", "matrix --each 0.1 --svg FILE", &never, "did not finish", NULL},
        {"T3", "W3", "explain --svg FILE", &ran, "violation found", "<svg>PICTURE</svg>"},
    };
    struct out_report r = {"e1000_poc TEST", "CPU <X>", "glibc 0", NULL, "WHEN", false, sec, 3};
    CAPTURE(s, out_report_html(f, &r));
    ok(strncmp(s, "<!DOCTYPE html>\n", 16) == 0 && strstr(s, "</body>\n</html>\n") != NULL,
       "the page is one whole HTML document");
    ok(strstr(s, "a &lt;b&gt; &amp; &quot;c&quot;") != NULL && strstr(s, "<b> &") == NULL,
       "a part's output is escaped");
    ok(strstr(s, "CPU &lt;X&gt;") != NULL, "the host's strings are escaped");
    ok(strstr(s, "<td>(unset)</td>") != NULL, "GLIBC_TUNABLES unset says so");
    ok(strstr(s, "exit status 1: exposed") != NULL, "a section says its status in words");
    ok(strstr(s, "not run: the report was interrupted") != NULL, "a part never started says so");
    ok(strstr(s, "<div class=\"picture\">\n<svg>PICTURE</svg></div>") != NULL,
       "a part's picture is inlined");
    ok(strstr(s, "<b>Interrupted</b>") == NULL, "no interrupted note on a whole report");
    free(s);
    r.interrupted = true;
    CAPTURE(s, out_report_html(f, &r));
    ok(strstr(s, "<b>Interrupted</b>") != NULL, "an interrupted report says so at the top");
    free(s);
}

int main(void)
{
    explain_rows();
    explain_foot();
    matrix_rows();
    run_lines();
    report_page();
    return tap_done();
}
