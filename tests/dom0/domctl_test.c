/*
 * tests/dom0/domctl_test.c - the toolstack's domctl commands, through
 * privcmd, from domain 0: one domain is created, given a vCPU and memory,
 * paused, unpaused, shut down and destroyed, and each refusal along the
 * way must be Xen 4.17's errno.  At the end free memory is where it was.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <public/hypercall-numbers.h>
#include <public/memory.h>
#include <public/event_channel.h>
#include <public/sched.h>
#include <public/xen.h>
#include "check.h"
#include "xencall.h"

#define UNUSED_DOMID        0x7000
#define TEST_MEM_KB         1024        /* 256 frames */
#define FIRST_POPULATE      16
#define SECOND_POPULATE     1000        /* more than max_mem leaves */

/* errno read after the call: check_errno's arguments have no order. */
#define expect_errno(name, call, want) do {                                   \
        long ret_ = (call);                                                    \
        check_errno(name, ret_, errno, want);                                  \
    } while (0)

#define NR_TEST_FRAMES      5           /* frames of the domain the tests use */
#define NONCANONICAL        0x0000800000000000ULL
#define TEST_RIP            0xffffffff80001000ULL
#define PAGE_BYTES          4096UL
#define PTE_USER_RW         0x7ULL      /* present, writable, user */
#define PTE_USER_RO         0x5ULL      /* present, user */
#define MAGIC               0x5a5aa5a5deadbeefULL
#define MANY_DOMAINS        128         /* live at once, beside domain 0 */

static int fd;
static struct xen_domctl *op;           /* hypercall-safe (xencall_buffer) */
/* Zeroed frames of the new domain: [0] hypercall page, [1] L4, [2] L4 to pin. */
static xen_pfn_t frames[NR_TEST_FRAMES];

/* A hypercall buffer with every field zero (xencall_buffer's are not). */
static void *zeroed_buffer(size_t size)
{
    void *buf = xencall_buffer(size);

    if (buf)
        memset(buf, 0, size);
    return buf;
}

static long domctl(uint32_t cmd, domid_t dom)
{
    op->cmd = cmd;
    op->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    op->domain = dom;
    return xencall5(fd, __HYPERVISOR_domctl, (uintptr_t)op, 0, 0, 0, 0);
}

static void clear_op(void)
{
    memset(op, 0, sizeof(*op));
}

static uint64_t free_pages(void)
{
    struct xen_sysctl *s = zeroed_buffer(sizeof(*s));
    uint64_t n;

    memset(s, 0, sizeof(*s));
    s->cmd = XEN_SYSCTL_physinfo;
    n = xencall_sysctl(fd, s) ? 0 : s->u.physinfo.free_pages;
    free(s);
    return n;
}

static void check_gate(void)
{
    clear_op();
    op->cmd = XEN_DOMCTL_getdomaininfo;
    op->interface_version = XEN_DOMCTL_INTERFACE_VERSION - 1;
    expect_errno("wrong interface version",
                 xencall5(fd, __HYPERVISOR_domctl, (uintptr_t)op, 0, 0, 0, 0), EACCES);
    clear_op();
    expect_errno("unknown command", domctl(999, 0), ENOSYS);
    clear_op();
    expect_errno("pause of no such domain", domctl(XEN_DOMCTL_pausedomain, UNUSED_DOMID), ESRCH);
    expect_errno("DOMID_SELF is not resolved", domctl(XEN_DOMCTL_pausedomain, DOMID_SELF), ESRCH);
    expect_errno("pausing oneself", domctl(XEN_DOMCTL_pausedomain, 0), EINVAL);
    expect_errno("destroying oneself", domctl(XEN_DOMCTL_destroydomain, 0), EINVAL);
}

static long create(uint32_t flags, uint32_t vcpus, uint32_t pool, uint32_t emu, domid_t want)
{
    clear_op();
    op->u.createdomain.flags = flags;
    op->u.createdomain.max_vcpus = vcpus;
    op->u.createdomain.cpupool_id = pool;
    op->u.createdomain.arch.emulation_flags = emu;
    op->u.createdomain.max_evtchn_port = 1023;
    memset(op->u.createdomain.handle, 0xab, sizeof(op->u.createdomain.handle));
    return domctl(XEN_DOMCTL_createdomain, want);
}

