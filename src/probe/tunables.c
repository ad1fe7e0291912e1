// SPDX-License-Identifier: GPL-2.0-or-later
/* tunables.c - re-run the probe under each GLIBC_TUNABLES setting. */
#include "probe/tunables.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/hostinfo.h"
#include "util/json.h"
#include "probe/verdict.h"

extern char **environ;

/* Keep equal to SLOW_MEMCPY_HWCAPS in the Makefile. */
const char probe_slow_memcpy_hwcaps[] =
    "-AVX_Usable,-AVX2_Usable,-AVX512F_Usable,-ERMS_Usable,-AVX,-AVX2,-AVX512F,-ERMS,"
    "-AVX_Fast_Unaligned_Load,-Fast_Unaligned_Copy";

/* "-NAME" turns a feature off; "NAME" alone turns a preference on. Names a
 * glibc does not know are ignored, so one string can carry the spellings of
 * several versions (the *_Usable names are glibc < 2.33). The walk down
 * leaves AVX-512 first (64-byte and EVEX variants: this matters on CPUs
 * with AVX-512), then AVX, then SSSE3. */
#define NO_AVX512 "-AVX512F,-AVX512VL"
#define NO_AVX NO_AVX512 ",-AVX2,-AVX,-AVX_Fast_Unaligned_Load"
const struct probe_tunables_row probe_tunables_rows[] = {
    {NULL, "the loader's choice for this CPU"},
    {"-AVX_Usable,-AVX2_Usable,-AVX512F_Usable,-ERMS_Usable",
     "the seed's *_Usable names (understood before glibc 2.33)"},
    {"-AVX,-AVX2,-AVX512F,-ERMS", "the same features, as glibc 2.33 and later name them"},
    {probe_slow_memcpy_hwcaps, "make run SLOW_MEMCPY=1: both spellings and two preferences"},
    {"-AVX_Fast_Unaligned_Load", "off the AVX variants (enough on CPUs without AVX-512)"},
    {"-AVX512F", "off the 64-byte AVX-512 variant"},
    {"Prefer_No_AVX512", "prefer variants without 512-bit vectors"},
    {NO_AVX512, "off AVX-512 altogether: the AVX2 variant"},
    {NO_AVX512 ",-AVX_Fast_Unaligned_Load", "off AVX-512 and the AVX variants"},
    {NO_AVX, "down to SSSE3 or SSE2"},
    {NO_AVX ",-Fast_Unaligned_Copy", "SSSE3"},
    {NO_AVX ",-Fast_Unaligned_Copy,Fast_Copy_Backward", "SSSE3 copying backward (glibc < 2.36)"},
    {"-AVX_Fast_Unaligned_Load,Fast_Copy_Backward", "glibc 2.31's way to the SSSE3 backward copy"},
    {NO_AVX ",-SSSE3", "SSE2"},
    {NO_AVX ",-SSSE3,-ERMS", "SSE2 without rep movsb for large copies"},
    {"Prefer_ERMS", "rep movsb for every size"},
    {"Prefer_FSRM", "rep movsb for every size (fast short rep mov)"},
};
const unsigned probe_tunables_count = sizeof(probe_tunables_rows) / sizeof(probe_tunables_rows[0]);

/* Copy the next tab-separated field of *s into buf; 0, or -1 if none. */
static int next_field(const char **s, char *buf, size_t len)
{
    if (*s == NULL)
        return -1;
    size_t n = strcspn(*s, "\t\n");
    if (n >= len)
        return -1;
    memcpy(buf, *s, n);
    buf[n] = '\0';
    *s = (*s)[n] == '\t' ? *s + n + 1 : NULL;
    return 0;
}

/* "2 stores [0,16) [0,16)" back into a pattern; "-" is no pattern. */
static int parse_stores(const char *s, struct dma_pattern *p)
{
    unsigned n, from, to;
    int used;
    p->n = 0;
    if (strcmp(s, "-") == 0)
        return 0;
    used = 0;
    if (sscanf(s, "%u store%n", &n, &used) != 1 || used == 0)
        return -1;
    s += used;
    if (*s == 's')
        s++;
    while (sscanf(s, " [%u,%u)%n", &from, &to, &used) == 2) {
        if (p->n == DMA_PATTERN_MAX || to <= from || to > UINT16_MAX)
            return -1;
        p->s[p->n].off = (uint16_t)from;
        p->s[p->n].len = (uint16_t)(to - from);
        p->n++;
        s += used;
    }
    return *s == '\0' && p->n == n ? 0 : -1;
}

