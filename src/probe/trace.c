// SPDX-License-Identifier: GPL-2.0-or-later
/* trace.c - the store tracer: which stores does a copy routine make?
 *
 * Method. Before forking, the parent lays out an arena on its stack: a
 * source filled with bytes that are never the sentinel, and a destination
 * window (the copy's bytes plus guard bytes on both sides) filled with the
 * sentinel. The forked child asks to be traced, runs the copy a few times
 * into a scratch area (so the PLT slot and the C library's IFUNC are
 * resolved and every page is faulted in), executes a breakpoint instruction
 * to hand over (int3 on x86-64, brk on aarch64), then runs the copy once
 * into the window and calls probe_child_done().
 * The parent single-steps it from the breakpoint to probe_child_done()
 * (PTRACE_SINGLESTEP on both architectures); after
 * every instruction it reads the window. Each byte that differs from the
 * sentinel was stored by that instruction: the parent records one store per
 * run of changed bytes and writes the sentinel back, so a later store of
 * the very same bytes shows up again (glibc's two identical 16-byte
 * stores).
 *
 * Why the recorded range is exact: a copy stores source bytes, and no
 * source byte equals the sentinel, so every byte a store covers differs
 * from the sentinel right after it (the range is not too narrow, even for
 * a store that rewrites what is already there); bytes it does not cover
 * still hold the sentinel, because the parent restored it after the
 * previous step (the range is not too wide). The parent also checks that
 * every changed byte holds the source byte that belongs there, and that no
 * guard byte changed.
 *
 * Both processes share the arena's addresses (the child is a fork), so the
 * parent reads and writes the child's window with PTRACE_PEEKDATA and
 * PTRACE_POKEDATA at the addresses it computed itself. Stepping is bounded
 * by PROBE_STEP_MAX; a 16-byte copy takes a few dozen steps, a millisecond.
 *
 * Program order is what a trace shows. On x86-64 it is also the order other
 * CPUs see the stores in; on aarch64 it is not, stores with no barrier
 * between them may become visible in any order (docs/platforms.md).
 *
 * Where there is no ptrace at all - user-mode emulation (qemu-user) - the
 * child's PTRACE_TRACEME fails with ENOSYS and the probe says so (exit 125).
 * Any other architecture: the probe refuses at run time, same exit status.
 */
#include "probe/probe.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if (defined(__x86_64__) || defined(__aarch64__)) && defined(__linux__)
#define PROBE_CAN_TRACE 1
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/types.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>
#if defined(__aarch64__)
#include <elf.h>
#include <sys/uio.h>
#endif
#else
#define PROBE_CAN_TRACE 0
#endif

#define PROBE_SENTINEL 0xA5
#define PROBE_GUARD 16         /* guard bytes before the descriptor and after the copy */
#define PROBE_STEP_MAX 200000u /* instructions; a traced 16-byte memcpy takes ~30 */
#define PROBE_WARMUPS 3

/* Source byte i: 0x10..0x4f, never the sentinel (see the header comment). */
static inline uint8_t probe_src_byte(size_t i)
{
    return (uint8_t)(0x10 + (i & 0x3f));
}
_Static_assert(PROBE_SENTINEL < 0x10 || PROBE_SENTINEL > 0x4f, "source bytes avoid the sentinel");

/* Everything the child touches, at the same addresses in both processes.
 * The descriptor starts PROBE_GUARD bytes into dst: 16-byte aligned, as
 * descriptors in guest memory are. */
#define PROBE_AREA (PROBE_GUARD + PROBE_OFF_MAX + 1 + PROBE_LEN_MAX + PROBE_GUARD + 8)
struct probe_arena {
    _Alignas(64) uint8_t dst[PROBE_AREA];
    _Alignas(64) uint8_t src[PROBE_AREA];
    _Alignas(64) uint8_t scratch[PROBE_AREA];
};

