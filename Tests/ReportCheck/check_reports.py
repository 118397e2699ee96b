#!/usr/bin/env python3
"""Checks the evaluators' HTML reports the way a person reads them, in headless Chromium.

For every report given:
  1. layout: the page is loaded with layout-check.js added at its end; the script measures,
     with the browser's layout, every text that overflows its box (HTML text outside the block
     that holds it, a table cell's content wider than the cell, SVG text outside its drawing)
     and every pair of texts that overlap, and writes its findings into the DOM, which
     `--dump-dom` hands back. Any finding fails the check.
  2. the one-page summary: the page is printed to PDF (`--print-to-pdf`) with the detail hidden;
     the PDF must have exactly one page, of A4 size (595 × 842 pt).
  3. a PNG of the whole page (`--screenshot`), for a person to look at, and a PDF of the
     whole report.
It also fails when the page has no lang attribute of fi, sv or en, or a phrase left
untranslated (⟦…⟧).

Usage: check_reports.py [--chromium PATH] [--out DIR] REPORT.html ...
Exit status: 0 when every report passes, 1 otherwise. Only the Python standard library.
"""
import argparse, html, json, os, re, shutil, signal, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
A4 = (595.28, 841.89)


def chromium(binary, args, timeout=180, attempts=2):
    """Runs headless Chromium in its own process group. Headless Chromium now and then hangs on
    a page it renders fine the next time (a clean-clone CI run of 2026-12-01: one screenshot of
    evaluate-v2-fi.html stuck past 180 s, among about 40 renders), so a run that times out is killed with all its helper processes and tried once
    more; a page that hangs twice fails the check."""
    base = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--disable-dev-shm-usage",
            "--no-first-run", "--no-default-browser-check", "--run-all-compositor-stages-before-draw"]
    for attempt in range(1, attempts + 1):
        p = subprocess.Popen(base + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        try:
            out, err = p.communicate(timeout=timeout)
            return subprocess.CompletedProcess(p.args, p.returncode, out, err)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            p.communicate()
            if attempt == attempts:
                raise
            print(f"report-check: Chromium timed out after {timeout} s on {args[-1]}; trying once more",
                  file=sys.stderr, flush=True)


def inject(text, addition):
    i = text.rfind("</body>")
    return text[:i] + addition + text[i:] if i >= 0 else text + addition


def layout(binary, page, workdir, name):
    script = open(os.path.join(HERE, "layout-check.js"), encoding="utf-8").read()
    probe = os.path.join(workdir, name + ".probe.html")
    with open(probe, "w", encoding="utf-8") as f:
        f.write(inject(page, "<script>\n" + script + "\n</script>"))
    r = chromium(binary, ["--window-size=1280,1000", "--virtual-time-budget=10000", "--dump-dom", "file://" + probe])
    found = re.findall(r"<pre id=\"layout-check-result\">(.*?)</pre>", r.stdout.decode("utf-8", "replace"), re.S)
    m = found[-1] if found else None
    if not m:
        raise RuntimeError("the layout check did not run: " + r.stderr.decode("utf-8", "replace")[-400:])
    return json.loads(html.unescape(m))


def pdf_pages(path):
    data = open(path, "rb").read()
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    boxes = [tuple(float(x) for x in b) for b in re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)]
    return pages, boxes


def print_pdf(binary, page, workdir, name, summary_only):
    path = os.path.join(workdir, name + (".summary" if summary_only else ".full") + ".print.html")
    extra = "<style>.detail, .page-foot { display: none !important; }</style>" if summary_only else ""
    with open(path, "w", encoding="utf-8") as f:
        f.write(inject(page, extra))
    pdf = os.path.join(workdir, name + (".summary.pdf" if summary_only else ".pdf"))
    if os.path.exists(pdf):
        os.remove(pdf)
    chromium(binary, ["--no-pdf-header-footer", "--print-to-pdf-no-header", "--virtual-time-budget=5000",
                      "--print-to-pdf=" + pdf, "file://" + path])
    if not os.path.exists(pdf):
        raise RuntimeError("Chromium printed no PDF for " + path)
    return pdf


def check(binary, report, out):
    name = os.path.splitext(os.path.basename(report))[0]
    page = open(report, encoding="utf-8").read()
    failures = []
    if "⟦" in page:
        failures.append("an untranslated phrase: " + page[page.index("⟦"):page.index("⟦") + 80])
    result = layout(binary, page, out, name)
    if result.get("lang") not in ("fi", "sv", "en"):
        failures.append("the page's lang attribute is %r" % result.get("lang"))
    for p in result["problems"]:
        failures.append("%s in %s: %s %s" % (p["kind"], p["where"], p["text"], p.get("box", "")))
    pdf = print_pdf(binary, page, out, name, summary_only=True)
    pages, boxes = pdf_pages(pdf)
    if pages != 1:
        failures.append("the summary prints on %d pages, not 1 (%s)" % (pages, pdf))
    for w, h in boxes:
        if abs(w - A4[0]) > 2 or abs(h - A4[1]) > 2:
            failures.append("the summary's page is %.0f × %.0f pt, not A4" % (w, h))
    full = print_pdf(binary, page, out, name, summary_only=False)
    full_pages, _ = pdf_pages(full)
    png = os.path.join(out, name + ".png")
    r = chromium(binary, ["--window-size=1280,%d" % max(800, min(int(result.get("height") or 9000) + 40, 16000)),
                          "--screenshot=" + png, "file://" + os.path.abspath(report)])
    if not os.path.exists(png) or os.path.getsize(png) < 20000:
        failures.append("no screenshot (or a blank one): " + png)
    status = "ok" if not failures else "FAILED"
    print("report-check: %s %s — %d texts measured, %d layout problems, summary %d page(s) A4, full report %d pages; %s, %s" % (
        status, report, result["texts"], len(result["problems"]), pages, full_pages, png, pdf))
    for f in failures[:40]:
        print("  " + f)
    if len(failures) > 40:
        print("  … %d more" % (len(failures) - 40))
    return not failures


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--chromium", default=shutil.which("chromium") or shutil.which("chromium-browser") or "chromium")
    ap.add_argument("--out", default=None)
    ap.add_argument("reports", nargs="+")
    a = ap.parse_args()
    out = a.out or tempfile.mkdtemp(prefix="seula-report-check-")
    os.makedirs(out, exist_ok=True)
    ok = True
    for r in a.reports:
        try:
            ok = check(a.chromium, r, out) and ok
        except Exception as e:  # a report that cannot be checked fails
            print("report-check: FAILED %s — %s" % (r, e))
            ok = False
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
