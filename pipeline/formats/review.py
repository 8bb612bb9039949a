"""Review pages for editors: `review.html` (the index of articles) and one
`<doc id>.review.html` per article. Self-contained: no network, fonts or external scripts.

The index lists every article with its counts of segments, issues, and edited and
approved segments, so a run of 10,000 articles opens as fast as one of ten; its filter
shows only articles with issues. An article page puts source and target side by side,
the dateline first (with a warning when it has no date), glossary terms highlighted,
QA issues on their segment, memory and human segments badged, whitespace shown as it
is (double spaces marked). Editors correct targets in place, approve or reject
segments and comment on them, take a fuzzy memory match offered under a target, by
mouse or keyboard (j/k, e or Enter, a, r, c, u, ?).
Their work stays in the browser's local storage until "Export edits" downloads it as
XLIFF 2.0 (state reviewed for a corrected segment, final for an approved one, comments
as notes), which `efe-pipeline apply` and `tm import` read.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Iterable
from typing import IO

from pipeline.output.files import REVIEW_PAGE, document_file
from pipeline.records import Document, Origin, Segment, dateline_id, dateline_target

_STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#222}
header{background:#123;color:#fff;padding:12px 20px}header p{margin:4px 0;font:12px monospace}
header a{color:#9cf}button{font:inherit}
.warning{background:#fc3;color:#000;padding:8px 20px;font-weight:bold}
main{padding:0 20px 40px}h2{margin:28px 0 8px;font-size:17px}
table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ddd;padding:6px 8px;vertical-align:top;text-align:left}
td.id{width:9%;font:12px monospace;color:#666}td.src,td.tgt{width:40%}td.act{width:11%;white-space:nowrap}
.text{white-space:pre-wrap}.ds{background:#f99;border-radius:2px}mark.term{background:#cde8ff;border-radius:3px}
tr.issues td{background:#fff4f0}ul.issues{margin:4px 0 0;padding-left:18px;color:#a30;font-size:13px}
ul.comments{margin:4px 0 0;padding-left:18px;color:#335;font-size:13px}
.badge{font:11px monospace;background:#5a5;color:#fff;border-radius:3px;padding:0 4px;margin-left:4px}
.badge.human{background:#75a}.suggestion{font-size:13px;color:#555;margin-top:4px}tr.current{outline:2px solid #39f}
tr.edited td.tgt{background:#eef8ee}tr.approved td.act{background:#dfd}tr.rejected td.act{background:#fdd}
[contenteditable=true]{outline:1px dashed #39f;background:#fff}
input.comment{width:100%;box-sizing:border-box;margin-top:4px;font-size:13px;border:1px solid #ccc}
tr.dateline td{background:#f4f4f8}#help{display:none;position:fixed;right:20px;top:20px;background:#fff;
border:1px solid #999;padding:10px 16px;box-shadow:0 2px 8px #0003}body.help #help{display:block}
body.only-issues tr.segment:not(.issues),body.only-issues tr.article:not(.issues),tr.confident{display:none}
.confidence{font:11px monospace;color:#777;margin-left:4px}
"""

