/*
 * guests/test/version.c - the hypercall page itself (unassigned numbers)
 * and xen_version.
 *
 * xen_version expectations checked against Xen's do_xen_version
 * (xen/common/kernel.c): XENVER_version returns (major << 16) | minor and
 * ignores its argument; the string commands copy fixed-size, zero-padded
 * buffers and return 0 or -EFAULT; get_features knows submap 0 only
 * (-EINVAL otherwise) and sets XENFEAT_dom0 for the hardware domain;
 * pagesize returns 4096 for a NULL argument and -EINVAL otherwise;
 * unknown commands return -ENOSYS.
 */
#include "test.h"
#include <public/features.h>

/* Hypercall numbers Xen 4.17 does not assign (xen.h): all -ENOSYS. */
#define HC_UNASSIGNED_GAP  11                      /* between 10 and 12 */
#define HC_UNASSIGNED_HIGH 43                      /* first of 43-47 */
#define HC_ARCH_7          55                      /* arch_7: unused on x86 */
#define HC_LAST_SLOT       (XEN_NR_HYPERCALLS - 1) /* 127 */
/* Tries of each number past the page: the log must show one line in all. */
#define HC_PAST_PAGE_TRIES 16

/* No XENVER_ command has this number (4.17 ends at 10). */
#define XENVER_UNDEFINED 1000
/* Bytes written by XENVER_guest_handle. */
#define GUEST_HANDLE_LEN sizeof(xen_domain_handle_t)
/* Fill pattern to tell written bytes from untouched ones. */
#define FILL_BYTE 0xa5

/* A hypercall by number, bypassing the page (which stops at 127). */
static long raw_hypercall(unsigned long nr)
{
    long rc;

    asm volatile ("syscall" : "=a" (rc) : "a" (nr)
                  : "memory", "rcx", "r11", "rdi", "rsi", "rdx", "r10", "r8", "r9");
    return rc;
}

/*
 * Numbers past the page are -ENOSYS every time; the boot test checks
 * that the hypervisor logged them once in all, not once per call.
 */
static void test_past_page_numbers(void)
{
    static const unsigned long nrs[] = {
        XEN_NR_HYPERCALLS, 200, 0xffffffffUL, 0x100000000UL, ~0UL,
    };
    unsigned int i, t, bad = 0;
    long rc, last = 0;

    for (t = 0; t < HC_PAST_PAGE_TRIES; t++)
        for (i = 0; i < ARRAY_SIZE(nrs); i++)
            if ((rc = raw_hypercall(nrs[i])) != -XEN_ENOSYS) {
                bad++;
                last = rc;
            }
    check(bad == 0, "hypercall.unknown_past_page", "%u calls did not return "
          "-ENOSYS (last: %ld)", bad, last);
}

/* The builder fills every one of the 128 slots; unassigned ones fail cleanly. */
void test_hypercall_page(void)
{
    check_rc("hypercall.unknown_11", HYPERCALL0(HC_UNASSIGNED_GAP), -XEN_ENOSYS);
    check_rc("hypercall.unknown_43", HYPERCALL0(HC_UNASSIGNED_HIGH), -XEN_ENOSYS);
    check_rc("hypercall.unknown_55", HYPERCALL0(HC_ARCH_7), -XEN_ENOSYS);
    check_rc("hypercall.unknown_127", HYPERCALL0(HC_LAST_SLOT), -XEN_ENOSYS);
    /* Once more: still -ENOSYS, and still one log line for 127. */
    check_rc("hypercall.unknown_127_again", HYPERCALL0(HC_LAST_SLOT), -XEN_ENOSYS);
    test_past_page_numbers();
}

/* Is buf (of size len) NUL-terminated within len? */
static int terminated(const char *buf, size_t len)
{
    return strnlen(buf, len) < len;
}

static void test_version_number(void)
{
    long v = HYPERVISOR_xen_version(XENVER_version, NULL);
    long major = v >> XENVER_MAJOR_SHIFT, minor = v & XENVER_MINOR_MASK;

    check(v > 0 && (unsigned long)v >> 32 == 0 && major > 0, "xen_version.version",
          "returned %#lx", v);
    printk("# hypervisor reports version %ld.%ld\n", major, minor);
}

