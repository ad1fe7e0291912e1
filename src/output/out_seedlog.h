// SPDX-License-Identifier: GPL-2.0-or-later
/* out_seedlog.h - the lines the live run prints as it goes: the seed's log
 * lines byte for byte (/work/shared/seeds/ and docs/run.md), and one line
 * per detected event, up to a limit per kind. The live run reports each
 * through its hooks (run/live.h); out_seedlog_hooks() writes them here. */
#ifndef E1000_POC_OUT_SEEDLOG_H
#define E1000_POC_OUT_SEEDLOG_H

#include <stdint.h>
#include <stdio.h>

#include "model/detect.h"
#include "run/live.h"

#define OUT_SEEDLOG_EVENT_LIMIT 20 /* event lines printed per kind; the run counts them all */

/* The seed's lines, byte for byte. */
void out_seedlog_maybe_hang(FILE *f, uint32_t rdh, uint32_t rdt); /* Qemu: Maybe hang RDH=%u RDT=%u */
void out_seedlog_rx_count(FILE *f, uint64_t fills);               /* RX COUNT: %u */
void out_seedlog_vlog_get(FILE *f, uint16_t rx_id);               /* [sec.msec] DPDK: GET rx_id=%hu */

/* The nth event of kind e (1 for the first): its line (the seed's
 * "DPDK: UNEXPECTED ADDR" for a stale address) while nth is at most the
 * limit, and with the limit's a line saying the rest are only counted;
 * nothing after that. A hang has no event line (the device reports it). */
void out_seedlog_rx_event(FILE *f, enum rx_event e, uint64_t nth, const struct nic_pkt *p,
                          const struct rx_check_detail *why);

/* Hooks that print each report to f as it comes (f stays the caller's). */
struct live_hooks out_seedlog_hooks(FILE *f);

#endif
