"""Compile-time errors speak in the user's source.

Unsupported syntax, unknown names and attributes and type mismatches raise
`TypingError` / `UnsupportedError` at the first call (or at decoration when
signatures are given).  numjit's message (numjit_only tests) shows the file,
the line number, the offending source line with a caret under the offending
expression and the types involved, in under 20 lines, and the traceback
hides compiler frames unless NUMJIT_DEBUG=1.  Under numba only the error
types are checked: its messages have neither carets nor a length limit.
"""
import inspect
import math
import os
import re
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from impl import COMPILE_ERRORS, ENV_DEBUG, IMPL, jit, njit

THIS_FILE = os.path.basename(__file__)
TESTS_DIR = os.path.dirname(os.path.abspath(__file__))


# --------------------------------------------------------------------------
# functions that must not compile (each marks its offending line with the token below)

def uses_with(x):
    with open("some-file") as handle:
        x += handle.read(1)
    return x


def defines_class(x):
    class Local:
        pass
    return x


def imports_inside(x):
    import os  # noqa: F401 - the import itself is the point
    return x


def yields_from(n):
    total = yield from range(n)
    yield total


def unknown_name(x):
    return x + undefined_thing  # noqa: F821 - deliberately undefined


def unknown_attribute(a):
    return a.no_such_attribute * 2


def method_on_float(x):
    return x.upper()


def array_plus_string(a):
    y = a + "text"
    return y


def len_of_int(x):
    return len(x) + 1


@njit
def bad_callee(x):
    return x.no_such_attribute


def calls_bad_callee(x):
    return bad_callee(x) + 1


# (function, arguments, offending token, words the message must contain)
UNSUPPORTED = [
    (uses_with, (1,), "with", ["with"]),
    (defines_class, (1,), "class", ["class"]),
    (imports_inside, (1,), "import", ["import"]),
    (yields_from, (3,), "yield from", ["yield"]),
]
TYPING = [
    (unknown_name, (1,), "undefined_thing", ["undefined_thing"]),
    (unknown_attribute, (np.zeros(3),), "a.no_such_attribute", ["no_such_attribute", "float64"]),
    (method_on_float, (1.5,), "x.upper", ["upper", "float64"]),
    (array_plus_string, (np.zeros(3),), 'a + "text"', ["float64", ("str", "unicode")]),
    (len_of_int, (3,), "len(x)", ["len", "int64"]),
]
ALL_CASES = UNSUPPORTED + TYPING
IDS = [case[0].__name__ for case in ALL_CASES]


def compile_error(fn, args):
    """The compile error raised by the first call of njit(fn)."""
    cfunc = njit(fn)
    with pytest.raises(COMPILE_ERRORS) as info:
        cfunc(*args)
    return info.value


def offending_line(fn, token):
    """(line number, stripped source line) of the first line of fn containing token."""
    lines, start = inspect.getsourcelines(fn)
    for offset, line in enumerate(lines):
        if token in line and not line.lstrip().startswith("def "):
            return start + offset, line.strip()
    raise AssertionError(f"{token!r} not in the source of {fn.__name__}")


def check_message(exc, fn, token, words=()):
    """The message shows file, line number, the source line and a caret under `token`."""
    message = str(exc)
    lines = message.splitlines()
    assert len(lines) < 20, f"{len(lines)} lines:\n{message}"
    assert THIS_FILE in message, message
    lineno, source = offending_line(fn, token)
    assert re.search(rf"\bline {lineno}\b", message), f"line {lineno} missing:\n{message}"
    shown = [i for i, line in enumerate(lines) if line.strip() == source]
    assert shown, f"source line {source!r} missing:\n{message}"
    i = shown[0]
    assert i + 1 < len(lines), message
    caret = lines[i + 1]
    assert re.fullmatch(r"\s*\^+\s*", caret), f"no caret line under the source:\n{message}"
    col = lines[i].index(token)
    first, last = caret.index("^"), caret.rindex("^") + 1
    assert first < col + len(token) and last > col, (
        f"caret [{first}, {last}) is not under {token!r} at [{col}, {col + len(token)}):\n{message}")
    lower = message.lower()
    for word in words:
        alternatives = word if isinstance(word, tuple) else (word,)
        assert any(w.lower() in lower for w in alternatives), f"{word!r} missing:\n{message}"


# --------------------------------------------------------------------------
# under both implementations: the right error, at compile time

@pytest.mark.parametrize("fn,args,token,words", ALL_CASES, ids=IDS)
def test_rejected_at_first_call(fn, args, token, words):
    exc = compile_error(fn, args)
    assert isinstance(exc, COMPILE_ERRORS)


