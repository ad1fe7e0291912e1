/* hostinfo.c - C library version, CPU model, usable CPUs. */
#include "hostinfo.h"

#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

void hostinfo_cpu_model(char *buf, size_t len)
{
    static const char *const keys[] = {"model name", "Model Name", "cpu model", "uarch", NULL};
    char line[512];
    FILE *f = fopen("/proc/cpuinfo", "r");

    snprintf(buf, len, "unknown CPU");
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

const char *hostinfo_glibc_tunables(void)
{
    return getenv("GLIBC_TUNABLES");
}
