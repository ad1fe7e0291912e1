// SPDX-License-Identifier: GPL-2.0-or-later
/* watch.c - hardware write breakpoints on descriptor status fields, and the
 * SIGTRAP handler that holds the device thread after a store that set DD.
 *
 * perf_event_attr is declared here, by its byte layout (which the kernel
 * keeps stable: fields are only ever appended), so that this builds with
 * kernel headers that predate the `sigtrap` bit and `sig_data` (< 5.13).
 * The flag bits are those of a little-endian u64 bit-field, as on x86-64
 * and arm64. */
#include "run/watch.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "model/nic.h"
#include "util/clock.h"
#include "util/cpu.h"

const char *const watch_delivery_names[2] = {
    [WATCH_SIGTRAP] = "perf sigtrap",
    [WATCH_FASYNC] = "F_SETSIG to the device thread",
};

/* ---- the kernel interface, declared by layout -------------------------- */

#define WATCH_PERF_TYPE_BREAKPOINT 5u /* PERF_TYPE_BREAKPOINT */
#define WATCH_HW_BREAKPOINT_W 2u      /* HW_BREAKPOINT_W */

/* Bits of the attribute's flag word (little-endian bit-field order). */
#define WATCH_ATTR_DISABLED (1ull << 0)
#define WATCH_ATTR_EXCLUDE_KERNEL (1ull << 5)
#define WATCH_ATTR_EXCLUDE_HV (1ull << 6)
#define WATCH_ATTR_REMOVE_ON_EXEC (1ull << 36)
#define WATCH_ATTR_SIGTRAP (1ull << 37)

/* struct perf_event_attr up to sig_data (PERF_ATTR_SIZE_VER7, 128 bytes). */
struct watch_perf_attr {
    uint32_t type, size;
    uint64_t config;
    uint64_t sample_period;
    uint64_t sample_type;
    uint64_t read_format;
    uint64_t flags;
    uint32_t wakeup_events;
    uint32_t bp_type;
    uint64_t bp_addr;
    uint64_t bp_len;
    uint64_t branch_sample_type;
    uint64_t sample_regs_user;
    uint32_t sample_stack_user;
    int32_t clockid;
    uint64_t sample_regs_intr;
    uint32_t aux_watermark;
    uint16_t sample_max_stack, reserved_2;
    uint32_t aux_sample_size, reserved_3;
    uint64_t sig_data;
};
_Static_assert(sizeof(struct watch_perf_attr) == 128, "perf_event_attr VER7 is 128 bytes");
_Static_assert(offsetof(struct watch_perf_attr, flags) == 40, "flag word at 40");
_Static_assert(offsetof(struct watch_perf_attr, bp_addr) == 56, "bp_addr at 56");
_Static_assert(offsetof(struct watch_perf_attr, sig_data) == 120, "sig_data at 120");

#ifndef F_SETSIG
#define F_SETSIG 10
#endif
#ifndef F_SETOWN_EX
#define F_SETOWN_EX 15
#define F_OWNER_TID 0
struct f_owner_ex {
    int type;
    pid_t pid;
};
#endif

static int perf_open(struct watch_perf_attr *a)
{
    return (int)syscall(SYS_perf_event_open, a, 0 /* this thread */, -1 /* any CPU */,
                        -1 /* no group */, 0UL);
}

/* A write breakpoint on [addr, addr + len) for the calling thread only.
 * Returns the fd, or -1 with errno. */
static int open_breakpoint(const volatile void *addr, size_t len, enum watch_delivery how)
{
    struct watch_perf_attr a;
    memset(&a, 0, sizeof(a));
    a.type = WATCH_PERF_TYPE_BREAKPOINT;
    a.size = sizeof(a);
    a.sample_period = 1; /* every store */
    a.wakeup_events = 1;
    a.bp_type = WATCH_HW_BREAKPOINT_W;
    a.bp_addr = (uint64_t)(uintptr_t)addr;
    a.bp_len = len;
    a.flags = WATCH_ATTR_EXCLUDE_KERNEL | WATCH_ATTR_EXCLUDE_HV;
    if (how == WATCH_SIGTRAP) {
        /* The kernel sends SIGTRAP to the thread that stored, before it
         * runs another instruction; it insists on remove_on_exec. */
        a.flags |= WATCH_ATTR_SIGTRAP | WATCH_ATTR_REMOVE_ON_EXEC;
        return perf_open(&a);
    }
    /* Older kernels: the overflow signal, sent to this thread. (A kernel
     * that knows fewer attribute bytes accepts the longer struct as long as
     * the bytes it does not know are zero.) */
    int fd = perf_open(&a);
    if (fd < 0)
        return -1;
    struct f_owner_ex owner = {F_OWNER_TID, (pid_t)syscall(SYS_gettid)};
    if (fcntl(fd, F_SETOWN_EX, &owner) != 0 || fcntl(fd, F_SETSIG, SIGTRAP) != 0 ||
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_ASYNC) != 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    return fd;
}