bool probe_is_rep_string(const uint8_t *code, size_t n)
{
    bool rep = false;
    size_t i = 0;
    /* Legacy prefixes in any order: segment overrides, operand and address
     * size, lock, and the two repeat prefixes we are looking for. */
    for (; i < n; i++) {
        uint8_t b = code[i];
        if (b == 0xf2 || b == 0xf3)
            rep = true;
        else if (!(b == 0x26 || b == 0x2e || b == 0x36 || b == 0x3e || b == 0x64 ||
                   b == 0x65 || b == 0x66 || b == 0x67 || b == 0xf0))
            break;
    }
    if (i < n && code[i] >= 0x40 && code[i] <= 0x4f) /* REX */
        i++;
    if (i >= n)
        return false;
    /* movs (a4, a5) and stos (aa, ab): the string instructions that store. */
    return rep && (code[i] == 0xa4 || code[i] == 0xa5 || code[i] == 0xaa || code[i] == 0xab);
}

#if PROBE_CAN_TRACE

/* ---- what differs per architecture: the hand-over and the program counter */

#if defined(__x86_64__)

/* int3 stops with rip just after it: the parent steps on from there. */
#define PROBE_HANDOVER() __asm__ __volatile__("int3" ::: "memory")

static int get_pc(pid_t pid, uintptr_t *pc)
{
    struct user_regs_struct regs;
    if (ptrace(PTRACE_GETREGS, pid, NULL, &regs) != 0)
        return -1;
    *pc = regs.rip;
    return 0;
}

static int skip_handover(pid_t pid)
{
    (void)pid;
    return 0;
}

static bool is_string_store(const uint8_t *code, size_t n)
{
    return probe_is_rep_string(code, n);
}

#elif defined(__aarch64__)

/* brk stops with pc AT the brk (the kernel does not step over it): the
 * parent moves pc past its 4 bytes before stepping. The registers go
 * through PTRACE_GETREGSET/SETREGSET (arm64 has no PTRACE_GETREGS). */
#define PROBE_HANDOVER() __asm__ __volatile__("brk #0x3e8" ::: "memory")

static int regs_io(pid_t pid, int request, struct user_regs_struct *regs)
{
    struct iovec io = {.iov_base = regs, .iov_len = sizeof(*regs)};
    return ptrace((enum __ptrace_request)request, pid, (void *)(uintptr_t)NT_PRSTATUS, &io) == 0 ? 0 : -1;
}

static int get_pc(pid_t pid, uintptr_t *pc)
{
    struct user_regs_struct regs;
    if (regs_io(pid, PTRACE_GETREGSET, &regs) != 0)
        return -1;
    *pc = (uintptr_t)regs.pc;
    return 0;
}

static int skip_handover(pid_t pid)
{
    struct user_regs_struct regs;
    if (regs_io(pid, PTRACE_GETREGSET, &regs) != 0)
        return -1;
    regs.pc += 4;
    return regs_io(pid, PTRACE_SETREGSET, &regs);
}

/* arm64 has no rep-prefixed string stores. Its FEAT_MOPS copies (cpyp,
 * cpym, cpye; glibc's memcpy uses them from 2.38 on CPUs that have them)
 * would deserve the same "unknown at speed", but they are not decoded
 * here: the glibc this was checked with (2.36) has no MOPS variant. */
static bool is_string_store(const uint8_t *code, size_t n)
{
    (void)code, (void)n;
    return false;
}

#endif

/* The child's exit status when PTRACE_TRACEME fails: base + errno. */
#define PROBE_EXIT_TRACEME 64
#define PROBE_EXIT_MAX 127

static char probe_why[256]; /* the reason of the last failure */

static const char *fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static const char *fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(probe_why, sizeof(probe_why), fmt, ap);
    va_end(ap);
    return probe_why;
}

/* The marker the parent stops at: the copy has returned. Kept out of line
 * and distinct so that its address is where the child's next instruction
 * is once the copy is done. */
__attribute__((noinline, used)) void probe_child_done(void);
__attribute__((noinline, used)) void probe_child_done(void)
{
    __asm__ __volatile__("" ::: "memory");
}

typedef void (*probe_copy_fn)(volatile void *dst, const void *src, size_t len, unsigned gap);

