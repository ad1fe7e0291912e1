// SPDX-License-Identifier: GPL-2.0-or-later
/* commands.c - what every subcommand's --help ends with: its own exit
 * statuses. One row per subcommand; the man page (e1000_poc.1) says the
 * same, and tests/man.sh keeps the two from drifting apart. */
#include <string.h>

#include "cli/commands.h"

struct exit_help {
    const char *command;
    const char *text; /* the lines after "exit status:" */
};

static const struct exit_help exit_helps[] = {
    {"run", "  0    not reproduced: descriptors went through, nothing was detected\n"
            "  1    reproduced: a stale buffer address, a double consumption or a ring hang\n"
            "  2    bad usage (one line on stderr, nothing done)\n"
            "  125  cannot test here, or INCONCLUSIVE: fewer than two usable CPUs (--force\n"
            "       runs anyway), a copy routine this CPU cannot run, nothing received, a\n"
            "       thread starved of CPU, or hardware breakpoints refused (--widen)\n"},
    {"matrix", "  0    every cell ran (the table is the result, whatever it shows)\n"
               "  2    bad usage (one line on stderr, nothing done)\n"
               "  125  cannot test here: fewer than two usable CPUs (--force runs anyway),\n"
               "       or a cell could not run\n"},
    {"explain", "  0    no violation within the bounds (--all: every row agrees with the\n"
                "       expectation argued from its store pattern)\n"
                "  1    a violation, and its trace (--all: some row does not agree)\n"
                "  2    bad usage or a bad replay token (one line on stderr, nothing done)\n"
                "  125  cannot explain here: --copy=libc and this host's memcpy could not be\n"
                "       traced, or the bounds could not be covered (a resource limit)\n"},
    {"probe", "  0    the unfixed e1000 write-back is not exposed (--tunables: every row ran)\n"
              "  1    it is exposed: a later store can undo the driver's re-arm\n"
              "  2    bad usage (one line on stderr, nothing done)\n"
              "  125  cannot trace here (no ptrace, another architecture) or cannot tell\n"
              "       (a string instruction: unknown at speed)\n"},
    {"vm", "  0    not reproduced: frames went through the real stack, nothing was detected\n"
           "  1    reproduced: a duplicate frame, a frame with bad content, or a ring hang\n"
           "  2    bad usage (one line on stderr, nothing done)\n"
           "  125  cannot test here, or INCONCLUSIVE: no usable QEMU or no such device in it,\n"
           "       no guest image, KVM asked for and not working, the guest did not boot in\n"
           "       time or failed its setup, QEMU died, nothing received, or --widen refused\n"},
    {"report", "  0    the page was written (whatever the verdicts in it)\n"
               "  2    bad usage, or FILE cannot be written (one line on stderr)\n"
               "  125  a part could not be run at all\n"},
};

void commands_print_exit_status(FILE *f, const char *command)
{
    for (size_t i = 0; i < sizeof(exit_helps) / sizeof(exit_helps[0]); i++) {
        if (strcmp(exit_helps[i].command, command) != 0)
            continue;
        fprintf(f, "\nexit status of %s:\n%s", command, exit_helps[i].text);
        /* Both above 127: `git bisect run` stops rather than judge a commit. */
        fputs("  128  the output could not be written (the result is lost)\n", f);
        fputs("  130  interrupted (Ctrl-C, SIGTERM, SIGHUP): a summary of what was done\n", f);
    }
}
