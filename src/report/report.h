// SPDX-License-Identifier: GPL-2.0-or-later
/* report.h - `report --html`'s harness: the parts of a bug report, each
 * this very binary run as a child with fixed arguments (util/selfrun.h),
 * so that the page shows exactly what those commands print in a terminal:
 * probe, one bounded run, explain with its sequence diagram (and explain
 * --copy=double when this host's copy shows no failing interleaving), and
 * a short matrix as a heat map.
 *
 * src/report/: the harness, prefix report_. It may use util/ only (each
 * part is this binary, so it needs none of the other harnesses' code), and
 * nothing above it. Nothing here prints; output/out_report.c makes the
 * page from a struct report_result. */
#ifndef E1000_POC_REPORT_H
#define E1000_POC_REPORT_H

#include <signal.h>
#include <stdbool.h>

#include "util/selfrun.h"

#define REPORT_RUN_DURATION_DEFAULT_S 3.0
#define REPORT_RUN_DURATION_MAX_S 10.0
#define REPORT_MATRIX_EACH_S "0.1"

enum report_part_id { REPORT_PROBE, REPORT_RUN, REPORT_EXPLAIN, REPORT_DOUBLE, REPORT_MATRIX,
                      REPORT_PARTS };

struct report_result {
    struct selfrun_part part[REPORT_PARTS]; /* out NULL: not run */
    char cmd[REPORT_PARTS][64];  /* each command line as the page shows it, without
                                    "e1000_poc " and with FILE for a picture's path */
    char *svg[REPORT_PARTS];     /* a part's picture, or NULL */
    bool interrupted;            /* *stop ended it: the parts after were not run */
    char dir[4096];              /* the pictures' temporary folder (report_open) */
};

enum report_status { REPORT_OK, REPORT_NO_FOLDER, REPORT_NO_CHILD };

/* Make the temporary folder the parts' pictures go through, under tmpdir.
 * REPORT_OK, or REPORT_NO_FOLDER with errno set (nothing to free then). */
enum report_status report_open(const char *tmpdir, struct report_result *r);

/* Run the parts in order with a run of duration seconds; no part starts
 * once *stop is set (a signal, passed on to the part in progress). The
 * folder is removed before this returns. REPORT_NO_CHILD with errno set
 * when a part could not be started; r is filled as far as it got either
 * way: free it with report_free. */
enum report_status report_collect(struct report_result *r, double duration,
                                  const volatile sig_atomic_t *stop);
void report_free(struct report_result *r);

#endif
