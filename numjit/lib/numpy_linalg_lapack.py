"""np.linalg through LAPACK (scipy's, see numjit/intrinsics/cfunc.py): inv, solve, det, slogdet,
cholesky, eigh, eigvalsh, eig, eigvals, svd, qr, lstsq, pinv, matrix_rank, cond.

A matrix is copied into a column-major buffer in the dtype LAPACK computes in (float32,
float64, complex64, complex128; integers and bool in float64), as numba does; the buffer of an
(m, n) matrix is a C array of shape (n, m), its transpose. Results, dtypes and errors are
NumPy 2's (`np.linalg.LinAlgError("Singular matrix")`, ...) for 2-D arrays:

    >>> from numjit.types import float32, int64
    >>> inv(float32[:, :]).__name__, det(int64[:, ::1]).__name__
    ('inv_impl', 'det_impl')

Real input to eig/eigvals gives real results, as in numba; complex eigenvalues of a real
matrix raise ValueError (pass a complex matrix for them).
"""
import numpy as np

from ..errors import TypingError
from ..intrinsics.cfunc import fortran_call
from ..types import Complex, Const, Float
from ..types.scalars import is_intlike
from ..typing.registry import overload
from .guards import array_of, is_none, scalar_class, result_dtype, specialized

LinAlgError = np.linalg.LinAlgError
PREFIX = {np.float32: "s", np.float64: "d", np.complex64: "c", np.complex128: "z"}
REAL = {np.float32: np.float32, np.float64: np.float64, np.complex64: np.float32, np.complex128: np.float64}


def lapack_class(*ts):
    """The NumPy scalar class LAPACK computes in for matrices of these array types, or None."""
    arrays = [array_of(t) for t in ts]
    if any(x is None for x in arrays):
        return None
    elt = result_dtype(*[x.dtype for x in arrays])
    if elt is None:
        return None
    if is_intlike(elt):
        return np.float64
    if isinstance(elt, (Float, Complex)) and scalar_class(elt) in PREFIX:
        return scalar_class(elt)
    return None


def matrix_class(a, name):
    """lapack_class of one 2-D argument; other dimensions are a located error."""
    cls = lapack_class(a)
    if cls is None:
        return None
    ndim = array_of(a).ndim
    if ndim < 2:
        raise TypingError(f"np.linalg.{name}: {ndim}-dimensional array given. "
                          "Array must be at least two-dimensional")
    if ndim > 2:
        raise TypingError(f"np.linalg.{name} of stacked matrices ({ndim}-d) is not supported "
                          "in compiled code: loop over the matrices")
    return cls


def const_value(t, default, allowed, what):
    """The value of a keyword given as a constant (None: its default)."""
    if is_none(t):
        return default
    if isinstance(t, Const) and t.value in allowed:
        return t.value
    raise TypingError(f"{what} must be a constant, one of {allowed}")


# -- helpers compiled with the implementations ---------------------------------------------

def fortran_copy(a, cls):
    """The (n, m) C array holding 2-D `a` (m, n) column by column, in dtype cls."""
    m, n = a.shape
    buf = np.empty((n, m), cls)
    for i in range(m):
        for j in range(n):
            buf[j, i] = a[i, j]
    return buf


def check_square(a):
    if a.shape[0] != a.shape[1]:
        raise LinAlgError("Last 2 dimensions of the array must be square")


def identity(n, cls):
    out = np.zeros((n, n), cls)
    for i in range(n):
        out[i, i] = 1
    return out


def lead(n):
    """A leading dimension for LAPACK (at least 1, even for empty matrices)."""
    return np.int32(max(1, n))


def work_size(x):
    return max(1, int(x.real))


# -- inv, solve, det, slogdet, cholesky ------------------------------------------------------

