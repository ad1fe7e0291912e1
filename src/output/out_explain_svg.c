// SPDX-License-Identifier: GPL-2.0-or-later
/* out_explain_svg.c - the sequence diagram of a recorded execution (see out_explain_svg.h). */
#include "output/out_explain_svg.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "explain/pair.h"
#include "output/out_trace.h"
#include "output/out_svg.h"

/* Monospace text at 11 px: about 0.6 em per character in the common
 * monospace faces; the lanes are sized from their longest text with it. */
#define CHAR_W 6.7
#define ROW 16.0
#define PAD 8.0
#define GAP 34.0      /* between a lane and the memory column: the arrows */
#define X_LANES 52.0  /* left of the device lane; the step numbers before it */
#define MEM_DESC_COL 9 /* characters: "RDH RDT  " before the descriptor */
#define WRAP_MIN 110  /* characters: whole-width lines wrap at the diagram's width */

static const char css[] =
    "text{font-family:monospace;font-size:11px;fill:#1a1a1a;white-space:pre}"
    ".title{font-family:sans-serif;font-size:15px;font-weight:bold}"
    ".colhead{font-weight:bold}"
    ".stepno{fill:#555}"
    ".head,.foot{fill:#333}"
    ".lane-device{fill:#e6effc}.lane-driver{fill:#fdefdc}.lane-memory{fill:#f1f1f1}"
    ".arrow-store{stroke:#2a5599;stroke-width:1.5}.arrow-load{stroke:#888;stroke-width:1}"
    ".tip-store{fill:#2a5599}.tip-load{fill:#888}"
    ".arrow-damage{stroke:#c00;stroke-width:2.5}.tip-damage{fill:#c00}"
    ".row-damage{fill:#f8c9c9}.row-violation{fill:#fde3e3}"
    ".damage text,.violation text{fill:#a00;font-weight:bold}"
    ".preemption line{stroke:#7b3fa0;stroke-width:1.2;stroke-dasharray:6 3}"
    ".preemption text{fill:#7b3fa0;font-style:italic}"
    ".packet{fill:#1d6b2f;font-weight:bold}.event{fill:#777;font-style:italic}"
    ".fence{fill:#888}";

/* One line of the walk, kept. */
struct row {
    enum xp_line_kind kind;
    int thread;
    unsigned step;
    char *text, *desc;
    uint32_t rdh, rdt;
    uint8_t op_kind;
    bool lost;
};

struct rows {
    struct row *r;
    unsigned n, cap;
};

static char *dup_text(const char *s)
{
    char *d = strdup(s != NULL ? s : "");
    if (d == NULL)
        xp_fatal("out of memory");
    return d;
}

static void collect(void *ctx, const struct out_trace_line *l)
{
    struct rows *rs = ctx;
    char marked[512];
    rs->r = xp_grow(rs->r, &rs->cap, rs->n, sizeof(*rs->r), 64);
    struct row *r = &rs->r[rs->n++];
    /* Whole-width lines keep the text trace's markers. */
    if (l->thread < 0)
        snprintf(marked, sizeof(marked), "%s %s", l->kind == OUT_LINE_PREEMPTION ? "--" : "!!",
                 l->text);
    *r = (struct row){l->kind, l->thread, l->step, dup_text(l->thread < 0 ? marked : l->text),
                      dup_text(l->desc), l->s != NULL ? l->s->rdh : 0, l->s != NULL ? l->s->rdt : 0,
                      l->s != NULL ? l->s->op.kind : 0, l->s != NULL && l->s->lost != 0};
}

/* Lines of text: split at '\n', then wrapped at `width` characters (at a
 * blank where there is one). Calls fn for each piece; returns the count. */
static unsigned for_lines(const char *text, unsigned width,
                          void (*fn)(void *ctx, const char *line, unsigned i), void *ctx)
{
    unsigned count = 0;
    char piece[1024];
    if (text == NULL)
        return 0;
    for (const char *p = text; *p != '\0';) {
        const char *nl = strchr(p, '\n');
        size_t len = nl != NULL ? (size_t)(nl - p) : strlen(p);
        const char *end = p + len;
        do {
            size_t take = (size_t)(end - p);
            if (take > width) {
                take = width;
                while (take > width / 2 && p[take] != ' ')
                    take--;
                if (p[take] != ' ')
                    take = width;
            }
            if (take >= sizeof(piece))
                take = sizeof(piece) - 1;
            memcpy(piece, p, take);
            piece[take] = '\0';
            if (fn != NULL)
                fn(ctx, piece, count);
            count++;
            p += take;
            while (p < end && *p == ' ')
                p++;
        } while (p < end);
        p = nl != NULL ? nl + 1 : end;
    }
    return count;
}

