/*
 * tests/dom0/bench_forkexec.c - `bench_forkexec [N]`: what starting a
 * program costs: fork, exec of the static hello_static and waitpid, with
 * the child's output sent to /dev/null so the console is not timed.  The
 * median of N rounds each timed alone (bench.h), in TSC ticks and, from
 * CLOCK_MONOTONIC read around the same rounds, in microseconds.
 *
 *   bench: dom0_fork_exec_wait T ticks
 *   bench: dom0_fork_exec_wait_us U.U us
 * A round whose child does not exit 0 ends the run with status 1.
 */
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>
#include "bench.h"

#define HELLO DOM0_TESTS_DIR "/hello_static"

/* One fork/exec/wait; the child's exit status as waitpid gives it. */
static int one_round(int quiet_fd)
{
    int status = -1;
    pid_t pid = fork();

    if (pid == 0) {
        dup2(quiet_fd, STDOUT_FILENO);
        execl(HELLO, "hello_static", (char *)NULL);
        _exit(127);
    }
    if (pid < 0 || waitpid(pid, &status, 0) != pid)
        return -1;
    return status;
}

int main(int argc, char **argv)
{
    long n = bench_calls(argc, argv, 200);
    uint64_t *ticks = bench_samples("bench_forkexec", n);
    uint64_t *ns = bench_samples("bench_forkexec", n), us10;
    int quiet_fd = open("/dev/null", O_WRONLY);

    if (quiet_fd < 0) {
        perror("bench_forkexec: /dev/null");
        return 1;
    }
    for (long i = 0; i < n; i++) {
        uint64_t start_ns = bench_ns(), start = bench_tsc();
        int status = one_round(quiet_fd);

        ticks[i] = bench_tsc() - start;
        ns[i] = bench_ns() - start_ns;
        if (status != 0) {
            fprintf(stderr, "bench_forkexec: round %ld: status %d\n", i,
                    status);
            return 1;
        }
    }
    bench_print("dom0_fork_exec_wait", bench_net_median(ticks, n), "ticks");
    us10 = (bench_median(ns, n) + 50) / 100;
    printf("bench: dom0_fork_exec_wait_us %llu.%llu us\n",
           (unsigned long long)(us10 / 10), (unsigned long long)(us10 % 10));
    return 0;
}
