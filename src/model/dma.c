// SPDX-License-Identifier: GPL-2.0-or-later
/* dma.c - pci_dma_read/pci_dma_write: a full barrier, then the copy. */
#include "model/dma.h"

#include "model/guest_mem.h"

void pci_dma_read(PCIDevice *d, const volatile void *addr, void *buf, size_t len)
{
    const struct gm_as *as = d->as;
    if (GM_UNLIKELY(as->hooks != NULL)) {
        as->hooks->dma_read(as->arg, buf, addr, len);
        return;
    }
    gm_mb(as);
    dma_read_libc(buf, addr, len);
}

void pci_dma_write(PCIDevice *d, volatile void *addr, const void *buf, size_t len)
{
    const struct gm_as *as = d->as;
    if (GM_UNLIKELY(as->hooks != NULL)) {
        as->hooks->dma_write(as->arg, addr, buf, len);
        return;
    }
    gm_mb(as);
    /* RACES with the driver's re-arm: if the copy stores the descriptor in
     * more than one store, a store after the first one (which already made DD
     * visible) can land after the driver has consumed and re-armed it. */
    d->copy->copy(addr, buf, len, d->gap);
}
