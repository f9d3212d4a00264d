/*
 * tests/dom0/forkloop.c - `forkloop N`: N rounds of fork, exec of
 * hello_static and wait, each child's exit status checked.  The children's
 * output goes to /dev/null when it can be opened.  Prints one summary:
 * "forkloop: N cycles, OK ok, BAD failed".
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#define HELLO DOM0_TESTS_DIR "/hello_static"

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
    long n, ok = 0;
    int quiet_fd;

    if (argc != 2 || (n = strtol(argv[1], NULL, 10)) <= 0) {
        fprintf(stderr, "usage: forkloop N\n");
        return 1;
    }
    quiet_fd = open("/dev/null", O_WRONLY);
    for (long i = 0; i < n; i++)
        ok += one_cycle(quiet_fd);
    printf("forkloop: %ld cycles, %ld ok, %ld failed\n", n, ok, n - ok);
    return ok == n ? 0 : 1;
}
