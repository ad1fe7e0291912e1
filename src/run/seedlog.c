// SPDX-License-Identifier: GPL-2.0-or-later
/* seedlog.c - the seed's log lines and the event lines. */
#include "run/seedlog.h"

#include <inttypes.h>
#include <time.h>

void seedlog_maybe_hang(FILE *f, uint32_t rdh, uint32_t rdt)
{
    fprintf(f, "Qemu: Maybe hang RDH=%u RDT=%u\n", rdh, rdt);
}

void seedlog_rx_count(FILE *f, uint64_t fills)
{
    fprintf(f, "RX COUNT: %" PRIu64 "\n", fills);
}

void seedlog_vlog_get(FILE *f, uint16_t rx_id)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    fprintf(f, "[%lld.%03ld] DPDK: GET rx_id=%hu\n", (long long)ts.tv_sec, ts.tv_nsec / 1000000L,
            rx_id);
}

void seedlog_unexpected_addr(FILE *f, uint64_t last, uint64_t current)
{
    fprintf(f, "DPDK: UNEXPECTED ADDR: last %" PRIx64 " current %" PRIx64 "\n", last, current);
}

void seedlog_rx_event(FILE *f, enum rx_event e, const struct nic_pkt *p,
                     const struct rx_check_detail *why)
{
    switch (e) {
    case RX_EV_STALE_ADDR:
        seedlog_unexpected_addr(f, why->prev_addr, p->wb_buffer_addr);
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
        break;
    }
}

void seedlog_print_limit(FILE *f, enum rx_event e)
{
    fprintf(f, "(further %s are counted, not printed)\n", rx_events[e].plural);
}
