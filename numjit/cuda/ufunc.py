"""`vectorize(target="cuda")` and `guvectorize(target="cuda")`: ufuncs whose loop is a kernel.

Each (signature, which arguments are scalars) gets a small generated kernel — one thread per
element (or per loop index of a gufunc) calling the user's function — launched through
numjit.cuda.jit. Host arrays are copied in and the result copied back; device arrays (and
any `__cuda_array_interface__` object) stay on the device and the result is a device array;
scalars are passed as kernel parameters. In the simulator the function runs as Python over
the elements.

    >>> print(kernel_source("k", 2, {1}))
    def k(out, a0, a1):
        i = cuda.grid(1)
        if i < out.shape[0]:
            out[i] = func(a0[i], a1)
    <BLANKLINE>
"""
import itertools
import linecache
import re

import numpy as np

from .stubs import simulated
from ..dispatch.conversions import best_signature
from ..types import parse_signature, Array, Signature, float16
from ..types.typeof import typeof
from ..typing.infer import return_type_of
from .devicearray import element_type

THREADS = 256
_counter = itertools.count()


def kernel_source(name, nin, scalars):
    args = ", ".join(f"a{k}" for k in range(nin))
    items = ", ".join(f"a{k}" if k in scalars else f"a{k}[i]" for k in range(nin))
    return (f"def {name}(out, {args}):\n    i = cuda.grid(1)\n    if i < out.shape[0]:\n"
            f"        out[i] = func({items})\n")


def make_kernel(source, name, func):
    """A cuda.jit kernel from generated source (kept in linecache, so errors can show it)."""
    from .. import cuda
    filename = f"<numjit cuda ufunc {name} #{next(_counter)}>"
    lines = source.splitlines(keepends=True)
    linecache.cache[filename] = (len(source), None, lines, filename)
    namespace = {"cuda": cuda, "func": func, "__name__": "numjit.cuda.ufunc"}
    exec(compile(source, filename, "exec"), namespace)
    return cuda.jit(namespace[name])


def _is_array(x):
    return isinstance(x, np.ndarray) or hasattr(x, "__cuda_array_interface__") or _is_sim_array(x)


def _is_sim_array(x):
    return type(x).__name__ == "FakeDeviceArray"


def _on_device(x):
    return not isinstance(x, np.ndarray) and _is_array(x)


def _views(args):
    """Objects that only export `__cuda_array_interface__` (PyTorch tensors, ...) as device arrays
    viewing their memory: these have NumPy's dtype and shape."""
    from .. import cuda
    return [cuda.as_cuda_array(a) if _on_device(a) and not _is_sim_array(a) else a for a in args]


def _element_type(x):
    if _is_array(x):
        return element_type(np.dtype(x.dtype))
    if isinstance(x, np.float16):
        return float16
    ty = typeof(x)
    if ty is None:
        raise TypeError(f"a CUDA ufunc cannot take a value of type {type(x).__name__}")
    return ty


def _device_flat(x, dtype, shape, what):
    """A 1-d (or (n, core...)) device view of device array `x` with the expected dtype and shape."""
    from .. import cuda
    d = cuda.as_cuda_array(x) if not _is_sim_array(x) else x
    if np.dtype(d.dtype) != dtype:
        raise TypeError(f"{what}: a device array of dtype {d.dtype} where the signature takes {dtype}; "
                        "convert it on the device first")
    if tuple(d.shape) != tuple(shape):
        raise ValueError(f"{what}: device arrays are not broadcast; expected shape {shape}, got {d.shape}")
    if not d.is_c_contiguous():
        raise ValueError(f"{what}: device arrays must be C-contiguous")
    return d


