/* live.h - the live run: device and driver as two pinned threads racing on
 * one ring, with the real copy routine, until a hang, a deadline or Ctrl-C.
 *
 * src/run/: the live harness. The threads and paces (live.c), the lines
 * printed as the run goes (seedlog.c), the statistics (stats.c) and what
 * a finished run reports (report.c). It may use model/, util/ and the
 * probe's public header (probe/probe.h, for the header's store line);
 * never explain/ or cli/. */
#ifndef E1000_POC_LIVE_H
#define E1000_POC_LIVE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "model/detect.h"
#include "model/dma.h"
#include "model/nic.h"

/* How the device paces its fills. One row each in live_paces[]. */
enum live_pace {
    LIVE_PACE_FREE,     /* fill whenever there is room */
    LIVE_PACE_LOCKSTEP, /* fill a descriptor only while the driver polls it */
    LIVE_PACE_INTERVAL, /* the seed's RX_INTERVAL: one packet, then sleep */
    LIVE_PACE_COUNT
};

struct live_pace_info {
    const char *name;
    const char *summary;
};
extern const struct live_pace_info live_paces[LIVE_PACE_COUNT];

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
};

#define LIVE_BURST_MAX 512
#define LIVE_EVENT_PRINT_LIMIT 20 /* event lines printed per kind; all are counted */

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
};

/* All events, of every kind. */
uint64_t live_events_total(const struct live_stats *st);
/* Seconds to the first event of any kind; < 0 if there was none. */
double live_first_event_s(const struct live_stats *st);

/* Run once. Writes the seed's log lines to out as they happen (out NULL:
 * silent), fills *st. Returns 0, or -1 after printing why the run could not
 * start. */
int live_run(const struct live_config *cfg, struct live_stats *st, FILE *out);

/* The run's exit status: 1 if anything was detected, 0 if descriptors went
 * through the ring and nothing was, 125 if none went through at all. */
int live_exit_status(const struct live_stats *st);

#endif
