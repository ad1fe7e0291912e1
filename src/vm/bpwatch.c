// SPDX-License-Identifier: GPL-2.0-or-later
/* bpwatch.c - an int3 on the copy's second store in QEMU's C library, the
 * device thread held there (see bpwatch.h for what and why).
 *
 * The watcher process's loop, in short:
 *   waitpid(-1, __WALL) over its tracees (it has no other children);
 *   a stop is a new thread (PTRACE_EVENT_CLONE), a seize or interrupt stop
 *   (PTRACE_EVENT_STOP: group-stops are LISTENed through), a hit (SIGTRAP
 *   with si_code SI_KERNEL and RIP - 1 one of our places), or a signal for
 *   QEMU (passed on). A hit is handled at once, holding included; while
 *   holding, the loop polls (WNOHANG) so that the other threads, vCPUs
 *   above all, never wait for the hold.
 * Invariants: while the watcher runs, every thread of QEMU is its tracee
 * before any 0xCC is in (an untraced thread would die of SIGTRAP); a thread
 * stopped on a hit has RIP = place + 1 until it is stepped over or rewound;
 * the original byte is written back before the watcher lets go.
 */
#include "vm/bpwatch.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "probe/probe.h"

#if defined(__x86_64__) && defined(__linux__)
#define VMBP_CAN 1
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#else
#define VMBP_CAN 0
#endif

const char *vmbp_unsupported(void)
{
#if VMBP_CAN
    return NULL;
#else
    return "the breakpoint widening writes an x86-64 int3 into QEMU's C library through Linux"
           " ptrace; this build is for another architecture or system";
#endif
}

int vmbp_places_here(uint64_t at[VMBP_WRITES], char *err, size_t errlen)
{
    static const struct { size_t len, off; const char *what; } w[VMBP_WRITES] = {
        [VMBP_DESC16] = {16, 0, "16-byte write-back"},
        [VMBP_STATUS4] = {4, 8, "4-byte status_error write"},
    };
    unsigned two = 0;
    err[0] = '\0';
    for (unsigned i = 0; i < VMBP_WRITES; i++) {
        struct probe_result r;
        const char *why = NULL;
        char where[200];
        at[i] = 0;
        if (probe_trace_full(DMA_COPY_LIBC, w[i].len, w[i].off, &r, &why) != 0) {
            snprintf(err, errlen, "cannot trace the C library's memcpy here: %s",
                     why ? why : "the trace failed");
            return -1;
        }
        if (r.p.n < 2) {
            snprintf(err, errlen, "the C library's %s is one store here: nothing to hold between",
                     w[i].what);
            continue;
        }
        if (probe_store_at(&r, 1, where, sizeof(where), &at[i]) != 0) {
            snprintf(err, errlen, "the second store of the %s lies in no mapped file", w[i].what);
            return -1;
        }
        two++;
    }
    return two > 0 ? 0 : -1;
}

#if VMBP_CAN

#define VMBP_TRACEES 512          /* QEMU threads at most */
#define VMBP_STOP_WAIT_NS 5000000000ull /* vmbp_stop waits this long, then kills the watcher */
#define VMBP_POLL_NS 20000        /* the hold loop's sleep between polls */

/* Shared between the caller and the watcher (MAP_SHARED): the counts. Each
 * field is written by the watcher alone, read by anyone, one word at a time. */
struct vmbp_shared {
    struct vmbp_stats s;
};

struct vmbp {
    pid_t watcher;
    struct vmbp_shared *sh;
};

#define BUMP(field) __atomic_add_fetch(&W.sh->s.field, 1, __ATOMIC_RELAXED)

enum tracee_state { T_FREE, T_RUNNING, T_STOPPED, T_GONE };
struct tracee {
    pid_t tid;
    enum tracee_state st;
    int pending_sig; /* a signal taken while stepping, passed on when it runs again */
};

