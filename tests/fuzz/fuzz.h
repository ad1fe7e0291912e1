// SPDX-License-Identifier: GPL-2.0-or-later
/* fuzz.h - what the libFuzzer targets share: the input as a C string, and
 * a check that stops the run with a message (libFuzzer keeps the input). */
#ifndef E1000_POC_FUZZ_H
#define E1000_POC_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* data as a NUL-terminated string (up to the first NUL); free() it. */
static inline char *fuzz_string(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (s == NULL)
        abort();
    memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

#define FUZZ_ASSERT(cond)                                                                       \
    do {                                                                                        \
        if (!(cond)) {                                                                          \
            fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, #cond);         \
            abort();                                                                            \
        }                                                                                       \
    } while (0)

#endif
