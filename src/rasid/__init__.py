"""Rasid (راصد): Arabic-first news intelligence."""

from rasid.errors import ConfigError, InputError, ModelError, QueryError, RasidError
from rasid.models import Article, IngestFailure, RawDocument

__version__ = "0.1.0"

__all__ = [
    "Article",
    "ConfigError",
    "IngestFailure",
    "InputError",
    "ModelError",
    "QueryError",
    "RasidError",
    "RawDocument",
    "__version__",
]
