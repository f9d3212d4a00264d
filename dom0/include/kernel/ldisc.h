/*
 * dom0/include/kernel/ldisc.h - the terminal line discipline
 * (drivers/ldisc.c): what Linux's n_tty does to bytes between a serial
 * line and the programs reading and writing the terminal.
 *
 * Pure state: no hypercalls, no processes, no sleeping.  The terminal
 * driver feeds it input bytes one at a time, asks it whether a read can
 * proceed, copies reads out of it and runs output through it.  Echo is
 * handed to an emit callback already output-processed, so the driver
 * only has to write it to the console.  The same file builds on the host
 * for the unit tests.
 */
#ifndef DOM0_KERNEL_LDISC_H
#define DOM0_KERNEL_LDISC_H

#include <kernel/types.h>
#include <linux/termios.h>

/* Input held for readers: n_tty's N_TTY_BUF_SIZE; more is dropped. */
#define LDISC_BUF_SIZE      4096

/* The signals the discipline asks for, in Linux's x86_64 numbering. */
#define LDISC_SIGINT        2
#define LDISC_SIGQUIT       3
#define LDISC_SIGTSTP       20

/* Echo, output-processed, to be written to the terminal as it is. */
typedef void (*ldisc_emit_fn)(void *ctx, const char *bytes, size_t n);

struct ldisc_slot {
    uint8_t c;
    uint8_t flags;                  /* LDISC_SLOT_* */
};

struct ldisc {
    struct linux_termios termios;
    struct ldisc_slot buf[LDISC_BUF_SIZE];
    /* Ring positions, only ever increasing: tail <= canon_head <= head. */
    size_t tail;                    /* the oldest unread byte */
    size_t canon_head;              /* just past the last complete line */
    size_t head;                    /* where the next byte goes */
    unsigned int column;            /* the terminal's cursor column */
    unsigned int canon_column;      /* column where the line being edited began */
    bool lnext;                     /* the next byte is taken literally */
    bool stopped;                   /* output stopped by VSTOP (IXON) */
    unsigned long dropped;          /* input bytes lost to a full buffer */
    ldisc_emit_fn emit;
    void *emit_ctx;
};

/*
 * How a non-canonical read waits (VMIN/VTIME).  The read returns once it
 * has min bytes.  With a timeout it returns what it has when the timer
 * runs out; the timer starts with the read, or, when interbyte is set,
 * at the first byte and again at every byte (so the first byte is waited
 * for without limit).  min 0 means: return at once with what is there.
 */
struct ldisc_read_rule {
    size_t min;
    uint64_t timeout_ns;            /* 0: no timer */
    bool interbyte;
};

/* Linux's initial console settings; emit (may be NULL) receives echo. */
void ldisc_init(struct ldisc *ld, ldisc_emit_fn emit, void *emit_ctx);
void ldisc_get_termios(const struct ldisc *ld, struct linux_termios *out);
/* New settings; turning ICANON on makes pending input one line, as n_tty. */
void ldisc_set_termios(struct ldisc *ld, const struct linux_termios *t);

/*
 * One received byte: translates, edits, echoes and buffers it.  Returns
 * the signal to send the foreground process group (LDISC_SIG*), or 0.
 */
int ldisc_input(struct ldisc *ld, uint8_t c);

/* A canonical read has a line (or an end of file) to return. */
bool ldisc_line_ready(const struct ldisc *ld);
/* Bytes a read could return now: FIONREAD (end-of-file marks excluded). */
size_t ldisc_available(const struct ldisc *ld);
/* Whether a read would not block now: poll's POLLIN, as n_tty judges it. */
bool ldisc_poll_in(const struct ldisc *ld);
/* The VMIN/VTIME rule for a non-canonical read of n bytes. */
struct ldisc_read_rule ldisc_read_rule(const struct ldisc *ld, size_t n);
bool ldisc_canonical(const struct ldisc *ld);

/*
 * Copies up to n bytes out.  Canonical: at most one line, its newline
 * included; a line ended by VEOF comes without it, so an empty one reads
 * as 0 bytes (end of file).  Non-canonical: whatever is there.
 * line_ended (may be NULL) is set when a canonical read took the line's
 * end, so a caller copying in chunks knows to stop; never in raw mode.
 */
size_t ldisc_read(struct ldisc *ld, uint8_t *buf, size_t n, bool *line_ended);
void ldisc_flush_input(struct ldisc *ld);

/*
 * Output processing (OPOST: ONLCR, OCRNL, ONOCR, ONLRET, tab expansion)
 * of in[0..n) into out[0..cap): returns the bytes produced and sets
 * *consumed to the input bytes they stand for (a byte whose expansion
 * does not fit is left for the next call).
 */
size_t ldisc_output(struct ldisc *ld, const uint8_t *in, size_t n,
                    uint8_t *out, size_t cap, size_t *consumed);
/* Output is stopped by VSTOP (IXON) until VSTART or TCXONC. */
bool ldisc_output_stopped(const struct ldisc *ld);
void ldisc_set_stopped(struct ldisc *ld, bool stopped);

#endif /* DOM0_KERNEL_LDISC_H */
