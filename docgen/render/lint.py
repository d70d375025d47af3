"""Template lint: unknown fields vs the schema, tags Word split across runs, unbalanced blocks."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, TemplateSyntaxError, nodes
from lxml import etree
from pydantic import BaseModel

from docgen.model import UnusableInput
from docgen.render import schemas
from docgen.render.engine import FILTERS, blank_context
from docgen.render.registry import TEMPLATES

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes)\.xml$")
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_OPEN = re.compile(r"\{[{%#]")
_CLOSE = re.compile(r"[}%#]\}")
# docxtpl's own tag prefixes ({%p for %}, {%tr endfor %}, {{r x }}) become plain Jinja.
_DOCXTPL_PREFIX = re.compile(r"(\{%|\{\{)\s*(?:p|tr|tc|r)\s+")
# Names the templates may use that are no field: Jinja's loop variable and globals.
_JINJA_NAMES = {"loop", "range", "namespace", "dict", "lipsum", "cycler", "joiner"}
# Values `derive` adds to list items (engine.derive).
_ITEM_EXTRAS: dict[str, set[str]] = {"findings": {"severity_th"}}


@dataclass(frozen=True)
class LintIssue:
    code: str  # split_tag, unclosed_tag, paragraph_tag_shared, row_tag_outside_table, syntax,
    # unknown_field, unknown_attribute, unknown_filter, unknown_kind (a note, not a failure)
    message: str  # Thai
    where: str = ""

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


def _paragraph_runs(part: etree._Element) -> list[tuple[str, list[str], bool]]:
    """Each paragraph of a part: a Thai position label, its run texts, whether in a table."""
    out: list[tuple[str, list[str], bool]] = []
    for number, par in enumerate(part.iter(f"{W}p"), start=1):
        runs = []
        for run in par.iter(f"{W}r"):
            runs.append("".join(t.text or "" for t in run.iter(f"{W}t")))
        if any(runs):
            in_table = any(a.tag == f"{W}tc" for a in par.iterancestors())
            out.append((f"ย่อหน้าที่ {number}", runs, in_table))
    return out


def _placement_issues(where: str, text: str, in_table: bool) -> list[LintIssue]:
    """docxtpl drops the whole paragraph of a {%p %} tag, and the whole row of a {%tr %} tag."""
    issues: list[LintIssue] = []
    for match in _TAG.finditer(text):
        tag = match.group(0)
        if re.match(r"\{%\s*p\s", tag) and text.strip() != tag:
            issues.append(
                LintIssue(
                    "paragraph_tag_shared",
                    f"แท็ก {tag!r} ต้องอยู่ในย่อหน้าของตัวเองเท่านั้น ข้อความอื่นในย่อหน้านี้จะหายไป",
                    where,
                )
            )
        if re.match(r"\{%\s*t[rc]\s", tag) and not in_table:
            issues.append(
                LintIssue("row_tag_outside_table", f"แท็ก {tag!r} ต้องอยู่ในแถวของตาราง", where)
            )
    return issues


def _split_issues(where: str, runs: list[str]) -> list[LintIssue]:
    issues: list[LintIssue] = []
    joined = "".join(runs)
    bounds: list[tuple[int, int]] = []
    pos = 0
    for text in runs:
        bounds.append((pos, pos + len(text)))
        pos += len(text)

    def run_of(offset: int) -> int:
        for i, (start, end) in enumerate(bounds):
            if start <= offset < end:
                return i
        return -1

    covered: list[tuple[int, int]] = []
    for match in _TAG.finditer(joined):
        covered.append(match.span())
        if run_of(match.start()) != run_of(match.end() - 1):
            issues.append(
                LintIssue(
                    "split_tag",
                    f"แท็ก {match.group(0)!r} ถูก Word แยกเป็นหลายช่วงข้อความ (run) "
                    "ให้ลบแล้วพิมพ์แท็กใหม่ทั้งแท็กในครั้งเดียว",
                    where,
                )
            )
    rest = joined
    for start, end in reversed(covered):
        rest = rest[:start] + " " * (end - start) + rest[end:]
    if _OPEN.search(rest) or _CLOSE.search(rest):
        issues.append(
            LintIssue("unclosed_tag", "มีวงเล็บแท็ก {{ {% ที่เปิดหรือปิดไม่ครบในย่อหน้าเดียวกัน", where)
        )
    return issues


def _model_of(annotation: Any) -> type[BaseModel] | None:
    return schemas._submodel(annotation)


def _field_models(kind: str) -> tuple[set[str], dict[str, type[BaseModel] | None]]:
    """Top-level names a kind's context has, and the model each list/object field holds."""
    spec = TEMPLATES[kind]
    names = set(blank_context(kind)) | set(spec.schema.model_fields)
    models = {name: _model_of(info.annotation) for name, info in spec.schema.model_fields.items()}
    return names, models


def _any_kind_fields() -> tuple[set[str], dict[str, type[BaseModel] | None]]:
    """Names any template's context has: what a template of unknown kind may use."""
    names: set[str] = set()
    for kind in TEMPLATES:
        names |= _field_models(kind)[0]
    return names, {}


