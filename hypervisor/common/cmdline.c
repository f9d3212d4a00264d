/*
 * Command-line parsing for the hypervisor and for module strings (the
 * syntax is described in cmdline.h).
 *
 * Words are handled as (pointer, length) pairs into the original string,
 * so nothing is copied and no word is too long; the only writes go to the
 * caller's option variables, and string options are bounded by var_size.
 * Each value is parsed completely before its variable is touched.
 */
#include <minixen/cmdline.h>
#include <minixen/lib.h>
#include <minixen/printk.h>     /* enum log_level */
#include <public/errno.h>

#define DOM0_SEPARATOR          "--"
#define NEGATION_PREFIX         "no-"
#define GRUB_TAG                "GRUB "
#define HEX_PREFIX_LEN          2           /* "0x" */
/* Size suffixes are binary: each step up multiplies by 2^10. */
#define SIZE_STEP_SHIFT         10

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static const char *skip_blanks(const char *p)
{
    while (is_blank(*p))
        p++;
    return p;
}

static const char *skip_word(const char *p)
{
    while (*p != '\0' && !is_blank(*p))
        p++;
    return p;
}

/* Does s[0..len) equal the NUL-terminated t, with '-' and '_' alike? */
static bool names_equal(const char *s, size_t len, const char *t)
{
    for (size_t i = 0; i < len; i++, t++) {
        char a = s[i] == '-' ? '_' : s[i];
        char b = *t == '-' ? '_' : *t;

        if (*t == '\0' || a != b)
            return false;
    }
    return *t == '\0';
}

/* The first c in s[0..len), or NULL. */
static const char *find_char(const char *s, size_t len, char c)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] == c)
            return s + i;
    }
    return NULL;
}

/* Exact comparison of s[0..len) with the NUL-terminated t. */
static bool text_equal(const char *s, size_t len, const char *t)
{
    return strnlen(t, len + 1) == len && memcmp(s, t, len) == 0;
}

bool loader_is_grub2(const char *loader_name)
{
    const size_t tag_len = sizeof(GRUB_TAG) - 1;

    if (loader_name == NULL)
        return false;
    /* GRUB 2 says "GRUB 2.xx" (or "GRUB 1.9x"); legacy says "GNU GRUB 0.9x". */
    for (const char *p = loader_name; *p != '\0'; p++) {
        if (strncmp(p, GRUB_TAG, tag_len) == 0)
            return p[tag_len] >= '1' && p[tag_len] <= '9';
    }
    return false;
}

const char *cmdline_skip_image_name(const char *cmdline)
{
    if (cmdline == NULL)
        return "";
    return skip_blanks(skip_word(skip_blanks(cmdline)));
}

const char *cmdline_cook(const char *cmdline, const char *loader_name)
{
    if (cmdline == NULL)
        return "";
    if (loader_is_grub2(loader_name))
        return skip_blanks(cmdline);
    return cmdline_skip_image_name(cmdline);
}

const char *cmdline_next_word(const char *p, struct cmdline_word *word)
{
    const char *end, *eq;

    p = skip_blanks(p);
    if (*p == '\0')
        return NULL;
    end = skip_word(p);
    for (eq = p; eq < end && *eq != '='; eq++)
        ;
    word->key = p;
    word->key_len = (size_t)(eq - p);
    word->value = eq < end ? eq + 1 : NULL;
    word->value_len = eq < end ? (size_t)(end - eq - 1) : 0;
    return end;
}

bool cmdline_word_is(const struct cmdline_word *word, const char *key)
{
    return names_equal(word->key, word->key_len, key);
}

static bool word_is_separator(const struct cmdline_word *word)
{
    return word->value == NULL && text_equal(word->key, word->key_len,
                                             DOM0_SEPARATOR);
}

const char *cmdline_dom0_extra(const char *cmdline)
{
    struct cmdline_word word;
    const char *p = cmdline;

    while (p != NULL && (p = cmdline_next_word(p, &word)) != NULL) {
        if (word_is_separator(&word))
            return skip_blanks(p);
    }
    return NULL;
}

