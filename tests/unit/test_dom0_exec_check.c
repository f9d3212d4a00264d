/*
 * tests/unit/test_dom0_exec_check.c - execve's checks on a file
 * (dom0/kernel/exec_check.c: the ELF header, PT_LOAD segments, the PIE
 * span, the PT_INTERP length, the #! line) and its argument buffer
 * (dom0/kernel/exec_args.c: argv and envp from user memory, a script's
 * argv rewritten for its interpreter).  The expected answers are Linux's
 * (fs/binfmt_elf.c, fs/binfmt_script.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include <kernel/kernel.h>
#include <kernel/vm.h>
#include <linux/elf.h>
#include <linux/errno.h>
#include <linux/mman.h>
#include "../../dom0/kernel/exec_check.h"
#include "../../dom0/kernel/exec.h"
#include "dom0_fakes.h"

#define PIE_BASE        0x555555554000UL
#define SHEBANG_READ    SHEBANG_READ_MAX

static int setup(void **state)
{
    (void)state;
    fake_process_reset();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    assert_int_equal(fake_heap_live(), 0);
    fake_heap_reset();
    return 0;
}

/* ---- The ELF header ---- */

static struct elf64_ehdr good_ehdr(uint16_t type)
{
    struct elf64_ehdr e;

    memset(&e, 0, sizeof(e));
    memcpy(e.e_ident, "\177ELF\2\1\1", 7);
    e.e_type = type;
    e.e_machine = EM_X86_64;
    e.e_version = 1;
    e.e_entry = 0x401000;
    e.e_phoff = sizeof(e);
    e.e_ehsize = sizeof(e);
    e.e_phentsize = sizeof(struct elf64_phdr);
    e.e_phnum = 9;
    return e;
}

static void test_ehdr_accepts_et_exec_and_et_dyn(void **state)
{
    struct elf64_ehdr e = good_ehdr(ET_EXEC);

    (void)state;
    assert_int_equal(elf_check_ehdr(&e), 0);
    e = good_ehdr(ET_DYN);
    assert_int_equal(elf_check_ehdr(&e), 0);
}

static void test_ehdr_rejects_each_bad_magic_byte(void **state)
{
    for (int i = 0; i < 4; i++) {
        struct elf64_ehdr e = good_ehdr(ET_EXEC);

        e.e_ident[i] ^= 0x20;
        assert_int_equal(elf_check_ehdr(&e), -ENOEXEC);
    }
    (void)state;
}

static void test_ehdr_rejects_32_bit_class_and_big_endian_data(void **state)
{
    const uint8_t classes[] = { 0, 1, 3 }, datas[] = { 0, 2, 3 };
    struct elf64_ehdr e;

    (void)state;
    for (size_t i = 0; i < sizeof(classes); i++) {
        e = good_ehdr(ET_EXEC);
        e.e_ident[4] = classes[i];
        assert_int_equal(elf_check_ehdr(&e), -ENOEXEC);
    }
    for (size_t i = 0; i < sizeof(datas); i++) {
        e = good_ehdr(ET_EXEC);
        e.e_ident[5] = datas[i];
        assert_int_equal(elf_check_ehdr(&e), -ENOEXEC);
    }
}

static void test_ehdr_rejects_rel_core_and_other_types(void **state)
{
    const uint16_t types[] = { 0, 1, 4, 0xfe00, 0xffff };

    (void)state;
    for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
        struct elf64_ehdr e = good_ehdr(types[i]);
        assert_int_equal(elf_check_ehdr(&e), -ENOEXEC);
    }
}

static void test_ehdr_rejects_other_machines(void **state)
{
    const uint16_t machines[] = { 0, 3 /* i386 */, 40 /* ARM */, 183 /* AArch64 */ };

    (void)state;
    for (size_t i = 0; i < ARRAY_SIZE(machines); i++) {
        struct elf64_ehdr e = good_ehdr(ET_EXEC);
        e.e_machine = machines[i];
        assert_int_equal(elf_check_ehdr(&e), -ENOEXEC);
    }
}

