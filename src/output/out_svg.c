// SPDX-License-Identifier: GPL-2.0-or-later
/* out_svg.c - the SVG writer (see out_svg.h). */
#include "output/out_svg.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>

#include "util/utf8.h"

void out_svg_escape(FILE *f, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0';) {
        size_t n = utf8_len(p);
        if (n == 0 || (*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f) {
            fputc('?', f);
            p++;
            continue;
        }
        switch (*p) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default: fwrite(p, 1, n, f); break;
        }
        p += n;
    }
}

/* A coordinate: at most one decimal, no "-0". */
static void num(FILE *f, double v)
{
    long tenths = (long)(v * 10.0 + (v < 0 ? -0.5 : 0.5));
    if (tenths % 10 == 0)
        fprintf(f, "%ld", tenths / 10);
    else
        fprintf(f, "%s%ld.%ld", tenths < 0 ? "-" : "", labs(tenths) / 10, labs(tenths) % 10);
}

static void attr_num(FILE *f, const char *name, double v)
{
    fprintf(f, " %s=\"", name);
    num(f, v);
    fputc('"', f);
}

static void attr_text(FILE *f, const char *name, const char *v)
{
    if (v == NULL)
        return;
    fprintf(f, " %s=\"", name);
    out_svg_escape(f, v);
    fputc('"', f);
}

void out_svg_begin(FILE *f, int standalone, double w, double h, const char *title, const char *css)
{
    if (standalone)
        fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
    /* xml:space: blanks in text are kept (columns of monospace text). */
    fputs("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" xml:space=\"preserve\"", f);
    attr_num(f, "width", w);
    attr_num(f, "height", h);
    fputs(" viewBox=\"0 0 ", f);
    num(f, w);
    fputc(' ', f);
    num(f, h);
    fputs("\">\n<title>", f);
    out_svg_escape(f, title);
    fputs("</title>\n", f);
    if (css != NULL) {
        fputs("<style>", f);
        out_svg_escape(f, css);
        fputs("</style>\n", f);
    }
}

void out_svg_end(FILE *f)
{
    fputs("</svg>\n", f);
}

void out_svg_rect(FILE *f, double x, double y, double w, double h, const char *cls, const char *style)
{
    fputs("<rect", f);
    attr_num(f, "x", x);
    attr_num(f, "y", y);
    attr_num(f, "width", w);
    attr_num(f, "height", h);
    attr_text(f, "class", cls);
    attr_text(f, "style", style);
    fputs("/>\n", f);
}

void out_svg_line(FILE *f, double x1, double y1, double x2, double y2, const char *cls)
{
    fputs("<line", f);
    attr_num(f, "x1", x1);
    attr_num(f, "y1", y1);
    attr_num(f, "x2", x2);
    attr_num(f, "y2", y2);
    attr_text(f, "class", cls);
    fputs("/>\n", f);
}

void out_svg_polygon(FILE *f, const double *xy, int n, const char *cls)
{
    fputs("<polygon points=\"", f);
    for (int i = 0; i < n; i++) {
        if (i)
            fputc(' ', f);
        num(f, xy[2 * i]);
        fputc(',', f);
        num(f, xy[2 * i + 1]);
    }
    fputc('"', f);
    attr_text(f, "class", cls);
    fputs("/>\n", f);
}

void out_svg_text(FILE *f, double x, double y, const char *cls, const char *anchor, const char *text)
{
    fputs("<text", f);
    attr_num(f, "x", x);
    attr_num(f, "y", y);
    attr_text(f, "class", cls);
    if (anchor != NULL && anchor[0] != 's')
        attr_text(f, "text-anchor", anchor);
    fputc('>', f);
    out_svg_escape(f, text);
    fputs("</text>\n", f);
}

void out_svg_textf(FILE *f, double x, double y, const char *cls, const char *anchor, const char *fmt, ...)
{
    char b[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(b, sizeof(b), fmt, ap);
    va_end(ap);
    out_svg_text(f, x, y, cls, anchor, b);
}

void out_svg_group_begin(FILE *f, const char *cls)
{
    fputs("<g", f);
    attr_text(f, "class", cls);
    fputs(">\n", f);
}

void out_svg_group_end(FILE *f)
{
    fputs("</g>\n", f);
}
