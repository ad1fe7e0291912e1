// SPDX-License-Identifier: GPL-2.0-or-later
/* report_text.h - what out_run_summary() prints, as text a unit test can
 * read (shared by unit_stats.c and unit_live_verdict.c). */
#ifndef E1000_POC_TESTS_REPORT_TEXT_H
#define E1000_POC_TESTS_REPORT_TEXT_H

#include <stdio.h>
#include <string.h>

#include "output/out_run.h"

/* The summary of s (against baseline b, or NULL), as a string the caller
 * frees. */
static inline char *summary_text(const struct live_config *c, const struct live_stats *s,
                                 const struct live_stats *b)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    out_run_summary(f, c, s, b);
    fclose(f);
    return buf;
}

/* The last line of text, without its newline. */
static inline const char *last_line(const char *text)
{
    const char *end = text + strlen(text);
    if (end > text && end[-1] == '\n')
        end--;
    while (end > text && end[-1] != '\n')
        end--;
    return end;
}

#endif
