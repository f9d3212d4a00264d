/*
 * Time: the TSC as the hypervisor's clock, and the values guests build
 * their clocks from (vcpu_time_info and the shared_info wallclock).
 *
 * System time is nanoseconds since time_init(), computed from the TSC
 * with the same 32.32 fixed-point scale (multiplier plus shift) that
 * guests read from vcpu_time_info, so a guest and the hypervisor agree on
 * "now" to the nanosecond (see time_publish_base()).
 *
 * Boot order: acpi_init() (so the HPET can be found), then time_init(),
 * then apic_init().  The pure arithmetic below has no hardware access and
 * is covered by tests/unit/test_time.c.
 */
#ifndef ASM_TIME_H
#define ASM_TIME_H

#include <minixen/types.h>

struct vcpu_time_info;
struct shared_info;

#define NSEC_PER_SEC    1000000000ULL
#define NSEC_PER_MSEC   1000000ULL
#define NSEC_PER_USEC   1000ULL
#define USEC_PER_SEC    1000000ULL
#define KHZ             1000ULL

/* TSC frequency in kHz, set by time_init() (0 before). */
extern uint64_t tsc_khz;

/*
 * Find the TSC frequency (CPUID, else calibrate against the HPET or the
 * PIT over about a millisecond), start system time at 0 and read the
 * CMOS clock once for the wallclock.  Logs what it found and how.
 */
void time_init(void);

/* Nanoseconds since time_init() (0 before it). */
uint64_t get_s_time(void);

/* Busy-wait for at least us microseconds (uses the TSC once calibrated). */
void time_udelay(unsigned long us);

/*
 * Publish the time base into a guest's vcpu_time_info, with Xen's version
 * protocol (version odd while the fields change).  The same structure
 * layout serves 32- and 64-bit guests.
 */
void time_fill_vcpu_info(struct vcpu_time_info *t);

/*
 * Publish the wallclock at system time 0 into a (64-bit layout)
 * shared_info, with the wc_version protocol.
 */
void time_fill_wallclock(struct shared_info *s);
/* The same, offset_s seconds off (domctl settimeoffset). */
void time_fill_wallclock_offset(struct shared_info *s, int64_t offset_s);

/*
 * The same for any layout: 32-bit guests keep wc_sec_hi in arch, so a
 * compat shared_info passes its own field addresses.
 */
void time_fill_wallclock_fields(uint32_t *version, uint32_t *sec,
                                uint32_t *nsec, uint32_t *sec_hi);
void time_fill_wallclock_fields_offset(uint32_t *version, uint32_t *sec,
                                       uint32_t *nsec, uint32_t *sec_hi,
                                       int64_t offset_s);

/* ---- Pure arithmetic (host-testable) ---- */

/*
 * ticks -> ns as guests compute it: shift first (left if positive, right
 * if negative), then multiply by mul / 2^32.
 */
struct time_scale {
    uint32_t mul;
    int8_t shift;
};

/* The scale for a clock of hz ticks per second (hz > 0). */
void time_scale_from_hz(uint64_t hz, struct time_scale *ts);

/* Apply a scale to a tick count. */
uint64_t time_scale_delta(const struct time_scale *ts, uint64_t ticks);

/*
 * Choose a (tsc_timestamp, system_time) pair to publish for "now" such
 * that system_time + time_scale_delta(t - tsc_timestamp) equals
 * time_scale_delta(t - boot_tsc) exactly for every later TSC value t, so
 * rounding never makes guest and hypervisor disagree or run backwards.
 */
void time_publish_base(const struct time_scale *ts, uint64_t boot_tsc,
                       uint64_t now_tsc, uint64_t *tsc_timestamp,
                       uint64_t *system_time);

/* a * b / c without intermediate overflow; UINT64_MAX if c == 0 or the
 * result does not fit. */
uint64_t time_muldiv64(uint64_t a, uint64_t b, uint64_t c);

/* CMOS clock registers as read, and the status register B that says how
 * to interpret them. */
struct rtc_raw {
    uint8_t sec, min, hour, mday, mon, year;
    uint8_t status_b;
};

/* One BCD byte (0x00-0x99) to binary. */
unsigned int time_bcd_to_bin(uint8_t bcd);

/*
 * Seconds since 1970-01-01 00:00 UTC for the CMOS values (BCD or binary,
 * 12- or 24-hour per status_b; two-digit years are 1970-2069).  Returns
 * false if any field is out of range.
 */
bool time_rtc_to_unix(const struct rtc_raw *raw, uint64_t *secs);

/* Seconds since the epoch for a calendar date and time (year >= 1970). */
uint64_t time_mktime(unsigned int year, unsigned int mon, unsigned int mday,
                     unsigned int hour, unsigned int min, unsigned int sec);

#endif /* ASM_TIME_H */
