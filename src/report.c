/* report.c - log lines, header, summary and verdict of a live run. */
#include "report.h"

#include <inttypes.h>
#include <time.h>

#include "hostinfo.h"
#include "probe_measure.h"

void report_maybe_hang(FILE *f, uint32_t rdh, uint32_t rdt)
{
    fprintf(f, "Qemu: Maybe hang RDH=%u RDT=%u\n", rdh, rdt);
}

void report_rx_count(FILE *f, uint64_t fills)
{
    fprintf(f, "RX COUNT: %" PRIu64 "\n", fills);
}

void report_vlog_get(FILE *f, uint16_t rx_id)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    fprintf(f, "[%lld.%03ld] DPDK: GET rx_id=%hu\n", (long long)ts.tv_sec, ts.tv_nsec / 1000000L,
            rx_id);
}

void report_unexpected_addr(FILE *f, uint64_t last, uint64_t current)
{
    fprintf(f, "DPDK: UNEXPECTED ADDR: last %" PRIx64 " current %" PRIx64 "\n", last, current);
}

void report_rx_event(FILE *f, enum rx_event e, const struct em_pkt *p,
                     const struct rx_check_detail *why)
{
    switch (e) {
    case RX_EV_STALE_ADDR:
        report_unexpected_addr(f, why->prev_addr, p->wb_buffer_addr);
        break;
    case RX_EV_DOUBLE:
        fprintf(f, "DPDK: DOUBLE CONSUMED: rx_id=%hu fill %" PRIu32 " again (buffer %" PRIx64 ")\n",
                p->rx_id, p->fill_tag, p->wb_buffer_addr);
        break;
    case RX_EV_WRONG_FILL:
        fprintf(f, "DPDK: WRONG FILL: rx_id=%hu fill %" PRIu32 ", expected fill %" PRIu32 "\n",
                p->rx_id, p->fill_tag, why->expected_tag);
        break;
    default:
        break;
    }
}

void report_print_limit(FILE *f, enum rx_event e)
{
    fprintf(f, "(further %s are counted, not printed)\n", rx_events[e].plural);
}

void report_header(FILE *f, const struct live_config *c, const char *build_switches)
{
    char cpu[128];
    const char *tunables = hostinfo_glibc_tunables();

    hostinfo_cpu_model(cpu, sizeof(cpu));
    fprintf(f, "e1000_poc run: QEMU e1000 RX write-back vs DPDK em receive, two threads, no VM\n");
    fprintf(f, "  device  e1000, e1000_receive_iov; qemu-fix %s: %s\n", e1000_fixes[c->qemu_fix].name,
            e1000_fixes[c->qemu_fix].summary);
    fprintf(f, "  driver  dpdk-em, eth_em_recv_pkts; dpdk-fix %s: %s; burst %u, rx_free_thresh %u\n",
            em_workarounds[c->dpdk_fix].name, em_workarounds[c->dpdk_fix].summary, c->burst,
            c->rx_free_thresh);
    if (c->copy == DMA_COPY_LIBC)
        fprintf(f, "  copy    %s: %s (%s; GLIBC_TUNABLES %s)\n", dma_copies[c->copy].name,
                dma_copies[c->copy].summary, hostinfo_libc(), tunables ? tunables : "unset");
    else
        fprintf(f, "  copy    %s: %s; gap %u pauses\n", dma_copies[c->copy].name,
                dma_copies[c->copy].summary, c->gap);
    char probe[PROBE_SUMMARY_MAX]; /* the stores of this copy, traced before the threads start */
    fprintf(f, "  probe   %s\n", probe_summary_line(c->copy, probe, sizeof(probe)));
    fprintf(f, "  ring    %u descriptors; pace %s", c->ring, live_paces[c->pace].name);
    if (c->pace == LIVE_PACE_INTERVAL)
        fprintf(f, " (%u ms)", c->interval_ms);
    fprintf(f, "; hang = stuck for %u ms\n", c->hang_ms);
    if (c->cpus[0] >= 0)
        fprintf(f, "  CPUs    device on %d, driver on %d (%s)\n", c->cpus[0], c->cpus[1], cpu);
    else
        fprintf(f, "  CPUs    not pinned (%s)\n", cpu);
    if (build_switches != NULL && build_switches[0] != '\0')
        fprintf(f, "  build   defaults set by make %s\n", build_switches);
    if (c->duration_s > 0)
        fprintf(f, "  stops   at the first ring hang or after %g s; Ctrl-C stops early\n",
                c->duration_s);
    else
        fprintf(f, "  stops   at the first ring hang or at Ctrl-C\n");
    fflush(f);
}

