// SPDX-License-Identifier: GPL-2.0-or-later
/* unit_bpwatch.c - the int3 widening (src/vm/bpwatch.c) on a child that
 * plays QEMU and its guest, with the REAL C library memcpy (the model's
 * dma_copies[DMA_COPY_LIBC], built -fno-builtin: a real call).
 *
 * The child's main thread is the "device": it waits until a ring slot is
 * re-armed, then copies a descriptor into it (mode 0: 16 bytes with DD at
 * byte 12, an unfixed e1000; mode 1: 16 bytes with DD clear, then the 4-byte
 * status_error at byte 8 with DD, QEMU's e1000e fix), and the same 16 bytes
 * to a log outside the ring. A "driver" thread polls DD in ring order,
 * checks the sequence number in bytes 0-7 and re-arms (bytes 0-7 zero, DD
 * cleared). A "bystander" thread copies DD-set descriptors into a decoy
 * ring that no driver reads. When the device finds a slot it is about to
 * fill still done, with a sequence number the driver has already consumed,
 * a re-arm was lost: the second store of a copy brought DD back.
 *
 * The parent probes where the copy's second stores are, attaches bpwatch
 * and checks: holds on the device thread for the ring only; the driver uses
 * them and the second store undoes its re-arm (the bug, on the real
 * routine); another thread or another range gives holds only when asked;
 * after vmbp_stop no 0xCC is left in the child's text, no thread is
 * traced, and the child runs on and exits normally. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "model/dma.h"
#include "probe/probe.h"
#include "vm/bpwatch.h"
#include "tap.h"

#define NDESC 8
#define PHASE_WRITES 24     /* ring write-backs per phase */
#define PHASE_WRITES_MAX 2000
#define PHASE_GUARD_S 120   /* a phase that makes no progress for this long fails */

struct shared {
    _Alignas(64) uint8_t ring[NDESC][16];
    _Alignas(64) uint8_t decoy[NDESC][16];
    _Alignas(64) uint8_t log[16];
    int mode;
    int go, finish;
    pid_t device_tid, driver_tid, bystander_tid;
    uint64_t written, consumed, lost, dup, bystander_copies, after;
    int ready;
};

static struct shared *S;

static void copy(void *dst, const void *src, size_t len)
{
    dma_copies[DMA_COPY_LIBC].copy(dst, src, len, 0);
}

