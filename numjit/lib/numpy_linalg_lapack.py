"""np.linalg through LAPACK (scipy's, see numjit/intrinsics/cfunc.py): inv, solve, det, slogdet,
cholesky, eigh, eigvalsh, eig, eigvals, svd, qr, lstsq, pinv, matrix_rank, cond.

A matrix is copied into a column-major buffer in the dtype LAPACK computes in (float32,
float64, complex64, complex128; integers and bool in float64), as numba does; the buffer of an
(m, n) matrix is a C array of shape (n, m), its transpose. Results, dtypes and errors are
NumPy 2's (`np.linalg.LinAlgError("Singular matrix")`, ...) for 2-D arrays (stacked matrices:
numpy_linalg_stacked.py):

    >>> from numjit.types import float32, int64
    >>> inv(float32[:, :]).__name__, det(int64[:, ::1]).__name__
    ('inv_impl', 'det_impl')

Real input to eig/eigvals gives real results, as in NumPy (where the eigenvalues are real) and
numba; complex eigenvalues of a real matrix raise ValueError, as in numba (NumPy's result dtype
depends on the values, a compiled function's cannot: pass a complex matrix for them).
"""
import numpy as np

from ..errors import TypingError
from ..intrinsics.cfunc import fortran_call
from ..types import Boolean, Complex, Const, Float
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


# the functions numjit/lib/numpy_linalg_stacked.py applies to stacked matrices
STACKED = ("inv", "cholesky", "det", "slogdet", "eigvalsh", "eigh", "eigvals", "eig", "solve")


def matrix_class(a, name):
    """lapack_class of one 2-D argument (None for stacked matrices where numpy_linalg_stacked
    takes them); other dimensions are a located error."""
    cls = lapack_class(a)
    if cls is None:
        return None
    ndim = array_of(a).ndim
    if ndim > 2 and name in STACKED:
        return None
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
def _cholesky_impl(cls):
    potrf = PREFIX[cls] + "potrf"

    def cholesky_impl(a, upper=False):
        check_square(a)
        n = a.shape[0]
        buf = fortran_copy(a, cls)
        info = np.zeros(1, np.int32)
        if upper:
            fortran_call("lapack", potrf, "U", np.int32(n), buf, lead(n), info)
        else:
            fortran_call("lapack", potrf, "L", np.int32(n), buf, lead(n), info)
        if info[0] > 0:
            raise LinAlgError("Matrix is not positive definite")
        out = np.zeros((n, n), cls)
        for j in range(n):
            for i in range(j, n):
                if upper:
                    out[j, i] = buf[i, j]
                else:
                    out[i, j] = buf[j, i]
        return out
    return cholesky_impl


@overload(np.linalg.cholesky)
def cholesky(a, upper=None):
    cls = matrix_class(a, "cholesky")
    return None if cls is None else _cholesky_impl(cls)


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
        work = np.zeros(1, cls)
        rwork = np.zeros(1, real)          # a real routine leaves it alone
        iwork = np.zeros(1, np.int32)
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


eigh = overload(np.linalg.eigh)(_eigh_typer(True, "eigh"))
eigvalsh = overload(np.linalg.eigvalsh)(_eigh_typer(False, "eigvalsh"))


@specialized
def _eig_impl(cls, vectors):
    geev = PREFIX[cls] + "geev"
    jobvr = "V" if vectors else "N"
    real = REAL[cls]
    if cls in (np.complex64, np.complex128):
        def call(n, buf, w, wi, vl, vr, ldvr, work, lwork, rwork, info):
            fortran_call("lapack", geev, "N", jobvr, np.int32(n), buf, lead(n), w, vl, np.int32(1),
                         vr, ldvr, work, lwork, rwork, info)

        def results(w, wi, vr):
            return w, vr.T
    else:
        def call(n, buf, w, wi, vl, vr, ldvr, work, lwork, rwork, info):
            fortran_call("lapack", geev, "N", jobvr, np.int32(n), buf, lead(n), w, wi, vl, np.int32(1),
                         vr, ldvr, work, lwork, info)

        def results(w, wi, vr):
            for x in wi:
                if x != 0:
                    raise ValueError("eig() argument must not cause a domain change: "
                                     "pass a complex matrix for complex eigenvalues")
            return w, vr.T

    def eig_buffers(a):
        check_square(a)
        n = a.shape[0]
        buf = fortran_copy(a, cls)
        w = np.empty(n, cls)
        wi = np.zeros(n, cls)
        vl = np.empty(1, cls)
        side = n if vectors else 1
        vr = np.empty((side, side), cls)
        rwork = np.empty(max(1, 2 * n), real)
        info = np.zeros(1, np.int32)
        work = np.zeros(1, cls)
        call(n, buf, w, wi, vl, vr, lead(side), work, np.int32(-1), rwork, info)
        work = np.empty(work_size(work[0]), cls)
        call(n, buf, w, wi, vl, vr, lead(side), work, np.int32(work.size), rwork, info)
        if info[0] > 0:
            raise LinAlgError("Eigenvalues did not converge")
        return results(w, wi, vr)

    def eig_impl(a):
        return eig_buffers(a)

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


