// SPDX-License-Identifier: GPL-2.0-or-later
/* out_matrix.h - `matrix` from its cells (run/matrix.h): the table, a row
 * as each cell ends, one JSON object, and the SVG heat map. */
#ifndef E1000_POC_OUT_MATRIX_H
#define E1000_POC_OUT_MATRIX_H

#include <stdio.h>

#include "run/matrix.h"
#include "util/json.h"

/* The line above the table and its heading; base: the finished options
 * (pace, ring, CPUs), each: seconds per cell. */
void out_matrix_head(FILE *f, const struct matrix *m, const struct live_config *base, double each);
/* One cell's row (and, cut short by a signal, a note under it). */
void out_matrix_row(FILE *f, const struct matrix_cell *cell);
/* The line under the table when a signal stopped it. */
void out_matrix_foot(FILE *f, const struct matrix *m);

/* JSON: the object's opening (tool: name and version; the host), each
 * cell as it ends, the end. */
void out_matrix_json_begin(struct json *j, const char *tool, const struct live_config *base,
                           double each);
void out_matrix_json_cell(struct json *j, const struct matrix_cell *cell);
void out_matrix_json_end(struct json *j, const struct matrix *m);

/* The cells run (or skipped) as a heat map. 0, or -1 out of memory. */
int out_matrix_svg(FILE *f, const struct matrix *m, const struct live_config *base, double each);

#endif