/* The watcher's state (the watcher is a process of its own: globals are its). */
static struct {
    struct vmbp_cfg cfg;
    struct vmbp_shared *sh;
    int mem;                    /* /proc/PID/mem of QEMU */
    uint64_t libc_base;
    uint64_t place[VMBP_WRITES]; /* absolute addresses, 0 = none */
    uint8_t orig[VMBP_WRITES];
    bool inserted;
    struct tracee t[VMBP_TRACEES];
} W;

static volatile sig_atomic_t vmbp_quit;

static void vmbp_on_signal(int sig)
{
    (void)sig;
    vmbp_quit = 1;
}

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void sleep_ns(uint64_t ns)
{
    struct timespec ts = {(time_t)(ns / 1000000000ull), (long)(ns % 1000000000ull)};
    nanosleep(&ts, NULL);
}

static struct tracee *tracee_of(pid_t tid, bool add)
{
    struct tracee *free_slot = NULL;
    for (unsigned i = 0; i < VMBP_TRACEES; i++) {
        if (W.t[i].st != T_FREE && W.t[i].tid == tid)
            return &W.t[i];
        if (W.t[i].st == T_FREE && free_slot == NULL)
            free_slot = &W.t[i];
    }
    if (!add || free_slot == NULL)
        return NULL;
    *free_slot = (struct tracee){tid, T_RUNNING, 0};
    BUMP(threads);
    return free_slot;
}

/* ---- QEMU's memory: the text bytes and the descriptors ------------------ */

static int mem_write_byte(uint64_t addr, uint8_t b)
{
    return pwrite(W.mem, &b, 1, (off_t)addr) == 1 ? 0 : -1;
}

static int mem_read(uint64_t addr, void *buf, size_t len)
{
    return pread(W.mem, buf, len, (off_t)addr) == (ssize_t)len ? 0 : -1;
}

static int insert_all(uint8_t byte_for_place(unsigned))
{
    for (unsigned w = 0; w < VMBP_WRITES; w++)
        if (W.place[w] != 0 && mem_write_byte(W.place[w], byte_for_place(w)) != 0)
            return -1;
    return 0;
}

static uint8_t int3_byte(unsigned w)
{
    (void)w;
    return 0xCC;
}

static uint8_t orig_byte(unsigned w)
{
    return W.orig[w];
}

static int place_of(uint64_t addr)
{
    for (unsigned w = 0; w < VMBP_WRITES; w++)
        if (W.place[w] != 0 && W.place[w] == addr)
            return (int)w;
    return -1;
}

/* The descriptor's ready field after the first store. */
static bool desc_ready(const uint8_t *d)
{
    if (W.cfg.poll_length)
        return (d[W.cfg.length_offset] | d[W.cfg.length_offset + 1]) != 0;
    return (d[W.cfg.dd_offset] & 1) != 0;
}

/* ---- ptrace helpers ------------------------------------------------------ */

static int wait_tid(pid_t tid, int *status)
{
    for (;;) {
        pid_t r = waitpid(tid, status, __WALL);
        if (r == tid)
            return 0;
        if (r < 0 && errno != EINTR)
            return -1;
    }
}

static void cont(struct tracee *t, int sig)
{
    if (ptrace(PTRACE_CONT, t->tid, NULL, (void *)(long)sig) == 0)
        t->st = T_RUNNING;
    else if (errno == ESRCH)
        t->st = T_GONE; /* killed meanwhile: its exit comes as an event */
}

