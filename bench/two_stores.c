// SPDX-License-Identifier: GPL-2.0-or-later
/* two_stores.c - the CPU's own rate of the two-store window, without the
 * model.
 *
 *   make bench                       runs it after live_bench
 *   RUNS=3 SECONDS=1 build/bench/two_stores
 *
 * Two pinned threads and a ring of 32 legacy descriptors, nothing else: no
 * device or driver model, no checker, no registers. The device thread reads
 * a descriptor's buffer address, sets DD and writes the 16 bytes back with
 * the copy routine the live run uses (dma_copies[], so libc is the C
 * library's memcpy, called for real). The driver thread polls status,
 * reads the buffer address and re-arms the descriptor at once (a new
 * buffer, status 0). A re-arm the device's later store overwrote shows a
 * lap later: the driver finds DD with a buffer other than the one it armed.
 *
 * Three paces, interleaved round by round so that a change in load or in
 * where the hypervisor runs the two vCPUs hits them alike:
 *
 *   handshake  the device fills the descriptor the driver polls, once the
 *              driver has published that it polls it (the live run's
 *              lockstep does the same): one cross-CPU round trip per fill
 *   free       the device fills whenever the ring has room; it is the
 *              slower side, so the driver waits on the descriptor being
 *              written and fills are not serialised by a handshake
 *   control    free, with one 16-byte store: the detector must see nothing
 *
 * And the round trip: one cache line passed back and forth. If the live run
 * on a host races no more often than this program's handshake, the rate is
 * the CPU's, not the model's: a handshake cannot fill faster than once per
 * round trip, so its events per second are at most the chance per fill
 * divided by the round trip. Writes bench/results/<host>/two_stores.json and
 * two_stores_row.md (bench/table.sh). Run it alone: it needs both CPUs. */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "model/dma.h"
#include "util/clock.h"
#include "util/cpu.h"
#include "util/hostinfo.h"
#include "util/json.h"
#include "util/roundtrip.h"

#define RING 32u
#define LINE 64
#define DD 0x01u
#define STATUS_OFF 12
#define STUCK_NS 1000000u /* free pace: a device stuck this long resyncs */

enum pace { PACE_HANDSHAKE, PACE_FREE, PACE_CONTROL, PACE_COUNT };
static const char *const pace_names[PACE_COUNT] = {"handshake", "free", "control"};

/* Each field has one writer; each on its own cache line so that only the
 * ring and the published index carry traffic between the threads. */
struct bench {
    volatile uint8_t ring[RING * 16] __attribute__((aligned(4096)));
    uint32_t next __attribute__((aligned(LINE))); /* the descriptor the driver polls */
    int stop __attribute__((aligned(LINE)));
    struct {
        uint64_t fills;
    } dev __attribute__((aligned(LINE)));
    struct {
        uint64_t consumed, overwritten;
        uint64_t armed[RING];
    } drv __attribute__((aligned(LINE)));
    enum pace pace;
    int cpus[2];
};

static void pin(int cpu)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
}

static bool stopping(const struct bench *b)
{
    return __atomic_load_n(&b->stop, __ATOMIC_RELAXED) != 0;
}

static uint32_t driver_next(const struct bench *b)
{
    /* Acquire: the driver's re-arm of every descriptor before `next` is
     * visible once `next` is (it publishes with release). */
    return __atomic_load_n(&b->next, __ATOMIC_ACQUIRE);
}

/* What QEMU's e1000_receive_iov does to one descriptor: read it, set DD,
 * write the 16 bytes back after a full barrier, with the routine under test. */
static void fill(struct bench *b, uint32_t i, const struct dma_copy *copy)
{
    volatile uint8_t *d = b->ring + 16 * i;
    uint8_t desc[16] = {0};
    uint64_t buf = *(volatile uint64_t *)d;
    memcpy(desc, &buf, sizeof(buf));
    desc[STATUS_OFF] = DD | 0x02; /* DD | EOP */
    cpu_mb();
    /* RACES with the driver's re-arm: a second store of the copy can land
     * after the driver saw DD from the first and re-armed. */
    copy->copy(d, desc, 16, 0);
}

