// SPDX-License-Identifier: GPL-2.0-or-later
/* tx_search.c - the TX explorer's search (tx_search.h). */
#include "explain/tx_search.h"

#include <stdlib.h>
#include <string.h>

#include "explain/tx_exec.h"

/* Depth first over the branch points of each run, at most `budget` more
 * switches. True once a violation is found (res->sched holds it). */
static bool dfs(struct xt_exec *x, struct xt_schedule *s, uint32_t from, unsigned budget,
                struct xt_result *res)
{
    xt_exec_run(x, s, from, false);
    res->executions++;
    res->limited |= x->limited;
    if (x->violations != 0) {
        res->violations = x->violations;
        res->sched = *s;
        return true;
    }
    if (budget == 0 || x->nbranch == 0)
        return false;
    unsigned n = x->nbranch;
    uint32_t *b = malloc(n * sizeof(*b));
    if (b == NULL)
        abort();
    memcpy(b, x->branch, n * sizeof(*b));
    bool found = false;
    for (unsigned i = 0; i < n && !found; i++) {
        s->step[s->n++] = b[i];
        found = dfs(x, s, b[i] + 1, budget - 1, res);
        if (!found)
            s->n--;
    }
    free(b);
    return found;
}

int xt_search(const struct xt_config *c, struct xt_result *res, const char **why)
{
    struct xt_exec x;
    memset(res, 0, sizeof(*res));
    if (xt_exec_init(&x, c, why) != 0)
        return -1;
    /* Fewest preemptions first: the first violation found needs the fewest. */
    for (unsigned p = 0; p <= c->preemptions; p++) {
        struct xt_schedule s = {0};
        if (dfs(&x, &s, 0, p, res))
            break;
        if (x.nthreads == 1)
            break; /* one context: one execution is all there is */
    }
    xt_exec_free(&x);
    return 0;
}
