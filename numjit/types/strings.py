"""Python strings: `unicode_type` (numba's name), a reference to an immutable, reference-counted
native string stored as CPython stores it (PEP 393: 1, 2 or 4 bytes per character).

    >>> unicode_type, is_str(Const("abc")), is_str(unicode_type), Const("a").unify(Const("b"))
    (unicode_type, True, True, unicode_type)

A string literal is typed `Const("...")` (so constant strings keep working where
the compiler reads them: dtypes, print separators); it becomes a `unicode_type`
value when it is stored with other strings, passed where a str is expected or
operated on (it is then a constant in the module, see `constant`).

Data model: a pointer to a meminfo (numjit/runtime/memory.py: `{i64 refcount, ptr data,
i64 nbytes, ptr dtor}`, here without the padding arrays have: a small string is one
malloc block) whose data, right after those 32 bytes, is

    {i64 length, i32 kind, i32 ascii, i64 hash, i64 reserved}  followed by the characters

`kind` is the bytes per character, always the smallest that holds the widest
character (CPython's canonical form, so equal strings have equal bytes and
`hash` — CPython's own, cached, -1 until computed — agrees with Python's);
`ascii` is 1 when every character is below 128. The characters end with one
zero character. Boxing and unboxing live in numjit/runtime/strings.py.
"""
from llvmlite import ir

from .base import Type
from .misc import Const

I8, I32, I64 = ir.IntType(8), ir.IntType(32), ir.IntType(64)
PTR = ir.PointerType()
HEADER = 32                                  # the meminfo fields; the string header follows them
LENGTH, KIND, ASCII, HASH = HEADER, HEADER + 8, HEADER + 12, HEADER + 16
CHARS = HEADER + 32                          # offset of the characters from the meminfo
HEADER_BYTES = 32
IMMORTAL = 1 << 62                           # refcount of strings stored in the module (literals)


class UnicodeType(Type):
    kind = "str"
    refcounted = True

    def __init__(self):
        super().__init__("unicode_type")

    def llvm(self):
        return PTR

    def meminfo_of(self, builder, value):
        return value

    def unify(self, other):
        return self if is_str(other) else None


unicode_type = UnicodeType()


class BytesType(Type):
    """`bytes`: the same block, always of kind 1; items are ints."""
    kind = "bytes"
    refcounted = True

    def __init__(self):
        super().__init__("bytes")

    def llvm(self):
        return PTR

    def meminfo_of(self, builder, value):
        return value

    def unify(self, other):
        return self if is_bytes(other) else None


bytes_type = BytesType()


def is_str(ty):
    """A str value: `unicode_type` or a string literal."""
    return isinstance(ty, UnicodeType) or (isinstance(ty, Const) and isinstance(ty.value, str))


def is_bytes(ty):
    return isinstance(ty, BytesType) or (isinstance(ty, Const) and isinstance(ty.value, bytes))


def as_str(ty):
    """`unicode_type` for a str type (a literal included), else None."""
    return unicode_type if is_str(ty) else None


def as_value(ty):
    """The type a value is stored as: string literals, also inside tuples, become str (bytes)."""
    from .containers import Tuple
    if isinstance(ty, Tuple):
        return Tuple([as_value(t) for t in ty.items])
    return text_type(ty) or ty


def text_type(ty):
    """`unicode_type` or `bytes_type` for a str or bytes type (literals included), else None."""
    return unicode_type if is_str(ty) else bytes_type if is_bytes(ty) else None


# -- field access --------------------------------------------------------------------------------

def field_ptr(b, s, offset):
    return b.gep(s, [ir.Constant(I64, offset)], source_etype=I8)


def length_of(b, s):
    return b.load(field_ptr(b, s, LENGTH), typ=I64)


def kind_of(b, s):
    return b.load(field_ptr(b, s, KIND), typ=I32)


def ascii_of(b, s):
    return b.load(field_ptr(b, s, ASCII), typ=I32)


def chars_of(b, s):
    return field_ptr(b, s, CHARS)


def kind_for(maxchar):
    return 1 if maxchar < 256 else 2 if maxchar < 65536 else 4


def encode(value):
    """(kind, ascii, bytes of the characters plus the terminating zero) of a Python str or bytes."""
    if isinstance(value, bytes):
        return 1, int(value.isascii()), value + b"\0"
    kind = kind_for(max(map(ord, value), default=0))
    codec = {1: "latin-1", 2: "utf-16-le", 4: "utf-32-le"}[kind]
    return kind, int(value.isascii()), (value + "\0").encode(codec, "surrogatepass")


def constant(ctx, value):
    """A string (or bytes) literal as a module global: a meminfo whose refcount never reaches zero."""
    key = (type(value), value)
    gv = ctx._strings.get(key)
    if gv is None:
        kind, ascii_, data = encode(value)
        body = ir.ArrayType(I8, len(data))
        ty = ir.LiteralStructType([I64, PTR, I64, PTR, I64, I32, I32, I64, I64, body])
        gv = ir.GlobalVariable(ctx.module, ty, ctx.unique("strconst"))
        gv.linkage = "private"
        gv.align = 16
        header = gv.gep([ir.Constant(I32, 0), ir.Constant(I32, 4)])
        gv.initializer = ir.Constant(ty, [
            ir.Constant(I64, IMMORTAL), header, ir.Constant(I64, HEADER_BYTES + len(data)),
            ir.Constant(PTR, None), ir.Constant(I64, len(value)), ir.Constant(I32, kind),
            ir.Constant(I32, ascii_), ir.Constant(I64, -1), ir.Constant(I64, 0),
            ir.Constant(body, bytearray(data))])
        ctx._strings[key] = gv
    return gv
