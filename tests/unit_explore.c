// SPDX-License-Identifier: GPL-2.0-or-later
/* unit_explore.c - the explorer (explain): coroutines and snapshots, replay
 * tokens, the verdict of every variant against what is known, on every
 * device x driver pair, a deliberately broken fix, minimality, agreement
 * between the search methods, the status-word race's trace, and
 * byte-identical replay. Timings are not tested (bench/). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain/pattern.h"
#include "pairs.h"
#include "tap.h"
#include "explain/coro.h"
#include "explain/expect.h"
#include "explain/pair.h"
#include "explain/search.h"
#include "explain/token.h"
#include "output/out_trace.h"

/* The pair every configuration had before there was a choice. */
#define EM_PAIR NIC_DEV_E1000, NIC_DRV_DPDK_EM, 0

/* ---- coroutines ------------------------------------------------------------ */

static struct xp_coro co;
static int co_out;

static void counter(void *arg)
{
    int step = *(int *)arg;
    for (int i = 0;; i += step) {
        co_out = i;
        xp_coro_yield(&co);
    }
}

static void test_coro(void)
{
    int step = 3;
    ok(xp_coro_alloc(&co, 64 * 1024) == 0, "coroutine stack allocated");
    xp_coro_start(&co, counter, &step);
    xp_coro_resume(&co);
    is_i(co_out, 0, "first resume runs to the first yield");
    xp_coro_resume(&co);
    xp_coro_resume(&co);
    is_i(co_out, 6, "each resume runs one more turn of the loop");
    xp_coro_start(&co, counter, &step);
    xp_coro_resume(&co);
    is_i(co_out, 0, "a restart abandons the old run");

#ifdef XP_CORO_UCONTEXT
    /* ucontext (architectures without an assembly switch): no snapshots. */
    ok(!xp_coro_can_snapshot(), "no stack snapshots with the ucontext switch");
    ok(1, "stack snapshots # SKIP not with the ucontext switch");
    xp_coro_free(&co);
#else
    xp_coro_resume(&co); /* 3 */
    size_t used = xp_coro_stack_used(&co);
    void *saved_sp = co.sp;
    void *copy = malloc(used);
    xp_coro_stack_save(&co, copy);
    for (int i = 0; i < 5; i++)
        xp_coro_resume(&co);
    is_i(co_out, 18, "ran on past the snapshot");
    co.sp = saved_sp;
    xp_coro_stack_restore(&co, copy, used);
    xp_coro_resume(&co);
    is_i(co_out, 6, "after restoring the stack the coroutine continues from the snapshot");
    free(copy);
    xp_coro_free(&co);
#endif
}

/* ---- replay tokens ----------------------------------------------------------- */

/* A token that must be refused, with the reason in the test's line. */
static void refused(const char *token, const char *what)
{
    struct xp_config d;
    struct xp_schedule t;
    const char *why = "";
    int rc = xp_token_decode(token, &d, &t, &why);
    ok(rc != 0, "%s refused: %s", what, rc != 0 ? why : "(accepted)");
}

static void test_token(void)
{
    struct xp_config c = {E1000_FIX_UPSTREAM, EM_WORKAROUND_STOP_AT_RDH, DMA_COPY_BYTES_DOWN,
                          XP_MEM_TSO, 4, 7, 3, 1, EM_PAIR}, d;
    struct xp_schedule s = {.n = 3, .d = {{5, 1}, {17, 3}, {40, 0}}}, t;
    char tok[XP_TOKEN_MAX], bad[XP_TOKEN_MAX];
    const char *why;

    ok(xp_token_encode(tok, sizeof(tok), &c, &s) == 0, "token encodes");
    diag("token: %s", tok);
    ok(xp_token_decode(tok, &d, &t, &why) == 0, "token decodes");
    ok(memcmp(&c, &d, sizeof(c)) == 0, "token carries the whole configuration");
    ok(t.n == 3 && t.d[0].step == 5 && t.d[1].entity == 3 && t.d[2].step == 40,
       "token carries the schedule");
    ok(strspn(tok, "abcdefghijklmnopqrstuvwxyz0123456789/:,-") == strlen(tok),
       "token is shell-safe");

    struct xp_schedule none = {.n = 0};
    c.memory = XP_MEM_SC;
    xp_token_encode(tok, sizeof(tok), &c, &none);
    ok(xp_token_decode(tok, &d, &t, &why) == 0 && t.n == 0, "empty schedule round-trips");

    /* Each of these must be refused. */
    xp_token_encode(tok, sizeof(tok), &c, &s); /* sc with flush entities */
    refused(tok, "store-buffer entities under sc");
    c.memory = XP_MEM_TSO;
    xp_token_encode(tok, sizeof(tok), &c, &s);
    snprintf(bad, sizeof(bad), "%s", tok);
    bad[strlen(bad) - 1] = bad[strlen(bad) - 1] == '0' ? '1' : '0';
    refused(bad, "wrong check digits");
    char *p = strstr(tok, "r4p7");
    snprintf(bad, sizeof(bad), "%.*sr5p7%s", (int)(p - tok), tok, p + 4);
    refused(bad, "a changed bound");
    const char *garbage[] = {"", "x1", "x2/none/none/double/sc/r2p3b4t0/-/00000000",
                             "x1/none/none/double/sc/r2p3b4t0/-", "x1//none/double/sc/r2p3b4t0/-/0",
                             "hello world"};
    for (size_t i = 0; i < sizeof(garbage) / sizeof(garbage[0]); i++)
        refused(garbage[i], garbage[i]);
}

/* Tokens name the device and the driver (x2); x1 tokens, from before there
 * was a choice, still replay as e1000/dpdk-em. */
