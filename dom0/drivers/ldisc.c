/*
 * dom0/drivers/ldisc.c - the line discipline (kernel/ldisc.h): Linux's
 * n_tty behaviour for one terminal, as a state machine with no hypercalls
 * and no processes, so the host unit tests can drive it byte by byte.
 *
 * Input waits in a ring of LDISC_BUF_SIZE slots.  Each slot has its byte
 * and flags: LDISC_SLOT_EOL marks the last byte of a complete canonical
 * line, LDISC_SLOT_EOF marks a slot that stands for VEOF and is never
 * copied to a reader (n_tty stores __DISABLED_CHAR there).  Slots from
 * tail to canon_head hold complete lines; canon_head to head is the line
 * being edited, the only part erase and kill may touch.
 */
#include <kernel/ldisc.h>
#include <kernel/kernel.h>

#define LDISC_SLOT_EOL      0x01
#define LDISC_SLOT_EOF      0x02

#define CTRL_BIT            0x40    /* '^' notation: ^C is 0x03 ^ 0x40 */
#define ASCII_DEL           0x7f
#define ASCII_BS            0x08
#define ISTRIP_MASK         0x7f
#define TAB_WIDTH           8
/* VTIME counts tenths of a second. */
#define VTIME_UNIT_NS       100000000ULL

_Static_assert((LDISC_BUF_SIZE & (LDISC_BUF_SIZE - 1)) == 0,
               "ring positions wrap with a mask");

enum erase_kind { ERASE_CHAR, ERASE_WORD, ERASE_LINE };

static const struct linux_termios default_termios = {
    .c_iflag = ICRNL | IXON,
    .c_oflag = OPOST | ONLCR,
    .c_cflag = B38400 | CS8 | CREAD | HUPCL,
    .c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN,
    .c_cc = {
        [VINTR] = 0x03, [VQUIT] = 0x1c, [VERASE] = ASCII_DEL, [VKILL] = 0x15,
        [VEOF] = 0x04, [VTIME] = 0, [VMIN] = 1, [VSTART] = 0x11,
        [VSTOP] = 0x13, [VSUSP] = 0x1a, [VREPRINT] = 0x12,
        [VDISCARD] = 0x0f, [VWERASE] = 0x17, [VLNEXT] = 0x16,
    },
};

static bool iflag(const struct ldisc *ld, linux_tcflag_t f)
{
    return (ld->termios.c_iflag & f) != 0;
}

static bool oflag(const struct ldisc *ld, linux_tcflag_t f)
{
    return (ld->termios.c_oflag & f) != 0;
}

static bool lflag(const struct ldisc *ld, linux_tcflag_t f)
{
    return (ld->termios.c_lflag & f) != 0;
}

/* c matches control character idx, which a 0 entry disables. */
static bool is_cc(const struct ldisc *ld, uint8_t c, unsigned int idx)
{
    uint8_t cc = ld->termios.c_cc[idx];

    return cc != LINUX_VDISABLE && c == cc;
}

static bool is_cntrl(uint8_t c)
{
    return c < 0x20 || c == ASCII_DEL;
}

static bool is_word_char(uint8_t c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
           (c >= 'A' && c <= 'Z') || c == '_';
}

static struct ldisc_slot *slot_at(struct ldisc *ld, size_t pos)
{
    return &ld->buf[pos & (LDISC_BUF_SIZE - 1)];
}

static const struct ldisc_slot *slot_at_const(const struct ldisc *ld, size_t pos)
{
    return &ld->buf[pos & (LDISC_BUF_SIZE - 1)];
}

void ldisc_init(struct ldisc *ld, ldisc_emit_fn emit, void *emit_ctx)
{
    memset(ld, 0, sizeof(*ld));
    ld->termios = default_termios;
    ld->emit = emit;
    ld->emit_ctx = emit_ctx;
}

void ldisc_get_termios(const struct ldisc *ld, struct linux_termios *out)
{
    *out = ld->termios;
}

bool ldisc_canonical(const struct ldisc *ld)
{
    return lflag(ld, ICANON);
}

/*
 * As n_tty: input typed in raw mode becomes one complete line when
 * ICANON comes on, so a reader switching modes does not lose it.
 */
