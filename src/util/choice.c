// SPDX-License-Identifier: GPL-2.0-or-later
/* choice.c - lookups in a table of named rows. */
#include "util/choice.h"

#include <string.h>

const char *choice_name(const struct choice_table *c, int i)
{
    return *(const char *const *)((const char *)c->rows + (size_t)i * c->stride);
}

int choice_find(const struct choice_table *c, const char *name)
{
    for (int i = 0; i < c->count; i++)
        if (strcmp(name, choice_name(c, i)) == 0)
            return i;
    return -1;
}
