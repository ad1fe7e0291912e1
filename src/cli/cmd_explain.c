// SPDX-License-Identifier: GPL-2.0-or-later
/* cmd_explain.c - `e1000_poc explain`: run a device's and a driver's code
 * under the explorer; print the shortest failing interleaving, or what was
 * covered without finding one; replay a token; tabulate every variant, for
 * one device x driver pair or for all of them. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "cli/cli.h"
#include "util/clock.h"
#include "cli/commands.h"
#include "cli/explain_tx.h"
#include "explain/budget.h"
#include "cli/interrupt.h"
#include "explain/expect.h"
#include "explain/pair.h"
#include "explain/search.h"
#include "explain/svg.h"
#include "explain/token.h"
#include "explain/trace.h"
#include "util/outfile.h"

#define PACKETS_DEFAULT_EXTRA 1 /* packets: one lap of the ring and one more */
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

/* "[0,16) [0,16)": the stores of a write that starts at descriptor byte `at`. */
static void pattern_text(char *b, size_t n, const struct dma_pattern *p, unsigned at)
{
    size_t used = 0;
    b[0] = '\0';
    for (unsigned i = 0; i < p->n && used < n; i++)
        used += (size_t)snprintf(b + used, n - used, "%s[%u,%u)", i ? " " : "", at + p->s[i].off,
                                 at + p->s[i].off + p->s[i].len);
}

/* "burst 4, rx_free_thresh 0" (DPDK), "budget 4" (Linux), "budget 4,
 * rx-buffer-write 2" (linux-e1000e). */
static void driver_bounds_text(char *b, size_t n, const struct xp_config *c)
{
    const struct xp_driver_model *m = &xp_driver_models[c->driver];
    int w = snprintf(b, n, "%s %u", m->burst_name, c->burst);
    if (w < 0 || (size_t)w >= n)
        return;
    if (m->rx_free_thresh)
        snprintf(b + w, n - (size_t)w, ", rx_free_thresh %u", c->rx_free_thresh);
    else if (m->batch)
        snprintf(b + w, n - (size_t)w, ", rx-buffer-write %u", c->rx_buffer_write);
}

static void preemptions_text(char *b, size_t n, uint32_t max_preemptions)
{
    if (max_preemptions == XP_PREEMPTIONS_ALL)
        snprintf(b, n, "no preemption bound");
    else
        snprintf(b, n, "at most %" PRIu32 " preemption%s", max_preemptions,
                 max_preemptions == 1 ? "" : "s");
}

static void bounds_text(char *b, size_t n, const struct xp_config *c, uint32_t max_preemptions)
{
    char pre[48], drv[64];
    preemptions_text(pre, sizeof(pre), max_preemptions);
    driver_bounds_text(drv, sizeof(drv), c);
    snprintf(b, n, "ring %u, %u packet%s, %s; %s", c->ring, c->packets, c->packets == 1 ? "" : "s",
             drv, pre);
}

/* linux-e1000e's batch is the model's, not Linux's: say so wherever it is used. */
static void print_model_line(FILE *f, unsigned batch)
{
    fprintf(f, "  model   linux-e1000e's E1000_RX_BUFFER_WRITE is %u here, not Linux's 16: a model\n"
               "          parameter, so that a ring of %u shows the story; it changes only how often\n"
               "          RDT moves, not what the driver does to a descriptor\n",
            batch, batch + 2);
}

