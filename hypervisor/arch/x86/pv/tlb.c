/*
 * The global-flush rule for PV CR3 changes (see asm/tlb.h).  Pure: the
 * caller does the flushing.
 */
#include <asm/tlb.h>

static bool needs_global_flush(const struct pv_tlb_state *t, enum pv_cr3_change why)
{
    switch (why) {
    case PV_CR3_MODE_SWITCH:
        return false;
    case PV_CR3_NEW_USER_BASE:
        return t->user_globals;
    case PV_CR3_NEW_BASE:
    case PV_CR3_VCPU_LOAD:
    default:
        return true;
    }
}

bool pv_tlb_cr3_change(struct pv_tlb_state *t, enum pv_cr3_change why,
                       bool user_loaded)
{
    bool flush = needs_global_flush(t, why);

    if (flush)
        t->user_globals = false;
    /* From now on the walker can cache global entries from the user L4. */
    if (user_loaded)
        t->user_globals = true;
    return flush;
}
