// SPDX-License-Identifier: GPL-2.0-or-later
/* ring_fixture.h - a ring set up by hand, for tests that drive the device
 * and the driver one call at a time on one thread. */
#ifndef E1000_POC_RING_FIXTURE_H
#define E1000_POC_RING_FIXTURE_H

#include <string.h>

#include "model/device/e1000.h"
#include "model/driver/em.h"
#include "model/guest_mem.h"

/* Arm every descriptor with buffer 100 + i (or 0 if null_buffers), status 0,
 * RDLEN for nb_desc, RDH = 0, RDT = nb_desc - 1: what a driver's init does. */
static inline void fixture_arm(struct gm_region *gm, uint32_t nb_desc, int null_buffers)
{
    for (uint32_t i = 0; i < nb_desc; i++) {
        memset(&gm->rx_rings[i], 0, sizeof(gm->rx_rings[i]));
        gm->rx_rings[i].buffer_addr = null_buffers ? 0 : 100 + i;
    }
    gm->rdlen = nb_desc * (uint32_t)sizeof(struct e1000_rx_desc);
    gm->rdh = 0;
    gm->rdt = nb_desc - 1;
}

/* A 16-byte snapshot of descriptor i. */
static inline struct e1000_rx_desc fixture_desc(struct gm_region *gm, uint32_t i)
{
    struct e1000_rx_desc d;
    memcpy(&d, (const void *)&gm->rx_rings[i], sizeof(d));
    return d;
}

#endif