void ldisc_set_termios(struct ldisc *ld, const struct linux_termios *t)
{
    bool was_canonical = ldisc_canonical(ld);

    ld->termios = *t;
    if (!was_canonical && ldisc_canonical(ld)) {
        if (ld->head != ld->tail)
            slot_at(ld, ld->head - 1)->flags |= LDISC_SLOT_EOL;
        ld->canon_head = ld->head;
        ld->canon_column = ld->column;
    }
    if (!iflag(ld, IXON))
        ld->stopped = false;
}

/* ---- Output processing ---- */

/* Sentinel of output_byte: the expansion does not fit in the space left. */
#define OUTPUT_NO_ROOM      (-1)

static bool tabs_expand(const struct ldisc *ld)
{
    return (ld->termios.c_oflag & TABDLY) == XTABS;
}

static void track_column(struct ldisc *ld, uint8_t c)
{
    if (c == '\r')
        ld->column = 0;
    else if (c == '\t')
        ld->column += TAB_WIDTH - ld->column % TAB_WIDTH;
    else if (c == ASCII_BS && ld->column > 0)
        ld->column--;
    else if (!is_cntrl(c))
        ld->column++;
}

static int output_tab(struct ldisc *ld, uint8_t *out, size_t cap)
{
    unsigned int spaces = TAB_WIDTH - ld->column % TAB_WIDTH;

    if (!tabs_expand(ld)) {
        if (cap < 1)
            return OUTPUT_NO_ROOM;
        out[0] = '\t';
    } else {
        if (cap < spaces)
            return OUTPUT_NO_ROOM;
        memset(out, ' ', spaces);
    }
    ld->column += spaces;
    return tabs_expand(ld) ? (int)spaces : 1;
}

static int output_newline(struct ldisc *ld, uint8_t *out, size_t cap)
{
    if (oflag(ld, ONLCR)) {
        if (cap < 2)
            return OUTPUT_NO_ROOM;
        out[0] = '\r';
        out[1] = '\n';
        ld->column = 0;
        return 2;
    }
    if (cap < 1)
        return OUTPUT_NO_ROOM;
    out[0] = '\n';
    if (oflag(ld, ONLRET))
        ld->column = 0;
    return 1;
}

/* A carriage return: dropped at column 0 with ONOCR, a newline with OCRNL. */
static int output_return(struct ldisc *ld, uint8_t *out, size_t cap)
{
    if (oflag(ld, ONOCR) && ld->column == 0)
        return 0;
    if (cap < 1)
        return OUTPUT_NO_ROOM;
    if (oflag(ld, OCRNL)) {
        out[0] = '\n';
        if (oflag(ld, ONLRET))
            ld->column = 0;
        return 1;
    }
    out[0] = '\r';
    ld->column = 0;
    return 1;
}

/* Byte c of output, processed into out: its length or OUTPUT_NO_ROOM. */
static int output_byte(struct ldisc *ld, uint8_t c, uint8_t *out, size_t cap)
{
    if (oflag(ld, OPOST)) {
        if (c == '\n')
            return output_newline(ld, out, cap);
        if (c == '\r')
            return output_return(ld, out, cap);
        if (c == '\t')
            return output_tab(ld, out, cap);
    }
    if (cap < 1)
        return OUTPUT_NO_ROOM;
    out[0] = c;
    track_column(ld, c);
    return 1;
}

size_t ldisc_output(struct ldisc *ld, const uint8_t *in, size_t n,
                    uint8_t *out, size_t cap, size_t *consumed)
{
    size_t done = 0, len = 0;
    int step;

    for (; done < n; done++) {
        step = output_byte(ld, in[done], out + len, cap - len);
        if (step == OUTPUT_NO_ROOM)
            break;
        len += (size_t)step;
    }
    *consumed = done;
    return len;
}

bool ldisc_output_stopped(const struct ldisc *ld)
{
    return ld->stopped;
}

void ldisc_set_stopped(struct ldisc *ld, bool stopped)
{
    ld->stopped = stopped;
}

/* ---- Echo ---- */

/* Echo goes through output processing, as n_tty's does (\n is \r\n). */
static void echo_raw(struct ldisc *ld, const char *s, size_t n)
{
    uint8_t chunk[64];
    size_t used, len;

    while (n) {
        len = ldisc_output(ld, (const uint8_t *)s, n, chunk, sizeof(chunk), &used);
        if (ld->emit && len)
            ld->emit(ld->emit_ctx, (const char *)chunk, len);
        if (!used)
            break;          /* cannot happen: chunk holds any expansion */
        s += used;
        n -= used;
    }
}

static void echo_byte_raw(struct ldisc *ld, uint8_t c)
{
    echo_raw(ld, (const char *)&c, 1);
}

