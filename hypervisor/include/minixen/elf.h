/*
 * Reading a PV guest kernel: an ELF image held in memory (a multiboot
 * module), treated as hostile input.
 *
 * pv_kernel_inspect() checks the image and fills struct pv_kernel_info:
 * the loadable segments, the Xen ELF notes, and the virtual layout worked
 * out the way Xen's libelf does it.  elf_load_segments() then places the
 * segments through callbacks, so this file never needs to know how guest
 * memory is mapped.  Every read of the image is bounds-checked and copied
 * out first; the results refer back into the image only for note strings,
 * so the image must stay in place, unchanged, while info is in use.
 *
 * Only 64-bit (ELFCLASS64, x86_64) kernels are accepted so far.  The
 * parser reads headers through class-neutral structures, so a 32-bit
 * reader can be added beside the 64-bit one later.
 *
 * The constants (not the structures) are usable from assembly too, which
 * is how a test fixture writes its Xen notes.
 */
#ifndef MINIXEN_ELF_H
#define MINIXEN_ELF_H

#include <public/elfnote.h>
#ifndef __ASSEMBLY__
#include <minixen/types.h>
#endif

/* ---- ELF file format (the subset the loader reads) ---- */

#define ELF_MAGIC           "\177ELF"
#define ELF_MAGIC_LEN       4
#define EI_CLASS            4
#define EI_DATA             5
#define EI_VERSION          6
#define EI_NIDENT           16
#define ELFCLASS32          1
#define ELFCLASS64          2
#define ELFDATA2LSB         1
#define EV_CURRENT          1
#define ET_EXEC             2
#define ET_DYN              3
#define EM_386              3
#define EM_X86_64           62
#define PT_LOAD             1
#define PT_NOTE             4
#define SHT_NOTE            7
#define PF_X                (1 << 0)
#define PF_W                (1 << 1)
#define PF_R                (1 << 2)

#ifndef __ASSEMBLY__

struct elf64_ehdr {
    uint8_t  e_ident[EI_NIDENT];
    uint16_t e_type;
    uint16_t e_machine;
    uint32_t e_version;
    uint64_t e_entry;
    uint64_t e_phoff;
    uint64_t e_shoff;
    uint32_t e_flags;
    uint16_t e_ehsize;
    uint16_t e_phentsize;
    uint16_t e_phnum;
    uint16_t e_shentsize;
    uint16_t e_shnum;
    uint16_t e_shstrndx;
};

struct elf64_phdr {
    uint32_t p_type;
    uint32_t p_flags;
    uint64_t p_offset;
    uint64_t p_vaddr;
    uint64_t p_paddr;
    uint64_t p_filesz;
    uint64_t p_memsz;
    uint64_t p_align;
};

struct elf64_shdr {
    uint32_t sh_name;
    uint32_t sh_type;
    uint64_t sh_flags;
    uint64_t sh_addr;
    uint64_t sh_offset;
    uint64_t sh_size;
    uint32_t sh_link;
    uint32_t sh_info;
    uint64_t sh_addralign;
    uint64_t sh_entsize;
};

/* Note header (same for both classes); name and desc follow, padded. */
struct elf_note_hdr {
    uint32_t namesz;
    uint32_t descsz;
    uint32_t type;
};

#endif /* !__ASSEMBLY__ */

/* ---- Xen ELF notes: types in <public/elfnote.h> ---- */

/* The only values minixen (like Xen) accepts for these two notes. */
#define XEN_ELFNOTE_XEN_VERSION_3_0     "xen-3.0"
#define XEN_ELFNOTE_LOADER_GENERIC      "generic"
/* Xen also accepts a missing LOADER note from a kernel with this GUEST_OS. */
#define XEN_ELFNOTE_GUEST_OS_LINUX      "linux"

#ifndef __ASSEMBLY__

/* ---- What the inspection finds ---- */

#define PV_KERNEL_MAX_SEGMENTS  16

struct pv_kernel_segment {
    uint64_t vaddr;         /* guest address to load at: p_paddr + virt_offset */
    uint64_t offset;        /* file offset of the data */
    uint64_t filesz;        /* bytes copied from the file */
    uint64_t memsz;         /* bytes in memory; the rest after filesz is zeroed */
    uint32_t flags;         /* PF_R | PF_W | PF_X */
    unsigned int phdr;      /* index of its program header */
};

/*
 * A string note's value, as Xen reads it: the descriptor up to its first
 * NUL, or all of it when it has none (Linux writes FEATURES without one).
 * It points into the image and is not NUL-terminated: print it with
 * "%.*s".
 */
struct pv_note_string {
    const char *s;                  /* NULL if the note is absent */
    uint32_t len;
};

