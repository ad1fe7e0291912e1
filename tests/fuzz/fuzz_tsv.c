// SPDX-License-Identifier: GPL-2.0-or-later
/* fuzz_tsv.c - libFuzzer target: the reader of `probe --tsv` lines that
 * probe --tunables collects from its children.
 *
 * Properties: no crash, overflow or out-of-bounds access on any line; an
 * accepted line yields NUL-terminated fields and a store pattern within
 * its bounds (at most DMA_PATTERN_MAX stores, none empty). */
#include "fuzz.h"

#include "probe/tunables.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct probe_tunables_result r;
    char *line = fuzz_string(data, size);

    memset(&r, 0xa5, sizeof(r));
    if (probe_tunables_parse(line, &r) == 0) {
        FUZZ_ASSERT(memchr(r.verdict, '\0', sizeof(r.verdict)) != NULL);
        FUZZ_ASSERT(memchr(r.label, '\0', sizeof(r.label)) != NULL);
        FUZZ_ASSERT(memchr(r.routine, '\0', sizeof(r.routine)) != NULL);
        FUZZ_ASSERT(memchr(r.stores, '\0', sizeof(r.stores)) != NULL);
        FUZZ_ASSERT(memchr(r.why, '\0', sizeof(r.why)) != NULL);
        FUZZ_ASSERT(r.p.n <= DMA_PATTERN_MAX);
        for (unsigned i = 0; i < r.p.n; i++)
            FUZZ_ASSERT(r.p.s[i].len > 0);
    }
    free(line);
    return 0;
}
