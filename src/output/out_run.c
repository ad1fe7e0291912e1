// SPDX-License-Identifier: GPL-2.0-or-later
/* out_run.c - header, summary, Observation line, verdict, JSON. */
#include "output/out_run.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/hostinfo.h"
#include "run/cpushare.h"
#include "run/stats.h"
#include "probe/probe.h"

void out_run_config_name(const struct live_config *c, char *buf, size_t len)
{
    /* A widened window is part of the name, so that no result line passes
     * a widened rate off as the natural one. */
    snprintf(buf, len, "%s/%s/%s-%s/%s%s%s", nic_devices[c->device].name,
             e1000_fixes[c->qemu_fix].name, nic_drivers[c->driver].short_name,
             em_workarounds[c->dpdk_fix].name, dma_copies[c->copy].name,
             c->widen != LIVE_WIDEN_NONE ? "+" : "",
             c->widen != LIVE_WIDEN_NONE ? live_widens[c->widen].name : "");
}

const char *out_run_fmt_time(char *buf, size_t len, double s)
{
    if (s < 1.0)
        snprintf(buf, len, "%.1f ms", s * 1e3);
    else
        snprintf(buf, len, "%.3f s", s);
    return buf;
}

/* "3.18 M/s", "12.4 k/s", "5.0 /s" */
static const char *fmt_rate(char *buf, size_t len, double per_s)
{
    if (per_s >= 1e6)
        snprintf(buf, len, "%.2f M/s", per_s / 1e6);
    else if (per_s >= 1e3)
        snprintf(buf, len, "%.1f k/s", per_s / 1e3);
    else
        snprintf(buf, len, "%.1f /s", per_s);
    return buf;
}

static const char *event_noun(enum rx_event e, uint64_t n)
{
    return n == 1 ? rx_events[e].one : rx_events[e].plural;
}

