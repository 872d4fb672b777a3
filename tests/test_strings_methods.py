"""str methods, int(s) and float(s) in compiled code, against CPython on the same inputs
(hypothesis over text with ASCII, Latin-1, BMP and astral characters, empty strings)."""
import pytest
from hypothesis import given, settings, strategies as st

from numjit import njit

TEXT = st.text(alphabet=st.sampled_from("ab AB1_,-+\t\n\r\x85é\xc9\u0100\u2028\u3000\U0001F600"), max_size=12)
SEP = st.sampled_from(["", ",", "a", "ab", " ", "é", "\U0001F600", "\n"])
SETTINGS = settings(max_examples=25, deadline=None)


def methods(s, t):
    return (s.upper(), s.lower(), s.strip(), s.lstrip(), s.rstrip(), s.strip("a "), s.lstrip(t),
            s.split(), s.split(None, 1), s.rsplit(), s.rsplit(None, 1), s.splitlines(), s.splitlines(True),
            t.join(s.split()), ",".join(["a", s]), "-".join(("x", t, s)), s.find(t), s.rfind(t), s.count(t),
            s.replace(t, "XY"), s.replace("a", "", 1), s.replace(t, t + t, 2), s.startswith(t), s.endswith(t),
            s.startswith(("x", t)), s.endswith((t, "é")), s.isdigit(), s.isalpha(), s.isalnum(), s.isspace(),
            s.isupper(), s.islower(), s.isascii(), s.zfill(8), s.center(9, "*"), s.center(10), s.ljust(7),
            s.rjust(7, "é"), s.find(t, 2), s.find(t, -3, -1), s.rfind(t, 1, 20), s.count(t, 1), s.count(t, -2),
            s.startswith(t, 1), s.endswith(t, 0, 3), s.find(t, 40), s.count(t, 40), s.casefold(), s.swapcase(),
            s.title(), s.capitalize(), s.istitle(), s.isidentifier(), s.isprintable(), s.isdecimal(),
            s.isnumeric(), s.removeprefix(t), s.removesuffix(t))


def with_separator(s, sep):
    return (s.split(sep), s.split(sep, 1), s.rsplit(sep), s.rsplit(sep, 2), s.partition(sep), s.rpartition(sep))


compiled_methods = njit(methods)
compiled_separator = njit(with_separator)


@SETTINGS
@given(TEXT, SEP)
def test_methods(s, t):
    assert compiled_methods(s, t) == methods(s, t)


@SETTINGS
@given(TEXT, SEP)
def test_split_partition(s, sep):
    try:
        expected = with_separator(s, sep)
    except ValueError as exc:
        with pytest.raises(ValueError, match=str(exc)):
            compiled_separator(s, sep)
        return
    assert compiled_separator(s, sep) == expected


def test_method_examples():
    cases = [("  hello world  ", "o"), ("a,b,,c", ","), ("héllo\nwörld\r\nx", "ö"), ("", ""),
             ("ABC", "B"), ("-42", "4"), ("+7", "7"), ("\u00e9\u00c9 \U0001F600x", "x"), ("123", ""),
             ("a\u2028b\x85c\x1cd", "b"), ("ÉCOLE", "É"), ("straße", "ß"), ("\u0660\u0661", "")]
    for s, t in cases:
        assert compiled_methods(s, t) == methods(s, t), (s, t)


def test_method_errors():
    @njit
    def index(s, t):
        return s.index(t)

    @njit
    def rindex(s, t):
        return s.rindex(t)

    @njit
    def center(s, fill):
        return s.center(5, fill)
    assert index("abcb", "b") == 1 and rindex("abcb", "b") == 3
    for f in (index, rindex):
        with pytest.raises(ValueError, match="substring not found"):
            f("abc", "x")
    with pytest.raises(TypeError, match="The fill character must be exactly one character long"):
        center("a", "xy")


def parse(text):
    return int(text), float(text)


