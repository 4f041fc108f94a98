from __future__ import annotations

import pytest

from rasid._rules import load_rules, rule_list
from rasid.errors import ModelError


def test_shipped_rule_files_load() -> None:
    assert "_about" in load_rules("rasid.data", "entity_heads.json")
    assert rule_list("rasid.arabic", "data/stopwords.json", "words")


def test_missing_file_or_key_is_a_model_error_naming_the_file() -> None:
    with pytest.raises(ModelError, match=r"rasid/data/nope\.json"):
        load_rules("rasid.data", "nope.json")
    with pytest.raises(ModelError, match="no 'nope'"):
        rule_list("rasid.data", "entity_heads.json", "nope")