# The article page's script: edits, states and comments in local storage, keyboard, export.
_ARTICLE_SCRIPT = r"""
const data=JSON.parse(document.getElementById('data').textContent);
const KEY='efe-review:'+data.key;
let saved={};try{saved=JSON.parse(localStorage.getItem(KEY)||'{}')}catch(e){saved={}}
let rows=[...document.querySelectorAll('tr.segment')];
const original={},suggested={},stored={};
data.segments.forEach(s=>{original[s.id]=s.target;suggested[s.id]=s.suggestion;stored[s.id]=s.review});
let current=0;
function entry(id){return saved[id]||(saved[id]={})}
function state(id){const s=saved[id]||{};return s.state!==undefined?s.state:stored[id]}
function store(){for(const id in saved){const s=saved[id];
 if(s.state===undefined&&!s.comment&&s.target===undefined)delete saved[id]}
 localStorage.setItem(KEY,JSON.stringify(saved))}
function box(row){return row.querySelector('.tgt .text')}
function show(row){const s=saved[row.dataset.id]||{},st=state(row.dataset.id);
 row.classList.toggle('edited',s.target!==undefined&&s.target!==original[row.dataset.id]);
 row.classList.toggle('approved',st==='approved');row.classList.toggle('rejected',st==='rejected');
 row.querySelector('.state').textContent=st||'';
 if(s.target!==undefined&&box(row).getAttribute('contenteditable')!=='true')box(row).textContent=s.target;
 row.querySelector('input.comment').value=s.comment||''}
function focusRow(i){rows[current]&&rows[current].classList.remove('current');
 current=Math.max(0,Math.min(rows.length-1,i));
 const row=rows[current];if(!row)return;row.classList.add('current');row.scrollIntoView({block:'nearest'})}
function edit(row){const t=box(row);t.setAttribute('contenteditable','true');t.focus();
 const r=document.createRange();r.selectNodeContents(t);const sel=getSelection();sel.removeAllRanges();sel.addRange(r)}
function setTarget(row,text){const e=entry(row.dataset.id);
 if(text===original[row.dataset.id])delete e.target;else e.target=text;store();show(row)}
function finish(row){const t=box(row);if(t.getAttribute('contenteditable')!=='true')return;
 t.setAttribute('contenteditable','false');setTarget(row,t.textContent)}
function take(row){const s=suggested[row.dataset.id];if(s!=null)setTarget(row,s)}
function mark(row,to){const id=row.dataset.id,s=entry(id);
 s.state=state(id)===to?(stored[id]?null:undefined):to;store();show(row)}
rows.forEach(row=>{show(row);
 row.addEventListener('click',()=>focusRow(rows.indexOf(row)));
 box(row).addEventListener('dblclick',()=>edit(row));
 box(row).addEventListener('blur',()=>finish(row));
 box(row).addEventListener('keydown',e=>{e.stopPropagation();
  if(e.key==='Enter'||e.key==='Escape'){e.preventDefault();box(row).blur()}});
 row.querySelector('button.approve').addEventListener('click',()=>mark(row,'approved'));
 row.querySelector('button.reject').addEventListener('click',()=>mark(row,'rejected'));
 const use=row.querySelector('button.use');if(use)use.addEventListener('click',()=>take(row));
 const c=row.querySelector('input.comment');
 c.addEventListener('change',()=>{entry(row.dataset.id).comment=c.value;store()});
 c.addEventListener('keydown',e=>{e.stopPropagation();if(e.key==='Enter'||e.key==='Escape'){e.preventDefault();c.blur()}})});
document.addEventListener('keydown',e=>{
 if(e.target.isContentEditable||e.target.tagName==='INPUT'||e.ctrlKey||e.metaKey||e.altKey)return;
 const row=rows[current];
 if(e.key==='j')focusRow(current+1);else if(e.key==='k')focusRow(current-1);
 else if((e.key==='e'||e.key==='Enter')&&row){e.preventDefault();edit(row)}
 else if(e.key==='a'&&row)mark(row,'approved');else if(e.key==='r'&&row)mark(row,'rejected');
 else if(e.key==='u'&&row)take(row);
 else if(e.key==='c'&&row){e.preventDefault();row.querySelector('input.comment').focus()}
 else if(e.key==='?')document.body.classList.toggle('help');else return;});
function esc(s){return s.replace(/&/g,'&amp;').replace(/</g,'&lt;').replace(/>/g,'&gt;').replace(/"/g,'&quot;')
 .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g,
  c=>'<cp hex="'+c.charCodeAt(0).toString(16).toUpperCase().padStart(4,'0')+'"/>')}
function exported(){const units=[];
 data.segments.forEach(seg=>{const s=saved[seg.id]||{},st=state(seg.id);
 const target=s.target!==undefined?s.target:seg.target;
 const edited=s.target!==undefined&&s.target!==seg.target;
 const xs=st==='approved'?'final':edited?'reviewed':'translated';
 const sub=xs==='translated'?' subState="efe:untouched"':'';
 const notes=[];if(s.comment)notes.push('<note category="comment">'+esc(seg.id+': '+s.comment)+'</note>');
 if(st==='rejected')notes.push('<note category="rejected">'+esc(seg.id)+': rejected by the editor</note>');
 const unit=seg.id===data.doc+':dateline'?seg.id:seg.id.replace(/:[^:]*$/,'');
 if(!units.length||units[units.length-1].id!==unit)units.push({id:unit,notes:[],segments:[]});
 units[units.length-1].notes.push(...notes);
 units[units.length-1].segments.push('<segment id="'+esc(seg.id)+'" state="'+xs+'"'+sub+'><source>'+esc(seg.source)+
  '</source><target>'+esc(target)+'</target></segment>')});
 const body=units.map(u=>'<unit id="'+esc(u.id)+'"'+(u.id===data.doc+':dateline'?' type="efe:dateline"':'')+'>'+
  (u.notes.length?'<notes>'+u.notes.join('')+'</notes>':'')+u.segments.join('')+'</unit>').join('\n');
 const run=data.run?' xmlns:efe="urn:efe-pipeline:xliff" efe:run="'+esc(data.run)+'"':'';
 return '<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" '+
  'srcLang="en" trgLang="es">\n<file id="'+esc(data.doc)+'" original="'+esc(data.source)+'"'+run+'>\n'+body+
  '\n</file>\n</xliff>\n'}
document.getElementById('export').addEventListener('click',()=>{rows.forEach(finish);
 const a=document.createElement('a');a.href=URL.createObjectURL(new Blob([exported()],{type:'application/xliff+xml'}));
 a.download=data.doc+'.edited.xlf';document.body.appendChild(a);a.click();a.remove()});
// least confident (or, with no confidence from the engine, most issues) first, or only segments
// below a confidence; j/k follow the order shown, and the page says how many rows the filters hide
const ranked=rows.filter(r=>!r.classList.contains('dateline'));ranked.forEach((r,i)=>r.dataset.order=i);
function confidence(r){return r.dataset.confidence===undefined?2:+r.dataset.confidence}
function issues(r){return r.classList.contains('issues')?0:1}
const belowBox=document.getElementById('below');
function arrange(){const by=document.getElementById('sort').value,below=belowBox?+belowBox.value:9;
 const key=by==='confidence'?confidence:by==='issues'?issues:()=>0;
 [...ranked].sort((a,b)=>(key(a)-key(b))||a.dataset.order-b.dataset.order).forEach(r=>r.parentNode.appendChild(r));
 ranked.forEach(r=>r.classList.toggle('confident',confidence(r)>=below));
 const here=rows[current];rows=[...document.querySelectorAll('tr.segment')];current=Math.max(0,rows.indexOf(here));
 counted()}
function counted(){const hidden=ranked.filter(r=>getComputedStyle(r).display==='none').length;
 document.getElementById('hidden').textContent=hidden?hidden+' of '+ranked.length+' segments hidden by the filters':''}
document.getElementById('sort').addEventListener('change',arrange);
if(belowBox)belowBox.addEventListener('change',arrange);
document.getElementById('only-issues').addEventListener('change',()=>setTimeout(counted));  // after the filter
focusRow(0);counted();
"""

