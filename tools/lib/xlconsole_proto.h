/*
 * tools/lib/xlconsole_proto.h - how `xl console` asks xenconsoled for a
 * domain's console (docs/consoles.md).
 *
 * Over the Unix socket XLCONS_SOCKET the client sends one request line,
 * "attach <domid>\n", and xenconsoled answers one line: "ok\n", or
 * "error <ERRNO-NAME> <text>\n" (ENOENT: no such domain or no console yet;
 * EBUSY: someone else is attached; EINVAL: a bad request).  After "ok"
 * the connection carries the console's raw bytes both ways: first the
 * output nobody has read yet, then what the guest writes; the client's
 * bytes are the guest's input.  Either end closes to end it; xenconsoled
 * closes when the domain goes away.
 */
#ifndef MINIXEN_TOOLS_XLCONSOLE_PROTO_H
#define MINIXEN_TOOLS_XLCONSOLE_PROTO_H

#include <stddef.h>
#include <stdint.h>

#define XLCONS_SOCKET       "/run/xenconsoled/socket"
#define XLCONS_SOCKET_ENV   "XENCONSOLED_SOCKET"
/* Longest request or reply line, newline included. */
#define XLCONS_LINE_MAX     64
/* Domain ids a console can belong to: below DOMID_FIRST_RESERVED (0x7ff0). */
#define XLCONS_DOMID_LIMIT  0x7ff0u

/*
 * Parse a request from the first len bytes received: the line's length
 * (newline included; what follows is console input) with *domid set;
 * -EAGAIN when no newline has come yet and there is room for one;
 * -EINVAL for anything else, including a line too long.
 */
int xlcons_parse_request(const char *buf, size_t len, uint32_t *domid);
/*
 * Parse a reply the same way: the line's length for "ok"; -EAGAIN;
 * the -errno an error line names (-EIO for an unknown name or a line
 * that is neither).
 */
int xlcons_parse_reply(const char *buf, size_t len);

/* The lines, NUL-terminated in buf; return their length. */
int xlcons_format_request(char *buf, size_t size, uint32_t domid);
/* err 0 gives "ok", else "error <name> <strerror text>". */
int xlcons_format_reply(char *buf, size_t size, int err);

/* How many of buf's bytes come before the first escape (len if none). */
size_t xlcons_before_escape(const char *buf, size_t len, char escape);

#endif /* MINIXEN_TOOLS_XLCONSOLE_PROTO_H */