def _check_names(
    kind: str, ast: nodes.Template, env: Environment, bound_extra: set[str] | None = None
) -> list[LintIssue]:
    issues: list[LintIssue] = []
    known, models = _field_models(kind) if kind in TEMPLATES else _any_kind_fields()
    of_kind = f" {kind}" if kind in TEMPLATES else "ใดเลย"
    loop_models: dict[str, tuple[str, type[BaseModel] | None]] = {}
    for loop in ast.find_all(nodes.For):
        if isinstance(loop.target, nodes.Name) and isinstance(loop.iter, nodes.Name):
            loop_models[loop.target.name] = (loop.iter.name, models.get(loop.iter.name))
    bound = (
        set(loop_models)
        | (bound_extra or set())
        | {n.name for n in ast.find_all(nodes.Name) if n.ctx in ("store", "param")}
    )
    seen: set[str] = set()
    for name in ast.find_all(nodes.Name):
        if name.ctx != "load" or name.name in seen:
            continue
        seen.add(name.name)
        if name.name not in known and name.name not in bound and name.name not in _JINJA_NAMES:
            issues.append(
                LintIssue("unknown_field", f"ช่อง '{name.name}' ไม่มีในรายการช่องของแม่แบบ{of_kind}")
            )
    for attr in ast.find_all(nodes.Getattr):
        if not isinstance(attr.node, nodes.Name):
            continue
        base = attr.node.name
        if base in loop_models:
            field, model = loop_models[base]
            extras = _ITEM_EXTRAS.get(field, set())
        elif base in models:
            field, model, extras = base, models[base], set()
        else:
            continue
        if model is not None and attr.attr not in model.model_fields and attr.attr not in extras:
            issues.append(
                LintIssue(
                    "unknown_attribute",
                    f"ช่อง '{base}.{attr.attr}' ไม่มีใน '{field}' ของแม่แบบ {kind}",
                )
            )
    for flt in ast.find_all(nodes.Filter):
        if flt.name not in env.filters:
            issues.append(LintIssue("unknown_filter", f"ไม่รู้จักตัวกรอง '{flt.name}'"))
    return issues


def _syntax_th(message: str) -> str:
    """The usual Jinja syntax errors of a template, said in Thai."""
    opened = re.search(r"innermost block that needs to be closed is '(\w+)'", message)
    if "Unexpected end of template" in message and opened:
        return f"เปิดบล็อก {{% {opened[1]} %}} แล้วไม่มี {{% end{opened[1]} %}} ปิด"
    stray = re.search(r"Encountered unknown tag '(end\w+|else|elif)'", message)
    if stray:
        return f"มี {{% {stray[1]} %}} โดยไม่มีบล็อกที่เปิดไว้คู่กัน"
    unknown = re.search(r"Encountered unknown tag '(\w+)'", message)
    if unknown:
        return f"ไม่รู้จักแท็ก {{% {unknown[1]} %}}"
    return "เขียนแท็กผิดรูปแบบ"


def lint_template(path: Path, kind: str | None = None) -> list[LintIssue]:
    """Lint one .docx template; `kind` defaults to the file's stem (certificate.docx)."""
    path = Path(path)
    kind = kind or path.stem
    try:
        with zipfile.ZipFile(path) as archive:
            parts = [
                (name, archive.read(name)) for name in archive.namelist() if _PARTS.search(name)
            ]
    except (OSError, zipfile.BadZipFile) as exc:
        raise UnusableInput(f"เปิดไฟล์แม่แบบ {path.name} ไม่ได้ (ไม่ใช่ไฟล์ .docx)") from exc
    if not parts:
        raise UnusableInput(f"ไฟล์ {path.name} ไม่มีเนื้อหาเอกสาร Word")

    issues: list[LintIssue] = []
    tags: list[str] = []
    for name, data in parts:
        try:
            root = etree.fromstring(data)
        except etree.XMLSyntaxError as exc:
            raise UnusableInput(f"ไฟล์แม่แบบ {path.name} เสียหาย ({name})") from exc
        label = "" if name == "word/document.xml" else f"{name}: "
        for where, runs, in_table in _paragraph_runs(root):
            issues.extend(_split_issues(label + where, runs))
            issues.extend(_placement_issues(label + where, "".join(runs), in_table))
            tags.extend(m.group(0) for m in _TAG.finditer("".join(runs)))

    env = Environment()
    env.filters.update(FILTERS)
    source = "\n".join(_DOCXTPL_PREFIX.sub(r"\1 ", tag) for tag in tags)
    bound_extra: set[str] = set()
    try:
        ast = env.parse(source)
    except TemplateSyntaxError as exc:
        issues.append(
            LintIssue(
                "syntax",
                f"บล็อกแท็กไม่สมดุลหรือเขียนผิด: {_syntax_th(exc.message or '')} ({exc.message})",
                f"แท็กที่ {exc.lineno}",
            )
        )
        # Still look at the fields: the {{ }} tags alone, loop names taken as bound.
        for tag in tags:
            loop = re.match(r"\{%\s*(?:p|tr|tc)?\s*for\s+([\w\s,]+?)\s+in\s", tag)
            if loop:
                bound_extra |= {n.strip() for n in loop.group(1).split(",")}
        prints = [_DOCXTPL_PREFIX.sub(r"\1 ", t) for t in tags if t.startswith("{{")]
        try:
            ast = env.parse("\n".join(prints))
        except TemplateSyntaxError:
            return issues
    issues.extend(_check_names(kind, ast, env, bound_extra))
    if kind not in TEMPLATES:
        issues.append(
            LintIssue(
                "unknown_kind",
                f"ไม่รู้จักชนิดแม่แบบ '{kind}' จึงตรวจช่องเทียบกับช่องของแม่แบบทุกชนิดรวมกัน "
                f"(ตั้งชื่อไฟล์ตามชนิด เช่น certificate.docx หรือระบุ --kind)",
            )
        )
    return issues


def lint_all() -> dict[str, list[LintIssue]]:
    """Lint every registered template."""
    return {kind: lint_template(spec.path, kind) for kind, spec in TEMPLATES.items()}