static bool is_stop_signal(int sig)
{
    return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

/* A thread's exit: its slot freed (and QEMU gone with its main thread). */
static bool ended(struct tracee *t, int status)
{
    if (!WIFEXITED(status) && !WIFSIGNALED(status))
        return false;
    if (t->tid == W.cfg.pid)
        W.sh->s.qemu_gone = 1;
    t->st = T_FREE;
    return true;
}

/* A SIGTRAP stop of tid: the place whose int3 it ran (regs filled, RIP =
 * place + 1), or -1 for any other trap. */
static int hit_place(pid_t tid, struct user_regs_struct *regs)
{
    siginfo_t si;
    if (ptrace(PTRACE_GETSIGINFO, tid, NULL, &si) != 0 || si.si_code != SI_KERNEL ||
        ptrace(PTRACE_GETREGS, tid, NULL, regs) != 0)
        return -1;
    return place_of(regs->rip - 1);
}

/* A PTRACE_EVENT_CLONE stop of tid: the new thread, now traced too. */
static struct tracee *cloned(pid_t tid)
{
    unsigned long child = 0;
    if (ptrace(PTRACE_GETEVENTMSG, tid, NULL, &child) != 0)
        return NULL;
    return tracee_of((pid_t)child, true);
}

/* Step t, stopped on the breakpoint of place w (RIP = place + 1), over the
 * instruction that is there: the original byte back for one single step.
 * Other threads run on meanwhile (one passing the place is not seen). If
 * `after` is given, the len bytes at addr are read right after the step,
 * before t runs on: what the second store left, nothing later. Returns 0
 * when they were read. */
static int step_over_read(struct tracee *t, unsigned w, struct user_regs_struct *regs,
                          uint64_t addr, uint8_t *after, size_t len)
{
    int read = -1;
    int status;
    regs->rip = W.place[w];
    if (ptrace(PTRACE_SETREGS, t->tid, NULL, regs) != 0 ||
        mem_write_byte(W.place[w], W.orig[w]) != 0) {
        BUMP(missed_steps);
        t->st = T_GONE;
        return -1;
    }
    bool stepped = false;
    while (!stepped) {
        if (ptrace(PTRACE_SINGLESTEP, t->tid, NULL, NULL) != 0 || wait_tid(t->tid, &status) != 0) {
            BUMP(missed_steps);
            t->st = T_GONE; /* killed meanwhile: its exit comes as an event */
            break;
        }
        if (ended(t, status)) { /* wait_tid took its exit */
            BUMP(missed_steps);
            break;
        }
        int sig = WSTOPSIG(status);
        if (sig == SIGTRAP && (status >> 16) == 0)
            stepped = true;
        else if ((status >> 16) == 0 && sig != SIGTRAP) {
            t->pending_sig = sig; /* taken before the step: passed on below */
            BUMP(signals);
        }
        /* An event stop (interrupt, group-stop): step again. */
    }
    if (stepped && after != NULL)
        read = mem_read(addr, after, len);
    if (mem_write_byte(W.place[w], 0xCC) != 0 && !vmbp_quit)
        snprintf(W.sh->s.refused, sizeof(W.sh->s.refused),
                 "could not put the breakpoint back into QEMU's text: %s", strerror(errno));
    if (t->st == T_STOPPED) {
        int sig = t->pending_sig;
        t->pending_sig = 0;
        cont(t, sig);
    }
    return read;
}

static void step_over(struct tracee *t, unsigned w, struct user_regs_struct *regs)
{
    (void)step_over_read(t, w, regs, 0, NULL, 0);
}

static void handle_event(pid_t tid, int status);

/* Hold the device thread (stopped) for hold_ns, serving the others. */
static void hold(pid_t held)
{
    uint64_t end = now_ns() + W.cfg.hold_ns;
    for (;;) {
        uint64_t now = now_ns();
        if (now >= end || vmbp_quit)
            return;
        int status;
        pid_t r = waitpid(-1, &status, __WALL | WNOHANG);
        if (r > 0) {
            handle_event(r, status);
            struct tracee *h = tracee_of(held, false);
            if (h == NULL || h->st == T_GONE)
                return;
            continue;
        }
        sleep_ns(end - now < VMBP_POLL_NS ? end - now : VMBP_POLL_NS);
    }
}

static void on_hit(struct tracee *t, unsigned w, struct user_regs_struct *regs)
{
    BUMP(hits);
    uint64_t dst = regs->rdi;
    uint64_t ring_end = W.cfg.ring_hva + (uint64_t)W.cfg.ndesc * W.cfg.desc_size;
    if (W.cfg.tid != 0 && t->tid != W.cfg.tid) {
        step_over(t, w, regs);
        return;
    }
    BUMP(hits_device);
    if (dst < W.cfg.ring_hva || dst >= ring_end) {
        step_over(t, w, regs);
        return;
    }
    BUMP(hits_ring);
    BUMP(hits_write[w]);
    uint64_t desc = W.cfg.ring_hva + (dst - W.cfg.ring_hva) / W.cfg.desc_size * W.cfg.desc_size;
    uint8_t before[64], after_hold[64], after_step[64];
    size_t n = W.cfg.desc_size;
    if (mem_read(desc, before, n) != 0 || !desc_ready(before)) {
        BUMP(not_ready);
        /* Not done after the first store: never done (a write with DD
         * clear), or the guest was quicker than this read. The second store
         * then brings DD back all the same. */
        if (step_over_read(t, w, regs, desc, after_step, n) == 0 && desc_ready(after_step))
            BUMP(undone_unheld);
        return;
    }
    BUMP(holds);
    pid_t tid = t->tid;
    hold(tid);
    t = tracee_of(tid, false); /* the slot may have been freed meanwhile */
    if (t == NULL || t->st != T_STOPPED)
        return;
    if (mem_read(desc, after_hold, n) != 0) {
        step_over(t, w, regs);
        return;
    }
    bool used = !desc_ready(after_hold) || memcmp(after_hold, before, 8) != 0;
    if (used)
        BUMP(holds_used);
    else
        BUMP(holds_unused);
    /* The second store made, the thread not yet on: did it bring back what
     * the guest changed during the hold? */
    if (step_over_read(t, w, regs, desc, after_step, n) == 0 && used &&
        ((desc_ready(after_step) && !desc_ready(after_hold)) ||
         (memcmp(after_step, after_hold, 8) != 0 && memcmp(after_step, before, 8) == 0)))
        BUMP(undone);
}

static void handle_event(pid_t tid, int status)
{
    struct tracee *t = tracee_of(tid, true);
    if (t == NULL) { /* more threads than we can follow: let it go */
        ptrace(PTRACE_DETACH, tid, NULL, NULL);
        return;
    }
    if (ended(t, status) || !WIFSTOPPED(status))
        return;
    t->st = T_STOPPED;
    int sig = WSTOPSIG(status), event = status >> 16;
    if (event == PTRACE_EVENT_CLONE) {
        cloned(tid);
        cont(t, 0);
        return;
    }
    if (event == PTRACE_EVENT_STOP) {
        if (is_stop_signal(sig)) { /* group-stop: stay stopped, as QEMU would */
            if (ptrace(PTRACE_LISTEN, tid, NULL, NULL) == 0)
                t->st = T_RUNNING;
        } else {
            cont(t, 0);
        }
        return;
    }
    if (event != 0) {
        cont(t, 0);
        return;
    }
    struct user_regs_struct regs;
    int w = sig == SIGTRAP ? hit_place(tid, &regs) : -1;
    if (w >= 0) {
        on_hit(t, (unsigned)w, &regs);
        return;
    }
    BUMP(signals);
    cont(t, sig);
}

/* ---- attaching and letting go ------------------------------------------ */

/* Seize every thread of QEMU; repeat the listing until a pass finds no new
 * one: a thread made after that was made by a seized thread, which
 * PTRACE_O_TRACECLONE attaches. */
static int seize_all(char *err, size_t errlen)
{
    char path[64];
    snprintf(path, sizeof(path), "/proc/%d/task", (int)W.cfg.pid);
    for (int pass = 0; pass < 100; pass++) {
        bool added = false;
        DIR *d = opendir(path);
        if (d == NULL) {
            snprintf(err, errlen, "cannot list QEMU's threads (%s): %s", path, strerror(errno));
            return -1;
        }
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            pid_t tid = (pid_t)atoi(e->d_name);
            if (tid <= 0 || tracee_of(tid, false) != NULL)
                continue;
            if (ptrace(PTRACE_SEIZE, tid, NULL, (void *)(long)PTRACE_O_TRACECLONE) != 0) {
                if (errno == ESRCH)
                    continue; /* ended meanwhile */
                snprintf(err, errlen, "ptrace is not permitted on QEMU's thread %d"
                         " (PTRACE_SEIZE: %s); Yama's ptrace_scope, a missing CAP_SYS_PTRACE"
                         " or an outer tracer (gdb, strace) can cause this",
                         (int)tid, strerror(errno));
                closedir(d);
                return -1;
            }
            if (tracee_of(tid, true) == NULL) {
                snprintf(err, errlen, "QEMU has more than %d threads", VMBP_TRACEES);
                closedir(d);
                return -1;
            }
            added = true;
        }
        closedir(d);
        if (!added)
            return 0;
    }
    snprintf(err, errlen, "QEMU's threads kept changing while being attached");
    return -1;
}

