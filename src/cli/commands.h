// SPDX-License-Identifier: GPL-2.0-or-later
/* commands.h - the subcommands of e1000_poc and their exit statuses.
 *
 * src/cli/: the command line. The entry point (main.c), the option tables
 * and their parser (cli.c, liveopt.c, build_defaults.c) and one front end
 * per subcommand (cmd_*.c), which turn argv into a harness's configuration,
 * hand the harness's result to a renderer (output/) and map it to an exit
 * status. It may use every other folder: output/, the harnesses (run/,
 * probe/, explain/, vm/), model/ and util/; nothing includes it.
 */
#ifndef E1000_POC_COMMANDS_H
#define E1000_POC_COMMANDS_H

#include <stdio.h>

#define E1000_POC_VERSION "0.1.0"

/* Exit statuses, the `git bisect run` convention. */
enum {
    EXIT_NOT_REPRODUCED = 0,
    EXIT_REPRODUCED = 1,
    EXIT_USAGE = 2,
    EXIT_CANNOT_TEST = 125,
    /* Above 127: `git bisect run` aborts rather than mark the commit. */
    EXIT_OUTPUT_LOST = 128, /* the result could not be written (cli/output.h) */
    EXIT_INTERRUPTED = 130, /* stopped by SIGINT, SIGTERM or SIGHUP (cli/interrupt.h) */
};

/* One row per subcommand (main.c). fn parses argv[idx..] itself. */
struct command {
    const char *name;
    const char *summary;
    int (*fn)(int argc, char **argv, int idx);
    void (*usage)(FILE *f); /* the command's --help */
};

int cmd_run(int argc, char **argv, int idx);
void cmd_run_usage(FILE *f);
int cmd_matrix(int argc, char **argv, int idx);
void cmd_matrix_usage(FILE *f);
int cmd_probe(int argc, char **argv, int idx);
void cmd_probe_usage(FILE *f);
int cmd_explain(int argc, char **argv, int idx);
void cmd_explain_usage(FILE *f);
int cmd_report(int argc, char **argv, int idx);
void cmd_report_usage(FILE *f);
int cmd_vm(int argc, char **argv, int idx);
void cmd_vm_usage(FILE *f);

/* The exit-status paragraph every --help ends with: command's own (run,
 * matrix, explain, probe). */
void commands_print_exit_status(FILE *f, const char *command);

#endif
