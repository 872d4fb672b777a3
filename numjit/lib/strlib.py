"""str methods, int(s) and float(s), as plain Python over the string primitives
(numjit/intrinsics/strings.py): `_code(s, i)` reads a code point, `_new`/`_put`/`_copy`
build a string, `_substr` cuts one, `_find`/`_rfind` search (memchr for Latin-1 text),
`_char_mask` marks one character in 64 at a time (`_low_bit` reads the marks).

    >>> from numjit.types import unicode_type, Const
    >>> split(unicode_type, Const(","))[0].__name__, strip(unicode_type)[1]
    ('split_sep', (unicode_type,))

ASCII text takes the fast paths; for other text the character classes and case
mappings (isalpha, upper, ...) are the interpreter's, so they equal CPython's.
"""
from ..errors import TypingError
from ..types import Tuple, Integer, Boolean
from ..types.lists import List
from ..types.strings import is_str, as_str, as_value
from ..typing.registry import overload
from ..intrinsics.strings import (_code, _kind, _is_ascii, _new, _put, _copy, _substr, _append_substr, _reserve,
                                 _char_mask, _low_bit, _find, _rfind)
from ..intrinsics.pyobjects import _int_from_text, _float_from_text, _str_method, _str_test
from .guards import is_none

BIG = 9223372036854775807
HIGH_SPACES = (0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008,
               0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000)


def _int(t):
    return isinstance(t, Integer) and not isinstance(t, Boolean)


def _opt_int(t):
    return is_none(t) or _int(t)


def _opt_str(t):
    return is_none(t) or is_str(t)


def _method(name, *guards, impl_for=None):
    """Register `str.<name>`: arguments checked by `guards` (one per optional argument), string
    literals converted to str; `impl_for(*argtypes)` picks among implementations."""
    def register(impl):
        def typer(s, *args):
            if not is_str(s) or len(args) > len(guards) or not all(g(t) for g, t in zip(guards, args)):
                return None
            chosen = impl if impl_for is None else impl_for(*args)
            return chosen, tuple(as_value(t) for t in (s,) + args)
        typer.__name__ = name
        overload(f"str.{name}")(typer)
        return typer
    return register(None) if impl_for is not None else register


# -- character classes (ASCII) ---------------------------------------------------------------------

def _space(c):
    if c < 128:
        return c == 32 or 9 <= c <= 13 or 28 <= c <= 31
    for h in HIGH_SPACES:
        if c == h:
            return True
    return False


def _linebreak(c):
    return 10 <= c <= 13 or 28 <= c <= 30 or c == 0x85 or c == 0x2028 or c == 0x2029


def _digit(c):
    return 48 <= c <= 57


def _upper(c):
    return 65 <= c <= 90


def _lower(c):
    return 97 <= c <= 122


def _adjust(i, n):
    """A start or end index as str methods read it (negative from the end, then clipped)."""
    if i < 0:
        i += n
        if i < 0:
            i = 0
    return i if i < n else n


def _match(s, at, p):
    for j in range(len(p)):
        if _code(s, at + j) != _code(p, j):
            return False
    return True


# -- int(s), float(s) ------------------------------------------------------------------------------

def int_impl(s):
    """Base 10 ASCII digits (sign, surrounding whitespace, single underscores between digits)
    natively; anything else, and errors, by the interpreter (its messages)."""
    n = len(s)
    i = 0
    while i < n and _space(_code(s, i)):
        i += 1
    j = n
    while j > i and _space(_code(s, j - 1)):
        j -= 1
    negative = False
    if i < j and (_code(s, i) == 45 or _code(s, i) == 43):
        negative = _code(s, i) == 45
        i += 1
    if i == j or _code(s, i) == 95:
        return _int_from_text(s, 10)
    value = 0
    underscore = False
    for k in range(i, j):
        c = _code(s, k)
        if _digit(c):
            if value > 922337203685477579:
                return _int_from_text(s, 10)
            value = value * 10 + (c - 48)
            underscore = False
        elif c == 95 and not underscore:
            underscore = True
        else:
            return _int_from_text(s, 10)
    if underscore:
        return _int_from_text(s, 10)
    return -value if negative else value


def int_base_impl(s, base):
    return _int_from_text(s, base)


def float_impl(s):
    return _float_from_text(s)


