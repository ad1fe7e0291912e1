// SPDX-License-Identifier: GPL-2.0-or-later
/* ptwatch.c - the tracer thread: seize one thread, debug registers on DD
 * bytes, hold after stores that leave DD set.
 *
 * ptrace requests must come from the thread that seized, so everything
 * after vmwatch_start runs on the tracer thread; the caller talks to it
 * through flags and wakes it with a signal (VMWATCH_WAKE) that interrupts
 * its waitpid or its hold. The tracer runs with every other signal
 * blocked, so the caller's SIGINT handling is not disturbed.
 *
 * Sections: helpers; the debug registers' window; traps and holds (both
 * modes); the single-step mode; the check that debug registers fire here;
 * arming; the thread; the public calls.
 *
 * Invariants: the traced thread is stopped whenever its registers or debug
 * registers are written (ptrace demands it); in debug-register mode
 * reg_desc[r] is the descriptor register r watches, the watched descriptors
 * are win_start .. win_start + nw - 1 (mod ndesc), each watched by exactly
 * one register. */
#include "vm/ptwatch.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#if defined(__x86_64__)

#include <stddef.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>

#include "vm/guestram.h"
#include "vm/x86store.h"

#ifndef PTRACE_SEIZE
#define PTRACE_SEIZE 0x4206
#define PTRACE_INTERRUPT 0x4207
#define PTRACE_LISTEN 0x4208
#endif
#ifndef PTRACE_EVENT_STOP
#define PTRACE_EVENT_STOP 128
#endif

#define VMWATCH_WAKE (SIGRTMIN + 5)
#define DR_OFF(n) (offsetof(struct user, u_debugreg) + (size_t)(n) * sizeof(long))
#define DR7_LOCAL(r) (1ul << (2 * (r)))          /* L0..L3 */
#define DR7_WRITE_1BYTE(r) (1ul << (16 + 4 * (r))) /* R/W = 01 (write), LEN = 00 (1 byte) */
#define DR6_HITS 0xful                             /* B0..B3 */
#define DESC_MAX 64
#define CODE_LINES 4096

struct vmwatch {
    struct vmwatch_cfg cfg;
    pthread_t thread;
    pthread_mutex_t mu; /* guards st, phase, err; cv signals phase changes */
    pthread_cond_t cv;
    enum { PH_STARTING, PH_ARMED, PH_REFUSED, PH_DONE } phase;
    char err[160];
    struct vmwatch_stats st;
    atomic_int stop_req;
    atomic_int aim_req; /* 1: re-aim at aim_idx */
    atomic_uint aim_idx;
    /* tracer thread only */
    int memfd;
    unsigned nw, win_start;
    unsigned reg_desc[VMWATCH_REGS];
    long cur_desc; /* descriptor of the write-back in progress, -1: none */
    unsigned cur_stores;
    int stopped;    /* the traced thread is in a ptrace-stop we have not resumed */
    int inject;     /* signal to pass on when resuming it */
    int interrupted; /* a PTRACE_INTERRUPT is outstanding */
    /* VMWATCH_STEP: the device's position and the DD bytes last seen there */
    unsigned pos;
    uint8_t seen[VMWATCH_REGS];
    long sys_nr; /* the system call the thread is in, -1: none */
    uint64_t ip;  /* the instruction the thread runs next (VMWATCH_STEP) */
    uint64_t wb_ip[VMWATCH_HIST]; /* store instructions of the write-back in progress */
    struct code_line {
        uint64_t ip;
        uint8_t n, bytes[15];
    } code[CODE_LINES]; /* VMWATCH_STEP: instructions read from QEMU's text */
};

const char *vmwatch_unsupported(void)
{
    return NULL;
}

static void wake_handler(int sig)
{
    (void)sig; /* only to interrupt waitpid and nanosleep */
}

static int install_wake(char *err, size_t errlen)
{
    static pthread_mutex_t once = PTHREAD_MUTEX_INITIALIZER;
    static int done;
    int rc = 0;
    pthread_mutex_lock(&once);
    if (!done) {
        struct sigaction old, sa;
        memset(&sa, 0, sizeof(sa));
        sa.sa_handler = wake_handler; /* no SA_RESTART: waitpid returns EINTR */
        sigemptyset(&sa.sa_mask);
        if (sigaction(VMWATCH_WAKE, NULL, &old) != 0 ||
            (old.sa_handler != SIG_DFL && old.sa_handler != SIG_IGN &&
             old.sa_handler != wake_handler)) {
            snprintf(err, errlen, "signal SIGRTMIN+5, which the watchpoint needs, is taken");
            rc = -1;
        } else if (sigaction(VMWATCH_WAKE, &sa, NULL) != 0) {
            snprintf(err, errlen, "cannot install the watchpoint's signal: %s", strerror(errno));
            rc = -1;
        } else {
            done = 1;
        }
    }
    pthread_mutex_unlock(&once);
    return rc;
}

