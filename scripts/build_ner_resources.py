"""Build the lookup tables the NER model uses, from offline, permissively licensed sources.

    python scripts/build_ner_resources.py [--shared ../shared] [--out src/rasid/ner/model]

Writes into ``src/rasid/ner/model/``:

* ``clusters.tsv.gz`` — word clusters at three granularities (64/256/1024) for the most frequent
  normalised words of the unlabelled ANT news corpus (Apache-2.0 + citation licence). Vectors are
  positional co-occurrence counts (window ±2) weighted by PPMI, reduced by truncated SVD and
  grouped by k-means; all random states are fixed so a rebuild gives the same table.
* ``embeddings.npz`` — the same words' vectors cut to their first 50 SVD dimensions, direction
  only, as int8: the inputs of the dense tagger (``rasid.ner._dense``) the CRFs stack on.
* ``names.tsv.gz`` — Arabic-script given names and family names with their counts, from the
  Wikidata (CC0) rows of the name index shipped in the MIT-licensed ``arabic-name-romanizer`` wheel.
* ``places.tsv`` — Arabic country names from pycountry's ISO 3166 gettext catalogue (LGPL data).
* ``news_names.tsv.gz`` — the words of names that ANT articles introduce by a role (الرئيس
  الأميركي دونالد ترامب) and the Wikidata table lacks (``rasid.ner._harvest``); the articles of
  the quote development gold are left out, so that its person scores stay honest.

Needs numpy, scipy and scikit-learn (build time only; inference needs none of them).
"""

from __future__ import annotations

import argparse
import gettext
import gzip
import io
import json
import lzma
import re
import sqlite3
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from rasid.ner._dense import save_embeddings  # noqa: E402
from rasid.ner._text import norm  # noqa: E402

WORD = re.compile(r"\w+|[^\w\s]")
VOCAB = 100_000
CONTEXTS = 10_000
DIMS = 100
GRANULARITIES = (64, 256, 1024)
# dimensions of the dense tagger's word vectors: all 100 double the file, and on --dev the dense
# tagger alone (one member) scored 68.5 micro F1 with 100 against 67.7 with 50
EMBED_DIMS = 50


def _gz_writer(path: Path) -> io.TextIOWrapper:
    # mtime=0 and no file name in the header: a rebuild is byte-identical
    raw = gzip.GzipFile(filename="", mode="wb", fileobj=open(path, "wb"), mtime=0)  # noqa: SIM115
    return io.TextIOWrapper(raw, encoding="utf-8")


def _ant_tokens(path: Path) -> Iterator[list[str]]:
    with lzma.open(path, "rt", encoding="utf-8") as fh:
        seen: set[str] = set()
        for line in fh:
            rec = json.loads(line)
            # the same article is filed under two feeds ~1,200 times; count it once
            if rec["url"] in seen:
                continue
            seen.add(rec["url"])
            for para in f"{rec.get('title') or ''}\n{rec.get('text') or ''}".split("\n"):
                toks = [norm(t) for t in WORD.findall(para)]
                if toks:
                    yield toks


def build_clusters(ant: Path, out: Path, embeddings: Path | None = None) -> None:
    import numpy as np
    import scipy.sparse as sp  # type: ignore[import-untyped]
    from sklearn.cluster import MiniBatchKMeans  # type: ignore[import-untyped]
    from sklearn.decomposition import TruncatedSVD  # type: ignore[import-untyped]

    paras = list(_ant_tokens(ant))
    freq = Counter(t for p in paras for t in p)
    ranked = [w for w, c in sorted(freq.items(), key=lambda kv: (-kv[1], kv[0])) if c >= 3]
    vocab = ranked[:VOCAB]
    index = {w: i for i, w in enumerate(vocab)}
    print(f"{len(paras)} paragraphs, {sum(freq.values())} tokens, vocab {len(vocab)}")
    # one id stream with -1 separators so windows never cross a paragraph
    ids = np.fromiter((index.get(t, -1) for p in paras for t in [*p, "\x00"]), dtype=np.int64)
    ends = np.fromiter((t == "\x00" for p in paras for t in [*p, "\x00"]), dtype=bool)
    ids[ends] = -2
    rows, cols = [], []
    for k, off in enumerate((1, 2)):
        left, right = ids[:-off], ids[off:]
        # a window must not reach across a paragraph separator
        ok = (left >= 0) & (right >= 0)
        if off == 2:
            ok &= ids[1:-1] != -2
        for word, ctx, slot in ((left, right, 2 + k), (right, left, 1 - k)):
            sel = ok & (ctx < CONTEXTS)
            rows.append(word[sel])
            cols.append(ctx[sel] + slot * CONTEXTS)
    r = np.concatenate(rows)
    c = np.concatenate(cols)
    m = sp.coo_matrix(
        (np.ones(len(r), dtype=np.float64), (r, c)), shape=(len(vocab), CONTEXTS * 4)
    ).tocsr()
    m.sum_duplicates()
    total = m.sum()
    row = np.asarray(m.sum(axis=1)).ravel()
    col = np.asarray(m.sum(axis=0)).ravel() ** 0.75  # context-distribution smoothing
    col = col / col.sum() * total
    coo = m.tocoo()
    pmi = np.log(coo.data * total / (row[coo.row] * col[coo.col]))
    keep = pmi > 0
    ppmi = sp.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=m.shape)
    vecs = TruncatedSVD(DIMS, algorithm="randomized", n_iter=7, random_state=0).fit_transform(ppmi)
    if embeddings is not None:
        save_embeddings(embeddings, vocab, vecs[:, :EMBED_DIMS].astype(np.float32))
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True) + 1e-9
    labels = []
    for k in GRANULARITIES:
        km = MiniBatchKMeans(k, random_state=0, batch_size=8192, n_init=3, max_iter=100)
        labels.append(km.fit_predict(vecs.astype(np.float64)))
        print(f"k={k} done")
    with _gz_writer(out / "clusters.tsv.gz") as fh:
        fh.write("# word\tc64\tc256\tc1024 — from ANT corpus v2.1 (Apache-2.0 + citation)\n")
        for i, w in enumerate(vocab):
            fh.write(f"{w}\t{labels[0][i]}\t{labels[1][i]}\t{labels[2][i]}\n")


