// SPDX-License-Identifier: GPL-2.0-or-later
/* live.c - two threads, one ring: the device (QEMU side) fills descriptors
 * with the real copy routine while the driver (guest side) polls, consumes
 * and re-arms them. The main thread prints RX COUNT once a second and ends
 * the run at a hang, the deadline or a signal.
 *
 * Sharing: the workers share the region (through the accessor layer), a
 * read-mostly control line (stop, park_request) and their counters. Each
 * counter has exactly one writer and lives on that writer's cache lines, so
 * bookkeeping does not add cache-line traffic to the race being measured.
 * The device thread also reads the driver's rx_tail: harness state for the
 * lockstep pace and the hang watch, not something the device model uses.
 */
#include "run/live.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/clock.h"
#include "util/cpu.h"
#include "util/roundtrip.h"
#include "probe/probe.h"
#include "run/cpushare.h"

const struct live_pace_info live_paces[LIVE_PACE_COUNT] = {
    [LIVE_PACE_FREE] = {"free", "the device fills whenever the ring has room"},
    [LIVE_PACE_LOCKSTEP] = {"lockstep",
                            "the device fills a descriptor only while the driver polls it"},
    [LIVE_PACE_INTERVAL] = {"interval", "one packet, then --interval-ms of sleep (seed's RX_INTERVAL)"},
    [LIVE_PACE_AUTO] = {"auto", "free until the first event, then lockstep"},
};

const struct live_pace_info live_widens[LIVE_WIDEN_COUNT] = {
    [LIVE_WIDEN_NONE] = {"none", "nothing widens the window: the copy runs at full speed"},
    [LIVE_WIDEN_WATCHPOINT] = {"watchpoint",
                               "hardware write breakpoints on status fields hold the device"
                               " after a store that sets DD, as gdb.cmd does"},
};

const char *const live_thread_names[LIVE_THREAD_COUNT] = {"device", "driver"};


/* Lockstep gives up waiting for the driver after this long, so that a
 * driver that has run ahead of the device (after a double consumption)
 * cannot stall the device outside the hang watch. */
#define LOCKSTEP_GIVE_UP_NS 1000000u
/* Each worker's stack: room for the driver's burst and the model's calls. */
#define LIVE_THREAD_STACK (256u << 10)

/* Counts one thread keeps: events of the kinds it detects, when the first
 * of each came. */
struct live_counts {
    uint64_t events[RX_EV_COUNT];
    uint64_t first_ns[RX_EV_COUNT]; /* since t0; valid when events[e] != 0 */
};

struct live_ctx {
    /* Read-only once the threads run. */
    const struct live_config *cfg;
    const struct nic_device *dev;
    const struct nic_driver *drv;
    struct live_hooks hooks; /* each callback NULL when not wanted */
    struct gm_region *gm;
    uint64_t t0_ns;
    double round_trip_before_ns; /* util/roundtrip.h, just before the threads */
    sem_t wake; /* posted when the run should end */

    /* Control, written rarely: stop once; park_request around a recovery;
     * event_seen once, by the driver at its first event (--pace=auto reads
     * it on every fill, with stop, from this one read-mostly line). */
    struct {
        int stop;
        int park_request;
        int event_seen;
    } ctl __attribute__((aligned(GM_CACHE_LINE)));

    /* The device thread's. */
    struct {
        E1000State dev;
        uint64_t fills, no_room;
        struct live_counts counts;
        struct hang_sample hang_first, hang_last; /* of the first hang */
        struct cpushare_use use;
        struct watch_stats watch;
        int watch_failed; /* --widen=watchpoint could not be armed */
        char watch_why[320]; /* ... why (the device thread writes it before
                                watch_failed; read after it is joined) */
        uint64_t lockstep_from_ns; /* --pace=auto: since t0; 0: still free */
    } d __attribute__((aligned(GM_CACHE_LINE)));

    /* The driver thread's (the driver's next descriptor is also read by
     * the device thread). */
    struct {
        union nic_queue rxq;
        struct rx_checker chk;
        uint64_t consumed, empty_polls;
        int parked;
        struct live_counts counts;
        struct cpushare_use use;
    } g __attribute__((aligned(GM_CACHE_LINE)));
};

