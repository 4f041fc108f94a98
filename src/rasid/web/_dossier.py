"""A stored dossier (``stories.dossier``, the JSON of ``dossier_to_json``) back to a ``Dossier``.

The store keeps dossiers as JSON; ``render_dossier`` takes the dataclass. The conversion is
driven by the dataclasses' own type hints, so a field added to ``rasid.dossier`` with a default
needs no change here, and a document written by an older version (a field missing) falls back
to that default.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from functools import cache
from typing import Any

from rasid.dossier import Dossier
from rasid.errors import InputError


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _convert(value: Any, hint: Any, where: str) -> Any:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(hint)
        if value is None and type(None) in options:
            return None
        concrete = [o for o in options if o is not type(None)]
        return _convert(value, concrete[0], where)
    if origin is tuple:
        if not isinstance(value, list | tuple):
            raise InputError(where, f"expected an array, got {type(value).__name__}")
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_convert(v, args[0], f"{where}[{i}]") for i, v in enumerate(value))
        if len(args) != len(value):
            raise InputError(where, f"expected {len(args)} items, got {len(value)}")
        pairs = enumerate(zip(value, args, strict=True))
        return tuple(_convert(v, a, f"{where}[{i}]") for i, (v, a) in pairs)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _record(value, hint, where)
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if hint in (str, int, float, bool) and not isinstance(value, hint):
        raise InputError(where, f"expected {hint.__name__}, got {type(value).__name__}")
    return value


def _record(value: Any, cls: type, where: str) -> Any:
    if not isinstance(value, Mapping):
        raise InputError(where, f"expected an object for {cls.__name__}")
    hints = _hints(cls)
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name in value:
            kwargs[f.name] = _convert(value[f.name], hints[f.name], f"{where}.{f.name}")
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            raise InputError(where, f"{cls.__name__} lacks the field {f.name!r}")
    return cls(**kwargs)


def dossier_from_json(data: Mapping[str, Any], where: str = "dossier") -> Dossier:
    """The ``Dossier`` of a JSON document; ``InputError`` naming the field when it does not fit."""
    out: Dossier = _record(data, Dossier, where)
    return out
