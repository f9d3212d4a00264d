/*
 * tests/dom0/attacks.c - system calls an attacker would make, each of
 * which must get Linux's answer and change nothing it may not change.
 *
 *   clone(CLONE_CHILD_SETTID) at a kernel address      EFAULT, kernel intact
 *   mprotect(PROT_WRITE) on a shared read-only mapping EACCES, file intact
 *   munmap of a length that wraps                      EINVAL
 *   a signal handler outside user space                the process dies of SIGSEGV
 *   exec of an ELF whose entry is outside user space   EINVAL
 *   arch_prctl's GS base                               inherited by fork, not seen
 *                                                      by other processes, reset by exec
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#include <asm/prctl.h>
#include "check.h"

#define KERNEL_DATA     0xffffffff80300000UL    /* inside dom0's kernel image */
#define SELF            DOM0_TESTS_DIR "/attacks"
#define HELLO           DOM0_TESTS_DIR "/hello_static"

/* The call first, then errno: as arguments their order would be unspecified. */
#define CHECK_ERRNO(name, call, want) do {                  \
        long ret_ = (call);                                 \
        check_errno(name, ret_, errno, want);               \
    } while (0)

static void settid_at_kernel(void)
{
    struct utsname before, after;
    long ret;

    uname(&before);
    ret = syscall(SYS_clone, CLONE_CHILD_SETTID | SIGCHLD, 0, 0, KERNEL_DATA, 0);
    if (ret == 0)
        _exit(0);
    CHECK_ERRNO("clone settid at a kernel address", ret, EFAULT);
    uname(&after);
    check_true("kernel data unchanged", !strcmp(before.nodename, after.nodename),
               after.nodename);
}

static void shared_readonly_mapping(void)
{
    int fd = open("/tmp/attack-ro", O_CREAT | O_TRUNC | O_RDWR, 0644);
    char buf[8] = { 0 };
    void *p;

    write(fd, "intact!", 8);
    close(fd);
    fd = open("/tmp/attack-ro", O_RDONLY);
    p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
    CHECK_ERRNO("mprotect write on a read-only shared file",
                mprotect(p, 4096, PROT_READ | PROT_WRITE), EACCES);
    pread(fd, buf, 8, 0);
    check_true("file unchanged", !strcmp(buf, "intact!"), buf);
    munmap(p, 4096);
    close(fd);
}

static void wrapping_munmap(void)
{
    void *p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    CHECK_ERRNO("munmap of a wrapping length", munmap(p, (size_t)-1), EINVAL);
}

static void kernel_handler(void)
{
    int status;
    pid_t pid = fork();

    if (pid == 0) {
        struct sigaction sa = { .sa_handler = (void (*)(int))0x8000000000000000UL };
        sigaction(SIGUSR1, &sa, NULL);
        raise(SIGUSR1);
        _exit(0);
    }
    waitpid(pid, &status, 0);
    check_true("a handler outside user space: SIGSEGV",
               WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV, "child not killed by SIGSEGV");
}

static void bad_entry_exec(void)
{
    static char image[1 << 20];
    int in = open(HELLO, O_RDONLY), out = open("/tmp/attack-elf", O_CREAT | O_TRUNC | O_WRONLY, 0755);
    ssize_t n = read(in, image, sizeof(image));
    uint64_t entry = 0xffffffff80200000UL;
    char *argv[] = { "attack-elf", NULL };

    memcpy(image + 24, &entry, sizeof(entry));      /* e_entry */
    write(out, image, n);
    close(out);
    close(in);
    CHECK_ERRNO("exec of an entry point in the kernel",
                execve("/tmp/attack-elf", argv, NULL), EINVAL);
}

static unsigned long gs_base(void)
{
    unsigned long v = 1;

    syscall(SYS_arch_prctl, ARCH_GET_GS, &v);
    return v;
}

static void gs_base_per_process(void)
{
    int status;
    pid_t pid;

    syscall(SYS_arch_prctl, ARCH_SET_GS, 0x12345000UL);
    pid = fork();
    if (pid == 0)
        _exit(gs_base() == 0x12345000UL ? 0 : 1);
    waitpid(pid, &status, 0);
    check_true("fork inherits the GS base", WIFEXITED(status) && !WEXITSTATUS(status), "child saw another");
    pid = fork();
    if (pid == 0) {
        execl(SELF, "attacks", "gs", (char *)NULL);
        _exit(2);
    }
    waitpid(pid, &status, 0);
    check_true("exec resets the GS base", WIFEXITED(status) && !WEXITSTATUS(status), "exec kept it");
    check_true("the GS base stays ours", gs_base() == 0x12345000UL, "changed");
}

int main(int argc, char **argv)
{
    if (argc == 2 && !strcmp(argv[1], "gs"))
        return gs_base() == 0 ? 0 : 1;
    settid_at_kernel();
    shared_readonly_mapping();
    wrapping_munmap();
    kernel_handler();
    bad_entry_exec();
    gs_base_per_process();
    return check_verdict("attacks");
}
