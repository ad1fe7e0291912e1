// SPDX-License-Identifier: GPL-2.0-or-later
/* rx_work.c - what the driver models' per-packet work defaults rest on,
 * measured where this machine can: user-space analogues of the work
 * upstream drivers do between reading a descriptor and re-arming or
 * clearing it, and the spin loop that stands in for it.
 *
 *   make bench                  runs it after live_bench
 *   build/bench/rx_work         alone
 *
 * Prints a table and writes bench/results/rx_work.json. Each figure is the
 * fastest of several timed batches (the least disturbed); run it on a quiet
 * machine and name the CPU with every figure.
 *
 * - dpdk: rte_mbuf_raw_alloc from a per-core mempool cache (pop a pointer
 *   from a LIFO array), the sw_ring swap, and the two prefetches of
 *   eth_em_recv_pkts / eth_igb_recv_pkts; the mbufs are 128-byte lines in a
 *   pool larger than L1, as in a real pool.
 * - linux copybreak: the part of e1000_clean_rx_irq that user space can
 *   imitate for a small frame: allocate and clear an skb-sized header
 *   (napi_alloc_skb), copy 60 bytes (skb_copy_to_linear_data), free the
 *   previous one. It leaves out dma_unmap_single, e1000_rx_checksum and
 *   napi_gro_receive (the stack), so it is a lower bound of Linux's work.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/driver/rxwork.h"
#include "util/clock.h"
#include "util/hostinfo.h"
#include "util/json.h"

#define BATCH 4096u
#define ROUNDS 200

struct mbuf {
    uint64_t buf_iova;
    uint8_t rest[120];
} __attribute__((aligned(64)));

static double best_ns_per_op(void (*body)(unsigned), unsigned n)
{
    double best = 1e30;
    for (int r = 0; r < ROUNDS; r++) {
        uint64_t t0 = clock_now_ns();
        body(n);
        double per = (double)(clock_now_ns() - t0) / n;
        if (per < best)
            best = per;
    }
    return best;
}

/* ---- dpdk: mempool cache pop + sw_ring swap + prefetches ---------------- */

#define POOL 8192u
static struct mbuf *pool_mem;
static struct mbuf *cache[POOL];
static unsigned cache_len;
static struct mbuf *sw_ring[512];
static volatile uint64_t sink;

static void dpdk_body(unsigned n)
{
    unsigned rx_id = 0;
    for (unsigned i = 0; i < n; i++) {
        if (cache_len == 0) /* refill from the "ring": as the cache does in bulk */
            for (cache_len = 0; cache_len < 512; cache_len++)
                cache[cache_len] = &pool_mem[(i * 7919u + cache_len * 31u) % POOL];
        struct mbuf *nmb = cache[--cache_len];  /* rte_mbuf_raw_alloc */
        struct mbuf *rxm = sw_ring[rx_id];      /* rxe->mbuf */
        sw_ring[rx_id] = nmb;
        rx_id = (rx_id + 1) & 511u;
        __builtin_prefetch(sw_ring[rx_id]);      /* rte_em_prefetch(next mbuf) */
        if ((rx_id & 3u) == 0)
            __builtin_prefetch(&sw_ring[rx_id]);
        sink = nmb->buf_iova + (uintptr_t)rxm;   /* dma_addr = mbuf's iova */
    }
}

/* ---- linux copybreak ------------------------------------------------------ */

static void linux_body(unsigned n)
{
    static uint8_t frame[2048];
    void *prev = NULL;
    for (unsigned i = 0; i < n; i++) {
        uint8_t *skb = malloc(256 + 64); /* napi_alloc_skb: header + small data */
        if (skb == NULL)
            abort();
        memset(skb, 0, 256);              /* the sk_buff's fields */
        memcpy(skb + 256, frame + (i & 1023u), 60);
        sink = skb[256];
        free(prev);                       /* the stack consumed the previous one */
        prev = skb;
    }
    free(prev);
}

int main(void)
{
    char cpu[128];
    hostinfo_cpu_model(cpu, sizeof(cpu));
    pool_mem = calloc(POOL, sizeof(*pool_mem));
    if (pool_mem == NULL)
        return 1;
    for (unsigned i = 0; i < 512; i++)
        sw_ring[i] = &pool_mem[i];

    double dpdk = best_ns_per_op(dpdk_body, BATCH);
    double linux_cb = best_ns_per_op(linux_body, BATCH);
    struct rx_work w;
    rx_work_set(&w, 500);
    double spin = rx_work_ns_per_spin();
    /* The spin loop itself, asked for 500 ns: how long it really takes. */
    double best500 = 1e30;
    for (int r = 0; r < ROUNDS; r++) {
        uint64_t t0 = clock_now_ns();
        for (int k = 0; k < 64; k++)
            rx_work_do(&gm_as_live, &w);
        double per = (double)(clock_now_ns() - t0) / 64;
        if (per < best500)
            best500 = per;
    }

    printf("rx_work on %s (fastest of %d batches of %u)\n", cpu, ROUNDS, BATCH);
    printf("  dpdk analogue (mempool cache pop, sw_ring swap, prefetches)  %6.1f ns/packet\n", dpdk);
    printf("  linux copybreak analogue (alloc+clear skb, copy 60 B, free)  %6.1f ns/packet"
           " (lower bound: no unmap, checksum, GRO)\n", linux_cb);
    printf("  spin loop: %.3f ns a spin; --rx-work 500 takes %.0f ns\n", spin, best500);

    FILE *f = fopen("bench/results/rx_work.json", "w");
    if (f != NULL) {
        struct json j;
        json_init(&j, f, true);
        json_object_begin(&j, NULL);
        json_string(&j, "bench", "rx_work");
        json_string(&j, "cpu", cpu);
        json_double(&j, "dpdk_analogue_ns", dpdk);
        json_double(&j, "linux_copybreak_analogue_ns", linux_cb);
        json_double(&j, "spin_ns", spin);
        json_double(&j, "rx_work_500_ns", best500);
        json_object_end(&j);
        fclose(f);
    }
    free(pool_mem);
    return 0;
}
