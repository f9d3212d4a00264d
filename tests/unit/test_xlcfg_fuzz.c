/*
 * tests/unit/test_xlcfg_fuzz.c - the xl.cfg reader under random
 * mutations of valid configs (a fixed seed, so a failure repeats), run
 * under AddressSanitizer and UBSan: every input either parses with no
 * error, or is refused with exactly one line naming the source; every
 * getter on every key it produced answers without a crash, and so does
 * xl's domain-config reader (tools/xl/xl_parse.c).  Bounded by a count
 * and by time.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "xl_parse.h"
#include "xlcfg.h"

#define FUZZ_SEED       0x6d696e69u
#define FUZZ_ROUNDS     300000
#define FUZZ_SECONDS    60
#define FUZZ_MAX_BYTES  4096

static const char *const seeds[] = {
    "name = \"guest\"\nmemory = 64\nkernel = '/opt/guests/hello'\n",
    "# c\nname='a'; vcpus=2\nextra = \"console=hvc0 \\x41\\101\"\n"
    "on_crash = 'preserve'\n",
    "disk = [ 'phy:/dev/a,xvda,w',\n  \"file:/b\", ]\nvif = []\n"
    "nested = [[1,2],[ ],'x']\n",
    "extra = 'a'\nextra += 'b'\nlist = ['x']\nlist += ['y']\nn = 0x10\n",
    "name = 'q\\'s\\\\\\n'\n\n\n;;maxmem=128 # trailing\n",
    "name='web1'\nkernel='/k'\nmemory=64\nmaxmem=64\nvcpus=1\nroot='/dev/a'\n"
    "extra='x'\non_reboot='rename-restart'\ntype='pv'\nvif=['a']\n",
};

/* Bytes that matter to the lexer, favoured by the mutator. */
static const char special[] = "=+[],;#'\"\\\n \t\rax0x9_-\x01\xff";

static unsigned int rng_state = FUZZ_SEED;

static unsigned int rng(void)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return rng_state >> 8;
}

static char random_byte(void)
{
    if (rng() % 4)
        return special[rng() % (sizeof(special) - 1)];
    return (char)(rng() % 256);
}

/* One random edit of buf (len bytes, room for FUZZ_MAX_BYTES). */
static size_t mutate_once(char *buf, size_t len)
{
    size_t at = len ? rng() % len : 0, n = 1 + rng() % 8;

    switch (rng() % 5) {
    case 0:                         /* replace a byte */
        if (len)
            buf[at] = random_byte();
        return len;
    case 1:                         /* insert a byte */
        if (len + 1 > FUZZ_MAX_BYTES)
            return len;
        memmove(buf + at + 1, buf + at, len - at);
        buf[at] = random_byte();
        return len + 1;
    case 2:                         /* delete a run */
        if (at + n > len)
            n = len - at;
        memmove(buf + at, buf + at + n, len - at - n);
        return len - n;
    case 3:                         /* duplicate a run */
        if (at + n > len || len + n > FUZZ_MAX_BYTES)
            return len;
        memmove(buf + at + n, buf + at, len - at);
        return len + n;
    default:                        /* cut the end off */
        return at;
    }
}

static void check_error_line(const struct xlcfg *cfg)
{
    const char *e = xlcfg_error(cfg);

    assert_true(e[0] != '\0');
    assert_null(strchr(e, '\n'));
    assert_true(strncmp(e, "vm.cfg", 6) == 0);
}

/* Every getter on every key: each answers 0, -ESRCH or -EINVAL. */
static void exercise_getters(struct xlcfg *cfg)
{
    for (const struct xlcfg_setting *s = cfg->settings; s; s = s->next) {
        const struct xlcfg_value *list;
        const char *str;
        long n;
        bool b;
        int rc;

        rc = xlcfg_get_string(cfg, s->name, &str);
        assert_true(rc == 0 || rc == -EINVAL);
        rc = xlcfg_get_long(cfg, s->name, -100, 100, &n);
        assert_true(rc == 0 || rc == -EINVAL);
        if (rc)
            check_error_line(cfg);
        rc = xlcfg_get_bool(cfg, s->name, &b);
        assert_true(rc == 0 || rc == -EINVAL);
        rc = xlcfg_get_list(cfg, s->name, &list);
        assert_true(rc == 0 || rc == -EINVAL);
        if (!rc && list->nr_items)
            (void)xlcfg_list_string(list, rng() % (list->nr_items + 1));
    }
}

/* The domain reader accepts the config or refuses it in one line. */
static void exercise_domain_config(struct xlcfg *cfg, unsigned int *built)
{
    static struct xl_domain_config dc;
    FILE *devnull = fopen("/dev/null", "w");
    int rc = xl_parse_domain_config(cfg, "vm.cfg", &dc, devnull);

    fclose(devnull);
    if (rc == 0) {
        assert_true(dc.name[0] && dc.kernel[0]);
        assert_true(dc.max_memkb >= dc.target_memkb);
        (*built)++;
        return;
    }
    assert_int_equal(rc, -EINVAL);
    check_error_line(cfg);
}

static void run_one(const char *buf, size_t len, unsigned int *parsed,
                    unsigned int *built)
{
    struct xlcfg *cfg = xlcfg_new();
    int rc;

    assert_non_null(cfg);
    rc = xlcfg_parse_buffer(cfg, "vm.cfg", buf, len);
    if (rc == 0) {
        assert_string_equal(xlcfg_error(cfg), "");
        exercise_domain_config(cfg, built);
        exercise_getters(cfg);
        (*parsed)++;
    } else {
        assert_true(rc == -EINVAL || rc == -E2BIG);
        check_error_line(cfg);
    }
    xlcfg_free(cfg);
}

static void test_mutations(void **state)
{
    static char buf[FUZZ_MAX_BYTES];
    unsigned int parsed = 0, built = 0, rounds = 0;
    time_t stop = time(NULL) + FUZZ_SECONDS;

    (void)state;
    for (; rounds < FUZZ_ROUNDS && time(NULL) < stop; rounds++) {
        const char *seed = seeds[rng() % (sizeof(seeds) / sizeof(seeds[0]))];
        size_t len = strlen(seed);
        unsigned int edits = 1 + rng() % 6;

        memcpy(buf, seed, len);
        while (edits--)
            len = mutate_once(buf, len);
        run_one(buf, len, &parsed, &built);
    }
    print_message("%u inputs, %u parsed, %u domain configs\n", rounds, parsed,
                  built);
    /* The mutator must reach both sides, or it tests nothing. */
    assert_true(parsed > rounds / 50);
    assert_true(parsed < rounds);
    assert_true(built > 0 && built < parsed);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mutations),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