def ord_impl(s):
    if len(s) != 1:
        raise TypeError(f"ord() expected a character, but string of length {len(s)} found")
    return _code(s, 0)


@overload(ord)
def ord_(s):
    return (ord_impl, (as_str(s),)) if is_str(s) else None


@overload(int)
def int_(s, base=None):
    if not is_str(s):
        return None
    if base is None:
        return int_impl, (as_str(s),)
    return (int_base_impl, (as_str(s), base)) if _int(base) else None


@overload(float)
def float_(s):
    return (float_impl, (as_str(s),)) if is_str(s) else None


# -- case and classes ------------------------------------------------------------------------------

def _mapped(s, low, high, delta):
    n = len(s)
    out = _new(n, 1, True)
    for i in range(n):
        c = _code(s, i)
        _put(out, i, c + delta if low <= c <= high else c)
    return out


@_method("upper")
def upper(s):
    if not _is_ascii(s):
        return _str_method(s, "upper")
    return _mapped(s, 97, 122, -32)


@_method("lower")
def lower(s):
    if not _is_ascii(s):
        return _str_method(s, "lower")
    return _mapped(s, 65, 90, 32)


def isdigit_impl(s):
    if not _is_ascii(s):
        return _str_test(s, "isdigit")
    for i in range(len(s)):
        if not _digit(_code(s, i)):
            return False
    return len(s) > 0


isdigit = _method("isdigit")(isdigit_impl)


@_method("isalpha")
def isalpha(s):
    if not _is_ascii(s):
        return _str_test(s, "isalpha")
    for i in range(len(s)):
        c = _code(s, i)
        if not (_upper(c) or _lower(c)):
            return False
    return len(s) > 0


@_method("isalnum")
def isalnum(s):
    if not _is_ascii(s):
        return _str_test(s, "isalnum")
    for i in range(len(s)):
        c = _code(s, i)
        if not (_upper(c) or _lower(c) or _digit(c)):
            return False
    return len(s) > 0


@_method("isspace")
def isspace(s):
    for i in range(len(s)):
        if not _space(_code(s, i)):
            return False
    return len(s) > 0


@_method("isupper")
def isupper(s):
    if not _is_ascii(s):
        return _str_test(s, "isupper")
    cased = False
    for i in range(len(s)):
        c = _code(s, i)
        if _lower(c):
            return False
        cased = cased or _upper(c)
    return cased


@_method("islower")
def islower(s):
    if not _is_ascii(s):
        return _str_test(s, "islower")
    cased = False
    for i in range(len(s)):
        c = _code(s, i)
        if _upper(c):
            return False
        cased = cased or _lower(c)
    return cased


@_method("isascii")
def isascii(s):
    return _is_ascii(s)


# -- stripping -------------------------------------------------------------------------------------

def _in(c, chars):
    for k in range(len(chars)):
        if _code(chars, k) == c:
            return True
    return False


def _strip_impl(left, right):
    def strip_impl(s, chars=None):
        i, j = 0, len(s)
        if chars is None:
            while left and i < j and _space(_code(s, i)):
                i += 1
            while right and j > i and _space(_code(s, j - 1)):
                j -= 1
        else:
            while left and i < j and _in(_code(s, i), chars):
                i += 1
            while right and j > i and _in(_code(s, j - 1), chars):
                j -= 1
        if i == 0 and j == len(s):
            return s
        return _substr(s, i, j)
    return strip_impl


strip = _method("strip", _opt_str)(_strip_impl(True, True))
lstrip = _method("lstrip", _opt_str)(_strip_impl(True, False))
rstrip = _method("rstrip", _opt_str)(_strip_impl(False, True))


# -- splitting and joining -------------------------------------------------------------------------

def split_whitespace(s, sep=None, maxsplit=-1):
    out = [s]
    out.clear()
    n = len(s)
    i = 0
    count = 0
    while True:
        while i < n and _space(_code(s, i)):
            i += 1
        if i == n:
            break
        if maxsplit >= 0 and count == maxsplit:
            _append_substr(out, s, i, n)            # the rest, as it is
            break
        j = i
        while j < n and not _space(_code(s, j)):
            j += 1
        _append_substr(out, s, i, j)
        count += 1
        i = j
    return out


