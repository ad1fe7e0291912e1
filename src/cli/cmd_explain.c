// SPDX-License-Identifier: GPL-2.0-or-later
/* cmd_explain.c - `e1000_poc explain`: options; the explorer's outcome
 * (explain/outcome.h) handed to its renderer (output/out_explain.h): the
 * shortest failing interleaving or what was covered, a replayed token, the
 * table of every variant for one pair or for all of them. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/explain_tx.h"
#include "cli/interrupt.h"
#include "explain/budget.h"
#include "explain/choose.h"
#include "explain/outcome.h"
#include "explain/pair.h"
#include "output/out_explain.h"
#include "util/outfile.h"

#define BURST_DEFAULT 4
#define MAX_STATES_DEFAULT 4000000u
/* The ring, by default: the smallest the driver works with here (xp_pair.h),
 * which is the smallest that shows the whole story: 2 for the DPDK drivers. */

enum explain_opt_id {
    OPT_DEVICE, OPT_DRIVER, OPT_QEMU_FIX, OPT_DPDK_FIX, OPT_COPY, OPT_MEMORY, OPT_RING,
    OPT_PACKETS, OPT_BURST, OPT_RX_FREE_THRESH, OPT_RX_BUFFER_WRITE, OPT_PREEMPTIONS,
    OPT_MAX_STATES, OPT_MAX_MEMORY, OPT_REPLAY, OPT_ALL, OPT_SVG, OPT_HELP, OPT_PATH,
};

/* --device and --driver take the tables' names, or "all" (with --all):
 * filled in from nic_devices[] and nic_drivers[] before use. */
#define CHOICE_ALL "all"
static const char *device_choices[NIC_DEV_COUNT + 1];
static const char *driver_choices[NIC_DRV_COUNT + 1];

static void fill_choices(void)
{
    for (int i = 0; i < NIC_DEV_COUNT; i++)
        device_choices[i] = nic_devices[i].name;
    device_choices[NIC_DEV_COUNT] = CHOICE_ALL;
    for (int i = 0; i < NIC_DRV_COUNT; i++)
        driver_choices[i] = nic_drivers[i].name;
    driver_choices[NIC_DRV_COUNT] = CHOICE_ALL;
}

static const struct cli_opt explain_options[] = {
    {"device", CLI_CHOICE, "NAME", "the QEMU device model (default e1000; all: with --all)",
     0, 0, 0, CHOICE_TABLE(device_choices, NIC_DEV_COUNT + 1), OPT_DEVICE},
    {"driver", CLI_CHOICE, "NAME", "the guest driver model (default: the device's first, dpdk-em or"
     " dpdk-igb; all: with --all)", 0, 0, 0, CHOICE_TABLE(driver_choices, NIC_DRV_COUNT + 1),
     OPT_DRIVER},
    {"qemu-fix", CLI_CHOICE, "NAME", "how the device writes a descriptor back (default none)",
     0, 0, 0, CHOICE_TABLE(e1000_fixes, E1000_FIX_COUNT), OPT_QEMU_FIX},
    {"dpdk-fix", CLI_CHOICE, "NAME", "guest-side workaround, any driver (default none)",
     0, 0, 0, CHOICE_TABLE(em_workarounds, EM_WORKAROUND_COUNT), OPT_DPDK_FIX},
    {"copy", CLI_CHOICE, "NAME", "copy routine whose store pattern pci_dma_write follows (default libc:"
     " as measured on this host)", 0, 0, 0, CHOICE_TABLE(dma_copies, DMA_COPY_COUNT), OPT_COPY},
    {"memory", CLI_CHOICE, "NAME", "memory model (default sc)",
     0, 0, 0, CHOICE_TABLE(xp_memories, XP_MEM_COUNT), OPT_MEMORY},
    {"ring", CLI_UINT, "N", "descriptors in the ring, 2..64, any number (run takes a multiple of 8"
     " in 8..65536; default: the driver's smallest here: 2 for DPDK and linux-igb, 3 for linux-e1000, batch + 2"
     " for linux-e1000e)", XP_RING_MIN, XP_RING_MAX, 0, {0},
     OPT_RING},
    {"packets", CLI_UINT, "N", "packets the device receives (default: ring + 1)", 1, XP_PACKETS_MAX,
     0, {0}, OPT_PACKETS},
    {"burst", CLI_UINT, "N", "packets per driver call: DPDK's nb_pkts, Linux's NAPI budget"
     " (default 4)", 1, XP_BURST_MAX, 0, {0}, OPT_BURST},
    {"rx-free-thresh", CLI_UINT, "N", "DPDK rx_free_thresh (default 0)", 0, XP_RING_MAX - 1, 0, {0},
     OPT_RX_FREE_THRESH},
    {"rx-buffer-write", CLI_UINT, "N", "linux-e1000e's E1000_RX_BUFFER_WRITE batch, a power of two:"
     " a MODEL PARAMETER (Linux: 16; default here 2)", 1, XP_BATCH_MAX, 0, {0}, OPT_RX_BUFFER_WRITE},
    {"preemptions", CLI_UINT, "N", "explore only interleavings with at most N preemptions (default:"
     " no bound)", 0, 1000, 0, {0}, OPT_PREEMPTIONS},
    {"max-states", CLI_UINT, "N", "states to remember (memory: about 48 bytes each; default 4000000)",
     1000, 200000000, 0, {0}, OPT_MAX_STATES},
    {"max-memory", CLI_UINT, "MB", "refuse bounds whose search could need more memory than this"
     " (default: this host's)", 16, 1u << 30, 0, {0}, OPT_MAX_MEMORY},
    {"replay", CLI_STRING, "TOKEN", "run exactly the interleaving a token names, print its trace", 0, 0,
     0, {0}, OPT_REPLAY},
    {"all", CLI_FLAG, NULL, "every fix x workaround x copy routine, one line each, for the pair"
     " (--device=all --driver=all: every pair)", 0, 0, 0, {0}, OPT_ALL},
    {"svg", CLI_STRING, "FILE", "also draw the interleaving as an SVG sequence diagram in FILE (with"
     " --replay too; the same token, the same bytes)", 0, 0, 0, {0}, OPT_SVG},
    {"path", CLI_CHOICE, "NAME", "rx (default): the receive write-back; tx: the transmit"
     " write-back against the drivers' TX reclaim (docs/tx-writeback.md)", 0, 0, 0,
     CHOICE_TABLE(explain_path_names, EXPLAIN_PATH_COUNT), OPT_PATH},
    {"help", CLI_FLAG, NULL, "show this help", 0, 0, 0, {0}, OPT_HELP},
    {NULL, 0, NULL, NULL, 0, 0, 0, {0}, 0},
};

