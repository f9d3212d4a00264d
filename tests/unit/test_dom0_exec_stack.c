/*
 * tests/unit/test_dom0_exec_stack.c - the initial user stack of a new
 * program (dom0/kernel/exec_stack.c).
 *
 * Each stack is built into a host buffer standing for [top - cap, top)
 * and then walked as glibc's _start walks it: argc at sp, argv[] and its
 * NULL, envp[] and its NULL, auxv pairs up to AT_NULL.  Every pointer
 * found must land inside the image on a NUL-terminated string above the
 * tables.  The image lies between two guard areas in one malloc'd block:
 * a write just outside it spoils the guard pattern, one further off is
 * caught by ASan.
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
#include <linux/elf.h>
#include "../../dom0/kernel/exec_stack.h"
#include "dom0_fakes.h"

#define STACK_TOP       0x7ffffffff000UL
#define BIG_CAP         (1UL << 20)
#define GUARD_SIZE      64
#define GUARD_BYTE      0x5a
#define MANY_ARGS       10000
#define STRINGS_MAX     (MANY_ARGS * 16)

static const uint8_t test_random[16] = {
    0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
    0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10,
};

static const struct exec_aux test_aux[] = {
    { AT_PHDR, 0x400040 }, { AT_PAGESZ, 4096 }, { AT_ENTRY, 0x401000 },
    { AT_UID, 0 }, { AT_SECURE, 0 },
};

/* Argument and environment strings packed as exec.c packs them. */
struct strings {
    char buf[STRINGS_MAX];
    size_t len;
    const char *ptr[MANY_ARGS + 8];
    unsigned int argc, envc;
};

/* The stack image with a guard area on each side of it. */
struct image {
    uint8_t *raw;
    struct exec_stack st;
};

/* What _start found. */
struct walked {
    uint64_t argc;
    const char *argv[MANY_ARGS + 8], *envp[8];
    unsigned int envc;
    struct exec_aux aux[32];
    unsigned int nr_aux;
    uint64_t tables_end;            /* first byte above the AT_NULL pair */
};

static void strings_add(struct strings *s, const char *str)
{
    size_t n = strlen(str) + 1;

    assert_true(s->len + n <= sizeof(s->buf));
    memcpy(s->buf + s->len, str, n);
    s->ptr[s->argc + s->envc] = s->buf + s->len;
    s->len += n;
}

static void strings_set(struct strings *s, const char *const *argv, const char *const *envp)
{
    memset(s, 0, sizeof(*s));
    for (; argv && *argv; argv++, s->argc++)
        strings_add(s, *argv);
    for (; envp && *envp; envp++, s->envc++)
        strings_add(s, *envp);
}

static void image_alloc(struct image *img, size_t cap)
{
    img->raw = malloc(cap + 2 * GUARD_SIZE);
    assert_non_null(img->raw);
    memset(img->raw, GUARD_BYTE, cap + 2 * GUARD_SIZE);
    img->st = (struct exec_stack){ .image = img->raw + GUARD_SIZE, .cap = cap, .top = STACK_TOP };
}

static void assert_guards_intact(const struct image *img)
{
    const uint8_t *after = img->st.image + img->st.cap;

    for (size_t i = 0; i < GUARD_SIZE; i++) {
        assert_int_equal(img->raw[i], GUARD_BYTE);
        assert_int_equal(after[i], GUARD_BYTE);
    }
}

static uint64_t build(struct image *img, const struct strings *s, const char *execfn)
{
    struct exec_strings es = { s->buf, s->len, s->argc, s->envc };
    uint64_t sp = exec_stack_build(&img->st, &es, test_aux, ARRAY_SIZE(test_aux), execfn,
                                   test_random);

    assert_int_equal(fake_heap_live(), 0);
    return sp;
}

static void image_free(struct image *img)
{
    free(img->raw);
    img->raw = NULL;
}

static uint64_t image_bottom(const struct image *img)
{
    return img->st.top - img->st.cap;
}

static uint64_t word_at(const struct image *img, uint64_t addr)
{
    uint64_t v;

    assert_true(addr >= image_bottom(img) && addr + 8 <= img->st.top);
    memcpy(&v, img->st.image + (addr - image_bottom(img)), sizeof(v));
    return v;
}

/* The string a stack pointer points at, which must end inside the image. */
static const char *string_at(const struct image *img, uint64_t addr)
{
    const char *p;

    assert_true(addr >= image_bottom(img) && addr < img->st.top);
    p = (const char *)img->st.image + (addr - image_bottom(img));
    assert_non_null(memchr(p, '\0', img->st.top - addr));
    return p;
}

static void walk_vector(const struct image *img, uint64_t *w, const char **out, size_t max,
                        unsigned int *count)
{
    uint64_t ptr;

    for (*count = 0; (ptr = word_at(img, *w)) != 0; *w += 8, (*count)++) {
        assert_true(*count < max);
        out[*count] = string_at(img, ptr);
    }
    *w += 8;
}

