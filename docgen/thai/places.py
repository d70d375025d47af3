"""Thai addresses: parsing free text (12 ม.3 ต.ท่าพระ อ.เมือง จ.ขอนแก่น) and resolving with geothai.

Lookups go through `docgen.thai.gazetteer` (geothai's data as an index kept in a cache file,
so a `docgen check` does not wait for geothai to build its tables), with geothai's own rules.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import cache

import geothai
from geothai import District, Province

from docgen.model import Place
from docgen.thai.gazetteer import gazetteer
from docgen.thai.text import ocr_key, strip_leaders

# Level words people write before a name. Short forms need their dot (อ่างทอง starts with อ).
_LEVEL_PREFIX = re.compile(
    r"^\s*(?:ตำบล|แขวง|ต\s*\.|อำเภอ|กิ่งอำเภอ|เขต|อ\s*\.|จังหวัด|จ\s*\.|"
    r"หมู่ที่|หมู่|ม\s*\.|บ้านเลขที่|เลขที่)\s*"
)

# Markers in a free-text address. Long words may stand anywhere (Thai has no spaces between
# words); short forms with a dot only after a space, a digit, punctuation or the start.
_B = r"(?:(?<=^)|(?<=[\s\d,;:()/]))"
_MARKERS: tuple[tuple[str, str], ...] = (
    ("house_no", r"บ้านเลขที่|เลขที่"),
    ("moo", r"หมู่\s*ที่|หมู่(?!บ้าน)|" + _B + r"ม\s*\."),
    ("subdistrict", r"ตำบล|แขวง|" + _B + r"ต\s*\."),
    ("district", r"กิ่งอำเภอ|อำเภอ|" + _B + r"เขต|" + _B + r"อ\s*\."),
    ("province", r"จังหวัด|" + _B + r"จ\s*\."),
    ("skip", r"ถนน|" + _B + r"ถ\s*\.|ซอย|" + _B + r"ซ\s*\.|รหัสไปรษณีย์|โทรศัพท์|โทร\s*\.?|หมู่บ้าน"),
)
_MARKER_RE = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _MARKERS))
_POSTAL = re.compile(r"(?<!\d)\d{5}(?!\d)")


def clean_area_name(text: str) -> str:
    """An area name as written, without level words (ต./ตำบล/อ./อำเภอ/จ./จังหวัด …) or leaders."""
    value = strip_leaders(text or "")
    if value.strip() in _place_names() and not value.strip().startswith("เขต"):
        return value.strip()  # ต.จ.ป.ร. (Ranong): a real name that only looks like a level word
    for _ in range(2):
        value = _LEVEL_PREFIX.sub("", value)
    value = _POSTAL.sub("", value).replace("ฯ", "")
    return value.strip(" ,;:-()")


def _first_word(text: str) -> str:
    """The name after a level word; a number or a table's cell bar there is no name (อำเภอ | 1)."""
    words = clean_area_name(text).split()
    if not words or not re.search(r"[\u0e01-\u0e2eA-Za-z]", words[0]):
        return ""
    return words[0]


def _number(text: str) -> str:
    m = re.search(r"\d+(?:/\d+)?", strip_leaders(text or ""))
    return m.group(0) if m else ""


@cache
def _place_names() -> frozenset[str]:
    """Every province, district and subdistrict name in Thai."""
    return gazetteer().names()


def is_place_name(text: str) -> bool:
    """Whether a text is, as written, a real province, district or subdistrict name."""
    return strip_leaders(text).strip() in _place_names()


def _real_markers(cleaned: str) -> list[re.Match[str]]:
    """The level words of an address, less those inside a place's own name.

    ตำบลม่วงหมู่, ตำบลสามตำบล, ตำบลถนนใหญ่: a marker glued to the letters before it, or right
    after another marker (ตำบล: จ.ป.ร.), that makes up a real place name with its word is part
    of that name.
    """
    kept: list[re.Match[str]] = []
    for m in _MARKER_RE.finditer(cleaned):
        previous_end = kept[-1].end() if kept else -1
        glued = m.start() > 0 and re.match(r"[\u0e01-\u0e4e]", cleaned[m.start() - 1])
        after_marker = previous_end >= 0 and not cleaned[previous_end : m.start()].strip(" \t:：")
        if glued or after_marker:
            space = max(cleaned.rfind(" ", 0, m.start()), cleaned.rfind("\t", 0, m.start()))
            start = max(space + 1, previous_end)
            end_m = re.compile(r"[\s,;()]").search(cleaned, m.end())
            word = cleaned[start : end_m.start() if end_m else len(cleaned)]
            if word in _place_names():
                continue
        kept.append(m)
    return kept


