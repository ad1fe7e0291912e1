/* cmd_explain.c - `e1000_poc explain`: run the device and driver code under
 * the explorer; print the shortest failing interleaving, or what was
 * covered without finding one; replay a token; tabulate every variant. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "xp_expect.h"
#include "xp_search.h"
#include "xp_token.h"
#include "xp_trace.h"

#define PACKETS_DEFAULT_EXTRA 1 /* packets: one lap of the ring and one more */
#define BURST_DEFAULT 4
#define RING_DEFAULT 2          /* the smallest ring that shows the whole story */
#define MAX_STATES_DEFAULT 4000000u

enum explain_opt_id {
    OPT_QEMU_FIX, OPT_DPDK_FIX, OPT_COPY, OPT_MEMORY, OPT_RING, OPT_PACKETS, OPT_BURST,
    OPT_RX_FREE_THRESH, OPT_PREEMPTIONS, OPT_MAX_STATES, OPT_REPLAY, OPT_ALL, OPT_HELP,
};

static const struct cli_opt explain_options[] = {
    {"qemu-fix", CLI_CHOICE, "NAME", "how the device writes a descriptor back (default none)",
     0, 0, 0, CLI_CHOICES(e1000_fixes, E1000_FIX_COUNT), OPT_QEMU_FIX},
    {"dpdk-fix", CLI_CHOICE, "NAME", "guest-side workaround (default none)",
     0, 0, 0, CLI_CHOICES(em_workarounds, EM_WORKAROUND_COUNT), OPT_DPDK_FIX},
    {"copy", CLI_CHOICE, "NAME", "copy routine whose store pattern pci_dma_write follows (default libc:"
     " as measured on this host)", 0, 0, 0, CLI_CHOICES(dma_copies, DMA_COPY_COUNT), OPT_COPY},
    {"memory", CLI_CHOICE, "NAME", "memory model (default sc)",
     0, 0, 0, CLI_CHOICES(xp_memories, XP_MEM_COUNT), OPT_MEMORY},
    {"ring", CLI_UINT, "N", "descriptors in the ring (default 2)", XP_RING_MIN, XP_RING_MAX, 0, {0},
     OPT_RING},
    {"packets", CLI_UINT, "N", "packets the device receives (default: ring + 1)", 1, XP_PACKETS_MAX,
     0, {0}, OPT_PACKETS},
    {"burst", CLI_UINT, "N", "packets per eth_em_recv_pkts call (default 4)", 1, XP_BURST_MAX, 0, {0},
     OPT_BURST},
    {"rx-free-thresh", CLI_UINT, "N", "DPDK rx_free_thresh (default 0)", 0, XP_RING_MAX - 1, 0, {0},
     OPT_RX_FREE_THRESH},
    {"preemptions", CLI_UINT, "N", "explore only interleavings with at most N preemptions (default:"
     " no bound)", 0, 1000, 0, {0}, OPT_PREEMPTIONS},
    {"max-states", CLI_UINT, "N", "states to remember (memory: about 48 bytes each; default 4000000)",
     1000, 200000000, 0, {0}, OPT_MAX_STATES},
    {"replay", CLI_STRING, "TOKEN", "run exactly the interleaving a token names, print its trace", 0, 0,
     0, {0}, OPT_REPLAY},
    {"all", CLI_FLAG, NULL, "every fix x workaround x copy routine, one line each", 0, 0, 0, {0},
     OPT_ALL},
    {"help", CLI_FLAG, NULL, "show this help", 0, 0, 0, {0}, OPT_HELP},
    {NULL, 0, NULL, NULL, 0, 0, 0, {0}, 0},
};

void cmd_explain_usage(FILE *f)
{
    fprintf(f, "usage: e1000_poc explain [options]\n"
               "       e1000_poc explain --replay TOKEN\n"
               "       e1000_poc explain --all [--memory=NAME] [bounds]\n"
               "Run QEMU's e1000_receive_iov and DPDK's eth_em_recv_pkts (this tool's own code)\n"
               "one shared access at a time under a deterministic scheduler. Print the failing\n"
               "interleaving with the fewest preemptions (then the fewest steps) as a two-column\n"
               "trace with a replay token, or, if there is none, what was covered.\n"
               "\n"
               "explain options:\n");
    cli_print_options(f, explain_options);
    fprintf(f, "exit status of --all: 0 every row agrees with the expectation argued from\n"
               "its store pattern, 1 some row does not.\n");
}

