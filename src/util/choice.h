// SPDX-License-Identifier: GPL-2.0-or-later
/* choice.h - a table of named rows (copy routines, fixes, devices, ...):
 * every row begins with `const char *name`, so one lookup serves option
 * parsing, matrix selection and replay tokens alike. */
#ifndef E1000_POC_CHOICE_H
#define E1000_POC_CHOICE_H

#include <stddef.h>

struct choice_table {
    const void *rows;
    size_t stride;
    int count;
};
#define CHOICE_TABLE(table, n) {(const void *)(table), sizeof((table)[0]), (n)}

/* Name of row i. */
const char *choice_name(const struct choice_table *c, int i);
/* Index of the row named `name`, or -1. */
int choice_find(const struct choice_table *c, const char *name);

#endif