/* _start's walk from sp: argc, argv, NULL, envp, NULL, auxv to AT_NULL. */
static void walk(const struct image *img, uint64_t sp, struct walked *out)
{
    uint64_t w = sp + 8;
    unsigned int argc;

    memset(out, 0, sizeof(*out));
    out->argc = word_at(img, sp);
    walk_vector(img, &w, out->argv, ARRAY_SIZE(out->argv), &argc);
    assert_int_equal(argc, out->argc);
    walk_vector(img, &w, out->envp, ARRAY_SIZE(out->envp), &out->envc);
    for (;; w += 16) {
        assert_true(out->nr_aux < ARRAY_SIZE(out->aux));
        out->aux[out->nr_aux] = (struct exec_aux){ word_at(img, w), word_at(img, w + 8) };
        if (out->aux[out->nr_aux++].key == AT_NULL)
            break;
    }
    out->tables_end = w + 16;
}

static uint64_t aux_value(const struct walked *wk, uint64_t key)
{
    for (unsigned int i = 0; i < wk->nr_aux; i++)
        if (wk->aux[i].key == key)
            return wk->aux[i].value;
    fail_msg("auxv has no key %lu", (unsigned long)key);
    return 0;
}

static int setup(void **state)
{
    (void)state;
    fake_process_reset();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    fake_heap_reset();
    return 0;
}

/* Builds s in a big image, walks it and checks every string and auxv entry. */
static uint64_t build_and_check(const struct strings *s, const char *execfn, struct walked *wk)
{
    struct image img;
    uint64_t sp;
    unsigned int i;

    image_alloc(&img, BIG_CAP);
    sp = build(&img, s, execfn);
    assert_int_not_equal(sp, 0);
    assert_int_equal(sp % 16, 0);
    walk(&img, sp, wk);
    assert_int_equal(wk->argc, s->argc);
    assert_int_equal(wk->envc, s->envc);
    for (i = 0; i < s->argc; i++)
        assert_string_equal(wk->argv[i], s->ptr[i]);
    for (i = 0; i < s->envc; i++)
        assert_string_equal(wk->envp[i], s->ptr[s->argc + i]);
    assert_memory_equal(string_at(&img, aux_value(wk, AT_RANDOM)), test_random, 16);
    assert_true(aux_value(wk, AT_RANDOM) + 16 <= img.st.top);
    assert_string_equal(string_at(&img, aux_value(wk, AT_PLATFORM)), "x86_64");
    assert_string_equal(string_at(&img, aux_value(wk, AT_EXECFN)), execfn);
    assert_guards_intact(&img);
    image_free(&img);
    return sp;
}

static void test_walks_like_glibc_start(void **state)
{
    static const char *const argv[] = { "ls", "-l", "/tmp", NULL };
    static const char *const envp[] = { "HOME=/", "PATH=/bin:/usr/bin", "TERM=linux", NULL };
    struct strings s;
    struct walked wk;

    (void)state;
    strings_set(&s, argv, envp);
    build_and_check(&s, "/bin/ls", &wk);
}

static void test_auxv_given_comes_first_in_order_then_the_three_added(void **state)
{
    static const char *const argv[] = { "true", NULL };
    const uint64_t added[] = { AT_RANDOM, AT_PLATFORM, AT_EXECFN, AT_NULL };
    struct strings s;
    struct walked wk;
    unsigned int i;

    (void)state;
    strings_set(&s, argv, NULL);
    build_and_check(&s, "/bin/true", &wk);
    assert_int_equal(wk.nr_aux, ARRAY_SIZE(test_aux) + ARRAY_SIZE(added));
    for (i = 0; i < ARRAY_SIZE(test_aux); i++) {
        assert_int_equal(wk.aux[i].key, test_aux[i].key);
        assert_int_equal(wk.aux[i].value, test_aux[i].value);
    }
    for (i = 0; i < ARRAY_SIZE(added); i++)
        assert_int_equal(wk.aux[ARRAY_SIZE(test_aux) + i].key, added[i]);
    assert_int_equal(wk.aux[wk.nr_aux - 1].value, 0);
}

/*
 * Linux's order from the top down: a zero word, execfn, the environment
 * and argument strings (argv[0] lowest, packed back to back), "x86_64",
 * the random bytes, then the tables.
 */
static void test_strings_packed_in_order_above_the_tables(void **state)
{
    static const char *const argv[] = { "sh", "-c", "echo hi", NULL };
    static const char *const envp[] = { "A=1", "B=22", NULL };
    struct strings s;
    struct walked wk;
    struct image img;
    uint64_t sp, addr[5], rnd, plat, fn;
    unsigned int i;

    (void)state;
    strings_set(&s, argv, envp);
    image_alloc(&img, BIG_CAP);
    sp = build(&img, &s, "/bin/sh");
    walk(&img, sp, &wk);
    for (i = 0; i < 5; i++)
        addr[i] = word_at(&img, sp + 8 + 8 * (i + (i >= 3)));
    for (i = 0; i + 1 < 5; i++)
        assert_int_equal(addr[i + 1], addr[i] + strlen(s.ptr[i]) + 1);
    rnd = aux_value(&wk, AT_RANDOM);
    plat = aux_value(&wk, AT_PLATFORM);
    fn = aux_value(&wk, AT_EXECFN);
    assert_true(wk.tables_end <= rnd);
    assert_int_equal(plat, rnd + 16);
    assert_int_equal(addr[0], plat + sizeof("x86_64"));
    assert_int_equal(fn, addr[4] + strlen(s.ptr[4]) + 1);
    assert_int_equal(img.st.top - 8, fn + sizeof("/bin/sh"));
    assert_int_equal(word_at(&img, img.st.top - 8), 0);
    image_free(&img);
}

