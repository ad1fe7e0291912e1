// SPDX-License-Identifier: GPL-2.0-or-later
/* main.c - e1000_poc's command line: one row per subcommand. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/interrupt.h"
#include "cli/stackguard.h"
#include "cli/output.h"
#include "util/hostinfo.h"

static const struct command commands[] = {
    {"run", "race the device and the driver live and give a verdict (default)", cmd_run,
     cmd_run_usage},
    {"explain", "find the shortest interleaving that breaks the ring, or cover the bounds", cmd_explain,
     cmd_explain_usage},
    {"probe", "trace the stores of the DMA copy on this host and say what they expose", cmd_probe,
     cmd_probe_usage},
    {"matrix", "run every fix x workaround x copy routine live and tabulate", cmd_matrix,
     cmd_matrix_usage},
    {"report", "write one self-contained HTML page about this host for a bug report", cmd_report,
     cmd_report_usage},
    {"vm", "boot a real guest in real QEMU, send it frames, judge the real drivers", cmd_vm,
     cmd_vm_usage},
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *f)
{
    fprintf(f, "e1000_poc " E1000_POC_VERSION " - reproduce, measure and explain the QEMU e1000 RX\n"
               "descriptor race with a DPDK guest, as two threads over shared memory.\n"
               "\n"
               "usage: e1000_poc [COMMAND] [options]     (no command: run)\n"
               "       e1000_poc COMMAND --help\n"
               "       e1000_poc --help | --version\n"
               "\n"
               "commands:\n");
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
    fputc('\n', f);
    cmd_run_usage(f);
    commands_print_exit_status(f, "run");
}

/* --help, -h, help and --version take nothing after them. */
static int no_more(int argc, char **argv)
{
    if (argc <= 2)
        return 0;
    cli_error("%s takes no arguments: '%s' is one too many", argv[1], argv[2]);
    return EXIT_USAGE;
}

static int dispatch(int argc, char **argv)
{
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
                      strcmp(argv[1], "help") == 0)) {
        if (no_more(argc, argv) != 0)
            return EXIT_USAGE;
        usage(stdout);
        return 0;
    }
    if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
        if (no_more(argc, argv) != 0)
            return EXIT_USAGE;
        printf("e1000_poc %s (%s)\n", E1000_POC_VERSION, hostinfo_libc());
        return 0;
    }
    if (argc < 2 || argv[1][0] == '-')
        return cmd_run(argc, argv, 1);
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].fn(argc, argv, 2);
    char names[128];
    size_t w = 0;
    names[0] = '\0';
    for (size_t i = 0; i < NCOMMANDS && w < sizeof(names); i++)
        w += (size_t)snprintf(names + w, sizeof(names) - w, " %s", commands[i].name);
    cli_error("unknown command '%s' (commands:%s; see --help)", argv[1], names);
    return EXIT_USAGE;
}

int main(int argc, char **argv)
{
    int status = cli_output_open();
    if (status != 0)
        return status;
    cli_interrupt_install();
    cli_stackguard_install(&status);
    /* Event lines come from two threads; keep them in order when piped. */
    setvbuf(stdout, NULL, _IOLBF, 0);
    status = dispatch(argc, argv);
    /* An interrupted command has said what it did; 130 whatever it found. */
    if (cli_interrupted())
        status = EXIT_INTERRUPTED;
    return cli_output_close(status);
}
