/*
 * tools/xl/xl_console.c - `xl console [-t pv] [-n 0] <Domain>`: attach
 * to a domain's PV console (tools/lib/xlconsole.h) until Ctrl-].
 *
 * A PV domain has one console, number 0 of type pv, as in Xen; the
 * other types are HVM's.  The domain is named by id or by name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "xl.h"
#include "xl_domain.h"
#include "xlconsole.h"
#include "xlconsole_proto.h"

static int check_console_choice(int opt, const char *arg)
{
    if (opt == 't' && strcmp(arg, "pv")) {
        fprintf(stderr, "console type supported are: pv, serial, vuart\n");
        return -1;
    }
    if (opt == 'n' && strcmp(arg, "0")) {
        fprintf(stderr, "xl console: a PV domain has console 0 only\n");
        return -1;
    }
    return 0;
}

int main_console(int argc, char **argv)
{
    const char *qualifier;
    int opt;

    while ((opt = xl_getopt(argc, argv, "n:t:", "console", 1)) != -1)
        if (check_console_choice(opt, optarg))
            return EXIT_FAILURE;
    qualifier = argv[optind];
    return xl_console_attach(xl_find_domain(qualifier));
}