static void test_empty_argv_and_envp(void **state)
{
    struct strings s;
    struct walked wk;

    (void)state;
    strings_set(&s, NULL, NULL);
    build_and_check(&s, "/sbin/init", &wk);
    assert_int_equal(wk.argc, 0);
    assert_int_equal(wk.envc, 0);
}

static void test_empty_strings_are_kept(void **state)
{
    static const char *const argv[] = { "", "x", "", NULL };
    static const char *const envp[] = { "", NULL };
    struct strings s;
    struct walked wk;

    (void)state;
    strings_set(&s, argv, envp);
    build_and_check(&s, "", &wk);
}

/* The table's length changes sp's alignment: every residue must round down to 16. */
static void test_sp_aligned_for_every_string_length(void **state)
{
    char arg[64];
    const char *argv[] = { "prog", arg, NULL };
    struct strings s;
    struct walked wk;

    (void)state;
    for (size_t n = 0; n < 40; n++) {
        memset(arg, 'a', n);
        arg[n] = '\0';
        strings_set(&s, argv, NULL);
        build_and_check(&s, "/p", &wk);
        strings_set(&s, argv, argv + 1);
        build_and_check(&s, "/p", &wk);
    }
}

/* The stack [sp, top) a big image gets, kept to compare smaller ones with. */
static uint8_t *reference_stack(const struct strings *s, uint64_t *sp)
{
    struct image img;
    uint8_t *copy;

    image_alloc(&img, BIG_CAP);
    *sp = build(&img, s, "/bin/prog");
    assert_int_not_equal(*sp, 0);
    copy = malloc(STACK_TOP - *sp);
    assert_non_null(copy);
    memcpy(copy, img.st.image + (*sp - image_bottom(&img)), STACK_TOP - *sp);
    image_free(&img);
    return copy;
}

static size_t size_for(const struct strings *s, const char *execfn)
{
    struct exec_strings es = { s->buf, s->len, s->argc, s->envc };

    return exec_stack_size(&es, ARRAY_SIZE(test_aux), execfn);
}

/*
 * Every cap from 0 up: too small gives 0 (E2BIG) without touching a byte
 * outside the image; from the first size that fits, the same stack as
 * with room to spare.  The first fit is at most 16 bytes past the stack
 * itself (the alignment the builder reserves), and exec_stack_size()
 * asks for no less than that and at most 16 bytes more.
 */
static void check_every_cap(const struct strings *s)
{
    uint64_t ref_sp, sp;
    uint8_t *ref = reference_stack(s, &ref_sp);
    size_t need = STACK_TOP - ref_sp, cap, first_fit = 0;
    struct image img;

    for (cap = 0; cap <= need + 32; cap++) {
        image_alloc(&img, cap);
        sp = build(&img, s, "/bin/prog");
        assert_guards_intact(&img);
        if (sp && !first_fit)
            first_fit = cap;
        if (first_fit) {
            assert_int_equal(sp, ref_sp);
            assert_memory_equal(img.st.image + (sp - image_bottom(&img)), ref, need);
        } else {
            assert_int_equal(sp, 0);
        }
        image_free(&img);
    }
    assert_true(first_fit >= need && first_fit <= need + 16);
    assert_true(size_for(s, "/bin/prog") >= first_fit);
    assert_true(size_for(s, "/bin/prog") <= first_fit + 16);
    free(ref);
}

static void test_too_small_image_fails_at_every_boundary(void **state)
{
    static const char *const argv[] = { "prog", "one", "two", NULL };
    static const char *const envp[] = { "K=V", "LONGER=some value", NULL };
    struct strings s;

    (void)state;
    strings_set(&s, argv, envp);
    check_every_cap(&s);
    strings_set(&s, NULL, NULL);
    check_every_cap(&s);
}

static void test_many_arguments(void **state)
{
    static struct strings s;
    static struct walked wk;
    char arg[32];

    (void)state;
    memset(&s, 0, sizeof(s));
    for (s.argc = 0; s.argc < MANY_ARGS; s.argc++) {
        snprintf(arg, sizeof(arg), "arg%u", s.argc);
        strings_add(&s, arg);
    }
    strings_add(&s, "LAST=env");
    s.envc = 1;
    build_and_check(&s, "/bin/many", &wk);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_walks_like_glibc_start, setup, teardown),
        cmocka_unit_test_setup_teardown(test_auxv_given_comes_first_in_order_then_the_three_added,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_strings_packed_in_order_above_the_tables, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_empty_argv_and_envp, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_strings_are_kept, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sp_aligned_for_every_string_length, setup, teardown),
        cmocka_unit_test_setup_teardown(test_too_small_image_fails_at_every_boundary, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_many_arguments, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
