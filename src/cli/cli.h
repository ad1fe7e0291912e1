// SPDX-License-Identifier: GPL-2.0-or-later
/* cli.h - table-driven long options: one row per option, validated here so
 * every command rejects bad input the same way (one line, exit 2). */
#ifndef E1000_POC_CLI_H
#define E1000_POC_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "util/choice.h"

enum cli_kind {
    CLI_FLAG,     /* --name */
    CLI_UINT,     /* --name N, min..max, optionally a multiple of `multiple` */
    CLI_SECONDS,  /* --name S, a non-negative decimal number of seconds */
    CLI_CHOICE,   /* --name WORD, one of a table's names */
    CLI_CPU_PAIR, /* --name A,B */
    CLI_STRING,   /* --name TEXT, any non-empty text (a path, ...) */
};

struct cli_opt {
    const char *name; /* without the leading "--"; NULL ends a table */
    enum cli_kind kind;
    const char *metavar;
    const char *help;
    unsigned min, max, multiple; /* CLI_UINT */
    struct choice_table choices;  /* CLI_CHOICE */
    int id;                      /* for the caller's switch */
    unsigned marks;              /* the command's own marks on the row (explain: which
                                    paths and modes take it); cli.c never reads them */
};

union cli_value {
    unsigned u;
    double seconds;
    int choice;
    int cpus[2];
    const char *str; /* CLI_STRING: points into argv */
};

/* Parse the option at argv[*idx] (forms --name, --name=V, --name V).
 * Returns 1 with *opt and *val set, 0 when argv is exhausted, or -1 after
 * printing a one-line error to stderr. */
int cli_next(const struct cli_opt *table, int argc, char **argv, int *idx,
             const struct cli_opt **opt, union cli_value *val);

/* The options part of --help. */
void cli_print_options(FILE *f, const struct cli_opt *table);

/* Copy in to out (n bytes with the NUL), printable ASCII as it is and
 * every other byte as \xNN (a backslash as \\). Returns the length. */
size_t cli_escape(char *out, size_t n, const char *in);

/* "e1000_poc: <message>\n" on stderr, one line whatever the arguments hold:
 * the message is escaped with cli_escape(). */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Strict number parsing shared with other commands: the whole string, no
 * sign, no overflow; seconds in plain decimal (no exponent, no hex). Return
 * 0 on success, -1 otherwise (cli_parse_seconds: -2 for a well-formed
 * number beyond the limit). */
int cli_parse_uint(const char *s, unsigned long long max, unsigned long long *out);
int cli_parse_seconds(const char *s, double *out);

#endif