/* "[0,16) [0,16)": the stores of a write that starts at descriptor byte `at`. */
static void pattern_text(char *b, size_t n, const struct dma_pattern *p, unsigned at)
{
    size_t used = 0;
    b[0] = '\0';
    for (unsigned i = 0; i < p->n && used < n; i++)
        used += (size_t)snprintf(b + used, n - used, "%s[%u,%u)", i ? " " : "", at + p->s[i].off,
                                 at + p->s[i].off + p->s[i].len);
}

static void bounds_text(char *b, size_t n, const struct xp_config *c, uint32_t max_preemptions)
{
    char pre[48];
    if (max_preemptions == XP_PREEMPTIONS_ALL)
        snprintf(pre, sizeof(pre), "no preemption bound");
    else
        snprintf(pre, sizeof(pre), "at most %" PRIu32 " preemption%s", max_preemptions,
                 max_preemptions == 1 ? "" : "s");
    snprintf(b, n, "ring %u, %u packet%s, burst %u, rx_free_thresh %u; %s", c->ring, c->packets,
             c->packets == 1 ? "" : "s", c->burst, c->rx_free_thresh, pre);
}

static void print_header(FILE *f, const struct xp_exec *x, uint32_t max_preemptions)
{
    const struct xp_config *c = &x->cfg;
    char p16[256], p1[128], bounds[160];
    pattern_text(p16, sizeof(p16), &x->pat_desc, 0);
    pattern_text(p1, sizeof(p1), &x->pat_status, 12);
    bounds_text(bounds, sizeof(bounds), c, max_preemptions);
    fprintf(f, "e1000_poc explain: QEMU e1000_receive_iov and DPDK eth_em_recv_pkts, one shared"
               " access at a time\n");
    fprintf(f, "  device  qemu-fix %s: %s\n", e1000_fixes[c->fix].name, e1000_fixes[c->fix].summary);
    fprintf(f, "  driver  dpdk-fix %s: %s\n", em_workarounds[c->workaround].name,
            em_workarounds[c->workaround].summary);
    fprintf(f, "  copy    %s: %s\n", dma_copies[c->copy].name, dma_copies[c->copy].summary);
    fprintf(f, "          stores, in descriptor bytes: 16-byte write %s; status byte %s\n", p16, p1);
    fprintf(f, "  memory  %s: %s\n", xp_memories[c->memory].name, xp_memories[c->memory].summary);
    fprintf(f, "  bounds  %s\n", bounds);
}

static void violation_names(char *b, size_t n, unsigned v, const char *sep)
{
    size_t used = 0;
    b[0] = '\0';
    for (int i = 0; i < XP_V_COUNT && used < n; i++)
        if (v & XP_V_BIT(i))
            used += (size_t)snprintf(b + used, n - used, "%s%s", used ? sep : "", xp_violations[i].name);
}

static void print_legend(FILE *f)
{
    fprintf(f, "How to read it: one line per step, a shared access or one store of a DMA copy, by the\n"
               "device (left) or the driver (right); then RDH, RDT and the descriptor the step touched,\n"
               "as memory holds them after the step. \"d0: buf 1 DD fill 0\" is descriptor 0 with\n"
               "buffer_addr 1, status DD (0x07 = DD|EOP|IXSM; \"--\" = 0; other values in hex) and the\n"
               "device's fill number 0 (kept in csum/special; \"-\": never filled). Lines with !!\n"
               "mark the damage and the violations.\n\n");
}

/* Replay s on x and print the trace block: from the "Interleaving" line to
 * the "Replay:" line, identical for a search result and for --replay.
 * Returns 1 if the interleaving violates a property, 0 if not, -1 if s
 * does not fit. */