static void test_token_pairs(void)
{
    struct xp_config c = {E1000_FIX_UPSTREAM, EM_WORKAROUND_NONE, DMA_COPY_DOUBLE, XP_MEM_SC,
                          4, 5, 4, 0, NIC_DEV_E1000E, NIC_DRV_LINUX_E1000E, 2}, d;
    struct xp_schedule s = {.n = 1, .d = {{10, 1}}}, t;
    char tok[XP_TOKEN_MAX], bad[XP_TOKEN_MAX];
    const char *why;

    ok(xp_token_encode(tok, sizeof(tok), &c, &s) == 0 && strncmp(tok, "x2/e1000e/linux-e1000e/", 23) == 0,
       "a token names device and driver: %s", tok);
    ok(xp_token_decode(tok, &d, &t, &why) == 0 && memcmp(&c, &d, sizeof(c)) == 0 && t.n == 1,
       "... and carries them, the batch included, back");
    c = (struct xp_config){E1000_FIX_NONE, EM_WORKAROUND_NONE, DMA_COPY_LIBC, XP_MEM_TSO, 3, 4, 2, 0,
                           NIC_DEV_E1000, NIC_DRV_LINUX_E1000, 0};
    xp_token_encode(tok, sizeof(tok), &c, &s);
    ok(xp_token_decode(tok, &d, &t, &why) == 0 && memcmp(&c, &d, sizeof(c)) == 0,
       "linux-e1000 round-trips, without a batch: %s", tok);

    /* The token README showed before devices and drivers: e1000/dpdk-em. */
    int rc = xp_token_decode("x1/none/none/double/sc/r2p3b4t0/6:1/7bd0332f", &d, &t, &why);
    ok(rc == 0 && d.device == NIC_DEV_E1000 && d.driver == NIC_DRV_DPDK_EM && d.copy == DMA_COPY_DOUBLE &&
           t.n == 1 && t.d[0].step == 6, "an x1 token is accepted as e1000/dpdk-em%s%s",
       rc ? ": " : "", rc ? why : "");

    /* Tokens for configurations the explorer cannot run are refused, with
     * a check digit that matches (so the refusal is about the content). */
    struct {
        struct xp_config c;
        const char *what;
    } bad_cfg[] = {
        {{E1000_FIX_NONE, EM_WORKAROUND_NONE, DMA_COPY_DOUBLE, XP_MEM_SC, 2, 3, 4, 0, NIC_DEV_IGB,
          NIC_DRV_DPDK_EM, 0}, "a pair that does not bind (igb with dpdk-em)"},
        {{E1000_FIX_NONE, EM_WORKAROUND_NONE, DMA_COPY_DOUBLE, XP_MEM_SC, 2, 3, 4, 0, NIC_DEV_E1000,
          NIC_DRV_LINUX_E1000, 0}, "linux-e1000 on a ring of 2"},
        {{E1000_FIX_NONE, EM_WORKAROUND_NONE, DMA_COPY_DOUBLE, XP_MEM_SC, 4, 5, 4, 0, NIC_DEV_E1000E,
          NIC_DRV_LINUX_E1000E, 3}, "a batch that is not a power of two"},
        {{E1000_FIX_NONE, EM_WORKAROUND_NONE, DMA_COPY_DOUBLE, XP_MEM_SC, 4, 5, 4, 0, NIC_DEV_E1000E,
          NIC_DRV_LINUX_E1000E, 4}, "a ring below batch + 2"},
        {{E1000_FIX_NONE, EM_WORKAROUND_NONE, DMA_COPY_DOUBLE, XP_MEM_SC, 3, 4, 4, 1, NIC_DEV_E1000,
          NIC_DRV_LINUX_E1000, 0}, "rx_free_thresh on a Linux driver"},
    };
    for (size_t i = 0; i < sizeof(bad_cfg) / sizeof(bad_cfg[0]); i++) {
        xp_token_encode(bad, sizeof(bad), &bad_cfg[i].c, &s);
        refused(bad, bad_cfg[i].what);
    }
    /* A batch on a driver without one: the token grammar allows it, the
     * configuration does not. */
    c = (struct xp_config){E1000_FIX_NONE, EM_WORKAROUND_NONE, DMA_COPY_DOUBLE, XP_MEM_SC, 2, 3, 4, 0,
                           NIC_DEV_IGB, NIC_DRV_DPDK_IGB, 2};
    xp_token_encode(bad, sizeof(bad), &c, &s);
    refused(bad, "a batch on dpdk-igb");
    c = (struct xp_config){E1000_FIX_NONE, EM_WORKAROUND_NONE, DMA_COPY_DOUBLE, XP_MEM_SC, 4, 5, 4, 0,
                           NIC_DEV_E1000E, NIC_DRV_LINUX_E1000E, 0};
    xp_token_encode(bad, sizeof(bad), &c, &s);
    refused(bad, "linux-e1000e without its batch");
}

/* ---- verdicts ------------------------------------------------------------------ */

static const struct xp_search_limits all_interleavings = {
    .max_preemptions = XP_PREEMPTIONS_ALL, .state_cache = true, .max_states = 2000000};

static struct xp_config variant(enum e1000_fix f, enum em_workaround w, enum dma_copy_id c,
                                enum xp_memory m)
{
    return (struct xp_config){f, w, c, m, 2, 3, 4, 0, EM_PAIR};
}

/* A pair's variant at its default bounds: the driver's smallest ring here,
 * ring + 1 packets, burst 4, linux-e1000e's batch XP_BATCH_DEFAULT. */
static struct xp_config pair_variant(enum nic_device_id dev, enum nic_driver_id drv,
                                     enum e1000_fix f, enum em_workaround w, enum dma_copy_id c,
                                     enum xp_memory m)
{
    struct xp_config x = {f, w, c, m, 0, 0, 4, 0, dev, drv,
                          xp_driver_models[drv].batch ? XP_BATCH_DEFAULT : 0};
    x.ring = xp_ring_min(&x);
    x.packets = x.ring + 1;
    return x;
}


