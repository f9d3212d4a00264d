/*
 * tests/dom0/hello_dynamic.c - a dynamically linked program: run through
 * Debian's ld.so and libc.so.6 from the root archive.  Prints its
 * arguments so a test can check they arrive intact.
 */
#include <stdio.h>

int main(int argc, char **argv)
{
    puts("hello, dynamic");
    for (int i = 0; i < argc; i++)
        printf("argv[%d] = %s\n", i, argv[i]);
    return 0;
}