void cmd_explain_usage(FILE *f)
{
    fill_choices();
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
    cli_print_options(f, explain_options);
    fprintf(f, "--svg FILE: FILE is checked before anything runs and written whole at the end\n"
               "(a temporary file renamed over it); one that cannot be written: exit 2.\n");
}

/* --svg FILE: the picture's path (NULL: none), checked before anything
 * runs, written whole at the end. 0, or EXIT_OUTPUT_LOST after one line. */
static const char *svg_path;

static int write_svg(const struct xp_outcome *o)
{
    struct outfile out;
    const char *why = NULL;
    if (svg_path == NULL)
        return 0;
    if (outfile_open(&out, svg_path, &why) != 0) {
        cli_error("--svg %s: cannot write: %s (the picture is lost)", svg_path, why);
        return EXIT_OUTPUT_LOST;
    }
    if (out_explain_picture(out.f, o) != 0) {
        outfile_abort(&out);
        why = "out of memory";
    } else if (outfile_commit(&out, &why) == 0) {
        return 0;
    }
    cli_error("--svg %s: cannot write: %s (the picture is lost)", svg_path, why);
    return EXIT_OUTPUT_LOST;
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

static int explain_one(const struct xp_config *cfg, const struct xp_search_limits *lim)
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
        rc = write_svg(&o);
    if (rc == 0)
        rc = o.r.found ? EXIT_REPRODUCED : EXIT_NOT_REPRODUCED;
    xp_outcome_free(&o);
    return rc;
}

static int explain_replay(const char *token)
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
    rc = write_svg(&o);
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

/* ---- options ---------------------------------------------------------------- */

