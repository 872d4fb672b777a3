"""Typing: inference over the AST and resolution of operations to implementations.

    >>> from numjit.typing.infer import infer
    >>> callable(infer)
    True
"""
