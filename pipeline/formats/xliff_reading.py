"""Reading XLIFF 2.x and 1.2 as strictly as the specifications are written, whoever wrote
the file: our own, a CAT tool's, or a validator's test file.

A file that breaks a rule the specification states (namespace, version, required
attributes, where an element may appear, `<source>` before `<target>`, unique ids) is an
IngestError naming the line and the rule; a valid file becomes one `Edit` per segment.
Segments of other tools keep their own ids (unique within their unit, as XLIFF 2 allows);
matching them to the run's segments is for `formats.edits.match`.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from pipeline.errors import IngestError
from pipeline.formats import xliff, xliff12, xliff_rules
from pipeline.formats.xml import code_point, file_stem, language_of, local_name, parse_safely, text_of
from pipeline.records import BilingualFile, Edit

V2 = xliff.NS
V22 = "urn:oasis:names:tc:xliff:document:2.2"  # XLIFF 2.2 has a namespace of its own
V1 = xliff12.NS
VERSIONS = {V2: ("2.0", "2.1"), V22: ("2.2",), V1: ("1.2",)}
STATES_2 = ("initial", "translated", "reviewed", "final")
STATES_1 = (
    "new",
    "needs-translation",
    "needs-l10n",
    "needs-adaptation",
    "translated",
    "needs-review-translation",
    "needs-review-l10n",
    "needs-review-adaptation",
    "signed-off",
    "final",
)
UNIT_ORDER = {"notes": 2, "originalData": 3, "segment": 4, "ignorable": 4}  # a unit's children (others' rank 1)
# XLIFF 1.2 states as XLIFF 2's four
_STATE_1_AS_2 = {"new": "initial", "needs-translation": "initial", "signed-off": "reviewed", "final": "final"}
# what marks a target as machine output: XLIFF 1.2 state-qualifiers, and OmegaT's `x-auto` TMX
# property (an exact match it inserted by itself from its tm/auto folder)
MACHINE = frozenset({"leveraged-mt", "mt-suggestion", "x-auto"})


def read_xliff_file(path: Path) -> BilingualFile:
    """The segments of an XLIFF 2.x or 1.2 file, checked against the rules of its version."""
    root = parse_safely(path)
    reader = _Reader(Path(path))
    namespace = etree.QName(root).namespace if isinstance(root.tag, str) else None
    if local_name(root) != "xliff":
        reader.fail(root, f"the root element is <{local_name(root)}>, not <xliff>: this is not an XLIFF file")
    if namespace not in VERSIONS:
        reader.fail(
            root,
            f"the <xliff> element is in the namespace {namespace or '(none)'!r}; XLIFF requires "
            f"'{V2}' (XLIFF 2.0, 2.1), '{V22}' (2.2) or '{V1}' (1.2)",
        )
    version = root.get("version")
    if version is None:
        reader.fail(root, "the <xliff> element has no version attribute")
    if version not in VERSIONS[namespace]:
        reader.fail(
            root,
            f"version {version!r} is not {' or '.join(VERSIONS[namespace])}, the versions of the namespace "
            f"'{namespace}' (rule: version must match the namespace)",
        )
    return reader.read_1(root) if namespace == V1 else reader.read_2(root, namespace)


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.edits: list[Edit] = []
        self.ns = V2  # the core namespace of an XLIFF 2.x file

    def fail(self, element: etree._Element, rule: str) -> None:
        """Refuse the file: it breaks `rule` (or, for a valid file, says why it is not read)."""
        reason = rule if rule.startswith(xliff_rules.NOT_READ) else f"invalid XLIFF: {rule}"
        raise IngestError(str(self.path), reason, element.sourceline)

    def core(self, element: etree._Element, namespace: str) -> list[etree._Element]:
        """The element's children in the core namespace; a child in no namespace is refused."""
        children = []
        for child in element:
            if not isinstance(child.tag, str):
                continue
            child_ns = etree.QName(child).namespace
            if child_ns is None:
                self.fail(child, f"<{local_name(child)}> is in no namespace; XLIFF elements are in '{namespace}'")
            if child_ns == namespace:
                children.append(child)
        return children

    def one_run(self, file: etree._Element, run: str | None, named: str | None) -> str | None:
        """The run identity a file's <file> elements name: one, or none."""
        if run and named and named != run:
            self.fail(file, f"its <file> elements name two runs ({run}, {named}): apply each run's file to its folder")
        return run or named

    def require(self, element: etree._Element, *names: str) -> None:
        for name in names:
            if not element.get(name):
                self.fail(element, f"<{local_name(element)}> must have the attribute {name}")

    def only(self, element: etree._Element, children: list[etree._Element], allowed: tuple[str, ...]) -> None:
        for child in children:
            if local_name(child) not in allowed:
                self.fail(
                    child,
                    f"<{local_name(child)}> cannot be inside <{local_name(element)}> "
                    f"(allowed there: {', '.join('<' + a + '>' for a in allowed)})",
                )

    def languages(self, element: etree._Element, source: str | None, target: str | None) -> None:
        """The file translates English into Spanish, as the run does."""
        for given, wanted in ((source, "en"), (target, "es")):
            if given and language_of(given) != wanted:
                self.fail(
                    element,
                    f"{xliff_rules.NOT_READ} the file translates {source!r} into {target!r}; this run translates "
                    "English (en) into "
                    "Spanish (es): is it another project's file?",
                )

    # XLIFF 2.x ---------------------------------------------------------------------------

    def read_2(self, root: etree._Element, namespace: str) -> BilingualFile:
        self.ns = namespace
        self.require(root, "srcLang")
        xliff_rules.check_tree(root, self.ns, self.fail)
        children = self.core(root, self.ns)
        self.only(root, children, ("notes", "file") if self.ns == V22 else ("file",))  # 2.2: notes on the document
        xliff_rules.check_order(root, self.ns, {"notes": 0, "file": 1}, ("notes",), self.fail)
        files = [c for c in children if local_name(c) == "file"]
        if not files:
            self.fail(root, "<xliff> must hold at least one <file>")
        ours, run, ids = False, None, set()
        for file in files:
            self.require(file, "id")
            if file.get("id") in ids:
                self.fail(file, f"file id '{file.get('id')}' appears twice (rule: file ids are unique)")
            ids.add(file.get("id"))
            run = self.one_run(file, run, file.get(xliff.RUN))
            ours = ours or file.get(xliff.RUN) is not None or xliff.EFE_NS in file.nsmap.values()
            document = file.get("id") if file.get(xliff.RUN) else file_stem(file.get("original") or self.path.name)
            children = self.core(file, self.ns)
            self.only(file, children, ("skeleton", "notes", "unit", "group"))
            if not any(local_name(c) in ("unit", "group") for c in children):
                self.fail(file, "<file> must hold at least one <unit> or <group>")
            self._held(file, {"skeleton": 0, "notes": 2, "unit": 3, "group": 3}, ("skeleton", "notes"))
            skeleton = next((c for c in children if local_name(c) == "skeleton"), None)
            if skeleton is not None and (skeleton.get("href") is None) == (len(skeleton) == 0 and not skeleton.text):
                self.fail(skeleton, "<skeleton> has an href or content, one of the two")
            self._container_2(root, file, children, document, set())
        self.languages(root, root.get("srcLang"), root.get("trgLang"))  # last: a valid file of other languages
        return BilingualFile(self.edits, ours, run)

    def _held(self, container: etree._Element, ranks: dict[str, int], once: tuple[str, ...]) -> set[str]:
        """A file's, group's or unit's children in order, its notes' and extensions' ids unique;
        the ids of its notes."""
        xliff_rules.check_order(container, self.ns, ranks, once, self.fail)
        xliff_rules.check_extension_ids(container, self.ns, self.fail)
        notes = container.iterchildren(f"{{{self.ns}}}notes")
        return set().union(*(xliff_rules.check_notes(holder, self.fail) for holder in notes))

    def _container_2(
        self, root: etree._Element, holder: etree._Element, children: list, document: str, ids: set[str]
    ) -> None:
        """The units and groups of a <file> or <group>: ids unique among them in the file."""
        for child in children:
            name = local_name(child)
            if name not in ("unit", "group"):
                continue
            self.require(child, "id")
            if child.get("id") in ids:
                self.fail(child, f"{name} id '{child.get('id')}' appears twice in its <file> (rule: unique ids)")
            ids.add(child.get("id"))
            inner = self.core(child, self.ns)
            if name == "group":
                self.only(child, inner, ("notes", "unit", "group"))
                self._held(child, {"notes": 2, "unit": 3, "group": 3}, ("notes",))
                self._container_2(root, child, inner, document, ids)
            else:
                self._unit_2(root, child, inner, document)

    def _unit_2(self, root: etree._Element, unit: etree._Element, children: list, document: str) -> None:
        self.only(unit, children, ("notes", "originalData", "segment", "ignorable"))
        notes = self._held(
            unit, {"notes": 2, "originalData": 3, "segment": 4, "ignorable": 4}, ("notes", "originalData")
        )
        parts = [c for c in children if local_name(c) in ("segment", "ignorable")]
        if not any(local_name(c) == "segment" for c in parts):
            self.fail(unit, "<unit> must hold at least one <segment>")
        seen: set[str] = set()
        for part in parts:
            part_id = part.get("id")
            if part_id is not None:
                if part_id in seen:
                    self.fail(
                        part, f"segment id '{part_id}' appears twice in unit '{unit.get('id')}' (rule: unique ids)"
                    )
                seen.add(part_id)
            texts = self.core(part, self.ns)
            self.only(part, texts, ("source", "target"))
            if not texts or local_name(texts[0]) != "source":
                self.fail(part, f"<{local_name(part)}> must start with <source> (rule: <source> before <target>)")
            if len(texts) > 2 or (len(texts) == 2 and local_name(texts[1]) != "target"):
                self.fail(texts[-1], f"<{local_name(part)}> holds one <source> and at most one <target>, in that order")
            state = part.get("state")
            if local_name(part) == "segment" and state is not None and state not in STATES_2:
                self.fail(part, f"state {state!r} is not one of {', '.join(STATES_2)}")
            if len(texts) == 2 and not root.get("trgLang"):
                self.fail(root, "<xliff> must have the attribute trgLang when a <target> is present")
            if part.get("subState") is not None and state is None:
                self.fail(part, "subState is set but state is not (rule: subState needs an explicit state)")
            for text, language in zip(texts, (root.get("srcLang"), root.get("trgLang"))):
                lang = xliff_rules.inherited(text, "lang")
                if lang is not None and language and lang.lower() != language.lower():
                    self.fail(text, f"<{local_name(text)}> is in xml:lang {lang!r}, not the file's {language!r}")
            spaces = {xliff_rules.inherited(text, "space") or "default" for text in texts}
            if len(texts) == 2 and len(spaces) > 1:
                self.fail(texts[1], "<source> and <target> of a segment have different xml:space")
        xliff_rules.check_inline(unit, parts, self.ns, notes, seen, self.fail)
        written = _meta_values(unit, "efe:written")
        comments, rejections = self._notes_2(unit)
        segments = [part for part in parts if local_name(part) == "segment"]
        for index, part in enumerate(segments):
            texts = self.core(part, self.ns)
            target = texts[1] if len(texts) == 2 else None
            seg_id = part.get("id") or ""
            owners = (seg_id, None) if index == 0 else (seg_id,)  # a note naming no segment is the first's
            self.edits.append(
                Edit(
                    id=seg_id,
                    source=self.text_2(texts[0], seg_id),
                    target=self.text_2(target, seg_id),
                    state="initial" if target is None else part.get("state"),  # none given: the file says nothing
                    sub_state=part.get("subState"),
                    line=part.sourceline,
                    comments=tuple(text for owner, text in comments if owner in owners),
                    rejected=next((text for owner, text in rejections if owner in owners), None),
                    written=written.get(seg_id),
                    document=document,
                )
            )

    def _notes_2(self, unit: etree._Element) -> tuple[list[tuple[str | None, str]], list[tuple[str | None, str]]]:
        """A unit's comments and rejections, by the segment they name ("<segment id>: …" as
        we write them; None: the unit's first segment, as a review page's export writes)."""
        ids = {c.get("id") for c in unit if local_name(c) == "segment"}
        comments: list[tuple[str | None, str]] = []
        rejections: list[tuple[str | None, str]] = []
        for holder in (c for c in unit if local_name(c) == "notes"):
            for note in holder:
                category = note.get("category")
                if local_name(note) != "note" or category not in ("comment", "rejected"):
                    continue
                text = text_of(note, lambda e: None)
                owner, colon, rest = text.partition(": ")
                key, said = (owner, rest) if colon and owner in ids else (None, text)
                (comments if category == "comment" else rejections).append((key, said))
        return comments, rejections

    def text_2(self, element: etree._Element | None, seg_id: str) -> str:
        def inline(child: etree._Element) -> str | None:
            name = local_name(child)
            if name == "cp":
                return code_point(child.get("hex"), self.path, f"segment '{seg_id}': <cp hex>")
            if name in ("ph", "sc", "ec", "sm", "em"):
                return ""  # a code or a marker: no text of the sentence
            return None  # <pc>, <mrk>: their text is the sentence's

        return text_of(element, inline)

    # XLIFF 1.2 ---------------------------------------------------------------------------

    def read_1(self, root: etree._Element) -> BilingualFile:
        files = self.core(root, V1)
        self.only(root, files, ("file",))
        if not files:
            self.fail(root, "<xliff> must hold at least one <file>")
        ours, run = False, None
        for file in files:
            self.require(file, "original", "source-language", "datatype")
            mine = file.get("tool-id") == xliff12.TOOL
            ours = ours or mine
            run = self.one_run(file, run, file.get("build-num") if mine else None)
            self.languages(file, file.get("source-language"), file.get("target-language"))
            children = self.core(file, V1)
            self.only(file, children, ("header", "body"))
            bodies = [c for c in children if local_name(c) == "body"]
            if len(bodies) != 1 or local_name(children[-1]) != "body":
                self.fail(file, "<file> must hold one <body>, after its optional <header>")
            self._container_1(bodies[0], file_stem(file.get("original")), set())
        return BilingualFile(self.edits, ours, run)

    def _container_1(self, holder: etree._Element, document: str, ids: set[str]) -> None:
        for child in self.core(holder, V1):
            name = local_name(child)
            if name == "group":
                self._container_1(child, document, ids)
            elif name == "trans-unit":
                self.require(child, "id")
                if child.get("id") in ids:
                    self.fail(
                        child, f"trans-unit id '{child.get('id')}' appears twice in its <file> (rule: unique ids)"
                    )
                ids.add(child.get("id"))
                self._unit_1(child, document)
            elif name not in ("bin-unit", "context-group", "count-group", "note", "prop-group"):
                self.fail(child, f"<{name}> cannot be inside <{local_name(holder)}>")

    def _unit_1(self, unit: etree._Element, document: str) -> None:
        children = self.core(unit, V1)
        if not children or local_name(children[0]) != "source":
            self.fail(unit, "<trans-unit> must start with <source> (rule: <source> before <target>)")
        names = [local_name(c) for c in children]
        if names.count("source") > 1 or names.count("target") > 1:
            self.fail(unit, "<trans-unit> holds one <source> and at most one <target>")
        if "target" in names and names.index("target") < names.index("source"):
            self.fail(children[names.index("target")], "<target> before <source> (rule: <source> comes first)")
        source = children[0]
        target = children[names.index("target")] if "target" in names else None
        seg_source = children[names.index("seg-source")] if "seg-source" in names else None
        state = target.get("state") if target is not None else None
        if state is not None and state not in STATES_1 and not state.startswith("x-"):
            self.fail(target, f"state {state!r} is not an XLIFF 1.2 state")
        as_2 = "initial" if target is None else _STATE_1_AS_2.get(state or "", "translated")
        if unit.get("approved") == "yes" and target is not None:
            as_2 = "final"
        extradata = unit.get("extradata") or ""
        written = extradata[len(xliff12.WRITTEN) :] if extradata.startswith(xliff12.WRITTEN) else None
        notes = [(n.get("from"), text_of(n, lambda e: None)) for n in children if local_name(n) == "note"]
        common = {
            "state": as_2,
            "sub_state": target.get("state-qualifier") if target is not None else None,
            "line": unit.sourceline,
            "comments": tuple(t for who, t in notes if who == "comment"),
            "rejected": next((t for who, t in notes if who == "rejected"), None),
            "written": written,
            "document": document,
        }
        pieces = _segments_1(seg_source) if seg_source is not None else {}
        if pieces:  # segmented (a Trados-style <seg-source>): one edit per <mrk mtype="seg">
            targets = _segments_1(target) if target is not None else {}
            for mid, element in pieces.items():
                self.edits.append(
                    Edit(
                        id="",
                        source=self.text_1(element, unit),
                        target=self.text_1(targets.get(mid), unit),
                        **{**common, "state": common["state"] if mid in targets else "initial"},
                    )
                )
            return
        self.edits.append(
            Edit(id=unit.get("id"), source=self.text_1(source, unit), target=self.text_1(target, unit), **common)
        )

    def text_1(self, element: etree._Element | None, unit: etree._Element) -> str:
        def inline(child: etree._Element) -> str | None:
            name = local_name(child)
            if name == "ph" and child.get("ctype") == xliff12.CODE_POINT:
                return code_point(child.text, self.path, f"trans-unit '{unit.get('id')}': <ph ctype>")
            if name in ("ph", "bpt", "ept", "it", "x", "bx", "ex", "sub"):
                return ""  # native code, not the sentence's text
            return None  # <g>, <mrk>: their text is the sentence's

        return text_of(element, inline)


def _segments_1(element: etree._Element) -> dict[str, etree._Element]:
    """The `<mrk mtype="seg" mid>` segments inside a 1.2 <seg-source> or <target>, by mid."""
    return {
        m.get("mid", ""): m
        for m in element.iter()
        if isinstance(m.tag, str) and local_name(m) == "mrk" and m.get("mtype") == "seg"
    }


def _meta_values(unit: etree._Element, category: str) -> dict[str, str]:
    """type → value of a unit's Metadata module group `category` (our written marks)."""
    found: dict[str, str] = {}
    for holder in (c for c in unit if c.tag == xliff.MDA + "metadata"):
        for group in holder.iterchildren(xliff.MDA + "metaGroup"):
            if group.get("category") == category:
                for meta in group.iterchildren(xliff.MDA + "meta"):
                    if meta.get("type") and meta.text:
                        found[meta.get("type")] = meta.text.strip()
    return found
