"""The native launch path: one compiled function per specialisation checks the arguments' classes,
packs them into the kernel's parameter block and calls cuLaunchKernel — no Python per argument.

    PyObject *launch(PyObject *self, PyObject *const *args, Py_ssize_t nargs)    (METH_FASTCALL)

args[0] is the address (an int) of the launch record, `LAUNCH_FIELDS` 64-bit words: the
cuLaunchKernel function pointer, the CUfunction, grid x y z, block x y z, dynamic shared
memory, stream. The kernel's arguments follow. Each is accepted only when its class is one
whose kernel type (dispatcher.kernel_argtype) is the parameter's type — so the native path
launches exactly the specialisation the Python path would choose:

- an array: a DeviceNDArray whose `_kernel_record` (bytes: the id of its numjit type, then
  its parameters) names this type — or any other object, whose record `cai_record` makes from
  its `__cuda_array_interface__` (CuPy, PyTorch: one Python call); the parameters are copied
  as they are;
- float64: float, np.float64; other numbers: their NumPy scalar class (value at +16);
  int64: int too (within range); bool: True/False, np.bool_; complex: complex, np.complex*;
- a scalar for a declared signature's parameter of another type: converted as the Python path
  converts it (numba's casts: bool, int, float and complex wherever dispatch/conversions.py
  allows), except the values a cast would wrap, overflow or make of NaN, left to the Python path.

The block is built on the stack (alloca), so concurrent launches from several threads
share nothing; the GIL is held throughout. The result is the CUresult (>= 0), or
-1 - i when argument i is not accepted (-1 - nargs for a wrong count): the launcher then
takes the Python path (numjit/cuda/launch.py), which converts, copies host arrays,
compiles new specialisations and raises the errors.

    >>> accepted_classes(Float(64)) == (float, np.float64)
    True
"""
import ctypes
import struct
import sys
import threading

import numpy as np
from llvmlite import ir

from ..dispatch.conversions import conversion
from ..types import Array, Boolean, Complex, Float, Integer
from ..types.scalars import boolean, int64, float16, float64, complex128, from_dtype

LAUNCH_FIELDS = ("cuLaunchKernel", "function", "gx", "gy", "gz", "bx", "by", "bz", "sharedmem", "stream")
I8, I32, I64, I128 = ir.IntType(8), ir.IntType(32), ir.IntType(64), ir.IntType(128)
PTR = ir.PointerType()
_API = ("PyObject_GetAttr", "PyBytes_AsString", "PyLong_AsVoidPtr", "PyErr_Clear", "PyLong_FromLongLong",
        "PyLong_AsLongLongAndOverflow", "PyObject_CallFunctionObjArgs")
_lock = threading.Lock()
_registered = []
_NAME = ctypes.py_object(sys.intern("_kernel_record"))       # DeviceNDArray's packed parameters


def accepted_classes(ty):
    """The Python classes whose kernel argument type is scalar type `ty` (none for other types)."""
    if isinstance(ty, Boolean):
        return (bool, np.bool_)
    if isinstance(ty, Complex):
        return (complex, np.complex128) if ty.bits == 128 else (np.complex64,)
    if isinstance(ty, (Integer, Float)):
        extra = (float,) if ty == Float(64) else (int,) if ty == int64 else ()
        return extra + (ty.dtype.type,)
    return ()


# each class the native path reads a scalar from -> its kernel type (a Python int: int64, in range)
SOURCES = {cls: kind for kind in (boolean, int64, float64, complex128) for cls in accepted_classes(kind)}
SOURCES.update({t: from_dtype(np.dtype(t)) for t in (np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32,
                                                     np.uint64, np.float32, np.complex64)})
SOURCES[np.float16] = float16                  # (a GPU type only: from_dtype has none)


def converts_natively(call, ty):
    """Does the native path convert a scalar of kernel type `call` to a declared parameter type `ty`
    as the Python path does (dispatch/conversions.py's casts): between booleans, integers, float32,
    float64 and complex numbers wherever numba converts; float16 only to itself."""
    if call == ty:
        return True
    kinds = (Boolean, Integer, Float, Complex)
    return isinstance(call, kinds) and isinstance(ty, kinds) and float16 not in (call, ty) and \
        conversion(call, ty) is not None


def _register():
    from ..backend import jit
    from ..runtime import cpython
    if _registered:
        return
    cpython.register_symbols()
    for name in _API:
        jit.add_symbol(name, ctypes.cast(getattr(ctypes.pythonapi, name), ctypes.c_void_p).value)
    _registered.append(True)


def param_offsets(codes):
    """Each parameter's offset in the block (the struct module's native alignment), and its size."""
    offsets, fmt = [], "@"
    for code in codes:
        offsets.append(struct.calcsize(fmt + code) - struct.calcsize(code))
        fmt += code
    return offsets, max(struct.calcsize(fmt), 1)


