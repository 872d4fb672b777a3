"""The caught exception as a value: str(e), repr(e), f"{e}", print(e); `e` unbound after its
handler (as Python deletes it); `del x`; `raise ... from ...`; exceptions made at run time freed
on every path out of a handler. Differential against Python."""
import gc

import numpy as np
import pytest

from impl import njit, TypingError

pytestmark = pytest.mark.numjit_only          # numba cannot bind `except ... as e`


def outcome(fn, *args):
    try:
        return ("ok", fn(*args))
    except Exception as exc:                   # the comparison is the point: any exception
        return ("raised", type(exc), str(exc))


def same(pyfunc, *argsets):
    cfunc = njit(pyfunc)
    for args in argsets:
        assert outcome(cfunc, *args) == outcome(pyfunc, *args), f"{pyfunc.__name__}{args}"


def describe(x):
    try:
        if x > 0:
            raise ValueError("positive")             # a constant message
        if x < -5:
            raise KeyError("very negative")          # str(KeyError) is the repr of its argument
        if x < 0:
            raise ValueError(f"negative {x}")        # made at run time
        if x == 0:
            raise IndexError
        return str(10 // (x - 0.5 > 0))
    except ValueError as e:
        return "V:" + str(e) + "|" + repr(e)
    except KeyError as e:
        return f"K:{e}!{e!r}"
    except (IndexError, ZeroDivisionError) as e:
        return "I:" + str(e) + repr(e)


def read_after_handler(x):
    try:
        if x:
            raise ValueError("a")
    except ValueError as e:
        pass
    return str(e)                                    # noqa: F821  UnboundLocalError after a handler ran


def handler_then_del(n):
    a = np.ones(n)
    total = a.sum()
    del a
    out = 0
    for i in range(n):
        try:
            if i % 2:
                raise ValueError(f"odd {i}")
        except ValueError as e:
            out += len(str(e))
    return total + out


def read_deleted(n):
    a = np.ones(n)
    del a
    return a.sum()                                   # noqa: F821


def chained(x):
    try:
        try:
            raise ValueError(f"inner {x}")
        except ValueError as e:
            if x > 1:
                raise KeyError("outer") from e
            if x > 0:
                raise IndexError("plain") from None
            raise
    except (KeyError, IndexError, ValueError) as e:
        return str(e)


def test_caught_exception_as_text():
    same(describe, (1,), (-1,), (-10,), (0,))
    same(read_after_handler, (0,), (1,))
    same(handler_then_del, (0,), (5,))
    same(read_deleted, (3,))
    same(chained, (0,), (1,), (2,))


def test_printing_a_caught_exception(capsys):
    def show(x):
        try:
            raise ValueError(f"v={x}")
        except ValueError as e:
            print(e)
            print("caught", e)
        return 0
    njit(show)(2)
    compiled = capsys.readouterr().out
    show(2)
    assert compiled == capsys.readouterr().out


def test_caught_exception_cannot_be_returned():
    def give(x):
        try:
            raise ValueError("a")
        except ValueError as e:
            return e
    with pytest.raises(TypingError, match="cannot be returned"):
        njit(give)(1)


def _live_value_errors():
    gc.collect()
    return sum(isinstance(o, ValueError) for o in gc.get_objects())


def test_exceptions_made_at_run_time_are_freed_on_every_way_out_of_a_handler():
    def ways(x, how):
        for i in range(2):
            try:
                try:
                    raise ValueError(f"v{x}")
                except ValueError as e:
                    if how == 0:
                        return len(str(e))               # return from the handler
                    if how == 1:
                        break                            # break out of it
                    if how == 2:
                        raise KeyError(f"k{x}")          # a new exception replaces it
                    if how == 3:
                        raise                            # passed on, freed by the outer handler
                    raise e
            except KeyError:
                return -1
            except ValueError:
                return -2
        return -3
    cfunc = njit(ways)
    for how in range(5):
        assert cfunc(7, how) == ways(7, how)
    before = _live_value_errors()
    for how in range(5):
        for x in range(50):
            cfunc(x, how)
    assert _live_value_errors() == before


def caused(x):
    try:
        raise ValueError(f"inner {x}")
    except ValueError as e:
        if x > 1:
            raise KeyError("outer") from e
        if x > 0:
            raise IndexError("plain", x) from None
        raise TypeError from e


def test_raise_from_carries_the_cause():
    def described(fn, x):
        with pytest.raises(Exception) as info:
            fn(x)
        exc = info.value
        return type(exc), exc.args, repr(exc.__cause__), exc.__suppress_context__
    cfunc = njit(caused)
    for x in (0, 1, 2):
        assert described(cfunc, x) == described(caused, x)
