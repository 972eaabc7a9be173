"""A fake WeChat official-account API on 127.0.0.1, for tests: ours and the bureau's own.

It speaks the documented endpoints `publisher.wechat.api` uses (`stable_token`,
`material/add_material`, `draft/add`, `freepublish/submit|get|delete`), keeps their state
(tokens, thumb material, drafts, publications and their articles), checks requests as WeChat
documents them, answers errors as WeChat does (HTTP 200 with `errcode`/`errmsg`), and records
every request so a test can assert on exactly what was sent:

    from publisher.wechat.api import Credentials, WechatClient
    from publisher.wechat.fake import FakeWechat, Faults, ScriptedError

    faults = Faults(revoke_first_token=40001, errors=(ScriptedError("draft/add", 45009, first=2),))
    with FakeWechat(faults=faults) as wechat:
        client = WechatClient(Credentials(wechat.appid, wechat.secret), api_base=wechat.url)
        ...
        assert [call.endpoint for call in wechat.calls] == [...]

What it checks (each refusal with WeChat's code):
- `stable_token`: grant_type `client_credential`, the AppID (40013) and AppSecret (40125).
- every other call: an `access_token` it issued and has not revoked (41001 missing, 40001
  unknown or revoked, or the code the fault script gives: 40001 or 42001).
- `material/add_material`: `type=thumb` (40004), a multipart field `media` holding a JPEG
  (40005) of at most 64 KB (40009).
- `draft/add`: 1–8 articles (44003, 45008); each with title ≤ 32 characters (45003), author
  ≤ 16 (45110), digest ≤ 128 (45004), content under 20,000 characters and under 1 MB of UTF-8
  (45002), a `thumb_media_id` it issued as permanent thumb material (40007), and the comment
  flags 0 or 1 (40097).
- `freepublish/submit`: a draft's media_id (40007); the draft leaves the draft box.
- `freepublish/get`: a publish_id it issued (40007); answers `publish_status` 1 (publishing)
  for the first `Faults.publishing_polls` polls, then `Faults.final_status` (0: published,
  with `article_id` and each article's index and address); 5 once every article is deleted.
- `freepublish/delete`: an article_id it issued (40007); `index` 0 or absent deletes EVERY
  article of the publication, as WeChat does; an index past the last article is 40007.

Faults are scripted with `Faults`: revoke the first token issued (its first use answers 40001
or 42001), refuse every call as from an address off the IP allow-list (40164), answer any
code on chosen requests of an endpoint (`ScriptedError`, e.g. 45009), and the publishing
sequence. Where WeChat does not document the code for a refusal, the fake's choice is 40007
(unknown id) or 40097 (invalid argument).

`python -m publisher.wechat.fake --port 8899` runs one by hand until Ctrl-C.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import threading
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, urlsplit

TITLE_LIMIT = 32
AUTHOR_LIMIT = 16
DIGEST_LIMIT = 128
CONTENT_CHARACTERS = 20_000  # content must be shorter than this
CONTENT_BYTES = 1024 * 1024  # and smaller than 1 MB
THUMB_BYTES = 64 * 1024
MAX_ARTICLES = 8
JPEG_MAGIC = b"\xff\xd8\xff"

ENDPOINTS = (
    "stable_token",
    "material/add_material",
    "draft/add",
    "freepublish/submit",
    "freepublish/get",
    "freepublish/delete",
)

ERRMSG: Mapping[int, str] = {
    40001: "invalid credential, access_token is invalid or not latest",
    40004: "invalid media type",
    40005: "invalid file type",
    40007: "invalid media_id",
    40009: "invalid image size",
    40013: "invalid appid",
    40097: "invalid args",
    40125: "invalid appsecret",
    40164: "invalid ip 127.0.0.1 ipv6 ::ffff:127.0.0.1, not in whitelist",
    41001: "access_token missing",
    42001: "access_token expired",
    44003: "empty news data",
    45002: "content size out of limit",
    45003: "title size out of limit",
    45004: "description size out of limit",
    45008: "article size out of limit",
    45009: "reach max api daily quota limit",
    45110: "author size out of limit",
}


@dataclass(frozen=True)
class ScriptedError:
    """Answer `errcode` to requests of `endpoint` (e.g. "draft/add"), from its `first`
    request (1-based, counting every request to that endpoint) for `count` requests
    (None: all later ones)."""

    endpoint: str
    errcode: int
    first: int = 1
    count: int | None = None

    def applies(self, endpoint: str, number: int) -> bool:
        if endpoint != self.endpoint or number < self.first:
            return False
        return self.count is None or number < self.first + self.count


@dataclass(frozen=True)
class Faults:
    """What goes wrong, on purpose."""

    revoke_first_token: int | None = None
    """40001 or 42001: the first token issued is refused with this code (a token another
    program invalidated, or one that expired)."""
    ip_not_allowed: bool = False
    """Every request, `stable_token` included, answers 40164."""
    errors: tuple[ScriptedError, ...] = ()
    """Codes answered on chosen requests, e.g. `ScriptedError("draft/add", 45009)`."""
    publishing_polls: int = 1
    """How many polls of `freepublish/get` answer publish_status 1 before the final status."""
    final_status: int = 0
    """The publish_status after that: 0 published, or a failure (2, 3, 4)."""


@dataclass(frozen=True)
class Call:
    """One request the fake received, with its answer."""

    endpoint: str
    query: Mapping[str, str]
    body: Any
    """The JSON body; for an upload, the form field's name, filename, type and size."""
    raw: bytes
    answer: Mapping[str, Any]

    @property
    def errcode(self) -> int:
        code = self.answer.get("errcode", 0)
        return code if isinstance(code, int) else -1