/* ---- ptrace helpers (tracer thread) ------------------------------------- */

static long peek_dr(pid_t tid, int n, int *ok)
{
    errno = 0;
    long v = ptrace(PTRACE_PEEKUSER, tid, (void *)DR_OFF(n), NULL);
    if (errno)
        *ok = 0;
    return v;
}

static int poke_dr(pid_t tid, int n, unsigned long v)
{
    return ptrace(PTRACE_POKEUSER, tid, (void *)DR_OFF(n), (void *)v) == 0 ? 0 : -1;
}

/* ++*counter, under the lock vmwatch_stats takes. */
static void count(struct vmwatch *w, uint64_t *counter)
{
    pthread_mutex_lock(&w->mu);
    (*counter)++;
    pthread_mutex_unlock(&w->mu);
}

static uint64_t dd_addr(const struct vmwatch *w, unsigned desc)
{
    return w->cfg.ring_hva + (uint64_t)desc * w->cfg.desc_size + w->cfg.dd_offset;
}

static void set_refused(struct vmwatch *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void set_refused(struct vmwatch *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pthread_mutex_lock(&w->mu);
    vsnprintf(w->err, sizeof(w->err), fmt, ap);
    pthread_mutex_unlock(&w->mu);
    va_end(ap);
}

/* Why a seize was refused: an outer tracer, Yama, or no permission. */
static void explain_seize(struct vmwatch *w, int e)
{
    char path[64], line[128];
    long tracer = 0;
    snprintf(path, sizeof(path), "/proc/%d/task/%d/status", (int)w->cfg.pid, (int)w->cfg.tid);
    FILE *f = fopen(path, "re");
    while (f && fgets(line, sizeof(line), f))
        if (sscanf(line, "TracerPid: %ld", &tracer) == 1)
            break;
    if (f)
        fclose(f);
    int yama = -1;
    f = fopen("/proc/sys/kernel/yama/ptrace_scope", "re");
    if (f) {
        if (fscanf(f, "%d", &yama) != 1)
            yama = -1;
        fclose(f);
    }
    if (e == ESRCH)
        set_refused(w, "QEMU's thread %d is gone (process %d)", (int)w->cfg.tid, (int)w->cfg.pid);
    else if (tracer > 0)
        set_refused(w, "QEMU's thread %d is already traced by process %ld (a debugger?): ptrace"
                    " refused", (int)w->cfg.tid, tracer);
    else if (yama > 0)
        set_refused(w, "ptrace of QEMU refused (%s): kernel.yama.ptrace_scope is %d", strerror(e),
                    yama);
    else
        set_refused(w, "ptrace of QEMU refused: %s", strerror(e));
}

/* Resume the traced thread if we hold it stopped. */
static void resume(struct vmwatch *w)
{
    if (!w->stopped)
        return;
    (void)ptrace(PTRACE_CONT, w->cfg.tid, NULL, (void *)(long)w->inject);
    w->stopped = 0;
    w->inject = 0;
}

/* Wait for the next stop or exit of the traced thread. Returns 1 stopped
 * (status in *st), 0 gone, -1 interrupted by the wake signal. */
static int wait_thread(struct vmwatch *w, int *st)
{
    pid_t r = waitpid(w->cfg.tid, st, __WALL);
    if (r < 0)
        return errno == EINTR ? -1 : 0; /* ECHILD: no longer ours */
    if (WIFEXITED(*st) || WIFSIGNALED(*st))
        return 0;
    return 1;
}

/* ---- the window of watched descriptors ---------------------------------- */

/* Aim register r at descriptor desc (the thread is stopped). */
static int aim_reg(struct vmwatch *w, unsigned r, unsigned desc)
{
    if (poke_dr(w->cfg.tid, (int)r, dd_addr(w, desc)) != 0)
        return -1;
    w->reg_desc[r] = desc;
    return 0;
}

/* Watch idx .. idx + nw - 1 from scratch. */
static int aim_window(struct vmwatch *w, unsigned idx)
{
    for (unsigned r = 0; r < w->nw; r++)
        if (aim_reg(w, r, (idx + r) % w->cfg.ndesc) != 0)
            return -1;
    w->win_start = idx;
    return 0;
}

/* The device is at descriptor idx (a watched one): move the registers of
 * the descriptors before it to the descriptors after the window. */
static void slide_window(struct vmwatch *w, unsigned idx)
{
    unsigned n = w->cfg.ndesc;
    unsigned ahead = (idx + n - w->win_start) % n; /* descriptors left behind */
    if (ahead == 0 || ahead >= w->nw || w->nw >= n)
        return; /* at the start, outside the window, or the whole ring watched */
    unsigned next = (w->win_start + w->nw) % n;
    for (unsigned k = 0; k < ahead; k++) {
        unsigned old = (w->win_start + k) % n;
        for (unsigned r = 0; r < w->nw; r++) {
            if (w->reg_desc[r] != old)
                continue;
            if (aim_reg(w, r, next) == 0) {
                count(w, &w->st.reaims);
            }
            next = (next + 1) % n;
            break;
        }
    }
    w->win_start = idx;
}

/* ---- traps and holds ---------------------------------------------------- */

static void close_writeback(struct vmwatch *w)
{
    if (w->cur_desc < 0)
        return;
    pthread_mutex_lock(&w->mu);
    memcpy(w->st.last_wb_ip, w->wb_ip, sizeof(w->wb_ip));
    w->st.writebacks++;
    w->st.stores_per_wb[w->cur_stores < VMWATCH_HIST ? w->cur_stores : VMWATCH_HIST - 1]++;
    pthread_mutex_unlock(&w->mu);
    w->cur_desc = -1;
    w->cur_stores = 0;
    memset(w->wb_ip, 0, sizeof(w->wb_ip));
}

static int read_desc(struct vmwatch *w, unsigned desc, uint8_t *buf)
{
    uint64_t at = w->cfg.ring_hva + (uint64_t)desc * w->cfg.desc_size;
    return pread(w->memfd, buf, w->cfg.desc_size, (off_t)at) == (ssize_t)w->cfg.desc_size ? 0
                                                                                           : -1;
}

/* Sleep until hold_ns has passed or a stop is asked for. */
static void hold(struct vmwatch *w)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    uint64_t ns = (uint64_t)t.tv_nsec + w->cfg.hold_ns;
    t.tv_sec += (time_t)(ns / 1000000000u);
    t.tv_nsec = (long)(ns % 1000000000u);
    while (!atomic_load(&w->stop_req) &&
           clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL) == EINTR)
        ;
}