@specialized
def _solve_impl(cls, b_ndim):
    gesv = PREFIX[cls] + "gesv"

    def gesv_into(lu, rhs):
        n = lu.shape[0]
        ipiv = np.empty(n, np.int32)
        info = np.zeros(1, np.int32)
        fortran_call("lapack", gesv, np.int32(n), np.int32(rhs.shape[0]), lu, lead(n), ipiv, rhs, lead(n), info)
        if info[0] > 0:
            raise LinAlgError("Singular matrix")

    def inv_impl(a):
        check_square(a)
        rhs = identity(a.shape[0], cls)
        gesv_into(fortran_copy(a, cls), rhs)
        return rhs.T

    def solve_vector(a, b):
        check_square(a)
        n = a.shape[0]
        if b.shape[0] != n:
            raise ValueError("solve: Input operand 1 has a mismatch in its core dimension 0")
        rhs = np.empty((1, n), cls)
        for i in range(n):
            rhs[0, i] = b[i]
        gesv_into(fortran_copy(a, cls), rhs)
        return rhs[0]

    def solve_matrix(a, b):
        check_square(a)
        if b.shape[0] != a.shape[0]:
            raise ValueError("solve: Input operand 1 has a mismatch in its core dimension 0")
        rhs = fortran_copy(b, cls)
        gesv_into(fortran_copy(a, cls), rhs)
        return rhs.T

    return {0: inv_impl, 1: solve_vector, 2: solve_matrix}[b_ndim]


@overload(np.linalg.inv)
def inv(a):
    cls = matrix_class(a, "inv")
    return None if cls is None else _solve_impl(cls, 0)


@overload(np.linalg.solve)
def solve(a, b):
    cls = matrix_class(a, "solve")
    y = array_of(b)
    if cls is None or y is None or y.ndim > 2:
        return None
    return _solve_impl(lapack_class(a, b), y.ndim)


@specialized
def _lu_impl(cls, log):
    getrf = PREFIX[cls] + "getrf"
    real = REAL[cls]

    def lu_diagonal(a):
        """The diagonal of U in a = P L U and the sign of the permutation P."""
        check_square(a)
        n = a.shape[0]
        lu = fortran_copy(a, cls)
        ipiv = np.empty(n, np.int32)
        info = np.zeros(1, np.int32)
        fortran_call("lapack", getrf, np.int32(n), np.int32(n), lu, lead(n), ipiv, info)
        diagonal = np.empty(n, cls)
        swaps = 0
        for i in range(n):
            diagonal[i] = lu[i, i]
            if ipiv[i] != i + 1:
                swaps += 1
        return diagonal, swaps % 2

    def det_impl(a):
        diagonal, odd = lu_diagonal(a)
        d = cls(-1) if odd else cls(1)
        for x in diagonal:
            d = d * x
        return d

    def slogdet_impl(a):
        diagonal, odd = lu_diagonal(a)
        sign = cls(-1) if odd else cls(1)
        logdet = real(0)
        for x in diagonal:
            size = abs(x)
            if size == 0:
                return cls(0), real(-np.inf)
            sign = sign * (x / size)
            logdet += np.log(size)
        return sign, logdet

    return slogdet_impl if log else det_impl


@overload(np.linalg.det)
def det(a):
    cls = matrix_class(a, "det")
    return None if cls is None else _lu_impl(cls, False)


@overload(np.linalg.slogdet)
def slogdet(a):
    cls = matrix_class(a, "slogdet")
    return None if cls is None else _lu_impl(cls, True)


@specialized
def _cholesky_impl(cls, upper_triangle):
    potrf = PREFIX[cls] + "potrf"
    uplo = "U" if upper_triangle else "L"

    def cholesky_impl(a, upper=False):
        check_square(a)
        n = a.shape[0]
        buf = fortran_copy(a, cls)
        info = np.zeros(1, np.int32)
        fortran_call("lapack", potrf, uplo, np.int32(n), buf, lead(n), info)
        if info[0] > 0:
            raise LinAlgError("Matrix is not positive definite")
        out = np.zeros((n, n), cls)
        for j in range(n):
            for i in range(j, n):
                if upper_triangle:
                    out[j, i] = buf[i, j]
                else:
                    out[i, j] = buf[j, i]
        return out
    return cholesky_impl


@overload(np.linalg.cholesky)
def cholesky(a, upper=None):
    cls = matrix_class(a, "cholesky")
    if cls is None:
        return None
    return _cholesky_impl(cls, const_value(upper, False, (False, True), "cholesky's upper="))


# -- eigenvalues -------------------------------------------------------------------------------

