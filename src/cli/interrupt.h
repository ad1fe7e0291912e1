// SPDX-License-Identifier: GPL-2.0-or-later
/* interrupt.h - Ctrl-C (SIGINT), SIGTERM and SIGHUP stop the whole command.
 *
 * The handler only records the signal; each command looks at
 * cli_interrupted() between its steps (a live run, a matrix cell, an
 * explain row, a search execution), stops, prints a summary of what was
 * done marked "interrupted", and exits EXIT_INTERRUPTED (130, the shell's
 * 128 + SIGINT). A second signal while the first is being handled kills the
 * process the ordinary way, so a stuck command can still be stopped. */
#ifndef E1000_POC_CLI_INTERRUPT_H
#define E1000_POC_CLI_INTERRUPT_H

#include <signal.h>
#include <stdbool.h>

/* The flag the handler sets: 0, or the number of the first signal. Long
 * loops outside cli/ (the explorer) are handed a pointer to it. */
extern volatile sig_atomic_t cli_interrupt_signal;

/* Install the handler for SIGINT, SIGTERM and SIGHUP (SIGHUP not if it
 * was ignored when the process started: nohup). */
void cli_interrupt_install(void);
/* A signal has asked the command to stop. */
bool cli_interrupted(void);
/* Record an interruption seen by a harness with handlers of its own (a
 * live run catches SIGINT, SIGTERM and SIGHUP itself while it runs). */
void cli_interrupt_note(void);

#endif
