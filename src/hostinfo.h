/* hostinfo.h - facts about this host that a verdict depends on. */
#ifndef E1000_POC_HOSTINFO_H
#define E1000_POC_HOSTINFO_H

#include <stddef.h>

/* "glibc 2.36", or a description of the C library when it is not glibc. */
const char *hostinfo_libc(void);

/* CPU model from /proc/cpuinfo, or "unknown CPU". */
void hostinfo_cpu_model(char *buf, size_t len);

/* CPUs this process may run on, ascending; returns how many (at most max). */
int hostinfo_usable_cpus(int *cpus, int max);

/* GLIBC_TUNABLES as the process sees it, or NULL. */
const char *hostinfo_glibc_tunables(void);

#endif
