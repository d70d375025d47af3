"""Thai people for the sample generator: names, prefixes, national IDs typed in varied ways, phones."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

import geothai
from stdnum.th import pin

MALE_FIRST = [
    "สมชาย",
    "สมศักดิ์",
    "ประเสริฐ",
    "บุญมี",
    "สมบัติ",
    "วิชัย",
    "สุรชัย",
    "ทองดี",
    "บุญเลิศ",
    "ประยูร",
    "สมพงษ์",
    "อำนาจ",
    "สุพจน์",
    "ไพโรจน์",
    "เสถียร",
    "ธนากร",
    "ณัฐพล",
    "กิตติพงษ์",
    "อนุชา",
    "ชาญชัย",
    "สุริยา",
    "บุญช่วย",
    "คำพันธ์",
    "ทองใบ",
    "สมหมาย",
    "วีระ",
    "มานพ",
    "เกรียงไกร",
    "ศักดิ์ชัย",
    "พิทักษ์",
    "สุเทพ",
    "จำลอง",
    "ประสิทธิ์",
    "สมนึก",
    "บัญชา",
    "อุดม",
    "ชัยวัฒน์",
    "ธีรพงษ์",
    "วัชระ",
    "นิพนธ์",
    "คำปั่น",
    "บุญส่ง",
]
FEMALE_FIRST = [
    "สมศรี",
    "บุญมา",
    "มาลี",
    "สุดา",
    "วันเพ็ญ",
    "จันทร์เพ็ญ",
    "ประไพ",
    "สมพร",
    "ทองม้วน",
    "บัวผัน",
    "คำปุ่น",
    "อรุณี",
    "นงลักษณ์",
    "พรทิพย์",
    "สุภาพร",
    "รัตนา",
    "กาญจนา",
    "ศิริพร",
    "วิไลวรรณ",
    "จิราพร",
    "ลำดวน",
    "บุญเรือน",
    "สายสุนีย์",
    "อำไพ",
    "ปราณี",
    "ยุพิน",
    "ดวงใจ",
    "เพ็ญศรี",
    "สุนันทา",
    "นิตยา",
    "พิมพ์ใจ",
    "อัมพร",
    "ละเอียด",
    "สมจิตร",
    "ทองพูล",
    "แสงเดือน",
    "จันทร์ทิพย์",
    "ศรีไพร",
    "บุษบา",
    "กนกวรรณ",
]
LAST = [
    "ใจดี",
    "ศรีสุข",
    "บุญมา",
    "แก้วมณี",
    "ทองคำ",
    "สุขเจริญ",
    "พรหมมา",
    "ศรีบุญเรือง",
    "วงศ์ใหญ่",
    "คำภูแสน",
    "ภูมิสายดอร์",
    "แสนสุข",
    "จันทร์หอม",
    "มีสุข",
    "ทองประเสริฐ",
    "บุญประเสริฐ",
    "ชัยมงคล",
    "ศรีวิเศษ",
    "พันธ์ทอง",
    "อินทร์แก้ว",
    "ปัญญาดี",
    "สีดา",
    "ไชยมาตย์",
    "ดวงแก้ว",
    "สุวรรณศรี",
    "หอมจันทร์",
    "กันทะวงค์",
    "ปัญญาวงค์",
    "อินต๊ะ",
    "ใจมา",
    "คำแปง",
    "ธรรมวงศ์",
    "ทองสุข",
    "แก้วประเสริฐ",
    "นาคสุข",
    "ศรีทอง",
    "บุญยืน",
    "ขันทอง",
    "รัตนวงศ์",
    "มณีรัตน์",
    "พลศรี",
    "ศรีสะอาด",
    "คงสมบูรณ์",
    "ชูช่วย",
    "แก้วคง",
    "ทองเนื้อแข็ง",
    "รักษ์ทอง",
    "สุขสวัสดิ์",
    "นามวงศ์",
    "โพธิ์ศรี",
]

# Rarer prefixes that still turn up on rosters (retired soldiers, police, acting officers).
OTHER_MALE_PREFIXES = ("ว่าที่ร้อยตรี", "จ.ส.อ.", "ด.ต.")

THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def thai_digits(text: str) -> str:
    """Arabic digits to Thai digits (๐-๙), as some offices type them."""
    return text.translate(THAI_DIGITS)


@dataclass(frozen=True)
class Address:
    """Where a member lives, as real geothai places."""

    house_no: str
    moo: int
    subdistrict: geothai.Subdistrict
    district: geothai.District
    province: geothai.Province
    subdistrict_text: str | None = None  # as typed, when it differs from the real name (typos)

    @property
    def subdistrict_name(self) -> str:
        return self.subdistrict_text or self.subdistrict.name_th


@dataclass(frozen=True)
class Member:
    """One person of a sample group."""

    prefix: str
    first: str
    last: str
    female: bool
    national_id: str  # 13 digits, or whatever the sample wants typed (invalid ones)
    phone: str
    address: Address

    @property
    def full_name(self) -> str:
        """Prefix joined to the first name, as most rosters print it: นายสมชาย ใจดี."""
        return f"{self.prefix}{self.first} {self.last}"

    def with_prefix(self, prefix: str) -> Member:
        return replace(self, prefix=prefix)


def national_id(rng: random.Random, district_code: str, taken: set[str]) -> str:
    """A valid 13-digit ID: first digit 1 or 3, the registering district's code, a check digit."""
    while True:
        first = rng.choice("1133")  # 3: registered in the 1984 census; 1: born after
        body = first + district_code + f"{rng.randrange(100000):05d}" + f"{rng.randrange(100):02d}"
        number = body + pin.calc_check_digit(body)
        if number not in taken and pin.is_valid(number):
            taken.add(number)
            return number