static void *device_thread(void *arg)
{
    struct bench *b = arg;
    const struct dma_copy *copy =
        &dma_copies[b->pace == PACE_CONTROL ? DMA_COPY_SINGLE : DMA_COPY_LIBC];
    uint32_t i = 0, last = RING; /* RING: nothing filled yet */
    uint64_t fills = 0;

    pin(b->cpus[0]);
    while (!stopping(b)) {
        if (b->pace == PACE_HANDSHAKE) {
            /* Wait until the driver polls a descriptor we have not filled. */
            uint32_t n;
            while ((n = driver_next(b)) == last && !stopping(b))
                cpu_relax();
            i = n;
        } else {
            /* Full when i is the one before the driver's: RING - 1
             * descriptors filled and not yet consumed. */
            uint64_t since = 0;
            for (unsigned spin = 0; i == (driver_next(b) + RING - 1) % RING; spin++) {
                if (stopping(b))
                    break;
                if ((spin & 1023) == 1023) {
                    uint64_t now = clock_now_ns();
                    if (since == 0) {
                        since = now;
                    } else if (now - since > STUCK_NS) {
                        /* The driver consumed an overwritten descriptor
                         * early and is a step ahead: follow it. */
                        i = driver_next(b);
                        break;
                    }
                }
                cpu_relax();
            }
        }
        fill(b, i, copy);
        fills++;
        last = i;
        i = (i + 1) % RING;
    }
    __atomic_store_n(&b->dev.fills, fills, __ATOMIC_RELAXED);
    return NULL;
}

/* DPDK's eth_em_recv_pkts with nothing but the descriptor accesses: status,
 * buffer address, re-arm (buffer, then status 0). */
static void *driver_thread(void *arg)
{
    struct bench *b = arg;
    uint64_t new_buf = 1u << 20, consumed = 0, overwritten = 0;
    uint32_t i = 0;

    pin(b->cpus[1]);
    while (!stopping(b)) {
        volatile uint8_t *d = b->ring + 16 * i;
        if (!(d[STATUS_OFF] & DD))
            continue;
        uint64_t buf = *(volatile uint64_t *)d;
        if (b->drv.armed[i] != 0 && buf != b->drv.armed[i])
            overwritten++; /* our last re-arm of i did not survive */
        b->drv.armed[i] = new_buf;
        *(volatile uint64_t *)d = new_buf++;
        d[STATUS_OFF] = 0;
        consumed++;
        i = (i + 1) % RING;
        __atomic_store_n(&b->next, i, __ATOMIC_RELEASE);
    }
    b->drv.consumed = consumed;
    b->drv.overwritten = overwritten;
    return NULL;
}

struct result {
    double seconds, fills, overwritten;
};

static int race(enum pace pace, const int cpus[2], double seconds, struct result *r)
{
    struct bench *b;
    pthread_t dev, drv;

    if (posix_memalign((void **)&b, 4096, sizeof(*b)) != 0)
        return -1;
    memset(b, 0, sizeof(*b));
    b->pace = pace;
    b->cpus[0] = cpus[0];
    b->cpus[1] = cpus[1];
    for (uint32_t i = 0; i < RING; i++) {
        b->drv.armed[i] = i + 1;
        *(volatile uint64_t *)(b->ring + 16 * i) = i + 1;
    }
    uint64_t t0 = clock_now_ns();
    if (pthread_create(&drv, NULL, driver_thread, b) != 0) {
        free(b);
        return -1;
    }
    if (pthread_create(&dev, NULL, device_thread, b) != 0) {
        __atomic_store_n(&b->stop, 1, __ATOMIC_RELAXED);
        pthread_join(drv, NULL);
        free(b);
        return -1;
    }
    struct timespec ts = {(time_t)seconds, (long)((seconds - (double)(time_t)seconds) * 1e9)};
    nanosleep(&ts, NULL);
    __atomic_store_n(&b->stop, 1, __ATOMIC_RELAXED);
    pthread_join(dev, NULL);
    pthread_join(drv, NULL);
    r->seconds = clock_ns_to_s(clock_now_ns() - t0);
    r->fills = (double)b->dev.fills;
    r->overwritten = (double)b->drv.overwritten;
    free(b);
    return 0;
}

