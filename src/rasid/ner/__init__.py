"""Named-entity recognition for Arabic news: a two-pass CRF trained on ANERcorp, stacked on two
small neural taggers (a word-window perceptron and a BiLSTM, both run in numpy).

    extract_mentions(text, tokens=None)  Mention spans (PERS, ORG, LOC, MISC) into ``text``
    tag_tokens(words)                    IOB tags for one pre-tokenised sentence
    tag_sentences(sentences)             IOB tags for consecutive sentences of one document

The model (``model/ner.crfsuite`` + ``model/ner2.crfsuite``, the window tagger's
``model/dense.npz`` (see ``_dense``), the BiLSTM's ``model/recurrent.npz`` (see ``_recurrent``),
the word vectors both read, ``model/embeddings.npz``, and the tables beside them) is loaded
once, lazily.
It is rebuilt by ``scripts/build_ner_resources.py`` and ``scripts/train_ner.py``; see NOTICE
for the licences of what it was built from.
"""

from __future__ import annotations

from collections.abc import Sequence

from rasid.arabic import split_sentences, tokenize
from rasid.models import Mention, Token
from rasid.ner import _model


def extract_mentions(text: str, tokens: tuple[Token, ...] | None = None) -> tuple[Mention, ...]:
    """Named-entity mentions of ``text``: ``text[m.start:m.end] == m.text``.

    ``tokens`` defaults to ``rasid.arabic.tokenize(text)``; ``score`` is the model's mean
    marginal probability of the mention's tags.
    """
    if tokens is None:
        tokens = tokenize(text)
    if not tokens:
        return ()
    ends = [s.end for s in split_sentences(text)]
    return tuple(_model.mentions(text, tokens, ends))


def tag_tokens(words: Sequence[str]) -> list[str]:
    """IOB tags (``B-PERS``, ``I-ORG``, ``O``...) for one sentence of pre-tokenised words."""
    if not words:
        return []
    return _model.tag_sentences([list(words)])[0][0]


def tag_sentences(sentences: Sequence[Sequence[str]]) -> list[list[str]]:
    """IOB tags for consecutive sentences of one document; later sentences inform earlier ones."""
    return _model.tag_sentences(sentences)[0]


__all__ = ["extract_mentions", "tag_sentences", "tag_tokens"]
