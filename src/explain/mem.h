// SPDX-License-Identifier: GPL-2.0-or-later
/* mem.h - the explorer's memory models: where a load reads from and when a
 * store reaches memory.
 *
 *   sc   every access takes effect when its step runs, in one global order.
 *   tso  x86-TSO: a store goes into its thread's FIFO store buffer and
 *        reaches memory later, in a step of its own (a "flush", scheduled
 *        like any other step); a load reads the thread's own newest buffered
 *        bytes first, memory otherwise; a fence (the smp_mb() that starts
 *        every pci_dma_read/pci_dma_write) waits until the buffer is empty.
 *        Register accesses (RDH, RDT, RDLEN) are MMIO for the guest (a VM
 *        exit) and are made under the big QEMU lock by the device: both are
 *        serializing, so a register access also waits for an empty buffer and
 *        a register store goes straight to memory.
 */
#ifndef E1000_POC_XP_MEM_H
#define E1000_POC_XP_MEM_H

#include "explain/state.h"

/* Can thread t's pending access run now? (TSO: a fence or register access
 * needs an empty store buffer, a store needs room in it.) */
bool xp_mem_op_enabled(const struct xp_exec *x, enum xp_thread t);

/* Perform thread t's pending access (a load fills op->data). Returns true
 * if it was a store that went into the store buffer. */
bool xp_mem_execute(struct xp_exec *x, enum xp_thread t, struct xp_op *op);

/* TSO: the oldest store in t's buffer reaches memory. Returns that store. */
struct xp_op xp_mem_flush(struct xp_exec *x, enum xp_thread t);

/* The len bytes at off as thread t would load them now. Returns a mask of
 * the bytes that came from t's own store buffer. */
uint16_t xp_mem_view(const struct xp_exec *x, enum xp_thread t, uint32_t off, unsigned len,
                     uint8_t *out);

#endif
