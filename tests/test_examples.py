"""The sample corpus in ``examples/gulf_news_sample`` and its answer key ``EXPECTED.md``.

These tests need only the repository. They keep the corpus honest (encodings, metadata, formats)
and keep ``EXPECTED.md`` in step with the files: every quoted string it cites must occur in the
document it names, and every relative date it resolves is re-derived here from the calendar.
One test runs the pipeline: the sample must cluster into the key's three stories.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parent.parent / "examples" / "gulf_news_sample"
EXPECTED = SAMPLE / "EXPECTED.md"
BOM = b"\xef\xbb\xbf"
ARABIC_INDIC = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")
OUTLETS = {"وكالة الساحل للأنباء", "صحيفة المرصد", "قناة الأفق"}

# Python weekday() numbers; the names as they follow يوم/أمس/مساء in news text
WEEKDAYS = {"الاثنين": 0, "الثلاثاء": 1, "الأربعاء": 2, "الخميس": 3, "الجمعة": 4, "السبت": 5,
            "الأحد": 6}
MONTHS = {
    "كانون الثاني": 1, "يناير": 1, "شباط": 2, "فبراير": 2, "آذار": 3, "مارس": 3,
    "نيسان": 4, "أبريل": 4, "أيار": 5, "مايو": 5, "حزيران": 6, "يونيو": 6,
    "تموز": 7, "يوليو": 7, "آب": 8, "أغسطس": 8, "أيلول": 9, "سبتمبر": 9,
    "تشرين الأول": 10, "أكتوبر": 10, "تشرين الثاني": 11, "نوفمبر": 11,
    "كانون الأول": 12, "ديسمبر": 12,
}
HIJRI_MONTHS = {"محرم": 1, "صفر": 2, "ربيع الأول": 3, "ربيع الآخر": 4, "جمادى الأولى": 5,
                "جمادى الآخرة": 6, "رجب": 7, "شعبان": 8, "رمضان": 9, "شوال": 10,
                "ذو القعدة": 11, "ذو الحجة": 12}
ORDINAL_DAYS = {"الأول": 1, "الثاني": 2, "الثالث": 3, "الرابع": 4, "الخامس": 5, "السادس": 6,
                "السابع": 7, "الثامن": 8, "التاسع": 9, "العاشر": 10}
SATURDAY = 5


# --- reading EXPECTED.md --------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    heading: str
    rows: tuple[dict[str, str], ...]


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


@cache
def tables() -> tuple[Table, ...]:
    """Every pipe table in EXPECTED.md with the heading it sits under."""
    found: list[Table] = []
    heading = ""
    lines = EXPECTED.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
        elif line.startswith("|") and i + 1 < len(lines) and re.match(r"^\|[-| ]+\|$",
                                                                     lines[i + 1].strip()):
            header = _cells(line)
            rows: list[dict[str, str]] = []
            i += 2
            while i < len(lines) and lines[i].startswith("|"):
                values = _cells(lines[i])
                assert len(values) == len(header), f"ragged row in {heading!r}: {lines[i]}"
                rows.append(dict(zip(header, values, strict=True)))
                i += 1
            found.append(Table(heading, tuple(rows)))
            continue
        i += 1
    return tuple(found)


def table(heading: str) -> Table:
    matches = [t for t in tables() if t.heading == heading]
    assert len(matches) == 1, f"EXPECTED.md needs exactly one table under '{heading}'"
    return matches[0]


def backticked(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


# --- reading the corpus on its own (independent of rasid.ingest) ----------------------------


@dataclass(frozen=True)
class Doc:
    id: str
    file: str
    kind: str
    text: str  # the decoded file, or title + text of a JSON Lines record
    published: str


class _ArticleText(HTMLParser):
    """Text of the ``<article>`` element, one chunk per element."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.chunks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article" or self.depth:
            self.depth += tag != "img"

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and data.strip():
            self.chunks.append(data.strip())


