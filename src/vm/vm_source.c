// SPDX-License-Identifier: GPL-2.0-or-later
/* vm_source.c - the frame source thread (vm_source.h). */
#include "vm/vm_source.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "vm/vm_frame.h"

#define VM_SOURCE_MAX_BURST 512

struct vm_source {
	struct vm_source_cfg cfg;
	pthread_t thread;
	atomic_bool stop;
	_Atomic uint64_t sent, dropped, next_seq;
	uint8_t frames[VM_SOURCE_MAX_BURST][VM_FRAME_MAX];
	struct mmsghdr msgs[VM_SOURCE_MAX_BURST];
	struct iovec iov[VM_SOURCE_MAX_BURST];
};

uint64_t vm_source_first_seq(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	uint64_t us = (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
	return us << 8;
}

static double mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void sleep_until(double t)
{
	struct timespec ts;
	ts.tv_sec = (time_t)t;
	ts.tv_nsec = (long)((t - (double)ts.tv_sec) * 1e9);
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

static void *source_main(void *arg)
{
	struct vm_source *s = arg;
	const struct vm_source_cfg *c = &s->cfg;
	uint64_t seq = c->first_seq, offered = 0;
	double t0 = mono();
	while (!atomic_load(&s->stop)) {
		if (c->rate) {
			/* Pace the average: burst k leaves at t0 + k*burst/rate. */
			double due = t0 + (double)offered / c->rate;
			double now = mono();
			if (due > now + 1e-4)
				sleep_until(due < now + 0.05 ? due : now + 0.05);
			if (mono() < due)
				continue;  /* woke early to look at stop */
		}
		for (unsigned i = 0; i < c->burst; i++)
			vm_frame_build(s->frames[i], c->frame_size, c->run_id, seq + i);
		int n = sendmmsg(c->fd, s->msgs, c->burst, 0);
		unsigned took = n > 0 ? (unsigned)n : 0;
		seq += c->burst;
		offered += c->burst;
		atomic_fetch_add(&s->sent, took);
		atomic_fetch_add(&s->dropped, c->burst - took);
		atomic_store(&s->next_seq, seq);
	}
	return NULL;
}

struct vm_source *vm_source_start(const struct vm_source_cfg *cfg, char *err, size_t errlen)
{
	if (cfg->burst == 0 || cfg->burst > VM_SOURCE_MAX_BURST || cfg->frame_size < VM_FRAME_MIN ||
	    cfg->frame_size > VM_FRAME_MAX) {
		snprintf(err, errlen, "frame source: burst %u or frame size %u out of range", cfg->burst,
			 cfg->frame_size);
		return NULL;
	}
	struct vm_source *s = calloc(1, sizeof(*s));
	if (!s) {
		snprintf(err, errlen, "frame source: out of memory");
		return NULL;
	}
	s->cfg = *cfg;
	atomic_store(&s->next_seq, cfg->first_seq);
	for (unsigned i = 0; i < cfg->burst; i++) {
		s->iov[i].iov_base = s->frames[i];
		s->iov[i].iov_len = cfg->frame_size;
		s->msgs[i].msg_hdr.msg_iov = &s->iov[i];
		s->msgs[i].msg_hdr.msg_iovlen = 1;
	}
	int rc = pthread_create(&s->thread, NULL, source_main, s);
	if (rc != 0) {
		snprintf(err, errlen, "frame source: pthread_create: %s", strerror(rc));
		free(s);
		return NULL;
	}
	return s;
}

void vm_source_stats(struct vm_source *s, struct vm_source_stats *st)
{
	st->sent = atomic_load(&s->sent);
	st->dropped = atomic_load(&s->dropped);
	st->next_seq = atomic_load(&s->next_seq);
}

void vm_source_stop(struct vm_source *s, struct vm_source_stats *final)
{
	atomic_store(&s->stop, true);
	pthread_join(s->thread, NULL);
	if (final)
		vm_source_stats(s, final);
	free(s);
}
