// SPDX-License-Identifier: GPL-2.0-or-later
/* explainopt.c - explain's options; see explainopt.h. */
#include "cli/explainopt.h"

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/interrupt.h"
#include "cli/output.h"
#include "explain/budget.h"
#include "explain/pair.h"

#define BURST_DEFAULT 4
#define MAX_STATES_DEFAULT 4000000u

const char *const explain_path_names[EXPLAIN_PATH_COUNT] = {"rx", "tx"};

enum explain_opt_id {
    OPT_DEVICE, OPT_DRIVER, OPT_QEMU_FIX, OPT_DPDK_FIX, OPT_COPY, OPT_MEMORY, OPT_RING,
    OPT_PACKETS, OPT_BURST, OPT_RX_FREE_THRESH, OPT_RX_BUFFER_WRITE, OPT_PREEMPTIONS,
    OPT_MAX_STATES, OPT_MAX_MEMORY, OPT_REPLAY, OPT_ALL, OPT_SVG, OPT_HELP, OPT_PATH,
};

/* The marks column: which rows the TX path, --replay and --all refuse. */
#define RX_ONLY 1u     /* --path=tx refuses it */
#define REPLAY_OK 2u   /* --replay takes it (the token holds the rest) */
#define VARIANT 4u     /* one fix, workaround or copy: --all runs every one */

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
     0, 0, 0, CHOICE_TABLE(device_choices, NIC_DEV_COUNT + 1), OPT_DEVICE, 0},
    {"driver", CLI_CHOICE, "NAME", "the guest driver model (default: the device's first, dpdk-em or"
     " dpdk-igb; all: with --all)", 0, 0, 0, CHOICE_TABLE(driver_choices, NIC_DRV_COUNT + 1),
     OPT_DRIVER, 0},
    {"qemu-fix", CLI_CHOICE, "NAME", "how the device writes a descriptor back (default none)",
     0, 0, 0, CHOICE_TABLE(e1000_fixes, E1000_FIX_COUNT), OPT_QEMU_FIX, VARIANT},
    {"dpdk-fix", CLI_CHOICE, "NAME", "guest-side workaround, any driver (default none)",
     0, 0, 0, CHOICE_TABLE(em_workarounds, EM_WORKAROUND_COUNT), OPT_DPDK_FIX, RX_ONLY | VARIANT},
    {"copy", CLI_CHOICE, "NAME", "copy routine whose store pattern pci_dma_write follows (default libc:"
     " as measured on this host)", 0, 0, 0, CHOICE_TABLE(dma_copies, DMA_COPY_COUNT), OPT_COPY, VARIANT},
    {"memory", CLI_CHOICE, "NAME", "memory model (default sc)",
     0, 0, 0, CHOICE_TABLE(xp_memories, XP_MEM_COUNT), OPT_MEMORY, RX_ONLY},
    {"ring", CLI_UINT, "N", "descriptors in the ring, 2..64, any number (run takes a multiple of 8"
     " in 8..65536; default: the driver's smallest here: 2 for DPDK and linux-igb, 3 for linux-e1000, batch + 2"
     " for linux-e1000e)", XP_RING_MIN, XP_RING_MAX, 0, {0},
     OPT_RING, 0},
    {"packets", CLI_UINT, "N", "packets the device receives (default: ring + 1)", 1, XP_PACKETS_MAX,
     0, {0}, OPT_PACKETS, 0},
    {"burst", CLI_UINT, "N", "packets per driver call: DPDK's nb_pkts, Linux's NAPI budget"
     " (default 4)", 1, XP_BURST_MAX, 0, {0}, OPT_BURST, RX_ONLY},
    {"rx-free-thresh", CLI_UINT, "N", "DPDK rx_free_thresh (default 0)", 0, XP_RING_MAX - 1, 0, {0},
     OPT_RX_FREE_THRESH, RX_ONLY},
    {"rx-buffer-write", CLI_UINT, "N", "linux-e1000e's E1000_RX_BUFFER_WRITE batch, a power of two:"
     " a MODEL PARAMETER (Linux: 16; default here 2)", 1, XP_BATCH_MAX, 0, {0}, OPT_RX_BUFFER_WRITE, RX_ONLY},
    {"preemptions", CLI_UINT, "N", "explore only interleavings with at most N preemptions (default:"
     " no bound)", 0, 1000, 0, {0}, OPT_PREEMPTIONS, 0},
    {"max-states", CLI_UINT, "N", "states to remember (memory: about 48 bytes each; default 4000000)",
     1000, 200000000, 0, {0}, OPT_MAX_STATES, RX_ONLY},
    {"max-memory", CLI_UINT, "MB", "refuse bounds whose search could need more memory than this"
     " (default: this host's)", 16, 1u << 30, 0, {0}, OPT_MAX_MEMORY, RX_ONLY},
    {"replay", CLI_STRING, "TOKEN", "run exactly the interleaving a token names, print its trace", 0, 0,
     0, {0}, OPT_REPLAY, RX_ONLY | REPLAY_OK},
    {"all", CLI_FLAG, NULL, "every fix x workaround x copy routine, one line each, for the pair"
     " (--device=all --driver=all: every pair)", 0, 0, 0, {0}, OPT_ALL, 0},
    {"svg", CLI_STRING, "FILE", "also draw the interleaving as an SVG sequence diagram in FILE (with"
     " --replay too; the same token, the same bytes)", 0, 0, 0, {0}, OPT_SVG, RX_ONLY | REPLAY_OK},
    {"path", CLI_CHOICE, "NAME", "rx (default): the receive write-back; tx: the transmit"
     " write-back against the drivers' TX reclaim (docs/tx-writeback.md)", 0, 0, 0,
     CHOICE_TABLE(explain_path_names, EXPLAIN_PATH_COUNT), OPT_PATH, 0},
    {"help", CLI_FLAG, NULL, "show this help", 0, 0, 0, {0}, OPT_HELP, 0},
    {NULL, 0, NULL, NULL, 0, 0, 0, {0}, 0, 0},
};

