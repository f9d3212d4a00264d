/*
 * The hypercall page of a 64-bit PV guest: 128 stubs of 32 bytes, stub N
 * making hypercall N with `syscall` (the Xen PV ABI reference, section 2).  The bytes
 * are the ABI: guests call into this page, so they must match Xen's.
 */
#include <minixen/lib.h>
#include <asm/config.h>
#include <asm/pv.h>
#include <public/xen.h>

#define OP_INT3         0xcc
#define OP_PUSH_RCX     0x51
#define OP_PUSH_RAX     0x50
#define OP_REX_B        0x41
#define OP_PUSH_R11     0x53        /* after REX.B */
#define OP_POP_R11      0x5b        /* after REX.B */
#define OP_POP_RCX      0x59
#define OP_MOV_EAX_IMM  0xb8
#define OP_RET          0xc3
#define OP_0F           0x0f
#define OP_SYSCALL      0x05        /* after 0x0f */

static uint8_t *emit_mov_eax(uint8_t *p, uint32_t nr)
{
    *p++ = OP_MOV_EAX_IMM;
    memcpy(p, &nr, sizeof(nr));
    return p + sizeof(nr);
}

/* push %rcx; push %r11; mov $nr,%eax; syscall; pop %r11; pop %rcx; ret */
static void emit_stub(uint8_t *p, uint32_t nr)
{
    *p++ = OP_PUSH_RCX;
    *p++ = OP_REX_B;
    *p++ = OP_PUSH_R11;
    p = emit_mov_eax(p, nr);
    *p++ = OP_0F;
    *p++ = OP_SYSCALL;
    *p++ = OP_REX_B;
    *p++ = OP_POP_R11;
    *p++ = OP_POP_RCX;
    *p++ = OP_RET;
}

/* iret is jumped to and never returns: push %rcx; push %r11; push %rax; ... */
static void emit_iret_stub(uint8_t *p)
{
    *p++ = OP_PUSH_RCX;
    *p++ = OP_REX_B;
    *p++ = OP_PUSH_R11;
    *p++ = OP_PUSH_RAX;
    p = emit_mov_eax(p, __HYPERVISOR_iret);
    *p++ = OP_0F;
    *p++ = OP_SYSCALL;
}

void pv_fill_hypercall_page(void *page)
{
    uint8_t *p = page;
    unsigned int nr;

    memset(p, OP_INT3, PAGE_SIZE);
    for (nr = 0; nr < HYPERCALL_PAGE_SLOTS; nr++) {
        if (nr == __HYPERVISOR_iret)
            emit_iret_stub(p + nr * HYPERCALL_STUB_SIZE);
        else
            emit_stub(p + nr * HYPERCALL_STUB_SIZE, nr);
    }
}