static void check_create_refusals(void)
{
    expect_errno("createdomain hvm", create(XEN_DOMCTL_CDF_hvm, 1, 0, 0, 0), EINVAL);
    expect_errno("createdomain unknown flag", create(1u << 20, 1, 0, 0, 0), EINVAL);
    expect_errno("createdomain no vcpus", create(0, 0, 0, 0, 0), EINVAL);
    expect_errno("createdomain too many vcpus", create(0, 33, 0, 0, 0), EINVAL);
    expect_errno("createdomain no such cpupool", create(0, 1, 7, 0, 0), ENOENT);
    expect_errno("createdomain emulated lapic", create(0, 1, 0, XEN_X86_EMU_LAPIC, 0), EOPNOTSUPP);
}

static int getinfo(domid_t dom, struct xen_domctl_getdomaininfo *info)
{
    clear_op();
    if (domctl(XEN_DOMCTL_getdomaininfo, dom) || op->domain != dom)
        return -1;
    *info = op->u.getdomaininfo;
    return 0;
}

static domid_t check_create(void)
{
    struct xen_domctl_getdomaininfo info;
    long ret = create(0, 1, 0, 0, 0);
    domid_t dom = op->domain;

    check_true("createdomain", ret == 0 && dom > 0 && dom < DOMID_FIRST_RESERVED,
               ret ? strerror(errno) : "bad id");
    check_true("new domain listed, paused, no vcpu, no memory",
               getinfo(dom, &info) == 0 && (info.flags & XEN_DOMINF_paused) &&
               info.tot_pages == 0 && info.max_vcpu_id == XEN_INVALID_MAX_VCPU_ID &&
               info.handle[0] == 0xab, "getdomaininfo disagrees");
    expect_errno("createdomain of an id in use", create(0, 1, 0, 0, dom), EEXIST);
    return dom;
}

static void check_vcpus(domid_t dom)
{
    struct xen_domctl_getdomaininfo info;

    clear_op();
    op->u.max_vcpus.max = 2;
    expect_errno("max_vcpus other than createdomain's", domctl(XEN_DOMCTL_max_vcpus, dom), EINVAL);
    op->u.max_vcpus.max = 1;
    check_true("max_vcpus", domctl(XEN_DOMCTL_max_vcpus, dom) == 0, strerror(errno));
    check_true("vcpu 0 exists", getinfo(dom, &info) == 0 && info.max_vcpu_id == 0,
               "max_vcpu_id is not 0");
    clear_op();
    op->u.getvcpuinfo.vcpu = 0;
    check_true("getvcpuinfo", domctl(XEN_DOMCTL_getvcpuinfo, dom) == 0 &&
               !op->u.getvcpuinfo.online && !op->u.getvcpuinfo.running, "wrong state");
    op->u.getvcpuinfo.vcpu = 1;
    expect_errno("getvcpuinfo past max_vcpus", domctl(XEN_DOMCTL_getvcpuinfo, dom), EINVAL);
}

static long populate(domid_t dom, xen_pfn_t *pfns, unsigned long first, unsigned long nr)
{
    struct xen_memory_reservation *r = zeroed_buffer(sizeof(*r));
    unsigned long i;
    long ret;

    for (i = 0; i < nr; i++)
        pfns[i] = first + i;
    memset(r, 0, sizeof(*r));
    set_xen_guest_handle(r->extent_start, pfns);
    r->nr_extents = nr;
    r->domid = dom;
    ret = xencall5(fd, __HYPERVISOR_memory_op, XENMEM_populate_physmap, (uintptr_t)r, 0, 0, 0);
    free(r);
    return ret;
}

/* memory_op commands that take a domid_t. */
static long memop_domid(unsigned int cmd, domid_t dom)
{
    domid_t *arg = zeroed_buffer(sizeof(*arg));
    long ret;

    *arg = dom;
    ret = xencall5(fd, __HYPERVISOR_memory_op, cmd, (uintptr_t)arg, 0, 0, 0);
    free(arg);
    return ret;
}