/* The traced thread stopped right after a store on the DD byte of desc. */
static void on_trap(struct vmwatch *w, unsigned desc)
{
    if ((long)desc != w->cur_desc) {
        close_writeback(w);
        w->cur_desc = desc;
        if (w->cfg.mode == VMWATCH_DEBUGREG)
            slide_window(w, desc);
    }
    if (w->cur_stores < VMWATCH_HIST)
        w->wb_ip[w->cur_stores] = w->ip; /* VMWATCH_STEP: the store's instruction */
    w->cur_stores++;
    count(w, &w->st.traps);

    uint8_t before[DESC_MAX], after[DESC_MAX];
    if (read_desc(w, desc, before) != 0 || !(before[w->cfg.dd_offset] & 1))
        return; /* the store left DD clear: nothing published, nothing to hold */
    /* Held: the device thread stands right after publishing DD; the guest's
     * vCPUs run on and may take the descriptor and re-arm it meanwhile. */
    hold(w);
    int used = read_desc(w, desc, after) == 0 &&
               (!(after[w->cfg.dd_offset] & 1) || memcmp(before, after, 8) != 0);
    pthread_mutex_lock(&w->mu);
    w->st.holds++;
    if (used)
        w->st.holds_used++;
    else
        w->st.holds_unused++;
    pthread_mutex_unlock(&w->mu);
}

/* Handle one stop (status st): our trap, our interrupt, a group stop, or a
 * signal for QEMU. Leaves the thread stopped (w->stopped) unless it is a
 * group stop, which is listened through. */
static void on_stop(struct vmwatch *w, int st)
{
    int sig = WSTOPSIG(st), event = st >> 16;
    w->stopped = 1;
    w->inject = 0;
    if (sig == (SIGTRAP | 0x80))
        return; /* a system call stop (VMWATCH_STEP): nothing to pass on */
    if (event == PTRACE_EVENT_STOP) {
        if (sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU) {
            (void)ptrace(PTRACE_LISTEN, w->cfg.tid, NULL, NULL); /* group stop: stays stopped */
            w->stopped = 0;
        } else {
            w->interrupted = 0; /* our PTRACE_INTERRUPT */
        }
        return;
    }
    if (sig == SIGTRAP && w->cfg.mode == VMWATCH_DEBUGREG) {
        int ok = 1;
        unsigned long dr6 = (unsigned long)peek_dr(w->cfg.tid, 6, &ok);
        if (ok && (dr6 & DR6_HITS)) {
            (void)poke_dr(w->cfg.tid, 6, 0);
            for (unsigned r = 0; r < w->nw; r++)
                if (dr6 & (1ul << r))
                    on_trap(w, w->reg_desc[r]);
            return;
        }
    }
    w->inject = sig; /* not ours: QEMU gets it */
    count(w, &w->st.signals);
}