def bad_check_digit(number: str) -> str:
    """The same ID with its last digit wrong (a typing slip)."""
    good = pin.calc_check_digit(number[:12])
    wrong = str((int(good) + 3) % 10)
    return number[:12] + wrong


def format_id(number: str, style: str) -> str:
    """An ID as people type it: plain, dashed (1-2345-67890-12-3), spaced, or in Thai digits."""
    if style == "plain" or len(number) != 13:
        out = number
    elif style in ("dashed", "thai-dashed"):
        out = f"{number[0]}-{number[1:5]}-{number[5:10]}-{number[10:12]}-{number[12]}"
    elif style == "spaced":
        out = f"{number[0]} {number[1:5]} {number[5:10]} {number[10:12]} {number[12]}"
    elif style == "thai":
        out = number
    else:
        raise ValueError(style)
    return thai_digits(out) if style.startswith("thai") else out


def phone(rng: random.Random, dashed: bool) -> str:
    digits = "0" + rng.choice("689") + "".join(str(rng.randrange(10)) for _ in range(8))
    return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}" if dashed else digits


def make_member(
    rng: random.Random,
    address: Address,
    taken_ids: set[str],
    taken_names: set[tuple[str, str]],
    *,
    odd_prefix_ok: bool = True,
) -> Member:
    """A new, distinct person living at `address`."""
    while True:
        female = rng.random() < 0.55
        first = rng.choice(FEMALE_FIRST if female else MALE_FIRST)
        last = rng.choice(LAST)
        if (first, last) not in taken_names:
            taken_names.add((first, last))
            break
    if female:
        prefix = rng.choice(("นาง", "นาง", "นาง", "นางสาว", "นางสาว", "น.ส."))
    elif odd_prefix_ok and rng.random() < 0.06:
        prefix = rng.choice(OTHER_MALE_PREFIXES)
    else:
        prefix = "นาย"
    return Member(
        prefix=prefix,
        first=first,
        last=last,
        female=female,
        national_id=national_id(rng, address.district.code, taken_ids),
        phone=phone(rng, dashed=rng.random() < 0.5),
        address=address,
    )
