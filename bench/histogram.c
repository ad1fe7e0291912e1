// SPDX-License-Identifier: GPL-2.0-or-later
/* histogram.c - make bench's picture: time to the first event, per pace,
 * as SVG histograms, from the samples bench/live_bench.c writes.
 *
 *   build/bench/histogram [IN.json [OUT.svg]]
 *       default bench/results/live.json and bench/results/first_event.svg
 *
 * Every "samples" array under a key named first_*_s is one histogram, named
 * by its path ("lockstep: first stale", "igb_dpdk_igb: first event"): bins
 * on a log scale, four per decade from 1 us to 10 s; runs that saw nothing
 * are counted apart. The same JSON gives the same bytes. Reads only the JSON
 * this project writes: a small parser, not a general one. */
#include <ctype.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/outfile.h"
#include "output/out_svg.h"

#define SERIES_MAX 16
#define SAMPLES_MAX 256
#define DEPTH_MAX 16
#define BINS_PER_DECADE 4
#define DECADE_LO (-6) /* 1 us */
#define DECADE_HI 1    /* 10 s */
#define NBINS ((DECADE_HI - DECADE_LO) * BINS_PER_DECADE)

struct series {
    char name[96];
    double v[SAMPLES_MAX];
    int n, unseen;
};

struct parser {
    const char *p;
    char path[DEPTH_MAX][64]; /* keys from the top; "" inside an array */
    int depth;
    struct series s[SERIES_MAX];
    int ns;
    char cpu[128], libc[128];
    int bad;
};

static void ws(struct parser *ps)
{
    while (isspace((unsigned char)*ps->p))
        ps->p++;
}

/* A JSON string into b (escapes kept as the letter after the backslash:
 * this project's keys and names need no more). */
static void string(struct parser *ps, char *b, size_t n)
{
    size_t used = 0;
    if (*ps->p != '"') {
        ps->bad = 1;
        return;
    }
    for (ps->p++; *ps->p != '\0' && *ps->p != '"'; ps->p++) {
        if (*ps->p == '\\' && ps->p[1] != '\0')
            ps->p++;
        if (used + 1 < n)
            b[used++] = *ps->p;
    }
    b[used] = '\0';
    if (*ps->p == '"')
        ps->p++;
    else
        ps->bad = 1;
}

/* The series a number at the current path belongs to, or NULL: inside
 * KEY.first_*_s.samples. */
static struct series *series_here(struct parser *ps)
{
    if (ps->depth < 3 || strcmp(ps->path[ps->depth - 1], "samples") != 0)
        return NULL;
    const char *k = ps->path[ps->depth - 2];
    size_t len = strlen(k);
    if (strncmp(k, "first_", 6) != 0 || len < 3 || strcmp(k + len - 2, "_s") != 0)
        return NULL;
    char name[96], what[64];
    snprintf(what, sizeof(what), "%.*s", (int)(len - 2), k); /* first_stale -> first stale */
    for (char *c = what; *c; c++)
        if (*c == '_')
            *c = ' ';
    snprintf(name, sizeof(name), "%s: %s", ps->path[ps->depth - 3], what);
    for (int i = 0; i < ps->ns; i++)
        if (strcmp(ps->s[i].name, name) == 0)
            return &ps->s[i];
    if (ps->ns == SERIES_MAX)
        return NULL;
    struct series *s = &ps->s[ps->ns++];
    snprintf(s->name, sizeof(s->name), "%s", name);
    return s;
}

static void value(struct parser *ps);

static void container(struct parser *ps, char close)
{
    ps->p++;
    ws(ps);
    if (*ps->p == close) {
        ps->p++;
        return;
    }
    for (;;) {
        char key[64] = "";
        ws(ps);
        if (close == '}') {
            string(ps, key, sizeof(key));
            ws(ps);
            if (*ps->p++ != ':') {
                ps->bad = 1;
                return;
            }
        }
        if (ps->depth >= DEPTH_MAX) {
            ps->bad = 1;
            return;
        }
        snprintf(ps->path[ps->depth++], sizeof(ps->path[0]), "%s", key);
        value(ps);
        ps->depth--;
        if (ps->bad)
            return;
        ws(ps);
        if (*ps->p == ',') {
            ps->p++;
            continue;
        }
        if (*ps->p == close) {
            ps->p++;
            return;
        }
        ps->bad = 1;
        return;
    }
}

static void value(struct parser *ps)
{
    ws(ps);
    /* The array's own key is the element's parent: look one level up. */
    bool in_array = ps->depth > 0 && ps->path[ps->depth - 1][0] == '\0';
    if (*ps->p == '{' || *ps->p == '[') {
        container(ps, *ps->p == '{' ? '}' : ']');
    } else if (*ps->p == '"') {
        char b[128];
        string(ps, b, sizeof(b));
        if (ps->depth == 1 && strcmp(ps->path[0], "cpu_model") == 0)
            snprintf(ps->cpu, sizeof(ps->cpu), "%s", b);
        if (ps->depth == 1 && strcmp(ps->path[0], "libc") == 0)
            snprintf(ps->libc, sizeof(ps->libc), "%s", b);
    } else if (strncmp(ps->p, "null", 4) == 0 || strncmp(ps->p, "true", 4) == 0) {
        if (in_array && ps->p[0] == 'n') {
            ps->depth--;
            struct series *s = series_here(ps);
            ps->depth++;
            if (s != NULL)
                s->unseen++;
        }
        ps->p += 4;
    } else if (strncmp(ps->p, "false", 5) == 0) {
        ps->p += 5;
    } else {
        char *end;
        double d = strtod(ps->p, &end);
        if (end == ps->p) {
            ps->bad = 1;
            return;
        }
        ps->p = end;
        if (in_array) {
            ps->depth--;
            struct series *s = series_here(ps);
            ps->depth++;
            if (s != NULL && s->n < SAMPLES_MAX)
                s->v[s->n++] = d;
        }
    }
}

