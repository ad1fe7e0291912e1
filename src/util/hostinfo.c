// SPDX-License-Identifier: GPL-2.0-or-later
/* hostinfo.c - C library version, CPU model, usable CPUs. */
#include "util/hostinfo.h"

#include <ctype.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/escape.h"

#ifdef __GLIBC__
#include <gnu/libc-version.h>
#endif

const char *hostinfo_libc(void)
{
#ifdef __GLIBC__
    static char buf[48];
    snprintf(buf, sizeof(buf), "glibc %s", gnu_get_libc_version());
    return buf;
#else
    return "a C library other than glibc (version unknown)";
#endif
}

/* The value of the first /proc/cpuinfo line that starts with one of keys
 * (NULL-terminated), or `fallback`. */
static void cpuinfo_field(const char *const *keys, const char *fallback, char *buf, size_t len)
{
    char line[512];
    FILE *f = fopen("/proc/cpuinfo", "r");

    snprintf(buf, len, "%s", fallback);
    if (f == NULL)
        return;
    while (fgets(line, sizeof(line), f) != NULL) {
        for (int k = 0; keys[k] != NULL; k++) {
            size_t n = strlen(keys[k]);
            char *colon = strchr(line, ':');
            if (strncmp(line, keys[k], n) != 0 || colon == NULL)
                continue;
            colon++;
            while (*colon == ' ' || *colon == '\t')
                colon++;
            colon[strcspn(colon, "\n")] = '\0';
            snprintf(buf, len, "%s", colon);
            fclose(f);
            return;
        }
    }
    fclose(f);
}

void hostinfo_cpu_model(char *buf, size_t len)
{
    static const char *const keys[] = {"model name", "Model Name", "cpu model", "uarch", NULL};
    cpuinfo_field(keys, "unknown CPU", buf, len);
    escape_in_place(buf, len); /* file contents reach the terminal */
}

void hostinfo_cpu_vendor(char *buf, size_t len)
{
    static const char *const keys[] = {"vendor_id", "CPU implementer", NULL};
    cpuinfo_field(keys, "unknown", buf, len);
    escape_in_place(buf, len);
}

/* "amd-epyc", "intel-xeon-platinum-8480c": the model name, lower case,
 * without (R), (TM), "CPU", "Processor" and the "@ 2.00GHz" tail; the
 * vendor put first when the model does not name it. */
void hostinfo_slug(const char *vendor, const char *model, char *buf, size_t len)
{
    static const char *const noise[] = {"(r)", "(tm)", "cpu", "processor", "core(s)"};
    char m[160], word[64];
    size_t at = 0, w;
    const char *short_vendor = strstr(vendor, "AMD") ? "amd"
                               : strstr(vendor, "Intel") ? "intel"
                                                         : NULL;
    snprintf(m, sizeof(m), "%s", model);
    m[strcspn(m, "@")] = '\0';
    for (char *c = m; *c; c++)
        *c = (char)tolower((unsigned char)*c);
    buf[0] = '\0';
    if (short_vendor != NULL && strstr(m, short_vendor) == NULL)
        at += (size_t)snprintf(buf + at, len - at, "%s", short_vendor);
    for (char *c = m; *c && at + 1 < len;) {
        while (*c && !isalnum((unsigned char)*c) && *c != '(')
            c++;
        for (w = 0; *c && *c != ' ' && w + 1 < sizeof(word); c++)
            word[w++] = *c;
        word[w] = '\0';
        bool skip = w == 0;
        for (size_t k = 0; k < sizeof(noise) / sizeof(noise[0]) && !skip; k++)
            skip = strcmp(word, noise[k]) == 0;
        if (skip)
            continue;
        for (char *d = word; *d; d++)
            if (!isalnum((unsigned char)*d))
                *d = '-';
        at += (size_t)snprintf(buf + at, len - at, "%s%s", at ? "-" : "", word);
    }
    if (buf[0] == '\0')
        snprintf(buf, len, "unknown-cpu");
}

int hostinfo_usable_cpus(int *cpus, int max)
{
    cpu_set_t set;
    int n = 0;

    if (sched_getaffinity(0, sizeof(set), &set) != 0)
        return 0;
    for (int c = 0; c < CPU_SETSIZE && n < max; c++)
        if (CPU_ISSET(c, &set))
            cpus[n++] = c;
    return n;
}

/* First line of a sysfs file, or "" */
static void read_line(const char *path, char *buf, size_t len)
{
    FILE *f = fopen(path, "r");
    buf[0] = '\0';
    if (f == NULL)
        return;
    if (fgets(buf, (int)len, f) == NULL)
        buf[0] = '\0';
    buf[strcspn(buf, "\n")] = '\0';
    fclose(f);
}

/* Is cpu in a sysfs CPU list such as "0-3,8,10-11"? */
static bool cpu_in_list(const char *list, int cpu)
{
    const char *p = list;
    while (*p != '\0') {
        char *end;
        long lo = strtol(p, &end, 10), hi = lo;
        if (end == p)
            return false;
        if (*end == '-')
            hi = strtol(end + 1, &end, 10);
        if (cpu >= lo && cpu <= hi)
            return true;
        p = *end == ',' ? end + 1 : end;
        if (*end != ',' )
            break;
    }
    return false;
}

void hostinfo_cpu_relation(int a, int b, struct cpu_relation *r)
{
    char path[128], va[64], vb[64];

    memset(r, 0, sizeof(*r));
    snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/topology/thread_siblings_list", a);
    read_line(path, va, sizeof(va));
    if (va[0] == '\0')
        return;
    r->known = true;
    r->same_core = cpu_in_list(va, b);
    snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/topology/physical_package_id", a);
    read_line(path, va, sizeof(va));
    snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/topology/physical_package_id", b);
    read_line(path, vb, sizeof(vb));
    r->same_package = va[0] != '\0' && strcmp(va, vb) == 0;
    for (int i = 0; i < 8; i++) {
        char level[16], list[256];
        snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/cache/index%d/level", a, i);
        read_line(path, level, sizeof(level));
        if (level[0] == '\0')
            break;
        snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/cache/index%d/shared_cpu_list",
                 a, i);
        read_line(path, list, sizeof(list));
        int lv = atoi(level);
        if (cpu_in_list(list, b) && (r->shared_cache_level == 0 || lv < r->shared_cache_level))
            r->shared_cache_level = lv;
    }
}

void hostinfo_describe_relation(const struct cpu_relation *r, char *buf, size_t len)
{
    char cache[32] = "no shared cache";
    if (r->shared_cache_level > 0)
        snprintf(cache, sizeof(cache), "sharing L%d", r->shared_cache_level);
    if (!r->known)
        snprintf(buf, len, "topology unknown");
    else if (r->same_core)
        snprintf(buf, len, "SMT siblings of one core, %s", cache);
    else if (r->same_package)
        snprintf(buf, len, "different cores of one package, %s", cache);
    else
        snprintf(buf, len, "different packages, %s", cache);
}

const char *hostinfo_glibc_tunables(void)
{
    return getenv("GLIBC_TUNABLES");
}

const char *hostinfo_glibc_tunables_text(void)
{
    return escape_getenv("GLIBC_TUNABLES");
}