static inline uint64_t ld(const uint64_t *p) { return __atomic_load_n(p, __ATOMIC_RELAXED); }
static inline void st(uint64_t *p, uint64_t v) { __atomic_store_n(p, v, __ATOMIC_RELAXED); }

static bool live_stopping(struct live_ctx *x)
{
    return __atomic_load_n(&x->ctl.stop, __ATOMIC_RELAXED) != 0;
}

static void live_request_stop(struct live_ctx *x)
{
    if (__atomic_exchange_n(&x->ctl.stop, 1, __ATOMIC_RELAXED) == 0)
        sem_post(&x->wake);
}

/* Signals: one run at a time, so one static pointer suffices. */
static struct live_ctx *volatile live_current;
static volatile sig_atomic_t live_signalled;

static void live_on_signal(int sig)
{
    (void)sig;
    live_signalled = 1;
    if (live_current != NULL)
        sem_post(&live_current->wake); /* async-signal-safe */
}

/* Catch SIGHUP too, unless it is ignored (nohup): then it stays ignored. */
static void live_catch_hup(const struct sigaction *sa, struct sigaction *old)
{
    sigaction(SIGHUP, NULL, old);
    if (old->sa_handler != SIG_IGN)
        sigaction(SIGHUP, sa, NULL);
}

static uint16_t driver_next(struct live_ctx *x)
{
    return x->drv->next(&x->g.rxq);
}

/* Only the thread that owns c calls this. */
static uint64_t count_event(struct live_ctx *x, struct live_counts *c, enum rx_event e,
                            uint64_t at_ns)
{
    uint64_t n = ld(&c->events[e]);
    if (n == 0)
        st(&c->first_ns[e], at_ns - x->t0_ns);
    st(&c->events[e], n + 1);
    return n + 1;
}

/* ---- device thread ---------------------------------------------------- */

/* Lockstep: fill the descriptor at RDH while the driver polls it, so that
 * the driver sees DD as soon as the device's first store lands. The device
 * follows its own RDH: when the driver looks at another descriptor and has
 * just found it empty (its polls go on, nothing is due there), the two are
 * out of phase, as after a double consumption that did not hang the ring
 * (linux-e1000e refills in batches and goes on); the device fills at once
 * instead of waiting for a meeting that will not come. */
static void lockstep_wait(struct live_ctx *x)
{
    uint64_t since = 0;
    uint64_t polls0 = ld(&x->g.empty_polls);
    for (unsigned spin = 0;; spin++) {
        if (live_stopping(x))
            return;
        if (driver_next(x) == gm_load32(&gm_as_live, &x->gm->rdh))
            return; /* the driver is polling the descriptor we write next */
        if (!x->dev->has_rxbufs(&x->d.dev, E1000_MIN_BUF_SIZE))
            return; /* let the receive fail, so the hang watch sees it */
        /* Two empty polls elsewhere: the driver waits on a descriptor
         * other than RDH (one empty poll can be a poll that began just
         * before our last fill landed). */
        if (ld(&x->g.empty_polls) - polls0 >= 2 &&
            driver_next(x) != gm_load32(&gm_as_live, &x->gm->rdh))
            return;
        if ((spin & 1023) == 1023) {
            uint64_t now = clock_now_ns();
            if (since == 0)
                since = now;
            else if (now - since >= LOCKSTEP_GIVE_UP_NS)
                return;
        }
        cpu_relax();
    }
}

/* --jitter: a random delay before a fill (xorshift64; only the device
 * thread calls it). It moves where in the driver's poll loop the fill
 * lands; the copy itself runs at full speed. */
static void jitter_wait(uint64_t *rng, unsigned jitter)
{
    *rng ^= *rng << 13;
    *rng ^= *rng >> 7;
    *rng ^= *rng << 17;
    for (unsigned k = (unsigned)(*rng % jitter); k != 0; k--)
        cpu_relax();
}

