"""numba's spelling of types: what `str(numba.typeof(x))` prints under numba, for code run as
numba (`python -m numjit.run`, `numjit.install_as_numba()`), which then gets it from `str(t)`.

    >>> import numpy as np
    >>> from numjit import typeof
    >>> [numba_name(typeof(v)) for v in (np.ones((2, 2), order="F"), (1, 2), (1, 2.5), [1], "s")]
    ['array(float64, 2d, F)', 'UniTuple(int64 x 2)', 'Tuple(int64, float64)', 'reflected list(int64)<iv=None>', 'unicode_type']

numjit's own names stay what `repr(t)`, f-strings and error messages show (`float64[:, ::1]`);
once `install()` has run (install_as_numba calls it), `str(t)` alone is numba's spelling. A type
numba spells like numjit, or that numba does not have, keeps numjit's name.
"""
from .base import Type


def _array(t):
    prefix = "readonly " if t.readonly else ""
    dtype = t.dtype
    if dtype.kind == "record" and not dtype.dtype.isalignedstruct:
        prefix += "unaligned "
    return f"{prefix}array({numba_name(dtype)}, {t.ndim}d, {t.layout})"


def _tuple(t):
    if t.items and t.is_uniform:
        return f"UniTuple({numba_name(t.items[0])} x {len(t.items)})"
    return f"Tuple({', '.join(map(numba_name, t.items))})"


def _literal(t):
    value = t.value
    if type(value) in (bool, int, str):
        return f"Literal[{type(value).__name__}]({value})"
    return t.name


def _record(t):
    fields = ",".join(f"{n}[type={numba_name(ty)};offset={off}]" for n, (ty, off) in t.fields.items())
    return f"Record({fields};{t.dtype.itemsize};{t.dtype.isalignedstruct})"


def _enum(t):
    return f"{'IntEnumMember' if t.kind == 'intenum' else 'EnumMember'}(<enum {t.instance_class.__name__!r}>, " \
           f"{numba_name(t.value_type)})"


SPELLINGS = {
    "Array": _array, "Tuple": _tuple, "UniTuple": _tuple, "Const": _literal, "LiteralArg": _literal,
    "Record": _record, "EnumMember": _enum, "IntEnumMember": _enum,
    "NamedTuple": lambda t: f"{t.cls.__name__}({', '.join(map(numba_name, t.items))})",
    "List": lambda t: f"reflected list({numba_name(t.dtype)})<iv=None>",
    "InitialValueList": lambda t: f"list({numba_name(t.dtype)})<iv={t.initial_value!r}>",
    "SetType": lambda t: f"reflected set({numba_name(t.key_type)})",
    "DictType": lambda t: f"DictType[{numba_name(t.key_type)},{numba_name(t.value_type)}]<iv=None>",
    "InitialValueDict": lambda t: f"DictType[{numba_name(t.key_type)},{numba_name(t.value_type)}]"
                                  f"<iv={t.initial_value!r}>",
    "TypedListType": lambda t: f"ListType[{numba_name(t.dtype)}]",
    "TypedDictType": lambda t: f"DictType[{numba_name(t.key_type)},{numba_name(t.value_type)}]<iv=None>",
    "TypedSetType": lambda t: f"SetType[{numba_name(t.key_type)}]",
    "Optional": lambda t: f"OptionalType({numba_name(t.type)})",
    "BytesType": lambda t: "readonly bytes(uint8, 1d, C)",
}


def numba_name(ty):
    """numba's spelling of the numjit type `ty` (numjit's name where numba has none)."""
    spell = SPELLINGS.get(type(ty).__name__)
    return spell(ty) if spell is not None else ty.name


_NUMJIT_STR = Type.__str__, Type.__format__


def install():
    """From now on `str(t)` of every type is numba's spelling; f-strings and messages keep numjit's
    names (a type's name, built from its parts' names, must not depend on this)."""
    Type.__str__ = numba_name
    Type.__format__ = lambda self, spec: format(self.name, spec)


def uninstall():
    """`str(t)` is numjit's name again (numjit.run.uninstall_numba_alias calls it)."""
    Type.__str__, Type.__format__ = _NUMJIT_STR
