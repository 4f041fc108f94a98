"""The saved story index, loaded without trusting the database it comes from.

``rasid.storybook`` keeps the story index (``rasid.stories.StoryIndex``) between ingests as a
pickle in the store's ``story_state`` table. A database file can come from anyone, and a
plain ``pickle.loads`` calls whatever the pickle names (``os.system`` included), so the state
is read by an unpickler that builds only the types an index is made of, listed below. A state
that names anything else is refused with a ``StateError``; the caller then rebuilds the stories
from the stored articles, which loses nothing.
"""

from __future__ import annotations

import io
import pickle
from collections.abc import Callable
from typing import Any

from rasid.errors import StateError
from rasid.stories import StoryIndex

# (module, name) of every global a saved StoryIndex refers to. A new type in the index's
# state must be added here: tests/test_storybook.py round-trips a real index through this.
_ALLOWED = frozenset({
    ("builtins", "dict"), ("builtins", "list"), ("builtins", "set"), ("builtins", "frozenset"),
    ("builtins", "tuple"),
    ("collections", "Counter"), ("collections", "OrderedDict"), ("collections", "defaultdict"),
    ("collections", "deque"),
    ("numpy", "dtype"), ("numpy", "ndarray"),
    ("numpy._core.numeric", "_frombuffer"), ("numpy.core.numeric", "_frombuffer"),
    ("numpy._core.multiarray", "_reconstruct"), ("numpy.core.multiarray", "_reconstruct"),
    ("datasketch.lsh", "MinHashLSH"),
    ("datasketch.storage", "DictListStorage"), ("datasketch.storage", "DictSetStorage"),
    ("rasid._story_text", "Idf"),
    ("rasid.dedup", "DedupOptions"), ("rasid.dedup", "DuplicateIndex"),
    ("rasid.dedup", "DuplicateLink"), ("rasid.dedup", "_Lead"), ("rasid.dedup", "_Page"),
    ("rasid.stories", "StoryIndex"), ("rasid.stories", "StoryOptions"),
    ("rasid.stories", "_Dormant"), ("rasid.stories", "_Live"), ("rasid.stories", "_Record"),
})
# datasketch's MinHashLSH pickles its hash method as getattr(lsh, name): getattr is allowed
# for those names on an LSH object only (a free getattr would reach any attribute of anything)
_LSH_METHODS = frozenset({"_byteswap", "_hashed_byteswap"})


def _lsh_method(obj: object, name: str) -> Any:
    from datasketch.lsh import MinHashLSH

    if not isinstance(obj, MinHashLSH) or name not in _LSH_METHODS:
        raise pickle.UnpicklingError(f"getattr({type(obj).__name__}, {name!r}) is not allowed")
    return getattr(obj, name)


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Callable[..., Any]:
        if (module, name) == ("builtins", "getattr"):
            return _lsh_method
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a story index")
        found: Callable[..., Any] = super().find_class(module, name)
        return found


def dump_index(index: StoryIndex) -> bytes:
    return pickle.dumps(index, protocol=5)


def load_index(raw: bytes) -> StoryIndex:
    """The index saved as ``raw`` by :func:`dump_index`; ``StateError`` if it is not one."""
    try:
        index = _Unpickler(io.BytesIO(raw)).load()
    except Exception as exc:
        # untrusted bytes: whatever decoding them raises (a bad opcode, a missing memo key,
        # a constructor given nonsense) means the same thing, an unusable state
        raise StateError(f"saved story state refused: {exc!r}") from exc
    if not isinstance(index, StoryIndex):
        raise StateError(f"saved story state refused: a {type(index).__name__}, not a story index")
    return index