static __attribute__((noreturn)) void probe_child(probe_copy_fn copy, struct probe_arena *a,
                                                  size_t len, size_t off)
{
    if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) != 0) {
        int e = errno;
        _exit(PROBE_EXIT_TRACEME + (e > 0 && e < PROBE_EXIT_MAX - PROBE_EXIT_TRACEME ? e : 0));
    }
    for (int i = 0; i < PROBE_WARMUPS; i++)
        copy(a->scratch + PROBE_GUARD + off, a->src + PROBE_GUARD + off, len, 0);
    PROBE_HANDOVER(); /* the parent takes over here */
    copy(a->dst + PROBE_GUARD + off, a->src + PROBE_GUARD + off, len, 0);
    probe_child_done();
    _exit(0);
}

/* Executable mappings of this process (and so of the forked child), to
 * tell which code object an instruction belongs to. */
#define PROBE_MAPS_MAX 128
struct probe_code_map {
    uintptr_t lo, hi;
    unsigned long long dev_ino; /* object identity; 0 for anonymous code */
};
struct probe_code_maps {
    unsigned n;
    struct probe_code_map m[PROBE_MAPS_MAX];
};

static void read_code_maps(struct probe_code_maps *cm)
{
    char line[512];
    FILE *f = fopen("/proc/self/maps", "r");
    cm->n = 0;
    if (f == NULL)
        return;
    while (cm->n < PROBE_MAPS_MAX && fgets(line, sizeof(line), f) != NULL) {
        unsigned long lo, hi, off, ino;
        unsigned maj, min;
        char perms[8];
        if (sscanf(line, "%lx-%lx %7s %lx %x:%x %lu", &lo, &hi, perms, &off, &maj, &min, &ino) != 7 ||
            strchr(perms, 'x') == NULL)
            continue;
        struct probe_code_map *m = &cm->m[cm->n++];
        m->lo = lo;
        m->hi = hi;
        m->dev_ino = ino ? ((unsigned long long)maj << 52 | (unsigned long long)min << 40 | ino) : 0;
    }
    fclose(f);
}

/* Object identity of the code at ip: +1 keeps 0 for "no mapping", and an
 * anonymous mapping counts as an object of its own. */
static unsigned long long code_object(const struct probe_code_maps *cm, uintptr_t ip)
{
    for (unsigned i = 0; i < cm->n; i++)
        if (ip >= cm->m[i].lo && ip < cm->m[i].hi)
            return cm->m[i].dev_ino ? cm->m[i].dev_ino : (1ull << 63) + cm->m[i].lo;
    return 0;
}

/* What may forbid ptrace here, for the refusal message. */
static const char *ptrace_policy(void)
{
    static char buf[96];
    int scope = -1;
    FILE *f = fopen("/proc/sys/kernel/yama/ptrace_scope", "r");
    if (f != NULL) {
        if (fscanf(f, "%d", &scope) != 1)
            scope = -1;
        fclose(f);
    }
    if (scope >= 2)
        snprintf(buf, sizeof(buf), "; kernel.yama.ptrace_scope is %d%s", scope,
                 scope == 2 ? ", which needs CAP_SYS_PTRACE" : ", which forbids it for everyone");
    else
        snprintf(buf, sizeof(buf), "; a seccomp policy or an outer tracer such as strace -f"
                                   " can cause this");
    return buf;
}

static int wait_stopped(pid_t pid, int *status)
{
    for (;;) {
        if (waitpid(pid, status, __WALL) == pid)
            return 0;
        if (errno != EINTR)
            return -1;
    }
}

static int peek_words(pid_t pid, uintptr_t addr, uint8_t *buf, size_t len)
{
    for (size_t i = 0; i < len; i += sizeof(long)) {
        errno = 0;
        long w = ptrace(PTRACE_PEEKDATA, pid, (void *)(addr + i), NULL);
        if (errno != 0)
            return -1;
        memcpy(buf + i, &w, sizeof(w));
    }
    return 0;
}

static int poke_word(pid_t pid, uintptr_t addr, const uint8_t *bytes)
{
    long w;
    memcpy(&w, bytes, sizeof(w));
    return ptrace(PTRACE_POKEDATA, pid, (void *)addr, (void *)w) == 0 ? 0 : -1;
}

