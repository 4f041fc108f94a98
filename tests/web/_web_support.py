"""Helpers of the web tests: our own example articles, story building, a live server."""

from __future__ import annotations

import socket
import threading
import time
import warnings
from pathlib import Path

from rasid.dossier import build_dossier, dossier_to_json
from rasid.store import Store
from rasid.web import create_app

with warnings.catch_warnings():
    # starlette's TestClient asks for httpx2; httpx is what the web extras install
    warnings.simplefilter("ignore", DeprecationWarning)
    from fastapi.testclient import TestClient

__all__ = ["EXAMPLES", "STORY", "TOKEN", "LiveServer", "TestClient", "free_port", "put_stories"]

TOKEN = "test-token-5f2c"


# our own example story (invented people and numbers), written for these tests
EXAMPLES = [
    {"id": "ex-1", "title": "وزير الصحة يعلن حملة تطعيم في البصرة", "source": "صحيفة المثال",
     "published": "2023-03-01",
     "text": "أعلن وزير الصحة العراقي سمير الحداد يوم الأربعاء إطلاق حملة تطعيم واسعة في "
             "مدينة البصرة.\n\nوقال الحداد إن \"الحملة ستشمل 120 ألف طفل خلال أسبوعين\".\n\n"
             "وأضاف أن منظمة الصحة العالمية ستقدم الدعم الفني للحملة."},
    {"id": "ex-2", "title": "حملة التطعيم في البصرة تبدأ وسط إقبال", "source": "وكالة الأمثلة",
     "published": "2023-03-05",
     "text": "بدأت في البصرة حملة التطعيم التي أعلنها وزير الصحة سمير الحداد.\n\n"
             "وقال الحداد للصحفيين إن \"الحملة تسير وفق الخطة المرسومة\".\n\n"
             "وذكرت مصادر طبية أن الحملة شملت حتى الآن 150 ألف طفل."},
    {"id": "ex-3", "title": "أمطار غزيرة في الموصل", "source": "صحيفة المثال",
     "published": "2023-04-10",
     "text": "شهدت مدينة الموصل أمطاراً غزيرة أدت إلى إغلاق عدد من الطرق.\n\n"
             "وقال مدير الدفاع المدني إن فرقه تعمل على فتح الطرق."},
]
STORY = "story-example"


def put_stories(db: Path) -> None:
    """Write the stories of ``db`` when ingest did not (story clustering is a later stage):
    ``rasid.stories.cluster_articles`` groups the articles, ``build_dossier`` makes each
    dossier, ``Store.put_story`` stores it."""
    with Store.open(db) as store:
        if store.stories(limit=1):
            return
        ids = [a.id for a in store.articles(limit=1000)]
        articles = [a for i in ids if (a := store.get_article(i)) is not None]
        try:
            from rasid.stories import cluster_articles
            groups: dict[str, list[str]] = {}
            for article_id, story_id in cluster_articles(articles).items():
                groups.setdefault(story_id or article_id, []).append(article_id)
        except ImportError:
            groups = {"story-all": ids}
        by_id = {a.id: a for a in articles}
        for story_id, members in groups.items():
            d = build_dossier(story_id, [by_id[i] for i in members])
            store.put_story(story_id, headline=d.headline.text if d.headline else None,
                            members=dict.fromkeys(members), dossier=dossier_to_json(d))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    """uvicorn in a thread on a free localhost port; ``url`` is its base address."""

    def __init__(self, db: Path, token: str | None) -> None:
        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(create_app(str(db), token=token), host="127.0.0.1",
                                port=self.port, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
