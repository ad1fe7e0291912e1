// SPDX-License-Identifier: GPL-2.0-or-later
/* tap.h - minimal TAP producer for the C unit tests.
 *
 *   ok(cond, "what is true");
 *   is_u(got, want, "what is equal");   (unsigned; is_i for signed)
 *   return tap_done();
 *
 * Each check prints "ok N - ..." or "not ok N - ..." with the file:line and
 * the two values on failure; tap_done() prints the plan and returns the
 * process exit status. */
#ifndef E1000_POC_TAP_H
#define E1000_POC_TAP_H

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_count, tap_failed;

static inline void tap_vresult(int pass, const char *file, int line, const char *fmt, va_list ap)
{
    tap_count++;
    if (!pass)
        tap_failed++;
    printf("%sok %d - ", pass ? "" : "not ", tap_count);
    vprintf(fmt, ap);
    putchar('\n');
    if (!pass)
        printf("#   failed at %s:%d\n", file, line);
    fflush(stdout);
}

static inline int tap_result(int pass, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static inline int tap_result(int pass, const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tap_vresult(pass, file, line, fmt, ap);
    va_end(ap);
    return pass;
}

#define ok(cond, ...) tap_result(!!(cond), __FILE__, __LINE__, __VA_ARGS__)

#define is_u(got, want, ...)                                                                   \
    do {                                                                                       \
        unsigned long long tap_g_ = (unsigned long long)(got);                                 \
        unsigned long long tap_w_ = (unsigned long long)(want);                                \
        if (!tap_result(tap_g_ == tap_w_, __FILE__, __LINE__, __VA_ARGS__))                    \
            printf("#   got %llu (0x%llx), want %llu (0x%llx)\n", tap_g_, tap_g_, tap_w_, tap_w_); \
    } while (0)

#define is_i(got, want, ...)                                                                   \
    do {                                                                                       \
        long long tap_g_ = (long long)(got);                                                   \
        long long tap_w_ = (long long)(want);                                                  \
        if (!tap_result(tap_g_ == tap_w_, __FILE__, __LINE__, __VA_ARGS__))                    \
            printf("#   got %lld, want %lld\n", tap_g_, tap_w_);                               \
    } while (0)

#define is_s(got, want, ...)                                                                   \
    do {                                                                                       \
        const char *tap_g_ = (got), *tap_w_ = (want);                                          \
        if (!tap_result(tap_g_ != NULL && strcmp(tap_g_, tap_w_) == 0, __FILE__, __LINE__,     \
                        __VA_ARGS__))                                                          \
            printf("#   got  '%s'\n#   want '%s'\n", tap_g_ ? tap_g_ : "(null)", tap_w_);      \
    } while (0)

static inline void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline void diag(const char *fmt, ...)
{
    va_list ap;
    printf("# ");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
}

static inline int tap_done(void)
{
    printf("1..%d\n", tap_count);
    return tap_failed ? 1 : 0;
}

#endif
