// SPDX-License-Identifier: GPL-2.0-or-later
/* hostinfo.h - facts about this host that a verdict depends on.
 *
 * src/util/: what any part may use and that knows nothing of NICs: host
 * facts (hostinfo.h), the JSON writer (json.h), named-row tables
 * (choice.h), clocks (clock.h) and CPU helpers (cpu.h). It may use libc
 * only. */
#ifndef E1000_POC_HOSTINFO_H
#define E1000_POC_HOSTINFO_H

#include <stdbool.h>
#include <stddef.h>

/* "glibc 2.36", or a description of the C library when it is not glibc. */
const char *hostinfo_libc(void);

/* CPU model from /proc/cpuinfo, or "unknown CPU"; escaped (util/escape.h). */
void hostinfo_cpu_model(char *buf, size_t len);

/* vendor_id from /proc/cpuinfo ("AuthenticAMD", "GenuineIntel"), or the
 * arm64 "CPU implementer", or "unknown". */
void hostinfo_cpu_vendor(char *buf, size_t len);

/* A folder name for this CPU, from its vendor and model: "amd-epyc",
 * "intel-xeon-platinum-8480c" (bench/results/<it>/). */
void hostinfo_slug(const char *vendor, const char *model, char *buf, size_t len);

/* CPUs this process may run on, ascending; returns how many (at most max). */
int hostinfo_usable_cpus(int *cpus, int max);

/* How two CPUs relate, from /sys/devices/system/cpu. */
struct cpu_relation {
    bool known;             /* sysfs told us */
    bool same_core;         /* SMT siblings */
    bool same_package;
    int shared_cache_level; /* lowest cache level both use; 0: none */
};
void hostinfo_cpu_relation(int a, int b, struct cpu_relation *r);
/* "different cores of one package, sharing L3", for the header. */
void hostinfo_describe_relation(const struct cpu_relation *r, char *buf, size_t len);

/* GLIBC_TUNABLES as the process sees it, or NULL. */
const char *hostinfo_glibc_tunables(void);
/* The same escaped for a terminal line (util/escape.h), or NULL: what text
 * output prints (a newline or ESC sequence in it must not reach the
 * terminal or split a header line). */
const char *hostinfo_glibc_tunables_text(void);

#endif
