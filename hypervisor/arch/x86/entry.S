/*
 * Every way into the hypervisor after boot: exceptions and interrupts
 * (through the IDT), hypercalls (`syscall` from a 64-bit PV guest kernel),
 * and the one way back out to a guest.
 *
 * While a guest runs, the hypervisor stack is empty, so an entry from the
 * guest builds its struct cpu_user_regs at the very top of the stack,
 * right below the CPU's struct pcpu (asm/config.h): that frame is the
 * guest's register state (guest_cpu_regs()).  The scheduler switches
 * guests by rewriting that frame.  Nothing here names a CPU: each finds
 * its own stack and data from %rsp, or from its own SYSCALL stub.
 */
#include <asm/config.h>
#include <asm/x86.h>
#include <asm/desc.h>
#include <asm/regs.h>
#include <public/errno.h>
#include <minixen/percpu.h>
#include <asm/smp.h>

/* A field of this CPU's struct pcpu, while %rsp is at the guest frame. */
#define THIS_CPU(field) REGS_SIZE + field(%rsp)
/* From anywhere in the CPU's stack block, to the guest frame (%rsp or a register). */
#define GUEST_FRAME_FROM_TOP (PCPU_AREA_SIZE + REGS_SIZE - 1)
#define TO_GUEST_FRAME(reg) \
        or      $(PERCPU_BLOCK_SIZE - 1), reg; \
        sub     $GUEST_FRAME_FROM_TOP, reg

        .altmacro

        .macro SAVE_ALL
        push    %rdi
        push    %rsi
        push    %rdx
        push    %rcx
        push    %rax
        push    %r8
        push    %r9
        push    %r10
        push    %r11
        push    %rbx
        push    %rbp
        push    %r12
        push    %r13
        push    %r14
        push    %r15
        .endm

        .macro RESTORE_ALL
        pop     %r15
        pop     %r14
        pop     %r13
        pop     %r12
        pop     %rbp
        pop     %rbx
        pop     %r11
        pop     %r10
        pop     %r9
        pop     %r8
        pop     %rax
        pop     %rcx
        pop     %rdx
        pop     %rsi
        pop     %rdi
        add     $8, %rsp                /* error code and vector */
        .endm

/*
 * After SYSCALL the CPU left the guest's RIP in RCX and RFLAGS in R11,
 * masked IF (SYSCALL_MASK) and did not switch stacks.  Each CPU's LSTAR
 * and CSTAR name stubs of its own, which know where its stack is
 * (syscall_frame_end[cpu], set by cpu.c) and where to keep the guest's
 * RSP meanwhile; then the shared code builds the rest of the frame an
 * interrupt from ring 3 would, with guest CS cs.
 */
        .macro SYSCALL_STUB cpu, stubs, target
        mov     %rsp, syscall_rsp_scratch + 8 * \cpu(%rip)
        mov     syscall_frame_end + 8 * \cpu(%rip), %rsp
        pushq   $HYP_GUEST_DS
        pushq   syscall_rsp_scratch + 8 * \cpu(%rip)
        jmp     \target
        .org    \stubs + (\cpu + 1) * SYSCALL_STUB_SIZE, 0xcc
        .endm

        .macro SYSCALL_FRAME cs, vector
        push    %r11
        pushq   $\cs
        push    %rcx
        pushq   $0
        movl    $\vector, 4(%rsp)
        SAVE_ALL
        .endm

        .text
        .align  SYSCALL_STUB_SIZE
        .globl  syscall_stubs
syscall_stubs:                          /* MAX_PHYS_CPUS for LSTAR, as many for CSTAR */
        .set    cpu, 0
        .rept   MAX_PHYS_CPUS
        SYSCALL_STUB %cpu, syscall_stubs, syscall_entry
        .set    cpu, cpu + 1
        .endr
cstar_stubs:
        .set    cpu, 0
        .rept   MAX_PHYS_CPUS
        SYSCALL_STUB %cpu, cstar_stubs, cstar_entry
        .set    cpu, cpu + 1
        .endr

/*
 * Hypercall entry: SYSCALL from 64-bit guest code.  From guest user mode it
 * is not a hypercall but the guest kernel's syscall callback.  The common
 * case, a hypercall, runs straight through into the exit below.
 */
        .align 16
syscall_entry:
        SYSCALL_FRAME HYP_GUEST_CS64, (ENTRY_SYSCALL | FRAME_SYSRET_OK)
        cmpb    $0, THIS_CPU(PCPU_GUEST_IN_KERNEL)
        je      .Lsyscall_from_user
        /* Past the page: the dispatcher sees only 32 bits of the number. */
        cmp     $HYPERCALL_PAGE_SLOTS, %rax
        jae     .Lhypercall_past_page
        /*
         * hypercall_call_pv64(rdi, rsi, rdx, r10, r8, nr): only the fourth
         * argument and the number need moving.  A handler that made a
         * continuation returns its op, which rax must hold anyway
         * (pv/hypercall.c), so every result is stored the same way.
         */
        mov     %r10, %rcx
        mov     %eax, %r9d
        call    hypercall_call_pv64
        mov     %rax, REGS_RAX(%rsp)
        /* On into the exit. */