int probe_tunables_parse(const char *line, struct probe_tunables_result *r)
{
    const char *s = line;
    memset(r, 0, sizeof(*r));
    if (next_field(&s, r->verdict, sizeof(r->verdict)) != 0 ||
        next_field(&s, r->label, sizeof(r->label)) != 0 ||
        next_field(&s, r->routine, sizeof(r->routine)) != 0 ||
        next_field(&s, r->stores, sizeof(r->stores)) != 0 ||
        next_field(&s, r->why, sizeof(r->why)) != 0 || s != NULL ||
        parse_stores(r->stores, &r->p) != 0)
        goto bad;
    static const char *const verdicts[] = {"exposed", "not-exposed", "unknown", "cannot-trace"};
    for (size_t i = 0; i < sizeof(verdicts) / sizeof(verdicts[0]); i++)
        if (strcmp(r->verdict, verdicts[i]) == 0) {
            r->ok = true;
            return 0;
        }
bad:
    memset(r, 0, sizeof(*r));
    return -1;
}

/* The environment of a row: ours without GLIBC_TUNABLES, plus the row's. */
static char **row_environment(const struct probe_tunables_row *row, char *var, size_t var_len)
{
    size_t n = 0;
    while (environ[n] != NULL)
        n++;
    char **env = calloc(n + 2, sizeof(*env));
    if (env == NULL)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (strncmp(environ[i], "GLIBC_TUNABLES=", 15) != 0)
            env[k++] = environ[i];
    if (row->hwcaps != NULL) {
        snprintf(var, var_len, "GLIBC_TUNABLES=glibc.cpu.hwcaps=%s", row->hwcaps);
        env[k++] = var;
    }
    env[k] = NULL;
    return env;
}

void probe_tunables_run(const struct probe_tunables_row *row, const char *debug_root,
                        volatile sig_atomic_t *stop, struct probe_tunables_result *r)
{
    /* Static, not on the stack: probe runs under ulimit -s 24. */
    static char var[512], out[2048], dbg_arg[4200];
    char *argv[] = {"e1000_poc", "probe", "--tsv", dbg_arg, NULL};
    int fds[2], status;
    size_t got = 0;

    memset(r, 0, sizeof(*r));
    snprintf(dbg_arg, sizeof(dbg_arg), "--debug-dir=%s", debug_root);
    char **env = row_environment(row, var, sizeof(var));
    if (env == NULL || pipe(fds) != 0) {
        free(env);
        snprintf(r->why, sizeof(r->why), "cannot start the row: %s", strerror(errno));
        return;
    }
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        execve("/proc/self/exe", argv, env);
        _exit(127);
    }
    free(env);
    close(fds[1]);
    if (pid < 0) {
        close(fds[0]);
        snprintf(r->why, sizeof(r->why), "cannot fork: %s", strerror(errno));
        return;
    }
    for (;;) {
        ssize_t n = read(fds[0], out + got, sizeof(out) - 1 - got);
        if (n > 0 && (got += (size_t)n) < sizeof(out) - 1)
            continue;
        if (n < 0 && errno == EINTR && (stop == NULL || *stop == 0))
            continue;
        if (n < 0 && errno == EINTR)
            kill(pid, SIGKILL); /* stopped by the user: no waiting for the row */
        break;
    }
    close(fds[0]);
    out[got] = '\0';
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (stop != NULL && *stop != 0) {
        snprintf(r->why, sizeof(r->why), "interrupted");
        r->ok = false;
    } else if (probe_tunables_parse(out, r) != 0) {
        snprintf(r->why, sizeof(r->why), "the row's run printed no result (exit status %d)",
                 WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
        r->ok = false;
    }
}