static void sleep_ms_unless_stopped(struct live_ctx *x, unsigned ms)
{
    while (ms > 0 && !live_stopping(x)) {
        unsigned slice = ms < 50 ? ms : 50;
        struct timespec ts = {0, (long)slice * 1000000L};
        nanosleep(&ts, NULL);
        ms -= slice;
    }
}

static bool hang_check(struct live_ctx *x, struct hang_watch *hw, uint64_t hang_ns)
{
    struct hang_sample s;
    s.now_ns = clock_now_ns();
    s.rdh = *(volatile uint32_t *)&x->gm->rdh;
    s.rdt = *(volatile uint32_t *)&x->gm->rdt;
    s.driver_next = driver_next(x);
    s.next_ready = nic_desc_ready(
        x->drv, (volatile uint8_t *)&x->gm->rx_rings[s.driver_next % x->gm->nb_desc]);
    s.fills = ld(&x->d.fills);
    s.consumed = ld(&x->g.consumed);
    s.empty_polls = ld(&x->g.empty_polls);
    if (!hang_watch_update(hw, &s, hang_ns))
        return false;
    if (ld(&x->d.counts.events[RX_EV_HANG]) == 0) {
        x->d.hang_first = hw->first;
        x->d.hang_last = s;
    }
    return true;
}

/* --continue: park the driver, start the ring over, let it go. The driver
 * touches nothing shared while parked, so the reset cannot race with it. */
static void recover(struct live_ctx *x)
{
    /* The driver may still be leaving the previous park. */
    while (__atomic_load_n(&x->g.parked, __ATOMIC_ACQUIRE))
        if (live_stopping(x))
            return;
    __atomic_store_n(&x->ctl.park_request, 1, __ATOMIC_SEQ_CST);
    while (!__atomic_load_n(&x->g.parked, __ATOMIC_ACQUIRE)) {
        if (live_stopping(x))
            return;
        cpu_relax();
    }
    x->drv->reset(&x->g.rxq);
    rx_checker_resync(&x->g.chk, x->d.dev.rx_fill_tag);
    __atomic_store_n(&x->ctl.park_request, 0, __ATOMIC_RELEASE);
}

/* --widen=watchpoint: breakpoints for this (the device) thread only. */
static int watch_start(struct live_ctx *x)
{
    char why[256];
    const struct nic_ready_field ready = nic_ready_field(x->drv);
    struct watch_target t = {
        .ring = (volatile uint8_t *)x->gm->rx_rings,
        .rdh = &x->gm->rdh,
        .nb_desc = x->gm->nb_desc,
        .status_off = ready.off,
        .status_len = ready.len,
        .ready_is_length = ready.length,
        .stop = &x->ctl.stop,
        .driver_polls = &x->g.empty_polls,
        .driver_consumed = &x->g.consumed,
    };
    if (watch_arm(&t, why, sizeof(why)) > 0)
        return 0;
    snprintf(x->d.watch_why, sizeof(x->d.watch_why), "cannot test --widen=watchpoint here: %s", why);
    x->d.watch_failed = 1;
    live_request_stop(x);
    return -1;
}

