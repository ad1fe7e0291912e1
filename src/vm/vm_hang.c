// SPDX-License-Identifier: GPL-2.0-or-later
/* vm_hang.c - RDH/RDT through QEMU's monitor (hmp.h; vm_hang.h). */
#include "vm/vm_hang.h"

#include <stdio.h>

#include "vm/hmp.h"

int vm_hang_read(const char *hmp_sock, uint32_t *rdh, uint32_t *rdt, char *why, size_t len)
{
	*rdh = *rdt = 0;
	struct vmhmp *h = vmhmp_open(hmp_sock, why, len);
	if (h == NULL)
		return -1;
	uint64_t bar0;
	struct vmhmp_ring ring;
	int rc = vmhmp_nic_bar0(h, &bar0);
	if (rc < 0) {
		snprintf(why, len, "RDH/RDT not read: %s", rc == -2 ? "the monitor shows no Intel NIC" :
			 rc == -3 ? "the NIC's BAR0 is not assigned" : "info pci failed");
		vmhmp_close(h);
		return -1;
	}
	if (vmhmp_rx_ring(h, bar0, &ring) < 0) {
		snprintf(why, len, "RDH/RDT not read: xp on the NIC's registers failed");
		vmhmp_close(h);
		return -1;
	}
	vmhmp_close(h);
	*rdh = ring.rdh;
	*rdt = ring.rdt;
	return 0;
}
