"""f-strings, `str.format` with a constant format string, `%` formatting, and str() of numbers.

An f-string is the concatenation of its parts, made in one allocation. A part that is a
str or an integer without a format spec is converted natively (no GIL); every other part
(floats — CPython's shortest repr —, specs such as `.3f`, `5d`, `>10`, conversions
`!r`/`!s`/`!a`) is formatted by the interpreter under the GIL (intrinsics/pyobjects.py),
so the text is exactly CPython's. `"...".format(...)` with a literal format string is
parsed at compile time into the same parts; `fmt % values` calls `PyUnicode_Format`.

    >>> from numjit import njit
    >>> @njit
    ... def report(name, n, x):
    ...     return f"{name:>6}|{n:5d}|{x:.3f}|{x!r}|{n}", "{} of {:.1f}".format(n, x), "%d/%s" % (n, name)
    >>> report("abc", 42, 0.1)
    ('   abc|   42|0.100|0.1|42', '42 of 0.1', '42/abc')
"""
import ast
import operator
import string

from llvmlite import ir

from ..errors import TypingError, UnsupportedError
from ..types import Signature, Const, Integer, Boolean
from ..types.strings import unicode_type, is_str, as_str, length_of, kind_of, ascii_of, chars_of
from ..typing.registry import intrinsic
from ..lowering.refcount import incref
from ..runtime.strings import declare
from ..runtime.lists import memcpy
from .pyobjects import python_format, boxable, gil, box_borrowed, fail_if_null, to_native_str, decref_object
from .strings import new_string

I8, I32, I64 = ir.IntType(8), ir.IntType(32), ir.IntType(64)
PTR = ir.PointerType()
S = unicode_type
CONVERSION = {-1: None, ord("s"): "s", ord("r"): "r", ord("a"): "a"}


def _new_ref(codegen):
    codegen.new_ref = True
    return codegen


# -- converting one value -----------------------------------------------------------------------

def int_to_str(low, value, ty):
    """The decimal text of an integer, natively (a new string)."""
    b = low.builder
    n = low.ctx.cast(b, value, ty, Integer(64, ty.signed))
    buf = low.ctx.alloca(b, ir.ArrayType(I8, 24))
    negative = b.icmp_signed("<", n, ir.Constant(I64, 0)) if ty.signed else ir.Constant(ir.IntType(1), 0)
    magnitude = b.select(negative, b.sub(ir.Constant(I64, 0), n), n)       # (unsigned: -2**63 too)
    pos = low.ctx.alloca(b, I64)
    b.store(ir.Constant(I64, 24), pos)
    rest = low.ctx.alloca(b, I64)
    b.store(magnitude, rest)
    body, done = b.append_basic_block("digits"), b.append_basic_block("digits.done")
    b.branch(body)
    b.position_at_end(body)
    p = b.sub(b.load(pos), ir.Constant(I64, 1))
    m = b.load(rest)
    digit = b.trunc(b.urem(m, ir.Constant(I64, 10)), I8)
    b.store(b.add(digit, ir.Constant(I8, ord("0"))), b.gep(buf, [ir.Constant(I64, 0), p]))
    b.store(p, pos)
    q = b.udiv(m, ir.Constant(I64, 10))
    b.store(q, rest)
    b.cbranch(b.icmp_unsigned("!=", q, ir.Constant(I64, 0)), body, done)
    b.position_at_end(done)
    with b.if_then(negative):
        p = b.sub(b.load(pos), ir.Constant(I64, 1))
        b.store(ir.Constant(I8, ord("-")), b.gep(buf, [ir.Constant(I64, 0), p]))
        b.store(p, pos)
    start = b.load(pos)
    count = b.sub(ir.Constant(I64, 24), start)
    s = new_string(low, count, ir.Constant(I32, 1), ir.Constant(I32, 1))
    memcpy(low.ctx.module, b, chars_of(b, s), b.gep(buf, [ir.Constant(I64, 0), start]), count)
    return s


def native(ty):
    """Is a value of this type converted without the interpreter when it has no spec?"""
    return is_str(ty) or (isinstance(ty, Integer) and not isinstance(ty, Boolean))


