// SPDX-License-Identifier: GPL-2.0-or-later
/* coro.c - coroutine switch: x86-64 or aarch64 assembly, or ucontext elsewhere. */
#include "explain/coro.h"

#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define XP_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define XP_ASAN 1
#endif
#endif

/* Under valgrind: the coroutine stacks are registered as stacks, so that a
 * switch is not taken for a huge frame, and a restored stack is marked
 * addressable before it is written (memcheck marks what lies below a
 * stack pointer as unaddressable, and a snapshot may reach deeper than the
 * frames the coroutine was last in). Without the header, or outside
 * valgrind, these are no-ops. */
#if defined(__has_include)
#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
#define XP_VALGRIND 1
#endif
#endif
#ifdef XP_VALGRIND
#define vg_stack_register(lo, hi) VALGRIND_STACK_REGISTER((lo), (hi))
#define vg_stack_deregister(id) VALGRIND_STACK_DEREGISTER(id)
#define vg_writable(p, n) VALGRIND_MAKE_MEM_UNDEFINED((p), (n))
#else
#define vg_stack_register(lo, hi) ((void)(lo), (void)(hi), 0u)
#define vg_stack_deregister(id) ((void)(id))
#define vg_writable(p, n) ((void)(p), (void)(n))
#endif

#ifdef XP_ASAN
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#define asan_start(save, bottom, size) __sanitizer_start_switch_fiber((save), (bottom), (size))
#define asan_finish(save, bottom, size) __sanitizer_finish_switch_fiber((save), (bottom), (size))
#define asan_unpoison(p, n) __asan_unpoison_memory_region((p), (n))
#else
#define asan_start(save, bottom, size) ((void)(save), (void)(bottom), (void)(size))
#define asan_finish(save, bottom, size) ((void)(save), (void)(bottom), (void)(size))
#define asan_unpoison(p, n) ((void)(p), (void)(n))
#endif

int xp_coro_alloc(struct xp_coro *c, size_t stack_size)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    stack_size = (stack_size + page - 1) / page * page;
    uint8_t *p = mmap(NULL, stack_size + page, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return -1;
    /* Guard page below the stack: an overflow faults instead of corrupting. */
    mprotect(p, page, PROT_NONE);
    c->stack = p + page;
    c->stack_size = stack_size;
    c->valgrind_stack_id = (unsigned)vg_stack_register(c->stack, (uint8_t *)c->stack + stack_size);
    return 0;
}

void xp_coro_free(struct xp_coro *c)
{
    if (c->stack != NULL) {
        size_t page = (size_t)sysconf(_SC_PAGESIZE);
        vg_stack_deregister(c->valgrind_stack_id);
        munmap((uint8_t *)c->stack - page, c->stack_size + page);
        c->stack = NULL;
    }
}

/* First code a coroutine runs, on its own stack. */
static void coro_entry(struct xp_coro *c)
{
    asan_finish(NULL, &c->caller_bottom, &c->caller_size);
    c->fn(c->arg);
    /* fn never returns (coro.h); if it did, there is nowhere to go. */
    __builtin_trap();
}

#ifndef XP_CORO_UCONTEXT

/* void xp_coro_switch(void **save_sp, void *new_sp): save the callee-saved
 * registers on the current stack, save the stack pointer in *save_sp, load
 * new_sp, restore the other side's registers from its stack, return into
 * it. xp_coro_boot is where a new coroutine's first "return" lands: it
 * calls coro_entry(c) with both taken from two callee-saved registers that
 * xp_coro_start() put in the first frame. */
void xp_coro_switch(void **save_sp, void *new_sp);

#if defined(__x86_64__)

/* System V x86-64: rbp, rbx, r12-r15 are callee-saved; the return address
 * is on the stack. */
__asm__(".text\n"
        ".p2align 4\n"
        ".globl xp_coro_switch\n"
        ".hidden xp_coro_switch\n"
        ".type xp_coro_switch,@function\n"
        "xp_coro_switch:\n"
        "    pushq %rbp\n"
        "    pushq %rbx\n"
        "    pushq %r12\n"
        "    pushq %r13\n"
        "    pushq %r14\n"
        "    pushq %r15\n"
        "    movq %rsp, (%rdi)\n"
        "    movq %rsi, %rsp\n"
        "    popq %r15\n"
        "    popq %r14\n"
        "    popq %r13\n"
        "    popq %r12\n"
        "    popq %rbx\n"
        "    popq %rbp\n"
        "    ret\n"
        ".size xp_coro_switch, .-xp_coro_switch\n"
        ".p2align 4\n"
        "xp_coro_boot:\n"
        "    movq %r12, %rdi\n"
        "    callq *%r13\n"
        "    ud2\n");