/* A byte as the user sees it typed: control characters as ^X with ECHOCTL. */
static void echo_char(struct ldisc *ld, uint8_t c)
{
    char caret[2] = { '^', (char)(c ^ CTRL_BIT) };

    if (lflag(ld, ECHOCTL) && is_cntrl(c) && c != '\t' && c != '\n')
        echo_raw(ld, caret, sizeof(caret));
    else
        echo_byte_raw(ld, c);
}

/* The column after echoing slots [canon_head, end) from canon_column. */
static unsigned int line_column(const struct ldisc *ld, size_t end)
{
    unsigned int col = ld->canon_column;
    uint8_t c;

    for (size_t pos = ld->canon_head; pos < end; pos++) {
        c = slot_at_const(ld, pos)->c;
        if (c == '\t')
            col += TAB_WIDTH - col % TAB_WIDTH;
        else if (is_cntrl(c) && lflag(ld, ECHOCTL))
            col += 2;
        else if (!is_cntrl(c))
            col++;
    }
    return col;
}

/* Rubs out the echo of c, the byte just removed from the line's end. */
static void echo_rubout(struct ldisc *ld, uint8_t c)
{
    unsigned int target;

    if (c == '\t') {
        target = line_column(ld, ld->head);
        while (ld->column > target)
            echo_byte_raw(ld, ASCII_BS);
        return;
    }
    if (is_cntrl(c) && lflag(ld, ECHOCTL))
        echo_raw(ld, "\b \b", 3);
    echo_raw(ld, "\b \b", 3);
}

/* ---- Input ---- */

static size_t buffered(const struct ldisc *ld)
{
    return ld->head - ld->tail;
}

/*
 * Stores one byte.  In canonical mode the last slot is kept for a line's
 * end, so a user who filled the buffer can still finish the line (n_tty
 * does the same); what does not fit is dropped.
 */
static bool store(struct ldisc *ld, uint8_t c, uint8_t flags)
{
    size_t limit = LDISC_BUF_SIZE;

    if (ldisc_canonical(ld) && !flags)
        limit--;
    if (buffered(ld) >= limit) {
        ld->dropped++;
        return false;
    }
    *slot_at(ld, ld->head) = (struct ldisc_slot){ .c = c, .flags = flags };
    ld->head++;
    return true;
}

static void complete_line(struct ldisc *ld)
{
    ld->canon_head = ld->head;
    ld->canon_column = ld->column;
}

/* Before the first echo of a line, remember where it starts (tab rubout). */
static void note_line_start(struct ldisc *ld)
{
    if (ld->canon_head == ld->head)
        ld->canon_column = ld->column;
}

/* An ordinary byte: buffered, and echoed if it was. */
static void input_plain(struct ldisc *ld, uint8_t c)
{
    if (lflag(ld, ECHO))
        note_line_start(ld);
    if (!store(ld, c, 0))
        return;
    if (!lflag(ld, ECHO))
        return;
    if (c == '\n')
        echo_byte_raw(ld, c);
    else
        echo_char(ld, c);
}

/* Newline, VEOL or VEOL2: the byte ends a line and is part of it. */
static void input_line_end(struct ldisc *ld, uint8_t c)
{
    bool echo_it = lflag(ld, ECHO) || (c == '\n' && lflag(ld, ECHONL));

    if (lflag(ld, ECHO))
        note_line_start(ld);
    if (!store(ld, c, LDISC_SLOT_EOL))
        return;
    if (echo_it && c == '\n')
        echo_byte_raw(ld, c);
    else if (echo_it)
        echo_char(ld, c);
    complete_line(ld);
}

/* VEOF: ends the line without adding a byte to it; not echoed (n_tty). */
static void input_eof(struct ldisc *ld)
{
    if (store(ld, 0, LDISC_SLOT_EOL | LDISC_SLOT_EOF))
        complete_line(ld);
}

/* Removes the last byte of the line being edited, with its echo. */
static bool erase_last(struct ldisc *ld, bool rubout)
{
    uint8_t c;

    if (ld->head == ld->canon_head)
        return false;
    ld->head--;
    c = slot_at(ld, ld->head)->c;
    if (lflag(ld, ECHO) && rubout)
        echo_rubout(ld, c);
    return true;
}

static void erase_word(struct ldisc *ld)
{
    bool seen_word = false;
    uint8_t c;

    while (ld->head != ld->canon_head) {
        c = slot_at(ld, ld->head - 1)->c;
        if (is_word_char(c))
            seen_word = true;
        else if (seen_word)
            break;
        erase_last(ld, true);
    }
}

