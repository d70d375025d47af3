"""Compiled DOCX templates: prepare once, render many, the same document docxtpl would give.

docxtpl re-opens the package, re-parses every part and recompiles the Jinja template on every
render. `CompiledTemplate.prepare` does that work once:

- opens the template with docxtpl/python-docx exactly as docxtpl does,
- runs docxtpl's own XML patching (`patch_xml`) on each part docxtpl renders (the body,
  headers and footers related from the main document, footnotes, core properties),
- compiles the Jinja template of every such part that has tags; a part without tags renders
  the same for every context, so it is rendered once, here,
- serialises every other part as python-docx would write it and compresses it once.

`render(context, out)` then renders only the parts with tags, applies docxtpl's own
post-processing (listing resolution, `fix_tables`, docPr renumbering), and writes a ZIP in
which the unchanged parts are copied as already-compressed bytes.

Whatever the fast path cannot reproduce exactly falls back to docxtpl itself: a template
that cannot be prepared (reason in `fallback_reason`), non-default Jinja delimiters, footnotes
with tags in a document that has other than one section, and any context holding an object
other than plain data (RichText, InlineImage, Subdoc, Listing...: they need docxtpl's
`tpl` object or its post-processing). The result is never a different document.
"""

from __future__ import annotations

import copy
import datetime as _dt
import decimal
import io
import re
import struct
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from lxml import etree

__all__ = [
    "CompiledTemplate",
    "ZipWriter",
    "is_plain_context",
    "render_with_docxtpl",
]

_DEFLATE_LEVEL = 6  # zlib's default, as zipfile (and so python-docx/docxtpl) uses
_JINJA_MARK = re.compile(r"\{\{|\{%|\{#")
_CORE_PROPS = ("author", "comments", "identifier", "language", "subject", "title")
_FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_PARA_LINE = re.compile(r"\n<w:p([ >])")
_LISTING_CHARS = re.compile(r"[\t\n\x07\x0c]")


def _needs_listing(xml: str) -> bool:
    """Whether docxtpl's resolve_listing could change `xml`: a tab, newline, bell or form feed
    between a `<w:t>` and the next `</w:t>` (a superset of the text it rewrites)."""
    for match in _LISTING_CHARS.finditer(xml):
        pos = match.start()
        opened = max(xml.rfind("<w:t>", 0, pos), xml.rfind("<w:t ", 0, pos))
        if opened >= 0 and xml.rfind("</w:t>", 0, pos) < opened:
            return True
    return False


# ---------------------------------------------------------------------------
# A small ZIP writer that can copy already-compressed entries.
# ---------------------------------------------------------------------------

# DOS date/time of 1980-01-01 00:00: fixed, so the same input gives the same bytes.
_DOS_TIME = 0
_DOS_DATE = (0 << 9) | (1 << 5) | 1


@dataclass(frozen=True)
class ZipEntry:
    """One member, compressed once: name, deflated bytes, CRC-32 and sizes, and its ZIP
    records (the local header with the data, and the central record but for its offset)."""

    name: str
    data: bytes
    crc: int
    size: int
    method: int = 8  # 8 = deflate, 0 = stored
    local: bytes = b""
    central: bytes = b""  # central record up to (not including) the offset field
    central_name: bytes = b""

    @classmethod
    def deflate(cls, name: str, raw: bytes) -> ZipEntry:
        comp = zlib.compressobj(_DEFLATE_LEVEL, zlib.DEFLATED, -15)
        data = comp.compress(raw) + comp.flush()
        return cls.of(name, data, zlib.crc32(raw) & 0xFFFFFFFF, len(raw))

    @classmethod
    def of(cls, name: str, data: bytes, crc: int, size: int, method: int = 8) -> ZipEntry:
        encoded = name.encode("utf-8")
        flags = 0 if name.isascii() else 0x800
        local = struct.pack(
            "<4s5H3L2H",
            b"PK\x03\x04",
            20,
            flags,
            method,
            _DOS_TIME,
            _DOS_DATE,
            crc,
            len(data),
            size,
            len(encoded),
            0,
        )
        central = struct.pack(
            "<4s6H3L5HL",
            b"PK\x01\x02",
            20,
            20,
            flags,
            method,
            _DOS_TIME,
            _DOS_DATE,
            crc,
            len(data),
            size,
            len(encoded),
            0,
            0,
            0,
            0,
            0o600 << 16,
        )
        return cls(name, data, crc, size, method, local + encoded + data, central, encoded)


