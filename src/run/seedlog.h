// SPDX-License-Identifier: GPL-2.0-or-later
/* seedlog.h - the lines the live run prints as it goes: the seed's log
 * lines byte for byte, and one line per detected event. */
#ifndef E1000_POC_SEEDLOG_H
#define E1000_POC_SEEDLOG_H

#include <stdint.h>
#include <stdio.h>

#include "model/detect.h"

/* The seed's lines, byte for byte. */
void seedlog_maybe_hang(FILE *f, uint32_t rdh, uint32_t rdt);  /* Qemu: Maybe hang RDH=%u RDT=%u */
void seedlog_rx_count(FILE *f, uint64_t fills);                /* RX COUNT: %u */
void seedlog_vlog_get(FILE *f, uint16_t rx_id);                /* [sec.msec] DPDK: GET rx_id=%hu */
void seedlog_unexpected_addr(FILE *f, uint64_t last, uint64_t current); /* DPDK: UNEXPECTED ADDR: ... */

/* One line for a detected event (the seed's line for a stale address). */
void seedlog_rx_event(FILE *f, enum rx_event e, const struct nic_pkt *p,
                     const struct rx_check_detail *why);
void seedlog_print_limit(FILE *f, enum rx_event e);

#endif
