# SPDX-License-Identifier: GPL-2.0-or-later
# gdb-detail.cmd - the seed's detailed view of the legacy status byte (offset 12): RDH/RDT, every RDT
# write, and for every write to descriptor 4's status byte who wrote it,
# the registers and the storing instruction. The write that loses the
# driver's clear or re-arm is marked DAMAGING.
#
#   make RX_DESC_NUM=8
#   make run RX_INTERVAL=1000 DPDK_VLOG=1 ARGS="--continue --pid-file run.pid" &
#   gdb -p $(cat run.pid) -x gdb-detail.cmd
#
# ARGS=--continue keeps the run, and with it this session, going through
# ring hangs until Ctrl-C; without it the run ends at its first hang and gdb
# with it. Each stop of the writing thread widens the window between the
# copy's stores, which is why the race shows up under gdb even at one packet
# a second.
#
# The damaging write: the device thread sets DD again (Old value = 0, New value = 7: DD|EOP|IXSM)
# after the driver's clear, while RDH has not moved since the device
# published the descriptor: the second store of the same copy. gdb then
# prints ">>> DAMAGING". A fixed device (--qemu-fix=dd-byte, atomic-status)
# never shows it. Writers are told apart by their thread's function
# (qemu_worker: the device; dpdk_worker: the driver). Hardware watchpoints
# used: RDT, RDH, the status field (3 of x86's 4).
set pagination off
set confirm off
# e1000-poc-store: the instruction that made the store a watchpoint just
# reported. The trap comes after the store, so that instruction ends at
# $pc; disassembling backwards from $pc can start inside an instruction,
# so walk forward from the start of the function (its symbol) instead.
python
import re
import gdb

class E1000PocStore(gdb.Command):
    """Show the storing instruction before $pc, from an instruction boundary."""

    def __init__(self):
        super().__init__("e1000-poc-store", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        frame = gdb.selected_frame()
        pc = frame.pc()
        where = gdb.execute("info symbol %d" % pc, to_string=True)
        m = re.match(r"(\S+)(?: \+ (\d+))? in ", where)
        if not m:
            print("  (no symbol at $pc: no instruction boundary to start from)")
            gdb.execute("x/1i $pc")
            return
        start = pc - int(m.group(2) or 0)
        insns = frame.architecture().disassemble(start, pc) if start < pc else []
        before = [i for i in insns if i["addr"] < pc][-4:]
        for i in before:
            mark = "   <- the store" if i["addr"] + i["length"] == pc else ""
            print("  0x%x <%s+%d>: %s%s" % (i["addr"], m.group(1), i["addr"] - start,
                                            i["asm"], mark))
        gdb.execute("x/1i $pc")

E1000PocStore()
end

set $rdh_moves = 0
set $pub_moves = -1
set $cleared = 0
set $last_status = g_shm->rx_rings[4].status
display g_shm->rdh
display g_shm->rdt
watch -l g_shm->rdt
commands
  continue
end
watch -l g_shm->rdh
commands
  silent
  set $rdh_moves = $rdh_moves + 1
  continue
end
watch -l g_shm->rx_rings[4].status
commands
  set $new = g_shm->rx_rings[4].status
  if $_any_caller_matches("qemu_worker", 40)
    if ($new & 1) && !($last_status & 1) && $cleared && $pub_moves == $rdh_moves
      printf ">>> DAMAGING: the device set DD again (0x%x) after the driver cleared it, RDH unmoved since it published descriptor 4: the driver's write is lost\n", $new
      set $cleared = 0
    else
      if ($new & 1) && !($last_status & 1)
        printf ">>> device: published descriptor 4 (DD set, 0x%x)\n", $new
        set $pub_moves = $rdh_moves
        set $cleared = 0
      else
        printf ">>> device: wrote descriptor 4's status (0x%x)\n", $new
      end
    end
  else
    printf ">>> driver: wrote descriptor 4's status (0x%x)\n", $new
    if !($new & 1) && ($last_status & 1)
      set $cleared = 1
    end
  end
  set $last_status = $new
  info registers
  e1000-poc-store
  continue
end
continue
