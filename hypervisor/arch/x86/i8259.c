/*
 * The legacy 8259 interrupt controllers.  minixen takes interrupts only
 * from the local APIC, but the firmware leaves the PICs delivering IRQ 0-7
 * on vectors 0x08-0x0f, where the CPU's exceptions live.  Remapping them
 * to 0x20-0x2f before masking means even a stray or spurious legacy
 * interrupt can never look like a double fault or a page fault.
 */
#include <minixen/types.h>
#include <asm/x86.h>
#include <asm/apic.h>

#define PIC_MASTER_CMD      0x20
#define PIC_MASTER_DATA     0x21
#define PIC_SLAVE_CMD       0xa0
#define PIC_SLAVE_DATA      0xa1

#define PIC_MASTER_VECTOR   0x20
#define PIC_SLAVE_VECTOR    0x28

#define ICW1_INIT           0x10
#define ICW1_NEED_ICW4      0x01
#define ICW3_MASTER_CASCADE (1u << 2)   /* slave hangs off IRQ 2 */
#define ICW3_SLAVE_ID       2
#define ICW4_8086           0x01
#define PIC_MASK_ALL        0xff

#define PORT_POST           0x80

/* Old PICs need a moment between commands; a write to port 0x80 gives it. */
static void pic_write(uint16_t port, uint8_t v)
{
    outb(port, v);
    outb(PORT_POST, 0);
}

/*
 * Initialisation resets each PIC's mask register to "all enabled", so
 * mask both before (stray IRQs during the sequence) and after.  Runs with
 * interrupts off, so nothing can arrive in between anyway.
 */
void i8259_disable(void)
{
    pic_write(PIC_MASTER_DATA, PIC_MASK_ALL);
    pic_write(PIC_SLAVE_DATA, PIC_MASK_ALL);

    pic_write(PIC_MASTER_CMD, ICW1_INIT | ICW1_NEED_ICW4);
    pic_write(PIC_SLAVE_CMD, ICW1_INIT | ICW1_NEED_ICW4);
    pic_write(PIC_MASTER_DATA, PIC_MASTER_VECTOR);
    pic_write(PIC_SLAVE_DATA, PIC_SLAVE_VECTOR);
    pic_write(PIC_MASTER_DATA, ICW3_MASTER_CASCADE);
    pic_write(PIC_SLAVE_DATA, ICW3_SLAVE_ID);
    pic_write(PIC_MASTER_DATA, ICW4_8086);
    pic_write(PIC_SLAVE_DATA, ICW4_8086);

    pic_write(PIC_MASTER_DATA, PIC_MASK_ALL);
    pic_write(PIC_SLAVE_DATA, PIC_MASK_ALL);
}
