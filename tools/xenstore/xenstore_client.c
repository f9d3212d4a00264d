/*
 * tools/xenstore/xenstore_client.c - xenstore-read, -write, -rm, -list,
 * -exists, -ls, -chmod and -watch: one program, which one it is comes
 * from the name it was started as (dom0 installs links), with Xen's
 * options, messages and exit status (0, or 1 with "NAME: message").
 *
 * As in Xen, read, write, rm, list and exists run in one transaction,
 * retried while it conflicts (EAGAIN), and print only after it commits.
 */
#define _GNU_SOURCE
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "xenstore.h"

enum mode { MODE_READ, MODE_WRITE, MODE_RM, MODE_LIST, MODE_EXISTS, MODE_LS,
            MODE_CHMOD, MODE_WATCH };

static const struct {
    const char *name;
    enum mode mode;
    const char *usage;
} modes[] = {
    { "xenstore-read", MODE_READ, "[-h] [-p] [-s] key [...]" },
    { "xenstore-write", MODE_WRITE, "[-h] [-s] key value [...]" },
    { "xenstore-rm", MODE_RM, "[-h] [-s] [-t] key [...]" },
    { "xenstore-list", MODE_LIST, "[-h] [-p] [-s] key [...]" },
    { "xenstore-exists", MODE_EXISTS, "[-h] [-s] key [...]" },
    { "xenstore-ls", MODE_LS, "[-h] [-s] [-p] [path]" },
    { "xenstore-chmod", MODE_CHMOD, "[-h] [-s] [-r] key <mode [modes...]>" },
    { "xenstore-watch", MODE_WATCH, "[-h] [-s] [-n NR] key" },
};

struct options {
    enum mode mode;
    const char *usage;
    bool prefix, tidy, recurse;
    long nr_events;
};

static char *out_buf;
static size_t out_len, out_cap;

