"""String primitives: len, +, *, comparisons, hash, indexing, slicing, iteration, `in`, chr, ord,
and the character-level operations the str methods of numjit/lib/strlib.py are written with.

A string literal (typed `Const`) is accepted wherever a str is: its signature says
`unicode_type`, so the lowering converts it to a module constant.

    >>> import operator
    >>> from numjit.types import unicode_type, int64, Const
    >>> from numjit.typing.registry import resolve
    >>> resolve(operator.add, (unicode_type, Const("!"))).signature
    unicode_type(unicode_type, unicode_type)
    >>> resolve(operator.getitem, (unicode_type, int64)).signature.return_type
    unicode_type
"""
import operator

from llvmlite import ir

from ..types import Signature, Const, Number, NoneType, List, none
from ..types.scalars import boolean, int64, is_intlike
from ..types.slices import SliceType
from ..types.strings import (unicode_type, bytes_type, is_str, text_type, length_of, kind_of, ascii_of, chars_of, field_ptr,
                             HASH)
from ..typing.registry import intrinsic
from ..lowering.refcount import decref
from ..runtime.strings import declare, get_code, store_code, _by_kind
from .lists import append_owned, reserve

I1, I8, I32, I64 = ir.IntType(1), ir.IntType(8), ir.IntType(32), ir.IntType(64)
PTR = ir.PointerType()
S = unicode_type


def _strs(*tys):
    return all(is_str(t) for t in tys)


def _family(*tys):
    """`unicode_type` when all are str, `bytes_type` when all are bytes (literals included), else None."""
    family = text_type(tys[0])
    return family if family is not None and all(text_type(t) == family for t in tys[1:]) else None


def _new_ref(codegen):
    codegen.new_ref = True
    return codegen


def checked(low, s):
    """MemoryError when a runtime function returned no string."""
    low.guard(low.builder.icmp_unsigned("==", s, ir.Constant(PTR, None)), MemoryError,
              "cannot allocate a string")
    return s


def new_string(low, length, kind, ascii_):
    return checked(low, low.builder.call(declare(low.ctx, "numjit_str_new"), [length, kind, ascii_]))


def char_string(low, code):
    """A one-character string for code point `code` (an i32): a new reference."""
    return checked(low, low.builder.call(declare(low.ctx, "numjit_str_chr"), [code]))


# -- size, truth, comparisons, hash -------------------------------------------------------------

@intrinsic(len)
def str_len(s):
    if isinstance(s, Const) and isinstance(s.value, (str, bytes)):
        return Signature(int64, (s,)), lambda low, sig, a: ir.Constant(I64, len(s.value))
    if not _family(s):
        return None
    return Signature(int64, (_family(s),)), lambda low, sig, a: length_of(low.builder, a[0])


@intrinsic(operator.not_)
def str_not(s):
    if not _family(s):
        return None
    return Signature(boolean, (_family(s),)), lambda low, sig, a: low.builder.icmp_signed(
        "==", length_of(low.builder, a[0]), ir.Constant(I64, 0))


@intrinsic(bool)
def str_bool(s):
    if not _family(s):
        return None
    return Signature(boolean, (_family(s),)), lambda low, sig, a: low.builder.icmp_signed(
        "!=", length_of(low.builder, a[0]), ir.Constant(I64, 0))


def _equal(low, a, b):
    return low.builder.call(declare(low.ctx, "numjit_str_equal"), [a, b])


@intrinsic(operator.eq)
def str_eq(a, b):
    f = _family(a, b)
    if not f:
        return None
    return Signature(boolean, (f, f)), lambda low, sig, v: _equal(low, *v)


@intrinsic(operator.ne)
def str_ne(a, b):
    f = _family(a, b)
    if not f:
        return None
    return Signature(boolean, (f, f)), lambda low, sig, v: low.builder.not_(_equal(low, *v))


def _str_vs_other(result):
    """A str never equals a number or None (as in Python): a constant."""
    def typer(a, b):
        if not (is_str(a) != is_str(b) and isinstance(b if is_str(a) else a, (Number, NoneType))):
            return None
        return Signature(boolean, (a, b)), lambda low, sig, v: ir.Constant(I1, result)
    return typer


intrinsic(operator.eq)(_str_vs_other(0))
intrinsic(operator.ne)(_str_vs_other(1))


