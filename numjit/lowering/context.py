"""The module being built: declarations, constants, casts and the calling convention.

Calling convention of every compiled function (fixed; ufunc loops rely on it):

    i32 @name(ptr noalias %ret, ptr %excinfo, <arg values>...)

It returns 0 with the result stored at %ret, or 1 when it raised, having
stored at %excinfo a pointer to a constant `{ptr exc_class_slot, ptr message}`
(`exc_class_slot` is the address of a `PyObject *` variable holding the class).

    >>> from numjit.types import int32, float64
    >>> ctx = ModuleContext("m")
    >>> b = ctx.scratch_builder()
    >>> "sitofp i32 3 to double" in str(ctx.cast(b, ir.Constant(ir.IntType(32), 3), int32, float64))
    True
"""
import builtins
import ctypes

import numpy as np
from llvmlite import ir

from ..backend import jit
from ..types import Number, Tuple, Array, Const, Boolean, Integer, Float, Complex, NoneType, List
from ..types.scalars import boolean, NoReturn
from ..types.lists import is_incomplete
from ..types.datetimes import NPDatetime, NPTimedelta, convert_unit
from ..types.enums import EnumMember
from ..types import strings
from ..types.strings import UnicodeType, BytesType

I1, I8, I32, I64 = ir.IntType(1), ir.IntType(8), ir.IntType(32), ir.IntType(64)
PTR = ir.PointerType()
EXCINFO = ir.LiteralStructType([PTR, PTR, PTR])    # class slot, message, location (runtime/tracebacks.py)
STATUS_OK, STATUS_ERROR = ir.Constant(I32, 0), ir.Constant(I32, 1)

_exc_slots = {}


def exception_slot(cls):
    """Symbol name of a `PyObject *` variable that holds exception class `cls`."""
    if cls.__module__ == "builtins" and getattr(builtins, cls.__name__, None) is cls:
        from ..runtime.cpython import exception_symbol, register_symbols
        register_symbols()
        name = exception_symbol(cls.__name__)
        if jit.resolve_symbol(name):
            return name
    name = f"numjit_exc.{cls.__module__}.{cls.__qualname__}.{id(cls):x}"
    if name not in _exc_slots:
        cell = ctypes.c_void_p(id(cls))
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(cls))
        _exc_slots[name] = (cell, cls)
        jit.add_symbol(name, ctypes.addressof(cell))
    return name