/* Bring the thread to a stop (it may be running). 0, or -1 when it is gone. */
static int stop_thread(struct vmwatch *w)
{
    while (!w->stopped) {
        if (!w->interrupted) {
            if (ptrace(PTRACE_INTERRUPT, w->cfg.tid, NULL, NULL) != 0)
                return -1;
            w->interrupted = 1;
        }
        int st;
        int r = wait_thread(w, &st);
        if (r == 0)
            return -1;
        if (r > 0)
            on_stop(w, st); /* a trap met on the way counts (held unless stopping) */
    }
    return 0;
}

/* ---- VMWATCH_STEP: single steps after each frame read ------------------- *
 * The thread runs under PTRACE_SYSCALL; after each recvfrom() that returns
 * a frame it is single-stepped to its next system call, each instruction
 * decoded (x86store.h) before it runs. Invariant: the window is pos .. pos
 * + nw - 1 and the watch never writes guest memory. */

#define SYS_RECVFROM_NR 45 /* x86-64 */
#define SYSINFO_ENTRY 1
#define SYSINFO_EXIT 2
#define PTRACE_GET_SYSCALL_INFO_REQ 0x420e
#define TRACESYSGOOD 1 /* PTRACE_O_TRACESYSGOOD */

/* struct ptrace_syscall_info, by layout (linux/ptrace.h, Linux >= 5.3). */
struct sysinfo_layout {
    uint8_t op, pad[3];
    uint32_t arch;
    uint64_t ip, sp;
    union {
        struct { uint64_t nr, args[6]; } entry;
        struct { int64_t rval; uint8_t is_error; } exit;
    } u;
};

/* The DD bytes of the descriptors pos .. pos + nw - 1. 0 or -1. */
static int read_window(struct vmwatch *w, uint8_t *dd)
{
    for (unsigned k = 0; k < w->nw; k++) {
        unsigned d = (w->pos + k) % w->cfg.ndesc;
        if (pread(w->memfd, &dd[k], 1, (off_t)dd_addr(w, d)) != 1)
            return -1;
    }
    return 0;
}

/* Re-read the window after the position moved. */
static void reseat(struct vmwatch *w)
{
    if (read_window(w, w->seen) != 0)
        memset(w->seen, 0, sizeof(w->seen));
}

/* The code at ip (cached: QEMU's own code does not change). */
static size_t code_at(struct vmwatch *w, uint64_t ip, const uint8_t **code)
{
    struct code_line *l = &w->code[ip % CODE_LINES];
    if (l->ip != ip || !l->n) {
        ssize_t n = pread(w->memfd, l->bytes, sizeof(l->bytes), (off_t)ip);
        l->ip = ip;
        l->n = n > 0 ? (uint8_t)n : 0;
    }
    *code = l->bytes;
    return l->n;
}

static void regs_in_encoding_order(const struct user_regs_struct *u, struct x86store_regs *r)
{
    const uint64_t g[16] = {u->rax, u->rcx, u->rdx, u->rbx, u->rsp, u->rbp, u->rsi, u->rdi,
                            u->r8,  u->r9,  u->r10, u->r11, u->r12, u->r13, u->r14, u->r15};
    memcpy(r->gpr, g, sizeof(g));
}

/* The instruction at ip ran with the registers `before`: did it store on a
 * DD byte of the window? A decoded store counts even when it left the byte
 * as it was. A change no decoded store explains is the guest's (DD set to
 * clear: it consumed), or an instruction the decoder does not know: counted
 * as a store when it set DD (the guest never does), else only as
 * `unexplained`. */
static void after_step(struct vmwatch *w, uint64_t ip, const struct user_regs_struct *before)
{
    uint64_t sa = 0;
    unsigned slen = 0;
    const uint8_t *code;
    size_t n = code_at(w, ip, &code);
    struct x86store_regs r;
    regs_in_encoding_order(before, &r);
    int store = n && x86store_range(code, n, &r, &sa, &slen);

    uint8_t now[VMWATCH_REGS];
    if (read_window(w, now) != 0)
        return;
    for (unsigned k = 0; k < w->nw; k++) {
        unsigned d = (w->pos + k) % w->cfg.ndesc;
        uint64_t a = dd_addr(w, d);
        int hit = store && a >= sa && a - sa < slen;
        if (!hit && now[k] != w->seen[k]) {
            if (!((w->seen[k] & 1) && !(now[k] & 1)) && (now[k] & 1)) {
                hit = 1; /* DD set by an instruction the decoder does not know */
                count(w, &w->st.undecoded);
            } else if (!((w->seen[k] & 1) && !(now[k] & 1))) {
                count(w, &w->st.unexplained);
            }
        }
        w->seen[k] = now[k];
        if (!hit)
            continue;
        if (k > 0) { /* the device moved on */
            w->pos = d;
            reseat(w);
        }
        on_trap(w, d); /* counts, and holds when DD is set */
        reseat(w);
        break; /* one instruction stores on one descriptor's DD byte */
    }
}

