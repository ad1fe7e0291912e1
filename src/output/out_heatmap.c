// SPDX-License-Identifier: GPL-2.0-or-later
/* out_heatmap.c - Never / Sometimes cells as an SVG heat map (see out_heatmap.h). */
#include "output/out_heatmap.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "output/out_svg.h"

#define CHAR_W 6.7 /* monospace at 11 px */
#define ROW_H 30.0
#define COL_MIN 96.0
#define PAD 8.0

static const char css[] =
    "text{font-family:monospace;font-size:11px;fill:#1a1a1a;white-space:pre}"
    ".title{font-family:sans-serif;font-size:15px;font-weight:bold}"
    ".colhead{font-weight:bold}.note{fill:#333}"
    ".cell{stroke:#fff;stroke-width:2}"
    ".never{fill:#1d5e2b}.sometimes{fill:#fff;font-weight:bold}.notrun{fill:#555}"
    ".rate{font-size:10px}";

/* Index of label in the first n of list, or -1. */
static int find(char (*list)[HEAT_LABEL_MAX], unsigned n, const char *label)
{
    for (unsigned i = 0; i < n; i++)
        if (strcmp(list[i], label) == 0)
            return (int)i;
    return -1;
}

/* The red of a rate: from 1 event per second (light) to 10^6 (dark). */
static void red(char *b, size_t n, double rate)
{
    double t = rate > 1 ? log10(rate) / 6.0 : 0;
    if (t > 1)
        t = 1;
    int g = (int)(150 - 130 * t), r = (int)(230 - 90 * t);
    snprintf(b, n, "fill:#%02x%02x%02x", r, g, g);
}

static void rate_text(char *b, size_t n, double rate)
{
    if (rate >= 1e6)
        snprintf(b, n, "%.1fM/s", rate / 1e6);
    else if (rate >= 1e4)
        snprintf(b, n, "%.0fk/s", rate / 1e3);
    else if (rate >= 10)
        snprintf(b, n, "%.0f/s", rate);
    else
        snprintf(b, n, "%.2f/s", rate);
}