/* Restore the text, stop every thread, rewind one caught on a breakpoint,
 * detach. Bounded: what has not stopped within a few seconds is left to the
 * kernel (the watcher's exit detaches it; the text is already restored). */
/* Detach t (stopped) wherever it stopped. A thread that ran one of our
 * int3s (RIP = place + 1) has a SIGTRAP that must never reach it untraced:
 * if this stop is not that signal's own delivery stop (an interrupt stop
 * comes before a signal still queued), it is let run to it first; then
 * RIP goes back to the place and the detach drops the signal. */
static void detach_clean(struct tracee *t, int sig)
{
    struct user_regs_struct regs;
    siginfo_t si;
    int status;
    if (ptrace(PTRACE_GETREGS, t->tid, NULL, &regs) == 0 && place_of(regs.rip - 1) >= 0) {
        for (int k = 0; k < 16; k++) {
            if (ptrace(PTRACE_GETSIGINFO, t->tid, NULL, &si) == 0 && si.si_signo == SIGTRAP &&
                si.si_code == SI_KERNEL)
                break; /* the int3's delivery stop */
            if (ptrace(PTRACE_CONT, t->tid, NULL, NULL) != 0 || wait_tid(t->tid, &status) != 0 ||
                ended(t, status))
                return;
            if ((status >> 16) == 0 && WSTOPSIG(status) != SIGTRAP)
                sig = WSTOPSIG(status); /* another signal came first: passed on below */
        }
        regs.rip -= 1;
        ptrace(PTRACE_SETREGS, t->tid, NULL, &regs);
    }
    ptrace(PTRACE_DETACH, t->tid, NULL, (void *)(long)sig);
    t->st = T_FREE;
}

