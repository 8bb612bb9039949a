"""The rules XLIFF 2 states beyond where the core elements go (xliff_reading checks that):
which attributes each element takes and their values, where other namespaces' attributes
and elements may appear, unique ids, and what inline codes and markers refer to in a unit.

Each check calls `fail(element, rule)`, which raises. The Translation Candidates and
Metadata modules (the two our files use) are checked too; others are refused by name,
"not read: unsupported module …", as a file of other languages is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from lxml import etree

Fail = Callable[[etree._Element, str], None]
NOT_READ = "not read:"  # starts the reason a valid file is not read (an unsupported module, other languages)

XML = "http://www.w3.org/XML/1998/namespace"
MODULES = {
    "urn:oasis:names:tc:xliff:matches:2.0": "mtc",
    "urn:oasis:names:tc:xliff:metadata:2.0": "mda",
    "urn:oasis:names:tc:xliff:fs:2.0": "fs",
    "urn:oasis:names:tc:xliff:sizerestriction:2.0": "slr",
    "urn:oasis:names:tc:xliff:validation:2.0": "val",
    "urn:oasis:names:tc:xliff:glossary:2.0": "gls",
    "urn:oasis:names:tc:xliff:resourcedata:2.0": "res",
    "urn:oasis:names:tc:xliff:changetracking:2.0": "ctr",
    "http://www.w3.org/2005/11/its": "its",
    "urn:oasis:names:tc:xliff:itsm:2.1": "itsm",
}
READ = frozenset({"mtc", "mda"})  # modules this reader takes (it reads our written marks from mda)
_CODES = (
    "canCopy",
    "canDelete",
    "canReorder",
    "copyOf",
    "disp",
    "equiv",
    "id",
    "dataRef",
    "subFlows",
    "subType",
    "type",
)
ATTRIBUTES = {  # core attributes of each core element (XLIFF 2.0 core schema)
    "xliff": {"version", "srcLang", "trgLang"},
    "file": {"id", "canResegment", "original", "translate", "srcDir", "trgDir"},
    "skeleton": {"href"},
    "group": {"id", "name", "canResegment", "translate", "srcDir", "trgDir", "type"},
    "unit": {"id", "name", "canResegment", "translate", "srcDir", "trgDir", "type"},
    "segment": {"id", "canResegment", "state", "subState"},
    "ignorable": {"id"},
    "notes": set(),
    "note": {"id", "appliesTo", "category", "priority", "ref"},  # ref: XLIFF 2.2
    "originalData": set(),
    "data": {"id", "dir"},
    "source": set(),
    "target": {"order"},
    "cp": {"hex"},
    "ph": set(_CODES),
    "pc": {*_CODES, "canOverlap", "dispEnd", "dispStart", "equivEnd", "equivStart", "dataRefEnd", "dataRefStart"}
    | {"subFlowsEnd", "subFlowsStart", "dir"} - {"disp", "equiv", "dataRef", "subFlows"},
    "sc": {*_CODES, "canOverlap", "dir", "isolated"},
    "ec": {*_CODES, "canOverlap", "dir", "isolated", "startRef"},
    "mrk": {"id", "translate", "type", "ref", "value"},
    "sm": {"id", "translate", "type", "ref", "value"},
    "em": {"startRef"},
}
EXTENDED = {"xliff", "file", "group", "unit", "note", "mrk", "sm"}  # take other namespaces' attributes
HOLD_EXTENSIONS = {"file", "skeleton", "group", "unit"}  # take other namespaces' elements
VALUES = {
    "canResegment": ("yes", "no"),
    "translate": ("yes", "no"),
    "isolated": ("yes", "no"),
    "canCopy": ("yes", "no"),
    "canDelete": ("yes", "no"),
    "canOverlap": ("yes", "no"),
    "canReorder": ("yes", "firstNo", "no"),
    "dir": ("ltr", "rtl", "auto"),
    "srcDir": ("ltr", "rtl", "auto"),
    "trgDir": ("ltr", "rtl", "auto"),
    "appliesTo": ("source", "target"),
    "priority": tuple(str(n) for n in range(1, 11)),
}
CODE_TYPES = ("fmt", "ui", "quote", "link", "image", "other")
XLF_SUBTYPES = {"xlf:lb": "fmt", "xlf:pb": "fmt", "xlf:b": "fmt", "xlf:i": "fmt", "xlf:u": "fmt", "xlf:var": "ui"}
IDS = ("id", "startRef", "copyOf", "dataRef", "dataRefStart", "dataRefEnd")
_NMTOKEN = re.compile(r"^[\w.\-:\u00b7\u0300-\u036f\u203f\u2040]+$")
_USER_VALUE = re.compile(r"^[^\s:]+:[^\s]+$")  # prefix:value
_LANGUAGE = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")  # a BCP 47 tag's shape
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
FRAGMENT_LEVEL = {"f": 0, "g": 1, "u": 2}  # then n, d, t and module prefixes; a leaf id last


def check_tree(root: etree._Element, core: str, fail: Fail) -> None:
    """Attributes and other namespaces across the whole document."""
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        namespace = etree.QName(element).namespace
        if namespace in MODULES:
            _module(element, namespace, fail)
        elif namespace == core:
            if etree.QName(element).localname not in ATTRIBUTES:
                fail(element, f"<{etree.QName(element).localname}> is no element of XLIFF's core namespace")
            _attributes(element, etree.QName(element).localname, fail)
        else:
            parent = element.getparent()
            if parent is not None and etree.QName(parent).namespace == core:
                if etree.QName(parent).localname not in HOLD_EXTENSIONS:
                    fail(element, f"an element of another namespace cannot be inside <{etree.QName(parent).localname}>")


def _module(element: etree._Element, namespace: str, fail: Fail) -> None:
    name = MODULES[namespace]
    if name == "mda":
        _metadata(element, etree.QName(element).localname, fail)
    elif name == "mtc":
        _matches(element, etree.QName(element).localname, fail)
    if name not in READ:
        fail(
            element,
            f"{NOT_READ} unsupported module {name} ({namespace}); this reader takes core, mtc and mda",
        )


MDA_ATTRIBUTES = {"metadata": {"id"}, "metaGroup": {"id", "category", "appliesTo"}, "meta": {"type"}}
MTC_ATTRIBUTES = {
    "matches": set(),
    "match": {"id", "ref", "type", "subType", "similarity", "matchQuality", "matchSuitability", "origin", "reference"},
}
MATCH_TYPES = ("am", "mt", "icm", "idm", "tb", "tm", "other")


def _module_attributes(element: etree._Element, name: str, allowed: dict[str, set[str]], fail: Fail) -> None:
    if name not in allowed:
        return
    for key in element.attrib:
        if etree.QName(key).namespace is None and key not in allowed[name]:
            fail(element, f"<{name}> has no attribute {key}")
    if element.get("id") is not None and not _NMTOKEN.match(element.get("id")):
        fail(element, f"id={element.get('id')!r} is not an NMTOKEN")


def _metadata(element: etree._Element, name: str, fail: Fail) -> None:
    """The Metadata module: metadata holds metaGroups; a metaGroup holds metas or metaGroups, with
    unique ids; a meta has a type."""
    _module_attributes(element, name, MDA_ATTRIBUTES, fail)
    children = [c for c in element if isinstance(c.tag, str)]
    if name == "metadata":
        if not children or any(etree.QName(c).localname != "metaGroup" for c in children):
            fail(element, "<mda:metadata> holds one or more <mda:metaGroup> and nothing else")
        ids = [g.get("id") for g in element.iter(f"{{{etree.QName(element).namespace}}}metaGroup") if g.get("id")]
        if len(ids) != len(set(ids)):
            fail(element, "two <mda:metaGroup> of one <mda:metadata> have one id")
    elif name == "metaGroup":
        if not children:
            fail(element, "<mda:metaGroup> holds one or more <mda:meta> or <mda:metaGroup>")
        if element.get("appliesTo") not in (None, "source", "target", "ignorable"):
            fail(element, f"appliesTo={element.get('appliesTo')!r} is source, target or ignorable")
    elif name == "meta" and not element.get("type"):
        fail(element, "<mda:meta> has a type")


def _matches(element: etree._Element, name: str, fail: Fail) -> None:
    """The Translation Candidates module: matches hold matches with unique ids, each pointing
    (ref) at a segment or marker of its own unit."""
    _module_attributes(element, name, MTC_ATTRIBUTES, fail)
    if name == "matches":
        ids = [m.get("id") for m in element if isinstance(m.tag, str) and m.get("id")]
        if not ids and not any(isinstance(m.tag, str) for m in element):
            fail(element, "<mtc:matches> holds one or more <mtc:match>")
        if len(ids) != len(set(ids)):
            fail(element, "two <mtc:match> of one <mtc:matches> have one id")
    elif name == "match":
        kind, sub = element.get("type"), element.get("subType")
        if kind is not None and kind not in MATCH_TYPES:
            fail(element, f"type={kind!r} is not one of {', '.join(MATCH_TYPES)}")
        if sub is not None and (kind is None or not _USER_VALUE.match(sub)):
            fail(element, "a match's subType is prefix:value, with a type")
        ref = element.get("ref") or ""
        problem = fragment_problem(ref) if ref.startswith("#") else "it is not a fragment identifier ('#…')"
        if problem:
            fail(element, f"ref {ref!r}: {problem}")
        unit = element.getparent().getparent() if element.getparent() is not None else None
        target = ref.lstrip("#").rsplit("/", 1)[-1].split("=")[-1]
        if unit is not None and not any(e.get("id") == target for e in unit.iter() if _in_content(e, unit)):
            fail(element, f"ref {ref!r} names no segment or marker of the match's unit")


def _in_content(element: etree._Element, unit: etree._Element) -> bool:
    """Whether an element is a segment, or inside one's source or target (not a module's)."""
    if not isinstance(element.tag, str):
        return False
    if etree.QName(element).localname in ("segment", "ignorable"):
        return True
    parent = element.getparent()
    while parent is not None and parent is not unit:
        if etree.QName(parent).localname in ("source", "target") and etree.QName(parent).namespace not in MODULES:
            grand = parent.getparent()
            return grand is not None and etree.QName(grand).localname in ("segment", "ignorable")
        parent = parent.getparent()
    return False


def _attributes(element: etree._Element, name: str, fail: Fail) -> None:
    for key, value in element.attrib.items():
        qname = etree.QName(key)
        if qname.namespace is None:
            if qname.localname not in ATTRIBUTES.get(name, set()):
                fail(element, f"<{name}> has no attribute {qname.localname}")
            _value(element, name, qname.localname, value, fail)
        elif qname.namespace == XML:  # xml:lang and xml:space go anywhere; what they come to is checked
            if qname.localname == "lang" and value and not _LANGUAGE.match(value):
                fail(element, f"xml:lang={value!r} is not a language tag (BCP 47)")
            if qname.localname == "space" and value not in ("default", "preserve"):
                fail(element, f"xml:space is 'default' or 'preserve', not {value!r}")
        elif qname.namespace in MODULES:
            _module(element, qname.namespace, fail)
        elif name not in EXTENDED:
            fail(element, f"<{name}> cannot have attributes of another namespace ({key})")


def _value(element: etree._Element, name: str, key: str, value: str, fail: Fail) -> None:
    if key in VALUES and value not in VALUES[key]:
        fail(element, f"{key}={value!r} is not one of {', '.join(VALUES[key])}")
    if key in IDS and not _NMTOKEN.match(value):
        fail(element, f"{key}={value!r} is not an NMTOKEN (letters, digits, '.', '-', '_', ':')")
    if key == "type" and name in ("ph", "pc", "sc", "ec") and value not in CODE_TYPES:
        fail(element, f"type={value!r} is not one of {', '.join(CODE_TYPES)}")
    if key == "type" and name in ("group", "unit") and (not _USER_VALUE.match(value) or value.startswith("xlf:")):
        fail(element, f"type={value!r} must be prefix:value with a prefix other than xlf")
    if key == "type" and name in ("mrk", "sm") and value not in ("generic", "comment", "term"):
        if not _USER_VALUE.match(value) or value.startswith("xlf:"):
            fail(element, f"type={value!r} is generic, comment, term or prefix:value")
    if key == "subType":
        if element.get("type") is None:
            fail(element, "subType needs a type")
        if not _USER_VALUE.match(value) or (value.startswith("xlf:") and value not in XLF_SUBTYPES):
            fail(element, f"subType={value!r} is not prefix:value (xlf: {', '.join(XLF_SUBTYPES)})")
        if value in XLF_SUBTYPES and element.get("type") != XLF_SUBTYPES[value]:
            fail(element, f"subType={value!r} goes with type={XLF_SUBTYPES[value]!r}")
    if key in ("srcLang", "trgLang") and not _LANGUAGE.match(value):
        fail(element, f"{key}={value!r} is not a language tag (BCP 47: 'en', 'es-ES')")
    if key in ("subFlows", "subFlowsStart", "subFlowsEnd") and not all(_NMTOKEN.match(v) for v in value.split(" ")):
        fail(element, f"{key}={value!r} is not a space-separated list of unit ids")
    if key == "hex":
        try:
            code = int(value, 16)
            char = chr(code)
        except (ValueError, OverflowError):
            fail(element, f"hex={value!r} is not a valid code point")
        else:
            if not _XML_INVALID.match(char):
                fail(element, f"<cp hex={value!r}> codes a character XML can hold: write it as text")


def check_order(container: etree._Element, core: str, ranks: dict[str, int], once: Iterable[str], fail: Fail) -> None:
    """The children of a file, group or unit in the order the schema gives (`ranks`; an
    element of another namespace ranks 1), each of `once` at most once."""
    last, seen = -1, set()
    for child in container:
        if not isinstance(child.tag, str):
            continue
        qname = etree.QName(child)
        rank = ranks.get(qname.localname, 1) if qname.namespace == core else 1
        if rank < last:
            fail(
                child,
                f"<{qname.localname}> is out of place in <{etree.QName(container).localname}> (order: "
                f"{', '.join(sorted(ranks, key=ranks.get))})",
            )
        if qname.namespace == core and qname.localname in once:
            if qname.localname in seen:
                fail(child, f"<{etree.QName(container).localname}> holds one <{qname.localname}> at most")
            seen.add(qname.localname)
        last = rank


def check_extension_ids(container: etree._Element, core: str, fail: Fail) -> None:
    """Ids of other namespaces' elements (modules' aside) in a file, group or unit are unique there."""

    def extension(element: etree._Element) -> bool:
        return isinstance(element.tag, str) and etree.QName(element).namespace not in (core, None, *MODULES)

    seen: set[str] = set()
    stack = [c for c in container if extension(c)]
    while stack:
        element = stack.pop()
        for key in ("id", f"{{{XML}}}id"):
            value = element.get(key)
            if value is not None:
                if value in seen:
                    fail(element, f"id '{value}' appears twice among the extension elements of its container")
                seen.add(value)
        stack += [c for c in element if extension(c)]


def check_notes(notes: etree._Element, fail: Fail) -> set[str]:
    """A <notes> holds notes, with unique ids; the ids."""
    if not any(isinstance(n.tag, str) for n in notes):
        fail(notes, "<notes> must hold at least one <note>")
    ids: set[str] = set()
    for note in notes:
        value = note.get("id") if isinstance(note.tag, str) else None
        if value is not None:
            if value in ids:
                fail(note, f"note id '{value}' appears twice in its <notes>")
            ids.add(value)
    return ids


def check_inline(unit: etree._Element, parts: list, core: str, notes: set[str], ids: set[str], fail: Fail) -> None:
    """What the inline codes and markers of a unit's sources and targets refer to: <sc>/<ec>
    and <sm>/<em> pairs, copyOf, comment annotations, fragment identifiers, and that a target
    keeps the codes its source says cannot be deleted."""
    file_id, unit_id = _file_of(unit, core), unit.get("id")
    data = _data_ids(unit, core, fail)
    for side in ("source", "target"):
        elements = [
            e for part in parts for text in part.iterchildren(f"{{{core}}}{side}") for e in text.iter() if e is not text
        ]
        codes = {e.get("id"): e for e in elements if e.get("id") is not None}
        opened: dict[str, etree._Element] = {}
        isolated: set[str] = set()
        markers: set[str] = set()
        for element in elements:
            if not isinstance(element.tag, str):
                continue
            if etree.QName(element).namespace != core:
                fail(element, f"an element of another namespace cannot be inside <{side}>")
            name = etree.QName(element).localname
            if side == "source" and element.get("id") is not None and name != "ec":
                if element.get("id") in ids:
                    fail(element, f"id '{element.get('id')}' appears twice in unit '{unit_id}' (rule: unique ids)")
                ids.add(element.get("id"))
            if name == "sc" and element.get("isolated") == "yes":
                isolated.add(element.get("id"))
            elif name == "sc":
                opened[element.get("id")] = element
            elif name == "ec":
                _closing(element, opened, isolated, fail)
            elif name == "sm":
                markers.add(element.get("id"))
            elif name == "em" and element.get("startRef") not in markers:
                fail(element, f"<em startRef='{element.get('startRef')}'> closes no earlier <sm> of the unit")
            elif name == "em":
                markers.discard(element.get("startRef"))
            if name in ("mrk", "sm"):
                _annotation(element, notes, file_id, unit_id, fail)
            if element.get("copyOf") is not None:
                _copy(element, codes, fail)
            for key in ("dataRef", "dataRefStart", "dataRefEnd"):
                if element.get(key) is not None and element.get(key) not in data:
                    fail(element, f"{key} '{element.get(key)}' names no <data> of unit '{unit_id}'s <originalData>")
        for element in opened.values():
            fail(element, f"<sc id='{element.get('id')}'> has no <ec> in its unit: mark it isolated='yes'")
        for marker in markers:
            fail(unit, f"<sm id='{marker}'> has no <em> in unit '{unit_id}'")
    _orders(parts, core, fail)
    for element in unit.iter():
        for key in ("subFlows", "subFlowsStart", "subFlowsEnd"):
            for flow in (element.get(key) or "").split():  # rare: the file's units are looked up only then
                if not any(u.get("id") == flow for u in unit.getroottree().iter(f"{{{core}}}unit")):
                    fail(element, f"{key} names '{flow}', no unit of the file")
    for part in parts:
        _kept(part, core, fail)
        _kept_in_order(part, core, fail)
    _reordering([e for part in parts for t in part.iterchildren(f"{{{core}}}source") for e in t.iter()], fail)


def _data_ids(unit: etree._Element, core: str, fail: Fail) -> set[str]:
    """The ids of a unit's original data: an <originalData> holds data, each id once."""
    ids: set[str] = set()
    for holder in unit.iterchildren(f"{{{core}}}originalData"):
        if not any(isinstance(item.tag, str) for item in holder):
            fail(holder, "<originalData> must hold at least one <data>")
        for item in holder.iterchildren(f"{{{core}}}data"):
            if item.get("id") in ids:
                fail(item, f"data id '{item.get('id')}' appears twice in unit '{unit.get('id')}'")
            ids.add(item.get("id"))
    return ids