/* ---- Values ---- */

int cmdline_parse_bool(const char *s, size_t len, bool *out)
{
    static const char *const yes[] = { "1", "yes", "true", "on", "enable" };
    static const char *const no[] = { "0", "no", "false", "off", "disable" };

    for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
        if (text_equal(s, len, yes[i])) {
            *out = true;
            return 0;
        }
        if (text_equal(s, len, no[i])) {
            *out = false;
            return 0;
        }
    }
    return -XEN_EINVAL;
}

static int digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/*
 * Parse the number at the start of s[0..len): decimal, or hex after "0x".
 * Returns how many characters it used, or 0 if there was no number or it
 * overflowed 64 bits.
 */
static size_t parse_number(const char *s, size_t len, uint64_t *out)
{
    unsigned int base = 10;
    size_t i = 0, first;
    uint64_t v = 0;
    int d;

    if (len > HEX_PREFIX_LEN && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        i = HEX_PREFIX_LEN;
    }
    first = i;
    for (; i < len && (d = digit_value(s[i])) >= 0 && (unsigned int)d < base; i++) {
        if (v > (UINT64_MAX - (unsigned int)d) / base)
            return 0;
        v = v * base + (unsigned int)d;
    }
    if (i == first)
        return 0;
    *out = v;
    return i;
}

int cmdline_parse_uint(const char *s, size_t len, uint64_t *out)
{
    uint64_t v;

    if (parse_number(s, len, &v) != len || len == 0)
        return -XEN_EINVAL;
    *out = v;
    return 0;
}

/* How far a size suffix shifts the number; -1 if c is not a suffix. */
static int size_suffix_shift(char c)
{
    static const char suffixes[] = "bkmgt";     /* bytes, KiB .. TiB */

    if (c >= 'A' && c <= 'Z')
        c = (char)(c - 'A' + 'a');
    for (int i = 0; suffixes[i] != '\0'; i++) {
        if (suffixes[i] == c)
            return i * SIZE_STEP_SHIFT;
    }
    return -1;
}

int cmdline_parse_size(const char *s, size_t len, uint64_t *out)
{
    uint64_t v;
    size_t n = parse_number(s, len, &v);
    int shift = SIZE_STEP_SHIFT;                /* bare numbers are KiB */

    if (n == 0 || n + 1 < len)
        return -XEN_EINVAL;
    if (n < len) {
        /* As in Xen, hex digits win: "0x10b" is 0x10b KiB, not 16 bytes. */
        shift = size_suffix_shift(s[n]);
        if (shift < 0)
            return -XEN_EINVAL;
    }
    if (v > (UINT64_MAX >> shift))
        return -XEN_EINVAL;
    *out = v << shift;
    return 0;
}

static int parse_level(const char *s, size_t len, unsigned int *out)
{
    static const struct { const char *name; unsigned int level; } levels[] = {
        { "none", LOG_NONE }, { "error", LOG_ERR }, { "warning", LOG_WARNING },
        { "info", LOG_INFO }, { "debug", LOG_DEBUG }, { "all", LOG_ALL },
    };

    for (size_t i = 0; i < ARRAY_SIZE(levels); i++) {
        if (text_equal(s, len, levels[i].name)) {
            *out = levels[i].level;
            return 0;
        }
    }
    return -XEN_EINVAL;
}

int cmdline_parse_loglvl(const char *s, size_t len, struct cmdline_loglvl *out)
{
    const char *slash = find_char(s, len, '/');
    struct cmdline_loglvl lv = *out;

    if (parse_level(s, slash ? (size_t)(slash - s) : len, &lv.level) != 0)
        return -XEN_EINVAL;
    if (slash != NULL) {
        if (parse_level(slash + 1, len - (size_t)(slash - s) - 1,
                        &lv.rate_limited_level) != 0)
            return -XEN_EINVAL;
    } else if (lv.rate_limited_level < lv.level) {
        lv.rate_limited_level = lv.level;
    }
    *out = lv;
    return 0;
}