static const char *name_of(const struct xp_config *c, char *b, size_t n)
{
    char pair[48] = "";
    if (c->device != NIC_DEV_E1000 || c->driver != NIC_DRV_DPDK_EM)
        snprintf(pair, sizeof(pair), "%s/%s: ", nic_devices[c->device].name,
                 nic_drivers[c->driver].name);
    snprintf(b, n, "%s%s/%s/%s/%s r%u p%u b%u", pair, e1000_fixes[c->fix].name,
             em_workarounds[c->workaround].name, dma_copies[c->copy].name,
             xp_memories[c->memory].name, c->ring, c->packets, c->burst);
    return b;
}

/* What xp_expect says of c, from its copy routine's patterns. */
/* A C library routine (libc, libc-memmove) whose stores the probe cannot
 * measure here (no ptrace, e.g. under qemu-user): its rows cannot run. */
static bool unmeasurable(enum dma_copy_id cp)
{
    struct dma_pattern p;
    const char *why;
    return (dma_copies[cp].flags & DMA_F_LIBC) && xp_copy_pattern(cp, 16, 0, &p, &why) != 0;
}

static bool expected(const struct xp_config *c, const char **because)
{
    enum rx_desc_format fmt = xp_format(c);
    struct dma_pattern p16, pst;
    const char *why;
    xp_copy_pattern(c->copy, 16, 0, &p16, &why);
    xp_copy_pattern(c->copy, rx_status_len(fmt), rx_status_offset(fmt), &pst, &why);
    return xp_expect_violation(c, &p16, &pst, because);
}

/* Search c with lim; 1 violation, 0 none (bounds covered), -1 neither. */
static int verdict(const struct xp_config *c, const struct xp_search_limits *lim,
                   struct xp_search_result *r)
{
    const char *why = NULL;
    if (xp_search(c, lim, r, &why) != 0) {
        diag("search failed: %s", why);
        return -1;
    }
    return r->found ? 1 : r->complete ? 0 : -1;
}

static void test_known_verdicts(void)
{
    struct xp_search_result r;
    struct xp_config c;
    char n[96];

    c = variant(E1000_FIX_NONE, EM_WORKAROUND_NONE, DMA_COPY_DOUBLE, XP_MEM_SC);
    is_i(verdict(&c, &all_interleavings, &r), 1, "unfixed + double: violation");
    is_u(r.preemptions, 1, "unfixed + double: one preemption (between the two stores)");
    ok((r.violations & XP_V_BIT(XP_V_DOUBLE)) && (r.violations & XP_V_BIT(XP_V_STALE_ADDR)),
       "unfixed + double: a stale buffer consumed twice");

    c = variant(E1000_FIX_NONE, EM_WORKAROUND_NONE, DMA_COPY_SINGLE, XP_MEM_SC);
    is_i(verdict(&c, &all_interleavings, &r), 0, "unfixed + single: no violation");
    ok(r.exhausted, "unfixed + single: every interleaving explored (%llu states)",
       (unsigned long long)r.states);

    /* Every routine writes the fix's 1-byte status in one store (double too,
     * as glibc does). */
    const enum dma_copy_id one_store_status[] = {DMA_COPY_SINGLE, DMA_COPY_DOUBLE, DMA_COPY_SPLIT8,
                                                 DMA_COPY_BYTES_UP, DMA_COPY_BYTES_DOWN};
    for (size_t i = 0; i < 5; i++) {
        c = variant(E1000_FIX_UPSTREAM, EM_WORKAROUND_NONE, one_store_status[i], XP_MEM_SC);
        is_i(verdict(&c, &all_interleavings, &r), 0, "%s: no violation, every interleaving",
             name_of(&c, n, sizeof(n)));
    }
    for (int f = 0; f < E1000_FIX_COUNT; f++) {
        c = variant((enum e1000_fix)f, EM_WORKAROUND_STOP_AT_RDH, DMA_COPY_DOUBLE, XP_MEM_SC);
        is_i(verdict(&c, &all_interleavings, &r), 0, "%s: no violation",
             name_of(&c, n, sizeof(n)));
    }

    /* The deliberately wrong fix must be caught, whatever the copy. */
    for (int cp = DMA_COPY_SINGLE; cp < DMA_COPY_COUNT; cp++) {
        if (unmeasurable((enum dma_copy_id)cp))
            continue;
        c = variant(E1000_FIX_BROKEN_DD_FIRST, EM_WORKAROUND_NONE, (enum dma_copy_id)cp, XP_MEM_SC);
        is_i(verdict(&c, &all_interleavings, &r), 1, "%s: caught", name_of(&c, n, sizeof(n)));
        ok(r.violations & XP_V_BIT(XP_V_TORN_READ), "%s: the driver reads a half-written descriptor",
           name_of(&c, n, sizeof(n)));
    }

    c = variant(E1000_FIX_NONE, EM_WORKAROUND_NONE, DMA_COPY_BYTES_DOWN, XP_MEM_SC);
    is_i(verdict(&c, &all_interleavings, &r), 1, "bytes-down: exposed");
    c = variant(E1000_FIX_NONE, EM_WORKAROUND_NONE, DMA_COPY_SPLIT8, XP_MEM_SC);
    is_i(verdict(&c, &all_interleavings, &r), 0, "split8: DD in the last store, no violation");

    /* libc: only where this host's memcpy pattern can be measured. */
    struct dma_pattern p16, p1;
    const char *why = NULL, *because = NULL;
    if (xp_copy_pattern(DMA_COPY_LIBC, 16, 0, &p16, &why) != 0 ||
        xp_copy_pattern(DMA_COPY_LIBC, 1, 12, &p1, &why) != 0) {
        ok(1, "unfixed + libc # SKIP the host's memcpy pattern cannot be measured: %s", why);
    } else {
        c = variant(E1000_FIX_NONE, EM_WORKAROUND_NONE, DMA_COPY_LIBC, XP_MEM_SC);
        bool expect = xp_expect_violation(&c, &p16, &p1, &because);
        is_i(verdict(&c, &all_interleavings, &r), expect, "unfixed + libc: as its measured pattern says (%s)",
             because);
    }
}