int cmd_explain(int argc, char **argv, int idx)
{
    /* The defaults: e1000 and dpdk-em unfixed, the C library's copy, SC;
     * the ring, packets and batch are the pair's (xp_pick_pairs). */
    struct xp_config cfg = {.fix = E1000_FIX_NONE, .workaround = EM_WORKAROUND_NONE,
                            .copy = DMA_COPY_LIBC, .memory = XP_MEM_SC, .burst = BURST_DEFAULT,
                            .device = NIC_DEV_E1000, .driver = NIC_DRV_DPDK_EM};
    struct xp_search_limits lim = {
        .stop = &cli_interrupt_signal,
        .max_preemptions = XP_PREEMPTIONS_ALL,
        .state_cache = true,
        .max_states = MAX_STATES_DEFAULT,
    };
    struct xp_pick ch = {-1, -1, false, false, false, false, false, 0};
    const char *replay = NULL;
    bool all = false, variant_given = false, help = false;
    uint64_t limit_bytes = xp_budget_host_bytes();
    unsigned max_memory_mb = 0; /* 0: not given, the host's memory */
    const struct cli_opt *o;
    union cli_value v;
    int r;

    fill_choices();
    unsigned others = 0;
    int path = EXPLAIN_PATH_RX;
    const char *rx_only = NULL; /* --path=tx refuses it */
    while ((r = cli_next(explain_options, argc, argv, &idx, &o, &v)) == 1) {
        others += o->id != OPT_REPLAY && o->id != OPT_SVG;
        if (o->id == OPT_DPDK_FIX || o->id == OPT_MEMORY || o->id == OPT_BURST ||
            o->id == OPT_RX_FREE_THRESH || o->id == OPT_RX_BUFFER_WRITE || o->id == OPT_MAX_STATES ||
            o->id == OPT_MAX_MEMORY || o->id == OPT_REPLAY || o->id == OPT_SVG)
            rx_only = o->name;
        switch (o->id) {
        case OPT_DEVICE: ch.device = v.choice; break;
        case OPT_DRIVER: ch.driver = v.choice; break;
        case OPT_QEMU_FIX: cfg.fix = (enum e1000_fix)v.choice; variant_given = true; break;
        case OPT_DPDK_FIX: cfg.workaround = (enum em_workaround)v.choice; variant_given = true; break;
        case OPT_COPY: cfg.copy = (enum dma_copy_id)v.choice; variant_given = true; break;
        case OPT_MEMORY: cfg.memory = (enum xp_memory)v.choice; break;
        case OPT_RING: cfg.ring = v.u; ch.ring_given = true; break;
        case OPT_PACKETS: cfg.packets = v.u; ch.packets_given = true; break;
        case OPT_BURST: cfg.burst = v.u; break;
        case OPT_RX_FREE_THRESH: cfg.rx_free_thresh = v.u; ch.thresh_given = true; break;
        case OPT_RX_BUFFER_WRITE: ch.batch = v.u; ch.batch_given = true; break;
        case OPT_PREEMPTIONS: lim.max_preemptions = v.u; break;
        case OPT_MAX_STATES: lim.max_states = v.u; break;
        case OPT_MAX_MEMORY: limit_bytes = (uint64_t)v.u << 20; max_memory_mb = v.u; break;
        case OPT_REPLAY: replay = v.str; break;
        case OPT_ALL: all = true; break;
        case OPT_SVG: svg_path = v.str; break;
        case OPT_HELP: help = true; break;
        case OPT_PATH: path = v.choice; break;
        }
    }
    if (r < 0)
        return EXIT_USAGE;
    if (help) { /* only once the whole line parsed: --help --bogus is refused */
        cmd_explain_usage(stdout);
        commands_print_exit_status(stdout, "explain");
        return 0;
    }
    if (path == EXPLAIN_PATH_TX)
        return cmd_explain_tx(&(struct explain_tx_args){
            ch.device, ch.driver, cfg.fix, cfg.copy, cfg.ring, cfg.packets,
            lim.max_preemptions, lim.max_preemptions != XP_PREEMPTIONS_ALL, all, variant_given,
            rx_only});
    if (svg_path != NULL && all) {
        cli_error("--svg draws one interleaving: not with --all");
        return EXIT_USAGE;
    }
    const char *cant = NULL;
    if (svg_path != NULL && outfile_check(svg_path, &cant) != 0) {
        cli_error("--svg %s: cannot write: %s", svg_path, cant);
        return EXIT_USAGE;
    }
    if (replay != NULL) {
        if (others > 0) {
            /* They would be ignored: the token holds the whole configuration. */
            cli_error("--replay takes no other option but --svg: the token holds the whole"
                      " configuration");
            return EXIT_USAGE;
        }
        return explain_replay(replay);
    }
    if (ch.batch_given && (ch.batch & (ch.batch - 1)) != 0) {
        cli_error("--rx-buffer-write %u: must be a power of two (1, 2, 4, 8, 16)", ch.batch);
        return EXIT_USAGE;
    }
    if (!all && (ch.device == NIC_DEV_COUNT || ch.driver == NIC_DRV_COUNT)) {
        cli_error("--device=all and --driver=all go with --all");
        return EXIT_USAGE;
    }
    if (all && variant_given) {
        cli_error("--all runs every --qemu-fix, --dpdk-fix and --copy: give none of them");
        return EXIT_USAGE;
    }

    struct xp_config pairs[NIC_DEV_COUNT * NIC_DRV_COUNT];
    char why[512];
    unsigned npairs = xp_pick_pairs(&cfg, &ch, pairs, why, sizeof(why));
    if (npairs == 0 ||
        xp_pick_over_budget(pairs, npairs, all, &lim, limit_bytes, max_memory_mb, why, sizeof(why))) {
        cli_error("%s", why);
        return EXIT_USAGE;
    }
    if (all)
        return explain_all(pairs, npairs, &lim);
    return explain_one(&pairs[0], &lim);
}

