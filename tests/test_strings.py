"""Strings in compiled code, against CPython on the same inputs: boxing, len, indexing,
slicing, iteration, +, *, in, comparisons, hash, lists and tuples of str, chr/ord."""
import pytest
from hypothesis import given, settings, strategies as st

from numjit import njit

# text with ASCII, Latin-1, BMP and astral characters, empty strings included
TEXT = st.text(alphabet=st.sampled_from("ab é\xff\u0100\u20ac\U0001F600\U00010000z,."), max_size=12)
SETTINGS = settings(max_examples=25, deadline=None)


def basics(s, t):
    u = s + t
    return (u, len(u), s == t, s != t, s < t, s <= t, s > t, s >= t, hash(s), hash(u),
            t in s, s in u, u * 2, 3 * t, t * -1, not s, bool(t), isinstance(s, str), isinstance("x", (int, str)),
            isinstance(t, bytes))


def slices(s, i, j, k):
    return s[i:j], s[i:], s[:j], s[::k], s[i:j:k], s[::-1]


def chars(s):
    out = []
    codes = 0
    for c in s:
        out.append(c)
        codes += ord(c)
    rebuilt = ""
    for c in out:
        rebuilt = rebuilt + c
    return out, codes, rebuilt


compiled_basics = njit(basics)
compiled_slices = njit(slices)
compiled_chars = njit(chars)


@SETTINGS
@given(TEXT, TEXT)
def test_basics(s, t):
    assert compiled_basics(s, t) == basics(s, t)


@SETTINGS
@given(TEXT, st.integers(-15, 15), st.integers(-15, 15), st.sampled_from([1, 2, 3, -1, -2]))
def test_slices(s, i, j, k):
    assert compiled_slices(s, i, j, k) == slices(s, i, j, k)


@SETTINGS
@given(TEXT)
def test_iteration(s):
    assert compiled_chars(s) == chars(s)


def index_all(s):
    return [s[i] for i in range(-len(s), len(s))]


def test_indexing_and_errors():
    f = njit(index_all)
    for s in ["", "a", "héllo", "\U0001F600x\u0100"]:
        assert f(s) == index_all(s)

    @njit
    def at(s, i):
        return s[i]
    for s, i in [("abc", 3), ("abc", -4), ("", 0)]:
        with pytest.raises(IndexError, match="string index out of range"):
            at(s, i)

    @njit
    def step(s, k):
        return s[::k]
    with pytest.raises(ValueError, match="slice step cannot be zero"):
        step("abc", 0)


def literals(x):
    s = "a"
    if x > 1:
        s = "bé"
    words = ["x", s, "z"]
    words.append(s + "!")
    return s if x else "none", words, ("k", x), len("four"), "ab" < s, "é" in s


def test_literals_lists_tuples():
    f = njit(literals)
    for x in (0, 1, 2):
        assert f(x) == literals(x)


def mutate(words, pair):
    words.append(pair[0] + words[0])
    words[1] = pair[1]
    return len(words)


def test_reflected_list_of_str():
    words, pair = ["a", "bb", "c\U0001F600"], ("p", "é")
    expected = list(words)
    assert njit(mutate)(words, pair) == mutate(expected, pair)
    assert words == expected


def chr_ord(n):
    return chr(n), ord(chr(n)), chr(n) + chr(65)


def test_chr_ord():
    f = njit(chr_ord)
    for n in (0, 65, 233, 255, 256, 0x20AC, 0x1F600, 0x10FFFF):
        assert f(n) == chr_ord(n)
    with pytest.raises(ValueError, match=r"chr\(\) arg not in range\(0x110000\)"):
        f(0x110000)
    with pytest.raises(ValueError, match=r"chr\(\) arg not in range\(0x110000\)"):
        f(-1)

    @njit
    def o(s):
        return ord(s)
    with pytest.raises(TypeError, match=r"^ord\(\) expected a character, but string of length 2 found$"):
        o("ab")


def list_ops(words, w):
    ordered = sorted(words)
    words.sort()
    return (w in words, words.count(w), list(w), ordered, min(ordered) if ordered else w,
            words == ordered, [c + "!" for c in w], w == 1, w != None)  # noqa: E711


compiled_list_ops = njit(list_ops)


@settings(max_examples=15, deadline=None)
@given(st.lists(TEXT, max_size=5), TEXT)
def test_lists_of_str(words, w):
    if not words:
        words = [w]
    expected_words = list(words)
    assert compiled_list_ops(words, w) == list_ops(expected_words, w)
    assert words == expected_words


def bytes_ops(b, c):
    total = 0
    for x in b:
        total += x
    return (len(b), b[0], b[-1], b[1:3], b[::-1], b[::2], b == c, b != c, b < c, b + c, b * 2, c in b,
            hash(b), total, b"lit" + b, len(b"xyz"), b"\xff"[0], (b, c))


def test_bytes_basics():
    f = njit(bytes_ops)
    for b, c in [(b"hello", b"ll"), (b"\x00\xff\x80", b"\xff"), (b"z", b"")]:
        assert f(b, c) == bytes_ops(b, c)

    @njit
    def at(b, i):
        return b[i]
    with pytest.raises(IndexError, match="^index out of range$"):
        at(b"ab", 2)


def churn(text, rounds):
    total = 0
    for _ in range(rounds):
        for word in text.split():
            total += len(word + "!")
    return total


def test_strings_made_and_dropped_on_threads():
    """Small strings are recycled through shared free lists: nogil threads and prange chunks
    making and dropping them at once must agree with Python."""
    from concurrent.futures import ThreadPoolExecutor
    from numjit import prange
    text = " ".join(["alpha", "é", "b" * 40, "c" * 100, "\U0001F600" * 30] * 50)
    f = njit(nogil=True)(churn)
    expected = churn(text, 3)
    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(lambda _: f(text, 3), range(8))) == [expected] * 8

    @njit(parallel=True)
    def chunks(text, n):
        out = 0
        for i in prange(n):
            out += len(text.split()[i % 5] + str(i))
        return out
    assert chunks(text, 2000) == sum(len(text.split()[i % 5] + str(i)) for i in range(2000))


def tuples_with_str(words, pairs):
    out = [(w, len(w)) for w in words]
    out.append(("x", 1))
    pairs.append((pairs[0][0] + "!", 9))
    nested = [(1.5, (w, w + w)) for w in words]
    return (out, nested, pairs[-1], [w.encode() for w in words], sorted(out), max(pairs), ("a", 1) < ("a", 2),
            pairs[0] == ("a", 1), min(words[0], words[1], "m"), max(words[0], "zz"))


def test_lists_of_tuples_holding_str():
    words, pairs = ["ab", "c\U0001F600", ""], [("a", 1), ("bé", 2)]
    expected_pairs = list(pairs)
    assert njit(tuples_with_str)(words, pairs) == tuples_with_str(words, expected_pairs)
    assert pairs == expected_pairs