def _orders(parts: list, core: str, fail: Fail) -> None:
    """Each target's place (its order, else its segment's place) is unique and within the unit."""
    taken: set[int] = set()
    for place, part in enumerate(parts, start=1):
        for target in part.iterchildren(f"{{{core}}}target"):
            order = target.get("order", str(place))
            if not order.isdigit() or not 1 <= int(order) <= len(parts):
                fail(target, f"order={order!r} is not a place from 1 to {len(parts)} in its unit")
            if int(order) in taken:
                fail(target, f"two targets of the unit take place {order} (rule: order is unique)")
            taken.add(int(order))


def _kept_in_order(part: etree._Element, core: str, fail: Fail) -> None:
    """A sequence of codes that cannot be reordered (firstNo, then no...) comes in the target
    in the same order, next to each other, inside the same code as in the source."""
    source, target = part.find(f"{{{core}}}source"), part.find(f"{{{core}}}target")
    if source is None or target is None:
        return
    sequences: list[list[str]] = []
    for element in _codes(source):
        if element.get("canReorder") == "firstNo":
            sequences.append([element.get("id")])
        elif element.get("canReorder") == "no" and sequences:
            sequences[-1].append(element.get("id"))
    if not sequences:
        return
    order = [e.get("id") for e in _codes(target)]
    inside = {e.get("id"): _code_parent(e) for e in _codes(source)}
    for element in _codes(target):
        code = element.get("id")
        if any(code in sequence for sequence in sequences) and inside.get(code) != _code_parent(element):
            fail(element, f"code '{code}' cannot be reordered, and the target moves it out of its enclosing code")
    for sequence in sequences:
        if all(code in order for code in sequence):
            start = order.index(sequence[0])
            if order[start : start + len(sequence)] != sequence:
                fail(target, f"codes {', '.join(sequence)} cannot be reordered: the target must keep them in a row")


