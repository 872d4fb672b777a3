"""What compiled code asks the interpreter to do, under the GIL: build exceptions from run-time
values, format numbers as CPython does (repr of floats, format specs), read numbers from
strings (int(s), float(s)) with Python's own errors, and issue warnings (warnings.warn).

Each call takes the GIL (PyGILState_Ensure: also from nogil functions and pool threads,
which then wait for it), boxes its operands, calls the C API, and unboxes the result;
an error the interpreter raises becomes the compiled function's exception
(runtime/exceptions.py).

    >>> from numjit import njit
    >>> @njit
    ... def show(x, n):
    ...     return repr(x), str(n), format(x, ".3f"), float("1e3") + int(" 42 ")
    >>> show(0.1, -7)
    ('0.1', '-7', '0.100', 1042.0)
"""
import warnings
from contextlib import contextmanager

from llvmlite import ir

from ..types import Signature, Number, Tuple, NoneType, Const, Array, List, Integer, Boolean
from ..types.scalars import int64, float64, boolean, none
from ..types.strings import unicode_type, bytes_type, is_str, text_type
from ..typing.registry import intrinsic
from ..lowering.context import exception_slot
from ..lowering.refcount import incref
from ..runtime import exceptions
from ..runtime.boxing import box
from ..runtime.printing import box_shown
from ..runtime.strings import unbox_function, unbox_bytes_function

I32, I64 = ir.IntType(32), ir.IntType(64)
PTR = ir.PointerType()
VOID = ir.VoidType()
S = unicode_type


def boxable(ty):
    if isinstance(ty, Tuple):
        return all(boxable(t) for t in ty.items)
    if ty.kind == "optional":                   # None or the value (numjit/types/optionals.py)
        return boxable(ty.type)
    return (isinstance(ty, (Number, NoneType, Array, List)) or text_type(ty) is not None
            or ty.kind in ("exception", "enum", "intenum"))


def check_boxable(inf, node, ty):
    if not boxable(ty):
        raise inf.error(node, f"an exception argument in compiled code cannot be {ty} (numbers, "
                              "strings, None, tuples, arrays and lists can)")


@contextmanager
def gil(low):
    """Hold the GIL for the code emitted inside."""
    b, ctx = low.builder, low.ctx
    state = b.call(ctx.declare("PyGILState_Ensure", I32, []), [])
    yield state
    b.call(ctx.declare("PyGILState_Release", VOID, [I32]), [state])


def fail_if_null(low, obj, state):
    """If the interpreter returned NULL: its error becomes this function's exception."""
    b, ctx = low.builder, low.ctx
    with b.if_then(b.icmp_unsigned("==", obj, ir.Constant(PTR, None)), likely=False):
        info = b.call(exceptions.declare(ctx, "numjit_excinfo_from_error"), [])
        b.call(ctx.declare("PyGILState_Release", VOID, [I32]), [state])
        b.store(info, low.excinfo)
        low.propagate()


def box_borrowed(low, value, ty):
    """A new Python object for a value the compiled code keeps (boxing consumes a reference)."""
    incref(low.ctx, low.builder, value, ty)
    return box(low.ctx, low.builder, value, ty)


def decref_object(low, obj):
    low.builder.call(low.ctx.declare("Py_DecRef", VOID, [PTR]), [obj])


def raise_with_values(low, cls, arg_nodes):
    """`raise cls(*args)` with arguments computed at run time: the exception object is made
    under the GIL and carried by the excinfo (ends the block)."""
    low.temps.append([])
    raise_values(low, cls, [(low.expr(a), low.t.exprs[a]) for a in arg_nodes])
    low.temps.pop()


def raise_values(low, cls, values):
    """`raise cls(*values)` for (value, type) pairs computed at run time (ends the block)."""
    b, ctx = low.builder, low.ctx
    with gil(low):
        args = b.call(ctx.declare("PyTuple_New", PTR, [I64]), [ir.Constant(I64, len(values))])
        set_item = ctx.declare("PyTuple_SetItem", I32, [PTR, I64, PTR])
        for i, (value, ty) in enumerate(values):
            b.call(set_item, [args, ir.Constant(I64, i), box_borrowed(low, value, ty)])
        cls_obj = b.load(ctx.global_var(exception_slot(cls), PTR), typ=PTR)
        info = b.call(exceptions.declare(ctx, "numjit_excinfo_from_call"), [cls_obj, args])
        decref_object(low, args)
    b.store(info, low.excinfo)
    low.propagate()


