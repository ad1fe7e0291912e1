// SPDX-License-Identifier: GPL-2.0-or-later
/* actors.c - the two coroutine bodies: the project's own device and
 * driver code, called through nic.h's tables exactly as the live run calls
 * it.
 *
 * Device: receive `packets` packets of XP_FRAME_SIZE bytes with
 * nic_devices[device].receive (e1000_receive_iov, e1000e_receive_iov,
 * igb_receive_iov); a packet the ring has no room for is offered again
 * (QEMU queues it and flushes the queue when the guest writes RDT).
 * Driver: nic_drivers[driver].recv (eth_em_recv_pkts, eth_igb_recv_pkts,
 * or a NAPI poll of e1000_clean_rx_irq) with `burst` as nb_pkts or budget,
 * forever; what it hands up goes to the checks. Between calls each side
 * tells the executor whether the call did anything, which is how polling
 * becomes waiting (exec.h): the attempt bookkeeping below. A Linux poll
 * that takes nothing but re-arms buffers stored something, so it is no
 * failed attempt.
 */
#include "explain/actors.h"

#include <stdlib.h>
#include <string.h>

#include "explain/check.h"
#include "explain/summary.h"
#include "explain/state.h"

void xp_device_main(void *arg)
{
    struct xp_exec *x = arg;
    const struct nic_device *dev = &nic_devices[x->cfg.device];
    while (x->received < x->cfg.packets) {
        xp_attempt_begin(x, XP_DEVICE);
        if (dev->receive(&x->dev, XP_FRAME_SIZE) < 0) {
            xp_attempt_failed(x, XP_DEVICE);
            continue;
        }
        x->received++;
        xp_attempt_end(x, XP_DEVICE);
    }
    xp_thread_finish(x, XP_DEVICE);
}

void xp_driver_main(void *arg)
{
    struct xp_exec *x = arg;
    const struct nic_driver *drv = &nic_drivers[x->cfg.driver];
    for (;;) {
        xp_attempt_begin(x, XP_DRIVER);
        uint16_t n = drv->recv(&x->q, x->pkts, (uint16_t)x->cfg.burst);
        if (n == 0) {
            xp_attempt_failed(x, XP_DRIVER);
            continue;
        }
        xp_check_packets(x, n);
        xp_attempt_end(x, XP_DRIVER);
    }
}

/* ---- attempts ------------------------------------------------------------ */

/* A coroutine that must never run again (stopped, dropped, finished). */
static void park(struct xp_exec *x, enum xp_thread t)
{
    for (;;)
        xp_coro_yield(&x->th[t].coro);
}

void xp_attempt_begin(struct xp_exec *x, enum xp_thread t)
{
    x->th[t].in_call = false;
    x->th[t].attempt.n = 0;
    x->th[t].attempt.overflow = false;
    x->th[t].attempt_stores = 0;
    /* From here on the call's accesses extend the summary, not the whole
     * history (exec.h). */
    if (x->call_summary)
        xp_exec_thread_summary(x, t, x->th[t].traj);
}

static bool logs_equal(const struct xp_load_log *a, const struct xp_load_log *b)
{
    if (a->n != b->n)
        return false;
    for (unsigned i = 0; i < a->n; i++)
        if (a->e[i].off != b->e[i].off || a->e[i].len != b->e[i].len ||
            memcmp(a->e[i].val, b->e[i].val, a->e[i].len) != 0)
            return false;
    return true;
}

void xp_attempt_failed(struct xp_exec *x, enum xp_thread t)
{
    struct xp_thread_state *th = &x->th[t];
    th->in_call = false;
    if (th->attempt_stores > 0 || th->attempt.overflow) {
        /* It changed something (or read too much to compare): not a spin. */
        th->has_failed = false;
        return;
    }
    if (th->has_failed && logs_equal(&th->attempt, &th->failed)) {
        /* The retry read exactly what the failed attempt read, so it did
         * exactly the same: nothing. Any execution through here is also
         * one without this retry. */
        x->status = XP_ST_STUTTER;
        park(x, t);
    }
    th->failed = th->attempt;
    th->has_failed = true;
    th->spinning = true;
    xp_event_add(x, XP_EV_IDLE, t);
}

void xp_attempt_end(struct xp_exec *x, enum xp_thread t)
{
    x->th[t].in_call = false;
    x->th[t].has_failed = false;
    if (t == XP_DEVICE)
        xp_event_add(x, XP_EV_RECEIVED, t);
    if (t == XP_DRIVER && x->pending != 0 && x->keep_going) {
        x->violations |= x->pending;
        x->pending = 0;
    } else if (t == XP_DRIVER && x->pending != 0) {
        /* Violations raised during this call: the execution ends here. */
        x->violations |= x->pending;
        x->status = XP_ST_VIOLATION;
        park(x, t);
    }
}

void xp_thread_finish(struct xp_exec *x, enum xp_thread t)
{
    x->th[t].in_call = false;
    x->th[t].done = true;
    xp_event_add(x, XP_EV_DONE, t);
    park(x, t);
}