def _codes(text: etree._Element) -> list:
    names = ("ph", "pc", "sc", "ec")
    return [e for e in text.iter() if isinstance(e.tag, str) and etree.QName(e).localname in names and e.get("id")]


def _code_parent(element: etree._Element) -> str | None:
    parent = element.getparent()
    return parent.get("id") if parent is not None and etree.QName(parent).localname == "pc" else None


def _reordering(elements: list, fail: Fail) -> None:
    """Codes that cannot be reordered come in sequences that start with canReorder='firstNo',
    and can be neither copied nor deleted."""
    in_sequence = False
    for element in elements:
        if not isinstance(element.tag, str) or etree.QName(element).localname not in ("ph", "pc", "sc", "ec"):
            continue
        value = element.get("canReorder")
        if value in ("no", "firstNo") and (element.get("canCopy") != "no" or element.get("canDelete") != "no"):
            fail(element, f"a code with canReorder='{value}' has canCopy='no' and canDelete='no'")
        if value == "no" and not in_sequence:
            fail(element, "a sequence of codes with canReorder='no' starts with one of canReorder='firstNo'")
        in_sequence = value in ("no", "firstNo")


def _closing(ec: etree._Element, opened: dict, isolated: set[str], fail: Fail) -> None:
    if ec.get("isolated") == "yes":
        if ec.get("startRef") is not None or ec.get("id") is None:
            fail(ec, "an isolated <ec> has an id and no startRef")
        return
    ref = ec.get("startRef")
    if ref is None or ec.get("id") is not None:
        fail(ec, "an <ec> that closes an <sc> has startRef (and no id); one that does not is isolated='yes' with an id")
    if ref in isolated:
        fail(ec, f"<sc id='{ref}'> is isolated, yet an <ec> closes it")
    sc = opened.pop(ref, None)
    if sc is None:
        fail(ec, f"<ec startRef='{ref}'> closes no earlier <sc> of the unit")
    for key, default in (("canCopy", "yes"), ("canDelete", "yes"), ("canOverlap", "yes"), ("canReorder", "yes")):
        if ec.get(key) is not None and ec.get(key) != sc.get(key, default):
            fail(ec, f"{key} of <ec startRef='{ref}'> differs from its <sc>'s")


