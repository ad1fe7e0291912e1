// SPDX-License-Identifier: GPL-2.0-or-later
/* output.c - check that what a command writes reaches its reader; see
 * output.h. */
#include "cli/output.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "util/outfile.h"

static bool cli_output_reported; /* one line, however many checks fail */

/* err 0: the write failed earlier, inside a printf, and its errno is gone. */
static void report(int err)
{
    if (cli_output_reported)
        return;
    cli_output_reported = true;
    if (err != 0)
        cli_error("cannot write the output: %s (the result is lost)", strerror(err));
    else
        cli_error("cannot write the output (the result is lost)");
}

int cli_output_open(void)
{
    /* Closed stderr: reopen it on /dev/null (fd 2 is the lowest free one),
     * so that no file opened later becomes "stderr" and gets our messages. */
    if (fcntl(STDERR_FILENO, F_GETFD) < 0 && errno == EBADF) {
        int fd = open("/dev/null", O_WRONLY);
        if (fd >= 0 && fd != STDERR_FILENO)
            close(fd);
    }
    if (fcntl(STDOUT_FILENO, F_GETFD) < 0 && errno == EBADF) {
        report(EBADF);
        return EXIT_OUTPUT_LOST;
    }
    return 0;
}

bool cli_output_failed(FILE *f)
{
    errno = 0;
    if (fflush(f) == 0 && !ferror(f))
        return false;
    report(errno);
    return true;
}

int cli_output_close(int status)
{
    errno = 0;
    bool lost = fflush(stdout) != 0 || ferror(stdout);
    int err = errno;
    if (fclose(stdout) != 0 && !lost) {
        lost = true;
        err = errno;
    }
    if (!lost && !cli_output_reported)
        return status;
    report(err);
    return EXIT_OUTPUT_LOST;
}

int cli_file_check(const char *opt, const char *path)
{
    const char *why = NULL;
    if (outfile_check(path, &why) == 0)
        return 0;
    cli_error("--%s %s: cannot write: %s", opt, path, why);
    return EXIT_USAGE;
}

int cli_file_write(const char *opt, const char *path, const char *what,
                   int (*write)(FILE *f, const void *arg), const void *arg)
{
    struct outfile out;
    const char *why = NULL;
    if (outfile_open(&out, path, &why) == 0) {
        if (write(out.f, arg) != 0) {
            outfile_abort(&out);
            why = "out of memory";
        } else if (outfile_commit(&out, &why) == 0) {
            return 0;
        }
    }
    cli_error("--%s %s: cannot write: %s (the %s is lost)", opt, path, why, what);
    return EXIT_OUTPUT_LOST;
}