@dataclass
class PublishedArticle:
    """One article of a finished publication, as the fake holds it."""

    article_id: str
    index: int
    article: Mapping[str, Any]
    url: str
    deleted: bool = False

    @property
    def title(self) -> str:
        return str(self.article.get("title", ""))


@dataclass
class _Publication:
    publish_id: str
    articles: list[Mapping[str, Any]]
    polls: int = 0
    article_id: str | None = None


class _Refused(Exception):
    """A request WeChat would answer with an error code."""

    def __init__(self, errcode: int) -> None:
        super().__init__(errcode)
        self.errcode = errcode


@dataclass
class _State:
    tokens: dict[str, int | None] = field(default_factory=dict)
    """Every token issued → None while valid, else the code its use answers."""
    current_token: str | None = None
    thumbs: dict[str, bytes] = field(default_factory=dict)
    drafts: dict[str, list[Mapping[str, Any]]] = field(default_factory=dict)
    publications: dict[str, _Publication] = field(default_factory=dict)
    articles: dict[str, list[PublishedArticle]] = field(default_factory=dict)
    requests: Counter[str] = field(default_factory=Counter)
    calls: list[Call] = field(default_factory=list)


class FakeWechat:
    """The fake server, a context manager: started on entry, stopped on exit."""

    def __init__(
        self,
        *,
        appid: str = "wx0000fake0000001",
        secret: str = "fake-app-secret",
        faults: Faults = Faults(),
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.appid = appid
        self.secret = secret
        self.faults = faults
        self._address = (host, port)
        self._lock = threading.Lock()
        self._state = _State()
        self._serial = itertools.count(1)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- running ------------------------------------------------------------------------------

    def __enter__(self) -> FakeWechat:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> None:
        server = ThreadingHTTPServer(self._address, _handler_for(self))
        server.daemon_threads = True
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join()
        self._server = None
        self._thread = None

    @property
    def url(self) -> str:
        """The address to give as `api_base` / `--api-base`."""
        if self._server is None:
            raise RuntimeError("FakeWechat is not running")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    # --- what tests look at ---------------------------------------------------------------------

    @property
    def calls(self) -> list[Call]:
        """Every request so far, in order."""
        with self._lock:
            return list(self._state.calls)

    def calls_to(self, endpoint: str) -> list[Call]:
        return [call for call in self.calls if call.endpoint == endpoint]

    def thumbs(self) -> dict[str, bytes]:
        """The permanent thumb material uploaded, by media_id."""
        with self._lock:
            return dict(self._state.thumbs)

    def drafts(self) -> dict[str, list[Mapping[str, Any]]]:
        """Drafts not yet submitted, by media_id."""
        with self._lock:
            return {key: list(value) for key, value in self._state.drafts.items()}

    def published(self) -> list[PublishedArticle]:
        """Every article of every finished publication (deleted ones marked), in order."""
        with self._lock:
            return [
                replace(article)
                for articles in self._state.articles.values()
                for article in articles
            ]

    def revoke_tokens(self, errcode: int = 40001) -> None:
        """Invalidate every token issued so far, as when another program forces a refresh."""
        with self._lock:
            for token in self._state.tokens:
                self._state.tokens[token] = errcode
            self._state.current_token = None

    # --- answering ------------------------------------------------------------------------------

    def answer(
        self, endpoint: str, query: Mapping[str, str], content_type: str, raw: bytes
    ) -> tuple[int, dict[str, Any]]:
        """The HTTP status and JSON answer for one request; the request is recorded."""
        if endpoint not in ENDPOINTS:
            return 404, {"errcode": -1, "errmsg": f"fake: no endpoint {endpoint}"}
        with self._lock:
            self._state.requests[endpoint] += 1
            number = self._state.requests[endpoint]
            body = _parsed_body(content_type, raw)
            try:
                answer = self._dispatch(endpoint, number, query, content_type, raw, body)
            except _Refused as refused:
                answer = self._error(refused.errcode)
            self._state.calls.append(Call(endpoint, dict(query), body, raw, answer))
            return 200, answer

    def _error(self, errcode: int) -> dict[str, Any]:
        message = ERRMSG.get(errcode, "fake scripted error")
        return {"errcode": errcode, "errmsg": f"{message} rid: fake-{next(self._serial)}"}

    def _dispatch(
        self,
        endpoint: str,
        number: int,
        query: Mapping[str, str],
        content_type: str,
        raw: bytes,
        body: Any,
    ) -> dict[str, Any]:
        if self.faults.ip_not_allowed:
            raise _Refused(40164)
        for scripted in self.faults.errors:
            if scripted.applies(endpoint, number):
                raise _Refused(scripted.errcode)
        if endpoint == "stable_token":
            return self._stable_token(_json_object(body))
        self._check_token(query.get("access_token"))
        if endpoint == "material/add_material":
            return self._add_thumb(query, content_type, raw)
        handlers = {
            "draft/add": self._add_draft,
            "freepublish/submit": self._submit,
            "freepublish/get": self._get,
            "freepublish/delete": self._delete,
        }
        return handlers[endpoint](_json_object(body))

    # --- endpoints ------------------------------------------------------------------------------

    def _stable_token(self, body: Mapping[str, Any]) -> dict[str, Any]:
        if body.get("grant_type") != "client_credential":
            raise _Refused(40097)
        if body.get("appid") != self.appid:
            raise _Refused(40013)
        if body.get("secret") != self.secret:
            raise _Refused(40125)
        force = body.get("force_refresh", False)
        if not isinstance(force, bool):
            raise _Refused(40097)
        state = self._state
        current = state.current_token
        if force or current is None or state.tokens.get(current) is not None:
            current = f"fake-token-{next(self._serial)}"
            first = not state.tokens
            revoked = self.faults.revoke_first_token if first else None
            state.tokens[current] = revoked
            state.current_token = current
        return {"access_token": current, "expires_in": 7200}

    def _check_token(self, token: str | None) -> None:
        if not token:
            raise _Refused(41001)
        if token not in self._state.tokens:
            raise _Refused(40001)
        refusal = self._state.tokens[token]
        if refusal is not None:
            raise _Refused(refusal)

    def _add_thumb(self, query: Mapping[str, str], content_type: str, raw: bytes) -> dict[str, Any]:
        if query.get("type") != "thumb":
            raise _Refused(40004)
        upload = _form_file(content_type, raw, "media")
        if upload is None or not upload.startswith(JPEG_MAGIC):
            raise _Refused(40005)
        if len(upload) > THUMB_BYTES:
            raise _Refused(40009)
        media_id = f"fake-thumb-{next(self._serial)}"
        self._state.thumbs[media_id] = upload
        return {"media_id": media_id, "url": f"http://mmbiz.qpic.cn/fake/{media_id}/0"}

    def _add_draft(self, body: Mapping[str, Any]) -> dict[str, Any]:
        articles = body.get("articles")
        if not isinstance(articles, list) or not articles:
            raise _Refused(44003)
        if len(articles) > MAX_ARTICLES:
            raise _Refused(45008)
        for article in articles:
            self._check_article(article)
        media_id = f"fake-draft-{next(self._serial)}"
        self._state.drafts[media_id] = list(articles)
        return {"media_id": media_id}

    def _check_article(self, article: object) -> None:
        if not isinstance(article, dict):
            raise _Refused(40097)
        title, content = article.get("title"), article.get("content")
        if not isinstance(title, str) or not title.strip() or not isinstance(content, str):
            raise _Refused(40097)
        if len(title) > TITLE_LIMIT:
            raise _Refused(45003)
        if not _fits(article.get("author", ""), AUTHOR_LIMIT):
            raise _Refused(45110)
        if not _fits(article.get("digest", ""), DIGEST_LIMIT):
            raise _Refused(45004)
        if len(content) >= CONTENT_CHARACTERS or len(content.encode("utf-8")) >= CONTENT_BYTES:
            raise _Refused(45002)
        if article.get("thumb_media_id") not in self._state.thumbs:
            raise _Refused(40007)
        for flag in ("need_open_comment", "only_fans_can_comment"):
            if article.get(flag, 0) not in (0, 1) or isinstance(article.get(flag), bool):
                raise _Refused(40097)
        if not isinstance(article.get("content_source_url", ""), str):
            raise _Refused(40097)

    def _submit(self, body: Mapping[str, Any]) -> dict[str, Any]:
        articles = self._state.drafts.pop(str(body.get("media_id")), None)
        if articles is None:
            raise _Refused(40007)
        publish_id = str(2_247_483_000 + next(self._serial))
        self._state.publications[publish_id] = _Publication(publish_id, articles)
        return {"errcode": 0, "errmsg": "ok", "publish_id": publish_id, "msg_data_id": 0}

    def _get(self, body: Mapping[str, Any]) -> dict[str, Any]:
        publication = self._state.publications.get(str(body.get("publish_id")))
        if publication is None:
            raise _Refused(40007)
        publication.polls += 1
        answer: dict[str, Any] = {"publish_id": publication.publish_id, "fail_idx": []}
        if publication.polls <= self.faults.publishing_polls:
            return {**answer, "publish_status": 1}
        if self.faults.final_status != 0:
            failed = list(range(1, len(publication.articles) + 1))
            return {**answer, "publish_status": self.faults.final_status, "fail_idx": failed}
        articles = self._finish(publication)
        if all(article.deleted for article in articles):
            return {**answer, "publish_status": 5}
        detail = [{"idx": a.index, "article_url": a.url} for a in articles]
        return {
            **answer,
            "publish_status": 0,
            "article_id": publication.article_id,
            "article_detail": {"count": len(detail), "item": detail},
        }

    def _finish(self, publication: _Publication) -> list[PublishedArticle]:
        if publication.article_id is None:
            article_id = f"fake-article-{next(self._serial)}"
            publication.article_id = article_id
            self._state.articles[article_id] = [
                PublishedArticle(
                    article_id, index, article, f"https://mp.weixin.qq.com/s/{article_id}-{index}"
                )
                for index, article in enumerate(publication.articles, start=1)
            ]
        return self._state.articles[publication.article_id]

    def _delete(self, body: Mapping[str, Any]) -> dict[str, Any]:
        articles = self._state.articles.get(str(body.get("article_id")))
        if articles is None:
            raise _Refused(40007)
        index = body.get("index", 0)
        if not isinstance(index, int) or isinstance(index, bool) or index < 0:
            raise _Refused(40097)
        if index > len(articles):
            raise _Refused(40007)
        # As WeChat documents it: no index, or 0, deletes every article of the publication.
        for article in articles if index == 0 else [articles[index - 1]]:
            article.deleted = True
        return {"errcode": 0, "errmsg": "ok"}


# --- HTTP ------------------------------------------------------------------------------------------


def _handler_for(wechat: FakeWechat) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            parts = urlsplit(self.path)
            endpoint = parts.path.removeprefix("/cgi-bin/")
            query = dict(parse_qsl(parts.query))
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            content_type = self.headers.get("Content-Type", "")
            status, answer = wechat.answer(endpoint, query, content_type, raw)
            payload = json.dumps(answer, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: tests read `FakeWechat.calls` instead."""

    return Handler


def _parsed_body(content_type: str, raw: bytes) -> Any:
    if content_type.startswith("multipart/form-data"):
        return _form_summary(content_type, raw)
    try:
        return json.loads(raw.decode("utf-8")) if raw else None
    except (UnicodeDecodeError, ValueError):
        return None


def _json_object(body: Any) -> Mapping[str, Any]:
    if not isinstance(body, dict):
        raise _Refused(40097)  # WeChat's own answer for a body it cannot read is 47001
    return body


def _form_parts(content_type: str, raw: bytes) -> list[tuple[str, str | None, str, bytes]]:
    """(field name, filename, content type, data) of each part of a multipart form."""
    message = BytesParser(policy=HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode("latin-1") + raw
    )
    parts = []
    for part in message.walk():
        if part.is_multipart():
            continue
        name = part.get_param("name", header="content-disposition")
        data = part.get_payload(decode=True)
        if isinstance(name, str) and isinstance(data, bytes):
            parts.append((name, part.get_filename(), part.get_content_type(), data))
    return parts


def _form_summary(content_type: str, raw: bytes) -> list[dict[str, Any]]:
    return [
        {"name": name, "filename": filename, "content_type": kind, "size": len(data)}
        for name, filename, kind, data in _form_parts(content_type, raw)
    ]


def _form_file(content_type: str, raw: bytes, field_name: str) -> bytes | None:
    if not content_type.startswith("multipart/form-data"):
        return None
    for name, filename, _kind, data in _form_parts(content_type, raw):
        if name == field_name and filename:
            return data
    return None


def _fits(value: object, limit: int) -> bool:
    return isinstance(value, str) and len(value) <= limit


def main(argv: list[str] | None = None) -> None:  # pragma: no cover - manual use
    parser = argparse.ArgumentParser(description="本机上的模拟微信公众号接口（测试用）")
    parser.add_argument("--port", type=int, default=8899)
    parser.add_argument("--appid", default="wx0000fake0000001")
    parser.add_argument("--secret", default="fake-app-secret")
    parser.add_argument("--revoke-first-token", type=int, choices=(40001, 42001), default=None)
    options = parser.parse_args(argv)
    faults = Faults(revoke_first_token=options.revoke_first_token)
    with FakeWechat(
        appid=options.appid, secret=options.secret, faults=faults, port=options.port
    ) as wechat:
        print(
            f"模拟微信接口：{wechat.url}（WECHAT_APPID={wechat.appid} WECHAT_SECRET={wechat.secret}），Ctrl-C 结束"
        )
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":  # pragma: no cover
    main()