static void test_ehdr_rejects_phentsize_other_than_56(void **state)
{
    const uint16_t sizes[] = { 0, 32, 55, 57, 64 };

    (void)state;
    for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
        struct elf64_ehdr e = good_ehdr(ET_DYN);
        e.e_phentsize = sizes[i];
        assert_int_equal(elf_check_ehdr(&e), -ENOEXEC);
    }
}

static void test_ehdr_phnum_from_1_to_64(void **state)
{
    struct elf64_ehdr e = good_ehdr(ET_EXEC);

    (void)state;
    e.e_phnum = 0;
    assert_int_equal(elf_check_ehdr(&e), -ENOEXEC);
    e.e_phnum = 1;
    assert_int_equal(elf_check_ehdr(&e), 0);
    e.e_phnum = ELF_PHDRS_MAX;
    assert_int_equal(elf_check_ehdr(&e), 0);
    e.e_phnum = ELF_PHDRS_MAX + 1;
    assert_int_equal(elf_check_ehdr(&e), -ENOEXEC);
    e.e_phnum = 0xffff;                 /* PN_XNUM: more in section 0, not supported */
    assert_int_equal(elf_check_ehdr(&e), -ENOEXEC);
}

/* ---- Segments ---- */

static struct elf64_phdr load(uint64_t vaddr, uint64_t offset, uint64_t filesz, uint64_t memsz)
{
    return (struct elf64_phdr){
        .p_type = PT_LOAD, .p_flags = PF_R, .p_offset = offset, .p_vaddr = vaddr,
        .p_paddr = vaddr, .p_filesz = filesz, .p_memsz = memsz, .p_align = PAGE_SIZE,
    };
}

static void test_seg_accepts_a_text_and_a_bss_segment(void **state)
{
    struct elf64_phdr text = load(0x401000, 0x1000, 0x2345, 0x2345);
    struct elf64_phdr data = load(0x404e10, 0x3e10, 0x200, 0x5000);
    struct elf64_phdr bss_only = load(0x410000, 0, 0, 0x1000);

    (void)state;
    assert_true(elf_seg_sane(&text, 0));
    assert_true(elf_seg_sane(&data, 0));
    assert_true(elf_seg_sane(&bss_only, 0));
}

static void test_seg_rejects_filesz_over_memsz(void **state)
{
    struct elf64_phdr ph = load(0x401000, 0x1000, 0x1001, 0x1000);

    (void)state;
    assert_false(elf_seg_sane(&ph, 0));
    ph.p_filesz = 0x1000;
    assert_true(elf_seg_sane(&ph, 0));
}

/* vaddr and offset must agree mod the page size (they need not be aligned). */
static void test_seg_rejects_vaddr_and_offset_apart_mod_page(void **state)
{
    struct elf64_phdr congruent = load(0x401234, 0x234, 0x10, 0x10);
    struct elf64_phdr off_by_16 = load(0x401010, 0, 0x10, 0x10);
    struct elf64_phdr half_page = load(0x401000, 0x800, 0x10, 0x10);

    (void)state;
    assert_true(elf_seg_sane(&congruent, 0));
    assert_false(elf_seg_sane(&off_by_16, 0));
    assert_false(elf_seg_sane(&half_page, 0));
}

static void test_seg_rejects_addresses_below_mmap_min_addr(void **state)
{
    struct elf64_phdr low = load(USER_MMAP_BOTTOM - PAGE_SIZE, 0, 0x10, 0x10);
    struct elf64_phdr lowest = load(USER_MMAP_BOTTOM, 0, 0x10, 0x10);
    struct elf64_phdr zero = load(0, 0, 0x10, 0x10);

    (void)state;
    assert_false(elf_seg_sane(&low, 0));
    assert_true(elf_seg_sane(&lowest, 0));
    assert_false(elf_seg_sane(&zero, 0));
    assert_true(elf_seg_sane(&zero, PIE_BASE));
}

static void test_seg_rejects_addresses_past_user_space(void **state)
{
    struct elf64_phdr last_ok = load(USER_TOP - 2 * PAGE_SIZE, 0, 0x10, PAGE_SIZE);
    struct elf64_phdr to_top = load(USER_TOP - PAGE_SIZE, 0, 0x10, PAGE_SIZE);
    struct elf64_phdr kernel = load(0xffffffff80000000UL, 0, 0x10, 0x10);
    struct elf64_phdr huge = load(0x400000, 0, 0, USER_TOP);

    (void)state;
    assert_true(elf_seg_sane(&last_ok, 0));
    assert_false(elf_seg_sane(&to_top, 0));
    assert_false(elf_seg_sane(&kernel, 0));
    assert_false(elf_seg_sane(&huge, 0));
    assert_false(elf_seg_sane(&last_ok, PIE_BASE));
}

