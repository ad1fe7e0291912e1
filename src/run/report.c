/* report.c - header, summary, Observation line, verdict, JSON. */
#include "run/report.h"

#include <inttypes.h>
#include <math.h>
#include <time.h>
#include <unistd.h>

#include "util/hostinfo.h"
#include "run/stats.h"
#include "probe/probe.h"

void report_config_name(const struct live_config *c, char *buf, size_t len)
{
    snprintf(buf, len, "%s/%s/%s-%s/%s", nic_devices[c->device].name, e1000_fixes[c->qemu_fix].name,
             nic_drivers[c->driver].short_name, em_workarounds[c->dpdk_fix].name,
             dma_copies[c->copy].name);
}

const char *report_fmt_time(char *buf, size_t len, double s)
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

void report_header(FILE *f, const struct live_config *c, const char *build_switches)
{
    char cpu[128], rel[96];
    const char *tunables = hostinfo_glibc_tunables();

    hostinfo_cpu_model(cpu, sizeof(cpu));
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
                dma_copies[c->copy].summary, hostinfo_libc(), tunables ? tunables : "unset");
    else
        fprintf(f, "  copy    %s: %s; gap %u pauses\n", dma_copies[c->copy].name,
                dma_copies[c->copy].summary, c->gap);
    char probe[PROBE_SUMMARY_MAX]; /* the stores of this copy, traced before the threads start */
    fprintf(f, "  probe   %s\n", probe_summary_line(c->copy, nic_drivers[c->driver].format, probe, sizeof(probe)));
    fprintf(f, "  ring    %u descriptors; pace %s", c->ring, live_paces[c->pace].name);
    if (c->pace == LIVE_PACE_INTERVAL)
        fprintf(f, " (%u ms)", c->interval_ms);
    fprintf(f, "; hang = stuck for %u ms\n", c->hang_ms);
    if (c->cpus[0] >= 0) {
        struct cpu_relation r;
        hostinfo_cpu_relation(c->cpus[0], c->cpus[1], &r);
        hostinfo_describe_relation(&r, rel, sizeof(rel));
        fprintf(f, "  CPUs    device on %d, driver on %d: %s (%s)\n", c->cpus[0], c->cpus[1], rel,
                cpu);
    } else {
        fprintf(f, "  CPUs    not pinned (%s)\n", cpu);
    }
    /* One process among several runs: the PID to attach gdb to. */
    fprintf(f, "  pid     %ld (attach: gdb -p %ld -x gdb.cmd)\n", (long)getpid(), (long)getpid());
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

void report_baseline(FILE *f, const struct live_config *bc, const struct live_stats *b)
{
    char name[96], t[32];
    uint64_t ev = live_events_total(b);
    report_config_name(bc, name, sizeof(name));
    fprintf(f, "baseline %s, same settings, %s: %" PRIu64 " events in %" PRIu64
               " descriptors (%.3g per million, %.3g /s)\n",
            name, report_fmt_time(t, sizeof(t), b->elapsed_s), ev, b->consumed,
            stats_per_million(ev, b->consumed), stats_per_second(ev, b->elapsed_s));
}

