"""A small client for the WeChat official-account API (公众号), over httpx.

Only the documented endpoints the publisher needs: `stable_token`, permanent thumb material
(`material/add_material?type=thumb`), `draft/add`, and free publishing (`freepublish/submit`,
`freepublish/get`, `freepublish/delete`). WeChat answers errors with HTTP 200 and a non-zero
`errcode` in the JSON body; this module turns them into exceptions whose message is for staff
(简体中文):

    WechatError (publisher.errors)
    ├── WechatConfigError       WECHAT_APPID / WECHAT_SECRET missing; nothing was sent
    ├── WechatTransportError    no answer, an HTTP status other than 200, or not the JSON expected
    └── WechatApiError          the API answered errcode ≠ 0 (`.errcode`, `.errmsg`, `.endpoint`)
        ├── TokenRejectedError  40001, 40014, 42001: the token was revoked, is wrong or expired;
        │                       the client gets a new one (force_refresh) once and retries the call
        ├── RateLimitError      45009: the account's daily quota of that endpoint is used up
        └── IpNotAllowedError   40164: this machine's address is not on the account's IP 白名单

The HTTP transport is injectable (`transport=`, any `httpx.BaseTransport`, e.g.
`httpx.MockTransport`), and so is the address (`api_base=`), so tests and the bureau's own
checks can talk to `publisher.wechat.fake.FakeWechat` on 127.0.0.1 instead of WeChat.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

import httpx

from publisher.errors import WechatError

DEFAULT_API_BASE = "https://api.weixin.qq.com"
DEFAULT_TIMEOUT = 30.0
APPID_VARIABLE = "WECHAT_APPID"
SECRET_VARIABLE = "WECHAT_SECRET"

TOKEN_ERRORS = frozenset({40001, 40014, 42001})
RATE_LIMITED = 45009
IP_NOT_ALLOWED = 40164

# What the codes a push can meet mean, for staff; the rest are shown as WeChat words them.
ERROR_TEXT: Mapping[int, str] = {
    -1: "微信系统繁忙，请稍后再试",
    40001: "access_token 无效或已被新的 access_token 取代",
    40007: "素材编号（media_id）无效",
    40013: "AppID 无效，请核对环境变量 WECHAT_APPID",
    40014: "access_token 无效",
    40125: "AppSecret 无效，请核对环境变量 WECHAT_SECRET（在公众平台重置后须同时更新）",
    40164: "调用接口的 IP 地址不在公众号的 IP 白名单中",
    41001: "缺少 access_token",
    42001: "access_token 已过期",
    45002: "正文超过长度上限（少于 2 万字符、小于 1 MB）",
    45003: "标题超过长度上限（32 个字）",
    45004: "摘要超过长度上限（128 个字）",
    45009: "接口调用次数已达今日上限",
    45110: "作者超过长度上限（16 个字）",
    48001: "公众号没有该接口的权限（需已认证的公众号）",
}

PUBLISH_STATUS_TEXT: Mapping[int, str] = {
    0: "发布成功",
    1: "发布中",
    2: "原创声明失败",
    3: "常规失败",
    4: "平台审核不通过",
    5: "发布成功后已被删除",
    6: "发布成功后被系统封禁",
}


class WechatConfigError(WechatError):
    """The account's credentials are missing from the environment; nothing was sent."""


class WechatTransportError(WechatError):
    """WeChat could not be reached, or answered something other than the JSON it documents."""


class WechatApiError(WechatError):
    """WeChat answered with a non-zero `errcode`."""

    def __init__(self, endpoint: str, errcode: int, errmsg: str) -> None:
        self.endpoint = endpoint
        self.errcode = errcode
        self.errmsg = errmsg
        super().__init__(self.describe())

    def describe(self) -> str:
        meaning = ERROR_TEXT.get(self.errcode)
        said = f"（微信返回：{self.errmsg}）" if self.errmsg else ""
        if meaning is None:
            return f"微信接口 {self.endpoint} 返回错误 {self.errcode}{said}"
        return f"微信接口 {self.endpoint} 返回错误 {self.errcode}：{meaning}{said}"


class TokenRejectedError(WechatApiError):
    """40001 / 40014 / 42001: the access token is no longer accepted."""


class RateLimitError(WechatApiError):
    """45009: the endpoint's daily quota is used up."""

    def describe(self) -> str:
        return (
            f"微信接口调用频率超限（45009，接口 {self.endpoint}）：该接口今天的调用次数已用完。"
            "请明天再试；急需时可请公众号管理员在微信公众平台清零接口调用次数（每月次数有限）后重试。"
        )


