// SPDX-License-Identifier: GPL-2.0-or-later
/* guest_mem.c - mapping the shared region. */
#include "model/guest_mem.h"

#include <sys/mman.h>

struct gm_region *g_shm;
const struct gm_as gm_as_live = {NULL, NULL};

struct gm_region *gm_alloc(uint32_t nb_desc)
{
    size_t bytes = sizeof(struct gm_region) + (size_t)nb_desc * sizeof(struct e1000_rx_desc);
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    /* mmap hands out zeroed pages: registers 0, descriptors all-zero. */
    struct gm_region *gm = p;
    gm->nb_desc = nb_desc;
    gm->map_bytes = bytes;
    return gm;
}

void gm_free(struct gm_region *gm)
{
    if (gm != NULL)
        munmap(gm, gm->map_bytes);
}
