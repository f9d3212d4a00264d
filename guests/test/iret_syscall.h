/*
 * guests/test/iret_syscall.h - what iret_in_syscall_probe() found
 * (iret_syscall.S); the offsets are pinned in exceptions.c.
 */
#ifndef TEST_IRET_SYSCALL_H
#define TEST_IRET_SYSCALL_H

#define IRET_PROBE_RIP              0
#define IRET_PROBE_RSP              8
#define IRET_PROBE_RFLAGS           16
#define IRET_PROBE_EXPECTED_RIP     24
#define IRET_PROBE_EXPECTED_RSP     32

#ifndef __ASSEMBLER__
struct iret_probe_result {
    unsigned long rip, rsp, rflags;
    unsigned long expected_rip, expected_rsp;
};

void iret_in_syscall_probe(unsigned long rflags, struct iret_probe_result *out);
#endif

#endif
