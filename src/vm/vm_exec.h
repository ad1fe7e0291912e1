// SPDX-License-Identifier: GPL-2.0-or-later
/* vm_exec.h - run a short helper command and keep what it printed: the
 * QEMU's -version and -device help, probe through QEMU's own loader. Every
 * wait is bounded: a command that outlives its timeout is killed (its whole
 * process group) and reaped. */
#ifndef E1000_POC_VM_EXEC_H
#define E1000_POC_VM_EXEC_H

#include <stddef.h>

/* Runs argv[0] (a path, no PATH search) with stdin /dev/null, stdout and
 * stderr together into out (NUL-terminated, cut at outlen-1; the rest is
 * read and dropped). Returns the exit status (0..255), 256 + signal if it
 * died of one, -1 if it could not start (errno-style reason in out), -2 if
 * it was killed at the timeout. */
int vm_exec_capture(char *const argv[], char *out, size_t outlen, double timeout_s);

#endif