static void let_go(void)
{
    if (W.inserted && insert_all(orig_byte) == 0)
        W.inserted = false;
    /* A thread whose step went wrong is still stopped: let it go now. */
    for (unsigned i = 0; i < VMBP_TRACEES; i++)
        if (W.t[i].st == T_GONE)
            detach_clean(&W.t[i], 0);
    for (unsigned i = 0; i < VMBP_TRACEES; i++)
        if (W.t[i].st == T_RUNNING)
            ptrace(PTRACE_INTERRUPT, W.t[i].tid, NULL, NULL);
    uint64_t end = now_ns() + VMBP_STOP_WAIT_NS / 2;
    for (;;) {
        bool left = false;
        for (unsigned i = 0; i < VMBP_TRACEES; i++) {
            struct tracee *t = &W.t[i];
            if (t->st == T_STOPPED) /* stopped by us earlier (a hold cut short) */
                detach_clean(t, t->pending_sig);
            left = left || t->st == T_RUNNING;
        }
        if (!left)
            return;
        if (now_ns() >= end) { /* the last ones, if stopped at all */
            for (unsigned i = 0; i < VMBP_TRACEES; i++)
                if (W.t[i].st != T_FREE)
                    detach_clean(&W.t[i], W.t[i].pending_sig);
            return;
        }
        int status;
        pid_t tid = waitpid(-1, &status, __WALL | WNOHANG);
        if (tid < 0 && errno == ECHILD)
            return;
        if (tid <= 0) {
            sleep_ns(VMBP_POLL_NS);
            continue;
        }
        struct tracee *t = tracee_of(tid, true);
        if (t == NULL || ended(t, status))
            continue;
        int sig = WSTOPSIG(status), event = status >> 16, pass = t->pending_sig;
        struct user_regs_struct regs;
        if (event == PTRACE_EVENT_CLONE) {
            struct tracee *c = cloned(tid);
            if (c != NULL)
                ptrace(PTRACE_INTERRUPT, c->tid, NULL, NULL);
        } else if (event == 0 && !(sig == SIGTRAP && hit_place(tid, &regs) >= 0)) {
            pass = sig; /* a signal for QEMU; a hit is rewound by detach_clean */
        }
        detach_clean(t, pass);
    }
}