void explainopt_print(FILE *f)
{
    fill_choices();
    cli_print_options(f, explain_options);
}

int explainopt_parse(int argc, char **argv, int idx, struct explain_args *a)
{
    /* The defaults: e1000 and dpdk-em unfixed, the C library's copy, SC;
     * the ring, packets and batch are the pair's (xp_pick_pairs). */
    *a = (struct explain_args){
        .cfg = {.fix = E1000_FIX_NONE, .workaround = EM_WORKAROUND_NONE, .copy = DMA_COPY_LIBC,
                .memory = XP_MEM_SC, .burst = BURST_DEFAULT, .device = NIC_DEV_E1000,
                .driver = NIC_DRV_DPDK_EM},
        .lim = {.stop = &cli_interrupt_signal, .max_preemptions = XP_PREEMPTIONS_ALL,
                .state_cache = true, .max_states = MAX_STATES_DEFAULT},
        .ch = {-1, -1, false, false, false, false, false, 0},
        .path = EXPLAIN_PATH_RX,
        .limit_bytes = xp_budget_host_bytes(),
    };
    const struct cli_opt *o;
    union cli_value v;
    int r;

    fill_choices();
    while ((r = cli_next(explain_options, argc, argv, &idx, &o, &v)) == 1) {
        a->not_for_replay += !(o->marks & REPLAY_OK);
        a->variant_given |= (o->marks & VARIANT) != 0;
        if (o->marks & RX_ONLY)
            a->rx_only = o->name;
        switch (o->id) {
        case OPT_DEVICE: a->ch.device = v.choice; break;
        case OPT_DRIVER: a->ch.driver = v.choice; break;
        case OPT_QEMU_FIX: a->cfg.fix = (enum e1000_fix)v.choice; break;
        case OPT_DPDK_FIX: a->cfg.workaround = (enum em_workaround)v.choice; break;
        case OPT_COPY: a->cfg.copy = (enum dma_copy_id)v.choice; break;
        case OPT_MEMORY: a->cfg.memory = (enum xp_memory)v.choice; break;
        case OPT_RING: a->cfg.ring = v.u; a->ch.ring_given = true; break;
        case OPT_PACKETS: a->cfg.packets = v.u; a->ch.packets_given = true; break;
        case OPT_BURST: a->cfg.burst = v.u; break;
        case OPT_RX_FREE_THRESH: a->cfg.rx_free_thresh = v.u; a->ch.thresh_given = true; break;
        case OPT_RX_BUFFER_WRITE: a->ch.batch = v.u; a->ch.batch_given = true; break;
        case OPT_PREEMPTIONS: a->lim.max_preemptions = v.u; break;
        case OPT_MAX_STATES: a->lim.max_states = v.u; break;
        case OPT_MAX_MEMORY: a->limit_bytes = (uint64_t)v.u << 20; a->max_memory_mb = v.u; break;
        case OPT_REPLAY: a->replay = v.str; break;
        case OPT_ALL: a->all = true; break;
        case OPT_SVG: a->svg = v.str; break;
        case OPT_HELP: a->help = true; break;
        case OPT_PATH: a->path = (enum explain_path)v.choice; break;
        }
    }
    return r < 0 ? EXIT_USAGE : 0;
}

int explainopt_check_rx(const struct explain_args *a)
{
    const char *why = NULL;
    if (a->svg != NULL && a->all)
        why = "--svg draws one interleaving: not with --all";
    else if (a->svg != NULL && cli_file_check("svg", a->svg) != 0)
        return EXIT_USAGE;
    else if (a->replay != NULL && a->not_for_replay > 0)
        /* They would be ignored: the token holds the whole configuration. */
        why = "--replay takes no other option but --svg: the token holds the whole configuration";
    else if (a->replay != NULL)
        return 0;
    else if (a->ch.batch_given && (a->ch.batch & (a->ch.batch - 1)) != 0) {
        cli_error("--rx-buffer-write %u: must be a power of two (1, 2, 4, 8, 16)", a->ch.batch);
        return EXIT_USAGE;
    } else if (!a->all && (a->ch.device == NIC_DEV_COUNT || a->ch.driver == NIC_DRV_COUNT))
        why = "--device=all and --driver=all go with --all";
    else if (a->all && a->variant_given)
        why = "--all runs every --qemu-fix, --dpdk-fix and --copy: give none of them";
    if (why == NULL)
        return 0;
    cli_error("%s", why);
    return EXIT_USAGE;
}
