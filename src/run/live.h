// SPDX-License-Identifier: GPL-2.0-or-later
/* live.h - the live run: device and driver as two pinned threads racing on
 * one ring, with the real copy routine, until a hang, a deadline or Ctrl-C.
 *
 * src/run/: the live harness. The threads and paces (live.c), the lines
 * reported as the run goes (struct live_hooks), the statistics (stats.c),
 * the CPU each thread got (cpushare.c), the hardware watchpoint that widens
 * the window (watch.c), the header's facts (header.c). It prints nothing:
 * output/out_seedlog.c renders what the hooks report, output/out_run.c a
 * finished run. It may use model/, util/ and the probe's public header
 * (probe/probe.h, for the header's store line and a clean run's exposure);
 * never explain/, output/ or cli/. */
#ifndef E1000_POC_LIVE_H
#define E1000_POC_LIVE_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model/detect.h"
#include "model/dma.h"
#include "model/nic.h"
#include "run/cpushare.h"
#include "run/watch.h"

/* How the device paces its fills. One row each in live_paces[]. */
enum live_pace {
    LIVE_PACE_FREE,     /* fill whenever there is room */
    LIVE_PACE_LOCKSTEP, /* fill a descriptor only while the driver polls it */
    LIVE_PACE_INTERVAL, /* the seed's RX_INTERVAL: one packet, then sleep */
    LIVE_PACE_AUTO,     /* free until the first event, then lockstep (the default) */
    LIVE_PACE_COUNT
};

struct live_pace_info {
    const char *name;
    const char *summary;
};
extern const struct live_pace_info live_paces[LIVE_PACE_COUNT];

/* How the race window is widened, if at all. One row each in live_widens[].
 * A widened run's rate is never the natural one: every line that reports
 * a result says which widening it used. */
enum live_widen {
    LIVE_WIDEN_NONE,       /* the copy runs at full speed, nothing held */
    LIVE_WIDEN_WATCHPOINT, /* a hardware write breakpoint on status fields
                              holds the device after a store that set DD,
                              as the seed's gdb.cmd does (run/watch.h) */
    LIVE_WIDEN_COUNT
};
extern const struct live_pace_info live_widens[LIVE_WIDEN_COUNT];

struct live_config {
    enum nic_device_id device;
    enum nic_driver_id driver;
    enum e1000_fix qemu_fix;
    enum em_workaround dpdk_fix;
    enum dma_copy_id copy;
    unsigned gap;            /* pause instructions between a copy's stores */
    unsigned ring;           /* descriptors */
    unsigned burst;          /* eth_em_recv_pkts nb_pkts */
    unsigned rx_free_thresh; /* DPDK rx_free_thresh */
    unsigned rx_work_ns;     /* driver's per-packet work before its clear or
                                re-arm (model/driver/rxwork.h); 0: none, the
                                widest window, an upper bound */
    enum live_pace pace;
    unsigned interval_ms;    /* LIVE_PACE_INTERVAL */
    double duration_s;       /* 0: until SIGINT or SIGTERM */
    unsigned hang_ms;        /* how long the hang condition must hold */
    bool keep_going;         /* --continue: after a hang, start the ring over */
    bool vlog;               /* seed's DPDK_VLOG: one line per descriptor */
    int cpus[2];             /* device, driver CPU; -1: not pinned */
    enum live_widen widen;   /* --widen */
    unsigned jitter;         /* before each fill, 0..jitter-1 pauses at random
                                (litmus7-style delay: shifts the phase between
                                device and driver; widens nothing) */
    bool ask_exposure;       /* after a clean run, ask the probe whether its DD
                                write is exposed (live_stats.publish_exposed),
                                for a verdict that says so; run's, not matrix's
                                cells (the probe traces a child each time) */
};

#define LIVE_BURST_MAX 512

/* The CPU a worker thread actually got: on a busy host a thread may run
 * for a fraction of the wall time, and a race needs both running at once. */
enum live_thread { LIVE_DEVICE, LIVE_DRIVER, LIVE_THREAD_COUNT };
extern const char *const live_thread_names[LIVE_THREAD_COUNT]; /* "device", "driver" */

/* A thread that got less than this share of the wall time has not raced
 * for most of the run: a run without an event says INCONCLUSIVE. */
#define LIVE_SHARE_INCONCLUSIVE 0.5
/* Below this share, a warning line. */
#define LIVE_SHARE_WARN 0.9

