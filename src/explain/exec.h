// SPDX-License-Identifier: GPL-2.0-or-later
/* exec.h - one execution of the device and the driver under the
 * explorer's scheduler.
 *
 * The executor owns the shared region and the two coroutines. Each
 * coroutine runs the project's own code (actors.c) until it reaches a
 * shared access, announces that access as its pending operation and yields.
 * The search then asks which entities may go next (xp_exec_choices) and
 * runs one (xp_exec_step): the pending access takes effect in the memory
 * model (mem.c) and the coroutine runs on to its next access.
 *
 * Spinning. The driver polls a descriptor until DD is set; the device
 * retries a packet until the ring has room. An attempt that finds nothing
 * and stores nothing ("failed attempt") leaves its thread *idle*: trying
 * again is useful only once some location it read holds a different value
 * ("ready"). An idle thread may still start a retry early (if the other
 * thread is active), so that a retry can read one location before it changes
 * and another after; a retry that then reads exactly what the failed attempt
 * read is a repeat of it and the execution is dropped as a stutter. So the
 * search never spins, and no behaviour of the real polling loop is lost.
 *
 * The big QEMU lock. QEMU runs every device's receive path (e1000,
 * e1000e, igb: net queue delivery from the main loop) with the BQL held,
 * and a guest's register access (an MMIO exit: the driver's RDT write, the
 * workaround's RDH read) takes the BQL too. So a driver register access
 * cannot run while the device is inside a receive call (from the call's
 * first access to its return); descriptor memory is guest RAM, under no
 * lock, and interleaves freely. The same for every driver: all four
 * write RDT with one 32-bit MMIO store.
 *
 * Determinism: an execution is a function of the configuration and the
 * scheduler's choices. Each thread's local state is a function of the values
 * its loads returned, so the pair of "trajectory" hashes plus the shared
 * memory (and the explorer's own bookkeeping) identify a state
 * (xp_exec_state_key). With x->call_summary a trajectory restarts at each
 * call from a hash of the thread's own state (summary.h), so that
 * histories which leave the same state give the same key.
 */
#ifndef E1000_POC_XP_EXEC_H
#define E1000_POC_XP_EXEC_H

#include <stdbool.h>
#include <stdint.h>

#include "explain/state.h"

/* Prepare an executor for cfg. Returns 0, or -1 with a sentence in *why
 * (e.g. the copy routine's store pattern cannot be had on this host). */
int xp_exec_init(struct xp_exec *x, const struct xp_config *cfg, const char **why);
void xp_exec_free(struct xp_exec *x);

/* Back to the initial state: ring set up by the driver's setup (with
 * linux-e1000e's model batch), both coroutines at their first access.
 * tracing records steps and events. */
void xp_exec_start(struct xp_exec *x, bool tracing);

/* The entities that may run next, the default first. Returns how many;
 * 0 when the execution is over (x->status says how it ended). */
unsigned xp_exec_choices(struct xp_exec *x, struct xp_choice out[XP_NENTITIES]);

/* Run one entity (one of the last choices) for one step. */
void xp_exec_step(struct xp_exec *x, unsigned entity, unsigned cost, bool deviation);

/* 128 bits that identify the current state (see the top of this file).
 * with_last: include which thread ran last, which matters only for what a
 * choice costs, not for what can happen next. */
void xp_exec_state_key(const struct xp_exec *x, bool with_last, uint64_t key[2]);

#endif