/* Every row of --all for base's pair and bounds (every declared copy
 * routine): the explorer agrees with the argument from the store pattern
 * (explain/expect.h). */
static void test_rows_agree(const struct xp_config *base, const struct xp_search_limits *lim,
                            const char *bounds)
{
    unsigned rows = 0, agree = 0;
    char n[128];
    for (int f = 0; f < E1000_FIX_COUNT; f++)
        for (int w = 0; w < EM_WORKAROUND_COUNT; w++)
            for (int cp = DMA_COPY_SINGLE; cp < DMA_COPY_COUNT; cp++) {
                if (unmeasurable((enum dma_copy_id)cp))
                    continue;
                struct xp_config c = *base;
                c.fix = (enum e1000_fix)f;
                c.workaround = (enum em_workaround)w;
                c.copy = (enum dma_copy_id)cp;
                struct xp_search_result r;
                const char *because;
                bool expect = expected(&c, &because);
                int v = verdict(&c, lim, &r);
                rows++;
                if (v == (int)expect)
                    agree++;
                else
                    diag("%s: explorer %d, expected %d (%s)", name_of(&c, n, sizeof(n)), v, expect,
                         because);
            }
    is_u(agree, rows, "%s/%s, %s, %s: all %u rows agree with the store-pattern argument",
         nic_devices[base->device].name, nic_drivers[base->driver].name,
         xp_memories[base->memory].name, bounds, rows);
}

/* Two packets already need a lap of the 2-descriptor ring; TSO uses them
 * to stay quick under ASan. */
static void test_all_rows_agree(enum xp_memory m, unsigned packets)
{
    struct xp_config c = variant(E1000_FIX_NONE, EM_WORKAROUND_NONE, DMA_COPY_SINGLE, m);
    char b[32];
    c.packets = packets;
    snprintf(b, sizeof(b), "%u packets", packets);
    test_rows_agree(&c, &all_interleavings, b);
}

/* ---- every device x driver pair ------------------------------------------------ */

/* A pair that does not bind, or bounds a driver cannot work with, is
 * refused before anything runs. */
static void test_pair_validation(void)
{
    struct xp_exec x;
    const char *why = NULL;
    struct xp_config c = variant(E1000_FIX_NONE, EM_WORKAROUND_NONE, DMA_COPY_DOUBLE, XP_MEM_SC);
    for (size_t i = 0; i < NPAIRS; i++) {
        struct xp_config p = pair_variant(pairs[i].dev, pairs[i].drv, E1000_FIX_NONE,
                                          EM_WORKAROUND_NONE, DMA_COPY_DOUBLE, XP_MEM_SC);
        why = xp_config_problem(&p);
        ok(why == NULL, "%s/%s at ring %u: runs%s%s", nic_devices[p.device].name,
           nic_drivers[p.driver].name, p.ring, why ? ": " : "", why ? why : "");
    }
    c.device = NIC_DEV_IGB;
    why = xp_config_problem(&c);
    ok(why != NULL && strstr(why, "does not drive"), "igb with dpdk-em: refused (%s)", why ? why : "");
    ok(xp_exec_init(&x, &c, &why) != 0 && why != NULL, "... and the executor will not start it");
    c.device = NIC_DEV_E1000;
    c.driver = NIC_DRV_LINUX_E1000E;
    c.rx_buffer_write = 2;
    c.ring = 4;
    ok(xp_config_problem(&c) != NULL, "e1000 with linux-e1000e: refused (extended descriptors)");
    c = pair_variant(NIC_DEV_E1000, NIC_DRV_LINUX_E1000, E1000_FIX_NONE, EM_WORKAROUND_NONE,
                     DMA_COPY_DOUBLE, XP_MEM_SC);
    c.ring = 2;
    ok(xp_config_problem(&c) != NULL, "linux-e1000 on 2 descriptors: refused (it leaves the device ring - 2)");
    c = pair_variant(NIC_DEV_E1000E, NIC_DRV_LINUX_E1000E, E1000_FIX_NONE, EM_WORKAROUND_NONE,
                     DMA_COPY_DOUBLE, XP_MEM_SC);
    c.rx_buffer_write = 4;
    ok(xp_config_problem(&c) != NULL, "linux-e1000e, batch 4 on 4 descriptors: refused (needs 6)");
    c.ring = 6;
    ok(xp_config_problem(&c) == NULL, "... on 6: runs");
}

/* The expectations of issue 6 on every pair: unfixed + double: violation;
 * upstream + double: violation with one preemption where status_error is
 * 4 bytes (extended, advanced), none where the status is 1 byte (legacy);
 * atomic-status: none; the stop-at-rdh workaround: none; broken-dd-first:
 * caught. libc: as its measured patterns say. A driver that polls length
 * (linux-igb) is handed the descriptor by the 16 bytes every fix writes
 * first: atomic-status + double is a violation there (single is not), and
 * broken-dd-first is none. */
