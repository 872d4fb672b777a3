"""Exceptions raised by compiled code get a traceback frame at the user's line (as numba's do).

A compiled `raise` (or a failing operation: an index out of bounds, a division by zero) stores a
constant "excinfo": the exception class, the message and the location `"line\\tfunction\\tfile"`.
The native wrapper hands that to `exception_at` only when the call fails, so calls that succeed
pay nothing; it builds the exception and raises it once from a stub compiled at the user's line
(a code object with the user's file name, line and function name), and returns it with the
stub's frame as its traceback. The wrapper then sets it as the current exception, so the
traceback reads: the caller's line, then the line of the compiled function that raised. A
compiled function that called the one that raised adds its calling line above it (the excinfo's
location then has one line per frame).
Locations inside numjit's own library get no frame (its frames stay hidden).

    >>> exc = exception_at(ValueError, "boom", "3\\tf\\t/tmp/user_code.py")
    >>> type(exc).__name__, str(exc), exc.__traceback__.tb_lineno, exc.__traceback__.tb_frame.f_code.co_name
    ('ValueError', 'boom', 3, 'f')
"""
import ctypes
import functools
import linecache
import os

from .. import config
from ..backend import jit

HOOK_SYMBOL = "numjit_traceback_hook"      # a PyObject * cell holding exception_at
_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep
_stubs = {}


def exception_at(cls, message, location):
    """`cls(message)` (or `cls()` for an empty message) with a traceback frame at each line of
    `location` ("line\tfunction\tfile", the outermost compiled caller first)."""
    exc = cls(message) if message else cls()
    frames = [place.split("\t", 2) for place in location.split("\n")]
    frames = [(int(line), function, filename) for line, function, filename in frames
              if config.DEBUG or not filename.startswith(_PACKAGE)]
    if not frames:
        return exc
    target = exc
    for k, (line, function, filename) in enumerate(reversed(frames)):
        code, name = _stub(filename, line, function, call=k > 0)
        target = functools.partial(exec, code, {name: target})     # a C callable: no frame of its own
    try:
        target()
    except BaseException as raised:          # always: the innermost stub raises exc
        return raised.with_traceback(raised.__traceback__.tb_next)    # the stubs' frames only
    return exc


def _stub(filename, line, function, call=False):
    """A code object raising a global at `filename:line` in `function` (or, with `call`, calling
    it: a compiled caller's frame). The statement spans the whole source line, so a traceback
    shows the line without a misleading caret under part of it."""
    key = (filename, line, function, call)
    found = _stubs.get(key)
    if found is None:
        text = linecache.getline(filename, line).rstrip()
        stripped = text.lstrip()
        if call:
            name = "_" * max(len(stripped) - len("()"), 8)
            body = f"{name}()"
        else:
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