static void print_header(FILE *f, const struct xp_exec *x, uint32_t max_preemptions)
{
    const struct xp_config *c = &x->cfg;
    const struct xp_driver_model *m = &xp_driver_models[c->driver];
    char p16[256], pst[128], bounds[160], dt[64], rt[64];
    pattern_text(p16, sizeof(p16), &x->pat_desc, 0);
    pattern_text(pst, sizeof(pst), &x->pat_status, x->status_off);
    bounds_text(bounds, sizeof(bounds), c, max_preemptions);
    fprintf(f, "e1000_poc explain: %s and %s, one shared access at a time\n",
            xp_device_title(c, dt, sizeof(dt)), xp_driver_title(c, rt, sizeof(rt)));
    fprintf(f, "  device  qemu-fix %s: %s\n", e1000_fixes[c->fix].name, e1000_fixes[c->fix].summary);
    if (c->workaround == EM_WORKAROUND_NONE && strcmp(m->vendor, "DPDK") != 0)
        fprintf(f, "  driver  dpdk-fix none: %s as released\n", m->vendor);
    else
        fprintf(f, "  driver  dpdk-fix %s: %s\n", em_workarounds[c->workaround].name,
                em_workarounds[c->workaround].summary);
    if (m->batch)
        print_model_line(f, c->rx_buffer_write);
    fprintf(f, "  copy    %s: %s\n", dma_copies[c->copy].name, dma_copies[c->copy].summary);
    if (c->fix == E1000_FIX_ATOMIC_STATUS)
        fprintf(f, "          stores, in descriptor bytes: 16-byte write %s; %s [%u,%u) in one"
                   " aligned store after smp_mb(), not a copy\n", p16,
                x->fmt == RX_FMT_LEGACY ? "status byte" : "status_error", x->status_off,
                x->status_off + x->status_len);
    else if (c->fix == E1000_FIX_DD_BYTE)
        fprintf(f, "          stores, in descriptor bytes: 16-byte write %s; then the byte with DD,"
                   " [%u,%u), in a 1-byte pci_dma_write\n", p16, x->status_off, x->status_off + 1);
    else if (x->fmt == RX_FMT_LEGACY)
        fprintf(f, "          stores, in descriptor bytes: 16-byte write %s; status byte %s\n", p16,
                pst);
    else
        fprintf(f, "          stores, in descriptor bytes: 16-byte write %s; status_error (%s"
                   " descriptor) %s\n", p16, rx_format_names[x->fmt], pst);
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

static void print_legend(FILE *f, const struct xp_exec *x)
{
    fprintf(f, "How to read it: one line per step, a shared access or one store of a DMA copy, by the\n"
               "device (left) or the driver (right); then RDH, RDT and the descriptor the step touched,\n"
               "as memory holds them after the step. ");
    if (x->fmt == RX_FMT_LEGACY) {
        fprintf(f, "\"d0: buf 1 DD fill 0\" is descriptor 0 with\n"
                   "buffer_addr 1, status DD (0x07 = DD|EOP|IXSM; \"--\" = 0; other values in hex) and the\n"
                   "device's fill number 0 (kept in csum/special; \"-\": never filled). Lines with !!\n"
                   "mark the damage and the violations.\n\n");
        return;
    }
    fprintf(f, "An %s descriptor holds the driver's read format\n"
               "until the device writes back over it, so its first 8 bytes show as \"buf 3\", the\n"
               "buffer address the driver armed, or as \"used 1\" once the device has written back\n"
               "(the model keeps the buffer it used in rss, with %s 0). Then status_error\n"
               "(DD = DD|EOP; \"--\" = 0; other values in hex) and the fill number the device keeps\n"
               "in vlan (vlan - 1; \"-\": vlan 0, %s). So\n"
               "\"d0: used 1 DD fill 0\" is descriptor 0 written back by fill 0 into buffer 1, with DD.\n"
               "Lines with !! mark the damage and the violations.\n\n",
            rx_format_names[x->fmt], x->fmt == RX_FMT_ADVANCED ? "pkt_info" : "mrq",
            x->fmt == RX_FMT_ADVANCED ? "no fill since the driver zeroed hdr_addr"
                                      : "never filled");
}

/* --svg FILE: the picture's path (NULL: none). Checked before anything
 * runs (explain_check_svg), written at the end. */
static const char *svg_path;

/* Write the picture of steps [0, nsteps) of x to svg_path, headed by the
 * configuration as --replay prints it, with the token (so that the same
 * token draws the same bytes however it was found); foot: the lines under
 * it. Returns 0, or an exit status after one line on stderr. */
static int write_svg(const struct xp_exec *x, unsigned nsteps, const char *token, const char *foot)
{
    char *head = NULL, *body;
    size_t len = 0;
    struct outfile o;
    const char *why = NULL;
    FILE *m = open_memstream(&head, &len);
    if (m == NULL) {
        fprintf(stderr, "e1000_poc: explain: out of memory\n");
        return EXIT_CANNOT_TEST;
    }
    print_header(m, x, XP_PREEMPTIONS_ALL);
    fprintf(m, "  replay  %s\n", token);
    fclose(m);
    body = strchr(head, '\n'); /* the first line is the picture's title */
    if (outfile_open(&o, svg_path, &why) != 0) {
        free(head);
        cli_error("--svg %s: cannot write: %s (the picture is lost)", svg_path, why);
        return EXIT_OUTPUT_LOST;
    }
    xp_svg_trace(o.f, x, nsteps, body != NULL ? body + 1 : head, foot, true);
    free(head);
    if (outfile_commit(&o, &why) != 0) {
        cli_error("--svg %s: cannot write: %s (the picture is lost)", svg_path, why);
        return EXIT_OUTPUT_LOST;
    }
    return 0;
}

/* Replay s on x and print the trace block: from the "Interleaving" line to
 * the "Replay:" line, identical for a search result and for --replay.
 * Returns 1 if the interleaving violates a property, 0 if not, -1 if s
 * does not fit, or an exit status above 1 if --svg could not be written. */
static int print_interleaving(FILE *f, struct xp_exec *x, const struct xp_schedule *s,
                              const char **why)
{
    uint32_t pre;
    char token[XP_TOKEN_MAX], names[160];
    char *foot = NULL;
    size_t foot_len = 0;
    /* What is printed after the trace, kept for the picture's foot. */
    FILE *tail = open_memstream(&foot, &foot_len);
    if (tail == NULL)
        return -1;

    x->keep_going = false;
    if (xp_replay(x, s, true, &pre, why) != 0) {
        fclose(tail);
        free(foot);
        return -1;
    }
    unsigned steps = x->ntrace, violations = x->violations;
    bool violated = x->status == XP_ST_VIOLATION;
    fprintf(f, "Interleaving: %" PRIu32 " preemption%s, %u steps.\n", pre, pre == 1 ? "" : "s",
            steps);
    fprintf(tail, "Interleaving: %" PRIu32 " preemption%s, %u steps.\n", pre, pre == 1 ? "" : "s",
            steps);
    xp_trace_print(f, x, steps);
    long from = ftell(tail);
    if (violated) {
        xp_trace_verdict(tail, x, violations, steps);
        x->keep_going = true;
        if (xp_replay(x, s, true, &pre, why) != 0) {
            fclose(tail);
            free(foot);
            return -1;
        }
        xp_trace_aftermath(tail, x, steps);
    } else {
        fprintf(tail, "No violation in this interleaving: it ends with RDH %" PRIu32 ", RDT %" PRIu32
                   ", every fill handed up once.\n", x->gm->rdh, x->gm->rdt);
    }
    if (xp_token_encode(token, sizeof(token), &x->cfg, s) != 0)
        snprintf(token, sizeof(token), "(too long to write down)");
    fprintf(tail, "Replay: e1000_poc explain --replay %s\n", token);
    if (violated) {
        violation_names(names, sizeof(names), violations, ", ");
        fprintf(tail, "Verdict: VIOLATION (%s) after %u steps with %" PRIu32 " preemption%s\n", names,
                steps, pre, pre == 1 ? "" : "s");
    }
    fclose(tail);
    fputs(foot + from, f);
    int rc = violated ? 1 : 0;
    if (svg_path != NULL) {
        /* The trace of the picture: the execution as it stopped, not run on. */
        x->keep_going = false;
        if (xp_replay(x, s, true, &pre, why) != 0)
            rc = -1;
        else if (write_svg(x, steps, token, foot) != 0)
            rc = EXIT_OUTPUT_LOST;
    }
    free(foot);
    return rc;
}

/* "a" or "an" before the number n as it is read aloud: an 8-, an 11-, an
 * 18-, an 80-, an 800-descriptor ring; a 2-, a 16-descriptor ring. Read in
 * groups of three digits, only the leading group counts. */
static const char *article_for(unsigned n)
{
    while (n >= 1000)
        n /= 1000;
    if (n == 11 || n == 18)
        return "an";
    while (n >= 10)
        n /= 10;
    return n == 8 ? "an" : "a";
}

static void print_coverage(FILE *f, const struct xp_config *c, const struct xp_search_limits *lim,
                           const struct xp_search_result *r)
{
    char what[96], drv[64];
    if (lim->max_preemptions == XP_PREEMPTIONS_ALL || r->exhausted)
        snprintf(what, sizeof(what), "every interleaving%s",
                 lim->max_preemptions == XP_PREEMPTIONS_ALL ? "" : " (the bound was never reached)");
    else
        snprintf(what, sizeof(what), "every interleaving with at most %" PRIu32 " preemption%s",
                 lim->max_preemptions, lim->max_preemptions == 1 ? "" : "s");
    driver_bounds_text(drv, sizeof(drv), c);
    fprintf(f, "No violation within these bounds: %s of %u packet%s through %s %u-descriptor ring"
               " (%s) was explored.\n",
            what, c->packets, c->packets == 1 ? "" : "s", article_for(c->ring), c->ring, drv);
    fprintf(f, "  explored  %" PRIu64 " states, %" PRIu64 " executions (%" PRIu64
               " ended as repeated polls), %" PRIu64 " steps, in %.3f s\n",
            r->states, r->executions, r->stutters, r->steps_total, r->seconds);
    if (r->used_snapshots)
        fprintf(f, "  states    memory, and each thread's own state when its current call began with the\n"
                   "            accesses since (not its whole history): interleavings that leave the same\n"
                   "            are one; the executions end in %" PRIu64 " distinct final state%s\n",
                r->finals, r->finals == 1 ? "" : "s");
    if (!r->exhausted)
        fprintf(f, "  not covered: interleavings with more preemptions than the bound\n");
    fprintf(f, "  meaning   this ring size, packet count and %s only; every shared access and every\n"
               "            store of a DMA copy is a step; %s memory; registers under the big QEMU lock;\n"
               "            states told apart by a 128-bit hash (a collision could hide a state: odds\n"
               "            about n^2/2^129 for n states).\n",
            xp_driver_models[c->driver].burst_name, xp_memories[c->memory].name);
    if (r->cache_full)
        fprintf(f, "  note      the state cache filled up (--max-states): states were re-explored, not skipped\n");
    fprintf(f, "Verdict: NO VIOLATION within these bounds\n");
}

/* Bounds too large for memory fail here, before anything is printed: one
 * line naming the bound and the estimate (budget.h), exit status 2. A
 * configuration that cannot run at all is left to prepare() (125). */
static int check_budget(const struct xp_config *cfg, const struct xp_search_limits *lim,
                        uint64_t limit_bytes, unsigned max_memory_mb)
{
    struct xp_budget b;
    const char *why = NULL;
    if (xp_budget_estimate(cfg, lim->max_states, &b, &why) != 0 || b.total_bytes <= limit_bytes)
        return 0;
    const double gb = 1e9;
    char bound[96];
    if (b.cache_bytes >= b.path_bytes)
        snprintf(bound, sizeof(bound), "--max-states %zu", lim->max_states);
    else
        snprintf(bound, sizeof(bound), "--ring %u --packets %u", cfg->ring, cfg->packets);
    /* The limit as it was given: --max-memory's MB, or the host's memory. */
    char allowed[64];
    if (max_memory_mb != 0)
        snprintf(allowed, sizeof(allowed), "--max-memory %u (MB) allows", max_memory_mb);
    else
        snprintf(allowed, sizeof(allowed), "this host's %.1f GB of memory", (double)limit_bytes / gb);
    cli_error("explain: %s: the search could need about %.1f GB (state cache %.1f GB, %u-step"
              " paths of %zu-byte snapshots %.1f GB), more than %s; lower it",
              bound, (double)b.total_bytes / gb, (double)b.cache_bytes / gb, 2 * b.default_steps,
              b.snapshot_bytes, (double)b.path_bytes / gb, allowed);
    return EXIT_USAGE;
}

/* Set up an executor for cfg, or say why not (exit status 125). */
static int prepare(struct xp_exec *x, const struct xp_config *cfg)
{
    const char *why = NULL;
    if (xp_exec_init(x, cfg, &why) == 0)
        return 0;
    if (dma_copy_is_libc(cfg->copy))
        fprintf(stderr, "e1000_poc: cannot explain --copy=%s here: the store pattern of this"
                        " host's C library routine could not be measured (%s); name a routine with"
                        " a declared pattern instead, e.g. --copy=double\n",
                dma_copies[cfg->copy].name, why);
    else
        fprintf(stderr, "e1000_poc: cannot explain --copy=%s here: %s\n", dma_copies[cfg->copy].name,
                why);
    return EXIT_CANNOT_TEST;
}

/* The search ran out of memory: one line naming the limit it met (the
 * address-space limit, ulimit -v, when there is one), exit status 125. */
static int search_failed(const char *why)
{
    struct rlimit rl;
    if (strncmp(why, "out of memory", 13) != 0) {
        fprintf(stderr, "e1000_poc: explain: %s\n", why);
        return EXIT_CANNOT_TEST;
    }
    if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
        fprintf(stderr, "e1000_poc: explain: %s: the search reached the address-space limit"
                        " (ulimit -v %llu KB); raise it, or lower --max-states or the bounds\n",
                why, (unsigned long long)(rl.rlim_cur >> 10));
    else
        fprintf(stderr, "e1000_poc: explain: %s: the search reached this host's memory; lower"
                        " --max-states or the bounds\n", why);
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
        return search_failed(why);
    }
    printf("  search  fewest preemptions first, then fewest steps: %" PRIu64 " states, %" PRIu64
           " executions, %" PRIu64 " steps, %.3f s\n\n",
           r.states, r.executions, r.steps_total, r.seconds);
    if (r.interrupted) {
        xp_exec_free(&x);
        printf("Interrupted: stopped by a signal before the search covered the bounds; no\n"
               "interleaving is proven or shown.\nVerdict: INTERRUPTED\n");
        return EXIT_INTERRUPTED;
    }
    if (r.found) {
        printf("The shortest failing interleaving: no interleaving with fewer preemptions fails,\n"
               "and none with as many fails in fewer steps.\n");
        print_legend(stdout, &x);
        rc = print_interleaving(stdout, &x, &r.schedule, &why);
        xp_exec_free(&x);
        if (rc > 1)
            return rc;
        if (rc < 0) {
            fprintf(stderr, "e1000_poc: explain: internal error: the schedule found does not replay: %s\n", why);
            return EXIT_CANNOT_TEST;
        }
        return EXIT_REPRODUCED;
    }
    if (!r.complete) {
        xp_exec_free(&x);
        printf("Could not cover the bounds: %s.\nVerdict: UNKNOWN\n",
               r.step_limit ? "an execution did not end within the step limit" : "a resource limit was reached");
        return EXIT_CANNOT_TEST;
    }
    /* No interleaving to draw: the picture says what was covered. */
    char *cover = NULL;
    size_t cover_len = 0;
    FILE *m = open_memstream(&cover, &cover_len);
    if (m == NULL) {
        xp_exec_free(&x);
        return EXIT_CANNOT_TEST;
    }
    print_coverage(m, cfg, lim, &r);
    fclose(m);
    fputs(cover, stdout);
    rc = svg_path != NULL ? write_svg(&x, 0, "(none: no violation)", cover) : 0;
    free(cover);
    xp_exec_free(&x);
    return rc != 0 ? rc : EXIT_NOT_REPRODUCED;
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
    /* Run it once silently first: a token that does not fit is refused
     * before anything is printed. */
    uint32_t pre;
    x.keep_going = false;
    if (xp_replay(&x, &s, false, &pre, &why) != 0) {
        xp_exec_free(&x);
        cli_error("--replay %s: the token does not fit this build: %s", token, why);
        return EXIT_USAGE;
    }
    print_header(stdout, &x, XP_PREEMPTIONS_ALL);
    printf("  replay  %s\n\n", token);
    print_legend(stdout, &x);
    rc = print_interleaving(stdout, &x, &s, &why);
    xp_exec_free(&x);
    if (rc > 1)
        return rc;
    if (rc < 0) {
        cli_error("--replay %s: the token does not fit this build: %s", token, why);
        return EXIT_USAGE;
    }
    if (rc == 0)
        printf("Verdict: NO VIOLATION in this interleaving\n");
    return rc == 1 ? EXIT_REPRODUCED : EXIT_NOT_REPRODUCED;
}