/* Keeps a few of the domain's new machine frames in frames[]. */
static void check_memory(domid_t dom)
{
    struct xen_domctl_getdomaininfo info;
    xen_pfn_t *pfns = zeroed_buffer(SECOND_POPULATE * sizeof(*pfns));
    long ret;

    check_true("populate without max_mem", populate(dom, pfns, 0, 1) == 0, "frames given");
    clear_op();
    op->u.max_mem.max_memkb = TEST_MEM_KB;
    check_true("max_mem", domctl(XEN_DOMCTL_max_mem, dom) == 0, strerror(errno));
    ret = populate(dom, pfns, 0, FIRST_POPULATE);
    memcpy(frames, pfns, sizeof(frames));
    check_true("populate_physmap for it", ret == FIRST_POPULATE, "not every extent");
    check_true("its tot_pages", getinfo(dom, &info) == 0 &&
               info.tot_pages == FIRST_POPULATE && info.max_pages == TEST_MEM_KB / 4,
               "getdomaininfo disagrees");
    check_true("current_reservation for it", memop_domid(XENMEM_current_reservation, dom) ==
               FIRST_POPULATE, "not its tot_pages");
    check_true("maximum_gpfn for it (no P2M published)",
               memop_domid(XENMEM_maximum_gpfn, dom) == 0, "not 0");
    expect_errno("maximum_gpfn for no such domain", memop_domid(XENMEM_maximum_gpfn,
                 UNUSED_DOMID), ESRCH);
    ret = populate(dom, pfns, FIRST_POPULATE, SECOND_POPULATE);
    check_true("populate stops at max_mem", ret == TEST_MEM_KB / 4 - FIRST_POPULATE,
               "wrong count");
    free(pfns);
}

static long set_memory_map(domid_t dom, struct e820entry *map, unsigned int nr)
{
    struct xen_foreign_memory_map *f = zeroed_buffer(sizeof(*f));
    long ret;

    f->domid = dom;
    f->map.nr_entries = nr;
    set_xen_guest_handle(f->map.buffer, map);
    ret = xencall5(fd, __HYPERVISOR_memory_op, XENMEM_set_memory_map, (uintptr_t)f, 0, 0, 0);
    free(f);
    return ret;
}

/* xc_domain_set_memmap_limit's call: one RAM entry up to max_mem. */
static void check_memory_map(domid_t dom)
{
    struct e820entry *map = zeroed_buffer(2 * sizeof(*map));

    map[0] = (struct e820entry){ .addr = 0, .size = TEST_MEM_KB * 1024, .type = E820_RAM };
    check_true("set_memory_map for it", set_memory_map(dom, map, 1) == 0, strerror(errno));
    check_true("set_memory_map again (replaced)", set_memory_map(dom, map, 2) == 0,
               strerror(errno));
    expect_errno("set_memory_map too long", set_memory_map(dom, map, 1025), EINVAL);
    expect_errno("set_memory_map no such domain", set_memory_map(UNUSED_DOMID, map, 1), ESRCH);
    expect_errno("set_memory_map unreadable map", set_memory_map(dom, (void *)16, 1), EFAULT);
    free(map);
}

static void check_hypercall_init(domid_t dom, xen_pfn_t mfn)
{
    clear_op();
    op->u.hypercall_init.gmfn = mfn;
    check_true("hypercall_init", domctl(XEN_DOMCTL_hypercall_init, dom) == 0, strerror(errno));
    op->u.hypercall_init.gmfn = ~0ULL;
    expect_errno("hypercall_init of no frame", domctl(XEN_DOMCTL_hypercall_init, dom), EINVAL);
}

static void check_pause(domid_t dom)
{
    struct xen_domctl_getdomaininfo info;

    clear_op();
    check_true("pausedomain", domctl(XEN_DOMCTL_pausedomain, dom) == 0, strerror(errno));
    check_true("unpause once (still paused)", domctl(XEN_DOMCTL_unpausedomain, dom) == 0 &&
               getinfo(dom, &info) == 0 && (info.flags & XEN_DOMINF_paused), "not paused");
    clear_op();
    check_true("unpause of creation's pause", domctl(XEN_DOMCTL_unpausedomain, dom) == 0 &&
               getinfo(dom, &info) == 0 && !(info.flags & XEN_DOMINF_paused), "still paused");
    clear_op();
    expect_errno("unpause of an unpaused domain", domctl(XEN_DOMCTL_unpausedomain, dom), EINVAL);
    check_true("pause again", domctl(XEN_DOMCTL_pausedomain, dom) == 0, strerror(errno));
}

