"""`@stencil`: a kernel written with relative indexes (`a[-1, 0]` is the left neighbour of the
current point), applied at every point of an array whose neighbourhood lies inside it; the
border gets `cval`.

    >>> import numpy as np
    >>> from numjit import stencil, njit
    >>> @stencil
    ... def smooth(a):
    ...     return (a[-1] + a[0] + a[1]) / 3
    >>> smooth(np.array([3.0, 6.0, 0.0, 9.0]))
    array([0., 3., 5., 0.])
    >>> @njit
    ... def twice(a):
    ...     return smooth(smooth(a))
    >>> by_hand = lambda x: np.r_[0, (x[:-2] + x[1:-1] + x[2:]) / 3, 0]
    >>> a = np.arange(6.0); bool(np.allclose(twice(a), by_hand(by_hand(a))))
    True

Options as numba's: `neighborhood=((lo, hi), ...)` (needed when an index is not a constant),
`cval=` (the border's value), `standard_indexing=("b",)` (arguments indexed as usual, e.g. a
weight array). Arguments that are not arrays (a threshold, a flag) reach the kernel as they
are. A stencil is callable from Python (compiled on first use for the argument types,
with `out=` to write into an existing array) and from compiled code. The result has the
kernel's return type. The points run in parallel (the outermost axis split over the thread
pool, numjit/lowering/prange.py) when the stencil is called in a `parallel=True` function — it is
compiled with its caller's options — or when it is made with `@stencil(parallel=True)`.
"""
import ast
import inspect
import itertools
import linecache
import textwrap

import numpy as np

from .errors import TypingError
from .parallel import prange
from .types import Array
from .typing import registry


