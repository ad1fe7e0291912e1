// SPDX-License-Identifier: GPL-2.0-or-later
/* summary.h - what a thread's future depends on, as a hash: the state
 * key's call summaries (exec.h), and fingerprints of final states that two
 * searches can compare (dfs.h, tests/unit_reduce.c). */
#ifndef E1000_POC_XP_SUMMARY_H
#define E1000_POC_XP_SUMMARY_H

#include <stdint.h>

#include "explain/state.h"

/* A hash of everything thread t's future depends on besides shared memory,
 * taken when it starts a call (x->call_summary): its own state in the
 * executor (the device's E1000State and packet count; the driver's queue,
 * its per-descriptor array, the checker's and the consumed-fill records)
 * and the attempt bookkeeping (the failed attempt's loads). Two histories
 * that leave the same summary and memory have the same futures, so the
 * search may expand one of them: the coroutine is at the top of its loop,
 * where its stack holds nothing that differs. Statistics no code reads
 * (refused-packet counts, consumed counts) are left out. */
void xp_exec_thread_summary(const struct xp_exec *x, enum xp_thread t, uint64_t h[2]);

/* A fingerprint of a final state, the same whichever key the search used:
 * memory, both summaries, store buffers, how it ended and what it
 * violated. The sets of final fingerprints two searches reach can be
 * compared (dfs.h). */
void xp_exec_final_print(const struct xp_exec *x, uint64_t fp[2]);

#endif
