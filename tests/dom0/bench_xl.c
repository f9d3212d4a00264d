/*
 * tests/dom0/bench_xl.c - `make bench`'s toolstack figures: `xl create`
 * of a 32 MiB PV domain up to its first console line, and `xl destroy`,
 * each with 1, 10 and 100 other domains already running.
 *
 * Usage: bench_xl [COUNTS...]   (default 1 10 100)
 *
 * For each count the background domains are topped up to it (4 MiB
 * heartbeat guests with period=0: up and idle, no timer), then ROUNDS
 * times: `xl create -c` of the 32 MiB heartbeat guest, timed until its
 * console's first line ("heartbeat: up ...") reaches xl's output, then
 * `xl destroy`, timed until xl exits, then the machine rests until the
 * hypervisor's idle scrubber has zeroed the memory the domain left (as
 * it would between two commands a person types), timed too.  Each figure
 * is the median of the rounds, in TSC ticks (instructions under -icount)
 * and microseconds.
 * The path measured is the user's: fork and exec of Debian-linked xl,
 * xenstored, the builder, the hypervisor, the guest, xenconsoled.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <public/hypercall-numbers.h>
#include "bench.h"
#include "xencall.h"

#define XL          "/usr/sbin/xl"
#define GUEST_CFG   "/opt/guests/heartbeat.cfg"
#define ROUNDS      3
#define FIRST_LINE  "heartbeat: up"
#define SETTLE_POLL_US 100

struct sample {
    uint64_t ticks, ns;
};

static void die(const char *what)
{
    perror(what);
    exit(1);
}

/* Runs xl with argv (NULL-terminated) and waits; its exit status. */
static int run_xl(char *const argv[])
{
    int status;
    pid_t pid = fork();

    if (pid < 0)
        die("fork");
    if (pid == 0) {
        execv(XL, argv);
        _exit(127);
    }
    if (waitpid(pid, &status, 0) < 0)
        die("waitpid");
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

static void add_background_domain(int n)
{
    char name[32];
    char *argv[] = { "xl", "create", "-q", GUEST_CFG, name, "memory=4",
                     "extra=\"period=0\"", NULL };

    snprintf(name, sizeof(name), "name=\"idle%d\"", n);
    if (run_xl(argv)) {
        fprintf(stderr, "bench_xl: background domain %d not created\n", n);
        exit(1);
    }
}

/* Reads the pipe until a line holding FIRST_LINE has arrived. */
static void wait_first_line(int fd)
{
    char buf[4096];
    size_t have = 0;
    ssize_t n;

    while (have < sizeof(buf) - 1 &&
           (n = read(fd, buf + have, sizeof(buf) - 1 - have)) > 0) {
        have += (size_t)n;
        buf[have] = '\0';
        if (strstr(buf, FIRST_LINE))
            return;
    }
    fprintf(stderr, "bench_xl: no \"%s\" on the console\n", FIRST_LINE);
    exit(1);
}

/* xl create -c: the console relays to `out`; stdin stays open until we detach. */
static pid_t start_create(int *out, int *in)
{
    int o[2], i[2];
    char *argv[] = { "xl", "create", "-q", "-c", GUEST_CFG, "name=\"bench\"",
                     "memory=32", "extra=\"period=0\"", NULL };
    pid_t pid;

    if (pipe(o) || pipe(i))
        die("pipe");
    pid = fork();
    if (pid < 0)
        die("fork");
    if (pid == 0) {
        dup2(i[0], 0);
        dup2(o[1], 1);
        execv(XL, argv);
        _exit(127);
    }
    close(o[1]);
    close(i[0]);
    *out = o[0];
    *in = i[1];
    return pid;
}

static struct sample time_create(void)
{
    uint64_t t0 = bench_tsc(), ns0 = bench_ns();
    int out, in;
    pid_t pid = start_create(&out, &in);
    struct sample s;

    wait_first_line(out);
    s.ticks = bench_tsc() - t0;
    s.ns = bench_ns() - ns0;
    write(in, "\x1d", 1);           /* Ctrl-]: detach */
    close(in);
    waitpid(pid, NULL, 0);
    close(out);
    return s;
}

/* Free frames the hypervisor has yet to zero (physinfo scrub_pages). */
static uint64_t scrub_backlog(int fd)
{
    struct xen_sysctl op;

    memset(&op, 0, sizeof(op));
    op.cmd = XEN_SYSCTL_physinfo;
    if (xencall_sysctl(fd, &op))
        die("physinfo");
    return op.u.physinfo.scrub_pages;
}

/* Sleeps (so the CPU idles and scrubs) until no frame waits to be zeroed. */
static struct sample settle(int fd)
{
    uint64_t t0 = bench_tsc(), ns0 = bench_ns();
    struct sample s;

    while (scrub_backlog(fd))
        usleep(SETTLE_POLL_US);
    s.ticks = bench_tsc() - t0;
    s.ns = bench_ns() - ns0;
    return s;
}

static struct sample time_destroy(void)
{
    char *argv[] = { "xl", "destroy", "bench", NULL };
    uint64_t t0 = bench_tsc(), ns0 = bench_ns();
    struct sample s;

    if (run_xl(argv)) {
        fprintf(stderr, "bench_xl: xl destroy failed\n");
        exit(1);
    }
    s.ticks = bench_tsc() - t0;
    s.ns = bench_ns() - ns0;
    return s;
}

static void report(const char *what, int others, struct sample *s)
{
    uint64_t ticks[ROUNDS], ns[ROUNDS];
    char name[64];

    for (int i = 0; i < ROUNDS; i++) {
        ticks[i] = s[i].ticks;
        ns[i] = s[i].ns;
    }
    snprintf(name, sizeof(name), "xl_%s_with_%d", what, others);
    bench_print(name, bench_median(ticks, ROUNDS), "ticks");
    snprintf(name, sizeof(name), "xl_%s_with_%d_us", what, others);
    bench_print(name, bench_median(ns, ROUNDS) / 1000, "us");
}

static void measure(int fd, int others)
{
    struct sample create[ROUNDS], destroy[ROUNDS], scrub[ROUNDS];

    settle(fd);
    for (int i = 0; i < ROUNDS; i++) {
        create[i] = time_create();
        destroy[i] = time_destroy();
        scrub[i] = settle(fd);
    }
    report("create", others, create);
    report("scrub", others, scrub);
    report("destroy", others, destroy);
}

int main(int argc, char **argv)
{
    int running = 0, fd = xencall_open();

    if (fd < 0)
        die("privcmd");
    signal(SIGPIPE, SIG_IGN);
    if (argc < 2) {
        static char *defaults[] = { "bench_xl", "1", "10", "100", NULL };
        argv = defaults;
        argc = 4;
    }
    for (int i = 1; i < argc; i++) {
        int target = atoi(argv[i]);

        while (running < target)
            add_background_domain(running++);
        measure(fd, running);
    }
    return 0;
}
