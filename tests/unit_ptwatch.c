// SPDX-License-Identifier: GPL-2.0-or-later
/* unit_ptwatch.c - the real-stack watchpoint without a VM, and the parsers
 * of the monitor's and /proc's text.
 *
 * The parsers run on text copied from QEMU 7.2.22 (Debian 12) and from its
 * /proc/PID/maps. The watchpoint runs on a forked child that plays QEMU: its
 * main thread (tid == pid, as QEMU's main thread) writes back descriptors of
 * a ring in shared memory with known store sequences on the DD byte, and a
 * second thread plays the guest driver (consumes: clears DD and re-arms the
 * buffer address). The child reports each phase done only after its last
 * store, and a trapped store holds it until the tracer has counted it, so
 * the counts after a phase are exact. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "vm/guestram.h"
#include "vm/hmp.h"
#include "vm/ptwatch.h"
#include "vm/x86store.h"

/* ---- fixtures: QEMU 7.2.22's monitor and /proc text --------------------- */

static const char info_pci_pc_e1000[] =
    "  Bus  0, device   0, function 0:\n"
    "    Host bridge: PCI device 8086:1237\n"
    "      PCI subsystem 1af4:1100\n"
    "      id \"\"\n"
    "  Bus  0, device   1, function 0:\n"
    "    ISA bridge: PCI device 8086:7000\n"
    "      PCI subsystem 1af4:1100\n"
    "      id \"\"\n"
    "  Bus  0, device   1, function 1:\n"
    "    IDE controller: PCI device 8086:7010\n"
    "      PCI subsystem 1af4:1100\n"
    "      BAR4: I/O at 0xc040 [0xc04f].\n"
    "      id \"\"\n"
    "  Bus  0, device   1, function 3:\n"
    "    Bridge: PCI device 8086:7113\n"
    "      PCI subsystem 1af4:1100\n"
    "      IRQ 9, pin A\n"
    "      id \"\"\n"
    "  Bus  0, device   2, function 0:\n"
    "    Ethernet controller: PCI device 8086:100e\n"
    "      PCI subsystem 1af4:1100\n"
    "      IRQ 10, pin A\n"
    "      BAR0: 32 bit memory at 0xfebc0000 [0xfebdffff].\n"
    "      BAR1: I/O at 0xc000 [0xc03f].\n"
    "      BAR6: 32 bit memory at 0xffffffffffffffff [0x0003fffe].\n"
    "      id \"\"\n";

/* The same NIC before the firmware assigned its BARs. */
static const char info_pci_unassigned[] =
    "  Bus  0, device   2, function 0:\n"
    "    Ethernet controller: PCI device 8086:10d3\n"
    "      PCI subsystem 8086:0000\n"
    "      BAR0: 32 bit memory at 0xffffffffffffffff [0x0001fffe].\n"
    "      id \"\"\n";

/* The raw bytes of `xp /wx 0xfebc2800` as the socket delivers them. */
static const char xp_raw[] =
    "x\x1b[K\x1b[Dxp\x1b[K\x1b[D\x1b[Dxp \x1b[K\x1b[D\x1b[D\x1b[Dxp /wx 0xfebc2800\x1b[K\r\n"
    "00000000febc2800: 0x2136a000\r\n(qemu) ";

static const char xp_seven[] =
    "00000000febc2800: 0x2136a000 0x00000000 0x00001000 0x00000000\n"
    "00000000febc2810: 0x00000000 0x00000000 0x000000fe\n";

static const char maps_memfd[] =
    "55f5c402c000-55f5c43d5000 rw-p 00de3000 fe:00 10977408                   /usr/bin/qemu-system-x86_64\n"
    "55f5c43d5000-55f5c4408000 rw-p 00000000 00:00 0 \n"
    "55f5cb870000-55f5cc75a000 rw-p 00000000 00:00 0                          [heap]\n"
    "7f1d08000000-7f1d08ce9000 rw-p 00000000 00:00 0 \n"
    "7f1d0ffff000-7f1d4ffff000 rw-s 00000000 00:01 30                         /memfd:memory-backend-memfd (deleted)\n"
    "7f1d90000000-7f1d90021000 rw-p 00000000 00:00 0 \n";