static void *qemu_worker(void *arg)
{
    struct live_ctx *x = arg;
    const struct live_config *cfg = x->cfg;
    uint64_t hang_ns = (uint64_t)cfg->hang_ms * 1000000u;
    struct hang_watch hw;

    struct cpushare_mark m0, m1;
    const bool watching = cfg->widen == LIVE_WIDEN_WATCHPOINT;
    uint64_t rng = 0x9e3779b97f4a7c15ull ^ clock_now_ns();

    cpushare_mark(&m0);
    if (watching && watch_start(x) != 0)
        return NULL;
    hang_watch_reset(&hw);
    bool lockstep = cfg->pace == LIVE_PACE_LOCKSTEP;
    while (!live_stopping(x)) {
        /* --pace=auto: free fills as fast as the host allows, and on host B
         * showed the first event several times sooner than lockstep; once
         * the bug has shown, lockstep makes the driver the one waiting when
         * it comes round to a resurrected descriptor, which hangs the ring
         * (docs/performance.md). */
        if (!lockstep && cfg->pace == LIVE_PACE_AUTO &&
            __atomic_load_n(&x->ctl.event_seen, __ATOMIC_RELAXED)) {
            lockstep = true;
            x->d.lockstep_from_ns = clock_now_ns() - x->t0_ns;
        }
        if (lockstep)
            lockstep_wait(x);
        if (cfg->jitter > 1)
            jitter_wait(&rng, cfg->jitter);
        if (watching)
            watch_set_active(true);
        ssize_t got = x->dev->receive(&x->d.dev, E1000_MIN_BUF_SIZE);
        if (watching)
            watch_set_active(false);
        if (got < 0) {
            st(&x->d.no_room, ld(&x->d.no_room) + 1);
            if (!hang_check(x, &hw, hang_ns))
                continue;
            /* Counted at its onset, when RDH == RDT began, not at detection. */
            if (count_event(x, &x->d.counts, RX_EV_HANG, hw.first.now_ns) == 1 && x->hooks.hang)
                x->hooks.hang(x->hooks.arg, hw.first.rdh, hw.first.rdt);
            hang_watch_reset(&hw);
            if (!cfg->keep_going) {
                live_request_stop(x);
                break;
            }
            recover(x);
            continue;
        }
        hang_watch_reset(&hw);
        st(&x->d.fills, x->d.dev.rx_fill_tag);
        if (cfg->pace == LIVE_PACE_INTERVAL)
            sleep_ms_unless_stopped(x, cfg->interval_ms);
    }
    if (watching)
        watch_disarm(&x->d.watch);
    cpushare_mark(&m1);
    cpushare_between(&m0, &m1, &x->d.use);
    return NULL;
}

/* ---- driver thread ---------------------------------------------------- */

/* The "application" above the PMD: checks each packet it is handed. */
static void dpdk_consume(struct live_ctx *x, const struct nic_pkt *p)
{
    struct rx_check_detail why;
    unsigned ev;

    if (x->cfg->vlog && x->hooks.get)
        x->hooks.get(x->hooks.arg, p->rx_id);
    ev = rx_check_pkt(&x->g.chk, p, &why);
    if (ev == 0)
        return;
    /* Written once: the line stays shared in both caches after that. */
    if (!__atomic_load_n(&x->ctl.event_seen, __ATOMIC_RELAXED))
        __atomic_store_n(&x->ctl.event_seen, 1, __ATOMIC_RELAXED);
    uint64_t now = clock_now_ns();
    for (int e = 0; e < RX_EV_COUNT; e++) {
        if (!(ev & RX_EV_BIT(e)))
            continue;
        uint64_t n = count_event(x, &x->g.counts, (enum rx_event)e, now);
        if (x->hooks.event)
            x->hooks.event(x->hooks.arg, (enum rx_event)e, n, p, &why);
    }
}

/* Stay off the ring while the device starts it over (recover()). */
static void park_if_asked(struct live_ctx *x)
{
    if (!__atomic_load_n(&x->ctl.park_request, __ATOMIC_ACQUIRE))
        return;
    __atomic_store_n(&x->g.parked, 1, __ATOMIC_SEQ_CST);
    while (__atomic_load_n(&x->ctl.park_request, __ATOMIC_ACQUIRE) && !live_stopping(x))
        cpu_relax();
    __atomic_store_n(&x->g.parked, 0, __ATOMIC_RELEASE);
}

static void *dpdk_worker(void *arg)
{
    struct live_ctx *x = arg;
    struct nic_pkt pkts[LIVE_BURST_MAX];
    uint16_t burst = (uint16_t)x->cfg->burst;
    bool may_park = x->cfg->keep_going;
    struct cpushare_mark m0, m1;

    cpushare_mark(&m0);
    while (!live_stopping(x)) {
        if (may_park)
            park_if_asked(x);
        uint16_t n = x->drv->recv(&x->g.rxq, pkts, burst);
        if (n == 0) {
            st(&x->g.empty_polls, ld(&x->g.empty_polls) + 1);
            continue;
        }
        for (uint16_t i = 0; i < n; i++)
            dpdk_consume(x, &pkts[i]);
        st(&x->g.consumed, x->g.chk.consumed);
    }
    cpushare_mark(&m1);
    cpushare_between(&m0, &m1, &x->g.use);
    return NULL;
}