static void check_misc(domid_t dom)
{
    clear_op();
    op->u.settimeoffset.time_offset_seconds = 3600;
    check_true("settimeoffset", domctl(XEN_DOMCTL_settimeoffset, dom) == 0, strerror(errno));
    op->u.address_size.size = 32;
    expect_errno("set_address_size 32 (no pv32)", domctl(XEN_DOMCTL_set_address_size, dom),
                 EOPNOTSUPP);
    op->u.address_size.size = 48;
    expect_errno("set_address_size 48", domctl(XEN_DOMCTL_set_address_size, dom), EINVAL);
    op->u.address_size.size = 64;
    check_true("set_address_size 64", domctl(XEN_DOMCTL_set_address_size, dom) == 0,
               strerror(errno));
    clear_op();
    check_true("get_address_size", domctl(XEN_DOMCTL_get_address_size, dom) == 0 &&
               op->u.address_size.size == 64, "not 64");
}

static long vcpucontext(uint32_t cmd, domid_t dom, uint32_t vcpu, vcpu_guest_context_t *c)
{
    clear_op();
    op->u.vcpucontext.vcpu = vcpu;
    set_xen_guest_handle(op->u.vcpucontext.ctxt, c);
    return domctl(cmd, dom);
}

/* A kernel-mode context on frames[1] (a zeroed frame validates as an L4). */
static void good_context(vcpu_guest_context_t *c)
{
    memset(c, 0, sizeof(*c));
    c->flags = VGCF_in_kernel | VGCF_online;
    c->user_regs.rip = TEST_RIP;
    c->user_regs.rsp = TEST_RIP + 0x1000;
    c->user_regs.rsi = 0x1234;
    c->user_regs.rflags = 0x3202;       /* IOPL 3: virtualised, not given */
    c->kernel_ss = FLAT_KERNEL_SS;
    c->event_callback_eip = TEST_RIP + 0x10;
    c->ctrlreg[3] = xen_pfn_to_cr3(frames[1]);
}

static void expect_bad_context(const char *name, vcpu_guest_context_t *c, int want)
{
    expect_errno(name, vcpucontext(XEN_DOMCTL_setvcpucontext, op->domain, 0, c), want);
}

static void check_bad_contexts(domid_t dom, vcpu_guest_context_t *c)
{
    op->domain = dom;
    good_context(c); c->user_regs.rip = NONCANONICAL;
    expect_bad_context("context non-canonical rip", c, EINVAL);
    good_context(c); c->trap_ctxt[14].address = NONCANONICAL;
    expect_bad_context("context non-canonical trap handler", c, EINVAL);
    good_context(c); c->ldt_base = 0x123;
    expect_bad_context("context unaligned ldt", c, EINVAL);
    good_context(c); c->vm_assist = 1UL << 60;
    expect_bad_context("context unknown vm_assist", c, EINVAL);
    good_context(c); c->gdt_ents = 65536;
    expect_bad_context("context too big a gdt", c, EINVAL);
    good_context(c); c->flags = VGCF_online;
    expect_bad_context("context user mode without user table", c, EINVAL);
    good_context(c); c->ldt_ents = 1; c->ldt_base = 0x10000;
    expect_bad_context("context with an ldt (none in minixen)", c, EOPNOTSUPP);
    good_context(c); c->ctrlreg[3] = xen_pfn_to_cr3(0x10);
    expect_bad_context("context cr3 not its frame", c, EINVAL);
    expect_errno("context unreadable", vcpucontext(XEN_DOMCTL_setvcpucontext, dom, 0,
                 (vcpu_guest_context_t *)16), EFAULT);
    good_context(c);
    expect_errno("context vcpu 1", vcpucontext(XEN_DOMCTL_setvcpucontext, dom, 1, c), EINVAL);
    expect_errno("context for oneself", vcpucontext(XEN_DOMCTL_setvcpucontext, 0, 0, c), EINVAL);
}

static void check_vcpu_context(domid_t dom)
{
    vcpu_guest_context_t *c = zeroed_buffer(sizeof(*c));

    expect_errno("getvcpucontext before any", vcpucontext(XEN_DOMCTL_getvcpucontext, dom, 0, c),
                 ENODATA);
    check_bad_contexts(dom, c);
    good_context(c);
    check_true("setvcpucontext", vcpucontext(XEN_DOMCTL_setvcpucontext, dom, 0, c) == 0,
               strerror(errno));
    memset(c, 0xff, sizeof(*c));
    check_true("getvcpucontext gives it back",
               vcpucontext(XEN_DOMCTL_getvcpucontext, dom, 0, c) == 0 &&
               c->user_regs.rip == TEST_RIP && c->user_regs.rsi == 0x1234 &&
               c->ctrlreg[3] == xen_pfn_to_cr3(frames[1]) && (c->user_regs.cs & 3) == 3 &&
               (c->user_regs.rflags & 0x3200) == 0x3200 && (c->flags & VGCF_online) &&
               c->event_callback_eip == TEST_RIP + 0x10, "context differs");
    good_context(c);
    c->ctrlreg[3] = xen_pfn_to_cr3(frames[2]);
    expect_errno("new tables for a vcpu set up", vcpucontext(XEN_DOMCTL_setvcpucontext, dom,
                 0, c), EOPNOTSUPP);
    free(c);
}

