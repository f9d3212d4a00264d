/*
 * tools/lib/xlcfg.c - the xl.cfg reader (syntax in xlcfg.h): a bounds
 * check of the raw text, a lexer, a recursive-descent parser for Xen's
 * grammar, the settings list and the typed getters.
 *
 * The text is hostile: its size and line lengths are checked before the
 * lexer runs, so the lexer never meets a NUL byte or an overlong line;
 * list nesting and lengths are bounded while parsing, so recursion and
 * memory stay small whatever the input.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "xlcfg.h"

enum token_kind {
    TOK_EOF, TOK_NEWLINE, TOK_IDENT, TOK_NUMBER, TOK_STRING, TOK_ASSIGN,
    TOK_APPEND, TOK_COMMA, TOK_SEMICOLON, TOK_OPEN, TOK_CLOSE,
    TOK_BAD,                /* text the lexer refused */
};

struct token {
    enum token_kind kind;
    const char *start;      /* the raw text, for messages */
    size_t len;
    int line;
};

struct parser {
    struct xlcfg *cfg;
    const char *source;
    const char *pos, *end;
    int line;
    struct token tok;       /* the lookahead */
    int err;                /* 0, or the -errno of the first error */
};

/* Longest piece of a token quoted in a message. */
#define NEAR_BYTES 40

/* ---- errors ---- */

/*
 * Messages quote values from the config, which may hold any byte (a
 * "\n" escape, say): control bytes become '?', so an error stays one
 * line on one terminal line.
 */
static void set_error(struct xlcfg *cfg, const char *fmt, va_list ap)
{
    vsnprintf(cfg->error, sizeof(cfg->error), fmt, ap);
    for (char *p = cfg->error; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = '?';
}

static void report(struct xlcfg *cfg, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void report(struct xlcfg *cfg, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    set_error(cfg, fmt, ap);
    va_end(ap);
}

int xlcfg_fail(struct xlcfg *cfg, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    set_error(cfg, fmt, ap);
    va_end(ap);
    return -EINVAL;
}

void xlcfg_report(struct xlcfg *cfg, const struct xlcfg_setting *set,
                  const char *fmt, ...)
{
    char msg[XLCFG_ERROR_BYTES];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    report(cfg, "%s:%d: %s", set->source, set->line, msg);
}

/* The token's text, printable and bounded, into buf. */
static void token_text(const struct token *t, char *buf, size_t size)
{
    size_t n = t->len < NEAR_BYTES ? t->len : NEAR_BYTES;
    size_t i;

    if (n >= size)
        n = size - 1;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)t->start[i];
        buf[i] = c >= 0x20 && c < 0x7f ? (char)c : '?';
    }
    buf[i] = '\0';
}

/* Xen's syntax-error line, near the current token; keeps the first. */
static int syntax_error(struct parser *ps, const char *problem)
{
    char near[NEAR_BYTES + 1];

    if (ps->err)
        return ps->err;
    if (ps->tok.kind == TOK_NEWLINE) {
        report(ps->cfg, "%s:%d: config parsing error near <newline>: %s",
               ps->source, ps->tok.line, problem);
    } else if (ps->tok.kind == TOK_EOF) {
        report(ps->cfg, "%s:%d: config parsing error at end of input: %s",
               ps->source, ps->tok.line, problem);
    } else {
        token_text(&ps->tok, near, sizeof(near));
        report(ps->cfg, "%s:%d: config parsing error near `%s': %s",
               ps->source, ps->tok.line, near, problem);
    }
    ps->err = -EINVAL;
    return ps->err;
}

static int out_of_memory(struct parser *ps)
{
    if (!ps->err) {
        report(ps->cfg, "%s: out of memory", ps->source);
        ps->err = -ENOMEM;
    }
    return ps->err;
}

/* ---- the raw text ---- */

/* Size, NUL bytes and line lengths: 0 or an error with cfg->error. */
static int check_input(struct xlcfg *cfg, const char *source,
                       const char *data, size_t len)
{
    size_t line_start = 0;
    int line = 1;

    if (len > XLCFG_MAX_INPUT) {
        report(cfg, "%s: config is larger than %d bytes", source,
               XLCFG_MAX_INPUT);
        return -E2BIG;
    }
    for (size_t i = 0; i <= len; i++) {
        if (i < len && data[i] == '\0') {
            report(cfg, "%s:%d: NUL byte in config", source, line);
            return -EINVAL;
        }
        if (i == len || data[i] == '\n') {
            if (i - line_start > XLCFG_MAX_LINE) {
                report(cfg, "%s:%d: line longer than %d bytes", source, line,
                       XLCFG_MAX_LINE);
                return -E2BIG;
            }
            line_start = i + 1;
            line++;
        }
    }
    return 0;
}