void out_run_header(FILE *f, const struct live_config *c, const struct live_header *h,
                    const char *build_switches)
{
    const struct nic_device *dev = &nic_devices[c->device];
    const struct nic_driver *drv = &nic_drivers[c->driver];
    fprintf(f, "e1000_poc run: QEMU %s RX write-back vs %s receive, two threads, no VM\n",
            dev->name, drv->name);
    fprintf(f, "  device  %s, %s; qemu-fix %s: %s\n", dev->name, dev->receive_fn,
            e1000_fixes[c->qemu_fix].name, e1000_fixes[c->qemu_fix].summary);
    fprintf(f, "  driver  %s, %s, %s descriptors; dpdk-fix %s: %s; burst %u", drv->name,
            drv->recv_fn, rx_format_names[drv->format], em_workarounds[c->dpdk_fix].name,
            em_workarounds[c->dpdk_fix].summary, c->burst);
    if (c->driver == NIC_DRV_DPDK_EM || c->driver == NIC_DRV_DPDK_IGB) {
        if (c->rx_free_thresh == drv->rx_free_thresh_default)
            fprintf(f, ", rx_free_thresh %u (the PMD's default)", c->rx_free_thresh);
        else
            fprintf(f, ", rx_free_thresh %u (the PMD's default is %u)", c->rx_free_thresh,
                    drv->rx_free_thresh_default);
    }
    fputc('\n', f);
    /* The window the race needs shrinks with the driver's work per packet:
     * say which was used, and that 0 gives an upper bound. */
    const char *verb = c->driver == NIC_DRV_DPDK_EM || c->driver == NIC_DRV_DPDK_IGB ? "re-arming"
                                                                                   : "clearing";
    if (c->rx_work_ns == 0)
        fprintf(f, "  work    none between reading a descriptor and %s it (--rx-work 0): the widest"
                   " window; rates are upper bounds\n", verb);
    else if (c->rx_work_ns == drv->rx_work_ns_default)
        fprintf(f, "  work    %u ns per packet before %s the descriptor, %s's default (%s);"
                   " --rx-work 0 gives the upper bound\n", c->rx_work_ns, verb, drv->name,
                drv->rx_work_why);
    else
        fprintf(f, "  work    %u ns per packet before %s the descriptor (%s's default: %u ns);"
                   " --rx-work 0 gives the upper bound\n", c->rx_work_ns, verb, drv->name,
                drv->rx_work_ns_default);
    if (dma_copy_is_libc(c->copy))
        fprintf(f, "  copy    %s: %s (%s; GLIBC_TUNABLES %s)\n", dma_copies[c->copy].name,
                dma_copies[c->copy].summary, h->libc ? h->libc : "C library not named",
                h->tunables ? h->tunables : "unset");
    else
        fprintf(f, "  copy    %s: %s; gap %u pauses\n", dma_copies[c->copy].name,
                dma_copies[c->copy].summary, c->gap);
    fprintf(f, "  probe   %s\n", h->probe); /* the stores of this copy, traced before the threads start */
    fprintf(f, "  ring    %u descriptors; pace %s", c->ring, live_paces[c->pace].name);
    if (c->pace == LIVE_PACE_INTERVAL)
        fprintf(f, " (%u ms)", c->interval_ms);
    if (c->pace == LIVE_PACE_AUTO)
        fprintf(f, " (%s)", live_paces[c->pace].summary);
    if (c->jitter > 1)
        fprintf(f, "; jitter 0..%u pauses before each fill", c->jitter - 1);
    fprintf(f, "; hang = stuck for %u ms\n", c->hang_ms);
    if (c->widen == LIVE_WIDEN_WATCHPOINT) {
        enum rx_desc_format fmt = nic_drivers[c->driver].format;
        fprintf(f, "  widen   watchpoint: hardware write breakpoints on the %zu-byte %s (offset %zu)"
                   " of up to %u descriptors, device thread only, SIGTRAP by %s; after a store that sets DD the"
                   " device waits for the driver's re-arm (up to %u us of the driver running, %u ms"
                   " while it is preempted), as gdb.cmd does. Rates are the widened window's,"
                   " not this host's natural ones\n",
                rx_status_len(fmt), fmt == RX_FMT_LEGACY ? "status" : "status_error",
                rx_status_offset(fmt), h->watch_granted > 0 ? (unsigned)h->watch_granted : WATCH_MAX,
                watch_delivery_names[h->delivery], WATCH_HOLD_NS / 1000u, WATCH_HOLD_MAX_NS / 1000000u);
    }
    if (c->cpus[0] >= 0)
        fprintf(f, "  CPUs    device on %d, driver on %d: %s (%s)\n", c->cpus[0], c->cpus[1],
                h->cpu_relation, h->cpu_model);
    else
        fprintf(f, "  CPUs    not pinned (%s)\n", h->cpu_model);
    /* One process among several runs: the PID to attach gdb to. */
    fprintf(f, "  pid     %ld (attach: gdb -p %ld -x %s)\n", h->pid, h->pid, h->gdb_script);
    if (build_switches != NULL && build_switches[0] != '\0')
        fprintf(f, "  build   defaults set by make %s\n", build_switches);
    if (c->keep_going && c->duration_s > 0)
        fprintf(f, "  stops   after %g s (--continue: each ring hang is counted and the ring"
                   " started over); Ctrl-C stops early\n", c->duration_s);
    else if (c->keep_going)
        fprintf(f, "  stops   at Ctrl-C (--continue: each ring hang is counted and the ring"
                   " started over)\n");
    else if (c->duration_s > 0)
        fprintf(f, "  stops   at the first ring hang or after %g s; Ctrl-C stops early\n",
                c->duration_s);
    else
        fprintf(f, "  stops   at the first ring hang or at Ctrl-C\n");
    fflush(f);
}

void out_run_baseline(FILE *f, const struct live_config *bc, const struct live_stats *b)
{
    char name[96], t[32];
    uint64_t ev = live_events_total(b);
    out_run_config_name(bc, name, sizeof(name));
    fprintf(f, "baseline %s, same settings, %s: %" PRIu64 " events in %" PRIu64
               " descriptors (%.3g per million, %.3g /s)\n",
            name, out_run_fmt_time(t, sizeof(t), b->elapsed_s), ev, b->consumed,
            stats_per_million(ev, b->consumed), stats_per_second(ev, b->elapsed_s));
}

