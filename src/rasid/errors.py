"""Every exception Rasid raises on purpose.

    RasidError       base class; catch this to handle any Rasid failure
    ├── InputError   one input (file, record, stdin) could not be read; .path and .reason
    ├── ConfigError  a bad option or a bad combination of options
    │   └── QueryError  a search query that cannot be run (unbalanced quotes, only operators)
    ├── ModelError   a shipped model or rule file is missing or corrupt
    └── StateError   a database's saved story state cannot be used (the stories are rebuilt)

Bad input never raises out of a batch: the runner turns an ``InputError`` into an
``IngestFailure`` record, reports it and goes on with the rest.
"""

from __future__ import annotations


class RasidError(Exception):
    """Base class of all errors raised by Rasid."""


class InputError(RasidError):
    """An input could not be turned into an article.

    ``path`` names the file (``file.jsonl:17`` for a record, ``<stdin>`` for standard input),
    ``reason`` says why in words a user understands.
    """

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str]]:
        # keeps the exception picklable across worker processes
        return (InputError, (self.path, self.reason))


class ConfigError(RasidError):
    """An option or a combination of options is invalid."""


class QueryError(ConfigError):
    """A search query or filter that cannot be run: empty, unbalanced quotes, only operators."""


class ModelError(RasidError):
    """A shipped model or rule file is missing or cannot be loaded."""


class StateError(RasidError):
    """A saved story state is unusable: corrupt, or naming types a story index is not made of."""