/* VKILL: rubs out the line with ECHOKE, else echoes the kill character. */
static void erase_line(struct ldisc *ld)
{
    bool rubout = lflag(ld, ECHOK) && lflag(ld, ECHOKE) && lflag(ld, ECHOE);

    if (ld->head == ld->canon_head)
        return;
    if (lflag(ld, ECHO) && !rubout) {
        ld->head = ld->canon_head;
        echo_char(ld, ld->termios.c_cc[VKILL]);
        if (lflag(ld, ECHOK))
            echo_byte_raw(ld, '\n');
        return;
    }
    while (erase_last(ld, true))
        ;
}

static void erase(struct ldisc *ld, enum erase_kind kind)
{
    if (kind == ERASE_LINE)
        erase_line(ld);
    else if (kind == ERASE_WORD)
        erase_word(ld);
    else if (lflag(ld, ECHOE))
        erase_last(ld, true);
    else if (erase_last(ld, false) && lflag(ld, ECHO))
        echo_char(ld, ld->termios.c_cc[VERASE]);
}

/* VREPRINT: the character, a newline, then the line being edited again. */
static void reprint(struct ldisc *ld, uint8_t c)
{
    echo_char(ld, c);
    echo_byte_raw(ld, '\n');
    ld->canon_column = ld->column;
    for (size_t pos = ld->canon_head; pos < ld->head; pos++)
        echo_char(ld, slot_at(ld, pos)->c);
}

void ldisc_flush_input(struct ldisc *ld)
{
    ld->tail = ld->canon_head = ld->head;
    ld->lnext = false;
}

/*
 * ISIG characters: the foreground group gets the signal; input (typed
 * ahead or half a line) is thrown away unless NOFLSH, and the character
 * is echoed (^C) after the flush, as n_tty does.
 */
static int signal_for(const struct ldisc *ld, uint8_t c)
{
    if (!lflag(ld, ISIG))
        return 0;
    if (is_cc(ld, c, VINTR))
        return LDISC_SIGINT;
    if (is_cc(ld, c, VQUIT))
        return LDISC_SIGQUIT;
    if (is_cc(ld, c, VSUSP))
        return LDISC_SIGTSTP;
    return 0;
}

static int input_signal(struct ldisc *ld, uint8_t c, int sig)
{
    if (!lflag(ld, NOFLSH))
        ldisc_flush_input(ld);
    ld->stopped = false;
    if (lflag(ld, ECHO))
        echo_char(ld, c);
    return sig;
}

/* VSTART/VSTOP with IXON: consumed, they restart or stop output. */
static bool input_flow_control(struct ldisc *ld, uint8_t c)
{
    if (!iflag(ld, IXON))
        return false;
    if (is_cc(ld, c, VSTART)) {
        ld->stopped = false;
        return true;
    }
    if (is_cc(ld, c, VSTOP)) {
        ld->stopped = true;
        return true;
    }
    if (iflag(ld, IXANY))
        ld->stopped = false;
    return false;
}

/* ICRNL, INLCR, IGNCR: returns false when the byte is to be ignored. */
static bool translate_input(const struct ldisc *ld, uint8_t *c)
{
    if (iflag(ld, ISTRIP))
        *c &= ISTRIP_MASK;
    if (*c == '\r') {
        if (iflag(ld, IGNCR))
            return false;
        if (iflag(ld, ICRNL))
            *c = '\n';
    } else if (*c == '\n' && iflag(ld, INLCR)) {
        *c = '\r';
    }
    return true;
}

/* VLNEXT (IEXTEN): shows "^" under the cursor until the next byte. */
static void input_lnext(struct ldisc *ld)
{
    ld->lnext = true;
    if (lflag(ld, ECHO) && lflag(ld, ECHOCTL)) {
        note_line_start(ld);
        echo_raw(ld, "^\b", 2);
    }
}