@pytest.mark.parametrize("fn,args,token,words", UNSUPPORTED, ids=[c[0].__name__ for c in UNSUPPORTED])
def test_unsupported_syntax(fn, args, token, words):
    compile_error(fn, args)


def test_error_repeats_on_every_call():
    cfunc = njit(unknown_attribute)
    for _ in range(2):
        with pytest.raises(COMPILE_ERRORS):
            cfunc(np.zeros(3))


def test_failed_compilation_adds_no_signature():
    cfunc = njit(method_on_float)
    with pytest.raises(COMPILE_ERRORS):
        cfunc(1.5)
    assert len(cfunc.signatures) == 0


def test_eager_signature_fails_at_decoration():
    with pytest.raises(COMPILE_ERRORS):
        jit("float64(float64[:])")(unknown_attribute)


def test_error_in_callee():
    with pytest.raises(COMPILE_ERRORS):
        njit(calls_bad_callee)(1.0)


def test_python_semantics_unaffected():
    """The plain functions behave as Python says (the errors are the compiler's)."""
    with pytest.raises(NameError):
        unknown_name(1)
    with pytest.raises(AttributeError):
        method_on_float(1.5)
    with pytest.raises(TypeError):
        len_of_int(3)


# --------------------------------------------------------------------------
# numjit's message format

@pytest.mark.numjit_only
@pytest.mark.parametrize("fn,args,token,words", ALL_CASES, ids=IDS)
def test_message_points_at_source(fn, args, token, words):
    exc = compile_error(fn, args)
    check_message(exc, fn, token, words)


@pytest.mark.numjit_only
def test_unsupported_and_typing_error_classes():
    from numjit.errors import NumjitError, TypingError, UnsupportedError
    for fn, args, _, _ in UNSUPPORTED:
        exc = compile_error(fn, args)
        assert isinstance(exc, (UnsupportedError, TypingError)), type(exc)
        assert isinstance(exc, NumjitError)
    for fn, args, _, _ in TYPING:
        assert isinstance(compile_error(fn, args), TypingError)


@pytest.mark.numjit_only
def test_message_in_callee_points_at_callee():
    cfunc = njit(calls_bad_callee)
    with pytest.raises(COMPILE_ERRORS) as info:
        cfunc(1.0)
    lineno, source = offending_line(bad_callee.py_func, "x.no_such_attribute")
    message = str(info.value)
    assert THIS_FILE in message and re.search(rf"\bline {lineno}\b", message), message
    assert source in message
    assert len(message.splitlines()) < 20


@pytest.mark.numjit_only
def test_eager_signature_message_points_at_source():
    with pytest.raises(COMPILE_ERRORS) as info:
        jit("float64(float64[:])")(unknown_attribute)
    check_message(info.value, unknown_attribute, "a.no_such_attribute", ["no_such_attribute"])


# --------------------------------------------------------------------------
# compiler frames are hidden from the traceback unless NUMJIT_DEBUG=1

TRACEBACK_SCRIPT = """
    import os
    import traceback
    import impl
    from impl import COMPILE_ERRORS, njit

    def bad(x):
        return x + undefined_thing

    try:
        njit(bad)(1)
    except COMPILE_ERRORS as exc:
        package = os.path.dirname(os.path.abspath(impl.impl_module.__file__))
        frames = traceback.extract_tb(exc.__traceback__)
        inside = [os.path.abspath(f.filename) for f in frames
                  if os.path.abspath(f.filename).startswith(package + os.sep)]
        # the call boundary (the dispatcher the user called) may show; compiler stages may not
        boundary = os.path.join(package, "dispatch") + os.sep
        internal = [f for f in inside if not f.startswith(boundary)]
        mine = [f for f in frames if os.path.abspath(f.filename) == os.path.abspath(__file__)]
        print(len(internal), len(mine))
    else:
        print("no error")
"""


def run_traceback_script(tmp_path, debug):
    script = tmp_path / "tb.py"
    script.write_text(textwrap.dedent(TRACEBACK_SCRIPT))
    env = dict(os.environ, NUMJIT_TEST_IMPL=IMPL)
    env.pop(ENV_DEBUG, None)
    if debug:
        env[ENV_DEBUG] = "1"
    env["PYTHONPATH"] = os.pathsep.join([TESTS_DIR, os.path.dirname(TESTS_DIR),
                                         env.get("PYTHONPATH", "")])
    out = subprocess.run([sys.executable, str(script)], env=env, capture_output=True, text=True,
                         timeout=120, cwd=str(tmp_path))
    assert out.returncode == 0, out.stderr
    internal, mine = map(int, out.stdout.split())
    return internal, mine


