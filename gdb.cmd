# SPDX-License-Identifier: GPL-2.0-or-later
# gdb.cmd - watch one descriptor's status byte while e1000_poc runs.
#
#   make run RX_INTERVAL=1000 ARGS="--continue --pid-file run.pid" &
#   gdb -p $(cat run.pid) -x gdb.cmd
#
# (Slow mode. ARGS=--continue: runs until Ctrl-C; without it the run, and
# with it this session, ends at the first ring hang.)
# Every write to the status byte of descriptor 4 stops the writing thread
# for a moment: the device in the middle of its memcpy, or the driver after
# `status = 0`. Those pauses widen the window between the copy's stores,
# which is why the race shows up quickly under this script even at one
# packet a second. gdb prints who wrote and the old and new value.
set pagination off
set confirm off
display g_shm->rdh
display g_shm->rdt
watch -l g_shm->rx_rings[4].status
commands
  continue
end
continue
