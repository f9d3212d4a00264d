/*
 * tests/dom0/meminfo.h - dom0's free memory as /proc/meminfo gives it,
 * for the programs that check a loop of mappings or processes leaks no
 * pages (forkloop, privcmd_map).
 */
#ifndef MINIXEN_TESTS_DOM0_MEMINFO_H
#define MINIXEN_TESTS_DOM0_MEMINFO_H

#include <stdio.h>

/* MemFree from /proc/meminfo in kB, or -1. */
static inline long mem_free_kb(void)
{
    char line[128];
    long kb = -1;
    FILE *f = fopen("/proc/meminfo", "r");

    while (f && fgets(line, sizeof(line), f))
        if (sscanf(line, "MemFree: %ld kB", &kb) == 1)
            break;
    if (f)
        fclose(f);
    return kb;
}

#endif /* MINIXEN_TESTS_DOM0_MEMINFO_H */
