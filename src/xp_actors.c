/* xp_actors.c - the two coroutine bodies: the project's own device and
 * driver code, called exactly as the live run calls it.
 *
 * Device: receive `packets` packets of XP_FRAME_SIZE bytes with
 * e1000_receive_iov(); a packet the ring has no room for is offered again
 * (QEMU queues it and flushes the queue when the guest writes RDT).
 * Driver: eth_em_recv_pkts() with `burst`, forever; what it hands up goes
 * to the checks. Between calls each side tells the executor whether the
 * call did anything, which is how polling becomes waiting (xp_exec.h).
 */
#include "xp_check.h"
#include "xp_exec.h"

void xp_device_main(void *arg)
{
    struct xp_exec *x = arg;
    while (x->received < x->cfg.packets) {
        xp_attempt_begin(x, XP_DEVICE);
        if (e1000_receive_iov(&x->dev, XP_FRAME_SIZE) < 0) {
            xp_attempt_failed(x, XP_DEVICE);
            continue;
        }
        x->received++;
        xp_attempt_end(x, XP_DEVICE);
    }
    xp_thread_finish(x, XP_DEVICE);
}

void xp_driver_main(void *arg)
{
    struct xp_exec *x = arg;
    for (;;) {
        xp_attempt_begin(x, XP_DRIVER);
        uint16_t n = eth_em_recv_pkts(&x->rxq, x->pkts, (uint16_t)x->cfg.burst);
        if (n == 0) {
            xp_attempt_failed(x, XP_DRIVER);
            continue;
        }
        xp_check_packets(x, n);
        xp_attempt_end(x, XP_DRIVER);
    }
}