/* One dom0_mem item: "min:SIZE", "max:SIZE" or "SIZE". */
static int parse_mem_item(const char *s, size_t len, struct cmdline_mem *mem)
{
    static const char min_tag[] = "min:", max_tag[] = "max:";
    const size_t tag_len = sizeof(min_tag) - 1;

    if (len > tag_len && memcmp(s, min_tag, tag_len) == 0) {
        mem->has_min = true;
        return cmdline_parse_size(s + tag_len, len - tag_len, &mem->min);
    }
    if (len > tag_len && memcmp(s, max_tag, tag_len) == 0) {
        mem->has_max = true;
        return cmdline_parse_size(s + tag_len, len - tag_len, &mem->max);
    }
    mem->has_amount = true;
    return cmdline_parse_size(s, len, &mem->amount);
}

int cmdline_parse_mem(const char *s, size_t len, struct cmdline_mem *out)
{
    struct cmdline_mem mem = *out;
    const char *end = s + len;

    /* Items are separated by commas; an empty item is an error. */
    for (;;) {
        const char *comma = find_char(s, (size_t)(end - s), ',');
        size_t item_len = comma ? (size_t)(comma - s) : (size_t)(end - s);

        if (parse_mem_item(s, item_len, &mem) != 0)
            return -XEN_EINVAL;
        if (comma == NULL)
            break;
        s = comma + 1;
    }
    *out = mem;
    return 0;
}

/* ---- Option tables ---- */

struct reporter {
    cmdline_report_fn fn;
    void *ctx;
    unsigned int count;
};

static void report_msg(struct reporter *r, const char *msg)
{
    r->count++;
    if (r->fn != NULL)
        r->fn(r->ctx, msg);
}

/* Report "<what> '<text>'", quoting at most CMDLINE_QUOTE_MAX bytes. */
static void report(struct reporter *r, const char *what, const char *text,
                   size_t len)
{
    char msg[CMDLINE_REPORT_MAX];
    int shown = (int)min_t(size_t, len, CMDLINE_QUOTE_MAX);

    snprintf(msg, sizeof(msg), "%s '%.*s%s'", what, shown, text,
             len > CMDLINE_QUOTE_MAX ? "..." : "");
    report_msg(r, msg);
}

/* Report an unusable word, quoting all of it. */
static void report_word(struct reporter *r, const char *what,
                        const struct cmdline_word *w)
{
    report(r, what, w->key, (size_t)(skip_word(w->key) - w->key));
}

/* Report "<option>: <problem> '<value>'". */
static void report_value(struct reporter *r, const struct cmdline_option *opt,
                         const char *problem, const struct cmdline_word *w)
{
    char what[CMDLINE_REPORT_MAX / 2];

    snprintf(what, sizeof(what), "%s: %s", opt->name, problem);
    report(r, what, w->value ? w->value : "", w->value_len);
}

static const struct cmdline_option *find_option(
    const struct cmdline_option *opts, size_t nr_opts,
    const char *key, size_t key_len)
{
    for (size_t i = 0; i < nr_opts; i++) {
        if (names_equal(key, key_len, opts[i].name))
            return &opts[i];
    }
    return NULL;
}

/* Store v into an unsigned variable of var_size bytes, if it fits. */
static int store_uint(const struct cmdline_option *opt, uint64_t v)
{
    switch (opt->var_size) {
    case sizeof(uint8_t):
        if (v > UINT8_MAX)
            return -XEN_ERANGE;
        *(uint8_t *)opt->var = (uint8_t)v;
        return 0;
    case sizeof(uint16_t):
        if (v > UINT16_MAX)
            return -XEN_ERANGE;
        *(uint16_t *)opt->var = (uint16_t)v;
        return 0;
    case sizeof(uint32_t):
        if (v > UINT32_MAX)
            return -XEN_ERANGE;
        *(uint32_t *)opt->var = (uint32_t)v;
        return 0;
    case sizeof(uint64_t):
        *(uint64_t *)opt->var = v;
        return 0;
    default:
        return -XEN_EINVAL;
    }
}

