/* dom0/include/linux/utsname.h - struct new_utsname, what uname(2) fills. */
#ifndef DOM0_LINUX_UTSNAME_H
#define DOM0_LINUX_UTSNAME_H

#define UTS_FIELD_LEN 65

struct linux_utsname {
    char sysname[UTS_FIELD_LEN];
    char nodename[UTS_FIELD_LEN];
    char release[UTS_FIELD_LEN];
    char version[UTS_FIELD_LEN];
    char machine[UTS_FIELD_LEN];
    char domainname[UTS_FIELD_LEN];
};

#endif /* DOM0_LINUX_UTSNAME_H */