static void test_pair_verdicts(void)
{
    struct xp_search_result r;
    char n[128];
    for (size_t i = 0; i < NPAIRS; i++) {
        enum nic_device_id d = pairs[i].dev;
        enum nic_driver_id k = pairs[i].drv;
        bool word = nic_drivers[k].format != RX_FMT_LEGACY;
        bool length = nic_drivers[k].polls_length;
        struct xp_config c;

        c = pair_variant(d, k, E1000_FIX_NONE, EM_WORKAROUND_NONE, DMA_COPY_DOUBLE, XP_MEM_SC);
        is_i(verdict(&c, &all_interleavings, &r), 1, "%s: violation", name_of(&c, n, sizeof(n)));
        ok(r.found && r.preemptions == 1 && (r.violations & XP_V_BIT(XP_V_DOUBLE)),
           "%s: a double consumption, 1 preemption", name_of(&c, n, sizeof(n)));

        c = pair_variant(d, k, E1000_FIX_UPSTREAM, EM_WORKAROUND_NONE, DMA_COPY_DOUBLE, XP_MEM_SC);
        if (word) {
            is_i(verdict(&c, &all_interleavings, &r), 1,
                 "%s: violation (status_error in two identical 4-byte stores)", name_of(&c, n, sizeof(n)));
            ok(r.found && r.preemptions == 1 && (r.violations & XP_V_BIT(XP_V_DOUBLE)),
               "%s: a double consumption with 1 preemption (%u steps)", name_of(&c, n, sizeof(n)),
               r.steps);
        } else {
            is_i(verdict(&c, &all_interleavings, &r), 0, "%s: none (a 1-byte status is one store)",
                 name_of(&c, n, sizeof(n)));
        }

        c = pair_variant(d, k, E1000_FIX_ATOMIC_STATUS, EM_WORKAROUND_NONE, DMA_COPY_DOUBLE, XP_MEM_SC);
        if (length) {
            /* linux-igb takes the descriptor on its length, which every fix
             * writes with the 16 bytes: a status field in one store cannot
             * help when those 16 bytes are two stores. */
            is_i(verdict(&c, &all_interleavings, &r), 1,
                 "%s: violation (length goes out in the first, two-store write)",
                 name_of(&c, n, sizeof(n)));
            ok(r.found && r.preemptions == 1 && (r.violations & XP_V_BIT(XP_V_DOUBLE)),
               "%s: a double consumption, 1 preemption", name_of(&c, n, sizeof(n)));
            c = pair_variant(d, k, E1000_FIX_ATOMIC_STATUS, EM_WORKAROUND_NONE, DMA_COPY_SINGLE,
                             XP_MEM_SC);
        }
        is_i(verdict(&c, &all_interleavings, &r), 0, "%s: none", name_of(&c, n, sizeof(n)));
        ok(r.exhausted, "%s: every interleaving (%llu states)", name_of(&c, n, sizeof(n)),
           (unsigned long long)r.states);

        c = pair_variant(d, k, E1000_FIX_UPSTREAM, EM_WORKAROUND_STOP_AT_RDH, DMA_COPY_DOUBLE,
                         XP_MEM_SC);
        is_i(verdict(&c, &all_interleavings, &r), 0, "%s: none", name_of(&c, n, sizeof(n)));

        c = pair_variant(d, k, E1000_FIX_BROKEN_DD_FIRST, EM_WORKAROUND_NONE, DMA_COPY_SINGLE,
                         XP_MEM_SC);
        if (length) {
            /* DD first does not hand anything to a driver that waits for
             * the length, which comes with the (one-store) 16 bytes. */
            is_i(verdict(&c, &all_interleavings, &r), 0, "%s: none (DD is not what it polls)",
                 name_of(&c, n, sizeof(n)));
        } else {
            is_i(verdict(&c, &all_interleavings, &r), 1, "%s: caught", name_of(&c, n, sizeof(n)));
            ok(r.violations & XP_V_BIT(XP_V_TORN_READ), "%s: a torn read",
               name_of(&c, n, sizeof(n)));
        }

        /* libc, where this host's patterns can be measured. */
        struct dma_pattern p16, pst;
        const char *why = NULL, *because = NULL;
        enum rx_desc_format fmt = nic_drivers[k].format;
        if (xp_copy_pattern(DMA_COPY_LIBC, 16, 0, &p16, &why) != 0 ||
            xp_copy_pattern(DMA_COPY_LIBC, rx_status_len(fmt), rx_status_offset(fmt), &pst,
                             &why) != 0) {
            ok(1, "%s/%s upstream + libc # SKIP the host's memcpy pattern cannot be measured: %s",
               nic_devices[d].name, nic_drivers[k].name, why);
            continue;
        }
        c = pair_variant(d, k, E1000_FIX_UPSTREAM, EM_WORKAROUND_NONE, DMA_COPY_LIBC, XP_MEM_SC);
        bool expect = xp_expect_violation(&c, &p16, &pst, &because);
        int v = verdict(&c, &all_interleavings, &r);
        is_i(v, expect, "%s: as the measured pattern says (%s)", name_of(&c, n, sizeof(n)), because);
        if (v == 1)
            is_u(r.preemptions, 1, "%s: with 1 preemption", name_of(&c, n, sizeof(n)));
    }
}

/* Every row of every pair. linux-e1000e's state space is the largest (a
 * million states for some rows at its default bounds): there every row
 * runs with at most one preemption, which is all any known violation
 * needs; the default bounds without a preemption bound are `explain --all
 * --device=all --driver=all`'s. */
static void test_pair_rows_agree(void)
{
    struct xp_search_limits one = all_interleavings;
    one.max_preemptions = 1;
    for (size_t i = 0; i < NPAIRS; i++) {
        if (pairs[i].dev == NIC_DEV_E1000 && pairs[i].drv == NIC_DRV_DPDK_EM)
            continue; /* test_all_rows_agree */
        struct xp_config c = pair_variant(pairs[i].dev, pairs[i].drv, E1000_FIX_NONE,
                                          EM_WORKAROUND_NONE, DMA_COPY_SINGLE, XP_MEM_SC);
        char b[64];
        bool big = xp_driver_models[pairs[i].drv].batch;
        snprintf(b, sizeof(b), "ring %u, %u packets%s", c.ring, c.packets,
                 big ? ", at most 1 preemption" : "");
        test_rows_agree(&c, big ? &one : &all_interleavings, b);
    }
    /* TSO on the advanced format: two packets, as for e1000. */
    struct xp_config c = pair_variant(NIC_DEV_IGB, NIC_DRV_DPDK_IGB, E1000_FIX_NONE,
                                      EM_WORKAROUND_NONE, DMA_COPY_SINGLE, XP_MEM_TSO);
    c.packets = 2;
    test_rows_agree(&c, &all_interleavings, "2 packets");
}