/* ---- main thread ------------------------------------------------------ */

static int start_worker(pthread_t *t, void *(*fn)(void *), struct live_ctx *x, int cpu,
                        const char *name, char *error, size_t error_len)
{
    pthread_attr_t attr;
    int err;

    cpu_set_t set;
    CPU_ZERO(&set);
    if (cpu >= 0)
        CPU_SET(cpu, &set);
    pthread_attr_init(&attr);
    /* A stack of its own size, not the process's RLIMIT_STACK (glibc's
     * default): the driver's burst array alone is 16 KB, and the run must
     * work under ulimit -s 24. */
    pthread_attr_setstacksize(&attr, LIVE_THREAD_STACK);
#ifdef __GLIBC__
    if (cpu >= 0)
        pthread_attr_setaffinity_np(&attr, sizeof(set), &set);
#endif
    err = pthread_create(t, &attr, fn, x);
    pthread_attr_destroy(&attr);
#ifndef __GLIBC__
    /* musl has no pthread_attr_setaffinity_np: pin right after creation
     * (the thread may run its first instructions elsewhere). */
    if (err == 0 && cpu >= 0)
        pthread_setaffinity_np(*t, sizeof(set), &set);
#endif
    if (err != 0) {
        snprintf(error, error_len, "cannot start the %s thread%s%d: %s", name,
                 cpu >= 0 ? " on CPU " : "", cpu >= 0 ? cpu : 0, strerror(err));
        return -1;
    }
    pthread_setname_np(*t, name);
    return 0;
}

/* Wait until the run should end or until `until_ns` (monotonic). */
static void monitor_wait(struct live_ctx *x, uint64_t until_ns)
{
    uint64_t now = clock_now_ns();
    if (until_ns <= now)
        return;
    uint64_t left = until_ns - now;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += (time_t)(left / 1000000000u);
    ts.tv_nsec += (long)(left % 1000000000u);
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    while (sem_timedwait(&x->wake, &ts) != 0 && errno == EINTR && !live_signalled)
        ;
}

static void monitor(struct live_ctx *x)
{
    const uint64_t second = 1000000000u;
    uint64_t end = x->cfg->duration_s > 0 ? x->t0_ns + (uint64_t)(x->cfg->duration_s * 1e9)
                                          : UINT64_MAX;
    uint64_t tick = x->t0_ns + second;

    while (!live_stopping(x)) {
        monitor_wait(x, tick < end ? tick : end);
        if (live_signalled || clock_now_ns() >= end) {
            live_request_stop(x);
            break;
        }
        if (clock_now_ns() >= tick) {
            if (x->hooks.second)
                x->hooks.second(x->hooks.arg, ld(&x->d.fills));
            tick += second;
        }
    }
}

static void collect(struct live_ctx *x, struct live_stats *s)
{
    memset(s, 0, sizeof(*s));
    s->round_trip_ns[0] = x->round_trip_before_ns;
    s->round_trip_ns[1] = roundtrip_ns(x->cfg->cpus[0], x->cfg->cpus[1], ROUNDTRIP_EXCHANGES);
    s->elapsed_s = clock_ns_to_s(clock_now_ns() - x->t0_ns);
    s->interrupted = live_signalled != 0;
    s->fills = ld(&x->d.fills);
    s->consumed = ld(&x->g.consumed);
    s->no_room = ld(&x->d.no_room);
    s->empty_polls = ld(&x->g.empty_polls);
    for (int e = 0; e < RX_EV_COUNT; e++) {
        /* Each kind is counted by one side only; the other side's is 0. */
        const struct live_counts *c = x->d.counts.events[e] ? &x->d.counts : &x->g.counts;
        s->events[e] = ld(&c->events[e]);
        s->first_s[e] = s->events[e] ? clock_ns_to_s(ld(&c->first_ns[e])) : -1.0;
    }
    if (s->events[RX_EV_HANG]) {
        s->hang.rdh = x->d.hang_last.rdh;
        s->hang.rdt = x->d.hang_last.rdt;
        s->hang.driver_next = x->d.hang_last.driver_next;
        s->hang.onset_s = clock_ns_to_s(x->d.hang_first.now_ns - x->t0_ns);
        s->hang.detected_s = clock_ns_to_s(x->d.hang_last.now_ns - x->t0_ns);
    }
    s->use[LIVE_DEVICE] = x->d.use;
    s->use[LIVE_DRIVER] = x->g.use;
    s->shared_cpu = x->cfg->cpus[0] < 0 || x->cfg->cpus[0] == x->cfg->cpus[1];
    s->sleeps_by_design = x->cfg->pace == LIVE_PACE_INTERVAL;
    s->watch = x->d.watch;
    s->lockstep_from_s = x->d.lockstep_from_ns ? clock_ns_to_s(x->d.lockstep_from_ns) : -1.0;
}