class ZipWriter:
    """Writes a ZIP (no ZIP64: documents here are small) from pre-compressed entries."""

    def __init__(self, fh: IO[bytes]) -> None:
        self._fh = fh
        self._central: list[bytes] = []
        self._offset = 0

    def write(self, entry: ZipEntry) -> None:
        self._fh.write(entry.local)
        self._central.append(entry.central + struct.pack("<L", self._offset) + entry.central_name)
        self._offset += len(entry.local)

    def close(self) -> None:
        directory = b"".join(self._central)
        self._fh.write(directory)
        self._fh.write(
            struct.pack(
                "<4s4H2LH",
                b"PK\x05\x06",
                0,
                0,
                len(self._central),
                len(self._central),
                len(directory),
                self._offset,
                0,
            )
        )


# ---------------------------------------------------------------------------
# Which contexts the fast path renders exactly as docxtpl.
# ---------------------------------------------------------------------------

_PLAIN_SCALARS = (str, int, float, bool, type(None), _dt.date, _dt.time, decimal.Decimal)


def is_plain_context(value: Any, _depth: int = 0) -> bool:
    """True when `value` is plain data (str, numbers, dates, dicts, lists): nothing that needs
    docxtpl's template object or post-processing (RichText, InlineImage, Subdoc, Listing)."""
    if _depth > 50:
        return False
    if isinstance(value, _PLAIN_SCALARS):
        return True
    if isinstance(value, Mapping):
        return all(isinstance(k, str) and is_plain_context(v, _depth + 1) for k, v in value.items())
    if isinstance(value, list | tuple):
        return all(is_plain_context(v, _depth + 1) for v in value)
    return False


def render_with_docxtpl(
    template: Path | str,
    context: Mapping[str, Any],
    out: Path | IO[bytes],
    *,
    jinja_env: Any = None,
    autoescape: bool = False,
) -> None:
    """The reference: docxtpl's own render and save."""
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(str(template))
    tpl.render(dict(context), jinja_env, autoescape)
    tpl.save(out if not isinstance(out, Path) else str(out))


# ---------------------------------------------------------------------------
# The compiled template.
# ---------------------------------------------------------------------------


@dataclass
class _DynamicPart:
    """A part whose content depends on the context."""

    kind: str  # "body" | "xmlpart" (header/footer) | "rawpart" (footnotes) | "core"
    name: str  # zip member name
    template: Any = None  # compiled jinja template (body, header/footer, footnotes)
    core_templates: tuple[tuple[str, Any], ...] = ()  # core properties: (prop, template)
    core_element: Any = None


