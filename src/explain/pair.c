// SPDX-License-Identifier: GPL-2.0-or-later
/* pair.c - the explorer's facts about each driver, and the checks of a
 * configuration (see pair.h). */
#include "explain/pair.h"

#include <stdio.h>

/* Bytes 0-7 (the buffer address), the 1-byte status at 12, the 4-byte
 * status_error at 8. */
#define BYTES_BUF 0x00FFu
#define BYTES_STATUS 0x1000u
#define BYTES_STATUS_ERROR 0x0F00u
#define BYTES_LENGTH 0x3000u

const struct xp_driver_model xp_driver_models[NIC_DRV_COUNT] = {
    [NIC_DRV_DPDK_EM] = {"DPDK", "burst", true, false, BYTES_BUF | BYTES_STATUS,
                         "buffer_addr, then status = 0"},
    [NIC_DRV_DPDK_IGB] = {"DPDK", "burst", true, false, 0xFFFFu,
                          "all 16 bytes: hdr_addr = 0 (status_error, length, vlan), then pkt_addr"},
    [NIC_DRV_LINUX_E1000] = {"Linux", "budget", false, false, BYTES_BUF | BYTES_STATUS,
                             "status = 0, and buffer_addr later (a batch, or the end of the poll)"},
    [NIC_DRV_LINUX_E1000E] = {"Linux", "budget", false, true, BYTES_BUF | BYTES_STATUS_ERROR,
                              "status_error &= ~0xFF (a 4-byte load and store), and buffer_addr"
                              " later"},
    [NIC_DRV_LINUX_IGB] = {"Linux", "budget", false, false, BYTES_BUF | BYTES_LENGTH,
                           "pkt_addr at the end of the poll, then length = 0 of the slot after it;"
                           " status_error never"},
};

unsigned xp_ring_min(const struct xp_config *c)
{
    switch (c->driver) {
    case NIC_DRV_LINUX_E1000:
        return 3;
    case NIC_DRV_LINUX_E1000E:
        return c->rx_buffer_write + 2;
    case NIC_DRV_DPDK_EM:
    case NIC_DRV_DPDK_IGB:
    default:
        return XP_RING_MIN;
    }
}

const char *xp_config_problem(const struct xp_config *c)
{
    static char why[200];
    if ((unsigned)c->device >= NIC_DEV_COUNT || (unsigned)c->driver >= NIC_DRV_COUNT)
        return "no such device or driver";
    const struct nic_driver *drv = &nic_drivers[c->driver];
    const struct xp_driver_model *m = &xp_driver_models[c->driver];
    const char *pair = nic_pair_problem(c->device, c->driver);
    if (pair != NULL) {
        snprintf(why, sizeof(why), "%s", pair);
        return why;
    }
    if (m->batch && (c->rx_buffer_write == 0 || c->rx_buffer_write > XP_BATCH_MAX ||
                     (c->rx_buffer_write & (c->rx_buffer_write - 1)) != 0)) {
        snprintf(why, sizeof(why), "the rx-buffer-write batch must be a power of two in 1..%u",
                 XP_BATCH_MAX);
        return why;
    }
    if (!m->batch && c->rx_buffer_write != 0) {
        snprintf(why, sizeof(why), "%s has no rx-buffer-write batch to set (linux-e1000e has)",
                 drv->name);
        return why;
    }
    if (!m->rx_free_thresh && c->rx_free_thresh != 0) {
        snprintf(why, sizeof(why), "%s has no rx_free_thresh (the DPDK drivers have)", drv->name);
        return why;
    }
    unsigned min = xp_ring_min(c);
    if (c->ring < min || c->ring > XP_RING_MAX) {
        if (m->batch)
            snprintf(why, sizeof(why), "ring %u: %s with a batch of %u needs %u..%u descriptors"
                     " (RDT moves only to multiples of the batch)", c->ring, drv->name,
                     c->rx_buffer_write, min, XP_RING_MAX);
        else
            snprintf(why, sizeof(why), "ring %u: %s needs %u..%u descriptors here", c->ring,
                     drv->name, min, XP_RING_MAX);
        return why;
    }
    if (c->packets < 1 || c->packets > XP_PACKETS_MAX || c->burst < 1 || c->burst > XP_BURST_MAX) {
        snprintf(why, sizeof(why), "packets must be in 1..%u and the %s in 1..%u", XP_PACKETS_MAX,
                 m->burst_name, XP_BURST_MAX);
        return why;
    }
    const char *hang = nic_thresh_problem(c->ring, c->rx_free_thresh);
    if (hang != NULL) {
        snprintf(why, sizeof(why), "%s", hang);
        return why;
    }
    return NULL;
}

const char *xp_device_title(const struct xp_config *c, char *buf, unsigned n)
{
    snprintf(buf, n, "QEMU %s", nic_devices[c->device].receive_fn);
    return buf;
}

const char *xp_driver_title(const struct xp_config *c, char *buf, unsigned n)
{
    snprintf(buf, n, "%s %s", xp_driver_models[c->driver].vendor, nic_drivers[c->driver].recv_fn);
    return buf;
}