static int print_interleaving(FILE *f, struct xp_exec *x, const struct xp_schedule *s,
                              const char **why)
{
    uint32_t pre;
    char token[XP_TOKEN_MAX], names[160];

    x->keep_going = false;
    if (xp_replay(x, s, true, &pre, why) != 0)
        return -1;
    unsigned steps = x->ntrace, violations = x->violations;
    bool violated = x->status == XP_ST_VIOLATION;
    fprintf(f, "Interleaving: %" PRIu32 " preemption%s, %u steps.\n", pre, pre == 1 ? "" : "s",
            steps);
    xp_trace_print(f, x, steps);
    if (violated) {
        xp_trace_verdict(f, x, violations, steps);
        x->keep_going = true;
        if (xp_replay(x, s, true, &pre, why) != 0)
            return -1;
        xp_trace_aftermath(f, x, steps);
    } else {
        fprintf(f, "No violation in this interleaving: it ends with RDH %" PRIu32 ", RDT %" PRIu32
                   ", every fill handed up once.\n", x->gm->rdh, x->gm->rdt);
    }
    if (xp_token_encode(token, sizeof(token), &x->cfg, s) != 0)
        snprintf(token, sizeof(token), "(too long to write down)");
    fprintf(f, "Replay: e1000_poc explain --replay %s\n", token);
    if (violated) {
        violation_names(names, sizeof(names), violations, ", ");
        fprintf(f, "Verdict: VIOLATION (%s) after %u steps with %" PRIu32 " preemption%s\n", names,
                steps, pre, pre == 1 ? "" : "s");
    }
    return violated ? 1 : 0;
}

static void print_coverage(FILE *f, const struct xp_config *c, const struct xp_search_limits *lim,
                           const struct xp_search_result *r)
{
    char what[96];
    if (lim->max_preemptions == XP_PREEMPTIONS_ALL || r->exhausted)
        snprintf(what, sizeof(what), "every interleaving%s",
                 lim->max_preemptions == XP_PREEMPTIONS_ALL ? "" : " (the bound was never reached)");
    else
        snprintf(what, sizeof(what), "every interleaving with at most %" PRIu32 " preemption%s",
                 lim->max_preemptions, lim->max_preemptions == 1 ? "" : "s");
    fprintf(f, "No violation within these bounds: %s of %u packet%s through a %u-descriptor ring"
               " (burst %u, rx_free_thresh %u) was explored.\n",
            what, c->packets, c->packets == 1 ? "" : "s", c->ring, c->burst, c->rx_free_thresh);
    fprintf(f, "  explored  %" PRIu64 " states, %" PRIu64 " executions (%" PRIu64
               " ended as repeated polls), %" PRIu64 " steps, in %.3f s\n",
            r->states, r->executions, r->stutters, r->steps_total, r->seconds);
    if (!r->exhausted)
        fprintf(f, "  not covered: interleavings with more preemptions than the bound\n");
    fprintf(f, "  meaning   this ring size, packet count and burst only; every shared access and every\n"
               "            store of a DMA copy is a step; %s memory; registers under the big QEMU lock;\n"
               "            states told apart by a 128-bit hash (a collision could hide a state: odds\n"
               "            about n^2/2^129 for n states).\n",
            xp_memories[c->memory].name);
    if (r->cache_full)
        fprintf(f, "  note      the state cache filled up (--max-states): states were re-explored, not skipped\n");
    fprintf(f, "Verdict: NO VIOLATION within these bounds\n");
}

/* Set up an executor for cfg, or say why not (exit status 125). */
static int prepare(struct xp_exec *x, const struct xp_config *cfg)
{
    const char *why = NULL;
    if (xp_exec_init(x, cfg, &why) == 0)
        return 0;
    if (cfg->copy == DMA_COPY_LIBC)
        fprintf(stderr, "e1000_poc: cannot explain --copy=libc here: the store pattern of this"
                        " host's memcpy could not be measured (%s); name a routine with a declared"
                        " pattern instead, e.g. --copy=double\n", why);
    else
        fprintf(stderr, "e1000_poc: cannot explain --copy=%s here: %s\n", dma_copies[cfg->copy].name,
                why);
    return EXIT_CANNOT_TEST;
}