/*
 * Back to the guest whose frame is at the top of the stack.  A pending
 * reschedule (a yield or block, an expired slice, a woken vCPU that
 * preempts) switches vCPUs first; then an event upcall that became
 * deliverable is bounced.  Interrupts are off on every way here: SYSCALL
 * masks them, the IDT's gates are interrupt gates, and the hypervisor
 * never runs with them on outside the idle loop's `sti; hlt; cli`.
 */
        .globl return_to_guest
return_to_guest:
        cmpb    $0, THIS_CPU(PCPU_SCHED_PENDING)
        jne     schedule_after_hypercall
        mov     THIS_CPU(PCPU_GUEST_VCPU_INFO), %rax
        cmpb    $0, (%rax)              /* evtchn_upcall_pending */
        je      1f
        cmpb    $0, 1(%rax)             /* evtchn_upcall_mask */
        jne     1f
        mov     %rsp, %rdi
        call    pv_deliver_event_upcall
1:      testl   $FRAME_SYSRET_OK, REGS_VECTOR(%rsp)
        jnz     .Lsysret_to_guest
.Liret_path:
        RESTORE_ALL
.Liret_to_guest:
        iretq
        /*
         * A guest can hand us (through the iret hypercall) a frame the CPU
         * refuses: a bad selector or a non-canonical RIP.  The fault is
         * the guest's; its frame at the top of the stack is still intact.
         */
        .section .ex_table, "a"
        .quad   .Liret_to_guest, .Lbad_guest_frame
        .previous
.Lbad_guest_frame:
        TO_GUEST_FRAME(%rsp)
        mov     %rsp, %rdi
        call    pv_bad_return_frame
        ud2

/*
 * SYSRET, several times cheaper than IRET on real CPUs, where Xen's rules
 * allow it (FRAME_SYSRET_OK): the frame may lose RCX and R11, its CS and
 * SS are the ones SYSRET loads (STAR: 64-bit guest code, SS
 * HYP_GUEST_DS), which the iret hypercall checks before it sets the flag
 * and every other setter writes, and its RIP is canonical.  That last
 * check is here: SYSCALL from the end of the lower half leaves a
 * non-canonical RCX, and SYSRET with one faults in ring 0 on Intel, on
 * the guest's stack.  RFLAGS go back through R11 as the frame has them:
 * IF set, IOPL and VM clear, for every frame a PV guest gets (its RFLAGS
 * come from the CPU in ring 3, or through the iret hypercall, which
 * clears IOPL and VM and sets IF).  Between the stack switch and SYSRET
 * only NMI and #MC can arrive, and they have IST stacks of their own.
 */
.Lsysret_to_guest:
        mov     REGS_RIP(%rsp), %rcx
        movabs  $0x800000000000, %r11
        add     %rcx, %r11              /* below 2^48 exactly when canonical */
        shr     $48, %r11
        jnz     .Lsysret_refused
        RESTORE_ALL
        mov     (%rsp), %rcx            /* rip, cs, rflags, rsp */
        mov     16(%rsp), %r11
        mov     24(%rsp), %rsp
        sysretq

/* Said once, so a test can see the check work: the CPU's IRET faults or not. */
.Lsysret_refused:
        mov     %rsp, %rdi
        call    pv_sysret_refused
        jmp     .Liret_path

/* The hypercall entry's rare cases. */
.Lhypercall_past_page:
        mov     %rax, %rdi
        call    hypercall_unknown
        mov     %rax, REGS_RAX(%rsp)
        jmp     return_to_guest
.Lsyscall_from_user:
        mov     %rsp, %rdi
        call    pv_syscall_from_user
        jmp     return_to_guest

/*
 * SYSCALL from 32-bit (compatibility mode) guest code, which a guest can
 * reach by returning to a 32-bit code segment.  Never a hypercall: it
 * goes to the guest's syscall32 callback (or becomes a #UD for it).
 * Without this entry CSTAR would send it to address 0 in ring 0.
 */
        .align 16
cstar_entry:
        SYSCALL_FRAME HYP_GUEST_CS32, ENTRY_SYSCALL   /* its CS is not SYSRET's */
        mov     %rsp, %rdi
        call    pv_syscall32
        jmp     return_to_guest

/*
 * Start running the guest frame at the top of the stack, from scratch:
 * how schedule() ends.  If the vCPU switch could not load one of the
 * guest's data selectors, its failsafe callback is bounced first, so the
 * frame belongs to the vCPU just switched in whatever happens next; an
 * event upcall then goes on top of it, as on Xen.
 */
        .globl reset_stack_and_return_to_guest
