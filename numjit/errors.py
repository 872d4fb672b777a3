"""Errors that speak in the user's source.

Every compile-time error carries a `Loc` (file, line, column span, source
line) and renders as one short screen:

    >>> loc = Loc("f.py", 3, 8, 11, "    y = a + s", "f")
    >>> print(TypingError("cannot add float64 and str", loc))
    cannot add float64 and str
      File "f.py", line 3, in f
        y = a + s
            ^^^

Compiler frames are cut from the traceback at the dispatcher boundary unless
NUMJIT_DEBUG=1.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Loc:
    filename: str
    line: int
    col: int = 0
    end_col: int = 0
    source_line: str = ""
    function: str = ""

    def render(self):
        where = f'  File "{self.filename}", line {self.line}'
        if self.function:
            where += f", in {self.function}"
        if not self.source_line:
            return where
        text = self.source_line.rstrip()
        stripped = text.lstrip()
        indent = len(text) - len(stripped)
        start = max(self.col - indent, 0)
        width = max((self.end_col or self.col + 1) - self.col, 1)
        width = min(width, max(len(stripped) - start, 1))
        return f"{where}\n    {stripped}\n    {' ' * start}{'^' * width}"


class NumjitError(Exception):
    """Base of numjit's errors; `loc` points into the user's source."""

    def __init__(self, message, loc=None, notes=()):
        self.message = message
        self.loc = loc
        self.notes = list(notes)
        super().__init__(message)

    def add_note_line(self, note):
        self.notes.append(note)
        return self

    MAX_CALLERS = 3          # "called from" notes shown: the innermost few, then "... N more"

    def __str__(self):
        parts = [self.message]
        if self.loc is not None:
            parts.append(self.loc.render())
        callers = 0
        for note in self.notes:
            callers += note.startswith("called from")
            if callers <= self.MAX_CALLERS or not note.startswith("called from"):
                parts.append(f"  {note}")
        if callers > self.MAX_CALLERS:
            parts.append(f"  ... called from {callers - self.MAX_CALLERS} more functions")
        return "\n".join(parts)


class TypingError(NumjitError):
    """A type could not be inferred, or an operation is not defined on the types."""


class SignatureError(TypingError, TypeError):
    """A signature that does not parse (also a TypeError, what numba's users catch)."""


class ShapeError(TypingError, ValueError):
    """Operand dimensions that cannot fit, known at compile time (also a ValueError, what numba
    raises when such a call runs)."""


class UnsupportedError(TypingError):
    """The construct is valid Python that numjit does not compile (a TypingError too, so
    `except TypingError` catches every compile-time rejection of the user's code)."""


class InternalError(NumjitError):
    """A compiler bug: please report it with the function that triggered it."""

    def __init__(self, message, loc=None, notes=()):
        super().__init__(
            f"internal compiler error: {message}\n"
            "  This is a bug in numjit; please report it with the function above.", loc, notes)


class NumjitWarning(UserWarning):
    """Compilation fell back to Python (nopython=False) or an option was ignored."""


def hide_frames(exc):
    """`exc` made ready to raise at a public entry point (`raise hide_frames(exc) from None`): the
    compiler's frames dropped from its traceback unless NUMJIT_DEBUG=1."""
    from . import config
    return exc if config.DEBUG else exc.with_traceback(None)