/* The Xen notes, as found.  Which ones were there: pv_kernel_has_note(). */
struct pv_kernel_notes {
    uint32_t present;               /* bit (1 << XEN_ELFNOTE_x) per note seen */
    /*
     * Number notes whose size holds no number (not 1, 2, 4 or 8 bytes;
     * for SUPPORTED_FEATURES not whole 32-bit words; for L1_MFN_VALID not
     * whole pairs).  Xen reads them as 0, and so does minixen: bit
     * (1 << XEN_ELFNOTE_x) here says the note's 0 came from that rule.
     */
    uint32_t unreadable;
    struct pv_note_string guest_os;
    struct pv_note_string guest_version;
    struct pv_note_string xen_version;
    struct pv_note_string loader;
    struct pv_note_string features;
    struct pv_note_string pae_mode;
    struct pv_note_string bsd_symtab;
    /* Numbers; 0 if absent. */
    uint64_t entry;
    uint64_t hypercall_page;
    uint64_t virt_base;
    uint64_t paddr_offset;
    uint64_t init_p2m;
    uint64_t hv_start_low;
    uint64_t mod_start_pfn;
    uint64_t suspend_cancel;
    uint64_t supported_features;
    uint64_t phys32_entry;
    uint64_t l1_mfn_valid_mask;     /* first (mask, value) pair */
    uint64_t l1_mfn_valid_value;
};

/* Where a rejection came from, for pv_kernel_format_error(). */
struct pv_kernel_error {
    int phdr;               /* offending program header index, or -1 */
    int note;               /* offending Xen note type, or -1 */
    bool has_addr;
    uint64_t addr;          /* offending address, when has_addr */
};

struct pv_kernel_info {
    unsigned int elf_class;         /* ELFCLASS64 */
    unsigned int nr_segments;
    struct pv_kernel_segment segments[PV_KERNEL_MAX_SEGMENTS];
    struct pv_kernel_notes notes;

    /* XENFEAT_* bitmaps from the FEATURES and SUPPORTED_FEATURES notes. */
    uint32_t features_supported;    /* includes the required ones */
    uint32_t features_required;     /* names written "!name" */
    unsigned int features_unknown;  /* names not recognised (skipped) */
    unsigned int features_unknown_required;  /* ... of which "!name" */

    /*
     * Layout, as Xen's libelf computes it.  virt_base comes from the
     * VIRT_BASE note (0 if absent), paddr_offset from PADDR_OFFSET (0 if
     * absent: Xen only defaults it to virt_base for pre-ELF-note kernels).
     * Each segment loads at p_paddr + virt_offset.
     */
    uint64_t virt_base;
    uint64_t paddr_offset;
    uint64_t virt_offset;           /* virt_base - paddr_offset (mod 2^64) */
    uint64_t virt_kstart;           /* lowest segment address */
    uint64_t virt_kend;             /* end of the highest segment (exclusive) */
    uint64_t entry;                 /* ENTRY note, else e_entry */
    uint64_t hypercall_page;        /* 0 if none (pv_kernel_has_note tells) */

    struct pv_kernel_error err;     /* set when inspection fails */
};

/*
 * Check the image and describe it.  Returns 0, or a negative Xen errno with
 * *why set to a static message (and info->err saying where):
 *   -XEN_ENOEXEC     the file is not a well-formed x86_64 ELF executable
 *                    (truncated, bad magic, tables or data past the end,
 *                    offset + size overflowing, filesz > memsz, no PT_LOAD)
 *   -XEN_EOPNOTSUPP  a 32-bit image (not supported yet)
 *   -XEN_E2BIG       more than PV_KERNEL_MAX_SEGMENTS loadable segments
 *   -XEN_EINVAL      it is ELF, but not a kernel minixen can run: bad or
 *                    missing Xen notes, a segment at a non-canonical
 *                    address or in the hypervisor's range, entry point or
 *                    hypercall page outside the image, and so on
 * virt_kend - virt_kstart is not limited here: the domain builder must
 * check it against the memory it gives the guest.
 */
int pv_kernel_inspect(const void *image, size_t size,
                      struct pv_kernel_info *info, const char **why);

/* Did the image carry Xen note `type` (XEN_ELFNOTE_*)? */
static inline bool pv_kernel_has_note(const struct pv_kernel_info *info,
                                      unsigned int type)
{
    return type <= XEN_ELFNOTE_MAX && (info->notes.present >> type) & 1;
}

/*
 * Turn a rejection into one line, e.g.
 *   "segment 2: file data past end of file"
 *   "entry point outside the image (address 0xffffffff80001000)"
 *   "LOADER note is not generic (note LOADER)"
 * (segment N is the program header index, as readelf -l counts).
 * Returns what snprintf returns.
 */
int pv_kernel_format_error(const struct pv_kernel_info *info, const char *why,
                           char *buf, size_t size);

/* Callbacks that write guest memory at a guest virtual address. */
typedef void (*pv_kernel_copy_fn)(void *ctx, uint64_t vaddr, const void *src,
                                  size_t n);
typedef void (*pv_kernel_zero_fn)(void *ctx, uint64_t vaddr, size_t n);

/*
 * Place every segment of an inspected image: copy filesz bytes from the
 * file, then zero up to memsz (zero is not called when nothing is left).
 * Returns 0, or -XEN_EINVAL if info does not fit image/size (a caller
 * bug; nothing is written then).
 */
int elf_load_segments(const struct pv_kernel_info *info,
                      const void *image, size_t size,
                      pv_kernel_copy_fn copy, pv_kernel_zero_fn zero,
                      void *ctx);

#endif /* !__ASSEMBLY__ */

#endif /* MINIXEN_ELF_H */
