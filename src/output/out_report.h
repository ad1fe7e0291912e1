// SPDX-License-Identifier: GPL-2.0-or-later
/* out_report.h - `report --html`'s page from what its parts printed: the
 * host, then one section per part (what it is, its command line, its exit
 * status in words, its picture, its text). Everything a part printed is
 * escaped; the page has no scripts, no links, no external fonts or images. */
#ifndef E1000_POC_OUT_REPORT_H
#define E1000_POC_OUT_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "report/report.h"
#include "util/selfrun.h"

struct out_report_section {
    const char *title, *why;
    const char *cmd;                /* the command line, without "e1000_poc " */
    const struct selfrun_part *part; /* out NULL: not run (the report was interrupted) */
    const char *meaning;            /* what part's exit status means for this command */
    const char *svg;                /* the part's picture, or NULL */
};

struct out_report {
    const char *tool;               /* "e1000_poc VERSION" */
    const char *cpu, *libc, *tunables; /* tunables NULL: unset */
    const char *when;               /* "2026-01-01 12:00 UTC" */
    bool interrupted;
    const struct out_report_section *sections;
    unsigned nsections;
};

void out_report_html(FILE *f, const struct out_report *r);

/* The page's sections for the parts report_collect ran, in order, each
 * with meaning[part] (its exit status in words); the two-store explain only
 * when it ran. Returns how many were put in out. */
unsigned out_report_sections(const struct report_result *r, const char *const meaning[REPORT_PARTS],
                             struct out_report_section out[REPORT_PARTS]);

#endif
