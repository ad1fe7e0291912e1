// SPDX-License-Identifier: GPL-2.0-or-later
/* stackguard.c - a stack overflow of the main thread ends in 125 and one
 * line; see stackguard.h. */
#include "cli/stackguard.h"

#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "cli/commands.h"

/* Where the main stack may grow to: from top down to its limit, plus the
 * kernel's guard gap (256 pages) below it, where the overflowing access
 * lands. */
#define GUARD_SLACK ((uintptr_t)1 << 20)

static uintptr_t sg_top, sg_low;
static struct sigaction sg_old; /* what SIGSEGV did before: any other fault goes there */
static char sg_msg[160];
static size_t sg_len;
/* The handler's own stack: static, since the faulting one is full. */
static char sg_altstack[64 << 10];

static void sg_on_segv(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    uintptr_t a = (uintptr_t)si->si_addr;
    if (a >= sg_low && a <= sg_top) {
        ssize_t w = write(STDERR_FILENO, sg_msg, sg_len);
        (void)w;
        _exit(EXIT_CANNOT_TEST);
    }
    /* Not the stack: a fault of another kind goes where it went before
     * (the default: a core). A real fault happens again when the
     * instruction is retried; a sent one is sent again. */
    sigaction(sig, &sg_old, NULL);
    if (si->si_code <= 0)
        raise(sig);
}

/* Under AddressSanitizer its own SIGSEGV handler reports faults with
 * their stacks: keep it. */
#if defined(__SANITIZE_ADDRESS__)
#define SG_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SG_ASAN 1
#endif
#endif

void cli_stackguard_install(const void *top)
{
    struct rlimit rl;
#ifdef SG_ASAN
    (void)top;
    return;
#endif
    if (getrlimit(RLIMIT_STACK, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
        return;
    sg_top = (uintptr_t)top;
    sg_low = sg_top > rl.rlim_cur + GUARD_SLACK ? sg_top - rl.rlim_cur - GUARD_SLACK : 0;
    int n = snprintf(sg_msg, sizeof(sg_msg),
                     "e1000_poc: the stack limit (ulimit -s %llu KB) is too small for this"
                     " command: raise it and retry\n",
                     (unsigned long long)(rl.rlim_cur >> 10));
    sg_len = n > 0 && (size_t)n < sizeof(sg_msg) ? (size_t)n : strlen(sg_msg);

    stack_t ss;
    memset(&ss, 0, sizeof(ss));
    ss.ss_sp = sg_altstack;
    ss.ss_size = sizeof(sg_altstack);
    if (sigaltstack(&ss, NULL) != 0)
        return;
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = sg_on_segv;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, &sg_old);
}