static int explain_one(const struct xp_config *cfg, const struct xp_search_limits *lim)
{
    struct xp_exec x;
    struct xp_search_result r;
    const char *why = NULL;
    int rc = prepare(&x, cfg);
    if (rc != 0)
        return rc;
    print_header(stdout, &x, lim->max_preemptions);
    if (xp_search(cfg, lim, &r, &why) != 0) {
        xp_exec_free(&x);
        fprintf(stderr, "e1000_poc: explain: %s\n", why);
        return EXIT_CANNOT_TEST;
    }
    printf("  search  fewest preemptions first, then fewest steps: %" PRIu64 " states, %" PRIu64
           " executions, %" PRIu64 " steps, %.3f s\n\n",
           r.states, r.executions, r.steps_total, r.seconds);
    if (r.found) {
        printf("The shortest failing interleaving: no interleaving with fewer preemptions fails,\n"
               "and none with as many fails in fewer steps.\n");
        print_legend(stdout);
        rc = print_interleaving(stdout, &x, &r.schedule, &why);
        xp_exec_free(&x);
        if (rc < 0) {
            fprintf(stderr, "e1000_poc: explain: internal error: the schedule found does not replay: %s\n", why);
            return EXIT_CANNOT_TEST;
        }
        return EXIT_REPRODUCED;
    }
    xp_exec_free(&x);
    if (!r.complete) {
        printf("Could not cover the bounds: %s.\nVerdict: UNKNOWN\n",
               r.step_limit ? "an execution did not end within the step limit" : "a resource limit was reached");
        return EXIT_CANNOT_TEST;
    }
    print_coverage(stdout, cfg, lim, &r);
    return EXIT_NOT_REPRODUCED;
}

static int explain_replay(const char *token)
{
    struct xp_config cfg;
    struct xp_schedule s;
    struct xp_exec x;
    const char *why = NULL;

    if (xp_token_decode(token, &cfg, &s, &why) != 0) {
        cli_error("--replay %s: not a valid token: %s", token, why);
        return EXIT_USAGE;
    }
    int rc = prepare(&x, &cfg);
    if (rc != 0)
        return rc;
    print_header(stdout, &x, XP_PREEMPTIONS_ALL);
    printf("  replay  %s\n\n", token);
    print_legend(stdout);
    rc = print_interleaving(stdout, &x, &s, &why);
    xp_exec_free(&x);
    if (rc < 0) {
        cli_error("--replay %s: the token does not fit this build: %s", token, why);
        return EXIT_USAGE;
    }
    if (rc == 0)
        printf("Verdict: NO VIOLATION in this interleaving\n");
    return rc == 1 ? EXIT_REPRODUCED : EXIT_NOT_REPRODUCED;
}

/* One row of --all. Returns 1 if it disagrees with the expectation. */
static int all_row(const struct xp_config *cfg, const struct xp_search_limits *lim,
                   unsigned *agree, unsigned *not_run)
{
    struct xp_exec x;
    struct xp_search_result r;
    const char *why = NULL, *because = NULL;
    char result[128], names[96];

    printf("%-16s %-12s %-11s ", e1000_fixes[cfg->fix].name, em_workarounds[cfg->workaround].name,
           dma_copies[cfg->copy].name);
    fflush(stdout);
    if (xp_exec_init(&x, cfg, &why) != 0) {
        printf("not run: %s\n", why);
        (*not_run)++;
        return 0;
    }
    bool expect = xp_expect_violation(cfg, &x.pat_desc, &x.pat_status, &because);
    xp_exec_free(&x);
    if (xp_search(cfg, lim, &r, &why) != 0) {
        printf("not run: %s\n", why);
        (*not_run)++;
        return 0;
    }
    if (r.found) {
        violation_names(names, sizeof(names), r.violations, "+");
        snprintf(result, sizeof(result), "VIOLATION %s: %" PRIu32 " preempt., %" PRIu32 " steps",
                 names, r.preemptions, r.steps);
    } else if (r.complete) {
        snprintf(result, sizeof(result), "none: %" PRIu64 " states covered", r.states);
    } else {
        printf("%-62s unknown: bounds not covered\n", "");
        (*not_run)++;
        return 0;
    }
    bool ok = r.found == expect;
    printf("%-62s %-9s %-4s %s\n", result, expect ? "violation" : "none", ok ? "ok" : "DIFF", because);
    if (ok)
        (*agree)++;
    return ok ? 0 : 1;
}

