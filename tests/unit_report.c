// SPDX-License-Identifier: GPL-2.0-or-later
/* unit_report.c - report --html's sections from a hand-built result
 * (output/out_report.c's out_report_sections): the parts in order, each
 * with its command line, meaning and picture; the two-store explain only
 * when it ran. report_collect itself runs this binary's parts as children,
 * which a unit test is not: tests/svg.sh and hostile.sh run report. */
#include <string.h>

#include "output/out_report.h"
#include "report/report.h"
#include "tap.h"

static char text[REPORT_PARTS][8] = {"p", "r", "e", "d", "m"};

static void fill(struct report_result *r, bool double_ran)
{
    memset(r, 0, sizeof(*r));
    static const char *const cmds[REPORT_PARTS] = {"probe", "run --duration 3",
                                                   "explain --svg FILE",
                                                   "explain --copy=double --svg FILE",
                                                   "matrix --each 0.1 --svg FILE"};
    for (unsigned i = 0; i < REPORT_PARTS; i++) {
        strcpy(r->cmd[i], cmds[i]);
        r->part[i].out = text[i];
        r->part[i].len = 1;
        r->part[i].status = (int)i;
    }
    if (!double_ran) {
        r->part[REPORT_DOUBLE].out = NULL;
        r->part[REPORT_DOUBLE].status = -1;
    }
    r->svg[REPORT_EXPLAIN] = text[REPORT_EXPLAIN];
}

int main(void)
{
    static const char *const meaning[REPORT_PARTS] = {"m0", "m1", "m2", "m3", "m4"};
    struct report_result r;
    struct out_report_section s[REPORT_PARTS];

    fill(&r, false);
    unsigned n = out_report_sections(&r, meaning, s);
    is_u(n, 4, "the two-store explain not run: four sections");
    ok(n == 4 && s[0].part == &r.part[REPORT_PROBE] && s[1].part == &r.part[REPORT_RUN] &&
           s[2].part == &r.part[REPORT_EXPLAIN] && s[3].part == &r.part[REPORT_MATRIX],
       "in order: probe, run, explain, matrix");
    ok(n == 4 && !strcmp(s[1].cmd, "run --duration 3") && !strcmp(s[3].meaning, "m4") &&
           s[2].svg == text[REPORT_EXPLAIN] && s[0].svg == NULL,
       "each with its command, its meaning and its picture");
    ok(n == 4 && strstr(s[0].title, "Probe") == s[0].title && s[3].title != NULL &&
           s[3].why != NULL && strstr(s[3].title, "Matrix") == s[3].title,
       "each with a title and what it is for");

    fill(&r, true);
    n = out_report_sections(&r, meaning, s);
    is_u(n, 5, "the two-store explain ran: five sections");
    ok(n == 5 && s[3].part == &r.part[REPORT_DOUBLE] && !strcmp(s[3].meaning, "m3") &&
           strstr(s[3].title, "two-store") != NULL,
       "the two-store explain between explain and matrix");
    return tap_done();
}
