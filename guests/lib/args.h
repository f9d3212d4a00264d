/*
 * guests/lib/args.h - "key=value" options on the guest's command line
 * (start_info->cmd_line), e.g. "seed=0x1234 requests=500".
 */
#ifndef GUEST_ARGS_H
#define GUEST_ARGS_H

/*
 * The number after "key=" (decimal, or hex with 0x), or def if the key is
 * absent or not followed by a number.  key includes no '='.
 */
unsigned long arg_ulong(const char *key, unsigned long def);

/*
 * The word after "key=" (up to the next blank), copied into buf and
 * always terminated; "" if the key is absent.
 */
void arg_word(const char *key, char *buf, unsigned long size);

#endif /* GUEST_ARGS_H */
