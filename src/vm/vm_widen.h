// SPDX-License-Identifier: GPL-2.0-or-later
/* vm_widen.h - `vm --widen=watchpoint`: hold the real QEMU's device thread
 * between the two stores of its C library's copy, the way `run
 * --widen=watchpoint` holds the model's device.
 *
 * src/vm/: the real-stack harness (may use util/ and probe/probe.h, never
 * model/). The hold itself is bpwatch.h's int3 on the copy's SECOND store
 * (debug registers may be granted and never fire: docs/real-stack-bp.md).
 * This file finds what it needs on a booted guest:
 *   - where: each write's second store in QEMU's own C library, from the
 *     probe run through QEMU's loader (vm_copy.h keeps its answer);
 *   - which ring: RDBAL/RDBAH/RDLEN through QEMU's monitor (hmp.h), turned
 *     into QEMU's address through the guest RAM mapping (guestram.h);
 *   - what "done" means for the descriptor layout the driver chose (DD's
 *     byte, or the length for a driver that polls the length);
 * The watcher's counts go into the result; output/out_vm.c says what they
 * showed. */
#ifndef E1000_POC_VM_WIDEN_H
#define E1000_POC_VM_WIDEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vm/vm.h"

/* The descriptor layout a driver makes the device write. */
struct vm_widen_plan {
	const char *layout;     /* "legacy", "extended", "advanced" */
	unsigned dd_offset;     /* the byte holding DD (bit 0) */
	bool poll_length;       /* the driver polls the length, not DD (Linux igb) */
	unsigned length_offset; /* the 16-bit length */
	unsigned writes;        /* which copies get the breakpoint: 1u << VMBP_DESC16 | ... */
};

/* The plan for driver drv on device dev whose write-back publishes DD with
 * the write of wb_len bytes at descriptor byte wb_off (probe's write-back
 * entry; 8 at 8 for patch v2's one store). Pure. */
void vm_widen_plan(enum vm_device dev, enum vm_driver drv, unsigned wb_len, unsigned wb_off,
		   struct vm_widen_plan *p);

/* From `probe --json` text: the place of store i of the traced write of len
 * bytes at off, "LIB+0xHEX" split into lib and *at. 0, or -1 when the JSON
 * has no such write or store. Pure. */
int vm_widen_store_at(const char *json, unsigned len, unsigned off, unsigned i, char *lib,
		      size_t liblen, uint64_t *at);

/* How many stores the traced write of len bytes at off makes on byte
 * `byte` of the descriptor: 0.., or -1 when the JSON has no such write. Pure. */
int vm_widen_stores_on(const char *json, unsigned len, unsigned off, unsigned byte);

/* Fills r->widen's plan, places and store counts from probe's JSON for
 * QEMU's libc (vm_copy_probe's answer; r->copy_writeback set). Never
 * fails: a missing place leaves 0, a missing count -1. */
void vm_widen_from_probe(const char *json, enum vm_device dev, enum vm_driver drv,
			 struct vm_result *r);

/* Finds the ring and starts the watcher on QEMU (pid; its monitor at
 * hmp_sock; ram_mb of guest RAM). NULL with a sentence in err; the handle
 * goes to vm_widen_stop, which copies the final counts into r->widen. */
struct vmbp *vm_widen_start(const struct vm_config *c, struct vm_result *r, pid_t pid,
			    const char *hmp_sock, unsigned ram_mb, char *err, size_t errlen);
void vm_widen_stop(struct vmbp *w, struct vm_result *r);

#endif
