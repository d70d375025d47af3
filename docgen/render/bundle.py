"""The five application documents for one group, filled and zipped (`docgen render bundle`)."""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from docgen.render.engine import build_context, clean_data, render_context
from docgen.render.registry import BUNDLE_KINDS, get_spec
from docgen.render.schemas import GroupData, validate_group, validate_model


def kind_data(kind: str, group: GroupData) -> dict[str, Any]:
    """The data one template of the bundle takes, from the group's whole data."""
    common: dict[str, Any] = {
        "group_name": group.group_name,
        "address": group.address.model_dump(),
    }
    when = group.request_date or group.established
    if kind == "request_form":
        return common | {
            "phone": group.phone,
            "purpose": group.purpose,
            "main_activity": group.main_activity,
            "member_count": len(group.members),
            "established": group.established,
            "request_date": when,
            "chair_name": group.chair_name,
        }
    if kind == "bylaws":
        return (
            common
            | group.bylaws.model_dump()
            | {
                "committee_size": len(group.committee),
                "main_activity": group.main_activity,
                "purpose": group.purpose,
                "established": group.established,
                "chair_name": group.chair_name,
            }
        )
    if kind == "committee_list":
        return common | {
            "committee": [s.model_dump() for s in group.committee],
            "term_years": group.bylaws.term_years,
            "listed_date": when,
        }
    if kind == "member_roster":
        return common | {
            "members": [m.model_dump() for m in group.members],
            "listed_date": when,
            "chair_name": group.chair_name,
        }
    if kind == "activity_plan":
        return common | {
            "plan_year": group.effective_plan_year(),
            "activities": [a.model_dump() for a in group.activities],
            "plan_date": when,
            "chair_name": group.chair_name,
        }
    raise ValueError(f"not a bundle kind: {kind}")


def bundle_file_names() -> dict[str, str]:
    """File names inside the zip (Thai, UTF-8 flagged), by kind."""
    return {kind: f"{get_spec(kind).filename_th}.docx" for kind in BUNDLE_KINDS}


def render_bundle(group_data: Mapping[str, Any], out_zip: Path) -> Path:
    """Validate the group's data, fill the five documents and zip them into `out_zip`."""
    group = validate_group(clean_data(group_data))
    names = bundle_file_names()
    out_zip = Path(out_zip)
    out_zip.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="docgen-bundle-") as tmp:
        rendered: list[tuple[Path, str]] = []
        for kind in BUNDLE_KINDS:
            spec = get_spec(kind)
            model = validate_model(spec.schema, kind_data(kind, group), spec.label_th)
            path = Path(tmp) / f"{kind}.docx"
            render_context(kind, build_context(kind, model), path)
            rendered.append((path, names[kind]))
        partial = out_zip.with_name(out_zip.name + ".part")
        # Python writes non-ASCII names with the UTF-8 flag (bit 11) set.
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for path, name in rendered:
                archive.write(path, arcname=name)
        partial.replace(out_zip)
    return out_zip
