"""The WeChat API client against the fake server on 127.0.0.1 (R-A1): tokens, error codes,
thumb material, draft limits, publishing and deletion by explicit index."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from publisher.errors import PublisherError, WechatError
from publisher.wechat.api import (
    Credentials,
    IpNotAllowedError,
    RateLimitError,
    TokenRejectedError,
    WechatApiError,
    WechatClient,
    WechatConfigError,
    WechatTransportError,
    credentials_from_env,
)
from publisher.wechat.fake import FakeWechat, Faults, ScriptedError

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 2000 + b"\xff\xd9"


@pytest.fixture
def wechat() -> Iterator[FakeWechat]:
    with FakeWechat() as server:
        yield server


def client_for(server: FakeWechat) -> WechatClient:
    return WechatClient(Credentials(server.appid, server.secret), api_base=server.url)


def article(thumb: str, **changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "title": "行政执法公示（2026年第47期）",
        "author": "青崖县工业和信息化局",
        "digest": "2026年11月16日至2026年11月22日公示行政执法决定和结果2件",
        "content": "<section><p>正文</p></section>",
        "content_source_url": "https://www.example.gov.cn/gxj/zfgs/list/",
        "thumb_media_id": thumb,
        "need_open_comment": 0,
        "only_fans_can_comment": 0,
    }
    return {**base, **changes}


def test_the_token_comes_from_stable_token_once_and_is_reused(wechat: FakeWechat) -> None:
    with client_for(wechat) as client:
        thumb = client.add_thumb("cover.jpg", JPEG).media_id
        client.add_draft([article(thumb)])
    endpoints = [call.endpoint for call in wechat.calls]
    assert endpoints == ["stable_token", "material/add_material", "draft/add"]
    token_request = wechat.calls[0].body
    assert token_request == {
        "grant_type": "client_credential",
        "appid": wechat.appid,
        "secret": wechat.secret,
        "force_refresh": False,
    }
    # Chinese goes as UTF-8, not as \\u escapes.
    draft = wechat.calls_to("draft/add")[0]
    assert "行政执法公示".encode() in draft.raw
    assert b"\\u" not in draft.raw


@pytest.mark.parametrize("code", [40001, 42001])
def test_a_revoked_first_token_is_refreshed_once_and_the_call_repeated(code: int) -> None:
    with FakeWechat(faults=Faults(revoke_first_token=code)) as wechat:
        with client_for(wechat) as client:
            material = client.add_thumb("cover.jpg", JPEG)
        calls = wechat.calls
    assert [(c.endpoint, c.errcode) for c in calls] == [
        ("stable_token", 0),
        ("material/add_material", code),
        ("stable_token", 0),
        ("material/add_material", 0),
    ]
    assert calls[2].body["force_refresh"] is True
    assert calls[1].query["access_token"] != calls[3].query["access_token"]
    assert material.media_id in wechat.thumbs()


def test_a_token_rejected_twice_is_an_error_not_a_loop() -> None:
    faults = Faults(errors=(ScriptedError("draft/add", 40001),))
    with FakeWechat(faults=faults) as wechat, client_for(wechat) as client:
        with pytest.raises(TokenRejectedError) as raised:
            client.add_draft([article("x")])
        assert [c.endpoint for c in wechat.calls].count("stable_token") == 2
        assert len(wechat.calls_to("draft/add")) == 2
    assert raised.value.errcode == 40001


def test_rate_limit_45009_has_its_own_error_and_message() -> None:
    faults = Faults(errors=(ScriptedError("draft/add", 45009),))
    with (
        FakeWechat(faults=faults) as wechat,
        client_for(wechat) as client,
        pytest.raises(RateLimitError) as raised,
    ):
        client.add_draft([article("x")])
    assert isinstance(raised.value, WechatError)
    assert isinstance(raised.value, PublisherError)
    assert "调用频率超限" in str(raised.value)
    assert "明天再试" in str(raised.value)


def test_ip_not_on_the_allow_list_40164_explains_the_allow_list() -> None:
    with (
        FakeWechat(faults=Faults(ip_not_allowed=True)) as wechat,
        client_for(wechat) as client,
        pytest.raises(IpNotAllowedError) as raised,
    ):
        client.access_token()
    message = str(raised.value)
    assert "IP 白名单" in message
    assert "登记的推送电脑" in message
    assert raised.value.endpoint == "stable_token"


def test_wrong_credentials_are_named(wechat: FakeWechat) -> None:
    client = WechatClient(Credentials(wechat.appid, "wrong"), api_base=wechat.url)
    with client, pytest.raises(WechatApiError) as raised:
        client.access_token()
    assert raised.value.errcode == 40125
    assert "WECHAT_SECRET" in str(raised.value)


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"title": "题" * 33}, 45003),
        ({"author": "作" * 17}, 45110),
        ({"digest": "摘" * 129}, 45004),
        ({"content": "文" * 20_000}, 45002),
        ({"thumb_media_id": "not-uploaded"}, 40007),
        ({"need_open_comment": 2}, 40097),
    ],
)
def test_the_fake_refuses_drafts_beyond_the_limits(
    wechat: FakeWechat, changes: dict[str, Any], code: int
) -> None:
    with client_for(wechat) as client:
        thumb = client.add_thumb("cover.jpg", JPEG).media_id
        with pytest.raises(WechatApiError) as raised:
            client.add_draft([article(thumb, **changes)])
    assert raised.value.errcode == code
    assert wechat.drafts() == {}


def test_the_fake_accepts_drafts_at_the_limits(wechat: FakeWechat) -> None:
    at_limits = {
        "title": "题" * 32,
        "author": "作" * 16,
        "digest": "摘" * 128,
        "content": "文" * 19_999,
    }
    with client_for(wechat) as client:
        thumb = client.add_thumb("cover.jpg", JPEG).media_id
        media_id = client.add_draft([article(thumb, **at_limits)])
    assert wechat.drafts()[media_id][0]["title"] == "题" * 32


@pytest.mark.parametrize(
    ("data", "code"),
    [(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, 40005), (JPEG + b"\x00" * 64 * 1024, 40009)],
)
def test_thumb_material_must_be_a_jpeg_of_at_most_64_kb(
    wechat: FakeWechat, data: bytes, code: int
) -> None:
    with client_for(wechat) as client, pytest.raises(WechatApiError) as raised:
        client.add_thumb("cover.jpg", data)
    assert raised.value.errcode == code
    upload = wechat.calls_to("material/add_material")[0]
    assert upload.query["type"] == "thumb"
    assert upload.body[0]["name"] == "media"


def test_publishing_is_polled_until_published() -> None:
    with FakeWechat(faults=Faults(publishing_polls=2)) as wechat, client_for(wechat) as client:
        thumb = client.add_thumb("cover.jpg", JPEG).media_id
        publish_id = client.submit(client.add_draft([article(thumb)]))
        statuses = [client.publish_status(publish_id) for _ in range(3)]
    assert [s.status for s in statuses] == [1, 1, 0]
    done = statuses[-1]
    assert done.published and done.article_id
    assert [item.index for item in done.items] == [1]
    assert done.items[0].url.startswith("https://mp.weixin.qq.com/s/")
    assert wechat.drafts() == {}  # a submitted draft leaves the draft box


def test_a_failed_publication_reports_its_status() -> None:
    faults = Faults(publishing_polls=0, final_status=4)
    with FakeWechat(faults=faults) as wechat, client_for(wechat) as client:
        thumb = client.add_thumb("cover.jpg", JPEG).media_id
        status = client.publish_status(client.submit(client.add_draft([article(thumb)])))
    assert status.status == 4 and not status.published and not status.publishing
    assert status.fail_idx == (1,)
    assert "平台审核不通过" in status.describe()


def published_article(client: WechatClient, count: int = 1) -> tuple[str, str]:
    thumb = client.add_thumb("cover.jpg", JPEG).media_id
    publish_id = client.submit(client.add_draft([article(thumb) for _ in range(count)]))
    status = client.publish_status(publish_id)
    status = client.publish_status(publish_id)
    assert status.article_id is not None
    return publish_id, status.article_id


def test_delete_sends_the_explicit_index_and_deletes_only_that_article(
    wechat: FakeWechat,
) -> None:
    with client_for(wechat) as client:
        publish_id, article_id = published_article(client, count=2)
        client.delete_article(article_id, 2)
        after = client.publish_status(publish_id)
    assert wechat.calls_to("freepublish/delete")[0].body == {"article_id": article_id, "index": 2}
    assert [a.deleted for a in wechat.published()] == [False, True]
    assert [item.index for item in after.items] == [1, 2]


@pytest.mark.parametrize("index", [0, -1, True])
def test_the_client_never_sends_a_delete_without_an_index_of_at_least_1(
    wechat: FakeWechat, index: int
) -> None:
    with client_for(wechat) as client, pytest.raises(ValueError, match="从 1 开始"):
        client.delete_article("any", index)
    assert wechat.calls_to("freepublish/delete") == []


def test_the_fake_deletes_every_article_for_index_0_as_wechat_documents(
    wechat: FakeWechat,
) -> None:
    """Why the client refuses index 0: WeChat deletes the whole publication."""
    with client_for(wechat) as client:
        publish_id, article_id = published_article(client, count=2)
        token = client.access_token()
    body = json.dumps({"article_id": article_id}).encode()
    answer = httpx.post(
        f"{wechat.url}/cgi-bin/freepublish/delete", params={"access_token": token}, content=body
    ).json()
    assert answer["errcode"] == 0
    assert [a.deleted for a in wechat.published()] == [True, True]
    with client_for(wechat) as client:
        assert client.publish_status(publish_id).status == 5


def test_the_transport_is_injectable() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        if request.url.path.endswith("stable_token"):
            return httpx.Response(200, json={"access_token": "t", "expires_in": 7200})
        return httpx.Response(200, json={"media_id": "draft-1"})

    transport = httpx.MockTransport(handler)
    with WechatClient(Credentials("wx1", "s"), transport=transport) as client:
        assert client.add_draft([article("thumb")]) == "draft-1"
    assert seen == ["/cgi-bin/stable_token", "/cgi-bin/draft/add"]


@pytest.mark.parametrize(
    "response",
    [httpx.Response(502, text="Bad Gateway"), httpx.Response(200, text="<html>portal</html>")],
)
def test_answers_that_are_not_wechat_json_are_transport_errors(response: httpx.Response) -> None:
    transport = httpx.MockTransport(lambda request: response)
    with (
        WechatClient(Credentials("wx1", "s"), transport=transport) as client,
        pytest.raises(WechatTransportError, match="stable_token"),
    ):
        client.access_token()


def test_an_unreachable_server_is_a_transport_error_without_the_token() -> None:
    with FakeWechat() as wechat:
        url = wechat.url  # closed once the block ends
    with (
        WechatClient(Credentials("wx1", "s"), api_base=url, timeout=2) as client,
        pytest.raises(WechatTransportError) as raised,
    ):
        client.access_token()
    assert "无法连接" in str(raised.value)


def test_credentials_come_from_the_environment_and_the_secret_is_never_shown() -> None:
    credentials = credentials_from_env({"WECHAT_APPID": "wx1", "WECHAT_SECRET": "top-secret"})
    assert credentials.appid == "wx1"
    assert "top-secret" not in repr(credentials)
    with pytest.raises(WechatConfigError) as raised:
        credentials_from_env({"WECHAT_APPID": " "})
    assert "WECHAT_APPID、WECHAT_SECRET" in str(raised.value)
    assert "不要写进任何文件" in str(raised.value)
