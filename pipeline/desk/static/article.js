// The review desk's article page: edit, confirm, approve, reject, comment, revert, dismiss,
// propagate and search, each save checked against the revision this page last saw.
// Text from the run or from editors is only ever set as textContent, never as HTML.
"use strict";

(function () {
  const main = document.getElementById("article");
  const doc = main.dataset.doc;
  const readOnly = document.body.dataset.readOnly === "yes";
  const csrf = document.querySelector('meta[name="csrf"]').content;
  const me = document.querySelector('meta[name="editor"]').content;
  const rowsBody = document.getElementById("rows");
  const POLL_MS = Number(new URLSearchParams(window.location.search).get("poll")) || 2000; // tests slow it down

  const state = { segments: [], byId: new Map(), current: -1, editing: null, last: 0, selected: new Set(), polls: 0 };
  let pendingConflict = null;
  let pendingRepeats = null;

  // -- talking to the desk ---------------------------------------------------------------

  async function call(url, body) {
    const options = body === undefined ? {} : {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(body),
    };
    options.credentials = "same-origin";
    let response;
    try {
      response = await fetch(url, options);
    } catch (err) {
      return { status: 0, data: { error: "the desk cannot be reached (" + err.message + "); nothing was saved" } };
    }
    const data = await response.json().catch(() => ({ error: response.statusText }));
    return { status: response.status, data: data };
  }

  function api(path) {
    return "/api/a/" + encodeURIComponent(doc) + path;
  }

  function say(text, isError) {
    const box = document.getElementById("message");
    box.textContent = text;
    box.hidden = !text;
    box.className = isError ? "message error" : "message";
  }

  async function act(seg, action, extra) {
    if (readOnly) {
      say("this desk is read-only", true);
      return false;
    }
    const body = Object.assign({ segment: seg.id, action: action, rev: seg.rev }, extra || {});
    const { status, data } = await call(api("/save"), body);
    if (status === 200) {
      update(data.segment);
      data.others.forEach((other) => (other.id === state.editing ? null : update(other)));
      say(data.note || "", Boolean(data.note));
      if (data.repeats && data.repeats.length) {
        offerRepeats(data.segment, data.repeats);
      }
      return true;
    }
    if (status === 409) {
      showConflict(seg, action, body.value, data.theirs);
      return false;
    }
    say(data.error || "not saved", true);
    return false;
  }

  // -- rows ----------------------------------------------------------------------------

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined && text !== null) {
      node.textContent = text;
    }
    return node;
  }

  function button(label, className, handler) {
    const node = el("button", className, label);
    node.type = "button";
    node.addEventListener("click", (event) => {
      event.stopPropagation();
      handler();
    });
    return node;
  }

  function hasIssues(seg) {
    return seg.issues.some((i) => i.severity !== "info");
  }

  function statusOf(seg) {
    return seg.review ? seg.review.status : "none";
  }

  function render(seg) {
    const row = el("tr", "seg");
    row.id = "seg-" + seg.id;
    row.dataset.id = seg.id;
    row.dataset.rev = seg.rev;
    row.classList.add("status-" + statusOf(seg));
    if (hasIssues(seg)) {
      row.classList.add("has-issues");
    }
    if (state.selected.has(seg.id)) {
      row.classList.add("selected");
    }

    const pick = el("td", "pick");
    const box = el("input", "select");
    box.type = "checkbox";
    box.checked = state.selected.has(seg.id);
    box.addEventListener("change", () => toggleSelected(seg.id));
    pick.appendChild(box);

    const source = el("td", "source");
    source.appendChild(el("div", "text", seg.source));
    if (seg.suggestion) {
      const fuzzy = el("div", "suggestion");
      fuzzy.appendChild(el("span", "label", "memory " + seg.suggestion.similarity + "%: "));
      const diff = el("span", "diff");
      for (const [op, text] of seg.suggestion.diff) {
        diff.appendChild(el(op === "equal" ? "span" : op === "delete" ? "del" : "ins", null, text));
      }
      fuzzy.appendChild(diff);
      fuzzy.appendChild(el("div", "suggested", seg.suggestion.target));
      source.appendChild(fuzzy);
    }
    if (seg.repeats) {
      source.appendChild(el("div", "repeat-count", "same English in " + seg.repeats + " other segment(s)"));
    }

    const target = el("td", "target");
    const text = el("div", "text", seg.target);
    text.addEventListener("click", () => {
      moveTo(state.segments.indexOf(state.byId.get(seg.id)));
      openEditor(seg.id);
    });
    target.appendChild(text);
    if (seg.machine !== seg.target) {
      target.appendChild(el("div", "machine", "machine: " + seg.machine));
    }
    if (seg.changed_by && seg.changed_by !== me) {
      target.appendChild(el("div", "changed-by", "changed by " + seg.changed_by));
    }
    const issues = el("ul", "issues");
    for (const issue of seg.issues) {
      const item = el("li", "issue " + issue.severity, issue.severity + " · " + issue.code + ": " + issue.message);
      item.dataset.code = issue.code;
      if (issue.severity === "warning" && !readOnly) {
        item.appendChild(button("dismiss", "dismiss", () => dismiss(seg.id, issue.code)));
      }
      issues.appendChild(item);
    }
    target.appendChild(issues);
    const comments = el("ul", "comments");
    for (const said of seg.comments) {
      comments.appendChild(el("li", "comment", (said.editor || "an editor") + ": " + said.text));
    }
    target.appendChild(comments);

    const status = el("td", "state");
    status.appendChild(el("span", "badge", seg.review ? seg.review.status : seg.origin || ""));
    if (seg.review && seg.review.note) {
      status.appendChild(el("div", "note", seg.review.note));
    }
    if (seg.last) {
      status.appendChild(el("div", "last", seg.last.kind + " by " + (seg.last.editor || "?") + " · " + seg.last.at));
      if (seg.last.file.indexOf("propagated") >= 0) {
        status.appendChild(el("div", "propagated", seg.last.file.replace("review desk: ", "")));
      }
    }
    if (!readOnly) {
      status.appendChild(button("approve", "approve", () => approve(seg.id)));
      status.appendChild(button("un-approve", "unapprove", () => act(current(seg.id), "unapprove")));
      status.appendChild(button("reject", "reject", () => reject(seg.id)));
      status.appendChild(button("comment", "add-comment", () => comment(seg.id)));
      if (seg.machine !== seg.target) {
        status.appendChild(button("revert to machine", "revert", () => act(current(seg.id), "revert")));
      }
    }
    row.append(pick, source, target, status);
    row.addEventListener("click", () => moveTo(state.segments.indexOf(state.byId.get(seg.id))));
    return row;
  }

  function current(id) {
    return state.byId.get(id);
  }

  function update(seg) {
    const index = state.segments.findIndex((s) => s.id === seg.id);
    if (index < 0) {
      return;
    }
    state.segments[index] = seg;
    state.byId.set(seg.id, seg);
    const old = document.getElementById("seg-" + seg.id);
    const row = render(seg);
    old.replaceWith(row);
    if (index === state.current) {
      row.classList.add("current");
    }
    applyFilter();
  }

  function visible(index) {
    const row = document.getElementById("seg-" + state.segments[index].id);
    return row && !row.hidden;
  }

  function applyFilter() {
    const only = document.getElementById("only-issues").checked;
    for (const seg of state.segments) {
      const row = document.getElementById("seg-" + seg.id);
      row.hidden = only && !hasIssues(seg) && state.editing !== seg.id;
    }
    if (state.current >= 0 && !visible(state.current)) {
      moveTo(step(state.current, 1, false));
    }
  }

  function step(from, direction, wrap) {
    for (let i = from + direction; i >= 0 && i < state.segments.length; i += direction) {
      if (visible(i)) {
        return i;
      }
    }
    return wrap ? from : -1;
  }

  function moveTo(index) {
    const old = document.querySelector("tr.current");
    if (old) {
      old.classList.remove("current");
    }
    state.current = index;
    if (index < 0) {
      return;
    }
    const row = document.getElementById("seg-" + state.segments[index].id);
    row.classList.add("current");
    row.scrollIntoView({ block: "nearest" });
  }

  function currentSeg() {
    return state.current >= 0 && visible(state.current) ? state.segments[state.current] : null;
  }

  // -- editing -------------------------------------------------------------------------

  function openEditor(id, text) {
    if (readOnly || state.editing) {
      return;
    }
    const seg = current(id);
    state.editing = id;
    const cell = document.querySelector("#seg-" + CSS.escape(id) + " td.target");
    const shown = cell.querySelector(".text");
    const area = el("textarea", "editor");
    area.value = text === undefined ? seg.target : text;
    area.rows = 3;
    area.setAttribute("aria-label", "Spanish of " + id);
    shown.hidden = true;
    cell.insertBefore(area, shown);
    const buttons = el("div", "editor-buttons");
    buttons.append(
      button("Confirm (Ctrl+Enter)", "confirm", () => finishEdit(true)),
      button("Save without approving", "save", () => finishEdit(false)),
      button("Cancel (Esc)", "cancel", cancelEdit),
    );
    cell.insertBefore(buttons, shown);
    area.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.preventDefault();
        cancelEdit();
      } else if (event.key === "Enter" && !event.shiftKey) {
        event.preventDefault();
        finishEdit(true);
      }
      event.stopPropagation();
    });
    area.focus();
    area.setSelectionRange(area.value.length, area.value.length);
  }

  function closeEditor() {
    const id = state.editing;
    state.editing = null;
    if (id) {
      update(current(id));
    }
  }

  function cancelEdit() {
    closeEditor();
    say("");
  }

  async function finishEdit(confirm) {
    const id = state.editing;
    const area = document.querySelector("#seg-" + CSS.escape(id) + " textarea.editor");
    const value = area.value;
    const seg = current(id);
    if (!confirm && value === seg.target) {
      closeEditor();
      return;
    }
    state.editing = null;
    const ok = await act(seg, confirm ? "confirm" : "edit", { value: value });
    if (!ok) {
      if (!pendingConflict) {
        state.editing = null;
        update(current(id));
        openEditor(id, value);
      }
      return;
    }
    if (confirm && current(id).review && current(id).review.status === "approved") {
      nextUnconfirmed();
    }
  }

  function nextUnconfirmed() {
    for (let i = state.current + 1; i < state.segments.length; i += 1) {
      if (visible(i) && statusOf(state.segments[i]) !== "approved") {
        moveTo(i);
        return;
      }
    }
    say("every segment after this one is approved");
  }

  function approve(id) {
    const seg = current(id);
    if (seg.review && seg.review.status === "approved") {
      return Promise.resolve(true); // approving twice is approving once: u un-approves
    }
    return act(seg, "approve");
  }

  function reject(id) {
    const reason = window.prompt("Why is it rejected? (optional)", "");
    if (reason !== null) {
      act(current(id), "reject", { value: reason });
    }
  }

  function comment(id) {
    const text = window.prompt("Comment", "");
    if (text) {
      act(current(id), "comment", { value: text });
    }
  }

  function dismiss(id, code) {
    const reason = window.prompt("Why is '" + code + "' a false alarm here?", "");
    if (reason) {
      act(current(id), "dismiss", { code: code, value: reason });
    }
  }

  function toggleSelected(id) {
    if (state.selected.has(id)) {
      state.selected.delete(id);
    } else {
      state.selected.add(id);
    }
    update(current(id));
  }

  async function approveSelected() {
    const items = [...state.selected].map((id) => ({ segment: id, rev: current(id).rev }));
    if (!items.length) {
      say("select segments first (x, or the checkboxes)", true);
      return;
    }
    const { status, data } = await call(api("/batch"), { items: items });
    if (status !== 200) {
      say(data.error || "not saved", true);
      return;
    }
    let conflicts = 0;
    let refused = 0;
    for (const result of data.results) {
      if (result.segment) {
        state.selected.delete(result.segment.id);
        update(result.segment);
      }
      conflicts += result.conflict ? 1 : 0;
      refused += result.error ? 1 : 0;
    }
    say(
      "approved " + (data.results.length - conflicts - refused) + "; " + conflicts + " changed by others meanwhile; " +
        refused + " blocked by errors",
      conflicts + refused > 0,
    );
  }

  // -- conflicts and repeats -----------------------------------------------------------

  function showConflict(seg, action, mine, theirs) {
    pendingConflict = { action: action, mine: mine === undefined ? seg.target : mine, theirs: theirs };
    update(theirs);
    document.getElementById("conflict-mine").textContent = pendingConflict.mine;
    document.getElementById("conflict-theirs").textContent = theirs.target;
    document.getElementById("conflict-by").textContent = theirs.last ? theirs.last.editor || "?" : "the run";
    document.getElementById("conflict").hidden = false;
  }

  function closeConflict() {
    pendingConflict = null;
    document.getElementById("conflict").hidden = true;
  }

  async function keepMine() {
    const { action, mine, theirs } = pendingConflict;
    closeConflict();
    const again = action === "approve" ? "confirm" : action;
    const extra = again === "edit" || again === "confirm" ? { value: mine } : {};
    await act(current(theirs.id), again, extra);
  }

  function mergeByHand() {
    const { mine, theirs } = pendingConflict;
    closeConflict();
    openEditor(theirs.id, mine);
  }

  function offerRepeats(seg, repeats) {
    pendingRepeats = { from: seg.id, target: seg.target };
    const list = document.getElementById("repeat-list");
    list.replaceChildren();
    for (const repeat of repeats) {
      const item = el("li", "repeat");
      const box = el("input", "repeat-pick");
      box.type = "checkbox";
      box.checked = true;
      box.value = repeat.segment;
      item.append(box, el("span", "where", " " + repeat.segment + ": "), el("span", "now", repeat.target));
      list.appendChild(item);
    }
    document.getElementById("repeats").hidden = false;
  }

  async function propagate() {
    const picked = [...document.querySelectorAll("#repeat-list input:checked")].map((box) => box.value);
    const { status, data } = await call("/api/propagate", {
      from: pendingRepeats.from,
      target: pendingRepeats.target,
      segments: picked,
    });
    document.getElementById("repeats").hidden = true;
    if (status !== 200) {
      say(data.error || "not saved", true);
      return;
    }
    for (const id of data.saved) {
      if (state.byId.has(id)) {
        const fresh = await call(api(""));
        fresh.data.segments.forEach(update);
        break;
      }
    }
    say("correction saved on " + data.saved.length + " other segment(s)");
  }

  // -- concordance ---------------------------------------------------------------------

  async function concordance(event) {
    event.preventDefault();
    const q = document.getElementById("concordance-q").value;
    const { status, data } = await call("/api/concordance?q=" + encodeURIComponent(q));
    if (status !== 200) {
      say(data.error, true);
      return;
    }
    const memory = document.getElementById("concordance-memory");
    const run = document.getElementById("concordance-run");
    memory.replaceChildren();
    run.replaceChildren();
    for (const hit of data.memory) {
      const item = el("li", "hit", hit.source + " → " + hit.target + " (" + (hit.editor || hit.origin || "?") + ")");
      if (!readOnly) {
        item.appendChild(button("fix", "fix", () => changeMemory(hit.source, window.prompt("Spanish", hit.target))));
        item.appendChild(button("delete", "delete", () => removeMemory(hit.source)));
      }
      memory.appendChild(item);
    }
    for (const hit of data.run) {
      run.appendChild(el("li", "hit", hit.segment + ": " + hit.source + " → " + hit.target));
    }
    document.getElementById("concordance").hidden = false;
  }

  async function removeMemory(source) {
    if (!window.confirm("Delete this memory entry?\n" + source)) {
      return;
    }
    const { status, data } = await call("/api/memory", { source: source, target: null });
    say(status === 200 ? "memory entry deleted" : data.error, status !== 200);
  }

  async function changeMemory(source, target) {
    if (target === null || target === "") {
      return; // the prompt was cancelled or left empty: nothing changes
    }
    const { status, data } = await call("/api/memory", { source: source, target: target });
    say(status === 200 ? "memory changed" : data.error, status !== 200);
  }

  // -- keys and polling ----------------------------------------------------------------

  function onKey(event) {
    const typing = event.target.matches("textarea, select, input:not([type=checkbox])");
    if (state.editing || typing || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    const seg = currentSeg();
    const keys = {
      j: () => moveTo(step(state.current, 1, true)),
      k: () => moveTo(step(state.current, -1, true)),
      Enter: () => seg && openEditor(seg.id),
      a: () => seg && approve(seg.id),
      u: () => seg && act(seg, "unapprove"),
      r: () => seg && reject(seg.id),
      c: () => seg && comment(seg.id),
      m: () => seg && act(seg, "revert"),
      x: () => seg && toggleSelected(seg.id),
      A: approveSelected,
    };
    // Caps Lock gives "A" for a plain a: only Shift makes it "approve selected"
    const key = event.key.length === 1 && !event.shiftKey ? event.key.toLowerCase() : event.key;
    if (keys[key]) {
      event.preventDefault();
      keys[key]();
    }
  }

  async function poll() {
    const { status, data } = await call(api("/changes?after=" + state.last));
    if (status === 200) {
      state.last = data.last;
      for (const seg of data.segments) {
        if (seg.id === state.editing) {
          const row = document.getElementById("seg-" + seg.id);
          row.classList.add("changed-meanwhile");
          row.title = "changed by " + seg.changed_by + " while you edit: saving will show both versions";
        } else {
          update(seg);
        }
      }
      const others = document.getElementById("others");
      others.hidden = data.editors.length === 0;
      others.textContent = "Also on this article: " + data.editors.join(", ");
    }
    state.polls += 1;
    if (state.polls % 5 === 1) {
      showPublished();
    }
    window.setTimeout(poll, POLL_MS);
  }

  async function showPublished() {
    const { status, data } = await call("/api/status");
    if (status === 200) {
      document.getElementById("publish-state").textContent =
        data.unpublished === 0 ? "all saves are in the run's files" : data.unpublished + " saves not yet in the files";
    }
  }

  async function load() {
    const { status, data } = await call(api(""));
    if (status !== 200) {
      say(data.error || "cannot load the article", true);
      return;
    }
    state.segments = data.segments;
    state.last = data.last;
    for (const seg of data.segments) {
      state.byId.set(seg.id, seg);
      rowsBody.appendChild(render(seg));
    }
    moveTo(step(-1, 1, false));
    document.getElementById("only-issues").addEventListener("change", applyFilter);
    document.getElementById("approve-selected").addEventListener("click", approveSelected);
    document.getElementById("keep-mine").addEventListener("click", keepMine);
    document.getElementById("take-theirs").addEventListener("click", closeConflict);
    document.getElementById("merge-hand").addEventListener("click", mergeByHand);
    document.getElementById("propagate").addEventListener("click", propagate);
    document.getElementById("repeats-close").addEventListener("click", () => {
      document.getElementById("repeats").hidden = true;
    });
    document.getElementById("concordance-form").addEventListener("submit", concordance);
    document.addEventListener("keydown", onKey);
    document.body.dataset.ready = "yes";
    window.setTimeout(poll, POLL_MS);
  }

  load();
})();
