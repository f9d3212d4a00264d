/*
 * tools/xl/xl.h - what xl's subcommands share: the command table entry,
 * the privcmd descriptor, option parsing and help.
 *
 * Messages and exit statuses follow Xen's xl: a subcommand returns 0 or
 * EXIT_FAILURE; a bad option or a missing argument exits with 2 after the
 * subcommand's help; -h prints that help and exits with 0.
 */
#ifndef MINIXEN_TOOLS_XL_H
#define MINIXEN_TOOLS_XL_H

struct cmd_spec {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *desc;       /* one line, no final full stop */
    const char *usage;      /* the arguments after the command's name */
    const char *options;    /* one line per option, or NULL */
};

/*
 * The privcmd descriptor, opened on first use (after option parsing, so
 * help works anywhere); exits with a message if privcmd cannot be opened.
 */
int xl_privcmd(void);

int main_dmesg(int argc, char **argv);
int main_info(int argc, char **argv);
int main_list(int argc, char **argv);
int main_console(int argc, char **argv);

void help(const char *command);

/*
 * getopt for subcommand `command`: the next option, or -1 when done with
 * at least `reqargs` arguments left.  Handles -h/--help and the errors
 * itself, exiting as Xen's xl does.
 */
int xl_getopt(int argc, char **argv, const char *optstring,
              const char *command, int reqargs);

#endif /* MINIXEN_TOOLS_XL_H */