/* ---- the lexer ---- */

static bool is_ident_start(char c) { return c >= 'a' && c <= 'z'; }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static bool is_ident_char(char c)
{
    return is_ident_start(c) || is_digit(c) || c == '_';
}

/* Xen's number token: a digit, then digits, a-f and x. */
static bool is_number_char(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || c == 'x';
}

static void skip_blanks_and_comment(struct parser *ps)
{
    while (ps->pos < ps->end &&
           (*ps->pos == ' ' || *ps->pos == '\t' || *ps->pos == '\r'))
        ps->pos++;
    if (ps->pos < ps->end && *ps->pos == '#')
        while (ps->pos < ps->end && *ps->pos != '\n')
            ps->pos++;
}

static const char *scan_while(const char *p, const char *end,
                              bool (*ok)(char))
{
    while (p < end && ok(*p))
        p++;
    return p;
}

/* Past a quoted string from its opening quote, or NULL if unterminated. */
static const char *scan_string(const char *p, const char *end)
{
    char quote = *p++;

    while (p < end && *p != '\n') {
        if (*p == quote)
            return p + 1;
        if (*p == '\\' && p + 1 < end && p[1] != '\n')
            p++;
        p++;
    }
    return NULL;
}

static enum token_kind punctuation(char c)
{
    switch (c) {
    case '=': return TOK_ASSIGN;
    case ',': return TOK_COMMA;
    case ';': return TOK_SEMICOLON;
    case '[': return TOK_OPEN;
    case ']': return TOK_CLOSE;
    case '\n': return TOK_NEWLINE;
    default: return TOK_EOF;
    }
}

/* The rest of the current line, for a lexical error's message. */
static void lexical_error(struct parser *ps, const char *problem)
{
    const char *stop = ps->pos;

    ps->tok.kind = TOK_BAD;
    while (stop < ps->end && *stop != '\n')
        stop++;
    ps->tok.len = (size_t)(stop - ps->tok.start);
    syntax_error(ps, problem);
}

/* The kind and end of the token at ps->pos, or -EINVAL. */
static int scan_token(struct parser *ps)
{
    const char *p = ps->pos;
    enum token_kind kind;

    if (is_ident_start(*p)) {
        ps->tok.kind = TOK_IDENT;
        ps->pos = scan_while(p, ps->end, is_ident_char);
    } else if (is_digit(*p)) {
        ps->tok.kind = TOK_NUMBER;
        ps->pos = scan_while(p, ps->end, is_number_char);
    } else if (*p == '"' || *p == '\'') {
        ps->tok.kind = TOK_STRING;
        ps->pos = scan_string(p, ps->end);
        if (!ps->pos) {
            ps->pos = p;
            lexical_error(ps, "unterminated quoted string");
            return ps->err;
        }
    } else if (*p == '+' && p + 1 < ps->end && p[1] == '=') {
        ps->tok.kind = TOK_APPEND;
        ps->pos = p + 2;
    } else if ((kind = punctuation(*p)) != TOK_EOF) {
        ps->tok.kind = kind;
        ps->pos = p + 1;
    } else {
        lexical_error(ps, "lexical error");
        return ps->err;
    }
    return 0;
}

/* Moves the lookahead on by one token: 0 or the error. */
static int next_token(struct parser *ps)
{
    if (ps->err)
        return ps->err;
    if (ps->tok.kind == TOK_NEWLINE)
        ps->line++;
    skip_blanks_and_comment(ps);
    ps->tok.start = ps->pos;
    ps->tok.line = ps->line;
    if (ps->pos == ps->end) {
        ps->tok.kind = TOK_EOF;
        ps->tok.len = 0;
        return 0;
    }
    if (scan_token(ps))
        return ps->err;
    ps->tok.len = (size_t)(ps->pos - ps->tok.start);
    return 0;
}

/* ---- values ---- */