def _html_published(html: str) -> str:
    found = re.search(r'<meta property="article:published_time" content="([^"]+)"', html)
    assert found, "HTML page lacks article:published_time"
    return found.group(1)


@cache
def meta_rows() -> dict[str, dict[str, str]]:
    with (SAMPLE / "meta.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == ["file", "source", "url", "published"]
        return {row["file"]: row for row in reader}


@cache
def feed_records() -> tuple[dict[str, str], ...]:
    lines = (SAMPLE / "feed.jsonl").read_text(encoding="utf-8").splitlines()
    return tuple(json.loads(line) for line in lines if line.strip())


@cache
def documents() -> dict[str, Doc]:
    docs: dict[str, Doc] = {}
    for row in table("Documents").rows:
        doc_id, file, encoding = row["doc"], row["file"], row["encoding"]
        if file.startswith("feed.jsonl:"):
            record = feed_records()[int(file.split(":")[1]) - 1]
            assert record["id"] == doc_id
            docs[doc_id] = Doc(doc_id, file, "jsonl", record["title"] + "\n" + record["text"],
                               record["published"])
            continue
        text = (SAMPLE / file).read_bytes().decode(encoding)
        if file.endswith(".html"):
            docs[doc_id] = Doc(doc_id, file, "html", text, _html_published(text))
            continue
        sidecar = SAMPLE / (file + ".meta.json")
        if sidecar.exists():
            published = json.loads(sidecar.read_text(encoding="utf-8"))["published"]
        else:
            published = meta_rows()[file]["published"]
        docs[doc_id] = Doc(doc_id, file, "txt", text.replace("\r\n", "\n"), published)
    return docs


def pub_date(doc_id: str) -> dt.date:
    return dt.datetime.fromisoformat(documents()[doc_id].published).date()


# --- the corpus -----------------------------------------------------------------------------


def test_documents_table_covers_every_item_in_the_folder() -> None:
    rows = table("Documents").rows
    assert len(rows) == 12
    files = {row["file"].split(":")[0] for row in rows}
    on_disk = {p.name for p in SAMPLE.iterdir()
               if p.name not in {"meta.csv", "EXPECTED.md"} and not p.name.endswith(".meta.json")}
    assert files == on_disk
    assert len({row["doc"] for row in rows}) == 12
    assert {row["outlet"] for row in rows} == OUTLETS
    stories = [row["story"] for row in rows]
    assert (stories.count("A"), stories.count("B"), stories.count("C")) == (7, 3, 2)
    assert sum(row["format"] == "html" for row in rows) == 2
    assert sum(row["format"] == "jsonl" for row in rows) == 3


@pytest.mark.parametrize("row", table("Documents").rows, ids=lambda row: row["doc"])
def test_file_decodes_in_its_declared_encoding(row: dict[str, str]) -> None:
    path = SAMPLE / row["file"].split(":")[0]
    data = path.read_bytes()
    encoding = row["encoding"]
    data.decode(encoding)  # strict: raises on a single bad byte
    if encoding == "cp1256":
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")
        assert re.search(rb"[\x80-\xff]", data), "a cp1256 file must hold Arabic bytes"
    elif encoding == "utf-8-sig":
        assert data.startswith(BOM)
    else:
        assert encoding == "utf-8" and not data.startswith(BOM)


def test_encodings_exercise_the_reader() -> None:
    encodings = [row["encoding"] for row in table("Documents").rows]
    assert encodings.count("cp1256") == 1
    assert encodings.count("utf-8-sig") == 1
    cp1256 = next(r["file"] for r in table("Documents").rows if r["encoding"] == "cp1256")
    assert b"\r\n" in (SAMPLE / cp1256).read_bytes()


def test_meta_csv_lists_every_text_file_without_a_sidecar() -> None:
    texts = {p.name for p in SAMPLE.glob("*.txt")}
    sidecars = {p.name.removesuffix(".meta.json") for p in SAMPLE.glob("*.meta.json")}
    assert sidecars and sidecars <= texts
    assert set(meta_rows()) == texts - sidecars
    for row in meta_rows().values():
        assert row["source"] in OUTLETS
        assert re.match(r"^https://[a-z-]+\.example\.(com|org)/", row["url"]), row["url"]
        assert dt.datetime.fromisoformat(row["published"]).year == 2025


def test_sidecar_holds_the_metadata_of_its_file() -> None:
    (sidecar,) = SAMPLE.glob("*.txt.meta.json")
    values = json.loads(sidecar.read_text(encoding="utf-8"))
    assert values["source"] in OUTLETS
    assert ".example.com/" in values["url"]
    assert dt.datetime.fromisoformat(values["published"]).year == 2025


def test_feed_records_have_the_required_fields() -> None:
    records = feed_records()
    assert len(records) == 3
    for record in records:
        assert set(record) == {"id", "title", "text", "url", "source", "published"}
        assert all(isinstance(value, str) and value.strip() for value in record.values())
        assert record["source"] in OUTLETS
        dt.datetime.fromisoformat(record["published"])


def test_html_pages_are_full_rtl_pages() -> None:
    for path in SAMPLE.glob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert '<html dir="rtl" lang="ar">' in html
        for part in ("<title>", "<nav", "<article", "<aside", "<footer"):
            assert part in html, f"{path.name} lacks {part}"
        assert _html_published(html).startswith("2025-")


@pytest.mark.parametrize("row", table("Documents").rows, ids=lambda row: row["doc"])
def test_documents_table_matches_the_metadata(row: dict[str, str]) -> None:
    assert documents()[row["doc"]].published == row["published"]


def test_arabic_indic_digits_appear_in_several_items() -> None:
    with_digits = [d.id for d in documents().values() if re.search("[٠-٩]", d.text)]
    assert len(with_digits) >= 2


def _body_words(doc: Doc, debris: set[str]) -> int:
    if doc.kind == "html":
        parser = _ArticleText()
        parser.feed(doc.text)
        chunks = parser.chunks[1:]  # the <h1> headline
    else:
        chunks = [line.strip() for line in doc.text.split("\n")[1:]]
    return sum(len(chunk.split()) for chunk in chunks if chunk and chunk not in debris)


@pytest.mark.parametrize("doc_id", [row["doc"] for row in table("Documents").rows])
def test_article_bodies_are_short_news_items(doc_id: str) -> None:
    debris = {s for row in table("Debris").rows if row["doc"] == doc_id
              for s in backticked(row["line"])}
    assert 150 <= _body_words(documents()[doc_id], debris) <= 400


# --- EXPECTED.md stays true to the files ----------------------------------------------------


def _evidence_rows() -> list[tuple[str, str, str]]:
    """(table heading, doc, quoted string) for every doc-keyed backticked string."""
    out: list[tuple[str, str, str]] = []
    for t in tables():
        for row in t.rows:
            docs = [row["doc"]] if "doc" in row else []
            if "docs" in row:
                docs = [d.strip() for d in row["docs"].split(",")]
            for key in ("evidence", "written as", "line", "dateline"):
                for quoted in backticked(row.get(key, "")):
                    out.extend((t.heading, doc, quoted) for doc in docs)
            if "phrase" in row:
                out.extend((t.heading, doc, row["phrase"]) for doc in docs)
    return out


def test_every_cited_string_occurs_in_its_document() -> None:
    docs = documents()
    rows = _evidence_rows()
    assert len(rows) > 200
    missing = [(h, d, s) for h, d, s in rows if d not in docs or s not in docs[d].text]
    assert not missing, missing[:5]


def test_debris_lines_are_whole_lines_or_elements() -> None:
    for row in table("Debris").rows:
        doc = documents()[row["doc"]]
        (line,) = backticked(row["line"])
        if doc.kind == "html":
            assert re.search(rf">\s*{re.escape(line)}\s*<", doc.text), (doc.id, line)
        else:
            assert line in {raw.strip() for raw in doc.text.split("\n")}, (doc.id, line)


def test_each_outlet_keeps_its_quote_marks() -> None:
    marks = {"وكالة الساحل للأنباء": "«", "صحيفة المرصد": '"', "قناة الأفق": "“"}
    for row in table("Documents").rows:
        if row["doc"] == "2025-03-09_marsad_aqaba-strike-wire":
            continue  # a wire copy keeps the agency's « »
        assert marks[row["outlet"]] in documents()[row["doc"]].text, row["doc"]


def test_contradiction_pairs_a_denial_with_a_later_admission() -> None:
    rows = table("Story A: the contradiction").rows
    denial = next(r for r in rows if "لا نناقش" in r["evidence"])
    admission = next(r for r in rows if "تم بحث تأجيل" in r["evidence"])
    assert pub_date(denial["doc"]) < pub_date(admission["doc"])


# --- dates re-derived from the calendar -----------------------------------------------------


def _month_in(phrase: str) -> int | None:
    found = {number for name, number in MONTHS.items() if name in phrase}
    assert len(found) <= 1, f"two different months named in {phrase!r}"
    return found.pop() if found else None


def _weekday_in(phrase: str) -> int | None:
    found = [number for name, number in WEEKDAYS.items() if name in phrase]
    return found[0] if found else None


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1


def resolve_relative(phrase: str, pub: dt.date) -> str:
    """What a relative phrase means on the day ``pub``; the rules EXPECTED.md follows."""
    if "الأسبوع الماضي" in phrase:
        this_week = pub - dt.timedelta(days=(pub.weekday() - SATURDAY) % 7)
        start = this_week - dt.timedelta(days=7)
        return f"{start}..{start + dt.timedelta(days=6)}"
    if "الشهر المقبل" in phrase:
        next_year, next_month = _add_months(pub.year, pub.month, 1)
        return f"{next_year:04d}-{next_month:02d}"
    month = _month_in(phrase)
    if month is not None:
        if "الجاري" in phrase:
            year = pub.year
        elif "الماضي" in phrase:
            year = pub.year if month < pub.month else pub.year - 1
        else:
            assert "المقبل" in phrase, phrase
            year = pub.year if month > pub.month else pub.year + 1
        day = next((n for word, n in ORDINAL_DAYS.items() if phrase.startswith(word)), None)
        return f"{year:04d}-{month:02d}" if day is None else str(dt.date(year, month, day))
    if "أمس" in phrase:
        return str(pub - dt.timedelta(days=1))
    if "غد" in phrase:
        return str(pub + dt.timedelta(days=1))
    if "اليوم" in phrase:
        return str(pub)
    weekday = _weekday_in(phrase)
    assert weekday is not None, f"no rule for {phrase!r}"
    back = (pub.weekday() - weekday) % 7 or 7  # a bare weekday name means the last one passed
    return str(pub - dt.timedelta(days=back))


def test_relative_date_rules_can_fail() -> None:
    sunday = dt.date(2025, 3, 9)
    assert resolve_relative("أمس السبت", sunday) == "2025-03-08"
    assert resolve_relative("الأحد الماضي", sunday) == "2025-03-02"
    assert resolve_relative("يناير الماضي", dt.date(2025, 1, 20)) == "2024-01"


@pytest.mark.parametrize("row", table("Relative dates").rows,
                         ids=lambda row: f"{row['doc']}:{row['phrase']}")
def test_relative_dates_agree_with_the_calendar(row: dict[str, str]) -> None:
    pub = pub_date(row["doc"])
    value = row["resolves to"]
    assert resolve_relative(row["phrase"], pub) == value
    weekday = _weekday_in(row["phrase"])
    if weekday is not None:
        assert dt.date.fromisoformat(value).weekday() == weekday, "weekday name does not fit"
    if ".." in value:
        first, last = (dt.date.fromisoformat(v) for v in value.split(".."))
        assert first.weekday() == SATURDAY and (last - first).days == 6 and last < pub


def test_relative_dates_cover_the_brief() -> None:
    phrases = [row["phrase"] for row in table("Relative dates").rows]
    for needed in ("أمس الأربعاء", "مساء الخميس", "الأسبوع الماضي", "يناير الماضي"):
        assert any(needed in phrase for phrase in phrases), needed


def _number(text: str) -> int:
    return int(text.translate(ARABIC_INDIC))


def resolve_absolute(phrase: str) -> str:
    quarter = re.fullmatch(r"الربع الأخير من عام (\S+)", phrase)
    if quarter:
        return f"{_number(quarter.group(1))}-10-01..{_number(quarter.group(1))}-12-31"
    year_only = re.fullmatch(r"عام (\S+)", phrase)
    if year_only:
        return str(_number(year_only.group(1)))
    day, rest = phrase.split(" ", 1)
    month_name, year = rest.rsplit(" ", 1)
    if month_name in HIJRI_MONTHS:
        from hijridate import Hijri

        gregorian = Hijri(_number(year), HIJRI_MONTHS[month_name], _number(day)).to_gregorian()
        return str(dt.date(gregorian.year, gregorian.month, gregorian.day))
    return str(dt.date(_number(year), MONTHS[month_name], _number(day)))


@pytest.mark.parametrize("row", table("Absolute dates").rows,
                         ids=lambda row: f"{row['doc']}:{row['phrase']}")
def test_absolute_dates_agree_with_the_calendar(row: dict[str, str]) -> None:
    assert resolve_absolute(row["phrase"]) == row["resolves to"]


def test_hijri_date_falls_on_the_gregorian_date_it_is_paired_with() -> None:
    rows = {row["phrase"]: row["resolves to"] for row in table("Absolute dates").rows}
    assert rows["15 رمضان 1446"] == rows["15 مارس 2025"]


# --- the ingest stage on the sample ---------------------------------------------------------


def test_ingest_reads_the_whole_sample_without_failure() -> None:
    ingest = pytest.importorskip("rasid.ingest")
    from rasid.models import IngestFailure, RawDocument

    items = list(ingest.iter_documents([str(SAMPLE)]))
    failures = [item for item in items if isinstance(item, IngestFailure)]
    docs = [item for item in items if isinstance(item, RawDocument)]
    assert not failures
    assert len(docs) == 12
    assert {doc.id for doc in docs} == set(documents())
    by_id = {doc.id: doc for doc in docs}
    for doc_id, expected in documents().items():
        got = by_id[doc_id]
        if expected.kind == "html":
            assert got.html is not None
            continue
        assert got.text is not None
        assert got.published is not None
        assert dt.datetime.fromisoformat(got.published) == dt.datetime.fromisoformat(
            expected.published)
        # decoded right: the longest paragraph survives character for character
        assert max(expected.text.split("\n"), key=len) in got.text
    assert by_id["2025-04-09_ufuq_cloudmere-datacenter"].author == "عمر الجابر"  # sidecar
    assert not (by_id["2025-03-13_ufuq_strike-widens"].text or "").startswith("\ufeff")


def test_sample_clusters_into_the_stories_of_the_answer_key() -> None:
    from rasid.ingest import iter_documents
    from rasid.models import Article
    from rasid.pipeline import run
    from rasid.stages import default_pipeline
    from rasid.stories import cluster_articles

    expected: dict[str, set[str]] = {}
    for row in next(t for t in tables() if t.heading == "Documents").rows:
        expected.setdefault(row["story"], set()).add(row["doc"])
    articles = [a for a in run(iter_documents([str(SAMPLE)]), default_pipeline())
                if isinstance(a, Article)]
    found: dict[str, set[str]] = {}
    for article_id, story_id in cluster_articles(articles).items():
        found.setdefault(story_id, set()).add(article_id)
    # the data-centre story spells its company كلاودمير and, in one item, كلاود مير
    assert sorted(map(sorted, found.values())) == sorted(map(sorted, expected.values()))