def raise_formatted(low, cls, template, values):
    """`raise cls(template % values)` for (value, type) pairs computed at run time (ends the block)."""
    b, ctx = low.builder, low.ctx
    with gil(low) as state:
        args = b.call(ctx.declare("PyTuple_New", PTR, [I64]), [ir.Constant(I64, len(values))])
        set_item = ctx.declare("PyTuple_SetItem", I32, [PTR, I64, PTR])
        for i, (value, ty) in enumerate(values):
            b.call(set_item, [args, ir.Constant(I64, i), box_borrowed(low, value, ty)])
        fmt = b.call(ctx.declare("PyUnicode_FromString", PTR, [PTR]), [ctx.cstring(template)])
        message = b.call(ctx.declare("PyUnicode_Format", PTR, [PTR, PTR]), [fmt, args])
        decref_object(low, fmt)
        decref_object(low, args)
        fail_if_null(low, message, state)
        wrapped = b.call(ctx.declare("PyTuple_New", PTR, [I64]), [ir.Constant(I64, 1)])
        b.call(set_item, [wrapped, ir.Constant(I64, 0), message])          # steals message
        cls_obj = b.load(ctx.global_var(exception_slot(cls), PTR), typ=PTR)
        info = b.call(exceptions.declare(ctx, "numjit_excinfo_from_call"), [cls_obj, wrapped])
        decref_object(low, wrapped)
    b.store(info, low.excinfo)
    low.propagate()


def to_native_str(low, obj, state, ty=S):
    """The native string of a Python str (bytes when `ty` says so) `obj`: a new reference; obj is
    released."""
    unboxer = unbox_bytes_function(low.ctx) if ty == bytes_type else unbox_function(low.ctx)
    s = low.builder.call(unboxer, [obj])
    decref_object(low, obj)
    with low.builder.if_then(low.builder.icmp_unsigned("==", s, ir.Constant(PTR, None)), likely=False):
        low.builder.call(low.ctx.declare("PyGILState_Release", VOID, [I32]), [state])
        low.raise_error(MemoryError, "cannot allocate a string")
    return s


# -- formatting ----------------------------------------------------------------------------------

CONVERSIONS = {"r": "PyObject_Repr", "s": "PyObject_Str", "a": "PyObject_ASCII"}


def python_format(low, value, ty, spec=None, conversion=None):
    """format(value, spec) (after repr/str/ascii when `conversion` is 'r'/'s'/'a'), computed by
    the interpreter: a new native string. `spec` is a native string or None."""
    b, ctx = low.builder, low.ctx
    with gil(low) as state:
        incref(ctx, b, value, ty)                   # (boxing consumes a reference)
        obj = (box_shown if conversion == "s" else box)(ctx, b, value, ty)      # str(np.float32(0.1)): '0.1'
        fail_if_null(low, obj, state)
        if conversion is not None:
            converted = b.call(ctx.declare(CONVERSIONS[conversion], PTR, [PTR]), [obj])
            decref_object(low, obj)
            fail_if_null(low, converted, state)
            obj = converted
        if spec is not None or conversion is None:
            spec_obj = box_borrowed(low, spec, S) if spec is not None else ir.Constant(PTR, None)
            formatted = b.call(ctx.declare("PyObject_Format", PTR, [PTR, PTR]), [obj, spec_obj])
            decref_object(low, obj)
            if spec is not None:
                decref_object(low, spec_obj)
            fail_if_null(low, formatted, state)
            obj = formatted
        result = to_native_str(low, obj, state)
    return result


def _formattable(ty):
    return boxable(ty) and text_type(ty) is None


def _new_ref(codegen):
    codegen.new_ref = True
    return codegen


@intrinsic(repr)
def repr_(x):
    if not (_formattable(x) or is_str(x)):
        return None
    arg = S if is_str(x) else x
    return Signature(S, (arg,)), _new_ref(lambda low, sig, a: python_format(low, a[0], arg, conversion="r"))