/* Step the thread until its next system call (or max_steps). Returns 0, or
 * -1 when it is gone. Leaves it stopped after that system call. */
static int step_frame(struct vmwatch *w)
{
    uint64_t max = w->cfg.max_steps ? w->cfg.max_steps : VMWATCH_STEPS;
    reseat(w);
    struct user_regs_struct regs, before;
    if (ptrace(PTRACE_GETREGS, w->cfg.tid, NULL, &regs) != 0)
        return -1;
    for (uint64_t n = 0; n < max && !atomic_load(&w->stop_req); n++) {
        int inject = w->inject;
        w->inject = 0;
        w->stopped = 0;
        before = regs;
        if (ptrace(PTRACE_SINGLESTEP, w->cfg.tid, NULL, (void *)(long)inject) != 0)
            return -1;
        int st, rc;
        while ((rc = wait_thread(w, &st)) < 0 && !atomic_load(&w->stop_req))
            ;
        if (rc == 0)
            return -1;
        if (rc < 0) { /* a stop was asked for: wait for the step to end first */
            if (wait_thread(w, &st) <= 0)
                return -1;
        }
        w->stopped = 1;
        if (WSTOPSIG(st) != SIGTRAP || (st >> 16) != 0) {
            if ((st >> 16) == 0) {
                w->inject = WSTOPSIG(st); /* a signal for QEMU: its handler is stepped too */
                count(w, &w->st.signals);
            }
            if (ptrace(PTRACE_GETREGS, w->cfg.tid, NULL, &regs) != 0)
                return -1;
            continue;
        }
        count(w, &w->st.steps);
        w->ip = before.rip; /* the instruction that just ran */
        after_step(w, before.rip, &before);
        if (ptrace(PTRACE_GETREGS, w->cfg.tid, NULL, &regs) != 0)
            return -1;
        if ((long)regs.orig_rax == -1)
            continue;
        /* A system call just ran: stop stepping, unless it read another frame. */
        if (!((long)regs.orig_rax == SYS_RECVFROM_NR && (long)regs.rax > 0))
            return 0;
        n = 0;
        count(w, &w->st.frames);
    }
    return 0;
}

/* A stop under PTRACE_SYSCALL. Leaves the thread stopped. */
static int on_step_stop(struct vmwatch *w, int st)
{
    if (WSTOPSIG(st) == (SIGTRAP | 0x80)) {
        w->stopped = 1;
        w->inject = 0;
        struct sysinfo_layout si;
        memset(&si, 0, sizeof(si));
        if (ptrace(PTRACE_GET_SYSCALL_INFO_REQ, w->cfg.tid,
                   (void *)sizeof(si), &si) <= 0)
            return 0;
        if (si.op == SYSINFO_ENTRY) {
            w->sys_nr = (long)si.u.entry.nr;
        } else if (si.op == SYSINFO_EXIT) {
            long nr = w->sys_nr;
            w->sys_nr = -1;
            if (nr == SYS_RECVFROM_NR && si.u.exit.rval > 0 && !si.u.exit.is_error) {
                count(w, &w->st.frames);
                return step_frame(w);
            }
        }
        return 0;
    }
    on_stop(w, st);
    return 0;
}

/* Resume under PTRACE_SYSCALL (VMWATCH_STEP) or PTRACE_CONT. */
static void resume_mode(struct vmwatch *w)
{
    if (w->cfg.mode != VMWATCH_STEP || !w->stopped) {
        resume(w);
        return;
    }
    (void)ptrace(PTRACE_SYSCALL, w->cfg.tid, NULL, (void *)(long)w->inject);
    w->stopped = 0;
    w->inject = 0;
}

/* ---- do the debug registers fire here? ---------------------------------- */

/* Some hypervisors accept DR0-3 and DR7 but never deliver the debug
 * exception (measured: a Firecracker guest on AMD EPYC; gdb's hardware
 * watchpoints stay silent there too). A forked scratch child stores on a
 * watched byte once: a trap proves them, a clean exit disproves them.
 * Runs on the tracer thread (its ptrace requests must come from there).
 * 1 they fire, 0 they do not (why says so), -1 could not tell (why). */
