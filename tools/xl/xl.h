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
int main_console(int argc, char **argv);

/* The domain commands (xl_create.c, xl_vmcontrol.c, xl_vcpu.c). */
int main_create(int argc, char **argv);
int main_destroy(int argc, char **argv);
int main_shutdown(int argc, char **argv);
int main_reboot(int argc, char **argv);
int main_pause(int argc, char **argv);
int main_unpause(int argc, char **argv);
int main_domid(int argc, char **argv);
int main_domname(int argc, char **argv);
int main_rename(int argc, char **argv);
int main_memset(int argc, char **argv);
int main_vcpulist(int argc, char **argv);

/* The name xenstore holds for domain id into buf: 0, or -1. */
int xl_store_name(domid_t id, char *buf, size_t size);

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
