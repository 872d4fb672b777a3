"""Frontend: a function's source and AST, the supported-syntax check, variable versions.

    >>> from numjit.frontend.versions import original_name
    >>> original_name("x$3")
    'x'
"""
