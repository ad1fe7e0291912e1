// SPDX-License-Identifier: GPL-2.0-or-later
/* cli.c - long options from a table. */
#include "cli/cli.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/escape.h"

#define SECONDS_MAX 1e7 /* about four months: enough for any run */

size_t cli_escape(char *out, size_t n, const char *in)
{
    return escape_text(out, n, in); /* one rule for every outside byte: util/escape.h */
}

void cli_error(const char *fmt, ...)
{
    char raw[1024], safe[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof(raw), fmt, ap);
    va_end(ap);
    cli_escape(safe, sizeof(safe), raw);
    fprintf(stderr, "e1000_poc: %s\n", safe);
}

int cli_parse_uint(const char *s, unsigned long long max, unsigned long long *out)
{
    char *end;
    if (s == NULL || !isdigit((unsigned char)s[0]))
        return -1;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno != 0 || *end != '\0' || v > max)
        return -1;
    *out = v;
    return 0;
}

int cli_parse_seconds(const char *s, double *out)
{
    char *end;
    /* Plain decimal only: digits and at most one dot (strtod alone would
     * also take "1e3", "0x10" and "inf"). */
    size_t digits = strspn(s != NULL ? s : "", "0123456789");
    if (s == NULL || s[digits] == '.')
        digits += 1 + strspn(s + digits + 1, "0123456789");
    if (s == NULL || s[digits] != '\0' || strcspn(s, "0123456789") == strlen(s))
        return -1;
    errno = 0;
    double v = strtod(s, &end);
    if (*end != '\0')
        return -1;
    if (errno != 0 || !isfinite(v) || v > SECONDS_MAX)
        return -2; /* a number, too large */
    *out = v;
    return 0;
}

static void choice_list(char *b, size_t n, const struct choice_table *c)
{
    size_t w = 0;
    b[0] = '\0';
    for (int i = 0; i < c->count && w < n; i++)
        w += (size_t)snprintf(b + w, n - w, "%s%s", i ? "|" : "", choice_name(c, i));
}

/* All digits: a whole number, whatever its size. */
static bool all_digits(const char *s)
{
    if (*s == '\0')
        return false;
    for (; *s != '\0'; s++)
        if (!isdigit((unsigned char)*s))
            return false;
    return true;
}

static int parse_value(const struct cli_opt *o, const char *v, union cli_value *val)
{
    unsigned long long u;
    switch (o->kind) {
    case CLI_FLAG:
        return 0;
    case CLI_UINT:
        if (cli_parse_uint(v, UINT32_MAX, &u) != 0) {
            if (!all_digits(v)) {
                cli_error("--%s %s: not a whole number", o->name, v);
                return -1;
            }
            u = ULLONG_MAX; /* a whole number, too large: out of range below */
        }
        if (u < o->min || u > o->max || (o->multiple && u % o->multiple)) {
            if (o->multiple)
                cli_error("--%s %s: must be a multiple of %u in %u..%u", o->name, v, o->multiple,
                          o->min, o->max);
            else
                cli_error("--%s %s: must be in %u..%u", o->name, v, o->min, o->max);
            return -1;
        }
        val->u = (unsigned)u;
        return 0;
    case CLI_SECONDS:
        switch (cli_parse_seconds(v, &val->seconds)) {
        case 0:
            break;
        case -2:
            cli_error("--%s %s: too long; at most %.0f seconds", o->name, v, SECONDS_MAX);
            return -1;
        default:
            cli_error("--%s %s: not a number of seconds (0 or more, e.g. 10 or 0.5)", o->name, v);
            return -1;
        }
        return 0;
    case CLI_CHOICE:
        val->choice = choice_find(&o->choices, v);
        if (val->choice >= 0)
            return 0;
        char names[512];
        choice_list(names, sizeof(names), &o->choices);
        cli_error("--%s %s: unknown; choose %s", o->name, v, names);
        return -1;
    case CLI_STRING:
        if (v[0] == '\0') {
            cli_error("--%s needs a value (%s)", o->name, o->metavar);
            return -1;
        }
        val->str = v;
        return 0;
    case CLI_CPU_PAIR: {
        const char *comma = strchr(v, ',');
        char first[32];
        size_t n = comma ? (size_t)(comma - v) : 0;
        unsigned long long a, b;
        if (comma == NULL || n == 0 || n >= sizeof(first)) {
            cli_error("--%s %s: expected two CPU numbers, e.g. --%s 0,1", o->name, v, o->name);
            return -1;
        }
        memcpy(first, v, n);
        first[n] = '\0';
        if (cli_parse_uint(first, o->max, &a) != 0 || cli_parse_uint(comma + 1, o->max, &b) != 0) {
            cli_error("--%s %s: expected two CPU numbers below %u, e.g. --%s 0,1", o->name, v,
                      o->max + 1, o->name);
            return -1;
        }
        val->cpus[0] = (int)a;
        val->cpus[1] = (int)b;
        return 0;
    }
    }
    return -1;
}

int cli_next(const struct cli_opt *table, int argc, char **argv, int *idx,
             const struct cli_opt **opt, union cli_value *val)
{
    if (*idx >= argc)
        return 0;
    const char *arg = argv[*idx];
    if (strncmp(arg, "--", 2) != 0 || arg[2] == '\0') {
        cli_error("unexpected argument '%s' (options start with --; see --help)", arg);
        return -1;
    }
    const char *name = arg + 2;
    const char *eq = strchr(name, '=');
    size_t len = eq ? (size_t)(eq - name) : strlen(name);
    for (const struct cli_opt *o = table; o->name != NULL; o++) {
        if (strlen(o->name) != len || strncmp(o->name, name, len) != 0)
            continue;
        const char *v = NULL;
        if (o->kind == CLI_FLAG) {
            if (eq != NULL) {
                cli_error("--%s takes no value", o->name);
                return -1;
            }
        } else if (eq != NULL) {
            v = eq + 1;
        } else if (*idx + 1 < argc) {
            v = argv[++*idx];
        } else {
            cli_error("--%s needs a value (%s)", o->name, o->metavar);
            return -1;
        }
        (*idx)++;
        *opt = o;
        return parse_value(o, v, val) == 0 ? 1 : -1;
    }
    cli_error("unknown option '--%.*s' (see --help)", (int)len, name);
    return -1;
}

/* The option's left column (--name=a|b|c, --name META or --name), written
 * straight to f: no buffer, so no choice list is ever cut. Returns its
 * width in bytes (0 after a write error, which the caller's stream keeps). */
static int print_option_left(FILE *f, const struct cli_opt *o)
{
    int n;
    if (o->kind == CLI_CHOICE) {
        n = fprintf(f, "--%s=", o->name);
        for (int i = 0; i < o->choices.count; i++)
            n += fprintf(f, "%s%s", i ? "|" : "", choice_name(&o->choices, i));
    } else if (o->metavar != NULL) {
        n = fprintf(f, "--%s %s", o->name, o->metavar);
    } else {
        n = fprintf(f, "--%s", o->name);
    }
    return n > 0 ? n : 0;
}

void cli_print_options(FILE *f, const struct cli_opt *table)
{
    for (const struct cli_opt *o = table; o->name != NULL; o++) {
        fputs("  ", f);
        int w = print_option_left(f, o);
        if (w > 26)
            fprintf(f, "\n  %-26s  %s\n", "", o->help);
        else
            fprintf(f, "%*s  %s\n", 26 - w, "", o->help);
    }
}
