// SPDX-License-Identifier: GPL-2.0-or-later
/* stats.c - rates and the strength of a clean run. */
#include "run/stats.h"

#include <math.h>
#include <stdio.h>

double stats_per_second(uint64_t events, double seconds)
{
    return seconds > 0 ? (double)events / seconds : 0.0;
}

double stats_per_million(uint64_t events, uint64_t descriptors)
{
    return descriptors > 0 ? (double)events * 1e6 / (double)descriptors : 0.0;
}

double stats_rule_of_three(uint64_t n)
{
    return n > 0 ? 3.0 / (double)n : INFINITY;
}

double stats_log10_p_none(double rate, uint64_t n)
{
    return -rate * (double)n / log(10.0);
}

void stats_format_chance(double log10_p, char *buf, unsigned len)
{
    if (log10_p > -2.0)
        snprintf(buf, len, "%.2g", pow(10.0, log10_p));
    else if (log10_p > -300.0)
        snprintf(buf, len, "1 in %.2g", pow(10.0, -log10_p));
    else
        snprintf(buf, len, "1 in 10^%.0f", -log10_p);
}
