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

#include <stddef.h>
#include <public/xen.h>

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

/*
 * The domain commands (xl_create.c, xl_vmcontrol.c, xl_vcpu.c) link
 * libxenctrl, the PV builder and libxenstore.  They are weak so that xl
 * builds, without them, before those libraries exist: a command whose
 * code is not linked in is left out of the table.
 */
#define XL_TOOLSTACK_COMMAND(name) \
    int name(int argc, char **argv) __attribute__((weak))
XL_TOOLSTACK_COMMAND(main_create);
XL_TOOLSTACK_COMMAND(main_destroy);
XL_TOOLSTACK_COMMAND(main_shutdown);
XL_TOOLSTACK_COMMAND(main_reboot);
XL_TOOLSTACK_COMMAND(main_pause);
XL_TOOLSTACK_COMMAND(main_unpause);
XL_TOOLSTACK_COMMAND(main_domid);
XL_TOOLSTACK_COMMAND(main_domname);
XL_TOOLSTACK_COMMAND(main_rename);
XL_TOOLSTACK_COMMAND(main_memset);
XL_TOOLSTACK_COMMAND(main_vcpulist);

/* The name xenstore holds for domain id into buf: 0, or -1 (weak, as above). */
int xl_store_name(domid_t id, char *buf, size_t size) __attribute__((weak));

/* minixen's name sysctl for domain id (a boot module's domain= word). */
int xl_hypervisor_name(domid_t id, char *buf);

void help(const char *command);

/*
 * getopt for subcommand `command`: the next option, or -1 when done with
 * at least `reqargs` arguments left.  Handles -h/--help and the errors
 * itself, exiting as Xen's xl does.
 */
int xl_getopt(int argc, char **argv, const char *optstring,
              const char *command, int reqargs);

#endif /* MINIXEN_TOOLS_XL_H */
