// SPDX-License-Identifier: GPL-2.0-or-later
/* tx.c - the TX explorer's configuration rules (tx.h). */
#include "explain/tx.h"

#include <stdio.h>
#include <string.h>

#include "explain/pattern.h"
#include "model/txdesc.h"

const char *const xt_violation_names[XT_V_COUNT] = {
    [XT_V_IN_FLIGHT] = "in-flight", [XT_V_UNOWNED] = "unowned",
    [XT_V_RESENT] = "resent", [XT_V_HANG] = "hang",
};
const char *const xt_violation_text[XT_V_COUNT] = {
    [XT_V_IN_FLIGHT] = "the driver freed a buffer the device had not sent yet (use after free)",
    [XT_V_UNOWNED] = "the driver reclaimed a descriptor it had not handed to the device",
    [XT_V_RESENT] = "the device sent a buffer other than the one filled, or one fill twice",
    [XT_V_HANG] = "nothing can move and frames are left unsent (the queue stays stopped)",
};

bool xt_two_vcpus(const struct xt_config *c)
{
    return c->driver == NIC_DRV_LINUX_E1000 || c->driver == NIC_DRV_LINUX_E1000E;
}

static unsigned ring_min(enum nic_driver_id d)
{
    /* dpdk-em: tx_rs_thresh = tx_free_thresh = ring / 2 here, and the PMD
     * wants tx_free_thresh < ring - 3. */
    return d == NIC_DRV_DPDK_EM ? 8 : XT_RING_MIN;
}

void xt_config_defaults(struct xt_config *c)
{
    if (c->ring == 0)
        c->ring = ring_min(c->driver);
    if (c->packets == 0)
        c->packets = c->ring + 2;
}

const char *xt_config_problem(const struct xt_config *c)
{
    static char why[200];
    const char *p = nic_pair_problem(c->device, c->driver);
    if (p != NULL)
        return p;
    if (c->driver == NIC_DRV_LINUX_IGB)
        return "linux-igb's transmit path is not modelled (--path=tx takes dpdk-em, dpdk-igb,"
               " linux-e1000, linux-e1000e)";
    if (c->fix != E1000_FIX_NONE && c->fix != E1000_FIX_UPSTREAM && c->fix != E1000_FIX_DD_BYTE)
        return "--path=tx takes --qemu-fix none, upstream (the same on TX: no QEMU release"
               " changed its TX write-back) or dd-byte";
    if (c->ring < ring_min(c->driver) || c->ring > TX_RING_MAX) {
        snprintf(why, sizeof(why), "--ring %u: %s's TX needs %u..%u descriptors here", c->ring,
                 nic_drivers[c->driver].name, ring_min(c->driver), TX_RING_MAX);
        return why;
    }
    if (c->packets < 1 || c->packets > XT_PACKETS_MAX) {
        snprintf(why, sizeof(why), "--packets %u: --path=tx sends 1..%u frames", c->packets,
                 XT_PACKETS_MAX);
        return why;
    }
    if (c->preemptions > XT_SCHEDULE_MAX) {
        snprintf(why, sizeof(why), "--preemptions %u: --path=tx explores at most %u",
                 c->preemptions, XT_SCHEDULE_MAX);
        return why;
    }
    return NULL;
}

int xt_first_violation(unsigned violations)
{
    for (int i = 0; i < XT_V_COUNT; i++)
        if (violations & (1u << i))
            return i;
    return -1;
}

static void pattern_of(const struct xt_config *c, size_t len, size_t off, struct xt_pattern *p)
{
    p->len = len;
    p->off = off;
    p->why = NULL;
    p->rc = xp_copy_pattern(c->copy, len, off, &p->p, &p->why);
}

void xt_header_gather(const struct xt_config *c, struct xt_header *h)
{
    /* igb writes the whole 16-byte descriptor back; e1000/e1000e the
     * 4-byte `upper` (tx.h). */
    bool igb = c->device == NIC_DEV_IGB;
    pattern_of(c, igb ? 16 : 4, igb ? 0 : TX_STATUS_OFF, &h->writeback);
    memset(&h->dd, 0, sizeof(h->dd));
    if (c->fix == E1000_FIX_DD_BYTE)
        pattern_of(c, 1, TX_STATUS_OFF, &h->dd);
}