def _copy(element: etree._Element, codes: dict[str, etree._Element], fail: Fail) -> None:
    base = codes.get(element.get("copyOf"))
    if base is None:
        fail(element, f"copyOf '{element.get('copyOf')}' names no code of the unit")
    elif base.get("canCopy") == "no":
        fail(element, f"copyOf '{element.get('copyOf')}' names a code that cannot be copied (canCopy='no')")
    if any(element.get(key) is not None for key in ("dataRef", "dataRefStart", "dataRefEnd")):
        fail(element, "a code with copyOf has no original data of its own (dataRef)")


def _annotation(element: etree._Element, notes: set[str], file_id: str | None, unit_id: str | None, fail: Fail) -> None:
    ref, value = element.get("ref"), element.get("value")
    if ref is not None and ref.startswith("#"):
        problem = fragment_problem(ref)
        if problem:
            fail(element, f"ref {ref!r}: {problem}")
    if element.get("type") != "comment":
        return
    if (ref is None) == (value is None):
        fail(element, "a comment annotation has a value or a ref to a note of its unit, one of the two")
    if ref is not None:
        parts = dict(p.split("=", 1) for p in ref.lstrip("#/").split("/") if "=" in p)
        local = set(parts) == {"n"} or (parts.get("f") == file_id and parts.get("u") == unit_id and "g" not in parts)
        if not local or parts.get("n") not in notes:
            fail(element, f"ref {ref!r} names no note of unit '{unit_id}'")


