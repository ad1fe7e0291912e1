// SPDX-License-Identifier: GPL-2.0-or-later
/* vm_hang.h - the NIC's RX ring head and tail (RDH, RDT) as QEMU's device
 * model holds them, read through QEMU's human monitor: what tells a ring
 * hang (RDH == RDT, unchanged, frames waiting) from a slow receiver.
 * When the monitor cannot be read, vm_hang_read() says why and a stall is
 * reported as a stall, not a hang. */
#ifndef E1000_POC_VM_HANG_H
#define E1000_POC_VM_HANG_H

#include <stddef.h>
#include <stdint.h>

/* 0 with *rdh and *rdt; -1 with the reason in why. */
int vm_hang_read(const char *hmp_sock, uint32_t *rdh, uint32_t *rdt, char *why, size_t len);

#endif
