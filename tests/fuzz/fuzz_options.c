// SPDX-License-Identifier: GPL-2.0-or-later
/* fuzz_options.c - libFuzzer target: the option parser (cli_next over a
 * table), with the live run's real option rows and their checks.
 *
 * The input is argv: arguments separated by NUL bytes. The table is the
 * one `run` builds from liveopt.h's rows plus one row of each kind the
 * other commands use (seconds, a string), so every parse_value path runs.
 * Properties: no crash, overflow or out-of-bounds access; the parser always
 * advances or stops; an accepted number is within its row's bounds; a
 * refusal is one escaped line (cli_escape never yields a control byte).
 * Nothing is run: liveopt_finish stops short of the live run. */
#include "fuzz.h"


#include "cli/cli.h"
#include "cli/liveopt.h"

enum { F_SECONDS = 1, F_STRING };

static const struct cli_opt fuzz_options[] = {
    LIVEOPT_ROWS_VARIANT,
    LIVEOPT_ROWS_SHAPE,
    {"duration", CLI_SECONDS, "S", "", 0, 0, 0, {0}, F_SECONDS, 0},
    {"debug-dir", CLI_STRING, "DIR", "", 0, 0, 0, {0}, F_STRING, 0},
    {NULL, 0, NULL, NULL, 0, 0, 0, {0}, 0, 0},
};

#define MAX_ARGS 32

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1), *argv[MAX_ARGS + 1];
    int argc = 0;
    if (text == NULL)
        abort();
    memcpy(text, data, size);
    text[size] = '\0';
    argv[argc++] = "e1000_poc";
    for (size_t at = 0; at <= size && argc < MAX_ARGS; at += strlen(text + at) + 1)
        argv[argc++] = text + at;
    argv[argc] = NULL;

    /* The escaper: printable ASCII only, whatever the input. */
    char safe[64];
    cli_escape(safe, sizeof(safe), argv[1]);
    for (const char *p = safe; *p != '\0'; p++)
        FUZZ_ASSERT(*p >= 0x20 && *p < 0x7f);

    struct live_config cfg;
    struct liveopt_state st;
    const struct cli_opt *o;
    union cli_value v;
    int idx = 1, r;
    liveopt_defaults(&cfg, &st);
    for (;;) {
        int before = idx;
        r = cli_next(fuzz_options, argc, argv, &idx, &o, &v);
        if (r != 1)
            break;
        FUZZ_ASSERT(idx > before && idx <= argc);
        if (o->kind == CLI_UINT)
            FUZZ_ASSERT(v.u >= o->min && v.u <= o->max && (!o->multiple || v.u % o->multiple == 0));
        if (o->kind == CLI_SECONDS)
            FUZZ_ASSERT(v.seconds >= 0);
        if (o->kind == CLI_CHOICE)
            FUZZ_ASSERT(v.choice >= 0 && v.choice < o->choices.count);
        if (!liveopt_apply(&cfg, &st, o, &v))
            FUZZ_ASSERT(o->id == F_SECONDS || o->id == F_STRING);
    }
    if (r == 0)
        (void)liveopt_finish(&cfg, &st);
    free(text);
    return 0;
}
