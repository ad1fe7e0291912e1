// SPDX-License-Identifier: GPL-2.0-or-later
/* utf8.c - the length of one valid UTF-8 sequence. */
#include "util/utf8.h"

size_t utf8_len(const unsigned char *s)
{
    size_t n;
    unsigned min;
    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xc2 && s[0] <= 0xdf)
        n = 2, min = 0x80;
    else if (s[0] >= 0xe0 && s[0] <= 0xef)
        n = 3, min = 0x800;
    else if (s[0] >= 0xf0 && s[0] <= 0xf4)
        n = 4, min = 0x10000;
    else
        return 0;
    unsigned cp = s[0] & (0x7f >> n);
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80) /* also stops at the terminating NUL */
            return 0;
        cp = cp << 6 | (s[i] & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0; /* overlong, out of range, or a surrogate */
    return n;
}