static void summary_row(FILE *f, const struct live_stats *s, enum rx_event e)
{
    char t[32];
    fprintf(f, "  %-24s %" PRIu64, rx_events[e].plural, s->events[e]);
    if (s->events[e] != 0)
        fprintf(f, ", first after %s, %.3g /s, %.3g per million descriptors",
                out_run_fmt_time(t, sizeof(t), s->first_s[e]),
                stats_per_second(s->events[e], s->elapsed_s),
                stats_per_million(s->events[e], s->consumed));
    fputc('\n', f);
}

/* "; 3 stale buffer addresses, first after 0.012 s" for each kind but hangs. */
static void verdict_evidence(FILE *f, const struct live_stats *s)
{
    char t[32];
    for (int e = 0; e < RX_EV_COUNT; e++) {
        if (e == RX_EV_HANG || s->events[e] == 0)
            continue;
        fprintf(f, "; %" PRIu64 " %s, first after %s", s->events[e],
                event_noun((enum rx_event)e, s->events[e]),
                out_run_fmt_time(t, sizeof(t), s->first_s[e]));
    }
}

/* How strong "nothing seen" is: against the baseline's rate, or the
 * rule-of-three bound when there is no baseline. */
static void clean_strength(FILE *f, const struct live_stats *s, const struct live_stats *b)
{
    char chance[48];
    if (b == NULL) {
        fprintf(f, "; so the rate of events is below %.3g per million descriptors"
                   " (95%% upper bound, rule of three)",
                stats_rule_of_three(s->consumed) * 1e6);
        return;
    }
    uint64_t bev = live_events_total(b);
    if (bev == 0 || b->consumed == 0) {
        fprintf(f, "; the unfixed baseline showed no event either, so this run cannot tell the"
                   " fix from no fix on this host");
        return;
    }
    double rate = (double)bev / (double)b->consumed;
    stats_format_chance(stats_log10_p_none(rate, s->consumed), chance, sizeof(chance));
    fprintf(f, "; the unfixed baseline showed %.3g events per million descriptors, and at that rate"
               " the chance of none in %" PRIu64 " is %s (events taken as independent)",
            rate * 1e6, s->consumed, chance);
}

/* A clean run of a configuration the probe calls exposed: what it means
 * and what to try, never a bare NOT REPRODUCED. */
static void exposed_but_unseen(FILE *f, const struct live_config *c, const struct live_stats *s)
{
    char t[32];
    double bound = stats_rule_of_three(s->consumed); /* per descriptor, 95% */
    double dps = stats_per_second(s->consumed, s->elapsed_s);
    fprintf(f, "; yet the probe finds this write-back exposed with --copy=%s: the race is"
               " possible here but rare at this host's speed (below %.3g per million"
               " descriptors, 95%%), so one event can take longer than %s; try"
               " --widen=watchpoint (the window held open as gdb.cmd does), --copy=double"
               " --gap=1000, or a longer --duration",
            dma_copies[c->copy].name, bound * 1e6,
            out_run_fmt_time(t, sizeof(t), dps > 0 ? 1.0 / (bound * dps) : s->elapsed_s));
}

