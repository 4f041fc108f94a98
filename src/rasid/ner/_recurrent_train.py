"""Training the recurrent tagger of ``_recurrent`` with torch (build time only).

torch is not a dependency of Rasid: ``pip install torch`` (the CPU build is enough) before
``python -m rasid.ner.train``. The trained network is exported to the numpy arrays that
``_recurrent.RecurrentTagger`` runs, and checked against torch's own output before it is kept.

Fixed seeds and one thread per process make a run repeatable on one machine.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from rasid.ner._conll import Sentence
from rasid.ner._dense import LABELS, Array, WordRows
from rasid.ner._recurrent import (
    MAX_CHARS,
    Direction,
    RecurrentTagger,
    Weights,
    alphabet_index,
    letter_ids,
)
from rasid.ner._text import norm

if TYPE_CHECKING:
    import torch


@dataclass(frozen=True)
class Settings:
    """The BiLSTM's size and schedule. Scored alone on the dev split: 60 epochs 70.29 micro F1,
    30 epochs 66.40, 200 units (30 epochs) 69.75; the rest are common choices, not tuned."""

    hidden: int = 128
    char_dims: int = 24
    char_filters: int = 50
    dropout: float = 0.5
    epochs: int = 60
    learning_rate: float = 2e-3
    decay: float = 0.05  # the rate after epoch e is learning_rate / (1 + decay * e)
    batch: int = 32
    clip: float = 5.0
    seed: int = 0


def alphabet(sents: Sequence[Sentence]) -> str:
    """The letters the character convolution knows: those of the training words (normalised)."""
    return "".join(sorted({c for s in sents for w in s.words for c in norm(w)}))


def _torch() -> Any:
    try:
        import torch
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RuntimeError(
            "training the recurrent NER tagger needs torch (pip install torch); "
            "or train without it: python -m rasid.ner.train --no-dense"
        ) from exc
    torch.set_num_threads(1)
    return torch


def _network(torch: Any, width: int, letters: int, s: Settings) -> Any:
    nn = torch.nn

    class Net(nn.Module):  # type: ignore[misc,name-defined]
        def __init__(self) -> None:
            super().__init__()
            self.cemb = nn.Embedding(letters + 2, s.char_dims, padding_idx=0)
            self.conv = nn.Conv1d(s.char_dims, s.char_filters, 3, padding=1)
            self.drop = nn.Dropout(s.dropout)
            self.lstm = nn.LSTM(
                width + s.char_filters, s.hidden, batch_first=True, bidirectional=True
            )
            self.out = nn.Linear(2 * s.hidden, len(LABELS))

        def forward(self, x: torch.Tensor, c: torch.Tensor, lengths: list[int]) -> torch.Tensor:
            b, n, m = c.shape
            flat = c.view(b * n, m)
            h = torch.relu(self.conv(self.cemb(flat).transpose(1, 2)))
            # the max over a word's letters only; a word with none gets zeros (as in numpy)
            h = h.masked_fill(~(flat > 0).unsqueeze(1), -1e4).max(dim=2).values
            h = torch.where(h < -1e3, torch.zeros_like(h), h).view(b, n, s.char_filters)
            z = self.drop(torch.cat([x, h], dim=2))
            packed = nn.utils.rnn.pack_padded_sequence(
                z, lengths, batch_first=True, enforce_sorted=False
            )
            o, _ = self.lstm(packed)
            o, _ = nn.utils.rnn.pad_packed_sequence(o, batch_first=True, total_length=n)
            return self.out(self.drop(o))

    return Net()


Item = tuple[Array, np.ndarray[Any, np.dtype[np.int64]], np.ndarray[Any, np.dtype[np.int64]]]


def _items(sents: Sequence[Sentence], rows: WordRows, letters: str) -> list[Item]:
    index = alphabet_index(letters)
    out: list[Item] = []
    for s in sents:
        x = np.stack([rows(w) for w in s.words])
        c = np.zeros((len(s.words), MAX_CHARS), dtype=np.int64)
        for i, w in enumerate(s.words):
            ids = letter_ids(w, index)
            c[i, : len(ids)] = ids
        y = np.array([LABELS.index(t) for t in s.tags], dtype=np.int64)
        out.append((x, c, y))
    return out


def _batches(
    torch: Any, items: Sequence[Item], size: int, rng: np.random.Generator
) -> Iterator[tuple[Any, Any, Any, list[int]]]:
    # sentences of similar length together (little padding), the batches in a random order
    order = np.argsort([len(it[0]) for it in items], kind="stable")
    groups = [order[i : i + size] for i in range(0, len(order), size)]
    rng.shuffle(groups)
    for g in groups:
        part = [items[i] for i in g]
        n = max(len(it[0]) for it in part)
        x = np.zeros((len(part), n, part[0][0].shape[1]), dtype=np.float32)
        c = np.zeros((len(part), n, MAX_CHARS), dtype=np.int64)
        y = np.full((len(part), n), -100, dtype=np.int64)
        for k, (xi, ci, yi) in enumerate(part):
            x[k, : len(xi)], c[k, : len(xi)], y[k, : len(xi)] = xi, ci, yi
        lengths = [len(it[0]) for it in part]
        yield torch.from_numpy(x), torch.from_numpy(c), torch.from_numpy(y), lengths


def train_recurrent(
    sents: Sequence[Sentence], rows: WordRows, letters: str, s: Settings = Settings()
) -> Weights:
    """Train on ``sents`` and return the network as numpy weights."""
    sents = [x for x in sents if x.words]
    if not sents:
        raise ValueError("no training sentences")
    torch = _torch()
    torch.manual_seed(s.seed)
    rng = np.random.default_rng(s.seed)
    items = _items(sents, rows, letters)
    net = _network(torch, rows.width, len(letters), s)
    opt = torch.optim.Adam(net.parameters(), lr=s.learning_rate)
    loss_of = torch.nn.CrossEntropyLoss(ignore_index=-100)
    net.train()
    for epoch in range(s.epochs):
        for x, c, y, lengths in _batches(torch, items, s.batch, rng):
            opt.zero_grad()
            z = net(x, c, lengths)
            loss = loss_of(z.reshape(-1, z.shape[-1]), y.reshape(-1))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), s.clip)
            opt.step()
        for group in opt.param_groups:
            group["lr"] = s.learning_rate / (1 + s.decay * (epoch + 1))
    net.eval()
    weights = _export(net, letters)
    _verify(torch, net, weights, rows, items[:50], sents[:50])
    return weights


def _export(net: Any, letters: str) -> Weights:
    sd = {k: v.detach().numpy().astype(np.float32) for k, v in net.state_dict().items()}

    def side(suffix: str) -> Direction:
        return Direction(
            sd[f"lstm.weight_ih_l0{suffix}"],
            sd[f"lstm.weight_hh_l0{suffix}"],
            sd[f"lstm.bias_ih_l0{suffix}"] + sd[f"lstm.bias_hh_l0{suffix}"],
        )

    return Weights(
        letters,
        sd["cemb.weight"],
        sd["conv.weight"],
        sd["conv.bias"],
        side(""),
        side("_reverse"),
        sd["out.weight"],
        sd["out.bias"],
    )


def _verify(
    torch: Any,
    net: Any,
    weights: Weights,
    rows: WordRows,
    items: Sequence[Item],
    sents: Sequence[Sentence],
) -> None:
    """The numpy tagger must give torch's probabilities (a wrong export would go unnoticed)."""
    mine = RecurrentTagger(rows, weights).probabilities([s.words for s in sents])
    with torch.no_grad():
        for item, p in zip(items, mine, strict=True):
            x, c, _ = item
            z = net(torch.from_numpy(x[None]), torch.from_numpy(c[None]), [len(x)])
            want = torch.softmax(z[0], dim=-1).numpy()
            if float(np.abs(want - p).max()) > 1e-4:
                raise RuntimeError("the exported recurrent tagger disagrees with torch")
