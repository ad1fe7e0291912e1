// SPDX-License-Identifier: GPL-2.0-or-later
/* escape.h - bytes from outside (arguments, environment values, file
 * contents, paths) made safe for a terminal and for one-line formats.
 *
 * Printable ASCII stays as it is; a backslash becomes `\\` and any other
 * byte (a newline, a tab, an ESC sequence, a byte of another encoding)
 * `\xNN`, so that a value stays on its line and cannot drive the terminal.
 * Knows nothing of NICs (util/: libc only). */
#ifndef E1000_POC_ESCAPE_H
#define E1000_POC_ESCAPE_H

#include <stddef.h>

/* Escape in into out (n bytes, always NUL-terminated when n > 0), cut at a
 * whole escape when out is full. Returns the length written. */
size_t escape_text(char *out, size_t n, const char *in);

/* Escape s in place (len: its buffer's size), cut to fit. */
void escape_in_place(char *s, size_t len);

/* getenv(name) escaped, in a static buffer (valid until the next call; one
 * thread), or NULL when unset. */
const char *escape_getenv(const char *name);

#endif