static int bin_of(double t)
{
    if (t <= 0)
        return 0;
    int b = (int)floor((log10(t) - DECADE_LO) * BINS_PER_DECADE);
    return b < 0 ? 0 : b >= NBINS ? NBINS - 1 : b;
}

static const char css[] =
    "text{font-family:sans-serif;font-size:11px;fill:#1a1a1a}"
    ".title{font-size:15px;font-weight:bold}.name{font-weight:bold}.note{fill:#555}"
    ".bar{fill:#2a5599}.axis{stroke:#444;stroke-width:1}.grid{stroke:#ddd;stroke-width:1}";

#define PANEL_H 120.0
#define PLOT_H 80.0
#define BIN_W 22.0
#define X0 60.0

static void draw(FILE *f, const struct parser *ps)
{
    static const char *const decade_names[] = {"1 us", "10 us", "100 us", "1 ms", "10 ms",
                                               "100 ms", "1 s", "10 s"};
    double width = X0 + NBINS * BIN_W + 150, height = 70 + ps->ns * PANEL_H + 10;
    char title[300];
    snprintf(title, sizeof(title), "Time to the first event, per pace: %s, %s",
             ps->cpu[0] ? ps->cpu : "unknown CPU", ps->libc[0] ? ps->libc : "unknown libc");
    out_svg_begin(f, 1, width, height, title, css);
    out_svg_rect(f, 0, 0, width, height, NULL, "fill:#fff");
    out_svg_text(f, 12, 24, "title", NULL, title);
    out_svg_text(f, 12, 44, "note", NULL, "make bench: one sample per run; bins of a quarter decade;"
             " a host's figure, as loaded as it was when measured");
    for (int k = 0; k < ps->ns; k++) {
        const struct series *s = &ps->s[k];
        int count[NBINS] = {0}, top = 1;
        for (int i = 0; i < s->n; i++)
            count[bin_of(s->v[i])]++;
        for (int b = 0; b < NBINS; b++)
            if (count[b] > top)
                top = count[b];
        double y0 = 70 + k * PANEL_H, base = y0 + 14 + PLOT_H;
        out_svg_group_begin(f, "panel");
        out_svg_textf(f, 12, y0 + 8, "name", NULL, "%s: %d run%s, %d with no event", s->name,
                  s->n + s->unseen, s->n + s->unseen == 1 ? "" : "s", s->unseen);
        for (int d = 0; d <= DECADE_HI - DECADE_LO; d++) {
            double x = X0 + d * BINS_PER_DECADE * BIN_W;
            out_svg_line(f, x, y0 + 14, x, base, "grid");
            out_svg_text(f, x, base + 13, NULL, "middle", decade_names[d]);
        }
        out_svg_line(f, X0, base, X0 + NBINS * BIN_W, base, "axis");
        out_svg_textf(f, X0 - 6, y0 + 24, NULL, "end", "%d", top);
        out_svg_text(f, X0 - 6, base, NULL, "end", "0");
        for (int b = 0; b < NBINS; b++)
            if (count[b] > 0) {
                double h = PLOT_H * count[b] / top;
                out_svg_rect(f, X0 + b * BIN_W + 1, base - h, BIN_W - 2, h, "bar", NULL);
            }
        out_svg_group_end(f);
    }
    out_svg_end(f);
}

int main(int argc, char **argv)
{
    const char *in = argc > 1 ? argv[1] : "bench/results/live.json";
    const char *out = argc > 2 ? argv[2] : "bench/results/first_event.svg";
    static struct parser ps;
    const char *why = NULL;
    struct outfile o;

    if (argc > 3) {
        fprintf(stderr, "usage: histogram [IN.json [OUT.svg]]\n");
        return 2;
    }
    FILE *f = fopen(in, "r");
    if (f == NULL) {
        fprintf(stderr, "histogram: %s: cannot read\n", in);
        return 2;
    }
    static char text[1 << 20];
    size_t len = fread(text, 1, sizeof(text) - 1, f);
    fclose(f);
    text[len] = '\0';
    ps.p = text;
    value(&ps);
    if (ps.bad || ps.ns == 0) {
        fprintf(stderr, "histogram: %s: %s\n", in,
                ps.bad ? "not the JSON make bench writes" : "no samples of a first event (an older"
                " make bench?)");
        return 2;
    }
    if (outfile_open(&o, out, &why) != 0) {
        fprintf(stderr, "histogram: %s: cannot write: %s\n", out, why);
        return 2;
    }
    draw(o.f, &ps);
    if (outfile_commit(&o, &why) != 0) {
        fprintf(stderr, "histogram: %s: cannot write: %s\n", out, why);
        return 2;
    }
    printf("wrote %s\n", out);
    return 0;
}