static void summary_row(FILE *f, const struct live_stats *s, enum rx_event e)
{
    char t[32];
    fprintf(f, "  %-24s %" PRIu64, rx_events[e].plural, s->events[e]);
    if (s->events[e] != 0)
        fprintf(f, ", first after %s, %.3g /s, %.3g per million descriptors",
                report_fmt_time(t, sizeof(t), s->first_s[e]),
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
                report_fmt_time(t, sizeof(t), s->first_s[e]));
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

void report_verdict_text(FILE *f, const struct live_stats *s, const struct live_stats *b)
{
    char t1[32], t2[32], r[32];
    int status = live_exit_status(s);

    if (status == 1) {
        fprintf(f, "REPRODUCED after %s: ", report_fmt_time(t1, sizeof(t1), live_first_event_s(s)));
        uint64_t hangs = s->events[RX_EV_HANG];
        if (hangs == 1)
            fprintf(f, "ring hang at %s (RDH=RDT=%u)",
                    report_fmt_time(t2, sizeof(t2), s->hang.onset_s), s->hang.rdh);
        else if (hangs > 1)
            fprintf(f, "%" PRIu64 " ring hangs (%.3g /s), the first at %s (RDH=RDT=%u)", hangs,
                    stats_per_second(hangs, s->elapsed_s),
                    report_fmt_time(t2, sizeof(t2), s->hang.onset_s), s->hang.rdh);
        else
            fprintf(f, "no ring hang");
        verdict_evidence(f, s);
        fprintf(f, "; %" PRIu64 " descriptors consumed in %s", s->consumed,
                report_fmt_time(t1, sizeof(t1), s->elapsed_s));
        if (b != NULL) {
            uint64_t bev = live_events_total(b);
            fprintf(f, " (%.3g events per million; the unfixed baseline %.3g)",
                    stats_per_million(live_events_total(s), s->consumed),
                    stats_per_million(bev, b->consumed));
        }
    } else if (status == 125) {
        fprintf(f, "INCONCLUSIVE: no descriptor was received in %s",
                report_fmt_time(t1, sizeof(t1), s->elapsed_s));
    } else {
        fprintf(f, "NOT REPRODUCED: no stale buffer address, no double consumption, no ring hang"
                   " in %s; %" PRIu64 " descriptors consumed (%s)",
                report_fmt_time(t1, sizeof(t1), s->elapsed_s), s->consumed,
                fmt_rate(r, sizeof(r), stats_per_second(s->consumed, s->elapsed_s)));
        clean_strength(f, s, b);
    }
}

void report_summary(FILE *f, const struct live_config *c, const struct live_stats *s,
                    const struct live_stats *baseline)
{
    char t0[32], t1[32], t2[32], r[32], name[96];

    fprintf(f, "--- after %s%s: %" PRIu64 " descriptors filled, %" PRIu64 " consumed (%s)\n",
            report_fmt_time(t0, sizeof(t0), s->elapsed_s),
            s->interrupted ? " (stopped by a signal)" : "", s->fills, s->consumed,
            fmt_rate(r, sizeof(r), stats_per_second(s->consumed, s->elapsed_s)));
    for (int e = 0; e < RX_EV_COUNT; e++)
        summary_row(f, s, (enum rx_event)e);
    if (s->events[RX_EV_HANG] != 0)
        fprintf(f, "  %s hang: RDH=%u RDT=%u since %s, driver polling descriptor %u with DD clear"
                   " (detected at %s)\n",
                s->events[RX_EV_HANG] > 1 ? "first" : "the",
                s->hang.rdh, s->hang.rdt, report_fmt_time(t1, sizeof(t1), s->hang.onset_s),
                s->hang.driver_next, report_fmt_time(t2, sizeof(t2), s->hang.detected_s));

    report_config_name(c, name, sizeof(name));
    uint64_t ev = live_events_total(s);
    fprintf(f, "Observation %s %s %" PRIu64 " %" PRIu64 "\n", name, ev ? "Sometimes" : "Never", ev,
            s->consumed);
    fputs("Verdict: ", f);
    report_verdict_text(f, s, baseline);
    fputc('\n', f);
    fflush(f);
}

/* ---- JSON ------------------------------------------------------------- */

void report_json_config(struct json *j, const struct live_config *c)
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
    json_array_begin(j, "cpus");
    json_int(j, NULL, c->cpus[0]);
    json_int(j, NULL, c->cpus[1]);
    json_array_end(j);
    json_object_end(j);
}

void report_json_host(struct json *j, const struct live_config *c)
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

void report_json_stats(struct json *j, const char *key, const struct live_stats *s)
{
    json_object_begin(j, key);
    json_double(j, "elapsed_s", s->elapsed_s);
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
    json_object_end(j);
}