void out_run_verdict_for(FILE *f, const struct live_config *c, const struct live_stats *s,
                        const struct live_stats *b)
{
    char t1[32], t2[32], r[32];
    int status = live_exit_status(s);
    double share;
    int starved = live_starved_thread(s, &share);

    if (status == 1) {
        if (c != NULL && c->widen != LIVE_WIDEN_NONE)
            fprintf(f, "REPRODUCED with the window widened (--widen=%s) after %s: ",
                    live_widens[c->widen].name,
                    out_run_fmt_time(t1, sizeof(t1), live_first_event_s(s)));
        else
            fprintf(f, "REPRODUCED after %s: ",
                    out_run_fmt_time(t1, sizeof(t1), live_first_event_s(s)));
        uint64_t hangs = s->events[RX_EV_HANG];
        if (hangs == 1)
            fprintf(f, "ring hang at %s (RDH=RDT=%u)",
                    out_run_fmt_time(t2, sizeof(t2), s->hang.onset_s), s->hang.rdh);
        else if (hangs > 1)
            fprintf(f, "%" PRIu64 " ring hangs (%.3g /s), the first at %s (RDH=RDT=%u)", hangs,
                    stats_per_second(hangs, s->elapsed_s),
                    out_run_fmt_time(t2, sizeof(t2), s->hang.onset_s), s->hang.rdh);
        else
            fprintf(f, "no ring hang");
        verdict_evidence(f, s);
        fprintf(f, "; %" PRIu64 " descriptors consumed in %s", s->consumed,
                out_run_fmt_time(t1, sizeof(t1), s->elapsed_s));
        if (b != NULL) {
            uint64_t bev = live_events_total(b);
            fprintf(f, " (%.3g events per million; the unfixed baseline %.3g)",
                    stats_per_million(live_events_total(s), s->consumed),
                    stats_per_million(bev, b->consumed));
        }
    } else if (status == 125 && s->consumed == 0) {
        fprintf(f, "INCONCLUSIVE: no descriptor was received in %s",
                out_run_fmt_time(t1, sizeof(t1), s->elapsed_s));
    } else if (status == 125) {
        fprintf(f, "INCONCLUSIVE: no event in %s, but the %s thread got only %.0f%% of a CPU"
                   " (%.3f s of %.3f s, preempted %" PRIu64 " times), so the two threads raced"
                   " for less than half of the run; %" PRIu64 " descriptors consumed. Retry on a"
                   " quieter host%s",
                out_run_fmt_time(t1, sizeof(t1), s->elapsed_s), live_thread_names[starved],
                100 * share, s->use[starved].cpu_s, s->use[starved].wall_s,
                s->use[starved].nivcsw, s->consumed,
                s->watch.watched ? "" : ", or with --widen=watchpoint");
    } else {
        fprintf(f, "NOT REPRODUCED%s: no stale buffer address, no double consumption, no ring hang"
                   " in %s; %" PRIu64 " descriptors consumed (%s)",
                c != NULL && c->widen != LIVE_WIDEN_NONE ? " with the window widened" : "",
                out_run_fmt_time(t1, sizeof(t1), s->elapsed_s), s->consumed,
                fmt_rate(r, sizeof(r), stats_per_second(s->consumed, s->elapsed_s)));
        if (s->watch.watched != 0)
            fprintf(f, "; %" PRIu64 " times the driver re-armed a descriptor while the device"
                       " stood right after its store that set DD, and nothing the device stored"
                       " afterwards undid it", s->watch.rearmed);
        clean_strength(f, s, b);
        if (c != NULL && s->publish_exposed == 1)
            exposed_but_unseen(f, c, s);
    }
}

/* "  cache line round trip   65 ns before the run, 330 ns after": how far
 * apart the CPUs ran (util/roundtrip.h). */
static void summary_round_trip(FILE *f, const struct live_stats *s)
{
    const double *rt = s->round_trip_ns;
    if (s->shared_cpu)
        return; /* one CPU: nothing travels */
    fprintf(f, "  %-24s", "cache line round trip");
    for (int k = 0; k < 2; k++) {
        fputs(k ? ", " : " ", f);
        if (rt[k] >= 0)
            fprintf(f, "%.0f ns", rt[k]);
        else
            fputs("not measured (a CPU was busy)", f);
        fputs(k ? " after" : " before the run", f);
    }
    /* Lockstep fills at most once per round trip, so the race's rate per
     * second follows it (docs/performance.md, host B). */
    fputs(" (lockstep fills at most once per round trip: docs/performance.md)\n", f);
}

/* "  CPU got   device 99.8% of 2.001 s (3 preempted), driver ...", and a
 * warning line when a thread got less than LIVE_SHARE_WARN. */