static uint64_t ld(const uint64_t *p)
{
    return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static bool dd_set(const uint8_t *d)
{
    unsigned off = S->mode == 0 ? 12 : 8;
    return (__atomic_load_n(&d[off], __ATOMIC_ACQUIRE) & 1) != 0;
}

/* The descriptor the device writes for seq: bytes 0-7 seq, the length,
 * and (mode 0) DD|EOP in the status byte; (mode 1) status_error 0 here,
 * DD|EOP written after in 4 bytes. */
static void device_write(uint8_t *slot, uint64_t seq)
{
    uint8_t d[16] = {0};
    memcpy(d, &seq, 8);
    if (S->mode == 0) {
        d[8] = 64;
        d[12] = 0x03;
    } else {
        d[12] = 64;
    }
    copy(slot, d, 16);
    copy(S->log, d, 16);
    if (S->mode == 1) {
        uint32_t se = 0x03;
        copy(slot + 8, &se, 4);
    }
}

static void *driver(void *arg)
{
    (void)arg;
    __atomic_store_n(&S->driver_tid, (pid_t)syscall(SYS_gettid), __ATOMIC_RELEASE);
    uint64_t expect = 1;
    for (unsigned i = 0; !__atomic_load_n(&S->finish, __ATOMIC_ACQUIRE); i = (i + 1) % NDESC) {
        uint8_t *d = S->ring[i];
        while (!dd_set(d))
            if (__atomic_load_n(&S->finish, __ATOMIC_ACQUIRE))
                return NULL;
            else
                sched_yield();
        uint64_t seq;
        memcpy(&seq, (const void *)d, 8);
        /* A sequence number already consumed: the slot was re-armed and its
         * done state came back (double consumption). */
        if (seq < expect)
            __atomic_add_fetch(&S->dup, 1, __ATOMIC_RELAXED);
        expect = seq >= expect ? seq + 1 : expect;
        /* Re-arm: a new buffer address, then the status cleared. */
        __atomic_store_n((uint64_t *)(void *)d, 0, __ATOMIC_RELEASE);
        if (S->mode == 0)
            __atomic_store_n(&d[12], 0, __ATOMIC_RELEASE);
        else
            __atomic_store_n((uint32_t *)(void *)(d + 8), 0, __ATOMIC_RELEASE);
        if (seq > ld(&S->consumed))
            __atomic_store_n(&S->consumed, seq, __ATOMIC_RELEASE);
    }
    return NULL;
}

static void *bystander(void *arg)
{
    (void)arg;
    __atomic_store_n(&S->bystander_tid, (pid_t)syscall(SYS_gettid), __ATOMIC_RELEASE);
    struct timespec pause = {0, 200000};
    for (unsigned k = 0; !__atomic_load_n(&S->finish, __ATOMIC_ACQUIRE); k++) {
        uint8_t d[16] = {0};
        uint32_t se = 0x03;
        d[12] = 0x03;
        copy(S->decoy[k % NDESC], d, 16);
        copy(S->decoy[k % NDESC] + 8, &se, 4);
        __atomic_add_fetch(&S->bystander_copies, 1, __ATOMIC_RELAXED);
        nanosleep(&pause, NULL);
    }
    return NULL;
}

/* The child: the device in its main thread (as QEMU's main loop). */
static __attribute__((noreturn)) void child_main(void)
{
    pthread_t drv, by;
    __atomic_store_n(&S->device_tid, (pid_t)syscall(SYS_gettid), __ATOMIC_RELEASE);
    if (pthread_create(&drv, NULL, driver, NULL) != 0 ||
        pthread_create(&by, NULL, bystander, NULL) != 0)
        _exit(3);
    while (!__atomic_load_n(&S->driver_tid, __ATOMIC_ACQUIRE) ||
           !__atomic_load_n(&S->bystander_tid, __ATOMIC_ACQUIRE))
        sched_yield();
    __atomic_store_n(&S->ready, 1, __ATOMIC_RELEASE);
    uint64_t seq = 1;
    for (unsigned i = 0; !__atomic_load_n(&S->finish, __ATOMIC_ACQUIRE); i = (i + 1) % NDESC) {
        uint8_t *d = S->ring[i];
        /* Wait for the re-arm; a slot still done with a consumed sequence
         * number was re-armed and then undone: a lost re-arm. */
        while (dd_set(d)) {
            uint64_t was;
            memcpy(&was, (const void *)d, 8);
            if (dd_set(d) && was <= ld(&S->consumed)) {
                __atomic_add_fetch(&S->lost, 1, __ATOMIC_RELAXED);
                break;
            }
            if (__atomic_load_n(&S->finish, __ATOMIC_ACQUIRE))
                break;
            sched_yield();
        }
        device_write(d, seq++);
        __atomic_add_fetch(&S->written, 1, __ATOMIC_RELEASE);
    }
    pthread_join(drv, NULL);
    pthread_join(by, NULL);
    /* After the watch: the same copies run on through the old places. */
    for (int k = 0; k < 1000; k++) {
        uint8_t d[16] = {1, 2, 3}, out[16];
        copy(out, d, 16);
        copy(out + 8, d, 4);
        S->after++;
    }
    _exit(S->after == 1000 ? 0 : 4);
}

static pid_t start_child(int mode)
{
    memset(S, 0, sizeof(*S));
    S->mode = mode;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL); /* never outlive the test */
        child_main();
    }
    while (pid > 0 && !__atomic_load_n(&S->ready, __ATOMIC_ACQUIRE))
        usleep(1000);
    return pid;
}

static void finish_child(pid_t pid, const char *what)
{
    __atomic_store_n(&S->finish, 1, __ATOMIC_RELEASE);
    int status;
    waitpid(pid, &status, 0);
    ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
       "%s: the child ran on after the watch and exited normally (status 0x%x, %llu copies after)",
       what, status, (unsigned long long)S->after);
}

