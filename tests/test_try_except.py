"""try/except/else/finally in compiled code, compared with Python on the same inputs.

Every `except` form (a class, a tuple `as e`, a base class, bare), `else`, `finally` on every
path (fall-through, exception caught, exception escaping, return, break, continue, a return
inside `finally`), re-raising (`raise`, `raise e`, `raise X from Y`), exceptions from jitted
callees, from lib/ overloads and from numjit's own checks (boundscheck, integer division),
inside `prange` bodies; exceptions that escape keep their type and message.
"""
import math

import numpy as np
import pytest

from impl import COMPILE_ERRORS, impl_module, njit

prange = impl_module.prange

# numba compiles few of these forms (typed except clauses, finally, closures over arrays, ...)
pytestmark = pytest.mark.numjit_only


def outcome(fn, *args):
    """What a call gives: ('ok', value) or ('raised', type, message)."""
    try:
        value = fn(*args)
    except Exception as exc:                 # the comparison is the point: any exception
        return ("raised", type(exc), str(exc))
    if isinstance(value, np.ndarray):
        return ("ok", value.tolist())
    return ("ok", value)


def same(pyfunc, cfunc, *argsets):
    for args in argsets:
        assert outcome(cfunc, *args) == outcome(pyfunc, *args), f"{pyfunc.__name__}{args}"


@njit
def failing(kind):
    """Raises by kind: 1 ValueError, 2 KeyError, 3 IndexError, 4 ZeroDivisionError, else returns."""
    if kind == 1:
        raise ValueError("bad value")
    if kind == 2:
        raise KeyError("no key")
    if kind == 3:
        raise IndexError("too far")
    if kind == 4:
        return 1 // (kind - 4)
    return kind * 10


def every_clause(kind, a, i):
    log = 0
    try:
        log += failing(kind)
        log += a[i]                          # IndexError under boundscheck, as in Python
        log += 100 // (i - 2)
    except ValueError:
        log += 1
    except (KeyError, IndexError) as e:
        log += 2
    except ArithmeticError:                  # ZeroDivisionError is one
        log += 3
    except Exception:
        log += 4
    else:
        log += 5000
    finally:
        log += 10000
    try:
        if kind == 6:
            raise RuntimeError("runtime")
        log += failing(kind)
    except:                                  # noqa: E722 - bare except is the case tested
        log += 700
    return log


def test_every_except_clause():
    cfunc = njit(boundscheck=True)(every_clause)
    a = np.arange(5)
    same(every_clause, cfunc, *[(kind, a, i) for kind in range(7) for i in (0, 2, 4, 5, -9)])


def finally_paths(x, n):
    """finally runs on return, break, continue, caught and escaping exceptions."""
    total = 0
    for i in range(n):
        try:
            if i == x:
                break
            if i % 3 == 0:
                continue
            if i == x + 1:
                return total * 1000 + i
            if i == 4 and x == 6:
                total += failing(1)                # escapes the loop and the function
            total += i
        finally:
            total += 100
    try:
        try:
            if x == 7:
                total += failing(2)                # escapes the inner try, caught outside
            total += 1
        finally:
            total += 10
    except KeyError:
        total -= 1
    if x == 9:
        try:
            return failing(3)                      # escapes the function after finally
        finally:
            total = 0
    return total


def test_finally_on_every_path():
    same(finally_paths, njit(finally_paths), *[(x, n) for x in (-1, 1, 2, 4, 5, 6, 7, 9) for n in (0, 6, 12)])


def return_in_finally(x):
    for i in range(3):
        try:
            if x > 0:
                return np.ones(2) * x              # an array owned by the pending return
            if x < -5:
                failing(1)
        finally:
            if x > 5 or x < -5:
                return np.zeros(2) + i             # overrides the return and the exception
    return np.ones(3)


def test_return_and_exceptions_overridden_by_finally():
    same(return_in_finally, njit(return_in_finally), (-1,), (3,), (7,), (-9,))


def while_break_continue(n):
    s = 0
    i = 0
    while True:
        i += 1
        try:
            try:
                if i > n:
                    break
                if i % 2:
                    continue
                s += i
            finally:
                s += 1000
        finally:
            s += 1
    return s