# The index page's script: the filter, and the edited/approved counts from local storage.
_INDEX_SCRIPT = r"""
document.querySelectorAll('tr.article').forEach(row=>{let s={};
 try{s=JSON.parse(localStorage.getItem('efe-review:'+row.dataset.key)||'{}')}catch(e){}
 const v=Object.values(s);row.querySelector('.edited').textContent=v.filter(x=>x.target!==undefined).length||'';
 row.querySelector('.approved').textContent=v.filter(x=>x.state==='approved').length||''});
"""

# Both pages: the "only … with issues" filter (also reachable as #issues).
_FILTER_SCRIPT = r"""
const only=document.getElementById('only-issues');
function filter(){document.body.classList.toggle('only-issues',only.checked)}
only.addEventListener('change',filter);if(location.hash==='#issues')only.checked=true;filter();
"""

_HELP = (
    "<div id=help><b>Keys</b><br>j / k: next / previous segment<br>e or Enter: edit the target"
    " (Enter or Esc to finish)<br>a: approve &nbsp; r: reject &nbsp; c: comment<br>u: use the memory's"
    " suggestion<br>?: this help</div>"
)


def page_name(doc_id: str) -> str:
    """An article page's file name (the index links to it with the id escaped for a URL)."""
    return document_file(doc_id, REVIEW_PAGE)


def storage_key(doc_id: str, segments: Iterable[Segment]) -> str:
    """The local-storage key of an article's edits: its id and targets, so that edits made
    on one run's page never show on another's (after `apply`, the page starts clean)."""
    digest = hashlib.sha256(json.dumps([[s.id, s.target] for s in segments], ensure_ascii=False).encode())
    return f"{doc_id}:{digest.hexdigest()[:16]}"


