/*
 * tests/unit/test_elf.c - the PV kernel ELF parser and loader
 * (hypervisor/common/elf.c).
 *
 * Most images are assembled in memory by a small builder (struct img), so
 * each test can break exactly one thing.  Every image is handed to the
 * parser in a heap buffer of exactly its size, so AddressSanitizer reports
 * any read past the end.  One image comes from the real toolchain
 * (pv_fixture.S), and a mutation loop feeds thousands of damaged images
 * through the parser to show that it never crashes or accepts nonsense.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <minixen/elf.h>
#include <asm/config.h>
#include <public/errno.h>
#include <public/features.h>
#include "pv_fixture.h"

/* ---- The image builder ---- */

#define IMG_MAX         0x8000
#define PHDR_OFF        sizeof(struct elf64_ehdr)
#define MAX_PHDRS       24
#define NOTES_OFF       0x800       /* Xen notes, one PT_NOTE over them */
#define NOTES_MAX       0x800
#define DATA_OFF        0x1000      /* segment contents start here */

/* The default image: XTF-like, text then data+bss, at 1 MiB. */
#define TEXT_VADDR      0x100000
#define TEXT_SIZE       0x2000
#define DATA_VADDR      (TEXT_VADDR + TEXT_SIZE)
#define DATA_FILESZ     0x800
#define DATA_MEMSZ      0x3000
#define ENTRY           (TEXT_VADDR + 0x10)
#define HCALL_PAGE      (TEXT_VADDR + 0x1000)
#define TEXT_BYTE       0x90
#define DATA_BYTE       0x42

/* A Linux-like image: high virtual base, low physical addresses. */
#define LINUX_VIRT_BASE 0xffffffff80000000ull
#define LINUX_PADDR     0x1000000ull
#define LINUX_ENTRY     (LINUX_VIRT_BASE + LINUX_PADDR + 0x200)
#define LINUX_P2M       0x8000000000ull

struct img {
    uint8_t data[IMG_MAX];
    size_t size;
    unsigned int nphdr;
    size_t notes_len;
    uint64_t note_align;
    bool no_note_phdr;              /* leave the notes out of PT_NOTE */
    bool finished;                  /* img_finish() ran */
};

static struct elf64_ehdr *ehdr(struct img *im)
{
    return (struct elf64_ehdr *)im->data;
}

static struct elf64_phdr *phdr(struct img *im, unsigned int i)
{
    return (struct elf64_phdr *)(im->data + PHDR_OFF) + i;
}

static void img_init(struct img *im)
{
    struct elf64_ehdr *e = ehdr(im);

    memset(im, 0, sizeof(*im));
    memcpy(e->e_ident, ELF_MAGIC, ELF_MAGIC_LEN);
    e->e_ident[EI_CLASS] = ELFCLASS64;
    e->e_ident[EI_DATA] = ELFDATA2LSB;
    e->e_ident[EI_VERSION] = EV_CURRENT;
    e->e_type = ET_EXEC;
    e->e_machine = EM_X86_64;
    e->e_version = EV_CURRENT;
    e->e_entry = ENTRY;
    e->e_phoff = PHDR_OFF;
    e->e_ehsize = sizeof(*e);
    e->e_phentsize = sizeof(struct elf64_phdr);
    e->e_shentsize = sizeof(struct elf64_shdr);
    im->size = DATA_OFF;
    im->note_align = 4;
}

static struct elf64_phdr *img_add_phdr(struct img *im, uint32_t type)
{
    struct elf64_phdr *p;

    assert_true(im->nphdr < MAX_PHDRS);
    p = phdr(im, im->nphdr++);
    p->p_type = type;
    ehdr(im)->e_phnum = (uint16_t)im->nphdr;
    return p;
}

/* A PT_LOAD at paddr = vaddr = addr, its file data filled with fill. */
static struct elf64_phdr *img_add_load(struct img *im, uint64_t addr,
                                       uint64_t filesz, uint64_t memsz,
                                       uint32_t flags, uint8_t fill)
{
    struct elf64_phdr *p = img_add_phdr(im, PT_LOAD);

    assert_true(im->size + filesz <= IMG_MAX);
    p->p_offset = im->size;
    p->p_vaddr = p->p_paddr = addr;
    p->p_filesz = filesz;
    p->p_memsz = memsz;
    p->p_flags = flags;
    p->p_align = 0x1000;
    memset(im->data + im->size, fill, filesz);
    im->size += filesz;
    return p;
}

/* Append a raw note (name and desc padded to align) to the notes area. */
static void img_add_note_raw(struct img *im, const char *name, uint32_t namesz,
                             uint32_t type, const void *desc, uint32_t descsz)
{
    struct elf_note_hdr nh = { namesz, descsz, type };
    uint8_t *p = im->data + NOTES_OFF + im->notes_len;
    size_t a = im->note_align;
    size_t name_pad = (sizeof(nh) + namesz + a - 1) / a * a - sizeof(nh);
    size_t desc_pad = (descsz + a - 1) / a * a;

    assert_true(im->notes_len + sizeof(nh) + name_pad + desc_pad <= NOTES_MAX);
    memcpy(p, &nh, sizeof(nh));
    memcpy(p + sizeof(nh), name, namesz);
    memcpy(p + sizeof(nh) + name_pad, desc, descsz);
    im->notes_len += sizeof(nh) + name_pad + desc_pad;
}

static void img_note_str(struct img *im, uint32_t type, const char *s)
{
    img_add_note_raw(im, XEN_ELFNOTE_NAME, sizeof(XEN_ELFNOTE_NAME), type,
                     s, (uint32_t)strlen(s) + 1);
}

static void img_note_num(struct img *im, uint32_t type, uint64_t v,
                         uint32_t width)
{
    img_add_note_raw(im, XEN_ELFNOTE_NAME, sizeof(XEN_ELFNOTE_NAME), type,
                     &v, width);
}

/* Add the PT_NOTE over the notes written so far (once). */
static void img_finish(struct img *im)
{
    struct elf64_phdr *p;

    if (im->finished || im->notes_len == 0 || im->no_note_phdr)
        return;
    im->finished = true;
    p = img_add_phdr(im, PT_NOTE);
    p->p_offset = NOTES_OFF;
    p->p_filesz = p->p_memsz = im->notes_len;
    p->p_align = im->note_align;
}

/* The minimum notes Xen wants from a generic-loader kernel. */
static void img_required_notes(struct img *im)
{
    img_note_str(im, XEN_ELFNOTE_GUEST_OS, "XTF");
    img_note_str(im, XEN_ELFNOTE_XEN_VERSION, XEN_ELFNOTE_XEN_VERSION_3_0);
    img_note_str(im, XEN_ELFNOTE_LOADER, XEN_ELFNOTE_LOADER_GENERIC);
}

/* The default image, before img_finish(): two segments and XTF's notes. */
static void img_default(struct img *im)
{
    img_init(im);
    img_add_load(im, TEXT_VADDR, TEXT_SIZE, TEXT_SIZE, PF_R | PF_X, TEXT_BYTE);
    img_add_load(im, DATA_VADDR, DATA_FILESZ, DATA_MEMSZ, PF_R | PF_W, DATA_BYTE);
    img_required_notes(im);
    img_note_num(im, XEN_ELFNOTE_HYPERCALL_PAGE, HCALL_PAGE, 8);
    img_note_str(im, XEN_ELFNOTE_FEATURES,
                 "!writable_page_tables|pae_pgdir_above_4gb");
}

