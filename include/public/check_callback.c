/*
 * include/public/check_callback.c - pins callback.h (as in Xen 4.17).  Compiled only.
 */
#include <public/callback.h>
#include "check_layout.h"

CHECK_VALUE(CALLBACKTYPE_event, 0);
CHECK_VALUE(CALLBACKTYPE_failsafe, 1);
CHECK_VALUE(CALLBACKTYPE_syscall, 2);
CHECK_VALUE(CALLBACKTYPE_sysenter_deprecated, 3);
CHECK_VALUE(CALLBACKTYPE_nmi, 4);
CHECK_VALUE(CALLBACKTYPE_sysenter, 5);
CHECK_VALUE(CALLBACKTYPE_syscall32, 7);
CHECK_VALUE(CALLBACKF_mask_events, 1);
CHECK_VALUE(CALLBACKOP_register, 0);
CHECK_VALUE(CALLBACKOP_unregister, 1);

CHECK_OFFSET(callback_register_t, type, 0);
CHECK_OFFSET(callback_register_t, flags, 2);
CHECK_OFFSET2(callback_register_t, address, 4, 8);
CHECK_FIELD_SIZE2(callback_register_t, address, 8, 8);
#if defined(__i386__)
CHECK_OFFSET(callback_register_t, address.cs, 4);
CHECK_OFFSET(callback_register_t, address.eip, 8);
#endif
CHECK_SIZE2(callback_register_t, 12, 16);

CHECK_OFFSET(callback_unregister_t, type, 0);
CHECK_OFFSET(callback_unregister_t, _unused, 2);
CHECK_SIZE(callback_unregister_t, 4);
