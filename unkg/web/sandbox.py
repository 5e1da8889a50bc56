"""What a query worker process may do: no network, bounded memory.

Oxigraph evaluates ``SERVICE <url>`` and ``LOAD <url>`` by opening an HTTP connection, and
pyoxigraph has no option to turn its HTTP client off. So besides refusing them on a parse
(`guard`), a worker that is not allowed federation gives up the ability to open Internet sockets
before it reads any job: a seccomp filter makes ``socket(AF_INET | AF_INET6, …)`` and
``io_uring_setup`` fail with EACCES (works unprivileged and as root). Where libseccomp cannot be
loaded, the worker moves into a new, empty network namespace (as root, or where unprivileged
user namespaces are enabled). If neither works, the parse check is the only guard, and the
worker says so.

The memory bound is an address-space limit (RLIMIT_AS): an allocation past it fails, Oxigraph
aborts the worker, and the server answers 503 and starts a new one.
"""

from __future__ import annotations

import errno
import os
import resource
import socket

SECCOMP = "seccomp"
NETNS = "network namespace"
NONE = "none"


def deny_network() -> str:
    """Make this process (and its future threads and children) unable to open Internet
    sockets; how it was done (`SECCOMP`, `NETNS`), or `NONE`."""
    try:
        _seccomp_filter()
        return SECCOMP
    except (ImportError, OSError, RuntimeError, ValueError):
        pass
    for flags in (os.CLONE_NEWNET, os.CLONE_NEWUSER | os.CLONE_NEWNET):
        try:
            os.unshare(flags)
            return NETNS
        except (OSError, AttributeError):
            continue
    return NONE


def _seccomp_filter() -> None:
    import pyseccomp as sc  # ctypes over the system's libseccomp.so.2

    f = sc.SyscallFilter(defaction=sc.ALLOW)
    f.set_attr(sc.Attr.CTL_TSYNC, 1)  # every thread of the process, not only this one
    for family in (socket.AF_INET, socket.AF_INET6):
        f.add_rule(sc.ERRNO(errno.EACCES), "socket", sc.Arg(0, sc.EQ, family))
    # io_uring can create and connect sockets without the socket() system call
    f.add_rule(sc.ERRNO(errno.EACCES), "io_uring_setup")
    f.load()


def limit_memory(limit_bytes: int) -> None:
    """Cap this process's address space at `limit_bytes` (0: no cap)."""
    if limit_bytes > 0:
        resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))