/* ---- --all ----------------------------------------------------------------- */

/* A row's tally. */
struct all_count {
    unsigned rows, agree, differ, not_run;
};

/* One row of --all; `lead` is printed first (the pair, in the table of
 * every pair). */
static void all_row(const struct xp_config *cfg, const struct xp_search_limits *lim,
                    const char *lead, struct all_count *n)
{
    struct xp_exec x;
    struct xp_search_result r;
    const char *why = NULL, *because = NULL;
    char result[128], names[96];

    n->rows++;
    printf("%s%-16s %-12s %-11s ", lead, e1000_fixes[cfg->fix].name,
           em_workarounds[cfg->workaround].name, dma_copies[cfg->copy].name);
    fflush(stdout);
    if (xp_exec_init(&x, cfg, &why) != 0) {
        printf("not run: %s\n", why);
        n->not_run++;
        return;
    }
    bool expect = xp_expect_violation(cfg, &x.pat_desc, &x.pat_status, &because);
    xp_exec_free(&x);
    if (xp_search(cfg, lim, &r, &why) != 0) {
        printf("not run: %s\n", why);
        n->not_run++;
        return;
    }
    if (r.interrupted) {
        printf("interrupted\n");
        n->not_run++;
        return;
    }
    if (r.found) {
        violation_names(names, sizeof(names), r.violations, "+");
        snprintf(result, sizeof(result), "VIOLATION %s: %" PRIu32 " preempt., %" PRIu32 " steps",
                 names, r.preemptions, r.steps);
    } else if (r.complete) {
        snprintf(result, sizeof(result), "none: %" PRIu64 " states covered", r.states);
    } else {
        printf("%-62s unknown: bounds not covered\n", "");
        n->not_run++;
        return;
    }
    bool ok = r.found == expect;
    printf("%-62s %-9s %-4s %s\n", result, expect ? "violation" : "none", ok ? "ok" : "DIFF", because);
    if (ok)
        n->agree++;
    else
        n->differ++;
}

