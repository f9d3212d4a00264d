/*
 * tools/lib/xlcfg.h - the xl.cfg reader: the syntax Xen 4.17's libxlutil
 * accepts (tools/libs/util/libxlu_cfg*), parsed into settings with typed
 * getters.  Only the syntax lives here; what each key means is xl's
 * business (tools/xl/xl_parse.c).
 *
 * The syntax, as Xen's lexer and grammar take it:
 *   - one setting per statement: `key = value` or `key += value`; a
 *     statement ends at a newline, a ';' or the end of the input, and
 *     empty statements are fine;
 *   - a key is [a-z][_0-9a-z]* (lower case only, as in Xen);
 *   - a value is a number ([0-9][0-9a-fx]*, kept as text), a string in
 *     "..." or '...' on one line with backslash escapes (\" \' \\ \a \b
 *     \f \n \r \t \v, \xHH, \ooo octal), or a list `[ v, v, ]` of values
 *     (lists nest; newlines are allowed inside; one trailing comma);
 *   - '#' starts a comment to the end of the line;
 *   - a statement continues onto the next line only inside a list: there
 *     is no backslash-newline continuation, and a string ends on its line;
 *   - `key += value` appends to the key's earlier value (string to
 *     string, list to list), or sets it when there was none;
 *   - a key set twice keeps its last value.
 *
 * Every error is one line, "SOURCE:LINE: config parsing error near
 * `TEXT': PROBLEM" for the syntax (Xen's own format) and
 * "SOURCE:LINE: PROBLEM" from the getters, kept in the config for the
 * caller to print.  Inputs are bounded (XLCFG_MAX_*): hostile files get
 * an error, never unbounded memory or recursion.
 */
#ifndef MINIXEN_TOOLS_XLCFG_H
#define MINIXEN_TOOLS_XLCFG_H

#include <stdbool.h>
#include <stddef.h>

#define XLCFG_MAX_INPUT      (1024 * 1024)  /* bytes in one file or buffer */
#define XLCFG_MAX_LINE       8192           /* bytes on one line */
#define XLCFG_MAX_LIST_ITEMS 1024           /* values in one list */
#define XLCFG_MAX_DEPTH      8              /* lists inside lists */
#define XLCFG_MAX_SETTINGS   4096           /* statements in one config */
#define XLCFG_ERROR_BYTES    512

enum xlcfg_type { XLCFG_STRING, XLCFG_LIST };

struct xlcfg_value {
    enum xlcfg_type type;
    int line;
    char *string;                   /* XLCFG_STRING */
    struct xlcfg_value **items;     /* XLCFG_LIST */
    unsigned int nr_items;
};

struct xlcfg_setting {
    char *name;
    struct xlcfg_value *value;
    int line;
    bool appended;                  /* set with += */
    const char *source;             /* the source it was read from */
    struct xlcfg_setting *next;     /* older settings */
};

struct xlcfg {
    struct xlcfg_setting *settings; /* newest first */
    unsigned int nr_settings;
    char **sources;                 /* every source name read, to free */
    unsigned int nr_sources;
    char error[XLCFG_ERROR_BYTES];
};

/* An empty config (NULL without memory). */
struct xlcfg *xlcfg_new(void);
void xlcfg_free(struct xlcfg *cfg);

/*
 * Adds the settings of `len` bytes of text, named `source` in messages
 * (a file name, or "command line"); later settings override earlier
 * ones, also across calls.  0, or -EINVAL (syntax), -E2BIG (a limit) or
 * -ENOMEM with cfg->error set; after an error the config is only good
 * for xlcfg_free (a failed += may have emptied an older value).
 */
int xlcfg_parse_buffer(struct xlcfg *cfg, const char *source,
                       const char *data, size_t len);

/* xlcfg_parse_buffer of a whole file; -errno of open/read as well. */
int xlcfg_parse_file(struct xlcfg *cfg, const char *path);

/* The last error, one line without a newline ("" if none). */
const char *xlcfg_error(const struct xlcfg *cfg);

/* The newest setting of `key`, or NULL. */
const struct xlcfg_setting *xlcfg_find(const struct xlcfg *cfg,
                                       const char *key);

/*
 * The getters: 0 and *out, -ESRCH if the key is absent (no error set),
 * or -EINVAL with cfg->error naming the line and the problem.
 */
int xlcfg_get_string(struct xlcfg *cfg, const char *key, const char **out);
int xlcfg_get_long(struct xlcfg *cfg, const char *key, long min, long max,
                   long *out);
/* A number: 0 is false, anything else true (Xen's defbool). */
int xlcfg_get_bool(struct xlcfg *cfg, const char *key, bool *out);
int xlcfg_get_list(struct xlcfg *cfg, const char *key,
                   const struct xlcfg_value **out);

/* Item i of a list when it is a string, else NULL. */
const char *xlcfg_list_string(const struct xlcfg_value *list, unsigned int i);

/*
 * Sets cfg->error to the message (control bytes shown as '?', so it
 * stays one line) and returns -EINVAL.
 */
int xlcfg_fail(struct xlcfg *cfg, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Sets cfg->error to "SOURCE:LINE: message" for the setting of key. */
void xlcfg_report(struct xlcfg *cfg, const struct xlcfg_setting *set,
                  const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif /* MINIXEN_TOOLS_XLCFG_H */
