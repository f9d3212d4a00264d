/*
 * Time: finds the TSC frequency, turns TSC readings into system time
 * (ns since boot) and publishes the time base and the wallclock to guests.
 *
 * Owns tsc_khz, the TSC scale and the boot wallclock.  Relies on ACPI
 * having found the HPET (acpi_init() before time_init()), on the direct
 * map reaching the HPET uncached, and on running with interrupts off.
 *
 * The first half of the file is pure arithmetic, built for the host by
 * tests/unit/test_time.c; the second half touches hardware.
 */
#include <minixen/types.h>
#include <minixen/lib.h>
#include <minixen/printk.h>
#include <public/xen.h>
#include <asm/x86.h>
#include <asm/page.h>
#include <asm/time.h>
#include <asm/power.h>

/* ---- Pure arithmetic ---- */

/*
 * 128-by-64 division of a 128-bit product.  C would call libgcc's
 * __udivti3, which the hypervisor does not link, so use divq; checking
 * hi < c first guarantees the quotient fits and divq cannot fault.
 */
uint64_t time_muldiv64(uint64_t a, uint64_t b, uint64_t c)
{
    unsigned __int128 product = (unsigned __int128)a * b;
    uint64_t hi = (uint64_t)(product >> 64), lo = (uint64_t)product;
    uint64_t quot, rem;

    if (c == 0 || hi >= c)
        return UINT64_MAX;
    asm ("divq %4" : "=a" (quot), "=d" (rem) : "a" (lo), "d" (hi), "rm" (c));
    (void)rem;
    return quot;
}

/*
 * Scale the rate into (1e9, 2e9] by powers of two: then
 * mul = 2^32 * 1e9 / rate lies in [2^31, 2^32), the most precision a
 * 32-bit multiplier holds.  A rate of exactly 1 GHz gets shift 1 and
 * mul 2^31, which converts exactly.
 */
void time_scale_from_hz(uint64_t hz, struct time_scale *ts)
{
    int shift = 0;

    if (hz == 0) {
        ts->mul = 0;
        ts->shift = 0;
        return;
    }
    while (hz > 2 * NSEC_PER_SEC) {
        hz >>= 1;
        shift--;
    }
    while (hz <= NSEC_PER_SEC) {
        hz <<= 1;
        shift++;
    }
    ts->mul = (uint32_t)((NSEC_PER_SEC << 32) / hz);
    ts->shift = (int8_t)shift;
}

uint64_t time_scale_delta(const struct time_scale *ts, uint64_t ticks)
{
    if (ts->shift >= 0)
        ticks <<= ts->shift;
    else
        ticks >>= -ts->shift;
    return (uint64_t)(((unsigned __int128)ticks * ts->mul) >> 32);
}

/*
 * Scaling floors, so scale(a) + scale(b) can be one less than
 * scale(a + b).  It is exact when a is a multiple of a step K for which
 * (K shifted) * mul is a multiple of 2^32: the first product then has no
 * fractional part to lose.  With tz trailing zero bits in mul that step
 * is K = 2^(32 - tz - shift) (at least 1; for a negative shift K is also
 * a multiple of the 2^-shift that the right shift drops).  So publish the
 * latest multiple of K since boot rather than "now".
 */
void time_publish_base(const struct time_scale *ts, uint64_t boot_tsc,
                       uint64_t now_tsc, uint64_t *tsc_timestamp,
                       uint64_t *system_time)
{
    int step_bits = 0;
    uint64_t since_boot = now_tsc - boot_tsc, base;

    if (ts->mul != 0)
        step_bits = 32 - __builtin_ctz(ts->mul) - ts->shift;
    if (step_bits < 0)
        step_bits = 0;
    base = step_bits >= 64 ? 0 : since_boot & ~((1ULL << step_bits) - 1);
    *tsc_timestamp = boot_tsc + base;
    *system_time = time_scale_delta(ts, base);
}