static const char maps_anon[] =
    "7f1d0fffe000-7f1d0ffff000 ---p 00000000 00:00 0 \n"
    "7f1d0ffff000-7f1d4ffff000 rw-p 00000000 00:00 0 \n"
    "7f1d90000000-7f1d90021000 rw-p 00000000 00:00 0";

static const char maps_two_anon[] =
    "7f1d0ffff000-7f1d4ffff000 rw-p 00000000 00:00 0 \n"
    "7f2d0ffff000-7f2d4ffff000 rw-p 00000000 00:00 0 \n";

#define GIB (1ull << 30)

static void test_parsers(void)
{
    uint64_t bar0 = 0;
    uint16_t did = 0;
    is_i(vmhmp_parse_nic_bar0(info_pci_pc_e1000, &bar0, &did), 0, "info pci: the e1000 is found");
    is_u(bar0, 0xfebc0000u, "info pci: its BAR0");
    is_u(did, 0x100e, "info pci: its device id (e1000 = 8086:100e)");
    is_i(vmhmp_parse_nic_bar0(info_pci_unassigned, &bar0, &did), -3,
         "info pci: a BAR0 the firmware has not assigned is refused");
    is_i(vmhmp_parse_nic_bar0("  Bus  0, device   0, function 0:\n    Host bridge: PCI device"
                              " 8086:1237\n      id \"\"\n", &bar0, &did), -2,
         "info pci: no Intel NIC (an Intel host bridge is not one)");

    char out[128];
    is_i(vmhmp_parse_answer(xp_raw, sizeof(xp_raw) - 1, out, sizeof(out)), 0,
         "monitor answer: ends with the prompt");
    is_s(out, "00000000febc2800: 0x2136a000\n", "monitor answer: echo, escapes and \\r removed");

    uint32_t v[8] = {0};
    char out2[128];
    is_u(vmhmp_parse_xp(out, 0xfebc2800u, v, 1), 1, "xp: one word");
    is_u(v[0], 0x2136a000u, "xp: RDBAL's value");
    is_u(vmhmp_parse_xp(out, 0xfebc2804u, v, 1), 0, "xp: a line for another address is not it");
    is_u(vmhmp_parse_xp(xp_seven, 0xfebc2800u, v, 7), 7, "xp /7wx: seven words over two lines");
    is_u(v[2], 0x1000, "xp /7wx: RDLEN (third word)");
    is_u(v[6], 0xfe, "xp /7wx: RDT (seventh word, second line)");
    is_i(vmhmp_parse_answer(xp_raw, sizeof(xp_raw) - 3, out2, sizeof(out2)), -1,
         "monitor answer: no prompt yet is not an answer");

    uint64_t hva = 0;
    char err[160] = "";
    is_i(vmram_parse_maps(maps_memfd, GIB, &hva, err, sizeof(err)), 0,
         "maps: QEMU 7.2's memfd backend is found");
    is_u(hva, 0x7f1d0ffff000ull, "maps: its start");
    is_i(vmram_parse_maps(maps_anon, GIB, &hva, err, sizeof(err)), 0,
         "maps: without a memfd, the one anonymous rw mapping of the RAM size");
    is_u(hva, 0x7f1d0ffff000ull, "maps: its start (the guard page before it is not it)");
    is_i(vmram_parse_maps(maps_two_anon, GIB, &hva, err, sizeof(err)), -1,
         "maps: two anonymous mappings of the RAM size are refused");
    ok(strstr(err, "2 anonymous") != NULL, "maps: ... saying so (%s)", err);
    is_i(vmram_parse_maps(maps_memfd, 2 * GIB, &hva, err, sizeof(err)), -1,
         "maps: no mapping of the RAM size");

    is_i(vmram_gpa_to_hva(0x1000, GIB, 0x2136a000u, 4096, &hva), 0, "gpa: a ring in RAM");
    is_u(hva, 0x1000 + 0x2136a000ull, "gpa: offset into the mapping");
    is_i(vmram_gpa_to_hva(0x1000, GIB, GIB - 8, 16, &hva), -1, "gpa: past the end of RAM");
    is_i(vmram_gpa_to_hva(0x1000, 4 * GIB, 0x90000000u, 16, &hva), -1,
         "gpa: above 2 GiB of a 4 GiB guest (may be split around the PCI hole)");
}