/* The rows --all runs for npairs pairs. */
static unsigned all_row_count(unsigned npairs)
{
    return npairs * E1000_FIX_COUNT * EM_WORKAROUND_COUNT * DMA_COPY_COUNT;
}

/* After the tally of an interrupted --all: what was not run (exit 130). */
static void print_all_interrupted(unsigned rows, unsigned planned)
{
    if (cli_interrupted())
        printf("Interrupted: stopped by a signal after %u of %u rows (a row cut short is not run).\n"
               "Verdict: INTERRUPTED\n", rows, planned);
}

/* Every fix x workaround x copy of one pair's configuration. */
static void all_rows(const struct xp_config *base, const struct xp_search_limits *lim,
                     const char *lead, struct all_count *n)
{
    struct xp_config cfg = *base;
    for (int fix = 0; fix < E1000_FIX_COUNT; fix++)
        for (int wa = 0; wa < EM_WORKAROUND_COUNT; wa++)
            for (int copy = 0; copy < DMA_COPY_COUNT && !cli_interrupted(); copy++) {
                cfg.fix = (enum e1000_fix)fix;
                cfg.workaround = (enum em_workaround)wa;
                cfg.copy = (enum dma_copy_id)copy;
                all_row(&cfg, lim, lead, n);
            }
}