static const char *refusal(int err)
{
    switch (err) {
    case EACCES:
    case EPERM:
        return "refused by the kernel (perf_event_paranoid, seccomp or the container's"
               " policy)";
    case ENOENT:
    case EOPNOTSUPP:
        return "this kernel or CPU offers no hardware breakpoints to perf";
    case ENOSYS:
        return "perf_event_open is not available here (kernel without perf, or blocked)";
    case ENOSPC:
        return "no debug register is free (a debugger or another tool holds them)";
    default:
        return strerror(err);
    }
}

const char *watch_field_problem(size_t off, size_t len)
{
    if (len != 1 && len != 2 && len != 4 && len != 8)
        return "a hardware breakpoint watches 1, 2, 4 or 8 bytes";
    if (off % len != 0)
        return "a hardware breakpoint watches a field aligned to its length";
    return NULL;
}

/* ---- the handler ------------------------------------------------------- */

/* One run at a time. Written by the device thread (which also runs the
 * handler); read by others only after it has been joined. */
static struct {
    struct watch_target t;
    enum watch_delivery how;
    int fds[WATCH_MAX];
    unsigned n;
    volatile sig_atomic_t active;
    int64_t held; /* descriptor held during this receive, -1: none yet */
    struct watch_stats st;
    struct sigaction old;
} watch;

/* The watched field says "done" (the driver's own rule, nic.h): DD set, or
 * a length that is not 0 (a driver that polls length, linux-igb). */
static bool field_ready(const volatile uint8_t *field)
{
    const struct nic_ready_field r = {watch.t.status_off, watch.t.status_len,
                                      watch.t.ready_is_length};
    return nic_ready_field_done(&r, field - watch.t.status_off);
}

static uint64_t driver_progress(void)
{
    return __atomic_load_n(watch.t.driver_polls, __ATOMIC_RELAXED) +
           __atomic_load_n(watch.t.driver_consumed, __ATOMIC_RELAXED);
}

/* Runs on the device thread, right after one of its stores to a watched
 * status field. The descriptor being written back is the one at RDH (the
 * device advances RDH only after the write-back), so no lookup is needed. */
static void watch_on_trap(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)si;
    (void)uc;
    if (!watch.active)
        return;
    int saved_errno = errno;
    watch.st.traps++;
    uint32_t idx = *watch.t.rdh;
    if (idx >= watch.t.nb_desc)
        goto out;
    volatile uint8_t *status = watch.t.ring + (size_t)idx * 16u + watch.t.status_off;
    /* The store left DD clear (the first half of QEMU's fixed write-back):
     * nothing is published yet, nothing to hold. Nor after a later store
     * of a write-back already held once: the window that store could
     * close has been held open; what it wrote is what the race left. */
    if (!field_ready(status) || watch.held == (int64_t)idx)
        goto out;
    watch.held = idx;
    /* RACES on purpose: DD is visible, the driver may take the descriptor
     * and re-arm it while the device stands here; whatever store of the
     * copy comes next lands after the re-arm. */
    watch.st.holds++;
    uint64_t t0 = clock_now_ns(); /* clock_gettime: async-signal-safe */
    uint64_t seen = driver_progress();
    uint64_t polls0 = __atomic_load_n(watch.t.driver_polls, __ATOMIC_RELAXED);
    bool ran = false; /* the driver made progress during the hold */
    for (unsigned spin = 0; field_ready(status); spin++) {
        if (__atomic_load_n(watch.t.stop, __ATOMIC_RELAXED))
            goto out;
        /* Two empty polls: the driver found nothing where it looks, so it
         * looks elsewhere (it took this descriptor during the trap, or a
         * workaround refuses it): holding on cannot help. */
        if (__atomic_load_n(watch.t.driver_polls, __ATOMIC_RELAXED) - polls0 >= 2) {
            watch.st.elsewhere++;
            goto out;
        }
        if ((spin & 63) == 63) {
            uint64_t held = clock_now_ns() - t0;
            ran = ran || driver_progress() != seen;
            if ((ran && held >= WATCH_HOLD_NS) || held >= WATCH_HOLD_MAX_NS) {
                watch.st.timeouts++;
                goto out;
            }
        }
        cpu_relax();
    }
    watch.st.rearmed++;
out:
    errno = saved_errno;
}

/* ---- arming ------------------------------------------------------------ */

static void close_all(void)
{
    for (unsigned i = 0; i < watch.n; i++)
        close(watch.fds[i]);
    watch.n = 0;
}

/* Open breakpoints on `count` fields of `len` bytes, `stride` bytes apart
 * from `first`; stops at the first refusal after one success. Returns how
 * many, or -1 with errno from the first. */
