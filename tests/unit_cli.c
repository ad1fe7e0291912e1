// SPDX-License-Identifier: GPL-2.0-or-later
/* unit_cli.c - option parsing: forms, bounds, choices, errors. */
#include <stdio.h>

#include "cli/cli.h"
#include "tap.h"

struct row {
    const char *name;
};
static const struct row colours[] = {{"red"}, {"green"}};

enum { O_FLAG, O_RING, O_SECS, O_COLOUR, O_CPUS, O_DIR };
static const struct cli_opt table[] = {
    {"flag", CLI_FLAG, NULL, "a flag", 0, 0, 0, {0}, O_FLAG, 0},
    {"ring", CLI_UINT, "N", "a ring", 8, 65536, 8, {0}, O_RING, 0},
    {"secs", CLI_SECONDS, "S", "seconds", 0, 0, 0, {0}, O_SECS, 0},
    {"colour", CLI_CHOICE, "NAME", "a colour", 0, 0, 0, CHOICE_TABLE(colours, 2), O_COLOUR, 0},
    {"cpus", CLI_CPU_PAIR, "A,B", "two cpus", 0, 1023, 0, {0}, O_CPUS, 0},
    {"dir", CLI_STRING, "DIR", "a directory", 0, 0, 0, {0}, O_DIR, 0},
    {NULL, 0, NULL, NULL, 0, 0, 0, {0}, 0, 0},
};

/* Parse one option given as argv words; returns cli_next's result. */
static int parse(const char *a, const char *b, const struct cli_opt **o, union cli_value *v)
{
    char *argv[3] = {(char *)a, (char *)b, NULL};
    int idx = 0;
    return cli_next(table, b ? 2 : 1, argv, &idx, o, v);
}

int main(void)
{
    const struct cli_opt *o;
    union cli_value v;

    /* Errors go to stderr; keep the TAP stream clean. */
    if (freopen("/dev/null", "w", stderr) == NULL)
        return 1;

    is_i(parse("--flag", NULL, &o, &v), 1, "flag parses");
    is_u(o->id, O_FLAG, "flag row");
    is_i(parse("--flag=1", NULL, &o, &v), -1, "flag with a value is an error");
    is_i(parse("--ring", "64", &o, &v), 1, "--ring 64");
    is_u(v.u, 64, "value 64");
    is_i(parse("--ring=65536", NULL, &o, &v), 1, "--ring=65536 (upper bound)");
    is_u(v.u, 65536, "value 65536");
    is_i(parse("--ring=8", NULL, &o, &v), 1, "--ring=8 (lower bound)");
    is_i(parse("--ring", "7", &o, &v), -1, "7: not a multiple of 8");
    is_i(parse("--ring", "12", &o, &v), -1, "12: not a multiple of 8");
    is_i(parse("--ring", "0", &o, &v), -1, "0: below the minimum");
    is_i(parse("--ring", "65544", &o, &v), -1, "65544: above the maximum");
    is_i(parse("--ring", "-8", &o, &v), -1, "-8: a sign is not a number");
    is_i(parse("--ring", "+8", &o, &v), -1, "+8: a sign is not a number");
    is_i(parse("--ring", "8x", &o, &v), -1, "8x: trailing junk");
    is_i(parse("--ring", "", &o, &v), -1, "empty value");
    is_i(parse("--ring", "99999999999999999999", &o, &v), -1, "overflow");
    is_i(parse("--ring", NULL, &o, &v), -1, "missing value");
    is_i(parse("--secs", "0.5", &o, &v), 1, "--secs 0.5");
    ok(v.seconds == 0.5, "value 0.5");
    is_i(parse("--secs", "0", &o, &v), 1, "--secs 0");
    is_i(parse("--secs", "-1", &o, &v), -1, "negative seconds");
    is_i(parse("--secs", "nan", &o, &v), -1, "nan seconds");
    is_i(parse("--secs", "inf", &o, &v), -1, "infinite seconds");
    is_i(parse("--secs", "1e9", &o, &v), -1, "absurdly long");
    is_i(parse("--colour=green", NULL, &o, &v), 1, "--colour=green");
    is_u(v.choice, 1, "green is choice 1");
    is_i(parse("--colour", "blue", &o, &v), -1, "unknown choice");
    is_i(parse("--colour", "gree", &o, &v), -1, "prefix of a choice is not a choice");
    is_i(parse("--cpus", "2,3", &o, &v), 1, "--cpus 2,3");
    ok(v.cpus[0] == 2 && v.cpus[1] == 3, "cpus 2 and 3");
    is_i(parse("--cpus", "2", &o, &v), -1, "one CPU only");
    is_i(parse("--cpus", ",3", &o, &v), -1, "missing first CPU");
    is_i(parse("--cpus", "2,", &o, &v), -1, "missing second CPU");
    is_i(parse("--cpus", "2,1024", &o, &v), -1, "CPU out of range");
    is_i(parse("--cpus", "a,b", &o, &v), -1, "CPUs not numbers");
    is_i(parse("--dir=/usr/lib/debug", NULL, &o, &v), 1, "--dir=/usr/lib/debug");
    is_s(v.str, "/usr/lib/debug", "text value kept as given");
    is_i(parse("--dir", "a b", &o, &v), 1, "--dir 'a b'");
    is_s(v.str, "a b", "text with a space");
    is_i(parse("--dir=", NULL, &o, &v), -1, "empty text");
    is_i(parse("--dir", NULL, &o, &v), -1, "missing text");
    is_i(parse("--bogus", NULL, &o, &v), -1, "unknown option");
    is_i(parse("--rin", "8", &o, &v), -1, "abbreviations are not accepted");
    is_i(parse("ring", NULL, &o, &v), -1, "positional word");
    is_i(parse("-r", NULL, &o, &v), -1, "short option");
    {
        char *argv[1] = {NULL};
        int idx = 0;
        is_i(cli_next(table, 0, argv, &idx, &o, &v), 0, "end of arguments");
    }
    return tap_done();
}
