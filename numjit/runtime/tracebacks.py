"""Exceptions raised by compiled code get a traceback frame at the user's line (as numba's do).

A compiled `raise` (or a failing operation: an index out of bounds, a division by zero) stores a
constant "excinfo": the exception class, the message and the location `"line\\tfunction\\tfile"`.
The native wrapper hands that to `exception_at` only when the call fails, so calls that succeed
pay nothing; it builds the exception and raises it once from a stub compiled at the user's line
(a code object with the user's file name, line and function name), and returns it with the
stub's frame as its traceback. The wrapper then sets it as the current exception, so the
traceback reads: the caller's line, then the line of the compiled function that raised.
Locations inside numjit's own library get no frame (its frames stay hidden).

    >>> exc = exception_at(ValueError, "boom", "3\\tf\\t/tmp/user_code.py")
    >>> type(exc).__name__, str(exc), exc.__traceback__.tb_lineno, exc.__traceback__.tb_frame.f_code.co_name
    ('ValueError', 'boom', 3, 'f')
"""
import ctypes
import linecache
import os

from .. import config
from ..backend import jit

HOOK_SYMBOL = "numjit_traceback_hook"      # a PyObject * cell holding exception_at
_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep
_stubs = {}


def exception_at(cls, message, location):
    """`cls(message)` (or `cls()` for an empty message) with a traceback frame at `location`."""
    exc = cls(message) if message else cls()
    line, function, filename = location.split("\t", 2)
    if filename.startswith(_PACKAGE) and not config.DEBUG:
        return exc
    code, name = _stub(filename, int(line), function)
    try:
        exec(code, {name: exc})
    except BaseException as raised:          # always: the stub raises exc
        return raised.with_traceback(raised.__traceback__.tb_next)    # the stub's frame only
    return exc


def _stub(filename, line, function):
    """A code object raising a global at `filename:line` in `function`. The raise spans the whole
    source line, so a traceback shows the line without a misleading caret under part of it."""
    key = (filename, line, function)
    found = _stubs.get(key)
    if found is None:
        text = linecache.getline(filename, line).rstrip()
        stripped = text.lstrip()
        name = "_" * max(len(stripped) - len("raise "), 8)     # an identifier as long as the statement
        body = f"raise {name}"
        if line > 1 and len(text) > len(stripped):           # keep the indentation (columns match)
            body = f"if 1:\n{text[:len(text) - len(stripped)]}{body}"
            line -= 1
        source = "\n" * (line - 1) + body
        code = compile(source, filename, "exec").replace(co_name=function or "<compiled>")
        found = _stubs[key] = (code, name)
    return found


_cell = ctypes.c_void_p(id(exception_at))


def register():
    jit.add_symbol(HOOK_SYMBOL, ctypes.addressof(_cell))


jit.provide((HOOK_SYMBOL,), register)
