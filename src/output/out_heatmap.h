// SPDX-License-Identifier: GPL-2.0-or-later
/* out_heatmap.h - a table of Never / Sometimes cells as an SVG heat map: one
 * row and one column label per cell, rows and columns in the order they
 * first appear; Never in green, Sometimes in red, darker the higher the
 * rate (events per second, on a log scale), cells not run in grey. For
 * `matrix --svg` and the HTML report. Knows nothing of NICs (util/). */
#ifndef E1000_POC_OUT_HEATMAP_H
#define E1000_POC_OUT_HEATMAP_H

#include <stdbool.h>
#include <stdio.h>

enum heat_state { HEAT_NEVER, HEAT_SOMETIMES, HEAT_NOT_RUN };

#define HEAT_LABEL_MAX 80

struct heat_cell {
    char row[HEAT_LABEL_MAX], col[HEAT_LABEL_MAX];
    enum heat_state state;
    double rate;           /* Sometimes: events per second */
};

/* The whole picture: `title` (bold), `notes` ('\n'-separated lines under
 * it, may be NULL), `row_head` over the row labels, then the cells.
 * `standalone`: a file of its own (XML declaration); false: inline HTML. */
void out_heatmap_svg(FILE *f, const char *title, const char *notes, const char *row_head,
                 const struct heat_cell *cells, unsigned n, bool standalone);

#endif