static void test_seg_rejects_wrapping_addresses(void **state)
{
    struct elf64_phdr wraps = load(UINT64_MAX - PAGE_SIZE + 1, 0, 0x10, 2 * PAGE_SIZE);
    struct elf64_phdr huge_memsz = load(0x400000, 0, 0x10, UINT64_MAX);
    struct elf64_phdr huge_offset = load(0x400000, 1UL << 40, 0x10, 0x10);

    (void)state;
    assert_false(elf_seg_sane(&wraps, 0));
    assert_false(elf_seg_sane(&huge_memsz, 0));
    assert_false(elf_seg_sane(&huge_offset, 0));
}

/*
 * A PIE's p_vaddr that only lands in user space because base + p_vaddr
 * wraps (here to just below the base) would be mapped outside the span
 * reserved for the image.  Linux checks the unbiased p_vaddr too.
 */
static void test_seg_rejects_pie_vaddr_wrapping_below_base(void **state)
{
    struct elf64_phdr below = load(-PAGE_SIZE, 0, 0x10, PAGE_SIZE);

    (void)state;
    assert_false(elf_seg_sane(&below, PIE_BASE));
}

static void test_seg_prot_follows_pf_flags(void **state)
{
    struct elf64_phdr ph = load(0x400000, 0, 0, 0);

    (void)state;
    for (uint32_t f = 0; f < 8; f++) {
        uint32_t want = (f & PF_R ? PROT_READ : 0) | (f & PF_W ? PROT_WRITE : 0) |
                        (f & PF_X ? PROT_EXEC : 0);
        ph.p_flags = f | 0xf0000000;    /* processor-specific bits are ignored */
        assert_int_equal(elf_seg_prot(&ph), want);
    }
}

static void test_pie_span_covers_the_loads_rounded_to_pages(void **state)
{
    struct elf64_phdr ph[] = {
        { .p_type = PT_PHDR, .p_vaddr = 0x40, .p_memsz = 0x1f8 },
        load(0, 0, 0x1234, 0x1234),
        { .p_type = PT_INTERP, .p_vaddr = 0x7fff00000000UL, .p_memsz = 0x1c },
        load(0x3e10, 0x2e10, 0x200, 0x500),
        { .p_type = PT_GNU_STACK },
    };

    (void)state;
    assert_int_equal(elf_load_span(ph, ARRAY_SIZE(ph)), 0x5000);
    assert_int_equal(elf_load_span(ph, 2), 0x2000);
}

static void test_pie_span_starts_at_the_lowest_page(void **state)
{
    struct elf64_phdr ph[] = { load(0x1800, 0x800, 0x10, 0x10), load(0x2000, 0x1000, 0, 0x1) };

    (void)state;
    assert_int_equal(elf_load_span(ph, ARRAY_SIZE(ph)), 0x2000);
}

static void test_pie_span_without_loads_is_0(void **state)
{
    struct elf64_phdr ph[] = { { .p_type = PT_INTERP, .p_memsz = 0x1c }, { .p_type = PT_GNU_STACK } };

    (void)state;
    assert_int_equal(elf_load_span(ph, ARRAY_SIZE(ph)), 0);
    assert_int_equal(elf_load_span(ph, 0), 0);
}

static void test_interp_length_from_2_to_256(void **state)
{
    (void)state;
    assert_false(elf_interp_len_ok(0));
    assert_false(elf_interp_len_ok(1));
    assert_true(elf_interp_len_ok(2));
    assert_true(elf_interp_len_ok(sizeof("/lib64/ld-linux-x86-64.so.2")));
    assert_true(elf_interp_len_ok(INTERP_PATH_MAX));
    assert_false(elf_interp_len_ok(INTERP_PATH_MAX + 1));
    assert_false(elf_interp_len_ok(UINT64_MAX));
}

