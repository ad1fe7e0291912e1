// SPDX-License-Identifier: GPL-2.0-or-later
/* driver/rxwork.c - calibrating the per-packet work loop. */
#include "model/driver/rxwork.h"

#include <pthread.h>

#include "util/clock.h"

static double ns_per_spin; /* written once, under calibrate_once */
static pthread_once_t calibrate_once = PTHREAD_ONCE_INIT;

/* The fastest of a few timed runs: the one least disturbed by interrupts
 * and by other processes (the loop itself does not vary). */
static void calibrate(void)
{
    const uint64_t spins = 1u << 20; /* about 0.3 ms at 3 GHz */
    uint64_t best = UINT64_MAX;
    for (int run = 0; run < 7; run++) {
        uint64_t t0 = clock_now_ns();
        rx_work_spin(spins);
        uint64_t dt = clock_now_ns() - t0;
        if (dt < best)
            best = dt;
    }
    ns_per_spin = best > 0 ? (double)best / (double)spins : 1.0;
}

double rx_work_ns_per_spin(void)
{
    return ns_per_spin;
}

void rx_work_set(struct rx_work *w, unsigned ns)
{
    w->ns = ns;
    w->spins = 0;
    if (ns == 0)
        return;
    pthread_once(&calibrate_once, calibrate);
    double spins = (double)ns / ns_per_spin;
    w->spins = spins < 1.0 ? 1 : (uint64_t)(spins + 0.5);
}
