"""The type of a generator expression written as a call's argument (`sum(x * x for x in a)`):
the consumer runs its loops where it is written, so the value itself is a placeholder.

    >>> import ast
    >>> from numjit.types import float64
    >>> node = ast.parse("(x for x in a)", mode="eval").body
    >>> GeneratorExprType(node, float64, None)
    generator(float64)

And the type of a generator object (a generator function called, lowering/coroutines.py), with
its Python class, whose objects hold the suspended frame and resume it in native code at each
next(): `GeneratorType`, its box and unbox.
"""
import ctypes
import functools

from llvmlite import ir

from .base import Type


class GeneratorExprType(Type):
    kind = "generator"
    local_only = True          # cannot be passed to a function: its loops are the caller's code

    def __init__(self, node, item, length):
        self.node, self.item, self.length = node, item, length     # length: a compile-time count, or None
        super().__init__(f"generator({item})")

    @property
    def key(self):
        return (GeneratorExprType, id(self.node), self.item)

    def llvm(self):
        return ir.IntType(8)


# -- generator objects: a generator function called from Python, or from compiled code outside a `for` --

class GeneratorType(Type):
    """The state of one run of a generator function (its frame, kept between `next` calls: see
    lowering/coroutines.py): a pointer to a meminfo whose data is the suspended frame, so a
    generator object is reference-counted like an array and freed, whatever it holds released,
    when its last reference dies (consumed or abandoned)."""
    kind = "generator_object"
    refcounted = True

    def __init__(self, body):
        self.body = body                       # the generator function typed as a body (its yields)
        item = getattr(body, "yield_type", None)
        self.item = _none() if item is None else item          # (an empty tuple is falsy)
        super().__init__(f"generator({body.name}, {self.item})")

    @property
    def key(self):
        return (GeneratorType, self.body.source.pyfunc, self.body.argtypes, tuple(sorted(self.body.flags.items())))

    def llvm(self):
        return ir.PointerType()

    def meminfo_of(self, builder, value):
        return value

    @property
    def box_class(self):
        """The Python class of this generator's objects (made once per type)."""
        cls = _BOX_CLASSES.get(self.key)
        if cls is None:
            cls = _BOX_CLASSES[self.key] = type(self.body.name, (CompiledGenerator,),
                                                {"__slots__": (), "_numba_type_": self,
                                                 "__qualname__": self.body.source.pyfunc.__qualname__})
        return cls

    def box_symbol(self):
        from ..runtime.cpython import global_object_symbol
        name = _SYMBOLS.get(self.key)
        if name is None:
            name = _SYMBOLS[self.key] = global_object_symbol(f"numjit_const.generator.{len(_SYMBOLS)}",
                                                             self.box_class)
        return name


_BOX_CLASSES, _SYMBOLS = {}, {}


def _none():
    from .scalars import none
    return none


def _resume(gen):
    """next(gen) from Python: one resumption of the compiled frame (intrinsics/generators.py)."""
    return next(gen)


_resume_dispatcher = []


def resume_dispatcher():
    if not _resume_dispatcher:
        from ..decorators import njit
        _resume_dispatcher.append(njit(_resume))
    return _resume_dispatcher[0]


class CompiledGenerator:
    """Base of the Python class of a compiled generator's objects: an iterator whose `next` resumes
    the compiled frame where it stopped and returns the next value yielded, boxed. One slot holds
    a PyCapsule owning a reference to the frame's meminfo."""
    __slots__ = ("_numjit_meminfo",)

    def __iter__(self):
        return self

    def __next__(self):
        value = resume_dispatcher()(self)            # (compiles the resumption on the first call)
        _native_next(type(self))
        return value

    def __repr__(self):
        return f"<numjit generator object {type(self).__qualname__} at {id(self):#x}>"


SLOT_OFFSET = CompiledGenerator.__basicsize__ - 8          # where _numjit_meminfo (a PyObject *) lives
TP_ITERNEXT_OFFSET = 28 * 8                                  # PyTypeObject.tp_iternext


