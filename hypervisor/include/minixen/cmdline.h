/*
 * Command lines: the hypervisor's own (from the multiboot header) and the
 * strings attached to each multiboot module ("guest.elf domain=d1 ...").
 *
 * Words are separated by blanks; a word is "key" or "key=value"; there is
 * no quoting.  Nothing here modifies or copies the command line except
 * into the caller's option buffers, which are bounded by their size, so an
 * arbitrarily long word cannot overrun anything.
 *
 * Option syntax follows Xen where minixen has the same option:
 *   bool     name | name=1/0/yes/no/true/false/on/off/enable/disable | no-name
 *   uint     name=123 | name=0x7b
 *   size     name=64M   suffixes B (bytes), K, M, G, T (binary, any case);
 *            a bare number counts KiB, as in Xen
 *   string   name=text
 *   loglvl   name=<level>[/<rate-limited level>], level one of
 *            none, error, warning, info, debug, all
 *   dom0mem  name=[min:SIZE,][max:SIZE,][SIZE]  (items in any order)
 * '-' and '_' are interchangeable in option names.  A lone "--" ends the
 * hypervisor's options: Xen passes what follows to dom0's kernel.
 */
#ifndef MINIXEN_CMDLINE_H
#define MINIXEN_CMDLINE_H

#include <minixen/types.h>
#include <minixen/lib.h>          /* BUILD_BUG_ON_ZERO, __is_array */

/* ---- Boot loader quirks ---- */

/*
 * True when the multiboot boot-loader name says GRUB 2 ("GRUB 2.06"; its
 * betas called themselves "GRUB 1.98").  Legacy GRUB ("GNU GRUB 0.97"),
 * QEMU and the rest put the image file name in front of every command line.
 */
bool loader_is_grub2(const char *loader_name);

/* Skip leading blanks, then the first word (the image name) and its blanks. */
const char *cmdline_skip_image_name(const char *cmdline);

/*
 * What Xen does with a command line from the boot loader: treat NULL as
 * "", skip leading blanks, and drop the image name unless the loader is
 * GRUB 2.  Always returns a pointer into cmdline (or to "").
 */
const char *cmdline_cook(const char *cmdline, const char *loader_name);

/* Text after a lone "--" word (for dom0's kernel), or NULL if there is none. */
const char *cmdline_dom0_extra(const char *cmdline);

/* ---- Words ---- */

/* One word, pointing into the command line (not NUL-terminated). */
struct cmdline_word {
    const char *key;
    size_t key_len;
    const char *value;          /* NULL when the word has no '=' */
    size_t value_len;
};

/*
 * Find the next word at or after p.  Returns the position to continue
 * from, or NULL (and leaves *word alone) when only blanks are left.
 *   for (p = s; (p = cmdline_next_word(p, &w)) != NULL; ) ...
 */
const char *cmdline_next_word(const char *p, struct cmdline_word *word);

/* Does the word's key equal key ('-' and '_' count as the same)? */
bool cmdline_word_is(const struct cmdline_word *word, const char *key);

/* ---- Values: each returns 0 or -XEN_EINVAL (also on overflow) ---- */

int cmdline_parse_bool(const char *s, size_t len, bool *out);
int cmdline_parse_uint(const char *s, size_t len, uint64_t *out);
int cmdline_parse_size(const char *s, size_t len, uint64_t *out);

/* loglvl / guest_loglvl: levels are enum log_level values (printk.h). */
struct cmdline_loglvl {
    unsigned int level;                 /* print messages up to this level */
    unsigned int rate_limited_level;    /* up to this one, rate limited */
};
/* Without "/...", rate_limited_level keeps its value but is raised to level. */
int cmdline_parse_loglvl(const char *s, size_t len, struct cmdline_loglvl *out);

/* dom0_mem: each item is optional, so each has a flag. */
struct cmdline_mem {
    uint64_t amount, min, max;          /* bytes */
    bool has_amount, has_min, has_max;
};
/* Items given replace earlier ones; items not given are left alone. */
int cmdline_parse_mem(const char *s, size_t len, struct cmdline_mem *out);

/* ---- Option tables ---- */

enum cmdline_kind {
    CMDLINE_BOOL,       /* var: bool */
    CMDLINE_UINT,       /* var: unsigned integer of var_size 1, 2, 4 or 8 */
    CMDLINE_SIZE,       /* var: uint64_t, bytes */
    CMDLINE_STRING,     /* var: char[var_size], always NUL-terminated */
    CMDLINE_LOGLVL,     /* var: struct cmdline_loglvl */
    CMDLINE_MEM,        /* var: struct cmdline_mem */
};

struct cmdline_option {
    const char *name;
    enum cmdline_kind kind;
    void *var;
    size_t var_size;
};

/*
 * Table entries.  The typed ones refuse to compile when var has the wrong
 * type (a pointer-type mismatch in the conditional is an error with
 * -Werror), so a table cannot silently write a bool into an int.
 */
#define CMDLINE_TYPED_(type, v)     ((void *)(1 ? &(v) : (type *)0))
#define CMDLINE_IS_UNSIGNED_(v)     ((__typeof__(v))-1 > 0)
#define CMDLINE_OPT_BOOL(n, v)   { n, CMDLINE_BOOL, CMDLINE_TYPED_(bool, v), sizeof(v) }
#define CMDLINE_OPT_UINT(n, v) \
    { n, CMDLINE_UINT, &(v), sizeof(v) + BUILD_BUG_ON_ZERO(!CMDLINE_IS_UNSIGNED_(v)) }
#define CMDLINE_OPT_SIZE(n, v)   { n, CMDLINE_SIZE, CMDLINE_TYPED_(uint64_t, v), sizeof(v) }
/* v must be a char array (not a pointer): its size bounds the copy. */
#define CMDLINE_OPT_STRING(n, v) \
    { n, CMDLINE_STRING, CMDLINE_TYPED_(char, (v)[0]), \
      sizeof(v) + BUILD_BUG_ON_ZERO(!__is_array(v)) }
#define CMDLINE_OPT_LOGLVL(n, v) \
    { n, CMDLINE_LOGLVL, CMDLINE_TYPED_(struct cmdline_loglvl, v), sizeof(v) }
#define CMDLINE_OPT_MEM(n, v) \
    { n, CMDLINE_MEM, CMDLINE_TYPED_(struct cmdline_mem, v), sizeof(v) }

/* Receives one complete, NUL-terminated message per problem. */
typedef void (*cmdline_report_fn)(void *ctx, const char *message);

/* Longest message passed to the report callback, NUL included. */
#define CMDLINE_REPORT_MAX      128
/* At most this much of a bad word is quoted in a message. */
#define CMDLINE_QUOTE_MAX       48

/*
 * Apply every word of cmdline (up to a lone "--") to the table.  Unknown
 * options and bad values are reported through report (may be NULL) and
 * skipped; a bad value leaves the variable unchanged.  Returns how many
 * problems were reported.
 */
unsigned int cmdline_parse(const char *cmdline,
                           const struct cmdline_option *opts, size_t nr_opts,
                           cmdline_report_fn report, void *ctx);

#endif /* MINIXEN_CMDLINE_H */