/* ---- The #! line ---- */

struct shebang {
    char line[INTERP_PATH_MAX];
    char *interp, *arg;
};

/* Parses the first n bytes of text as exec.c does: at most SHEBANG_READ of them. */
static long parse_n(struct shebang *sb, const char *text, size_t n)
{
    assert_true(n <= SHEBANG_READ);
    memcpy(sb->line, text, n);
    sb->interp = sb->arg = (char *)"untouched";
    return shebang_parse(sb->line, n, &sb->interp, &sb->arg);
}

static long parse(struct shebang *sb, const char *text)
{
    return parse_n(sb, text, strlen(text));
}

static void assert_shebang(const char *text, const char *interp, const char *arg)
{
    struct shebang sb;

    assert_int_equal(parse(&sb, text), 0);
    assert_string_equal(sb.interp, interp);
    if (arg)
        assert_string_equal(sb.arg, arg);
    else
        assert_null(sb.arg);
}

static void test_shebang_interpreter_alone(void **state)
{
    (void)state;
    assert_shebang("#!/bin/sh\necho hi\n", "/bin/sh", NULL);
    assert_shebang("#!/bin/sh   \n", "/bin/sh", NULL);
}

static void test_shebang_spaces_before_interpreter_and_one_argument(void **state)
{
    (void)state;
    assert_shebang("#! /bin/sh -e\nset -x\n", "/bin/sh", "-e");
    assert_shebang("#!   /bin/sh    -e\n", "/bin/sh", "-e");
}

/* Everything after the interpreter is one argument, as on Linux. */
static void test_shebang_rest_of_line_is_one_argument(void **state)
{
    (void)state;
    assert_shebang("#!/usr/bin/env python3 -u\nprint(1)\n", "/usr/bin/env", "python3 -u");
    assert_shebang("#!/bin/awk -f -v x=1\n", "/bin/awk", "-f -v x=1");
}

static void test_shebang_tabs_separate_like_spaces(void **state)
{
    (void)state;
    assert_shebang("#!\t/bin/sh\t-x\n", "/bin/sh", "-x");
    assert_shebang("#!/bin/sh\t \t-x\ty\n", "/bin/sh", "-x\ty");
}

/* Linux trims spaces and tabs at the end of the line off the argument. */
static void test_shebang_trailing_blanks_are_not_part_of_the_argument(void **state)
{
    (void)state;
    assert_shebang("#!/bin/sh -e  \n", "/bin/sh", "-e");
    assert_shebang("#!/bin/sh -e\t\n", "/bin/sh", "-e");
}

/* A carriage return is no blank: Linux runs "/bin/sh\r" (and fails). */
static void test_shebang_crlf_keeps_the_carriage_return(void **state)
{
    (void)state;
    assert_shebang("#!/bin/sh\r\n", "/bin/sh\r", NULL);
}

static void test_shebang_without_interpreter_is_enoexec(void **state)
{
    const char *const bad[] = { "#!\n", "#!   \n", "#!\t\t\n", "#!\nexec /bin/sh\n", "#!  " };
    struct shebang sb;

    (void)state;
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
        assert_int_equal(parse(&sb, bad[i]), -ENOEXEC);
    assert_int_equal(parse(&sb, "#!"), -ENOEXEC);
}

static void test_not_a_shebang_is_enoexec(void **state)
{
    const char *const bad[] = { "", "#", "#x/bin/sh\n", "!#/bin/sh\n", " #!/bin/sh\n",
                                "\177ELF\2\1\1" };
    struct shebang sb;

    (void)state;
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
        assert_int_equal(parse(&sb, bad[i]), -ENOEXEC);
}

/* A whole file shorter than the read with no newline at all: Linux runs it. */
static void test_shebang_file_without_newline(void **state)
{
    (void)state;
    assert_shebang("#!/bin/sh", "/bin/sh", NULL);
    assert_shebang("#!/bin/sh -e", "/bin/sh", "-e");
}

/*
 * No newline within the bytes read: the interpreter's name must end
 * inside them (Linux never runs a truncated path); the argument may be
 * cut, the interpreter reads the script itself.
 */
