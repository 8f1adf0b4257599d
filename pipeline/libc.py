"""glibc's allocator knobs, where the C library is glibc; nothing elsewhere.

Two stages reach the C library: the runner's processes fix ``mallopt``'s
thresholds (``tables.flat_memory``) and give freed pages back after a run
(``tools.forget_caches``). Both go through here, so the library is found and
loaded once, and a C library without these functions (musl, macOS) is no
error."""

import ctypes
import ctypes.util
from functools import cache


@cache
def _libc():
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None


def _call(name, *args):
    function = getattr(_libc(), name, None)
    if function is not None:
        function(*args)


def mallopt(parameter, value):
    _call("mallopt", parameter, value)


def malloc_trim():
    """Free pages go back to the system, not only those at the top of the heap."""
    _call("malloc_trim", 0)