_ORDER = {operator.lt: "<", operator.le: "<=", operator.gt: ">", operator.ge: ">="}


def _ordering(op):
    def typer(a, b):
        f = _family(a, b)
        if not f:
            return None

        def codegen(low, sig, v):
            c = low.builder.call(declare(low.ctx, "numjit_str_compare"), v)
            return low.builder.icmp_signed(_ORDER[op], c, ir.Constant(I64, 0))
        return Signature(boolean, (f, f)), codegen
    typer.__name__ = f"str_{op.__name__}"
    return intrinsic(op)(typer)


for _op in _ORDER:
    _ordering(_op)


@intrinsic(hash)
def str_hash(s):
    if not _family(s):
        return None
    return Signature(int64, (_family(s),)), lambda low, sig, a: low.builder.call(declare(low.ctx, "numjit_str_hash"), a)


# -- building strings ----------------------------------------------------------------------------

@intrinsic(operator.add, operator.iadd)
def str_concat(a, b):
    f = _family(a, b)
    if not f:
        return None
    return Signature(f, (f, f)), _new_ref(lambda low, sig, v: checked(
        low, low.builder.call(declare(low.ctx, "numjit_str_concat"), v)))


def repeat(low, s, times):
    b = low.builder
    zero, one = ir.Constant(I64, 0), ir.Constant(I64, 1)
    times = b.select(b.icmp_signed("<", times, zero), zero, times)
    n = length_of(b, s)
    out = new_string(low, b.mul(n, times), kind_of(b, s), ascii_of(b, s))
    from ..runtime.strings import for_range
    copy = declare(low.ctx, "numjit_str_copy")
    with for_range(b, zero, times, "repeat") as r:
        b.call(copy, [out, b.mul(r, n), s, zero, one, n])
    return out


@intrinsic(operator.mul, operator.imul)
def str_repeat(a, c):
    if _family(a) and is_intlike(c):
        return Signature(_family(a), (_family(a), int64)), _new_ref(lambda low, sig, v: repeat(low, v[0], v[1]))
    if _family(c) and is_intlike(a):
        return Signature(_family(c), (int64, _family(c))), _new_ref(lambda low, sig, v: repeat(low, v[1], v[0]))
    return None


# -- indexing, slicing, iteration ----------------------------------------------------------------

def wrap_index(low, s, index, message="string index out of range"):
    b = low.builder
    n = length_of(b, s)
    idx = b.select(b.icmp_signed("<", index, ir.Constant(I64, 0)), b.add(index, n), index)
    low.guard(b.icmp_unsigned(">=", idx, n), IndexError, message)
    return idx


@intrinsic(operator.getitem)
def str_getitem(s, index):
    f = _family(s)
    if not f:
        return None
    if is_intlike(index) and f == bytes_type:         # an item of bytes is an int
        def byte(low, sig, a):
            return low.builder.zext(get_code(low.builder, a[0], wrap_index(low, a[0], a[1], "index out of range")), I64)
        return Signature(int64, (f, int64)), byte
    if is_intlike(index):
        def codegen(low, sig, a):
            return char_string(low, get_code(low.builder, a[0], wrap_index(low, a[0], a[1])))
        return Signature(S, (S, int64)), _new_ref(codegen)
    if isinstance(index, SliceType):
        def slice_codegen(low, sig, a):
            from .slices import slice_indices
            b = low.builder
            start, step, count = slice_indices(low, a[1], length_of(b, a[0]))
            return checked(low, b.call(declare(low.ctx, "numjit_str_slice"), [a[0], start, step, count]))
        return Signature(f, (f, index)), _new_ref(slice_codegen)
    return None


@intrinsic("iter")
def str_iter(s):
    f = _family(s)
    if not f:
        return None

    def codegen(low, sig, a):
        from ..lowering.loops import _Iter
        b = low.builder
        value = a[0]
        if isinstance(s, Const):
            value = low.cast(value, s, f)
        if f == bytes_type:
            return _Iter(length_of(b, value), lambda k: b.zext(get_code(b, value, k), I64), int64)
        return _Iter(length_of(b, value), char_items(low, value), S)
    return Signature(S if f == S else int64, (s,)), codegen


def char_items(low, value):
    """item(k): the str of the k-th character of the str `value` (borrowed: a slot holds the
    current one)."""
    b = low.builder
    slot = low.new_slot(S, "for.char")

    def item(k):
        c = char_string(low, get_code(b, value, k))
        low.store_slot(slot, c, S)
        decref(low.ctx, b, c, S)
        return c
    return item