struct live_stats {
    double elapsed_s;
    bool interrupted; /* ended by a signal */
    uint64_t fills;       /* descriptors the device wrote back */
    uint64_t consumed;    /* descriptors the driver consumed */
    uint64_t no_room;     /* receive attempts refused for lack of descriptors */
    uint64_t empty_polls; /* driver polls that found nothing */
    uint64_t events[RX_EV_COUNT];
    double first_s[RX_EV_COUNT]; /* seconds to the first event; < 0: none */
    struct {                     /* the first ring hang */
        uint32_t rdh, rdt;
        uint16_t driver_next;
        double onset_s;    /* when the stuck state began */
        double detected_s; /* when it had held long enough */
    } hang;
    struct cpushare_use use[LIVE_THREAD_COUNT];
    bool shared_cpu; /* the threads were not on two CPUs of their own (--force) */
    /* --pace=interval: the device sleeps between packets on purpose, so a
     * thread's low CPU share says nothing about the host's load. */
    bool sleeps_by_design;
    struct watch_stats watch; /* --widen=watchpoint */
    /* --pace=auto: seconds into the run when the device turned from free
     * to lockstep (the first event); < 0: it did not (no event, or another
     * pace). */
    double lockstep_from_s;
    /* A cache line's round trip between the two CPUs (util/roundtrip.h),
     * just before the threads start and just after they stop; < 0: not
     * measured (one CPU for both, or a CPU too busy to answer). */
    double round_trip_ns[2];
    /* A run asked to (ask_exposure) that ended clean (live_exit_status 0)
     * without widening, no driver workaround and qemu-fix none or
     * upstream: 1 when the probe finds the write that publishes DD exposed
     * with this copy (the race is possible here, only rare), 0 when not;
     * -1 not asked or unknown. Its verdict says so (output/out_run.c). */
    int publish_exposed;
    /* live_run returned -1: why, a sentence without "e1000_poc: " (the
     * run could not start, or its watchpoint could not be armed). */
    char error[320];
};

/* The thread with the smallest share of its wall time, or -1 when no
 * share can be judged (unmeasured, or the threads shared one CPU). *share
 * gets that share. */
int live_starved_thread(const struct live_stats *st, double *share);

/* All events, of every kind. */
uint64_t live_events_total(const struct live_stats *st);
/* Seconds to the first event of any kind; < 0 if there was none. */
double live_first_event_s(const struct live_stats *st);

/* What the run reports as it goes, each when it happens (the seed printed
 * a line for each: output/out_seedlog.c still does). Any callback may be
 * NULL. hang runs on the device thread, get and event on the driver
 * thread, second on the main thread, possibly at once: each must be quick,
 * safe to call alongside the others, and must not call into the run. */
struct live_hooks {
    /* The first ring hang, once detected: RDH and RDT when it began. */
    void (*hang)(void *arg, uint32_t rdh, uint32_t rdt);
    /* --vlog: the driver consumed descriptor rx_id. */
    void (*get)(void *arg, uint16_t rx_id);
    /* The driver found event e on packet p (why: the checker's detail);
     * nth: the events of kind e so far, this one included. */
    void (*event)(void *arg, enum rx_event e, uint64_t nth, const struct nic_pkt *p,
                  const struct rx_check_detail *why);
    /* Once a second: the descriptors the device has written back so far. */
    void (*second)(void *arg, uint64_t fills);
    void *arg;
    /* The command's own stop flag (its handlers caught a signal), or NULL.
     * The run catches SIGINT, SIGTERM and SIGHUP itself while it runs; a
     * signal the command caught before that (e.g. the moment --pid-file
     * appeared) stops it at once all the same. */
    const volatile sig_atomic_t *stop;
};

/* Run once, reporting through hooks as it goes (NULL: silent), fill *st.
 * Returns 0, or -1 with st->error saying why the run could not start (or
 * could not arm its watchpoint). Prints nothing. */
int live_run(const struct live_config *cfg, struct live_stats *st, const struct live_hooks *hooks);

/* Can this run's widening work here? true, or false with a sentence in
 * why (e.g. hardware breakpoints refused by perf_event_paranoid). */
bool live_widen_available(const struct live_config *cfg, char *why, size_t len);

/* The run's exit status: 1 if anything was detected; 125 if nothing was
 * and either no descriptor went through or a thread got less than
 * LIVE_SHARE_INCONCLUSIVE of its wall time (the race was not really run);
 * 0 otherwise. */
int live_exit_status(const struct live_stats *st);

/* run --baseline: what weighs a clean result, c with neither fix and the
 * C library's copy, unwidened, through every hang. */
struct live_config live_baseline_config(const struct live_config *c);

#endif