def _native_next(cls):
    """Point the class's tp_iternext slot (what next() and `for` call) at native code that resumes
    the frame and boxes the value: no Python frame, no bound method per item (~3x faster)."""
    if cls.__dict__.get("_numjit_native_next") or not _iternext_slot_found():
        return
    from ..backend import jit
    from ..lowering.context import ModuleContext
    from ..runtime.boxing import box
    from ..dispatch.wrapper import raise_from_excinfo
    gen_type = cls._numba_type_
    entry = resume_dispatcher().overloads[(gen_type,)].entry_symbol
    ptr, i32 = ir.PointerType(), ir.IntType(32)
    ctx = ModuleContext("iternext")
    name = jit.unique_name(f"iternext.{cls.__qualname__}")
    fn = ir.Function(ctx.module, ir.FunctionType(ptr, [ptr]), name)
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    retslot, excinfo = b.alloca(gen_type.item.llvm()), b.alloca(ptr)
    capsule = b.load(b.gep(fn.args[0], [ir.Constant(ir.IntType(64), SLOT_OFFSET)], source_etype=ir.IntType(8)), typ=ptr)
    meminfo = b.call(ctx.declare("PyCapsule_GetPointer", ptr, [ptr, ptr]), [capsule, ir.Constant(ptr, None)])
    status = b.call(ctx.declare(entry, i32, [ptr, ptr, ptr]), [retslot, excinfo, meminfo])
    with b.if_then(b.icmp_unsigned("!=", status, ir.Constant(i32, 0)), likely=False):
        raise_from_excinfo(ctx, b, excinfo)          # StopIteration at the end, or what it raised
        b.ret(ir.Constant(ptr, None))
    b.ret(box(ctx, b, b.load(retslot), gen_type.item))
    lib = jit.compile_ir(ctx.module)
    _NATIVE.append(lib)
    ctypes.c_void_p.from_address(id(cls) + TP_ITERNEXT_OFFSET).value = lib.address(name)
    cls._numjit_native_next = True


_NATIVE = []                      # (the code of the native slots lives as long as the process)


@functools.lru_cache(maxsize=None)
def _iternext_slot_found():
    """Is tp_iternext where TP_ITERNEXT_OFFSET says (after tp_iter, set for a class with __iter__)?"""
    class Stepper:
        def __next__(self):
            return 1

    class Looper:
        def __iter__(self):
            return self
    def slot(cls, offset):
        return ctypes.c_void_p.from_address(id(cls) + offset).value
    tp_iter = TP_ITERNEXT_OFFSET - 8
    return (slot(Stepper, TP_ITERNEXT_OFFSET) not in (None, slot(Looper, TP_ITERNEXT_OFFSET))
            and slot(Stepper, tp_iter) is None and slot(Looper, tp_iter) is not None)


def unbox_generator_object(ctx, b, obj, ty, fail):
    """The frame's meminfo, borrowed from the object (which must be of exactly this type's class)."""
    from ..runtime.boxing import type_of, field
    expected = b.load(ctx.global_var(ty.box_symbol(), ir.PointerType()), typ=ir.PointerType())
    ok = b.append_basic_block("unbox.generator")
    b.cbranch(b.icmp_unsigned("==", type_of(b, obj), expected), ok, fail)
    b.position_at_end(ok)
    capsule = field(b, obj, SLOT_OFFSET, ir.PointerType())
    get = ctx.declare("PyCapsule_GetPointer", ir.PointerType(), [ir.PointerType()] * 2)
    return b.call(get, [capsule, ir.Constant(ir.PointerType(), None)])


def box_generator_object(ctx, b, value, ty):
    """A new object of the type's class owning `value`'s reference (NULL with an exception set on failure)."""
    ptr = ir.PointerType()
    cls = b.load(ctx.global_var(ty.box_symbol(), ptr), typ=ptr)
    release = ctx.declare("numjit_capsule_release", ir.VoidType(), [ptr])
    capsule = b.call(ctx.declare("PyCapsule_New", ptr, [ptr, ptr, ptr]), [value, ir.Constant(ptr, None), release])
    obj = b.call(ctx.declare("PyType_GenericAlloc", ptr, [ptr, ir.IntType(64)]), [cls, ir.Constant(ir.IntType(64), 0)])
    with b.if_else(b.icmp_unsigned("==", obj, ir.Constant(ptr, None))) as (failed, made):
        with failed:
            b.call(ctx.declare("Py_DecRef", ir.VoidType(), [ptr]), [capsule])
        with made:
            b.store(capsule, b.gep(obj, [ir.Constant(ir.IntType(64), SLOT_OFFSET)], source_etype=ir.IntType(8)))
    return obj
