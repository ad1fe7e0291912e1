// SPDX-License-Identifier: GPL-2.0-or-later
/* rx_count.c - counting frames and printing the E1KP lines (rx_count.h). */
#include "rx_count.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "vm/vm_frame.h"

double rxc_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void rxc_init(struct rxc *c)
{
	memset(c, 0, sizeof(*c));
	c->t0 = rxc_now();
	c->next_tick = c->t0 + 1.0;
}

void rxc_fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf("E1KP fail ");
	vprintf(fmt, ap);
	printf("\n");
	fflush(stdout);
	va_end(ap);
}

static int bit_get(const struct rxc *c, uint64_t seq)
{
	uint32_t i = (uint32_t)(seq % RXC_WINDOW);
	return c->seen[i / 8] >> (i % 8) & 1;
}

static void bit_set(struct rxc *c, uint64_t seq, int on)
{
	uint32_t i = (uint32_t)(seq % RXC_WINDOW);
	if (on)
		c->seen[i / 8] |= (uint8_t)(1u << (i % 8));
	else
		c->seen[i / 8] &= (uint8_t)~(1u << (i % 8));
}

static void event(struct rxc *c, const char *what, uint64_t seq, long idx, long long addr)
{
	if (c->events >= RXC_MAX_EVENTS)
		return;
	c->events++;
	char is[24] = "-", as[24] = "-";
	if (idx >= 0)
		snprintf(is, sizeof(is), "%ld", idx);
	if (addr >= 0)
		snprintf(as, sizeof(as), "0x%llx", addr);
	printf("E1KP event %s seq=%llu prev=%llu idx=%s addr=%s\n", what, (unsigned long long)seq,
	       (unsigned long long)c->last, is, as);
	fflush(stdout);
}

void rxc_frame(struct rxc *c, const uint8_t *buf, size_t len, long idx, long long addr)
{
	uint32_t run;
	uint64_t seq;
	enum vm_frame_kind k = vm_frame_check(buf, len, &run, &seq);
	if (k == VM_FRAME_FOREIGN)
		return;
	if (k == VM_FRAME_BAD || (c->have_first && run != c->run)) {
		/* Stale or torn content, or a frame of another run: the buffer
		 * did not hold what the descriptor said it held. */
		c->bad++;
		event(c, "bad", seq, idx, addr);
		return;
	}
	c->rx++;
	if (!c->have_first) {
		c->have_first = 1;
		c->run = run;
		c->first = c->last = seq;
		c->unique = 1;
		bit_set(c, seq, 1);
		return;
	}
	if (seq > c->last) {
		/* Forget the bits the window slides past. */
		if (seq - c->last >= RXC_WINDOW)
			memset(c->seen, 0, sizeof(c->seen));
		else
			for (uint64_t s = c->last + 1; s <= seq; s++)
				bit_set(c, s, 0);
		bit_set(c, seq, 1);
		c->last = seq;
		c->unique++;
		return;
	}
	if (c->last - seq < RXC_WINDOW && bit_get(c, seq)) {
		c->dup++;
		event(c, "dup", seq, idx, addr);
		return;
	}
	c->reorder++;
	if (c->last - seq < RXC_WINDOW && seq >= c->first) {
		bit_set(c, seq, 1);
		c->unique++;  /* it fills a gap */
	}
	event(c, "reorder", seq, idx, addr);
}

double rxc_tick(struct rxc *c, int force)
{
	double now = rxc_now();
	if (!force && now < c->next_tick)
		return now - c->t0;
	while (c->next_tick <= now)
		c->next_tick += 1.0;
	if (!force && c->rx > 0 && c->rx == c->rx_at_tick)
		c->stall++;
	c->rx_at_tick = c->rx;
	uint64_t span = c->have_first ? c->last - c->first + 1 : 0;
	uint64_t gap = span > c->unique ? span - c->unique : 0;
	printf("E1KP stats t=%.0f rx=%llu bad=%llu dup=%llu reorder=%llu gap=%llu stall=%llu last=%llu run=%u\n",
	       now - c->t0, (unsigned long long)c->rx, (unsigned long long)c->bad,
	       (unsigned long long)c->dup, (unsigned long long)c->reorder, (unsigned long long)gap,
	       (unsigned long long)c->stall, (unsigned long long)c->last, c->run);
	fflush(stdout);
	return now - c->t0;
}
