// Measures, with the browser's own layout, what a reader of a Seula report sees:
//  - overflow: a text that runs out of its box (an HTML text outside the nearest block that
//    holds it, an SVG text outside its <svg>), or a table cell whose content is wider than the cell;
//  - overlap: two texts of different elements whose boxes intersect (HTML or SVG, anywhere).
// It writes its findings as JSON into a PRE element (id layout-check-result) at the end of the page, so
// `chromium --headless --dump-dom` carries them out. Boxes are compared with a tolerance of 1 px.
(function () {
  const tol = 1;
  const problems = [];
  const boxes = [];   // {r, owner, text}
  function describe(el) {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    const sec = el.closest('section, .sheet, figure');
    if (sec) {
      const h = sec.querySelector('h2, h3, svg > title');
      if (h) s += ' in "' + h.textContent.trim().slice(0, 50) + '"';
    }
    return s;
  }
  function clipText(t) { return t.replace(/\s+/g, ' ').trim().slice(0, 60); }
  function blockOf(node) {
    let el = node.parentElement;
    while (el && getComputedStyle(el).display === 'inline') el = el.parentElement;
    return el;
  }
  // HTML text nodes.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    if (!node.textContent.trim()) continue;
    const parent = node.parentElement;
    if (!parent || parent.closest('svg') || parent.closest('#layout-check-result') || parent.closest('title')) continue;
    const style = getComputedStyle(parent);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const block = blockOf(node);
    const br = block.getBoundingClientRect();
    for (const r of range.getClientRects()) {
      if (r.width < 0.5 || r.height < 0.5) continue;
      boxes.push({ r, owner: parent, text: clipText(node.textContent) });
      if (r.left < br.left - tol || r.right > br.right + tol || r.top < br.top - tol || r.bottom > br.bottom + tol) {
        problems.push({ kind: 'overflow', where: describe(block), text: clipText(node.textContent),
                        box: [r.left, r.top, r.right, r.bottom].map(Math.round), container: [br.left, br.top, br.right, br.bottom].map(Math.round) });
      }
    }
  }
  for (const cell of document.querySelectorAll('td, th')) {
    if (cell.scrollWidth > cell.clientWidth + tol) {
      problems.push({ kind: 'overflow', where: describe(cell), text: clipText(cell.textContent), box: [cell.scrollWidth, cell.clientWidth] });
    }
  }
  // SVG texts: inside their drawing, and not on top of another text.
  for (const t of document.querySelectorAll('svg text')) {
    const r = t.getBoundingClientRect();
    if (r.width < 0.5) continue;
    const svg = t.ownerSVGElement;
    const sr = svg.getBoundingClientRect();
    boxes.push({ r, owner: t, text: clipText(t.textContent) });
    if (r.left < sr.left - tol || r.right > sr.right + tol || r.top < sr.top - tol || r.bottom > sr.bottom + tol) {
      problems.push({ kind: 'overflow', where: describe(svg), text: clipText(t.textContent),
                      box: [r.left, r.top, r.right, r.bottom].map(Math.round), container: [sr.left, sr.top, sr.right, sr.bottom].map(Math.round) });
    }
  }
  // Overlaps, by rows of 40 px so the pairs compared stay few.
  const rows = new Map();
  boxes.forEach((b, i) => {
    for (let y = Math.floor((b.r.top + window.scrollY) / 40); y <= Math.floor((b.r.bottom + window.scrollY) / 40); y++) {
      if (!rows.has(y)) rows.set(y, []);
      rows.get(y).push(i);
    }
  });
  const seen = new Set();
  for (const list of rows.values()) {
    for (let a = 0; a < list.length; a++) {
      for (let b = a + 1; b < list.length; b++) {
        const p = boxes[list[a]], q = boxes[list[b]];
        if (p.owner === q.owner || p.owner.contains(q.owner) || q.owner.contains(p.owner)) continue;
        const w = Math.min(p.r.right, q.r.right) - Math.max(p.r.left, q.r.left);
        const h = Math.min(p.r.bottom, q.r.bottom) - Math.max(p.r.top, q.r.top);
        if (w > tol && h > tol) {
          const key = list[a] + ':' + list[b];
          if (seen.has(key)) continue;
          seen.add(key);
          problems.push({ kind: 'overlap', where: describe(p.owner), text: p.text + ' ⟷ ' + q.text,
                          box: [p.r.left, p.r.top, p.r.right, p.r.bottom, q.r.left, q.r.top, q.r.right, q.r.bottom].map(Math.round) });
        }
      }
    }
  }
  const summary = document.getElementById('summary');
  const out = { texts: boxes.length, problems, lang: document.documentElement.lang,
                height: Math.ceil(document.documentElement.scrollHeight),
                summaryHeight: summary ? Math.round(summary.getBoundingClientRect().height) : null };
  const pre = document.createElement('pre');
  pre.id = 'layout-check-result';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
