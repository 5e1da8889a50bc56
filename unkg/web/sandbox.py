"""What a query worker process may do: no network, bounded memory.

Oxigraph evaluates ``SERVICE <url>`` and ``LOAD <url>`` by opening an HTTP connection, and
pyoxigraph has no option to turn its HTTP client off. So besides refusing them on a parse
(`guard`), a worker that is not allowed federation gives up the ability to open Internet sockets
before it reads any job: a seccomp filter makes ``socket(AF_INET | AF_INET6, …)`` and
``io_uring_setup`` fail with EACCES (works unprivileged and as root). Where libseccomp cannot be
loaded, the worker moves into a new, empty network namespace (as root, or where unprivileged
user namespaces are enabled). If neither works, the parse check is the only guard, and the
worker says so.

The memory bound is a data-size limit (RLIMIT_DATA): an allocation past it fails, Oxigraph
aborts the worker, and the server answers 503 and starts a new one. A process that answers
HTTP itself (`unkg.web.inprocess`) instead catches the abort on the query's thread
(`catch_abort`), so that it can still answer that query's 503 and its other requests.
"""

from __future__ import annotations

import ctypes
import errno
import os
import resource
import signal
import socket
import threading
from collections.abc import Callable
from pathlib import Path

SECCOMP = "seccomp"
NETNS = "network namespace"
NONE = "none"


def deny_network(whole_process: bool = True) -> str:
    """Make this process (or only the calling thread), and the threads and children it starts
    later, unable to open Internet sockets; how it was done (`SECCOMP`, `NETNS`), or `NONE`."""
    try:
        _seccomp_filter(whole_process)
        return SECCOMP
    except (ImportError, OSError, RuntimeError, ValueError):
        pass
    # a network namespace belongs to the thread that enters it; a new user namespace (for
    # unprivileged use) can only be entered by a single-threaded process
    tries = (os.CLONE_NEWNET, os.CLONE_NEWUSER | os.CLONE_NEWNET)
    for flags in tries if whole_process else tries[:1]:
        try:
            os.unshare(flags)
            return NETNS
        except (OSError, AttributeError):
            continue
    return NONE


def _seccomp_filter(whole_process: bool) -> None:
    import pyseccomp as sc  # ctypes over the system's libseccomp.so.2

    f = sc.SyscallFilter(defaction=sc.ALLOW)
    if whole_process:
        f.set_attr(sc.Attr.CTL_TSYNC, 1)  # every thread of the process, not only this one
    for family in (socket.AF_INET, socket.AF_INET6):
        f.add_rule(sc.ERRNO(errno.EACCES), "socket", sc.Arg(0, sc.EQ, family))
    # io_uring can create and connect sockets without the socket() system call
    f.add_rule(sc.ERRNO(errno.EACCES), "io_uring_setup")
    f.load()


def limit_memory(extra_bytes: int, keep_hard: bool = False) -> None:
    """Let this process's data (its private writable memory: heap, anonymous mappings, thread
    stacks) grow by at most `extra_bytes` beyond what it has now (0: no cap). Relative, because
    a worker's fixed part (its 512 MB stack, the store it copied into memory) is not what a
    query should be bounded by. RLIMIT_DATA rather than RLIMIT_AS: address space that is only
    reserved (malloc's per-thread arenas, RocksDB's threads) would count against the latter.
    `keep_hard` sets only the soft limit, so that the process can move it again later (as
    one that copies its store into memory after it started answering does)."""
    if extra_bytes > 0:
        limit = _data_size() + extra_bytes
        hard = resource.getrlimit(resource.RLIMIT_DATA)[1] if keep_hard else limit
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))


# room given back to a process whose query ran into its memory limit, so that it can still
# answer (the 503, its other requests) before it exits
ABORT_HEADROOM = 64 * 2**20
_HANDLER = ctypes.CFUNCTYPE(None, ctypes.c_int)
_installed: list[object] = []  # the handler, kept referenced for the life of the process


def catch_abort(parks: Callable[[], bool]) -> bool:
    """On an abort (Oxigraph's answer to an allocation past the memory limit) call `parks` on
    the aborting thread; if it returns True, that thread stops there for good and the process
    goes on (it must then retire: the thread's memory stays taken). Otherwise the abort goes
    on. False if the handler could not be installed (then an abort ends the process)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        install = libc.signal
    except (OSError, AttributeError):
        return False
    install.restype = ctypes.c_void_p
    install.argtypes = [ctypes.c_int, ctypes.c_void_p]

    def on_abort(_signum: int) -> None:
        soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
        if soft != resource.RLIM_INFINITY:
            grown = soft + ABORT_HEADROOM
            if hard != resource.RLIM_INFINITY:
                grown = min(grown, hard)
            resource.setrlimit(resource.RLIMIT_DATA, (grown, hard))
        if parks():
            threading.Event().wait()
        install(signal.SIGABRT, signal.SIG_DFL)  # the abort goes on when this returns

    handler = _HANDLER(on_abort)
    _installed.append(handler)
    failed = ctypes.c_void_p(-1).value  # SIG_ERR
    return install(signal.SIGABRT, ctypes.cast(handler, ctypes.c_void_p)) != failed


def _data_size() -> int:
    """This process's data segment size in bytes (VmData)."""
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmData:"):
            return int(line.split()[1]) * 1024
    raise OSError("no VmData in /proc/self/status")
