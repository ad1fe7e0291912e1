// SPDX-License-Identifier: GPL-2.0-or-later
/* device/e1000e.h - QEMU's e1000e (82574) receive path (hw/net/e1000e_core.c),
 * modelled: legacy or extended descriptors, as the driver chose in RFCTL. */
#ifndef E1000_POC_DEVICE_E1000E_H
#define E1000_POC_DEVICE_E1000E_H

#include "model/device/e1000x.h"

bool e1000e_has_rxbufs(E1000ECore *core, size_t total_size);

/* Receive one packet of `size` bytes; -1 when the ring has no room. */
ssize_t e1000e_receive_iov(E1000ECore *core, size_t size);

#endif