def test_nested_finally_with_break_and_continue():
    same(while_break_continue, njit(while_break_continue), (0,), (5,), (8,))


def reraise(kind):
    try:
        return failing(kind)
    except ValueError as e:
        raise e
    except KeyError:
        raise
    except IndexError as e:
        raise RuntimeError("wrapped") from e
    except ZeroDivisionError:
        raise OverflowError("other") from None


def test_reraise_forms():
    same(reraise, njit(reraise), *[(k,) for k in range(6)])


def escape_from_handler(kind):
    out = 0
    try:
        try:
            out += failing(kind)
        except ValueError:
            out += failing(kind + 1)              # a new exception inside the handler
        else:
            out += failing(2)                     # else is not protected by its own except
        finally:
            out += 5
    except KeyError as err:
        out -= 1
        _ = err
    return out


def test_exceptions_inside_handlers_and_else():
    same(escape_from_handler, njit(escape_from_handler), (1,), (0,), (3,))


def arrays_in_try(x, n):
    """Temporaries and variables holding arrays are released on every path (the leak check)."""
    acc = np.zeros(n)
    for k in range(3):
        try:
            tmp = np.ones(n) * (x + k)
            acc = acc + tmp[failing(x) // 10] + np.arange(n)[:n] * 0
        except ValueError:
            acc = acc - 1
        except IndexError:
            acc = acc + np.ones(n)[:1].sum()
    return acc


def test_arrays_released_on_exception_paths():
    same(arrays_in_try, njit(boundscheck=True)(arrays_in_try), (0, 4), (1, 3), (3, 2), (5, 1))


def library_errors(n, d):
    out = 0.0
    try:
        out += math.factorial(n)                  # ValueError from a lib/ overload
    except ValueError:
        out -= 1.0
    try:
        out += 7 % d                              # ZeroDivisionError from the integer check
    except ZeroDivisionError:
        out -= 10.0
    return out


def test_library_and_check_errors_are_caught():
    same(library_errors, njit(library_errors), (-2, 0), (4, 3), (-1, 5), (3, 0))


def par_body(a):
    out = np.zeros(a.shape[0])
    for i in prange(a.shape[0]):
        try:
            if a[i] < 0:
                raise ValueError("negative")
            out[i] = 1.0 / a[i]
        except ValueError:
            out[i] = -1.0
        finally:
            out[i] += 0.5
    return out


def test_try_inside_prange_body():
    a = np.array([1.0, -2.0, 4.0, -8.0] * 50)
    same(par_body, njit(parallel=True)(par_body), (a,))


def except_not_a_class(x):
    try:
        return x
    except len:
        return 0


def except_a_class_not_an_exception(x):
    try:
        return 1 // x
    except (ZeroDivisionError, int):
        return 0


def bare_raise_outside(x):
    raise


def raise_from_number(x):
    raise ValueError("v") from 3


@pytest.mark.parametrize("fn,word", [(except_not_a_class, "except len"),
                                     (except_a_class_not_an_exception, "(ZeroDivisionError, int)"),
                                     (bare_raise_outside, "raise"),
                                     (raise_from_number, "from 3")])
def test_bad_forms_are_located_errors(fn, word):
    with pytest.raises(COMPILE_ERRORS) as info:
        njit(fn)(1)
    message = str(info.value)
    assert word in message and f"{__name__.split('.')[-1]}.py" in message


class MyError(ValueError):
    pass


class BothErrors(KeyError, MyError):            # two bases: matched through the whole MRO
    pass


def user_classes(k):
    try:
        if k == 1:
            raise MyError("mine")
        if k == 2:
            raise BothErrors("both")
        if k == 3:
            raise KeyError("key")
        return 0
    except MyError:
        return 1
    except LookupError:
        return 2


def test_user_defined_exception_classes():
    same(user_classes, njit(user_classes), *[(k,) for k in range(4)])


def try_around_prange(a):
    try:
        total = 0.0
        for i in prange(a.shape[0]):
            if a[i] < 0:
                raise ValueError("negative")
            total += a[i]
        return total
    except ValueError:
        return -1.0


def test_exception_from_prange_caught_outside():
    same(try_around_prange, njit(parallel=True)(try_around_prange), (np.ones(100),), (-np.ones(100),))
