# SPDX-License-Identifier: GPL-2.0-or-later
# trace.py - gdb script for tools/qemu-user-stores/measure.sh: step from
# traced()'s entry until it returns; after each instruction, every run of
# window bytes that is not the sentinel is one store of that instruction;
# print it with the instruction and its symbol, then put the sentinel back.
import gdb

SENTINEL = 0xA5
GUARD = 16
STEP_MAX = 5000

gdb.execute("break traced", to_string=True)
gdb.execute("continue", to_string=True)
inferior = gdb.selected_inferior()
window = int(gdb.parse_and_eval("(unsigned long)&window"))
back = int(gdb.selected_frame().older().pc())
steps = 0
while steps < STEP_MAX:
    pc = int(gdb.parse_and_eval("$pc"))
    if pc == back:
        break
    insn = gdb.execute("x/i %d" % pc, to_string=True).strip().lstrip("=> ")
    gdb.execute("stepi", to_string=True)
    steps += 1
    now = bytes(inferior.read_memory(window, 64))
    k = 0
    while k < 64:
        if now[k] == SENTINEL:
            k += 1
            continue
        start = k
        while k < 64 and now[k] != SENTINEL:
            k += 1
        print("store [%d,%d)  %s" % (start - GUARD, k - GUARD, insn))
    if any(b != SENTINEL for b in now):
        inferior.write_memory(window, bytes([SENTINEL]) * 64)
print("steps %d%s" % (steps, "" if steps < STEP_MAX else " (gave up)"))
