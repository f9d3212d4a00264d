/* dom0/include/linux/wait.h - wait4/clone values (Linux x86_64). */
#ifndef DOM0_LINUX_WAIT_H
#define DOM0_LINUX_WAIT_H

#define WNOHANG             0x00000001
#define WUNTRACED           0x00000002
#define WCONTINUED          0x00000008
#define __WALL              0x40000000
#define __WCLONE            0x80000000

#define CSIGNAL             0x000000ff
#define CLONE_VM            0x00000100
#define CLONE_FS            0x00000200
#define CLONE_FILES         0x00000400
#define CLONE_SIGHAND       0x00000800
#define CLONE_VFORK         0x00004000
#define CLONE_PARENT        0x00008000
#define CLONE_THREAD        0x00010000
#define CLONE_SETTLS        0x00080000
#define CLONE_PARENT_SETTID 0x00100000
#define CLONE_CHILD_CLEARTID 0x00200000
#define CLONE_CHILD_SETTID  0x01000000

#define RUSAGE_SIZE         144

#endif /* DOM0_LINUX_WAIT_H */
