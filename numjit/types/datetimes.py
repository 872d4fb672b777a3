"""NumPy's datetime64 and timedelta64: the types (one per unit), their data model and box/unbox.

    >>> import numpy as np
    >>> from numjit.types.datetimes import NPDatetime, from_datetime_dtype
    >>> NPDatetime("D"), from_datetime_dtype(np.dtype("m8[h]")), from_datetime_dtype(np.dtype("M8[5s]"))
    (datetime64[D], timedelta64[h], datetime64[5s])

Data model: an i64 count of units since 1970-01-01 (datetimes) or of units (timedeltas); NaT is
the smallest int64, as in NumPy. The unit, with its multiplier (`M8[10ms]`: counts of 10 ms), is
part of the type, never of the value. A scalar is unboxed from `np.datetime64`/`np.timedelta64`
of exactly that unit (PyDatetimeScalarObject: value at 16, unit at 24, multiplier at 28) and boxed
with NumPy's PyArray_Scalar; an array's unit is read from its descr's c_metadata.
"""
import ctypes

import numpy as np
from llvmlite import ir

from .base import Type

I32, I64 = ir.IntType(32), ir.IntType(64)
PTR = ir.PointerType()
NAT = -(1 << 63)

# NPY_DATETIMEUNIT codes (3 is a retired unit)
UNIT_CODES = {"Y": 0, "M": 1, "W": 2, "D": 4, "h": 5, "m": 6, "s": 7, "ms": 8, "us": 9, "ns": 10,
              "ps": 11, "fs": 12, "as": 13, "generic": 14}
SCALAR_VALUE, SCALAR_UNIT, SCALAR_NUM = 16, 24, 28
DESCR_C_METADATA, META_UNIT, META_NUM = 112, 32, 36


class _DateTimeLike(Type):
    char = ""
    prefix = ""

    def __init__(self, unit, count=1):
        unit = unit or "generic"
        digits = len(unit) - len(unit.lstrip("0123456789"))
        if digits:                                   # "10ms": a multiplier
            unit, count = unit[digits:], count * int(unit[:digits])
        assert unit in UNIT_CODES, unit
        self.unit, self.count = unit, count
        spelled = unit if count == 1 else f"{count}{unit}"
        self.dtype = np.dtype(f"{self.char}8" if unit == "generic" else f"{self.char}8[{spelled}]")
        super().__init__(self.prefix if unit == "generic" else f"{self.prefix}[{spelled}]")

    def llvm(self):
        return I64

    def unify(self, other):
        """A variable holding two units holds the finer one (NumPy's promotion), when exact."""
        if type(other) is not type(self):
            return None
        try:
            finer = np.promote_types(self.dtype, other.dtype)
        except TypeError:
            return None
        return from_datetime_dtype(finer) if np.can_cast(self.dtype, finer) and np.can_cast(other.dtype, finer) else None

    @property
    def descr_symbol(self):
        """Symbol whose value is this dtype object (for PyArray_Scalar / PyArray_NewFromDescr)."""
        from ..runtime.cpython import dtype_symbol
        return dtype_symbol(f"numjit_dtype.{self.dtype.str}", self.dtype)


class NPDatetime(_DateTimeLike):
    kind = "datetime"
    char, prefix = "M", "datetime64"


class NPTimedelta(_DateTimeLike):
    kind = "timedelta"
    char, prefix = "m", "timedelta64"


def from_datetime_dtype(dtype):
    unit, count = np.datetime_data(dtype)
    return (NPDatetime if dtype.kind == "M" else NPTimedelta)(unit, count)


def _check_offsets():
    x = np.timedelta64(-5, "h")
    ok = (ctypes.c_int64.from_address(id(x) + SCALAR_VALUE).value == -5
          and ctypes.c_int.from_address(id(x) + SCALAR_UNIT).value == UNIT_CODES["h"]
          and ctypes.c_int.from_address(id(x) + SCALAR_NUM).value == 1)
    d = np.dtype("M8[ms]")
    meta = ctypes.c_void_p.from_address(id(d) + DESCR_C_METADATA).value
    ok = ok and meta and ctypes.c_int.from_address(meta + META_UNIT).value == UNIT_CODES["ms"]
    if not ok:
        raise ImportError("numjit does not know this NumPy's datetime64 object layout")


_check_offsets()
_registered = False


def _register():
    global _registered
    if not _registered:
        from ..backend import jit
        from ..runtime.cpython import register_symbols
        register_symbols()
        jit.add_symbol("numjit_type.datetime64", id(np.datetime64))
        jit.add_symbol("numjit_type.timedelta64", id(np.timedelta64))
        _registered = True


def _c(v):
    return ir.Constant(I64, v)


def _floordiv_const(b, x, c):
    q = b.sdiv(x, _c(c))
    return b.sub(q, b.zext(b.icmp_signed("<", b.srem(x, _c(c)), _c(0)), I64))


def _days_from_civil(b, y, m):
    """Days since 1970-01-01 of the first day of month m (1..12, i64) of year y (i64)."""
    early = b.icmp_signed("<=", m, _c(2))
    y = b.sub(y, b.zext(early, I64))
    era = _floordiv_const(b, y, 400)
    yoe = b.sub(y, b.mul(era, _c(400)))
    mp = b.select(early, b.add(m, _c(9)), b.sub(m, _c(3)))
    doy = b.sdiv(b.add(b.mul(mp, _c(153)), _c(2)), _c(5))
    doe = b.add(b.sub(b.add(b.mul(yoe, _c(365)), b.sdiv(yoe, _c(4))), b.sdiv(yoe, _c(100))), doy)
    return b.sub(b.add(b.mul(era, _c(146097)), doe), _c(719468))


