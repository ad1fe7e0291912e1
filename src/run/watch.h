// SPDX-License-Identifier: GPL-2.0-or-later
/* watch.h - --widen=watchpoint: the seed's gdb trick, built in.
 *
 * gdb.cmd reproduces even the slowest pace because every watchpoint hit
 * stops the writing thread right after a store to a status field, and the
 * driver runs on meanwhile. This does the same in-process: hardware write
 * breakpoints (perf_event_open, PERF_TYPE_BREAKPOINT, HW_BREAKPOINT_W) on
 * the status field of up to WATCH_MAX descriptors, bound to the device
 * thread only, each delivering SIGTRAP on that thread right after the
 * store. When the store just made has set DD, the handler holds the device
 * (once per write-back) until the driver has re-armed the descriptor (DD
 * clear again) or
 * WATCH_HOLD_NS passes while the driver runs, or the driver is seen
 * polling another descriptor (two empty polls).
 * On a busy host the driver may be preempted during a hold; the hold then
 * waits for it, up to WATCH_HOLD_MAX_NS, so that load does not close the
 * window the watchpoint opens. The copy routine itself runs unchanged: whatever it
 * stores after the held store lands after the driver's re-arm, as it can at
 * full speed, only far more often.
 *
 * Delivery: the perf `sigtrap` attribute (Linux >= 5.13); on kernels
 * without it, F_SETSIG with F_SETOWN_EX to the device thread. The
 * environment variable E1000_POC_WATCH_DELIVERY=fasync takes the second
 * route on any kernel (for the tests). */
#ifndef E1000_POC_WATCH_H
#define E1000_POC_WATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WATCH_MAX 4             /* x86 has four debug address registers */
#define WATCH_HOLD_NS 100000u   /* longest hold while the driver runs */
#define WATCH_HOLD_MAX_NS 20000000u /* longest hold while it is preempted */

/* What the watchpoint did in one run. */
struct watch_stats {
    unsigned watched;  /* descriptors watched (breakpoints granted) */
    uint64_t traps;    /* stores to a watched status field while receiving */
    uint64_t holds;    /* of those, traps that found DD set: device held
                          (a driver can also re-arm during the trap itself,
                          before the handler looks: no hold is counted then) */
    uint64_t rearmed;  /* holds the driver ended by clearing DD */
    uint64_t elsewhere; /* holds ended because the driver polled, empty,
                           another descriptor */
    uint64_t timeouts; /* holds that ran to the bound */
};

/* How the signal gets to the device thread. */
enum watch_delivery { WATCH_SIGTRAP, WATCH_FASYNC };
extern const char *const watch_delivery_names[2];

/* NULL if a status field of len bytes at descriptor offset off can be
 * watched by one breakpoint (len 1, 2, 4 or 8, aligned to len), else a
 * sentence saying why not. Pure. */
const char *watch_field_problem(size_t off, size_t len);

/* Can this thread have hardware write breakpoints here? Opens and closes
 * them on a scratch field. Returns how many it got (1..WATCH_MAX) and sets
 * *how, or -1 with a sentence in why (perf_event_paranoid, seccomp, a
 * container, no breakpoint support). */
int watch_probe(enum watch_delivery *how, char *why, size_t len);

/* The ring the device writes. */
struct watch_target {
    volatile uint8_t *ring;        /* descriptor 0 */
    const volatile uint32_t *rdh;  /* the descriptor being written back */
    uint32_t nb_desc;
    size_t status_off, status_len; /* the field that hands a descriptor over */
    bool ready_is_length;          /* that field is a length (ready: != 0), else DD's */
    const int *stop;               /* nonzero: end any hold at once */
    const uint64_t *driver_polls;  /* the driver's empty polls and consumed */
    const uint64_t *driver_consumed; /* descriptors: moving = it runs */
};

/* Called by the device thread: watch the status field of up to WATCH_MAX
 * descriptors spread over the ring, for this thread only. Returns how many
 * (>= 1), or -1 with a sentence in why. One run at a time. */
int watch_arm(const struct watch_target *t, char *why, size_t len);

/* Hold only while on: the device thread turns it on around each receive
 * (which starts a new write-back: one hold per descriptor at most), so
 * ring resets after a hang never hold. */
void watch_set_active(bool on);

/* Called by the device thread: remove the breakpoints and report. */
void watch_disarm(struct watch_stats *out);

#endif