static void summary_threads(FILE *f, const struct live_stats *s)
{
    fprintf(f, "  %-24s", "CPU the threads got");
    for (int t = 0; t < LIVE_THREAD_COUNT; t++) {
        const struct cpushare_use *u = &s->use[t];
        if (!u->known)
            fprintf(f, "%s %s not measured", t ? ";" : "", live_thread_names[t]);
        else
            fprintf(f, "%s %s %.0f%% of %.3f s (%" PRIu64 " involuntary context switches)",
                    t ? ";" : "", live_thread_names[t], 100 * cpushare_share(u), u->wall_s,
                    u->nivcsw);
    }
    fputc('\n', f);
    summary_round_trip(f, s);
    double share;
    int t = live_starved_thread(s, &share);
    if (s->shared_cpu)
        fprintf(f, "  (both threads on one CPU: they race only when one preempts the other)\n");
    else if (t >= 0 && share < LIVE_SHARE_WARN && share >= LIVE_SHARE_INCONCLUSIVE)
        fprintf(f, "Warning: the %s thread ran only %.0f%% of the time (%" PRIu64 " times"
                   " preempted): the host is busy, and the threads raced for less of the run"
                   " than its duration says\n",
                live_thread_names[t], 100 * share, s->use[t].nivcsw);
}

void out_run_summary(FILE *f, const struct live_config *c, const struct live_stats *s,
                    const struct live_stats *baseline)
{
    char t0[32], t1[32], t2[32], r[32], name[96];

    fprintf(f, "--- after %s%s: %" PRIu64 " descriptors filled, %" PRIu64 " consumed (%s)\n",
            out_run_fmt_time(t0, sizeof(t0), s->elapsed_s),
            s->interrupted ? " (stopped by a signal)" : "", s->fills, s->consumed,
            fmt_rate(r, sizeof(r), stats_per_second(s->consumed, s->elapsed_s)));
    for (int e = 0; e < RX_EV_COUNT; e++)
        summary_row(f, s, (enum rx_event)e);
    if (s->events[RX_EV_HANG] != 0)
        fprintf(f, "  %s hang: RDH=%u RDT=%u since %s, driver polling descriptor %u with %s"
                   " (detected at %s)\n",
                s->events[RX_EV_HANG] > 1 ? "first" : "the",
                s->hang.rdh, s->hang.rdt, out_run_fmt_time(t1, sizeof(t1), s->hang.onset_s),
                s->hang.driver_next, nic_drivers[c->driver].polls_length ? "length 0" : "DD clear",
                out_run_fmt_time(t2, sizeof(t2), s->hang.detected_s));
    /* The rates above mix two paces under auto: say where the line fell. */
    if (c->pace == LIVE_PACE_AUTO) {
        if (s->lockstep_from_s >= 0)
            fprintf(f, "  %-24s free until %s (the first event), lockstep after\n", "pace auto",
                    out_run_fmt_time(t1, sizeof(t1), s->lockstep_from_s));
        else
            fprintf(f, "  %-24s free throughout (no event to turn to lockstep on)\n", "pace auto");
    }

    summary_threads(f, s);
    if (c->widen == LIVE_WIDEN_WATCHPOINT)
        fprintf(f, "  watchpoint               %u descriptors watched; %" PRIu64 " stores trapped,"
                   " %" PRIu64 " found DD set and held the device: %" PRIu64 " ended by the"
                   " driver's re-arm, %" PRIu64 " as it polled elsewhere, %" PRIu64
                   " by the bound\n",
                s->watch.watched, s->watch.traps, s->watch.holds, s->watch.rearmed,
                s->watch.elsewhere, s->watch.timeouts);

    out_run_config_name(c, name, sizeof(name));
    uint64_t ev = live_events_total(s);
    fprintf(f, "Observation %s %s %" PRIu64 " %" PRIu64 "\n", name, ev ? "Sometimes" : "Never", ev,
            s->consumed);
    fputs("Verdict: ", f);
    out_run_verdict_for(f, c, s, baseline);
    fputc('\n', f);
    fflush(f);
}

/* ---- JSON ------------------------------------------------------------- */

