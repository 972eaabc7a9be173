"""Writing the WeChat ledger while pushing and withdrawing: one atomic write per change.

`wechat push` and `wechat withdraw` change the account one article at a time, and each change
is written to `content/wechat/ledger.yaml` as soon as WeChat has confirmed it: written to a
temporary file beside the ledger, flushed to disk and renamed over it. A failure or a kill at
any point leaves either the previous ledger or the next one, never half a file, and never an
entry for something WeChat did not confirm. When nothing changes the file is not touched, so
a run that fails before its first publication leaves it byte-identical.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

from publisher.wechat.ledger import (
    Ledger,
    LedgerArticle,
    LedgerCover,
    Publication,
    dump_ledger,
)


class LedgerBook:
    """The ledger as the run has changed it, and the file it is written to."""

    def __init__(self, path: Path, ledger: Ledger) -> None:
        self.path = path
        self.ledger = ledger

    def live_keys(self) -> set[str]:
        """Keys with at least one article that is not deleted: these are on the account."""
        return live_keys(self.ledger)

    def add(self, publication: Publication, cover: LedgerCover | None) -> None:
        """Append a confirmed publication (and the cover it used, when newly uploaded)."""
        self.ledger = Ledger(
            cover=cover if cover is not None else self.ledger.cover,
            publications=[*self.ledger.publications, publication],
        )
        self._write()

    def mark_deleted(self, publish_id: str, index: int, day: dt.date) -> None:
        """Record that WeChat deleted article `index` of the publication `publish_id`."""
        self.ledger = with_deleted(self.ledger, publish_id, index, day)
        self._write()

    def _write(self) -> None:
        write_atomically(self.path, dump_ledger(self.ledger))


def live_keys(ledger: Ledger) -> set[str]:
    return {
        publication.key
        for publication in ledger.publications
        if any(article.deleted is None for article in publication.articles)
    }


def with_deleted(ledger: Ledger, publish_id: str, index: int, day: dt.date) -> Ledger:
    """`ledger` with article `index` of the publication `publish_id` marked deleted on `day`."""
    publications = [
        _article_deleted(publication, index, day)
        if publication.publish_id == publish_id
        else publication
        for publication in ledger.publications
    ]
    return Ledger(cover=ledger.cover, publications=publications)


def _article_deleted(publication: Publication, index: int, day: dt.date) -> Publication:
    articles = [
        LedgerArticle(
            index=article.index,
            title=article.title,
            records=list(article.records),
            deleted=day if article.index == index and article.deleted is None else article.deleted,
        )
        for article in publication.articles
    ]
    return publication.model_copy(update={"articles": articles})


def write_atomically(path: Path, text: str) -> None:
    """Replace `path` with `text` in one rename, after the new bytes are on disk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # The temporary file is private (0600); the ledger keeps the mode it had (new: 0644).
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(name, mode)
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
