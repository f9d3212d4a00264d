/*
 * tests/dom0/null_deref.c - reads through a NULL pointer: the kernel must
 * kill this process with SIGSEGV (the shell then reports it) and carry on.
 */
#include <stdio.h>

int main(void)
{
    /* volatile: the compiler may neither drop the read nor see it is NULL
     * (a NULL it can see becomes a trap instruction, SIGILL, instead). */
    int *volatile p = NULL;

    printf("null_deref: reading address %p\n", (void *)p);
    fflush(stdout);
    return *p;
}
