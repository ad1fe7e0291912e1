// SPDX-License-Identifier: GPL-2.0-or-later
/* vm_hang.c - RDH/RDT through QEMU's monitor, and whether --widen is built
 * (vm_hang.h). This file is the seam for the monitor client and the
 * watchpoint (hmp.c, ptwatch.c): when they are merged, vm_hang_read becomes
 * vmhmp_open + vmhmp_nic_bar0 + vmhmp_rx_ring + vmhmp_close, and
 * vm_widen_available asks ptwatch. Until then both say "not built". */
#include "vm/vm_hang.h"

#include <stdio.h>

int vm_hang_read(const char *hmp_sock, uint32_t *rdh, uint32_t *rdt, char *why, size_t len)
{
	(void)hmp_sock;
	*rdh = *rdt = 0;
	snprintf(why, len, "RDH/RDT not read: the monitor client (src/vm/hmp.c) is not built in");
	return -1;
}

int vm_widen_available(char *why, size_t len)
{
	snprintf(why, len, "--widen=watchpoint is not built: it needs src/vm/ptwatch.c (the watchpoint"
			   " on QEMU's device thread)");
	return -1;
}
