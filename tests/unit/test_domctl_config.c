/*
 * tests/unit/test_domctl_config.c - createdomain's pure parts
 * (hypervisor/common/domctl_config.c): Xen's domid allocation (a
 * requested id or the rover, wrapping below DOMID_FIRST_RESERVED, and
 * the errors when the id or every id is taken) and the configuration
 * check with Xen 4.17's errno for each feature minixen lacks.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include <minixen/domctl_config.h>
#include <public/errno.h>

static bool used[DOMID_FIRST_RESERVED];

static bool in_use(domid_t id)
{
    assert_true(id > 0 && id < DOMID_FIRST_RESERVED);  /* never a reserved id */
    return used[id];
}

static int setup(void **state)
{
    (void)state;
    memset(used, 0, sizeof(used));
    return 0;
}

static void test_rover_starts_at_one_and_moves_on(void **state)
{
    domid_t rover = 0;

    (void)state;
    assert_int_equal(domid_pick(0, &rover, in_use), 1);
    used[1] = true;
    assert_int_equal(domid_pick(0, &rover, in_use), 2);
    used[2] = true;
    used[1] = false;        /* freed ids are not reused until the rover wraps */
    assert_int_equal(domid_pick(0, &rover, in_use), 3);
}

static void test_reserved_request_means_any(void **state)
{
    domid_t rover = 0;

    (void)state;
    assert_int_equal(domid_pick(DOMID_FIRST_RESERVED, &rover, in_use), 1);
    assert_int_equal(domid_pick(DOMID_SELF, &rover, in_use), 2);
    assert_int_equal(domid_pick(0xffff, &rover, in_use), 3);
}

static void test_rover_skips_used_and_wraps(void **state)
{
    domid_t rover = DOMID_FIRST_RESERVED - 2;

    (void)state;
    used[DOMID_FIRST_RESERVED - 1] = true;
    used[1] = true;
    assert_int_equal(domid_pick(0, &rover, in_use), 2);
    assert_int_equal(rover, 2);
}

static void test_requested_id(void **state)
{
    domid_t rover = 0;

    (void)state;
    assert_int_equal(domid_pick(42, &rover, in_use), 42);
    assert_int_equal(rover, 0);         /* a requested id leaves the rover */
    used[42] = true;
    assert_int_equal(domid_pick(42, &rover, in_use), -XEN_EEXIST);
}

static void test_all_ids_used(void **state)
{
    domid_t rover = 0;
    unsigned int i;

    (void)state;
    for (i = 1; i < DOMID_FIRST_RESERVED; i++)
        used[i] = true;
    assert_int_equal(domid_pick(0, &rover, in_use), -XEN_ENOMEM);
    used[777] = false;
    assert_int_equal(domid_pick(0, &rover, in_use), 777);
}

static struct xen_domctl_createdomain pv_config(void)
{
    return (struct xen_domctl_createdomain){ .max_vcpus = 1, .max_evtchn_port = 1023,
                                             .max_grant_frames = -1,
                                             .max_maptrack_frames = -1 };
}

static void test_plain_pv_accepted(void **state)
{
    struct xen_domctl_createdomain c = pv_config();

    (void)state;
    assert_int_equal(createdomain_config_check(&c), 0);
    c.flags = XEN_DOMCTL_CDF_xs_domain | XEN_DOMCTL_CDF_oos_off;
    c.arch.emulation_flags = XEN_X86_EMU_PIT;
    c.arch.misc_flags = XEN_X86_MSR_RELAXED;
    c.grant_opts = 2;
    assert_int_equal(createdomain_config_check(&c), 0);
}

static void test_flags_refused(void **state)
{
    static const uint32_t bad[] = { XEN_DOMCTL_CDF_hvm, XEN_DOMCTL_CDF_hap,
                                    XEN_DOMCTL_CDF_iommu, XEN_DOMCTL_CDF_nested_virt,
                                    XEN_DOMCTL_CDF_vpmu, 1u << 8, 1u << 31 };
    struct xen_domctl_createdomain c = pv_config();
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        c.flags = bad[i];
        assert_int_equal(createdomain_config_check(&c), -XEN_EINVAL);
    }
}

static void test_limits_refused(void **state)
{
    struct xen_domctl_createdomain c;

    (void)state;
    c = pv_config(); c.max_vcpus = 0;
    assert_int_equal(createdomain_config_check(&c), -XEN_EINVAL);
    c = pv_config(); c.max_vcpus = CREATEDOMAIN_MAX_VCPUS + 1;
    assert_int_equal(createdomain_config_check(&c), -XEN_EINVAL);
    c = pv_config(); c.max_vcpus = CREATEDOMAIN_MAX_VCPUS;
    assert_int_equal(createdomain_config_check(&c), 0);
    c = pv_config(); c.iommu_opts = XEN_DOMCTL_IOMMU_no_sharept;
    assert_int_equal(createdomain_config_check(&c), -XEN_EINVAL);
    c = pv_config(); c.vmtrace_size = 4096;
    assert_int_equal(createdomain_config_check(&c), -XEN_EINVAL);
    c = pv_config(); c.grant_opts = 3;
    assert_int_equal(createdomain_config_check(&c), -XEN_EINVAL);
    c = pv_config(); c.grant_opts = 0x10;
    assert_int_equal(createdomain_config_check(&c), -XEN_EINVAL);
    c = pv_config(); c.arch.misc_flags = 2;
    assert_int_equal(createdomain_config_check(&c), -XEN_EINVAL);
}

static void test_arch_and_pool_refused(void **state)
{
    struct xen_domctl_createdomain c = pv_config();

    (void)state;
    c.arch.emulation_flags = XEN_X86_EMU_LAPIC | XEN_X86_EMU_PIT;
    assert_int_equal(createdomain_config_check(&c), -XEN_EOPNOTSUPP);
    c = pv_config();
    c.cpupool_id = 1;
    assert_int_equal(createdomain_config_check(&c), -XEN_ENOENT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_rover_starts_at_one_and_moves_on, setup),
        cmocka_unit_test_setup(test_reserved_request_means_any, setup),
        cmocka_unit_test_setup(test_rover_skips_used_and_wraps, setup),
        cmocka_unit_test_setup(test_requested_id, setup),
        cmocka_unit_test_setup(test_all_ids_used, setup),
        cmocka_unit_test(test_plain_pv_accepted),
        cmocka_unit_test(test_flags_refused),
        cmocka_unit_test(test_limits_refused),
        cmocka_unit_test(test_arch_and_pool_refused),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
