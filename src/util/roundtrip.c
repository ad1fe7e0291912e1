// SPDX-License-Identifier: GPL-2.0-or-later
/* roundtrip.c - a cache line passed between two pinned threads. */
#include "util/roundtrip.h"

#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "util/clock.h"
#include "util/cpu.h"

#define BATCHES 5

/* The line both threads pass: odd values are the pinger's, even the
 * ponger's. Alone on its cache line, so that nothing else moves with it. */
struct ball {
    uint32_t v __attribute__((aligned(64)));
    char pad[60];
    int cpu[2];
    unsigned exchanges;
    uint64_t deadline_ns; /* monotonic: give up after it */
    int failed;           /* pinning failed, or the deadline passed */
    double ns[BATCHES];
};

static int pin_self(int cpu)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return pthread_setaffinity_np(pthread_self(), sizeof(set), &set) == 0 ? 0 : -1;
}

/* Spin until the ball holds `want`. False when the measurement failed (on
 * either side) or its deadline passed: a thread that is not running (a
 * busy host) must not hold the caller for a scheduler slice per exchange. */
static bool wait_for(struct ball *b, uint32_t want)
{
    for (unsigned spin = 1; __atomic_load_n(&b->v, __ATOMIC_ACQUIRE) != want; spin++) {
        if ((spin & 1023) == 0 &&
            (__atomic_load_n(&b->failed, __ATOMIC_RELAXED) || clock_now_ns() > b->deadline_ns)) {
            __atomic_store_n(&b->failed, 1, __ATOMIC_RELAXED);
            return false;
        }
        cpu_relax();
    }
    return true;
}

static void *pong(void *arg)
{
    struct ball *b = arg;
    if (pin_self(b->cpu[1]) != 0)
        __atomic_store_n(&b->failed, 1, __ATOMIC_RELAXED);
    for (uint32_t k = 0; k < BATCHES * b->exchanges; k++) {
        if (!wait_for(b, 2 * k + 1))
            return NULL;
        __atomic_store_n(&b->v, 2 * k + 2, __ATOMIC_RELEASE);
    }
    return NULL;
}

static void *ping(void *arg)
{
    struct ball *b = arg;
    if (pin_self(b->cpu[0]) != 0)
        __atomic_store_n(&b->failed, 1, __ATOMIC_RELAXED);
    for (int batch = 0; batch < BATCHES; batch++) {
        uint32_t k0 = (uint32_t)batch * b->exchanges;
        uint64_t t0 = clock_now_ns();
        for (uint32_t k = k0; k < k0 + b->exchanges; k++) {
            __atomic_store_n(&b->v, 2 * k + 1, __ATOMIC_RELEASE);
            if (!wait_for(b, 2 * k + 2))
                return NULL;
        }
        b->ns[batch] = (double)(clock_now_ns() - t0) / b->exchanges;
    }
    return NULL;
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

double roundtrip_ns(int a, int b, unsigned exchanges)
{
    struct ball *ball;
    pthread_t t[2];
    double ns = -1;

    if (a < 0 || b < 0 || a == b || exchanges == 0)
        return -1;
    if (posix_memalign((void **)&ball, 64, sizeof(*ball)) != 0)
        return -1;
    *ball = (struct ball){.cpu = {a, b}, .exchanges = exchanges,
                          .deadline_ns = clock_now_ns() + ROUNDTRIP_BUDGET_NS};
    /* Both sides are threads of their own, so the caller's affinity is
     * left as it was. */
    if (pthread_create(&t[1], NULL, pong, ball) != 0)
        goto out;
    if (pthread_create(&t[0], NULL, ping, ball) != 0) {
        __atomic_store_n(&ball->failed, 1, __ATOMIC_RELAXED); /* the ponger gives up */
        pthread_join(t[1], NULL);
        goto out;
    }
    pthread_join(t[0], NULL);
    pthread_join(t[1], NULL);
    if (!ball->failed) {
        qsort(ball->ns, BATCHES, sizeof(double), cmp_double);
        ns = ball->ns[BATCHES / 2];
    }
out:
    free(ball);
    return ns;
}