static void print_all_intro(const struct xp_config *c, uint32_t max_preemptions, bool several)
{
    printf("  memory  %s: %s\n", xp_memories[c->memory].name, xp_memories[c->memory].summary);
    if (several) {
        char pre[48];
        preemptions_text(pre, sizeof(pre), max_preemptions);
        printf("  bounds  per pair (column r/p): the ring and packets below, %s %u, rx_free_thresh %u"
               " (DPDK); %s\n", "burst or budget", c->burst, c->rx_free_thresh, pre);
    } else {
        char bounds[160];
        bounds_text(bounds, sizeof(bounds), c, max_preemptions);
        printf("  bounds  %s\n", bounds);
    }
    printf("  expect  argued from each row's store pattern alone (src/explain/expect.h); \"ok\": the\n"
           "          explorer agrees\n\n");
}

static int explain_all(const struct xp_config *pairs, unsigned npairs,
                       const struct xp_search_limits *lim)
{
    struct all_count total = {0, 0, 0, 0};
    char dt[64], rt[64];

    if (npairs == 1) {
        const struct xp_config *c = &pairs[0];
        if (c->device == NIC_DEV_E1000 && c->driver == NIC_DRV_DPDK_EM)
            printf("e1000_poc explain --all: every qemu-fix x dpdk-fix x copy routine\n");
        else
            printf("e1000_poc explain --all: %s x %s (%s, %s), every qemu-fix x dpdk-fix x copy"
                   " routine\n", nic_devices[c->device].name, nic_drivers[c->driver].name,
                   xp_device_title(c, dt, sizeof(dt)), xp_driver_title(c, rt, sizeof(rt)));
        if (xp_driver_models[c->driver].batch)
            print_model_line(stdout, c->rx_buffer_write);
        print_all_intro(c, lim->max_preemptions, false);
        printf("%-16s %-12s %-11s %-62s %-9s %-4s %s\n", "qemu-fix", "dpdk-fix", "copy",
               "explorer: result", "expected", "", "because");
        all_rows(c, lim, "", &total);
        printf("\n%u rows: %u agree with the expectation, %u differ, %u not run\n", total.rows,
               total.agree, total.differ, total.not_run);
        print_all_interrupted(total.rows, all_row_count(1));
        return total.differ ? EXIT_REPRODUCED : EXIT_NOT_REPRODUCED;
    }

    printf("e1000_poc explain --all: every device x driver pair x qemu-fix x dpdk-fix x copy"
           " routine\n");
    for (unsigned i = 0; i < npairs; i++)
        if (xp_driver_models[pairs[i].driver].batch) {
            print_model_line(stdout, pairs[i].rx_buffer_write);
            break;
        }
    print_all_intro(&pairs[0], lim->max_preemptions, true);
    printf("%-7s %-13s %-6s %-16s %-12s %-11s %-62s %-9s %-4s %s\n", "device", "driver", "r/p",
           "qemu-fix", "dpdk-fix", "copy", "explorer: result", "expected", "", "because");
    struct all_count per[NIC_DEV_COUNT * NIC_DRV_COUNT];
    double seconds[NIC_DEV_COUNT * NIC_DRV_COUNT];
    unsigned done = 0;
    for (unsigned i = 0; i < npairs && !cli_interrupted(); i++, done++) {
        char lead[64], rp[16];
        snprintf(rp, sizeof(rp), "%u/%u", pairs[i].ring, pairs[i].packets);
        snprintf(lead, sizeof(lead), "%-7s %-13s %-6s ", nic_devices[pairs[i].device].name,
                 nic_drivers[pairs[i].driver].name, rp);
        per[i] = (struct all_count){0, 0, 0, 0};
        uint64_t t0 = clock_now_ns();
        all_rows(&pairs[i], lim, lead, &per[i]);
        seconds[i] = clock_ns_to_s(clock_now_ns() - t0);
        total.rows += per[i].rows;
        total.agree += per[i].agree;
        total.differ += per[i].differ;
        total.not_run += per[i].not_run;
    }
    printf("\n");
    for (unsigned i = 0; i < done; i++)
        printf("%-7s %-13s %u rows: %u agree, %u differ, %u not run, %.1f s\n",
               nic_devices[pairs[i].device].name, nic_drivers[pairs[i].driver].name, per[i].rows,
               per[i].agree, per[i].differ, per[i].not_run, seconds[i]);
    printf("%u rows: %u agree with the expectation, %u differ, %u not run\n", total.rows,
           total.agree, total.differ, total.not_run);
    print_all_interrupted(total.rows, all_row_count(npairs));
    return total.differ ? EXIT_REPRODUCED : EXIT_NOT_REPRODUCED;
}

