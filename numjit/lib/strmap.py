"""Per-character rewrites of str, as CPython: str.expandtabs(tabsize=8) (a tab becomes spaces up to the
next multiple of `tabsize` columns, a tabsize <= 0 removes tabs, '\n' or '\r' restarts the column
count; a first pass counts the result's length, the second fills a string of s's character width)
and str.translate(table) with a dict of code points to code points or to strings (a code point the
table lacks stays; code points outside range(0x110000) are CPython's ValueError).

    >>> from numjit.types import unicode_type, int64
    >>> from numjit.types.dicts import DictType
    >>> expandtabs(unicode_type, int64).__name__, translate(unicode_type, DictType(int64, unicode_type)).__name__
    ('expandtabs_impl', 'translate_to_strs')
"""
from ..intrinsics.strings import _code, _kind, _is_ascii, _new, _put
from ..types.dicts import DictType
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


def translate_to_codes(s, table):
    parts = []
    for c in s:
        k = ord(c)
        if k in table:
            v = table[k]
            if v < 0 or v > 0x10FFFF:
                raise ValueError("character mapping must be in range(0x110000)")
            parts.append(chr(v))
        else:
            parts.append(c)
    return "".join(parts)


def translate_to_strs(s, table):
    parts = []
    for c in s:
        k = ord(c)
        parts.append(table[k] if k in table else c)
    return "".join(parts)


@overload("str.translate")
def translate(s, table):
    if not (is_str(s) and isinstance(table, DictType) and _int(table.key_type)):
        return None
    if _int(table.value_type):
        return translate_to_codes
    return translate_to_strs if is_str(table.value_type) else None