/* The editing characters of canonical mode; true when c was one. */
static bool input_canonical_special(struct ldisc *ld, uint8_t c)
{
    bool extended = lflag(ld, IEXTEN);

    if (is_cc(ld, c, VERASE) || c == ASCII_BS)
        erase(ld, ERASE_CHAR);
    else if (is_cc(ld, c, VKILL))
        erase(ld, ERASE_LINE);
    else if (extended && is_cc(ld, c, VWERASE))
        erase(ld, ERASE_WORD);
    else if (extended && is_cc(ld, c, VLNEXT))
        input_lnext(ld);
    else if (extended && lflag(ld, ECHO) && is_cc(ld, c, VREPRINT))
        reprint(ld, c);
    else if (is_cc(ld, c, VEOF))
        input_eof(ld);
    else if (c == '\n' || is_cc(ld, c, VEOL) || (extended && is_cc(ld, c, VEOL2)))
        input_line_end(ld, c);
    else
        return false;
    return true;
}

int ldisc_input(struct ldisc *ld, uint8_t c)
{
    int sig;

    if (ld->lnext) {
        ld->lnext = false;
        input_plain(ld, c);
        return 0;
    }
    if (input_flow_control(ld, c))
        return 0;
    sig = signal_for(ld, c);
    if (sig)
        return input_signal(ld, c, sig);
    if (!translate_input(ld, &c))
        return 0;
    if (ldisc_canonical(ld) && input_canonical_special(ld, c))
        return 0;
    input_plain(ld, c);
    return 0;
}

/* ---- Reading ---- */

bool ldisc_line_ready(const struct ldisc *ld)
{
    return ld->canon_head != ld->tail;
}

/* Slots a read may take: complete lines in canonical mode, else all. */
static size_t readable_end(const struct ldisc *ld)
{
    return ldisc_canonical(ld) ? ld->canon_head : ld->head;
}

size_t ldisc_available(const struct ldisc *ld)
{
    size_t end = readable_end(ld), n = 0;

    for (size_t pos = ld->tail; pos < end; pos++)
        if (!(slot_at_const(ld, pos)->flags & LDISC_SLOT_EOF))
            n++;
    return n;
}

/* n_tty's poll: with VTIME 0 a raw reader is ready only at VMIN bytes. */
bool ldisc_poll_in(const struct ldisc *ld)
{
    size_t want = 1;

    if (ldisc_canonical(ld))
        return ldisc_line_ready(ld);
    if (ld->termios.c_cc[VTIME] == 0 && ld->termios.c_cc[VMIN] > 0)
        want = ld->termios.c_cc[VMIN];
    return buffered(ld) >= want;
}

struct ldisc_read_rule ldisc_read_rule(const struct ldisc *ld, size_t n)
{
    size_t vmin = ld->termios.c_cc[VMIN];
    uint64_t timeout = ld->termios.c_cc[VTIME] * VTIME_UNIT_NS;
    struct ldisc_read_rule rule = { .min = MIN(vmin, n), .timeout_ns = timeout };

    if (vmin == 0 && timeout)
        rule.min = MIN((size_t)1, n);
    rule.interbyte = vmin > 0 && timeout;
    return rule;
}

/*
 * Canonical: up to one line; its VEOF mark is consumed, never copied.
 * *line_ended tells a reader copying in chunks that the line is done.
 */
static size_t read_line(struct ldisc *ld, uint8_t *buf, size_t n,
                        bool *line_ended)
{
    size_t copied = 0;
    struct ldisc_slot *s;

    *line_ended = false;
    while (ld->tail != ld->canon_head) {
        s = slot_at(ld, ld->tail);
        if (s->flags & LDISC_SLOT_EOF) {
            ld->tail++;
            *line_ended = true;
            break;
        }
        if (copied == n)
            break;
        buf[copied++] = s->c;
        ld->tail++;
        if (s->flags & LDISC_SLOT_EOL) {
            *line_ended = true;
            break;
        }
    }
    return copied;
}

/* Non-canonical: everything buffered, skipping VEOF marks of old lines. */
static size_t read_raw(struct ldisc *ld, uint8_t *buf, size_t n)
{
    size_t copied = 0;
    struct ldisc_slot *s;

    while (ld->tail != ld->head && copied < n) {
        s = slot_at(ld, ld->tail++);
        if (!(s->flags & LDISC_SLOT_EOF))
            buf[copied++] = s->c;
    }
    if (ld->canon_head < ld->tail)
        ld->canon_head = ld->tail;
    return copied;
}

size_t ldisc_read(struct ldisc *ld, uint8_t *buf, size_t n, bool *line_ended)
{
    bool ended = false;
    size_t copied;

    if (ldisc_canonical(ld))
        copied = read_line(ld, buf, n, &ended);
    else
        copied = read_raw(ld, buf, n);
    if (line_ended)
        *line_ended = ended;
    return copied;
}
