/* commands.c - what every subcommand's --help ends with. */
#include "cli/commands.h"

void commands_print_exit_status(FILE *f)
{
    fprintf(f, "\n"
               "exit status: 0 not reproduced, 1 reproduced, 2 bad usage,\n"
               "             125 cannot test here (fewer than two usable CPUs, or nothing received),\n"
               "             128 the output could not be written, 130 interrupted (Ctrl-C, SIGTERM, SIGHUP)\n");
}
