// SPDX-License-Identifier: GPL-2.0-or-later
/* vm_source.h - the frame source: one thread sending numbered frames
 * (vm_frame.h) as UDP datagrams to QEMU's -netdev socket, `burst` at a
 * time, at `rate` frames per second on average. Every frame takes the next
 * sequence number whether the kernel took it or not, so the numbers stay
 * monotonic and a frame lost anywhere is a gap the guest counts. */
#ifndef E1000_POC_VM_SOURCE_H
#define E1000_POC_VM_SOURCE_H

#include <stddef.h>
#include <stdint.h>

struct vm_source_cfg {
	int fd;              /* a connected UDP socket; the source does not close it */
	unsigned rate;       /* frames per second; 0: as fast as it can */
	unsigned burst;      /* frames per sendmmsg call, 1..512 */
	unsigned frame_size; /* bytes */
	uint32_t run_id;
	uint64_t first_seq;
};

struct vm_source_stats {
	uint64_t sent;       /* taken by the kernel */
	uint64_t dropped;    /* refused by the kernel (buffer full, port closed) */
	uint64_t next_seq;   /* the sequence number the next frame gets */
};

struct vm_source;

/* Sequence numbers that grow across runs too: CLOCK_REALTIME in
 * microseconds, shifted left by 8 (a run would have to send 256 frames per
 * microsecond to catch up with the next run's start). */
uint64_t vm_source_first_seq(void);

struct vm_source *vm_source_start(const struct vm_source_cfg *cfg, char *err, size_t errlen);
void vm_source_stats(struct vm_source *s, struct vm_source_stats *st);
/* Stops and joins the thread; frees s. */
void vm_source_stop(struct vm_source *s, struct vm_source_stats *final);

#endif