def parse_address(text: str) -> Place:
    """Split a free-text address into its parts and resolve it.

    Reads `12 ม.3 ต.ท่าพระ อ.เมืองขอนแก่น จ.ขอนแก่น`, `บ้านเลขที่ 12 หมู่ที่ 3 ตำบลท่าพระ
    อำเภอเมือง จังหวัดขอนแก่น 40260`, Bangkok's แขวง/เขต, and dotted leaders as blanks. An
    address without level words (`12 ท่าพระ เมืองขอนแก่น ขอนแก่น`) is tried as its last
    three words.
    """
    cleaned = strip_leaders(text or "")
    parts: dict[str, str] = {}
    matches = _real_markers(cleaned)
    lead = cleaned[: matches[0].start()] if matches else cleaned
    for i, m in enumerate(matches):
        kind = m.lastgroup or "skip"
        end = matches[i + 1].start() if i + 1 < len(matches) else len(cleaned)
        value = cleaned[m.end() : end]
        if kind == "skip" or kind in parts:
            continue
        if kind in ("house_no", "moo"):
            parts[kind] = _number(value)
        else:
            parts[kind] = _first_word(value)
        if kind == "province" and parts[kind]:
            break  # an address ends with its province; what follows is another text
    if "house_no" not in parts:
        # "12/3 ม.4 ..." : a number before the first marker is the house number.
        lead_no = re.match(r"\s*(\d+(?:/\d+)?)", lead)
        if lead_no:
            parts["house_no"] = lead_no.group(1)
    if not any(parts.get(k) for k in ("subdistrict", "district", "province")):
        # No level words for the areas (`12 หมู่ 3 บ้านหนองแวง ท่าพระ เมือง ขอนแก่น`): the last
        # three words, else the last two (ตำบล อำเภอ), when exactly one real place has them.
        rest = _MARKER_RE.sub(" ", cleaned)
        words = [w for w in _POSTAL.sub(" ", rest).split() if not re.fullmatch(r"[\d/]+", w)]
        if len(words) >= 3:
            found = gazetteer().match(words[-3], district=words[-2], province=words[-1])
            if len(found) == 1:
                parts.update(subdistrict=words[-3], district=words[-2], province=words[-1])
        if not parts.get("subdistrict") and len(words) >= 2:
            found = gazetteer().match(words[-2], district=words[-1])
            if len(found) == 1:
                parts.update(subdistrict=words[-2], district=words[-1])
    return resolve_place(
        parts.get("subdistrict", ""),
        parts.get("district", ""),
        parts.get("province", ""),
        moo=parts.get("moo", ""),
        house_no=parts.get("house_no", ""),
    )


def match_place(subdistrict: str, district: str = "", province: str = "") -> list[geothai.Address]:
    """Every real subdistrict that fits the names given (empty names do not narrow)."""
    sub = clean_area_name(subdistrict)
    if not sub:
        return []
    dist, prov = clean_area_name(district) or None, clean_area_name(province) or None
    found = gazetteer().match(sub, district=dist, province=prov)
    if not found and sub in _alias_names():
        # ปอภาร (ปอพาน): the register's name carries another spelling in brackets; either
        # spelling alone (as an address's first word gives it) is the same subdistrict.
        found = [
            a
            for full in _alias_names()[sub]
            for a in gazetteer().match(full, district=dist, province=prov)
        ]
    return found


@cache
def _alias_names() -> dict[str, tuple[str, ...]]:
    """Register names written `name (other spelling)`, by each spelling alone."""
    out: dict[str, list[str]] = {}
    for name in _place_names():
        m = re.fullmatch(r"(.+?)\s*\((.+)\)", name)
        if m:
            for spelling in (m.group(1).strip(), m.group(2).strip()):
                out.setdefault(spelling, []).append(name)
    return {k: tuple(v) for k, v in out.items()}