/* Run one watch until the device made PHASE_WRITES more write-backs. */
/* What a phase waits for (besides PHASE_WRITES write-backs). A thread
 * being stepped over has the original byte back, and on a loaded host that
 * window can let the others pass many times: so a phase runs on until it saw
 * what its checks need, up to PHASE_WRITES_MAX write-backs. */
static bool seen_undone(const struct vmbp_stats *st)
{
    return st->undone > 0 && st->holds_used > 0 && st->hits_device > st->hits_ring;
}

static bool seen_status_undone(const struct vmbp_stats *st)
{
    return st->undone > 0 && st->hits_write[VMBP_DESC16] > 0;
}

static bool seen_hold(const struct vmbp_stats *st)
{
    return st->holds > 0;
}

static bool seen_device(const struct vmbp_stats *st)
{
    return st->hits_device > 0;
}

static bool seen_other(const struct vmbp_stats *st)
{
    return st->hits > st->hits_device;
}

static int watch(const struct vmbp_cfg *cfg, struct vmbp_stats *st, const uintptr_t *places,
                 unsigned nplaces, pid_t pid, bool (*enough)(const struct vmbp_stats *),
                 char *err, size_t errlen)
{
    struct vmbp *w = vmbp_start(cfg, err, errlen);
    if (w == NULL)
        return -1;
    /* The breakpoints are in: the child's text says so. */
    char path[64];
    snprintf(path, sizeof(path), "/proc/%d/mem", (int)pid);
    int mem = open(path, O_RDONLY);
    unsigned in = 0;
    for (unsigned i = 0; i < nplaces; i++) {
        uint8_t b = 0;
        unsigned seen = 0;
        for (int k = 0; k < 1000; k++)
            if (mem >= 0 && pread(mem, &b, 1, (off_t)places[i]) == 1 && b == 0xCC)
                seen++;
        diag("place %u: 0xCC seen %u of 1000 reads (last byte 0x%02x)", i, seen, b);
        if (seen > 0)
            in++;
    }
    uint64_t start = ld(&S->written), last = start;
    time_t progress = time(NULL);
    for (;;) {
        uint64_t n = ld(&S->written) - start;
        vmbp_stats(w, st);
        if (n >= PHASE_WRITES_MAX || (n >= PHASE_WRITES && (enough == NULL || enough(st))))
            break;
        usleep(2000);
        if (ld(&S->written) != last) {
            last = ld(&S->written);
            progress = time(NULL);
        } else if (time(NULL) - progress > PHASE_GUARD_S) {
            break;
        }
    }
    vmbp_stop(w, st);
    /* A thread being stepped over has the original byte back: a device
     * thread that traps all the time can keep it out of every read. */
    ok(in == nplaces || st->hits > 0,
       "while watching: the breakpoint was in (0xCC read at %u of %u places, %llu hits)", in,
       nplaces, (unsigned long long)st->hits);
    unsigned left = 0;
    for (unsigned i = 0; i < nplaces; i++) {
        uint8_t b = 0;
        if (mem < 0 || pread(mem, &b, 1, (off_t)places[i]) != 1 || b != *(const uint8_t *)places[i])
            left++;
    }
    if (mem >= 0)
        close(mem);
    ok(left == 0, "after vmbp_stop: the child's text at the places is the C library's again");
    /* No thread of the child is traced any more. */
    unsigned traced = 0;
    const pid_t tids[] = {S->device_tid, S->driver_tid, S->bystander_tid};
    for (unsigned k = 0; k < sizeof(tids) / sizeof(tids[0]); k++) {
        pid_t t = tids[k];
        char sp[96], line[256];
        snprintf(sp, sizeof(sp), "/proc/%d/task/%d/status", (int)pid, (int)t);
        FILE *f = fopen(sp, "r");
        while (f != NULL && fgets(line, sizeof(line), f) != NULL)
            if (strncmp(line, "TracerPid:", 10) == 0 && atoi(line + 10) != 0)
                traced++;
        if (f != NULL)
            fclose(f);
    }
    ok(traced == 0, "after vmbp_stop: no thread of the child is traced");
    ok(ld(&S->written) - start >= PHASE_WRITES,
       "the device made %d write-backs while watched (%llu)",
       PHASE_WRITES, (unsigned long long)(ld(&S->written) - start));
    diag("hits %llu (device %llu, ring %llu: 16-byte %llu, 4-byte %llu), not done %llu"
         " (undone %llu), holds %llu (used %llu, unused %llu), undone %llu, threads %llu,"
         " missed steps %llu; child: lost re-arms %llu, double consumptions %llu",
         (unsigned long long)st->hits, (unsigned long long)st->hits_device,
         (unsigned long long)st->hits_ring, (unsigned long long)st->hits_write[VMBP_DESC16],
         (unsigned long long)st->hits_write[VMBP_STATUS4], (unsigned long long)st->not_ready,
         (unsigned long long)st->undone_unheld, (unsigned long long)st->holds,
         (unsigned long long)st->holds_used, (unsigned long long)st->holds_unused,
         (unsigned long long)st->undone, (unsigned long long)st->threads,
         (unsigned long long)st->missed_steps, (unsigned long long)ld(&S->lost),
         (unsigned long long)ld(&S->dup));
    return 0;
}

