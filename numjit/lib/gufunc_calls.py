"""numjit's guvectorize objects called in compiled code: `gufunc(x, y)` (outputs allocated),
`gufunc(x, y, out)` or `gufunc(x, y, out=out)` (`out=(o1, o2)` for two outputs). The loop axes
of the inputs broadcast as NumPy's; the kernel (compiled in, as a plain call) runs once per
point of the loop shape on the core views of the operands: a core of `()` is a scalar for an
input and a one-element array for an output, as in the kernel's own signature. Inputs are cast
to the declared loop of their dtypes, else to the first they cast to safely (a lazy gufunc: their
result type); outputs are allocated in the loop's dtypes.

An implementation is generated per layout and loop rank (the number of loop axes), because the
operands differ in type and number:

    >>> print(_source(2, 1, [1, 0], [(0,), ()], [(0, 0)], [()], ""))  # '(n),()->()' # doctest: +NORMALIZE_WHITESPACE
    def gufunc_call(a0, a1, out=None):
        x0 = _in0(a0)
        x1 = _in1(a1)
        loop = np.broadcast_shapes(x0.shape[:1], x1.shape[:0])
        d0 = x0.shape[1]
        b0 = np.broadcast_to(x0, loop + x0.shape[1:])
        b1 = np.broadcast_to(x1, loop + x1.shape[0:])
        o0 = np.empty(loop + (1,), _out0)
        count = 1
        for s in loop:
            count *= s
        for k in range(count):
            at = _c_index(loop, k)
            kernel(b0[at], b1[at], o0[at])
        return o0.reshape(loop)
"""
import itertools
import linecache

import numpy as np

from ..errors import ShapeError, TypingError
from ..types import Number, Tuple
from ..typing.registry import overload
from ..ufunc.guvectorize import parse_layout
from ..ufunc.pickling import recipe_of
from .guards import array_of, is_none, specialized
from ..intrinsics.shapes import writeable_strided_view
from .numpy_indices import _c_index


def _source(nin, nout, ranks, in_cores, dim_at, out_cores, given):
    """Python source of the call for loop rank max(ranks); dim_at[i]: (input, axis) where core
    dimension i is first read; given: where the outputs come from ("args", "tuple" or "array" for
    out=), "" when they are allocated."""
    rank = max(ranks)
    args = [f"a{i}" for i in range(nin)] + ([f"o{j}" for j in range(nout)] if given == "args" else [])
    lines = [f"def gufunc_call({', '.join(args + ['out=None'])}):"]
    lines += [f"    x{i} = _in{i}(a{i})" for i in range(nin)]
    if given in ("tuple", "array"):                 # out=(o0, o1) / out=o0
        lines += [f"    o{j} = out[{j}]" if given == "tuple" else "    o0 = out" for j in range(nout)]
    if rank:
        lines.append(f"    loop = np.broadcast_shapes({', '.join(f'x{i}.shape[:{r}]' for i, r in enumerate(ranks))})")
    for d, (i, ax) in enumerate(dim_at):
        lines.append(f"    d{d} = x{i}.shape[{ranks[i] + ax}]")
    for i, core in enumerate(in_cores):
        for ax, d in enumerate(core):
            if dim_at[d] != (i, ax):
                lines += [f"    if x{i}.shape[{ranks[i] + ax}] != d{d}:",
                          "        raise ValueError(MISMATCH)"]
    point = "[at]" if rank else ""
    for i in range(nin):
        if rank:
            lines.append(f"    b{i} = np.broadcast_to(x{i}, loop + x{i}.shape[{ranks[i]}:])")
        elif not in_cores[i]:
            lines.append(f"    b{i} = x{i}.reshape(1)[0]")
        else:
            lines.append(f"    b{i} = x{i}")
    for j, core in enumerate(out_cores):
        shape = "(" + "".join(f"d{d}, " for d in core) + ")" if core else "(1,)"
        if given:
            view = "_out_core" if core else "_out_scalar"
            lines.append(f"    e{j} = {view}(o{j}, {'loop + ' if rank else ''}{shape})")
        else:
            lines.append(f"    o{j} = np.empty({'loop + ' if rank else ''}{shape}, _out{j})")
    outs = [f"{'e' if given else 'o'}{j}{point}" for j in range(nout)]
    call = f"kernel({', '.join([f'b{i}{point}' for i in range(nin)] + outs)})"
    if rank:
        lines += ["    count = 1", "    for s in loop:", "        count *= s", "    for k in range(count):",
                  "        at = _c_index(loop, k)", f"        {call}"]
    else:
        lines.append(f"    {call}")
    results = []
    for j, core in enumerate(out_cores):
        if given or core:
            results.append(f"o{j}")
        else:
            results.append(f"o{j}.reshape(loop)" if rank else f"o{j}[0]")
    lines.append(f"    return {results[0] if nout == 1 else '(' + ', '.join(results) + ',)'}")
    return "\n".join(lines)


MISMATCH = "gufunc: an operand has a mismatch in its core dimension"


def _out_core(o, shape):
    if o.shape != shape:
        raise ValueError(MISMATCH)
    return o


