"""The bureau's settings (`content/settings.yaml`): who publishes, the footer, and the
numbers RULES.md marks *configurable*."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from publisher.links import web_address_problem

WECHAT_TITLE_LIMIT = 32
"""A WeChat article title's limit in characters (draft/add)."""
WECHAT_PART_SUFFIX = "之九十九"
"""The longest suffix a digest split into parts adds to its title (publisher.wechat)."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class Footer(_Strict):
    """网站页脚（政府网站规范要求的标识）。"""

    sponsor: str = "青崖县工业和信息化局"
    """主办单位。"""
    contact: str = ""
    """联系方式（电话、地址）。"""
    site_code: str = ""
    """网站标识码。"""
    icp: str = ""
    """ICP备案号。"""
    police_record: str = ""
    """公安备案号。"""


class CorrectionRequestChannels(_Strict):
    """受理更正申请的渠道（R-A7），显示在每条公示记录的页面上。电话、电子邮箱、地址、受理时间都不填时，这四项使用 bureau.yaml 的监督方式（supervision）；网上申请地址另行填写。"""

    phone: str = ""
    """受理电话。"""
    email: str = ""
    """电子邮箱。"""
    address: str = ""
    """来信来访地址。"""
    hours: str = ""
    """受理时间，如“工作日 8:30–12:00、14:30–17:30”。"""
    # The schema keeps the pattern for editors; the loader checks with publisher.links, which
    # refuses more (javascript:, //host, invisible characters) and says why in 简体中文.
    form_url: str = Field(default="", json_schema_extra={"pattern": r"^(https?://\S+)?$"})
    """网上申请地址（可选），以 http:// 或 https:// 开头。"""

    @field_validator("form_url")
    @classmethod
    def _web_address(cls, value: str) -> str:
        problem = web_address_problem(value) if value else None
        if problem is not None:
            raise ValueError(problem)
        return value

    @property
    def has_contacts(self) -> bool:
        """Whether the bureau set its own phone, e-mail, address or hours (else bureau.yaml's
        supervision channels are used)."""
        return any((self.phone, self.email, self.address, self.hours))


MAX_WORKDAYS = 250
"""About a year of working days: longer than any legal deadline, and short enough that
counting one stays quick (a mistyped 10000000 would keep `publisher check` busy for minutes)."""


class Deadlines(_Strict):
    """期限（工作日），缺省值见 RULES.md。"""

    penalty_publication_workdays: int = Field(default=7, ge=1, le=MAX_WORKDAYS)
    """行政处罚决定作出后公示的期限（R-A3，默认 7 个工作日）。"""
    other_publication_workdays: int = Field(default=20, ge=1, le=MAX_WORKDAYS)
    """行政检查结果等其他决定公示的期限（R-A3，默认 20 个工作日）。"""
    withdrawal_workdays: int = Field(default=3, ge=1, le=MAX_WORKDAYS)
    """法律行为作出后登记撤下的期限（R-A5，默认 3 个工作日）。"""
    correction_request_workdays: int = Field(default=20, ge=1, le=MAX_WORKDAYS)
    """更正申请的办理期限（R-A7，默认 20 个工作日）。"""
    draw_results_workdays: int = Field(default=20, ge=1, le=MAX_WORKDAYS)
    """双随机抽查结束后公示检查结果的期限（R-B5，默认 20 个工作日）。"""


class ReviewItem(_Strict):
    """案卷评查的一个项目（Article 8）。"""

    code: str
    """项目代码（评查表 scores 的键）。"""
    name: str
    """项目名称。"""
    points: int = Field(ge=0)
    """满分。"""


DEFAULT_REVIEW_ITEMS = (
    ReviewItem(code="subject", name="行政执法主体是否合法", points=10),
    ReviewItem(code="facts", name="事实认定及证据固定情况", points=20),
    ReviewItem(code="procedure", name="执法程序是否规范", points=20),
    ReviewItem(code="law", name="法律依据是否准确", points=15),
    ReviewItem(code="discretion", name="自由裁量权行使是否适当", points=10),
    ReviewItem(code="documents", name="执法文书的格式、送达、归档是否规范", points=10),
    ReviewItem(code="execution", name="行政执法决定落实是否到位", points=5),
    ReviewItem(
        code="systems", name="公示、全过程记录、法制审核等制度是否健全、落实到位", points=10
    ),
)


class ReviewSettings(_Strict):
    """年度案卷评查（R-B6）。"""

    items: list[ReviewItem] = Field(
        default_factory=lambda: list(DEFAULT_REVIEW_ITEMS), min_length=1
    )
    """评查项目及分值（缺省为 Article 8 的八项，合计 100 分）。"""
    excellent: int = Field(default=90, ge=0)
    """优秀的最低分（含本数）。"""
    passing: int = Field(default=60, ge=0)
    """合格的最低分（含本数）；低于此分为不合格。"""
    sample_ratio: float = Field(default=0.2, gt=0, le=1)
    """抽取比例（向上取整）。"""
    sample_min: int = Field(default=5, ge=1)
    """至少抽取的案卷数（不足时全部抽取）。"""

    @model_validator(mode="after")
    def _thresholds_in_order(self) -> ReviewSettings:
        total = sum(item.points for item in self.items)
        if not self.passing <= self.excellent <= total:
            message = f"评查等级分数线应满足 合格({self.passing}) ≤ 优秀({self.excellent}) ≤ 满分({total})"
            raise ValueError(message)
        if len({item.code for item in self.items}) != len(self.items):
            raise ValueError("评查项目代码（code）不得重复")
        return self