/* ---- figures ----------------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(const double *v, int n)
{
    double s[64];
    memcpy(s, v, (size_t)n * sizeof(double));
    qsort(s, (size_t)n, sizeof(double), cmp_double);
    return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

static void json_samples(struct json *j, const char *key, const double *v, int n)
{
    json_object_begin(j, key);
    json_double(j, "median", median(v, n));
    json_array_begin(j, "samples");
    for (int i = 0; i < n; i++)
        json_double(j, NULL, v[i]);
    json_array_end(j);
    json_object_end(j);
}

int main(void)
{
    int runs = getenv("RUNS") ? atoi(getenv("RUNS")) : 5;
    double seconds = getenv("SECONDS") ? atof(getenv("SECONDS")) : 1.0;
    double per_s[PACE_COUNT][64], per_million[PACE_COUNT][64], fills_s[PACE_COUNT][64];
    double rtt[64];
    int cpus[2];
    char cpu[128], vendor[64], slug[128], dir[192], path[256];

    if (runs < 1 || runs > 64 || !(seconds >= 0.1 && seconds <= 60)) {
        fprintf(stderr, "two_stores: RUNS must be 1..64 and SECONDS 0.1..60\n");
        return 2;
    }
    if (hostinfo_usable_cpus(cpus, 2) < 2) {
        fprintf(stderr, "two_stores: needs two usable CPUs\n");
        return 125;
    }
    const char *why;
    if (!dma_copy_available(DMA_COPY_SINGLE, &why)) {
        fprintf(stderr, "two_stores: %s\n", why);
        return 125;
    }
    hostinfo_cpu_model(cpu, sizeof(cpu));
    hostinfo_cpu_vendor(vendor, sizeof(vendor));
    hostinfo_slug(vendor, cpu, slug, sizeof(slug));
    printf("two stores, no model: %s (%s), %s, CPUs %d and %d, ring %u, %d x %.1f s per pace\n",
           cpu, vendor, hostinfo_libc(), cpus[0], cpus[1], RING, runs, seconds);

    for (int r = 0; r < runs; r++) {
        rtt[r] = roundtrip_ns(cpus[0], cpus[1], ROUNDTRIP_EXCHANGES);
        for (int p = 0; p < PACE_COUNT; p++) {
            struct result res;
            if (race((enum pace)p, cpus, seconds, &res) != 0) {
                fprintf(stderr, "two_stores: cannot start the threads\n");
                return 125;
            }
            per_s[p][r] = res.overwritten / res.seconds;
            per_million[p][r] = res.fills > 0 ? res.overwritten * 1e6 / res.fills : 0;
            fills_s[p][r] = res.fills / res.seconds;
        }
    }

    double rt = median(rtt, runs);
    printf("  %-44s %9.0f ns\n", "round trip of one cache line, median", rt);
    for (int p = 0; p < PACE_COUNT; p++)
        printf("  %-10s overwritten re-arms %9.1f /s %9.2f per million fills, %6.2f M fills/s"
               " (medians)\n",
               pace_names[p], median(per_s[p], runs), median(per_million[p], runs),
               median(fills_s[p], runs) / 1e6);
    /* A handshake fills at most once per round trip. */
    double bound = median(per_million[PACE_HANDSHAKE], runs) * 1e-6 * (rt > 0 ? 1e9 / rt : 0);
    printf("  handshake bound: %.2f per million x one fill per %.0f ns = %.0f /s at most\n",
           median(per_million[PACE_HANDSHAKE], runs), rt, bound);

    snprintf(dir, sizeof(dir), "bench/results/%s", slug);
    if (mkdir("bench/results", 0777) != 0 && errno != EEXIST)
        fprintf(stderr, "two_stores: cannot create bench/results: %s\n", strerror(errno));
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        fprintf(stderr, "two_stores: cannot create %s: %s\n", dir, strerror(errno));
    snprintf(path, sizeof(path), "%s/two_stores.json", dir);
    FILE *jf = fopen(path, "w");
    if (jf == NULL) {
        fprintf(stderr, "two_stores: cannot write %s: %s\n", path, strerror(errno));
        return 1;
    }
    struct json j;
    json_init(&j, jf, true);
    json_object_begin(&j, NULL);
    json_string(&j, "host", slug);
    json_string(&j, "cpu_vendor", vendor);
    json_string(&j, "cpu_model", cpu);
    json_string(&j, "libc", hostinfo_libc());
    json_int(&j, "runs", runs);
    json_double(&j, "seconds_per_run", seconds);
    json_samples(&j, "round_trip_ns", rtt, runs);
    for (int p = 0; p < PACE_COUNT; p++) {
        json_object_begin(&j, pace_names[p]);
        json_samples(&j, "overwritten_per_s", per_s[p], runs);
        json_samples(&j, "overwritten_per_million_fills", per_million[p], runs);
        json_samples(&j, "fills_per_s", fills_s[p], runs);
        json_object_end(&j);
    }
    json_double(&j, "handshake_bound_per_s", bound);
    json_object_end(&j);
    fclose(jf);
    printf("wrote %s\n", path);

    snprintf(path, sizeof(path), "%s/two_stores_row.md", dir);
    FILE *rf = fopen(path, "w");
    if (rf != NULL) {
        fprintf(rf, "| %s (%s) | %s | %.0f ns | %.2f per million, %.0f /s | %.2f per million,"
                    " %.0f /s | %.0f /s | %.0f |\n",
                cpu, vendor, hostinfo_libc(), rt, median(per_million[PACE_HANDSHAKE], runs),
                median(per_s[PACE_HANDSHAKE], runs), median(per_million[PACE_FREE], runs),
                median(per_s[PACE_FREE], runs), bound, median(per_s[PACE_CONTROL], runs));
        fclose(rf);
        printf("wrote %s\n", path);
    }
    /* The control has one store: anything it counts is the detector's
     * error, and every other figure would be worthless. */
    for (int r = 0; r < runs; r++)
        if (per_s[PACE_CONTROL][r] != 0) {
            fprintf(stderr, "two_stores: the one-store control counted overwritten re-arms\n");
            return 1;
        }
    return 0;
}