def fragment_problem(ref: str) -> str | None:
    """What is wrong with an XLIFF fragment identifier ("#/f=f1/u=1/n=n1", "#m1"), or None."""
    parts = ref[1:].removeprefix("/").split("/")
    last, seen = -1, set()
    for index, part in enumerate(parts):
        prefix, equals, name = part.partition("=")
        if not equals:
            if index != len(parts) - 1:
                return f"'{part}' has no prefix, and only the last part may go without one"
            if not _NMTOKEN.match(part):
                return f"'{part}' is not an id"
            continue
        if not re.match(r"^[A-Za-z_][\w.\-]*$", prefix):
            return f"prefix '{prefix}' is not an NMTOKEN without ':'"
        if len(prefix) == 1 and prefix not in "fgundt":
            return f"one-letter prefixes are the core's (f, g, u, n, d, t), not '{prefix}'"
        if len(prefix) > 1 and prefix not in (*MODULES.values(), "tbx"):  # tbx: the registered TBX extension
            return f"unknown prefix '{prefix}'"
        if not name or not _NMTOKEN.match(name):
            return f"'{part}' names no id"
        level = FRAGMENT_LEVEL.get(prefix, 3)
        if prefix in seen and prefix != "g":
            return f"prefix '{prefix}' appears twice"
        if level < last or (level == last == 3):
            return f"'{part}' is out of order (f, then g, then u, then one of n, d, t or a module's)"
        last = level
        seen.add(prefix)
    return None


def _kept(part: etree._Element, core: str, fail: Fail) -> None:
    """A target keeps every code its source marks canDelete='no'."""
    source, target = part.find(f"{{{core}}}source"), part.find(f"{{{core}}}target")
    if source is None or target is None:
        return
    kept = {e.get("id") for e in target.iter() if e.get("id") is not None} | {e.get("startRef") for e in target.iter()}
    for element in source.iter():
        if element.get("canDelete") == "no":
            code = element.get("id") or element.get("startRef")
            if code not in kept:
                fail(target, f"the target drops code '{code}', which its source marks canDelete='no'")


def inherited(element: etree._Element, name: str) -> str | None:
    """An XML attribute (xml:lang, xml:space) as it applies to `element`: its own, or its nearest ancestor's."""
    key = f"{{{XML}}}{name}"
    while element is not None:
        if element.get(key) is not None:
            return element.get(key)
        element = element.getparent()
    return None


def _file_of(unit: etree._Element, core: str) -> str | None:
    parent = unit.getparent()
    while parent is not None and etree.QName(parent).localname != "file":
        parent = parent.getparent()
    return parent.get("id") if parent is not None else None