void out_run_json_config(struct json *j, const struct live_config *c)
{
    json_object_begin(j, "config");
    json_string(j, "device", nic_devices[c->device].name);
    json_string(j, "qemu_fix", e1000_fixes[c->qemu_fix].name);
    json_string(j, "driver", nic_drivers[c->driver].name);
    json_string(j, "descriptors", rx_format_names[nic_drivers[c->driver].format]);
    json_string(j, "dpdk_fix", em_workarounds[c->dpdk_fix].name);
    json_string(j, "copy", dma_copies[c->copy].name);
    json_uint(j, "gap", c->gap);
    json_uint(j, "ring", c->ring);
    json_uint(j, "burst", c->burst);
    json_uint(j, "rx_free_thresh", c->rx_free_thresh);
    json_uint(j, "rx_work_ns", c->rx_work_ns);
    json_string(j, "pace", live_paces[c->pace].name);
    if (c->pace == LIVE_PACE_INTERVAL)
        json_uint(j, "interval_ms", c->interval_ms);
    else
        json_null(j, "interval_ms");
    json_double(j, "duration_s", c->duration_s);
    json_uint(j, "hang_ms", c->hang_ms);
    json_bool(j, "continue", c->keep_going);
    json_string(j, "widen", live_widens[c->widen].name);
    json_uint(j, "jitter", c->jitter);
    json_array_begin(j, "cpus");
    json_int(j, NULL, c->cpus[0]);
    json_int(j, NULL, c->cpus[1]);
    json_array_end(j);
    json_object_end(j);
}

void out_run_json_host(struct json *j, const struct live_config *c)
{
    char cpu[128];
    struct cpu_relation r;
    hostinfo_cpu_model(cpu, sizeof(cpu));
    json_object_begin(j, "host");
    json_string(j, "cpu_model", cpu);
    json_string(j, "libc", hostinfo_libc());
    json_string(j, "glibc_tunables", hostinfo_glibc_tunables());
    if (c->cpus[0] >= 0) {
        hostinfo_cpu_relation(c->cpus[0], c->cpus[1], &r);
        if (r.known) {
            json_bool(j, "cpus_same_core", r.same_core);
            json_bool(j, "cpus_same_package", r.same_package);
            json_uint(j, "cpus_shared_cache_level", (uint64_t)r.shared_cache_level);
        }
    }
    json_object_end(j);
}

void out_run_json_stats(struct json *j, const char *key, const struct live_stats *s)
{
    json_object_begin(j, key);
    json_double(j, "elapsed_s", s->elapsed_s);
    /* --pace=auto: when it turned to lockstep; null: it did not. */
    json_double(j, "lockstep_from_s", s->lockstep_from_s >= 0 ? s->lockstep_from_s : NAN);
    json_object_begin(j, "round_trip_ns"); /* null: not measured */
    json_double(j, "before", s->round_trip_ns[0] >= 0 ? s->round_trip_ns[0] : NAN);
    json_double(j, "after", s->round_trip_ns[1] >= 0 ? s->round_trip_ns[1] : NAN);
    json_object_end(j);
    json_bool(j, "interrupted", s->interrupted);
    json_uint(j, "descriptors_filled", s->fills);
    json_uint(j, "descriptors_consumed", s->consumed);
    json_double(j, "descriptors_per_s", stats_per_second(s->consumed, s->elapsed_s));
    json_uint(j, "events_total", live_events_total(s));
    json_object_begin(j, "events");
    for (int e = 0; e < RX_EV_COUNT; e++) {
        json_object_begin(j, rx_events[e].name);
        json_uint(j, "count", s->events[e]);
        if (s->events[e] != 0)
            json_double(j, "first_s", s->first_s[e]);
        else
            json_null(j, "first_s");
        json_double(j, "per_s", stats_per_second(s->events[e], s->elapsed_s));
        json_double(j, "per_million", stats_per_million(s->events[e], s->consumed));
        json_object_end(j);
    }
    json_object_end(j);
    if (s->events[RX_EV_HANG] != 0) {
        json_object_begin(j, "first_hang");
        json_uint(j, "rdh", s->hang.rdh);
        json_uint(j, "rdt", s->hang.rdt);
        json_uint(j, "driver_next", s->hang.driver_next);
        json_double(j, "onset_s", s->hang.onset_s);
        json_double(j, "detected_s", s->hang.detected_s);
        json_object_end(j);
    } else {
        json_null(j, "first_hang");
    }
    json_array_begin(j, "threads");
    for (int t = 0; t < LIVE_THREAD_COUNT; t++) {
        const struct cpushare_use *u = &s->use[t];
        json_object_begin(j, NULL);
        json_string(j, "thread", live_thread_names[t]);
        if (u->known) {
            json_double(j, "wall_s", u->wall_s);
            json_double(j, "cpu_s", u->cpu_s);
            json_double(j, "cpu_share", cpushare_share(u));
            json_uint(j, "involuntary_switches", u->nivcsw);
            json_uint(j, "voluntary_switches", u->nvcsw);
        } else {
            json_null(j, "cpu_share");
        }
        json_object_end(j);
    }
    json_array_end(j);
    json_bool(j, "threads_shared_cpu", s->shared_cpu);
    double share;
    int t = live_starved_thread(s, &share);
    if (t >= 0 && share < LIVE_SHARE_INCONCLUSIVE)
        json_string(j, "starved_thread", live_thread_names[t]);
    else
        json_null(j, "starved_thread");
    if (s->watch.watched != 0) {
        json_object_begin(j, "watchpoint");
        json_uint(j, "watched", s->watch.watched);
        json_uint(j, "traps", s->watch.traps);
        json_uint(j, "holds", s->watch.holds);
        json_uint(j, "rearmed", s->watch.rearmed);
        json_uint(j, "elsewhere", s->watch.elsewhere);
        json_uint(j, "timeouts", s->watch.timeouts);
        json_uint(j, "hold_bound_us", WATCH_HOLD_NS / 1000u);
        json_object_end(j);
    } else {
        json_null(j, "watchpoint");
    }
    json_object_end(j);
}

