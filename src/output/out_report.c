// SPDX-License-Identifier: GPL-2.0-or-later
/* out_report.c - the page of `report --html` (see out_report.h). */
#include "output/out_report.h"

#include "output/out_svg.h"

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

static void section(FILE *f, const struct out_report_section *s)
{
    fputs("<h2>", f);
    html_text(f, s->title);
    fputs("</h2>\n<p>", f);
    html_text(f, s->why);
    fputs("</p>\n<p class=\"cmd\">$ e1000_poc ", f);
    html_text(f, s->cmd);
    if (s->part->out == NULL) { /* never started: the report was interrupted before */
        fputs("</p>\n<p class=\"status\">not run: the report was interrupted</p>\n", f);
        return;
    }
    fprintf(f, "</p>\n<p class=\"status\">exit status %d: ", s->part->status);
    html_text(f, s->meaning);
    fputs("</p>\n", f);
    if (s->svg != NULL) {
        fputs("<div class=\"picture\">\n", f);
        fputs(s->svg, f); /* written by this tool's SVG writer: escaped, self-contained */
        fputs("</div>\n", f);
    }
    fputs("<pre>", f);
    html_text(f, s->part->out);
    fputs("</pre>\n", f);
}


void out_report_html(FILE *f, const struct out_report *r)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>", f);
    fputs("e1000_poc report: ", f);
    html_text(f, r->cpu);
    fprintf(f, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>e1000_poc report: ", page_css);
    html_text(f, r->cpu);
    fputs("</h1>\n<p>The QEMU e1000 RX descriptor write-back race, reproduced, measured and"
          " explained on this host by ", f);
    fputs(r->tool, f);
    fputs(". Live results depend on"
          " this host and on how loaded it was at the time.</p>\n<table class=\"host\">\n", f);
    fputs("<tr><td>CPU</td><td>", f);
    html_text(f, r->cpu);
    fputs("</td></tr>\n<tr><td>C library</td><td>", f);
    html_text(f, r->libc);
    fputs("</td></tr>\n<tr><td>GLIBC_TUNABLES</td><td>", f);
    html_text(f, r->tunables != NULL ? r->tunables : "(unset)");
    fputs("</td></tr>\n<tr><td>written</td><td>", f);
    html_text(f, r->when);
    fputs("</td></tr>\n</table>\n", f);
    if (r->interrupted)
        fputs("<p class=\"status\"><b>Interrupted</b>: the report was stopped by a signal;"
              " the parts below show what was done, the part in progress as far as it got,"
              " and the rest was not run.</p>\n", f);
    for (unsigned i = 0; i < r->nsections; i++)
        section(f, &r->sections[i]);
    fputs("</body>\n</html>\n", f);
}

/* What each part is, for a reader of the page. */
static const struct {
    const char *title, *why;
} part_texts[REPORT_PARTS] = {
    [REPORT_PROBE] = {"Probe: the stores of this host's memcpy",
                      "Each store the DMA copy makes, traced one instruction at a time, and which"
                      " write-backs a guest driver can lose its re-arm to."},
    [REPORT_RUN] = {"Run: the race live", "The device and the driver as two threads over shared"
                    " memory, with this host's memcpy, for a bounded time."},
    [REPORT_EXPLAIN] = {"Explain: the shortest failing interleaving",
                        "The same device and driver code one shared access at a time under a"
                        " deterministic scheduler, with the store pattern the probe measured."},
    [REPORT_DOUBLE] = {"Explain with a two-store copy", "This host's memcpy shows no failing"
                       " interleaving; a copy that writes the descriptor twice shows the mechanism."},
    [REPORT_MATRIX] = {"Matrix: every fix x workaround x copy routine, live",
                       "Each cell a short live run through ring hangs."},
};

unsigned out_report_sections(const struct report_result *r, const char *const meaning[REPORT_PARTS],
                             struct out_report_section out[REPORT_PARTS])
{
    unsigned n = 0;
    for (unsigned i = 0; i < REPORT_PARTS; i++) {
        if (i == REPORT_DOUBLE && r->part[i].out == NULL)
            continue;
        out[n++] = (struct out_report_section){part_texts[i].title, part_texts[i].why, r->cmd[i],
                                               &r->part[i], meaning[i], r->svg[i]};
    }
    return n;
}