class _Emitter:
    """Builds the launch function for one specialisation."""

    def __init__(self, module, name, argtypes, codes, converts, accepted):
        self.module = module
        self.converts = converts          # a kernel's one declared signature: arguments convert to it
        self.accepted = accepted          # the arrays' types as the call gives them (a declared [:] takes C)
        fnty = ir.FunctionType(PTR, [PTR, PTR, I64])
        self.fn = ir.Function(module, fnty, name)
        self.b = ir.IRBuilder(self.fn.append_basic_block("entry"))
        self.argtypes, self.codes = argtypes, codes
        self.offsets, self.size = param_offsets(codes)

    def declare(self, name, ret, args, var_arg=False):
        fn = self.module.globals.get(name)
        return fn if fn is not None else ir.Function(self.module, ir.FunctionType(ret, args, var_arg), name)

    def box(self, value):
        return self.b.call(self.declare("PyLong_FromLongLong", PTR, [I64]), [value])

    def reject(self, code):
        """A block returning `code` (an argument not accepted)."""
        block = self.fn.append_basic_block(f"reject{code}")
        with self.b.goto_block(block):
            self.b.ret(self.box(ir.Constant(I64, code)))
        return block

    def field(self, obj, offset, ty):
        b = self.b
        return b.load(b.gep(obj, [ir.Constant(I64, offset)], source_etype=I8), typ=ty)

    def type_of(self, obj):
        return self.b.ptrtoint(self.field(obj, 8, PTR), I64)

    def is_class(self, obj, classes):
        b, cls = self.b, self.type_of(obj)
        hits = [b.icmp_unsigned("==", cls, ir.Constant(I64, id(c))) for c in classes]
        out = hits[0]
        for h in hits[1:]:
            out = b.or_(out, h)
        return out

    def store(self, block, k, value):
        self.store_at(block, self.offsets[k], value)

    def store_at(self, base, offset, value):
        b = self.b
        address = b.gep(base, [ir.Constant(I64, offset)], source_etype=I8)
        b.store(value, b.bitcast(address, value.type.as_pointer()))

    def emit(self):
        b, fn = self.b, self.fn
        args, nargs = fn.args[1], fn.args[2]
        n = len(self.argtypes)
        ok = fn.append_basic_block("count_ok")
        b.cbranch(b.icmp_signed("==", nargs, ir.Constant(I64, n + 1)), ok, self.reject(-1 - n))
        b.position_at_end(ok)
        item = [b.load(b.gep(args, [ir.Constant(I64, i)], source_etype=PTR), typ=PTR) for i in range(n + 1)]
        launch = b.call(self.declare("PyLong_AsVoidPtr", PTR, [PTR]), [item[0]])
        block = b.alloca(ir.ArrayType(I8, self.size))
        block.align = 16
        k = 0
        for i, ty in enumerate(self.argtypes):
            k = self.argument(item[i + 1], ty, i, block, k)
        pointers = b.alloca(ir.ArrayType(PTR, max(len(self.codes), 1)))
        for j, offset in enumerate(self.offsets):
            self.store_at(pointers, 8 * j, b.gep(block, [ir.Constant(I64, offset)], source_etype=I8))
        words = [b.load(b.gep(launch, [ir.Constant(I64, w)], source_etype=I64), typ=I64)
                 for w in range(len(LAUNCH_FIELDS))]
        cufn = ir.FunctionType(I32, [PTR] + [I32] * 7 + [PTR, PTR, PTR])
        target = b.inttoptr(words[0], cufn.as_pointer())
        dims = [b.trunc(w, I32) for w in words[2:9]]
        result = b.call(target, [b.inttoptr(words[1], PTR)] + dims + [b.inttoptr(words[9], PTR), pointers,
                                                                       ir.Constant(PTR, None)])
        b.ret(self.box(b.zext(result, I64)))
        return fn

    def argument(self, obj, ty, i, block, k):
        """Check and pack argument `i` (object `obj`) of type `ty` from parameter `k`; the next k."""
        b = self.b
        reject = self.reject(-1 - i)
        if isinstance(ty, Array):
            return self.array(obj, ty, self.accepted[i], i, block, k, reject)
        call = self.accepted[i]
        if self.converts:                     # the one declared signature: every class that converts
            sources = [(cls, kind) for cls, kind in SOURCES.items() if converts_natively(kind, ty)]
        elif call == ty or converts_natively(call, ty):       # the call's classes (converted)
            sources = [(cls, call if call != ty else SOURCES.get(cls, ty)) for cls in accepted_classes(call)]
        else:
            sources = []
        if not sources:                       # (tuples too)
            b.branch(reject)
            b.position_at_end(self.fn.append_basic_block(f"dead{i}"))
            return k + len(self._codes_of(ty))
        sources.sort(key=lambda source: source[1] != ty)     # the exact classes first
        done = self.fn.append_basic_block(f"scalar{i}")
        incoming = []
        for n, (cls, kind) in enumerate(sources):
            hit, miss = (self.fn.append_basic_block(f"{name}{i}_{n}") for name in ("class", "notclass"))
            b.cbranch(self.is_class(obj, (cls,)), hit, miss)
            b.position_at_end(hit)
            value = self.convert(self.read(obj, cls, kind, reject), kind, ty, reject)
            incoming.append((value, b.block))
            b.branch(done)
            b.position_at_end(miss)
        b.branch(reject)
        b.position_at_end(done)
        phi = b.phi(incoming[0][0].type)
        for value, source in incoming:
            phi.add_incoming(value, source)
        if isinstance(ty, Complex):
            self.store(block, k, b.extract_value(phi, 0))
            self.store(block, k + 1, b.extract_value(phi, 1))
            return k + 2
        self.store(block, k, phi)
        return k + 1

    def read(self, obj, cls, kind, reject):
        """The value of a scalar object of class `cls` (kernel type `kind`): a bool as i1, a complex as
        {re, im}; a Python int beyond int64 goes to `reject`."""
        b = self.b
        if cls is bool:                               # True/False: the singletons themselves
            return b.icmp_unsigned("==", b.ptrtoint(obj, I64), ir.Constant(I64, id(True)))
        if cls is int:
            overflow = b.alloca(I32)
            value = b.call(self.declare("PyLong_AsLongLongAndOverflow", I64, [PTR, PTR]), [obj, overflow])
            self.require(b.icmp_signed("==", b.load(overflow, typ=I32), ir.Constant(I32, 0)), reject)
            return value
        if isinstance(kind, Boolean):
            return b.icmp_unsigned("!=", self.field(obj, 16, I8), ir.Constant(I8, 0))
        if isinstance(kind, Complex):
            part = kind.underlying.llvm()
            pair = ir.Constant(kind.llvm(), ir.Undefined)
            pair = b.insert_value(pair, self.field(obj, 16, part), 0)
            return b.insert_value(pair, self.field(obj, 16 + kind.bits // 16, part), 1)
        return self.field(obj, 16, kind.llvm())

    def require(self, condition, reject):
        """Go on where `condition` holds, else to `reject` (the Python path)."""
        ok = self.fn.append_basic_block("ok")
        self.b.cbranch(condition, ok, reject)
        self.b.position_at_end(ok)

    def convert(self, value, have, want, reject, checked=True):
        """`value` (read as type `have`) as parameter type `want`, with numba's casts where they are
        defined (dispatch/conversions.convert); a value they would wrap, an int beyond its type, a
        float outside its integer type's range or NaN, a finite double beyond float32's range — left
        to the Python path, which converts or raises."""
        b = self.b
        if isinstance(want, Complex):
            part = want.underlying
            if isinstance(have, Complex):
                parts = [self.convert(b.extract_value(value, j), have.underlying, part, reject, False) for j in (0, 1)]
            else:
                parts = [self.convert(value, have, part, reject, False), ir.Constant(part.llvm(), 0.0)]
            pair = ir.Constant(want.llvm(), ir.Undefined)
            return b.insert_value(b.insert_value(pair, parts[0], 0), parts[1], 1)
        if have == want and not isinstance(want, Boolean):
            return value
        if isinstance(want, Boolean):
            if isinstance(have, Boolean):
                return b.zext(value, I8)
            zero = ir.Constant(value.type, 0)
            nonzero = b.fcmp_unordered("!=", value, zero) if isinstance(have, Float) else \
                b.icmp_unsigned("!=", value, zero)
            return b.zext(nonzero, I8)
        llty = want.llvm()
        if isinstance(have, Boolean):
            return b.zext(value, llty) if isinstance(want, Integer) else b.uitofp(value, llty)
        if isinstance(want, Float):
            if isinstance(have, Integer):
                return b.sitofp(value, llty) if have.signed else b.uitofp(value, llty)
            if want.bits > have.bits:
                return b.fpext(value, llty)
            narrowed = b.fptrunc(value, llty)
            if checked:                               # struct raises where a finite double overflows
                inf = float("inf")
                self.require(b.or_(b.fcmp_unordered("!=", self.fabs(narrowed, want), ir.Constant(llty, inf)),
                                   b.fcmp_ordered("==", self.fabs(value, have), ir.Constant(value.type, inf))),
                             reject)
            return narrowed
        if isinstance(have, Float):                   # float -> int: truncation, within the type's range
            double = ir.DoubleType()
            wide = value if have.bits == 64 else b.fpext(value, double)
            self.require(b.and_(b.fcmp_ordered(">", wide, ir.Constant(double, float(want.minval - 1))),
                                b.fcmp_ordered("<", wide, ir.Constant(double, float(want.maxval + 1)))), reject)
            return b.fptosi(wide, llty) if want.signed else b.fptoui(wide, llty)
        wide = b.sext(value, I128) if have.signed else b.zext(value, I128)     # int -> int, in range
        self.require(b.and_(b.icmp_signed(">=", wide, ir.Constant(I128, want.minval)),
                            b.icmp_signed("<=", wide, ir.Constant(I128, want.maxval))), reject)
        return b.trunc(wide, llty)

    def fabs(self, value, ty):
        name = f"llvm.fabs.f{ty.bits}"
        return self.b.call(self.declare(name, value.type, [value.type]), [value])

    def _codes_of(self, ty):
        from .compiler import param_layout
        return param_layout(ty)

    def array(self, obj, ty, call, i, block, k, reject):
        """An array parameter of type `ty` from an argument of type `call` (the same but for the layout
        of a declared [:]): its record's type tag must be the call's."""
        from .devicearray import DeviceNDArray, array_type, cai_record
        b = self.b
        words = 1 + 2 * ty.ndim
        if array_type(call.dtype.dtype, call.ndim, call.layout) != call:   # read-only or unusual: the Python path
            b.branch(reject)
            b.position_at_end(self.fn.append_basic_block(f"dead{i}"))
            return k + words
        layouts = "CFA" if self.converts and ty.layout == "A" else call.layout    # a declared [:] takes any
        tags = [id(array_type(call.dtype.dtype, call.ndim, layout)) for layout in layouts]
        is_dna, is_other, got, known, same = (self.fn.append_basic_block(f"{n}{i}")
                                              for n in ("dna", "cai", "record", "known", "same"))
        b.cbranch(self.is_class(obj, (DeviceNDArray,)), is_dna, is_other)
        b.position_at_end(is_dna)
        from_dna = b.call(self.declare("PyObject_GetAttr", PTR, [PTR, PTR]), [obj, b.inttoptr(
            ir.Constant(I64, id(_NAME.value)), PTR)])
        b.branch(got)
        b.position_at_end(is_other)                   # __cuda_array_interface__ objects: cai_record(obj)
        from_cai = b.call(self.declare("PyObject_CallFunctionObjArgs", PTR, [PTR], var_arg=True),
                          [b.inttoptr(ir.Constant(I64, id(cai_record)), PTR), obj, ir.Constant(PTR, None)])
        b.branch(got)
        b.position_at_end(got)
        record = b.phi(PTR)
        record.add_incoming(from_dna, is_dna)
        record.add_incoming(from_cai, is_other)
        missing = self.fn.append_basic_block(f"missing{i}")
        b.cbranch(b.icmp_unsigned("==", record, ir.Constant(PTR, None)), missing, known)
        with b.goto_block(missing):                   # no record (no interface): the Python path raises
            b.call(self.declare("PyErr_Clear", ir.VoidType(), []), [])
            b.branch(reject)
        b.position_at_end(known)
        data = b.call(self.declare("PyBytes_AsString", PTR, [PTR]), [record])
        tag = b.load(data, typ=I64)
        values = [b.load(b.gep(data, [ir.Constant(I64, 8 * (w + 1))], source_etype=I8), typ=I64) for w in range(words)]
        b.call(self.declare("Py_DecRef", ir.VoidType(), [PTR]), [record])     # (values read first)
        hits = [b.icmp_unsigned("==", tag, ir.Constant(I64, t)) for t in tags]
        for extra in hits[1:]:
            hits[0] = b.or_(hits[0], extra)
        b.cbranch(hits[0], same, reject)
        b.position_at_end(same)
        for w, value in enumerate(values):
            self.store(block, k + w, value)
        return k + words


def build(name, argtypes, codes, converts=False, accepted=None):
    """The launch builtin for a specialisation (compiled for the host with the CPU backend).
    `accepted`: the call's argument types, when a declared signature takes them converted: C
    arrays for a declared [:], scalars `converts_natively` (a Python float for float32, a Python
    int for int32) — only their classes, so that calls the launcher takes are exactly those the
    Python path would send to this signature. With `converts` (the kernel's only
    declared signature, which every convertible call uses) it also takes arrays of any layout for
    [:] parameters and every scalar class that `converts_natively` to each scalar parameter."""
    from ..backend import jit
    from ..runtime.cpython import make_builtin, METH_FASTCALL
    with _lock:
        _register()
        module = ir.Module(name)
        _Emitter(module, name, argtypes, codes, converts, tuple(accepted or argtypes)).emit()
        library = jit.compile_ir(module)
        return make_builtin(library.address(name), name, METH_FASTCALL, library=library)