/* libc's load address in QEMU: the start of its mapping at file offset 0
 * (a shared library's first segment has link-time address 0). */
static int find_libc(const char *name, char *err, size_t errlen)
{
    char path[64], line[4096 + 160];
    snprintf(path, sizeof(path), "/proc/%d/maps", (int)W.cfg.pid);
    FILE *f = fopen(path, "re");
    if (f == NULL) {
        snprintf(err, errlen, "cannot read QEMU's memory map (%s): %s", path, strerror(errno));
        return -1;
    }
    bool found = false;
    while (!found && fgets(line, sizeof(line), f) != NULL) {
        unsigned long lo, hi, off;
        int at = 0;
        if (sscanf(line, "%lx-%lx %*s %lx %*s %*s %n", &lo, &hi, &off, &at) < 3 || at == 0 ||
            off != 0)
            continue;
        line[strcspn(line, "\n")] = '\0';
        const char *p = line + at, *base = strrchr(p, '/');
        base = base ? base + 1 : p;
        if (strcmp(base, name) == 0) {
            W.libc_base = lo;
            found = true;
        }
    }
    fclose(f);
    if (!found)
        snprintf(err, errlen, "QEMU (pid %d) maps no %s", (int)W.cfg.pid, name);
    return found ? 0 : -1;
}

static int attach(char *err, size_t errlen)
{
    char path[64];
    if (find_libc(W.cfg.libc ? W.cfg.libc : "libc.so.6", err, errlen) != 0)
        return -1;
    snprintf(path, sizeof(path), "/proc/%d/mem", (int)W.cfg.pid);
    W.mem = open(path, O_RDWR | O_CLOEXEC);
    if (W.mem < 0) {
        snprintf(err, errlen, "cannot open QEMU's memory (%s): %s", path, strerror(errno));
        return -1;
    }
    for (unsigned w = 0; w < VMBP_WRITES; w++) {
        W.place[w] = (W.cfg.writes & (1u << w)) ? W.libc_base + W.cfg.at[w] : 0;
        if (W.place[w] == 0)
            continue;
        if (mem_read(W.place[w], &W.orig[w], 1) != 0) {
            snprintf(err, errlen, "cannot read QEMU's C library at +0x%llx: %s",
                     (unsigned long long)W.cfg.at[w], strerror(errno));
            return -1;
        }
        if (W.orig[w] == 0xCC) {
            snprintf(err, errlen, "QEMU's C library already holds a breakpoint at +0x%llx"
                     " (another watcher or debugger?)", (unsigned long long)W.cfg.at[w]);
            return -1;
        }
    }
    if (seize_all(err, errlen) != 0)
        return -1;
    if (insert_all(int3_byte) != 0) {
        snprintf(err, errlen, "cannot write the breakpoint into QEMU's text: %s", strerror(errno));
        insert_all(orig_byte);
        return -1;
    }
    W.inserted = true;
    return 0;
}

/* The watcher process: attach, report through fd, serve until told to stop
 * or QEMU is gone, let go. Never returns. */