def split_sep(s, sep, maxsplit=-1):
    m = len(sep)
    if m == 0:
        raise ValueError("empty separator")
    n = len(s)
    out = [s]
    out.clear()
    limit = maxsplit if maxsplit >= 0 else BIG
    start = 0
    if m == 1 and maxsplit < 0:                 # one character: a plain scan (no search call per piece)
        c = _code(sep, 0)
        pieces = 1
        for j in range(n):                      # counted first: the list grows once
            if _code(s, j) == c:
                pieces += 1
        _reserve(out, pieces)
        at = 0
        while at + 64 <= n:                     # 64 characters at a time: a mask of the separators
            mask = _char_mask(s, c, at)
            while mask != 0:
                j = at + _low_bit(mask)
                _append_substr(out, s, start, j)
                start = j + 1
                mask &= mask - 1
            at += 64
        for j in range(at, n):
            if _code(s, j) == c:
                _append_substr(out, s, start, j)
                start = j + 1
        _append_substr(out, s, start, n)
        return out
    count = 0
    while count < limit:
        pos = _find(s, sep, start, n)
        if pos < 0:
            break
        _append_substr(out, s, start, pos)
        start = pos + m
        count += 1
    _append_substr(out, s, start, n)
    return out


def _reversed(items):
    out = [items[0]]
    out.clear()
    for k in range(len(items) - 1, -1, -1):
        out.append(items[k])
    return out


def rsplit_whitespace(s, sep=None, maxsplit=-1):
    out = [s]
    out.clear()
    j = len(s)
    count = 0
    while True:
        while j > 0 and _space(_code(s, j - 1)):
            j -= 1
        if j == 0:
            break
        if maxsplit >= 0 and count == maxsplit:
            _append_substr(out, s, 0, j)
            break
        i = j
        while i > 0 and not _space(_code(s, i - 1)):
            i -= 1
        _append_substr(out, s, i, j)
        count += 1
        j = i
    return _reversed(out) if len(out) > 1 else out


def rsplit_sep(s, sep, maxsplit=-1):
    m = len(sep)
    if m == 0:
        raise ValueError("empty separator")
    out = [s]
    out.clear()
    limit = maxsplit if maxsplit >= 0 else BIG
    end = len(s)
    count = 0
    while count < limit:
        pos = _rfind(s, sep, 0, end)
        if pos < 0:
            break
        _append_substr(out, s, pos + m, end)
        end = pos
        count += 1
    _append_substr(out, s, 0, end)
    return _reversed(out)


split = _method("split", _opt_str, _int,
                impl_for=lambda sep=None, maxsplit=None: split_whitespace if is_none(sep) else split_sep)
rsplit = _method("rsplit", _opt_str, _int,
                 impl_for=lambda sep=None, maxsplit=None: rsplit_whitespace if is_none(sep) else rsplit_sep)


@_method("splitlines", lambda t: isinstance(t, (Integer, Boolean)))
def splitlines(s, keepends=False):
    out = [s]
    out.clear()
    n = len(s)
    i = 0
    while i < n:
        j = i
        while j < n and not _linebreak(_code(s, j)):
            j += 1
        eol = j
        if j < n:
            if _code(s, j) == 13 and j + 1 < n and _code(s, j + 1) == 10:
                j += 2
            else:
                j += 1
            if keepends:
                eol = j
        _append_substr(out, s, i, eol)
        i = j
    return out


def join_impl(sep, items):
    n = len(items)
    if n == 0:
        return _substr(sep, 0, 0)
    total = len(sep) * (n - 1)
    kind = _kind(sep) if n > 1 else 1
    ascii_ = _is_ascii(sep) or n == 1
    for item in items:
        total += len(item)
        k = _kind(item)
        if k > kind:
            kind = k
        ascii_ = ascii_ and _is_ascii(item)
    out = _new(total, kind, ascii_)
    at = 0
    m = len(sep)
    for idx in range(n):
        if idx > 0:
            _copy(out, at, sep, 0, m)
            at += m
        item = items[idx]
        _copy(out, at, item, 0, len(item))
        at += len(item)
    return out


def _str_sequence(t):
    if isinstance(t, List):
        return is_str(t.dtype)
    return isinstance(t, Tuple) and all(is_str(x) for x in t.items)


