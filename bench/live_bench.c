// SPDX-License-Identifier: GPL-2.0-or-later
/* live_bench.c - how fast and how surely the live run reproduces, and how
 * many descriptors a clean run gets through, on this machine.
 *
 *   make bench                    runs it (and bench/explain.sh if present)
 *   RUNS=5 build/bench/live_bench fewer runs (DEFAULT_RUNS=50: the default
 *                                 run's first-event sample)
 *
 * Prints a table and writes bench/results/<host>/live.json and row.md,
 * <host> named after the CPU's vendor and model (bench/table.sh gathers
 * the rows of every host measured). Medians over several runs; run it
 * alone: the race needs both CPUs. The load average and the CPU share the
 * threads got are recorded with the figures, so that a figure measured on
 * a busy host says so. */
#include <errno.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include "util/hostinfo.h"
#include "util/json.h"
#include "run/cpushare.h"
#include "run/live.h"
#include "run/stats.h"
#include "cli/liveopt.h"

static int cpus[2];

/* ---- the host ----------------------------------------------------------- */

static double loadavg1(void)
{
    double l = -1;
    FILE *f = fopen("/proc/loadavg", "r");
    if (f != NULL) {
        if (fscanf(f, "%lf", &l) != 1)
            l = -1;
        fclose(f);
    }
    return l;
}

/* The least CPU share either thread got in a run, over all runs so far:
 * how loaded the host was while the figures were taken. */
static double min_share = 2.0;
static void note_share(const struct live_stats *s)
{
    for (int t = 0; t < LIVE_THREAD_COUNT; t++) {
        double sh = cpushare_share(&s->use[t]);
        if (sh >= 0 && sh < min_share)
            min_share = sh;
    }
}

/* The cache line's round trip before each run: where the hypervisor ran
 * the two vCPUs while the figures were taken (on host B it flips between
 * about 70 and 330 ns, and lockstep's rate with it). */
static double *round_trips;
static int n_round_trips, cap_round_trips;
static void note_round_trip(const struct live_stats *s)
{
    if (s->round_trip_ns[0] < 0)
        return;
    if (n_round_trips == cap_round_trips) {
        int cap = cap_round_trips ? 2 * cap_round_trips : 256;
        double *v = realloc(round_trips, (size_t)cap * sizeof(*v));
        if (v == NULL)
            return; /* a sample lost, not the figures */
        round_trips = v;
        cap_round_trips = cap;
    }
    round_trips[n_round_trips++] = s->round_trip_ns[0];
}

static int run(const struct live_config *c, struct live_stats *s)
{
    if (live_run(c, s, NULL) != 0) {
        fprintf(stderr, "live_bench: %s\n", s->error);
        return -1;
    }
    note_share(s);
    note_round_trip(s);
    return 0;
}

/* A configuration as `e1000_poc run` builds it from its options: the
 * command line's own defaults (cli/liveopt.c), so that every figure here is
 * one a user gets without options: the driver's --rx-work, the PMD's
 * rx_free_thresh (igb: 32, on a ring of 64), memmove for igb's QEMU. The
 * callers then set what each measure varies (pace, duration, --continue). */
static struct live_config user_config(enum nic_device_id dev, enum nic_driver_id drv,
                                      enum e1000_fix fix)
{
    struct live_config c;
    struct liveopt_state st;
    liveopt_defaults(&c, &st);
    c.device = dev;
    c.driver = drv;
    c.qemu_fix = fix;
    c.dpdk_fix = EM_WORKAROUND_NONE;
    c.cpus[0] = cpus[0];
    c.cpus[1] = cpus[1];
    st.driver_given = true;
    st.cpus_given = true;
    if (liveopt_finish(&c, &st) != 0) {
        fprintf(stderr, "live_bench: the command line refused %s/%s\n", nic_devices[dev].name,
                nic_drivers[drv].name);
        exit(125);
    }
    return c;
}

