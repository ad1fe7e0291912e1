// SPDX-License-Identifier: GPL-2.0-or-later
/* matrix.h - `matrix`: every device x driver pair chosen x qemu-fix (the
 * real ones: broken-dd-first is explain's test) x dpdk-fix x copy routine,
 * each cell a short live run through ring hangs (live.h). The cells are
 * planned first, run in order, and each one's result is kept for the
 * renderers (output/out_matrix.h); nothing here prints. */
#ifndef E1000_POC_RUN_MATRIX_H
#define E1000_POC_RUN_MATRIX_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "run/live.h"

/* The pairs a selection names: dev and drv are an index, or -1 for all;
 * without a driver (driver_given false), each device's default driver.
 * Only pairs that bind and fit the ring. Returns how many; with none, a
 * sentence in why, in run's words where one pair was named. */
struct matrix_pairs {
    bool on[NIC_DEV_COUNT][NIC_DRV_COUNT];
    unsigned n;
};
unsigned matrix_choose_pairs(struct matrix_pairs *p, int dev, int drv, bool driver_given,
                             unsigned ring, const char *device_arg, const char *driver_arg,
                             char *why, size_t why_len);

enum matrix_cell_state {
    MATRIX_PLANNED,     /* not run (yet) */
    MATRIX_SKIPPED,     /* the copy routine is not available here: why */
    MATRIX_RAN,         /* stats hold its run */
};

struct matrix_cell {
    struct live_config cfg;
    enum matrix_cell_state state;
    const char *why;
    struct live_stats stats;
};

struct matrix {
    struct matrix_cell *cell;
    unsigned ncells;    /* planned */
    unsigned npairs;
    unsigned ran;       /* cells run (a skipped one counts) */
    bool interrupted;   /* *stop ended it before the last cell */
    const char *error;  /* matrix_run returned -1: the cell's live_stats.error */
};

/* Plan the cells of the pairs p: each from base with its variant, the gap
 * only where the routine takes one. 0, or -1 out of memory. */
int matrix_plan(struct matrix *m, const struct matrix_pairs *p, const struct live_config *base,
                unsigned gap);
void matrix_free(struct matrix *m);

/* Called after each cell; a non-zero return stops the matrix there (the
 * output was lost). */
typedef int (*matrix_sink)(void *ctx, const struct matrix_cell *cell);

/* Run the cells in order until *stop. Returns 0; -1 if a cell could not
 * run at all (m->error says why); the sink's non-zero status if it stopped
 * the matrix. */
int matrix_run(struct matrix *m, const volatile sig_atomic_t *stop, matrix_sink sink, void *ctx);

#endif