/* The trace proper, child stopped at its int3. */
static const char *step_through(pid_t pid, const struct probe_arena *a, size_t len, size_t off,
                                struct probe_result *r, bool *reaped)
{
    /* The window: the descriptor from PROBE_GUARD before it to PROBE_GUARD
     * after the copy, in whole words. Window byte k is descriptor byte
     * k - PROBE_GUARD, i.e. arena dst[k]. */
    size_t win_len = (PROBE_GUARD + off + len + PROBE_GUARD + 7) & ~(size_t)7;
    uintptr_t win = (uintptr_t)a->dst;
    size_t first = PROBE_GUARD + off, end = PROBE_GUARD + off + len; /* the copy's bytes */
    uint8_t now[PROBE_AREA];
    struct probe_code_maps cm;
    uintptr_t ip;
    int status;

    read_code_maps(&cm);
    if (skip_handover(pid) != 0 || get_pc(pid, &ip) != 0)
        return fail("cannot read the traced child's registers: %s", strerror(errno));
    uintptr_t done = (uintptr_t)probe_child_done;
    unsigned long long obj = code_object(&cm, ip);
    /* The copy's entry is where execution first entered the code object
     * that stores (the C library). In a static build there is one object
     * only, so the entry known is the hand-over's: there the storing
     * instruction itself is kept, which names the routine that holds it. */
    const unsigned long long handover_obj = obj;
    uintptr_t obj_entry = ip;

    while (ip != done) {
        if (r->steps == PROBE_STEP_MAX)
            return fail("the copy did not return within %u instructions", PROBE_STEP_MAX);
        if (ptrace(PTRACE_SINGLESTEP, pid, NULL, NULL) != 0 || wait_stopped(pid, &status) != 0)
            return fail("single-stepping the traced child failed: %s", strerror(errno));
        if (!WIFSTOPPED(status)) {
            *reaped = true;
            return fail("the traced child ended in the middle of the copy (status 0x%x)", status);
        }
        if (WSTOPSIG(status) != SIGTRAP)
            return fail("the traced copy got signal %d (%s)", WSTOPSIG(status),
                        strsignal(WSTOPSIG(status)));
        r->steps++;
        uintptr_t stored_by = ip, stored_entry = obj_entry;
        if (get_pc(pid, &ip) != 0)
            return fail("cannot read the traced child's registers: %s", strerror(errno));
        unsigned long long o = code_object(&cm, ip);
        if (o != obj) {
            obj = o;
            obj_entry = ip;
        }

        if (peek_words(pid, win, now, win_len) != 0)
            return fail("cannot read the traced child's memory: %s", strerror(errno));
        bool changed_any = false;
        /* One store per run of changed bytes, ascending: an instruction
         * normally stores one contiguous range; should one ever store two,
         * both are recorded. */
        for (size_t k = 0; k < win_len;) {
            if (now[k] == PROBE_SENTINEL) {
                k++;
                continue;
            }
            size_t from = k;
            while (k < win_len && now[k] != PROBE_SENTINEL)
                k++;
            changed_any = true;
            if (from < first || k > end)
                return fail("the copy of %zu bytes at %zu wrote outside its destination"
                            " (window bytes [%zu,%zu))", len, off, from, k);
            for (size_t i = from; i < k; i++)
                if (now[i] != probe_src_byte(i))
                    return fail("the copy stored a byte that is not the source's (byte %zu)",
                                i - PROBE_GUARD);
            if (r->p.n == DMA_PATTERN_MAX)
                return fail("more than %d stores", DMA_PATTERN_MAX);
            r->p.s[r->p.n].off = (uint16_t)(from - first);
            r->p.s[r->p.n].len = (uint16_t)(k - from);
            r->store_ip[r->p.n] = stored_by;
            r->p.n++;
            if (r->entry == 0)
                r->entry = code_object(&cm, stored_by) == handover_obj ? stored_by : stored_entry;
        }
        if (!changed_any)
            continue;
        uint8_t code[16];
        if (peek_words(pid, stored_by, code, sizeof(code)) == 0 &&
            is_string_store(code, sizeof(code)))
            r->string_op = true;
        /* Put the sentinel back, so the next store of these bytes shows. */
        for (size_t w = 0; w < win_len; w += sizeof(long)) {
            uint8_t sentinel[sizeof(long)];
            memset(sentinel, PROBE_SENTINEL, sizeof(sentinel));
            if (memcmp(now + w, sentinel, sizeof(long)) != 0 && poke_word(pid, win + w, sentinel) != 0)
                return fail("cannot write the traced child's memory: %s", strerror(errno));
        }
    }
    return NULL;
}