@intrinsic(format)
def format_(x, spec=None):
    if not (_formattable(x) or is_str(x)) or not (spec is None or is_str(spec)):
        return None
    arg = S if is_str(x) else x
    if spec is None:
        return Signature(S, (arg,)), _new_ref(lambda low, sig, a: python_format(low, a[0], arg))
    return Signature(S, (arg, S)), _new_ref(lambda low, sig, a: python_format(low, a[0], arg, a[1]))


@intrinsic(str)
def str_(x=None):
    if x is None:
        return Signature(S, ()), lambda low, sig, a: low.cast(ir.Constant(ir.IntType(8), 0), Const(""), S)
    if is_str(x):
        def same(low, sig, a):
            incref(low.ctx, low.builder, a[0], S)
            return a[0]
        return Signature(S, (S,)), _new_ref(same)
    if not _formattable(x) or (isinstance(x, Integer) and not isinstance(x, Boolean)):
        return None                         # (integers: natively, intrinsics/strformat.py)
    return Signature(S, (x,)), _new_ref(lambda low, sig, a: python_format(low, a[0], x, conversion="s"))


# -- numbers from strings ------------------------------------------------------------------------

def _parse(low, s, api, base=None):
    """A Python number parsed from native string `s` by the interpreter (a new object)."""
    b, ctx = low.builder, low.ctx
    state = b.call(ctx.declare("PyGILState_Ensure", I32, []), [])
    obj = box_borrowed(low, s, S)
    fail_if_null(low, obj, state)
    if base is None:
        number = b.call(ctx.declare(api, PTR, [PTR]), [obj])
    else:
        number = b.call(ctx.declare(api, PTR, [PTR, I32]), [obj, base])
    decref_object(low, obj)
    fail_if_null(low, number, state)
    return number, state


def parse_int(low, s, base):
    b, ctx = low.builder, low.ctx
    number, state = _parse(low, s, "PyLong_FromUnicodeObject", base)
    overflow = ctx.alloca(b, I32)
    b.store(ir.Constant(I32, 0), overflow)
    value = b.call(ctx.declare("PyLong_AsLongLongAndOverflow", I64, [PTR, PTR]), [number, overflow])
    decref_object(low, number)
    b.call(ctx.declare("PyGILState_Release", VOID, [I32]), [state])
    low.guard(b.icmp_signed("!=", b.load(overflow), ir.Constant(I32, 0)), OverflowError,
              "int too large to convert to int64 in compiled code")
    return value


def parse_float(low, s):
    b, ctx = low.builder, low.ctx
    number, state = _parse(low, s, "PyFloat_FromString")
    value = b.call(ctx.declare("PyFloat_AsDouble", ir.DoubleType(), [PTR]), [number])
    decref_object(low, number)
    b.call(ctx.declare("PyGILState_Release", VOID, [I32]), [state])
    return value


def _int_from_text(s):
    """int(s) for a string the fast path of numjit/lib/strlib.py does not read (the interpreter's)."""


def _float_from_text(s):
    """float(s) by the interpreter."""


@intrinsic(_int_from_text)
def int_from_text(s, base):
    if not is_str(s) or not isinstance(base, Integer):
        return None
    return Signature(int64, (S, int64)), lambda low, sig, a: parse_int(low, a[0], low.builder.trunc(a[1], I32))


@intrinsic(_float_from_text)
def float_from_text(s):
    if not is_str(s):
        return None
    return Signature(float64, (S,)), lambda low, sig, a: parse_float(low, a[0])



def python_round(low, value, n):
    """round(value, n) of a float64 by the interpreter: correctly rounded (dtoa) for every n."""
    b, ctx = low.builder, low.ctx
    with gil(low) as state:
        obj = b.call(ctx.declare("PyFloat_FromDouble", PTR, [ir.DoubleType()]), [value])
        call = ctx.declare("PyObject_CallMethod", PTR, [PTR, PTR, PTR], var_arg=True)
        result = b.call(call, [obj, ctx.cstring("__round__"), ctx.cstring("L"), n])
        decref_object(low, obj)
        fail_if_null(low, result, state)
        out = b.call(ctx.declare("PyFloat_AsDouble", ir.DoubleType(), [PTR]), [result])
        decref_object(low, result)
    return out


# -- str methods of non-ASCII text (the Unicode database is the interpreter's) -------------------