class CUDAUFunc:
    """The ufunc made by vectorize(..., target="cuda")."""

    def __init__(self, py_func, signatures, identity=None, flags=None):
        self.py_func = py_func
        self.__name__ = py_func.__name__
        self.__doc__ = py_func.__doc__
        self.identity = identity
        self.nin = py_func.__code__.co_argcount
        self.nout = 1
        self.signatures = [parse_signature(s) for s in signatures] if signatures else []
        self._kernels = {}

    @property
    def types(self):
        return [f"{''.join(np.dtype(str(a)).char for a in s.args)}->{np.dtype(str(s.return_type)).char}"
                for s in self.signatures]

    def _signature(self, argtypes):
        if not self.signatures:                    # lazy: one signature per argument types
            sig = Signature(return_type_of(self.py_func, argtypes), argtypes)
            self.signatures.append(sig)
            return sig
        chosen = best_signature([s.args for s in self.signatures], argtypes)
        if chosen is None:
            raise TypeError(f"ufunc {self.__name__!r} (target='cuda') has no loop for "
                            f"({', '.join(map(str, argtypes))}); its types are {self.types}")
        return next(s for s in self.signatures if s.args == tuple(chosen))

    def _kernel(self, sig, scalars):
        key = (sig, scalars)
        kernel = self._kernels.get(key)
        if kernel is None:
            name = re.sub(r"\W", "_", f"{self.__name__}_cuda_ufunc")
            kernel = self._kernels[key] = make_kernel(kernel_source(name, self.nin, scalars), name, self.py_func)
        return kernel

    def __call__(self, *args, out=None, stream=0):
        from .. import cuda
        if len(args) != self.nin:
            raise TypeError(f"{self.__name__}() takes {self.nin} arguments, {len(args)} given")
        args = _views(args)
        out = None if out is None else _views([out])[0]
        sig = self._signature(tuple(_element_type(a) for a in args))
        dtypes = [np.dtype(str(t)) for t in sig.args]
        ret = np.dtype(str(sig.return_type))
        shape = np.broadcast_shapes(*[tuple(a.shape) for a in args if _is_array(a)])
        size = int(np.prod(shape, dtype=np.int64))
        device = any(_on_device(a) for a in args) or (out is not None and _on_device(out))
        if simulated():
            return self._simulate(args, dtypes, ret, shape, out, device)
        scalars = frozenset(k for k, a in enumerate(args) if not _is_array(a))
        flat = []
        for k, (a, dt) in enumerate(zip(args, dtypes)):
            if k in scalars:
                flat.append(dt.type(a))
            elif _on_device(a):
                flat.append(_device_flat(a, dt, shape, self.__name__).reshape(size))
            else:
                host = np.ascontiguousarray(np.broadcast_to(np.asarray(a, dtype=dt), shape)).reshape(size)
                flat.append(cuda.to_device(host, stream=stream))
        if out is not None and _on_device(out):
            result = _device_flat(out, ret, shape, self.__name__)
        else:
            result = cuda.device_array(shape, ret, stream=stream)
        if size:
            self._kernel(sig, scalars)[(size + THREADS - 1) // THREADS, THREADS, stream](result.reshape(size), *flat)
        if device:
            return result
        host = result.copy_to_host(stream=stream)
        if out is not None:
            out[...] = host
            return out
        return host if shape else host[()]

    def _simulate(self, args, dtypes, ret, shape, out, device):
        from .. import cuda
        values = [np.broadcast_to(np.asarray(a.copy_to_host() if _on_device(a) else a, dtype=dt), shape)
                  for a, dt in zip(args, dtypes)]
        result = np.empty(shape, ret)
        for index in np.ndindex(*shape):
            result[index] = self.py_func(*[v[index] for v in values])
        if out is not None:
            out[...] = result
            return out
        if device:
            return cuda.to_device(result)
        return result if shape else result[()]

    def reduce(self, array, axis=0, dtype=None, out=None, stream=0):
        """Combine the elements of a 1-d array pairwise on the device (log2(n) launches)."""
        from .. import cuda
        if self.nin != 2:
            raise ValueError(f"reduce only works on binary ufuncs, not {self.__name__} ({self.nin} inputs)")
        array = _views([array])[0]
        if getattr(array, "ndim", 1) != 1 or axis not in (0, None, -1):
            raise ValueError("reduce of a CUDA ufunc takes a 1-d array")
        n = array.shape[0]
        if n == 0:
            if self.identity is None:
                raise ValueError(f"zero-size array to reduction operation {self.__name__} which has no identity")
            return self.identity
        if _on_device(array):
            work = cuda.device_array(n, array.dtype)
            work.copy_to_device(array)
        else:
            work = cuda.to_device(np.ascontiguousarray(array))
        while n > 1:
            half = n // 2
            self(work[:half], work[n - half:n], out=work[:half], stream=stream)
            n -= half
        return work[:1].copy_to_host()[0]


class CUDAGUFunc:
    """The generalized ufunc made by guvectorize(..., target="cuda")."""

    def __init__(self, py_func, signatures, layout):
        from ..ufunc.guvectorize import parse_layout
        self.py_func = py_func
        self.__name__ = py_func.__name__
        self.layout = layout
        self.ins, self.outs = parse_layout(layout)
        self.nin, self.nout = len(self.ins), len(self.outs)
        self.signatures = [parse_signature(s) for s in signatures]
        self._kernels = {}

    def _kernel(self, sig):
        kernel = self._kernels.get(sig)
        if kernel is None:
            name = re.sub(r"\W", "_", f"{self.__name__}_cuda_gufunc")
            cores = self.ins + self.outs
            items = []
            for k, (ty, core) in enumerate(zip(sig.args, cores)):
                items.append(f"a{k}[i:i + 1]" if isinstance(ty, Array) and not core else f"a{k}[i]")
            args = ", ".join(f"a{k}" for k in range(len(cores)))
            source = (f"def {name}({args}):\n    i = cuda.grid(1)\n    if i < a{len(cores) - 1}.shape[0]:\n"
                      f"        func({', '.join(items)})\n")
            kernel = self._kernels[sig] = make_kernel(source, name, self.py_func)
        return kernel

    def __call__(self, *args, stream=0):
        from .. import cuda
        if len(args) not in (self.nin, self.nin + self.nout):
            raise TypeError(f"{self.__name__}() takes {self.nin} inputs (and optionally {self.nout} outputs)")
        args = _views(args)
        inputs, outputs = args[:self.nin], list(args[self.nin:])
        sig_args = [s.args[:self.nin] for s in self.signatures]
        argtypes = tuple(_element_type(a) for a in inputs)
        elem = [tuple(t.dtype if isinstance(t, Array) else t for t in a) for a in sig_args]
        chosen = best_signature(elem, argtypes)
        if chosen is None:
            raise TypeError(f"gufunc {self.__name__!r} (target='cuda') has no loop for ({', '.join(map(str, argtypes))})")
        sig = self.signatures[elem.index(tuple(chosen))]
        dtypes = [np.dtype(str(t.dtype if isinstance(t, Array) else t)) for t in sig.args]
        sizes, loop_shapes = {}, []
        for a, core in zip(inputs, self.ins):
            shape = tuple(np.shape(a))
            if len(shape) < len(core):
                raise ValueError(f"{self.__name__}: an input has fewer dimensions than its core {core}")
            loop_shapes.append(shape[:len(shape) - len(core)])
            for name, n in zip(core, shape[len(shape) - len(core):]):
                if sizes.setdefault(name, n) != n:
                    raise ValueError(f"{self.__name__}: core dimension {name!r} is {sizes[name]} and {n}")
        loop = np.broadcast_shapes(*loop_shapes)
        count = int(np.prod(loop, dtype=np.int64))
        device = any(_on_device(a) for a in args)
        flat = []
        for a, core, dt in zip(inputs, self.ins, dtypes):
            core_shape = tuple(sizes[c] for c in core)
            if _on_device(a):
                flat.append(_device_flat(a, dt, loop + core_shape, self.__name__).reshape(count, *core_shape))
            else:
                host = np.ascontiguousarray(np.broadcast_to(np.asarray(a, dtype=dt), loop + core_shape))
                flat.append(cuda.to_device(host.reshape((count,) + core_shape), stream=stream))
        results = []
        for k, (core, dt) in enumerate(zip(self.outs, dtypes[self.nin:])):
            if any(c not in sizes for c in core):
                raise ValueError(f"{self.__name__}: output core dimensions {core} must appear among the inputs")
            core_shape = tuple(sizes[c] for c in core)
            given = outputs[k] if k < len(outputs) else None
            if given is not None and _on_device(given):
                results.append(_device_flat(given, dt, loop + core_shape, self.__name__))
            else:
                results.append(cuda.device_array(loop + core_shape, dt, stream=stream))
            flat.append(results[-1].reshape(count, *core_shape) if count else results[-1])
        if count:
            self._kernel(sig)[(count + THREADS - 1) // THREADS, THREADS, stream](*flat)
        if not device:
            hosts = [r.copy_to_host(stream=stream) for r in results]
            for k, h in enumerate(hosts):
                if k < len(outputs) and outputs[k] is not None:
                    outputs[k][...] = h
            results = hosts
        return results[0] if len(results) == 1 else tuple(results)


def cuda_vectorize(func, signatures, identity=None, flags=None):
    return CUDAUFunc(func, signatures, identity, flags)


def cuda_guvectorize(func, signatures, layout):
    if not signatures:
        raise TypeError("guvectorize(target='cuda') needs signatures")
    return CUDAGUFunc(func, signatures, layout)


class Reduce:
    """`@cuda.reduce`: a binary function made a reduction of 1-d arrays on the GPU."""

    def __init__(self, func):
        self.py_func = func
        self.__name__ = func.__name__
        self._ufunc = CUDAUFunc(func, None)

    def __call__(self, arr, size=None, res=None, init=0, stream=0):
        arr = _views([arr])[0]
        arr = arr[:size] if size is not None else arr
        dtype = np.dtype(arr.dtype)
        if arr.shape[0] == 0:
            value = dtype.type(init)
        else:
            value = dtype.type(self.py_func(self._ufunc.reduce(arr, stream=stream), dtype.type(init)))
        if res is not None:
            res.copy_to_device(np.array([value], dtype))
            return None
        return value