void out_heatmap_svg(FILE *f, const char *title, const char *notes, const char *row_head,
                 const struct heat_cell *cells, unsigned n, bool standalone)
{
    char (*rows)[HEAT_LABEL_MAX] = calloc(n ? n : 1, HEAT_LABEL_MAX);
    char (*cols)[HEAT_LABEL_MAX] = calloc(n ? n : 1, HEAT_LABEL_MAX);
    unsigned nr = 0, nc = 0;
    size_t wrow = strlen(row_head), wcol = 0;
    if (rows == NULL || cols == NULL) {
        free(rows);
        free(cols);
        return;
    }
    for (unsigned i = 0; i < n; i++) {
        if (find(rows, nr, cells[i].row) < 0)
            strcpy(rows[nr++], cells[i].row);
        if (find(cols, nc, cells[i].col) < 0)
            strcpy(cols[nc++], cells[i].col);
        if (strlen(cells[i].row) > wrow)
            wrow = strlen(cells[i].row);
        if (strlen(cells[i].col) > wcol)
            wcol = strlen(cells[i].col);
    }
    unsigned nnotes = 0;
    size_t wnote = 0;
    for (const char *p = notes; p != NULL && *p != '\0';) {
        const char *nl = strchr(p, '\n');
        size_t len = nl != NULL ? (size_t)(nl - p) : strlen(p);
        if (len > wnote)
            wnote = len;
        nnotes++;
        p = nl != NULL ? nl + 1 : p + len;
    }

    double col_w = wcol * CHAR_W + 2 * PAD > COL_MIN ? wcol * CHAR_W + 2 * PAD : COL_MIN;
    double x0 = 12 + wrow * CHAR_W + 2 * PAD, y_notes = 44, y_cols = y_notes + nnotes * 16 + 14;
    double y0 = y_cols + 8, legend_y = y0 + nr * ROW_H + 24;
    double width = x0 + nc * col_w + 12, height = legend_y + 20;
    double title_w = 24 + strlen(title) * 9.0;
    if (width < title_w)
        width = title_w;
    if (width < 24 + wnote * CHAR_W)
        width = 24 + wnote * CHAR_W;
    if (width < 700) /* the legend */
        width = 700;

    out_svg_begin(f, standalone, width, height, title, css);
    out_svg_rect(f, 0, 0, width, height, NULL, "fill:#fff");
    out_svg_text(f, 12, 24, "title", NULL, title);
    for (const char *p = notes; p != NULL && *p != '\0';) {
        const char *nl = strchr(p, '\n');
        char line[512];
        size_t len = nl != NULL ? (size_t)(nl - p) : strlen(p);
        if (len >= sizeof(line))
            len = sizeof(line) - 1;
        memcpy(line, p, len);
        line[len] = '\0';
        out_svg_text(f, 12, y_notes, "note", NULL, line);
        y_notes += 16;
        p = nl != NULL ? nl + 1 : p + len;
    }
    out_svg_text(f, 12, y_cols, "colhead", NULL, row_head);
    for (unsigned c = 0; c < nc; c++)
        out_svg_text(f, x0 + c * col_w + col_w / 2, y_cols, "colhead", "middle", cols[c]);
    for (unsigned r = 0; r < nr; r++)
        out_svg_text(f, 12, y0 + r * ROW_H + ROW_H / 2 + 4, NULL, NULL, rows[r]);

    for (unsigned i = 0; i < n; i++) {
        const struct heat_cell *c = &cells[i];
        double x = x0 + find(cols, nc, c->col) * col_w, y = y0 + find(rows, nr, c->row) * ROW_H;
        char style[32], rb[32];
        out_svg_group_begin(f, c->state == HEAT_SOMETIMES ? "heat-sometimes"
                           : c->state == HEAT_NEVER ? "heat-never" : "heat-notrun");
        if (c->state == HEAT_SOMETIMES) {
            red(style, sizeof(style), c->rate);
            out_svg_rect(f, x, y, col_w, ROW_H, "cell", style);
            rate_text(rb, sizeof(rb), c->rate);
            out_svg_text(f, x + col_w / 2, y + 13, "sometimes", "middle", "Sometimes");
            out_svg_text(f, x + col_w / 2, y + 25, "sometimes rate", "middle", rb);
        } else if (c->state == HEAT_NEVER) {
            out_svg_rect(f, x, y, col_w, ROW_H, "cell", "fill:#cfeccf");
            out_svg_text(f, x + col_w / 2, y + ROW_H / 2 + 4, "never", "middle", "Never");
        } else {
            out_svg_rect(f, x, y, col_w, ROW_H, "cell", "fill:#e4e4e4");
            out_svg_text(f, x + col_w / 2, y + ROW_H / 2 + 4, "notrun", "middle", "not run");
        }
        out_svg_group_end(f);
    }

    /* Legend: the colours and the scale of the red. */
    double lx = 12;
    out_svg_rect(f, lx, legend_y - 11, 14, 14, NULL, "fill:#cfeccf");
    out_svg_text(f, lx + 20, legend_y, NULL, NULL, "Never");
    lx += 80;
    static const double rates[] = {1, 100, 10000, 1000000};
    for (unsigned k = 0; k < sizeof(rates) / sizeof(rates[0]); k++) {
        char style[32], rb[32];
        red(style, sizeof(style), rates[k]);
        rate_text(rb, sizeof(rb), rates[k]);
        out_svg_rect(f, lx, legend_y - 11, 14, 14, NULL, style);
        out_svg_textf(f, lx + 20, legend_y, NULL, NULL, "Sometimes %s", rb);
        lx += 150;
    }
    out_svg_end(f);
    free(rows);
    free(cols);
}
