/*
 * dom0/kernel/exec_stack.c - laying out argc, argv, envp and auxv for a
 * new program (see exec_stack.h for the layout).
 */
#include <kernel/kernel.h>
#include <linux/elf.h>
#include "exec_stack.h"

struct cursor {
    struct exec_stack *st;
    uint64_t sp;                    /* lowest address used so far */
    bool overflow;
};

static void *at(struct cursor *c, uint64_t addr)
{
    return c->st->image + (addr - (c->st->top - c->st->cap));
}

static uint64_t push_bytes(struct cursor *c, const void *src, size_t n)
{
    if (c->overflow || n > c->sp - (c->st->top - c->st->cap)) {
        c->overflow = true;
        return 0;
    }
    c->sp -= n;
    memcpy(at(c, c->sp), src, n);
    return c->sp;
}

static void put_word(struct cursor *c, uint64_t addr, uint64_t v)
{
    memcpy(at(c, addr), &v, sizeof(v));
}

/* The address of each string in buf once copied; strings keep their order. */
static void push_strings(struct cursor *c, const struct exec_strings *s, uint64_t *addrs)
{
    uint64_t base = push_bytes(c, s->buf, s->len);
    size_t off = 0;
    unsigned int i;

    for (i = 0; i < s->argc + s->envc && !c->overflow; i++) {
        addrs[i] = base + off;
        off += strlen(s->buf + off) + 1;
    }
}

/* argc, argv[], NULL, envp[], NULL, auxv (with the three the builder adds), AT_NULL. */
static void write_tables(struct cursor *c, uint64_t w, const struct exec_strings *s,
                         const uint64_t *strings, const struct exec_aux *aux,
                         unsigned int nr_aux, const uint64_t added[3])
{
    const struct exec_aux extra[] = {
        { AT_RANDOM, added[0] }, { AT_PLATFORM, added[1] }, { AT_EXECFN, added[2] },
        { AT_NULL, 0 },
    };
    unsigned int i;

    put_word(c, w, s->argc);
    for (i = 0; i < s->argc + s->envc + 1; i++) {
        if (i == s->argc)
            put_word(c, w += 8, 0);
        put_word(c, w += 8, i < s->argc + s->envc ? strings[i] : 0);
    }
    for (i = 0; i < nr_aux; i++) {
        put_word(c, w += 8, aux[i].key);
        put_word(c, w += 8, aux[i].value);
    }
    for (i = 0; i < ARRAY_SIZE(extra); i++) {
        put_word(c, w += 8, extra[i].key);
        put_word(c, w += 8, extra[i].value);
    }
}

/* argc, argv[] and NULL, envp[] and NULL, auxv with the added three and AT_NULL. */
static unsigned int table_words(const struct exec_strings *s, unsigned int nr_aux)
{
    return 1 + s->argc + 1 + s->envc + 1 + 2 * (nr_aux + 4);
}

size_t exec_stack_size(const struct exec_strings *s, unsigned int nr_aux,
                       const char *execfn)
{
    /* zero word, strings, "x86_64", random bytes, tables, alignment */
    return 8 + strlen(execfn) + 1 + s->len + 7 + 16 + table_words(s, nr_aux) * 8 + 16;
}

uint64_t exec_stack_build(struct exec_stack *st, const struct exec_strings *s,
                          const struct exec_aux *aux, unsigned int nr_aux,
                          const char *execfn, const uint8_t random[16])
{
    struct cursor c = { .st = st, .sp = st->top };
    uint64_t zero = 0, *strings, fn, platform, rnd, sp;
    unsigned int words = table_words(s, nr_aux);

    strings = kmalloc((s->argc + s->envc + 1) * sizeof(*strings));
    if (!strings)
        return 0;
    push_bytes(&c, &zero, sizeof(zero));
    fn = push_bytes(&c, execfn, strlen(execfn) + 1);
    push_strings(&c, s, strings);
    platform = push_bytes(&c, "x86_64", 7);
    rnd = push_bytes(&c, random, 16);
    sp = 0;
    if (!c.overflow && words * 8 + 16 <= c.sp - (st->top - st->cap)) {
        sp = ALIGN_DOWN(c.sp - words * 8, 16);
        write_tables(&c, sp, s, strings, aux, nr_aux, (const uint64_t[]){ rnd, platform, fn });
    }
    kfree(strings);
    return sp;
}
