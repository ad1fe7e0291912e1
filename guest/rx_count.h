// SPDX-License-Identifier: GPL-2.0-or-later
/* rx_count.h - what both guest receivers count and print (docs/real-stack.md,
 * "Report lines"): every frame goes through rxc_frame(), every loop turn
 * through rxc_tick(); the E1KP lines go to stdout, which init points at the
 * serial console. Prefix rxc_. */
#ifndef E1KP_RX_COUNT_H
#define E1KP_RX_COUNT_H

#include <stddef.h>
#include <stdint.h>

/* Sequence numbers within this many of the newest are remembered one bit
 * each: a repeat inside the window is a duplicate, a newcomer below the
 * newest is out of order. Older than the window: counted as out of order. */
#define RXC_WINDOW 65536u
#define RXC_MAX_EVENTS 100u

struct rxc {
	uint32_t run;          /* the run id of the first intact frame */
	int have_first;
	uint64_t first, last;  /* lowest-counted and newest sequence number */
	uint64_t rx, bad, dup, reorder, unique, stall;
	uint64_t rx_at_tick;
	unsigned events;
	double t0, next_tick;  /* CLOCK_MONOTONIC seconds */
	uint8_t seen[RXC_WINDOW / 8];
};

double rxc_now(void);
/* Starts the clock: t=0 is "ready". */
void rxc_init(struct rxc *c);
/* idx, addr: the descriptor index and buffer address, or -1 when unknown. */
void rxc_frame(struct rxc *c, const uint8_t *buf, size_t len, long idx, long long addr);
/* Prints a stats line when a second has passed (or force); returns the
 * seconds since ready. */
double rxc_tick(struct rxc *c, int force);
/* "E1KP fail ...": one line, the host ends the run on it. */
void rxc_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