int probe_trace_full(enum dma_copy_id id, size_t len, size_t off, struct probe_result *r,
                     const char **why)
{
    const char *reason = NULL;
    /* On the heap (4.5 KB): the probe runs under ulimit -s 24. */
    struct probe_arena *a = NULL;
    int status;

    memset(r, 0, sizeof(*r));
    if ((unsigned)id >= DMA_COPY_COUNT || len == 0 || len > PROBE_LEN_MAX || off > PROBE_OFF_MAX) {
        reason = fail("cannot trace a copy of %zu bytes at offset %zu (1..%d bytes at 0..%d)", len,
                      off, PROBE_LEN_MAX, PROBE_OFF_MAX);
        goto out;
    }
    if (!dma_copy_available(id, &reason))
        goto out;
    if ((a = aligned_alloc(_Alignof(struct probe_arena), sizeof(*a))) == NULL) {
        reason = fail("out of memory for the traced copy's buffers");
        goto out;
    }
    memset(a->dst, PROBE_SENTINEL, sizeof(a->dst));
    for (size_t i = 0; i < sizeof(a->src); i++)
        a->src[i] = probe_src_byte(i);
    memset(a->scratch, 0, sizeof(a->scratch));

    /* The child leaves by _exit: stdio buffers it inherited are never
     * flushed twice. */
    pid_t pid = fork();
    if (pid < 0) {
        reason = fail("cannot fork the traced child: %s", strerror(errno));
        goto out;
    }
    if (pid == 0)
        probe_child(dma_copies[id].copy, a, len, off);

    bool reaped = false;
    if (wait_stopped(pid, &status) != 0) {
        reason = fail("cannot wait for the traced child: %s", strerror(errno));
    } else if (!WIFSTOPPED(status)) {
        reaped = true;
        if (WIFEXITED(status) && WEXITSTATUS(status) >= PROBE_EXIT_TRACEME) {
            int e = WEXITSTATUS(status) - PROBE_EXIT_TRACEME;
            if (e == ENOSYS)
                reason = fail("this system has no ptrace (PTRACE_TRACEME: %s): user-mode emulation"
                              " such as qemu-user provides none; the probe single-steps a child"
                              " process and cannot work without it",
                              strerror(e));
            else
                reason = fail("ptrace is not permitted here (PTRACE_TRACEME: %s%s); the probe"
                              " single-steps a child process and cannot work without it",
                              e ? strerror(e) : "refused", ptrace_policy());
        } else {
            reason = fail("the traced child ended before its breakpoint (status 0x%x)", status);
        }
    } else if (WSTOPSIG(status) != SIGTRAP) {
        reason = fail("the traced child did not stop at its breakpoint (status 0x%x)", status);
    } else {
        (void)ptrace(PTRACE_SETOPTIONS, pid, NULL, (void *)PTRACE_O_EXITKILL);
        reason = step_through(pid, a, len, off, r, &reaped);
    }
    if (!reaped) {
        kill(pid, SIGKILL);
        while (waitpid(pid, &status, __WALL) < 0 && errno == EINTR)
            ;
    }
out:
    free(a);
    if (reason != NULL && why != NULL)
        *why = reason;
    return reason == NULL ? 0 : -1;
}

#else /* !PROBE_CAN_TRACE */

int probe_trace_full(enum dma_copy_id id, size_t len, size_t off, struct probe_result *r,
                     const char **why)
{
    (void)id, (void)len, (void)off;
    memset(r, 0, sizeof(*r));
    if (why != NULL)
        *why = "the store tracer single-steps x86-64 and aarch64 Linux code; this build is for"
               " another architecture or system, so the stores cannot be traced here";
    return -1;
}

#endif

int probe_trace(enum dma_copy_id id, size_t len, size_t off, struct dma_pattern *p,
                const char **why)
{
    struct probe_result r;
    if (probe_trace_full(id, len, off, &r, why) != 0)
        return -1;
    *p = r.p;
    return 0;
}