@overload("str.join")
def join(sep, items):
    if not is_str(sep):
        return None
    if not _str_sequence(items):
        raise TypingError(f"str.join() takes a list or tuple of str, not {items}")
    item_types = List(as_str(items.dtype)) if isinstance(items, List) else Tuple([as_str(t) for t in items.items])
    return join_impl, (as_str(sep), item_types)


# -- searching -------------------------------------------------------------------------------------

def _bounds(start, end, n):
    a = 0 if start is None else start
    b = n if end is None else end
    return a, b


def find_impl(s, sub, start=None, end=None):
    a, b = _bounds(start, end, len(s))
    return _find(s, sub, a, b)


def rfind_impl(s, sub, start=None, end=None):
    a, b = _bounds(start, end, len(s))
    return _rfind(s, sub, a, b)


def index_impl(s, sub, start=None, end=None):
    i = find_impl(s, sub, start, end)
    if i < 0:
        raise ValueError("substring not found")
    return i


def rindex_impl(s, sub, start=None, end=None):
    i = rfind_impl(s, sub, start, end)
    if i < 0:
        raise ValueError("substring not found")
    return i


def count_impl(s, sub, start=None, end=None):
    n = len(s)
    a, b = _bounds(start, end, n)
    if a < 0:
        a = max(a + n, 0)
    b = _adjust(b, n)
    m = len(sub)
    if m == 0:
        return b - a + 1 if a <= b else 0
    count = 0
    pos = _find(s, sub, a, b)
    while pos >= 0:
        count += 1
        pos = _find(s, sub, pos + m, b)
    return count


for _name, _impl in (("find", find_impl), ("rfind", rfind_impl), ("index", index_impl),
                     ("rindex", rindex_impl), ("count", count_impl)):
    _method(_name, is_str, _opt_int, _opt_int)(_impl)


def replace_impl(s, old, new, count=-1):
    n = len(s)
    m = len(old)
    limit = count if count >= 0 else BIG
    if m == 0:                                   # new before every character, then at the end
        k = min(limit, n + 1)
        if k == 0:
            return s
        pieces = [_substr(s, 0, 0)]
        for i in range(k - 1):
            pieces.append(_substr(s, i, i + 1))
        pieces.append(_substr(s, k - 1, n))
        return join_impl(new, pieces)
    where = [0]                                  # first pass: where
    where.clear()
    pos = _find(s, old, 0, n)
    while pos >= 0 and len(where) < limit:
        where.append(pos)
        pos = _find(s, old, pos + m, n)
    found = len(where)
    if found == 0:
        return s
    r = len(new)
    kind = _kind(s)
    if _kind(new) > kind:
        kind = _kind(new)
    both_ascii = _is_ascii(s) and _is_ascii(new)
    out = _new(n + found * (r - m), kind, both_ascii)
    start = 0
    at = 0
    for pos in where:                            # second pass: copy
        _copy(out, at, s, start, pos - start)
        at += pos - start
        _copy(out, at, new, 0, r)
        at += r
        start = pos + m
    _copy(out, at, s, start, n - start)
    if both_ascii or _is_ascii(old):             # (s's widest characters are all still there)
        return out
    return _substr(out, 0, len(out))             # removed characters may allow a narrower kind


replace = _method("replace", is_str, is_str, _int)(replace_impl)


def _affix(at_end):
    def one(s, p, a, b):
        n = len(s)
        if a < 0:
            a = max(a + n, 0)
        b = _adjust(b, n)
        m = len(p)
        if b - a < m:
            return False
        return _match(s, b - m if at_end else a, p)

    def affix_impl(s, prefix, start=None, end=None):
        a, b = _bounds(start, end, len(s))
        return one(s, prefix, a, b)

    def affixes_impl(s, prefixes, start=None, end=None):
        a, b = _bounds(start, end, len(s))
        for p in prefixes:
            if one(s, p, a, b):
                return True
        return False
    return affix_impl, affixes_impl


def _str_or_strs(t):
    return is_str(t) or (isinstance(t, Tuple) and len(t) > 0 and all(is_str(x) for x in t.items))


for _name, _at_end in (("startswith", False), ("endswith", True)):
    _single, _several = _affix(_at_end)
    _method(_name, _str_or_strs, _opt_int, _opt_int,
            impl_for=lambda p, *rest, _single=_single, _several=_several: _single if is_str(p) else _several)


# -- padding and partition ---------------------------------------------------------------------------

