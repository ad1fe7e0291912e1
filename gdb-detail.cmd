# gdb-detail.cmd - the seed's detailed view: RDH/RDT, every RDT write, and
# registers and instructions at every write to descriptor 4's status byte.
#
#   make RX_DESC_NUM=8
#   make run RX_INTERVAL=1000 DPDK_VLOG=1 ARGS="--pid-file run.pid" &
#   gdb -p $(cat run.pid) -x gdb-detail.cmd
#
# The damaging write shows as "Old value = 0, New value = 1" reported in
# the device thread's memcpy after the driver's `status = 0`: the second
# store of the 16-byte copy putting DD back.
set pagination off
set confirm off
display g_shm->rdh
display g_shm->rdt
watch -l g_shm->rdt
commands
  continue
end
watch -l g_shm->rx_rings[4].status
commands
  info registers
  x/8i $pc-16
  continue
end
continue