def _out_scalar(o, shape):
    """A given output with a () core, seen with a trailing axis of one (the kernel's view)."""
    if o.shape + (1,) != shape:
        raise ValueError(MISMATCH)
    return writeable_strided_view(o, shape, o.strides + (o.itemsize,), 0)


def _cast_to(dtype):
    def cast(a):
        return np.asarray(a).astype(dtype)
    return cast


def _as_array(a):
    return np.asarray(a)


def _loop_dtypes(fn, in_dtypes, nin):
    """The operand dtypes of the loop NumPy picks: the first declared loop every input casts to
    safely; a lazy gufunc (no declared loops yet it will compile for): the inputs' result type."""
    if recipe_of(fn).kind == "lazy_gufunc":
        return [np.result_type(*in_dtypes)] * fn.nargs
    loops = [[np.dtype(c) for c in types.replace("->", "")] for types in fn.types]
    for rule in ("no", "safe"):                    # an exact loop first, as NumPy's search
        for want in loops:
            if all(np.can_cast(d, w, rule) for d, w in zip(in_dtypes, want[:nin])):
                return want
    return None


@specialized
def _call_impl(fn, nin, nout, ranks, in_cores, dim_at, out_cores, given, loop_dtypes):
    namespace = {"np": np, "_c_index": _c_index, "kernel": recipe_of(fn).py_func, "MISMATCH": MISMATCH,
                 "_out_core": _out_core, "_out_scalar": _out_scalar}
    for i in range(nin):
        namespace[f"_in{i}"] = _cast_to(loop_dtypes[i].type) if loop_dtypes[i] is not None else _as_array
    for j in range(nout):
        namespace[f"_out{j}"] = loop_dtypes[nin + j].type
    source = _source(nin, nout, ranks, in_cores, dim_at, out_cores, given)
    filename = f"<numjit gufunc call {fn.__name__} #{next(_generated)}>"   # kept where numjit reads source
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), namespace)
    return namespace["gufunc_call"]


def gufunc_typer(fn):
    ins, outs = parse_layout(fn.signature)
    names = {}
    for i, core in enumerate(ins):
        for ax, d in enumerate(core):
            names.setdefault(d, (i, ax))
    order = list(names)
    in_cores = tuple(tuple(order.index(d) for d in core) for core in ins)
    if any(d not in names for core in outs for d in core):
        raise TypingError(f"{fn.__name__}: an output core dimension is not an input's (not supported in compiled code)")
    out_cores = tuple(tuple(order.index(d) for d in core) for core in outs)
    nin, nout = len(ins), len(outs)

    def typer(*args, out=None):
        if len(args) not in (nin, nin + nout) or not outs:
            raise TypingError(f"{fn.__name__}() takes {nin} inputs (and optionally {nout} outputs) in compiled code")
        given = "args" if len(args) > nin else ""
        if not (out is None or is_none(out)):
            items = out.items if isinstance(out, Tuple) else (out,)
            if given or len(items) != nout:
                raise TypingError(f"{fn.__name__}(): out= must give its {nout} output array(s), not {out}")
            args, given = args + tuple(items), "tuple" if isinstance(out, Tuple) else "array"
        types = [array_of(t) for t in args]
        if any(t is None and not isinstance(a, Number) for t, a in zip(types, args)):
            return None
        ndims = [t.ndim if t is not None else 0 for t in types]
        cores = list(ins) + list(outs)
        ranks = tuple(n - len(core) for n, core in zip(ndims, cores))
        if any(r < 0 for r in ranks):
            raise ShapeError(f"{fn.__name__}(): an operand has fewer dimensions than its core {fn.signature!r} "
                             "(Loop and array shapes are incompatible)")
        in_dtypes = [(t.dtype if t is not None else a).dtype for t, a in zip(types[:nin], args)]
        loop = _loop_dtypes(fn, in_dtypes, nin)
        if loop is None:
            raise TypingError(f"{fn.__name__}(): no loop for the input types {[str(d) for d in in_dtypes]}")
        if given:
            if any(t is None for t in types[nin:]):
                raise TypingError(f"{fn.__name__}(): the outputs must be arrays, not {args[nin:]}")
            if max(ranks[nin:]) != max(ranks):
                raise ShapeError(f"{fn.__name__}(): an output has fewer loop dimensions than the inputs "
                                 "(Loop and array shapes are incompatible)")
            loop = loop[:nin] + [t.dtype.dtype for t in types[nin:]]
        in_loop = tuple(None if d == w else w for d, w in zip(in_dtypes, loop[:nin]))
        return _call_impl(fn, nin, nout, ranks[:nin], in_cores, tuple(names.values()), out_cores, given,
                          in_loop + tuple(loop[nin:]))
    return typer


_REGISTERED = set()
_generated = itertools.count()


def register_gufunc(fn):
    """Register a numjit guvectorize object met in compiled code with the typing registry."""
    if fn not in _REGISTERED:
        _REGISTERED.add(fn)
        overload(fn)(gufunc_typer(fn))