static int dr_selftest(char *why, size_t len)
{
    static volatile uint8_t scratch[64];
    int go[2];
    if (pipe(go) != 0) {
        snprintf(why, len, "cannot test the debug registers: pipe: %s", strerror(errno));
        return -1;
    }
    pid_t child = fork();
    if (child < 0) {
        snprintf(why, len, "cannot test the debug registers: fork: %s", strerror(errno));
        close(go[0]);
        close(go[1]);
        return -1;
    }
    if (child == 0) { /* async-signal-safe only: the parent has threads */
        char c;
        close(go[1]);
        if (read(go[0], &c, 1) == 1)
            scratch[12] = 1;
        _exit(0);
    }
    close(go[0]);
    int rc = -1, st;
    if (ptrace(PTRACE_SEIZE, child, NULL, NULL) != 0 ||
        ptrace(PTRACE_INTERRUPT, child, NULL, NULL) != 0 || waitpid(child, &st, __WALL) != child) {
        snprintf(why, len, "ptrace refused on a scratch child: %s", strerror(errno));
        kill(child, SIGKILL);
    } else if (poke_dr(child, 0, (unsigned long)&scratch[12]) != 0 ||
               poke_dr(child, 7, DR7_LOCAL(0) | DR7_WRITE_1BYTE(0)) != 0) {
        snprintf(why, len, "the kernel refused a debug register (PTRACE_POKEUSER: %s)",
                 strerror(errno));
        kill(child, SIGKILL);
    } else {
        (void)ptrace(PTRACE_CONT, child, NULL, NULL);
        if (write(go[1], "g", 1) != 1)
            kill(child, SIGKILL);
        rc = 0;
        while (waitpid(child, &st, __WALL) == child && WIFSTOPPED(st)) {
            int sig = WSTOPSIG(st);
            if (sig == SIGTRAP && (st >> 16) == 0)
                rc = 1;
            (void)poke_dr(child, 7, 0);
            (void)ptrace(PTRACE_CONT, child, NULL, (void *)(long)(sig == SIGTRAP ? 0 : sig));
        }
        if (rc == 0)
            snprintf(why, len, "this host accepts the x86 debug registers but never raises their"
                     " trap (its hypervisor does not pass debug exceptions on): no hardware"
                     " watchpoint here");
    }
    close(go[1]);
    while (waitpid(child, &st, __WALL) == child && !WIFEXITED(st) && !WIFSIGNALED(st))
        ;
    return rc;
}

/* ---- arming and disarming ----------------------------------------------- */

static int arm(struct vmwatch *w)
{
    w->nw = w->cfg.ndesc < VMWATCH_REGS ? w->cfg.ndesc : VMWATCH_REGS;
    if (aim_window(w, w->cfg.start_idx % w->cfg.ndesc) != 0) {
        set_refused(w, "the kernel refused a debug register (PTRACE_POKEUSER DR0-3: %s)",
                    strerror(errno));
        return -1;
    }
    unsigned long dr7 = 0;
    for (unsigned r = 0; r < w->nw; r++)
        dr7 |= DR7_LOCAL(r) | DR7_WRITE_1BYTE(r);
    int ok = 1;
    if (poke_dr(w->cfg.tid, 7, dr7) != 0) {
        set_refused(w, "the kernel refused to enable the debug registers (PTRACE_POKEUSER DR7:"
                    " %s)", strerror(errno));
        return -1;
    }
    if ((unsigned long)peek_dr(w->cfg.tid, 7, &ok) != dr7 || !ok) {
        set_refused(w, "the debug registers did not take (DR7 reads back otherwise)");
        return -1;
    }
    return 0;
}

/* Remove every register and read them back (thread stopped). */
static void disarm(struct vmwatch *w)
{
    (void)poke_dr(w->cfg.tid, 7, 0);
    for (int r = 0; r < VMWATCH_REGS; r++)
        (void)poke_dr(w->cfg.tid, r, 0);
    (void)poke_dr(w->cfg.tid, 6, 0);
    int ok = 1;
    uint64_t left = (uint64_t)peek_dr(w->cfg.tid, 7, &ok);
    for (int r = 0; r < VMWATCH_REGS; r++)
        left |= (uint64_t)peek_dr(w->cfg.tid, r, &ok);
    pthread_mutex_lock(&w->mu);
    w->st.dr_left = ok ? left : UINT64_MAX;
    pthread_mutex_unlock(&w->mu);
}

