// SPDX-License-Identifier: GPL-2.0-or-later
/* token.h - the replay token: a configuration and a schedule in one
 * shell-safe word, so that `explain --replay TOKEN` runs exactly the
 * interleaving it names.
 *
 *   x2/DEVICE/DRIVER/FIX/WORKAROUND/COPY/MEMORY/rRINGpPACKETSbBURSTtTHRESH[wBATCH]/DEVIATIONS/CHECK
 *
 * x2 is the format (and the scheduler's default rule) version; DEVICE,
 * DRIVER, FIX, WORKAROUND, COPY and MEMORY are the option names; wBATCH is
 * linux-e1000e's rx-buffer-write batch, there and only there; DEVIATIONS is
 * "-" or STEP:ENTITY pairs joined by commas, steps increasing (ENTITY 0
 * device, 1 driver, 2 device's store buffer, 3 driver's store buffer); CHECK
 * is 8 hex digits of a hash of everything before it, so a mistyped token is
 * refused instead of replaying something else.
 *
 * Tokens of the first format, x1/FIX/WORKAROUND/COPY/MEMORY/rRpPbBtT/
 * DEVIATIONS/CHECK, came from the time when e1000 and dpdk-em were the only
 * pair: they are still accepted, as that pair.
 */
#ifndef E1000_POC_XP_TOKEN_H
#define E1000_POC_XP_TOKEN_H

#include <stddef.h>

#include "explain/explain.h"

#define XP_TOKEN_MAX 1024

/* Write the token (NUL-terminated) to buf. Returns 0, or -1 if it does not fit. */
int xp_token_encode(char *buf, size_t n, const struct xp_config *cfg, const struct xp_schedule *s);

/* Parse and check a token. Returns 0, or -1 with a sentence in *why. */
int xp_token_decode(const char *token, struct xp_config *cfg, struct xp_schedule *s,
                    const char **why);

#endif