# -- svd, qr, lstsq, pinv, matrix_rank, cond -------------------------------------------------

@specialized
def _svd_impl(cls, compute_uv):
    gesdd = PREFIX[cls] + "gesdd"
    real = REAL[cls]
    if cls in (np.complex64, np.complex128):
        def call(jobz, m, n, buf, s, u, ldu, vt, ldvt, work, lwork, rwork, iwork, info):
            fortran_call("lapack", gesdd, jobz, np.int32(m), np.int32(n), buf, lead(m), s, u, ldu, vt, ldvt,
                         work, lwork, rwork, iwork, info)
    else:
        def call(jobz, m, n, buf, s, u, ldu, vt, ldvt, work, lwork, rwork, iwork, info):
            fortran_call("lapack", gesdd, jobz, np.int32(m), np.int32(n), buf, lead(m), s, u, ldu, vt, ldvt,
                         work, lwork, iwork, info)

    def call_job(full, m, n, buf, s, u, ldu, vt, ldvt, work, lwork, rwork, iwork, info):
        if not compute_uv:
            call("N", m, n, buf, s, u, ldu, vt, ldvt, work, lwork, rwork, iwork, info)
        elif full:
            call("A", m, n, buf, s, u, ldu, vt, ldvt, work, lwork, rwork, iwork, info)
        else:
            call("S", m, n, buf, s, u, ldu, vt, ldvt, work, lwork, rwork, iwork, info)

    def svd_buffers(a, full):
        """s, and U and V^H as column-major buffers."""
        m, n = a.shape
        k = min(m, n)
        u_cols = (m if full else k) if compute_uv else 1
        vt_rows = (n if full else k) if compute_uv else 1
        s = np.empty(k, real)
        u = np.zeros((u_cols, m if compute_uv else 1), cls)
        vt = np.zeros((n if compute_uv else 1, vt_rows), cls)
        if k == 0:
            for i in range(min(u.shape[0], u.shape[1])):
                u[i, i] = 1
            for i in range(min(vt.shape[0], vt.shape[1])):
                vt[i, i] = 1
            return s, u, vt
        buf = fortran_copy(a, cls)
        big = max(m, n)
        rwork = np.empty(max(7 * k, 5 * k * k + 5 * k, 2 * big * k + 2 * k * k + k), real)
        iwork = np.empty(8 * k, np.int32)
        info = np.zeros(1, np.int32)
        work = np.zeros(1, cls)
        ldu, ldvt = lead(u.shape[1]), lead(vt.shape[1])
        call_job(full, m, n, buf, s, u, ldu, vt, ldvt, work, np.int32(-1), rwork, iwork, info)
        work = np.empty(work_size(work[0]), cls)
        call_job(full, m, n, buf, s, u, ldu, vt, ldvt, work, np.int32(work.size), rwork, iwork, info)
        if info[0] > 0:
            raise LinAlgError("SVD did not converge")
        return s, u, vt

    def svd_impl(a, full_matrices=True, compute_uv=True, hermitian=False):
        s, u, vt = svd_buffers(a, full_matrices)
        return u.T, s, vt.T

    def svdvals_impl(x):
        return svd_buffers(x, False)[0]

    return svd_impl if compute_uv else svdvals_impl


@specialized
def _svd_values(cls):
    values = _svd_impl(cls, False)

    def svd_values(a, full_matrices=True, compute_uv=True, hermitian=False):
        return values(a)
    return svd_values


def literal_flag(t, default, what):
    """A keyword that decides the result type: None (default) or a True/False literal; a run-time
    bool is retried with its literal (None)."""
    if is_none(t):
        return default
    if isinstance(t, Const) and isinstance(t.value, bool):
        return t.value
    if isinstance(t, Boolean):
        return None
    raise TypingError(f"{what} must be True or False, not {t}")


@overload(np.linalg.svd)
def svd(a, full_matrices=None, compute_uv=None, hermitian=None):
    cls = matrix_class(a, "svd")
    if cls is None:
        return None
    uv = literal_flag(compute_uv, True, "np.linalg.svd(): compute_uv")
    if uv is None:
        return None
    if not (is_none(hermitian) or isinstance(hermitian, Const) and hermitian.value is False):
        raise TypingError("np.linalg.svd(): hermitian=True is not supported")
    return _svd_impl(cls, True) if uv else _svd_values(cls)


@overload(np.linalg.svdvals)
def svdvals(x):
    cls = matrix_class(x, "svdvals")
    return None if cls is None else _svd_impl(cls, False)