/* ---- Running the parser ---- */

struct result {
    int rc;
    const char *why;
    struct pv_kernel_info info;
};

/* Inspect size bytes of data from an exactly-sized heap copy. */
static void inspect_bytes(const void *data, size_t size, struct result *r)
{
    void *copy = malloc(size ? size : 1);

    assert_non_null(copy);
    memcpy(copy, data, size);
    r->rc = pv_kernel_inspect(copy, size, &r->info, &r->why);
    /* Note strings point into the image; check them before it goes. */
    if (r->rc == 0 && r->info.notes.guest_os.s != NULL)
        assert_true((const uint8_t *)r->info.notes.guest_os.s + r->info.notes.guest_os.len
                    <= (const uint8_t *)copy + size);
    free(copy);
    r->info.notes.guest_os.s = NULL;    /* dangling now */
    r->info.notes.xen_version.s = NULL;
    r->info.notes.loader.s = NULL;
    r->info.notes.features.s = NULL;
    r->info.notes.guest_version.s = NULL;
    r->info.notes.pae_mode.s = NULL;
    r->info.notes.bsd_symtab.s = NULL;
}

/* A string note's value is exactly want (its bytes, not a C string). */
static void assert_note_str(struct pv_note_string v, const char *want)
{
    if (v.s == NULL || v.len != strlen(want) || memcmp(v.s, want, v.len) != 0) {
        print_error("note string \"%.*s\" (%u bytes), expected \"%s\"\n",
                    v.s ? (int)v.len : 6, v.s ? v.s : "(none)", v.len, want);
        fail();
    }
}

static void inspect(struct img *im, struct result *r)
{
    img_finish(im);
    inspect_bytes(im->data, im->size, r);
}

/* Inspection must fail with err and exactly this reason. */
static void expect_reject(struct img *im, int err, const char *why)
{
    struct result r;

    inspect(im, &r);
    if (r.rc != err || r.why == NULL || strcmp(r.why, why) != 0) {
        print_error("expected %d \"%s\", got %d \"%s\"\n",
                    err, why, r.rc, r.why ? r.why : "(null)");
        fail();
    }
}

static void expect_ok(struct img *im, struct result *r)
{
    inspect(im, r);
    if (r->rc != 0) {
        print_error("rejected: %d \"%s\"\n", r->rc, r->why);
        fail();
    }
    assert_null(r->why);
}

/* ---- Good images ---- */

static void test_default_image(void **state)
{
    struct img *im = malloc(sizeof(*im));
    struct result r;
    const struct pv_kernel_info *i = &r.info;

    (void)state;
    img_default(im);
    expect_ok(im, &r);
    assert_int_equal(i->elf_class, ELFCLASS64);
    assert_int_equal(i->nr_segments, 2);
    assert_int_equal(i->segments[0].vaddr, TEXT_VADDR);
    assert_int_equal(i->segments[0].offset, DATA_OFF);
    assert_int_equal(i->segments[0].filesz, TEXT_SIZE);
    assert_int_equal(i->segments[0].flags, PF_R | PF_X);
    assert_int_equal(i->segments[0].phdr, 0);
    assert_int_equal(i->segments[1].vaddr, DATA_VADDR);
    assert_int_equal(i->segments[1].filesz, DATA_FILESZ);
    assert_int_equal(i->segments[1].memsz, DATA_MEMSZ);
    /* No VIRT_BASE, no PADDR_OFFSET: everything loads at p_paddr. */
    assert_int_equal(i->virt_base, 0);
    assert_int_equal(i->paddr_offset, 0);
    assert_int_equal(i->virt_offset, 0);
    assert_int_equal(i->virt_kstart, TEXT_VADDR);
    assert_int_equal(i->virt_kend, DATA_VADDR + DATA_MEMSZ);
    assert_int_equal(i->entry, ENTRY);                  /* e_entry */
    assert_int_equal(i->hypercall_page, HCALL_PAGE);
    assert_true(pv_kernel_has_note(i, XEN_ELFNOTE_HYPERCALL_PAGE));
    assert_true(pv_kernel_has_note(i, XEN_ELFNOTE_LOADER));
    assert_false(pv_kernel_has_note(i, XEN_ELFNOTE_ENTRY));
    assert_false(pv_kernel_has_note(i, XEN_ELFNOTE_MAX + 1));
    /* "!writable_page_tables|pae_pgdir_above_4gb": bits 0 and 4. */
    assert_int_equal(i->features_required, 1u << 0);
    assert_int_equal(i->features_supported, (1u << 0) | (1u << 4));
    assert_int_equal(i->features_unknown, 0);
    assert_int_equal(i->err.phdr, -1);
    free(im);
}

static void test_note_strings_point_into_image(void **state)
{
    struct img *im = malloc(sizeof(*im));
    struct pv_kernel_info info;
    const char *why;

    (void)state;
    img_default(im);
    img_note_str(im, XEN_ELFNOTE_GUEST_VERSION, "1.2.3");
    img_note_str(im, XEN_ELFNOTE_PAE_MODE, "yes");
    img_note_str(im, XEN_ELFNOTE_BSD_SYMTAB, "no");
    img_finish(im);
    assert_int_equal(pv_kernel_inspect(im->data, im->size, &info, &why), 0);
    assert_note_str(info.notes.guest_os, "XTF");
    assert_note_str(info.notes.xen_version, "xen-3.0");
    assert_note_str(info.notes.loader, "generic");
    assert_note_str(info.notes.guest_version, "1.2.3");
    assert_note_str(info.notes.pae_mode, "yes");
    assert_note_str(info.notes.bsd_symtab, "no");
    assert_true((const uint8_t *)info.notes.guest_os.s > im->data &&
                (const uint8_t *)info.notes.guest_os.s < im->data + im->size);
    free(im);
}

