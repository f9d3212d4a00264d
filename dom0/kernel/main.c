/*
 * dom0/kernel/main.c - the dom0 kernel's boot, from the builder's entry
 * to the first user process.
 *
 * Order matters: the console and memory first (everything else
 * allocates), then exceptions and events, the clocks, the file systems
 * from the boot archive and the devices, and finally /init as process 1
 * on the console.  The boot stack then becomes the idle loop.
 */
#include <kernel/kernel.h>
#include <kernel/mm.h>
#include <kernel/fs.h>
#include <kernel/tty.h>
#include <kernel/uaccess.h>
#include <kernel/process.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include "../arch/xen.h"
#include "../arch/cpu.h"
#include "../mm/mm_internal.h"
#include "sched.h"
#include "exec.h"
#include "process_internal.h"

#define INIT_PATH           "/init"

void traps_init(void);
extern bool syscall_trace;

static bool strstr_simple(const char *hay, const char *needle)
{
    size_t n = strlen(needle);

    for (; *hay; hay++)
        if (!strncmp(hay, needle, n))
            return true;
    return false;
}

void time_init(void);
void privcmd_init(void);
void evtchn_dev_init(void);
void sysrq_init(void);

/* Replaced by the hypervisor's shared_info frame at boot. */
static uint8_t shared_info_window[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE),
                                                            section(".bss.page_aligned")));

static void map_shared_info(void)
{
    uint64_t pte = (start_info->shared_info & ~(PAGE_SIZE - 1)) | PTE_PRESENT | PTE_RW |
                   PTE_USER | PTE_ACCESSED | PTE_DIRTY;

    if (HYPERVISOR_update_va_mapping((unsigned long)shared_info_window, pte, UVMF_INVLPG))
        xen_shutdown(SHUTDOWN_crash);
    shared_info = (shared_info_t *)shared_info_window;
}

static void open_console(void)
{
    struct file *f = vfs_open("/dev/console", O_RDWR, 0);
    int fd;

    if (IS_ERR(f))
        panic("cannot open /dev/console (%ld)", PTR_ERR(f));
    for (fd = 0; fd < 3; fd++) {
        if (fd)
            f->refs++;
        if (fd_install(f, 0) != fd)
            panic("cannot set up init's descriptor %d", fd);
    }
}

static void add_string(struct exec_args *a, const char *s)
{
    size_t n = strlen(s) + 1;

    memcpy(a->buf + a->len, s, n);
    a->len += n;
}

/* init's argv and environment: ["/init"], and the boot command line as $DOM0_CMDLINE. */
static void init_args(struct exec_args *a, char *buf, size_t cap)
{
    char env[sizeof(start_info->cmd_line) + 16];

    *a = (struct exec_args){ .buf = buf, .cap = cap };
    add_string(a, INIT_PATH);
    add_string(a, "HOME=/");
    add_string(a, "TERM=vt100");
    snprintf(env, sizeof(env), "DOM0_CMDLINE=%s", (const char *)start_info->cmd_line);
    add_string(a, env);
    a->argc = 1;
    a->envc = 3;
}

static void start_init(void)
{
    struct process *init = process_alloc();
    struct exec_args args;
    char *buf = kmalloc(PAGE_SIZE);
    long err;

    if (!init || !buf)
        panic("no memory for init");
    init->pgid = init->sid = init->pid;
    init->umask = 022;
    init->files = files_new();
    init->cwd_path = kstrdup("/");
    current = init;
    if (vfs_lookup("/", true, &init->cwd))
        panic("no root directory");
    open_console();
    init_args(&args, buf, PAGE_SIZE);
    err = exec_program(INIT_PATH, &args);
    if (err)
        panic("cannot run %s: error %ld", INIT_PATH, -err);
    kfree(args.buf);                    /* a #! script gets a new buffer */
    process_prepare_first_run(init);
    make_runnable(init);
    sched_init_done();
}

void __attribute__((noreturn)) start_kernel(start_info_t *si, unsigned long boot_rsp)
{
    start_info = si;
    map_shared_info();
    syscall_trace = strstr_simple((const char *)si->cmd_line, "syscall_trace");
    page_alloc_init(boot_rsp);
    traps_init();
    fpu_init();
    sched_init();
    time_init();
    printk("minixen dom0 kernel: %lu MiB, boot archive %lu bytes\n",
           pages_total() >> 8, (unsigned long)si->mod_len);
    if (!si->mod_start || !si->mod_len)
        panic("no boot archive: give it as the second boot module");
    vfs_init((const void *)si->mod_start, si->mod_len);
    tty_init();
    privcmd_init();
    evtchn_dev_init();
    sysrq_init();
    start_init();
    idle_loop();
}
