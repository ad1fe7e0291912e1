// SPDX-License-Identifier: GPL-2.0-or-later
/* header.c - gather the host's and the process's facts for run's header. */
#include "run/header.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "util/hostinfo.h"

/* The gdb script for descriptor format fmt into buf (gdb.cmd watches the
 * legacy status byte, gdb-status-error.cmd the 4-byte status_error of the
 * extended and advanced formats). make install puts the binary in
 * PREFIX/bin and the scripts in PREFIX/share/e1000_poc, whatever PREFIX or
 * DESTDIR was: there, the script's full path. From the source tree, where
 * the scripts sit next to the binary, or whenever that path cannot be made
 * or read, the bare name. */
static void live_header_gdb_script(enum rx_desc_format fmt, char *buf, size_t len)
{
    const char *name = fmt == RX_FMT_LEGACY ? "gdb.cmd" : "gdb-status-error.cmd";
    char exe[4096];
    snprintf(buf, len, "%s", name);
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n <= 0 || (size_t)n >= sizeof(exe) - 1)
        return;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash == NULL)
        return;
    *slash = '\0'; /* the binary's folder */
    slash = strrchr(exe, '/');
    if (slash == NULL || strcmp(slash, "/bin") != 0)
        return;
    *slash = '\0'; /* PREFIX */
    int w = snprintf(buf, len, "%s/share/e1000_poc/%s", exe, name);
    if (w < 0 || (size_t)w >= len || access(buf, R_OK) != 0)
        snprintf(buf, len, "%s", name);
}

void live_header_gather(const struct live_config *c, struct live_header *h)
{
    const enum rx_desc_format fmt = nic_drivers[c->driver].format;

    memset(h, 0, sizeof(*h));
    hostinfo_cpu_model(h->cpu_model, sizeof(h->cpu_model));
    h->tunables = hostinfo_glibc_tunables_text();
    if (dma_copy_is_libc(c->copy))
        h->libc = hostinfo_libc();
    probe_summary_line(c->copy, fmt, h->probe, sizeof(h->probe));
    if (c->widen == LIVE_WIDEN_WATCHPOINT) {
        h->watch = true;
        h->delivery = WATCH_SIGTRAP;
        h->watch_granted = watch_probe(&h->delivery, h->watch_why, sizeof(h->watch_why));
    }
    if (c->cpus[0] >= 0) {
        struct cpu_relation r;
        hostinfo_cpu_relation(c->cpus[0], c->cpus[1], &r);
        hostinfo_describe_relation(&r, h->cpu_relation, sizeof(h->cpu_relation));
    }
    h->pid = (long)getpid();
    live_header_gdb_script(fmt, h->gdb_script, sizeof(h->gdb_script));
}