void out_run_json(FILE *f, const char *tool, const struct live_config *c,
                  const struct live_stats *s, const struct live_config *bc,
                  const struct live_stats *b, int status, bool interrupted)
{
    struct json j;
    char name[96];
    json_init(&j, f, true);
    json_object_begin(&j, NULL);
    json_string(&j, "tool", tool);
    json_string(&j, "command", "run");
    out_run_json_config(&j, c);
    out_run_json_host(&j, c);
    json_bool(&j, "interrupted", interrupted);
    if (s != NULL)
        out_run_json_stats(&j, "stats", s);
    else
        json_null(&j, "stats"); /* interrupted during the baseline */
    if (b != NULL) {
        json_object_begin(&j, "baseline");
        out_run_config_name(bc, name, sizeof(name));
        json_string(&j, "name", name);
        out_run_json_stats(&j, "stats", b);
        json_object_end(&j);
    } else {
        json_null(&j, "baseline");
    }
    if (s == NULL) {
        json_null(&j, "verdict");
        json_object_end(&j);
        return;
    }
    json_object_begin(&j, "verdict");
    out_run_config_name(c, name, sizeof(name));
    json_string(&j, "name", name);
    json_string(&j, "observation", live_events_total(s) ? "Sometimes" : "Never");
    json_bool(&j, "widened", c->widen != LIVE_WIDEN_NONE);
    json_int(&j, "exit_status", status);
    char *text = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&text, &len);
    if (m != NULL) {
        out_run_verdict_for(m, c, s, b);
        fclose(m);
    }
    json_string(&j, "text", text);
    free(text);
    json_object_end(&j);
    json_object_end(&j);
}

void out_run_baseline_interrupted(FILE *f, const struct live_config *bc, const struct live_stats *b)
{
    char t0[32], t1[32];
    fprintf(f, "Interrupted: stopped by a signal during the baseline, after %s of %s;"
               " the run itself did not start.\nVerdict: INTERRUPTED\n",
            out_run_fmt_time(t0, sizeof(t0), b->elapsed_s),
            out_run_fmt_time(t1, sizeof(t1), bc->duration_s));
}

void out_run_interrupted(FILE *f, const struct live_config *c, const struct live_stats *s)
{
    char t0[32], t1[32];
    fprintf(f, "Interrupted: stopped by a signal after %s of %s; the verdict above covers"
               " only that time.\n", out_run_fmt_time(t0, sizeof(t0), s->elapsed_s),
            out_run_fmt_time(t1, sizeof(t1), c->duration_s));
}

void out_run_baseline_intro(FILE *f, const struct live_config *bc)
{
    char name[96], t[32];
    out_run_config_name(bc, name, sizeof(name));
    fprintf(f, "baseline: %s for %s first (--continue), to weigh the result\n", name,
            out_run_fmt_time(t, sizeof(t), bc->duration_s));
}
