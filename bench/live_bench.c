/* live_bench.c - how fast and how surely the live run reproduces, and how
 * many descriptors a clean run gets through, on this machine.
 *
 *   make bench                    runs it (and bench/explain.sh if present)
 *   RUNS=5 build/bench/live_bench fewer runs
 *
 * Prints a table and writes bench/results/live.json. Medians over several
 * runs; run it alone: the race needs both CPUs. */
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/hostinfo.h"
#include "util/json.h"
#include "run/live.h"
#include "run/stats.h"

static int cpus[2];

static struct live_config base(void)
{
    struct live_config c = {
        .device = NIC_DEV_E1000, .driver = NIC_DRV_DPDK_EM,
        .qemu_fix = E1000_FIX_NONE, .dpdk_fix = EM_WORKAROUND_NONE, .copy = DMA_COPY_LIBC,
        .ring = 32, .burst = 4, .rx_free_thresh = 0, .pace = LIVE_PACE_LOCKSTEP,
        .duration_s = 10, .hang_ms = 2, .cpus = {cpus[0], cpus[1]},
    };
    return c;
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
    double sorted[256];
    struct summary s = {-1, -1, 0, n, 0, v};
    for (int i = 0; i < n; i++)
        if (v[i] >= 0) {
            sorted[s.seen++] = v[i];
            s.within_1s += v[i] <= 1.0;
        }
    if (s.seen == 0)
        return s;
    qsort(sorted, (size_t)s.seen, sizeof(double), cmp_double);
    s.median = s.seen % 2 ? sorted[s.seen / 2] : (sorted[s.seen / 2 - 1] + sorted[s.seen / 2]) / 2;
    s.max = sorted[s.seen - 1];
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

int main(void)
{
    int runs = getenv("RUNS") ? atoi(getenv("RUNS")) : 20;
    int rate_runs = runs >= 5 ? 5 : runs;
    double rate_s = 3.0;
    char cpu[128];
    int usable[2];

    if (runs < 1 || runs > 256) {
        fprintf(stderr, "live_bench: RUNS must be 1..256\n");
        return 2;
    }
    if (hostinfo_usable_cpus(usable, 2) < 2) {
        fprintf(stderr, "live_bench: needs two usable CPUs\n");
        return 125;
    }
    cpus[0] = usable[0];
    cpus[1] = usable[1];
    hostinfo_cpu_model(cpu, sizeof(cpu));
    printf("live benchmark: %s, %s, CPUs %d and %d, ring 32, libc memcpy unless named\n", cpu,
           hostinfo_libc(), cpus[0], cpus[1]);
    printf("  %-44s %12s %12s %10s\n", "", "median", "max", "seen");

    FILE *jf = fopen("bench/results/live.json", "w");
    struct json j;
    json_init(&j, jf ? jf : stdout, true);
    json_object_begin(&j, NULL);
    json_string(&j, "cpu_model", cpu);
    json_string(&j, "libc", hostinfo_libc());
    json_int(&j, "runs", runs);

    /* 1. Time to reproduce, each pace: first stale address, ring hang. */
    for (int pace = LIVE_PACE_FREE; pace <= LIVE_PACE_LOCKSTEP; pace++) {
        double stale[256], hang[256];
        for (int i = 0; i < runs; i++) {
            struct live_config c = base();
            struct live_stats s;
            c.pace = (enum live_pace)pace;
            if (live_run(&c, &s, NULL) != 0)
                return 125;
            stale[i] = s.first_s[RX_EV_STALE_ADDR];
            hang[i] = s.events[RX_EV_HANG] ? s.hang.onset_s : -1;
        }
        char what[96];
        struct summary ss = summarize(stale, runs), hs = summarize(hang, runs);
        snprintf(what, sizeof(what), "%s: first stale buffer address", live_paces[pace].name);
        row(what, ss, "ms", 1e3);
        snprintf(what, sizeof(what), "%s: ring hang (%d/%d within 1 s)", live_paces[pace].name,
                 hs.within_1s, runs);
        row(what, hs, "ms", 1e3);
        json_object_begin(&j, live_paces[pace].name);
        json_summary(&j, "first_stale_s", ss);
        json_summary(&j, "hang_s", hs);
        json_object_end(&j);
    }

    /* 2. Rates through hangs (--continue), default pace. */
    double evs[16], hangs[16];
    for (int i = 0; i < rate_runs; i++) {
        struct live_config c = base();
        struct live_stats s;
        c.keep_going = true;
        c.duration_s = rate_s;
        if (live_run(&c, &s, NULL) != 0)
            return 125;
        evs[i] = stats_per_second(live_events_total(&s), s.elapsed_s);
        hangs[i] = stats_per_second(s.events[RX_EV_HANG], s.elapsed_s);
    }
    struct summary es = summarize(evs, rate_runs), hgs = summarize(hangs, rate_runs);
    row("lockstep --continue: events per second", es, "/s", 1);
    row("lockstep --continue: ring hangs per second", hgs, "/s", 1);
    json_object_begin(&j, "continue");
    json_summary(&j, "events_per_s", es);
    json_summary(&j, "hangs_per_s", hgs);
    json_object_end(&j);

    /* 3. The status-word race: QEMU's current fix on the write-back formats,
     * with the C library's copy. Time to the first event, and rates
     * through hangs, default pace. */
    static const struct {
        enum nic_device_id dev;
        enum nic_driver_id drv;
        const char *key;
    } sw[] = {{NIC_DEV_IGB, NIC_DRV_DPDK_IGB, "igb_dpdk_igb"},
              {NIC_DEV_E1000E, NIC_DRV_LINUX_E1000E, "e1000e_linux_e1000e"}};
    json_object_begin(&j, "status_word_race_upstream_libc");
    for (size_t k = 0; k < sizeof(sw) / sizeof(sw[0]); k++) {
        double first[256], rate[16];
        struct live_config race = base();
        race.device = sw[k].dev;
        race.driver = sw[k].drv;
        race.qemu_fix = E1000_FIX_UPSTREAM;
        for (int i = 0; i < runs; i++) {
            struct live_stats s;
            if (live_run(&race, &s, NULL) != 0)
                return 125;
            first[i] = live_first_event_s(&s);
        }
        for (int i = 0; i < rate_runs; i++) {
            struct live_config c = race;
            struct live_stats s;
            c.pace = LIVE_PACE_FREE;
            c.keep_going = true;
            c.duration_s = rate_s;
            if (live_run(&c, &s, NULL) != 0)
                return 125;
            rate[i] = stats_per_million(s.events[RX_EV_DOUBLE], s.consumed);
        }
        char what[96];
        struct summary fs = summarize(first, runs), rs = summarize(rate, rate_runs);
        snprintf(what, sizeof(what), "%s/%s upstream: first event", nic_devices[sw[k].dev].name,
                 nic_drivers[sw[k].drv].name);
        row(what, fs, "ms", 1e3);
        snprintf(what, sizeof(what), "  free --continue: double per million");
        row(what, rs, "", 1);
        json_object_begin(&j, sw[k].key);
        json_summary(&j, "first_event_s", fs);
        json_summary(&j, "double_per_million_free", rs);
        json_object_end(&j);
    }
    json_object_end(&j);

    /* 4. Throughput of a clean run: the upstream fix, each pace. */
    json_object_begin(&j, "upstream_descriptors_per_s");
    for (int pace = LIVE_PACE_FREE; pace <= LIVE_PACE_LOCKSTEP; pace++) {
        double dps[16];
        for (int i = 0; i < rate_runs; i++) {
            struct live_config c = base();
            struct live_stats s;
            c.qemu_fix = E1000_FIX_UPSTREAM;
            c.pace = (enum live_pace)pace;
            c.duration_s = rate_s;
            if (live_run(&c, &s, NULL) != 0)
                return 125;
            dps[i] = live_events_total(&s) ? -1 : stats_per_second(s.consumed, s.elapsed_s);
        }
        char what[96];
        struct summary ds = summarize(dps, rate_runs);
        snprintf(what, sizeof(what), "%s, upstream fix: descriptors", live_paces[pace].name);
        row(what, ds, "M/s", 1e-6);
        json_summary(&j, live_paces[pace].name, ds);
    }
    json_object_end(&j);
    json_object_end(&j);
    if (jf != NULL) {
        fclose(jf);
        printf("wrote bench/results/live.json\n");
    }
    return 0;
}