# -- search ---------------------------------------------------------------------------------------

def find(low, s, sub, start, end, reverse=False):
    """Index of sub in s[start:end] (Python's adjustment of start and end), or -1."""
    b = low.builder
    n = length_of(b, s)
    zero = ir.Constant(I64, 0)

    def adjust(v):
        v = b.select(b.icmp_signed("<", v, zero), b.add(v, n), v)
        return b.select(b.icmp_signed("<", v, zero), zero, v)
    end = adjust(end)                   # (a start beyond the end finds nothing, "" included)
    return b.call(declare(low.ctx, "numjit_str_find"),
                  [s, sub, adjust(start), b.select(b.icmp_signed(">", end, n), n, end),
                   ir.Constant(I32, int(reverse))])


@intrinsic(operator.contains)
def str_contains(s, sub):
    f = _family(s, sub)
    if not f:
        return None

    def codegen(low, sig, a):
        pos = find(low, a[0], a[1], ir.Constant(I64, 0), length_of(low.builder, a[0]))
        return low.builder.icmp_signed(">=", pos, ir.Constant(I64, 0))
    return Signature(boolean, (f, f)), codegen


def _find_typer(reverse):
    def typer(s, sub, start, end):
        if not (_strs(s, sub) and is_intlike(start) and is_intlike(end)):
            return None
        return Signature(int64, (S, S, int64, int64)), lambda low, sig, a: find(low, *a, reverse=reverse)
    return typer


def _find(s, sub, start, end):
    """s.find(sub, start, end) with int bounds (a primitive of numjit/lib/strlib.py)."""


def _rfind(s, sub, start, end):
    """s.rfind(sub, start, end) with int bounds."""


intrinsic(_find)(_find_typer(False))
intrinsic(_rfind)(_find_typer(True))


# -- characters -----------------------------------------------------------------------------------

@intrinsic(chr)
def chr_(code):
    if not is_intlike(code):
        return None

    def codegen(low, sig, a):
        b = low.builder
        low.guard(b.icmp_unsigned(">=", a[0], ir.Constant(I64, 0x110000)), ValueError,
                  "chr() arg not in range(0x110000)")
        return char_string(low, b.trunc(a[0], I32))
    return Signature(S, (int64,)), _new_ref(codegen)


def _code(s, i):
    """The code point s[i] (i in range; a primitive of numjit/lib/strlib.py)."""


def _kind(s):
    """Bytes per character of s (1, 2 or 4)."""


def _is_ascii(s):
    """Are all of s's characters below 128?"""


def _new(length, kind, is_ascii):
    """A new string of `length` characters of `kind` (to fill with _put)."""


def _put(s, i, code):
    """s[i] = code point, in a string made by _new (not yet shared)."""


def _copy(dst, at, src, start, count):
    """dst[at:at+count] = src[start:start+count] in a string made by _new."""


def _substr(s, start, stop):
    """s[start:stop] (0 <= start <= stop <= len(s))."""


def _char_mask(s, code, at):
    """Bit k set where s[at + k] == code, for k < 64 (at + 64 <= len(s)): one vector compare."""


def _low_bit(mask):
    """The index of mask's lowest set bit (mask != 0)."""


def _reserve(out, needed):
    """Make room for `needed` items in a list of str (a split that counted its pieces first
    grows the list once)."""


def _append_substr(out, s, start, stop):
    """out.append(s[start:stop]) for a list of str: the new piece's reference moves into the list
    (no incref/decref pair per piece: split and splitlines make one per word)."""


@intrinsic(_code)
def code_(s, i):
    if not (is_str(s) and is_intlike(i)):
        return None
    return Signature(int64, (S, int64)), lambda low, sig, a: low.builder.zext(get_code(low.builder, *a), I64)


@intrinsic(_kind)
def kind_(s):
    if not is_str(s):
        return None
    return Signature(int64, (S,)), lambda low, sig, a: low.builder.zext(kind_of(low.builder, a[0]), I64)


@intrinsic(_is_ascii)
def is_ascii_(s):
    if not is_str(s):
        return None
    return Signature(boolean, (S,)), lambda low, sig, a: low.builder.icmp_unsigned(
        "!=", ascii_of(low.builder, a[0]), ir.Constant(I32, 0))