extern const char xp_coro_boot_label[] __asm__("xp_coro_boot");

void xp_coro_start(struct xp_coro *c, void (*fn)(void *arg), void *arg)
{
    c->fn = fn;
    c->arg = arg;
    c->asan_fake_stack = NULL;
    asan_unpoison(c->stack, c->stack_size);
    /* The frame xp_coro_switch pops: r15 r14 r13 r12 rbx rbp, return address.
     * After the pops and the ret, rsp must be 16-byte aligned, as it is just
     * before a call, because xp_coro_boot then calls coro_entry. */
    uintptr_t top = ((uintptr_t)c->stack + c->stack_size) & ~(uintptr_t)15;
    uint64_t *frame = (uint64_t *)(top - 72);
    frame[0] = 0;                                /* r15 */
    frame[1] = 0;                                /* r14 */
    frame[2] = (uint64_t)(uintptr_t)coro_entry;  /* r13 */
    frame[3] = (uint64_t)(uintptr_t)c;           /* r12 */
    frame[4] = 0;                                /* rbx */
    frame[5] = 0;                                /* rbp */
    frame[6] = (uint64_t)(uintptr_t)xp_coro_boot_label;
    c->sp = frame;
}

#elif defined(__aarch64__)

/* AAPCS64: x19-x28, the frame pointer x29, the link register x30 and the
 * low halves of v8-v15 (d8-d15) are callee-saved. The frame is 160 bytes,
 * a multiple of 16, so sp stays 16-byte aligned as AAPCS64 requires at
 * every access through it. ret returns to x30, the restored side's. */
#define XP_CORO_A64_FRAME 160
__asm__(".text\n"
        ".p2align 4\n"
        ".globl xp_coro_switch\n"
        ".hidden xp_coro_switch\n"
        ".type xp_coro_switch,%function\n"
        "xp_coro_switch:\n"
        "    sub sp, sp, #160\n"
        "    stp x19, x20, [sp, #0]\n"
        "    stp x21, x22, [sp, #16]\n"
        "    stp x23, x24, [sp, #32]\n"
        "    stp x25, x26, [sp, #48]\n"
        "    stp x27, x28, [sp, #64]\n"
        "    stp x29, x30, [sp, #80]\n"
        "    stp d8, d9, [sp, #96]\n"
        "    stp d10, d11, [sp, #112]\n"
        "    stp d12, d13, [sp, #128]\n"
        "    stp d14, d15, [sp, #144]\n"
        "    mov x9, sp\n"
        "    str x9, [x0]\n"
        "    mov sp, x1\n"
        "    ldp x19, x20, [sp, #0]\n"
        "    ldp x21, x22, [sp, #16]\n"
        "    ldp x23, x24, [sp, #32]\n"
        "    ldp x25, x26, [sp, #48]\n"
        "    ldp x27, x28, [sp, #64]\n"
        "    ldp x29, x30, [sp, #80]\n"
        "    ldp d8, d9, [sp, #96]\n"
        "    ldp d10, d11, [sp, #112]\n"
        "    ldp d12, d13, [sp, #128]\n"
        "    ldp d14, d15, [sp, #144]\n"
        "    add sp, sp, #160\n"
        "    ret\n"
        ".size xp_coro_switch, .-xp_coro_switch\n"
        ".p2align 4\n"
        ".globl xp_coro_boot\n"
        ".hidden xp_coro_boot\n"
        "xp_coro_boot:\n"
        "    mov x0, x19\n"
        "    blr x20\n"
        "    brk #0\n");
/* Hidden, so that its address is computed pc-relative: through the GOT,
 * a local label's entry would be the section's (a linker's GOT entries
 * for a section symbol ignore the addend). */
extern const char xp_coro_boot_label[] __asm__("xp_coro_boot") __attribute__((visibility("hidden")));

void xp_coro_start(struct xp_coro *c, void (*fn)(void *arg), void *arg)
{
    c->fn = fn;
    c->arg = arg;
    c->asan_fake_stack = NULL;
    asan_unpoison(c->stack, c->stack_size);
    /* The frame xp_coro_switch loads: x19..x28, x29, x30, d8..d15. x19 = c
     * and x20 = coro_entry for xp_coro_boot; x30 = xp_coro_boot, where the
     * ret lands; x29 = 0 ends frame-pointer walks. Once the frame is popped
     * sp is the 16-byte aligned top. */
    uintptr_t top = ((uintptr_t)c->stack + c->stack_size) & ~(uintptr_t)15;
    uint64_t *frame = (uint64_t *)(top - XP_CORO_A64_FRAME);
    memset(frame, 0, XP_CORO_A64_FRAME);
    frame[0] = (uint64_t)(uintptr_t)c;                  /* x19 */
    frame[1] = (uint64_t)(uintptr_t)coro_entry;         /* x20 */
    frame[11] = (uint64_t)(uintptr_t)xp_coro_boot_label; /* x30 */
    c->sp = frame;
}