static void value_free(struct xlcfg_value *v)
{
    if (!v)
        return;
    if (v->type == XLCFG_LIST) {
        for (unsigned int i = 0; i < v->nr_items; i++)
            value_free(v->items[i]);
        free(v->items);
    }
    free(v->string);
    free(v);
}

static struct xlcfg_value *value_new(enum xlcfg_type type, int line)
{
    struct xlcfg_value *v = calloc(1, sizeof(*v));

    if (v) {
        v->type = type;
        v->line = line;
    }
    return v;
}

/* Hex digit value, or -1. */
static int hex_value(char c)
{
    if (is_digit(c))
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* \xHH or \ooo at *pp (past the backslash): the byte, or -1. */
static int numeric_escape(const char **pp, const char *end)
{
    const char *p = *pp;
    int value = 0, digits = 0;

    if (*p == 'x') {
        for (p++; digits < 2 && p < end && hex_value(*p) >= 0; digits++)
            value = value * 16 + hex_value(*p++);
        if (digits != 2)
            return -1;
    } else {
        for (; digits < 3 && p < end && *p >= '0' && *p <= '7'; digits++)
            value = value * 8 + (*p++ - '0');
        if (value > 0xff)
            return -1;
    }
    *pp = p;
    return value;
}

static int simple_escape(char c)
{
    static const char from[] = "\"'\\abfnrtv";
    static const char to[] = "\"'\\\a\b\f\n\r\t\v";
    const char *hit = c ? strchr(from, c) : NULL;

    return hit ? to[hit - from] : -1;
}

/* One escape at *pp into *out: 0, or the problem. */
static const char *unescape_one(const char **pp, const char *end, char *out)
{
    const char *p = *pp;
    int c = simple_escape(*p);

    if (c >= 0) {
        *pp = p + 1;
    } else if (*p == 'x' || (*p >= '0' && *p <= '7')) {
        c = numeric_escape(pp, end);
        if (c < 0)
            return "invalid digit after backslash numerical character "
                   "escape in quoted string";
        if (c == 0)
            return "NUL character in quoted string";
    } else {
        return "invalid character after backslash in quoted string";
    }
    *out = (char)c;
    return NULL;
}

/* The string token's contents, unescaped (NULL after an error). */
static char *dequote(struct parser *ps)
{
    const char *p = ps->tok.start + 1, *end = ps->tok.start + ps->tok.len - 1;
    char *result = malloc(ps->tok.len), *q = result;
    const char *problem;

    if (!result) {
        out_of_memory(ps);
        return NULL;
    }
    while (p < end) {
        if (*p != '\\') {
            *q++ = *p++;
            continue;
        }
        p++;
        problem = unescape_one(&p, end, q++);
        if (problem) {
            syntax_error(ps, problem);
            free(result);
            return NULL;
        }
    }
    *q = '\0';
    return result;
}

static struct xlcfg_value *parse_atom(struct parser *ps)
{
    struct xlcfg_value *v = value_new(XLCFG_STRING, ps->tok.line);

    if (!v) {
        out_of_memory(ps);
        return NULL;
    }
    if (ps->tok.kind == TOK_STRING)
        v->string = dequote(ps);
    else
        v->string = strndup(ps->tok.start, ps->tok.len);
    if (!v->string) {
        out_of_memory(ps);
        value_free(v);
        return NULL;
    }
    next_token(ps);
    return v;
}

static void skip_newlines(struct parser *ps)
{
    while (!ps->err && ps->tok.kind == TOK_NEWLINE)
        next_token(ps);
}

static int list_append(struct parser *ps, struct xlcfg_value *list,
                       struct xlcfg_value *item)
{
    struct xlcfg_value **items;

    if (list->nr_items >= XLCFG_MAX_LIST_ITEMS) {
        value_free(item);
        syntax_error(ps, "list has too many items");
        ps->err = -E2BIG;
        return ps->err;
    }
    items = realloc(list->items, (list->nr_items + 1) * sizeof(*items));
    if (!items) {
        value_free(item);
        return out_of_memory(ps);
    }
    items[list->nr_items++] = item;
    list->items = items;
    return 0;
}

static struct xlcfg_value *parse_value(struct parser *ps, int depth);

/* The items after '[' up to and past ']' (newlines allowed anywhere). */
static int parse_items(struct parser *ps, struct xlcfg_value *list, int depth)
{
    skip_newlines(ps);
    while (!ps->err && ps->tok.kind != TOK_CLOSE) {
        struct xlcfg_value *item = parse_value(ps, depth + 1);

        if (!item || list_append(ps, list, item))
            return ps->err;
        skip_newlines(ps);
        if (ps->tok.kind == TOK_COMMA) {
            next_token(ps);
            skip_newlines(ps);
        } else if (ps->tok.kind != TOK_CLOSE) {
            return syntax_error(ps, "expected ',' or ']' in list");
        }
    }
    return next_token(ps);
}

static struct xlcfg_value *parse_list(struct parser *ps, int depth)
{
    struct xlcfg_value *list;

    if (depth >= XLCFG_MAX_DEPTH) {
        syntax_error(ps, "lists nested too deeply");
        return NULL;
    }
    list = value_new(XLCFG_LIST, ps->tok.line);
    if (!list) {
        out_of_memory(ps);
        return NULL;
    }
    if (next_token(ps) || parse_items(ps, list, depth)) {
        value_free(list);
        return NULL;
    }
    return list;
}

static struct xlcfg_value *parse_value(struct parser *ps, int depth)
{
    switch (ps->tok.kind) {
    case TOK_STRING:
    case TOK_NUMBER:
        return parse_atom(ps);
    case TOK_OPEN:
        return parse_list(ps, depth);
    default:
        syntax_error(ps, depth ? "expected a value in list"
                               : "expected a value after '='");
        return NULL;
    }
}

/* ---- settings ---- */

static void setting_free(struct xlcfg_setting *set)
{
    free(set->name);
    value_free(set->value);
    free(set);
}

const struct xlcfg_setting *xlcfg_find(const struct xlcfg *cfg,
                                       const char *key)
{
    for (const struct xlcfg_setting *s = cfg->settings; s; s = s->next)
        if (!strcmp(s->name, key))
            return s;
    return NULL;
}

/* prev's string then add's, into add; prev keeps an empty string. */
static int append_string(struct parser *ps, struct xlcfg_value *prev,
                         struct xlcfg_value *add)
{
    size_t a = strlen(prev->string), b = strlen(add->string);
    char *joined;

    if (a + b > XLCFG_MAX_LINE)
        return syntax_error(ps, "+= makes the string too long");
    joined = malloc(a + b + 1);
    if (!joined)
        return out_of_memory(ps);
    memcpy(joined, prev->string, a);
    memcpy(joined + a, add->string, b + 1);
    free(add->string);
    add->string = joined;
    prev->string[0] = '\0';
    return 0;
}

/* prev's items then add's, into add; prev is left empty. */
static int append_list(struct parser *ps, struct xlcfg_value *prev,
                       struct xlcfg_value *add)
{
    unsigned int total = prev->nr_items + add->nr_items;
    struct xlcfg_value **items;

    if (total > XLCFG_MAX_LIST_ITEMS)
        return syntax_error(ps, "+= makes the list too long");
    items = malloc((total ? total : 1) * sizeof(*items));
    if (!items)
        return out_of_memory(ps);
    if (prev->nr_items)
        memcpy(items, prev->items, prev->nr_items * sizeof(*items));
    if (add->nr_items)
        memcpy(items + prev->nr_items, add->items,
               add->nr_items * sizeof(*items));
    free(add->items);
    add->items = items;
    add->nr_items = total;
    prev->nr_items = 0;
    return 0;
}

/*
 * `key += value`: the new value takes the old one's contents in front
 * of its own.  The old setting can never be found again (the new one
 * shadows it), so moving its contents keeps memory linear in the input.
 */
static int append_value(struct parser *ps, const char *name,
                        struct xlcfg_value *add)
{
    struct xlcfg_setting *prev = (struct xlcfg_setting *)
                                 xlcfg_find(ps->cfg, name);

    if (!prev)
        return 0;
    if (prev->value->type != add->type)
        return syntax_error(ps, "can't add [list] to \"string\" or vice versa");
    if (add->type == XLCFG_STRING)
        return append_string(ps, prev->value, add);
    return append_list(ps, prev->value, add);
}

/* Takes name and value (freed on error). */
static int store_setting(struct parser *ps, char *name, bool appended,
                         struct xlcfg_value *value, int line)
{
    struct xlcfg_setting *set;

    if (ps->cfg->nr_settings >= XLCFG_MAX_SETTINGS) {
        syntax_error(ps, "too many settings");
        ps->err = -E2BIG;
    } else if (appended) {
        append_value(ps, name, value);
    }
    set = ps->err ? NULL : calloc(1, sizeof(*set));
    if (!set) {
        free(name);
        value_free(value);
        return ps->err ? ps->err : out_of_memory(ps);
    }
    *set = (struct xlcfg_setting){ .name = name, .value = value, .line = line,
                                   .appended = appended, .source = ps->source,
                                   .next = ps->cfg->settings };
    ps->cfg->settings = set;
    ps->cfg->nr_settings++;
    return 0;
}

/* `key = value` or `key += value`, from the key on. */
static int parse_setting(struct parser *ps)
{
    int line = ps->tok.line;
    char *name = strndup(ps->tok.start, ps->tok.len);
    struct xlcfg_value *value;
    bool appended;

    if (!name)
        return out_of_memory(ps);
    next_token(ps);
    if (ps->tok.kind != TOK_ASSIGN && ps->tok.kind != TOK_APPEND) {
        char msg[NEAR_BYTES + 40];

        snprintf(msg, sizeof(msg), "expected '=' after \"%.*s\"", NEAR_BYTES,
                 name);
        free(name);
        return syntax_error(ps, msg);
    }
    appended = ps->tok.kind == TOK_APPEND;
    next_token(ps);
    value = ps->err ? NULL : parse_value(ps, 0);
    if (!value) {
        free(name);
        return ps->err;
    }
    return store_setting(ps, name, appended, value, line);
}

static int parse_statement(struct parser *ps)
{
    if (ps->tok.kind != TOK_IDENT)
        return syntax_error(ps, "expected a setting (key = value)");
    if (parse_setting(ps))
        return ps->err;
    if (ps->tok.kind != TOK_NEWLINE && ps->tok.kind != TOK_SEMICOLON &&
        ps->tok.kind != TOK_EOF)
        return syntax_error(ps, "expected a newline or ';' after the value");
    return 0;
}

static int parse_statements(struct parser *ps)
{
    next_token(ps);
    while (!ps->err && ps->tok.kind != TOK_EOF) {
        if (ps->tok.kind == TOK_NEWLINE || ps->tok.kind == TOK_SEMICOLON)
            next_token(ps);
        else
            parse_statement(ps);
    }
    return ps->err;
}

/* The source's name, kept for the settings' messages. */
static const char *keep_source(struct xlcfg *cfg, const char *source)
{
    char **sources = realloc(cfg->sources,
                             (cfg->nr_sources + 1) * sizeof(*sources));
    char *copy;

    if (!sources)
        return NULL;
    cfg->sources = sources;
    copy = strdup(source);
    if (copy)
        cfg->sources[cfg->nr_sources++] = copy;
    return copy;
}

int xlcfg_parse_buffer(struct xlcfg *cfg, const char *source,
                       const char *data, size_t len)
{
    struct parser ps = { .cfg = cfg, .pos = data, .end = data + len,
                         .line = 1 };
    int rc;

    cfg->error[0] = '\0';
    rc = check_input(cfg, source, data, len);
    if (rc)
        return rc;
    ps.source = keep_source(cfg, source);
    if (!ps.source) {
        report(cfg, "%s: out of memory", source);
        return -ENOMEM;
    }
    return parse_statements(&ps);
}

/* The whole file into a new buffer: its length, or -errno. */
static long read_file(const char *path, char **data)
{
    char *buf = malloc(XLCFG_MAX_INPUT + 1);
    size_t got = 0;
    ssize_t n = 1;
    int read_errno = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd < 0 || !buf) {
        int e = fd < 0 ? errno : ENOMEM;

        free(buf);
        if (fd >= 0)
            close(fd);
        return -e;
    }
    while (got <= XLCFG_MAX_INPUT && n > 0) {
        n = read(fd, buf + got, XLCFG_MAX_INPUT + 1 - got);
        if (n > 0)
            got += (size_t)n;
        else if (n < 0 && errno == EINTR)
            n = 1;
        else if (n < 0)
            read_errno = errno;
    }
    close(fd);
    if (read_errno) {
        free(buf);
        return -read_errno;
    }
    *data = buf;
    return (long)got;
}

