"""numba.core.caching's names, for libraries that customise numba's disk cache. numjit's cache is
its own (numjit/cache/); these classes exist so such code imports, and a dispatcher whose `_cache`
is set to a `NullCache` does not use the disk cache.

    >>> bool(NullCache())
    False

`IndexDataCacheFile` is numba's file store, working as numba's does, for libraries that subclass
it (numpy-groupies locks it): an index file `<base>.nbi` (the version and the source stamp, then
key -> data file name) and one pickled data file `<base>.<n>.nbc` per key, each written to a
temporary file and renamed into place.

    >>> import tempfile
    >>> store = IndexDataCacheFile(tempfile.mkdtemp(), "demo", source_stamp="v1")
    >>> store.save("key", [1, 2]); store.load("key"), store.load("other")
    ([1, 2], None)
    >>> IndexDataCacheFile(store._cache_path, "demo", source_stamp="v2").load("key") is None
    True
"""
import contextlib
import os
import pickle
import uuid


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


class IndexDataCacheFile:
    """numba's index + data files of one cached function (see the module's docstring)."""

    def __init__(self, cache_path, filename_base, source_stamp):
        from ..run import NUMBA_API_VERSION
        self._cache_path = cache_path
        self._index_name = f"{filename_base}.nbi"
        self._index_path = os.path.join(cache_path, self._index_name)
        self._data_name_pattern = f"{filename_base}.{{number:d}}.nbc"
        self._source_stamp = source_stamp
        self._version = NUMBA_API_VERSION

    def flush(self):
        """Forget every key (an empty index)."""
        self._save_index({})

    def save(self, key, data):
        index = self._load_index()
        name = index.get(key)
        if name is None:
            name = index[key] = self._data_name(len(index))
            self._save_index(index)
        self._save_data(name, data)

    def load(self, key):
        name = self._load_index().get(key)
        if name is None:
            return None
        try:
            return self._load_data(name)
        except OSError:
            return None

    def _load_index(self):
        """key -> data file name; empty when the file is missing, of another version or source."""
        try:
            with open(self._index_path, "rb") as f:
                version = pickle.load(f)
                rest = f.read()
        except FileNotFoundError:
            return {}
        if version != self._version:
            return {}
        stamp, index = pickle.loads(rest)
        return index if stamp == self._source_stamp else {}

    def _save_index(self, index):
        rest = self._dump((self._source_stamp, index))
        with self._open_for_write(self._index_path) as f:
            pickle.dump(self._version, f, protocol=pickle.HIGHEST_PROTOCOL)
            f.write(rest)

    def _load_data(self, name):
        with open(self._data_path(name), "rb") as f:
            return pickle.loads(f.read())

    def _save_data(self, name, data):
        rest = self._dump(data)
        with self._open_for_write(self._data_path(name)) as f:
            f.write(rest)

    def _data_name(self, number):
        return self._data_name_pattern.format(number=number)

    def _data_path(self, name):
        return os.path.join(self._cache_path, name)

    def _dump(self, obj):
        from .serialize import dumps
        return dumps(obj)

    @contextlib.contextmanager
    def _open_for_write(self, path):
        """A file written under a temporary name and renamed over `path` when complete."""
        temporary = f"{path}.tmp.{uuid.uuid4().hex[:16]}"
        try:
            with open(temporary, "wb") as f:
                yield f
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise


class Cache(_NumbaCacheClass):
    pass


class FunctionCache(Cache):
    pass


class CacheImpl(_NumbaCacheClass):
    pass
