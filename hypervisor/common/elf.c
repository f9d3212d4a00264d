/*
 * Inspecting and loading a PV guest kernel image (see elf.h).
 *
 * The image is untrusted.  Every header is copied out of it through
 * elf_read(), which checks the range first, and every size taken from it
 * is compared with what is left of the image rather than added to an
 * offset, so no sum can overflow.  Headers are converted to class-neutral
 * structures (struct elf_header, elf_segment, elf_section) by per-class
 * readers; only the 64-bit reader exists today.  Both the hypervisor and
 * its unit tests run on little-endian x86_64, so the image's
 * little-endian fields are copied as they are.
 *
 * Inspection runs in stages, each of which can reject the image:
 * identification, header, loadable segments, Xen notes, layout.
 */
#include <minixen/elf.h>
#include <minixen/lib.h>
#include <asm/config.h>         /* PAGE_SIZE, HYPERVISOR_RANGE_START/END */
#include <public/errno.h>
#include <public/features.h>

/* x86_64 has 48-bit virtual addresses: canonical ones are below this ... */
#define X86_CANONICAL_LOW_END   (1ULL << 47)
/* ... or at or above this. */
#define X86_CANONICAL_HIGH_START (~0ULL << 47)

/* Notes are padded to 4 bytes, or to 8 when their container says so. */
#define NOTE_ALIGN_DEFAULT      4
#define NOTE_ALIGN_WIDE         8

/* Class-neutral views of the headers. */
struct elf_header {
    unsigned int elf_class;
    uint16_t type, machine;
    uint16_t phentsize, phnum, shentsize, shnum;
    uint64_t entry, phoff, shoff;
};

