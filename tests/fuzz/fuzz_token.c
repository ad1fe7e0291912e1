// SPDX-License-Identifier: GPL-2.0-or-later
/* fuzz_token.c - libFuzzer target: the replay-token decoder.
 *
 * Properties: decoding never crashes, reads or writes out of bounds, or
 * overflows (ASan, UBSan); a token it accepts encodes back to one that
 * decodes to the same configuration and schedule; and an accepted token's
 * schedule replays or is refused with a sentence (explain --replay), never
 * crashes. Copy routines whose pattern needs the probe (libc) are not
 * replayed: tracing forks a child per input.
 *
 * Each input is tried twice: as it is, and with its check digits (after the
 * last '/') recomputed, so that mutations get past the check to the fields
 * and the schedule instead of being refused for a wrong check. */
#include "fuzz.h"

#include <inttypes.h>

#include "explain/exec.h"
#include "explain/search.h"
#include "explain/token.h"

/* The token's check: FNV-1a, 32 bits, over everything before the last '/'
 * (as token.h says). */
static uint32_t fnv1a(const char *p, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        h ^= (uint8_t)p[i];
        h *= 16777619u;
    }
    return h;
}

static void try_token(const char *token)
{
    struct xp_config cfg, again;
    struct xp_schedule s, s2;
    const char *why = NULL;

    if (xp_token_decode(token, &cfg, &s, &why) != 0) {
        FUZZ_ASSERT(why != NULL && why[0] != '\0');
        return;
    }
    char buf[XP_TOKEN_MAX];
    if (xp_token_encode(buf, sizeof(buf), &cfg, &s) == 0) {
        FUZZ_ASSERT(xp_token_decode(buf, &again, &s2, &why) == 0);
        FUZZ_ASSERT(memcmp(&cfg, &again, sizeof(cfg)) == 0);
        FUZZ_ASSERT(s.n == s2.n);
        for (uint32_t i = 0; i < s.n; i++)
            FUZZ_ASSERT(s.d[i].step == s2.d[i].step && s.d[i].entity == s2.d[i].entity);
    }
    if (cfg.copy != DMA_COPY_LIBC) {
        struct xp_exec x;
        uint32_t pre;
        if (xp_exec_init(&x, &cfg, &why) == 0) {
            x.keep_going = false;
            if (xp_replay(&x, &s, false, &pre, &why) != 0)
                FUZZ_ASSERT(why != NULL && why[0] != '\0');
            xp_exec_free(&x);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *token = fuzz_string(data, size);
    try_token(token);
    const char *last = strrchr(token, '/');
    if (last != NULL) {
        size_t n = (size_t)(last - token);
        char *fixed = malloc(n + 10);
        if (fixed == NULL)
            abort();
        memcpy(fixed, token, n);
        snprintf(fixed + n, 10, "/%08" PRIx32, fnv1a(token, n));
        try_token(fixed);
        free(fixed);
    }
    free(token);
    return 0;
}