class CompiledTemplate:
    """A DOCX template prepared once for many renders.

    `fast` tells whether renders use the compiled path; when False every render is docxtpl's
    own and `fallback_reason` says why.
    """

    def __init__(
        self,
        path: Path,
        *,
        jinja_env: Any = None,
        autoescape: bool = False,
    ) -> None:
        self.path = Path(path)
        self.autoescape = autoescape
        self.fast = False
        self.fallback_reason: str | None = None
        self.fallback_renders = 0
        self._entries: list[ZipEntry | _DynamicPart] = []
        self._skeleton: Any = None  # w:document element with a placeholder for the body
        self._body: _DynamicPart | None = None
        self._static_body_part: ZipEntry | None = None
        self._body_only = True  # only the body changes between renders
        from jinja2 import Environment

        if autoescape:
            if jinja_env is None:
                jinja_env = Environment(autoescape=True)
            else:
                jinja_env.autoescape = True  # as docxtpl does
        self._user_env = jinja_env
        self._env = jinja_env if jinja_env is not None else Environment()
        try:
            self._prepare()
            self.fast = True
        except _Unsupported as exc:
            self.fallback_reason = str(exc)
        except Exception as exc:  # a template docxtpl may still render (or fail on) itself
            self.fallback_reason = f"{type(exc).__name__}: {exc}"

    @classmethod
    def prepare(
        cls, path: Path | str, *, jinja_env: Any = None, autoescape: bool = False
    ) -> CompiledTemplate:
        return cls(Path(path), jinja_env=jinja_env, autoescape=autoescape)

    # -- preparation -------------------------------------------------------------------

    def _prepare(self) -> None:
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.opc.oxml import serialize_part_xml
        from docx.opc.pkgwriter import _ContentTypesItem
        from docxtpl import DocxTemplate

        env = self._env
        if (
            env.block_start_string != "{%"
            or env.variable_start_string != "{{"
            or env.comment_start_string != "{#"
            or env.line_statement_prefix
            or env.line_comment_prefix
        ):
            raise _Unsupported("Jinja delimiters other than docxtpl's defaults")

        tpl = DocxTemplate(str(self.path))
        tpl.render_init()
        self._tpl = tpl  # docxtpl's pure helpers: patch_xml, resolve_listing, fix_tables
        doc = tpl.docx
        dynamic_by_partname: dict[str, _DynamicPart] = {}

        # Body: docxtpl renders it always, then fixes tables and docPr ids.
        body_src = self._prepare_source(tpl.patch_xml(tpl.get_xml()))
        root = doc._element
        skeleton = copy.deepcopy(root)
        placeholder = etree.SubElement(skeleton, "docgen-body")
        skeleton.replace(skeleton.find(f"{{{_W_NS}}}body"), placeholder)
        self._skeleton = skeleton
        main_name = doc.part.partname.membername
        if _JINJA_MARK.search(body_src):
            self._body = _DynamicPart("body", main_name, template=env.from_string(body_src))
            dynamic_by_partname[doc.part.partname] = self._body
        else:
            static_doc = self._document_xml(self._finish_xml(env.from_string(body_src).render({})))
            dynamic_by_partname[doc.part.partname] = _DynamicPart("static", main_name)
            self._static_body_part = ZipEntry.deflate(main_name, static_doc)

        # Headers and footers related from the main document.
        static_blobs: dict[str, bytes] = {}
        for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
            for _rel_key, part in tpl.get_headers_footers(uri):
                src = self._prepare_source(tpl.patch_xml(tpl.get_part_xml(part)))
                if _JINJA_MARK.search(src):
                    dynamic_by_partname[part.partname] = _DynamicPart(
                        "xmlpart", part.partname.membername, template=env.from_string(src)
                    )
                    self._body_only = False
                else:
                    xml = self._finish_xml(env.from_string(src).render({}))
                    static_blobs[part.partname] = self._xmlpart_blob(xml)

        # Footnotes: docxtpl renders them once per section, raw.
        sections = len(doc.sections)
        for part in doc.part.package.parts:
            if part.content_type != _FOOTNOTES_CT or sections == 0:
                continue
            blob = part.blob.decode("utf-8") if isinstance(part.blob, bytes) else part.blob
            src = self._prepare_source(tpl.patch_xml(blob))
            if _JINJA_MARK.search(src):
                if sections != 1:
                    raise _Unsupported("footnotes with tags in a document of several sections")
                dynamic_by_partname[part.partname] = _DynamicPart(
                    "rawpart", part.partname.membername, template=env.from_string(src)
                )
                self._body_only = False
            else:
                xml = self._finish_xml(env.from_string(src).render({}))
                for _again in range(sections - 1):  # docxtpl's loop runs once per section
                    again = self._prepare_source(tpl.patch_xml(xml))
                    if _JINJA_MARK.search(again):
                        raise _Unsupported("footnotes that turn into tags when rendered again")
                    xml = self._finish_xml(env.from_string(again).render({}))
                static_blobs[part.partname] = xml.encode("utf-8")

        # Core properties (python-docx creates the part if the template has none).
        core = doc.core_properties
        core_templates: list[tuple[str, Any]] = []
        for prop in _CORE_PROPS:
            initial = getattr(core, prop)
            if _JINJA_MARK.search(initial):
                core_templates.append((prop, env.from_string(initial)))
            else:
                setattr(core, prop, env.from_string(initial).render({}))
        core_part = doc.part.package.part_related_by(RT.CORE_PROPERTIES)
        if core_templates:
            dynamic_by_partname[core_part.partname] = _DynamicPart(
                "core",
                core_part.partname.membername,
                core_templates=tuple(core_templates),
                core_element=copy.deepcopy(core_part._element),
            )

        # Everything in python-docx's order: content types, package rels, parts and rels.
        package = doc.part.package
        parts = list(package.parts)
        for part in parts:
            part.before_marshal()
        self._entries.append(
            ZipEntry.deflate("[Content_Types].xml", _ContentTypesItem.from_parts(parts).blob)
        )
        self._entries.append(ZipEntry.deflate("_rels/.rels", package.rels.xml))
        for part in parts:
            dynamic = dynamic_by_partname.get(part.partname)
            if dynamic is not None and dynamic.kind == "static":
                assert self._static_body_part is not None
                self._entries.append(self._static_body_part)
            elif dynamic is not None:
                self._entries.append(dynamic)
            elif part.partname in static_blobs:
                self._entries.append(
                    ZipEntry.deflate(part.partname.membername, static_blobs[part.partname])
                )
            else:
                blob = part.blob
                if hasattr(part, "_element"):
                    blob = serialize_part_xml(part._element)
                self._entries.append(ZipEntry.deflate(part.partname.membername, blob))
            if len(part.rels):
                self._entries.append(
                    ZipEntry.deflate(part.partname.rels_uri.membername, part.rels.xml)
                )

    @staticmethod
    def _prepare_source(patched: str) -> str:
        # docxtpl's render_xml_part: one paragraph per line, so Jinja errors point somewhere.
        return re.sub(r"<w:p([ >])", r"\n<w:p\1", patched)

    def _finish_xml(self, rendered: str) -> str:
        """docxtpl's post-processing of a rendered part (render_xml_part)."""
        dst = _PARA_LINE.sub(r"<w:p\1", rendered)
        dst = (
            dst.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        )
        if not _needs_listing(dst):
            return dst  # resolve_listing would return it unchanged; it is the slow step
        return str(self._tpl.resolve_listing(dst))

    def _document_xml(self, body_xml: str) -> bytes:
        """The main document part from a rendered body, as docxtpl + python-docx write it."""
        from docx.opc.oxml import serialize_part_xml

        tree = self._tpl.fix_tables(body_xml)
        docpr_id = 1000
        for elt in tree.xpath("//wp:docPr", namespaces=_NSMAP):
            docpr_id += 1
            elt.attrib["id"] = str(docpr_id)
        root = copy.deepcopy(self._skeleton)
        root.replace(root.find("docgen-body"), tree)
        return bytes(serialize_part_xml(root))

    @staticmethod
    def _xmlpart_blob(xml: str) -> bytes:
        from docx.opc.oxml import serialize_part_xml
        from docx.oxml.parser import parse_xml

        return bytes(serialize_part_xml(parse_xml(xml.encode("utf-8"))))

    # -- rendering -----------------------------------------------------------------------

    @property
    def body_only(self) -> bool:
        """True when only the main document body differs between renders (merging is safe)."""
        return self.fast and self._body_only

    def render_body(self, context: Mapping[str, Any]) -> str:
        """The rendered body (after docxtpl's post-processing, before fix_tables)."""
        if self._body is None:
            raise _Unsupported("template body has no tags")
        return self._finish_xml(self._body.template.render(context))

    def document_xml(self, context: Mapping[str, Any]) -> bytes:
        """The main document part alone, for merging many renders into one document."""
        if self._static_body_part is not None:
            return zlib.decompress(self._static_body_part.data, -15)
        return self._document_xml(self.render_body(context))

    def render_bytes(self, context: Mapping[str, Any]) -> bytes:
        buf = io.BytesIO()
        self.render(context, buf)
        return buf.getvalue()

    def render(
        self,
        context: Mapping[str, Any],
        out: Path | str | IO[bytes],
        *,
        body_sink: list[str] | None = None,
    ) -> None:
        """Render one document to a path or a binary file object.

        `body_sink`, when given, receives the rendered body (fast path with a body that has
        tags), so a caller can merge the same renders later with `merge_bodies`."""
        if not self.fast or not is_plain_context(context):
            self.fallback_renders += 1
            target = Path(out) if isinstance(out, str | Path) else out
            render_with_docxtpl(
                self.path,
                context,
                target,
                jinja_env=self._user_env,
                autoescape=self.autoescape,
            )
            return
        members = [self._render_entry(e, context, body_sink) for e in self._entries]
        if isinstance(out, str | Path):
            with open(out, "wb") as fh:
                _write_zip(fh, members)
        else:
            _write_zip(out, members)

    def _render_entry(
        self,
        entry: ZipEntry | _DynamicPart,
        context: Mapping[str, Any],
        body_sink: list[str] | None = None,
    ) -> ZipEntry:
        if isinstance(entry, ZipEntry):
            return entry
        if entry.kind == "body":
            body = self.render_body(context)
            if body_sink is not None:
                body_sink.append(body)
            return ZipEntry.deflate(entry.name, self._document_xml(body))
        if entry.kind == "xmlpart":
            xml = self._finish_xml(entry.template.render(context))
            return ZipEntry.deflate(entry.name, self._xmlpart_blob(xml))
        if entry.kind == "rawpart":
            xml = self._finish_xml(entry.template.render(context))
            return ZipEntry.deflate(entry.name, xml.encode("utf-8"))
        if entry.kind == "core":
            from docx.opc.coreprops import CoreProperties
            from docx.opc.oxml import serialize_part_xml

            element = copy.deepcopy(entry.core_element)
            props = CoreProperties(element)
            for prop, template in entry.core_templates:
                setattr(props, prop, template.render(context))
            return ZipEntry.deflate(entry.name, bytes(serialize_part_xml(element)))
        raise AssertionError(entry.kind)

    # -- many documents in one -----------------------------------------------------------

    def render_merged(
        self,
        contexts: Iterable[Mapping[str, Any]],
        out: Path | str | IO[bytes],
        *,
        on_each: Callable[[], None] | None = None,
    ) -> int:
        """One DOCX holding every context's document in turn, each starting a new page with the
        template's own section settings. Only for `body_only` templates and plain contexts.
        Returns how many documents it holds."""
        if not self.body_only:
            raise _Unsupported(self.fallback_reason or "headers, footers or notes have tags")

        def bodies() -> Iterator[str]:
            for context in contexts:
                if not is_plain_context(context):
                    raise _Unsupported("context holds objects other than plain data")
                if self._static_body_part is not None:
                    yield _body_of(zlib.decompress(self._static_body_part.data, -15))
                else:
                    yield self.render_body(context)

        return self.merge_bodies(bodies(), out, on_each=on_each)

    def merge_bodies(
        self,
        bodies: Iterable[str],
        out: Path | str | IO[bytes],
        *,
        on_each: Callable[[], None] | None = None,
    ) -> int:
        """`render_merged` from bodies already rendered (`render(..., body_sink=...)`)."""
        if not self.body_only:
            raise _Unsupported(self.fallback_reason or "headers, footers or notes have tags")
        from docx.opc.oxml import serialize_part_xml

        w = f"{{{_W_NS}}}"
        merged_body: Any = None
        final_sectpr: Any = None
        count = 0
        docpr_id = 1000
        for body_xml in bodies:
            tree = self._tpl.fix_tables(body_xml)
            for elt in tree.xpath("//wp:docPr", namespaces=_NSMAP):
                docpr_id += 1
                elt.attrib["id"] = str(docpr_id)
            sectpr = tree.find(f"{w}sectPr")
            if sectpr is not None:
                tree.remove(sectpr)
            if merged_body is None:
                merged_body = tree
                final_sectpr = sectpr
            else:
                # End the previous document's section on its last paragraph (a new page follows).
                _close_section(merged_body, final_sectpr)
                for child in list(tree):
                    merged_body.append(child)
            count += 1
            if on_each is not None:
                on_each()
        if merged_body is None:
            raise ValueError("no documents to merge")
        if final_sectpr is not None:
            merged_body.append(final_sectpr)
        root = copy.deepcopy(self._skeleton)
        root.replace(root.find("docgen-body"), merged_body)
        document = bytes(serialize_part_xml(root))
        members: list[ZipEntry] = []
        for entry in self._entries:
            if (isinstance(entry, _DynamicPart) and entry.kind == "body") or (
                self._static_body_part is not None and entry is self._static_body_part
            ):
                members.append(ZipEntry.deflate(entry.name, document))
            elif isinstance(entry, ZipEntry):
                members.append(entry)
            else:
                members.append(self._render_entry(entry, {}))
        if isinstance(out, str | Path):
            with open(out, "wb") as fh:
                _write_zip(fh, members)
        else:
            _write_zip(out, members)
        return count