/* "0.4 ms" below a second, "2.315 s" from there on. */
static const char *fmt_time(char *buf, size_t len, double s)
{
    if (s < 1.0)
        snprintf(buf, len, "%.1f ms", s * 1e3);
    else
        snprintf(buf, len, "%.3f s", s);
    return buf;
}

static const char *event_noun(enum rx_event e, uint64_t n)
{
    return n == 1 ? rx_events[e].one : rx_events[e].plural;
}

static double rate(uint64_t n, double s)
{
    return s > 0 ? (double)n / s : 0.0;
}

static void summary_row(FILE *f, const struct live_stats *s, enum rx_event e)
{
    char t[32];
    fprintf(f, "  %-24s %" PRIu64, rx_events[e].plural, s->events[e]);
    if (s->events[e] != 0)
        fprintf(f, ", first after %s", fmt_time(t, sizeof(t), s->first_s[e]));
    fputc('\n', f);
}

/* "; 3 stale buffer addresses, first after 0.012 s" for each kind seen. */
static void verdict_evidence(FILE *f, const struct live_stats *s)
{
    for (int e = 0; e < RX_EV_COUNT; e++) {
        if (e == RX_EV_HANG || s->events[e] == 0)
            continue;
        char t[32];
        fprintf(f, "; %" PRIu64 " %s, first after %s", s->events[e],
                event_noun((enum rx_event)e, s->events[e]), fmt_time(t, sizeof(t), s->first_s[e]));
    }
}

static double first_event_s(const struct live_stats *s)
{
    double first = -1;
    for (int e = 0; e < RX_EV_COUNT; e++)
        if (s->events[e] != 0 && (first < 0 || s->first_s[e] < first))
            first = s->first_s[e];
    return first;
}

void report_summary(FILE *f, const struct live_config *c, const struct live_stats *s)
{
    (void)c;
    char t0[32];
    fprintf(f, "--- after %s%s: %" PRIu64 " descriptors filled, %" PRIu64
               " consumed (%.2f M/s)\n",
            fmt_time(t0, sizeof(t0), s->elapsed_s), s->interrupted ? " (stopped by a signal)" : "", s->fills, s->consumed,
            rate(s->consumed, s->elapsed_s) / 1e6);
    for (int e = 0; e < RX_EV_COUNT; e++)
        summary_row(f, s, (enum rx_event)e);
    char t1[32], t2[32];
    if (s->events[RX_EV_HANG] != 0)
        fprintf(f, "  hang: RDH=%u RDT=%u since %s, driver polling descriptor %u with DD clear"
                   " (detected at %s)\n",
                s->hang.rdh, s->hang.rdt, fmt_time(t1, sizeof(t1), s->hang.onset_s),
                s->hang.driver_next, fmt_time(t2, sizeof(t2), s->hang.detected_s));

    int status = live_exit_status(s);
    if (status == 1) {
        fprintf(f, "Verdict: REPRODUCED after %s: ", fmt_time(t1, sizeof(t1), first_event_s(s)));
        if (s->events[RX_EV_HANG] != 0)
            fprintf(f, "ring hang at %s (RDH=RDT=%u)", fmt_time(t2, sizeof(t2), s->hang.onset_s),
                    s->hang.rdh);
        else
            fprintf(f, "no ring hang");
        verdict_evidence(f, s);
        fprintf(f, "; %" PRIu64 " descriptors consumed in %s\n", s->consumed,
                fmt_time(t1, sizeof(t1), s->elapsed_s));
    } else if (status == 125) {
        fprintf(f, "Verdict: INCONCLUSIVE: no descriptor was received in %s\n",
                fmt_time(t1, sizeof(t1), s->elapsed_s));
    } else {
        fprintf(f, "Verdict: NOT REPRODUCED: no stale buffer address, no double consumption,"
                   " no ring hang in %s; %" PRIu64 " descriptors consumed (%.2f M/s)\n",
                fmt_time(t1, sizeof(t1), s->elapsed_s), s->consumed,
                rate(s->consumed, s->elapsed_s) / 1e6);
    }
    fflush(f);
}
