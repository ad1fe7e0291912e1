// SPDX-License-Identifier: GPL-2.0-or-later
/* model_cost.c - what the device and driver models cost per packet, on one
 * thread: the device receives a 60-byte frame into the ring, the driver's
 * receive takes what is done and re-arms or clears it, over and over, with
 * live memory and no work per packet (--rx-work 0). No race can happen on
 * one thread; what is measured is the model code itself, the part of a live
 * run's per-packet time that a change to the accessors could make slower.
 *
 *   make bench                      runs it after rx_work
 *   build/bench/model_cost [N]      alone, N packets per batch (default 1e6)
 *   valgrind --tool=callgrind build/bench/model_cost 100000
 *                                   instructions, the same on every run
 *
 * Prints, per device and driver pair, the fastest of 7 batches in ns per
 * packet (the least disturbed one). To compare two builds, build this file
 * against each and run them in turns (docs/performance.md). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "model/nic.h"
#include "util/clock.h"

#define BATCHES 7
#define RING 64

static E1000State dev;
static union nic_queue q;
static struct nic_pkt pkts[RING];

/* Receive n frames through the pair; false if the ring stalled (a model
 * bug: on one thread every done descriptor is taken at once). */
static bool pump(const struct nic_device *d, const struct nic_driver *k, unsigned n)
{
    unsigned stalls = 0;
    for (unsigned i = 0; i < n;) {
        if (d->receive(&dev, 60) > 0) {
            i++;
            stalls = 0;
        } else if (++stalls > 2 * RING) {
            return false;
        }
        k->recv(&q, pkts, 4);
    }
    return true;
}

int main(int argc, char **argv)
{
    unsigned n = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 0) : 1000000u;
    if (n == 0) {
        fprintf(stderr, "model_cost: N must be a positive number of packets\n");
        return 2;
    }
    printf("model cost per packet, one thread, %u packets per batch, fastest of %d\n", n, BATCHES);
    for (unsigned di = 0; di < NIC_DEV_COUNT; di++) {
        for (unsigned ki = 0; ki < NIC_DRV_COUNT; ki++) {
            const struct nic_device *d = &nic_devices[di];
            const struct nic_driver *k = &nic_drivers[ki];
            if (!k->binds[di])
                continue;
            struct gm_region *gm = gm_alloc(RING);
            if (gm == NULL) {
                perror("model_cost: gm_alloc");
                return 1;
            }
            int rc = k->setup(&q, &gm_as_live, gm, k->rx_free_thresh_default, EM_WORKAROUND_NONE);
            e1000_init(&dev, &gm_as_live, gm, E1000_FIX_UPSTREAM, &dma_copies[DMA_COPY_LIBC], 0);
            if (rc != 0) {
                fprintf(stderr, "model_cost: %s setup failed\n", k->name);
                return 1;
            }
            double best = -1;
            for (int b = 0; b < BATCHES; b++) {
                uint64_t t0 = clock_now_ns();
                if (!pump(d, k, n)) {
                    fprintf(stderr, "model_cost: %s + %s: the ring stalled\n", d->name, k->name);
                    return 1;
                }
                double ns = (double)(clock_now_ns() - t0) / n;
                if (best < 0 || ns < best)
                    best = ns;
            }
            printf("  %-8s + %-13s %7.1f ns\n", d->name, k->name, best);
            k->release(&q);
            gm_free(gm);
        }
    }
    return 0;
}