def _factor(src, dst):
    return int(np.timedelta64(1, src).astype(f"m8[{dst}]").astype(np.int64))


def _civil_from_days(b, days):
    """(year, month 1..12) of a day count since 1970-01-01 (the inverse of _days_from_civil)."""
    z = b.add(days, _c(719468))
    era = _floordiv_const(b, z, 146097)
    doe = b.sub(z, b.mul(era, _c(146097)))
    yoe = b.sdiv(b.add(b.sub(doe, b.sdiv(doe, _c(1460))), b.sub(b.sdiv(doe, _c(36524)), b.sdiv(doe, _c(146096)))),
                 _c(365))
    doy = b.sub(doe, b.sub(b.add(b.mul(yoe, _c(365)), b.sdiv(yoe, _c(4))), b.sdiv(yoe, _c(100))))
    mp = b.sdiv(b.add(b.mul(doy, _c(5)), _c(2)), _c(153))
    month = b.select(b.icmp_signed("<", mp, _c(10)), b.add(mp, _c(3)), b.sub(mp, _c(9)))
    year = b.add(b.add(yoe, b.mul(era, _c(400))), b.zext(b.icmp_signed("<=", month, _c(2)), I64))
    return year, month


def _linear(b, value, src, dst):
    factor = _factor(src, dst)
    if factor >= 1:
        return b.mul(value, _c(factor))
    return _floordiv_const(b, value, _factor(dst, src))       # to a coarser unit: floor, as NumPy


def _to_days(b, value, unit):
    if unit == "Y":
        return _days_from_civil(b, b.add(value, _c(1970)), _c(1))
    if unit == "M":
        years = _floordiv_const(b, value, 12)
        month = b.add(b.sub(value, b.mul(years, _c(12))), _c(1))
        return _days_from_civil(b, b.add(years, _c(1970)), month)
    return _linear(b, value, unit, "D")


def _from_days(b, days, unit):
    if unit not in ("Y", "M"):
        return _linear(b, days, "D", unit)
    year, month = _civil_from_days(b, days)
    years = b.sub(year, _c(1970))
    return years if unit == "Y" else b.add(b.mul(years, _c(12)), b.sub(month, _c(1)))


def convert_unit(b, value, src, dst):
    """value (i64 in src's unit) in dst's unit, as NumPy's cast computes it: exact to a finer unit,
    floored to a coarser one, through the civil calendar between datetimes in years or months and
    the others; NaT stays NaT. A multiplier scales into the unit first and out of it last. The
    cast between two datetime-like types (context.cast)."""
    if (src.unit, src.count) == (dst.unit, dst.count) or src.unit == "generic":
        return value
    out = b.mul(value, _c(src.count)) if src.count != 1 else value
    if src.unit == dst.unit:
        pass
    elif isinstance(src, NPDatetime) and (src.unit in ("Y", "M")) != (dst.unit in ("Y", "M")):
        out = _from_days(b, _to_days(b, out, src.unit), dst.unit)
    else:
        out = _linear(b, out, src.unit, dst.unit)
    if dst.count != 1:
        out = _floordiv_const(b, out, dst.count)
    return b.select(is_nat(b, value), _c(NAT), out)


def is_nat(b, value):
    return b.icmp_signed("==", value, _c(NAT))


def _field(b, obj, offset, ty):
    return b.load(b.gep(obj, [ir.Constant(I64, offset)], source_etype=ir.IntType(8)), typ=ty)


def unbox_datetime(ctx, b, obj, ty, fail):
    """A np.datetime64 / np.timedelta64 of exactly ty's unit, else a branch to `fail`."""
    _register()
    tp = _field(b, obj, 8, PTR)
    ok = b.icmp_unsigned("==", tp, ctx.global_var(f"numjit_type.{ty.prefix}", ir.IntType(8)))
    ok_block, check_unit = b.append_basic_block("unbox.dt"), b.append_basic_block("unbox.dtunit")
    b.cbranch(ok, check_unit, fail)
    b.position_at_end(check_unit)
    unit_ok = b.and_(b.icmp_signed("==", _field(b, obj, SCALAR_UNIT, I32), ir.Constant(I32, UNIT_CODES[ty.unit])),
                     b.icmp_signed("==", _field(b, obj, SCALAR_NUM, I32), ir.Constant(I32, ty.count)))
    b.cbranch(unit_ok, ok_block, fail)
    b.position_at_end(ok_block)
    return _field(b, obj, SCALAR_VALUE, I64)


def box_datetime(ctx, b, value, ty):
    _register()
    slot = ctx.alloca(b, I64)
    b.store(value, slot)
    descr = b.load(ctx.global_var(ty.descr_symbol, PTR), typ=PTR)
    fn = ctx.declare("numjit_PyArray_Scalar", PTR, [PTR, PTR, PTR])
    return b.call(fn, [slot, descr, ir.Constant(PTR, None)])


def array_descr_ok(ctx, b, descr, ty):
    """i1: an array descr (already known to be a datetime/timedelta one) has ty's unit."""
    meta = _field(b, descr, DESCR_C_METADATA, PTR)
    unit = _field(b, meta, META_UNIT, I32)
    num = _field(b, meta, META_NUM, I32)
    return b.and_(b.icmp_signed("==", unit, ir.Constant(I32, UNIT_CODES[ty.unit])),
                  b.icmp_signed("==", num, ir.Constant(I32, ty.count)))
