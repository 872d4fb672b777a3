"""numba.core.caching's names, for libraries that customise numba's disk cache. numjit's cache is
its own (numjit/cache/); these classes exist so such code imports, and a dispatcher whose `_cache`
is set to a `NullCache` does not use the disk cache.

    >>> bool(NullCache())
    False
"""


class NullCache:
    """No disk cache: falsy, so a numjit dispatcher given it as `_cache` caches nothing."""

    def __bool__(self):
        return False

    def load_overload(self, *args, **kwargs):
        return None

    def save_overload(self, *args, **kwargs):
        pass

    def enable(self):
        pass

    def disable(self):
        pass

    def flush(self):
        pass


class _NumbaCacheClass:
    """A numba cache class numjit does not use: subclassing works, constructing says so."""

    def __init__(self, *args, **kwargs):
        from ..errors import UnsupportedError
        raise UnsupportedError(f"numba's {type(self).__name__} is not used by numjit (its disk cache is "
                               "numjit/cache/, enabled with cache=True)")


class IndexDataCacheFile(_NumbaCacheClass):
    pass


class Cache(_NumbaCacheClass):
    pass


class FunctionCache(Cache):
    pass


class CacheImpl(_NumbaCacheClass):
    pass