int live_starved_thread(const struct live_stats *s, double *share)
{
    int worst = -1;
    double low = 0;
    if (s->shared_cpu)
        return -1; /* one CPU for both (--force): each gets half by design */
    if (s->sleeps_by_design)
        return -1; /* the slow mode: the device sleeps most of the run */
    for (int t = 0; t < LIVE_THREAD_COUNT; t++) {
        double sh = cpushare_share(&s->use[t]);
        if (sh < 0)
            return -1;
        if (worst < 0 || sh < low) {
            worst = t;
            low = sh;
        }
    }
    *share = low;
    return worst;
}

bool live_widen_available(const struct live_config *c, char *why, size_t len)
{
    enum watch_delivery how;
    if (c->widen != LIVE_WIDEN_WATCHPOINT)
        return true;
    return watch_probe(&how, why, len) > 0;
}

uint64_t live_events_total(const struct live_stats *s)
{
    uint64_t n = 0;
    for (int e = 0; e < RX_EV_COUNT; e++)
        n += s->events[e];
    return n;
}

double live_first_event_s(const struct live_stats *s)
{
    double first = -1;
    for (int e = 0; e < RX_EV_COUNT; e++)
        if (s->events[e] != 0 && (first < 0 || s->first_s[e] < first))
            first = s->first_s[e];
    return first;
}

/* live_stats.publish_exposed: the probe asked only when the caller wants
 * it, for a clean unwidened run of a write-back it can judge, after the
 * threads have stopped (its traced child would compete with them). */
static int publish_exposed(const struct live_config *c, const struct live_stats *s)
{
    if (!c->ask_exposure || live_exit_status(s) != 0 || c->widen != LIVE_WIDEN_NONE ||
        c->dpdk_fix != EM_WORKAROUND_NONE ||
        (c->qemu_fix != E1000_FIX_NONE && c->qemu_fix != E1000_FIX_UPSTREAM))
        return -1;
    return probe_publish_exposed(c->copy, nic_drivers[c->driver].format,
                                 c->qemu_fix == E1000_FIX_UPSTREAM);
}