static void set_phase(struct vmwatch *w, int phase)
{
    pthread_mutex_lock(&w->mu);
    w->phase = phase;
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
}

/* Detach, passing on a signal QEMU was due. */
static void detach(struct vmwatch *w)
{
    (void)ptrace(PTRACE_DETACH, w->cfg.tid, NULL, (void *)(long)(w->stopped ? w->inject : 0));
    w->stopped = 0;
}

static void *tracer_main(void *arg)
{
    struct vmwatch *w = arg;
    sigset_t wake;
    sigemptyset(&wake);
    sigaddset(&wake, VMWATCH_WAKE);
    pthread_sigmask(SIG_UNBLOCK, &wake, NULL);

    char task[64];
    snprintf(task, sizeof(task), "/proc/%d/task/%d", (int)w->cfg.pid, (int)w->cfg.tid);
    if (access(task, F_OK) != 0) {
        set_refused(w, "no thread %d in QEMU's process %d", (int)w->cfg.tid, (int)w->cfg.pid);
        set_phase(w, PH_REFUSED);
        return NULL;
    }
    int step = w->cfg.mode == VMWATCH_STEP;
    w->sys_nr = -1;
    w->memfd = vmram_open(w->cfg.pid, 0); /* read only: the watch never writes guest RAM */
    if (w->memfd < 0) {
        set_refused(w, "cannot open QEMU's memory (/proc/%d/mem): %s", (int)w->cfg.pid,
                    strerror(errno));
        set_phase(w, PH_REFUSED);
        return NULL;
    }
    char why[160];
    if (!step && dr_selftest(why, sizeof(why)) != 1) {
        set_refused(w, "%s", why);
        close(w->memfd);
        set_phase(w, PH_REFUSED);
        return NULL;
    }
    if (ptrace(PTRACE_SEIZE, w->cfg.tid, NULL, NULL) != 0) {
        explain_seize(w, errno);
        close(w->memfd);
        set_phase(w, PH_REFUSED);
        return NULL;
    }
    int gone = stop_thread(w) != 0;
    if (!gone && step) {
        w->nw = w->cfg.ndesc < VMWATCH_REGS ? w->cfg.ndesc : VMWATCH_REGS;
        w->pos = w->cfg.start_idx % w->cfg.ndesc;
        if (ptrace(PTRACE_SETOPTIONS, w->cfg.tid, NULL, (void *)(long)TRACESYSGOOD) != 0) {
            set_refused(w, "ptrace refused its options on QEMU's thread: %s", strerror(errno));
            detach(w);
            close(w->memfd);
            set_phase(w, PH_REFUSED);
            return NULL;
        }
    }
    if (gone || (!step && arm(w) != 0)) {
        if (gone)
            set_refused(w, "QEMU's thread %d ended while the watchpoint was set up",
                        (int)w->cfg.tid);
        else
            disarm(w);
        detach(w);
        close(w->memfd);
        set_phase(w, PH_REFUSED);
        return NULL;
    }
    pthread_mutex_lock(&w->mu);
    w->st.watched = w->nw;
    pthread_mutex_unlock(&w->mu);
    resume_mode(w);
    set_phase(w, PH_ARMED);

    while (!atomic_load(&w->stop_req)) {
        if (atomic_load(&w->aim_req)) {
            if (stop_thread(w) != 0) {
                gone = 1;
                break;
            }
            atomic_store(&w->aim_req, 0);
            close_writeback(w);
            if (step)
                w->pos = atomic_load(&w->aim_idx) % w->cfg.ndesc;
            else
                (void)aim_window(w, atomic_load(&w->aim_idx) % w->cfg.ndesc);
            resume_mode(w);
            continue;
        }
        int st;
        int r = wait_thread(w, &st);
        if (r == 0) {
            gone = 1;
            break;
        }
        if (r < 0)
            continue; /* woken: look at the flags */
        if (step) {
            if (on_step_stop(w, st) != 0) {
                gone = 1;
                break;
            }
        } else {
            on_stop(w, st);
        }
        if (!atomic_load(&w->stop_req))
            resume_mode(w);
    }
    close_writeback(w);
    if (!gone && stop_thread(w) == 0) {
        if (step) {
            pthread_mutex_lock(&w->mu);
            w->st.dr_left = 0; /* none were set */
            pthread_mutex_unlock(&w->mu);
        } else {
            disarm(w);
        }
        detach(w);
    } else {
        pthread_mutex_lock(&w->mu);
        w->st.qemu_gone = 1;
        w->st.dr_left = 0; /* the thread and its registers are gone */
        snprintf(w->st.refused, sizeof(w->st.refused), "QEMU's thread %d ended while watched",
                 (int)w->cfg.tid);
        pthread_mutex_unlock(&w->mu);
    }
    close(w->memfd);
    set_phase(w, PH_DONE);
    return NULL;
}