def build_names(out: Path) -> None:
    import arabic_name_romanizer

    db = Path(arabic_name_romanizer.__file__).parent / "resources" / "names.sqlite3"
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    counts: dict[tuple[str, str], int] = Counter()
    for key, role, n in con.execute(
        "SELECT arabic_key, role, SUM(count) FROM units WHERE source = 'wikidata' GROUP BY 1, 2"
    ):
        for part in norm(key).split():
            if len(part) > 1:
                counts[(part, role)] += int(n)
    with _gz_writer(out / "names.tsv.gz") as fh:
        fh.write("# name\trole\tcount — Wikidata (CC0) rows of arabic-name-romanizer 0.2 (MIT)\n")
        for (name, role), n in sorted(counts.items()):
            fh.write(f"{name}\t{role}\t{n}\n")


def _ant_texts(ant: Path, exclude: set[str]) -> Iterator[str]:
    # each text once: the corpus files some articles under two categories
    seen: set[str] = set()
    with lzma.open(ant, "rt", encoding="utf-8") as fh:
        for line in fh:
            doc = json.loads(line)
            if doc["docno"] not in exclude and doc["text"] not in seen:
                seen.add(doc["text"])
                yield doc["text"]


def build_news_names(ant: Path, gold: Path, out: Path) -> None:
    from rasid.ner._harvest import role_names

    exclude = set(json.loads(gold.read_text(encoding="utf-8"))["articles"])
    with gzip.open(out / "names.tsv.gz", "rt", encoding="utf-8") as fh:
        known = {line.split("\t", 1)[0] for line in fh if not line.startswith("#")}
    rows = role_names(_ant_texts(ant, exclude), known)
    with _gz_writer(out / "news_names.tsv.gz") as fh:
        fh.write(
            "# name\trole\tarticles — words of role-introduced names in ANT corpus v2.1 "
            "(Apache-2.0 + citation) that names.tsv.gz lacks\n"
        )
        for name, role, n in rows:
            fh.write(f"{name}\t{role}\t{n}\n")
    print(f"news names: {len({r[0] for r in rows})} words")


def build_places(out: Path) -> None:
    import pycountry

    names: set[str] = set()
    for domain, items in (
        ("iso3166-1", pycountry.countries),
        ("iso3166-3", pycountry.historic_countries),
    ):
        tr = gettext.translation(domain, pycountry.LOCALES_DIR, languages=["ar"])
        for item in items:
            for attr in ("name", "common_name", "official_name"):
                value = getattr(item, attr, None)
                if value:
                    ar = tr.gettext(value)
                    if ar != value:
                        names.add(norm(ar))
    with open(out / "places.tsv", "w", encoding="utf-8") as fh:
        fh.write("# Arabic country names — pycountry ISO 3166 Arabic catalogue (LGPL-2.1)\n")
        for n in sorted(names):
            fh.write(f"{n}\n")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--out", type=Path, default=REPO / "src" / "rasid" / "ner" / "model")
    ap.add_argument("--only", choices=("clusters", "names", "news-names", "places"))
    ap.add_argument(
        "--embeddings",
        type=Path,
        help="write the dense tagger's word vectors here (default: OUT/embeddings.npz)",
    )
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.only in (None, "places"):
        build_places(args.out)
    if args.only in (None, "names"):
        build_names(args.out)
    ant = args.shared / "data" / "ant_corpus_v2.1" / "ant_v2.1.jsonl.xz"
    if args.only in (None, "news-names"):
        gold = args.shared / "data" / "dev_gold" / "quotes_ant_2018-02-15_2018-04-30.json"
        build_news_names(ant, gold, args.out)
    if args.only in (None, "clusters"):
        build_clusters(ant, args.out, args.embeddings or args.out / "embeddings.npz")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