class ModuleContext:
    def __init__(self, name):
        self.module = ir.Module(name)
        self.module.triple = jit.host().triple
        self.module.data_layout = jit.host().data_layout
        self.functions = {}          # (pyfunc, argtypes, flags) -> ir.Function
        self.pending = []            # functions declared but not yet lowered
        self._strings = {}
        self._excinfos = {}
        self._where = {}           # excinfo global → its location text (None: none)
        self.raises = {}             # ir.Function -> {excinfo global: (class, message)} it may store
        self._counter = 0

    # -- declarations ---------------------------------------------------------------
    def declare(self, name, ret, args, var_arg=False, attrs=()):
        fn = self.module.globals.get(name)
        if fn is None:
            fn = ir.Function(self.module, ir.FunctionType(ret, args, var_arg=var_arg), name)
            for a in attrs:
                fn.attributes.add(a)
        return fn

    def intrinsic(self, name, types_):
        """llvm.<name>.<suffix> for the given llvm types, e.g. ('sqrt', [double])."""
        suffix = ".".join(_mangle(t) for t in types_)
        full = f"llvm.{name}.{suffix}"
        fn = self.module.globals.get(full)
        if fn is None:
            ret = types_[0]
            fn = ir.Function(self.module, ir.FunctionType(ret, list(types_) if name not in
                             _UNARY_INTRINSICS else [types_[0]]), full)
        return fn

    def global_var(self, name, llty):
        gv = self.module.globals.get(name)
        if gv is None:
            gv = ir.GlobalVariable(self.module, llty, name)
        return gv

    def unique(self, base):
        self._counter += 1
        return f"{base}.{self._counter}"

    def cstring(self, text):
        gv = self._strings.get(text)
        if gv is None:
            data = bytearray(text.encode("utf-8")) + b"\0"
            ty = ir.ArrayType(I8, len(data))
            gv = ir.GlobalVariable(self.module, ty, self.unique("str"))
            gv.initializer = ir.Constant(ty, data)
            gv.global_constant = True
            gv.linkage = "private"
            gv.unnamed_addr = True
            self._strings[text] = gv
        return gv

    def excinfo_constant(self, cls, message, loc=None, where=None):
        """The constant excinfo of `cls(message)` raised at `loc` (an errors.Loc, or None), or at
        `where`: "line\tfunction\tfile" lines, the outermost caller first (tracebacks.py)."""
        if loc is not None:
            where = f"{loc.line}\t{loc.function}\t{loc.filename}"
        key = (cls, message, where)
        gv = self._excinfos.get(key)
        if gv is None:
            slot = self.global_var(exception_slot(cls), PTR)
            msg = self.cstring(message if message is not None else "")
            place = self.cstring(where) if where is not None else ir.Constant(PTR, None)
            gv = ir.GlobalVariable(self.module, EXCINFO, self.unique("excinfo"))
            gv.initializer = ir.Constant(EXCINFO, [slot, msg, place])
            gv.global_constant = True
            gv.linkage = "private"
            self._excinfos[key] = gv
            self._where[gv] = where
        return gv

    def note_raises(self, fn, raised):
        self.raises.setdefault(fn, {}).update(raised)

    def relocate(self, builder, excinfo, callee, loc, stack=False):
        """On a call's error path: the exception `callee` stored, moved to `loc` (the caller's line:
        a library function's error shows the user's line), or with `stack` the caller's line put
        above the callee's (a user function calling another); returns the excinfos it may now hold."""
        inner = builder.load(excinfo, typ=PTR)
        moved, relocated = inner, {}
        caller = f"{loc.line}\t{loc.function}\t{loc.filename}"
        for gv, (cls, message) in list(self.raises.get(callee, {}).items()):
            below = self._where.get(gv) if stack else None
            new = self.excinfo_constant(cls, message, where=caller + "\n" + below if below else caller)
            relocated[new] = (cls, message)
            moved = builder.select(builder.icmp_unsigned("==", inner, gv), new, moved)
        builder.store(moved, excinfo)
        return relocated

    def scratch_builder(self):
        fn = ir.Function(self.module, ir.FunctionType(ir.VoidType(), []), self.unique("scratch"))
        return ir.IRBuilder(fn.append_basic_block())

    # -- the calling convention -------------------------------------------------------
    @staticmethod
    def function_type(sig):
        return ir.FunctionType(I32, [PTR, PTR] + [t.llvm() for t in sig.args])

    def call(self, builder, fn, args, return_type, excinfo, on_error):
        """Call a compiled function; branch to `on_error` block builder if it raised."""
        retslot = self.alloca(builder, return_type.llvm())
        status = builder.call(fn, [retslot, excinfo] + list(args))
        failed = builder.icmp_signed("!=", status, STATUS_OK)
        with builder.if_then(failed, likely=False):
            on_error(builder)
        return builder.load(retslot)

    @staticmethod
    def alloca(builder, llty, name=""):
        """An alloca in the entry block (so mem2reg promotes it)."""
        with builder.goto_entry_block():
            builder.position_at_start(builder.function.entry_basic_block)
            return builder.alloca(llty, name=name)

    # -- casts ------------------------------------------------------------------------
    def cast(self, builder, value, src, dst):
        if src == dst:
            return value
        if hasattr(src, "initial_value") and hasattr(src, "body_type"):   # a list or dict with its
            return self.cast(builder, value, src.body_type(), dst)        # initial value: its value's
        if isinstance(src, EnumMember):             # an IntEnum member used as its value
            return self.cast(builder, value, src.dtype, dst)
        convert = getattr(dst, "convert_in", None)         # one whose conversion adds code to the module
        if convert is not None:
            return convert(self, builder, value, src)
        convert = getattr(dst, "convert_from", None)       # a type that converts others to itself
        if convert is not None:
            return convert(builder, value, src)
        if isinstance(src, Number) and isinstance(dst, Number):
            return _cast_number(builder, value, src, dst)
        if isinstance(src, (NPDatetime, NPTimedelta)) and type(src) is type(dst):
            return convert_unit(builder, value, src, dst)
        if isinstance(src, Tuple) and isinstance(dst, Tuple) and len(src) == len(dst):
            out = ir.Constant(dst.llvm(), ir.Undefined)
            for i, (s, d) in enumerate(zip(src.items, dst.items)):
                out = builder.insert_value(out, self.cast(builder, builder.extract_value(value, i), s, d), i)
            return out
        if isinstance(src, Array) and isinstance(dst, Array) and src.dtype == dst.dtype and src.ndim == dst.ndim:
            return value                          # same data model; layout is a type-level promise
        if isinstance(src, List) and isinstance(dst, List) and is_incomplete(src) and dst.unify(src) == dst:
            return value                          # an empty `[]` whose item type came later
        if src.kind in ("dict", "set") and getattr(src, "incomplete", False) and dst.unify(src) == dst:
            return value                          # `{}`, `set()`: the types came later
        if isinstance(src, NoReturn):                       # the call that made it raised
            return ir.Constant(dst.llvm(), ir.Undefined)
        if isinstance(src, NoneType) and isinstance(dst, NoneType):
            return value
        if isinstance(dst, (UnicodeType, BytesType)) and strings.text_type(src) == dst:
            return strings.constant(self, src.value)          # a string literal used as a str
        if isinstance(src, Const) and isinstance(dst, Number) and type(src.value) in (bool, int):
            return self.constant(dst, src.value)              # a literal argument's value (types/literals.py)
        if isinstance(dst, Const) or isinstance(src, Const):
            return ir.Constant(I8, 0)
        convert = getattr(dst, "convert_from", None)          # e.g. an instance or None → optional
        if convert is not None:
            return convert(builder, value, src)
        from ..lowlevel_lowerings import user_cast              # numba's lower_cast, else a TypeError
        return user_cast(self, builder, value, src, dst)

    @staticmethod
    def truth(builder, value, ty):
        """i1 truth value of a scalar (Python's bool(x))."""
        if isinstance(ty, Boolean):
            return value
        if isinstance(ty, Integer):
            return builder.icmp_unsigned("!=", value, ir.Constant(value.type, 0))
        if isinstance(ty, Float):
            return builder.fcmp_unordered("!=", value, ir.Constant(value.type, 0.0))
        if isinstance(ty, Complex):
            re, im = builder.extract_value(value, 0), builder.extract_value(value, 1)
            zero = ir.Constant(re.type, 0.0)
            return builder.or_(builder.fcmp_unordered("!=", re, zero), builder.fcmp_unordered("!=", im, zero))
        if isinstance(ty, NoneType):
            return ir.Constant(I1, 0)
        if isinstance(ty, Tuple):
            return ir.Constant(I1, len(ty) > 0)
        if isinstance(ty, List):
            from ..runtime.lists import size_of
            return builder.icmp_signed("!=", size_of(builder, value), ir.Constant(I64, 0))
        if ty.kind in ("dict", "set"):
            from ..runtime.dicts import live_of
            return builder.icmp_signed("!=", live_of(builder, value), ir.Constant(I64, 0))
        if isinstance(ty, Const):
            return ir.Constant(I1, bool(ty.value))
        if isinstance(ty, (UnicodeType, BytesType)):
            return builder.icmp_signed("!=", strings.length_of(builder, value), ir.Constant(I64, 0))
        if ty.kind == "optional":
            return ty.truth(builder, value)
        raise TypeError(f"no truth value for {ty}")

    def constant(self, ty, value):
        if isinstance(ty, Boolean):
            return ir.Constant(I1, int(bool(value)))
        if isinstance(ty, Integer):
            return ir.Constant(ty.llvm(), int(value) & ((1 << ty.bits) - 1))
        if isinstance(ty, Float):
            return ir.Constant(ty.llvm(), float(value))
        if isinstance(ty, Complex):
            f = ty.underlying.llvm()
            c = complex(value)
            return ir.Constant(ty.llvm(), [ir.Constant(f, c.real), ir.Constant(f, c.imag)])
        if isinstance(ty, NoneType) or isinstance(ty, Const):
            return ir.Constant(I8, 0)
        if isinstance(ty, (NPDatetime, NPTimedelta)):
            return ir.Constant(I64, int(np.asarray(value, ty.dtype).astype(np.int64)))
        if isinstance(ty, EnumMember):                 # Color.RED: its value (or position)
            return self.constant(ty.dtype, ty.datum(value))
        if isinstance(ty, Tuple):
            return ir.Constant(ty.llvm(), [self.constant(t, v) for t, v in zip(ty.items, value)])
        if isinstance(ty, Array):
            return self.array_constant(ty, value)
        raise TypeError(f"no constant of type {ty}")

    def array_constant(self, ty, value):
        """A global array frozen into the module: its bytes in a private constant, no owner."""
        data = np.ascontiguousarray(value)
        key = ("array", data.dtype.str, data.shape, data.tobytes())
        gv = self._strings.get(key)
        if gv is None:
            raw = bytearray(data.tobytes())
            gv = ir.GlobalVariable(self.module, ir.ArrayType(I8, len(raw)), self.unique("array"))
            gv.initializer = ir.Constant(gv.value_type, raw)
            gv.global_constant = True
            gv.linkage = "private"
            gv.align = 64
            self._strings[key] = gv
        dims = ir.ArrayType(I64, ty.ndim)
        return ir.Constant(ty.llvm(), [
            ir.Constant(PTR, None), ir.Constant(PTR, None), ir.Constant(I64, data.size),
            ir.Constant(I64, data.itemsize), gv, ir.Constant(dims, list(data.shape)),
            ir.Constant(dims, list(data.strides))])

    # -- memory form of values (bool is i8 in memory) ----------------------------------
    @staticmethod
    def to_mem(builder, value, ty):
        return builder.zext(value, I8) if isinstance(ty, Boolean) else value

    @staticmethod
    def from_mem(builder, value, ty):
        return builder.icmp_unsigned("!=", value, ir.Constant(I8, 0)) if isinstance(ty, Boolean) else value