class SupervisionSettings(_Strict):
    """内部监督（RULES.md B 部分）。"""

    since: dt.date | None = None
    """只检查此日及以后作出决定的案件的 R-B2 至 R-B4（如本局开始使用本工具的日期）；不填检查全部案件。"""
    annual_inspection_due: str = Field(
        default="03-31", pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
    )
    """执法证件年检截止日（MM-DD，缺省 03-31）：发证次年起每年此日前须通过年检（R-B2）。"""
    required_documents: dict[str, dict[str, dict[str, list[str]]]] = Field(default_factory=dict)
    """各执法领域、各类案件每个环节必备的文书种类：{领域: {penalty|inspection: {环节: [文书种类]}}}；未配置的领域使用内置模板（R-B3）。"""
    review: ReviewSettings = ReviewSettings()
    """年度案卷评查。"""
    expiry_warning_days: int = Field(default=60, ge=1, le=3660)
    """执法证件到期、年检到期提前提醒的天数（内部报告）。"""


class WechatSettings(_Strict):
    """微信公众号文章（R-A1）：每期一篇公示摘要，撤下和更正另发说明文章。"""

    period: Literal["week", "month"] = "week"
    """每期的长度：week 按周（ISO 周，周一至周日，北京时间日期）| month 按自然月。"""
    author: str = Field(default="青崖县工业和信息化局", max_length=16)
    """文章作者，不超过 16 个字。"""
    cover: str = Field(
        default="wechat/cover.jpg", pattern=r"^[A-Za-z0-9_][A-Za-z0-9_./-]*\.(jpg|jpeg)$"
    )
    """封面图片，相对于 content/ 目录的路径；须为 JPG 格式、不超过 64 KB（公众号缩略图素材的要求）。"""
    need_open_comment: Literal[0, 1] = 0
    """是否打开留言：0 不打开 | 1 打开。"""
    only_fans_can_comment: Literal[0, 1] = 0
    """是否仅粉丝可留言：0 所有人可留言 | 1 仅粉丝可留言。"""
    title_template: str = "行政执法公示（{year}年第{number}期）"
    """公示摘要文章的标题，{year} 为年份，{number} 为期号（按周为 ISO 周序号，按月为月份）；生成的标题（连同过长拆分时的“之二”等后缀，最多 4 个字）不超过 32 个字。"""

    @field_validator("cover")
    @classmethod
    def _cover_inside_content(cls, value: str) -> str:
        if ".." in value.split("/"):
            raise ValueError("cover 应为 content/ 目录内的路径，不能含有 ..")
        return value

    @model_validator(mode="after")
    def _title_fits(self) -> WechatSettings:
        try:
            longest = self.title_template.format(year=9999, number=53) + WECHAT_PART_SUFFIX
        except (KeyError, IndexError, ValueError) as error:
            message = f"title_template 只能使用 {{year}} 和 {{number}} 两个占位符（{error}）"
            raise ValueError(message) from error
        if len(longest) > WECHAT_TITLE_LIMIT:
            message = (
                f"按 title_template 生成的标题加上分篇后缀（如“之二”）有 {len(longest)} 个字，"
                f"超过公众号的 {WECHAT_TITLE_LIMIT} 个字上限"
            )
            raise ValueError(message)
        return self


class Settings(_Strict):
    """本局设置。"""

    site_title: str = "行政执法公示"
    """网站标题。"""
    organ: str = "青崖县工业和信息化局"
    """执法机关（处罚机关）全称。"""
    organ_credit_code: str = ""
    """执法机关统一社会信用代码（双公示字段）。"""
    data_source: str = ""
    """数据来源单位（双公示字段），缺省同执法机关。"""
    # Written into every feed entry's id (a tag URI): a domain name and a date, nothing else.
    tag_authority: str = Field(
        default="example.gov.cn", pattern=r"^([A-Za-z0-9._%+-]+@)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$"
    )
    """订阅源条目 tag URI 的域名部分（RFC 4151，域名或电子邮箱，如 example.gov.cn），一经发布不要更改。"""
    tag_start: str = Field(default="2019-01-01", pattern=r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")
    """订阅源条目 tag URI 的日期部分（YYYY、YYYY-MM 或 YYYY-MM-DD），一经发布不要更改。"""
    auto_withdraw: bool = True
    """公示期满（5年，自然人2年）自动撤下（R-A4）。关闭后由工作人员填写 removed 日期撤下。"""
    # Upper bounds keep every count from a content date inside the calendar (and loops short).
    retention_years: int = Field(default=5, ge=1, le=100)
    """法人和其他组织的公示年限（R-A4）。"""
    natural_person_retention_years: int = Field(default=2, ge=1, le=100)
    """自然人和个体工商户的公示年限（R-A4）。"""
    deadlines: Deadlines = Deadlines()
    """各项期限。"""
    footer: Footer = Footer()
    """页脚。"""
    correction_requests: CorrectionRequestChannels = CorrectionRequestChannels()
    """受理更正申请的渠道（R-A7）；电话、电子邮箱、地址、受理时间都不填时使用 bureau.yaml 的监督方式。"""
    supervision: SupervisionSettings = SupervisionSettings()
    """内部监督。"""
    home_latest: int = Field(default=10, ge=1)
    """首页显示的最新公示条数。"""
    feed_entries: int = Field(default=50, ge=1)
    """订阅源最多条目数。"""
    wechat: WechatSettings = WechatSettings()
    """微信公众号文章（R-A1）：分期、作者、封面、留言和标题。"""

    @property
    def data_source_unit(self) -> str:
        return self.data_source or self.organ
