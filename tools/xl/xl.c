/*
 * tools/xl/xl.c - xl, the control domain's tool, for minixen: the
 * subcommand table, help, option parsing and main.
 *
 * dmesg, info and list talk to the hypervisor through tools/lib/xencall
 * (privcmd); the domain commands (create, destroy, shutdown, ...) go
 * through libxenctrl, the PV builder and libxenstore instead of libxl.
 * All print what Xen 4.17's xl prints, so scripts written for Xen keep
 * working.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xen/privcmd.h>
#include "xencall.h"
#include "xl.h"

int xl_privcmd(void)
{
    static int fd = -1;

    if (fd < 0)
        fd = xencall_open();
    if (fd < 0) {
        perror("cannot open privcmd (" PRIVCMD_DEVICE " or "
               PRIVCMD_LEGACY_DEVICE ")");
        exit(EXIT_FAILURE);
    }
    return fd;
}

static const struct cmd_spec cmd_table[] = {
    { "list", main_list, "List information about all/some domains",
      "[options] [Domain]", NULL },
    { "dmesg", main_dmesg, "Read and/or clear dmesg buffer",
      "[-c]", "  -c                        Clear dmesg buffer as well as "
              "printing it" },
    { "info", main_info, "Get information about Xen host", "", NULL },
    { "console", main_console, "Attach to domain's console",
      "[options] <Domain>", "-t <type>       console type, pv only\n"
                            "-n <number>     console number, 0 only" },
    { "create", main_create, "Create a domain from config file <filename>",
      "<ConfigFile> [options] [vars]",
      "-h                      Print this help.\n"
      "-p                      Leave the domain paused after it is created.\n"
      "-c                      Connect to the console after the domain is "
      "created.\n"
      "-q, --quiet             Quiet.\n"
      "-n, --dryrun            Dry run - prints the resulting configuration\n"
      "-F                      Run in foreground until death of the domain.\n"
      "-e                      Do not wait in the background for the death "
      "of the domain." },
    { "destroy", main_destroy, "Terminate a domain immediately",
      "<Domain>", NULL },
    { "shutdown", main_shutdown, "Issue a shutdown signal to a domain",
      "[options] <-a|Domain>",
      "-a                      Shutdown all guest domains.\n"
      "-h                      Print this help.\n"
      "-F                      Fallback to the hypervisor's shutdown for "
      "guests with no PV control.\n"
      "-w                      Wait for guest(s) to shutdown." },
    { "reboot", main_reboot, "Issue a reboot signal to a domain",
      "[options] <-a|Domain>",
      "-a                      Reboot all guest domains.\n"
      "-h                      Print this help.\n"
      "-F                      Fallback to the hypervisor's shutdown for "
      "guests with no PV control.\n"
      "-w                      Wait for guest(s) to reboot." },
    { "pause", main_pause, "Pause execution of a domain", "<Domain>", NULL },
    { "unpause", main_unpause, "Unpause a paused domain", "<Domain>", NULL },
    { "domid", main_domid, "Convert a domain name to domain id",
      "<DomainName>", NULL },
    { "domname", main_domname, "Convert a domain id to domain name",
      "<DomainId>", NULL },
    { "rename", main_rename, "Rename a domain",
      "<Domain> <NewDomainName>", NULL },
    { "mem-set", main_memset, "Set the current memory usage for a domain",
      "<Domain> <MemMB['b'[bytes]|'k'[KB]|'m'[MB]|'g'[GB]|'t'[TB]]>", NULL },
    { "vcpu-list", main_vcpulist, "List the VCPUs for all/some domains",
      "[Domain, ...]", NULL },
};
#define CMD_COUNT (sizeof(cmd_table) / sizeof(cmd_table[0]))

static const struct cmd_spec *cmdtable_lookup(const char *name)
{
    for (size_t i = 0; i < CMD_COUNT; i++)
        if (!strcmp(cmd_table[i].name, name))
            return &cmd_table[i];
    return NULL;
}

static void help_all(void)
{
    printf("Usage xl <subcommand> [args]\n\n");
    printf("xl full list of subcommands:\n\n");
    for (size_t i = 0; i < CMD_COUNT; i++)
        printf(" %-19s %s\n", cmd_table[i].name, cmd_table[i].desc);
}

void help(const char *command)
{
    const struct cmd_spec *cmd;

    if (!command || !strcmp(command, "help")) {
        help_all();
        return;
    }
    cmd = cmdtable_lookup(command);
    if (!cmd) {
        printf("command \"%s\" not implemented\n", command);
        return;
    }
    printf("Usage: xl %s %s\n\n%s.\n\n", cmd->name, cmd->usage, cmd->desc);
    if (cmd->options)
        printf("Options:\n\n%s\n", cmd->options);
}

int xl_getopt(int argc, char **argv, const char *optstring,
              const char *command, int reqargs)
{
    static const struct option longopts[] = {
        { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
    };
    int opt;

    opterr = 0;
    opt = getopt_long(argc, argv, optstring, longopts, NULL);
    if (opt == 'h' || (opt == '?' && optopt == 'h')) {
        help(command);
        exit(EXIT_SUCCESS);
    }
    if (opt == '?') {
        fprintf(stderr, "option `%c' not supported.\n", optopt);
        exit(2);
    }
    if (opt == -1 && argc - optind < reqargs) {
        fprintf(stderr, "'xl %s' requires at least %d argument%s.\n\n",
                command, reqargs, reqargs > 1 ? "s" : "");
        help(command);
        exit(2);
    }
    return opt;
}

int main(int argc, char **argv)
{
    const struct cmd_spec *cmd;

    if (argc < 2) {
        help(NULL);
        return EXIT_FAILURE;
    }
    if (!strcmp(argv[1], "help")) {
        help(argv[2]);
        return EXIT_SUCCESS;
    }
    cmd = cmdtable_lookup(argv[1]);
    if (!cmd) {
        fprintf(stderr, "command not implemented\n");
        return EXIT_FAILURE;
    }
    /* Each subcommand parses its own options from its own argv[0]. */
    return cmd->run(argc - 1, argv + 1);
}