static void test_cfg_refusals(void)
{
    char err[320];
    struct vmbp_cfg c = {.pid = getpid(), .ring_hva = 4096, .ndesc = 8, .desc_size = 16,
                         .dd_offset = 12, .hold_ns = 1000, .writes = 1u << VMBP_DESC16,
                         .at = {0x1000, 0}};
    struct vmbp_cfg bad = c;
    bad.writes = 0;
    ok(vmbp_start(&bad, err, sizeof(err)) == NULL && strstr(err, "no write") != NULL,
       "refused: no write (%s)", err);
    bad = c;
    bad.writes |= 1u << VMBP_STATUS4;
    ok(vmbp_start(&bad, err, sizeof(err)) == NULL && strstr(err, "store_at") != NULL,
       "refused: a write without its place (%s)", err);
    bad = c;
    bad.dd_offset = 16;
    ok(vmbp_start(&bad, err, sizeof(err)) == NULL && strstr(err, "DD") != NULL,
       "refused: DD outside the descriptor (%s)", err);
    bad = c;
    bad.hold_ns = 2000000000ull;
    ok(vmbp_start(&bad, err, sizeof(err)) == NULL && strstr(err, "1 s") != NULL,
       "refused: a hold over 1 s (%s)", err);
    bad = c;
    bad.libc = "no-such-library.so";
    ok(vmbp_start(&bad, err, sizeof(err)) == NULL && strstr(err, "no-such-library.so") != NULL,
       "refused: a library QEMU does not map (%s)", err);
    vmbp_stop(NULL, NULL);
    ok(1, "vmbp_stop(NULL) is harmless");
}