/* ---- the monitor client against a fake QEMU monitor --------------------- */

/* Answers like QEMU 7.2: greeting, prompt; per line the echo (with the
 * escapes), "\r\n", the answer in "\r\n" lines, the prompt. Registers:
 * RDBAL 0x2136a000, RDBAH 0, RDLEN 0x1000, RDH 3, RDT 0xfe at BAR0
 * 0xfebc0000. Closes after `quit`. */
static void *fake_monitor(void *arg)
{
    int ls = *(int *)arg, fd = accept(ls, NULL, NULL);
    if (fd < 0)
        return NULL;
    static const char greet[] = "QEMU 7.2.22 monitor - type 'help' for more information\r\n(qemu) ";
    if (write(fd, greet, sizeof(greet) - 1) < 0)
        goto out;
    char line[256];
    size_t n = 0;
    char c;
    while (read(fd, &c, 1) == 1) {
        if (c != '\n') {
            if (n + 1 < sizeof(line))
                line[n++] = c;
            continue;
        }
        line[n] = '\0';
        n = 0;
        char out[4096];
        int len = snprintf(out, sizeof(out), "%c\x1b[K\x1b[D%s\x1b[K\r\n", line[0], line);
        unsigned long long a;
        if (strcmp(line, "quit") == 0)
            break;
        if (strcmp(line, "info pci") == 0) {
            for (const char *q = info_pci_pc_e1000; *q; q++) {
                if (*q == '\n')
                    out[len++] = '\r';
                out[len++] = *q;
            }
        } else if (sscanf(line, "xp /wx 0x%llx", &a) == 1) {
            unsigned v = a == 0xfebc2800u ? 0x2136a000u : a == 0xfebc2808u ? 0x1000u
                       : a == 0xfebc2810u ? 3u : a == 0xfebc2818u ? 0xfeu : 0u;
            len += snprintf(out + len, sizeof(out) - (size_t)len, "%016llx: 0x%08x\r\n", a, v);
        }
        len += snprintf(out + len, sizeof(out) - (size_t)len, "(qemu) ");
        if (write(fd, out, (size_t)len) != len)
            break;
    }
out:
    close(fd);
    return NULL;
}