@specialized
def _eigh_impl(cls, uplo, vectors):
    jobz = "V" if vectors else "N"
    real = REAL[cls]
    if cls in (np.complex64, np.complex128):
        heevd = PREFIX[cls] + "heevd"

        def call(n, buf, w, work, lwork, rwork, lrwork, iwork, liwork, info):
            fortran_call("lapack", heevd, jobz, uplo, np.int32(n), buf, lead(n), w, work, lwork,
                         rwork, lrwork, iwork, liwork, info)
    else:
        syevd = PREFIX[cls] + "syevd"

        def call(n, buf, w, work, lwork, rwork, lrwork, iwork, liwork, info):
            fortran_call("lapack", syevd, jobz, uplo, np.int32(n), buf, lead(n), w, work, lwork,
                         iwork, liwork, info)

    def eigh_buffers(a):
        check_square(a)
        n = a.shape[0]
        buf = fortran_copy(a, cls)
        w = np.empty(n, real)
        info = np.zeros(1, np.int32)
        work = np.empty(1, cls)
        rwork = np.empty(1, real)
        iwork = np.empty(1, np.int32)
        minus_one = np.int32(-1)
        call(n, buf, w, work, minus_one, rwork, minus_one, iwork, minus_one, info)
        work = np.empty(work_size(work[0]), cls)
        rwork = np.empty(work_size(rwork[0]), real)
        iwork = np.empty(max(1, iwork[0]), np.int32)
        call(n, buf, w, work, np.int32(work.size), rwork, np.int32(rwork.size), iwork, np.int32(iwork.size), info)
        if info[0] > 0:
            raise LinAlgError("Eigenvalues did not converge")
        return w, buf

    def eigh_impl(a, UPLO=None):
        w, buf = eigh_buffers(a)
        return w, buf.T

    def eigvalsh_impl(a, UPLO=None):
        return eigh_buffers(a)[0]

    return eigh_impl if vectors else eigvalsh_impl


def _eigh_typer(vectors, name):
    def typer(a, UPLO=None):
        cls = matrix_class(a, name)
        if cls is None:
            return None
        return _eigh_impl(cls, const_value(UPLO, "L", ("L", "U"), f"{name}'s UPLO"), vectors)
    return typer


overload(np.linalg.eigh)(_eigh_typer(True, "eigh"))
overload(np.linalg.eigvalsh)(_eigh_typer(False, "eigvalsh"))


@specialized
def _eig_impl(cls, vectors):
    geev = PREFIX[cls] + "geev"
    jobvr = "V" if vectors else "N"
    real = REAL[cls]
    if cls in (np.complex64, np.complex128):
        def call(n, buf, w, wi, vl, vr, ldvr, work, lwork, rwork, info):
            fortran_call("lapack", geev, "N", jobvr, np.int32(n), buf, lead(n), w, vl, np.int32(1),
                         vr, ldvr, work, lwork, rwork, info)

        def check_real(wi):
            pass
    else:
        def call(n, buf, w, wi, vl, vr, ldvr, work, lwork, rwork, info):
            fortran_call("lapack", geev, "N", jobvr, np.int32(n), buf, lead(n), w, wi, vl, np.int32(1),
                         vr, ldvr, work, lwork, info)

        def check_real(wi):
            for x in wi:
                if x != 0:
                    raise ValueError("eig() argument must not cause a domain change: "
                                     "pass a complex matrix for complex eigenvalues")

    def eig_buffers(a):
        check_square(a)
        n = a.shape[0]
        buf = fortran_copy(a, cls)
        w = np.empty(n, cls)
        wi = np.empty(n, cls)
        vl = np.empty(1, cls)
        side = n if vectors else 1
        vr = np.empty((side, side), cls)
        rwork = np.empty(max(1, 2 * n), real)
        info = np.zeros(1, np.int32)
        work = np.empty(1, cls)
        call(n, buf, w, wi, vl, vr, lead(side), work, np.int32(-1), rwork, info)
        work = np.empty(work_size(work[0]), cls)
        call(n, buf, w, wi, vl, vr, lead(side), work, np.int32(work.size), rwork, info)
        if info[0] > 0:
            raise LinAlgError("Eigenvalues did not converge")
        check_real(wi)
        return w, vr

    def eig_impl(a):
        w, vr = eig_buffers(a)
        return w, vr.T

    def eigvals_impl(a):
        return eig_buffers(a)[0]

    return eig_impl if vectors else eigvals_impl


@overload(np.linalg.eig)
def eig(a):
    cls = matrix_class(a, "eig")
    return None if cls is None else _eig_impl(cls, True)


@overload(np.linalg.eigvals)
def eigvals(a):
    cls = matrix_class(a, "eigvals")
    return None if cls is None else _eig_impl(cls, False)