struct text_block {
    FILE *f;
    double x, y;
    const char *cls;
};

static void draw_piece(void *ctx, const char *line, unsigned i)
{
    const struct text_block *b = ctx;
    out_svg_text(b->f, b->x, b->y + i * ROW, b->cls, NULL, line);
}

static double chars(size_t n)
{
    return (double)n * CHAR_W;
}

/* An arrow from x1 to x2 at height y, its tip at x2. */
static void arrow(FILE *f, double x1, double x2, double y, const char *line_cls, const char *tip_cls)
{
    double dir = x2 > x1 ? 1 : -1;
    double tip[6] = {x2, y, x2 - dir * 7, y - 3.5, x2 - dir * 7, y + 3.5};
    out_svg_line(f, x1, y, x2 - dir * 6, y, line_cls);
    out_svg_polygon(f, tip, 3, tip_cls);
}

void out_explain_svg(FILE *f, const struct xp_exec *x, unsigned nsteps, const char *head,
                  const char *foot, bool standalone)
{
    struct rows rs = {NULL, 0, 0};
    char dt[64], rt[64], dh[80], rh[80], title[200];
    static const char mem_head[] = "RDH RDT  touched descriptor after";

    out_trace_walk(x, nsteps, collect, &rs);
    snprintf(dh, sizeof(dh), "device: %s", xp_device_title(&x->cfg, dt, sizeof(dt)));
    snprintf(rh, sizeof(rh), "driver: %s", xp_driver_title(&x->cfg, rt, sizeof(rt)));
    snprintf(title, sizeof(title), "e1000_poc explain: %s and %s", dt, rt);

    /* Lane widths from their longest text. */
    size_t wdev = strlen(dh), wdrv = strlen(rh), wmem = strlen(mem_head);
    for (unsigned i = 0; i < rs.n; i++) {
        const struct row *r = &rs.r[i];
        size_t len = strlen(r->text);
        if (r->thread == XP_DEVICE && len > wdev)
            wdev = len;
        if (r->thread == XP_DRIVER && len > wdrv)
            wdrv = len;
        if (strlen(r->desc) + MEM_DESC_COL > wmem)
            wmem = strlen(r->desc) + MEM_DESC_COL;
    }
    double x_dev = X_LANES, w_dev = chars(wdev) + 2 * PAD;
    double x_mem = x_dev + w_dev + GAP, w_mem = chars(wmem) + 2 * PAD;
    double x_drv = x_mem + w_mem + GAP, w_drv = chars(wdrv) + 2 * PAD;
    double width = x_drv + w_drv + 12;
    unsigned wrap = (unsigned)((width - x_dev - 12) / CHAR_W);
    if (wrap < WRAP_MIN) {
        wrap = WRAP_MIN;
        width = x_dev + chars(wrap) + 12;
    }

    /* Heights: title, head, column titles, the rows, foot. */
    unsigned nhead = for_lines(head, wrap, NULL, NULL), nfoot = for_lines(foot, wrap, NULL, NULL);
    unsigned nrows = 0;
    for (unsigned i = 0; i < rs.n; i++)
        nrows += rs.r[i].thread < 0 ? for_lines(rs.r[i].text, wrap - 3, NULL, NULL) : 1;
    double y_head = 44, y_cols = y_head + nhead * ROW + 14, y_rows = y_cols + ROW + 6;
    double y_foot = y_rows + nrows * ROW + 18;
    double height = y_foot + nfoot * ROW + 10;

    out_svg_begin(f, standalone, width, height, title, css);
    out_svg_rect(f, 0, 0, width, height, NULL, "fill:#fff");
    out_svg_text(f, 12, 24, "title", NULL, title);
    struct text_block hb = {f, 12, y_head, "head"};
    for_lines(head, wrap, draw_piece, &hb);

    /* Lanes and their titles. */
    double lanes_top = y_cols - ROW + 2, lanes_h = y_rows + nrows * ROW + 4 - lanes_top;
    out_svg_rect(f, x_dev, lanes_top, w_dev, lanes_h, "lane-device", NULL);
    out_svg_rect(f, x_mem, lanes_top, w_mem, lanes_h, "lane-memory", NULL);
    out_svg_rect(f, x_drv, lanes_top, w_drv, lanes_h, "lane-driver", NULL);
    out_svg_text(f, x_dev - 6, y_cols, "colhead", "end", "step");
    out_svg_text(f, x_dev + PAD, y_cols, "colhead", NULL, dh);
    out_svg_text(f, x_mem + PAD, y_cols, "colhead", NULL, mem_head);
    out_svg_text(f, x_drv + PAD, y_cols, "colhead", NULL, rh);

    double y = y_rows; /* top of the current row */
    for (unsigned i = 0; i < rs.n; i++) {
        const struct row *r = &rs.r[i];
        double base = y + ROW - 4, mid = y + ROW / 2;
        switch (r->kind) {
        case OUT_LINE_STEP: {
            bool dev = r->thread == XP_DEVICE;
            const char *cls = r->lost ? "damage" : "step";
            out_svg_group_begin(f, cls);
            if (r->lost)
                out_svg_rect(f, x_dev - 48, y, width - x_dev + 44, ROW, "row-damage", NULL);
            out_svg_textf(f, x_dev - 6, base, "stepno", "end", "%u", r->step);
            out_svg_text(f, (dev ? x_dev : x_drv) + PAD, base, NULL, NULL, r->text);
            out_svg_textf(f, x_mem + PAD + chars(3), base, NULL, "end", "%" PRIu32, r->rdh);
            out_svg_textf(f, x_mem + PAD + chars(7), base, NULL, "end", "%" PRIu32, r->rdt);
            out_svg_text(f, x_mem + PAD + chars(MEM_DESC_COL), base, NULL, NULL, r->desc);
            /* The arrow crosses the gap between the lane and memory: into
             * memory for a store, out of it for a load, a dot for a fence. */
            double lane_edge = dev ? x_dev + w_dev : x_drv, mem_edge = dev ? x_mem : x_mem + w_mem;
            if (r->op_kind == XP_OP_STORE)
                arrow(f, lane_edge + (dev ? 2 : -2), mem_edge, mid,
                      r->lost ? "arrow-damage" : "arrow-store", r->lost ? "tip-damage" : "tip-store");
            else if (r->op_kind == XP_OP_LOAD)
                arrow(f, mem_edge + (dev ? -2 : 2), lane_edge, mid, "arrow-load", "tip-load");
            else
                out_svg_rect(f, (lane_edge + mem_edge) / 2 - 3, mid - 3, 6, 6, "fence", NULL);
            out_svg_group_end(f);
            y += ROW;
            break;
        }
        case OUT_LINE_PREEMPTION:
        case OUT_LINE_DAMAGE:
        case OUT_LINE_VIOLATION: {
            const char *cls = r->kind == OUT_LINE_PREEMPTION ? "preemption"
                              : r->kind == OUT_LINE_DAMAGE  ? "damage"
                                                           : "violation";
            unsigned n = for_lines(r->text, wrap - 3, NULL, NULL);
            out_svg_group_begin(f, cls);
            if (r->kind == OUT_LINE_PREEMPTION)
                out_svg_line(f, x_dev - 48, y + 1, width - 4, y + 1, NULL);
            else
                out_svg_rect(f, x_dev - 48, y, width - x_dev + 44, n * ROW, "row-violation", NULL);
            struct text_block b = {f, x_dev + PAD, base, NULL};
            for_lines(r->text, wrap - 3, draw_piece, &b);
            out_svg_group_end(f);
            y += n * ROW;
            break;
        }
        case OUT_LINE_PACKET:
        case OUT_LINE_EVENT:
            out_svg_text(f, (r->thread == XP_DEVICE ? x_dev : x_drv) + PAD, base,
                     r->kind == OUT_LINE_PACKET ? "packet" : "event", NULL, r->text);
            y += ROW;
            break;
        }
    }
    struct text_block fb = {f, 12, y_foot, "foot"};
    for_lines(foot, wrap, draw_piece, &fb);
    out_svg_end(f);

    for (unsigned i = 0; i < rs.n; i++) {
        free(rs.r[i].text);
        free(rs.r[i].desc);
    }
    free(rs.r);
}
