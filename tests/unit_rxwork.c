// SPDX-License-Identifier: GPL-2.0-or-later
/* unit_rxwork.c - the driver work model and upstream's defaults: what the
 * live run uses when no option says otherwise, and where the work happens
 * (never under the explorer's hooks). No timing is asserted here: timings
 * live in bench/. */
#include <stdint.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/liveopt.h"
#include "model/driver/rxwork.h"
#include "model/nic.h"
#include "tap.h"

static struct live_config config(enum nic_device_id d, enum nic_driver_id k, unsigned ring)
{
    struct live_config c;
    struct liveopt_state st;
    liveopt_defaults(&c, &st);
    c.device = d;
    c.driver = k;
    c.ring = ring;
    return c;
}

static void test_driver_defaults(void)
{
    struct liveopt_state none = {0}, ring_given = {.ring_given = true};
    struct live_config c;

    c = config(NIC_DEV_IGB, NIC_DRV_DPDK_IGB, 32);
    is_i(liveopt_driver_defaults(&c, &none), 0, "dpdk-igb, no options: accepted");
    is_u(c.rx_free_thresh, 32, "dpdk-igb: IGB_DEFAULT_RX_FREE_THRESH, 32");
    is_u(c.ring, 64, "dpdk-igb: a ring of 32 (not given) grows to 64 for that threshold");
    is_u(c.rx_work_ns, nic_drivers[NIC_DRV_DPDK_IGB].rx_work_ns_default, "dpdk-igb: its work default");

    c = config(NIC_DEV_IGB, NIC_DRV_DPDK_IGB, 32);
    is_i(liveopt_driver_defaults(&c, &ring_given), 2,
         "dpdk-igb, --ring 32 given: refused (the PMD would never give descriptors back)");

    c = config(NIC_DEV_IGB, NIC_DRV_DPDK_IGB, 128);
    is_i(liveopt_driver_defaults(&c, &ring_given), 0, "dpdk-igb, --ring 128: accepted");
    is_u(c.ring, 128, "... and the given ring is kept");

    c = config(NIC_DEV_E1000, NIC_DRV_DPDK_EM, 32);
    is_i(liveopt_driver_defaults(&c, &none), 0, "dpdk-em: accepted");
    is_u(c.rx_free_thresh, 0, "dpdk-em: no default_rxconf, rx_free_thresh 0");
    is_u(c.ring, 32, "dpdk-em: the ring is left alone");

    struct liveopt_state given = {.thresh_given = true, .work_given = true};
    c = config(NIC_DEV_IGB, NIC_DRV_DPDK_IGB, 32);
    c.rx_free_thresh = 4;
    c.rx_work_ns = 0;
    is_i(liveopt_driver_defaults(&c, &given), 0, "given values: accepted");
    ok(c.rx_free_thresh == 4 && c.rx_work_ns == 0 && c.ring == 32, "given values are kept");

    c = config(NIC_DEV_E1000, NIC_DRV_DPDK_EM, 32);
    c.rx_free_thresh = 31;
    is_i(liveopt_driver_defaults(&c, &given), 2,
         "rx_free_thresh 31 on a ring of 32: refused (the driver can hold 31 at most)");

    for (int k = 0; k < NIC_DRV_COUNT; k++) {
        const struct nic_driver *d = &nic_drivers[k];
        bool dpdk = k == NIC_DRV_DPDK_EM || k == NIC_DRV_DPDK_IGB;
        ok(d->rx_work_ns_default > 0 && d->rx_work_ns_default < RX_WORK_NS_MAX &&
               d->rx_work_why != NULL && d->set_rx_work != NULL,
           "%s: a per-packet work default, said why", d->name);
        ok(dpdk ? d->rx_work_ns_default < 100 : d->rx_work_ns_default >= 100,
           "%s: DPDK's work is nanoseconds, Linux's hundreds of them", d->name);
    }
}

