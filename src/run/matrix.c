// SPDX-License-Identifier: GPL-2.0-or-later
/* matrix.c - the cells of `matrix`, planned and run (see matrix.h). */
#include "run/matrix.h"

#include <stdio.h>
#include <stdlib.h>

unsigned matrix_choose_pairs(struct matrix_pairs *p, int dev, int drv, bool driver_given,
                             unsigned ring, const char *device_arg, const char *driver_arg,
                             char *why, size_t why_len)
{
    *p = (struct matrix_pairs){.n = 0};
    for (int d = 0; d < NIC_DEV_COUNT; d++) {
        if (dev >= 0 && d != dev)
            continue;
        for (int k = 0; k < NIC_DRV_COUNT; k++) {
            bool chosen = !driver_given ? k == (int)nic_default_driver((enum nic_device_id)d)
                                        : (drv < 0 || k == drv);
            if (chosen && nic_drivers[k].binds[d] && ring >= nic_drivers[k].ring_min) {
                p->on[d][k] = true;
                p->n++;
            }
        }
    }
    if (p->n > 0)
        return p->n;
    if (dev >= 0 && drv >= 0) {
        const char *bad = nic_pair_problem((enum nic_device_id)dev, (enum nic_driver_id)drv);
        if (bad != NULL)
            snprintf(why, why_len, "--device=%s --driver=%s: %s", device_arg, driver_arg, bad);
        else
            snprintf(why, why_len, "--ring %u: %s needs at least %u descriptors", ring, driver_arg,
                     nic_drivers[drv].ring_min);
        return 0;
    }
    char binds[256];
    size_t at = 0;
    binds[0] = '\0';
    for (int k = 0; k < NIC_DRV_COUNT; k++)
        for (int d = 0; d < NIC_DEV_COUNT; d++)
            if (nic_drivers[k].binds[d] && at < sizeof(binds))
                at += (size_t)snprintf(binds + at, sizeof(binds) - at, "%s%s/%s", at ? ", " : "",
                                       nic_devices[d].name, nic_drivers[k].name);
    snprintf(why, why_len, "--device=%s --driver=%s: no driver chosen drives a device chosen with a"
             " ring of %u (pairs that bind: %s)", device_arg, driver_arg ? driver_arg : "(default)",
             ring, binds);
    return 0;
}

int matrix_plan(struct matrix *m, const struct matrix_pairs *p, const struct live_config *base,
                unsigned gap)
{
    *m = (struct matrix){.npairs = p->n};
    m->cell = calloc((size_t)p->n * E1000_FIX_COUNT * EM_WORKAROUND_COUNT * DMA_COPY_COUNT,
                     sizeof(*m->cell));
    if (m->cell == NULL)
        return -1;
    for (int d = 0; d < NIC_DEV_COUNT; d++)
        for (int k = 0; k < NIC_DRV_COUNT; k++) {
            if (!p->on[d][k])
                continue;
            /* The real fixes; the deliberately broken one is explain's test. */
            for (int fix = 0; fix < E1000_FIX_COUNT; fix++)
                for (int w = 0; w < EM_WORKAROUND_COUNT; w++)
                    for (int copy = 0; copy < DMA_COPY_COUNT; copy++) {
                        if (fix == E1000_FIX_BROKEN_DD_FIRST)
                            continue;
                        struct live_config *c = &m->cell[m->ncells++].cfg;
                        *c = *base;
                        c->device = (enum nic_device_id)d;
                        c->driver = (enum nic_driver_id)k;
                        c->qemu_fix = (enum e1000_fix)fix;
                        c->dpdk_fix = (enum em_workaround)w;
                        c->copy = (enum dma_copy_id)copy;
                        c->gap = (dma_copies[copy].flags & DMA_F_GAP) ? gap : 0;
                    }
        }
    return 0;
}

void matrix_free(struct matrix *m)
{
    free(m->cell);
    m->cell = NULL;
}

int matrix_run(struct matrix *m, const volatile sig_atomic_t *stop, matrix_sink sink, void *ctx)
{
    for (unsigned i = 0; i < m->ncells; i++) {
        struct matrix_cell *cell = &m->cell[i];
        if (*stop) {
            m->interrupted = true;
            return 0;
        }
        if (!dma_copy_available(cell->cfg.copy, &cell->why)) {
            cell->state = MATRIX_SKIPPED;
        } else {
            /* A signal that came just before the cell's own handlers
             * stops the cell at once, not after its --each. */
            const struct live_hooks h = {.stop = stop};
            if (live_run(&cell->cfg, &cell->stats, &h) != 0) {
                m->error = cell->stats.error;
                return -1;
            }
            cell->state = MATRIX_RAN;
        }
        m->ran++;
        int rc = sink(ctx, cell);
        if (rc != 0)
            return rc;
    }
    m->interrupted = *stop != 0;
    return 0;
}