def resolve_place(
    subdistrict: str, district: str, province: str, *, moo: str = "", house_no: str = ""
) -> Place:
    """A Place with DOPA codes when the three names together fit exactly one real subdistrict.

    Names repeat across the country, so the subdistrict is resolved together with its district
    and province; when it stays ambiguous or unknown the names are kept as written, without codes.
    A district or province alone is still resolved to its code when it is unambiguous.
    """
    sub = clean_area_name(subdistrict)
    dist = clean_area_name(district)
    prov = clean_area_name(province)
    moo_no = _number(moo)
    house = strip_leaders(house_no)
    found = match_place(sub, dist, prov) if sub else []
    if not found and sub and dist:
        # A district written short (อ.เมืองอุดร): retry with the one real district it stands for.
        prov_hint = find_province(prov) if prov else None
        full = find_districts(dist, prov_hint.code if prov_hint else None)
        if len(full) == 1 and geothai.normalize(full[0].name_th) != geothai.normalize(dist):
            found = match_place(sub, full[0].name_th, prov)
    if len(found) == 1:
        a = found[0]
        return Place(
            house_no=house,
            moo=moo_no,
            subdistrict=a.subdistrict.name_th,
            district=a.district.name_th,
            province=a.province.name_th,
            subdistrict_code=a.subdistrict.code,
            district_code=a.district.code,
            province_code=a.province.code,
        )
    province_obj = find_province(prov) if prov else None
    districts = find_districts(dist, province_obj.code if province_obj else None) if dist else []
    district_obj = districts[0] if len(districts) == 1 else None
    if province_obj is None and district_obj is not None:
        province_obj = gazetteer().province(district_obj.province_code)
    return Place(
        house_no=house,
        moo=moo_no,
        subdistrict=sub,
        district=district_obj.name_th if district_obj else dist,
        province=province_obj.name_th if province_obj else prov,
        district_code=district_obj.code if district_obj else None,
        province_code=province_obj.code if province_obj else None,
    )


@cache
def _province_index() -> dict[str, Province]:
    index: dict[str, Province] = {}
    for p in gazetteer().provinces():
        index[geothai.normalize(p.name_th)] = p
        index[geothai.normalize(p.name_en)] = p
    for alias, code in (("กทม", "10"), ("กรุงเทพ", "10"), ("อยุธยา", "14")):
        found = gazetteer().province(code)
        if found is not None:
            index[alias] = found
    return index


def find_province(name: str) -> Province | None:
    """The province a name stands for (ขอนแก่น, จ.ขอนแก่น, กทม), or None."""
    return _province_index().get(geothai.normalize(clean_area_name(name)))


@cache
def _district_index() -> tuple[dict[str, tuple[District, ...]], tuple[District, ...]]:
    by_name: dict[str, list[District]] = {}
    capitals: list[District] = []
    for d in gazetteer().districts():
        for key in {geothai.normalize(d.name_th), geothai.normalize(d.name_en)}:
            by_name.setdefault(key, []).append(d)
        if d.code.endswith("01") and d.province_code != "10":
            capitals.append(d)
    return {k: tuple(v) for k, v in by_name.items()}, tuple(capitals)


def find_districts(name: str, province_code: str | None = None) -> list[District]:
    """Real districts a name fits (อ.เมือง fits every capital district unless the province is given)."""
    key = geothai.normalize(clean_area_name(name))
    if not key:
        return []
    by_name, capitals = _district_index()
    found = list(by_name.get(key, ()))
    if key in ("เมือง", "mueang"):
        found.extend(d for d in capitals if d not in found)
    if province_code:
        found = [d for d in found if d.province_code == province_code]
    if not found and key.startswith("เมือง") and len(key) > len("เมือง") + 1:
        # อ.เมืองอุดร, อ.เมืองโคราช-less shorthand: the capital district whose name it begins.
        short = [d for d in capitals if geothai.normalize(d.name_th).startswith(key)]
        if province_code:
            short = [d for d in short if d.province_code == province_code]
        if len(short) == 1:
            found = short
    return sorted(found, key=lambda d: d.code)


def place_problem(place: Place) -> str | None:
    """Thai words for what in a place cannot be matched to a real area, or None if nothing is wrong.

    Resolved places, empty ones and names that fit several real places (ambiguous, not unknown)
    are fine.
    """
    if place.resolved:
        return None
    prov_obj = find_province(place.province) if place.province else None
    if place.province and prov_obj is None:
        return f"ไม่พบจังหวัด “{place.province}”"
    districts = find_districts(place.district, prov_obj.code if prov_obj else None)
    if place.district and not districts:
        where = f" ในจังหวัด{prov_obj.name_th}" if prov_obj else ""
        return f"ไม่พบอำเภอ “{place.district}”{where}"
    if place.subdistrict and not match_place(place.subdistrict, place.district, place.province):
        parts = [f"ตำบล{place.subdistrict}"]
        if place.district:
            parts.append(f"อำเภอ{place.district}")
        if place.province:
            parts.append(f"จังหวัด{place.province}")
        return f"ไม่พบ{' '.join(parts)} ในทะเบียนพื้นที่"
    return None