static void test_monitor_client(void)
{
    char dir[] = "/tmp/unit_ptwatch.XXXXXX", path[64], err[160] = "";
    if (!mkdtemp(dir)) {
        ok(0, "mkdtemp");
        return;
    }
    snprintf(path, sizeof(path), "%s/hmp.sock", dir);
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    snprintf(a.sun_path, sizeof(a.sun_path), "%s", path);
    int ls = socket(AF_UNIX, SOCK_STREAM, 0);
    pthread_t t;
    if (ls < 0 || bind(ls, (struct sockaddr *)&a, sizeof(a)) != 0 || listen(ls, 1) != 0 ||
        pthread_create(&t, NULL, fake_monitor, &ls) != 0) {
        ok(0, "fake monitor: %s", strerror(errno));
        rmdir(dir);
        return;
    }
    struct vmhmp *h = vmhmp_open(path, err, sizeof(err));
    ok(h != NULL, "monitor: connected, greeting read (%s)", err);
    if (h) {
        uint64_t bar0 = 0;
        struct vmhmp_ring r = {0};
        is_i(vmhmp_nic_bar0(h, &bar0), 0, "monitor: info pci through the socket");
        is_u(bar0, 0xfebc0000u, "monitor: the NIC's BAR0");
        is_i(vmhmp_rx_ring(h, bar0, &r), 0, "monitor: the RX ring by five xp");
        ok(r.base == 0x2136a000u && r.len_bytes == 0x1000 && r.rdh == 3 && r.rdt == 0xfe,
           "monitor: RDBA 0x2136a000, RDLEN 4096, RDH 3, RDT 254 (%#llx %u %u %u)",
           (unsigned long long)r.base, r.len_bytes, r.rdh, r.rdt);
        char out[64];
        ok(vmhmp_cmd(h, "info\nquit", out, sizeof(out)) == -1 && errno == EINVAL,
           "monitor: a newline in a command is refused");
        ok(vmhmp_cmd(h, "quit", out, sizeof(out)) == -1 && errno == EPIPE,
           "monitor: QEMU closing the monitor is EPIPE, not a hang");
        ok(vmhmp_cmd(h, "info pci", out, sizeof(out)) == -1 && errno == ENOTCONN,
           "monitor: after a failed read, no command pairs with a late answer");
        vmhmp_close(h);
    }
    pthread_join(t, NULL);
    close(ls);
    unlink(path);
    rmdir(dir);
    ok(vmhmp_open(path, err, sizeof(err)) == NULL && strstr(err, "cannot connect") != NULL,
       "monitor: no socket is one sentence (%s)", err);
}

/* ---- the store decoder on glibc 2.36's memcpy (Debian 12, AVX-512) ------ */

struct store_case {
    const char *what;
    uint8_t code[15];
    size_t n;
    int store;
    uint64_t addr;
    unsigned len;
};