struct elf_segment {
    uint32_t type, flags;
    uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

struct elf_section {
    uint32_t type;
    uint64_t offset, size, align;
};

/* One inspection in progress. */
struct inspect {
    const uint8_t *data;
    size_t size;
    struct elf_header hdr;
    struct pv_kernel_info *info;
    const char **why;
    unsigned int xen_notes;         /* how many "Xen" notes were read */
};

/* Names of the Xen notes, for messages (index = XEN_ELFNOTE_*). */
static const char *const xen_note_names[XEN_ELFNOTE_MAX + 1] = {
    "INFO", "ENTRY", "HYPERCALL_PAGE", "VIRT_BASE", "PADDR_OFFSET",
    "XEN_VERSION", "GUEST_OS", "GUEST_VERSION", "LOADER", "PAE_MODE",
    "FEATURES", "BSD_SYMTAB", "HV_START_LOW", "L1_MFN_VALID",
    "SUSPEND_CANCEL", "INIT_P2M", "MOD_START_PFN", "SUPPORTED_FEATURES",
    "PHYS32_ENTRY",
};

/* The FEATURES note spells XENFEAT_* bits by these names. */
static const char *const xenfeat_names[] = {
    [XENFEAT_writable_page_tables] = "writable_page_tables",
    [XENFEAT_writable_descriptor_tables] = "writable_descriptor_tables",
    [XENFEAT_auto_translated_physmap] = "auto_translated_physmap",
    [XENFEAT_supervisor_mode_kernel] = "supervisor_mode_kernel",
    [XENFEAT_pae_pgdir_above_4gb] = "pae_pgdir_above_4gb",
    [XENFEAT_mmu_pt_update_preserve_ad] = "mmu_pt_update_preserve_ad",
    [XENFEAT_highmem_assist] = "highmem_assist",
    [XENFEAT_gnttab_map_avail_bits] = "gnttab_map_avail_bits",
    [XENFEAT_hvm_callback_vector] = "hvm_callback_vector",
    [XENFEAT_hvm_safe_pvclock] = "hvm_safe_pvclock",
    [XENFEAT_hvm_pirqs] = "hvm_pirqs",
    [XENFEAT_dom0] = "dom0",
    [XENFEAT_grant_map_identity] = "grant_map_identity",
    [XENFEAT_memory_op_vnode_supported] = "memory_op_vnode_supported",
    [XENFEAT_ARM_SMCCC_supported] = "ARM_SMCCC_supported",
    [XENFEAT_linux_rsdp_unrestricted] = "linux_rsdp_unrestricted",
    [XENFEAT_not_direct_mapped] = "not_direct_mapped",
    [XENFEAT_direct_mapped] = "direct_mapped",
};

/* ---- Failing with a reason ---- */

static int fail(struct inspect *in, int err, const char *why)
{
    *in->why = why;
    return err;
}

static int fail_segment(struct inspect *in, int err, const char *why,
                        unsigned int phdr)
{
    in->info->err.phdr = (int)phdr;
    return fail(in, err, why);
}

static int fail_addr(struct inspect *in, int err, const char *why,
                     uint64_t addr)
{
    in->info->err.has_addr = true;
    in->info->err.addr = addr;
    return fail(in, err, why);
}

static int fail_note(struct inspect *in, const char *why, unsigned int type)
{
    in->info->err.note = (int)type;
    return fail(in, -XEN_EINVAL, why);
}

/* ---- Bounds-checked access to the image ---- */

/* Is [off, off + len) inside the image?  Never overflows. */
static bool range_ok(const struct inspect *in, uint64_t off, uint64_t len)
{
    return off <= in->size && len <= in->size - off;
}

static bool elf_read(const struct inspect *in, uint64_t off, void *dst,
                     size_t len)
{
    if (!range_ok(in, off, len))
        return false;
    memcpy(dst, in->data + off, len);
    return true;
}

/* ---- Per-class readers (64-bit only for now) ---- */

static bool elf64_read_header(const struct inspect *in, struct elf_header *h)
{
    struct elf64_ehdr e;

    if (!elf_read(in, 0, &e, sizeof(e)))
        return false;
    h->elf_class = ELFCLASS64;
    h->type = e.e_type;
    h->machine = e.e_machine;
    h->entry = e.e_entry;
    h->phoff = e.e_phoff;
    h->phentsize = e.e_phentsize;
    h->phnum = e.e_phnum;
    h->shoff = e.e_shoff;
    h->shentsize = e.e_shentsize;
    h->shnum = e.e_shnum;
    return true;
}

static bool elf64_read_segment(const struct inspect *in, uint64_t off,
                               struct elf_segment *s)
{
    struct elf64_phdr p;

    if (!elf_read(in, off, &p, sizeof(p)))
        return false;
    s->type = p.p_type;
    s->flags = p.p_flags;
    s->offset = p.p_offset;
    s->vaddr = p.p_vaddr;
    s->paddr = p.p_paddr;
    s->filesz = p.p_filesz;
    s->memsz = p.p_memsz;
    s->align = p.p_align;
    return true;
}

static bool elf64_read_section(const struct inspect *in, uint64_t off,
                               struct elf_section *s)
{
    struct elf64_shdr sh;

    if (!elf_read(in, off, &sh, sizeof(sh)))
        return false;
    s->type = sh.sh_type;
    s->offset = sh.sh_offset;
    s->size = sh.sh_size;
    s->align = sh.sh_addralign;
    return true;
}

/* The smallest valid table entries for the image's class. */
static size_t phdr_min_size(const struct inspect *in)
{
    return in->hdr.elf_class == ELFCLASS64 ? sizeof(struct elf64_phdr) : 0;
}

static size_t shdr_min_size(const struct inspect *in)
{
    return in->hdr.elf_class == ELFCLASS64 ? sizeof(struct elf64_shdr) : 0;
}

static bool read_header(struct inspect *in)
{
    switch (in->hdr.elf_class) {
    case ELFCLASS64:
        return elf64_read_header(in, &in->hdr);
    default:
        return false;
    }
}

/* Program header i; the table was checked to lie inside the image. */
static bool read_segment(const struct inspect *in, unsigned int i,
                         struct elf_segment *s)
{
    uint64_t off = in->hdr.phoff + (uint64_t)i * in->hdr.phentsize;