def format_place(place: Place) -> str:
    """A place as Thai text: `หมู่ที่ 3 ตำบลท่าพระ อำเภอเมืองขอนแก่น จังหวัดขอนแก่น`."""
    parts = []
    if place.house_no:
        parts.append(f"บ้านเลขที่ {place.house_no}")
    if place.moo:
        parts.append(f"หมู่ที่ {place.moo}")
    if place.subdistrict:
        parts.append(("แขวง" if place.province_code == "10" else "ตำบล") + place.subdistrict)
    if place.district:
        parts.append(("เขต" if place.province_code == "10" else "อำเภอ") + place.district)
    if place.province:
        parts.append(place.province if place.province_code == "10" else "จังหวัด" + place.province)
    return " ".join(parts)


# How alike (difflib ratio, in ocr_key form) each name read from a scan must be to a real one
# for the place to be taken as that one: one letter in five (ทห้วยไผ่ for ห้วยไผ่, ไซยา for
# ไชยา); two names alike in between are no answer.
OCR_PLACE_CUTOFF = 0.8


@cache
def _ocr_areas() -> tuple[
    tuple[tuple[str, Province], ...],
    dict[str, list[tuple[str, District]]],
    dict[str, list[tuple[str, str]]],
]:
    provinces = tuple((ocr_key(p.name_th), p) for p in gazetteer().provinces())
    districts: dict[str, list[tuple[str, District]]] = {}
    for d in gazetteer().districts():
        districts.setdefault(d.province_code, []).append((ocr_key(d.name_th), d))
    subdistricts: dict[str, list[tuple[str, str]]] = {}
    for name, district_code in gazetteer().subdistrict_names():
        subdistricts.setdefault(district_code, []).append((ocr_key(name), name))
    return provinces, districts, subdistricts


def _alike(read: str, real: str) -> float:
    """How alike two names are (difflib ratio), scaled so that the cutoff means the same for
    short names: one letter wrong in a name of four (ไขยา) is as alike as one in five."""
    if not read:
        return 1.0  # not given: does not narrow
    if max(len(read), len(real)) < 4:
        return 1.0 if read == real else 0.0  # นา, ดู: one letter is a third of the name
    matcher = SequenceMatcher(None, read, real, autojunk=False)
    if matcher.real_quick_ratio() < 0.7:
        return 0.0
    one_letter = 1 - 1 / max(len(read), len(real))  # ratio with one letter of the longer wrong
    ratio = matcher.ratio()
    return ratio if one_letter >= OCR_PLACE_CUTOFF else ratio * OCR_PLACE_CUTOFF / one_letter


def closest_place(subdistrict: str, district: str, province: str) -> tuple[str, str, str] | None:
    """The one real (subdistrict, district, province) each of whose names is within OCR noise
    of the names read from a scan, or None when none is, or two are about as close. Needs the
    subdistrict and one of district or province; searched province, then its districts, then
    their subdistricts, so a name is only compared with the real ones it could be."""
    sub = ocr_key(clean_area_name(subdistrict))
    dist = ocr_key(clean_area_name(district))
    prov = ocr_key(clean_area_name(province))
    if len(sub) < 2 or not (dist or prov):
        return None
    provinces, districts, subdistricts = _ocr_areas()
    found: list[tuple[float, str, str, str]] = []
    for p_key, p in provinces:
        p_score = _alike(prov, p_key)
        if p_score < OCR_PLACE_CUTOFF:
            continue
        for d_key, d in districts.get(p.code, ()):
            d_score = min(p_score, _alike(dist, d_key))
            if d_score < OCR_PLACE_CUTOFF:
                continue
            for s_key, s_name in subdistricts.get(d.code, ()):
                score = min(d_score, _alike(sub, s_key))
                if score >= OCR_PLACE_CUTOFF:
                    found.append((score, s_name, d.name_th, p.name_th))
    if not found:
        return None
    found.sort(reverse=True)
    best = found[0]
    if len(found) > 1 and found[1][0] >= best[0] - 0.05 and found[1][1:] != best[1:]:
        return None
    return best[1], best[2], best[3]
