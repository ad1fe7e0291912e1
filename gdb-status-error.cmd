# SPDX-License-Identifier: GPL-2.0-or-later
# gdb-status-error.cmd - watch one descriptor's 4-byte status_error (offset
# 8 of extended and advanced descriptors: e1000e with Linux's e1000e driver,
# igb with DPDK's igb PMD) while e1000_poc runs.
#
#   make run RX_INTERVAL=1000 ARGS="--device=igb --qemu-fix=upstream --continue --pid-file run.pid" &
#   gdb -p $(cat run.pid) -x gdb-status-error.cmd
#
# (ARGS=--continue: runs until Ctrl-C; without it the run, and with it this
# session, ends at the first ring hang.) Every write to status_error of
# descriptor 4 stops the writing thread for a moment: the device in its
# second pci_dma_write, the driver at its clear (DPDK igb: hdr_addr = 0;
# Linux e1000e: status_error &= ~0xFF). gdb prints the old and new value;
# the device's DD is bit 0. gdb-status-error-detail.cmd also says who wrote
# and marks the damaging write.
set pagination off
set confirm off
display g_shm->rdh
display g_shm->rdt
watch -l ((union e1000_adv_rx_desc *)&g_shm->rx_rings[4])->wb.upper.status_error
commands
  continue
end
continue