/* ---- options ---------------------------------------------------------------- */

/* What the command line chose besides the variant. */
struct explain_choice {
    int device, driver;        /* NIC_*_COUNT: "all"; -1: not given */
    bool several_drivers;      /* --driver=all, or --device=all: options of one driver
                                  (rx_free_thresh, the batch) apply where they exist */
    bool ring_given, packets_given, thresh_given, batch_given;
    unsigned batch;
};

/* Fill in a pair's configuration from base and the choices: the ring
 * defaults to the driver's smallest, packets to ring + 1, the batch to
 * XP_BATCH_DEFAULT on linux-e1000e (and nothing elsewhere). Returns 0, or
 * prints one line and returns EXIT_USAGE. */
static int pair_config(struct xp_config *c, const struct explain_choice *ch,
                       enum nic_device_id dev, enum nic_driver_id drv)
{
    const struct xp_driver_model *m = &xp_driver_models[drv];
    const char *why = nic_pair_problem(dev, drv);
    if (why != NULL) {
        cli_error("--device=%s --driver=%s: %s", nic_devices[dev].name, nic_drivers[drv].name, why);
        return EXIT_USAGE;
    }
    c->device = dev;
    c->driver = drv;
    if (ch->batch_given && !m->batch && !ch->several_drivers) {
        cli_error("--rx-buffer-write: %s has no such batch (only linux-e1000e)", nic_drivers[drv].name);
        return EXIT_USAGE;
    }
    c->rx_buffer_write = m->batch ? (ch->batch_given ? ch->batch : XP_BATCH_DEFAULT) : 0;
    if (!m->rx_free_thresh && ch->thresh_given && c->rx_free_thresh != 0 && !ch->several_drivers) {
        cli_error("--rx-free-thresh: %s has no rx_free_thresh (only the DPDK drivers)",
                  nic_drivers[drv].name);
        return EXIT_USAGE;
    }
    if (!m->rx_free_thresh)
        c->rx_free_thresh = 0;
    if (!ch->ring_given)
        c->ring = xp_ring_min(c);
    if (!ch->packets_given)
        c->packets = c->ring + PACKETS_DEFAULT_EXTRA;
    if (c->ring < xp_ring_min(c)) {
        cli_error("--ring %u: %s needs at least %u descriptors here%s", c->ring, nic_drivers[drv].name,
                  xp_ring_min(c), m->batch ? " (batch + 2: RDT moves only to multiples of the batch)"
                                           : "");
        return EXIT_USAGE;
    }
    if (m->rx_free_thresh && (why = nic_thresh_problem(c->ring, c->rx_free_thresh)) != NULL) {
        cli_error("--rx-free-thresh %u --ring %u: %s", c->rx_free_thresh, c->ring, why);
        return EXIT_USAGE;
    }
    if ((why = xp_config_problem(c)) != NULL) {
        cli_error("explain: %s", why);
        return EXIT_USAGE;
    }
    return 0;
}