def test_int_float_parse():
    f = njit(parse)
    for text in ["0", "42", "-17", " +8 ", "1_000", "\t-9223372036854775808\n", "9223372036854775807",
                 "\u0661\u0662", "007"]:
        assert f(text) == parse(text), text
    for text in ["abc", "", "1__0", "_1", "1_", "1.5", " ", "0x10", "9223372036854775808"]:
        try:
            parse(text)
        except ValueError as exc:
            with pytest.raises(ValueError) as info:
                f(text)
            assert str(info.value) == str(exc)
            continue
        with pytest.raises(OverflowError):          # beyond int64: Python's int has no limit
            f(text)

    @njit
    def as_float(text):
        return float(text)
    for text in ["1.5", " -inf ", "nan", "1e308", "1_0.5", "abc", "", "0x1p3"]:
        try:
            expected = float(text)
        except ValueError as exc:
            with pytest.raises(ValueError, match=str(exc).replace("(", r"\(")):
                as_float(text)
            continue
        got = as_float(text)
        assert got == expected or (got != got and expected != expected)

    @njit
    def base(text, b):
        return int(text, b)
    assert base("ff", 16) == 255 and base("-0b101", 0) == -5
    with pytest.raises(ValueError, match="invalid literal for int"):
        base("z", 10)


def parse_records(text):
    total = 0.0
    count = 0
    names = []
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        parts = line.split(",")
        name = parts[0].strip()
        if name not in names:                  # (`names` is typed by the append below)
            names.append(name)
        total += float(parts[1]) * int(parts[2])
        count += 1
    return total, count, sorted(names), f"{total / count:.4f}"


def test_parse_records():
    text = "# header\n" + "\n".join(f" n{i % 7}é ,{i * 0.5},{i % 3}" for i in range(300)) + "\n\n"
    assert njit(parse_records)(text) == parse_records(text)


def pieces(s, sep):
    """Every slice s[i:j] (lengths 0 to 20 cross the inline 4/8/16-byte copies) and split on sep."""
    out = [s.split(sep), s.split(sep, 2), s.rsplit(sep, 1)]
    for i in range(len(s) + 1):
        for j in range(i, len(s) + 1):
            out.append([s[i:j], s[j:i:-1]])
    return out


def test_slices_of_every_length_and_kind():
    f = njit(pieces)
    for s, sep in [("abcdefghij,klmnopqrst,u", ","), ("aé,bcdéfghijklmnopq,,", "é"),
                   ("\u0100bc,defghij\u0101,", ","), ("a\U0001F600bcdefg,hij,", "\U0001F600"), ("", ",")]:
        assert f(s, sep) == pieces(s, sep), s


def split_pieces(text):
    pieces = text.split(" ")
    return pieces, [p.isascii() for p in pieces], [p.upper() for p in pieces]


def test_split_pieces_know_if_they_are_ascii():
    """Short pieces of Latin-1 text test their high bits in two masked loads (the last 16
    characters by the loop): every length to 18, a non-ASCII character at each place, at the end."""
    words = ["a" * n for n in range(19)]
    words += ["a" * k + "é" + "a" * (n - k - 1) for n in range(1, 19) for k in range(n)]
    for text in (" ".join(words), " ".join(words[::-1]), "é" + " ".join(words) + " ab"):
        assert njit(split_pieces)(text) == split_pieces(text)


def split_each(text, seps):
    return [text.split(sep) for sep in seps]


def test_split_on_one_character_by_masks_of_64():
    """A one-character split compares 64 characters at a time: separators at every place of a
    block and across blocks, in text of each kind, and separators wider than the text's kind."""
    seps = [" ", "a", "é", "ā", "😀", "\0"]
    for filler in ("a", "é", "ā", "😀", "\0"):
        for gap in (1, 2, 7, 63, 64, 65):
            text = (filler * gap + " ") * (200 // gap) + "x"
            assert njit(split_each)(text, seps) == split_each(text, seps)
        text = " " * 130 + filler + " " * 129
        assert njit(split_each)(text, seps) == split_each(text, seps)
