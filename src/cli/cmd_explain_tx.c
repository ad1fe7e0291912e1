// SPDX-License-Identifier: GPL-2.0-or-later
/* cmd_explain_tx.c - `explain --path=tx`: one configuration with its
 * trace, or --all: a verdict per device x driver x copy routine, for
 * QEMU's write-back as it is (none) and with the patch's dd-byte. */
#include "cli/explain_tx.h"

#include <stdbool.h>
#include <stdio.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "explain/tx.h"
#include "explain/tx_outcome.h"
#include "output/out_tx_trace.h"

/* --preemptions, or the TX search's own bound. */
static unsigned preemptions(const struct explain_args *a)
{
    return a->lim.max_preemptions != XP_PREEMPTIONS_ALL ? a->lim.max_preemptions
                                                        : XT_PREEMPTIONS_DEFAULT;
}

static int explain_tx_one(struct xt_config *c)
{
    struct xt_result res;
    struct xt_exec x;
    struct xt_header h;
    const char *why = NULL;
    xt_header_gather(c, &h);
    out_tx_header(c, &h, stdout);
    if (xt_search(c, &res, &why) != 0) {
        cli_error("explain --path=tx: %s", why);
        return EXIT_CANNOT_TEST;
    }
    if (res.violations == 0) {
        out_tx_clean(stdout, c, &res);
        return EXIT_NOT_REPRODUCED;
    }
    printf("\n");
    if (xt_trace(c, &res.sched, &x, &why) != 0) {
        cli_error("explain --path=tx: %s", why);
        return EXIT_CANNOT_TEST;
    }
    out_tx_trace(stdout, &x);
    xt_exec_free(&x);
    out_tx_found(stdout, &res);
    return EXIT_REPRODUCED;
}

static void print_row(void *ctx, const struct xt_row *row)
{
    (void)ctx;
    out_tx_all_row(stdout, row);
}

static int explain_tx_all(const struct explain_args *a)
{
    out_tx_all_head(stdout, preemptions(a));
    int any = xt_explain_all(a->ch.device, a->ch.driver, a->cfg.ring, a->cfg.packets,
                             preemptions(a), print_row, NULL);
    return any ? EXIT_REPRODUCED : EXIT_NOT_REPRODUCED;
}

int cmd_explain_tx(const struct explain_args *a)
{
    if (a->rx_only != NULL) {
        cli_error("--%s: only the RX path takes it (not with --path=tx)", a->rx_only);
        return EXIT_USAGE;
    }
    if (a->all) {
        if (a->variant_given) {
            cli_error("--all runs every --copy and both --qemu-fix none and dd-byte: give none of"
                      " them");
            return EXIT_USAGE;
        }
        return explain_tx_all(a);
    }
    if (a->ch.device == NIC_DEV_COUNT || a->ch.driver == NIC_DRV_COUNT) {
        cli_error("--device=all and --driver=all go with --all");
        return EXIT_USAGE;
    }
    struct xt_config c = {a->ch.device < 0 ? NIC_DEV_E1000 : (enum nic_device_id)a->ch.device,
                          NIC_DRV_DPDK_EM, a->cfg.fix, a->cfg.copy, a->cfg.ring, a->cfg.packets,
                          preemptions(a)};
    c.driver = a->ch.driver < 0 ? nic_default_driver(c.device) : (enum nic_driver_id)a->ch.driver;
    xt_config_defaults(&c);
    const char *why = xt_config_problem(&c);
    if (why != NULL) {
        cli_error("explain --path=tx: %s", why);
        return EXIT_USAGE;
    }
    return explain_tx_one(&c);
}