static long mmuext(unsigned int cmd, xen_pfn_t mfn, unsigned int foreigndom)
{
    struct mmuext_op *m = zeroed_buffer(sizeof(*m));
    long ret;

    m->cmd = cmd;
    m->arg1.mfn = mfn;
    ret = xencall5(fd, __HYPERVISOR_mmuext_op, (uintptr_t)m, 1, 0, foreigndom, 0);
    free(m);
    return ret;
}

static void check_foreign_pin(domid_t dom)
{
    check_true("pin its L4 on its behalf", mmuext(MMUEXT_PIN_L4_TABLE, frames[2], dom) == 0,
               strerror(errno));
    expect_errno("pin it twice", mmuext(MMUEXT_PIN_L4_TABLE, frames[2], dom), EINVAL);
    expect_errno("pin its frame as ours", mmuext(MMUEXT_PIN_L4_TABLE, frames[3], DOMID_SELF),
                 EINVAL);
    expect_errno("foreign new_baseptr", mmuext(MMUEXT_NEW_BASEPTR, frames[2], dom), EPERM);
    expect_errno("pin for no such domain", mmuext(MMUEXT_PIN_L4_TABLE, frames[3], UNUSED_DOMID),
                 ESRCH);
    check_true("unpin on its behalf", mmuext(MMUEXT_UNPIN_TABLE, frames[2], dom) == 0,
               strerror(errno));
    check_true("pin again, left for destroy", mmuext(MMUEXT_PIN_L4_TABLE, frames[2], dom) == 0,
               strerror(errno));
}

static long evtchn_op(unsigned int cmd, void *arg)
{
    return xencall5(fd, __HYPERVISOR_event_channel_op, cmd, (uintptr_t)arg, 0, 0, 0);
}

/* The toolstack's console and store ports: allocated in it, bound from here. */
static void check_event_channel(domid_t dom)
{
    struct evtchn_alloc_unbound *a = zeroed_buffer(sizeof(*a));
    struct evtchn_bind_interdomain *b = zeroed_buffer(sizeof(*b));
    struct evtchn_close *c = zeroed_buffer(sizeof(*c));

    a->dom = dom;
    a->remote_dom = 0;
    check_true("alloc_unbound for it", evtchn_op(EVTCHNOP_alloc_unbound, a) == 0 && a->port > 0,
               strerror(errno));
    b->remote_dom = dom;
    b->remote_port = a->port;
    check_true("bind_interdomain to it", evtchn_op(EVTCHNOP_bind_interdomain, b) == 0 &&
               b->local_port > 0, strerror(errno));
    c->port = b->local_port;
    check_true("close our end", evtchn_op(EVTCHNOP_close, c) == 0, strerror(errno));
    a->dom = UNUSED_DOMID;
    expect_errno("alloc_unbound for no such domain", evtchn_op(EVTCHNOP_alloc_unbound, a), ESRCH);
    free(a);
    free(b);
    free(c);
}

