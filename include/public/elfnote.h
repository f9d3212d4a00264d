/*
 * include/public/elfnote.h - the "Xen" ELF notes a PV kernel carries.
 *
 * Each note has name XEN_ELFNOTE_NAME and one of the types below.  Values
 * are either a NUL-terminated string or a little-endian integer whose
 * width is the note's descsz (4 or 8).  The domain builder reads these to
 * decide how to load and enter the kernel.  Usable from assembly.
 */
#ifndef MINIXEN_PUBLIC_ELFNOTE_H
#define MINIXEN_PUBLIC_ELFNOTE_H

/* Note owner name, and its namesz (including the NUL).  minixen names. */
#define XEN_ELFNOTE_NAME      "Xen"
#define XEN_ELFNOTE_NAME_SIZE 4

#define XEN_ELFNOTE_INFO               0  /* obsolete; ignored */
#define XEN_ELFNOTE_ENTRY              1  /* num: virtual entry point */
#define XEN_ELFNOTE_HYPERCALL_PAGE     2  /* num: virtual address to fill */
#define XEN_ELFNOTE_VIRT_BASE          3  /* num: where physical 0 is mapped */
#define XEN_ELFNOTE_PADDR_OFFSET       4  /* num: ELF paddr -> load offset */
#define XEN_ELFNOTE_XEN_VERSION        5  /* str: must be "xen-3.0" */
#define XEN_ELFNOTE_GUEST_OS           6  /* str: e.g. "linux", "Mini-OS" */
#define XEN_ELFNOTE_GUEST_VERSION      7  /* str: informational */
#define XEN_ELFNOTE_LOADER             8  /* str: must be "generic" */
#define XEN_ELFNOTE_PAE_MODE           9  /* str: "yes", "no", "bimodal", ... */
#define XEN_ELFNOTE_FEATURES           10 /* str: "|"-separated XENFEAT names */
#define XEN_ELFNOTE_BSD_SYMTAB         11 /* str: "yes" = append symbols */
#define XEN_ELFNOTE_HV_START_LOW       12 /* num: 32-bit: lowest hole address */
#define XEN_ELFNOTE_L1_MFN_VALID       13 /* num: mask/value pairs */
#define XEN_ELFNOTE_SUSPEND_CANCEL     14 /* num: resume-with-cancel support */
#define XEN_ELFNOTE_INIT_P2M           15 /* num: where to map the P2M list */
#define XEN_ELFNOTE_MOD_START_PFN      16 /* num: 1 = mod_start may be a PFN */
#define XEN_ELFNOTE_SUPPORTED_FEATURES 17 /* num: XENFEAT bitmap */
#define XEN_ELFNOTE_PHYS32_ENTRY       18 /* num: PVH 32-bit entry (not PV) */

/*
 * Highest ordinary note type as of Xen 4.17.  Later Xen adds
 * PHYS32_RELOC (19, PVH only; checked with the search tool); a builder
 * should ignore types it does not know.
 */
#define XEN_ELFNOTE_MAX XEN_ELFNOTE_PHYS32_ENTRY

/* Notes in crash and core dumps, not in kernels. */
#define XEN_ELFNOTE_CRASH_INFO               0x1000001
#define XEN_ELFNOTE_CRASH_REGS               0x1000002
#define XEN_ELFNOTE_DUMPCORE_NONE            0x2000000
#define XEN_ELFNOTE_DUMPCORE_HEADER          0x2000001
#define XEN_ELFNOTE_DUMPCORE_XEN_VERSION     0x2000002
#define XEN_ELFNOTE_DUMPCORE_FORMAT_VERSION  0x2000003

#endif /* MINIXEN_PUBLIC_ELFNOTE_H */
