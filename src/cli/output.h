// SPDX-License-Identifier: GPL-2.0-or-later
/* output.h - the result must reach standard output, or the exit status
 * must say it did not.
 *
 * A verdict written to a full disk, a closed descriptor or a broken file
 * system is a lost result, not a verdict: the command says so in one line on
 * stderr and exits EXIT_OUTPUT_LOST (128). `git bisect run` aborts on a
 * status above 127, so a commit is never marked bad (1..127) or skipped
 * (125) because its result could not be written. (A closed pipe, as in
 * `| head`, still ends the process with SIGPIPE, as for any filter.) */
#ifndef E1000_POC_CLI_OUTPUT_H
#define E1000_POC_CLI_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

/* Before anything runs: standard output must be open. Returns 0, or
 * EXIT_OUTPUT_LOST after one line on stderr. Standard error, if closed, is
 * pointed at /dev/null so that no file the command opens takes its place. */
int cli_output_open(void);

/* While a command runs: true (after one line on stderr, once) if f can no
 * longer be written, so that a long run stops instead of computing a result
 * nobody will read. */
bool cli_output_failed(FILE *f);

/* At the end: flush and close standard output. Returns status, or
 * EXIT_OUTPUT_LOST after one line on stderr if anything written was lost. */
int cli_output_close(int status);

/* A file an option names (--svg, --html), written whole at the end: a
 * temporary file renamed over it (util/outfile.h). cli_file_check: before
 * anything runs, 0 or EXIT_USAGE after "--OPT PATH: cannot write: WHY".
 * cli_file_write: its bytes from write(f, arg) (not 0: out of memory);
 * 0, or EXIT_OUTPUT_LOST after the same line ending "(the WHAT is lost)". */
int cli_file_check(const char *opt, const char *path);
int cli_file_write(const char *opt, const char *path, const char *what,
                   int (*write)(FILE *f, const void *arg), const void *arg);

#endif
