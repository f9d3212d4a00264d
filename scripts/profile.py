#!/usr/bin/python3
"""Where the time goes: boot dom0 under QEMU with its gdb stub, type a
command at dom0's shell, and sample the CPU's instruction pointer through
the stub until the command's prompt comes back.

    scripts/profile.py [--memory 1G] [--append STR] [--icount] COMMAND...

Prints the hottest hypervisor and dom0-kernel functions and how the
samples split between the hypervisor, dom0's kernel, xl (static, so its
functions have names) and the rest of user space (position-independent
programs: one bucket).  Under --icount a sample is taken every so much
host time, which is close to every so many instructions; the shares are
what to read, not the counts.
"""

import argparse
import bisect
import shlex
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pexpect

ROOT = Path(__file__).resolve().parents[1]
GDB_PORT = 5515
PROMPT = "dom0# "
# xl is static at a fixed address, so its functions have names too.
IMAGES = {"hypervisor": ROOT / "build/minixen-syms",
          "dom0": ROOT / "build/dom0/kernel.elf",
          "xl": ROOT / "build/tools/xl"}


class Symbols:
    """Function names by address from one ELF image's symbol table."""

    def __init__(self, path):
        out = subprocess.run(["nm", "-n", "--defined-only", str(path)],
                             capture_output=True, text=True, check=True)
        pairs = [(int(a, 16), n) for a, t, n in
                 (line.split()[:3] for line in out.stdout.splitlines()
                  if len(line.split()) >= 3) if t in "tTwW"]
        self.addrs = [a for a, _ in pairs]
        self.names = [n for _, n in pairs]
        self.end = self.addrs[-1] + 0x10000 if self.addrs else 0

    def name(self, addr):
        i = bisect.bisect_right(self.addrs, addr) - 1
        return self.names[i] if i >= 0 else None


class Stub:
    """Just enough of gdb's remote protocol: stop, read %rip, go on
    (QEMU's stub answers 'g' but not 'p' for x86_64)."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""

    def packet(self, data):
        body = data.encode()
        self.sock.sendall(b"$%s#%02x" % (body, sum(body) & 0xff))
        return self.reply()

    def reply(self):
        while True:
            start = self.buf.find(b"$")
            end = self.buf.find(b"#", start)
            if start >= 0 and end >= 0 and len(self.buf) >= end + 3:
                body, self.buf = self.buf[start + 1:end], self.buf[end + 3:]
                self.sock.sendall(b"+")
                return body.decode()
            self.buf += self.sock.recv(4096)

    def sample_rip(self):
        self.sock.sendall(b"\x03")
        self.reply()                        # the stop reply
        regs = self.packet("g")             # %rip is register 16, 8 bytes each
        rip = int.from_bytes(bytes.fromhex(regs[256:272]), "little")
        self.sock.sendall(b"$c#63")
        return rip


def where(rip, symbols):
    for image, syms in symbols.items():
        if syms.addrs and syms.addrs[0] <= rip < syms.end:
            return image, syms.name(rip)
    return "user" if rip < 0x800000000000 else "other", None


def sampler(stub, symbols, stop, samples, interval):
    while not stop.is_set():
        samples.append(where(stub.sample_rip(), symbols))
        time.sleep(interval)


def qemu_command(opts):
    argv = [str(ROOT / "scripts/qemu.sh"), "--dom0", "--dry-run",
            "--accel", "tcg", "--memory", opts.memory, "--append", opts.append]
    if opts.icount:
        argv.append("--icount")
    out = subprocess.run(argv, capture_output=True, text=True, check=True,
                         cwd=ROOT)
    return shlex.split(out.stdout.strip().splitlines()[-1]) + \
        ["-gdb", f"tcp:127.0.0.1:{GDB_PORT}"]


def report(samples, top):
    total = len(samples) or 1
    print(f"{len(samples)} samples")
    for image, n in Counter(i for i, _ in samples).most_common():
        print(f"  {image:10} {100 * n / total:5.1f} %")
    for (image, name), n in Counter(s for s in samples
                                    if s[1]).most_common(top):
        print(f"  {100 * n / total:5.1f} %  {image:10} {name}")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--memory", default="1G")
    p.add_argument("--append", default="console=com1 loglvl=all dom0_mem=256M")
    p.add_argument("--icount", action="store_true")
    p.add_argument("--interval", type=float, default=0.002)
    p.add_argument("--top", type=int, default=30)
    p.add_argument("command", nargs="+")
    opts = p.parse_args()
    symbols = {k: Symbols(v) for k, v in IMAGES.items()}
    cmd = qemu_command(opts)
    child = pexpect.spawn(cmd[0], cmd[1:], cwd=str(ROOT), encoding="utf-8",
                          timeout=600)
    child.expect(PROMPT)
    stub, stop, samples = Stub(GDB_PORT), threading.Event(), []
    thread = threading.Thread(target=sampler,
                              args=(stub, symbols, stop, samples, opts.interval))
    child.sendline(" ".join(opts.command))
    thread.start()
    child.expect(PROMPT)
    stop.set()
    thread.join()
    print(child.before[-2000:])
    child.terminate(force=True)
    report(samples, opts.top)


if __name__ == "__main__":
    main()
