// SPDX-License-Identifier: GPL-2.0-or-later
/* output.h - the renderers: every text, JSON, SVG and HTML the commands
 * print, in one part.
 *
 * src/output/: identifiers keep the prefix out_. Each renderer reads a
 * harness's result struct and writes it to a FILE: the live run
 * (out_run.c; out_seedlog.c: what its hooks report as it goes), the probe (out_probe.c, out_tunables.c), the explorer
 * (out_trace.c, out_explain.c, out_explain_svg.c), the matrix
 * (out_matrix.c, out_heatmap.c), the report's page (out_report.c), and
 * the SVG writer they draw with (out_svg.c). A renderer runs nothing and decides nothing: the same
 * struct gives the same bytes. It may use the harnesses' headers (run/,
 * probe/, explain/: their result types), model/ (the tables' names) and
 * util/; no harness includes it, and only cli/ does. */
#ifndef E1000_POC_OUTPUT_H
#define E1000_POC_OUTPUT_H
#endif
