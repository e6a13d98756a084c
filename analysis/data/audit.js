/* Accuracy audit page: one sheet row at a time, judged by keyboard, kept in localStorage,
   exported as the filled CSV. No network; everything the page needs is in this file. */
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("audit-data").textContent);
  const cols = data.columns, rows = data.rows;
  const at = name => cols.indexOf(name);
  const C = {row: at("row"), measure: at("measure"), outlet: at("outlet"), event: at("event"),
    question: at("question"), predicted: at("predicted"), options: at("options"), context: at("context"),
    start: at("span_start"), end: at("span_end"), detail: at("detail"), truth: at("truth"), note: at("note")};
  const FORMULA = "=+-@\t\r";
  const plain = s => (s.length > 1 && s[0] === "'" && FORMULA.includes(s[1])) ? s.slice(1) : s;
  const storeKey = "analysis-audit:" + data.key;
  let state = {};
  try { state = JSON.parse(localStorage.getItem(storeKey) || "{}") || {}; } catch (e) { state = {}; }
  const save = () => { try { localStorage.setItem(storeKey, JSON.stringify(state)); } catch (e) { /* private mode */ } };
  const $ = id => document.getElementById(id);
  const firstOpen = () => { const i = rows.findIndex(r => !(state[r[C.row]] || {}).truth); return i < 0 ? rows.length - 1 : i; };
  let pos = firstOpen();

  function judgedCount() { return rows.filter(r => (state[r[C.row]] || {}).truth).length; }

  function render() {
    const r = rows[pos], id = r[C.row], mine = state[id] || {};
    $("progress").textContent = judgedCount() + " of " + rows.length + " judged";
    $("position").textContent = "row " + id + " of " + rows.length;
    $("barfill").style.width = (100 * judgedCount() / rows.length) + "%";
    $("measure").textContent = plain(r[C.measure]).replace(/_/g, " ");
    $("where").textContent = plain(r[C.outlet]) + " · " + plain(r[C.event]);
    $("question").textContent = plain(r[C.question]);
    const ctx = $("context"), text = plain(r[C.context]);
    const s = parseInt(r[C.start], 10), e = parseInt(r[C.end], 10);
    ctx.textContent = "";
    if (s >= 0 && e > s && e <= text.length) {
      ctx.append(text.slice(0, s));
      const m = document.createElement("mark"); m.textContent = text.slice(s, e); ctx.append(m);
      ctx.append(text.slice(e));
    } else { ctx.textContent = text; }
    const det = $("detail");
    det.textContent = plain(r[C.detail]);
    det.className = "detail" + (r[C.measure] === "aligned_pair" ? " pair" : "");
    const opts = $("options"); opts.textContent = "";
    r[C.options].split("|").forEach(o => {
      const b = document.createElement("button");
      b.type = "button"; b.dataset.value = o;
      const k = document.createElement("kbd"); k.textContent = keyOf(r, o);
      b.append(k, document.createTextNode(o + (o === r[C.predicted] ? " (tool)" : "")));
      if (o === r[C.predicted]) b.classList.add("predicted");
      if (mine.truth === o) b.classList.add("chosen");
      b.addEventListener("click", () => judge(o));
      opts.append(b);
    });
    $("note").value = mine.note || "";
    $("done").hidden = judgedCount() < rows.length;
    const m = ctx.querySelector("mark"); if (m) m.scrollIntoView({block: "nearest"});
  }

  /* keys: 1-9 and 0 for the answers in order, o for "other", u for "unsure" */
  const SPECIAL = {other: "o", unsure: "u"};
  function numbered(r) { return r[C.options].split("|").filter(o => !(o in SPECIAL)).slice(0, 10); }
  function keyOf(r, o) {
    if (o in SPECIAL) return SPECIAL[o];
    const i = numbered(r).indexOf(o);
    return i < 0 ? "" : String((i + 1) % 10);
  }

  function judge(value) {
    const id = rows[pos][C.row];
    state[id] = Object.assign({}, state[id] || {}, {truth: value});
    save();
    if (pos < rows.length - 1) pos += 1;
    render();
  }

  function opposite(r) {
    const opts = r[C.options].split("|").filter(o => o !== "unsure");
    return opts.length === 2 ? opts.find(o => o !== r[C.predicted]) : null;
  }

  function csvCell(v) { return /[",\n\r]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v; }
  function neutral(v) { return v && FORMULA.includes(v[0]) ? "'" + v : v; }

  function exportText() {
    const lines = [cols.map(csvCell).join(",")];
    rows.forEach(r => {
      const out = r.slice(), mine = state[r[C.row]] || {};
      out[C.truth] = mine.truth || ""; out[C.note] = neutral(mine.note || "");
      lines.push(out.map(csvCell).join(","));
    });
    return lines.join("\n") + "\n";
  }
  window.auditExportText = exportText;

  function download() {
    const url = URL.createObjectURL(new Blob([exportText()], {type: "text/csv"}));
    const a = document.createElement("a");
    a.href = url; a.download = data.filename; document.body.append(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  $("note").addEventListener("input", ev => {
    const id = rows[pos][C.row];
    state[id] = Object.assign({}, state[id] || {}, {note: ev.target.value}); save();
  });
  $("prev").addEventListener("click", () => { if (pos > 0) { pos -= 1; render(); } });
  $("next").addEventListener("click", () => { if (pos < rows.length - 1) { pos += 1; render(); } });
  $("export").addEventListener("click", download);

  document.addEventListener("keydown", ev => {
    if (ev.target === $("note")) { if (ev.key === "Escape" || ev.key === "Enter") { ev.preventDefault(); $("note").blur(); } return; }
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const r = rows[pos], opts = numbered(r), all = r[C.options].split("|");
    const digit = /^[0-9]$/.test(ev.key) ? (parseInt(ev.key, 10) + 9) % 10 : -1;
    let handled = true;
    if (digit >= 0 && digit < opts.length) judge(opts[digit]);
    else if (ev.key === "Enter" || ev.key === "y") judge(r[C.predicted]);
    else if (ev.key === "n" && opposite(r)) judge(opposite(r));
    else if (ev.key === "u" && all.includes("unsure")) judge("unsure");
    else if (ev.key === "o" && all.includes("other")) judge("other");
    else if (ev.key === "ArrowLeft" || ev.key === "Backspace" || ev.key === "k") { if (pos > 0) { pos -= 1; render(); } }
    else if (ev.key === "ArrowRight" || ev.key === "j") { if (pos < rows.length - 1) { pos += 1; render(); } }
    else if (ev.key === "g") { pos = firstOpen(); render(); }
    else if (ev.key === "c") { $("note").focus(); }
    else if (ev.key === "e") download();
    else handled = false;
    if (handled) ev.preventDefault();
  });
  render();
})();