reset_stack_and_return_to_guest:
        TO_GUEST_FRAME(%rsp)
        cmpb    $0, THIS_CPU(PCPU_FAILSAFE_PENDING)
        je      return_to_guest
        mov     %rsp, %rdi
        call    pv_deliver_failsafe
        jmp     return_to_guest

/*
 * Exceptions and interrupts.  Each stub leaves error code (0 if the CPU
 * pushed none) and vector in one slot, then joins common_interrupt, or
 * ist_interrupt for the vectors that arrive on an IST stack.
 */
#define X86_EXC_ON_IST ((1 << X86_EXC_NMI) | (1 << X86_EXC_DF) | (1 << X86_EXC_MC))

        .macro EXC_STUB vec
        .align 16
        .if ((1 << \vec) & X86_EXC_HAVE_EC) == 0
        pushq   $0
        .endif
        movl    $\vec, 4(%rsp)
        .if ((1 << \vec) & X86_EXC_ON_IST)
        jmp     ist_interrupt
        .else
        jmp     common_interrupt
        .endif
        .endm

        .macro IRQ_STUB vec
        .align 16
        pushq   $0
        movl    $\vec, 4(%rsp)
        jmp     common_interrupt
        .endm

        .align 16
        .globl exception_stubs
exception_stubs:
        .set vec, 0
        .rept 32
        EXC_STUB %vec
        .set vec, vec + 1
        .endr
        .rept 256 - 32
        IRQ_STUB %vec
        .set vec, vec + 1
        .endr

common_interrupt:
        cld
        SAVE_ALL
trap_frame_saved:
        mov     %rsp, %rdi
        call    do_trap
        testb   $3, REGS_CS(%rsp)
        jnz     return_to_guest
        RESTORE_ALL
        iretq

/*
 * From a guest, the frame must be the one at the top of the main stack,
 * where schedule(), the bounce code and guest_cpu_regs() find it.  NMI,
 * #DF and #MC arrive on IST stacks: the frame moves there (the main stack
 * is empty while a guest runs), as Xen does.
 */
ist_interrupt:
        cld
        SAVE_ALL
        testb   $3, REGS_CS(%rsp)
        jz      trap_frame_saved
        mov     %rsp, %rdx              /* the frame is saved: registers are free */
        TO_GUEST_FRAME(%rdx)
        mov     %rdx, %rdi
        mov     %rsp, %rsi
        mov     $REGS_SIZE / 8, %ecx
        rep movsq
        mov     %rdx, %rsp
        jmp     trap_frame_saved

/*
 * Guest memory copies: whole quadwords, then the tail bytes.  rep movs
 * leaves the count not yet copied in RCX when a fault stops it and the
 * fault handler resumes at the fixup label.  A fault in the quadword
 * part goes on byte by byte from there, so the copy still stops exactly
 * at the first byte that faults (strncpy_from_guest relies on it) and the
 * caller learns exactly how much was not copied.
 */
        .globl raw_copy_guest
raw_copy_guest:                         /* (dst, src, n) -> bytes not copied */
        mov     %rdx, %rcx
        shr     $3, %rcx
        and     $7, %edx
1:      rep movsq
        mov     %rdx, %rcx
2:      rep movsb
3:      mov     %rcx, %rax
        ret
4:      lea     (%rdx, %rcx, 8), %rcx   /* quadwords left, as bytes, plus the tail */
        jmp     2b
        .section .ex_table, "a"
        .quad   1b, 4b
        .quad   2b, 3b
        .previous

        .bss
        .align 8
        /* Per CPU: the guest's RSP between a SYSCALL and its frame. */
syscall_rsp_scratch:
        .skip   8 * MAX_PHYS_CPUS
        .globl  syscall_frame_end
syscall_frame_end:
        .skip   8 * MAX_PHYS_CPUS

        .text
/*
 * long load_<seg>_selector_safe(sel): load a guest's data selector; 0, or
 * -XEN_EINVAL with the register nulled when the CPU refuses it.
 */
        .macro LOAD_SELECTOR_SAFE seg
        .globl load_\seg\()_selector_safe
load_\seg\()_selector_safe:
1:      mov     %edi, %\seg
        xor     %eax, %eax
        ret
2:      xor     %eax, %eax
        mov     %eax, %\seg
        mov     $-XEN_EINVAL, %rax
        ret
        .section .ex_table, "a"
        .quad   1b, 2b
        .previous
        .endm

        .text
        LOAD_SELECTOR_SAFE ds
        LOAD_SELECTOR_SAFE es
        LOAD_SELECTOR_SAFE fs
        LOAD_SELECTOR_SAFE gs