/* ---- minimality and the search methods ---------------------------------------- */

static void test_minimal(const struct xp_config *c, bool without_cache)
{
    struct xp_search_result r, lower, levels, nocache;
    struct xp_search_limits lim = all_interleavings;
    char n[96];

    name_of(c, n, sizeof(n));
    if (verdict(c, &lim, &r) != 1) {
        ok(0, "%s: expected a violation", n);
        return;
    }
    /* No interleaving with fewer preemptions fails: explore them all. */
    lim.max_preemptions = r.preemptions - 1;
    is_i(verdict(c, &lim, &lower), 0, "%s: no violation with at most %u preemption(s)", n,
         r.preemptions - 1);
    ok(lower.complete, "%s: ... and that bound was covered", n);

    /* The same answer from the levels alone, and without the state cache. */
    lim = all_interleavings;
    lim.replay_only = true;
    verdict(c, &lim, &levels);
    ok(levels.found && levels.preemptions == r.preemptions && levels.steps == r.steps,
       "%s: replayed levels agree (%u preemptions, %u steps)", n, levels.preemptions, levels.steps);
    if (!without_cache)
        return;
    lim.max_preemptions = r.preemptions;
    lim.state_cache = false;
    verdict(c, &lim, &nocache);
    ok(nocache.found && nocache.preemptions == r.preemptions && nocache.steps == r.steps,
       "%s: without the state cache: the same %u preemptions, %u steps (%llu executions)", n,
       nocache.preemptions, nocache.steps, (unsigned long long)nocache.executions);
}

/* The depth-first cover from snapshots and the replayed levels explore the
 * same interleavings: same verdicts, both complete. */
static void test_methods_agree(void)
{
    const struct xp_config cs[] = {
        {E1000_FIX_UPSTREAM, EM_WORKAROUND_NONE, DMA_COPY_SINGLE, XP_MEM_SC, 3, 4, 2, 0, EM_PAIR},
        {E1000_FIX_NONE, EM_WORKAROUND_STOP_AT_RDH, DMA_COPY_DOUBLE, XP_MEM_SC, 3, 4, 1, 0, EM_PAIR},
        {E1000_FIX_NONE, EM_WORKAROUND_NONE, DMA_COPY_SINGLE, XP_MEM_TSO, 3, 4, 4, 1, EM_PAIR},
        {E1000_FIX_UPSTREAM, EM_WORKAROUND_NONE, DMA_COPY_SPLIT8, XP_MEM_TSO, 2, 3, 2, 0, EM_PAIR},
        {E1000_FIX_UPSTREAM, EM_WORKAROUND_NONE, DMA_COPY_SINGLE, XP_MEM_SC, 3, 4, 2, 0,
         NIC_DEV_E1000, NIC_DRV_LINUX_E1000, 0},
        {E1000_FIX_ATOMIC_STATUS, EM_WORKAROUND_NONE, DMA_COPY_DOUBLE, XP_MEM_SC, 2, 3, 4, 0,
         NIC_DEV_IGB, NIC_DRV_DPDK_IGB, 0},
        {E1000_FIX_ATOMIC_STATUS, EM_WORKAROUND_NONE, DMA_COPY_DOUBLE, XP_MEM_TSO, 2, 2, 4, 0,
         NIC_DEV_E1000E, NIC_DRV_DPDK_EM, 0},
        {E1000_FIX_UPSTREAM, EM_WORKAROUND_STOP_AT_RDH, DMA_COPY_DOUBLE, XP_MEM_SC, 3, 3, 2, 0,
         NIC_DEV_E1000E, NIC_DRV_LINUX_E1000E, 1},
    };
    for (size_t i = 0; i < sizeof(cs) / sizeof(cs[0]); i++) {
        struct xp_search_result a, b;
        struct xp_search_limits lim = all_interleavings;
        char n[96];
        name_of(&cs[i], n, sizeof(n));
        int va = verdict(&cs[i], &lim, &a);
        lim.replay_only = true;
        int vb = verdict(&cs[i], &lim, &b);
        ok(va == 0 && vb == 0 && a.exhausted && b.exhausted,
           "%s: snapshots (%llu states) and replay (%llu states) both cover every interleaving",
           n, (unsigned long long)a.states, (unsigned long long)b.states);
    }
    /* With a preemption bound, too, and a violation beyond it. */
    struct xp_config c = variant(E1000_FIX_NONE, EM_WORKAROUND_NONE, DMA_COPY_DOUBLE, XP_MEM_TSO);
    struct xp_search_result a, b;
    struct xp_search_limits lim = all_interleavings;
    lim.max_preemptions = 0;
    int va = verdict(&c, &lim, &a);
    lim.replay_only = true;
    int vb = verdict(&c, &lim, &b);
    ok(va == 0 && vb == 0 && !a.exhausted && !b.exhausted,
       "tso double: no violation without preemption, by both methods; more needs preemptions");
}

/* ---- replay and the trace ---------------------------------------------------- */

static char *trace_text(const struct xp_config *c, const struct xp_schedule *s, bool keep_going)
{
    struct xp_exec x;
    const char *why;
    uint32_t pre;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (xp_exec_init(&x, c, &why) != 0)
        return NULL;
    x.keep_going = keep_going;
    if (xp_replay(&x, s, true, &pre, &why) == 0) {
        out_trace_print(f, &x, x.ntrace);
        out_trace_verdict(f, &x, x.violations, x.ntrace);
    }
    xp_exec_free(&x);
    fclose(f);
    return buf;
}