class IpNotAllowedError(WechatApiError):
    """40164: the calling machine's address is not on the account's IP allow-list."""

    def describe(self) -> str:
        said = f"（微信返回：{self.errmsg}）" if self.errmsg else ""
        return (
            f"本机的 IP 地址不在公众号的 IP 白名单中（40164）{said}。"
            "微信只接受 IP 白名单中的地址调用接口：请在本局登记的推送电脑上运行本命令"
            "（不要在 CI 或个人电脑上运行）；若本局的出口 IP 地址变了，请公众号管理员在"
            "微信公众平台“设置与开发 → 基本配置 → IP白名单”中更新（见工作人员手册“微信公众号推送”一节）。"
        )


def api_error(endpoint: str, errcode: int, errmsg: str) -> WechatApiError:
    """The exception for an error answer: its own class for the codes a caller handles."""
    if errcode in TOKEN_ERRORS:
        return TokenRejectedError(endpoint, errcode, errmsg)
    if errcode == RATE_LIMITED:
        return RateLimitError(endpoint, errcode, errmsg)
    if errcode == IP_NOT_ALLOWED:
        return IpNotAllowedError(endpoint, errcode, errmsg)
    return WechatApiError(endpoint, errcode, errmsg)


@dataclass(frozen=True)
class Credentials:
    """The account's AppID and AppSecret. The secret is never shown (not even in `repr`)."""

    appid: str
    secret: str = field(repr=False)


def credentials_from_env(environ: Mapping[str, str] | None = None) -> Credentials:
    """WECHAT_APPID and WECHAT_SECRET from the environment (`os.environ` unless given)."""
    source = os.environ if environ is None else environ
    appid = source.get(APPID_VARIABLE, "").strip()
    secret = source.get(SECRET_VARIABLE, "").strip()
    missing = [
        name for name, value in ((APPID_VARIABLE, appid), (SECRET_VARIABLE, secret)) if not value
    ]
    if missing:
        raise WechatConfigError(
            f"缺少环境变量 {'、'.join(missing)}：请在推送电脑上设置公众号的 AppID 和 AppSecret"
            "（微信公众平台“设置与开发 → 基本配置”），不要写进任何文件或提交到 git。"
            "见工作人员手册“微信公众号推送”一节。"
        )
    return Credentials(appid=appid, secret=secret)


@dataclass(frozen=True)
class Material:
    """A permanent material WeChat stored: its id for `thumb_media_id`, and its address."""

    media_id: str
    url: str


@dataclass(frozen=True)
class PublishedItem:
    """One article of a finished publication: its index (1-based) and permanent address."""

    index: int
    url: str


@dataclass(frozen=True)
class PublishStatus:
    """An answer of `freepublish/get`."""

    publish_id: str
    status: int
    article_id: str | None
    items: tuple[PublishedItem, ...]
    fail_idx: tuple[int, ...]

    @property
    def published(self) -> bool:
        return self.status == 0

    @property
    def publishing(self) -> bool:
        return self.status == 1

    def describe(self) -> str:
        text = PUBLISH_STATUS_TEXT.get(self.status, "未知状态")
        failed = f"，未通过的文章序号 {list(self.fail_idx)}" if self.fail_idx else ""
        return f"发布任务 {self.publish_id}：{text}（publish_status {self.status}）{failed}"