static void apply_uint(const struct cmdline_option *opt,
                       const struct cmdline_word *w, struct reporter *r)
{
    uint64_t v;

    if (cmdline_parse_uint(w->value, w->value_len, &v) != 0)
        report_value(r, opt, "bad number", w);
    else if (store_uint(opt, v) != 0)
        report_value(r, opt, "number out of range", w);
}

static void apply_string(const struct cmdline_option *opt,
                         const struct cmdline_word *w, struct reporter *r)
{
    char *dst = opt->var;

    /* Leave the old value alone rather than keep a truncated one. */
    if (w->value_len >= opt->var_size) {
        report_value(r, opt, "value too long", w);
        return;
    }
    memcpy(dst, w->value, w->value_len);
    dst[w->value_len] = '\0';
}

/* A word with a value for a known option of any kind but bool. */
static void apply_value(const struct cmdline_option *opt,
                        const struct cmdline_word *w, struct reporter *r)
{
    switch (opt->kind) {
    case CMDLINE_UINT:
        apply_uint(opt, w, r);
        break;
    case CMDLINE_SIZE:
        if (cmdline_parse_size(w->value, w->value_len, opt->var) != 0)
            report_value(r, opt, "bad size", w);
        break;
    case CMDLINE_STRING:
        apply_string(opt, w, r);
        break;
    case CMDLINE_LOGLVL:
        if (cmdline_parse_loglvl(w->value, w->value_len, opt->var) != 0)
            report_value(r, opt, "bad log level", w);
        break;
    case CMDLINE_MEM:
        if (cmdline_parse_mem(w->value, w->value_len, opt->var) != 0)
            report_value(r, opt, "bad size", w);
        break;
    default:
        report_value(r, opt, "unsupported option kind", w);
        break;
    }
}

static void apply_bool(const struct cmdline_option *opt,
                       const struct cmdline_word *w, struct reporter *r)
{
    bool v = true;

    if (w->value != NULL &&
        cmdline_parse_bool(w->value, w->value_len, &v) != 0) {
        report_value(r, opt, "bad boolean", w);
        return;
    }
    *(bool *)opt->var = v;
}

/* "no-name" for a bool option; any other "no-..." word is unknown. */
static bool apply_negated(const struct cmdline_option *opts, size_t nr_opts,
                          const struct cmdline_word *w)
{
    const size_t neg_len = sizeof(NEGATION_PREFIX) - 1;
    const struct cmdline_option *opt;

    if (w->value != NULL || w->key_len <= neg_len ||
        memcmp(w->key, NEGATION_PREFIX, neg_len) != 0)
        return false;
    opt = find_option(opts, nr_opts, w->key + neg_len, w->key_len - neg_len);
    if (opt == NULL || opt->kind != CMDLINE_BOOL)
        return false;
    *(bool *)opt->var = false;
    return true;
}

static void apply_word(const struct cmdline_option *opts, size_t nr_opts,
                       const struct cmdline_word *w, struct reporter *r)
{
    const struct cmdline_option *opt;
    char msg[CMDLINE_REPORT_MAX];

    opt = find_option(opts, nr_opts, w->key, w->key_len);
    if (opt == NULL) {
        if (!apply_negated(opts, nr_opts, w))
            report_word(r, "unknown option", w);
    } else if (opt->kind == CMDLINE_BOOL) {
        apply_bool(opt, w, r);
    } else if (w->value == NULL) {
        snprintf(msg, sizeof(msg), "%s: missing value", opt->name);
        report_msg(r, msg);
    } else {
        apply_value(opt, w, r);
    }
}

unsigned int cmdline_parse(const char *cmdline,
                           const struct cmdline_option *opts, size_t nr_opts,
                           cmdline_report_fn report_fn, void *ctx)
{
    struct reporter r = { .fn = report_fn, .ctx = ctx, .count = 0 };
    struct cmdline_word word;
    const char *p = cmdline ? cmdline : "";

    while ((p = cmdline_next_word(p, &word)) != NULL) {
        if (word_is_separator(&word))
            break;
        apply_word(opts, nr_opts, &word, &r);
    }
    return r.count;
}
