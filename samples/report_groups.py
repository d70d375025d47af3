"""A seeded district of groups with long Thai names, for the district report's layout tests."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from samples.people import FEMALE_FIRST, LAST, MALE_FIRST

DISTRICT_CODE = "4001"
DISTRICT = "เมืองขอนแก่น"
PROVINCE = "ขอนแก่น"
# Real subdistricts of อำเภอเมืองขอนแก่น, the long and the tricky ones (ในเมือง, แดงใหญ่).
SUBDISTRICTS = (
    "ในเมือง",
    "แดงใหญ่",
    "บ้านหว้า",
    "สาวะถี",
    "บึงเนียม",
    "โนนท่อน",
    "เมืองเก่า",
    "ดอนช้าง",
    "บ้านเป็ด",
    "หนองตูม",
)
VILLAGES = (
    "โนนสำราญพัฒนา",
    "หนองบัวแดงใหญ่",
    "ดอนหันเหนือ",
    "โคกสีสุขสันต์",
    "ทุ่งสว่างอารมณ์",
    "ห้วยทรายทองคำ",
    "ศรีสุขเจริญผล",
    "หนองแวงตราชู",
)
ACTIVITIES = (
    "ปลูกผักปลอดภัยจากสารพิษ",
    "เลี้ยงโคเนื้อพันธุ์ดี",
    "แปรรูปข้าวฮางงอก",
    "ทอผ้าไหมมัดหมี่",
    "เพาะเห็ดนางฟ้าภูฏาน",
    "อื่น ๆ",
)
# Long surnames, and the ones a word processor's dictionary used to cut (ไช|ยมาตย์, วงศ์|ษา).
LONG_LAST = ("ไชยมาตย์", "วงศ์ษา", "ศรีสุวรรณวงศ์", "เพชรรัตนาภรณ์", "จันทร์เพ็ญศรีสุข")


def report_groups(seed: int = 13, count: int = 20) -> list[dict[str, Any]]:
    """`count` groups as batch-input rows (docgen report --input): long names, some without a
    certificate number, a few under the activity อื่น ๆ."""
    rng = random.Random(seed)
    groups = []
    for i in range(count):
        activity = ACTIVITIES[i % len(ACTIVITIES)]
        village = rng.choice(VILLAGES)
        what = "ส่งเสริมอาชีพ" if activity == "อื่น ๆ" else activity
        female = rng.random() < 0.5
        first = rng.choice(FEMALE_FIRST if female else MALE_FIRST)
        last = rng.choice(LONG_LAST) if rng.random() < 0.6 else rng.choice(LAST)
        prefix = ("นาง" if rng.random() < 0.7 else "นางสาว") if female else "นาย"
        groups.append(
            {
                "group_name": f"กลุ่มวิสาหกิจชุมชน{what}บ้าน{village}",
                "moo": str(rng.randint(1, 18)),
                "subdistrict": SUBDISTRICTS[i % len(SUBDISTRICTS)],
                "district": DISTRICT,
                "province": PROVINCE,
                "members": str(rng.randint(7, 60)),
                "chair": f"{prefix}{first} {last}",
                "established": (dt.date(2026, 1, 5) + dt.timedelta(days=17 * i)).isoformat(),
                "main_activity": activity,
                "certificate_no": "" if i % 7 == 3 else f"{i + 1}/2569",
            }
        )
    return groups


def village_of(group_name: str) -> str:
    """The village a generated group is named after (the name after its last บ้าน)."""
    return group_name.rsplit("บ้าน", 1)[-1]