class WechatClient:
    """The endpoints the publisher uses, with the token handled for the caller.

    The token comes from `stable_token` on first use and is kept for the client's life (a
    push takes minutes; a token lasts up to two hours). When WeChat rejects it (40001, 40014,
    42001) the client asks for a new one with `force_refresh` and repeats the call once:
    forced refreshes are limited per day, so never more than that.
    """

    def __init__(
        self,
        credentials: Credentials,
        *,
        api_base: str = DEFAULT_API_BASE,
        transport: httpx.BaseTransport | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self._credentials = credentials
        self._http = httpx.Client(
            base_url=api_base.rstrip("/"), transport=transport, timeout=timeout
        )
        self._token: str | None = None

    def __enter__(self) -> WechatClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    # --- endpoints --------------------------------------------------------------------------

    def access_token(self, *, force_refresh: bool = False) -> str:
        """The current token; `force_refresh` asks WeChat for a new one."""
        if self._token is not None and not force_refresh:
            return self._token
        body = {
            "grant_type": "client_credential",
            "appid": self._credentials.appid,
            "secret": self._credentials.secret,
            "force_refresh": force_refresh,
        }
        answer = self._post("stable_token", params={}, content=_json_bytes(body))
        self._token = _text(answer, "access_token", "stable_token")
        return self._token

    def add_thumb(self, filename: str, data: bytes) -> Material:
        """Upload a JPEG as permanent thumb material (a cover for `thumb_media_id`)."""
        files = {"media": (filename, data, "image/jpeg")}
        answer = self._call("material/add_material", files=files, query={"type": "thumb"})
        return Material(
            media_id=_text(answer, "media_id", "material/add_material"),
            url=str(answer.get("url", "")),
        )

    def add_draft(self, articles: Sequence[Mapping[str, object]]) -> str:
        """Create a draft of one or more articles; returns the draft's media_id."""
        answer = self._call("draft/add", body={"articles": list(articles)})
        return _text(answer, "media_id", "draft/add")

    def submit(self, draft_media_id: str) -> str:
        """Queue a draft for publishing; returns the publish_id to poll."""
        answer = self._call("freepublish/submit", body={"media_id": draft_media_id})
        return _text(answer, "publish_id", "freepublish/submit")

    def publish_status(self, publish_id: str) -> PublishStatus:
        """Where a queued publication stands (`freepublish/get`)."""
        answer = self._call("freepublish/get", body={"publish_id": publish_id})
        return _publish_status(answer, publish_id)

    def delete_article(self, article_id: str, index: int) -> None:
        """Delete ONE article of a publication. `index` starts at 1; WeChat deletes every
        article of the publication for 0 or no index, which this client never sends."""
        if isinstance(index, bool) or not isinstance(index, int) or index < 1:
            raise ValueError(
                f"删除文章必须指定从 1 开始的序号 index，收到 {index!r}（0 或不填会删除整次发布的全部文章）"
            )
        self._call("freepublish/delete", body={"article_id": article_id, "index": index})

    # --- plumbing ---------------------------------------------------------------------------

    def _call(
        self,
        endpoint: str,
        *,
        body: Mapping[str, object] | None = None,
        files: Mapping[str, tuple[str, bytes, str]] | None = None,
        query: Mapping[str, str] | None = None,
    ) -> dict[str, Any]:
        """An authenticated call, repeated once with a new token if the token is rejected."""
        content = _json_bytes(body) if body is not None else None
        for force_refresh in (False, True):
            params = {"access_token": self.access_token(force_refresh=force_refresh)}
            params.update(query or {})
            try:
                return self._post(endpoint, params=params, content=content, files=files)
            except TokenRejectedError:
                if force_refresh:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _post(
        self,
        endpoint: str,
        *,
        params: Mapping[str, str],
        content: bytes | None = None,
        files: Mapping[str, tuple[str, bytes, str]] | None = None,
    ) -> dict[str, Any]:
        headers = {"Content-Type": "application/json; charset=utf-8"} if content is not None else {}
        try:
            response = self._http.post(
                f"/cgi-bin/{endpoint}",
                params=dict(params),
                content=content,
                files=dict(files) if files is not None else None,
                headers=headers,
            )
        except httpx.HTTPError as error:
            # The message names the endpoint only: the query string carries the token.
            raise WechatTransportError(
                f"无法连接微信接口 {endpoint}：{type(error).__name__} {error}"
            ) from error
        return _answer(endpoint, response)


def _json_bytes(body: Mapping[str, object]) -> bytes:
    # Chinese as UTF-8 rather than \uXXXX escapes: half the bytes for Chinese text.
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


def _answer(endpoint: str, response: httpx.Response) -> dict[str, Any]:
    if response.status_code != 200:
        raise WechatTransportError(
            f"微信接口 {endpoint} 返回 HTTP {response.status_code}，请稍后再试或检查 --api-base"
        )
    try:
        data = response.json()
    except ValueError as error:
        raise WechatTransportError(f"微信接口 {endpoint} 的应答不是 JSON") from error
    if not isinstance(data, dict):
        raise WechatTransportError(f"微信接口 {endpoint} 的应答不是 JSON 对象")
    errcode = data.get("errcode", 0)
    if errcode not in (0, None):
        code = errcode if isinstance(errcode, int) else -1
        raise api_error(endpoint, code, str(data.get("errmsg", "")))
    return data


def _text(answer: Mapping[str, Any], key: str, endpoint: str) -> str:
    value = answer.get(key)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value:
        raise WechatTransportError(f"微信接口 {endpoint} 的应答缺少 {key}")
    return value


def _publish_status(answer: Mapping[str, Any], publish_id: str) -> PublishStatus:
    status = answer.get("publish_status")
    if not isinstance(status, int) or isinstance(status, bool):
        raise WechatTransportError("微信接口 freepublish/get 的应答缺少 publish_status")
    detail = answer.get("article_detail") or {}
    items = tuple(
        PublishedItem(index=int(item["idx"]), url=str(item.get("article_url", "")))
        for item in (detail.get("item") or [])
        if isinstance(item, dict) and "idx" in item
    )
    article_id = answer.get("article_id")
    return PublishStatus(
        publish_id=str(answer.get("publish_id", publish_id)),
        status=status,
        article_id=str(article_id) if article_id not in (None, "") else None,
        items=items,
        fail_idx=tuple(int(i) for i in answer.get("fail_idx") or []),
    )
