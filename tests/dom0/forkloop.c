/*
 * tests/dom0/forkloop.c - `forkloop N`: N rounds of fork, exec of
 * hello_static and wait, each child's exit status checked.  The children's
 * output goes to /dev/null when it can be opened.  Prints one summary:
 * "forkloop: N cycles, OK ok, BAD failed", then "forkloop: MemFree A kB
 * before, B kB after": read by the program itself after WARM_UP cycles
 * (which bring the page cache and the kernel heap's free lists to their
 * working size) and after the loop, so only the loop is measured, and
 * not the shell's own heap, which grows with its history.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include "meminfo.h"

#define HELLO DOM0_TESTS_DIR "/hello_static"
#define WARM_UP 10

/* One fork/exec/wait: 1 if the child ran hello_static and exited 0. */
static int one_cycle(int quiet_fd)
{
    int status;
    pid_t pid = fork();

    if (pid < 0) {
        perror("forkloop: fork");
        return 0;
    }
    if (pid == 0) {
        if (quiet_fd >= 0)
            dup2(quiet_fd, STDOUT_FILENO);
        execl(HELLO, "hello_static", (char *)NULL);
        _exit(127);
    }
    if (waitpid(pid, &status, 0) != pid) {
        perror("forkloop: waitpid");
        return 0;
    }
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int main(int argc, char **argv)
{
    long n, ok = 0, before, after;
    int quiet_fd;

    if (argc != 2 || (n = strtol(argv[1], NULL, 10)) <= 0) {
        fprintf(stderr, "usage: forkloop N\n");
        return 1;
    }
    quiet_fd = open("/dev/null", O_WRONLY);
    for (int i = 0; i < WARM_UP; i++)
        one_cycle(quiet_fd);
    before = mem_free_kb();
    for (long i = 0; i < n; i++)
        ok += one_cycle(quiet_fd);
    after = mem_free_kb();
    printf("forkloop: %ld cycles, %ld ok, %ld failed\n", n, ok, n - ok);
    printf("forkloop: MemFree %ld kB before, %ld kB after\n", before, after);
    return ok == n ? 0 : 1;
}
