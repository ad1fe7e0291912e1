// SPDX-License-Identifier: GPL-2.0-or-later
/* vm_copy.h - the copy routine QEMU's DMA writes really go through: the
 * memcpy/memmove its own C library resolves on this CPU. QEMU may come from
 * another root (a chroot, a source build): its libc and loader are found in
 * /proc/PID/maps and this program's `probe --json` is run through that
 * loader with that libc (LD.so --library-path DIR SELF probe --json), so the
 * answer is the one QEMU's libc gives, not ours. */
#ifndef E1000_POC_VM_COPY_H
#define E1000_POC_VM_COPY_H

#include "vm/vm.h"

/* Which of probe's write-backs the device of this QEMU version makes for
 * this driver's descriptor layout (its name in probe --json:
 * "e1000-status", ...). patch: a tools/qemu source build's patch name
 * (vm_qemu_patch), or "" for a QEMU as released. */
const char *vm_copy_writeback(enum vm_device dev, enum vm_driver drv, const char *qemu_version,
			      const char *patch);

/* Fills r->copy_routine, copy_libc, copy_writeback and copy_verdict (with
 * the reason in copy_routine when it cannot tell). Never fails the run.
 * Returns probe's JSON ("" when there was no answer), valid until the next
 * call: vm_widen_from_probe reads the places from it. */
const char *vm_copy_probe(pid_t qemu, const char *self_exe, enum vm_device dev, enum vm_driver drv,
			  struct vm_result *r);

#endif