int main(void)
{
    char err[320];
    const char *why = vmbp_unsupported();
    if (why != NULL) {
        ok(1, "breakpoint widening # SKIP %s", why);
        return tap_done();
    }
    uint64_t at[VMBP_WRITES];
    if (vmbp_places_here(at, err, sizeof(err)) != 0) {
        ok(1, "breakpoint widening # SKIP %s", err);
        return tap_done();
    }
    struct probe_result r16, r4;
    if (probe_trace_full(DMA_COPY_LIBC, 16, 0, &r16, &why) != 0 ||
        probe_trace_full(DMA_COPY_LIBC, 4, 8, &r4, &why) != 0) {
        ok(1, "breakpoint widening # SKIP cannot trace: %s", why);
        return tap_done();
    }
    /* bpwatch places its int3 in the libc.so.6 a QEMU maps; a static build
     * (musl) has its copy routine in its own executable. */
    char entry_at[160];
    uint64_t entry_vaddr;
    if (probe_code_at(r16.entry, entry_at, sizeof(entry_at), &entry_vaddr) != 0 ||
        strncmp(entry_at, "libc.so.6+", 10) != 0) {
        ok(1, "breakpoint widening # SKIP the copy routine is not in a shared libc.so.6 here"
           " (%s): a static build", entry_at);
        return tap_done();
    }
    diag("second stores: 16-byte write at libc+0x%llx, 4-byte write at libc+0x%llx",
         (unsigned long long)at[VMBP_DESC16], (unsigned long long)at[VMBP_STATUS4]);
    test_cfg_refusals();

    S = mmap(NULL, sizeof(*S), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (S == MAP_FAILED) {
        ok(0, "shared memory for the child: %s", strerror(errno));
        return tap_done();
    }

    /* Mode 0: the unfixed e1000's 16-byte write-back. */
    if (at[VMBP_DESC16] == 0) {
        ok(1, "16-byte write # SKIP %s", err);
    } else {
        pid_t pid = start_child(0);
        uintptr_t place16[] = {r16.store_ip[1]};
        struct vmbp_cfg c = {.pid = pid, .tid = S->device_tid, .ring_hva = (uintptr_t)S->ring,
                             .ndesc = NDESC, .desc_size = 16, .dd_offset = 12,
                             .hold_ns = 2000000, .writes = 1u << VMBP_DESC16,
                             .at = {at[VMBP_DESC16], 0}};
        struct vmbp_stats st;
        if (watch(&c, &st, place16, 1, pid, seen_undone, err, sizeof(err)) != 0) {
            /* Refused ptrace (Yama, an outer tracer) is a skip; anything else fails. */
            bool refused = strstr(err, "not permitted") != NULL;
            ok(refused, "breakpoint widening%s%s", refused ? " # SKIP " : ": ", err);
            kill(pid, SIGKILL);
            waitpid(pid, NULL, 0);
            return tap_done();
        }
        ok(st.threads == 3, "the watch traced the child's 3 threads (%llu)",
           (unsigned long long)st.threads);
        /* The trap itself stops the device thread for a ptrace round trip;
         * on a busy host the driver often consumes the descriptor within it,
         * before the watcher reads it: then there is no hold, and the second
         * store undoes the re-arm all the same ("undone before the read").
         * Which of the two happens is the host's timing: what always holds
         * is that the window was opened one way or the other. */
        ok(st.holds + st.undone_unheld > 0, "the device thread was stopped after the first store"
           " with DD out (holds %llu, undone before the read %llu)",
           (unsigned long long)st.holds, (unsigned long long)st.undone_unheld);
        ok(st.holds <= st.hits_ring && st.hits_ring < st.hits_device && st.hits_device <= st.hits,
           "holds only for ring destinations of the device thread (holds %llu <= ring %llu <"
           " device %llu <= all %llu)", (unsigned long long)st.holds,
           (unsigned long long)st.hits_ring, (unsigned long long)st.hits_device,
           (unsigned long long)st.hits);
        ok(st.holds_used + st.holds_unused == st.holds, "every hold is used or unused");
        ok(st.undone <= st.holds_used, "a hold's re-arm is undone only when the driver used it"
           " (undone %llu, used %llu)", (unsigned long long)st.undone,
           (unsigned long long)st.holds_used);
        ok(st.undone + st.undone_unheld > 0, "the copy's second store brought DD back after the"
           " driver's re-arm (%llu times in holds, %llu before the read): the bug, on the real %s",
           (unsigned long long)st.undone, (unsigned long long)st.undone_unheld,
           "C library memcpy");
        ok(ld(&S->lost) + ld(&S->dup) > 0,
           "the child saw it: %llu re-arms lost (a slot done again after consumption), %llu"
           " double consumptions", (unsigned long long)ld(&S->lost),
           (unsigned long long)ld(&S->dup));
        ok(st.missed_steps == 0 && st.refused[0] == '\0', "no step-over failed (%s)",
           st.refused[0] ? st.refused : "none");

        /* The bystander's copies into the decoy, when it is the thread asked for. */
        struct vmbp_cfg b = c;
        b.tid = S->bystander_tid;
        b.ring_hva = (uintptr_t)S->decoy;
        if (watch(&b, &st, place16, 1, pid, seen_device, err, sizeof(err)) != 0)
            ok(0, "watch of the bystander: %s", err);
        else if (st.hits_device == 0)
            ok(1, "another thread and range, when asked for: held there # SKIP none of its"
               " copies was seen (each passed while the device thread was being stepped over)");
        else
            ok(st.holds > 0 && st.holds == st.hits_ring && st.holds_used == 0,
               "another thread and range, when asked for: held there (%llu of %llu), never used"
               " (%llu)", (unsigned long long)st.holds, (unsigned long long)st.hits_ring,
               (unsigned long long)st.holds_used);
        /* The device thread asked for, the decoy as the ring: the bystander's
         * done descriptors there are not held. */
        b.tid = S->device_tid;
        if (watch(&b, &st, place16, 1, pid, seen_other, err, sizeof(err)) != 0)
            ok(0, "watch of the decoy: %s", err);
        else if (st.hits == st.hits_device)
            ok(1, "the device thread asked for: the bystander's decoy copies are not held # SKIP"
               " none was seen (each passed while the device thread was being stepped over)");
        else
            ok(st.holds == 0 && st.hits_ring == 0,
               "the device thread asked for: the bystander's decoy copies are not held"
               " (holds %llu, hits %llu, device %llu)", (unsigned long long)st.holds,
               (unsigned long long)st.hits, (unsigned long long)st.hits_device);
        /* A driver that polls the length (legacy length at byte 8), not DD. */
        b = c;
        b.poll_length = true;
        b.length_offset = 8;
        b.dd_offset = 15; /* not looked at */
        if (watch(&b, &st, place16, 1, pid, seen_hold, err, sizeof(err)) == 0)
            ok(st.holds > 0 && st.holds <= st.hits_ring,
               "ready by length: the device thread held on the ring (%llu of %llu)",
               (unsigned long long)st.holds, (unsigned long long)st.hits_ring);
        else
            ok(0, "watch by length: %s", err);
        finish_child(pid, "16-byte write");
    }

    /* Mode 1: QEMU's e1000e fix, the 16 bytes with DD clear, then the 4-byte
     * status_error with DD. Both places watched. */
    if (at[VMBP_STATUS4] == 0) {
        ok(1, "4-byte write # SKIP the C library's 4-byte copy is one store here");
    } else {
        pid_t pid = start_child(1);
        uintptr_t places[2];
        unsigned np = 0;
        struct vmbp_cfg c = {.pid = pid, .tid = S->device_tid, .ring_hva = (uintptr_t)S->ring,
                             .ndesc = NDESC, .desc_size = 16, .dd_offset = 8,
                             .hold_ns = 2000000, .writes = 1u << VMBP_STATUS4,
                             .at = {0, at[VMBP_STATUS4]}};
        places[np++] = r4.store_ip[1];
        if (at[VMBP_DESC16] != 0) {
            c.writes |= 1u << VMBP_DESC16;
            c.at[VMBP_DESC16] = at[VMBP_DESC16];
            places[np++] = r16.store_ip[1];
        }
        struct vmbp_stats st;
        if (watch(&c, &st, places, np, pid, seen_status_undone, err, sizeof(err)) == 0) {
            /* As for the 16-byte write: a hold, or the driver already in the
             * window when the watcher looked (the host's timing decides). */
            ok(st.hits_write[VMBP_STATUS4] > 0 && st.holds + st.undone_unheld > 0 &&
                   st.holds <= st.hits_write[VMBP_STATUS4],
               "4-byte status_error: stopped on its second store (%llu holds, %llu undone before"
               " the read, of %llu ring hits)", (unsigned long long)st.holds,
               (unsigned long long)st.undone_unheld,
               (unsigned long long)st.hits_write[VMBP_STATUS4]);
            if (at[VMBP_DESC16] != 0)
                ok(st.hits_write[VMBP_DESC16] > 0 && st.not_ready >= st.hits_write[VMBP_DESC16],
                   "the 16-byte write with DD clear: hit (%llu) and never held",
                   (unsigned long long)st.hits_write[VMBP_DESC16]);
            ok(st.undone + st.undone_unheld > 0 && ld(&S->lost) + ld(&S->dup) > 0,
               "the second 4-byte store brought DD back after the re-arm (%llu in holds, %llu"
               " before the read; the child saw %llu lost re-arms, %llu double consumptions)",
               (unsigned long long)st.undone, (unsigned long long)st.undone_unheld,
               (unsigned long long)ld(&S->lost), (unsigned long long)ld(&S->dup));
        } else {
            ok(0, "watch of the 4-byte write: %s", err);
        }
        finish_child(pid, "4-byte write");
    }
    munmap(S, sizeof(*S));
    return tap_done();
}
