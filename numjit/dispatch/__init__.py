"""The call boundary: Dispatcher objects and their native dispatch function.

    >>> from numjit.dispatch.dispatcher import Dispatcher
    >>> Dispatcher.__name__
    'Dispatcher'
"""