unsigned int time_bcd_to_bin(uint8_t bcd)
{
    return (bcd >> 4) * 10 + (bcd & 0x0f);
}

static bool is_leap_year(unsigned int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static unsigned int days_in_month(unsigned int year, unsigned int mon)
{
    static const uint8_t days[12] = { 31, 28, 31, 30, 31, 30,
                                      31, 31, 30, 31, 30, 31 };

    return days[mon - 1] + (mon == 2 && is_leap_year(year));
}

/* A plain walk over the years: it runs once per boot, so clarity wins. */
uint64_t time_mktime(unsigned int year, unsigned int mon, unsigned int mday,
                     unsigned int hour, unsigned int min, unsigned int sec)
{
    uint64_t days = 0;
    unsigned int y, m;

    for (y = 1970; y < year; y++)
        days += is_leap_year(y) ? 366 : 365;
    for (m = 1; m < mon; m++)
        days += days_in_month(year, m);
    days += mday - 1;
    return ((days * 24 + hour) * 60 + min) * 60 + sec;
}

#define RTC_B_24HOUR    0x02    /* status B: hours run 0-23 */
#define RTC_B_BINARY    0x04    /* status B: binary, not BCD */
#define RTC_HOUR_PM     0x80    /* 12-hour mode: afternoon */
#define RTC_CENTURY_SPLIT 70    /* two-digit years below this are 20xx */

/* One CMOS field in the encoding status B selects; false if not valid BCD. */
static bool rtc_field(uint8_t raw, uint8_t status_b, unsigned int *out)
{
    if (status_b & RTC_B_BINARY) {
        *out = raw;
        return true;
    }
    if ((raw & 0x0f) > 9 || (raw >> 4) > 9)
        return false;
    *out = time_bcd_to_bin(raw);
    return true;
}

/* The hour in 0-23, undoing 12-hour mode (12 AM is 0, 12 PM is 12). */
static bool rtc_hour(uint8_t raw, uint8_t status_b, unsigned int *hour)
{
    bool pm = false;

    if (!(status_b & RTC_B_24HOUR)) {
        pm = raw & RTC_HOUR_PM;
        raw &= ~RTC_HOUR_PM;
    }
    if (!rtc_field(raw, status_b, hour))
        return false;
    if (status_b & RTC_B_24HOUR)
        return *hour < 24;
    if (*hour < 1 || *hour > 12)
        return false;
    *hour = *hour % 12 + (pm ? 12 : 0);
    return true;
}

bool time_rtc_to_unix(const struct rtc_raw *raw, uint64_t *secs)
{
    unsigned int sec, min, hour, mday, mon, year;
    uint8_t b = raw->status_b;

    if (!rtc_field(raw->sec, b, &sec) || !rtc_field(raw->min, b, &min) ||
        !rtc_hour(raw->hour, b, &hour) || !rtc_field(raw->mday, b, &mday) ||
        !rtc_field(raw->mon, b, &mon) || !rtc_field(raw->year, b, &year))
        return false;
    if (sec > 59 || min > 59 || year > 99 || mon < 1 || mon > 12)
        return false;
    year += year < RTC_CENTURY_SPLIT ? 2000 : 1900;
    if (mday < 1 || mday > days_in_month(year, mon))
        return false;
    *secs = time_mktime(year, mon, mday, hour, min, sec);
    return true;
}

/* ---- Hardware ---- */

/*
 * Calibration windows.  Short, because under QEMU's -icount every
 * nanosecond of the window costs an instruction of boot time; the HPET's
 * 10 ns resolution keeps 250 us at 0.01% precision, the PIT's 838 ns
 * needs the full millisecond for 0.1%.
 */
#define CALIBRATE_US        1000
#define HPET_CALIBRATE_US   250
#define CALIBRATE_MAX_SPINS 10000000    /* give up on a clock that never ticks */
#define TSC_MIN_HZ          (10 * 1000000ULL)   /* plausible TSC range */
#define TSC_MAX_HZ          (100 * 1000000000ULL)
#define TSC_FALLBACK_HZ     NSEC_PER_SEC

#define CPUID_VENDOR_LEAF   0x00000000
#define CPUID_TSC_CRYSTAL   0x00000015  /* EAX/EBX ratio, ECX crystal Hz */
#define CPUID_FREQ_INFO     0x00000016  /* EAX bits 15:0: base MHz */
#define CPUID_FREQ_MHZ_MASK 0xffff
#define HZ_PER_MHZ          1000000ULL
#define CPUID_HV_BASE       0x40000000  /* EAX max leaf, EBX-EDX signature */
#define CPUID_HV_TIMING     0x40000010  /* EAX TSC kHz (VMware convention) */
#define CPUID_HV_LEAF_LIMIT 0x40010000

#define HPET_REG_PERIOD     0x004       /* high half of capabilities: fs */
#define HPET_REG_CONFIG     0x010
#define HPET_REG_COUNTER    0x0f0       /* low 32 bits of the main counter */
#define HPET_CONFIG_ENABLE  0x1
#define HPET_MAX_PERIOD_FS  100000000U  /* the spec's slowest tick: 100 ns */
#define FSEC_PER_USEC       1000000000ULL
#define FSEC_PER_SEC        1000000000000000ULL

#define PIT_HZ              1193182ULL
#define PIT_CH2_DATA        0x42
#define PIT_MODE            0x43
#define PIT_MODE_CH2_ONESHOT 0xb0       /* channel 2, lo/hi byte, mode 0 */
#define PORT_SYS_CTRL_B     0x61
#define SYS_CTRL_B_GATE2    0x01
#define SYS_CTRL_B_SPEAKER  0x02
#define SYS_CTRL_B_OUT2     0x20

#define CMOS_INDEX          0x70
#define CMOS_DATA           0x71
#define RTC_REG_SEC         0x00
#define RTC_REG_MIN         0x02
#define RTC_REG_HOUR        0x04
#define RTC_REG_MDAY        0x07
#define RTC_REG_MON         0x08
#define RTC_REG_YEAR        0x09
#define RTC_REG_STATUS_A    0x0a
#define RTC_REG_STATUS_B    0x0b
#define RTC_A_UIP           0x80        /* update in progress: don't read */
#define RTC_UIP_WAIT_US     3000        /* an update takes under 2 ms */
#define RTC_READ_ATTEMPTS   4

#define PORT_POST           0x80        /* writes take ~1 us on PC chipsets */

uint64_t tsc_khz;
static struct time_scale tsc_scale;
static uint64_t boot_tsc;
static uint64_t boot_wallclock_ns;      /* wallclock at system time 0 */

static inline void compiler_barrier(void)
{
    asm volatile ("" ::: "memory");
}

static void cpuid_leaf(uint32_t leaf, uint32_t r[4])
{
    cpuid_count(leaf, 0, &r[0], &r[1], &r[2], &r[3]);
}

/* KVM (with QEMU's vmware-cpuid-freq) and VMware report the TSC rate. */
static uint64_t tsc_hz_from_hypervisor_leaf(void)
{
    static const char kvm[12] = "KVMKVMKVM\0\0\0", vmware[12] = "VMwareVMware";
    uint32_t r[4];

    if (!cpu_has_hypervisor_bit())
        return 0;
    cpuid_leaf(CPUID_HV_BASE, r);
    if (r[0] < CPUID_HV_TIMING || r[0] >= CPUID_HV_LEAF_LIMIT)
        return 0;
    if (memcmp(&r[1], kvm, sizeof(kvm)) && memcmp(&r[1], vmware, sizeof(vmware)))
        return 0;
    cpuid_leaf(CPUID_HV_TIMING, r);
    return (uint64_t)r[0] * KHZ;
}

/*
 * Intel's leaves: 0x15 gives the exact rate when it names the crystal;
 * 0x16 gives the nominal base frequency, which the TSC runs at to within
 * the crystal's tolerance.  A leaf above the maximum returns another
 * leaf's data, so check the maximum first.
 */
static uint64_t tsc_hz_from_cpuid(const char **how)
{
    uint32_t r[4], max_leaf;

    cpuid_leaf(CPUID_VENDOR_LEAF, r);
    max_leaf = r[0];
    if (max_leaf >= CPUID_TSC_CRYSTAL) {
        cpuid_leaf(CPUID_TSC_CRYSTAL, r);
        if (r[0] && r[1] && r[2]) {
            *how = "CPUID leaf 0x15";
            return (uint64_t)r[2] * r[1] / r[0];
        }
    }
    if (max_leaf >= CPUID_FREQ_INFO) {
        cpuid_leaf(CPUID_FREQ_INFO, r);
        if (r[0] & CPUID_FREQ_MHZ_MASK) {
            *how = "CPUID leaf 0x16 base frequency";
            return (r[0] & CPUID_FREQ_MHZ_MASK) * HZ_PER_MHZ;
        }
    }
    return 0;
}

static uint32_t hpet_read(volatile uint8_t *hpet, unsigned int reg)
{
    return *(volatile uint32_t *)(hpet + reg);
}

static void hpet_write(volatile uint8_t *hpet, unsigned int reg, uint32_t v)
{
    *(volatile uint32_t *)(hpet + reg) = v;
}

/*
 * The TSC value at the moment of an I/O access that began at tsc_before,
 * taken as the midpoint: under emulation a port or MMIO access can take
 * microseconds, and charging all of it to one side would skew a short
 * calibration by a percent or more.
 */
static uint64_t tsc_midpoint(uint64_t tsc_before)
{
    return tsc_before + (rdtsc_ordered() - tsc_before) / 2;
}

/* Count TSC ticks over CALIBRATE_US of HPET time (enabling it meanwhile). */
static uint64_t tsc_calibrate_hpet(void)
{
    uint64_t base = acpi_hpet_address(), t0, t1 = 0, before;
    volatile uint8_t *hpet;
    uint32_t period, config, target, h0, elapsed = 0;
    unsigned long spins;

    if (base == 0)
        return 0;
    hpet = maddr_to_virt(base);
    period = hpet_read(hpet, HPET_REG_PERIOD);
    if (period == 0 || period > HPET_MAX_PERIOD_FS)
        return 0;
    target = (uint32_t)(HPET_CALIBRATE_US * FSEC_PER_USEC / period);
    config = hpet_read(hpet, HPET_REG_CONFIG);
    hpet_write(hpet, HPET_REG_CONFIG, config | HPET_CONFIG_ENABLE);

    before = rdtsc_ordered();
    h0 = hpet_read(hpet, HPET_REG_COUNTER);
    t0 = tsc_midpoint(before);
    for (spins = 0; spins < CALIBRATE_MAX_SPINS && elapsed < target; spins++) {
        before = rdtsc_ordered();
        elapsed = hpet_read(hpet, HPET_REG_COUNTER) - h0;
        t1 = tsc_midpoint(before);
    }

    hpet_write(hpet, HPET_REG_CONFIG, config);
    if (elapsed < target)
        return 0;
    return time_muldiv64(t1 - t0, FSEC_PER_SEC, (uint64_t)elapsed * period);
}

/*
 * PIT channel 2 in mode 0, gated on through port 0x61 with the speaker
 * off: its output (bit 5 of port 0x61) rises when the count runs out,
 * somewhere between the last two polls; take the middle.
 */
static uint64_t tsc_calibrate_pit(void)
{
    const uint32_t latch = PIT_HZ * CALIBRATE_US / USEC_PER_SEC;
    uint8_t ctrl = inb(PORT_SYS_CTRL_B);
    uint64_t t0, prev, now, before;
    unsigned long spins;
    bool done = false;

    outb(PORT_SYS_CTRL_B, (ctrl & ~SYS_CTRL_B_SPEAKER) | SYS_CTRL_B_GATE2);
    outb(PIT_MODE, PIT_MODE_CH2_ONESHOT);
    outb(PIT_CH2_DATA, latch & 0xff);
    before = rdtsc_ordered();
    outb(PIT_CH2_DATA, latch >> 8);     /* counting starts here */
    t0 = now = tsc_midpoint(before);

    for (spins = 0; spins < CALIBRATE_MAX_SPINS && !done; spins++) {
        prev = now;
        before = rdtsc_ordered();
        done = inb(PORT_SYS_CTRL_B) & SYS_CTRL_B_OUT2;
        now = tsc_midpoint(before);
    }

    outb(PORT_SYS_CTRL_B, ctrl);
    if (!done)
        return 0;
    return time_muldiv64(prev + (now - prev) / 2 - t0, PIT_HZ, latch);
}

static bool tsc_hz_plausible(uint64_t hz)
{
    return hz >= TSC_MIN_HZ && hz <= TSC_MAX_HZ;
}

/*
 * The hypervisor leaf is authoritative.  Under other hypervisors the
 * Intel leaves describe the host, whose TSC may be scaled for us, so
 * they are used on bare metal only.
 */
static uint64_t tsc_hz_find(const char **how)
{
    uint64_t hz;

    *how = "hypervisor CPUID leaf 0x40000010";
    if (tsc_hz_plausible(hz = tsc_hz_from_hypervisor_leaf()))
        return hz;
    if (!cpu_has_hypervisor_bit() && tsc_hz_plausible(hz = tsc_hz_from_cpuid(how)))
        return hz;
    *how = "calibrated against the HPET";
    if (tsc_hz_plausible(hz = tsc_calibrate_hpet()))
        return hz;
    *how = "calibrated against the PIT";
    if (tsc_hz_plausible(hz = tsc_calibrate_pit()))
        return hz;
    printk(XENLOG_WARNING "TSC: nothing to measure it against: assuming 1 GHz\n");
    *how = "GUESSED: no usable HPET or PIT";
    return TSC_FALLBACK_HZ;
}

uint64_t get_s_time(void)
{
    return time_scale_delta(&tsc_scale, rdtsc_ordered() - boot_tsc);
}

void time_udelay(unsigned long us)
{
    uint64_t start, ticks;

    if (tsc_khz == 0) {
        while (us--)
            outb(PORT_POST, 0);
        return;
    }
    start = rdtsc_ordered();
    ticks = time_muldiv64(us, tsc_khz, USEC_PER_SEC / KHZ);
    while (rdtsc_ordered() - start < ticks)
        cpu_relax();
}

static uint8_t cmos_read(uint8_t reg)
{
    outb(CMOS_INDEX, reg);
    return inb(CMOS_DATA);
}

/* Wait (bounded) until the clock is not between two seconds. */
static bool rtc_wait_idle(void)
{
    uint64_t start = rdtsc_ordered();
    uint64_t limit = time_muldiv64(RTC_UIP_WAIT_US, tsc_khz, USEC_PER_SEC / KHZ);

    while (cmos_read(RTC_REG_STATUS_A) & RTC_A_UIP)
        if (rdtsc_ordered() - start > limit)
            return false;
    return true;
}

static void rtc_read_raw(struct rtc_raw *raw)
{
    raw->sec = cmos_read(RTC_REG_SEC);
    raw->min = cmos_read(RTC_REG_MIN);
    raw->hour = cmos_read(RTC_REG_HOUR);
    raw->mday = cmos_read(RTC_REG_MDAY);
    raw->mon = cmos_read(RTC_REG_MON);
    raw->year = cmos_read(RTC_REG_YEAR);
    raw->status_b = cmos_read(RTC_REG_STATUS_B);
}

/* Two identical reads in a row cannot straddle an update. */
static bool rtc_read(struct rtc_raw *raw)
{
    struct rtc_raw again;
    unsigned int attempt;

    for (attempt = 0; attempt < RTC_READ_ATTEMPTS; attempt++) {
        if (!rtc_wait_idle())
            return false;
        rtc_read_raw(raw);
        rtc_read_raw(&again);
        if (memcmp(raw, &again, sizeof(again)) == 0)
            return true;
    }
    return false;
}

/* The RTC counts whole seconds, so the wallclock is good to a second. */
static void wallclock_init(void)
{
    struct rtc_raw raw;
    uint64_t secs, now;

    if (!rtc_read(&raw) || !time_rtc_to_unix(&raw, &secs)) {
        printk(XENLOG_WARNING "RTC unreadable or invalid: wallclock starts at 1970\n");
        return;
    }
    now = get_s_time();
    if (secs * NSEC_PER_SEC >= now)
        boot_wallclock_ns = secs * NSEC_PER_SEC - now;
    printk(XENLOG_INFO "RTC: %lu seconds since 1970 (%s, %s)\n",
           (unsigned long)secs, raw.status_b & RTC_B_BINARY ? "binary" : "BCD",
           raw.status_b & RTC_B_24HOUR ? "24-hour" : "12-hour");
}

void time_init(void)
{
    const char *how;
    uint64_t hz;

    boot_tsc = rdtsc_ordered();
    hz = tsc_hz_find(&how);
    time_scale_from_hz(hz, &tsc_scale);
    tsc_khz = hz / KHZ;
    printk(XENLOG_INFO "TSC: %lu.%03lu MHz (%s)\n",
           (unsigned long)(hz / HZ_PER_MHZ), (unsigned long)(hz / KHZ % 1000), how);
    wallclock_init();
}

/*
 * Xen's update protocol: the version goes odd, the fields change, it goes
 * even.  The version lives in guest-writable memory, so force its parity
 * rather than trust it.  The flag is honest: there is one physical CPU,
 * and the published base keeps every reading monotonic.
 */
void time_fill_vcpu_info(struct vcpu_time_info *t)
{
    uint64_t tsc_timestamp, system_time;
    uint32_t version = (t->version + 1) | 1;

    time_publish_base(&tsc_scale, boot_tsc, rdtsc_ordered(),
                      &tsc_timestamp, &system_time);
    t->version = version;
    compiler_barrier();
    t->tsc_timestamp = tsc_timestamp;
    t->system_time = system_time;
    t->tsc_to_system_mul = tsc_scale.mul;
    t->tsc_shift = tsc_scale.shift;
    t->flags = XEN_PVCLOCK_TSC_STABLE_BIT;
    compiler_barrier();
    t->version = version + 1;
}

void time_fill_wallclock_fields(uint32_t *version, uint32_t *sec,
                                uint32_t *nsec, uint32_t *sec_hi)
{
    time_fill_wallclock_fields_offset(version, sec, nsec, sec_hi, 0);
}

void time_fill_wallclock_fields_offset(uint32_t *version, uint32_t *sec,
                                       uint32_t *nsec, uint32_t *sec_hi,
                                       int64_t offset_s)
{
    uint64_t secs = boot_wallclock_ns / NSEC_PER_SEC + (uint64_t)offset_s;
    uint32_t v = (*version + 1) | 1;

    *version = v;
    compiler_barrier();
    *sec = (uint32_t)secs;
    *nsec = (uint32_t)(boot_wallclock_ns % NSEC_PER_SEC);
    *sec_hi = (uint32_t)(secs >> 32);
    compiler_barrier();
    *version = v + 1;
}

void time_fill_wallclock(struct shared_info *s)
{
    time_fill_wallclock_offset(s, 0);
}

void time_fill_wallclock_offset(struct shared_info *s, int64_t offset_s)
{
    time_fill_wallclock_fields_offset(&s->wc_version, &s->wc_sec, &s->wc_nsec,
                                      &s->wc_sec_hi, offset_s);
}
