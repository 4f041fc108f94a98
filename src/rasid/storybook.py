"""From analysed articles to story dossiers: cluster (with duplicate links), then build each
story's dossier. The corpus-level step that follows the per-article pipeline."""

from __future__ import annotations

from collections.abc import Sequence

from rasid.dossier import Dossier, build_dossier, dossier_to_json
from rasid.models import Article
from rasid.store import Store, StoryRecord
from rasid.stories import StoryIndex, StoryOptions, publication_order


def build_stories(
    articles: Sequence[Article], options: StoryOptions | None = None
) -> list[Dossier]:
    """Dossiers of every story in ``articles``, largest first (then earliest first report).

    Articles are clustered in publication order, so the result does not depend on the order of
    the inputs; a duplicate joins its original's story and is listed, not counted.
    """
    index = StoryIndex(options)
    for article in publication_order(articles):
        index.add(article)
    members: dict[str, list[Article]] = {}
    duplicates: dict[str, str] = {}
    for article in articles:
        story_id = index.story_of(article.id) or article.id
        members.setdefault(story_id, []).append(article)
        link = index.link(article.id)
        if link is not None:
            duplicates[article.id] = link.original_id
    dossiers = [build_dossier(story_id, group, duplicates=duplicates)
                for story_id, group in members.items()]
    dossiers.sort(key=lambda d: (-d.article_count, -len(d.articles),
                                 min((a.published or "9999") for a in d.articles), d.story_id))
    return dossiers


def refresh_stories(store: Store, options: StoryOptions | None = None) -> int:
    """Re-cluster every stored article and replace the store's stories and dossiers in one
    transaction; returns the number of stories.

    Clustering runs in publication order over the whole store, so the result is the same
    whatever order the articles were ingested in.
    """
    articles = list(store.iter_articles())
    dossiers = build_stories(articles, options)
    records = (
        StoryRecord(
            story_id=d.story_id,
            headline=d.headline.text if d.headline is not None else None,
            members={a.id: a.duplicate_of for a in d.articles},
            dossier=dossier_to_json(d),
        )
        for d in dossiers
    )
    return store.replace_stories(records)