def write_index(
    fh: IO[str], documents: Iterable[tuple[str, list[Segment]]], engines: list[str], warnings: list[str]
) -> None:
    """Stream review.html, one table row per article."""
    fh.write(_head("efe-pipeline review") + "<header><h1>Review</h1>")
    for engine in engines:
        fh.write(f"<p>engine: {html.escape(engine)}</p>")
    fh.write("<label><input type=checkbox id=only-issues> only articles with issues</label></header>")
    for warning in warnings:
        fh.write(f"<div class=warning>⚠ {html.escape(warning)}</div>")
    fh.write(
        "<main><table><tr><th>article</th><th>segments</th><th>issues</th>"
        "<th>edited (run)</th><th>edited here</th><th>approved here</th></tr>"
    )
    articles = with_issues = 0
    for doc_id, segments in documents:
        issues = sum(1 for seg in segments for i in seg.issues if i.severity != "info")
        human = sum(seg.origin is Origin.HUMAN for seg in segments)
        articles += 1
        with_issues += bool(issues)
        fh.write(
            f"<tr class='article{' issues' if issues else ''}' data-key='{html.escape(storage_key(doc_id, segments))}'>"
            f"<td><a href='{html.escape(_url(page_name(doc_id)))}'>{html.escape(doc_id)}</a></td>"
            f"<td>{len(segments)}</td><td>{issues or ''}</td><td>{human or ''}</td>"
            "<td class=edited></td><td class=approved></td></tr>"
        )
    fh.write(
        f"</table><p id=counts>{articles} articles, {with_issues} with issues</p></main>"
        f"<script>{_INDEX_SCRIPT}{_FILTER_SCRIPT}</script></body></html>\n"
    )


def article_page(doc: Document, run: str = "") -> str:
    """One article's page: the dateline, then every segment, editable; its export is XLIFF 2.0
    laid out as `<doc id>.xlf` is (the same unit ids, `efe:run` the run identity `run`)."""
    engines = list(dict.fromkeys(seg.engine for seg in doc.segments if seg.engine))
    data = {
        "doc": doc.id,
        "source": doc.source,
        "dateline": doc.dateline,
        "dateline_es": dateline_target(doc),
        "run": run,
        "key": storage_key(doc.id, doc.segments),
        "segments": [
            {"id": dateline_id(doc.id), "source": doc.dateline, "target": _dateline(doc), "suggestion": None},
            *(
                {
                    "id": s.id,
                    "source": s.source,
                    "target": s.target or "",
                    "suggestion": s.suggestion.target if s.suggestion else None,
                    "review": s.review.status if s.review else None,
                }
                for s in doc.segments
            ),
        ],
    }
    issues = sum(1 for seg in doc.segments for i in seg.issues if i.severity != "info")
    parts = [
        _head(f"{doc.id}: review"),
        f"<header><p><a href='review.html'>← all articles</a></p><h1>{html.escape(doc.id)}</h1>",
        *(f"<p>engine: {html.escape(engine)}</p>" for engine in engines),
        f"<label><input type=checkbox id=only-issues> only segments with issues ({issues})</label> ",
        *(_ordering() if any(seg.confidence is not None for seg in doc.segments if seg.translatable) else _unscored()),
        "<span id=hidden class=hidden-count></span> ",
        "<button id=export>Export edits</button> <small>? for keys</small></header>",
        _HELP,
        "<main><table>",
        _dateline_row(doc),
        *(_row(seg) for seg in doc.segments),
        "</table></main>",
        f"<script type=application/json id=data>{_json(data)}</script>",
        f"<script>{_ARTICLE_SCRIPT}{_FILTER_SCRIPT}</script></body></html>\n",
    ]
    return "".join(parts)


def _ordering() -> list[str]:
    """Order and filter by the engine's confidence."""
    return [
        "<label>order <select id=sort><option value=article>as in the article</option>"
        "<option value=confidence>least confident first</option><option value=issues>issues first</option>"
        "</select></label> ",
        "<label>confidence below <select id=below><option value=9>any</option><option value=0.9>0.9</option>"
        "<option value=0.7>0.7</option><option value=0.5>0.5</option></select></label> ",
    ]


def _unscored() -> list[str]:
    """An engine with no confidence (Apertium): say so, and order by issues instead."""
    return [
        "<label>order <select id=sort><option value=article>as in the article</option>"
        "<option value=issues>issues first</option></select></label> ",
        "<span class=no-confidence>no confidence from this engine</span> ",
    ]


def _head(title: str) -> str:
    return (
        f"<!DOCTYPE html><html lang=es><head><meta charset=utf-8><title>{html.escape(title)}</title>"
        f"<style>{_STYLE}</style></head><body>"
    )


