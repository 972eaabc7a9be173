"""The grounds of Article 3 as codes: 3.1.n for suspension (暂扣), 3.2.n for revocation (吊销).

Staff write the code in `officers.yaml` and the fault register; messages show the label.
"""

from __future__ import annotations

from enum import StrEnum


class SuspensionGround(StrEnum):
    """Article 3(一) 1–5: grounds for suspending a certificate."""

    NOT_SHOWN = "3.1.1"
    UNEXAMINED = "3.1.2"
    DERELICTION = "3.1.3"
    REFUSED_SUPERVISION = "3.1.4"
    OTHER = "3.1.5"


class RevocationGround(StrEnum):
    """Article 3(二) 1–6: grounds for revoking a certificate."""

    LENT = "3.2.1"
    FORGED = "3.2.2"
    SHIELDED_VIOLATIONS = "3.2.3"
    GREAT_DAMAGE = "3.2.4"
    BRIBERY = "3.2.5"
    OTHER = "3.2.6"


GROUND_LABEL: dict[str, str] = {
    "3.1.1": "第三条(一)1 执行公务时不主动出示或者拒绝出示执法证件",
    "3.1.2": "第三条(一)2 持未经年检的行政执法证件进行执法活动",
    "3.1.3": "第三条(一)3 不依法履行职责、玩忽职守、滥用职权、徇私舞弊",
    "3.1.4": "第三条(一)4 拒绝接受监督检查",
    "3.1.5": "第三条(一)5 其他违反法律、法规、规章规定的行为",
    "3.2.1": "第三条(二)1 将行政执法证件交由其他人员使用",
    "3.2.2": "第三条(二)2 涂改、冒用行政执法证件",
    "3.2.3": "第三条(二)3 隐瞒、包庇、袒护、纵容违法行为，情节严重",
    "3.2.4": "第三条(二)4 给行政相对人、国家、集体和其他组织利益造成重大损害",
    "3.2.5": "第三条(二)5 索取、收受他人财物或者谋取不正当利益",
    "3.2.6": "第三条(二)6 其他违反法律、法规、规章规定的行为",
}
