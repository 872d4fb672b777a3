"""The type of a caught exception (`except ValueError as e:`): the raise's excinfo record.

    >>> caught_exception, str(caught_exception.llvm())
    (exception, 'ptr')

Its value is the pointer a raise stored in the excinfo slot (lowering/context.py): a
constant `{exception class slot, message}` record, so it needs no reference counting;
`raise e` stores it back.
"""
from llvmlite import ir

from .base import Type


class ExceptionValue(Type):
    kind = "exception"

    def llvm(self):
        return ir.PointerType()


caught_exception = ExceptionValue("exception")