/* The unfixed default: e1000 against DPDK's em, the C library's memcpy. */
static struct live_config base(void)
{
    return user_config(NIC_DEV_E1000, NIC_DRV_DPDK_EM, E1000_FIX_NONE);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median and maximum of the n values >= 0 (< 0 = not seen). */
struct summary {
    double median, max;
    int seen, runs, within_1s;
    const double *v; /* the runs' values, for the JSON's samples (the histogram) */
};

static struct summary summarize(const double *v, int n)
{
    struct summary s = {-1, -1, 0, n, 0, v};
    double *sorted = malloc((size_t)(n > 0 ? n : 1) * sizeof(*sorted));
    if (sorted == NULL) {
        s.runs = 0; /* nothing to summarize with */
        return s;
    }
    for (int i = 0; i < n; i++)
        if (v[i] >= 0) {
            sorted[s.seen++] = v[i];
            s.within_1s += v[i] <= 1.0;
        }
    if (s.seen > 0) {
        qsort(sorted, (size_t)s.seen, sizeof(double), cmp_double);
        s.median = s.seen % 2 ? sorted[s.seen / 2]
                              : (sorted[s.seen / 2 - 1] + sorted[s.seen / 2]) / 2;
        s.max = sorted[s.seen - 1];
    }
    free(sorted);
    return s;
}

static void row(const char *what, struct summary s, const char *unit, double scale)
{
    if (s.seen == 0)
        printf("  %-44s %12s %12s %6d/%-3d\n", what, "-", "-", 0, s.runs);
    else
        printf("  %-44s %9.3f %-2s %9.3f %-2s %6d/%-3d\n", what, s.median * scale, unit,
               s.max * scale, unit, s.seen, s.runs);
}

static void json_summary(struct json *j, const char *key, struct summary s)
{
    json_object_begin(j, key);
    json_int(j, "runs", s.runs);
    json_int(j, "seen", s.seen);
    json_double(j, "median", s.seen ? s.median : NAN);
    json_double(j, "max", s.seen ? s.max : NAN);
    json_int(j, "within_1s", s.within_1s);
    json_array_begin(j, "samples"); /* one per run; null: not seen */
    for (int i = 0; i < s.runs; i++)
        json_double(j, NULL, s.v[i] >= 0 ? s.v[i] : NAN);
    json_array_end(j);
    json_object_end(j);
}

/* ---- the measures -------------------------------------------------------- */

/* What every measure needs: how many runs, the JSON being written, and the
 * figures that go into the host's row of the performance table. Each
 * measure returns 0, or -1 when a run could not start (main then closes
 * the JSON, saying so). */
struct bench {
    int runs, default_runs, rate_runs;
    double rate_s;
    struct json j;
    struct summary row_lock_stale, row_hangs, row_default, row_watch;
};

/* Room for n samples; NULL (said once) when there is none. */
static double *samples(int n)
{
    double *v = calloc((size_t)(n > 0 ? n : 1), sizeof(*v));
    if (v == NULL)
        fprintf(stderr, "live_bench: out of memory\n");
    return v;
}

/* A summary kept for the host's row after its samples are gone. */
static struct summary kept(struct summary s)
{
    s.v = NULL;
    return s;
}

/* 1. Time to reproduce, each pace: first stale address, ring hang. */
static int measure_paces(struct bench *b)
{
    static const enum live_pace timed_paces[] = {LIVE_PACE_FREE, LIVE_PACE_LOCKSTEP, LIVE_PACE_AUTO};
    double *stale = samples(b->runs), *hang = samples(b->runs);
    int rc = stale && hang ? 0 : -1;
    for (size_t k = 0; rc == 0 && k < sizeof(timed_paces) / sizeof(timed_paces[0]); k++) {
        const enum live_pace pace = timed_paces[k];
        for (int i = 0; rc == 0 && i < b->runs; i++) {
            struct live_config c = base();
            struct live_stats s;
            c.pace = pace;
            rc = run(&c, &s);
            stale[i] = s.first_s[RX_EV_STALE_ADDR];
            hang[i] = s.events[RX_EV_HANG] ? s.hang.onset_s : -1;
        }
        if (rc != 0)
            break;
        char what[96];
        struct summary ss = summarize(stale, b->runs), hs = summarize(hang, b->runs);
        snprintf(what, sizeof(what), "%s: first stale buffer address", live_paces[pace].name);
        row(what, ss, "ms", 1e3);
        snprintf(what, sizeof(what), "%s: ring hang (%d/%d within 1 s)", live_paces[pace].name,
                 hs.within_1s, b->runs);
        row(what, hs, "ms", 1e3);
        if (pace == LIVE_PACE_LOCKSTEP)
            b->row_lock_stale = kept(ss);
        json_object_begin(&b->j, live_paces[pace].name);
        json_summary(&b->j, "first_stale_s", ss);
        json_summary(&b->j, "hang_s", hs);
        json_object_end(&b->j);
    }
    free(stale);
    free(hang);
    return rc;
}

/* 2. Rates through hangs (--continue), default pace. */
static int measure_continue(struct bench *b)
{
    double *evs = samples(b->rate_runs), *hangs = samples(b->rate_runs);
    int rc = evs && hangs ? 0 : -1;
    for (int i = 0; rc == 0 && i < b->rate_runs; i++) {
        struct live_config c = base();
        struct live_stats s;
        c.keep_going = true;
        c.duration_s = b->rate_s;
        rc = run(&c, &s);
        evs[i] = stats_per_second(live_events_total(&s), s.elapsed_s);
        hangs[i] = stats_per_second(s.events[RX_EV_HANG], s.elapsed_s);
    }
    if (rc == 0) {
        struct live_config def = base();
        struct summary es = summarize(evs, b->rate_runs), hgs = summarize(hangs, b->rate_runs);
        char what[96];
        snprintf(what, sizeof(what), "%s --continue: events per second", live_paces[def.pace].name);
        row(what, es, "/s", 1);
        snprintf(what, sizeof(what), "%s --continue: ring hangs per second", live_paces[def.pace].name);
        row(what, hgs, "/s", 1);
        b->row_hangs = kept(hgs);
        json_object_begin(&b->j, "continue");
        json_summary(&b->j, "events_per_s", es);
        json_summary(&b->j, "hangs_per_s", hgs);
        json_object_end(&b->j);
    }
    free(evs);
    free(hangs);
    return rc;
}

/* 3. The status-word race: QEMU's current fix on the write-back formats,
 * with the C library's copy. Time to the first event, and rates through
 * hangs, default pace. */
static int measure_status_word(struct bench *b)
{
    static const struct {
        enum nic_device_id dev;
        enum nic_driver_id drv;
        const char *key;
    } sw[] = {{NIC_DEV_IGB, NIC_DRV_DPDK_IGB, "igb_dpdk_igb"},
              {NIC_DEV_E1000E, NIC_DRV_LINUX_E1000E, "e1000e_linux_e1000e"}};
    double *first = samples(b->runs), *rate = samples(b->rate_runs);
    int rc = first && rate ? 0 : -1;
    json_object_begin(&b->j, "status_word_race_upstream_libc");
    for (size_t k = 0; rc == 0 && k < sizeof(sw) / sizeof(sw[0]); k++) {
        struct live_config race = user_config(sw[k].dev, sw[k].drv, E1000_FIX_UPSTREAM);
        for (int i = 0; rc == 0 && i < b->runs; i++) {
            struct live_stats s;
            rc = run(&race, &s);
            first[i] = live_first_event_s(&s);
        }
        for (int i = 0; rc == 0 && i < b->rate_runs; i++) {
            struct live_config c = race;
            struct live_stats s;
            c.pace = LIVE_PACE_FREE;
            c.keep_going = true;
            c.duration_s = b->rate_s;
            rc = run(&c, &s);
            rate[i] = stats_per_million(s.events[RX_EV_DOUBLE], s.consumed);
        }
        if (rc != 0)
            break;
        char what[96];
        struct summary fs = summarize(first, b->runs), rs = summarize(rate, b->rate_runs);
        snprintf(what, sizeof(what), "%s/%s upstream: first event", nic_devices[sw[k].dev].name,
                 nic_drivers[sw[k].drv].name);
        row(what, fs, "ms", 1e3);
        row("  free --continue: double per million", rs, "", 1);
        json_object_begin(&b->j, sw[k].key);
        json_summary(&b->j, "first_event_s", fs);
        json_summary(&b->j, "double_per_million_free", rs);
        json_object_end(&b->j);
    }
    if (rc == 0)
        json_object_end(&b->j);
    free(first);
    free(rate);
    return rc;
}

/* 5. The default run as a user starts it (pace auto, real memcpy, 1 s
 * each): how many of DEFAULT_RUNS reproduce within 1 s, and the median
 * first event. Target: all, median at most 1 ms, on a quiet host. */
static int measure_default_run(struct bench *b)
{
    double *first = samples(b->default_runs);
    int seen = 0, rc = first ? 0 : -1;
    for (int i = 0; rc == 0 && i < b->default_runs; i++) {
        struct live_config c = base();
        struct live_stats s;
        c.duration_s = 1.0;
        rc = run(&c, &s);
        first[i] = live_first_event_s(&s);
        seen += first[i] >= 0;
    }
    if (rc == 0) {
        struct summary fs = summarize(first, b->default_runs);
        char what[96];
        snprintf(what, sizeof(what), "default run, 1 s: first event (%d/%d)", seen, b->default_runs);
        row(what, fs, "ms", 1e3);
        json_summary(&b->j, "default_run_1s_first_event_s", fs);
        b->row_default = kept(fs);
    }
    free(first);
    return rc;
}

/* 6. --widen=watchpoint: the first event, unfixed and with the e1000e/igb
 * fix (real memcpy); the fixed e1000 under it must stay clean. */
static int measure_watchpoint(struct bench *b)
{
    static const struct {
        enum nic_device_id dev;
        enum nic_driver_id drv;
        enum e1000_fix fix;
        const char *key;
    } wc[] = {{NIC_DEV_E1000, NIC_DRV_DPDK_EM, E1000_FIX_NONE, "e1000_none"},
              {NIC_DEV_IGB, NIC_DRV_DPDK_IGB, E1000_FIX_UPSTREAM, "igb_upstream"},
              {NIC_DEV_E1000, NIC_DRV_DPDK_EM, E1000_FIX_UPSTREAM, "e1000_upstream"}};
    char why[256];
    struct live_config probe = base();
    probe.widen = LIVE_WIDEN_WATCHPOINT;
    json_object_begin(&b->j, "watchpoint");
    if (!live_widen_available(&probe, why, sizeof(why))) {
        printf("  watchpoint: not measured: %s\n", why);
        json_string(&b->j, "not_measured", why);
        json_object_end(&b->j);
        return 0;
    }
    double *first = samples(b->runs);
    int rc = first ? 0 : -1;
    for (size_t k = 0; rc == 0 && k < sizeof(wc) / sizeof(wc[0]); k++) {
        uint64_t holds = 0, rearmed = 0;
        for (int i = 0; rc == 0 && i < b->runs; i++) {
            struct live_config c = user_config(wc[k].dev, wc[k].drv, wc[k].fix);
            struct live_stats s;
            c.widen = LIVE_WIDEN_WATCHPOINT;
            c.duration_s = 1.0;
            rc = run(&c, &s);
            first[i] = live_first_event_s(&s);
            holds += s.watch.holds;
            rearmed += s.watch.rearmed;
        }
        if (rc != 0)
            break;
        char what[96];
        struct summary fs = summarize(first, b->runs);
        snprintf(what, sizeof(what), "watchpoint %s/%s: first event", nic_devices[wc[k].dev].name,
                 e1000_fixes[wc[k].fix].name);
        row(what, fs, "ms", 1e3);
        if (k == 0)
            b->row_watch = kept(fs);
        json_object_begin(&b->j, wc[k].key);
        json_summary(&b->j, "first_event_s", fs);
        json_uint(&b->j, "holds", holds);
        json_uint(&b->j, "rearmed_in_hold", rearmed);
        json_object_end(&b->j);
    }
    if (rc == 0)
        json_object_end(&b->j);
    free(first);
    return rc;
}

/* 7. Does shifting the phase raise the steady-state rate? --continue with
 * the device's random delay before each fill (--jitter), the settings
 * interleaved round by round so that a change in load hits them alike. */
static int measure_jitter(struct bench *b)
{
    static const unsigned jit[] = {0, 16, 64, 256};
    enum { NJ = sizeof(jit) / sizeof(jit[0]) };
    double *hz[NJ];
    int rc = 0;
    for (int k = 0; k < NJ; k++)
        if ((hz[k] = samples(b->rate_runs)) == NULL)
            rc = -1;
    for (int i = 0; rc == 0 && i < b->rate_runs; i++)
        for (int k = 0; rc == 0 && k < NJ; k++) {
            struct live_config c = base();
            struct live_stats s;
            c.keep_going = true;
            c.duration_s = b->rate_s;
            c.jitter = jit[k];
            rc = run(&c, &s);
            hz[k][i] = stats_per_second(s.events[RX_EV_HANG], s.elapsed_s);
        }
    if (rc == 0) {
        json_object_begin(&b->j, "continue_hangs_per_s_by_jitter");
        for (int k = 0; k < NJ; k++) {
            char what[96], key[32];
            struct summary hs = summarize(hz[k], b->rate_runs);
            snprintf(what, sizeof(what), "--continue --jitter=%u: ring hangs per second", jit[k]);
            row(what, hs, "/s", 1);
            snprintf(key, sizeof(key), "jitter_%u", jit[k]);
            json_summary(&b->j, key, hs);
        }
        json_object_end(&b->j);
    }
    for (int k = 0; k < NJ; k++)
        free(hz[k]);
    return rc;
}

/* 8. The start of a run against its steady state: events per second of run
 * time over many 50 ms runs (fresh threads, fresh ring each time), next to
 * --continue's over 3 s runs, interleaved. On the AMD guest the first
 * milliseconds raced far more often than the rest. */
static int measure_start(struct bench *b)
{
    double short_ev = 0, short_s = 0, long_ev = 0, long_s = 0;
    for (int i = 0; i < b->rate_runs; i++) {
        for (int k = 0; k < 20; k++) {
            struct live_config c = base();
            struct live_stats s;
            c.keep_going = true;
            c.duration_s = 0.05;
            if (run(&c, &s) != 0)
                return -1;
            short_ev += (double)live_events_total(&s);
            short_s += s.elapsed_s;
        }
        struct live_config c = base();
        struct live_stats s;
        c.keep_going = true;
        c.duration_s = b->rate_s;
        if (run(&c, &s) != 0)
            return -1;
        long_ev += (double)live_events_total(&s);
        long_s += s.elapsed_s;
    }
    double sr = short_s > 0 ? short_ev / short_s : 0, lr = long_s > 0 ? long_ev / long_s : 0;
    printf("  %-44s %9.1f /s %9.1f /s  (start / steady)\n", "events per second: 50 ms runs, 3 s runs", sr, lr);
    json_object_begin(&b->j, "start_vs_steady_events_per_s");
    json_double(&b->j, "runs_50ms", sr);
    json_double(&b->j, "runs_3s", lr);
    json_object_end(&b->j);
    return 0;
}

/* 4. Throughput of a clean run: the upstream fix, each pace. */
static int measure_throughput(struct bench *b)
{
    double *dps = samples(b->rate_runs);
    int rc = dps ? 0 : -1;
    json_object_begin(&b->j, "upstream_descriptors_per_s");
    for (int pace = LIVE_PACE_FREE; rc == 0 && pace <= LIVE_PACE_LOCKSTEP; pace++) {
        for (int i = 0; rc == 0 && i < b->rate_runs; i++) {
            struct live_config c = base();
            struct live_stats s;
            c.qemu_fix = E1000_FIX_UPSTREAM;
            c.pace = (enum live_pace)pace;
            c.duration_s = b->rate_s;
            rc = run(&c, &s);
            dps[i] = live_events_total(&s) ? -1 : stats_per_second(s.consumed, s.elapsed_s);
        }
        if (rc != 0)
            break;
        char what[96];
        struct summary ds = summarize(dps, b->rate_runs);
        snprintf(what, sizeof(what), "%s, upstream fix: descriptors", live_paces[pace].name);
        row(what, ds, "M/s", 1e-6);
        json_summary(&b->j, live_paces[pace].name, ds);
    }
    if (rc == 0)
        json_object_end(&b->j);
    free(dps);
    return rc;
}

/* ---- the results ---------------------------------------------------------- */

/* The round trips before each run, sorted in place: min, median, max. */
static int round_trip_range(double *min, double *med, double *max)
{
    int n = n_round_trips;
    if (n > 0)
        qsort(round_trips, (size_t)n, sizeof(double), cmp_double);
    *min = n ? round_trips[0] : NAN;
    *max = n ? round_trips[n - 1] : NAN;
    *med = !n ? NAN : n % 2 ? round_trips[n / 2] : (round_trips[n / 2 - 1] + round_trips[n / 2]) / 2;
    return n;
}

/* The host's row of the performance table (bench/table.sh). */
static void write_row(const struct bench *b, const char *dir, const char *cpu, const char *vendor,
                      const char *kernel, int nrt, double rt_min, double rt_med, double rt_max)
{
    char path[256];
    snprintf(path, sizeof(path), "%s/row.md", dir);
    FILE *rf = fopen(path, "w");
    if (rf == NULL)
        return;
    char med[6][32];
    const struct summary *cell[] = {&b->row_lock_stale, &b->row_default, &b->row_hangs,
                                    &b->row_watch};
    for (int k = 0; k < 4; k++) {
        const struct summary *c = cell[k];
        if (c->seen == 0)
            snprintf(med[k], sizeof(med[k]), "none in %d", c->runs);
        else if (k == 2)
            snprintf(med[k], sizeof(med[k]), "%.3g", c->median);
        else
            snprintf(med[k], sizeof(med[k]), "%.3g ms (%d/%d)", c->median * 1e3, c->seen, c->runs);
    }
    snprintf(med[4], sizeof(med[4]), "%.0f%%", 100 * (min_share <= 1.5 ? min_share : 0));
    if (nrt)
        snprintf(med[5], sizeof(med[5]), "%.0f-%.0f ns (median %.0f)", rt_min, rt_max, rt_med);
    else
        snprintf(med[5], sizeof(med[5]), "not measured");
    fprintf(rf, "| %s (%s) | %s | %s | %s | %s | %s/s | %s | %s | %s |\n", cpu, vendor,
            hostinfo_libc(), kernel, med[0], med[1], med[2], med[3], med[4], med[5]);
    fclose(rf);
    printf("wrote %s\n", path);
}

int main(void)
{
    static const struct summary none = {-1, -1, 0, 0, 0, NULL};
    struct bench b = {
        .runs = getenv("RUNS") ? atoi(getenv("RUNS")) : 20,
        .default_runs = getenv("DEFAULT_RUNS") ? atoi(getenv("DEFAULT_RUNS")) : 50,
        .rate_s = 3.0,
        .row_lock_stale = none, .row_hangs = none, .row_default = none, .row_watch = none,
    };
    char cpu[128], vendor[64], slug[128], dir[192], path[256];
    struct utsname un;
    int usable[2];

    if (b.runs < 1 || b.runs > 256 || b.default_runs < 1 || b.default_runs > 256) {
        fprintf(stderr, "live_bench: RUNS and DEFAULT_RUNS must be 1..256\n");
        return 2;
    }
    b.rate_runs = b.runs >= 5 ? 5 : b.runs;
    if (hostinfo_usable_cpus(usable, 2) < 2) {
        fprintf(stderr, "live_bench: needs two usable CPUs\n");
        return 125;
    }
    cpus[0] = usable[0];
    cpus[1] = usable[1];
    hostinfo_cpu_model(cpu, sizeof(cpu));
    hostinfo_cpu_vendor(vendor, sizeof(vendor));
    hostinfo_slug(vendor, cpu, slug, sizeof(slug));
    if (uname(&un) != 0)
        snprintf(un.release, sizeof(un.release), "unknown");
    double load_before = loadavg1();
    struct live_config def = base();
    printf("live benchmark: %s (%s), %s, Linux %s, CPUs %d and %d; each configuration with the"
           " command line's defaults (unfixed e1000/dpdk-em: ring %u, --rx-work %u ns, the C"
           " library's memcpy); load average %.2f\n", cpu, vendor, hostinfo_libc(), un.release,
           cpus[0], cpus[1], def.ring, def.rx_work_ns, load_before);
    printf("  %-44s %12s %12s %10s\n", "", "median", "max", "seen");

    snprintf(dir, sizeof(dir), "bench/results/%s", slug);
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        fprintf(stderr, "live_bench: cannot create %s: %s\n", dir, strerror(errno));
    snprintf(path, sizeof(path), "%s/live.json", dir);
    FILE *jf = fopen(path, "w");
    json_init(&b.j, jf ? jf : stdout, true);
    json_object_begin(&b.j, NULL);
    json_string(&b.j, "host", slug);
    json_string(&b.j, "cpu_vendor", vendor);
    json_string(&b.j, "cpu_model", cpu);
    json_string(&b.j, "libc", hostinfo_libc());
    json_string(&b.j, "kernel", un.release);
    json_double(&b.j, "load_average_before", load_before);
    json_int(&b.j, "runs", b.runs);
    json_uint(&b.j, "rx_work_ns_dpdk_em", def.rx_work_ns); /* the command line's defaults, per driver */

    static int (*const measures[])(struct bench *) = {
        measure_paces, measure_continue, measure_status_word, measure_default_run,
        measure_watchpoint, measure_jitter, measure_start, measure_throughput};
    int status = 0;
    for (size_t k = 0; status == 0 && k < sizeof(measures) / sizeof(measures[0]); k++)
        if (measures[k](&b) != 0)
            status = 125;
    if (status != 0) {
        /* A run could not start: the measures so far stay, the objects a
         * measure left open are closed, and the file says where it stopped. */
        while (b.j.depth > 1)
            json_object_end(&b.j);
        json_string(&b.j, "stopped", "a run could not start; the measures after this one are missing");
    }
    double load_after = loadavg1();
    json_double(&b.j, "load_average_after", load_after);
    double rt_min, rt_med, rt_max;
    int nrt = round_trip_range(&rt_min, &rt_med, &rt_max);
    json_object_begin(&b.j, "round_trip_ns"); /* before each run: how far apart the CPUs ran */
    json_int(&b.j, "runs", nrt);
    json_double(&b.j, "min", rt_min);
    json_double(&b.j, "median", rt_med);
    json_double(&b.j, "max", rt_max);
    json_object_end(&b.j);
    json_double(&b.j, "least_cpu_share", min_share <= 1.5 ? min_share : NAN);
    json_object_end(&b.j);
    if (jf != NULL) {
        fclose(jf);
        printf("wrote %s\n", path);
    }
    if (status != 0) {
        fprintf(stderr, "live_bench: a run could not start; stopped\n");
        free(round_trips);
        return status;
    }
    printf("load average %.2f before, %.2f after; the least CPU share a thread got in a run: %.0f%%%s\n",
           load_before, load_after, 100 * min_share,
           min_share < LIVE_SHARE_WARN ? " (a busy host: these figures are not this CPU's quiet ones)" : "");
    if (nrt)
        printf("a cache line's round trip between the CPUs before each run: %.0f to %.0f ns, median %.0f\n",
               rt_min, rt_max, rt_med);
    write_row(&b, dir, cpu, vendor, un.release, nrt, rt_min, rt_med, rt_max);
    free(round_trips);
    return 0;
}
