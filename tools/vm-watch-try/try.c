// SPDX-License-Identifier: GPL-2.0-or-later
/* try.c - the watchpoint on a running QEMU, by hand: finds the NIC's RX
 * ring through the monitor and the guest RAM in QEMU's process, watches
 * QEMU's main thread, sends numbered Ethernet frames as UDP datagrams to
 * QEMU's -netdev socket, and prints what the watch counted.
 *
 *   try PID MONITOR_SOCKET PORT_G FRAMES INTERVAL_MS HOLD_MS step|debugreg DD_OFFSET
 *
 * Exit 0 when done, 2 on bad arguments, 125 when the watch is refused. */
#include <arpa/inet.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "vm/guestram.h"
#include "vm/hmp.h"
#include "vm/ptwatch.h"

#define RAM_SIZE (1024ull << 20)

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

/* "file+0xoffset" for an address in QEMU's process, from its maps. */
static void name_ip(pid_t pid, uint64_t ip, char *out, size_t len)
{
    char path[64], line[512];
    snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
    snprintf(out, len, "0x%" PRIx64, ip);
    FILE *f = fopen(path, "r");
    while (f && fgets(line, sizeof(line), f)) {
        uint64_t lo, hi, off;
        int at = 0;
        if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %*s %" SCNx64 " %*s %*s %n", &lo, &hi, &off,
                   &at) >= 3 && ip >= lo && ip < hi && at) {
            line[strcspn(line, "\n")] = '\0';
            const char *base = strrchr(line + at, '/');
            snprintf(out, len, "%s+0x%" PRIx64, base ? base + 1 : line + at, ip - lo + off);
            break;
        }
    }
    if (f)
        fclose(f);
}

static void sleep_ms(unsigned ms)
{
    struct timespec t = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

int main(int argc, char **argv)
{
    if (argc != 9) {
        fprintf(stderr, "usage: %s PID MONITOR_SOCKET PORT_G FRAMES INTERVAL_MS HOLD_MS"
                " step|debugreg DD_OFFSET\n", argv[0]);
        return 2;
    }
    pid_t pid = (pid_t)atoi(argv[1]);
    int port = atoi(argv[3]);
    unsigned frames = (unsigned)atoi(argv[4]), interval = (unsigned)atoi(argv[5]);
    uint64_t hold_ns = (uint64_t)atoi(argv[6]) * 1000000u;
    enum vmwatch_mode mode = strcmp(argv[7], "step") == 0 ? VMWATCH_STEP : VMWATCH_DEBUGREG;
    unsigned dd = (unsigned)atoi(argv[8]);
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);

    char err[256];
    struct vmhmp *h = vmhmp_open(argv[2], err, sizeof(err));
    if (!h) {
        fprintf(stderr, "try: %s\n", err);
        return 125;
    }
    uint64_t bar0;
    struct vmhmp_ring r;
    int rc = vmhmp_nic_bar0(h, &bar0);
    if (rc != 0 || vmhmp_rx_ring(h, bar0, &r) != 0) {
        fprintf(stderr, "try: no NIC ring through the monitor (%d)\n", rc);
        return 125;
    }
    printf("BAR0 0x%" PRIx64 " ring 0x%" PRIx64 " RDLEN %u RDH %u RDT %u\n", bar0, r.base,
           r.len_bytes, r.rdh, r.rdt);
    uint64_t ram, ring;
    if (vmram_find(pid, RAM_SIZE, &ram, err, sizeof(err)) != 0 ||
        vmram_gpa_to_hva(ram, RAM_SIZE, r.base, r.len_bytes, &ring) != 0) {
        fprintf(stderr, "try: %s\n", err);
        return 125;
    }
    printf("guest RAM at 0x%" PRIx64 " in QEMU, ring at 0x%" PRIx64 "\n", ram, ring);

    struct vmwatch_cfg c = {
        .mode = mode, .pid = pid, .tid = pid, .ring_hva = ring, .ndesc = r.len_bytes / 16,
        .desc_size = 16, .dd_offset = dd, .start_idx = r.rdh, .hold_ns = hold_ns,
    };
    struct vmwatch *w = vmwatch_start(&c, err, sizeof(err));
    if (!w) {
        fprintf(stderr, "try: watchpoint refused: %s\n", err);
        return 125;
    }

    int s = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
    unsigned char f[64] = {0x52, 0x54, 0x00, 0xe1, 0x00, 0x01, 0x52, 0x54, 0x00, 0xe1, 0x00, 0x02,
                           0x88, 0xb5};
    unsigned sent = 0;
    for (; sent < frames && !stop; sent++) {
        memcpy(f + 14, &sent, sizeof(sent));
        if (sendto(s, f, sizeof(f), 0, (struct sockaddr *)&to, sizeof(to)) != sizeof(f))
            perror("sendto");
        sleep_ms(interval);
    }
    for (int i = 0; i < 60 && !stop; i++) /* the last frame is stepped through (~2 s) */
        sleep_ms(100);
    struct vmwatch_stats st;
    vmwatch_stop(w, &st);
    vmhmp_rx_ring(h, bar0, &r);
    vmhmp_close(h);
    printf("sent %u frames; after: RDH %u RDT %u\n", sent, r.rdh, r.rdt);
    printf("mode %s: frames stepped %" PRIu64 ", steps %" PRIu64 ", stores on DD %" PRIu64
           ", write-backs %" PRIu64 ", holds %" PRIu64 " (used %" PRIu64 ", unused %" PRIu64
           "), signals %" PRIu64 ", undecoded %" PRIu64 ", unexplained %" PRIu64
           ", DR left %#" PRIx64 "%s%s\n",
           mode == VMWATCH_STEP ? "step" : "debugreg", st.frames, st.steps, st.traps,
           st.writebacks, st.holds, st.holds_used, st.holds_unused, st.signals, st.undecoded,
           st.unexplained, st.dr_left,
           st.refused[0] ? "; " : "", st.refused);
    printf("stores per write-back:");
    for (int k = 1; k < VMWATCH_HIST; k++)
        if (st.stores_per_wb[k])
            printf(" %d:%" PRIu64, k, st.stores_per_wb[k]);
    printf("\n");
    for (int k = 0; k < VMWATCH_HIST && st.last_wb_ip[k]; k++) {
        char name[256];
        name_ip(pid, st.last_wb_ip[k], name, sizeof(name));
        printf("  store %d of the last write-back: %s\n", k + 1, name);
    }
    return stop ? 130 : 0;
}
