"""review.html: one self-contained page for editors (no network, fonts or external scripts).

Source and target side by side per document; glossary terms highlighted on both sides;
QA issues flagged on their segment; segments from the translation memory badged; the
engine signature and any warning (an Apertium fallback) in the header; a filter for
"only segments with issues" (also reachable as review.html#issues).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import IO

from pipeline.records import Origin, Segment

_STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#222}
header{background:#123;color:#fff;padding:12px 20px}header p{margin:4px 0;font:12px monospace}
.warning{background:#fc3;color:#000;padding:8px 20px;font-weight:bold}
main{padding:0 20px 40px}h2{margin:28px 0 8px;font-size:17px}
table{border-collapse:collapse;width:100%}td{border-bottom:1px solid #ddd;padding:6px 8px;vertical-align:top;width:45%}
td.id{width:10%;font:12px monospace;color:#666}mark.term{background:#cde8ff;border-radius:3px}
tr.issues td{background:#fff4f0}ul.issues{margin:4px 0 0;padding-left:18px;color:#a30;font-size:13px}
.badge{font:11px monospace;background:#5a5;color:#fff;border-radius:3px;padding:0 4px}
body.only-issues tr.segment:not(.issues){display:none}
"""
_SCRIPT = """
const box=document.getElementById('only-issues');
function apply(){document.body.classList.toggle('only-issues',box.checked);}
box.addEventListener('change',apply);if(location.hash==='#issues'){box.checked=true;}apply();
"""


def write_review(
    fh: IO[str], documents: Iterable[tuple[str, list[Segment]]], engines: list[str], warnings: list[str]
) -> None:
    """Stream the page, one document at a time."""
    fh.write("<!DOCTYPE html><html lang=es><head><meta charset=utf-8><title>efe-pipeline review</title>")
    fh.write(f"<style>{_STYLE}</style></head><body><header><h1>Review</h1>")
    for engine in engines:
        fh.write(f"<p>engine: {html.escape(engine)}</p>")
    fh.write("<label><input type=checkbox id=only-issues> only segments with issues</label></header>")
    for warning in warnings:
        fh.write(f"<div class=warning>⚠ {html.escape(warning)}</div>")
    fh.write("<main>")
    for doc_id, segments in documents:
        fh.write(f"<h2 id='{html.escape(doc_id)}'>{html.escape(doc_id)}</h2><table>")
        fh.writelines(_row(seg) for seg in segments)
        fh.write("</table>")
    fh.write(f"</main><script>{_SCRIPT}</script></body></html>\n")


def _row(seg: Segment) -> str:
    issues = [i for i in seg.issues if i.severity != "info"]
    classes = "segment issues" if issues else "segment"
    badge = " <span class=badge>TM</span>" if seg.origin is Origin.MEMORY else ""
    listed = "".join(
        f"<li>{html.escape(i.severity)} {html.escape(i.code)}: {html.escape(i.message)}</li>" for i in issues
    )
    return (
        f"<tr class='{classes}' id='{html.escape(seg.id)}'><td class=id>{html.escape(seg.id)}{badge}</td>"
        f"<td lang=en>{_source(seg)}</td><td lang=es>{_target(seg)}"
        f"{f'<ul class=issues>{listed}</ul>' if listed else ''}</td></tr>"
    )


def _source(seg: Segment) -> str:
    parts, last = [], 0
    for hit in sorted(seg.terms, key=lambda h: h.start):
        if hit.start < last:
            continue
        parts.append(html.escape(seg.source[last : hit.start]))
        parts.append(f"<mark class=term>{html.escape(seg.source[hit.start : hit.end])}</mark>")
        last = hit.end
    parts.append(html.escape(seg.source[last:]))
    return "".join(parts)


def _target(seg: Segment) -> str:
    """The target with the first occurrence of each applied term marked (longest first; a
    sentence-initial capital too), found in the plain text so markup is never matched."""
    text = seg.target or ""
    spans: list[tuple[int, int]] = []
    for target in sorted({h.target for h in seg.terms if h.method != "missing"}, key=len, reverse=True):
        for match in re.finditer(rf"(?<!\w){re.escape(target)}(?!\w)", text, re.IGNORECASE):
            if all(match.end() <= a or match.start() >= b for a, b in spans):
                spans.append(match.span())
                break
    parts, last = [], 0
    for start, end in sorted(spans):
        parts += [html.escape(text[last:start]), f"<mark class=term>{html.escape(text[start:end])}</mark>"]
        last = end
    parts.append(html.escape(text[last:]))
    return "".join(parts)
