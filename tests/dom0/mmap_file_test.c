/*
 * tests/dom0/mmap_file_test.c - file mappings around fault-around: a read
 * fault maps the cached pages beside it read-only, and each must still
 * behave as Linux's page would.
 *
 *   a private write to a page mapped by a neighbour's fault   copied: the file unchanged
 *   a shared write to such a page                             reaches the file
 *   a neighbour in a PROT_NONE part of the mapping            still SIGSEGV
 *   the last, partial page of the file                        its tail reads zero
 *   munmap of 256 touched pages                               MemFree as before, SIGSEGV after
 */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"
#include "meminfo.h"

#define PAGE        4096
#define FILE_PAGES  16
#define PATH        "/tmp/mmap_file_test"
#define ANON_PAGES  256

/* Page i of the file holds the byte 'a' + i throughout. */
static int make_file(size_t size)
{
    char page[PAGE];
    int fd = open(PATH, O_RDWR | O_CREAT | O_TRUNC, 0600);

    for (size_t off = 0; fd >= 0 && off < size; off += PAGE) {
        size_t n = size - off < PAGE ? size - off : PAGE;

        memset(page, 'a' + (int)(off / PAGE), n);
        if (write(fd, page, n) != (ssize_t)n) {
            close(fd);
            return -1;
        }
    }
    return fd;
}

static char file_byte(int fd, off_t off)
{
    char c = 0;

    return pread(fd, &c, 1, off) == 1 ? c : 0;
}

/* Whether reading *p in a child kills it with SIGSEGV. */
static int read_faults(const volatile char *p)
{
    int status;
    pid_t pid = fork();

    if (pid == 0) {
        (void)*p;
        _exit(0);
    }
    return pid > 0 && waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) &&
           WTERMSIG(status) == SIGSEGV;
}

static void private_write_copies(int fd)
{
    char *p = mmap(NULL, FILE_PAGES * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);

    check_true("private mapping", p != MAP_FAILED, strerror(errno));
    if (p == MAP_FAILED)
        return;
    check_true("private read", p[0] == 'a', "page 0 is not the file's");
    p[3 * PAGE + 1] = 'X';
    check_true("private write to a neighbour", p[3 * PAGE + 1] == 'X' &&
               p[3 * PAGE] == 'd' && p[3 * PAGE + PAGE - 1] == 'd', "page 3 wrong");
    check_true("private write leaves the file", file_byte(fd, 3 * PAGE + 1) == 'd',
               "the file changed");
    check_true("private neighbours read the file", p[7 * PAGE] == 'h' &&
               p[15 * PAGE] == 'p', "pages 7, 15 wrong");
    munmap(p, FILE_PAGES * PAGE);
}

static void shared_write_reaches_file(int fd)
{
    char *p = mmap(NULL, FILE_PAGES * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

    check_true("shared mapping", p != MAP_FAILED, strerror(errno));
    if (p == MAP_FAILED)
        return;
    check_true("shared read", p[0] == 'a', "page 0 is not the file's");
    p[5 * PAGE + 2] = 'Y';
    check_true("shared write to a neighbour reaches the file",
               file_byte(fd, 5 * PAGE + 2) == 'Y', "the file did not change");
    munmap(p, FILE_PAGES * PAGE);
}

static void protected_part_faults(int fd)
{
    char *p = mmap(NULL, 8 * PAGE, PROT_READ, MAP_PRIVATE, fd, 0);

    if (p == MAP_FAILED || mprotect(p + 4 * PAGE, 4 * PAGE, PROT_NONE)) {
        check_true("PROT_NONE part", 0, strerror(errno));
        return;
    }
    check_true("readable part", p[0] == 'a' && p[3 * PAGE] == 'd', "pages 0, 3 wrong");
    check_true("a PROT_NONE neighbour still faults", read_faults(p + 5 * PAGE),
               "page 5 could be read");
    munmap(p, 8 * PAGE);
}

static void partial_page_tail_is_zero(void)
{
    int fd = make_file(2 * PAGE + PAGE / 2);
    char *p = fd < 0 ? MAP_FAILED : mmap(NULL, 3 * PAGE, PROT_READ, MAP_PRIVATE, fd, 0);

    check_true("short file mapped", p != MAP_FAILED, strerror(errno));
    if (p != MAP_FAILED) {
        check_true("the last page's data", p[0] == 'a' && p[2 * PAGE] == 'c' &&
                   p[2 * PAGE + PAGE / 2 - 1] == 'c', "page 2 wrong");
        check_true("the last page's tail reads zero", p[2 * PAGE + PAGE / 2] == 0 &&
                   p[3 * PAGE - 1] == 0, "bytes past the end are not zero");
        munmap(p, 3 * PAGE);
    }
    if (fd >= 0)
        close(fd);
}

/* Maps and touches ANON_PAGES anonymous pages, then unmaps them: where they were. */
static char *touch_and_unmap(void)
{
    char *p = mmap(NULL, ANON_PAGES * PAGE, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    if (p == MAP_FAILED)
        return NULL;
    for (int i = 0; i < ANON_PAGES; i++)
        p[i * PAGE] = 1;
    munmap(p, ANON_PAGES * PAGE);
    return p;
}

/*
 * A first round (and a first read of /proc/meminfo) leaves the page
 * tables for the range and the reader's buffers behind; the measured
 * round must give back every page it took (a leak would show as 1 MiB).
 */
static void munmap_gives_memory_back(void)
{
    long before, after;
    char why[96], *p = touch_and_unmap();

    (void)mem_free_kb();
    before = mem_free_kb();
    p = p ? touch_and_unmap() : NULL;
    after = mem_free_kb();
    check_true("anonymous mapping", p != NULL, strerror(errno));
    snprintf(why, sizeof(why), "MemFree %ld kB before, %ld kB after", before, after);
    check_true("munmap gives the memory back", before > 0 && after == before, why);
    if (p)
        check_true("an unmapped page faults", read_faults(p + 100 * PAGE), "it could be read");
}

int main(void)
{
    int fd = make_file(FILE_PAGES * PAGE);

    check_true("test file", fd >= 0, strerror(errno));
    if (fd >= 0) {
        private_write_copies(fd);
        shared_write_reaches_file(fd);
        protected_part_faults(fd);
        close(fd);
    }
    partial_page_tail_is_zero();
    munmap_gives_memory_back();
    unlink(PATH);
    return check_verdict("mmap_file_test");
}