static void test_shebang_longer_than_the_read(void **state)
{
    char text[SHEBANG_READ];
    struct shebang sb;

    (void)state;
    memset(text, 'a', sizeof(text));
    memcpy(text, "#!/", 3);
    assert_int_equal(parse_n(&sb, text, sizeof(text)), -ENOEXEC);
    memcpy(text, "#!/bin/sh ", 10);
    assert_int_equal(parse_n(&sb, text, sizeof(text)), 0);
    assert_string_equal(sb.interp, "/bin/sh");
    assert_int_equal(strlen(sb.arg), sizeof(text) - 10);
}

/* ---- The argument buffer ---- */

static void args_set(struct exec_args *a, const char *const *argv, const char *const *envp)
{
    memset(a, 0, sizeof(*a));
    a->buf = kmalloc(4096);
    a->cap = 4096;
    for (; argv && *argv; argv++, a->argc++) {
        strcpy(a->buf + a->len, *argv);
        a->len += strlen(*argv) + 1;
    }
    for (; envp && *envp; envp++, a->envc++) {
        strcpy(a->buf + a->len, *envp);
        a->len += strlen(*envp) + 1;
    }
}

/* The buffer holds exactly these strings, argv then envp. */
static void assert_args(const struct exec_args *a, const char *const *argv, const char *const *envp)
{
    size_t off = 0;
    unsigned int n;

    for (n = 0; argv[n]; n++, off += strlen(argv[n - 1]) + 1) {
        assert_true(off < a->len);
        assert_string_equal(a->buf + off, argv[n]);
    }
    assert_int_equal(a->argc, n);
    for (n = 0; envp[n]; n++, off += strlen(envp[n - 1]) + 1) {
        assert_true(off < a->len);
        assert_string_equal(a->buf + off, envp[n]);
    }
    assert_int_equal(a->envc, n);
    assert_int_equal(a->len, off);
}

static void test_script_argv_interp_path_then_old_args(void **state)
{
    const char *const argv[] = { "./run.sh", "one", "two", NULL };
    const char *const envp[] = { "HOME=/", "TERM=linux", NULL };
    const char *const want[] = { "/bin/sh", "/tmp/run.sh", "one", "two", NULL };
    struct exec_args a;

    (void)state;
    args_set(&a, argv, envp);
    assert_int_equal(exec_script_args(&a, "/bin/sh", NULL, "/tmp/run.sh"), 0);
    assert_args(&a, want, envp);
    exec_args_free(&a);
}

static void test_script_argv_with_the_interpreter_argument(void **state)
{
    const char *const argv[] = { "x.py", "--flag", NULL };
    const char *const envp[] = { "PATH=/bin", NULL };
    const char *const want[] = { "/usr/bin/env", "python3 -u", "/x.py", "--flag", NULL };
    struct exec_args a;

    (void)state;
    args_set(&a, argv, envp);
    assert_int_equal(exec_script_args(&a, "/usr/bin/env", "python3 -u", "/x.py"), 0);
    assert_args(&a, want, envp);
    exec_args_free(&a);
}

/* With no argv[0] to replace the path is still passed, the environment kept. */
static void test_script_argv_from_an_empty_argv(void **state)
{
    const char *const argv[] = { NULL };
    const char *const envp[] = { "A=1", NULL };
    const char *const want[] = { "/bin/sh", "/s", NULL };
    struct exec_args a;

    (void)state;
    args_set(&a, argv, envp);
    assert_int_equal(exec_script_args(&a, "/bin/sh", NULL, "/s"), 0);
    assert_args(&a, want, envp);
    exec_args_free(&a);
    args_set(&a, argv, argv);
    assert_int_equal(exec_script_args(&a, "/bin/sh", NULL, "/s"), 0);
    assert_args(&a, want, argv);
    exec_args_free(&a);
}

/* execve(script, NULL, NULL): the buffer exec_args_from_user leaves is empty, NULL. */
static void test_script_argv_from_null_argv_and_envp(void **state)
{
    const char *const none[] = { NULL };
    const char *const want[] = { "/bin/sh", "/s", NULL };
    struct exec_args a;

    (void)state;
    assert_int_equal(exec_args_from_user(&a, 0, 0), 0);
    assert_null(a.buf);
    assert_int_equal(exec_script_args(&a, "/bin/sh", NULL, "/s"), 0);
    assert_args(&a, want, none);
    exec_args_free(&a);
}