class Stencil:
    def __init__(self, kernel, neighborhood=None, cval=0, standard_indexing=(), func_or_mode="constant",
                 parallel=False):
        if func_or_mode != "constant":
            raise ValueError(f"stencil: only func_or_mode='constant' is supported, not {func_or_mode!r}")
        self.kernel, self.cval, self.parallel = kernel, cval, bool(parallel)
        self.__name__, self.__doc__, self.__wrapped__ = kernel.__name__, kernel.__doc__, kernel
        tree = ast.parse(textwrap.dedent(inspect.getsource(kernel))).body[0]
        tree.decorator_list = []
        self._params = [a.arg for a in tree.args.args]
        self._standard = set(standard_indexing)
        self._tree = tree
        self._neighborhood = neighborhood
        self._runners = {}
        self._callers = {}
        registry.overload(self)(self._typer)

    # -- the kernel, rewritten ----------------------------------------------------------------
    def _relative(self, is_array):
        """The parameters indexed relatively: the array arguments (`is_array`, one flag per parameter)
        not named in standard_indexing; the other arguments (numbers...) are passed as they are."""
        relative = tuple(p for p, array in zip(self._params, is_array) if array and p not in self._standard)
        if not relative:
            raise TypingError(f"stencil {self.__name__}: no array argument to apply the kernel to")
        return relative

    def _offsets(self, ndim, relative):
        """((lo, hi), ...) per axis: given, or the extremes of the constant relative indexes."""
        if self._neighborhood is not None:
            if len(self._neighborhood) != ndim:
                raise TypingError(f"stencil {self.__name__}: neighborhood has {len(self._neighborhood)} "
                                  f"axes, the arrays {ndim}")
            return [tuple(map(int, axis)) for axis in self._neighborhood]
        bounds = [[0, 0] for _ in range(ndim)]
        for node in ast.walk(self._tree):
            if isinstance(node, ast.Subscript) and getattr(node.value, "id", None) in relative:
                try:
                    index = ast.literal_eval(node.slice)
                except ValueError:
                    raise TypingError(f"stencil {self.__name__}: the index {ast.unparse(node.slice)!r} is "
                                      "not a constant; give neighborhood=((lo, hi), ...)") from None
                index = index if isinstance(index, tuple) else (index,)
                if len(index) != ndim or not all(isinstance(i, int) for i in index):
                    raise TypingError(f"stencil {self.__name__}: the index {ast.unparse(node.slice)!r} does "
                                      f"not give one integer per axis of a {ndim}-d array")
                for axis, i in enumerate(index):
                    bounds[axis] = [min(bounds[axis][0], i), max(bounds[axis][1], i)]
        return [tuple(b) for b in bounds]

    def _point_kernel(self, ndim, relative):
        """The kernel as `k(__i0, ..., *params)`: relative indexes shifted by the current point."""
        tree = ast.parse(ast.unparse(self._tree)).body[0]           # a fresh copy to rewrite
        points = [f"__numjit_i{axis}" for axis in range(ndim)]

        class Shift(ast.NodeTransformer):
            def visit_Subscript(inner, node):
                inner.generic_visit(node)
                if getattr(node.value, "id", None) not in relative:
                    return node
                parts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
                shifted = [ast.BinOp(ast.Name(p, ast.Load()), ast.Add(), part) for p, part in zip(points, parts)]
                node.slice = ast.Tuple(shifted, ast.Load()) if ndim > 1 else shifted[0]
                return node
        tree = Shift().visit(tree)
        tree.name = f"{self.__name__}_at_point"
        tree.args.args = [ast.arg(p) for p in points] + tree.args.args
        return self._define(ast.fix_missing_locations(tree), {})

    def _define(self, tree, extra):
        return _define(ast.unparse(tree), dict(self.kernel.__globals__, **extra))

    def _runner(self, ndim, relative):
        """`run(args..., out)`: the kernel at every interior point, written into `out`."""
        key = ndim, relative
        if key not in self._runners:
            offsets = self._offsets(ndim, relative)
            point = self._point_kernel(ndim, relative)
            args = ", ".join(self._params)
            first = relative[0]
            lines = [f"def run({args}, out):"]
            for axis, (lo, hi) in enumerate(offsets):      # prange: split when compiled with parallel=True
                loop = "prange" if axis == 0 else "range"
                lines.append(f"{'    ' * (axis + 1)}for __numjit_i{axis} in {loop}({-lo}, {first}.shape[{axis}] - {hi}):")
            index = ", ".join(f"__numjit_i{axis}" for axis in range(ndim))
            lines.append(f"{'    ' * (ndim + 1)}out[{index}] = point({index}, {args})")
            lines.append("    return out")
            self._runners[key] = _define("\n".join(lines), dict(self.kernel.__globals__, point=point, prange=prange))
        return self._runners[key]

    # -- compiled code: an overload of the stencil object ------------------------------------------
    def _typer(self, *argtypes):
        from .typing.infer import return_type_of
        from .types import int64
        if len(argtypes) != len(self._params):
            return None
        relative = self._relative([isinstance(t, Array) for t in argtypes])
        ndim = argtypes[self._params.index(relative[0])].ndim
        result = return_type_of(self._point_kernel(ndim, relative), (int64,) * ndim + tuple(argtypes))
        dtype = getattr(result, "dtype", None)
        if not isinstance(dtype, np.dtype):
            raise TypingError(f"stencil {self.__name__}: the kernel returns {result}, not a number")
        impl = _with_signature(self._params, "return run({args}, np.full(%s.shape, cval, dtype))" % relative[0],
                               {"run": self._runner(ndim, relative), "np": np, "cval": self.cval, "dtype": dtype})
        if self.parallel:
            impl.__numjit_flags__ = {"parallel": True}
        impl.__numjit_caller_flags__ = True            # else compiled with the caller's options (typing/calls.py)
        return impl

    # -- Python ---------------------------------------------------------------------------------
    def __call__(self, *args, out=None):
        from .decorators import njit
        if out is None:
            key = "call"
            if key not in self._callers:
                self._callers[key] = njit(_with_signature(self._params, "return stencil({args})", {"stencil": self}),
                                          parallel=self.parallel)
            return self._callers[key](*args)
        relative = self._relative([isinstance(a, np.ndarray) for a in args])
        ndim = np.ndim(args[self._params.index(relative[0])])
        key = ("out", ndim, relative)
        if key not in self._callers:
            self._callers[key] = njit(self._runner(ndim, relative), parallel=self.parallel)
        return self._callers[key](*args, out)

    def __repr__(self):
        return f"<numjit.stencil {self.__name__}>"


def _with_signature(params, body, namespace):
    """`def f(<params>): <body>` in `namespace` (numjit binds arguments by parameter name)."""
    args = ", ".join(params)
    return _define(f"def f({args}):\n    " + body.format(args=args), dict(namespace))


_generated = itertools.count()


def _define(source, namespace):
    """The one function `source` defines, run in `namespace`; its text is kept in linecache under
    a name of its own, where numjit (which compiles from source) and tracebacks find it."""
    filename = f"<numjit stencil {next(_generated)}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), namespace)
    return namespace[ast.parse(source).body[0].name]


def stencil(func=None, **options):
    """`@stencil` or `@stencil(neighborhood=..., cval=..., standard_indexing=..., parallel=...)`."""
    if func is None:
        return lambda kernel: Stencil(kernel, **options)
    return Stencil(func, **options)