@specialized
def _qr_impl(cls, mode):
    geqrf = PREFIX[cls] + "geqrf"
    orgqr = PREFIX[cls] + ("ungqr" if cls in (np.complex64, np.complex128) else "orgqr")

    def qr_r(m, n, buf, rows):
        r = np.zeros((rows, n), cls)
        for i in range(rows):
            for j in range(i, n):
                r[i, j] = buf[j, i]
        return r

    def qr_factor(a):
        m, n = a.shape
        buf = fortran_copy(a, cls)
        k = min(m, n)
        tau = np.empty(max(1, k), cls)
        info = np.zeros(1, np.int32)
        work = np.zeros(1, cls)
        if k > 0:
            fortran_call("lapack", geqrf, np.int32(m), np.int32(n), buf, lead(m), tau, work, np.int32(-1), info)
            work = np.empty(work_size(work[0]), cls)
            fortran_call("lapack", geqrf, np.int32(m), np.int32(n), buf, lead(m), tau, work,
                         np.int32(work.size), info)
        return buf, tau

    def qr_q(m, n, buf, tau, cols):
        k = min(m, n)
        q = np.zeros((cols, m), cls)
        for j in range(min(cols, n)):
            for i in range(m):
                q[j, i] = buf[j, i]
        info = np.zeros(1, np.int32)
        work = np.zeros(1, cls)
        if m > 0:
            fortran_call("lapack", orgqr, np.int32(m), np.int32(cols), np.int32(k), q, lead(m), tau, work,
                         np.int32(-1), info)
            work = np.empty(work_size(work[0]), cls)
            fortran_call("lapack", orgqr, np.int32(m), np.int32(cols), np.int32(k), q, lead(m), tau, work,
                         np.int32(work.size), info)
        return q.T

    def qr_reduced(a, mode=None):
        m, n = a.shape
        buf, tau = qr_factor(a)
        k = min(m, n)
        return qr_q(m, n, buf, tau, k), qr_r(m, n, buf, k)

    def qr_complete(a, mode=None):
        m, n = a.shape
        buf, tau = qr_factor(a)
        return qr_q(m, n, buf, tau, m), qr_r(m, n, buf, m)

    def qr_r_only(a, mode=None):
        m, n = a.shape
        buf, tau = qr_factor(a)
        return qr_r(m, n, buf, min(m, n))

    return {"reduced": qr_reduced, "complete": qr_complete, "r": qr_r_only}[mode]


@overload(np.linalg.qr)
def qr(a, mode=None):
    cls = matrix_class(a, "qr")
    if cls is None:
        return None
    return _qr_impl(cls, const_value(mode, "reduced", ("reduced", "complete", "r"), "qr's mode"))


@specialized
def _lstsq_impl(cls, b_ndim, default_rcond):
    gelsd = PREFIX[cls] + "gelsd"
    real = REAL[cls]
    eps = float(np.finfo(real).eps)

    def default_cutoff(m, n, rcond):
        return real(eps * max(m, n))

    def given_cutoff(m, n, rcond):
        return real(rcond)
    cutoff = default_cutoff if default_rcond else given_cutoff

    def rhs_copy(b, nrhs, rows):
        rhs = np.zeros((nrhs, rows), cls)
        for i in range(b.shape[0]):
            rhs[0, i] = b[i]
        return rhs
    if b_ndim == 2:
        def rhs_copy(b, nrhs, rows):
            rhs = np.zeros((nrhs, rows), cls)
            for i in range(b.shape[0]):
                for j in range(nrhs):
                    rhs[j, i] = b[i, j]
            return rhs
    if cls in (np.complex64, np.complex128):
        def call(m, n, nrhs, buf, rhs, ldb, s, rcond, rank, work, lwork, rwork, iwork, info):
            fortran_call("lapack", gelsd, np.int32(m), np.int32(n), np.int32(nrhs), buf, lead(m), rhs, ldb,
                         s, rcond, rank, work, lwork, rwork, iwork, info)
    else:
        def call(m, n, nrhs, buf, rhs, ldb, s, rcond, rank, work, lwork, rwork, iwork, info):
            fortran_call("lapack", gelsd, np.int32(m), np.int32(n), np.int32(nrhs), buf, lead(m), rhs, ldb,
                         s, rcond, rank, work, lwork, iwork, info)

    def lstsq_impl(a, b, rcond=None):
        m, n = a.shape
        if b.shape[0] != m:
            raise LinAlgError("Incompatible dimensions")
        nrhs = 1 if b_ndim == 1 else b.shape[-1]
        rows = max(m, n, 1)
        rhs = rhs_copy(b, nrhs, rows)
        k = min(m, n)
        s = np.empty(k, real)
        rank = np.zeros(1, np.int32)
        if k > 0 and nrhs > 0:
            buf = fortran_copy(a, cls)
            cut = cutoff(m, n, rcond)
            info = np.zeros(1, np.int32)
            work = np.zeros(1, cls)
            rwork = np.zeros(1, real)          # a real routine leaves it alone
            iwork = np.zeros(1, np.int32)
            call(m, n, nrhs, buf, rhs, np.int32(rows), s, cut, rank, work, np.int32(-1), rwork, iwork, info)
            work = np.empty(work_size(work[0]), cls)
            rwork = np.empty(work_size(rwork[0]), real)
            iwork = np.empty(max(1, iwork[0]), np.int32)
            call(m, n, nrhs, buf, rhs, np.int32(rows), s, cut, rank, work, np.int32(work.size), rwork, iwork, info)
            if info[0] > 0:
                raise LinAlgError("SVD did not converge in Linear Least Squares")
        x = np.zeros((n, nrhs), cls)
        if m > 0:
            for j in range(nrhs):
                for i in range(n):
                    x[i, j] = rhs[j, i]
        residues = np.zeros(nrhs if rank[0] == n and m > n else 0, real)
        for j in range(residues.size):
            for i in range(n, m):
                residues[j] += abs(rhs[j, i]) ** 2
        return x, residues, int(rank[0]), s

    def lstsq_vector(a, b, rcond=None):
        x, residues, rank, s = lstsq_impl(a, b, rcond)
        return x[:, 0], residues, rank, s
    return lstsq_vector if b_ndim == 1 else lstsq_impl


