/*
 * guests/lib/frames.h - spare frames: the guest's own memory beyond the
 * part the domain builder mapped.
 *
 * The builder maps [virt_base, v_end) onto pseudo-physical frames 0..,
 * but nr_pages may be larger: the frames from v_end up are the domain's
 * (their machine numbers are in the P2M list) and mapped nowhere, which
 * makes them ideal page tables.  This pool hands them out in order.
 */
#ifndef GUEST_FRAMES_H
#define GUEST_FRAMES_H

/* Find v_end by walking the boot tables.  Call once, after start-up. */
void frames_init(void);
/* First pseudo-physical frame past v_end. */
unsigned long frames_first_spare_pfn(void);
/* Spare frames not yet handed out. */
unsigned long frames_left(void);
/* Take the next spare frame: its pfn (and *mfn), or 0 if none is left. */
unsigned long frames_take(unsigned long *mfn);
/* Machine frame of the next spare frame, or 0. */
unsigned long frames_take_mfn(void);

/*
 * Zero machine frame mfn through the page-aligned window page, then put
 * the window back on its own frame: afterwards mfn is mapped nowhere.
 */
long frame_zero(unsigned long mfn, void *window);
/* Copy a page into mfn the same way. */
long frame_write(unsigned long mfn, const void *src, void *window);

#endif /* GUEST_FRAMES_H */
