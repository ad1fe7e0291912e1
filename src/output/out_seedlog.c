// SPDX-License-Identifier: GPL-2.0-or-later
/* out_seedlog.c - the seed's log lines and the event lines; see
 * out_seedlog.h. Each line is one fprintf, so lines printed from the
 * device's, the driver's and the main thread never mix within a line
 * (stdio locks the stream for each call). */
#include "output/out_seedlog.h"

#include <inttypes.h>
#include <time.h>

void out_seedlog_maybe_hang(FILE *f, uint32_t rdh, uint32_t rdt)
{
    fprintf(f, "Qemu: Maybe hang RDH=%u RDT=%u\n", rdh, rdt);
}

void out_seedlog_rx_count(FILE *f, uint64_t fills)
{
    fprintf(f, "RX COUNT: %" PRIu64 "\n", fills);
}

/* The wall clock when the line is written, as the seed's DPDK_VLOG did. */
void out_seedlog_vlog_get(FILE *f, uint16_t rx_id)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    fprintf(f, "[%lld.%03ld] DPDK: GET rx_id=%hu\n", (long long)ts.tv_sec, ts.tv_nsec / 1000000L,
            rx_id);
}

static void event_line(FILE *f, enum rx_event e, const struct nic_pkt *p,
                       const struct rx_check_detail *why)
{
    switch (e) {
    case RX_EV_STALE_ADDR:
        fprintf(f, "DPDK: UNEXPECTED ADDR: last %" PRIx64 " current %" PRIx64 "\n", why->prev_addr,
                p->wb_buffer_addr);
        break;
    case RX_EV_DOUBLE:
        /* Extended and advanced write-backs carry a 16-bit fill tag in vlan
         * that no fill leaves 0: vlan 0 means DD came back with no fill
         * since the re-arm. Same words as explain's trace. */
        if (p->format != RX_FMT_LEGACY && (uint16_t)p->fill_tag == 0)
            fprintf(f, "DPDK: DOUBLE CONSUMED: rx_id=%hu no fill (vlan 0): DD came back after the"
                       " re-arm\n", p->rx_id);
        else
            fprintf(f, "DPDK: DOUBLE CONSUMED: rx_id=%hu fill %" PRIu32 " again (buffer %" PRIx64
                       ")\n", p->rx_id, p->fill_tag, p->wb_buffer_addr);
        break;
    case RX_EV_WRONG_FILL:
        fprintf(f, "DPDK: WRONG FILL: rx_id=%hu fill %" PRIu32 ", expected fill %" PRIu32 "\n",
                p->rx_id, p->fill_tag, why->expected_tag);
        break;
    default:
        break; /* a hang: the device reports it (out_seedlog_maybe_hang) */
    }
}

void out_seedlog_rx_event(FILE *f, enum rx_event e, uint64_t nth, const struct nic_pkt *p,
                          const struct rx_check_detail *why)
{
    if (nth > OUT_SEEDLOG_EVENT_LIMIT)
        return;
    event_line(f, e, p, why);
    if (nth == OUT_SEEDLOG_EVENT_LIMIT)
        fprintf(f, "(further %s are counted, not printed)\n", rx_events[e].plural);
}

/* ---- the live run's hooks ---------------------------------------------------- */

static void hook_hang(void *arg, uint32_t rdh, uint32_t rdt) { out_seedlog_maybe_hang(arg, rdh, rdt); }
static void hook_get(void *arg, uint16_t rx_id) { out_seedlog_vlog_get(arg, rx_id); }
static void hook_second(void *arg, uint64_t fills) { out_seedlog_rx_count(arg, fills); }

static void hook_event(void *arg, enum rx_event e, uint64_t nth, const struct nic_pkt *p,
                       const struct rx_check_detail *why)
{
    out_seedlog_rx_event(arg, e, nth, p, why);
}

struct live_hooks out_seedlog_hooks(FILE *f)
{
    return (struct live_hooks){.hang = hook_hang, .get = hook_get, .event = hook_event,
                               .second = hook_second, .arg = f};
}