static void test_replay(void)
{
    struct xp_config c = variant(E1000_FIX_NONE, EM_WORKAROUND_NONE, DMA_COPY_DOUBLE, XP_MEM_SC);
    struct xp_search_result r1, r2;
    verdict(&c, &all_interleavings, &r1);
    verdict(&c, &all_interleavings, &r2);
    ok(r1.schedule.n == r2.schedule.n &&
       memcmp(r1.schedule.d, r2.schedule.d, r1.schedule.n * sizeof(r1.schedule.d[0])) == 0 &&
       r1.steps == r2.steps, "the search is deterministic: same schedule twice");

    char tok[XP_TOKEN_MAX];
    struct xp_config d;
    struct xp_schedule s;
    const char *why;
    xp_token_encode(tok, sizeof(tok), &c, &r1.schedule);
    xp_token_decode(tok, &d, &s, &why);
    char *a = trace_text(&c, &r1.schedule, false);
    char *b = trace_text(&d, &s, false);
    ok(a != NULL && b != NULL && strcmp(a, b) == 0, "the token replays the same trace, byte for byte");
    ok(a != NULL && strstr(a, "store 1/2") && strstr(a, "preemption 1") &&
       strstr(a, "store 2 of 2 writes d0 back (buf 1, status DD) over the driver's re-arm") &&
       strstr(a, "consumed twice") && strstr(a, "RDT == RDH"),
       "the trace shows store 1, the preemption, store 2 undoing the re-arm, the double consumption, RDT == RDH");
    free(b);

    /* Run on without stopping: the ring hangs. */
    struct xp_exec x;
    uint32_t pre;
    xp_exec_init(&x, &c, &why);
    x.keep_going = true;
    xp_replay(&x, &r1.schedule, false, &pre, &why);
    ok(x.status == XP_ST_VIOLATION && (x.violations & XP_V_BIT(XP_V_HANG)) && x.gm->rdh == x.gm->rdt,
       "run on with no further preemption, the ring hangs with RDH == RDT (%u)", x.gm->rdh);

    /* Schedules that do not fit are refused, not run differently. */
    struct xp_schedule late = {.n = 1, .d = {{100000, 1}}};
    int rc = xp_replay(&x, &late, false, &pre, &why);
    ok(rc != 0, "a deviation past the end is refused: %s", rc ? why : "");
    struct xp_schedule flush = {.n = 1, .d = {{3, XP_E_DRIVER_FLUSH}}};
    rc = xp_replay(&x, &flush, false, &pre, &why);
    ok(rc != 0, "an impossible choice is refused: %s", rc ? why : "");
    xp_exec_free(&x);
    free(a);
}

/* a occurs in text, and (if b is given) before b. */
static bool in_order(const char *text, const char *a, const char *b)
{
    const char *pa = text ? strstr(text, a) : NULL;
    if (pa == NULL)
        return false;
    return b == NULL || strstr(pa + strlen(a), b) != NULL;
}

/* The status-word race: under QEMU's upstream fix the 4-byte status_error
 * goes out in two identical stores (glibc's memcpy of 4 bytes); the driver
 * clears it between them, and store 2 brings DD back. */
static void test_status_word_race(void)
{
    struct xp_search_result r;
    char n[128];
    struct xp_config c = pair_variant(NIC_DEV_IGB, NIC_DRV_DPDK_IGB, E1000_FIX_UPSTREAM,
                                      EM_WORKAROUND_NONE, DMA_COPY_DOUBLE, XP_MEM_SC);
    name_of(&c, n, sizeof(n));
    is_i(verdict(&c, &all_interleavings, &r), 1, "%s: violation", n);
    char *a = trace_text(&c, &r.schedule, false);
    ok(in_order(a, "pci_dma_write d0.status_error store 1/2", "-- preemption 1: the driver runs; the"
                " device could go on (between store 1 and store 2 of its pci_dma_write of d0)"),
       "%s: store 1 of status_error publishes DD, then the one preemption", n);
    ok(in_order(a, "read d0.status_error = DD", "write d0.hdr_addr = 0") &&
           in_order(a, "write d0.hdr_addr = 0", "pci_dma_write d0.status_error store 2/2"),
       "%s: the driver sees DD and re-arms with hdr_addr = 0 before store 2", n);
    ok(in_order(a, "!! store 2 of 2 writes d0 back (buf 3, status DD, fill -) over the driver's clear"
                " of status_error (buf 3, status --, fill -): the driver's write is lost", NULL),
       "%s: store 2 marked: DD back over the re-armed buffer, no fill", n);
    ok(in_order(a, "!! no fill wrote d0 since the driver took it last: it is consumed twice", NULL) &&
           in_order(a, "!! RDT == RDH == 0", NULL),
       "%s: then d0 is consumed twice and RDT == RDH", n);
    ok(in_order(a, "What happened: the driver took d0 a second time although no fill had written it"
                " since it took it last: store 2 of 2 of the device's status_error write", NULL),
       "%s: the verdict names store 2 of status_error", n);
    is_u(r.preemptions, 1, "%s: one preemption", n);

    /* The same trace, byte for byte, from its token (a non-default pair). */
    char tok[XP_TOKEN_MAX];
    struct xp_config d;
    struct xp_schedule s;
    const char *why = "";
    xp_token_encode(tok, sizeof(tok), &c, &r.schedule);
    int rc = xp_token_decode(tok, &d, &s, &why);
    char *b = rc == 0 ? trace_text(&d, &s, false) : NULL;
    ok(a != NULL && b != NULL && strcmp(a, b) == 0, "%s: the token %s replays the same trace", n, tok);
    free(b);

    /* libc: where this host stores 16 bytes as [0,16) twice and 4 as [8,12)
     * twice (glibc >= 2.21 on x86-64), the very same trace. */
    struct dma_pattern p16, p4;
    if (xp_copy_pattern(DMA_COPY_LIBC, 16, 0, &p16, &why) == 0 &&
        xp_copy_pattern(DMA_COPY_LIBC, 4, 8, &p4, &why) == 0 && p4.n == 2 &&
        p4.s[0].off == 0 && p4.s[0].len == 4 && p4.s[1].off == 0 && p4.s[1].len == 4 &&
        p16.n == 2 && p16.s[0].len == 16 && p16.s[1].len == 16) {
        struct xp_config l = c;
        struct xp_search_result rl;
        l.copy = DMA_COPY_LIBC;
        verdict(&l, &all_interleavings, &rl);
        char *t = trace_text(&l, &rl.schedule, false);
        ok(t != NULL && a != NULL && strcmp(a, t) == 0,
           "igb/dpdk-igb upstream + libc: this host's memcpy gives the same trace as double");
        free(t);
    } else {
        ok(1, "igb/dpdk-igb upstream + libc # SKIP this host's memcpy does not store 4 bytes twice");
    }
    free(a);

    /* Linux e1000e: status_error &= ~0xFF, a 4-byte load and store. */
    c = pair_variant(NIC_DEV_E1000E, NIC_DRV_LINUX_E1000E, E1000_FIX_UPSTREAM, EM_WORKAROUND_NONE,
                     DMA_COPY_DOUBLE, XP_MEM_SC);
    name_of(&c, n, sizeof(n));
    is_i(verdict(&c, &all_interleavings, &r), 1, "%s: violation", n);
    a = trace_text(&c, &r.schedule, false);
    ok(in_order(a, "pci_dma_write d0.status_error store 1/2", "write d0.status_error = --") &&
           in_order(a, "write d0.status_error = --", "pci_dma_write d0.status_error store 2/2"),
       "%s: the driver's clear lands between the two stores", n);
    ok(in_order(a, "!! store 2 of 2 writes d0 back (used 1, status DD, fill 0) over the driver's clear"
                " of status_error (used 1, status --, fill 0)", NULL),
       "%s: store 2 marked: DD back with fill 0", n);
    ok(in_order(a, "!! fill 0 of d0 was handed up before: consumed twice", NULL),
       "%s: fill 0 consumed twice", n);
    free(a);
}

