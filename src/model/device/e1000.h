// SPDX-License-Identifier: GPL-2.0-or-later
/* device/e1000.h - QEMU's e1000 receive path (hw/net/e1000.c), modelled. */
#ifndef E1000_POC_DEVICE_E1000_H
#define E1000_POC_DEVICE_E1000_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "model/device/e1000x.h"

/* Room for a packet of total_size bytes between RDH and RDT? */
bool e1000_has_rxbufs(E1000State *s, size_t total_size);

/* Receive one packet of `size` bytes (QEMU: e1000_receive_iov with the
 * payload left out; the model's buffers are numbers, not memory). Returns
 * the size, or -1 when the ring has no room (QEMU then queues the packet and
 * retries when the guest writes RDT). */
ssize_t e1000_receive_iov(E1000State *s, size_t size);

#endif
