// SPDX-License-Identifier: GPL-2.0-or-later
/* selfrun.c - this program run as a child, its output kept (selfrun.h). */
#include "util/selfrun.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define CAPTURE_MAX (4u << 20) /* bytes kept of a part's output */

int selfrun(const char *const *args, const volatile sig_atomic_t *stop, struct selfrun_part *p)
{
    int fds[2];
    char *argv[16];
    unsigned n = 0;
    argv[n++] = "e1000_poc";
    for (; args[n - 1] != NULL && n < 15; n++)
        argv[n] = (char *)args[n - 1];
    argv[n] = NULL;
    *p = (struct selfrun_part){NULL, 0, -1};
    if (pipe(fds) != 0)
        return -1;
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        setpgid(0, 0); /* signals reach it through the report only */
        dup2(fds[1], STDOUT_FILENO);
        dup2(fds[1], STDERR_FILENO);
        close(fds[0]);
        close(fds[1]);
        execv("/proc/self/exe", argv);
        fprintf(stderr, "e1000_poc: report: cannot run itself: %s\n", strerror(errno));
        _exit(SELFRUN_CANNOT_EXEC);
    }
    setpgid(pid, 0); /* also here: no race with the child's own call */
    close(fds[1]);
    size_t cap = 0;
    bool passed_on = false;
    for (;;) {
        /* The report was signalled: pass the signal on, once; the part
         * stops, prints what it did, and the pipe ends. */
        if (*stop != 0 && !passed_on) {
            kill(pid, *stop);
            passed_on = true;
        }
        if (p->len + 4096 > cap && cap < CAPTURE_MAX) {
            size_t ncap = cap ? cap * 2 : 65536;
            char *b = realloc(p->out, ncap + 1);
            if (b == NULL)
                break;
            p->out = b;
            cap = ncap;
        }
        char sink[4096];
        bool keep = p->len + 4096 <= cap;
        ssize_t r = read(fds[0], keep ? p->out + p->len : sink, 4096);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        if (keep)
            p->len += (size_t)r;
    }
    close(fds[0]);
    if (p->out == NULL)
        p->out = calloc(1, 1);
    if (p->out != NULL)
        p->out[p->len] = '\0';
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    p->status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return p->out != NULL ? 0 : -1;
}

char *selfrun_read_svg(const char *path)
{
    FILE *f = fopen(path, "r");
    char *text = NULL;
    size_t len = 0;
    if (f == NULL)
        return NULL;
    FILE *m = open_memstream(&text, &len);
    if (m != NULL) {
        char buf[8192];
        size_t r;
        while ((r = fread(buf, 1, sizeof(buf), f)) > 0)
            fwrite(buf, 1, r, m);
        fclose(m);
    }
    fclose(f);
    if (text != NULL && strncmp(text, "<?xml", 5) == 0) {
        char *nl = strchr(text, '\n');
        if (nl != NULL)
            memmove(text, nl + 1, strlen(nl + 1) + 1);
    }
    return text;
}

void selfrun_remove_folder(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d != NULL && (e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            unlinkat(dirfd(d), e->d_name, 0);
    if (d != NULL)
        closedir(d);
    rmdir(dir);
}