def _url(name: str) -> str:
    return re.sub(r"[^\w.\-~]", lambda m: "".join(f"%{b:02X}" for b in m.group(0).encode("utf-8")), name)


def _json(data: object) -> str:
    """JSON safe inside a <script> element: no "</script>" or "<!--" can close it."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")


def _dateline(doc: Document) -> str:
    return dateline_target(doc) if doc.dateline else ""


def _dateline_row(doc: Document) -> str:
    """The dateline as the first row, editable like a segment, with a warning when it has no date."""
    dateline = _dateline(doc)
    warning = "no dateline" if not dateline else "" if re.search(r"\d", dateline) else "it has no date"
    listed = f"<ul class=issues><li>warning dateline: {warning}</li></ul>" if warning else ""
    return _editable_row(
        dateline_id(doc.id),
        "segment dateline" + (" issues" if warning else ""),
        "dateline",
        _spaces(html.escape(doc.dateline)),
        _spaces(html.escape(dateline)),
        listed,
    )


def _row(seg: Segment) -> str:
    issues = [i for i in seg.issues if i.severity != "info"]
    badges = {Origin.MEMORY: " <span class=badge>TM</span>", Origin.HUMAN: " <span class='badge human'>edited</span>"}
    listed = "".join(
        f"<li>{html.escape(i.severity)} {html.escape(i.code)}: {html.escape(i.message)}</li>" for i in issues
    )
    label = html.escape(seg.id) + (badges.get(seg.origin, "") if seg.origin else "")
    if seg.confidence is not None:
        label += f" <span class=confidence title='engine confidence'>{seg.confidence:.2f}</span>"
    credits = "".join(f"<p class=people>{html.escape(said)}</p>" for said in seg.credits())
    below = (f"<ul class=issues>{listed}</ul>" if listed else "") + credits + _comments(seg) + _suggestion(seg)
    classes = "segment" + (" issues" if issues else "") + (f" {seg.review.status}" if seg.review else "")
    return _editable_row(seg.id, classes, label, _source(seg), _target(seg), below, seg.confidence)


def _editable_row(
    row_id: str, classes: str, label: str, source: str, target: str, below: str, confidence: float | None = None
) -> str:
    """One row of an article page: `label`, `source` and `target` are HTML already."""
    escaped = html.escape(row_id)
    data = f" data-confidence='{confidence:.2f}'" if confidence is not None else ""
    return (
        f"<tr class='{classes}' id='{escaped}' data-id='{escaped}'{data}><td class=id>{label}</td>"
        f"<td class=src lang=en><div class=text>{source}</div></td>"
        f"<td class=tgt lang=es><div class=text contenteditable=false>{target}</div>{below}"
        "<input class=comment placeholder=comment aria-label=comment></td>"
        "<td class=act><button class=approve title='approve (a)'>✓</button> "
        "<button class=reject title='reject (r)'>✗</button> <span class=state></span></td></tr>"
    )


def _comments(seg: Segment) -> str:
    """People's comments kept in the run's store, with who made them and when (and why a
    rejection was made, when it says)."""
    if not seg.comments and not (seg.review and seg.review.note):
        return ""
    listed = "".join(
        f"<li><b>{html.escape(c.editor or 'anonymous')}</b> <small>{html.escape(c.at)}</small>: "
        f"{_spaces(html.escape(c.text))}</li>"
        for c in seg.comments
    )
    if seg.review and seg.review.note:
        review = seg.review
        listed += (
            f"<li><b>{html.escape(review.editor or 'anonymous')}</b> <small>{html.escape(review.at)}</small>: "
            f"{html.escape(review.status)}: {_spaces(html.escape(review.note))}</li>"
        )
    return f"<ul class=comments>{listed}</ul>"


def _suggestion(seg: Segment) -> str:
    """A fuzzy memory match, offered (button or key u), never applied by itself."""
    if seg.suggestion is None:
        return ""
    found = seg.suggestion
    return (
        f"<div class=suggestion title='{html.escape(found.source)}'>TM {found.similarity:.0f}%: "
        f"<span class=text>{_spaces(html.escape(found.target))}</span> "
        "<button class=use title='use it (u)'>use</button></div>"
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
    return _spaces("".join(parts))


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
    return _spaces("".join(parts))


def _spaces(escaped: str) -> str:
    """Every space after the first in a run marked, so a double space can be seen (the
    characters stay spaces: what an editor copies or edits is the text as it is)."""
    return re.sub(r"(?<= ) ", "<span class=ds> </span>", escaped)
