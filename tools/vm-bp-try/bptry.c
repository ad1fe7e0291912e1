// SPDX-License-Identifier: GPL-2.0-or-later
/* bptry.c - try the int3 widening (src/vm/bpwatch.h) on a running QEMU by
 * hand: attach, print the counts every second, stop after N seconds or on
 * SIGINT/SIGTERM. docs/real-stack-bp.md says how it was used.
 *
 *   bptry PID RING_HVA NDESC DD_OFFSET WRITES HOLD_US SECONDS [AT16 AT4]
 *
 * WRITES: 16, 4 or 16+4. AT16/AT4: the second stores' places in QEMU's
 * libc.so.6 (probe --json's store_at[1], hex); default: this process's
 * probe (a QEMU that maps the same C library). The device thread is QEMU's
 * main thread (tid = PID): -netdev socket receives there.
 * Build: make && cc -D_GNU_SOURCE -Isrc -Ibuild -O2 -pthread
 *   -o build/bptry tools/vm-bp-try/bptry.c build/libe1000poc.a -lrt -lm */
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "vm/bpwatch.h"

static volatile sig_atomic_t quit;

static void on_signal(int sig)
{
    (void)sig;
    quit = 1;
}

static void print(const char *when, const struct vmbp_stats *s)
{
    printf("%s hits %" PRIu64 " device %" PRIu64 " ring %" PRIu64 " (16B %" PRIu64 ", 4B %" PRIu64
           ") not_done %" PRIu64 " undone_unheld %" PRIu64 " holds %" PRIu64 " used %" PRIu64
           " unused %" PRIu64 " undone %" PRIu64 " threads %" PRIu64 " signals %" PRIu64
           " missed_steps %" PRIu64 " gone %d%s%s\n",
           when, s->hits, s->hits_device, s->hits_ring, s->hits_write[VMBP_DESC16],
           s->hits_write[VMBP_STATUS4], s->not_ready, s->undone_unheld, s->holds, s->holds_used,
           s->holds_unused, s->undone, s->threads, s->signals, s->missed_steps, s->qemu_gone,
           s->refused[0] ? " refused: " : "", s->refused);
    fflush(stdout);
}

int main(int argc, char **argv)
{
    if (argc != 8 && argc != 10) {
        fprintf(stderr, "usage: bptry PID RING_HVA NDESC DD_OFFSET 16|4|16+4 HOLD_US SECONDS"
                        " [AT16 AT4]\n");
        return 2;
    }
    struct vmbp_cfg c = {0};
    char err[320];
    c.pid = c.tid = (pid_t)atoi(argv[1]);
    c.ring_hva = strtoull(argv[2], NULL, 0);
    c.ndesc = (unsigned)atoi(argv[3]);
    c.desc_size = 16;
    c.dd_offset = (unsigned)atoi(argv[4]);
    c.writes = (strstr(argv[5], "16") ? 1u << VMBP_DESC16 : 0) |
               (strcmp(argv[5], "4") == 0 || strstr(argv[5], "+4") ? 1u << VMBP_STATUS4 : 0);
    c.hold_ns = strtoull(argv[6], NULL, 0) * 1000ull;
    int seconds = atoi(argv[7]);
    if (argc == 10) {
        c.at[VMBP_DESC16] = strtoull(argv[8], NULL, 16);
        c.at[VMBP_STATUS4] = strtoull(argv[9], NULL, 16);
    } else if (vmbp_places_here(c.at, err, sizeof(err)) != 0) {
        fprintf(stderr, "bptry: %s\n", err);
        return 125;
    }
    printf("places: 16-byte write libc.so.6+0x%" PRIx64 ", 4-byte write libc.so.6+0x%" PRIx64 "\n",
           c.at[VMBP_DESC16], c.at[VMBP_STATUS4]);
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    struct vmbp *w = vmbp_start(&c, err, sizeof(err));
    if (w == NULL) {
        fprintf(stderr, "bptry: %s\n", err);
        return 125;
    }
    struct vmbp_stats s;
    for (int t = 0; t < seconds && !quit; t++) {
        sleep(1);
        vmbp_stats(w, &s);
        char when[32];
        snprintf(when, sizeof(when), "t=%d", t + 1);
        print(when, &s);
        if (s.qemu_gone)
            break;
    }
    vmbp_stop(w, &s);
    print("final", &s);
    return 0;
}