/* Output collects until the transaction commits (a retry starts afresh). */
static void output(const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        err(1, "output");
    if (out_len + (size_t)n + 1 > out_cap) {
        out_cap = out_len + (size_t)n + 1024;
        out_buf = realloc(out_buf, out_cap);
        if (!out_buf)
            err(1, "malloc");
    }
    va_start(ap, fmt);
    vsnprintf(out_buf + out_len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    out_len += (size_t)n;
}

static void usage(const struct options *o)
{
    errx(1, "Usage: %s %s", program_invocation_short_name, o->usage);
}

static int do_read(struct xs_handle *h, xs_transaction_t t, const char *path,
                   const struct options *o)
{
    char *val = xs_read(h, t, path, NULL);

    if (!val) {
        warnx("couldn't read path %s", path);
        return 1;
    }
    if (o->prefix)
        output("%s: ", path);
    output("%s\n", val);
    free(val);
    return 0;
}

static int do_list(struct xs_handle *h, xs_transaction_t t, const char *path,
                   const struct options *o)
{
    unsigned int num;
    char **list = xs_directory(h, t, path, &num);

    if (!list) {
        warnx("could not list path %s", path);
        return 1;
    }
    for (unsigned int i = 0; i < num; i++)
        output(o->prefix ? "%s/%s\n" : "%.0s%s\n", path, list[i]);
    free(list);
    return 0;
}

static int do_rm(struct xs_handle *h, xs_transaction_t t, const char *path)
{
    if (xs_rm(h, t, path))
        return 0;
    warnx("could not remove path %s", path);
    return 1;
}

/* -t: also the parents left empty, with no value, up to the root. */
static int do_rm_tidy(struct xs_handle *h, xs_transaction_t t, const char *path)
{
    char *p = strdup(path), *slash;
    int ret = 0;

    if (!p)
        err(1, "malloc");
    while (!(ret = do_rm(h, t, p)) && (slash = strrchr(p, '/')) && slash != p) {
        unsigned int num = 1;
        char *val, **list;
        *slash = '\0';
        val = xs_read(h, t, p, NULL);
        list = val && !*val ? xs_directory(h, t, p, &num) : NULL;
        free(val);
        free(list);
        if (!list || num)
            break;
    }
    free(p);
    return ret;
}

/* The per-key work of the transaction modes. */
static int perform(struct xs_handle *h, xs_transaction_t t, int argc,
                   char **argv, const struct options *o)
{
    for (int i = 0; i < argc; i++) {
        int ret = 0;
        char *val;
        switch (o->mode) {
        case MODE_READ: ret = do_read(h, t, argv[i], o); break;
        case MODE_LIST: ret = do_list(h, t, argv[i], o); break;
        case MODE_RM:
            ret = o->tidy ? do_rm_tidy(h, t, argv[i]) : do_rm(h, t, argv[i]);
            break;
        case MODE_EXISTS:
            val = xs_read(h, t, argv[i], NULL);
            ret = val ? 0 : 1;
            free(val);
            break;
        case MODE_WRITE:
            if (!xs_write(h, t, argv[i], argv[i + 1], (unsigned int)strlen(argv[i + 1]))) {
                warnx("could not write path %s", argv[i]);
                ret = 1;
            }
            i++;
            break;
        default:
            break;
        }
        if (ret)
            return ret;
    }
    return 0;
}

static int run_transaction(struct xs_handle *h, int argc, char **argv,
                           const struct options *o)
{
    for (;;) {
        xs_transaction_t t = xs_transaction_start(h);
        int ret;
        if (t == XBT_NULL)
            errx(1, "couldn't start transaction");
        out_len = 0;
        ret = perform(h, t, argc, argv, o);
        if (xs_transaction_end(h, t, ret != 0)) {
            if (out_len)
                fwrite(out_buf, 1, out_len, stdout);
            return ret;
        }
        if (ret || errno != EAGAIN)
            errx(1, "couldn't end transaction");
    }
}

/* A value as xenstore-ls shows it: unprintable bytes escaped. */
static void print_value(const char *v, unsigned int len)
{
    for (unsigned int i = 0; i < len; i++) {
        unsigned char c = (unsigned char)v[i];
        if (c == '\\')
            fputs("\\\\", stdout);
        else if (c == '\n')
            fputs("\\n", stdout);
        else if (c == '\t')
            fputs("\\t", stdout);
        else if (c == '\r')
            fputs("\\r", stdout);
        else if (c < ' ' || c > '~')
            printf("\\x%02x", c);
        else
            putchar(c);
    }
}

static void ls_perms(struct xs_handle *h, const char *path)
{
    unsigned int num;
    struct xs_permissions *p = xs_get_permissions(h, XBT_NULL, path, &num);
    char buf[XS_PERM_STRING_MAX];

    fputs("  (", stdout);
    for (unsigned int i = 0; p && i < num; i++)
        if (xs_perm_to_string(&p[i], buf, sizeof(buf)))
            printf("%s%s", i ? ", " : "", buf);
    fputs(")", stdout);
    free(p);
}

/* name = "value", one space of indent per level, then the children. */
static void do_ls(struct xs_handle *h, const char *path, int depth, bool perms)
{
    unsigned int num;
    char **list = xs_directory(h, XBT_NULL, path, &num);

    if (!list) {
        warnx("could not list path %s", path);
        return;
    }
    for (unsigned int i = 0; i < num; i++) {
        char child[XENSTORE_ABS_PATH_MAX + 1];
        unsigned int len = 0;
        char *val;
        snprintf(child, sizeof(child), "%s%s%s", path,
                 strcmp(path, "/") == 0 ? "" : "/", list[i]);
        val = xs_read(h, XBT_NULL, child, &len);
        printf("%*s%s = \"", depth, "", list[i]);
        if (val)
            print_value(val, len);
        putchar('"');
        if (perms)
            ls_perms(h, child);
        putchar('\n');
        free(val);
        do_ls(h, child, depth + 1, perms);
    }
    free(list);
}

static int do_chmod(struct xs_handle *h, const char *path, int nmodes,
                    char **modes_str, const struct options *o)
{
    struct xs_permissions perms[64];
    char strings[64 * XS_PERM_STRING_MAX];
    size_t used = 0;

    if (nmodes > 64)
        errx(1, "too many permissions");
    for (int i = 0; i < nmodes; i++) {
        size_t n = strlen(modes_str[i]) + 1;
        if (n > XS_PERM_STRING_MAX)
            errx(1, "Invalid permission specification: '%s'", modes_str[i]);
        memcpy(strings + used, modes_str[i], n);
        used += n;
    }
    if (!xs_strings_to_perms(perms, (unsigned int)nmodes, strings))
        errx(1, "Invalid permissions specification");
    if (!xs_set_permissions(h, XBT_NULL, path, perms, (unsigned int)nmodes)) {
        warnx("Error occurred trying to set permissions on %s", path);
        return 1;
    }
    if (o->recurse) {
        unsigned int num;
        char **list = xs_directory(h, XBT_NULL, path, &num);
        int ret = 0;
        for (unsigned int i = 0; list && i < num && !ret; i++) {
            char child[XENSTORE_ABS_PATH_MAX + 1];
            snprintf(child, sizeof(child), "%s%s%s", path,
                     strcmp(path, "/") == 0 ? "" : "/", list[i]);
            ret = do_chmod(h, child, nmodes, modes_str, o);
        }
        free(list);
        return ret;
    }
    return 0;
}

/* Prints each event's path, flushing, until nr_events (if > 0) seen. */
static int do_watch(struct xs_handle *h, const char *path, long nr_events)
{
    if (!xs_watch(h, path, "xenstore-watch"))
        errx(1, "Unable to add watch on %s", path);
    for (long seen = 0; nr_events <= 0 || seen < nr_events; seen++) {
        unsigned int num;
        char **vec = xs_read_watch(h, &num);
        if (!vec)
            err(1, "xs_read_watch");
        printf("%s\n", vec[XS_WATCH_PATH]);
        fflush(stdout);
        free(vec);
    }
    return 0;
}

static void pick_mode(struct options *o, const char *argv0)
{
    const char *name = strrchr(argv0, '/') ? strrchr(argv0, '/') + 1 : argv0;

    for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
        if (strcmp(name, modes[i].name) == 0) {
            o->mode = modes[i].mode;
            o->usage = modes[i].usage;
            return;
        }
    }
    errx(1, "unknown name %s: run as xenstore-read, -write, -rm, -list, "
         "-exists, -ls, -chmod or -watch", name);
}

