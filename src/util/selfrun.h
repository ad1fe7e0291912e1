// SPDX-License-Identifier: GPL-2.0-or-later
/* selfrun.h - run this very program (/proc/self/exe) as a child with fixed
 * arguments and keep what it prints, as a terminal would show it (stdout
 * and stderr together, the first 4 MB). The child runs in a process group
 * of its own, so that a terminal's Ctrl-C reaches only the parent, which
 * passes the one signal on (*stop, the signal's number). Knows nothing of
 * NICs (util/: libc only). */
#ifndef E1000_POC_SELFRUN_H
#define E1000_POC_SELFRUN_H

#include <signal.h>
#include <stddef.h>

/* The exit status of a child that could not exec itself (as 125). */
#define SELFRUN_CANNOT_EXEC 125

struct selfrun_part {
    char *out;     /* stdout and stderr, as a terminal shows them; NULL: never started */
    size_t len;
    int status;    /* exit status; -1: did not run or was killed */
};

/* Run this binary with args (NULL-terminated, without argv[0]); keep its
 * output in p (free p->out). While it runs, a non-zero *stop is sent to
 * it once. 0, or -1 if it could not be started. */
int selfrun(const char *const *args, const volatile sig_atomic_t *stop, struct selfrun_part *p);

/* A file's text (an SVG a part wrote), without its XML declaration, or NULL. */
char *selfrun_read_svg(const char *path);

/* Remove a temporary folder and whatever a part left in it (a part
 * stopped by a signal may leave a temporary of its own). */
void selfrun_remove_folder(const char *dir);

#endif
