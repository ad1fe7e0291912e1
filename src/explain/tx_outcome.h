// SPDX-License-Identifier: GPL-2.0-or-later
/* tx_outcome.h - what `explain --path=tx` shows, as data: the found
 * schedule run once more with its trace kept, and the rows of --all (each
 * device x driver x copy, with QEMU's write-back as it is and with the
 * patch's dd-byte). Nothing here prints; output/out_tx_trace.c does. */
#ifndef E1000_POC_XP_TX_OUTCOME_H
#define E1000_POC_XP_TX_OUTCOME_H

#include "explain/tx.h"
#include "explain/tx_exec.h"
#include "explain/tx_search.h"

/* Run schedule s of c once from the start, keeping its trace and events in
 * x (free it with xt_exec_free). 0, or -1 with a sentence in *why (then x
 * holds nothing to free). */
int xt_trace(const struct xt_config *c, const struct xt_schedule *s, struct xt_exec *x,
             const char **why);

/* --all's cells: the first violation (enum xt_violation), XT_CELL_CLEAN,
 * or XT_CELL_CANNOT when the search could not run. */
#define XT_CELL_CLEAN (-1)
#define XT_CELL_CANNOT (-2)
#define XT_ALL_FIXES 2
extern const enum e1000_fix xt_all_fixes[XT_ALL_FIXES]; /* none, dd-byte */

struct xt_row {
    struct xt_config cfg; /* the row's configuration, with qemu-fix none */
    int cell[XT_ALL_FIXES];
};

/* Called once a row is known, so that the table grows as it runs. */
typedef void (*xt_row_sink)(void *ctx, const struct xt_row *row);

/* Every copy routine of every device and driver the TX model covers
 * (device, driver: one of them, or -1 / NIC_*_COUNT for all), ring and
 * packets as given (0: the driver's defaults), at most preemptions.
 * Returns 1 if some row violates with qemu-fix none, else 0. */
int xt_explain_all(int device, int driver, unsigned ring, unsigned packets, unsigned preemptions,
                   xt_row_sink sink, void *ctx);

#endif
