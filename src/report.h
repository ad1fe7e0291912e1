/* report.h - every line the live run prints: the seed's log lines, the
 * start-up header, the summary and the verdict. */
#ifndef E1000_POC_REPORT_H
#define E1000_POC_REPORT_H

#include <stdint.h>
#include <stdio.h>

#include "detect.h"
#include "live.h"

/* The seed's lines, byte for byte. */
void report_maybe_hang(FILE *f, uint32_t rdh, uint32_t rdt);  /* Qemu: Maybe hang RDH=%u RDT=%u */
void report_rx_count(FILE *f, uint64_t fills);                /* RX COUNT: %u */
void report_vlog_get(FILE *f, uint16_t rx_id);                /* [sec.msec] DPDK: GET rx_id=%hu */
void report_unexpected_addr(FILE *f, uint64_t last, uint64_t current); /* DPDK: UNEXPECTED ADDR: ... */

/* One line for a detected event (the seed's line for a stale address). */
void report_rx_event(FILE *f, enum rx_event e, const struct em_pkt *p,
                     const struct rx_check_detail *why);
void report_print_limit(FILE *f, enum rx_event e);

void report_header(FILE *f, const struct live_config *c, const char *build_switches);
/* Statistics, then the verdict as the last line. */
void report_summary(FILE *f, const struct live_config *c, const struct live_stats *s);

#endif