int xlcfg_parse_file(struct xlcfg *cfg, const char *path)
{
    char *data = NULL;
    long len = read_file(path, &data);
    int rc;

    if (len < 0) {
        report(cfg, "%s: unable to open configuration file: %s", path,
               strerror((int)-len));
        return (int)len;
    }
    rc = xlcfg_parse_buffer(cfg, path, data, (size_t)len);
    free(data);
    return rc;
}

/* ---- the config and its getters ---- */

struct xlcfg *xlcfg_new(void)
{
    return calloc(1, sizeof(struct xlcfg));
}

void xlcfg_free(struct xlcfg *cfg)
{
    struct xlcfg_setting *next;

    if (!cfg)
        return;
    for (struct xlcfg_setting *s = cfg->settings; s; s = next) {
        next = s->next;
        setting_free(s);
    }
    for (unsigned int i = 0; i < cfg->nr_sources; i++)
        free(cfg->sources[i]);
    free(cfg->sources);
    free(cfg);
}

const char *xlcfg_error(const struct xlcfg *cfg)
{
    return cfg->error;
}

/* The setting of key when it is a single value. */
static int find_atom(struct xlcfg *cfg, const char *key,
                     const struct xlcfg_setting **out)
{
    const struct xlcfg_setting *set = xlcfg_find(cfg, key);

    if (!set)
        return -ESRCH;
    if (set->value->type != XLCFG_STRING) {
        xlcfg_report(cfg, set, "parameter `%s' is a list but should be a "
                     "single value", key);
        return -EINVAL;
    }
    *out = set;
    return 0;
}