@overload(np.linalg.lstsq)
def lstsq(a, b, rcond=None):
    cls = matrix_class(a, "lstsq")
    y = array_of(b)
    if cls is None or y is None or y.ndim > 2:
        return None
    return _lstsq_impl(lapack_class(a, b), y.ndim, is_none(rcond))


@specialized
def _pinv_impl(cls, default_rcond):
    def default_cutoff(rcond):
        return 1e-15

    def given_cutoff(rcond):
        return rcond
    relative_cutoff = default_cutoff if default_rcond else given_cutoff

    def pinv_impl(a, rcond=None, hermitian=False):
        m, n = a.shape
        out = np.zeros((n, m), cls)
        if m == 0 or n == 0:
            return out
        u, s, vt = np.linalg.svd(a, False)
        cutoff = relative_cutoff(rcond) * s[0]
        for k in range(s.size):
            if s[k] > cutoff:
                scale = 1 / s[k]
                for i in range(n):
                    x = np.conj(vt[k, i]) * scale
                    for j in range(m):
                        out[i, j] += x * np.conj(u[j, k])
        return out
    return pinv_impl


@overload(np.linalg.pinv)
def pinv(a, rcond=None, hermitian=None):
    cls = matrix_class(a, "pinv")
    return None if cls is None else _pinv_impl(cls, is_none(rcond))


@specialized
def _matrix_rank_impl(ndim, eps, default_tol):
    def relative_tolerance(largest, m, n, tol):
        return largest * max(m, n) * eps

    def given_tolerance(largest, m, n, tol):
        return tol
    tolerance = relative_tolerance if default_tol else given_tolerance

    def rank_vector(A, tol=None):
        for x in A:
            if x != 0:
                return 1
        return 0

    def rank_matrix(A, tol=None):
        m, n = A.shape
        s = np.linalg.svdvals(A)
        if s.size == 0:
            return 0
        limit = tolerance(s[0], m, n, tol)
        count = 0
        for x in s:
            if x > limit:
                count += 1
        return count
    return rank_vector if ndim < 2 else rank_matrix


@overload(np.linalg.matrix_rank)
def matrix_rank(A, tol=None):
    x = array_of(A)
    if x is None:
        return None
    if x.ndim > 2:
        return matrix_class(A, "matrix_rank")
    cls = lapack_class(A) if x.ndim == 2 else np.float64
    return None if cls is None else _matrix_rank_impl(x.ndim, float(np.finfo(REAL[cls]).eps), is_none(tol))


def _cond_2(x, p=None):
    s = np.linalg.svdvals(x)
    return s[0] / s[-1]


def _cond_number(x, p):
    if p == 2 or p == -2:
        s = np.linalg.svdvals(x)
        return s[0] / s[-1] if p == 2 else s[-1] / s[0]
    return np.linalg.norm(x, p) * np.linalg.norm(np.linalg.inv(x), p)


def _cond_named(x, p):
    return np.linalg.norm(x, p) * np.linalg.norm(np.linalg.inv(x), p)


@overload(np.linalg.cond)
def cond(x, p=None):
    if matrix_class(x, "cond") is None:
        return None
    if is_none(p):
        return _cond_2
    return _cond_named if isinstance(p, Const) else _cond_number