static void test_decoder(void)
{
    /* rdi = 0x1000 (destination), rdx = the copy's length minus the tail. */
    struct x86store_regs r = {{0}};
    r.gpr[7] = 0x1000;
    r.gpr[2] = 0;
    r.gpr[1] = 3;
    const struct store_case cases[] = {
        {"vmovdqu %xmm0,(%rdi)", {0xc5, 0xfa, 0x7f, 0x07}, 4, 1, 0x1000, 16},
        {"vmovdqu %xmm1,-0x10(%rdi,%rdx,1)", {0xc5, 0xfa, 0x7f, 0x4c, 0x17, 0xf0}, 6, 1,
         0x1000 - 16, 16},
        {"mov %cl,(%rdi)", {0x88, 0x0f}, 2, 1, 0x1000, 1},
        {"mov %ecx,(%rdi)", {0x89, 0x0f}, 2, 1, 0x1000, 4},
        {"mov %esi,(%rdi,%rdx,1)", {0x89, 0x34, 0x17}, 3, 1, 0x1000, 4},
        {"mov %si,0x2(%rdi,%rdx,1)", {0x66, 0x89, 0x74, 0x17, 0x02}, 5, 1, 0x1002, 2},
        {"mov %rcx,-0x8(%rdi,%rdx,1)", {0x48, 0x89, 0x4c, 0x17, 0xf8}, 5, 1, 0x1000 - 8, 8},
        {"vmovdqu64 %zmm16,(%rdi)", {0x62, 0xe1, 0xfe, 0x48, 0x7f, 0x07}, 6, 1, 0x1000, 64},
        {"vmovdqu64 %zmm17,-0x40(%rdi,%rdx,1) (disp8 x 64)",
         {0x62, 0xe1, 0xfe, 0x48, 0x7f, 0x4c, 0x17, 0xff}, 8, 1, 0x1000 - 64, 64},
        {"movb $0x6,(%rdi)", {0xc6, 0x07, 0x06}, 3, 1, 0x1000, 1},
        {"movups %xmm0,0x10(%rdi)", {0x0f, 0x11, 0x47, 0x10}, 4, 1, 0x1010, 16},
        {"rep movsb (one element a step)", {0xf3, 0xa4}, 2, 1, 0x1000, 1},
        {"vmovdqu (%rsi),%xmm0 is a load", {0xc5, 0xfa, 0x6f, 0x06}, 4, 0, 0, 0},
        {"mov (%rsi),%ecx is a load", {0x8b, 0x0e}, 2, 0, 0, 0},
        {"mov %ecx,%edi writes no memory", {0x89, 0xcf}, 2, 0, 0, 0},
        {"mov %eax,%fs:(%rdi) is not a descriptor", {0x64, 0x89, 0x07}, 3, 0, 0, 0},
        {"a cut instruction", {0x89, 0x34}, 2, 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct store_case *c = &cases[i];
        uint64_t a = 0;
        unsigned l = 0;
        int got = x86store_range(c->code, c->n, &r, &a, &l);
        ok(got == c->store && (!got || (a == c->addr && l == c->len)),
           "decoder: %s (got %d: %#llx+%u)", c->what, got, (unsigned long long)a, l);
    }
}

/* ---- the watchpoint on a child that plays QEMU and the guest ------------ */

#define NDESC 8
#define DD 0x01
#define EOP 0x02
#define IXSM 0x04

struct shm {
    uint8_t ring[NDESC][16] __attribute__((aligned(64)));
    volatile int phase;   /* parent -> child: the phase to run; -1: exit */
    volatile int done;    /* child -> parent: the last phase done */
    volatile int consume; /* the driver takes descriptors with DD set */
    volatile unsigned consumed;
    int sock[2]; /* the parent sends a datagram before each write-back */
};

static struct shm *shm;

static void pause_ms(unsigned ms)
{
    struct timespec t = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

/* The guest driver: takes descriptors in ring order, after a short delay
 * (so the tracer sees DD set first), clears DD and re-arms the address. */
static void *driver(void *arg)
{
    (void)arg;
    unsigned next = 0;
    while (shm->phase >= 0) {
        volatile uint8_t *d = shm->ring[next];
        if (!shm->consume || !(d[12] & DD)) {
            pause_ms(1);
            continue;
        }
        pause_ms(2);
        for (int i = 0; i < 8; i++)
            d[i] = (uint8_t)(d[i] + 1); /* a new buffer address */
        d[12] = 0;
        __atomic_fetch_add(&shm->consumed, 1, __ATOMIC_SEQ_CST);
        next = (next + 1) % NDESC;
    }
    return NULL;
}

/* The device's stores on the DD byte, per phase. */
#define S1 (EOP | IXSM) /* what QEMU 7.2's e1000 stores first: DD clear */
static const uint8_t phase_stores[5][4] = {
    [1] = {S1, S1 | DD},     /* consumed: QEMU 7.2's e1000 shape */
    [2] = {S1, S1 | DD},     /* nobody consumes: every hold unused */
    [3] = {S1, S1},          /* DD never set: no hold; the same value twice */
    [4] = {S1, S1, S1 | DD}, /* three stores */
};
static const unsigned phase_nstores[5] = {0, 2, 2, 2, 3};

static int device_main(void)
{
    pthread_t t;
    if (pthread_create(&t, NULL, driver, NULL) != 0)
        return 3;
    for (int ph = 1;; ph++) {
        while (shm->phase < ph && shm->phase >= 0)
            pause_ms(1);
        if (shm->phase < 0)
            break;
        for (unsigned i = 0; i < NDESC; i++) {
            volatile uint8_t *st = &shm->ring[i][12];
            while (*st & DD) /* wait until the driver re-armed it */
                pause_ms(1);
            char frame[64]; /* as QEMU's -netdev socket reads a frame */
            if (recv(shm->sock[1], frame, sizeof(frame), 0) <= 0)
                return 4;
            for (unsigned k = 0; k < phase_nstores[ph]; k++)
                *st = phase_stores[ph][k];
        }
        shm->done = ph;
    }
    pthread_join(t, NULL);
    /* After the watch: stores on every DD byte again. With a register left
     * armed this would raise SIGTRAP with no tracer and kill us. */
    for (unsigned i = 0; i < NDESC; i++)
        shm->ring[i][12] = DD;
    return 0;
}

static int wait_done(int ph)
{
    for (int i = 0; i < 60000 && shm->done < ph; i++)
        pause_ms(1);
    return shm->done >= ph;
}

/* Read the child's debug registers ourselves, after the watch has left. */
static int outside_debugregs(pid_t pid, unsigned long *or_all)
{
#if !defined(__x86_64__)
    (void)pid;
    *or_all = 0;
    return 0; /* no debug registers to read: the watch refuses there */
#else
    if (ptrace(PTRACE_SEIZE, pid, NULL, NULL) != 0)
        return -1;
    int st;
    if (ptrace(PTRACE_INTERRUPT, pid, NULL, NULL) != 0 || waitpid(pid, &st, __WALL) != pid)
        return -1;
    *or_all = 0;
    int bad = 0;
    for (int r = 0; r < 8; r++) {
        if (r == 4 || r == 5 || r == 6)
            continue;
        errno = 0;
        long v = ptrace(PTRACE_PEEKUSER, pid, (void *)(offsetof(struct user, u_debugreg) +
                                                        (size_t)r * sizeof(long)), NULL);
        if (errno)
            bad = 1;
        *or_all |= (unsigned long)v;
    }
    ptrace(PTRACE_DETACH, pid, NULL, NULL);
    return bad ? -1 : 0;
#endif
}

static const char *mode_name[] = {"debug registers", "single steps"};

static struct vmwatch_cfg cfg_for(enum vmwatch_mode mode, pid_t pid, uint64_t hold_ns)
{
    struct vmwatch_cfg c = {
        .mode = mode, .pid = pid, .tid = pid, .ring_hva = (uint64_t)(uintptr_t)shm->ring,
        .ndesc = NDESC, .desc_size = 16, .dd_offset = 12, .start_idx = 0, .hold_ns = hold_ns,
    };
    return c;
}

static pid_t spawn(void)
{
    memset(shm, 0, sizeof(*shm));
    if (socketpair(AF_UNIX, SOCK_DGRAM, 0, shm->sock) != 0)
        return -1;
    pid_t pid = fork();
    if (pid == 0)
        _exit(device_main());
    close(shm->sock[1]);
    return pid;
}

/* Let phase ph run: 8 frames, one per write-back. */
static void send_frames(void)
{
    for (int i = 0; i < NDESC; i++)
        if (send(shm->sock[0], "frame", 5, 0) != 5)
            diag("send: %s", strerror(errno));
}

static void reap(pid_t pid)
{
    close(shm->sock[0]);
    waitpid(pid, NULL, 0);
}

static void test_refusals(void)
{
    pid_t pid = spawn();
    if (pid < 0) {
        ok(0, "fork");
        return;
    }
    char err[160] = "";
    /* An outer tracer: we seize the child first; the watch must refuse. */
    if (ptrace(PTRACE_SEIZE, pid, NULL, NULL) == 0) {
        struct vmwatch_cfg c = cfg_for(VMWATCH_STEP, pid, 0);
        struct vmwatch *w = vmwatch_start(&c, err, sizeof(err));
        ok(w == NULL && strstr(err, "already traced by process") != NULL,
           "refused when another tracer holds the thread (%s)", err);
        vmwatch_stop(w, NULL);
        int st; /* a seized thread is detached only when stopped */
        if (ptrace(PTRACE_INTERRUPT, pid, NULL, NULL) == 0 && waitpid(pid, &st, __WALL) == pid)
            ptrace(PTRACE_DETACH, pid, NULL, NULL);
    } else {
        ok(1, "# SKIP cannot trace a child here: %s", strerror(errno));
    }
    struct vmwatch_cfg bad = cfg_for(VMWATCH_STEP, pid, 0);
    bad.tid = pid + 100000;
    ok(vmwatch_start(&bad, err, sizeof(err)) == NULL && strstr(err, "no thread") != NULL,
       "refused: a thread that is not QEMU's (%s)", err);
    bad = cfg_for(VMWATCH_STEP, pid, 0);
    bad.dd_offset = 16;
    ok(vmwatch_start(&bad, err, sizeof(err)) == NULL && strstr(err, "bad configuration"),
       "refused: DD outside the descriptor (%s)", err);
    shm->phase = -1;
    reap(pid);
}

/* A child and a watch on it; NULL (with a SKIP line, the child reaped)
 * when the watch is refused here. */
static struct vmwatch *spawn_watched(enum vmwatch_mode mode, uint64_t hold_ns, pid_t *pid)
{
    char err[160] = "";
    *pid = spawn();
    if (*pid < 0) {
        ok(0, "fork");
        return NULL;
    }
    struct vmwatch_cfg c = cfg_for(mode, *pid, hold_ns);
    struct vmwatch *w = vmwatch_start(&c, err, sizeof(err));
    if (!w) {
        ok(1, "# SKIP %s: refused here: %s", mode_name[mode], err);
        shm->phase = -1;
        reap(*pid);
    }
    return w;
}

static void test_watch(enum vmwatch_mode mode)
{
    const char *m = mode_name[mode];
    pid_t pid;
    struct vmwatch *w = spawn_watched(mode, 50000000, &pid); /* 50 ms holds */
    if (!w)
        return;
    struct vmwatch_stats s[5];
    vmwatch_stats(w, &s[0]);
    if (mode == VMWATCH_DEBUGREG)
        is_u(s[0].watched, 4, "%s: four registers armed", m);
    for (int ph = 1; ph <= 4; ph++) {
        if (ph == 3) { /* the driver re-arms phase 2's descriptors first */
            unsigned before = shm->consumed;
            shm->consume = 1;
            for (int i = 0; i < 60000 && shm->consumed - before < NDESC; i++)
                pause_ms(1);
        } else {
            shm->consume = ph != 2;
        }
        shm->phase = ph;
        send_frames();
        ok(wait_done(ph), "%s: phase %d: the child wrote its 8 write-backs", m, ph);
        vmwatch_stats(w, &s[ph]);
    }
    uint64_t d[5][3]; /* traps, holds, used per phase */
    for (int ph = 1; ph <= 4; ph++) {
        d[ph][0] = s[ph].traps - s[ph - 1].traps;
        d[ph][1] = s[ph].holds - s[ph - 1].holds;
        d[ph][2] = s[ph].holds_used - s[ph - 1].holds_used;
    }
    is_u(d[1][0], 16, "%s: phase 1: every store on a DD byte seen (2 x 8)", m);
    ok(d[1][1] <= 8, "%s: phase 1: at most one hold per write-back (%llu)", m,
       (unsigned long long)d[1][1]);
    ok(d[1][2] >= 1, "%s: phase 1: the driver used holds (%llu of %llu)", m,
       (unsigned long long)d[1][2], (unsigned long long)d[1][1]);
    is_u(d[2][0], 16, "%s: phase 2: 16 stores", m);
    is_u(d[2][1], 8, "%s: phase 2: a hold after each store that left DD set, none after the"
         " others", m);
    is_u(d[2][2], 0, "%s: phase 2: holds nobody touched are unused", m);
    is_u(s[2].holds_unused - s[1].holds_unused, 8, "%s: phase 2: ... counted unused", m);
    is_u(d[3][0], 16, "%s: phase 3: 16 stores (the same value twice: both seen)", m);
    is_u(d[3][1], 0, "%s: phase 3: no hold when no store leaves DD set", m);
    is_u(d[4][0], 24, "%s: phase 4: 24 stores (3 x 8)", m);
    if (mode == VMWATCH_DEBUGREG)
        ok(s[4].reaims >= 3 * NDESC, "%s: the registers moved ahead with the device (%llu)", m,
           (unsigned long long)s[4].reaims);

    struct vmwatch_stats f;
    vmwatch_stop(w, &f);
    is_u(f.traps, 72, "%s: 72 stores in all", m);
    is_u(f.writebacks, 32, "%s: 32 write-backs", m);
    is_u(f.stores_per_wb[2], 24, "%s: stores per write-back: 24 of two stores", m);
    is_u(f.stores_per_wb[3], 8, "%s: stores per write-back: 8 of three stores", m);
    is_u(f.stores_per_wb[1] + f.stores_per_wb[4] + f.stores_per_wb[7], 0,
         "%s: stores per write-back: no other count", m);
    is_u(f.holds, f.holds_used + f.holds_unused, "%s: every hold is used or unused", m);
    is_u(f.dr_left, 0, "%s: stop: the debug registers read back empty before detaching", m);
    if (mode == VMWATCH_STEP) {
        is_u(f.frames, 4 * NDESC, "%s: a stepped frame per datagram read", m);
        is_u(f.undecoded + f.unexplained, 0, "%s: every store decoded", m);
    }
    is_i(f.qemu_gone, 0, "%s: stop: the thread was alive", m);
    is_s(f.refused, "", "%s: stop: nothing refused", m);

    unsigned long left = 1;
    int rc = outside_debugregs(pid, &left);
    ok(rc == 0 && left == 0, "%s: after stop, another tracer finds DR0-3 and DR7 empty (%#lx)",
       m, left);
    shm->phase = -1;
    close(shm->sock[0]);
    int st = 0;
    ok(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
       "%s: the child runs on after stop: stores on the DD bytes, exit 0 (status %#x)", m, st);
}

/* Stop during a hold; and a traced thread that dies. */
static void test_stop_paths(enum vmwatch_mode mode)
{
    const char *m = mode_name[mode];
    char err[160] = "";
    pid_t pid;
    struct vmwatch *w = spawn_watched(mode, VMWATCH_HOLD_MAX_NS, &pid); /* 1 s holds */
    if (!w)
        return;
    shm->consume = 0;
    shm->phase = 1;
    send_frames();
    struct vmwatch_stats s;
    int i;
    for (i = 0; i < 60000; i++) {
        vmwatch_stats(w, &s);
        if (s.traps >= 2)
            break; /* the second store left DD set: a 1 s hold is on */
        pause_ms(1);
    }
    ok(i < 60000, "%s: a store that leaves DD set seen", m);
    struct vmwatch_stats f;
    vmwatch_stop(w, &f); /* interrupts the hold */
    is_u(f.holds, 1, "%s: stop during a hold: the hold is counted", m);
    is_u(f.dr_left, 0, "%s: stop during a hold: no debug register left", m);
    shm->phase = -1;
    close(shm->sock[0]);
    int st = 0;
    ok(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
       "%s: the child runs on after a stop during a hold (status %#x)", m, st);

    pid = spawn();
    struct vmwatch_cfg c = cfg_for(mode, pid, 0);
    w = vmwatch_start(&c, err, sizeof(err));
    ok(w != NULL, "%s: watching a second child (%s)", m, w ? "" : err);
    kill(pid, SIGKILL);
    pause_ms(50);
    vmwatch_stop(w, &f);
    is_i(f.qemu_gone, 1, "%s: a thread that dies while watched: stop says so", m);
    ok(strstr(f.refused, "ended while watched") != NULL, "%s: ... in words (%s)", m, f.refused);
    reap(pid); /* reaped already, or now */
}

int main(void)
{
    test_parsers();
    test_decoder();
    test_monitor_client();
    const char *why = vmwatch_unsupported();
    const char *pre = getenv("LD_PRELOAD");
    if (!why && pre && strstr(pre, "vgpreload"))
        why = "under valgrind the child runs translated code: the watch would step valgrind,"
              " not the child's stores (as unit_probe)";
    if (why) {
        ok(1, "# SKIP %s", why);
        return tap_done();
    }
    shm = mmap(NULL, sizeof(*shm), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (shm == MAP_FAILED) {
        ok(0, "mmap");
        return tap_done();
    }
    test_refusals();
    for (int mode = VMWATCH_DEBUGREG; mode <= VMWATCH_STEP; mode++) {
        test_watch(mode);
        test_stop_paths(mode);
    }
    return tap_done();
}