static void test_version_strings(void)
{
    static xen_extraversion_t extra;
    static xen_compile_info_t ci;
    static xen_capabilities_info_t caps;
    static xen_changeset_info_t cs;
    long rc;

    memset(extra, FILL_BYTE, sizeof(extra));
    rc = HYPERVISOR_xen_version(XENVER_extraversion, extra);
    check(rc == 0 && terminated(extra, sizeof(extra)), "xen_version.extraversion",
          "returned %ld, string %sterminated", rc,
          terminated(extra, sizeof(extra)) ? "" : "not ");

    memset(&ci, FILL_BYTE, sizeof(ci));
    rc = HYPERVISOR_xen_version(XENVER_compile_info, &ci);
    check(rc == 0 && terminated(ci.compiler, sizeof(ci.compiler)) &&
          terminated(ci.compile_by, sizeof(ci.compile_by)) &&
          terminated(ci.compile_domain, sizeof(ci.compile_domain)) &&
          terminated(ci.compile_date, sizeof(ci.compile_date)),
          "xen_version.compile_info", "returned %ld or a field unterminated", rc);

    memset(caps, FILL_BYTE, sizeof(caps));
    rc = HYPERVISOR_xen_version(XENVER_capabilities, caps);
    check(rc == 0 && terminated(caps, sizeof(caps)) &&
          strstr(caps, XEN_START_INFO_MAGIC_64), "xen_version.capabilities",
          "returned %ld, \"%.64s\"", rc, terminated(caps, sizeof(caps)) ? caps : "");

    memset(cs, FILL_BYTE, sizeof(cs));
    rc = HYPERVISOR_xen_version(XENVER_changeset, cs);
    check(rc == 0 && terminated(cs, sizeof(cs)), "xen_version.changeset",
          "returned %ld or unterminated", rc);
}

static void test_version_params(void)
{
    xen_platform_parameters_t pp = { .virt_start = TEST_SENTINEL };
    uint8_t handle[2 * GUEST_HANDLE_LEN];
    unsigned int i, spill = 0;
    long rc;

    rc = HYPERVISOR_xen_version(XENVER_platform_parameters, &pp);
    check(rc == 0 && pp.virt_start == HYPERVISOR_VIRT_START,
          "xen_version.platform_parameters", "returned %ld, virt_start %#lx",
          rc, pp.virt_start);

    check_rc("xen_version.pagesize",
             HYPERVISOR_xen_version(XENVER_pagesize, NULL), XEN_PAGE_SIZE);
    check_rc("xen_version.pagesize_nonnull_arg",
             HYPERVISOR_xen_version(XENVER_pagesize, &pp), -XEN_EINVAL);

    memset(handle, FILL_BYTE, sizeof(handle));
    rc = HYPERVISOR_xen_version(XENVER_guest_handle, handle);
    for (i = GUEST_HANDLE_LEN; i < sizeof(handle); i++)
        spill |= handle[i] != FILL_BYTE;
    check(rc == 0 && !spill, "xen_version.guest_handle",
          "returned %ld, %s", rc, spill ? "wrote past 16 bytes" : "16 bytes");
}

static void test_version_features(void)
{
    xen_feature_info_t fi = { .submap_idx = 0 };
    long rc = HYPERVISOR_xen_version(XENVER_get_features, &fi);

    if (check_rc("xen_version.get_features", rc, 0)) {
        printk("# XENFEAT submap 0: %#x\n", fi.submap);
        check(fi.submap & (1u << XENFEAT_dom0), "xen_version.features_dom0",
              "submap %#x lacks XENFEAT_dom0 for the hardware domain", fi.submap);
        check(!(fi.submap & ((1u << XENFEAT_writable_page_tables) |
                             (1u << XENFEAT_auto_translated_physmap))),
              "xen_version.features_pv_mmu", "submap %#x claims a translated "
              "or writable-page-table MMU", fi.submap);
    }
    fi.submap_idx = XENFEAT_NR_SUBMAPS;
    check_rc("xen_version.get_features_bad_submap",
             HYPERVISOR_xen_version(XENVER_get_features, &fi), -XEN_EINVAL);
}

static void test_version_errors(void)
{
    check_rc("xen_version.unknown_cmd",
             HYPERVISOR_xen_version(XENVER_UNDEFINED, NULL), -XEN_ENOSYS);
    check_rc("xen_version.bad_pointer",
             HYPERVISOR_xen_version(XENVER_extraversion, (void *)BAD_PTR_UNMAPPED),
             -XEN_EFAULT);
    check_rc("xen_version.bad_pointer_hypervisor",
             HYPERVISOR_xen_version(XENVER_extraversion, (void *)BAD_PTR_HYPERVISOR),
             -XEN_EFAULT);
    check_rc("xen_version.bad_pointer_noncanonical",
             HYPERVISOR_xen_version(XENVER_extraversion,
                                    (void *)BAD_PTR_NONCANONICAL),
             -XEN_EFAULT);
}

void test_xen_version(void)
{
    test_version_number();
    test_version_strings();
    test_version_params();
    test_version_features();
    test_version_errors();
}
