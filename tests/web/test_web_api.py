"""The JSON API in process (TestClient, no sockets): every endpoint and every error path."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import pytest
from _web_support import EXAMPLES, STORY, TOKEN, TestClient

from rasid.errors import ConfigError
from rasid.web import create_app

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert set(body) >= {"error", "detail"}, body
    if code is not None:
        assert body["error"] == code
    return body


# -- reading ----------------------------------------------------------------------------------

def test_list_and_get_stories(client: TestClient) -> None:
    listing = client.get("/api/stories").json()
    assert listing["total"] == 1 and [s["id"] for s in listing["items"]] == [STORY]
    assert listing["items"][0]["articles"] == 2
    story = client.get(f"/api/stories/{STORY}").json()
    assert {m["article_id"] for m in story["members"]} == {"ex-1", "ex-2"}
    assert story["dossier"]["story_id"] == STORY
    assert story["dossier"]["article_count"] == 2


def test_list_and_get_articles(client: TestClient) -> None:
    listing = client.get("/api/articles", params={"limit": 2}).json()
    assert listing["total"] == 3 and listing["count"] == 2
    assert [a["id"] for a in listing["items"]] == ["ex-3", "ex-2"]  # newest first
    second = client.get("/api/articles", params={"limit": 2, "offset": 2}).json()
    assert [a["id"] for a in second["items"]] == ["ex-1"]
    march = client.get("/api/articles", params={"until": "2023-03"}).json()
    assert {a["id"] for a in march["items"]} == {"ex-1", "ex-2"}
    by_source = client.get("/api/articles", params={"source": "وكالة الأمثلة"}).json()
    assert [a["id"] for a in by_source["items"]] == ["ex-2"]
    article = client.get("/api/articles/ex-1").json()
    assert article["id"] == "ex-1" and article["body"].startswith("أعلن")
    assert any(q["speaker"] == "سمير الحداد" for q in article["quotes"])
    assert article["stories"] == [{"id": STORY, "headline": article["stories"][0]["headline"]}]


def test_search_with_filters_and_offsets(client: TestClient) -> None:
    page = client.get("/api/search", params={"q": "التطعيم"}).json()
    assert page["total"] == 2 and {h["article_id"] for h in page["items"]} == {"ex-1", "ex-2"}
    body = client.get("/api/articles/ex-2").json()["body"]
    for hit in page["items"]:
        snippet = hit["snippet"]
        for m in snippet["matches"]:
            assert snippet["start"] <= m["start"] < m["end"] <= snippet["end"]
        if hit["article_id"] == "ex-2":
            assert body[snippet["start"]:snippet["end"]] == snippet["text"]
    only = client.get("/api/search", params={"q": "التطعيم", "source": "وكالة الأمثلة"}).json()
    assert [h["article_id"] for h in only["items"]] == ["ex-2"]
    since = client.get("/api/search", params={"q": "التطعيم", "since": "2023-03-02"}).json()
    assert [h["article_id"] for h in since["items"]] == ["ex-2"]
    in_story = client.get("/api/search", params={"q": "الطرق", "story": STORY}).json()
    assert in_story["total"] == 0
    speaker = client.get("/api/search", params={"q": "الحملة", "speaker": "سمير الحداد"}).json()
    assert speaker["total"] == 2
    entity = client.get("/api/search", params={"q": "مدينة", "entity": "الموصل"}).json()
    assert [h["article_id"] for h in entity["items"]] == ["ex-3"]
    paged = client.get("/api/search", params={"q": "التطعيم", "limit": 1, "offset": 1}).json()
    assert paged["total"] == 2 and paged["count"] == 1 and paged["offset"] == 1


def test_entities_quotes_figures(client: TestClient) -> None:
    entities = client.get("/api/entities", params={"label": "PERS"}).json()["items"]
    assert "سمير الحداد" in {e["name"] for e in entities}
    entity = client.get("/api/entities/" + quote("الحداد")).json()
    assert entity["name"] == "سمير الحداد" and entity["label"] == "PERS"
    assert entity["articles"] == 2
    assert any(r["role"].startswith("وزير الصحة") for r in entity["roles"])
    assert [s["id"] for s in entity["stories"]] == [STORY]
    quotes = client.get("/api/quotes", params={"speaker": "سمير الحداد"}).json()["items"]
    assert len(quotes) >= 2 and {q["article_id"] for q in quotes} == {"ex-1", "ex-2"}
    assert all(q["speaker"] == "سمير الحداد" for q in quotes)
    key = client.get("/api/articles/ex-1").json()["figures"][0]["key"]
    figures = client.get("/api/figures", params={"key": key}).json()
    assert figures["count"] >= 1 and figures["items"][0]["value"] == 120000


# -- errors -----------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/api/stories/nope", "/api/articles/nope",
                                  "/api/entities/" + quote("لا أحد هنا"), "/api/nothing"])
def test_unknown_ids_are_json_404(client: TestClient, path: str) -> None:
    _error(client.get(path), 404, "not_found")


@pytest.mark.parametrize("query", ['"unbalanced', "OR OR", "-وحدها", "x" * 501, " "])
def test_malformed_queries_are_400_with_a_message(client: TestClient, query: str) -> None:
    response = client.get("/api/search", params={"q": query})
    assert response.status_code in (400, 422)
    body = _error(response, response.status_code)
    assert body["detail"]


@pytest.mark.parametrize("query", ["*", "NEAR(a b)", "col:x", "^x", "\x00", "‮", "'", "()"])
def test_fts_operators_never_500(client: TestClient, query: str) -> None:
    response = client.get("/api/search", params={"q": query})
    assert response.status_code in (200, 400), response.text
    if response.status_code == 400:
        _error(response, 400, "invalid_query")


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 101}, {"offset": -1},
                                    {"limit": "many"}, {"offset": 10**9}])
def test_limits_out_of_range_are_422(client: TestClient, params: dict[str, object]) -> None:
    _error(client.get("/api/search", params={"q": "التطعيم", **params}), 422, "invalid_request")
    _error(client.get("/api/articles", params=params), 422, "invalid_request")


def test_bad_dates_and_labels(client: TestClient) -> None:
    _error(client.get("/api/search", params={"q": "التطعيم", "since": "yesterday"}), 400)
    _error(client.get("/api/articles", params={"until": "03/2023"}), 400)
    _error(client.get("/api/entities", params={"label": "PERSON"}), 422)
    _error(client.get("/api/search"), 422)  # q is required


# -- writing ----------------------------------------------------------------------------------

NEW = {"id": "new-1", "title": "افتتاح جسر جديد في البصرة", "source": "صحيفة المثال",
       "published": "2023-05-02",
       "text": "افتتح محافظ البصرة جسراً جديداً فوق شط العرب.\n\nوقال المحافظ إن الجسر "
               "سيخفف الزحام."}


def test_post_json_article_then_search_finds_it(writer: TestClient) -> None:
    response = writer.post("/api/articles", json=NEW, headers=AUTH)
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["added"] == 1 and result["articles"] == ["new-1"]
    assert writer.get("/api/articles/new-1").json()["title"] == NEW["title"]
    assert writer.get("/api/search", params={"q": "جسر"}).json()["total"] == 1
    again = writer.post("/api/articles", json=NEW, headers=AUTH).json()
    assert again["added"] == 0 and again["skipped"] == 1


def test_post_list_and_multipart_upload(writer: TestClient) -> None:
    items = [dict(NEW, id=f"list-{i}", text=NEW["text"] + f" رقم {i}") for i in range(2)]
    result = writer.post("/api/articles", json=items, headers=AUTH).json()
    assert result["added"] == 2 and sorted(result["articles"]) == ["list-0", "list-1"]
    text = "عنوان تجريبي\n\nنص تجريبي عن معرض الكتاب في أربيل يفتتح أبوابه للزوار."
    files = [("file", ("معرض.txt", text.encode("utf-8"), "text/plain"))]
    uploaded = writer.post("/api/articles", files=files, headers=AUTH)
    assert uploaded.status_code == 200, uploaded.text
    assert uploaded.json()["added"] == 1
    article_id = uploaded.json()["articles"][0]
    stored = writer.get(f"/api/articles/{quote(article_id)}").json()
    assert stored["path"].startswith("upload-") and "/tmp" not in stored["path"]
    assert writer.get("/api/search", params={"q": "أربيل"}).json()["total"] == 1


def test_post_needs_the_token(writer: TestClient) -> None:
    _error(writer.post("/api/articles", json=NEW), 401, "unauthorized")
    _error(writer.post("/api/articles", json=NEW, headers={"Authorization": "Basic abc"}), 401)
    _error(writer.post("/api/articles", json=NEW, headers={"Authorization": "Bearer wrong"}),
           403, "forbidden")
    assert writer.get("/api/articles/new-1").status_code == 404


def test_read_only_server_refuses_writes(client: TestClient) -> None:
    _error(client.post("/api/articles", json=NEW, headers=AUTH), 403, "forbidden")


def test_post_bad_bodies(writer: TestClient) -> None:
    headers = {**AUTH, "Content-Type": "application/json"}
    _error(writer.post("/api/articles", content=b'{"id": "x", "text": ', headers=headers),
           400, "invalid_json")
    _error(writer.post("/api/articles", content=b"\xff\xfe\x00", headers=headers), 400)
    _error(writer.post("/api/articles", content=b"[]", headers=headers), 422)
    _error(writer.post("/api/articles", content=b"42", headers=headers), 422)
    no_text = writer.post("/api/articles", json={"id": "x", "title": "بلا نص"}, headers=AUTH)
    body = _error(no_text, 422, "ingest_failed")
    assert body["failures"] and "no text" in body["failures"][0]["reason"]
    _error(writer.post("/api/articles", content=b"hello",
                       headers={**AUTH, "Content-Type": "text/plain"}), 415)
    _error(writer.post("/api/articles", files={"file": (None, "not a file")}, headers=AUTH),
           422)
    _error(writer.post("/api/articles", files={"other": ("a.txt", b"x")}, headers=AUTH), 422)


def test_oversized_body_is_413(writer: TestClient) -> None:
    big = json.dumps(dict(NEW, text="كلمة " * 60_000), ensure_ascii=False).encode("utf-8")
    assert len(big) > 200_000
    headers = {**AUTH, "Content-Type": "application/json"}
    _error(writer.post("/api/articles", content=big, headers=headers), 413, "payload_too_large")

    def chunks() -> object:  # no Content-Length: the limit is counted while reading
        for i in range(0, len(big), 65536):
            yield big[i:i + 65536]

    _error(writer.post("/api/articles", content=chunks(), headers=headers), 413)


def test_openapi_and_offline_docs(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/api/search", "/api/articles", "/api/stories/{story_id}"} <= set(spec["paths"])
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/api/search" in docs.text
    assert "cdn" not in docs.text.lower() and "<script" not in docs.text
    assert client.get("/redoc").status_code == 404


def test_missing_database_fails_at_creation(tmp_path: object) -> None:
    with pytest.raises(ConfigError):
        create_app(f"{tmp_path}/absent.db")


def test_examples_are_ours() -> None:
    assert len(EXAMPLES) == 3