static __attribute__((noreturn)) void watcher_main(int fd, pid_t parent)
{
    char err[320] = "";
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = vmbp_on_signal; /* no SA_RESTART: waitpid returns EINTR */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    signal(SIGCHLD, SIG_DFL); /* an ignored SIGCHLD would change what waitpid reports */
    sigset_t unblock;
    sigemptyset(&unblock);
    sigaddset(&unblock, SIGTERM);
    sigaddset(&unblock, SIGINT);
    sigaddset(&unblock, SIGHUP);
    sigprocmask(SIG_UNBLOCK, &unblock, NULL);
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent)
        vmbp_quit = 1;

    int rc = attach(err, sizeof(err));
    if (rc == 0)
        __atomic_store_n(&W.sh->s.running, 1, __ATOMIC_RELAXED);
    if (write(fd, rc == 0 ? "" : err, rc == 0 ? 1 : strlen(err) + 1) < 0)
        vmbp_quit = 1;
    close(fd);
    while (rc == 0 && !vmbp_quit) {
        int status;
        pid_t tid = waitpid(-1, &status, __WALL);
        if (tid > 0)
            handle_event(tid, status);
        else if (errno == ECHILD)
            break; /* every thread gone: QEMU ended */
    }
    let_go();
    __atomic_store_n(&W.sh->s.running, 0, __ATOMIC_RELAXED);
    _exit(0);
}

static int check_cfg(const struct vmbp_cfg *c, char *err, size_t errlen)
{
    const char *why = NULL;
    if (c->pid <= 0)
        why = "no QEMU process given";
    else if (c->ring_hva == 0 || c->ndesc == 0 || c->desc_size == 0 || c->desc_size > 64 ||
             c->ndesc > 65536)
        why = "the RX ring is not given (address, descriptors, descriptor size up to 64)";
    else if (!c->poll_length && c->dd_offset >= c->desc_size)
        why = "DD lies outside the descriptor";
    else if (c->poll_length && c->length_offset + 2 > c->desc_size)
        why = "the length lies outside the descriptor";
    else if (c->hold_ns > VMBP_HOLD_MAX_NS)
        why = "a hold longer than 1 s";
    else if ((c->writes & ((1u << VMBP_WRITES) - 1)) == 0 || (c->writes >> VMBP_WRITES) != 0)
        why = "no write to put a breakpoint on";
    for (unsigned w = 0; why == NULL && w < VMBP_WRITES; w++)
        if ((c->writes & (1u << w)) && c->at[w] == 0)
            why = "a write without the place of its second store (probe --json's store_at)";
    if (why != NULL)
        snprintf(err, errlen, "breakpoint widening: %s", why);
    return why ? -1 : 0;
}

