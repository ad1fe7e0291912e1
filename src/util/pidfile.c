// SPDX-License-Identifier: GPL-2.0-or-later
/* pidfile.c - a PID file written and removed with care (see pidfile.h). */
#include "util/pidfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int pidfile_write(const char *path, struct pidfile *p, const char **why_out)
{
    char text[32];
    struct stat st;
    int n = snprintf(text, sizeof(text), "%ld\n", (long)getpid());
    const char *why = NULL;
    int fd = -1;
    p->ours = false;
    /* A block device or socket is not even opened. */
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode) &&
        !S_ISCHR(st.st_mode))
        why = S_ISDIR(st.st_mode) ? strerror(EISDIR)
                                  : "not a regular file, FIFO or character device: left as it is";
    else if ((fd = open(path, O_WRONLY | O_CREAT | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0666)) < 0)
        why = errno == ENXIO ? "a FIFO nobody reads" : strerror(errno);
    else if (fstat(fd, &st) != 0)
        why = strerror(errno);
    else if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode) && !S_ISCHR(st.st_mode))
        why = "not a regular file, FIFO or character device: left as it is";
    else if (S_ISREG(st.st_mode) && ftruncate(fd, 0) != 0)
        why = strerror(errno);
    else if ((errno = 0, write(fd, text, (size_t)n)) != n)
        why = errno != 0 ? strerror(errno) : "short write";
    if (fd >= 0 && close(fd) != 0 && why == NULL)
        why = strerror(errno);
    if (why != NULL) {
        *why_out = why;
        return -1;
    }
    p->dev = st.st_dev;
    p->ino = st.st_ino;
    p->ours = S_ISREG(st.st_mode);
    return 0;
}

void pidfile_remove(const char *path, const struct pidfile *p)
{
    struct stat st;
    if (p->ours && lstat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_dev == p->dev &&
        st.st_ino == p->ino)
        unlink(path);
}
