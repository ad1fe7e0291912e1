// SPDX-License-Identifier: GPL-2.0-or-later
/* interrupt.c - record SIGINT, SIGTERM and SIGHUP; see interrupt.h. */
#include "cli/interrupt.h"

#include <string.h>

volatile sig_atomic_t cli_interrupt_signal;

static const int cli_stop_signals[] = {SIGINT, SIGTERM, SIGHUP};
#define NSTOP (sizeof(cli_stop_signals) / sizeof(cli_stop_signals[0]))

static void cli_on_signal(int sig)
{
    /* The second signal: the command did not stop in time for the user;
     * die of it as if there were no handler (async-signal-safe calls only). */
    if (cli_interrupt_signal != 0) {
        signal(sig, SIG_DFL);
        raise(sig);
        return;
    }
    cli_interrupt_signal = sig;
}

void cli_interrupt_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = cli_on_signal;
    sigemptyset(&sa.sa_mask);
    for (unsigned i = 0; i < NSTOP; i++) {
        /* SIGHUP ignored from the start (nohup) stays ignored: the user
         * asked for that. SIGINT is caught even when a script started us in
         * the background with it ignored, as the live run always did, so
         * that `kill -INT` from that script still stops us. */
        struct sigaction old;
        if (cli_stop_signals[i] == SIGHUP && sigaction(SIGHUP, NULL, &old) == 0 &&
            old.sa_handler == SIG_IGN)
            continue;
        sigaction(cli_stop_signals[i], &sa, NULL);
    }
}

bool cli_interrupted(void)
{
    return cli_interrupt_signal != 0;
}

void cli_interrupt_note(void)
{
    if (cli_interrupt_signal == 0)
        cli_interrupt_signal = SIGINT;
}