def format_value(low, value, ty, spec=None, conversion=None):
    """The text of one replacement field: a new string."""
    if spec is None and conversion in (None, "s"):
        if is_str(ty):
            value = low.cast(value, ty, S)
            incref(low.ctx, low.builder, value, S)
            return value
        if isinstance(ty, Integer) and not isinstance(ty, Boolean):
            return int_to_str(low, value, ty)
    return python_format(low, value, ty, spec, conversion)


def concat(low, parts):
    """One new string joining native strings `parts` (borrowed)."""
    b = low.builder
    if not parts:
        return low.cast(ir.Constant(I8, 0), Const(""), S)
    total, kind, ascii_ = ir.Constant(I64, 0), ir.Constant(I32, 1), ir.Constant(I32, 1)
    for p in parts:
        total = b.add(total, length_of(b, p))
        k = kind_of(b, p)
        kind = b.select(b.icmp_unsigned(">", k, kind), k, kind)
        ascii_ = b.and_(ascii_, ascii_of(b, p))
    out = new_string(low, total, kind, ascii_)
    copy = declare(low.ctx, "numjit_str_copy")
    at = ir.Constant(I64, 0)
    for p in parts:
        n = length_of(b, p)
        b.call(copy, [out, at, p, ir.Constant(I64, 0), ir.Constant(I64, 1), n])
        at = b.add(at, n)
    return out


def _check_field(inf, node, ty):
    if not (boxable(ty) or native(ty)):
        raise inf.error(node, f"cannot format {ty} in compiled code")


# -- f-strings ----------------------------------------------------------------------------------

def type_fstring(inf, node):
    """An f-string is a str; each field's value must be formattable, its spec a str."""
    for part in node.values:
        if isinstance(part, ast.FormattedValue):
            ty = inf.expr(part.value)
            _check_field(inf, part.value, ty)
            if part.format_spec is not None:
                spec = inf.expr(part.format_spec)
                if not is_str(spec):
                    raise inf.error(part.format_spec, f"a format spec must be a str, not {spec}")
        elif not isinstance(part, ast.Constant):
            raise inf.error(part, "unexpected part in an f-string", UnsupportedError)
    return S


def lower_fstring(low, node):
    pieces = []
    for part in node.values:
        if isinstance(part, ast.Constant):
            pieces.append(low.cast(ir.Constant(I8, 0), Const(part.value), S))
            continue
        value, ty = low.expr(part.value), low.t.exprs[part.value]
        spec = None
        if part.format_spec is not None:
            spec_ty = low.t.exprs[part.format_spec]
            spec = low.cast(low.expr(part.format_spec), spec_ty, S)
            if isinstance(spec_ty, Const) and spec_ty.value == "":
                spec = None
        pieces.append(low.own(format_value(low, value, ty, spec, CONVERSION[part.conversion]), S))
    return low.own(concat(low, pieces), S)


# -- "...".format(...) with a constant format string ---------------------------------------------

def _fields(fmt, nargs, kwnames):
    """[(literal, argument index or keyword, spec, conversion)] of a format string."""
    out, auto = [], 0
    try:
        parsed = list(string.Formatter().parse(fmt))
    except ValueError as exc:
        raise TypingError(f"bad format string {fmt!r}: {exc}") from None
    for literal, name, spec, conversion in parsed:
        if name is None:
            out.append((literal, None, None, None))
            continue
        if "{" in (spec or ""):
            raise TypingError("nested replacement fields in a format spec are not supported in compiled "
                              "code; use an f-string")
        if name == "":
            key, auto = auto, auto + 1
        elif name.isdigit():
            key = int(name)
        elif name.isidentifier():
            key = name
        else:
            raise TypingError(f"the format field {name!r} is not supported in compiled code "
                              "(positions and keyword names are)")
        if isinstance(key, int) and key >= nargs:
            raise TypingError(f"Replacement index {key} out of range for positional args tuple")
        if isinstance(key, str) and key not in kwnames:
            raise TypingError(f"format(): no keyword argument {key!r}")
        out.append((literal, key, spec or None, conversion))
    return out


