"""Reading the JSON rule files shipped inside the package, with one error policy.

Every rule file is a JSON object with an ``_about`` note on its source; a missing, unparsable
or malformed one is a ``ModelError`` that names the file (never a bare ``KeyError`` later).
Callers cache what they build from it.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from rasid.errors import ModelError


def load_rules(package: str, path: str) -> dict[str, Any]:
    """The JSON object at ``path`` (slash-separated) inside ``package``."""
    where = f"{package.replace('.', '/')}/{path}"
    try:
        raw = resources.files(package).joinpath(path).read_text(encoding="utf-8")
        data = json.loads(raw)
    except (OSError, ValueError) as exc:
        raise ModelError(f"rule file {where} is missing or corrupt: {exc}") from exc
    if not isinstance(data, dict) or "_about" not in data:
        raise ModelError(f"rule file {where} must be a JSON object with an '_about' key")
    return data


def rule_list(package: str, path: str, key: str) -> list[Any]:
    """``load_rules(package, path)[key]``, a ``ModelError`` when the key is absent."""
    data = load_rules(package, path)
    if key not in data:
        raise ModelError(f"rule file {package.replace('.', '/')}/{path} has no {key!r}")
    value: list[Any] = data[key]
    return value
