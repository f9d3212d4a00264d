/*
 * tests/unit/xl_fakes/fake_xl_libs.h - the pretend hypervisor, builder
 * and xenstore behind the fake libraries (fake_xl_libs.c), and the
 * knobs test_xl_toolstack.c turns: which call fails, how much memory is
 * free, which kernel is not a PV image, what happens on each watch read.
 */
#ifndef XL_FAKES_FAKE_XL_LIBS_H
#define XL_FAKES_FAKE_XL_LIBS_H

#include <stdbool.h>
#include <stdint.h>

#define FAKE_MAX_DOMAINS 16
#define FAKE_MAX_NODES   512

struct fake_domain {
    bool exists, paused, introduced;
    int shutdown_reason;            /* SHUTDOWN_*, or -1 while running */
    unsigned int max_vcpus, ports;
    uint64_t maxmem_kb;
    uint8_t handle[16];
    unsigned long store_mfn;
    unsigned int store_port;
};

struct fake_node {
    bool used;
    char path[128];
    char value[128];
    unsigned int owner;
};

struct fake_state {
    struct fake_domain dom[FAKE_MAX_DOMAINS];
    uint32_t rover;                 /* the last id given, as Xen's */
    struct fake_node node[FAKE_MAX_NODES];
    const char *fail_call;          /* the call that fails, or NULL */
    int fail_errno;
    uint64_t free_pages;
    const char *bad_kernel;         /* refused by xg_pv_check_kernel */
    unsigned int creates;           /* domains created */
    /* Called on each xs_read_watch (1, 2, ...); past watch_limit it fails. */
    void (*on_watch)(unsigned int call);
    unsigned int watch_calls, watch_limit;
};

extern struct fake_state fake;

/* A fresh state: domain 0 alone, 64 MiB free, nothing failing. */
void fake_reset(void);

/* A node's value, or NULL; its owner, or -1. */
const char *fake_node_value(const char *path);
int fake_node_owner(const char *path);

/* Nodes whose path starts with prefix. */
unsigned int fake_nodes_under(const char *prefix);

/* Domains other than 0 that exist. */
unsigned int fake_guests(void);

#endif /* XL_FAKES_FAKE_XL_LIBS_H */
