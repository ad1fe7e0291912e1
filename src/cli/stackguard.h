// SPDX-License-Identifier: GPL-2.0-or-later
/* stackguard.h - a stack limit too small for the command is a resource
 * limit (exit 125 and one line), not a crash.
 *
 * The commands keep their large buffers off the stack, so that probe and
 * run work under `ulimit -s 24`; below what a command needs, the fault of
 * the main thread's stack running into its limit is caught on an
 * alternate stack, said in one line and ended with EXIT_CANNOT_TEST. Any
 * other fault (a bug) keeps the default action: a core, not a verdict. */
#ifndef E1000_POC_CLI_STACKGUARD_H
#define E1000_POC_CLI_STACKGUARD_H

/* Install the guard. top: the address of a variable in main's frame. Does
 * nothing when the stack has no limit. */
void cli_stackguard_install(const void *top);

#endif
