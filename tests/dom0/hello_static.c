/* tests/dom0/hello_static.c - the smallest static program (gcc -static). */
#include <stdio.h>

int main(void)
{
    puts("hello, static");
    return 0;
}