static void parse_options(struct options *o, int argc, char **argv)
{
    int c;

    while ((c = getopt(argc, argv, "hsptrn:")) != -1) {
        switch (c) {
        case 's': break;                /* always the socket here */
        case 'p': o->prefix = true; break;
        case 't': o->tidy = true; break;
        case 'r': o->recurse = true; break;
        case 'n': o->nr_events = strtol(optarg, NULL, 10); break;
        default: usage(o);
        }
    }
}

static bool args_ok(const struct options *o, int nargs)
{
    switch (o->mode) {
    case MODE_LS: return nargs <= 1;
    case MODE_WRITE: return nargs > 0 && nargs % 2 == 0;
    case MODE_CHMOD: return nargs >= 2;
    case MODE_WATCH: return nargs == 1;
    default: return nargs > 0;
    }
}

int main(int argc, char **argv)
{
    struct options o = { 0 };
    struct xs_handle *h;
    int nargs, ret;

    pick_mode(&o, argv[0]);
    parse_options(&o, argc, argv);
    nargs = argc - optind;
    if (!args_ok(&o, nargs))
        usage(&o);
    h = xs_open(0);
    if (!h)
        err(1, "xs_open");
    if (o.mode == MODE_LS) {
        do_ls(h, nargs ? argv[optind] : "/", 0, o.prefix);
        ret = 0;
    } else if (o.mode == MODE_CHMOD) {
        ret = do_chmod(h, argv[optind], nargs - 1, argv + optind + 1, &o);
    } else if (o.mode == MODE_WATCH) {
        ret = do_watch(h, argv[optind], o.nr_events);
    } else {
        ret = run_transaction(h, nargs, argv + optind, &o);
    }
    xs_close(h);
    return ret;
}
