// SPDX-License-Identifier: GPL-2.0-or-later
/* tx_outcome.c - a found TX schedule traced, and --all's rows
 * (tx_outcome.h). */
#include "explain/tx_outcome.h"

#include <stdbool.h>

const enum e1000_fix xt_all_fixes[XT_ALL_FIXES] = {E1000_FIX_NONE, E1000_FIX_DD_BYTE};

int xt_trace(const struct xt_config *c, const struct xt_schedule *s, struct xt_exec *x,
             const char **why)
{
    if (xt_exec_init(x, c, why) != 0)
        return -1;
    xt_exec_run(x, s, 0, true);
    return 0;
}

/* One row: the first violation of c with each of xt_all_fixes. */
static void all_row(struct xt_row *row)
{
    struct xt_config c = row->cfg;
    for (int f = 0; f < XT_ALL_FIXES; f++) {
        struct xt_result res;
        const char *why = NULL;
        c.fix = xt_all_fixes[f];
        row->cell[f] = xt_search(&c, &res, &why) != 0 ? XT_CELL_CANNOT
                                                      : xt_first_violation(res.violations);
    }
}

int xt_explain_all(int device, int driver, unsigned ring, unsigned packets, unsigned preemptions,
                   xt_row_sink sink, void *ctx)
{
    bool any = false;
    for (int d = 0; d < NIC_DEV_COUNT; d++) {
        if (device >= 0 && device < NIC_DEV_COUNT && d != device)
            continue;
        for (int k = 0; k < NIC_DRV_COUNT; k++) {
            /* Linux igb's transmit path is not modelled (xt_config_problem). */
            if (k == NIC_DRV_LINUX_IGB || !nic_drivers[k].binds[d])
                continue;
            if (driver >= 0 && driver < NIC_DRV_COUNT && k != driver)
                continue;
            for (int cp = 0; cp < DMA_COPY_COUNT; cp++) {
                struct xt_row row = {.cfg = {(enum nic_device_id)d, (enum nic_driver_id)k,
                                             E1000_FIX_NONE, (enum dma_copy_id)cp, ring, packets,
                                             preemptions}};
                xt_config_defaults(&row.cfg);
                all_row(&row);
                any |= row.cell[0] >= 0;
                sink(ctx, &row);
            }
        }
    }
    return any ? 1 : 0;
}
