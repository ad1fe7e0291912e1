/* xp_expect.h - what each variant should give, argued from the copy
 * routine's store pattern alone, without exploring. `explain --all` holds
 * every row against it: the explorer and this argument are independent, so
 * agreement on all rows is evidence for both.
 *
 *   dpdk-fix stop-at-rdh   none: the device moves RDH past a descriptor
 *                          only after writing all of it, and the driver
 *                          never touches the descriptor at RDH.
 *   qemu-fix none          violation iff a store after the first store that
 *                          carries DD (byte 12) either rewrites a byte the
 *                          driver writes when it re-arms (0-7, 12), or writes
 *                          a byte no earlier store wrote (a torn read).
 *   qemu-fix upstream      the 16 bytes carry DD clear, so only the status
 *                          byte's own write matters: violation iff it is more
 *                          than one store (a later one undoes status = 0).
 *   qemu-fix broken-dd-first  violation: DD is out before the 16 bytes.
 */
#ifndef E1000_POC_XP_EXPECT_H
#define E1000_POC_XP_EXPECT_H

#include <stdbool.h>

#include "xp.h"

/* true: a violation is expected. *because: the rule, one clause. */
bool xp_expect_violation(const struct xp_config *cfg, const struct dma_pattern *desc16,
                         const struct dma_pattern *status1, const char **because);

#endif