@intrinsic(_new)
def new_(length, kind, is_ascii):
    if not (is_intlike(length) and is_intlike(kind)):
        return None

    def codegen(low, sig, a):
        b = low.builder
        return new_string(low, a[0], b.trunc(a[1], I32), b.zext(a[2], I32))
    return Signature(S, (int64, int64, boolean)), _new_ref(codegen)


@intrinsic(_put)
def put_(s, i, code):
    if not (is_str(s) and is_intlike(i) and is_intlike(code)):
        return None

    def codegen(low, sig, a):
        b = low.builder
        data = chars_of(b, a[0])
        _by_kind(b, kind_of(b, a[0]), lambda w: store_code(b, data, w, a[1], b.trunc(a[2], I32)), None, "put")
        b.store(ir.Constant(I64, -1), field_ptr(b, a[0], HASH))
        return ir.Constant(I8, 0)
    from ..types import none
    return Signature(none, (S, int64, int64)), codegen


@intrinsic(_copy)
def copy_(dst, at, src, start, count):
    if not (_strs(dst, src) and all(map(is_intlike, (at, start, count)))):
        return None

    def codegen(low, sig, a):
        b = low.builder
        b.call(declare(low.ctx, "numjit_str_copy"), [a[0], a[1], a[2], a[3], ir.Constant(I64, 1), a[4]])
        return ir.Constant(I8, 0)
    from ..types import none
    return Signature(none, (S, int64, S, int64, int64)), codegen


@intrinsic(_substr)
def substr_(s, start, stop):
    if not (is_str(s) and is_intlike(start) and is_intlike(stop)):
        return None

    def codegen(low, sig, a):
        b = low.builder
        return checked(low, b.call(declare(low.ctx, "numjit_str_slice"),
                                   [a[0], a[1], ir.Constant(I64, 1), b.sub(a[2], a[1])]))
    return Signature(S, (S, int64, int64)), _new_ref(codegen)


@intrinsic(_append_substr)
def append_substr_(out, s, start, stop):
    if not (isinstance(out, List) and out.dtype == S and is_str(s) and is_intlike(start) and is_intlike(stop)):
        return None

    def codegen(low, sig, a):
        b = low.builder
        lst, src, start, stop = a
        append_owned(low, lst, out, lambda: checked(low, b.call(declare(low.ctx, "numjit_str_slice"),
                                                                 [src, start, ir.Constant(I64, 1), b.sub(stop, start)])))
        return ir.Constant(I8, 0)
    return Signature(none, (out, S, int64, int64)), codegen


@intrinsic(_reserve)
def reserve_(out, needed):
    if not (isinstance(out, List) and out.dtype == S and is_intlike(needed)):
        return None

    def codegen(low, sig, a):
        reserve(low, a[0], out, a[1])
        return ir.Constant(I8, 0)
    return Signature(none, (out, int64)), codegen


@intrinsic(_char_mask)
def char_mask_(s, code, at):
    if not (is_str(s) and is_intlike(code) and is_intlike(at)):
        return None

    def codegen(low, sig, a):
        b = low.builder
        data = chars_of(b, a[0])

        def compare(w):
            lane = ir.IntType(8 * w)
            vec = ir.VectorType(lane, 64)
            chars = b.load(b.gep(data, [a[2]], source_etype=lane), typ=vec, align=1)
            wanted = b.insert_element(ir.Constant(vec, None), b.trunc(a[1], lane), ir.Constant(I32, 0))
            wanted = b.shuffle_vector(wanted, ir.Constant(vec, None), ir.Constant(ir.VectorType(I32, 64), [0] * 64))
            mask = b.bitcast(b.icmp_unsigned("==", chars, wanted), I64)
            if w == 4:
                return mask
            fits = b.icmp_unsigned("<", a[1], ir.Constant(I64, 1 << (8 * w)))  # (else it matches nothing)
            return b.select(fits, mask, ir.Constant(I64, 0))
        return _by_kind(b, kind_of(b, a[0]), compare, I64, "mask")
    return Signature(int64, (S, int64, int64)), codegen


@intrinsic(_low_bit)
def low_bit_(mask):
    if not is_intlike(mask):
        return None

    def codegen(low, sig, a):
        return low.builder.cttz(a[0], ir.Constant(I1, 1))
    return Signature(int64, (int64,)), codegen