static void img_linux(struct img *im, bool with_paddr_offset)
{
    const uint64_t pair[2] = { 1, 1 };      /* (mask, value) = PRESENT */

    img_init(im);
    img_add_load(im, LINUX_PADDR, TEXT_SIZE, TEXT_SIZE, PF_R | PF_X, TEXT_BYTE);
    img_add_load(im, LINUX_PADDR + TEXT_SIZE, DATA_FILESZ, DATA_MEMSZ,
                 PF_R | PF_W, DATA_BYTE);
    /* Linux's ELF vaddrs are the high ones; the builder uses p_paddr. */
    phdr(im, 0)->p_vaddr += LINUX_VIRT_BASE;
    phdr(im, 1)->p_vaddr += LINUX_VIRT_BASE;
    img_note_str(im, XEN_ELFNOTE_GUEST_OS, "linux");
    img_note_str(im, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
    img_note_num(im, XEN_ELFNOTE_VIRT_BASE, LINUX_VIRT_BASE, 8);
    if (with_paddr_offset)
        img_note_num(im, XEN_ELFNOTE_PADDR_OFFSET, 0, 8);
    img_note_num(im, XEN_ELFNOTE_ENTRY, LINUX_ENTRY, 8);
    img_note_num(im, XEN_ELFNOTE_INIT_P2M, LINUX_P2M, 8);
    img_note_num(im, XEN_ELFNOTE_MOD_START_PFN, 1, 4);
    img_note_num(im, XEN_ELFNOTE_SUPPORTED_FEATURES, 1u << 7, 4);
    img_note_str(im, XEN_ELFNOTE_FEATURES, "!writable_page_tables");
    img_add_note_raw(im, XEN_ELFNOTE_NAME, sizeof(XEN_ELFNOTE_NAME),
                     XEN_ELFNOTE_L1_MFN_VALID, pair, sizeof(pair));
}

static void test_linux_like_layout(void **state)
{
    struct img *im = malloc(sizeof(*im));
    struct result r;
    const struct pv_kernel_info *i = &r.info;

    (void)state;
    img_linux(im, true);
    /* No LOADER note: allowed because GUEST_OS is linux, as in Xen. */
    expect_ok(im, &r);
    assert_int_equal(i->virt_base, LINUX_VIRT_BASE);
    assert_int_equal(i->virt_offset, LINUX_VIRT_BASE);
    assert_int_equal(i->segments[0].vaddr, LINUX_VIRT_BASE + LINUX_PADDR);
    assert_int_equal(i->virt_kstart, LINUX_VIRT_BASE + LINUX_PADDR);
    assert_int_equal(i->virt_kend,
                     LINUX_VIRT_BASE + LINUX_PADDR + TEXT_SIZE + DATA_MEMSZ);
    assert_int_equal(i->entry, LINUX_ENTRY);            /* note beats e_entry */
    assert_int_equal(i->hypercall_page, 0);
    assert_int_equal(i->notes.init_p2m, LINUX_P2M);
    assert_int_equal(i->notes.mod_start_pfn, 1);
    assert_int_equal(i->notes.l1_mfn_valid_mask, 1);
    assert_int_equal(i->notes.l1_mfn_valid_value, 1);
    /* SUPPORTED_FEATURES is or-ed into what FEATURES says. */
    assert_int_equal(i->features_supported, (1u << 7) | (1u << 0));
    assert_int_equal(i->features_required, 1u << 0);
    free(im);
}

/* Xen's rule for ELF-note kernels: a missing PADDR_OFFSET means 0. */
static void test_virt_base_without_paddr_offset(void **state)
{
    struct img *im = malloc(sizeof(*im));
    struct result r;

    (void)state;
    img_linux(im, false);
    expect_ok(im, &r);
    assert_int_equal(r.info.paddr_offset, 0);
    assert_int_equal(r.info.segments[0].vaddr, LINUX_VIRT_BASE + LINUX_PADDR);
    free(im);
}

static void test_paddr_offset_without_virt_base(void **state)
{
    struct img *im = malloc(sizeof(*im));

    (void)state;
    img_default(im);
    img_note_num(im, XEN_ELFNOTE_PADDR_OFFSET, 0, 8);
    expect_reject(im, -XEN_EINVAL, "PADDR_OFFSET note without VIRT_BASE");
    free(im);
}

static void test_paddr_offset_moves_segments(void **state)
{
    struct img *im = malloc(sizeof(*im));
    struct result r;

    (void)state;
    /* virt_base 0, paddr_offset 0x1000: everything moves down a page. */
    img_default(im);
    img_note_num(im, XEN_ELFNOTE_VIRT_BASE, 0, 8);
    img_note_num(im, XEN_ELFNOTE_PADDR_OFFSET, 0x1000, 8);
    img_note_num(im, XEN_ELFNOTE_ENTRY, TEXT_VADDR - 0x1000, 8);
    expect_ok(im, &r);
    assert_int_equal(r.info.virt_offset, (uint64_t)-0x1000);
    assert_int_equal(r.info.virt_kstart, TEXT_VADDR - 0x1000);
    free(im);
}

/* ---- Identification and header ---- */

static void test_not_elf(void **state)
{
    static const uint8_t junk[] = "MZ\x90\x00 this is not an ELF file";
    struct result r;

    (void)state;
    inspect_bytes(junk, sizeof(junk), &r);
    assert_int_equal(r.rc, -XEN_ENOEXEC);
    assert_string_equal(r.why, "not an ELF file");
    inspect_bytes(junk, 0, &r);
    assert_string_equal(r.why, "not an ELF file");
    inspect_bytes(ELF_MAGIC, 3, &r);
    assert_string_equal(r.why, "not an ELF file");
}

static void test_truncated_header(void **state)
{
    struct img *im = malloc(sizeof(*im));
    struct result r;

    (void)state;
    img_default(im);
    img_finish(im);
    for (size_t n = ELF_MAGIC_LEN; n < sizeof(struct elf64_ehdr); n++) {
        inspect_bytes(im->data, n, &r);
        assert_int_equal(r.rc, -XEN_ENOEXEC);
        assert_string_equal(r.why, "ELF header truncated");
    }
    free(im);
}

static void test_elfclass32(void **state)
{
    struct img *im = malloc(sizeof(*im));

    (void)state;
    img_default(im);
    ehdr(im)->e_ident[EI_CLASS] = ELFCLASS32;
    expect_reject(im, -XEN_EOPNOTSUPP,
                  "32-bit PV guests are not supported yet (ELFCLASS32)");
    free(im);
}

static void test_bad_ident_and_header(void **state)
{
    struct img *im = malloc(sizeof(*im));

    (void)state;
    img_default(im);
    ehdr(im)->e_ident[EI_CLASS] = 3;
    expect_reject(im, -XEN_ENOEXEC, "unknown ELF class");
    img_default(im);
    ehdr(im)->e_ident[EI_DATA] = 2;                     /* big-endian */
    expect_reject(im, -XEN_ENOEXEC, "ELF file is not little-endian");
    img_default(im);
    ehdr(im)->e_ident[EI_VERSION] = 0;
    expect_reject(im, -XEN_ENOEXEC, "unknown ELF version");
    img_default(im);
    ehdr(im)->e_machine = EM_386;
    expect_reject(im, -XEN_ENOEXEC, "machine is not x86_64");
    img_default(im);
    ehdr(im)->e_type = 1;                               /* ET_REL */
    expect_reject(im, -XEN_ENOEXEC, "ELF file is not an executable");
    img_default(im);
    ehdr(im)->e_phentsize = sizeof(struct elf64_phdr) - 1;
    expect_reject(im, -XEN_ENOEXEC, "program header entry size too small");
    free(im);
}

static void test_dyn_accepted(void **state)
{
    struct img *im = malloc(sizeof(*im));
    struct result r;

    (void)state;
    img_default(im);
    ehdr(im)->e_type = ET_DYN;
    expect_ok(im, &r);
    free(im);
}

static void test_program_header_table_bounds(void **state)
{
    struct img *im = malloc(sizeof(*im));
    const char *why = "program header table past end of file";

    (void)state;
    img_default(im);
    img_finish(im);
    ehdr(im)->e_phoff = im->size - 10;
    expect_reject(im, -XEN_ENOEXEC, why);
    img_default(im);
    ehdr(im)->e_phoff = UINT64_MAX - 8;                 /* would wrap */
    expect_reject(im, -XEN_ENOEXEC, why);
    img_default(im);
    img_finish(im);                     /* it would reset e_phnum */
    ehdr(im)->e_phnum = 0xffff;
    expect_reject(im, -XEN_ENOEXEC, why);
    img_default(im);
    ehdr(im)->e_phentsize = 0xffff;
    expect_reject(im, -XEN_ENOEXEC, why);
    free(im);
}

/* ---- Segments ---- */

static void test_segment_file_data_bounds(void **state)
{
    struct img *im = malloc(sizeof(*im));
    struct result r;

    (void)state;
    img_default(im);
    phdr(im, 1)->p_filesz = IMG_MAX;
    phdr(im, 1)->p_memsz = IMG_MAX;
    inspect(im, &r);
    assert_int_equal(r.rc, -XEN_ENOEXEC);
    assert_string_equal(r.why, "file data past end of file");
    assert_int_equal(r.info.err.phdr, 1);

    img_default(im);
    phdr(im, 0)->p_offset = UINT64_MAX - 0x10;          /* offset + size wraps */
    inspect(im, &r);
    assert_string_equal(r.why, "file offset + size overflows");
    assert_int_equal(r.info.err.phdr, 0);

    img_default(im);
    phdr(im, 1)->p_offset = im->size;                   /* starts at the end */
    expect_reject(im, -XEN_ENOEXEC, "file data past end of file");

    img_default(im);
    phdr(im, 1)->p_filesz = DATA_MEMSZ + 1;
    expect_reject(im, -XEN_ENOEXEC, "file size larger than memory size");
    free(im);
}

static void test_too_many_segments(void **state)
{
    struct img *im = malloc(sizeof(*im));
    struct result r;

    (void)state;
    img_default(im);
    for (unsigned int i = 2; i < PV_KERNEL_MAX_SEGMENTS; i++)
        img_add_load(im, DATA_VADDR + i * 0x10000, 0x10, 0x10, PF_R, 0);
    expect_ok(im, &r);
    assert_int_equal(r.info.nr_segments, PV_KERNEL_MAX_SEGMENTS);
    img_default(im);
    for (unsigned int i = 2; i <= PV_KERNEL_MAX_SEGMENTS; i++)
        img_add_load(im, DATA_VADDR + i * 0x10000, 0x10, 0x10, PF_R, 0);
    expect_reject(im, -XEN_E2BIG, "too many loadable segments");
    free(im);
}

static void test_no_loadable_segments(void **state)
{
    struct img *im = malloc(sizeof(*im));
    struct result r;

    (void)state;
    img_init(im);
    img_required_notes(im);
    expect_reject(im, -XEN_ENOEXEC, "no loadable segments");
    /* A PT_LOAD with nothing in memory does not count (and is skipped). */
    img_init(im);
    img_add_load(im, TEXT_VADDR, 0, 0, PF_R, 0);
    img_required_notes(im);
    expect_reject(im, -XEN_ENOEXEC, "no loadable segments");
    img_default(im);
    img_add_load(im, 0xffff800000000000ull, 0, 0, PF_R, 0);
    expect_ok(im, &r);
    assert_int_equal(r.info.nr_segments, 2);
    free(im);
}

static void expect_segment_rejected(struct img *im, uint64_t paddr,
                                    uint64_t memsz, const char *why)
{
    struct result r;

    img_default(im);
    img_add_load(im, paddr, 0x10, memsz, PF_R, 0);
    inspect(im, &r);
    assert_int_equal(r.rc, -XEN_EINVAL);
    assert_string_equal(r.why, why);
    assert_int_equal(r.info.err.phdr, 2);
    assert_true(r.info.err.has_addr);
    assert_int_equal(r.info.err.addr, paddr);
}

static void test_segment_addresses(void **state)
{
    struct img *im = malloc(sizeof(*im));
    const char *hv = "overlaps the hypervisor's reserved range";
    const char *nc = "not at a canonical address";

    (void)state;
    expect_segment_rejected(im, HYPERVISOR_RANGE_START, 0x1000, hv);
    expect_segment_rejected(im, HYPERVISOR_RANGE_END - 0x1000, 0x1000, hv);
    expect_segment_rejected(im, HYPERVISOR_RANGE_END - 0x1000, 0x2000, hv);
    /* Just below the range is the non-canonical hole. */
    expect_segment_rejected(im, HYPERVISOR_RANGE_START - 0x1000, 0x2000, nc);
    expect_segment_rejected(im, 0x0000900000000000ull, 0x1000, nc);
    expect_segment_rejected(im, 0x00007ffffffff000ull, 0x2000, nc);
    expect_segment_rejected(im, 0xfffffffffffff000ull, 0x2000,
                            "wraps around the end of the address space");
    expect_segment_rejected(im, 0xfffffffffffff000ull, 0x1000,
                            "wraps around the end of the address space");
    free(im);
}

static void test_segments_next_to_hypervisor_range(void **state)
{
    struct img *im = malloc(sizeof(*im));
    struct result r;

    (void)state;
    img_default(im);
    img_add_load(im, HYPERVISOR_RANGE_END, 0x10, 0x1000, PF_R, 0);
    img_add_load(im, 0x00007ffffffff000ull, 0x10, 0x1000, PF_R, 0);
    expect_ok(im, &r);
    assert_int_equal(r.info.virt_kend, HYPERVISOR_RANGE_END + 0x1000);
    free(im);
}

/* ---- Layout checks ---- */

static void test_entry_point(void **state)
{
    struct img *im = malloc(sizeof(*im));
    struct result r;

    (void)state;
    img_default(im);
    ehdr(im)->e_entry = TEXT_VADDR;                     /* first byte: fine */
    expect_ok(im, &r);
    img_default(im);
    ehdr(im)->e_entry = DATA_VADDR + DATA_MEMSZ;        /* end is exclusive */
    inspect(im, &r);
    assert_int_equal(r.rc, -XEN_EINVAL);
    assert_string_equal(r.why, "entry point outside the image");
    assert_true(r.info.err.has_addr);
    assert_int_equal(r.info.err.addr, DATA_VADDR + DATA_MEMSZ);
    img_default(im);
    img_note_num(im, XEN_ELFNOTE_ENTRY, TEXT_VADDR - 1, 8);
    expect_reject(im, -XEN_EINVAL, "entry point outside the image");
    free(im);
}

static void test_hypercall_page_checks(void **state)
{
    struct img *im = malloc(sizeof(*im));
    struct result r;

    (void)state;
    img_default(im);
    img_note_num(im, XEN_ELFNOTE_HYPERCALL_PAGE, HCALL_PAGE + 8, 8);
    expect_reject(im, -XEN_EINVAL, "hypercall page not page-aligned");
    img_default(im);
    img_note_num(im, XEN_ELFNOTE_HYPERCALL_PAGE, 0x200000, 8);
    expect_reject(im, -XEN_EINVAL, "hypercall page outside the image");
    img_default(im);
    img_note_num(im, XEN_ELFNOTE_HYPERCALL_PAGE, 0, 8);
    expect_reject(im, -XEN_EINVAL, "hypercall page outside the image");
    /* The last whole page of the image is fine. */
    img_default(im);
    img_note_num(im, XEN_ELFNOTE_HYPERCALL_PAGE,
                 DATA_VADDR + DATA_MEMSZ - 0x1000, 4);
    expect_ok(im, &r);
    assert_int_equal(r.info.hypercall_page, DATA_VADDR + DATA_MEMSZ - 0x1000);
    /* A page that only starts inside the image is not. */
    img_default(im);
    phdr(im, 1)->p_memsz = DATA_MEMSZ - 0x800;
    img_note_num(im, XEN_ELFNOTE_HYPERCALL_PAGE, DATA_VADDR + 0x2000, 8);
    expect_reject(im, -XEN_EINVAL, "hypercall page outside the image");
    free(im);
}

static void test_virt_base_and_init_p2m(void **state)
{
    struct img *im = malloc(sizeof(*im));

    (void)state;
    img_default(im);
    img_note_num(im, XEN_ELFNOTE_VIRT_BASE, TEXT_VADDR + 0x1000, 8);
    img_note_num(im, XEN_ELFNOTE_PADDR_OFFSET, TEXT_VADDR + 0x1000, 8);
    expect_reject(im, -XEN_EINVAL, "VIRT_BASE is above the start of the image");
    img_default(im);
    img_note_num(im, XEN_ELFNOTE_INIT_P2M, DATA_VADDR, 8);
    expect_reject(im, -XEN_EINVAL, "INIT_P2M address unusable");
    img_default(im);
    img_note_num(im, XEN_ELFNOTE_INIT_P2M, HYPERVISOR_RANGE_START, 8);
    expect_reject(im, -XEN_EINVAL, "INIT_P2M address unusable");
    free(im);
}

/* ---- Notes ---- */

static void test_notes_required(void **state)
{
    struct img *im = malloc(sizeof(*im));
    struct result r;

    (void)state;
    img_init(im);
    img_add_load(im, TEXT_VADDR, TEXT_SIZE, TEXT_SIZE, PF_R | PF_X, 0);
    expect_reject(im, -XEN_EINVAL, "no Xen ELF notes (not a PV kernel)");

    img_init(im);
    img_add_load(im, TEXT_VADDR, TEXT_SIZE, TEXT_SIZE, PF_R | PF_X, 0);
    img_note_str(im, XEN_ELFNOTE_LOADER, "generic");
    inspect(im, &r);
    assert_string_equal(r.why, "Xen ELF note XEN_VERSION is not xen-3.0");
    assert_int_equal(r.info.err.note, XEN_ELFNOTE_XEN_VERSION);

    img_init(im);
    img_add_load(im, TEXT_VADDR, TEXT_SIZE, TEXT_SIZE, PF_R | PF_X, 0);
    img_note_str(im, XEN_ELFNOTE_LOADER, "generic");
    img_note_str(im, XEN_ELFNOTE_XEN_VERSION, "xen-2.0");
    expect_reject(im, -XEN_EINVAL, "Xen ELF note XEN_VERSION is not xen-3.0");

    img_init(im);
    img_add_load(im, TEXT_VADDR, TEXT_SIZE, TEXT_SIZE, PF_R | PF_X, 0);
    img_note_str(im, XEN_ELFNOTE_GUEST_OS, "XTF");
    img_note_str(im, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
    expect_reject(im, -XEN_EINVAL, "LOADER note is not generic");

    img_init(im);
    img_add_load(im, TEXT_VADDR, TEXT_SIZE, TEXT_SIZE, PF_R | PF_X, 0);
    img_note_str(im, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
    img_note_str(im, XEN_ELFNOTE_LOADER, "elfloader");
    expect_reject(im, -XEN_EINVAL, "LOADER note is not generic");
    free(im);
}

/*
 * Inspect im twice: from an exact-size copy (AddressSanitizer sees any
 * read past the image), then in place, so the note strings in info stay
 * valid while im lives.  Both must accept it.
 */
static void inspect_in_place(struct img *im, struct pv_kernel_info *info)
{
    struct result r;
    const char *why;

    expect_ok(im, &r);
    assert_int_equal(pv_kernel_inspect(im->data, im->size, info, &why), 0);
}

/*
 * String notes in every form Xen's libelf reads: with a NUL, without one
 * (Linux's FEATURES), cut at an embedded NUL, and empty.  The value ends
 * with the descriptor, whatever follows it.
 */
static void test_string_note_forms(void **state)
{
    static const char linux_features[] = "!writable_page_tables|pae_pgdir_above_4gb";
    struct img *im = malloc(sizeof(*im));
    struct pv_kernel_info info;

    (void)state;
    img_default(im);
    /* sizeof - 1: the bytes without their NUL, as `.ascii` writes them. */
    img_add_note_raw(im, XEN_ELFNOTE_NAME, XEN_ELFNOTE_NAME_SIZE, XEN_ELFNOTE_FEATURES,
                     linux_features, sizeof(linux_features) - 1);
    img_add_note_raw(im, XEN_ELFNOTE_NAME, XEN_ELFNOTE_NAME_SIZE, XEN_ELFNOTE_PAE_MODE,
                     "yes!", 4);
    img_add_note_raw(im, XEN_ELFNOTE_NAME, XEN_ELFNOTE_NAME_SIZE, XEN_ELFNOTE_GUEST_VERSION,
                     "6.1\0junk", 8);
    img_add_note_raw(im, XEN_ELFNOTE_NAME, XEN_ELFNOTE_NAME_SIZE, XEN_ELFNOTE_BSD_SYMTAB,
                     "", 0);
    inspect_in_place(im, &info);
    assert_note_str(info.notes.features, linux_features);
    assert_int_equal(info.features_required, 1u << XENFEAT_writable_page_tables);
    assert_int_equal(info.features_supported, (1u << XENFEAT_writable_page_tables) |
                                              (1u << XENFEAT_pae_pgdir_above_4gb));
    assert_note_str(info.notes.pae_mode, "yes!");
    assert_note_str(info.notes.guest_version, "6.1");
    assert_note_str(info.notes.bsd_symtab, "");
    assert_true(pv_kernel_has_note(&info, XEN_ELFNOTE_BSD_SYMTAB));
    assert_int_equal(info.notes.unreadable, 0);

    /* "dom0" with descsz 3: the name read is "dom", the padding stays out. */
    img_default(im);
    img_add_note_raw(im, XEN_ELFNOTE_NAME, XEN_ELFNOTE_NAME_SIZE, XEN_ELFNOTE_FEATURES,
                     "dom0", 3);
    inspect_in_place(im, &info);
    assert_note_str(info.notes.features, "dom");
    assert_int_equal(info.features_unknown, 1);
    assert_int_equal(info.features_supported, 0);

    /* A later note of the same type wins; an empty LOADER is not generic. */
    img_default(im);
    img_add_note_raw(im, XEN_ELFNOTE_NAME, XEN_ELFNOTE_NAME_SIZE, XEN_ELFNOTE_LOADER, "", 0);
    expect_reject(im, -XEN_EINVAL, "LOADER note is not generic");
    img_default(im);
    img_add_note_raw(im, XEN_ELFNOTE_NAME, XEN_ELFNOTE_NAME_SIZE, XEN_ELFNOTE_XEN_VERSION,
                     "xen-3.0", 7);
    inspect_in_place(im, &info);
    assert_note_str(info.notes.xen_version, "xen-3.0");
    free(im);
}

/* Numbers of 1, 2, 4 and 8 bytes, little-endian, as Xen reads them. */
static void test_number_note_widths(void **state)
{
    struct img *im = malloc(sizeof(*im));
    const uint32_t two_maps[2] = { 1u << XENFEAT_dom0, 1u << XENFEAT_hvm_pirqs };
    struct pv_kernel_info info;

    (void)state;
    img_default(im);
    img_note_num(im, XEN_ELFNOTE_MOD_START_PFN, 0x01, 1);
    img_note_num(im, XEN_ELFNOTE_SUSPEND_CANCEL, 0x0201, 2);
    img_note_num(im, XEN_ELFNOTE_ENTRY, ENTRY + 4, 4);
    img_note_num(im, XEN_ELFNOTE_HV_START_LOW, 0xffff800000000000ull, 8);
    /* Several 32-bit maps: minixen (one submap, like Xen) reads the first. */
    img_add_note_raw(im, XEN_ELFNOTE_NAME, XEN_ELFNOTE_NAME_SIZE,
                     XEN_ELFNOTE_SUPPORTED_FEATURES, two_maps, sizeof(two_maps));
    inspect_in_place(im, &info);
    assert_int_equal(info.notes.mod_start_pfn, 0x01);
    assert_int_equal(info.notes.suspend_cancel, 0x0201);
    assert_int_equal(info.entry, ENTRY + 4);
    assert_int_equal(info.notes.hv_start_low, 0xffff800000000000ull);
    assert_true(info.features_supported & (1u << XENFEAT_dom0));
    assert_false(info.features_supported & (1u << XENFEAT_hvm_pirqs));
    assert_int_equal(info.notes.unreadable, 0);
    free(im);
}

/*
 * A number note whose size holds no number is accepted and reads as 0,
 * as in Xen (elf_note_numeric); the unreadable mask says which.
 */
static void test_number_notes_of_no_width(void **state)
{
    struct img *im = malloc(sizeof(*im));
    struct pv_kernel_info info;

    (void)state;
    img_default(im);
    img_note_num(im, XEN_ELFNOTE_MOD_START_PFN, 0x010101, 3);
    img_note_num(im, XEN_ELFNOTE_SUPPORTED_FEATURES, 1u << XENFEAT_dom0, 2);
    img_note_num(im, XEN_ELFNOTE_L1_MFN_VALID, 1, 8);
    img_add_note_raw(im, XEN_ELFNOTE_NAME, XEN_ELFNOTE_NAME_SIZE, XEN_ELFNOTE_INIT_P2M,
                     "", 0);
    inspect_in_place(im, &info);
    assert_int_equal(info.notes.mod_start_pfn, 0);
    assert_true(pv_kernel_has_note(&info, XEN_ELFNOTE_MOD_START_PFN));
    assert_false(info.features_supported & (1u << XENFEAT_dom0));
    assert_int_equal(info.notes.l1_mfn_valid_mask, 0);
    assert_int_equal(info.notes.init_p2m, 0);
    assert_int_equal(info.notes.unreadable,
                     (1u << XEN_ELFNOTE_MOD_START_PFN) |
                     (1u << XEN_ELFNOTE_SUPPORTED_FEATURES) |
                     (1u << XEN_ELFNOTE_L1_MFN_VALID) |
                     (1u << XEN_ELFNOTE_INIT_P2M));

    /* A 0 that matters still gets its own refusal: ENTRY 0 is not in the image. */
    img_default(im);
    img_note_num(im, XEN_ELFNOTE_ENTRY, ENTRY, 3);
    expect_reject(im, -XEN_EINVAL, "entry point outside the image");
    free(im);
}

/* A note is Xen's when its name, up to a NUL or namesz, is "Xen". */
static void test_xen_note_names(void **state)
{
    static const char padded_name[8] = "Xen";
    struct img *im = malloc(sizeof(*im));
    struct pv_kernel_info info;
    const uint64_t pfn = 1;

    (void)state;
    img_default(im);
    img_add_note_raw(im, "Xen", 3, XEN_ELFNOTE_MOD_START_PFN, &pfn, sizeof(pfn));
    inspect_in_place(im, &info);
    assert_int_equal(info.notes.mod_start_pfn, 1);

    img_default(im);
    img_add_note_raw(im, padded_name, sizeof(padded_name), XEN_ELFNOTE_MOD_START_PFN,
                     &pfn, sizeof(pfn));
    inspect_in_place(im, &info);
    assert_int_equal(info.notes.mod_start_pfn, 1);

    /* "Xe", "Xenon" and a nameless note are someone else's. */
    img_default(im);
    img_add_note_raw(im, "Xe", 2, XEN_ELFNOTE_MOD_START_PFN, &pfn, sizeof(pfn));
    img_add_note_raw(im, "Xenon", 6, XEN_ELFNOTE_MOD_START_PFN, &pfn, sizeof(pfn));
    img_add_note_raw(im, "", 0, XEN_ELFNOTE_MOD_START_PFN, &pfn, sizeof(pfn));
    inspect_in_place(im, &info);
    assert_false(pv_kernel_has_note(&info, XEN_ELFNOTE_MOD_START_PFN));
    free(im);
}

/* A note whose sizes point past its segment, in several ways. */
static void test_note_overruns(void **state)
{
    struct img *im = malloc(sizeof(*im));
    struct elf_note_hdr *nh;
    const char *why = "ELF note runs past the end of its segment";
    struct result r;

    (void)state;
    img_default(im);
    nh = (struct elf_note_hdr *)(im->data + NOTES_OFF);
    nh->descsz = 0xffffffff;
    expect_reject(im, -XEN_ENOEXEC, why);
    img_default(im);
    nh->namesz = 0xfffffff0;
    expect_reject(im, -XEN_ENOEXEC, why);
    /* The PT_NOTE itself reaches past the file. */
    img_default(im);
    img_finish(im);
    phdr(im, im->nphdr - 1)->p_filesz = IMG_MAX;
    inspect_bytes(im->data, im->size, &r);
    assert_int_equal(r.rc, -XEN_ENOEXEC);
    assert_string_equal(r.why, "note data past end of file");
    free(im);
}

static void test_foreign_and_unknown_notes_skipped(void **state)
{
    struct img *im = malloc(sizeof(*im));
    struct result r;
    uint8_t build_id[20] = { 1, 2, 3 };

    (void)state;
    img_default(im);
    /* A GNU build-id, a "Xenon" note with a Xen type, unknown Xen types. */
    img_add_note_raw(im, "GNU", 4, 3, build_id, sizeof(build_id));
    img_add_note_raw(im, "Xenon", 6, XEN_ELFNOTE_ENTRY, build_id, 8);
    img_add_note_raw(im, "Xe", 2, XEN_ELFNOTE_ENTRY, build_id, 8);
    img_note_num(im, 99, 0, 8);
    img_note_num(im, XEN_ELFNOTE_INFO, 0, 3);
    img_note_num(im, XEN_ELFNOTE_CRASH_INFO, 0, 5);
    expect_ok(im, &r);
    assert_int_equal(r.info.entry, ENTRY);
    free(im);
}

/* Notes padded to 8 bytes, as a PT_NOTE with p_align 8 says. */
static void test_wide_note_alignment(void **state)
{
    struct img *im = malloc(sizeof(*im));
    struct result r;

    (void)state;
    img_init(im);
    im->note_align = 8;
    img_add_load(im, TEXT_VADDR, TEXT_SIZE, TEXT_SIZE, PF_R | PF_X, 0);
    img_note_num(im, XEN_ELFNOTE_MOD_START_PFN, 1, 4);  /* 4 bytes of pad */
    img_required_notes(im);
    img_note_num(im, XEN_ELFNOTE_HYPERCALL_PAGE, TEXT_VADDR, 8);
    expect_ok(im, &r);
    assert_int_equal(r.info.notes.mod_start_pfn, 1);
    assert_int_equal(r.info.hypercall_page, TEXT_VADDR);
    free(im);
}

/* Add a section header table: [0] null, [1] SHT_NOTE over the notes. */
static void img_add_note_section(struct img *im, uint64_t offset, uint64_t size)
{
    struct elf64_shdr *sh = (struct elf64_shdr *)(im->data + im->size);

    assert_true(im->size + 2 * sizeof(*sh) <= IMG_MAX);
    memset(sh, 0, 2 * sizeof(*sh));
    sh[1].sh_type = SHT_NOTE;
    sh[1].sh_offset = offset;
    sh[1].sh_size = size;
    sh[1].sh_addralign = 4;
    ehdr(im)->e_shoff = im->size;
    ehdr(im)->e_shnum = 2;
    im->size += 2 * sizeof(*sh);
}

static void test_notes_from_sections(void **state)
{
    struct img *im = malloc(sizeof(*im));
    struct result r;

    (void)state;
    img_default(im);
    im->no_note_phdr = true;
    img_add_note_section(im, NOTES_OFF, im->notes_len);
    expect_ok(im, &r);
    assert_int_equal(r.info.hypercall_page, HCALL_PAGE);

    img_default(im);
    im->no_note_phdr = true;
    img_add_note_section(im, NOTES_OFF, IMG_MAX);
    expect_reject(im, -XEN_ENOEXEC, "note section past end of file");

    img_default(im);
    im->no_note_phdr = true;
    img_add_note_section(im, NOTES_OFF, im->notes_len);
    ehdr(im)->e_shnum = 0x1000;
    expect_reject(im, -XEN_ENOEXEC, "section header table past end of file");

    img_default(im);
    im->no_note_phdr = true;
    img_add_note_section(im, NOTES_OFF, im->notes_len);
    ehdr(im)->e_shentsize = 8;
    expect_reject(im, -XEN_ENOEXEC, "section header entry size too small");
    free(im);
}

static void test_features_string(void **state)
{
    struct img *im = malloc(sizeof(*im));
    struct result r;

    (void)state;
    img_init(im);
    img_add_load(im, TEXT_VADDR, TEXT_SIZE, TEXT_SIZE, PF_R | PF_X, 0);
    img_required_notes(im);
    img_note_str(im, XEN_ELFNOTE_FEATURES,
                 "writable_page_tables|!pae_pgdir_above_4gb|bogus|"
                 "!also_bogus||!|direct_mapped|dom0|");
    expect_ok(im, &r);
    assert_int_equal(r.info.features_supported,
                     (1u << 0) | (1u << 4) | (1u << 17) | (1u << 11));
    assert_int_equal(r.info.features_required, 1u << 4);
    assert_int_equal(r.info.features_unknown, 2);
    assert_int_equal(r.info.features_unknown_required, 1);
    free(im);
}

/* ---- Error formatting ---- */

static void test_format_error(void **state)
{
    struct pv_kernel_info info;
    char buf[160];

    (void)state;
    memset(&info, 0, sizeof(info));
    info.err.phdr = 2;
    info.err.note = -1;
    pv_kernel_format_error(&info, "file data past end of file", buf, sizeof(buf));
    assert_string_equal(buf, "segment 2: file data past end of file");
    info.err.phdr = -1;
    info.err.has_addr = true;
    info.err.addr = 0xffffffff80001000ull;
    pv_kernel_format_error(&info, "entry point outside the image", buf, sizeof(buf));
    assert_string_equal(buf, "entry point outside the image "
                             "(address 0xffffffff80001000)");
    info.err.has_addr = false;
    info.err.note = XEN_ELFNOTE_HYPERCALL_PAGE;
    pv_kernel_format_error(&info, "Xen ELF note has a bad size", buf, sizeof(buf));
    assert_string_equal(buf, "Xen ELF note has a bad size (note HYPERCALL_PAGE)");
    /* Truncates like snprintf. */
    assert_int_equal(pv_kernel_format_error(&info, "x", buf, 4),
                     (int)strlen("x (note HYPERCALL_PAGE)"));
    assert_string_equal(buf, "x (");
}

/* ---- Loading ---- */

#define GUEST_MEM 0x10000

/* A fake guest address space starting at base. */
struct guest {
    uint64_t base;
    uint8_t mem[GUEST_MEM];
    unsigned int copies, zeroes;
};

static uint8_t *guest_ptr(struct guest *g, uint64_t vaddr, size_t n)
{
    assert_true(vaddr >= g->base && vaddr - g->base + n <= GUEST_MEM);
    return g->mem + (vaddr - g->base);
}

static void guest_copy(void *ctx, uint64_t vaddr, const void *src, size_t n)
{
    struct guest *g = ctx;

    memcpy(guest_ptr(g, vaddr, n), src, n);
    g->copies++;
}

static void guest_zero(void *ctx, uint64_t vaddr, size_t n)
{
    struct guest *g = ctx;

    memset(guest_ptr(g, vaddr, n), 0, n);
    g->zeroes++;
}

static void test_load_segments(void **state)
{
    struct img *im = malloc(sizeof(*im));
    struct guest *g = malloc(sizeof(*g));
    struct pv_kernel_info info;
    const char *why;

    (void)state;
    img_default(im);
    img_finish(im);
    assert_int_equal(pv_kernel_inspect(im->data, im->size, &info, &why), 0);
    memset(g, 0xee, sizeof(*g));
    g->base = info.virt_kstart;
    g->copies = g->zeroes = 0;
    assert_int_equal(elf_load_segments(&info, im->data, im->size,
                                       guest_copy, guest_zero, g), 0);
    assert_int_equal(g->copies, 2);
    assert_int_equal(g->zeroes, 1);         /* text has no bss part */
    for (size_t i = 0; i < TEXT_SIZE; i++)
        assert_int_equal(g->mem[i], TEXT_BYTE);
    for (size_t i = 0; i < DATA_FILESZ; i++)
        assert_int_equal(g->mem[TEXT_SIZE + i], DATA_BYTE);
    for (size_t i = DATA_FILESZ; i < DATA_MEMSZ; i++)
        assert_int_equal(g->mem[TEXT_SIZE + i], 0);
    assert_int_equal(g->mem[TEXT_SIZE + DATA_MEMSZ], 0xee);

    /* An info that does not match the image is refused before any write. */
    g->copies = g->zeroes = 0;
    info.segments[1].offset = im->size;
    assert_int_equal(elf_load_segments(&info, im->data, im->size,
                                       guest_copy, guest_zero, g), -XEN_EINVAL);
    info.segments[1].offset = DATA_OFF + TEXT_SIZE;
    info.segments[1].filesz = info.segments[1].memsz + 1;
    assert_int_equal(elf_load_segments(&info, im->data, im->size,
                                       guest_copy, guest_zero, g), -XEN_EINVAL);
    info.nr_segments = PV_KERNEL_MAX_SEGMENTS + 1;
    assert_int_equal(elf_load_segments(&info, im->data, im->size,
                                       guest_copy, guest_zero, g), -XEN_EINVAL);
    assert_int_equal(g->copies + g->zeroes, 0);
    free(g);
    free(im);
}

/* ---- The toolchain-built fixture ---- */

extern const uint8_t pv_fixture_start[], pv_fixture_end[];

static void test_toolchain_fixture(void **state)
{
    size_t size = (size_t)(pv_fixture_end - pv_fixture_start);
    struct guest *g = malloc(sizeof(*g));
    uint8_t *image = malloc(size);
    struct pv_kernel_info info;
    const struct pv_kernel_segment *data;
    uint64_t word;
    const char *why;

    (void)state;
    memcpy(image, pv_fixture_start, size);
    assert_int_equal(pv_kernel_inspect(image, size, &info, &why), 0);
    assert_int_equal(info.nr_segments, 2);
    assert_int_equal(info.virt_kstart, PV_FIXTURE_BASE);
    assert_int_equal(info.entry, PV_FIXTURE_ENTRY);
    assert_int_equal(info.hypercall_page, PV_FIXTURE_HCALL_PAGE);
    assert_note_str(info.notes.guest_os, PV_FIXTURE_GUEST_OS);
    assert_note_str(info.notes.features, PV_FIXTURE_FEATURES);
    assert_int_equal(info.notes.mod_start_pfn, 1);
    assert_int_equal(info.features_required, 1u << 0);
    data = &info.segments[1];
    assert_int_equal(data->flags, PF_R | PF_W);
    assert_true(data->memsz >= data->filesz + PV_FIXTURE_BSS_BYTES);
    assert_int_equal(info.virt_kend, data->vaddr + data->memsz);

    memset(g, 0xee, sizeof(*g));
    g->base = info.virt_kstart;
    assert_true(info.virt_kend - info.virt_kstart <= GUEST_MEM);
    assert_int_equal(elf_load_segments(&info, image, size, guest_copy,
                                       guest_zero, g), 0);
    assert_int_equal(*guest_ptr(g, PV_FIXTURE_HCALL_PAGE, 1), PV_FIXTURE_HCALL_FILL);
    assert_int_equal(*guest_ptr(g, PV_FIXTURE_HCALL_PAGE + 0xfff, 1),
                     PV_FIXTURE_HCALL_FILL);
    memcpy(&word, guest_ptr(g, data->vaddr, sizeof(word)), sizeof(word));
    assert_int_equal(word, PV_FIXTURE_DATA_WORD);
    assert_int_equal(*guest_ptr(g, info.virt_kend - 1, 1), 0);      /* bss */
    free(image);
    free(g);
}

/* ---- Damaged images ---- */

#define MUTATIONS       20000
#define MUTATION_SEED   12345

/*
 * Every prefix of a good image must fail cleanly, unless all its segment
 * data survives (only the section headers after it were cut off).
 */
static void test_every_truncation(void **state)
{
    size_t size = (size_t)(pv_fixture_end - pv_fixture_start);
    uint64_t needed = 0;
    struct result r;

    (void)state;
    inspect_bytes(pv_fixture_start, size, &r);
    assert_int_equal(r.rc, 0);
    for (unsigned int i = 0; i < r.info.nr_segments; i++) {
        const struct pv_kernel_segment *s = &r.info.segments[i];

        if (s->offset + s->filesz > needed)
            needed = s->offset + s->filesz;
    }
    for (size_t n = 0; n < size; n++) {
        inspect_bytes(pv_fixture_start, n, &r);
        if (n >= needed) {
            assert_int_equal(r.rc, 0);
            continue;
        }
        assert_true(r.rc < 0);
        assert_non_null(r.why);
    }
}

/*
 * Random damage (a few bytes overwritten with random or extreme values)
 * must never crash the parser, and whatever it accepts must be sane.
 */
static void test_random_damage(void **state)
{
    static const uint8_t extremes[] = { 0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff };
    struct img *im = malloc(sizeof(*im));
    uint8_t *image;
    size_t size;
    struct result r;
    unsigned int accepted = 0;

    (void)state;
    img_default(im);
    img_finish(im);
    size = im->size;
    image = malloc(size);
    srand(MUTATION_SEED);
    for (unsigned int round = 0; round < MUTATIONS; round++) {
        memcpy(image, im->data, size);
        for (int k = 1 + rand() % 4; k > 0; k--) {
            /* Mostly hit the headers and notes, where the structure is. */
            size_t at = (size_t)rand() % (rand() % 4 ? DATA_OFF : size);

            image[at] = rand() % 2 ? (uint8_t)rand()
                                   : extremes[(size_t)rand() % sizeof(extremes)];
        }
        inspect_bytes(image, size, &r);
        if (r.rc != 0) {
            assert_true(r.rc < 0);
            assert_non_null(r.why);
            continue;
        }
        accepted++;
        assert_true(r.info.nr_segments >= 1 &&
                    r.info.nr_segments <= PV_KERNEL_MAX_SEGMENTS);
        assert_true(r.info.entry >= r.info.virt_kstart &&
                    r.info.entry < r.info.virt_kend);
        for (unsigned int i = 0; i < r.info.nr_segments; i++) {
            const struct pv_kernel_segment *s = &r.info.segments[i];

            assert_true(s->offset + s->filesz <= size);
            assert_true(s->filesz <= s->memsz);
            assert_true(s->vaddr + s->memsz > s->vaddr);
            assert_true(s->vaddr + s->memsz <= HYPERVISOR_RANGE_START ||
                        s->vaddr >= HYPERVISOR_RANGE_END);
        }
    }
    /* Damage to unused bytes is harmless, so some rounds must pass. */
    assert_true(accepted > 0);
    free(image);
    free(im);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_image),
        cmocka_unit_test(test_note_strings_point_into_image),
        cmocka_unit_test(test_linux_like_layout),
        cmocka_unit_test(test_virt_base_without_paddr_offset),
        cmocka_unit_test(test_paddr_offset_without_virt_base),
        cmocka_unit_test(test_paddr_offset_moves_segments),
        cmocka_unit_test(test_not_elf),
        cmocka_unit_test(test_truncated_header),
        cmocka_unit_test(test_elfclass32),
        cmocka_unit_test(test_bad_ident_and_header),
        cmocka_unit_test(test_dyn_accepted),
        cmocka_unit_test(test_program_header_table_bounds),
        cmocka_unit_test(test_segment_file_data_bounds),
        cmocka_unit_test(test_too_many_segments),
        cmocka_unit_test(test_no_loadable_segments),
        cmocka_unit_test(test_segment_addresses),
        cmocka_unit_test(test_segments_next_to_hypervisor_range),
        cmocka_unit_test(test_entry_point),
        cmocka_unit_test(test_hypercall_page_checks),
        cmocka_unit_test(test_virt_base_and_init_p2m),
        cmocka_unit_test(test_notes_required),
        cmocka_unit_test(test_string_note_forms),
        cmocka_unit_test(test_number_note_widths),
        cmocka_unit_test(test_number_notes_of_no_width),
        cmocka_unit_test(test_xen_note_names),
        cmocka_unit_test(test_note_overruns),
        cmocka_unit_test(test_foreign_and_unknown_notes_skipped),
        cmocka_unit_test(test_wide_note_alignment),
        cmocka_unit_test(test_notes_from_sections),
        cmocka_unit_test(test_features_string),
        cmocka_unit_test(test_format_error),
        cmocka_unit_test(test_load_segments),
        cmocka_unit_test(test_toolchain_fixture),
        cmocka_unit_test(test_every_truncation),
        cmocka_unit_test(test_random_damage),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
