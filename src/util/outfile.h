// SPDX-License-Identifier: GPL-2.0-or-later
/* outfile.h - write a file whole or not at all. A command that will write
 * FILE checks first, before it prints or runs anything, that FILE can be
 * written (outfile_check); at the end it writes into a temporary file in
 * the same folder and renames it over FILE (outfile_open, outfile_commit),
 * so that a reader never sees half a picture and a failure leaves FILE as
 * it was. Knows nothing of NICs (util/: libc only).
 *
 * Invariant: an existing file that is not a regular file is never replaced
 * or removed. A FIFO or a character device (/dev/null, /dev/stdout on a
 * pipe or a terminal) is written into as it is, straight, without a
 * temporary (a FIFO nobody reads is refused: no waiting for a reader); a
 * path naming the same file as standard output or error is written through
 * that descriptor; a symbolic link to a regular file keeps the link and
 * replaces its target; anything else (block device, socket, folder, a link
 * to nothing) is refused. */
#ifndef E1000_POC_OUTFILE_H
#define E1000_POC_OUTFILE_H

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>

struct outfile {
    const char *path;
    char *target; /* the file renamed over (path, or a link's target); malloc'd */
    char tmp[PATH_MAX];
    bool direct;  /* written straight into path (FIFO, device, stdout) */
    FILE *f;
};

/* 0 if path can be written as above; else -1 with *why set (a static text,
 * strerror's or one of this module's). */
int outfile_check(const char *path, const char **why);

/* Start writing path: o->f is the temporary file (or the FIFO or device
 * itself). 0, or -1 with *why. */
int outfile_open(struct outfile *o, const char *path, const char **why);
/* Flush, close and rename over path (mode 0666 less the umask). 0, or -1
 * with *why, the temporary file removed (a write error: the result is lost,
 * for the caller's EXIT_OUTPUT_LOST). */
int outfile_commit(struct outfile *o, const char **why);
/* Give up: close and remove the temporary file. */
void outfile_abort(struct outfile *o);

#endif