int xlcfg_get_string(struct xlcfg *cfg, const char *key, const char **out)
{
    const struct xlcfg_setting *set;
    int rc = find_atom(cfg, key, &set);

    if (!rc)
        *out = set->value->string;
    return rc;
}

/* The number in text (base as C: 0x.., 0..), or an error. */
static int parse_number(struct xlcfg *cfg, const struct xlcfg_setting *set,
                        long *out)
{
    const char *text = set->value->string;
    char *end;

    errno = 0;
    *out = strtol(text, &end, 0);
    if (errno == ERANGE) {
        xlcfg_report(cfg, set, "parameter `%s' could not be parsed as a "
                     "number: %s", set->name, strerror(errno));
        return -EINVAL;
    }
    if (end == text || *end) {
        xlcfg_report(cfg, set, "parameter `%s' is not a valid number",
                     set->name);
        return -EINVAL;
    }
    return 0;
}

int xlcfg_get_long(struct xlcfg *cfg, const char *key, long min, long max,
                   long *out)
{
    const struct xlcfg_setting *set;
    long value;
    int rc = find_atom(cfg, key, &set);

    if (rc)
        return rc;
    if (set->appended) {
        xlcfg_report(cfg, set, "can't use += with numbers for parameter `%s'",
                     key);
        return -EINVAL;
    }
    if (parse_number(cfg, set, &value))
        return -EINVAL;
    if (value < min || value > max) {
        xlcfg_report(cfg, set, "value `%ld' of parameter `%s' is %s bound "
                     "'%ld'", value, key, value < min ? "smaller than minimum"
                     : "greater than maximum", value < min ? min : max);
        return -EINVAL;
    }
    *out = value;
    return 0;
}

int xlcfg_get_bool(struct xlcfg *cfg, const char *key, bool *out)
{
    long value;
    int rc = xlcfg_get_long(cfg, key, LONG_MIN, LONG_MAX, &value);

    if (!rc)
        *out = value != 0;
    return rc;
}

int xlcfg_get_list(struct xlcfg *cfg, const char *key,
                   const struct xlcfg_value **out)
{
    const struct xlcfg_setting *set = xlcfg_find(cfg, key);

    if (!set)
        return -ESRCH;
    if (set->value->type != XLCFG_LIST) {
        xlcfg_report(cfg, set, "parameter `%s' is a single value but should "
                     "be a list", key);
        return -EINVAL;
    }
    *out = set->value;
    return 0;
}

const char *xlcfg_list_string(const struct xlcfg_value *list, unsigned int i)
{
    if (list->type != XLCFG_LIST || i >= list->nr_items ||
        list->items[i]->type != XLCFG_STRING)
        return NULL;
    return list->items[i]->string;
}
