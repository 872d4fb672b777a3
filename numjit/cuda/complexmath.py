"""cmath's elementary functions in CUDA kernels: formulas over real math (libdevice).

On the CPU, cmath.exp, log, sqrt, sin, ... call C99's cexp, clog, csqrt, ... (intrinsics/
complexmath.py); libdevice has no complex functions, so in a kernel the same keys compile
these functions instead, in double precision (complex64 rounds once at the end, as on the
CPU). They follow CPython's cmath module: its algorithms for sqrt and the inverse functions
(cancellation-free, no overflow for large arguments), Kahan's tanh, and C99's results for
zeros, infinities and NaNs in exp, log, sqrt, sinh, cosh and tanh (and sin, cos, tan through
them) — and, for the inverse functions, NumPy's results at infinities and NaNs (C99's tables).
numba-cuda supports cmath in kernels the same way (numba's cmathimpl).

    >>> import cmath
    >>> z = 0.5 - 2j
    >>> all(abs(FORMULAS[name](z) - f(z)) < 1e-15 * abs(f(z)) for name, f in
    ...     [("cexp", cmath.exp), ("csqrt", cmath.sqrt), ("catanh", cmath.atanh), ("cacos", cmath.acos)])
    True
"""
import math

LN2 = math.log(2.0)
LARGE = 4.49423283715578976e307              # DBL_MAX / 4: beyond it the formulas rescale
SQRT_LARGE = 6.70390396497129855e153         # its square root
DBL_MIN = 2.2250738585072014e-308
SQRT_TINY = 1.49166814624004135e-154         # sqrt(DBL_MIN)


def cexp(z):
    x, y = z.real, z.imag
    if y == 0.0:                             # exp of a real: the zero imaginary part keeps its sign
        return complex(math.exp(x), y)
    if math.isinf(x) and not math.isfinite(y):
        return complex(x, y - y) if x > 0.0 else complex(0.0, math.copysign(0.0, y))
    return _times_exp(x, math.cos(y), math.sin(y))


def _times_exp(x, a, b):
    """complex(a * exp(x), b * exp(x)), finite where the products are although exp(x) is not."""
    if x > 709.0:
        big = math.exp(709.0)
        a, b, x = a * big, b * big, x - 709.0
        if x > 709.0:
            a, b, x = a * big, b * big, x - 709.0
    scale = math.exp(x)
    return complex(a * scale, b * scale)


def clog(z):
    x, y = z.real, z.imag
    ax, ay = abs(x), abs(y)
    if ax < ay:
        ax, ay = ay, ax
    h = math.hypot(ax, ay)
    if ax == 1.0:                            # |z| near 1: log1p keeps the small real part exact
        real = 0.5 * math.log1p(ay * ay)
    elif 0.5 < h < 2.0:
        real = 0.5 * math.log1p((ax - 1.0) * (ax + 1.0) + ay * ay)
    else:
        real = math.log(h)
    return complex(real, math.atan2(y, x))


def csqrt(z):
    x, y = z.real, z.imag
    if x == 0.0 and y == 0.0:
        return complex(0.0, y)
    if math.isinf(y):
        return complex(math.inf, y)
    if math.isnan(x):
        return complex(x, x)
    if math.isinf(x):
        if x > 0.0:
            return complex(x, math.copysign(0.0, y) if math.isfinite(y) else y)
        return complex(abs(y - y), math.copysign(math.inf, y))    # (NaN, +-inf) for a NaN y
    ax, ay = abs(x), abs(y)
    if ax < DBL_MIN and ay < DBL_MIN:        # hypot would be subnormal: scaled up by 2**53
        ax = math.ldexp(ax, 53)
        s = math.ldexp(math.sqrt(ax + math.hypot(ax, math.ldexp(ay, 53))), -27)
    else:                                    # sqrt((ax + |z|) / 2), without overflow
        ax = ax / 8.0
        s = 2.0 * math.sqrt(ax + math.hypot(ax, ay / 8.0))
    d = ay / (2.0 * s)
    if x >= 0.0:
        return complex(s, math.copysign(d, y))
    return complex(d, math.copysign(s, y))


def csinh(z):
    x, y = z.real, z.imag
    if y == 0.0:
        return complex(math.sinh(x), y)
    if not math.isfinite(y) and (x == 0.0 or math.isinf(x)):
        return complex(x if x == 0.0 else x * x, y - y)
    if abs(x) > 709.0:                       # sinh(x) = +-cosh(x) = +-exp(|x|) / 2
        return _times_exp(abs(x), math.copysign(0.5, x) * math.cos(y), 0.5 * math.sin(y))
    return complex(math.sinh(x) * math.cos(y), math.cosh(x) * math.sin(y))


def ccosh(z):
    x, y = z.real, z.imag
    if y == 0.0:
        return complex(math.cosh(x), y if math.isnan(x) else y * math.copysign(1.0, x))
    if not math.isfinite(y) and (x == 0.0 or math.isinf(x)):
        return complex(x * x if x != 0.0 else y - y, 0.0 if x == 0.0 else y - y)
    if abs(x) > 709.0:
        return _times_exp(abs(x), 0.5 * math.cos(y), math.copysign(0.5, x) * math.sin(y))
    return complex(math.cosh(x) * math.cos(y), math.sinh(x) * math.sin(y))