struct vmwatch *vmwatch_start(const struct vmwatch_cfg *cfg, char *err, size_t errlen)
{
    if (cfg->pid <= 0 || cfg->tid <= 0 || cfg->ndesc == 0 || cfg->desc_size == 0 ||
        cfg->desc_size > DESC_MAX || cfg->dd_offset >= cfg->desc_size ||
        cfg->hold_ns > VMWATCH_HOLD_MAX_NS || cfg->ring_hva == 0 ||
        (cfg->mode != VMWATCH_DEBUGREG && cfg->mode != VMWATCH_STEP)) {
        snprintf(err, errlen, "watchpoint: bad configuration (pid %d, tid %d, %u descriptors of"
                 " %u bytes, DD at byte %u, hold %llu ns)", (int)cfg->pid, (int)cfg->tid,
                 cfg->ndesc, cfg->desc_size, cfg->dd_offset, (unsigned long long)cfg->hold_ns);
        return NULL;
    }
    if (install_wake(err, errlen) != 0)
        return NULL;
    struct vmwatch *w = calloc(1, sizeof(*w));
    if (!w) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    w->cfg = *cfg;
    w->cur_desc = -1;
    w->memfd = -1;
    w->phase = PH_STARTING;
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv, NULL);

    /* The tracer starts with every signal blocked; it unblocks only its own. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int rc = pthread_create(&w->thread, NULL, tracer_main, w);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0) {
        snprintf(err, errlen, "cannot start the watchpoint's thread: %s", strerror(rc));
        free(w);
        return NULL;
    }
    pthread_mutex_lock(&w->mu);
    while (w->phase == PH_STARTING)
        pthread_cond_wait(&w->cv, &w->mu);
    int refused = w->phase == PH_REFUSED;
    if (refused)
        snprintf(err, errlen, "%s", w->err);
    pthread_mutex_unlock(&w->mu);
    if (refused) {
        pthread_join(w->thread, NULL);
        pthread_mutex_destroy(&w->mu);
        pthread_cond_destroy(&w->cv);
        free(w);
        return NULL;
    }
    return w;
}

void vmwatch_stats(struct vmwatch *w, struct vmwatch_stats *out)
{
    pthread_mutex_lock(&w->mu);
    *out = w->st;
    pthread_mutex_unlock(&w->mu);
}

void vmwatch_aim(struct vmwatch *w, unsigned idx)
{
    atomic_store(&w->aim_idx, idx);
    atomic_store(&w->aim_req, 1);
    pthread_kill(w->thread, VMWATCH_WAKE);
}

void vmwatch_stop(struct vmwatch *w, struct vmwatch_stats *stats)
{
    if (!w)
        return;
    atomic_store(&w->stop_req, 1);
    /* Wake it until it is done: a wake that lands between its check of the
     * flag and its waitpid is lost, the next one is not. */
    pthread_mutex_lock(&w->mu);
    while (w->phase != PH_DONE) {
        pthread_kill(w->thread, VMWATCH_WAKE);
        struct timespec t;
        clock_gettime(CLOCK_REALTIME, &t);
        t.tv_nsec += 20000000;
        if (t.tv_nsec >= 1000000000) {
            t.tv_sec++;
            t.tv_nsec -= 1000000000;
        }
        pthread_cond_timedwait(&w->cv, &w->mu, &t);
    }
    pthread_mutex_unlock(&w->mu);
    pthread_join(w->thread, NULL);
    if (stats)
        *stats = w->st;
    pthread_mutex_destroy(&w->mu);
    pthread_cond_destroy(&w->cv);
    free(w);
}

#else /* not x86-64 */

struct vmwatch {
    int unused;
};

const char *vmwatch_unsupported(void)
{
    return "the watchpoint sets x86 debug registers: it needs an x86-64 host";
}

struct vmwatch *vmwatch_start(const struct vmwatch_cfg *cfg, char *err, size_t errlen)
{
    (void)cfg;
    snprintf(err, errlen, "%s", vmwatch_unsupported());
    return NULL;
}

void vmwatch_stats(struct vmwatch *w, struct vmwatch_stats *out)
{
    (void)w;
    memset(out, 0, sizeof(*out));
}

void vmwatch_aim(struct vmwatch *w, unsigned idx)
{
    (void)w;
    (void)idx;
}

void vmwatch_stop(struct vmwatch *w, struct vmwatch_stats *stats)
{
    (void)w;
    if (stats)
        memset(stats, 0, sizeof(*stats));
}

#endif