class _Unsupported(Exception):
    """Something the compiled path does not reproduce; docxtpl does it instead."""


_NSMAP = {
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "w": _W_NS,
}


def _write_zip(fh: IO[bytes], members: Iterable[ZipEntry]) -> None:
    buf = io.BytesIO()  # one write to the file: small documents, many files
    writer = ZipWriter(buf)
    for member in members:
        writer.write(member)
    writer.close()
    fh.write(buf.getvalue())


def _body_of(document_xml: bytes) -> str:
    root = etree.fromstring(document_xml)
    body = root.find(f"{{{_W_NS}}}body")
    return etree.tostring(body, encoding="unicode")


def _close_section(body: Any, sectpr: Any) -> None:
    """Put a copy of the section settings on the body's last paragraph (a section break to a
    new page), adding an empty paragraph if the body ends with a table."""
    w = f"{{{_W_NS}}}"
    if sectpr is None:
        para = etree.SubElement(body, f"{w}p")
        run = etree.SubElement(para, f"{w}r")
        etree.SubElement(run, f"{w}br", {f"{w}type": "page"})
        return
    last = body[-1] if len(body) else None
    if last is None or last.tag != f"{w}p":
        last = etree.SubElement(body, f"{w}p")
    ppr = last.find(f"{w}pPr")
    if ppr is None:
        ppr = etree.Element(f"{w}pPr")
        last.insert(0, ppr)
    old = ppr.find(f"{w}sectPr")
    if old is not None:
        ppr.remove(old)
    new = copy.deepcopy(sectpr)
    change = ppr.find(f"{w}pPrChange")
    if change is not None:
        change.addprevious(new)
    else:
        ppr.append(new)
