// SPDX-License-Identifier: GPL-2.0-or-later
/* escape.c - terminal-safe text from outside bytes (see escape.h). */
#include "util/escape.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

size_t escape_text(char *out, size_t n, const char *in)
{
    static const char hex[] = "0123456789abcdef";
    size_t w = 0;
    if (n == 0)
        return 0;
    for (const unsigned char *p = (const unsigned char *)in; *p != '\0'; p++) {
        bool plain = *p >= 0x20 && *p < 0x7f && *p != '\\';
        size_t need = plain ? 1 : (*p == '\\' ? 2 : 4);
        if (w + need >= n)
            break;
        if (plain) {
            out[w++] = (char)*p;
        } else if (*p == '\\') {
            out[w++] = '\\';
            out[w++] = '\\';
        } else {
            out[w++] = '\\';
            out[w++] = 'x';
            out[w++] = hex[*p >> 4];
            out[w++] = hex[*p & 15];
        }
    }
    out[w] = '\0';
    return w;
}

void escape_in_place(char *s, size_t len)
{
    /* Fast path: nothing to escape (the usual case) needs no copy. */
    const unsigned char *p = (const unsigned char *)s;
    while (*p >= 0x20 && *p < 0x7f && *p != '\\')
        p++;
    if (*p == '\0' || len == 0)
        return;
    char *copy = strdup(s);
    if (copy == NULL) {
        s[(const char *)p - s] = '\0'; /* keep only the safe part */
        return;
    }
    escape_text(s, len, copy);
    free(copy);
}

const char *escape_getenv(const char *name)
{
    static char buf[4096];
    const char *v = getenv(name);
    if (v == NULL)
        return NULL;
    escape_text(buf, sizeof(buf), v);
    return buf;
}