/* TSO: a schedule that keeps a store in the buffer while its thread goes
 * on (a deviation to the program where the default flushes) replays, and
 * the trace shows it. */
static void test_tso_delayed_flush(void)
{
    struct xp_config c = variant(E1000_FIX_NONE, EM_WORKAROUND_NONE, DMA_COPY_DOUBLE, XP_MEM_TSO);
    struct xp_choice ch[XP_NENTITIES];
    struct xp_schedule s = {.n = 0};
    struct xp_exec x;
    const char *why;
    uint32_t pre;
    unsigned n;

    xp_exec_init(&x, &c, &why);
    xp_exec_start(&x, false);
    while ((n = xp_exec_choices(&x, ch)) > 0 && s.n == 0) {
        for (unsigned j = 1; j < n; j++)
            if (ch[0].entity == XP_E_DEVICE_FLUSH && ch[j].entity == XP_E_DEVICE) {
                s.d[0].step = x.steps;
                s.d[0].entity = XP_E_DEVICE;
                s.n = 1;
            }
        xp_exec_step(&x, ch[0].entity, ch[0].cost, false);
    }
    ok(s.n == 1, "tso: the default flushes a device store at step %u, the program may go first",
       s.d[0].step);
    int rc = xp_replay(&x, &s, true, &pre, &why);
    ok(rc == 0 && pre == 0, "tso: that schedule replays, free of preemptions");
    unsigned k = s.d[0].step;
    ok(rc == 0 && x.ntrace > k + 1 && x.trace[k].entity == XP_E_DEVICE &&
           x.th[XP_DEVICE].buf.n == 0 && x.trace[k].deviation,
       "tso: the device's program ran at the deviation and the buffer drained later");
    xp_exec_free(&x);
}

int main(void)
{
    test_coro();
    test_token();
    test_known_verdicts();
    test_all_rows_agree(XP_MEM_SC, 3);
    test_all_rows_agree(XP_MEM_TSO, 2);
    struct xp_config c;
    c = variant(E1000_FIX_NONE, EM_WORKAROUND_NONE, DMA_COPY_DOUBLE, XP_MEM_SC);
    test_minimal(&c, true);
    c = variant(E1000_FIX_BROKEN_DD_FIRST, EM_WORKAROUND_NONE, DMA_COPY_SINGLE, XP_MEM_SC);
    test_minimal(&c, true);
    c = variant(E1000_FIX_NONE, EM_WORKAROUND_NONE, DMA_COPY_BYTES_DOWN, XP_MEM_SC);
    test_minimal(&c, true);
    c = variant(E1000_FIX_NONE, EM_WORKAROUND_NONE, DMA_COPY_DOUBLE, XP_MEM_TSO);
    test_minimal(&c, false); /* without the cache TSO takes a million executions */
    c = (struct xp_config){E1000_FIX_NONE, EM_WORKAROUND_NONE, DMA_COPY_DOUBLE, XP_MEM_SC, 4, 5, 2, 0, EM_PAIR};
    test_minimal(&c, true);
    test_methods_agree();
    test_replay();
    test_tso_delayed_flush();

    test_token_pairs();
    test_pair_validation();
    test_pair_verdicts();
    test_pair_rows_agree();
    c = pair_variant(NIC_DEV_IGB, NIC_DRV_DPDK_IGB, E1000_FIX_UPSTREAM, EM_WORKAROUND_NONE,
                     DMA_COPY_DOUBLE, XP_MEM_SC);
    test_minimal(&c, true);
    c = pair_variant(NIC_DEV_E1000E, NIC_DRV_LINUX_E1000E, E1000_FIX_UPSTREAM, EM_WORKAROUND_NONE,
                     DMA_COPY_DOUBLE, XP_MEM_SC);
    test_minimal(&c, false);
    test_status_word_race();
    return tap_done();
}
