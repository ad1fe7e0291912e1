// SPDX-License-Identifier: GPL-2.0-or-later
/* actors.h - the two coroutine bodies and the attempt bookkeeping that
 * turns polling into waiting (see exec.h). */
#ifndef E1000_POC_XP_ACTORS_H
#define E1000_POC_XP_ACTORS_H

#include "explain/state.h"

/* The coroutine bodies. */
void xp_device_main(void *arg);
void xp_driver_main(void *arg);

/* Attempt bookkeeping, called by the actors around each call. */
void xp_attempt_begin(struct xp_exec *x, enum xp_thread t);
void xp_attempt_failed(struct xp_exec *x, enum xp_thread t); /* found nothing: spin */
void xp_attempt_end(struct xp_exec *x, enum xp_thread t);    /* did something */
void xp_thread_finish(struct xp_exec *x, enum xp_thread t);  /* never returns */

#endif