static void test_script_argv_too_big_is_e2big_and_keeps_the_old(void **state)
{
    struct exec_args a = { 0 };
    char *old;

    (void)state;
    a.cap = a.len = ARG_BYTES_MAX - 4;
    a.buf = kmalloc(a.cap);
    memset(a.buf, 'x', a.len);
    a.buf[0] = a.buf[a.len - 1] = '\0';
    a.argc = 2;
    old = a.buf;
    assert_int_equal(exec_script_args(&a, "/bin/sh", NULL, "/s"), -E2BIG);
    assert_ptr_equal(a.buf, old);
    assert_int_equal(a.argc, 2);
    assert_int_equal(fake_heap_live(), 1);
    exec_args_free(&a);
}

/* The vectors are static: the host stack lies in the fakes' faulting range. */
static void test_args_from_user_copies_argv_and_envp(void **state)
{
    static const char *argv[] = { "ls", "-l", NULL }, *envp[] = { "X=y", NULL };
    struct exec_args a;

    (void)state;
    assert_int_equal(exec_args_from_user(&a, U(argv), U(envp)), 0);
    assert_args(&a, argv, envp);
    exec_args_free(&a);
    assert_int_equal(exec_args_from_user(&a, 0, 0), 0);
    assert_int_equal(a.argc + a.envc, 0);
    exec_args_free(&a);
}

static void test_args_from_user_faults_free_everything(void **state)
{
    static const char *argv[] = { "ls", (const char *)BAD_UPTR, NULL }, *envp[] = { NULL };
    struct exec_args a;

    (void)state;
    assert_int_equal(exec_args_from_user(&a, U(argv), U(envp)), -EFAULT);
    assert_null(a.buf);
    assert_int_equal(exec_args_from_user(&a, U(envp), BAD_UPTR), -EFAULT);
    assert_null(a.buf);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_ehdr_accepts_et_exec_and_et_dyn),
        T(test_ehdr_rejects_each_bad_magic_byte),
        T(test_ehdr_rejects_32_bit_class_and_big_endian_data),
        T(test_ehdr_rejects_rel_core_and_other_types),
        T(test_ehdr_rejects_other_machines),
        T(test_ehdr_rejects_phentsize_other_than_56),
        T(test_ehdr_phnum_from_1_to_64),
        T(test_seg_accepts_a_text_and_a_bss_segment),
        T(test_seg_rejects_filesz_over_memsz),
        T(test_seg_rejects_vaddr_and_offset_apart_mod_page),
        T(test_seg_rejects_addresses_below_mmap_min_addr),
        T(test_seg_rejects_addresses_past_user_space),
        T(test_seg_rejects_wrapping_addresses),
        T(test_seg_rejects_pie_vaddr_wrapping_below_base),
        T(test_seg_prot_follows_pf_flags),
        T(test_pie_span_covers_the_loads_rounded_to_pages),
        T(test_pie_span_starts_at_the_lowest_page),
        T(test_pie_span_without_loads_is_0),
        T(test_interp_length_from_2_to_256),
        T(test_shebang_interpreter_alone),
        T(test_shebang_spaces_before_interpreter_and_one_argument),
        T(test_shebang_rest_of_line_is_one_argument),
        T(test_shebang_tabs_separate_like_spaces),
        T(test_shebang_trailing_blanks_are_not_part_of_the_argument),
        T(test_shebang_crlf_keeps_the_carriage_return),
        T(test_shebang_without_interpreter_is_enoexec),
        T(test_not_a_shebang_is_enoexec),
        T(test_shebang_file_without_newline),
        T(test_shebang_longer_than_the_read),
        T(test_script_argv_interp_path_then_old_args),
        T(test_script_argv_with_the_interpreter_argument),
        T(test_script_argv_from_an_empty_argv),
        T(test_script_argv_from_null_argv_and_envp),
        T(test_script_argv_too_big_is_e2big_and_keeps_the_old),
        T(test_args_from_user_copies_argv_and_envp),
        T(test_args_from_user_faults_free_everything),
    };
#undef T

    return cmocka_run_group_tests(tests, NULL, NULL);
}
