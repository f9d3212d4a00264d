/*
 * tests/unit/xs_batch_client.c - libxenstore's batches (xs_batch_start,
 * xs_batch_end) against a real xenstored, for test_xenstore_tools.py.
 *
 *   xs_batch_client ok N        N writes in a transaction, one batch
 *   xs_batch_client refused     a bad path among good ones
 *   xs_batch_client misuse      calls a batch does not allow
 *
 * Prints one line per check ("name: ok" or "name: errno ...") and exits 0
 * only if every check saw what it should.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "xenstore.h"

static int failures;

static void check(const char *name, bool good)
{
    printf("%s: %s\n", name, good ? "ok" : strerror(errno));
    failures += !good;
}

static bool write_str(struct xs_handle *h, xs_transaction_t t,
                      const char *path, const char *value)
{
    return xs_write(h, t, path, value, (unsigned int)strlen(value));
}

static bool value_is(struct xs_handle *h, const char *path, const char *want)
{
    char *got = xs_read(h, XBT_NULL, path, NULL);
    bool same = got && strcmp(got, want) == 0;

    free(got);
    return same;
}

static void many_writes(struct xs_handle *h, int n)
{
    xs_transaction_t t = xs_transaction_start(h);
    struct xs_permissions perms[2] = { { 0, XS_PERM_NONE }, { 7, XS_PERM_READ } };
    char path[64], value[16];
    bool queued = t != XBT_NULL && xs_batch_start(h);

    for (int i = 0; queued && i < n; i++) {
        snprintf(path, sizeof(path), "/batch/n%d", i);
        snprintf(value, sizeof(value), "%d", i);
        queued = write_str(h, t, path, value);
    }
    queued = queued && xs_mkdir(h, t, "/batch/dir") &&
             xs_set_permissions(h, t, "/batch/dir", perms, 2);
    check("queued", queued);
    check("batch_end", xs_batch_end(h));
    check("commit", xs_transaction_end(h, t, false));
    snprintf(path, sizeof(path), "/batch/n%d", n - 1);
    snprintf(value, sizeof(value), "%d", n - 1);
    check("last value", value_is(h, path, value));
    check("first value", value_is(h, "/batch/n0", "0"));
}

static void refused(struct xs_handle *h)
{
    bool ended;

    check("batch_start", xs_batch_start(h));
    write_str(h, XBT_NULL, "/refused/before", "1");
    write_str(h, XBT_NULL, "/refused//bad", "x");       /* EINVAL */
    write_str(h, XBT_NULL, "/refused/after", "2");
    ended = xs_batch_end(h);
    check("refusal reported", !ended && errno == EINVAL);
    /* Outside a transaction the good requests still apply, in order. */
    check("before applied", value_is(h, "/refused/before", "1"));
    check("after applied", value_is(h, "/refused/after", "2"));
}

static void misuse(struct xs_handle *h)
{
    const char *paths[] = { "/misuse" };
    char *values[1];
    unsigned int lens[1];
    bool ok;

    ok = xs_batch_end(h);
    check("end without start", !ok && errno == EINVAL);
    check("batch_start", xs_batch_start(h));
    ok = xs_batch_start(h);
    check("start twice", !ok && errno == EBUSY);
    ok = xs_read(h, XBT_NULL, "/", NULL) != NULL;
    check("read in a batch", !ok && errno == EINVAL);
    ok = xs_read_batch(h, XBT_NULL, paths, 1, values, lens);
    check("read batch in a batch", !ok && errno == EINVAL && !values[0]);
    check("empty batch ends", xs_batch_end(h));
    check("usable after", write_str(h, XBT_NULL, "/misuse", "v") &&
                          value_is(h, "/misuse", "v"));
    ok = xs_read_batch(h, XBT_NULL, paths, 1, values, lens);
    check("read batch after", ok && values[0] && lens[0] == 1 && values[0][0] == 'v');
    if (ok)
        free(values[0]);
}

int main(int argc, char **argv)
{
    struct xs_handle *h = xs_open(0);

    if (!h || argc < 2) {
        perror("xs_batch_client");
        return 2;
    }
    if (!strcmp(argv[1], "ok") && argc == 3)
        many_writes(h, atoi(argv[2]));
    else if (!strcmp(argv[1], "refused"))
        refused(h);
    else if (!strcmp(argv[1], "misuse"))
        misuse(h);
    else
        return 2;
    xs_close(h);
    return failures ? 1 : 0;
}
