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
  int64: int too (within range); bool: True/False, np.bool_; complex: complex, np.complex*.

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

from ..types import Array, Boolean, Complex, Float, Integer, Tuple
from ..types.scalars import int64

LAUNCH_FIELDS = ("cuLaunchKernel", "function", "gx", "gy", "gz", "bx", "by", "bz", "sharedmem", "stream")
I8, I32, I64 = ir.IntType(8), ir.IntType(32), ir.IntType(64)
PTR = ir.PointerType()
_API = ("PyObject_GetAttr", "PyBytes_AsString", "PyLong_AsVoidPtr", "PyErr_Clear", "PyLong_FromLongLong",
        "PyLong_AsLongLongAndOverflow", "PyObject_CallFunctionObjArgs")
_lock = threading.Lock()
_registered = []
_NAME = ctypes.py_object(sys.intern("_kernel_record"))       # DeviceNDArray's packed parameters
_LLVM = {"e": ir.HalfType(), "f": ir.FloatType(), "d": ir.DoubleType()}


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


def converts_natively(call, ty):
    """Does the native path convert a scalar of kernel type `call` to a declared parameter type
    `ty`: integers to integers (in range, else the Python path raises), float32 and float64 either
    way (struct's rounding)."""
    return call == ty or isinstance(call, Integer) and isinstance(ty, Integer) or \
        isinstance(call, Float) and isinstance(ty, Float) and {call.bits, ty.bits} <= {32, 64}


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
        classes, call = accepted_classes(ty), self.accepted[i]
        converting = call != ty               # to another declared type: the call's classes only, converted
        if not classes or isinstance(ty, Tuple) or converting and not converts_natively(call, ty):
            b.branch(reject)
            b.position_at_end(self.fn.append_basic_block(f"dead{i}"))
            return k + len(self._codes_of(ty))
        if converting:
            ok = self.fn.append_basic_block(f"call{i}")
            b.cbranch(self.is_class(obj, accepted_classes(call)), ok, reject)
            b.position_at_end(ok)
        if isinstance(ty, Integer) and (int in classes or self.converts or converting):   # a Python int too
            return self.python_int(obj, ty, i, block, k, reject, call if converting else None)
        if isinstance(ty, Float) and ty.bits in (32, 64) and (self.converts or converting):  # float32 <-> float64
            return self.float_value(obj, ty, i, block, k, reject)
        good = self.fn.append_basic_block(f"arg{i}")
        b.cbranch(self.is_class(obj, classes), good, reject)
        b.position_at_end(good)
        if isinstance(ty, Boolean):
            value = b.zext(b.icmp_unsigned("!=", self.field(obj, 16, I8), ir.Constant(I8, 0)), I8)
            if bool in classes:                       # True/False: the singletons themselves
                is_true = b.icmp_unsigned("==", b.ptrtoint(obj, I64), ir.Constant(I64, id(True)))
                value = b.select(self.is_class(obj, (bool,)), b.zext(is_true, I8), value)
            self.store(block, k, value)
            return k + 1
        if isinstance(ty, Complex):
            part = _LLVM["f" if ty.bits == 64 else "d"]
            self.store(block, k, self.field(obj, 16, part))
            self.store(block, k + 1, self.field(obj, 16 + ty.bits // 16, part))
            return k + 2
        llty = _LLVM.get(self.codes[k], ir.IntType(ty.bits) if isinstance(ty, Integer) else None)
        self.store(block, k, self.field(obj, 16, llty))
        return k + 1

    def _codes_of(self, ty):
        from .compiler import param_layout
        return param_layout(ty)

    def python_int(self, obj, ty, i, block, k, reject, other=None):
        """An integer parameter from its NumPy scalar class, a Python int in its range, or from
        `other` (the call's NumPy integer class, converting to another declared type) in range."""
        b, llty = self.b, ir.IntType(ty.bits)
        np_int, not_np, py_int, wide, done = (self.fn.append_basic_block(f"{n}{i}")
                                              for n in ("npint", "notnp", "pyint", "wide", "int"))
        b.cbranch(self.is_class(obj, (ty.dtype.type,)), np_int, not_np)
        b.position_at_end(np_int)
        from_numpy = self.field(obj, 16, llty)
        b.branch(done)
        b.position_at_end(not_np)
        incoming = []                                 # (int64 value, out of int64's range, block)
        if other is not None:
            from_other, check_int = (self.fn.append_basic_block(f"{n}{i}") for n in ("other", "checkint"))
            b.cbranch(self.is_class(obj, (other.dtype.type,)), from_other, check_int)
            b.position_at_end(from_other)
            value = self.field(obj, 16, ir.IntType(other.bits))
            value = value if other.bits == 64 else b.sext(value, I64) if other.signed else b.zext(value, I64)
            huge = b.icmp_signed("<", value, ir.Constant(I64, 0)) if not other.signed and other.bits == 64 \
                else ir.Constant(ir.IntType(1), 0)          # a uint64 beyond int64's range
            incoming.append((value, huge, b.block))
            b.branch(wide)
            b.position_at_end(check_int)
        b.cbranch(self.is_class(obj, (int,)), py_int, reject)
        b.position_at_end(py_int)
        overflow = b.alloca(I32)
        value = b.call(self.declare("PyLong_AsLongLongAndOverflow", I64, [PTR, PTR]), [obj, overflow])
        incoming.append((value, b.icmp_signed("!=", b.load(overflow, typ=I32), ir.Constant(I32, 0)), b.block))
        b.branch(wide)
        b.position_at_end(wide)
        value, huge = b.phi(I64), b.phi(ir.IntType(1))
        for v, h, source in incoming:
            value.add_incoming(v, source)
            huge.add_incoming(h, source)
        fits = b.not_(huge)
        if not ty.signed:
            fits = b.and_(fits, b.icmp_signed(">=", value, ir.Constant(I64, 0)))
        if ty.bits < 64:
            fits = b.and_(fits, b.icmp_signed(">=", value, ir.Constant(I64, ty.minval)))
            fits = b.and_(fits, b.icmp_signed("<=", value, ir.Constant(I64, ty.maxval)))
            value = b.trunc(value, llty)
        in_range = self.fn.append_basic_block(f"fits{i}")
        b.cbranch(fits, in_range, reject)
        b.position_at_end(in_range)
        return self.merge(done, [(from_numpy, np_int), (value, in_range)], block, k)

    def merge(self, done, incoming, block, k):
        """Branch to `done` and store there the value of whichever (value, block) pair came as
        parameter k; the next k."""
        b = self.b
        b.branch(done)
        b.position_at_end(done)
        phi = b.phi(incoming[0][0].type)
        for value, source in incoming:
            phi.add_incoming(value, source)
        self.store(block, k, phi)
        return k + 1

    def float_value(self, obj, ty, i, block, k, reject):
        """A float parameter of a declared signature from float32 or float64 values (struct's
        rounding; a finite double beyond float32's range is left to the Python path, which raises)."""
        b, llty = self.b, ty.llvm()
        f32, f64, done = (self.fn.append_basic_block(f"{n}{i}") for n in ("f32", "f64", "float"))
        other = self.fn.append_basic_block(f"notf32{i}")
        b.cbranch(self.is_class(obj, (np.float32,)), f32, other)
        b.position_at_end(other)
        b.cbranch(self.is_class(obj, (float, np.float64)), f64, reject)
        b.position_at_end(f32)
        single = self.field(obj, 16, ir.FloatType())
        single = single if ty.bits == 32 else b.fpext(single, llty)
        b.branch(done)
        b.position_at_end(f64)
        double = self.field(obj, 16, ir.DoubleType())
        if ty.bits == 32:
            narrowed = b.fptrunc(double, llty)
            inf = ir.Constant(llty, float("inf"))
            overflowed = b.and_(b.fcmp_ordered("==", b.call(self.declare("llvm.fabs.f32", llty, [llty]), [narrowed]), inf),
                                b.fcmp_ordered("!=", b.call(self.declare("llvm.fabs.f64", double.type, [double.type]),
                                                            [double]), ir.Constant(double.type, float("inf"))))
            in_range = self.fn.append_basic_block(f"inrange{i}")
            b.cbranch(overflowed, reject, in_range)
            b.position_at_end(in_range)
            double = narrowed
        return self.merge(done, [(single, f32), (double, b.block)], block, k)

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
    [:] parameters, Python ints in range for every integer parameter, and float32/float64 values
    for either float parameter."""
    from ..backend import jit
    from ..runtime.cpython import make_builtin, METH_FASTCALL
    with _lock:
        _register()
        module = ir.Module(name)
        _Emitter(module, name, argtypes, codes, converts, tuple(accepted or argtypes)).emit()
        library = jit.compile_ir(module)
        return make_builtin(library.address(name), name, METH_FASTCALL, library=library)
