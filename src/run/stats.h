// SPDX-License-Identifier: GPL-2.0-or-later
/* stats.h - how much a run's counts say: rates, and how strong a clean run
 * is. Pure arithmetic, tested on synthetic counts (tests/unit_stats.c). */
#ifndef E1000_POC_STATS_H
#define E1000_POC_STATS_H

#include <stdint.h>

/* events per second and per million descriptors; 0 when undefined. */
double stats_per_second(uint64_t events, double seconds);
double stats_per_million(uint64_t events, uint64_t descriptors);

/* Rule of three: with no event in n descriptors, the event rate per
 * descriptor is below 3/n with 95% confidence. Returns 3/n (n > 0). */
double stats_rule_of_three(uint64_t n);

/* log10 of the chance of seeing no event in n descriptors if events came
 * independently at `rate` per descriptor (Poisson: e^(-rate*n)). */
double stats_log10_p_none(double rate, uint64_t n);

/* "1 in 10^2033", "1 in 4.2e+05", "0.37": a chance given as log10. */
void stats_format_chance(double log10_p, char *buf, unsigned len);

#endif
