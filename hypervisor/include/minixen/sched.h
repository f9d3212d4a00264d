/*
 * Domains and virtual CPUs.
 *
 * One vCPU per domain for now.  `current` is the vCPU whose state the
 * saved register frame belongs to; every hypercall and guest trap runs on
 * its behalf.
 */
#ifndef MINIXEN_SCHED_H
#define MINIXEN_SCHED_H

#include <minixen/types.h>
#include <public/xen.h>
#include <asm/regs.h>
#include <asm/domain.h>

#define MAX_DOMAINS         16
#define DOMAIN_NAME_LEN     32
#define SHUTDOWN_CODE_NONE  (-1)

enum vcpu_state {
    VCPU_RUNNABLE,
    VCPU_BLOCKED,
    VCPU_DOWN,          /* its domain shut down or crashed */
};

struct domain;

struct vcpu {
    unsigned int vcpu_id;
    struct domain *domain;
    enum vcpu_state state;
    struct cpu_user_regs regs;      /* guest state while not running */
    vcpu_info_t *vcpu_info;         /* in the domain's shared_info page */
    struct arch_vcpu arch;
};

struct domain {
    domid_t domain_id;
    char name[DOMAIN_NAME_LEN];
    bool is_privileged;
    bool is_shutdown;
    bool is_dying;
    int shutdown_code;              /* SCHEDOP_shutdown_code, or NONE */
    unsigned int shutdown_reason;
    unsigned long tot_pages;
    unsigned long max_pages;
    unsigned long vm_assist;        /* VMASST_TYPE_* bits */
    shared_info_t *shared_info;
    unsigned long shared_info_mfn;
    xen_domain_handle_t handle;
    struct vcpu vcpu0;
    struct arch_domain arch;
};

extern struct vcpu *current;
extern struct domain *domain_list[MAX_DOMAINS];

static inline struct domain *current_domain(void) { return current->domain; }

struct domain *domain_create(domid_t id, const char *name, bool privileged);
struct domain *domain_lookup(domid_t id);
/* Resolve DOMID_SELF; NULL if no such domain. */
struct domain *domain_lookup_self(domid_t id);

/* Release all of a shut-down domain's memory. */
void domain_destroy(struct domain *d);
/* Destroy a domain that never ran (its building failed) and forget it. */
void domain_discard(struct domain *d);

/* Shut the domain down (reason: SHUTDOWN_*); the vCPU stops running. */
void domain_shutdown(struct domain *d, unsigned int reason);
/* The domain did something fatal: log why, dump state, shut it down. */
void domain_crash(struct domain *d, const char *why);

/* Leave the current hypercall/trap and run whatever is runnable next. */
void __attribute__((noreturn)) schedule(void);
void vcpu_block(struct vcpu *v);
/* The current vCPU gives the CPU to the next runnable one when its hypercall ends. */
void vcpu_yield(struct vcpu *v);
void vcpu_wake(struct vcpu *v);

/* Arch hooks. */
void arch_context_switch(struct vcpu *prev, struct vcpu *next);
void arch_vcpu_init(struct vcpu *v);
void arch_domain_destroy(struct domain *d);
/* Stop running on a guest's page tables (before they are freed). */
void arch_leave_guest_address_space(void);

/* Called when every domain has shut down. */
void __attribute__((noreturn)) machine_power_off_all(void);

#endif
