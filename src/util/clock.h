// SPDX-License-Identifier: GPL-2.0-or-later
/* clock.h - monotonic and wall-clock time in the units the tool reports. */
#ifndef E1000_POC_CLOCK_H
#define E1000_POC_CLOCK_H

#include <stdint.h>
#include <time.h>

static inline uint64_t clock_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static inline double clock_ns_to_s(uint64_t ns)
{
    return (double)ns / 1e9;
}

#endif