def _fill(fillchar):
    if fillchar is None:
        return " "
    if len(fillchar) != 1:
        raise TypeError("The fill character must be exactly one character long")
    return fillchar


def ljust_impl(s, width, fillchar=None):
    f = _fill(fillchar)
    return s if width <= len(s) else s + f * (width - len(s))


def rjust_impl(s, width, fillchar=None):
    f = _fill(fillchar)
    return s if width <= len(s) else f * (width - len(s)) + s


def center_impl(s, width, fillchar=None):
    f = _fill(fillchar)
    n = len(s)
    if width <= n:
        return s
    margin = width - n
    left = margin // 2 + (margin & width & 1)
    return f * left + s + f * (margin - left)


for _name, _impl in (("ljust", ljust_impl), ("rjust", rjust_impl), ("center", center_impl)):
    _method(_name, _int, _opt_str)(_impl)


@_method("zfill", _int)
def zfill(s, width):
    n = len(s)
    if width <= n:
        return s
    zeros = "0" * (width - n)
    if n > 0 and (_code(s, 0) == 43 or _code(s, 0) == 45):
        return _substr(s, 0, 1) + zeros + _substr(s, 1, n)
    return zeros + s


@_method("partition", is_str)
def partition(s, sep):
    m = len(sep)
    if m == 0:
        raise ValueError("empty separator")
    pos = _find(s, sep, 0, len(s))
    if pos < 0:
        return s, _substr(s, 0, 0), _substr(s, 0, 0)
    return _substr(s, 0, pos), sep, _substr(s, pos + m, len(s))


@_method("rpartition", is_str)
def rpartition(s, sep):
    m = len(sep)
    if m == 0:
        raise ValueError("empty separator")
    pos = _rfind(s, sep, 0, len(s))
    if pos < 0:
        return _substr(s, 0, 0), _substr(s, 0, 0), s
    return _substr(s, 0, pos), sep, _substr(s, pos + m, len(s))


# -- more case mappings and classes: ASCII natively where simple, else the interpreter --------------

@_method("casefold")
def casefold(s):
    if not _is_ascii(s):
        return _str_method(s, "casefold")
    return _mapped(s, 65, 90, 32)


@_method("swapcase")
def swapcase(s):
    if not _is_ascii(s):
        return _str_method(s, "swapcase")
    n = len(s)
    out = _new(n, 1, True)
    for i in range(n):
        c = _code(s, i)
        _put(out, i, c + 32 if _upper(c) else c - 32 if _lower(c) else c)
    return out


def _by_interpreter(name):
    def method_impl(s):
        return _str_method(s, name)
    return method_impl


def _test_by_interpreter(name):
    def test_impl(s):
        return _str_test(s, name)
    return test_impl


for _name in ("title", "capitalize"):
    _method(_name)(_by_interpreter(_name))
for _name in ("istitle", "isidentifier", "isprintable"):
    _method(_name)(_test_by_interpreter(_name))


@_method("isdecimal")
def isdecimal(s):
    if not _is_ascii(s):
        return _str_test(s, "isdecimal")
    return isdigit_impl(s)


@_method("isnumeric")
def isnumeric(s):
    if not _is_ascii(s):
        return _str_test(s, "isnumeric")
    return isdigit_impl(s)


@_method("removeprefix", is_str)
def removeprefix(s, prefix):
    m = len(prefix)
    if m <= len(s) and _match(s, 0, prefix):
        return _substr(s, m, len(s))
    return s


@_method("removesuffix", is_str)
def removesuffix(s, suffix):
    m = len(suffix)
    if 0 < m <= len(s) and _match(s, len(s) - m, suffix):
        return _substr(s, 0, len(s) - m)
    return s


# -- min / max of strings ---------------------------------------------------------------------------

def min_impl(*args):
    best = args[0]
    for x in args:
        if x < best:
            best = x
    return best


def max_impl(*args):
    best = args[0]
    for x in args:
        if x > best:
            best = x
    return best


@overload(min)
def min_(*args):
    return (min_impl, tuple(as_value(t) for t in args)) if len(args) > 1 and all(map(is_str, args)) else None


@overload(max)
def max_(*args):
    return (max_impl, tuple(as_value(t) for t in args)) if len(args) > 1 and all(map(is_str, args)) else None
