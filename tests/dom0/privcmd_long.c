/*
 * tests/dom0/privcmd_long.c - `privcmd_long`: hypercalls long enough to
 * be continued, made through privcmd until CTRL-c arrives.
 *
 * Each call is one mmuext_op batch of BATCH harmless TLB flushes; with
 * the hypervisor's hypercall_preempt_every option the batch is split
 * into continuations, which the kernel must carry to the end (the
 * hypervisor's done count is the whole batch).  A SIGINT that arrives
 * meanwhile must not be lost: the loop stops once the handler has run.
 * Prints "privcmd_long: N calls, all complete" or what went wrong, and
 * "privcmd_long: SIGINT received".
 */
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <public/xen.h>
#include <public/hypercall-numbers.h>
#include "check.h"
#include "xencall.h"

#define BATCH           4096
#define MAX_SECONDS     20

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
    (void)sig;
    interrupted = 1;
}

/* One batch: 1 if the hypervisor reports every op done. */
static int long_call(int fd, struct mmuext_op *ops)
{
    unsigned int done = 0;
    long ret = xencall5(fd, __HYPERVISOR_mmuext_op, (uintptr_t)ops, BATCH,
                        (uintptr_t)&done, DOMID_SELF, 0);

    if (ret != 0 || done != BATCH)
        printf("privcmd_long: batch returned %ld with %u of %u done\n", ret, done, BATCH);
    return ret == 0 && done == BATCH;
}

int main(void)
{
    struct mmuext_op *ops = calloc(BATCH, sizeof(*ops));
    int fd = xencall_open();
    long calls = 0, complete = 0;
    time_t start = time(NULL);

    if (!ops || fd < 0) {
        perror("privcmd_long");
        return 1;
    }
    for (int i = 0; i < BATCH; i++)
        ops[i].cmd = MMUEXT_TLB_FLUSH_LOCAL;
    signal(SIGINT, on_sigint);
    printf("privcmd_long: running\n");
    fflush(stdout);
    while (!interrupted && time(NULL) - start < MAX_SECONDS) {
        complete += long_call(fd, ops);
        calls++;
    }
    printf("privcmd_long: %ld calls, %s\n", calls,
           complete == calls ? "all complete" : "some incomplete");
    printf("privcmd_long: %s\n", interrupted ? "SIGINT received" : "no SIGINT");
    return complete == calls && interrupted ? 0 : 1;
}