static void check_remote_shutdown(domid_t dom)
{
    struct sched_remote_shutdown *rs = zeroed_buffer(sizeof(*rs));
    struct xen_domctl_getdomaininfo info;

    rs->domain_id = dom;
    rs->reason = SHUTDOWN_reboot;
    check_true("remote_shutdown", xencall5(fd, __HYPERVISOR_sched_op, SCHEDOP_remote_shutdown,
               (uintptr_t)rs, 0, 0, 0) == 0, strerror(errno));
    check_true("shut down, still listed, with its reason", getinfo(dom, &info) == 0 &&
               (info.flags & XEN_DOMINF_shutdown) &&
               ((info.flags >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask) ==
               SHUTDOWN_reboot, "getdomaininfo disagrees");
    free(rs);
}

/*
 * One PTE call inside a multicall: privcmd touches (faults in) any direct
 * argument that points into the process, which would give the kernel a
 * page of its own there, or make it copy-on-write a foreign frame it
 * thinks is its own; an address inside the multicall array is not seen.
 */
static long pte_call(unsigned int hypercall, volatile void *va, uint64_t pte, domid_t dom)
{
    multicall_entry_t *mc = zeroed_buffer(sizeof(*mc));
    long ret;

    memset(mc, 0, sizeof(*mc));
    mc->op = hypercall;
    mc->args[0] = (uintptr_t)va;
    mc->args[1] = pte;
    mc->args[2] = UVMF_INVLPG;
    mc->args[3] = dom;
    ret = xencall5(fd, __HYPERVISOR_multicall, (uintptr_t)mc, 1, 0, 0, 0);
    if (ret == 0 && mc->result) {
        errno = -(long)mc->result;
        ret = -1;
    }
    free(mc);
    return ret;
}

/*
 * Map one of its frames into this process with update_va_mapping_otherdomain,
 * at a page the kernel has not populated (so it never learns of it) but whose
 * page table exists (a neighbour was touched).  Returns the address or NULL.
 */
static volatile uint64_t *map_foreign(domid_t dom, xen_pfn_t mfn, uint64_t pte_flags)
{
    char *area = mmap(NULL, 3 * PAGE_BYTES, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *page = area + PAGE_BYTES;

    if (area == MAP_FAILED)
        return NULL;
    area[0] = 1;                        /* the page tables for page 1 exist ... */
    area[2 * PAGE_BYTES] = 1;           /* ... whichever 2 MiB region it is in */
    if (pte_call(__HYPERVISOR_update_va_mapping_otherdomain, page,
                 (mfn << 12) | pte_flags, dom))
        return NULL;
    return (volatile uint64_t *)page;
}

static long unmap_foreign(volatile uint64_t *page)
{
    return pte_call(__HYPERVISOR_update_va_mapping, page, 0, 0);
}

/*
 * A dying domain keeps its vCPU down: a context naming a frame it still
 * has (a zeroed one, mapped read-only here, would validate as an L4) is
 * refused, so no reference outlives the destroy and the vCPU never runs.
 */
static void check_dying_context(domid_t dom)
{
    vcpu_guest_context_t *c = zeroed_buffer(sizeof(*c));

    good_context(c);
    c->ctrlreg[3] = xen_pfn_to_cr3(frames[4]);
    expect_errno("no context for a dying domain",
                 vcpucontext(XEN_DOMCTL_setvcpucontext, dom, 0, c), EINVAL);
    free(c);
}

/*
 * Its shared_info page went back with its other resources (we still map
 * it): settimeoffset may record the offset, but must not write there.
 */
static void check_dying_timeoffset(domid_t dom, const volatile shared_info_t *si)
{
    uint32_t version = si->wc_version;
    long rc;

    clear_op();
    op->u.settimeoffset.time_offset_seconds = 7200;
    rc = domctl(XEN_DOMCTL_settimeoffset, dom);
    check_true("settimeoffset of a dying domain", rc == 0, strerror(errno));
    check_true("nothing written to the page it gave back", si->wc_version == version,
               "wc_version changed");
}

static void check_destroy(domid_t dom, uint64_t free_before)
{
    struct xen_domctl_getdomaininfo info;
    volatile uint64_t *page = map_foreign(dom, frames[3], PTE_USER_RW);
    volatile uint64_t *zeroed = map_foreign(dom, frames[4], PTE_USER_RO);
    volatile uint64_t *si = getinfo(dom, &info) == 0 ?
                            map_foreign(dom, info.shared_info_frame, PTE_USER_RO) : NULL;

    check_true("map two of its frames and its shared_info", page && zeroed && si,
               strerror(errno));
    if (page)
        *page = MAGIC;
    clear_op();
    check_true("destroydomain", domctl(XEN_DOMCTL_destroydomain, dom) == 0, strerror(errno));
    if (page && zeroed && si) {
        check_true("dying while its frames are mapped", getinfo(dom, &info) == 0 &&
                   (info.flags & XEN_DOMINF_dying) && info.tot_pages == 2 &&
                   free_pages() < free_before, "not listed as dying with two pages");
        check_true("the mapped frame survives", *page == MAGIC, "frame contents changed");
        check_dying_context(dom);
        check_dying_timeoffset(dom, (const volatile shared_info_t *)si);
        check_true("unmap them", unmap_foreign(page) == 0 && unmap_foreign(zeroed) == 0 &&
                   unmap_foreign(si) == 0, strerror(errno));
    }
    check_true("gone from getdomaininfo", getinfo(dom, &info) != 0, "still listed");
    clear_op();
    expect_errno("destroy again", domctl(XEN_DOMCTL_destroydomain, dom), ESRCH);
    check_true("free memory back", free_pages() == free_before, "free pages differ");
}

static uint32_t domains_listed(void)
{
    struct xen_sysctl *s = zeroed_buffer(sizeof(*s));
    struct xen_domctl_getdomaininfo *list = zeroed_buffer((MANY_DOMAINS + 8) * sizeof(*list));
    uint32_t n;

    memset(s, 0, sizeof(*s));
    s->cmd = XEN_SYSCTL_getdomaininfolist;
    s->u.getdomaininfolist.max_domains = MANY_DOMAINS + 8;
    set_xen_guest_handle(s->u.getdomaininfolist.buffer, list);
    n = xencall_sysctl(fd, s) ? 0 : s->u.getdomaininfolist.num_domains;
    free(list);
    free(s);
    return n;
}

/* A domain of several vCPUs: each created by max_vcpus, each down, all freed. */
static void check_several_vcpus(void)
{
    struct xen_domctl_getdomaininfo info;
    uint64_t free_before = free_pages();
    domid_t dom;
    int ok;

    ok = create(0, 32, 0, 0, 0) == 0;
    check_true("createdomain with 32 vcpus", ok, strerror(errno));
    if (!ok)
        return;
    dom = op->domain;
    clear_op();
    op->u.max_vcpus.max = 32;
    ok = domctl(XEN_DOMCTL_max_vcpus, dom) == 0 && getinfo(dom, &info) == 0 &&
         info.max_vcpu_id == 31 && info.nr_online_vcpus == 0;
    check_true("max_vcpus creates all 32, none online", ok, "getdomaininfo disagrees");
    clear_op();
    op->u.getvcpuinfo.vcpu = 31;
    check_true("getvcpuinfo of the last", domctl(XEN_DOMCTL_getvcpuinfo, dom) == 0 &&
               !op->u.getvcpuinfo.online, strerror(errno));
    op->u.getvcpuinfo.vcpu = 32;
    expect_errno("getvcpuinfo past the last", domctl(XEN_DOMCTL_getvcpuinfo, dom), EINVAL);
    clear_op();
    check_true("32-vcpu domain destroyed, memory back",
               domctl(XEN_DOMCTL_destroydomain, dom) == 0 && free_pages() == free_before,
               "pages left");
}

/* Domains are heap-allocated: 128 live ones fit, and all go back. */
static void check_many_domains(void)
{
    static domid_t ids[MANY_DOMAINS];
    uint64_t free_before = free_pages();
    uint32_t listed_before = domains_listed();
    unsigned int made = 0, destroyed = 0, i;

    while (made < MANY_DOMAINS && create(0, 1, 0, 0, 0) == 0)
        ids[made++] = op->domain;
    check_true("128 domains at once", made == MANY_DOMAINS &&
               domains_listed() == listed_before + MANY_DOMAINS, strerror(errno));
    for (i = 0; i < made; i++) {
        clear_op();
        destroyed += domctl(XEN_DOMCTL_destroydomain, ids[i]) == 0;
    }
    check_true("all destroyed, memory back", destroyed == made &&
               domains_listed() == listed_before && free_pages() == free_before,
               "domains or pages left");
}

int main(void)
{
    uint64_t free_before;
    domid_t dom;

    if ((fd = xencall_open()) < 0 || !(op = zeroed_buffer(sizeof(*op)))) {
        perror("domctl_test: open privcmd");
        return 1;
    }
    check_gate();
    check_create_refusals();
    free_before = free_pages();
    dom = check_create();
    check_vcpus(dom);
    check_memory(dom);
    check_memory_map(dom);
    check_hypercall_init(dom, frames[0]);
    check_pause(dom);
    check_misc(dom);
    check_vcpu_context(dom);
    check_foreign_pin(dom);
    check_event_channel(dom);
    check_remote_shutdown(dom);
    check_destroy(dom, free_before);
    check_several_vcpus();
    check_many_domains();
    return check_verdict("domctl_test");
}
