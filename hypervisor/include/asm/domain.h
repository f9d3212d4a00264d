/*
 * x86 parts of a domain and a vCPU: what a PV guest has registered with
 * us (trap table, callbacks, kernel stack, segment bases) and its virtual
 * control-register state.
 */
#ifndef ASM_DOMAIN_H
#define ASM_DOMAIN_H

#include <minixen/types.h>
#include <public/xen.h>
#include <public/memory.h>

#define NR_VECTORS          256
#define MAX_GDT_FRAMES      14

/* A registered guest entry point. */
struct pv_callback {
    unsigned long address;
    bool mask_events;
};

enum pv_callback_slot {
    PV_CB_EVENT,
    PV_CB_FAILSAFE,
    PV_CB_SYSCALL,
    PV_CB_SYSCALL32,
    PV_CB_SYSENTER,
    PV_CB_NMI,
    PV_CB_NR,
};

struct arch_vcpu {
    trap_info_t trap_ctxt[NR_VECTORS];
    struct pv_callback callbacks[PV_CB_NR];
    unsigned long kernel_ss, kernel_sp;
    unsigned long guest_table;          /* kernel L4 mfn */
    unsigned long guest_table_user;     /* user L4 mfn, 0 if none */
    /*
     * Segment bases.  While the vCPU runs, the CPU's MSR_GS_BASE (the
     * active one) and MSR_SHADOW_GS_BASE are the truth, and a kernel/user
     * switch is a swapgs; these fields hold them while it is switched
     * out (save_vcpu/load_vcpu): gs_base_kernel the active base,
     * gs_base_user the other.
     */
    unsigned long fs_base, gs_base_kernel, gs_base_user;
    uint16_t ds, es, fs, gs;            /* data selectors while switched out */
    unsigned long gdt_frames[MAX_GDT_FRAMES];
    unsigned int gdt_ents;
    unsigned int iopl;                  /* virtual IOPL, 0..3 */
    /* I/O permission bitmap (physdev set_iobitmap): guest kernel address. */
    unsigned long iobmp;
    unsigned int iobmp_nr;              /* ports it covers; 0: no bitmap */
    bool fpu_ts;                        /* virtual CR0.TS */
    bool in_kernel;                     /* guest kernel vs guest user mode */
    unsigned long base_global_flushes;  /* new base pointers that flushed globals */
    uint8_t fpu_state[512] __attribute__((aligned(16)));
};

struct arch_domain {
    unsigned long virt_base;
    unsigned long hypercall_page_va;
    unsigned long *p2m;                 /* hypervisor view of the P2M list */
    unsigned long nr_p2m;
    unsigned long continuations;        /* hypercalls preempted and re-executed */
    struct e820entry *e820;             /* XENMEM_set_memory_map's, NULL: none set */
    unsigned int nr_e820;
};

#endif
