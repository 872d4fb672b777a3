"""str.expandtabs(tabsize=8), as CPython: a tab becomes spaces up to the next multiple of
`tabsize` columns (a tabsize <= 0 removes tabs), and '\\n' or '\\r' restarts the column count.
The first pass counts the result's length, the second fills a string of s's character width.

    >>> from numjit.types import unicode_type, int64
    >>> expandtabs(unicode_type, int64).__name__
    'expandtabs_impl'
"""
from ..intrinsics.strings import _code, _kind, _is_ascii, _new, _put
from ..types.strings import is_str
from ..typing.registry import overload
from .strlib import _int


def _expanded_length(s, tabsize):
    column = 0
    total = 0
    for i in range(len(s)):
        c = _code(s, i)
        if c == 9:
            if tabsize > 0:
                pad = tabsize - column % tabsize
                column += pad
                total += pad
        else:
            column = 0 if c == 10 or c == 13 else column + 1
            total += 1
    return total


def expandtabs_impl(s, tabsize=8):
    out = _new(_expanded_length(s, tabsize), _kind(s), _is_ascii(s))
    column = 0
    at = 0
    for i in range(len(s)):
        c = _code(s, i)
        if c == 9:
            if tabsize > 0:
                pad = tabsize - column % tabsize
                for k in range(pad):
                    _put(out, at + k, 32)
                column += pad
                at += pad
        else:
            _put(out, at, c)
            column = 0 if c == 10 or c == 13 else column + 1
            at += 1
    return out


@overload("str.expandtabs")
def expandtabs(s, tabsize=None):
    return expandtabs_impl if is_str(s) and (tabsize is None or _int(tabsize)) else None
