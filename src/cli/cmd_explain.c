// SPDX-License-Identifier: GPL-2.0-or-later
/* cmd_explain.c - `e1000_poc explain`: the options as parsed (explainopt.c)
 * run on the RX path here, on the TX path in cmd_explain_tx.c; the explorer's outcome
 * (explain/outcome.h) handed to its renderer (output/out_explain.h): the
 * shortest failing interleaving or what was covered, a replayed token, the
 * table of every variant for one pair or for all of them. */
#include <stdio.h>
#include <sys/resource.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/explain_tx.h"
#include "cli/explainopt.h"
#include "cli/output.h"
#include "explain/outcome.h"
#include "output/out_explain.h"

void cmd_explain_usage(FILE *f)
{
    fprintf(f, "usage: e1000_poc explain [--device=NAME] [--driver=NAME] [options]\n"
               "       e1000_poc explain --replay TOKEN\n"
               "       e1000_poc explain --all [--device=NAME|all] [--driver=NAME|all] [--memory=NAME]"
               " [bounds]\n"
               "Run a QEMU device's receive path and a guest driver's receive loop (this tool's own\n"
               "code; by default QEMU's e1000_receive_iov and DPDK's eth_em_recv_pkts) one shared\n"
               "access at a time under a deterministic scheduler. Print the failing interleaving\n"
               "with the fewest preemptions (then the fewest steps) as a two-column trace with a\n"
               "replay token, or, if there is none, what was covered.\n"
               "\n"
               "explain options:\n");
    explainopt_print(f);
    fprintf(f, "--svg FILE: FILE is checked before anything runs and written whole at the end\n"
               "(a temporary file renamed over it); one that cannot be written: exit 2.\n");
}

/* --svg FILE (NULL: none): checked before anything runs, written whole at
 * the end. 0, or EXIT_OUTPUT_LOST after one line. */
static int draw(FILE *f, const void *o) { return out_explain_picture(f, o); }

static int write_svg(const char *svg, const struct xp_outcome *o)
{
    return svg != NULL ? cli_file_write("svg", svg, "picture", draw, o) : 0;
}

/* Set up o for cfg, or say why not (exit status 125). */
static int prepare(struct xp_outcome *o, const struct xp_config *cfg, uint32_t max_preemptions)
{
    const char *why = NULL;
    if (xp_outcome_prepare(o, cfg, max_preemptions, &why) == 0)
        return 0;
    xp_outcome_free(o);
    out_explain_cannot(stderr, cfg, why);
    return EXIT_CANNOT_TEST;
}

/* The search failed: one line naming the limit it met (the address-space
 * limit, ulimit -v, when there is one), exit status 125. */
static int search_failed(const char *why)
{
    struct rlimit rl;
    bool as = getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY;
    out_explain_search_failed(stderr, why, as ? (unsigned long long)(rl.rlim_cur >> 10) : 0);
    return EXIT_CANNOT_TEST;
}

static int explain_one(const struct xp_config *cfg, const struct xp_search_limits *lim,
                       const char *svg)
{
    struct xp_outcome o;
    const char *why = NULL;
    int rc = prepare(&o, cfg, lim->max_preemptions);
    if (rc != 0)
        return rc;
    out_explain_header(stdout, &o.x, lim->max_preemptions);
    rc = xp_outcome_search(&o, lim, &why);
    if (rc == -1) {
        xp_outcome_free(&o);
        return search_failed(why);
    }
    if (rc == -2) {
        xp_outcome_free(&o);
        fprintf(stderr, "e1000_poc: explain: internal error: the schedule found does not replay:"
                        " %s\n", why);
        return EXIT_CANNOT_TEST;
    }
    out_explain_search(stdout, &o);
    if (o.r.interrupted)
        rc = EXIT_INTERRUPTED;
    else if (!o.r.found && !o.r.complete)
        rc = EXIT_CANNOT_TEST;
    else
        rc = write_svg(svg, &o);
    if (rc == 0)
        rc = o.r.found ? EXIT_REPRODUCED : EXIT_NOT_REPRODUCED;
    xp_outcome_free(&o);
    return rc;
}

static int explain_replay(const char *token, const char *svg)
{
    struct xp_config cfg;
    struct xp_schedule s;
    struct xp_outcome o;
    const char *why = NULL;

    if (xp_token_decode(token, &cfg, &s, &why) != 0) {
        cli_error("--replay %s: not a valid token: %s", token, why);
        return EXIT_USAGE;
    }
    int rc = prepare(&o, &cfg, XP_PREEMPTIONS_ALL);
    if (rc != 0)
        return rc;
    /* A token that does not fit is refused before anything is printed. */
    if (xp_outcome_replay(&o, &s, &why) != 0) {
        xp_outcome_free(&o);
        cli_error("--replay %s: the token does not fit this build: %s", token, why);
        return EXIT_USAGE;
    }
    out_explain_replayed(stdout, &o);
    rc = write_svg(svg, &o);
    if (rc == 0)
        rc = o.violated ? EXIT_REPRODUCED : EXIT_NOT_REPRODUCED;
    xp_outcome_free(&o);
    return rc;
}

/* --all: each row printed as soon as it is known. */
static void all_row(void *ctx, unsigned pair, const struct xp_row *row)
{
    (void)pair;
    out_explain_all_row(stdout, row, *(const bool *)ctx);
    fflush(stdout);
}

static int explain_all(const struct xp_config *pairs, unsigned npairs,
                       const struct xp_search_limits *lim)
{
    struct xp_all a;
    bool several = npairs > 1;
    out_explain_all_head(stdout, pairs, npairs, lim->max_preemptions);
    fflush(stdout);
    int differ = xp_explain_all(&a, pairs, npairs, lim, all_row, &several);
    out_explain_all_foot(stdout, &a, pairs);
    return differ ? EXIT_REPRODUCED : EXIT_NOT_REPRODUCED;
}

int cmd_explain(int argc, char **argv, int idx)
{
    struct explain_args a;
    int rc = explainopt_parse(argc, argv, idx, &a);
    if (rc != 0)
        return rc;
    if (a.help) { /* only once the whole line parsed: --help --bogus is refused */
        cmd_explain_usage(stdout);
        commands_print_exit_status(stdout, "explain");
        return 0;
    }
    if (a.path == EXPLAIN_PATH_TX)
        return cmd_explain_tx(&a);
    if ((rc = explainopt_check_rx(&a)) != 0)
        return rc;
    if (a.replay != NULL)
        return explain_replay(a.replay, a.svg);

    struct xp_config pairs[NIC_DEV_COUNT * NIC_DRV_COUNT];
    char why[512];
    unsigned npairs = xp_pick_pairs(&a.cfg, &a.ch, pairs, why, sizeof(why));
    if (npairs == 0 || xp_pick_over_budget(pairs, npairs, a.all, &a.lim, a.limit_bytes,
                                           a.max_memory_mb, why, sizeof(why))) {
        cli_error("%s", why);
        return EXIT_USAGE;
    }
    return a.all ? explain_all(pairs, npairs, &a.lim) : explain_one(&pairs[0], &a.lim, a.svg);
}