int cmd_explain(int argc, char **argv, int idx)
{
    struct xp_config cfg = {
        .fix = E1000_FIX_NONE,
        .workaround = EM_WORKAROUND_NONE,
        .copy = DMA_COPY_LIBC,
        .memory = XP_MEM_SC,
        .ring = 0,
        .packets = 0,
        .burst = BURST_DEFAULT,
        .rx_free_thresh = 0,
        .device = NIC_DEV_E1000,
        .driver = NIC_DRV_DPDK_EM,
        .rx_buffer_write = 0,
    };
    struct xp_search_limits lim = {
        .stop = &cli_interrupt_signal,
        .max_preemptions = XP_PREEMPTIONS_ALL,
        .state_cache = true,
        .max_states = MAX_STATES_DEFAULT,
    };
    struct explain_choice ch = {-1, -1, false, false, false, false, false, 0};
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

    /* The pairs: the devices named (default e1000) with the drivers named
     * (default: each device's first); "all" pairs skip what does not bind. */
    struct xp_config pairs[NIC_DEV_COUNT * NIC_DRV_COUNT];
    unsigned npairs = 0;
    bool any_device = ch.device == NIC_DEV_COUNT, any_driver = ch.driver == NIC_DRV_COUNT;
    ch.several_drivers = any_device || any_driver;
    for (int d = 0; d < NIC_DEV_COUNT; d++) {
        if (!any_device && d != (ch.device < 0 ? NIC_DEV_E1000 : ch.device))
            continue;
        for (int k = 0; k < NIC_DRV_COUNT; k++) {
            bool chosen;
            if (any_driver)
                chosen = nic_drivers[k].binds[d];
            else if (ch.driver < 0)
                chosen = k == (int)nic_default_driver((enum nic_device_id)d);
            else /* one driver: with "all" devices, those it drives; else it must drive it */
                chosen = k == ch.driver && (!any_device || nic_drivers[k].binds[d]);
            if (!chosen)
                continue;
            pairs[npairs] = cfg;
            r = pair_config(&pairs[npairs], &ch, (enum nic_device_id)d, (enum nic_driver_id)k);
            if (r != 0)
                return r;
            npairs++;
        }
    }
    if (npairs == 0) {
        cli_error("--device=%s --driver=%s: no device drives with that driver",
                  device_choices[ch.device < 0 ? NIC_DEV_E1000 : ch.device],
                  driver_choices[ch.driver < 0 ? 0 : ch.driver]);
        return EXIT_USAGE;
    }
    if (limit_bytes == 0)
        limit_bytes = UINT64_MAX; /* the host's memory is unknown: no check */
    for (unsigned i = 0; i < npairs; i++) {
        struct xp_config c = pairs[i];
        if (all)
            c.copy = DMA_COPY_SINGLE; /* any routine: the estimate hardly depends on it */
        if ((r = check_budget(&c, &lim, limit_bytes, max_memory_mb)) != 0)
            return r;
    }
    if (all)
        return explain_all(pairs, npairs, &lim);
    return explain_one(&pairs[0], &lim);
}