static int open_spread(const volatile uint8_t *first, size_t stride, unsigned count, size_t len,
                       enum watch_delivery how)
{
    watch.n = 0;
    for (unsigned i = 0; i < count && i < WATCH_MAX; i++) {
        int fd = open_breakpoint(first + stride * i, len, how);
        if (fd < 0) {
            if (i == 0)
                return -1;
            break; /* fewer debug registers than hoped: use what we have */
        }
        watch.fds[watch.n++] = fd;
    }
    return (int)watch.n;
}

/* Some hypervisors grant the debug registers but never deliver their
 * traps: a widened run there would be an un-widened one that says it was
 * widened. So store to the first watched scratch byte and count the traps
 * (SIGTRAP on this thread, either delivery). */
static volatile sig_atomic_t selftest_traps;
static void selftest_on_trap(int sig)
{
    (void)sig;
    selftest_traps++;
}

static bool breakpoint_fires(volatile uint8_t *scratch)
{
    struct sigaction sa, old;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = selftest_on_trap;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTRAP, &sa, &old);
    sigset_t trap, was;
    sigemptyset(&trap);
    sigaddset(&trap, SIGTRAP);
    pthread_sigmask(SIG_UNBLOCK, &trap, &was);
    selftest_traps = 0;
    *scratch = 1;
    /* The sigtrap route traps before the next instruction; the F_SETSIG
     * route queues the signal, delivered at the latest on the way back
     * from a system call. */
    for (int i = 0; i < 1000 && selftest_traps == 0; i++)
        sched_yield();
    bool fired = selftest_traps > 0;
    pthread_sigmask(SIG_SETMASK, &was, NULL);
    sigaction(SIGTRAP, &old, NULL);
    return fired;
}

int watch_probe(enum watch_delivery *how, char *why, size_t len)
{
    static uint8_t scratch[WATCH_MAX][16] __attribute__((aligned(16)));
    /* E1000_POC_WATCH_DELIVERY=fasync: the older kernels' route on this
     * one, so that the tests cover it. */
    const char *force = getenv("E1000_POC_WATCH_DELIVERY");
    bool fasync = force != NULL && strcmp(force, "fasync") == 0;
    int n = -1;
    if (!fasync) {
        n = open_spread(&scratch[0][0], 16, WATCH_MAX, 1, WATCH_SIGTRAP);
        *how = WATCH_SIGTRAP;
    }
    if (fasync || (n < 0 && (errno == EINVAL || errno == E2BIG))) {
        /* No `sigtrap` in this kernel: the fcntl route. */
        n = open_spread(&scratch[0][0], 16, WATCH_MAX, 1, WATCH_FASYNC);
        *how = WATCH_FASYNC;
    }
    if (n < 0) {
        snprintf(why, len, "hardware write breakpoints (perf_event_open, PERF_TYPE_BREAKPOINT): %s",
                 refusal(errno));
        return -1;
    }
    bool fires = breakpoint_fires(&scratch[0][0]);
    close_all();
    if (!fires) {
        snprintf(why, len, "hardware write breakpoints are granted but do not fire on this host"
                           " (a store to a watched byte raised no trap: the hypervisor does not"
                           " deliver debug-register traps to this guest), so nothing would be"
                           " widened");
        return -1;
    }
    return n;
}

int watch_arm(const struct watch_target *t, char *why, size_t len)
{
    enum watch_delivery how;
    if (watch_probe(&how, why, len) < 0)
        return -1;
    memset(&watch.st, 0, sizeof(watch.st));
    watch.t = *t;
    watch.how = how;
    watch.active = 0;

    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = watch_on_trap;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTRAP, &sa, &watch.old);
    sigset_t trap;
    sigemptyset(&trap);
    sigaddset(&trap, SIGTRAP);
    pthread_sigmask(SIG_UNBLOCK, &trap, NULL);

    /* Spread over the ring, so that one lap passes all of them. */
    unsigned want = t->nb_desc < WATCH_MAX ? t->nb_desc : WATCH_MAX;
    size_t stride = (size_t)(t->nb_desc / want) * 16u;
    int n = open_spread(t->ring + t->status_off, stride, want, t->status_len, how);
    if (n < 0) {
        snprintf(why, len, "hardware write breakpoints on the ring: %s", refusal(errno));
        sigaction(SIGTRAP, &watch.old, NULL);
        return -1;
    }
    watch.st.watched = (unsigned)n;
    return n;
}

void watch_set_active(bool on)
{
    watch.held = -1;
    watch.active = on;
}

void watch_disarm(struct watch_stats *out)
{
    watch.active = 0;
    close_all();
    sigaction(SIGTRAP, &watch.old, NULL);
    *out = watch.st;
}
