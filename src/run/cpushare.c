// SPDX-License-Identifier: GPL-2.0-or-later
/* cpushare.c - per-thread CPU time and context switches. */
#include "run/cpushare.h"

#include <sys/resource.h>
#include <time.h>

#include "util/clock.h"

void cpushare_mark(struct cpushare_mark *m)
{
    struct timespec ts;
    struct rusage ru;

    m->wall_ns = clock_now_ns();
    m->ok = clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) == 0 && getrusage(RUSAGE_THREAD, &ru) == 0;
    if (!m->ok)
        return;
    m->cpu_ns = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
    m->nivcsw = (uint64_t)ru.ru_nivcsw;
    m->nvcsw = (uint64_t)ru.ru_nvcsw;
}

void cpushare_between(const struct cpushare_mark *from, const struct cpushare_mark *to,
                  struct cpushare_use *use)
{
    use->known = from->ok && to->ok && to->wall_ns > from->wall_ns;
    if (!use->known)
        return;
    use->wall_s = clock_ns_to_s(to->wall_ns - from->wall_ns);
    use->cpu_s = clock_ns_to_s(to->cpu_ns - from->cpu_ns);
    use->nivcsw = to->nivcsw - from->nivcsw;
    use->nvcsw = to->nvcsw - from->nvcsw;
}

double cpushare_share(const struct cpushare_use *use)
{
    if (!use->known || use->wall_s <= 0)
        return -1;
    return use->cpu_s / use->wall_s;
}
