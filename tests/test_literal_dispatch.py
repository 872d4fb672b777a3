"""Literal dispatch (numba's `literally` / ForceLiteralArg): code that asks for an argument's value
gets a specialisation compiled for that value; the native dispatch tells the values apart.
Each compiled result is compared with the same code run as plain Python."""
import pytest

from numjit import njit, literally, types
from numjit.errors import TypingError
from numjit.extending import overload, SentryLiteralArgs, sentry_literal_args


def power(x, n):
    return x ** n


@overload(power)
def _power(x, n):
    """numba's documented pattern: a specialisation per literal, a placeholder asking for one."""
    if isinstance(n, types.IntegerLiteral):
        k = n.literal_value
        if k == 2:
            return lambda x, n: x * x
        return lambda x, n: x ** k
    return lambda x, n: literally(n)


def pick(t, k):
    return t[k]


@overload(pick)
def _pick(t, k):
    SentryLiteralArgs(["k"]).for_function(_pick).bind(t, k)
    return lambda t, k: t[k]


def test_literally_in_the_function_specialises_per_value():
    def scaled(x, n, word, flag):
        literally(flag)
        total = 0
        for i in range(literally(n)):
            total += i * x
        return total, literally(word) + "!", 1 if flag else 2.5

    f = njit(scaled)
    calls = [(3, 2, "ab", True), (3, 5, "ab", True), (2, 2, "cd", False), (3, 2, "ab", True),
             (1, 0, "", 1), (1, 0, "", False), (4, -1, "é", 0)]
    for args in calls:
        assert f(*args) == scaled(*args), args
    spelled = {str(sig) for sig in f.signatures}
    assert "(int64, Literal[int](2), Literal[str](ab), Literal[bool](True))" in spelled
    assert "(int64, Literal[int](0), Literal[str](), Literal[int](1))" in spelled   # 1 is not True
    assert len(f.signatures) == 6          # one per distinct set of values (3, 2, "ab", True twice)
    assert isinstance(f.signatures[0][1], types.IntegerLiteral)
    assert f.signatures[0][1].literal_value == 2


def test_overload_placeholder_asks_for_the_callers_values():
    """Through an overload, a jitted callee, keywords and constants: the caller's own parameter is
    what gets compiled by value; a constant in the call is a literal at once."""
    @njit
    def inner(x, n):
        return power(x, n)

    def outer(x, m):
        return inner(x, m) + inner(x, 2) + power(x, n=m) + power(x, 3)

    f = njit(outer)
    for args in ((3, 3), (2, 4), (3, 3), (-2, 0), (1.5, 2)):
        assert f(*args) == outer(*args), args
    assert sorted(str(s) for s in f.signatures) == [
        "(float64, Literal[int](2))", "(int64, Literal[int](0))", "(int64, Literal[int](3))",
        "(int64, Literal[int](4))"]


def test_sentry_literal_args_in_a_typer():
    def use(t, k):
        return pick(t, k)

    f = njit(use)
    t = (1, 2.5, "s")
    for k in (2, 1, -3, 0, 2):
        assert f(t, k) == use(t, k)
    with pytest.raises(TypingError):       # a literal, but no item there
        f(t, 3)
    sig = __import__("inspect").signature(power)
    with pytest.raises(Exception, match="literal dispatch requested for argument 'n'"):
        sentry_literal_args(sig, ["n"], (types.int64, types.int64), {})
    assert sentry_literal_args(sig, ["n"], (types.int64, types.literal(2)), {}) is None


def test_literal_requests_that_cannot_be_served_are_located_errors():
    @njit
    def computed(x):
        return literally(x + 1)

    @njit
    def floats(x):
        return literally(x)

    @njit
    def float_constant():
        return literally(2.5)

    @njit
    def shadowed(n):
        return literally(n), [n for n in range(2)]

    def reassigned(n):
        k = literally(n)
        n = n + 1
        for i in range(3):
            n += i
        return k, n

    with pytest.raises(TypingError, match=r"needs the value of 'x \+ 1' at compile time") as info:
        computed(2)
    assert "literally(x + 1)" in str(info.value)
    with pytest.raises(TypingError, match=r"argument 1 \(float64\) as a literal; only int, bool and str"):
        floats(2.5)
    assert floats(7) == 7
    with pytest.raises(TypingError, match="2.5 has no literal type"):
        float_constant()
    with pytest.raises(TypingError, match="cannot type parameter 'n' by value: the function also binds"):
        shadowed(2)
    for n in (2, 5):
        assert njit(reassigned)(n) == reassigned(n)
    with pytest.raises(TypingError, match="a function with explicit signatures compiles for those only"):
        njit("int64(int64)")(floats.py_func)


def which(x):
    return "plain"


@overload(which, prefer_literal=True)
def _which(x):
    if isinstance(x, types.IntegerLiteral):
        k = x.literal_value
        return lambda x: "literal one" if k == 1 else "another literal"
    return lambda x: "plain"


def test_prefer_literal_overloads_and_intrinsics_see_known_values_first():
    from numjit.extending import intrinsic

    @intrinsic(prefer_literal=True)
    def scaled(typingctx, x):
        if isinstance(x, types.IntegerLiteral):
            k = x.literal_value * 2
            return types.int64(x), lambda context, builder, sig, args: context.get_constant(types.int64, k)
        return types.int64(x), lambda context, builder, sig, args: builder.mul(
            args[0], context.get_constant(types.int64, 2))

    @njit
    def use(n):
        return which(1), which(2), which(n), power(n, 2), scaled(5), scaled(n)

    for n in (4, -3):
        assert use(n) == ("literal one", "another literal", "plain", n * n, 10, 2 * n)
    assert len(use.signatures) == 1            # nothing asked for n's value: one specialisation