struct vmbp *vmbp_start(const struct vmbp_cfg *cfg, char *err, size_t errlen)
{
    int p[2];
    if (check_cfg(cfg, err, errlen) != 0)
        return NULL;
    struct vmbp *w = calloc(1, sizeof(*w));
    struct vmbp_shared *sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
                                  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (w == NULL || sh == MAP_FAILED || pipe2(p, O_CLOEXEC) != 0) {
        snprintf(err, errlen, "breakpoint widening: out of resources: %s", strerror(errno));
        free(w);
        if (sh != MAP_FAILED)
            munmap(sh, sizeof(*sh));
        return NULL;
    }
    memset(sh, 0, sizeof(*sh));
    pid_t parent = getpid();
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        /* Only what the watcher needs stays open: the report pipe. */
        close(p[0]);
        if (dup2(p[1], 3) == 3) {
            if (syscall(SYS_close_range, 4u, ~0u, 0u) != 0)
                for (int fd = 4; fd < 4096; fd++)
                    close(fd);
            int null = open("/dev/null", O_RDWR);
            if (null >= 0) {
                dup2(null, 0);
                dup2(null, 1);
                if (null > 3)
                    close(null);
            }
        }
        memset(&W, 0, sizeof(W));
        W.cfg = *cfg;
        W.cfg.libc = NULL;
        W.sh = sh;
        W.mem = -1;
        char libc[128];
        snprintf(libc, sizeof(libc), "%s", cfg->libc ? cfg->libc : "libc.so.6");
        W.cfg.libc = libc;
        watcher_main(3, parent);
    }
    close(p[1]);
    if (pid < 0) {
        snprintf(err, errlen, "breakpoint widening: cannot fork the watcher: %s", strerror(errno));
        close(p[0]);
        munmap(sh, sizeof(*sh));
        free(w);
        return NULL;
    }
    w->watcher = pid;
    w->sh = sh;
    char msg[320];
    size_t got = 0;
    while (got < sizeof(msg)) {
        ssize_t r = read(p[0], msg + got, sizeof(msg) - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
        if (memchr(msg, '\0', got) != NULL)
            break;
    }
    close(p[0]);
    if (got > 0 && msg[0] == '\0')
        return w;
    if (got == 0)
        snprintf(err, errlen, "breakpoint widening: the watcher ended before it attached");
    else
        snprintf(err, errlen, "breakpoint widening: %.*s", (int)got, msg);
    vmbp_stop(w, NULL);
    return NULL;
}

void vmbp_stats(struct vmbp *w, struct vmbp_stats *out)
{
    memset(out, 0, sizeof(*out));
    if (w == NULL)
        return;
    const uint64_t *from = (const uint64_t *)&w->sh->s;
    uint64_t *to = (uint64_t *)out;
    /* Word by word: each count is written whole by the watcher. */
    for (size_t i = 0; i < offsetof(struct vmbp_stats, qemu_gone) / sizeof(uint64_t); i++)
        to[i] = __atomic_load_n(&from[i], __ATOMIC_RELAXED);
    out->qemu_gone = __atomic_load_n(&w->sh->s.qemu_gone, __ATOMIC_RELAXED);
    out->running = __atomic_load_n(&w->sh->s.running, __ATOMIC_RELAXED);
    memcpy(out->refused, (const char *)w->sh->s.refused, sizeof(out->refused));
    out->refused[sizeof(out->refused) - 1] = '\0';
}

void vmbp_stop(struct vmbp *w, struct vmbp_stats *final)
{
    if (w == NULL) {
        if (final != NULL)
            memset(final, 0, sizeof(*final));
        return;
    }
    /* SIGTERM again now and then: one sent between the watcher's check and
     * its blocking wait is only seen at QEMU's next event. */
    uint64_t start = now_ns(), last = 0;
    int status;
    for (;;) {
        pid_t r = waitpid(w->watcher, &status, WNOHANG);
        if (r == w->watcher || (r < 0 && errno != EINTR))
            break;
        uint64_t now = now_ns();
        if (now - start > VMBP_STOP_WAIT_NS) {
            kill(w->watcher, SIGKILL); /* last resort: see bpwatch.h */
            waitpid(w->watcher, &status, 0);
            break;
        }
        if (now - last > 50000000ull) {
            kill(w->watcher, SIGTERM);
            last = now;
        }
        sleep_ns(1000000);
    }
    if (final != NULL)
        vmbp_stats(w, final);
    munmap(w->sh, sizeof(*w->sh));
    free(w);
}

#else /* !VMBP_CAN */

struct vmbp {
    int unused;
};

struct vmbp *vmbp_start(const struct vmbp_cfg *cfg, char *err, size_t errlen)
{
    (void)cfg;
    snprintf(err, errlen, "%s", vmbp_unsupported());
    return NULL;
}

void vmbp_stats(struct vmbp *w, struct vmbp_stats *out)
{
    (void)w;
    memset(out, 0, sizeof(*out));
}

void vmbp_stop(struct vmbp *w, struct vmbp_stats *final)
{
    (void)w;
    if (final != NULL)
        memset(final, 0, sizeof(*final));
}

#endif