@pytest.mark.numjit_only
@pytest.mark.slow
def test_traceback_hides_compiler_frames(tmp_path):
    """Only the user's frames and the call boundary (numjit/dispatch/) remain."""
    internal, mine = run_traceback_script(tmp_path, debug=False)
    assert internal == 0, f"{internal} compiler frames in the user's traceback"
    assert mine >= 1


@pytest.mark.numjit_only
@pytest.mark.slow
def test_traceback_shows_compiler_frames_with_debug(tmp_path):
    internal, mine = run_traceback_script(tmp_path, debug=True)
    assert internal > 0, "NUMJIT_DEBUG=1 should show where in the compiler the error arose"
    assert mine >= 1


# --------------------------------------------------------------------------
# the whole printed traceback is short: at most the public entry point's frame

def _numjit_frames(exc):
    import traceback
    from impl import impl_module
    package = os.path.dirname(os.path.abspath(impl_module.__file__)) + os.sep
    return [f for f in traceback.extract_tb(exc.__traceback__) if os.path.abspath(f.filename).startswith(package)]


def _printed(exc):
    import traceback
    return "".join(traceback.format_exception(exc))


@pytest.mark.numjit_only
@pytest.mark.parametrize("when", ["eager", "lazy"])
def test_printed_traceback_is_short_with_one_entry_frame(when):
    with pytest.raises(COMPILE_ERRORS) as info:
        if when == "eager":
            jit("float64(float64[:])")(unknown_attribute)
        else:
            njit(unknown_attribute)(np.zeros(3))
    printed = _printed(info.value)
    assert len(printed.splitlines()) < 20, printed
    assert len(_numjit_frames(info.value)) <= 1, printed


def chain_0(x):
    return x.no_such_attribute


def _calls(inner):
    def step(x):
        return inner(x)
    return njit(step)


def _chain(depth):
    fn = njit(chain_0)
    for _ in range(depth):
        fn = _calls(fn)
    return fn


@pytest.mark.numjit_only
def test_called_from_chain_is_capped():
    with pytest.raises(COMPILE_ERRORS) as info:
        _chain(8)(1.0)
    message = str(info.value)
    assert len(_printed(info.value).splitlines()) < 20, message
    assert message.count("called from") <= 4 and "more" in message, message


@pytest.mark.numjit_only
def test_bad_signature_string_is_a_typing_error_naming_it():
    from impl import TypingError
    with pytest.raises(TypingError) as info:
        jit("float64(floaty)")(chain_0)
    message = str(info.value)
    assert "float64(floaty)" in message and "floaty" in message.splitlines()[0], message
    assert len(_numjit_frames(info.value)) <= 1


@pytest.mark.parametrize("args,kwargs,words", [
    ((1, 2, 3), {}, ["3"]), ((1,), {}, ["'y'"]), ((1,), {"z": 2}, ["'z'"])],
    ids=["too-many", "too-few", "unknown-keyword"])
def test_wrong_arguments_from_python_are_type_errors(args, kwargs, words):
    @njit
    def two_args(x, y):
        return x + y
    two_args(1, 2)                               # compiled: the native dispatch forwards the miss
    with pytest.raises(TypeError) as info:
        two_args(*args, **kwargs)
    with pytest.raises(TypeError) as python_error:
        two_args.py_func(*args, **kwargs)
    if IMPL == "numjit":
        message = str(info.value)
        assert "two_args" in message and all(w in message for w in words), message
        assert "two_args" in str(python_error.value)


def uses_math_nosuch(x):
    return math.nosuch(x)


@pytest.mark.numjit_only
def test_unknown_module_attribute_names_the_module_not_its_repr():
    with pytest.raises(COMPILE_ERRORS) as info:
        njit(uses_math_nosuch)(1.0)
    message = str(info.value)
    assert "math has no attribute 'nosuch'" in message and "<module" not in message, message


@pytest.mark.numjit_only
@pytest.mark.parametrize("dtype", ["float16", ">f8", "object"])   # ("U3": text arrays run)
def test_unsupported_array_dtype_is_named(dtype):
    array = np.zeros(3, dtype=dtype)
    with pytest.raises(TypeError) as info:
        njit(chain_0)(array)
    assert str(array.dtype.str if dtype == ">f8" else array.dtype) in str(info.value), str(info.value)
