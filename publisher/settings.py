"""The bureau's settings (`content/settings.yaml`): who publishes, the footer, and the
numbers RULES.md marks *configurable*."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


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


class Deadlines(_Strict):
    """期限（工作日），缺省值见 RULES.md。"""

    penalty_publication_workdays: int = Field(default=7, ge=1)
    """行政处罚决定作出后公示的期限（R-A3，默认 7 个工作日）。"""
    other_publication_workdays: int = Field(default=20, ge=1)
    """行政检查结果等其他决定公示的期限（R-A3，默认 20 个工作日）。"""
    withdrawal_workdays: int = Field(default=3, ge=1)
    """法律行为作出后登记撤下的期限（R-A5，默认 3 个工作日）。"""
    correction_request_workdays: int = Field(default=20, ge=1)
    """更正申请的办理期限（R-A7，默认 20 个工作日）。"""


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
    tag_authority: str = "example.gov.cn"
    """订阅源条目 tag URI 的域名部分（RFC 4151），一经发布不要更改。"""
    tag_start: str = "2019-01-01"
    """订阅源条目 tag URI 的日期部分，一经发布不要更改。"""
    auto_withdraw: bool = True
    """公示期满（5年，自然人2年）自动撤下（R-A4）。关闭后由工作人员填写 removed 日期撤下。"""
    retention_years: int = Field(default=5, ge=1)
    """法人和其他组织的公示年限（R-A4）。"""
    natural_person_retention_years: int = Field(default=2, ge=1)
    """自然人和个体工商户的公示年限（R-A4）。"""
    deadlines: Deadlines = Deadlines()
    """各项期限。"""
    footer: Footer = Footer()
    """页脚。"""
    home_latest: int = Field(default=10, ge=1)
    """首页显示的最新公示条数。"""
    feed_entries: int = Field(default=50, ge=1)
    """订阅源最多条目数。"""

    @property
    def data_source_unit(self) -> str:
        return self.data_source or self.organ