    switch (in->hdr.elf_class) {
    case ELFCLASS64:
        return elf64_read_segment(in, off, s);
    default:
        return false;
    }
}

static bool read_section(const struct inspect *in, unsigned int i,
                         struct elf_section *s)
{
    uint64_t off = in->hdr.shoff + (uint64_t)i * in->hdr.shentsize;

    switch (in->hdr.elf_class) {
    case ELFCLASS64:
        return elf64_read_section(in, off, s);
    default:
        return false;
    }
}

/* ---- Stage 1: identification and header ---- */

static int check_ident(struct inspect *in)
{
    uint8_t ident[EI_NIDENT];

    if (in->size < ELF_MAGIC_LEN || memcmp(in->data, ELF_MAGIC, ELF_MAGIC_LEN))
        return fail(in, -XEN_ENOEXEC, "not an ELF file");
    if (!elf_read(in, 0, ident, sizeof(ident)))
        return fail(in, -XEN_ENOEXEC, "ELF header truncated");
    if (ident[EI_CLASS] == ELFCLASS32)
        return fail(in, -XEN_EOPNOTSUPP,
                    "32-bit PV guests are not supported yet (ELFCLASS32)");
    if (ident[EI_CLASS] != ELFCLASS64)
        return fail(in, -XEN_ENOEXEC, "unknown ELF class");
    if (ident[EI_DATA] != ELFDATA2LSB)
        return fail(in, -XEN_ENOEXEC, "ELF file is not little-endian");
    if (ident[EI_VERSION] != EV_CURRENT)
        return fail(in, -XEN_ENOEXEC, "unknown ELF version");
    in->hdr.elf_class = ident[EI_CLASS];
    return 0;
}

static int check_header(struct inspect *in)
{
    const struct elf_header *h = &in->hdr;

    if (!read_header(in))
        return fail(in, -XEN_ENOEXEC, "ELF header truncated");
    if (h->machine != EM_X86_64)
        return fail(in, -XEN_ENOEXEC, "machine is not x86_64");
    if (h->type != ET_EXEC && h->type != ET_DYN)
        return fail(in, -XEN_ENOEXEC, "ELF file is not an executable");
    if (h->phnum == 0)
        return fail(in, -XEN_ENOEXEC, "no loadable segments");
    if (h->phentsize < phdr_min_size(in))
        return fail(in, -XEN_ENOEXEC, "program header entry size too small");
    /* phnum and phentsize are 16-bit, so the product cannot overflow. */
    if (!range_ok(in, h->phoff, (uint64_t)h->phnum * h->phentsize))
        return fail(in, -XEN_ENOEXEC, "program header table past end of file");
    return 0;
}

/* ---- Stage 2: loadable segments ---- */

static int check_segment(struct inspect *in, const struct elf_segment *s,
                         unsigned int i)
{
    if (s->filesz > s->memsz)
        return fail_segment(in, -XEN_ENOEXEC,
                            "file size larger than memory size", i);
    if (s->filesz > UINT64_MAX - s->offset)
        return fail_segment(in, -XEN_ENOEXEC,
                            "file offset + size overflows", i);
    if (!range_ok(in, s->offset, s->filesz))
        return fail_segment(in, -XEN_ENOEXEC,
                            "file data past end of file", i);
    return 0;
}

/*
 * Record every PT_LOAD with something in memory.  Until compute_layout()
 * runs, each recorded vaddr holds the segment's p_paddr.
 */
static int collect_segments(struct inspect *in)
{
    struct pv_kernel_info *info = in->info;
    struct elf_segment s;
    int rc;

    for (unsigned int i = 0; i < in->hdr.phnum; i++) {
        if (!read_segment(in, i, &s))
            return fail_segment(in, -XEN_ENOEXEC,
                                "program header unreadable", i);
        if (s.type != PT_LOAD || s.memsz == 0)
            continue;
        rc = check_segment(in, &s, i);
        if (rc != 0)
            return rc;
        if (info->nr_segments == PV_KERNEL_MAX_SEGMENTS)
            return fail_segment(in, -XEN_E2BIG,
                                "too many loadable segments", i);
        info->segments[info->nr_segments++] = (struct pv_kernel_segment) {
            .vaddr = s.paddr, .offset = s.offset, .filesz = s.filesz,
            .memsz = s.memsz, .flags = s.flags, .phdr = i,
        };
    }
    if (info->nr_segments == 0)
        return fail(in, -XEN_ENOEXEC, "no loadable segments");
    return 0;
}

/* ---- Stage 3: Xen notes ---- */

static bool is_string_note(unsigned int type)
{
    switch (type) {
    case XEN_ELFNOTE_XEN_VERSION:
    case XEN_ELFNOTE_GUEST_OS:
    case XEN_ELFNOTE_GUEST_VERSION:
    case XEN_ELFNOTE_LOADER:
    case XEN_ELFNOTE_PAE_MODE:
    case XEN_ELFNOTE_FEATURES:
    case XEN_ELFNOTE_BSD_SYMTAB:
        return true;
    default:
        return false;
    }
}

static void store_string_note(struct pv_kernel_notes *n, unsigned int type,
                              struct pv_note_string v)
{
    switch (type) {
    case XEN_ELFNOTE_XEN_VERSION:   n->xen_version = v; break;
    case XEN_ELFNOTE_GUEST_OS:      n->guest_os = v; break;
    case XEN_ELFNOTE_GUEST_VERSION: n->guest_version = v; break;
    case XEN_ELFNOTE_LOADER:        n->loader = v; break;
    case XEN_ELFNOTE_PAE_MODE:      n->pae_mode = v; break;
    case XEN_ELFNOTE_FEATURES:      n->features = v; break;
    case XEN_ELFNOTE_BSD_SYMTAB:    n->bsd_symtab = v; break;
    }
}

static void store_number_note(struct pv_kernel_notes *n, unsigned int type,
                              uint64_t v)
{
    switch (type) {
    case XEN_ELFNOTE_ENTRY:             n->entry = v; break;
    case XEN_ELFNOTE_HYPERCALL_PAGE:    n->hypercall_page = v; break;
    case XEN_ELFNOTE_VIRT_BASE:         n->virt_base = v; break;
    case XEN_ELFNOTE_PADDR_OFFSET:      n->paddr_offset = v; break;
    case XEN_ELFNOTE_HV_START_LOW:      n->hv_start_low = v; break;
    case XEN_ELFNOTE_SUSPEND_CANCEL:    n->suspend_cancel = v; break;
    case XEN_ELFNOTE_INIT_P2M:          n->init_p2m = v; break;
    case XEN_ELFNOTE_MOD_START_PFN:     n->mod_start_pfn = v; break;
    case XEN_ELFNOTE_SUPPORTED_FEATURES: n->supported_features = v; break;
    case XEN_ELFNOTE_PHYS32_ENTRY:      n->phys32_entry = v; break;
    }
}

/* A little-endian number of 1 to 8 bytes at desc (in the image). */
static uint64_t read_le(const uint8_t *desc, unsigned int len)
{
    uint64_t v = 0;

    while (len-- > 0)
        v = (v << 8) | desc[len];
    return v;
}

/* The width in bytes of a number note, or 0 if its size holds none. */
static unsigned int number_width(unsigned int type, uint32_t descsz)
{
    /* SUPPORTED_FEATURES is an array of 32-bit maps; minixen reads one. */
    if (type == XEN_ELFNOTE_SUPPORTED_FEATURES)
        return descsz != 0 && descsz % sizeof(uint32_t) == 0 ?
               sizeof(uint32_t) : 0;
    if (descsz == 1 || descsz == 2 || descsz == 4 || descsz == 8)
        return descsz;
    return 0;
}

/* L1_MFN_VALID: (mask, value) pairs of 64-bit words; keep the first. */
static bool read_l1_mfn_valid(struct pv_kernel_notes *n, const uint8_t *desc,
                              uint32_t descsz)
{
    const unsigned int word = sizeof(uint64_t);

    if (descsz < 2 * word || descsz % (2 * word) != 0)
        return false;
    n->l1_mfn_valid_mask = read_le(desc, word);
    n->l1_mfn_valid_value = read_le(desc + word, word);
    return true;
}

/* A number note; false (and the value 0, as in Xen) if its size holds none. */
static bool read_number_note(struct pv_kernel_notes *n, unsigned int type,
                             const uint8_t *desc, uint32_t descsz)
{
    unsigned int width;

    if (type == XEN_ELFNOTE_L1_MFN_VALID)
        return read_l1_mfn_valid(n, desc, descsz);
    width = number_width(type, descsz);
    store_number_note(n, type, width ? read_le(desc, width) : 0);
    return width != 0;
}

/*
 * One "Xen" note whose descriptor [desc, desc + descsz) is in the image.
 * Every size is accepted, as Xen's libelf accepts them: a string ends at
 * its first NUL or with the descriptor (where Xen reads on to the next
 * NUL in the image: the same whenever the padding is zero), and a number
 * of no readable size is 0.
 */
static void read_xen_note(struct inspect *in, unsigned int type,
                          const uint8_t *desc, uint32_t descsz)
{
    struct pv_kernel_notes *n = &in->info->notes;
    const char *str = (const char *)desc;

    /* Unknown types (newer Xen, crash and core-file notes) are skipped. */
    if (type > XEN_ELFNOTE_MAX || type == XEN_ELFNOTE_INFO)
        return;
    if (is_string_note(type))
        store_string_note(n, type, (struct pv_note_string){
            .s = str, .len = (uint32_t)strnlen(str, descsz) });
    else if (!read_number_note(n, type, desc, descsz))
        n->unreadable |= 1u << type;
    n->present |= 1u << type;
}

/* Is the note at off named "Xen"?  Its name ends at a NUL or at namesz. */
static bool is_xen_note(const struct inspect *in, uint64_t off, uint32_t namesz)
{
    const char *name = (const char *)in->data + off + sizeof(struct elf_note_hdr);

    return strnlen(name, namesz) == XEN_ELFNOTE_NAME_SIZE - 1 &&
           memcmp(name, XEN_ELFNOTE_NAME, XEN_ELFNOTE_NAME_SIZE - 1) == 0;
}

/* Walk the notes in [off, off + size), already known to be in the image. */
static int read_note_area(struct inspect *in, uint64_t off, uint64_t size,
                          uint64_t align)
{
    const unsigned int a = align == NOTE_ALIGN_WIDE ?
                           NOTE_ALIGN_WIDE : NOTE_ALIGN_DEFAULT;
    const uint64_t end = off + size;
    struct elf_note_hdr nh;
    uint64_t desc;

    /* Each step moves at least sizeof(nh) forward, so this terminates. */
    while (end - off >= sizeof(nh)) {
        if (!elf_read(in, off, &nh, sizeof(nh)))
            return fail(in, -XEN_ENOEXEC, "ELF note past end of file");
        desc = off + ROUNDUP(sizeof(nh) + (uint64_t)nh.namesz, a);
        if (desc > end || nh.descsz > end - desc)
            return fail(in, -XEN_ENOEXEC,
                        "ELF note runs past the end of its segment");
        /* The name lies before desc, which is inside [off, end). */
        if (is_xen_note(in, off, nh.namesz)) {
            read_xen_note(in, nh.type, in->data + desc, nh.descsz);
            in->xen_notes++;
        }
        off = desc + ROUNDUP((uint64_t)nh.descsz, a);
        if (off > end)
            break;                  /* the last note's padding is optional */
    }
    return 0;
}

static int notes_from_segments(struct inspect *in)
{
    struct elf_segment s;
    int rc;

    for (unsigned int i = 0; i < in->hdr.phnum; i++) {
        /* Some binutils leave p_offset 0 on note segments; Xen skips them. */
        if (!read_segment(in, i, &s) || s.type != PT_NOTE || s.offset == 0)
            continue;
        if (!range_ok(in, s.offset, s.filesz))
            return fail_segment(in, -XEN_ENOEXEC,
                                "note data past end of file", i);
        rc = read_note_area(in, s.offset, s.filesz, s.align);
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* The fallback when no note segment held a Xen note, as in Xen. */
static int notes_from_sections(struct inspect *in)
{
    const struct elf_header *h = &in->hdr;
    struct elf_section s;
    int rc;

    if (h->shnum == 0 || h->shoff == 0)
        return 0;
    if (h->shentsize < shdr_min_size(in))
        return fail(in, -XEN_ENOEXEC, "section header entry size too small");
    if (!range_ok(in, h->shoff, (uint64_t)h->shnum * h->shentsize))
        return fail(in, -XEN_ENOEXEC, "section header table past end of file");
    /* Section 0 is the reserved null section. */
    for (unsigned int i = 1; i < h->shnum; i++) {
        if (!read_section(in, i, &s) || s.type != SHT_NOTE)
            continue;
        if (!range_ok(in, s.offset, s.size))
            return fail(in, -XEN_ENOEXEC, "note section past end of file");
        rc = read_note_area(in, s.offset, s.size, s.align);
        if (rc != 0)
            return rc;
    }
    return 0;
}

static bool has_prefix(struct pv_note_string v, const char *prefix)
{
    size_t n = strlen(prefix);

    return v.s != NULL && v.len >= n && memcmp(v.s, prefix, n) == 0;
}

/* Xen's rules: XEN_VERSION "xen-3.0"; LOADER "generic" or a Linux kernel. */
static int check_notes(struct inspect *in)
{
    const struct pv_kernel_notes *n = &in->info->notes;

    if (in->xen_notes == 0)
        return fail(in, -XEN_EINVAL, "no Xen ELF notes (not a PV kernel)");
    /* Prefix matches, as Xen does them. */
    if (!has_prefix(n->xen_version, XEN_ELFNOTE_XEN_VERSION_3_0))
        return fail_note(in, "Xen ELF note XEN_VERSION is not xen-3.0",
                         XEN_ELFNOTE_XEN_VERSION);
    if (!has_prefix(n->loader, XEN_ELFNOTE_LOADER_GENERIC) &&
        !has_prefix(n->guest_os, XEN_ELFNOTE_GUEST_OS_LINUX))
        return fail_note(in, "LOADER note is not generic",
                         XEN_ELFNOTE_LOADER);
    return 0;
}

/* The XENFEAT bit called name[0..len), or -1. */
static int feature_bit(const char *name, size_t len)
{
    for (size_t i = 0; i < ARRAY_SIZE(xenfeat_names); i++) {
        if (xenfeat_names[i] != NULL && strlen(xenfeat_names[i]) == len &&
            memcmp(xenfeat_names[i], name, len) == 0)
            return (int)i;
    }
    return -1;
}

/* One name of the FEATURES string, s[0..len), '!' marking a required one. */
static void parse_feature(struct pv_kernel_info *info, const char *s, size_t len)
{
    bool required = len > 0 && s[0] == '!';
    int bit = feature_bit(s + required, len - required);

    if (len > required && bit < 0) {
        info->features_unknown++;
        info->features_unknown_required += required;
    } else if (bit >= 0) {
        info->features_supported |= 1u << bit;
        if (required)
            info->features_required |= 1u << bit;
    }
}

/* How many bytes of s[0..len) come before the first c (len if none). */
static size_t span_before(const char *s, size_t len, char c)
{
    size_t n = 0;

    while (n < len && s[n] != c)
        n++;
    return n;
}

/* The FEATURES string: "name|!name|...", read within its length. */
static void parse_features(struct pv_kernel_info *info, struct pv_note_string v)
{
    size_t off = 0, n;

    /* One 32-bit map (XENFEAT_NR_SUBMAPS) holds every bit we can name. */
    BUILD_BUG_ON(ARRAY_SIZE(xenfeat_names) > 32 * XENFEAT_NR_SUBMAPS);

    for (;;) {
        n = span_before(v.s + off, v.len - off, '|');
        parse_feature(info, v.s + off, n);
        off += n;
        if (off == v.len)
            return;
        off++;                          /* the '|' */
    }
}

static int read_notes(struct inspect *in)
{
    struct pv_kernel_info *info = in->info;
    int rc = notes_from_segments(in);

    if (rc == 0 && in->xen_notes == 0)
        rc = notes_from_sections(in);
    if (rc == 0)
        rc = check_notes(in);
    if (rc != 0)
        return rc;
    if (info->notes.features.s != NULL)
        parse_features(info, info->notes.features);
    if (pv_kernel_has_note(info, XEN_ELFNOTE_SUPPORTED_FEATURES))
        info->features_supported |= (uint32_t)info->notes.supported_features;
    return 0;
}

/* ---- Stage 4: layout ---- */

/* [start, end) lies in one canonical half and clear of the hypervisor. */
static const char *check_range(uint64_t start, uint64_t end)
{
    if (end <= start)
        return "wraps around the end of the address space";
    if (end > X86_CANONICAL_LOW_END && start < X86_CANONICAL_HIGH_START)
        return "not at a canonical address";
    if (start < HYPERVISOR_RANGE_END && end > HYPERVISOR_RANGE_START)
        return "overlaps the hypervisor's reserved range";
    return NULL;
}

/* Move one segment to p_paddr + virt_offset and check where it lands. */
static int place_segment(struct inspect *in, struct pv_kernel_segment *seg)
{
    uint64_t start = seg->vaddr + in->info->virt_offset;    /* mod 2^64 */
    const char *problem = check_range(start, start + seg->memsz);

    if (problem != NULL) {
        in->info->err.has_addr = true;
        in->info->err.addr = start;
        return fail_segment(in, -XEN_EINVAL, problem, seg->phdr);
    }
    seg->vaddr = start;
    return 0;
}

static int place_segments(struct inspect *in)
{
    struct pv_kernel_info *info = in->info;
    const struct pv_kernel_notes *n = &info->notes;
    int rc;

    if (pv_kernel_has_note(info, XEN_ELFNOTE_PADDR_OFFSET) &&
        !pv_kernel_has_note(info, XEN_ELFNOTE_VIRT_BASE))
        return fail_note(in, "PADDR_OFFSET note without VIRT_BASE",
                         XEN_ELFNOTE_PADDR_OFFSET);
    /* Absent notes read as 0, which are Xen's defaults for ELF-note kernels. */
    info->virt_base = n->virt_base;
    info->paddr_offset = n->paddr_offset;
    info->virt_offset = info->virt_base - info->paddr_offset;

    info->virt_kstart = UINT64_MAX;
    info->virt_kend = 0;
    for (unsigned int i = 0; i < info->nr_segments; i++) {
        struct pv_kernel_segment *seg = &info->segments[i];

        rc = place_segment(in, seg);
        if (rc != 0)
            return rc;
        info->virt_kstart = min(info->virt_kstart, seg->vaddr);
        info->virt_kend = max(info->virt_kend, seg->vaddr + seg->memsz);
    }
    return 0;
}

static bool in_image(const struct pv_kernel_info *info, uint64_t addr)
{
    return addr >= info->virt_kstart && addr < info->virt_kend;
}

static int check_addresses(struct inspect *in)
{
    struct pv_kernel_info *info = in->info;
    const struct pv_kernel_notes *n = &info->notes;
    uint64_t hc = n->hypercall_page;

    if (info->virt_base > info->virt_kstart)
        return fail_addr(in, -XEN_EINVAL,
                         "VIRT_BASE is above the start of the image",
                         info->virt_base);
    info->entry = pv_kernel_has_note(info, XEN_ELFNOTE_ENTRY) ?
                  n->entry : in->hdr.entry;
    if (!in_image(info, info->entry))
        return fail_addr(in, -XEN_EINVAL, "entry point outside the image",
                         info->entry);
    if (pv_kernel_has_note(info, XEN_ELFNOTE_HYPERCALL_PAGE)) {
        if (!IS_ALIGNED(hc, PAGE_SIZE))
            return fail_addr(in, -XEN_EINVAL,
                             "hypercall page not page-aligned", hc);
        if (!in_image(info, hc) || info->virt_kend - hc < PAGE_SIZE)
            return fail_addr(in, -XEN_EINVAL,
                             "hypercall page outside the image", hc);
        info->hypercall_page = hc;
    }
    if (pv_kernel_has_note(info, XEN_ELFNOTE_INIT_P2M) &&
        (in_image(info, n->init_p2m) ||
         check_range(n->init_p2m, n->init_p2m + PAGE_SIZE) != NULL))
        return fail_addr(in, -XEN_EINVAL,
                         "INIT_P2M address unusable", n->init_p2m);
    return 0;
}

/* ---- Entry points ---- */

int pv_kernel_inspect(const void *image, size_t size,
                      struct pv_kernel_info *info, const char **why)
{
    struct inspect in = {
        .data = image, .size = size, .info = info, .why = why,
    };
    int rc;

    memset(info, 0, sizeof(*info));
    info->err.phdr = -1;
    info->err.note = -1;
    *why = NULL;

    rc = check_ident(&in);
    if (rc == 0)
        rc = check_header(&in);
    if (rc == 0)
        rc = collect_segments(&in);
    if (rc == 0)
        rc = read_notes(&in);
    if (rc == 0)
        rc = place_segments(&in);
    if (rc == 0)
        rc = check_addresses(&in);
    if (rc == 0)
        info->elf_class = in.hdr.elf_class;
    return rc;
}

int pv_kernel_format_error(const struct pv_kernel_info *info, const char *why,
                           char *buf, size_t size)
{
    const struct pv_kernel_error *e = &info->err;
    char segment[32] = "", note[48] = "", addr[48] = "";

    if (e->phdr >= 0)
        snprintf(segment, sizeof(segment), "segment %d: ", e->phdr);
    if (e->note >= 0 && e->note <= XEN_ELFNOTE_MAX)
        snprintf(note, sizeof(note), " (note %s)", xen_note_names[e->note]);
    if (e->has_addr)
        snprintf(addr, sizeof(addr), " (address %#llx)",
                 (unsigned long long)e->addr);
    return snprintf(buf, size, "%s%s%s%s", segment,
                    why ? why : "no error", note, addr);
}

int elf_load_segments(const struct pv_kernel_info *info,
                      const void *image, size_t size,
                      pv_kernel_copy_fn copy, pv_kernel_zero_fn zero,
                      void *ctx)
{
    const uint8_t *data = image;

    /* Check everything before writing anything. */
    if (info->nr_segments > PV_KERNEL_MAX_SEGMENTS)
        return -XEN_EINVAL;
    for (unsigned int i = 0; i < info->nr_segments; i++) {
        const struct pv_kernel_segment *s = &info->segments[i];

        if (s->offset > size || s->filesz > size - s->offset ||
            s->filesz > s->memsz)
            return -XEN_EINVAL;
    }
    for (unsigned int i = 0; i < info->nr_segments; i++) {
        const struct pv_kernel_segment *s = &info->segments[i];

        if (s->filesz != 0)
            copy(ctx, s->vaddr, data + s->offset, (size_t)s->filesz);
        if (s->memsz > s->filesz)
            zero(ctx, s->vaddr + s->filesz, (size_t)(s->memsz - s->filesz));
    }
    return 0;
}
