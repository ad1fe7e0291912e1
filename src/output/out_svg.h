// SPDX-License-Identifier: GPL-2.0-or-later
/* out_svg.h - a small SVG writer: elements, numbers and escaped text, so that
 * no picture formats markup by hand. The pictures it writes are whole and
 * self-contained: one <style> with generic font families, no scripts, no
 * links, no external fonts or images. Coordinates are written with at
 * most one decimal, so the same drawing gives the same bytes.
 *
 * Knows nothing of NICs (util/: libc only). */
#ifndef E1000_POC_OUT_SVG_H
#define E1000_POC_OUT_SVG_H

#include <stdio.h>

/* s as XML character data or attribute text: & < > " ' escaped, control
 * characters (not allowed in XML 1.0) and invalid UTF-8 written as '?'.
 * Also right for HTML. */
void out_svg_escape(FILE *f, const char *s);

/* The document: an XML declaration when `standalone` (a file of its own;
 * none when the SVG goes inline into HTML), the <svg> element of w x h
 * pixels, its <title>, and the style sheet `css` (may be NULL). */
void out_svg_begin(FILE *f, int standalone, double w, double h, const char *title, const char *css);
void out_svg_end(FILE *f);

/* Shapes; `cls` names a class of the style sheet (NULL: none), `style`
 * adds inline properties (NULL: none). */
void out_svg_rect(FILE *f, double x, double y, double w, double h, const char *cls, const char *style);
void out_svg_line(FILE *f, double x1, double y1, double x2, double y2, const char *cls);
/* A closed polygon of n points (xy: x0, y0, x1, y1, ...). */
void out_svg_polygon(FILE *f, const double *xy, int n, const char *cls);
/* A line of text at (x, y) (its baseline); anchor "start", "middle" or "end". */
void out_svg_text(FILE *f, double x, double y, const char *cls, const char *anchor, const char *text);
/* The same, formatted. */
void out_svg_textf(FILE *f, double x, double y, const char *cls, const char *anchor, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* A group with a class (for tests and style), and its end. */
void out_svg_group_begin(FILE *f, const char *cls);
void out_svg_group_end(FILE *f);

#endif
