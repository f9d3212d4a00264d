/*
 * Debug keys (keyhandler.h): the table, 'h' to list it, and the dumps
 * built from common state: 'q' domains and vCPUs, 'm' memory.  'r' and
 * 'e' print their heading and hand over to the scheduler's and the event
 * channels' own dumps.
 *
 * Handlers run from the serial interrupt (interrupts off, no hypercall in
 * progress), so they may read any hypervisor state but must not wait.
 * Their output is printed whatever loglvl says, as on Xen: someone at the
 * console asked for it.
 */
#include <minixen/keyhandler.h>
#include <minixen/lib.h>
#include <minixen/mm.h>
#include <minixen/printk.h>
#include <minixen/sched.h>
#include <minixen/boot.h>
#include <minixen/event.h>
#include <public/vcpu.h>
#include <asm/time.h>

/* Keys are 7-bit: the console clears the top bit of every byte. */
#define KEY_TABLE_SIZE      128
#define KB_PER_FRAME        (PAGE_SIZE / 1024)

struct keyhandler {
    keyhandler_fn_t *fn;
    const char *desc;
};

static struct keyhandler key_table[KEY_TABLE_SIZE];

void register_keyhandler(unsigned char key, keyhandler_fn_t *fn,
                         const char *desc)
{
    BUG_ON(key >= KEY_TABLE_SIZE || key_table[key].fn);
    key_table[key] = (struct keyhandler){ fn, desc };
}

static bool key_is_printable(unsigned char key)
{
    return key >= ' ' && key <= '~';
}

/*
 * Xen ignores a key with no handler.  minixen names a printable one, so
 * a typo does not look like a dead console; Enter and other control
 * characters stay silent, since people type them out of habit.
 */
void handle_keypress(unsigned char key)
{
    console_start_log_everything();
    if (key < KEY_TABLE_SIZE && key_table[key].fn)
        key_table[key].fn(key);
    else if (key_is_printable(key))
        printk("'%c' pressed -> no such key (type 'h' for the list)\n", key);
    console_end_log_everything();
}

static void show_handlers(unsigned char key)
{
    unsigned int i;

    printk("'%c' pressed -> showing installed handlers\n", key);
    for (i = 0; i < KEY_TABLE_SIZE; i++)
        if (key_table[i].fn)
            printk(" key '%c' (ascii '%02x') => %s\n",
                   key_is_printable(i) ? i : ' ', i, key_table[i].desc);
}

/* ---- 'q': domains and vCPUs ---- */

static const char *domain_state(const struct domain *d)
{
    if (d->is_dying)
        return "dying";
    return d->is_shutdown ? "shut down" : "running";
}

static const char *const runstate_names[] = {
    [RUNSTATE_running] = "running", [RUNSTATE_runnable] = "runnable",
    [RUNSTATE_blocked] = "blocked", [RUNSTATE_offline] = "offline",
};

static const char *runstate_name(int state)
{
    if (state < 0 || (size_t)state >= ARRAY_SIZE(runstate_names))
        return "unknown";
    return runstate_names[state];
}

static void dump_shutdown(const struct domain *d)
{
    if (d->is_shutdown)
        printk("    shutdown: reason %s (code %u)\n",
               shutdown_reason_name(d->shutdown_reason), d->shutdown_reason);
    else if (d->shutdown_code != SHUTDOWN_CODE_NONE)
        printk("    shutdown: not yet; code %d recorded\n", d->shutdown_code);
    else
        printk("    shutdown: none\n");
}

/* A dying domain's vcpu_info (in shared_info, or a frame of its own) is
 * already freed. */
static void dump_vcpu(const struct vcpu *v)
{
    const struct domain *d = v->domain;

    printk("  vCPU%u: %s, pause flags %#x count %u%s", v->vcpu_id,
           runstate_name(v->runstate.state), v->pause_flags, v->pause_count,
           v == current ? ", current" : "");
    if (d->is_dying)
        printk(", vcpu_info freed\n");
    else
        printk(", upcall pending %u mask %u\n", v->vcpu_info->evtchn_upcall_pending,
               v->vcpu_info->evtchn_upcall_mask);
    arch_dump_vcpu_info(v);
}

static void dump_domain(const struct domain *d)
{
    unsigned int i;

    printk("Domain %u (%s): %s%s\n", d->domain_id, d->name, domain_state(d),
           d->is_privileged ? ", privileged" : "");
    printk("    pages: tot_pages %lu max_pages %lu; vm_assist %#lx; pause count %u\n",
           d->tot_pages, d->max_pages, d->vm_assist, d->pause_count);
    dump_shutdown(d);
    for (i = 0; i < d->max_vcpus; i++)
        if (domain_vcpu(d, i))
            dump_vcpu(domain_vcpu(d, i));
}

/* As on Xen, the dump also tells each live vCPU through VIRQ_DEBUG. */
static void notify_guests(void)
{
    struct domain *d;
    unsigned int j;

    for_each_domain(d) {
        if (d->is_dying)
            continue;
        for (j = 0; j < d->max_vcpus; j++) {
            struct vcpu *v = domain_vcpu(d, j);

            if (!v)
                continue;
            printk("Notifying guest %u:%u (virq %u, port %u)\n", d->domain_id, v->vcpu_id,
                   VIRQ_DEBUG, v->virq_to_port[VIRQ_DEBUG]);
            send_guest_vcpu_virq(v, VIRQ_DEBUG);
        }
    }
}

static void dump_domains(unsigned char key)
{
    struct domain *d;

    printk("'%c' pressed -> dumping domain info (now = %lu ns)\n", key,
           (unsigned long)get_s_time());
    for_each_domain(d)
        dump_domain(d);
    notify_guests();
}

/* ---- 'm': memory ---- */

static void dump_memory(unsigned char key)
{
    struct frame_census c;
    const struct domain *d;

    frame_table_census(&c);
    printk("'%c' pressed -> dumping memory info\n", key);
    printk("RAM frames: %lu (%lu kB): %lu free, %lu hypervisor, %lu domains, "
           "%lu not RAM\n", max_page, max_page * KB_PER_FRAME, c.free, c.xen,
           c.domains, max_page - c.free - c.xen - c.domains);
    for_each_domain(d) {
        if (!d->is_dying)
            printk("    domain %u (%s): tot_pages %lu max_pages %lu\n",
                   d->domain_id, d->name, d->tot_pages, d->max_pages);
    }
}

/* ---- 'r' and 'e': other subsystems' dumps ---- */

static void dump_runqueues(unsigned char key)
{
    printk("'%c' pressed -> dumping run queues\n", key);
    sched_dump_runqueues();
}

static void dump_evtchns(unsigned char key)
{
    printk("'%c' pressed -> dumping event-channel info\n", key);
    evtchn_dump();
}

void keyhandler_init(void)
{
    register_keyhandler('h', show_handlers, "show this list of keys");
    register_keyhandler('q', dump_domains, "dump domains and their vCPUs");
    register_keyhandler('m', dump_memory, "dump memory: frame counts, domain pages");
    register_keyhandler('r', dump_runqueues, "dump run queues");
    register_keyhandler('e', dump_evtchns, "dump event channels");
}