#else
#error "coro.h picks XP_CORO_UCONTEXT for this architecture"
#endif

void xp_coro_resume(struct xp_coro *c)
{
    void *fake = NULL;
    asan_start(&fake, c->stack, c->stack_size);
    xp_coro_switch(&c->caller_sp, c->sp);
    asan_finish(fake, NULL, NULL);
}

void xp_coro_yield(struct xp_coro *c)
{
    asan_start(&c->asan_fake_stack, c->caller_bottom, c->caller_size);
    xp_coro_switch(&c->sp, c->caller_sp);
    asan_finish(c->asan_fake_stack, &c->caller_bottom, &c->caller_size);
}

bool xp_coro_can_snapshot(void)
{
    return true;
}

size_t xp_coro_stack_used(const struct xp_coro *c)
{
    return (size_t)((uint8_t *)c->stack + c->stack_size - (uint8_t *)c->sp);
}

/* The stack holds ASan redzones: copy it without ASan's checks (a plain
 * memcpy would be checked, and flagged, by ASan's interceptor). */
#ifdef XP_ASAN
__attribute__((no_sanitize_address)) static void raw_copy(void *dst, const void *src, size_t n)
{
    volatile uint64_t *d = dst;
    const volatile uint64_t *s = src;
    for (size_t i = 0; i < n / 8; i++)
        d[i] = s[i];
}
#else
static void raw_copy(void *dst, const void *src, size_t n)
{
    memcpy(dst, src, n);
}
#endif

void xp_coro_stack_save(const struct xp_coro *c, void *dst)
{
    raw_copy(dst, c->sp, xp_coro_stack_used(c));
}

/* c->sp must already hold the saved stack pointer of the snapshot. The
 * restored frames' redzones are not restored: under ASan the live part of
 * the stack is left unpoisoned (frames entered later get their own). */
void xp_coro_stack_restore(struct xp_coro *c, const void *src, size_t n)
{
    asan_unpoison(c->sp, n);
    vg_writable(c->sp, n); /* then the copy carries the snapshot's definedness */
    raw_copy(c->sp, src, n);
}

#else /* XP_CORO_UCONTEXT */

bool xp_coro_can_snapshot(void)
{
    return false;
}

size_t xp_coro_stack_used(const struct xp_coro *c)
{
    (void)c;
    return 0;
}

void xp_coro_stack_save(const struct xp_coro *c, void *dst)
{
    (void)c, (void)dst;
}

void xp_coro_stack_restore(struct xp_coro *c, const void *src, size_t n)
{
    (void)c, (void)src, (void)n;
}


/* makecontext passes int arguments only: the pointer goes in two halves. */
static void ucontext_entry(unsigned hi, unsigned lo)
{
    coro_entry((struct xp_coro *)(((uintptr_t)hi << 16 << 16) | (uintptr_t)lo));
}

void xp_coro_start(struct xp_coro *c, void (*fn)(void *arg), void *arg)
{
    uintptr_t p = (uintptr_t)c;
    c->fn = fn;
    c->arg = arg;
    c->asan_fake_stack = NULL;
    asan_unpoison(c->stack, c->stack_size);
    getcontext(&c->ctx);
    c->ctx.uc_stack.ss_sp = c->stack;
    c->ctx.uc_stack.ss_size = c->stack_size;
    c->ctx.uc_link = NULL;
    makecontext(&c->ctx, (void (*)(void))ucontext_entry, 2, (unsigned)(p >> 16 >> 16),
                (unsigned)(p & 0xffffffffu));
}

void xp_coro_resume(struct xp_coro *c)
{
    void *fake = NULL;
    asan_start(&fake, c->stack, c->stack_size);
    swapcontext(&c->caller, &c->ctx);
    asan_finish(fake, NULL, NULL);
}

void xp_coro_yield(struct xp_coro *c)
{
    asan_start(&c->asan_fake_stack, c->caller_bottom, c->caller_size);
    swapcontext(&c->ctx, &c->caller);
    asan_finish(c->asan_fake_stack, &c->caller_bottom, &c->caller_size);
}

#endif
