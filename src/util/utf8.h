// SPDX-License-Identifier: GPL-2.0-or-later
/* utf8.h - telling valid UTF-8 from bytes to escape: one rule for the JSON
 * and the SVG writers, so both pass the same text through. */
#ifndef E1000_POC_UTF8_H
#define E1000_POC_UTF8_H

#include <stddef.h>

/* Length of the valid UTF-8 sequence at s (1..4), or 0 if it is not one
 * (overlong forms, surrogates and code points past U+10FFFF are not). */
size_t utf8_len(const unsigned char *s);

#endif
