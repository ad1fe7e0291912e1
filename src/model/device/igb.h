// SPDX-License-Identifier: GPL-2.0-or-later
/* device/igb.h - QEMU's igb (82576) receive path (hw/net/igb_core.c),
 * modelled with advanced descriptors (SRRCTL.DESCTYPE "advanced, one
 * buffer", what DPDK's igb PMD programs). */
#ifndef E1000_POC_DEVICE_IGB_H
#define E1000_POC_DEVICE_IGB_H

#include "model/device/e1000x.h"

bool igb_has_rxbufs(IGBCore *core, size_t total_size);

/* Receive one packet of `size` bytes; -1 when the ring has no room. */
ssize_t igb_receive_iov(IGBCore *core, size_t size);

#endif