@intrinsic("str.format")
def str_format(fmt, *args, **kws):
    if is_str(fmt) and not isinstance(fmt, Const) and not kws and all(boxable(t) for t in args):
        return Signature(S, (S,) + args), _new_ref(lambda low, sig, v: format_by_interpreter(low, v[0], v[1:], args))
    if not (isinstance(fmt, Const) and isinstance(fmt.value, str)):
        return None
    names = list(kws)
    fields = _fields(fmt.value, len(args), names)
    for ty in list(args) + list(kws.values()):
        if not (boxable(ty) or native(ty)):
            raise TypingError(f"cannot format {ty} in compiled code")

    def codegen(low, sig, values):
        by_key = dict(enumerate(values[1:1 + len(args)]))
        by_key.update(zip(names, values[1 + len(args):]))
        types_ = dict(enumerate(args))
        types_.update(kws)
        pieces = []
        for literal, key, spec, conversion in fields:
            if literal:
                pieces.append(low.cast(ir.Constant(I8, 0), Const(literal), S))
            if key is not None:
                spec_value = low.cast(ir.Constant(I8, 0), Const(spec), S) if spec else None
                pieces.append(low.own(format_value(low, by_key[key], types_[key], spec_value, conversion), S))
        return concat(low, pieces)
    return Signature(S, (fmt,) + args + tuple(kws.values())), _new_ref(codegen)


def format_by_interpreter(low, fmt, values, types_):
    """fmt.format(*values) for a format string known only at run time."""
    b, ctx = low.builder, low.ctx
    with gil(low) as state:
        fmt_obj = box_borrowed(low, fmt, S)
        fail_if_null(low, fmt_obj, state)
        method = b.call(ctx.declare("PyObject_GetAttrString", PTR, [PTR, PTR]), [fmt_obj, ctx.cstring("format")])
        decref_object(low, fmt_obj)
        fail_if_null(low, method, state)
        args = b.call(ctx.declare("PyTuple_New", PTR, [I64]), [ir.Constant(I64, len(values))])
        set_item = ctx.declare("PyTuple_SetItem", I32, [PTR, I64, PTR])
        for i, (value, ty) in enumerate(zip(values, types_)):
            b.call(set_item, [args, ir.Constant(I64, i), box_borrowed(low, value, ty)])
        result = b.call(ctx.declare("PyObject_Call", PTR, [PTR, PTR, PTR]), [method, args, ir.Constant(PTR, None)])
        decref_object(low, method)
        decref_object(low, args)
        fail_if_null(low, result, state)
        out = to_native_str(low, result, state)
    return out


# -- fmt % values --------------------------------------------------------------------------------

@intrinsic(operator.mod)
def str_percent(fmt, values):
    mapping = values.kind == "dict" and not values.incomplete and boxable(values.key_type) and boxable(values.value_type)
    if not is_str(fmt) or not (boxable(values) or mapping):       # a dict: "%(name)s" % {"name": ...}
        return None

    def codegen(low, sig, a):
        b, ctx = low.builder, low.ctx
        with gil(low) as state:
            fmt_obj = box_borrowed(low, a[0], S)
            fail_if_null(low, fmt_obj, state)
            args = box_borrowed(low, a[1], sig.args[1])
            fail_if_null(low, args, state)
            result = b.call(ctx.declare("PyUnicode_Format", PTR, [PTR, PTR]), [fmt_obj, args])
            decref_object(low, fmt_obj)
            decref_object(low, args)
            fail_if_null(low, result, state)
            out = to_native_str(low, result, state)
        return out
    value_ty = as_str(values) or values
    return Signature(S, (S, value_ty)), _new_ref(codegen)


# -- str() of integers (natively) ----------------------------------------------------------------

@intrinsic(str)
def str_of_int(x=None):
    if not (isinstance(x, Integer) and not isinstance(x, Boolean)):
        return None
    return Signature(S, (x,)), _new_ref(lambda low, sig, a: int_to_str(low, a[0], x))