static int explain_all(const struct xp_config *base, const struct xp_search_limits *lim)
{
    char bounds[160];
    unsigned rows = 0, agree = 0, not_run = 0, differ = 0;
    struct xp_config cfg = *base;

    bounds_text(bounds, sizeof(bounds), base, lim->max_preemptions);
    printf("e1000_poc explain --all: every qemu-fix x dpdk-fix x copy routine\n");
    printf("  memory  %s: %s\n", xp_memories[base->memory].name, xp_memories[base->memory].summary);
    printf("  bounds  %s\n", bounds);
    printf("  expect  argued from each row's store pattern alone (src/xp_expect.h); \"ok\": the\n"
           "          explorer agrees\n\n");
    printf("%-16s %-12s %-11s %-62s %-9s %-4s %s\n", "qemu-fix", "dpdk-fix", "copy",
           "explorer: result", "expected", "", "because");
    for (int fix = 0; fix < E1000_FIX_COUNT; fix++)
        for (int wa = 0; wa < EM_WORKAROUND_COUNT; wa++)
            for (int copy = 0; copy < DMA_COPY_COUNT; copy++) {
                cfg.fix = (enum e1000_fix)fix;
                cfg.workaround = (enum em_workaround)wa;
                cfg.copy = (enum dma_copy_id)copy;
                differ += (unsigned)all_row(&cfg, lim, &agree, &not_run);
                rows++;
            }
    printf("\n%u rows: %u agree with the expectation, %u differ, %u not run\n", rows, agree, differ,
           not_run);
    return differ ? EXIT_REPRODUCED : EXIT_NOT_REPRODUCED;
}

int cmd_explain(int argc, char **argv, int idx)
{
    struct xp_config cfg = {
        .fix = E1000_FIX_NONE,
        .workaround = EM_WORKAROUND_NONE,
        .copy = DMA_COPY_LIBC,
        .memory = XP_MEM_SC,
        .ring = RING_DEFAULT,
        .packets = 0,
        .burst = BURST_DEFAULT,
        .rx_free_thresh = 0,
    };
    struct xp_search_limits lim = {
        .max_preemptions = XP_PREEMPTIONS_ALL,
        .state_cache = true,
        .max_states = MAX_STATES_DEFAULT,
    };
    const char *replay = NULL;
    bool all = false, variant_given = false;
    const struct cli_opt *o;
    union cli_value v;
    int r;

    unsigned others = 0;
    while ((r = cli_next(explain_options, argc, argv, &idx, &o, &v)) == 1) {
        others += o->id != OPT_REPLAY;
        switch (o->id) {
        case OPT_QEMU_FIX: cfg.fix = (enum e1000_fix)v.choice; variant_given = true; break;
        case OPT_DPDK_FIX: cfg.workaround = (enum em_workaround)v.choice; variant_given = true; break;
        case OPT_COPY: cfg.copy = (enum dma_copy_id)v.choice; variant_given = true; break;
        case OPT_MEMORY: cfg.memory = (enum xp_memory)v.choice; break;
        case OPT_RING: cfg.ring = v.u; break;
        case OPT_PACKETS: cfg.packets = v.u; break;
        case OPT_BURST: cfg.burst = v.u; break;
        case OPT_RX_FREE_THRESH: cfg.rx_free_thresh = v.u; break;
        case OPT_PREEMPTIONS: lim.max_preemptions = v.u; break;
        case OPT_MAX_STATES: lim.max_states = v.u; break;
        case OPT_REPLAY: replay = v.str; break;
        case OPT_ALL: all = true; break;
        case OPT_HELP: cmd_explain_usage(stdout); commands_print_exit_status(stdout); return 0;
        }
    }
    if (r < 0)
        return EXIT_USAGE;
    if (replay != NULL) {
        if (others > 0) {
            /* They would be ignored: the token holds the whole configuration. */
            cli_error("--replay takes no other option: the token holds the whole configuration");
            return EXIT_USAGE;
        }
        return explain_replay(replay);
    }
    if (cfg.packets == 0)
        cfg.packets = cfg.ring + PACKETS_DEFAULT_EXTRA;
    if (cfg.rx_free_thresh >= cfg.ring) {
        cli_error("--rx-free-thresh %u: must be below the ring size (%u)", cfg.rx_free_thresh, cfg.ring);
        return EXIT_USAGE;
    }
    if (all) {
        if (variant_given) {
            cli_error("--all runs every --qemu-fix, --dpdk-fix and --copy: give none of them");
            return EXIT_USAGE;
        }
        return explain_all(&cfg, &lim);
    }
    return explain_one(&cfg, &lim);
}
