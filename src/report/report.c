// SPDX-License-Identifier: GPL-2.0-or-later
/* report.c - running a report's parts (report.h). */
#include "report/report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum report_status report_open(const char *tmpdir, struct report_result *r)
{
    memset(r, 0, sizeof(*r));
    for (unsigned i = 0; i < REPORT_PARTS; i++)
        r->part[i].status = -1;
    snprintf(r->dir, sizeof(r->dir), "%s/e1000_poc-report.XXXXXX", tmpdir);
    return mkdtemp(r->dir) == NULL ? REPORT_NO_FOLDER : REPORT_OK;
}

/* The command line as the page shows it: args joined by spaces, with FILE
 * for the picture's path (our temporary folder's, gone by then). */
static void show_cmd(char *buf, size_t len, const char *const *args, const char *svg)
{
    size_t at = 0;
    buf[0] = '\0';
    for (unsigned k = 0; args[k] != NULL && at < len; k++)
        at += (size_t)snprintf(buf + at, len - at, "%s%s", k ? " " : "",
                               args[k] == svg ? "FILE" : args[k]);
}

enum report_status report_collect(struct report_result *r, double duration,
                                  const volatile sig_atomic_t *stop)
{
    char dur[32];
    snprintf(dur, sizeof(dur), "%g", duration);

    /* The pictures' files, in the folder of our own, removed at the end;
     * on the heap, as the command runs under small stack limits too. */
    typedef char path_t[sizeof(r->dir) + 32];
    path_t *svg = calloc(REPORT_PARTS, sizeof(path_t));
    if (svg == NULL) {
        selfrun_remove_folder(r->dir);
        return REPORT_NO_CHILD; /* errno: ENOMEM */
    }
    snprintf(svg[REPORT_EXPLAIN], sizeof(svg[0]), "%s/explain.svg", r->dir);
    snprintf(svg[REPORT_DOUBLE], sizeof(svg[0]), "%s/explain-double.svg", r->dir);
    snprintf(svg[REPORT_MATRIX], sizeof(svg[0]), "%s/matrix.svg", r->dir);
    const char *const args[REPORT_PARTS][7] = {
        [REPORT_PROBE] = {"probe", NULL},
        [REPORT_RUN] = {"run", "--duration", dur, NULL},
        [REPORT_EXPLAIN] = {"explain", "--svg", svg[REPORT_EXPLAIN], NULL},
        [REPORT_DOUBLE] = {"explain", "--copy=double", "--svg", svg[REPORT_DOUBLE], NULL},
        [REPORT_MATRIX] = {"matrix", "--each", REPORT_MATRIX_EACH_S, "--svg", svg[REPORT_MATRIX],
                           NULL},
    };
    for (unsigned i = 0; i < REPORT_PARTS; i++)
        show_cmd(r->cmd[i], sizeof(r->cmd[i]), args[i], svg[i]);
    int bad = 0;
    for (unsigned i = 0; i < REPORT_PARTS; i++) {
        if (*stop != 0)
            break; /* no part starts once a signal has come */
        /* The two-store explain only when this host's copy showed nothing
         * (and the explain before it ran). */
        if (i == REPORT_DOUBLE && (bad != 0 || r->part[REPORT_EXPLAIN].status != 0))
            continue;
        bad |= selfrun(args[i], stop, &r->part[i]);
    }
    int saved = errno;
    for (unsigned i = REPORT_EXPLAIN; i < REPORT_PARTS; i++)
        r->svg[i] = selfrun_read_svg(svg[i]);
    free(svg);
    selfrun_remove_folder(r->dir);
    r->interrupted = *stop != 0;
    errno = saved;
    return bad != 0 && !r->interrupted ? REPORT_NO_CHILD : REPORT_OK;
}

void report_free(struct report_result *r)
{
    for (unsigned i = 0; i < REPORT_PARTS; i++) {
        free(r->part[i].out);
        free(r->svg[i]);
        r->part[i].out = r->svg[i] = NULL;
    }
}
