"""Django's file cache without its zlib layer and its directory listing on every write, for
the page cache's default backend.

FileBasedCache compresses every value with zlib. For the page cache that is the one cost that
grows with a page: a cached reader of the paper (189 KiB) was decompressed on every request,
and the large pages reached half the requests per second of the small ones (`make bench`).
Here a value is written as its pickle alone; the price is disk (a page takes its own size, the
reader 189 KiB instead of ~40). A different file suffix, so that files the compressing backend
wrote are never read as plain pickles (they are culled or expire as usual).

FileBasedCache also lists its whole directory before every write, to see whether it holds
MAX_ENTRIES (`_cull`): with 5,000 entries a write took 12 ms, with 19,000 46 ms, paid by every
page put in the cache and every move of the collection version. Here a process counts the
entries at its first write and then once every CULL_EVERY writes, as Django's documentation
suggests (override `_cull`; ticket #29994): the directory may exceed MAX_ENTRIES by that many
entries a process before some are culled.
"""

import pickle

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.files import locks

CULL_EVERY = 100  # writes of a process between two counts of the directory's entries


class PlainFileCache(FileBasedCache):
    cache_suffix = ".plaincache"

    def __init__(self, dir, params):
        super().__init__(dir, params)
        self._writes_before_count = 0  # a process's first write counts

    def _cull(self):
        if self._writes_before_count > 0:
            self._writes_before_count -= 1
            return
        self._writes_before_count = CULL_EVERY - 1
        super()._cull()

    def get(self, key, default=None, version=None):
        fname = self._key_to_file(key, version)
        try:
            with open(fname, "rb") as f:
                if not self._is_expired(f):
                    return pickle.loads(f.read())
        except FileNotFoundError:
            pass
        return default

    def _write_content(self, file, timeout, value):
        expiry = self.get_backend_timeout(timeout)
        file.write(pickle.dumps(expiry, self.pickle_protocol))
        file.write(pickle.dumps(value, self.pickle_protocol))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            with open(self._key_to_file(key, version), "r+b") as f:
                try:
                    locks.lock(f, locks.LOCK_EX)
                    if self._is_expired(f):
                        return False
                    previous_value = pickle.loads(f.read())
                    f.seek(0)
                    self._write_content(f, timeout, previous_value)
                    f.truncate()
                    return True
                finally:
                    locks.unlock(f)
        except FileNotFoundError:
            return False
