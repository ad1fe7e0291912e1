// SPDX-License-Identifier: GPL-2.0-or-later
/* expect.h - what each variant should give, argued from the copy
 * routine's store patterns and the descriptor format alone, without
 * exploring. `explain --all` holds every row against it: the explorer and
 * this argument are independent, so agreement on all rows is evidence for
 * both.
 *
 * The status field is the 1-byte `status` at 12 (legacy) or the 4-byte
 * `status_error` at 8 (extended, advanced); DD is bit 0 of its first byte,
 * "the DD byte". Every modelled driver, when it takes a descriptor, clears
 * DD (legacy: status = 0; dpdk-igb: hdr_addr = 0; linux-e1000e:
 * status_error &= ~0xFF) and re-arms the buffer address (bytes 0-7, at once
 * or later in the poll), and it writes nothing else a device store could
 * change to any effect: the other bytes it writes (igb's length and vlan,
 * the upper status_error bytes) matter only while DD is set. So a device
 * store does damage iff it lands after the driver took the descriptor and
 * covers the DD byte (DD comes back) or a buffer address byte (the armed
 * buffer is lost); xp_driver_models[].writes holds what each driver writes.
 *
 *   dpdk-fix stop-at-rdh   none: the device moves RDH past a descriptor
 *                          only after writing all of it, and the driver
 *                          never touches the descriptor at RDH.
 *   qemu-fix none          violation iff a store after the first store that
 *                          carries the DD byte either covers a byte the
 *                          driver writes whose rewrite does damage (the DD
 *                          byte, bytes 0-7), or writes a byte no earlier
 *                          store wrote (a torn read).
 *   qemu-fix upstream      the 16 bytes carry DD clear, so only the status
 *                          field's own write matters: violation iff a store
 *                          of it after the first that carries the DD byte
 *                          covers the DD byte again (it undoes the driver's
 *                          clear). A 4-byte status_error copied in two
 *                          identical stores (glibc) does; copied byte by byte
 *                          it does not (the later stores hold the same
 *                          zeros as the bytes the driver left).
 *   qemu-fix atomic-status none: the field goes out in one store after the
 *                          rest.
 *   qemu-fix broken-dd-first  violation: DD is out before the 16 bytes.
 */
#ifndef E1000_POC_XP_EXPECT_H
#define E1000_POC_XP_EXPECT_H

#include <stdbool.h>

#include "explain/explain.h"

/* true: a violation is expected. desc16: the pattern of the 16-byte write;
 * status: of the status field's write (cfg's format). *because: the rule,
 * one clause. */
bool xp_expect_violation(const struct xp_config *cfg, const struct dma_pattern *desc16,
                         const struct dma_pattern *status, const char **because);

#endif