static int hook_calls;
static void h_load(void *arg, void *dst, const volatile void *src, unsigned len)
{
    (void)arg;
    hook_calls++;
    __builtin_memcpy(dst, (const void *)src, len);
}
static void h_store(void *arg, volatile void *dst, const void *src, unsigned len)
{
    (void)arg;
    hook_calls++;
    __builtin_memcpy((void *)dst, src, len);
}
static void h_fence(void *arg) { (void)arg; }
static void h_dma_read(void *arg, void *dst, const volatile void *src, size_t len)
{
    (void)arg;
    __builtin_memcpy(dst, (const void *)src, len);
}
static void h_dma_write(void *arg, volatile void *dst, const void *src, size_t len)
{
    (void)arg;
    __builtin_memcpy((void *)dst, src, len);
}
static const struct gm_hooks hooks = {h_load, h_store, h_fence, h_dma_read, h_dma_write};

static void test_work(void)
{
    struct rx_work w;
    rx_work_set(&w, 0);
    ok(w.ns == 0 && w.spins == 0, "--rx-work 0: no spins at all (today's models)");
    rx_work_set(&w, 500);
    ok(w.ns == 500 && w.spins > 0, "500 ns: some spins (%llu)", (unsigned long long)w.spins);
    ok(rx_work_ns_per_spin() > 0, "the loop was calibrated (%.3f ns a spin)", rx_work_ns_per_spin());
    struct rx_work w2;
    rx_work_set(&w2, 5000);
    ok(w2.spins > w.spins, "ten times the work: more spins (%llu > %llu)",
       (unsigned long long)w2.spins, (unsigned long long)w.spins);
    rx_work_set(&w2, 1);
    ok(w2.spins >= 1, "1 ns: at least one spin");

    /* Under the explorer's hooks the work does nothing: explain has no time.
     * In a child, with more spins than could ever end: it exits only if
     * the work was skipped; if it spins, the alarm kills it. */
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        struct rx_work forever = {RX_WORK_NS_MAX, UINT64_MAX};
        alarm(30);
        const struct gm_as explored = {&hooks, NULL};
        rx_work_do(&explored, &forever);
        _exit(hook_calls == 0 ? 0 : 3);
    }
    int st = 0;
    ok(child > 0 && waitpid(child, &st, 0) == child && WIFEXITED(st) && WEXITSTATUS(st) == 0,
       "explored: endless work returns at once, touching no shared memory (%s %d)",
       child > 0 && WIFSIGNALED(st) ? "killed by signal" : "exit", child > 0 && WIFSIGNALED(st) ?
       WTERMSIG(st) : WEXITSTATUS(st));
}

/* The work sits inside each driver's receive path, and a driver with work
 * still takes packets as before. */
static void test_driver_with_work(void)
{
    for (int k = 0; k < NIC_DRV_COUNT; k++) {
        const struct nic_driver *drv = &nic_drivers[k];
        enum nic_device_id d = NIC_DEV_E1000;
        while (!drv->binds[d])
            d++;
        struct gm_region *gm = gm_alloc(32);
        union nic_queue q;
        E1000State dev;
        struct nic_pkt pkts[8];
        if (gm == NULL || drv->setup(&q, &gm_as_live, gm, 0, EM_WORKAROUND_NONE) != 0) {
            ok(0, "%s: set up", drv->name);
            continue;
        }
        drv->set_rx_work(&q, 200);
        e1000_init(&dev, &gm_as_live, gm, E1000_FIX_DD_BYTE, &dma_copies[DMA_COPY_LIBC_MEMMOVE],
                   0);
        unsigned got = 0;
        for (int i = 0; i < 4; i++) {
            ok(nic_devices[d].receive(&dev, 60) == 60, "%s: packet %d received", drv->name, i);
            got += drv->recv(&q, pkts, 8);
        }
        is_u(got, 4, "%s with 200 ns of work: every packet handed up", drv->name);
        drv->release(&q);
        gm_free(gm);
    }
}

int main(void)
{
    /* Refusals print their line on stderr; keep the TAP stream clean. */
    if (freopen("/dev/null", "w", stderr) == NULL)
        return 1;
    test_driver_defaults();
    test_work();
    test_driver_with_work();
    return tap_done();
}