_UNARY_INTRINSICS = {"sqrt", "fabs", "floor", "ceil", "trunc", "round", "roundeven", "exp", "exp2", "log",
                     "log2", "log10", "sin", "cos", "ctpop", "ctlz", "cttz", "rint", "nearbyint", "abs"}


def _mangle(t):
    if isinstance(t, ir.IntType):
        return f"i{t.width}"
    if isinstance(t, ir.FloatType):
        return "f32"
    if isinstance(t, ir.DoubleType):
        return "f64"
    if isinstance(t, ir.HalfType):                 # float16: CUDA kernels only
        return "f16"
    if isinstance(t, ir.VectorType):
        return f"v{t.count}{_mangle(t.element)}"
    raise TypeError(t)


def _cast_number(b, v, src, dst):
    if isinstance(dst, Boolean):
        return ModuleContext.truth(b, v, src)
    if isinstance(src, Boolean):
        src_int = Integer(8, False)
        v = b.zext(v, I8)
        return _cast_number(b, v, src_int, dst)
    if isinstance(dst, Complex):
        if isinstance(src, Complex):
            re = _cast_number(b, b.extract_value(v, 0), src.underlying, dst.underlying)
            im = _cast_number(b, b.extract_value(v, 1), src.underlying, dst.underlying)
        else:
            re = _cast_number(b, v, src, dst.underlying)
            im = ir.Constant(dst.underlying.llvm(), 0.0)
        out = ir.Constant(dst.llvm(), ir.Undefined)
        return b.insert_value(b.insert_value(out, re, 0), im, 1)
    if isinstance(src, Complex):          # complex → real: take the real part (numpy warns; numba too)
        return _cast_number(b, b.extract_value(v, 0), src.underlying, dst)
    if isinstance(src, Integer) and isinstance(dst, Integer):
        if dst.bits > src.bits:
            return b.sext(v, dst.llvm()) if src.signed else b.zext(v, dst.llvm())
        if dst.bits < src.bits:
            return b.trunc(v, dst.llvm())
        return v
    if isinstance(src, Integer) and isinstance(dst, Float):
        return b.sitofp(v, dst.llvm()) if src.signed else b.uitofp(v, dst.llvm())
    if isinstance(src, Float) and isinstance(dst, Integer):
        return b.fptosi(v, dst.llvm()) if dst.signed else b.fptoui(v, dst.llvm())
    if isinstance(src, Float) and isinstance(dst, Float):
        return b.fpext(v, dst.llvm()) if dst.bits > src.bits else b.fptrunc(v, dst.llvm())
    raise TypeError(f"no conversion from {src} to {dst}")


__all__ = ["ModuleContext", "boolean", "PTR", "I1", "I8", "I32", "I64", "EXCINFO"]