def ctanh(z):
    """Kahan's formula (as glibc's ctanh); tanh(x) is +-1 in double beyond |x| = 20."""
    x, y = z.real, z.imag
    if y == 0.0:
        return complex(math.tanh(x), y)
    if not math.isfinite(y):
        if math.isinf(x):
            return complex(math.copysign(1.0, x), math.copysign(0.0, y))
        return complex(x if x == 0.0 else y - y, y - y)
    if abs(x) > 20.0:
        return complex(math.copysign(1.0, x), 4.0 * math.sin(y) * math.cos(y) * math.exp(-2.0 * abs(x)))
    t = math.tan(y)
    beta = 1.0 + t * t
    s = math.sinh(x)
    rho = math.sqrt(1.0 + s * s)
    denom = 1.0 + beta * s * s
    return complex(beta * rho * s / denom, t / denom)


def csin(z):                                 # sin(z) = -i sinh(iz)
    w = csinh(complex(-z.imag, z.real))
    imag = -w.real
    if math.isinf(imag) and not math.isfinite(z.real):     # C99 leaves the sign; glibc and NumPy give +inf
        imag = math.inf
    return complex(w.imag, imag)


def ccos(z):                                 # cos(z) = cosh(iz)
    return ccosh(complex(-z.imag, z.real))


def ctan(z):                                 # tan(z) = -i tanh(iz)
    w = ctanh(complex(-z.imag, z.real))
    return complex(w.imag, -w.real)


def _log_half_hypot(x, y):
    """log|z| for |z| beyond LARGE, without overflow."""
    return math.log(math.hypot(0.5 * x, 0.5 * y)) + 2.0 * LN2


def casinh(z):
    x, y = z.real, z.imag
    if math.isnan(x) and y == 0.0:
        return complex(x, y)
    if abs(x) > LARGE or abs(y) > LARGE:
        if y >= 0.0:
            real = math.copysign(_log_half_hypot(x, y), x)
        else:
            real = -math.copysign(_log_half_hypot(x, y), -x)
        return complex(real, math.atan2(y, abs(x)))
    s1 = csqrt(complex(1.0 + y, -x))
    s2 = csqrt(complex(1.0 - y, x))
    return complex(math.asinh(s1.real * s2.imag - s2.real * s1.imag),
                   math.atan2(y, s1.real * s2.real - s1.imag * s2.imag))


def casin(z):                                # asin(z) = -i asinh(iz)
    w = casinh(complex(-z.imag, z.real))
    return complex(w.imag, -w.real)


def cacos(z):
    x, y = z.real, z.imag
    if x == 0.0 and math.isnan(y):
        return complex(0.5 * math.pi, y)
    if abs(x) > LARGE or abs(y) > LARGE:
        if x < 0.0:
            imag = -math.copysign(_log_half_hypot(x, y), y)
        else:
            imag = math.copysign(_log_half_hypot(x, y), -y)
        return complex(math.atan2(abs(y), x), imag)
    s1 = csqrt(complex(1.0 - x, -y))
    s2 = csqrt(complex(1.0 + x, y))
    return complex(2.0 * math.atan2(s1.real, s2.real), math.asinh(s2.real * s1.imag - s2.imag * s1.real))


def cacosh(z):
    x, y = z.real, z.imag
    if x == 0.0 and math.isnan(y):
        return complex(y, 0.5 * math.pi)
    if abs(x) > LARGE or abs(y) > LARGE:
        return complex(_log_half_hypot(x, y), math.atan2(y, x))
    s1 = csqrt(complex(x - 1.0, y))
    s2 = csqrt(complex(x + 1.0, y))
    return complex(math.asinh(s1.real * s2.real + s1.imag * s2.imag), 2.0 * math.atan2(s1.imag, s2.real))


def catanh(z):
    x, y = z.real, z.imag
    sign = 1.0
    if x < 0.0:                              # atanh(-z) = -atanh(z)
        x, y, sign = -x, -y, -1.0
    ay = abs(y)
    if math.isnan(x) or math.isnan(y):       # C99's NaN cases
        if math.isinf(x) or x == 0.0:
            real, imag = math.copysign(0.0, x), y
        elif math.isinf(y):
            real, imag = math.copysign(0.0, x), math.copysign(0.5 * math.pi, y)
        else:
            real, imag = x + y, x + y
    elif math.isinf(x) or math.isinf(y):
        real, imag = math.copysign(0.0, x), math.copysign(0.5 * math.pi, y)
    elif x > SQRT_LARGE or ay > SQRT_LARGE:
        h = math.hypot(0.5 * x, 0.5 * y)
        real = x / 4.0 / h / h
        imag = -math.copysign(0.5 * math.pi, -y)
    elif x == 1.0 and ay < SQRT_TINY:
        if ay == 0.0:
            real, imag = math.inf, y
        else:
            real = -math.log(math.sqrt(ay) / math.sqrt(math.hypot(ay, 2.0)))
            imag = math.copysign(0.5 * math.atan2(2.0, -ay), y)
    else:
        real = 0.25 * math.log1p(4.0 * x / ((1.0 - x) * (1.0 - x) + ay * ay))
        imag = -0.5 * math.atan2(-2.0 * y, (1.0 - x) * (1.0 + x) - ay * ay)
    return complex(sign * real, sign * imag)


def catan(z):                                # atan(z) = -i atanh(iz)
    w = catanh(complex(-z.imag, z.real))
    return complex(w.imag, -w.real)


# the C99 name intrinsics/complexmath.py calls on the CPU -> the formula kernels compile
FORMULAS = {f.__name__: f for f in (cexp, clog, csqrt, csinh, ccosh, ctanh, csin, ccos, ctan,
                                     casinh, casin, cacos, cacosh, catanh, catan)}