def _str_method(s, name):
    """s.<name>() computed by the interpreter: a str (upper/lower of non-ASCII text)."""


def _str_test(s, name):
    """s.<name>() computed by the interpreter: a bool (isdigit/isalpha/... of non-ASCII text)."""


def call_method(low, s, name, to_native, texts=(), ty=S):
    """s.<name>(*texts) by the interpreter (texts: constant strings); to_native(result, state)."""
    b, ctx = low.builder, low.ctx
    with gil(low) as state:
        obj = box_borrowed(low, s, ty)
        fail_if_null(low, obj, state)
        call = ctx.declare("PyObject_CallMethod", PTR, [PTR, PTR, PTR], var_arg=True)
        form = ctx.cstring("s" * len(texts)) if texts else ir.Constant(PTR, None)
        result = b.call(call, [obj, ctx.cstring(name), form] + [ctx.cstring(t) for t in texts])
        decref_object(low, obj)
        fail_if_null(low, result, state)
        out = to_native(result, state)
    return out


@intrinsic(_str_method)
def str_method(s, name):
    if not (is_str(s) and isinstance(name, Const)):
        return None
    return Signature(S, (S, name)), _new_ref(
        lambda low, sig, a: call_method(low, a[0], name.value, lambda obj, state: to_native_str(low, obj, state)))


@intrinsic(_str_test)
def str_test(s, name):
    if not (is_str(s) and isinstance(name, Const)):
        return None

    def codegen(low, sig, a):
        def truth(obj, state):
            value = low.builder.call(low.ctx.declare("PyObject_IsTrue", I32, [PTR]), [obj])
            decref_object(low, obj)
            return low.builder.icmp_signed(">", value, ir.Constant(I32, 0))
        return call_method(low, a[0], name.value, truth)
    return Signature(boolean, (S, name)), codegen


def _constant_texts(*tys):
    """The values of optional constant str arguments (None when one is not a constant str)."""
    out = []
    for t in tys:
        if t is None:
            break
        if not (isinstance(t, Const) and isinstance(t.value, str)):
            return None
        out.append(t.value)
    return tuple(out)


def _codec(name, source, result):
    def typer(s, encoding=None, errors=None):
        texts = _constant_texts(encoding, errors)
        if text_type(s) != source or texts is None:
            return None
        given = tuple(t for t in (encoding, errors) if t is not None)

        def codegen(low, sig, a):
            return call_method(low, a[0], name, lambda obj, state: to_native_str(low, obj, state, result),
                               texts, source)
        return Signature(result, (source,) + given), _new_ref(codegen)
    typer.__name__ = name
    return typer


intrinsic("str.encode")(_codec("encode", S, bytes_type))      # (constant encoding and errors)
intrinsic("bytes.decode")(_codec("decode", bytes_type, S))


# -- warnings ------------------------------------------------------------------------------------

@intrinsic(warnings.warn)
def warn_(message, category=None):
    """warnings.warn(message, category): PyErr_WarnEx under the GIL, attributed to the caller's
    line; a warning the filters turn into an error becomes the compiled function's exception."""
    if not (isinstance(message, Const) and isinstance(message.value, str) or is_str(message)):
        return None
    cls = UserWarning if category is None else getattr(category, "value", None)
    if not (isinstance(cls, type) and issubclass(cls, Warning)):
        return None

    def codegen(low, sig, a):
        b, ctx = low.builder, low.ctx
        with gil(low) as state:
            if isinstance(message, Const):
                text, obj = ctx.cstring(message.value), None
            else:
                obj = box_borrowed(low, a[0], S)
                text = b.call(ctx.declare("PyUnicode_AsUTF8", PTR, [PTR]), [obj])
            cls_obj = b.load(ctx.global_var(exception_slot(cls), PTR), typ=PTR)
            status = b.call(ctx.declare("PyErr_WarnEx", I32, [PTR, PTR, I64]), [cls_obj, text, ir.Constant(I64, 1)])
            if obj is not None:
                decref_object(low, obj)
            failed = b.icmp_signed("<", status, ir.Constant(I32, 0))
            fail_if_null(low, b.select(failed, ir.Constant(PTR, None), cls_obj), state)
        return ir.Constant(ir.IntType(8), 0)
    return Signature(none, (message,) if category is None else (message, category)), codegen