int live_run(const struct live_config *cfg, struct live_stats *stats, const struct live_hooks *hooks)
{
    struct live_ctx *x;
    struct sigaction sa, old_int, old_term, old_hup;
    pthread_t dev_thread, drv_thread;
    int rc = -1;

    stats->error[0] = '\0';
    if (posix_memalign((void **)&x, GM_CACHE_LINE, sizeof(*x)) != 0) {
        snprintf(stats->error, sizeof(stats->error), "out of memory");
        return -1;
    }
    memset(x, 0, sizeof(*x));
    if ((x->gm = gm_alloc(cfg->ring)) == NULL) {
        snprintf(stats->error, sizeof(stats->error), "cannot map a ring of %u descriptors",
                 cfg->ring);
        free(x);
        return -1;
    }
    x->cfg = cfg;
    if (hooks != NULL)
        x->hooks = *hooks;
    x->dev = &nic_devices[cfg->device];
    x->drv = &nic_drivers[cfg->driver];
    /* Both sides reach the region as live memory: plain volatile accesses. */
    if (x->drv->setup(&x->g.rxq, &gm_as_live, x->gm, (uint16_t)cfg->rx_free_thresh,
                      cfg->dpdk_fix) != 0 ||
        rx_checker_init(&x->g.chk, cfg->ring) != 0) {
        snprintf(stats->error, sizeof(stats->error), "out of memory");
        goto out_free;
    }
    x->drv->set_rx_work(&x->g.rxq, cfg->rx_work_ns); /* calibrates: before the threads */
    e1000_init(&x->d.dev, &gm_as_live, x->gm, cfg->qemu_fix, &dma_copies[cfg->copy], cfg->gap);
    sem_init(&x->wake, 0, 0);
    g_shm = x->gm;

    live_signalled = 0;
    live_current = x;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = live_on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    live_catch_hup(&sa, &old_hup); /* a closed terminal stops the run too */
    /* After the handlers, so that no signal falls between: one the
     * command caught before them ends the run as soon as it starts. */
    if (hooks != NULL && hooks->stop != NULL && *hooks->stop != 0) {
        live_signalled = 1;
        sem_post(&x->wake);
    }

    /* How far apart the two CPUs run now: the race's rate depends on it. */
    x->round_trip_before_ns = roundtrip_ns(cfg->cpus[0], cfg->cpus[1], ROUNDTRIP_EXCHANGES);
    x->t0_ns = clock_now_ns();
    char dev_name[16], drv_name[16]; /* thread names: at most 15 characters */
    snprintf(dev_name, sizeof(dev_name), "qemu-%s", x->dev->name);
    snprintf(drv_name, sizeof(drv_name), "%s", x->drv->name);
    if (start_worker(&dev_thread, qemu_worker, x, cfg->cpus[0], dev_name, stats->error,
                     sizeof(stats->error)) != 0)
        goto out_signals;
    if (start_worker(&drv_thread, dpdk_worker, x, cfg->cpus[1], drv_name, stats->error,
                     sizeof(stats->error)) != 0) {
        live_request_stop(x);
        pthread_join(dev_thread, NULL);
        goto out_signals;
    }
    monitor(x);
    pthread_join(dev_thread, NULL);
    pthread_join(drv_thread, NULL);
    collect(x, stats);
    stats->publish_exposed = publish_exposed(cfg, stats);
    rc = x->d.watch_failed ? -1 : 0;
    if (x->d.watch_failed)
        snprintf(stats->error, sizeof(stats->error), "%s", x->d.watch_why);

out_signals:
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    sigaction(SIGHUP, &old_hup, NULL);
    live_current = NULL;
    g_shm = NULL;
    sem_destroy(&x->wake);
out_free:
    rx_checker_free(&x->g.chk);
    if (x->drv != NULL)
        x->drv->release(&x->g.rxq);
    gm_free(x->gm);
    free(x);
    return rc;
}

int live_exit_status(const struct live_stats *s)
{
    double share;
    if (live_events_total(s) != 0)
        return 1;
    /* Nothing went through the ring: nothing was tested. */
    if (s->consumed == 0)
        return 125;
    /* A thread that ran for less than half the run raced for less than
     * half of it: "nothing seen" says little about this host. Except under
     * the watchpoint when the driver did re-arm descriptors while the
     * device was held after its DD store: those are the races the run
     * exists for, and they happened, whatever the load. */
    if (live_starved_thread(s, &share) >= 0 && share < LIVE_SHARE_INCONCLUSIVE &&
        s->watch.rearmed == 0)
        return 125;
    return 0;
}

struct live_config live_baseline_config(const struct live_config *c)
{
    struct live_config b = *c;
    b.qemu_fix = E1000_FIX_NONE;
    b.dpdk_fix = EM_WORKAROUND_NONE;
    b.copy = DMA_COPY_LIBC;
    b.gap = 0;
    b.widen = LIVE_WIDEN_NONE; /* the natural rate: a widened one never weighs a clean run */
    b.keep_going = true;
    b.vlog = false;
    return b;
}
