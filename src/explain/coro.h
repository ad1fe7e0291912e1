// SPDX-License-Identifier: GPL-2.0-or-later
/* coro.h - the explorer's coroutines: the device and the driver each run
 * on a stack of their own and hand control back to the scheduler at every
 * shared-memory access.
 *
 * Only two operations: xp_coro_resume() (scheduler -> coroutine) and
 * xp_coro_yield() (coroutine -> scheduler). A coroutine that is not resumed
 * again is simply abandoned: the explorer restarts every execution from the
 * beginning, so nothing on a coroutine's stack has to be unwound.
 *
 * On x86-64 and aarch64 the switch is a few instructions (callee-saved
 * registers and the stack pointer); elsewhere, or with -DXP_CORO_UCONTEXT,
 * it is ucontext's swapcontext (which musl does not have: there an
 * architecture without the assembly switch cannot run `explain`). Under AddressSanitizer every switch is announced with
 * __sanitizer_start/finish_switch_fiber so ASan knows which stack is live.
 */
#ifndef E1000_POC_XP_CORO_H
#define E1000_POC_XP_CORO_H

#include <stdbool.h>
#include <stddef.h>

#if !defined(__x86_64__) && !defined(__aarch64__) && !defined(XP_CORO_UCONTEXT)
#define XP_CORO_UCONTEXT 1
#endif
#ifdef XP_CORO_UCONTEXT
#include <ucontext.h>
#endif

struct xp_coro {
    void (*fn)(void *arg);
    void *arg;
    void *stack;        /* lowest address of the coroutine's stack */
    size_t stack_size;
#ifdef XP_CORO_UCONTEXT
    ucontext_t ctx, caller;
#else
    void *sp;           /* the coroutine's saved stack pointer */
    void *caller_sp;    /* the scheduler's, while the coroutine runs */
#endif
    void *asan_fake_stack;     /* ASan's fake stack of the side switched away from */
    const void *caller_bottom; /* the scheduler's stack, for the switch back (ASan) */
    size_t caller_size;
    unsigned valgrind_stack_id; /* the stack as registered with valgrind (0 elsewhere) */
};

/* Map a stack for a coroutine (with a guard page below it). 0, or -1. */
int xp_coro_alloc(struct xp_coro *c, size_t stack_size);
void xp_coro_free(struct xp_coro *c);

/* (Re)start c at fn(arg) on its stack; whatever c was doing is abandoned. */
void xp_coro_start(struct xp_coro *c, void (*fn)(void *arg), void *arg);

/* Run c until it yields. fn must never return: it yields forever instead. */
void xp_coro_resume(struct xp_coro *c);

/* From inside c: back to the xp_coro_resume() that ran it. */
void xp_coro_yield(struct xp_coro *c);

/* Snapshots of a suspended coroutine's stack, so that the explorer can
 * return to a state without replaying: the live part of the stack (from the
 * saved stack pointer up) is copied out and back to the same addresses.
 * Only with the assembly switches, where the saved stack pointer is known. */
bool xp_coro_can_snapshot(void);
size_t xp_coro_stack_used(const struct xp_coro *c);
void xp_coro_stack_save(const struct xp_coro *c, void *dst);   /* xp_coro_stack_used() bytes */
void xp_coro_stack_restore(struct xp_coro *c, const void *src, size_t n);

#endif
