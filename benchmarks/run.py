"""docgen benchmarks, measured side by side in one run: `python benchmarks/run.py [--repeat 5]`.

Prints each figure (median of --repeat runs) with its target. Needs pandoc for the first ratio.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SAMPLE = ROOT / "samples" / "tender-25a.yaml"
ENV = dict(os.environ, PYTHONPATH=str(ROOT))


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run(cmd: list[str]) -> None:
    subprocess.run(cmd, cwd=ROOT, env=ENV, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def docgen(*args: str) -> list[str]:
    return [sys.executable, "-m", "generator", *args]


def machine() -> str:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"{os.cpu_count()} CPU ({cpu}), Python {platform.python_version()}, load average {load:.1f} at start"


def row(name: str, value: str, target: str, ok: bool | None) -> None:
    mark = "" if ok is None else ("ok" if ok else "MISSAR")
    print(f"{name:<48} {value:>22}   mål: {target:<16} {mark}")


def bench_docx_cold(tmp: Path, repeat: int) -> None:
    out = tmp / "cold"
    run(docgen("tender", "--route", "25a", "--format", "md", "--out", str(out), "--force"))
    md = next(out.glob("*.md"))
    t_docgen = median_time(lambda: run(docgen("tender", "--route", "25a", "--format", "docx", "--out", str(out), "--force")), repeat)
    if shutil.which("pandoc"):
        t_pandoc = median_time(lambda: run(["pandoc", str(md), "-o", str(tmp / "pandoc.docx")]), repeat)
        ratio = t_docgen / t_pandoc
        row("DOCX kall process: docgen / pandoc", f"{t_docgen:.3f} s / {t_pandoc:.3f} s = {ratio:.2f}×", "≤ 1.0×", ratio <= 1.0)
    else:
        row("DOCX kall process: docgen (pandoc saknas)", f"{t_docgen:.3f} s", "≤ 1.0× pandoc", None)


def bench_warm(tmp: Path, repeat: int) -> None:
    from generator.build import build
    from generator.kinds import load_case
    from generator.library import load_library
    from generator.tree import parse
    from generator.writers.html import render_html

    def full(formats):
        return build("tender", load_case(SAMPLE, expect="tender"), load_library(), formats, companions=False).main

    full(["docx"])  # warm up: imports, template cache, Word skeleton
    t_warm = median_time(lambda: full(["docx"]), max(repeat, 10))
    row("DOCX varm rendering i processen", f"{t_warm * 1000:.0f} ms", "≤ 50 ms", t_warm <= 0.050)

    result = full(["pdf"])
    html = render_html(parse(result.document.markdown), result.document)
    from weasyprint import HTML

    # WeasyPrint alone writes what docgen asks of it (a tagged PDF/UA-1 with form fields), so the ratio is
    # docgen's own share: the case, the clauses, the tree, the HTML
    from generator.writers.pdf import DEFAULT_VARIANT, PDF_VARIANTS

    t_weasy = median_time(lambda: HTML(string=html, base_url=None).write_pdf(
        pdf_variant=PDF_VARIANTS[DEFAULT_VARIANT], pdf_tags=True, pdf_forms=True, custom_metadata=True), repeat)
    t_pdf = median_time(lambda: full(["pdf"]), repeat)
    ratio = t_pdf / t_weasy
    row("PDF: docgen totalt / WeasyPrint ensam", f"{t_pdf:.3f} s / {t_weasy:.3f} s = {ratio:.2f}×", "≤ 1.15×", ratio <= 1.15)


def bench_startup(tmp: Path, repeat: int) -> None:
    t_help = median_time(lambda: run(docgen("--help")), repeat)
    row("docgen --help, start", f"{t_help:.3f} s", "≤ 0.3 s", t_help <= 0.3)
    probe = subprocess.run([sys.executable, "-X", "importtime", "-m", "generator", "tender", "--route", "25a",
                            "--format", "docx", "--out", str(tmp / "probe"), "--force"],
                           cwd=ROOT, env=ENV, capture_output=True, text=True)
    weasy = "weasyprint" in probe.stderr
    row("WeasyPrint importeras vid --format docx", "ja" if weasy else "nej", "nej", not weasy)


def bench_check(tmp: Path, repeat: int) -> None:
    """`docgen check` over the library and all samples: the first run renders every sample (in parallel),
    later runs of unchanged inputs read the cache by content."""
    cache = tmp / "check-cache"
    env = dict(ENV, DOCGEN_CACHE_DIR=str(cache))

    def check() -> None:
        subprocess.run(docgen("check"), cwd=ROOT, env=env, check=False, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)

    shutil.rmtree(cache, ignore_errors=True)
    t_cold = median_time(check, 1)
    t_warm = median_time(check, repeat)
    row("docgen check, exemplen renderas (kall cache)", f"{t_cold:.1f} s", "(rapporteras)", None)
    row("docgen check, oförändrade indata", f"{t_warm:.2f} s", "≤ 3 s", t_warm <= 3.0)


def make_batch(folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    text = SAMPLE.read_text(encoding="utf-8")
    for i in range(count):
        (folder / f"case-{i:03d}.yaml").write_text(text.replace("VON 2026/412", f"VON 2026/{i}"), encoding="utf-8")


def timed_batch(cases: Path, out: Path, jobs: int) -> tuple[float, int]:
    """Wall time and peak RSS (kB) of the largest process of one batch run (workers included)."""
    code = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
            "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True); "
            "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    shutil.rmtree(out, ignore_errors=True)
    done = subprocess.run([sys.executable, "-c", code, *docgen("batch", str(cases), "--out", str(out), "--jobs", str(jobs),
                                                              "--format", "docx")],
                          cwd=ROOT, env=ENV, capture_output=True, text=True, check=True)
    seconds, rss = done.stdout.split()
    return float(seconds), int(rss)


def bench_batch(tmp: Path, count: int, repeat: int) -> None:
    cases = tmp / "batch-cases"
    make_batch(cases, count)
    one = [timed_batch(cases, tmp / "b1", 1) for _ in range(repeat)]
    two = [timed_batch(cases, tmp / "b2", 2) for _ in range(repeat)]
    t1 = statistics.median(t for t, _ in one)
    t2 = statistics.median(t for t, _ in two)
    speedup = t1 / t2
    row(f"batch {count} ärenden: 1 / 2 processer", f"{t1:.1f} s / {t2:.1f} s = {speedup:.2f}×", "≥ 1.7×", speedup >= 1.7)
    row("batch: högsta minne per process (RSS)", f"{max(r for _, r in two) / 1024:.0f} MB", "(rapporteras)", None)


def bench_growth(tmp: Path, repeat: int) -> None:
    from generator.build import build
    from generator.kinds import load_case
    from generator.library import load_library

    loaded = load_case(SAMPLE, expect="tender")

    def render(library):
        return build("tender", loaded, library, ["docx"], companions=False).main

    base = None
    for factor in (1, 10, 100):
        lib = tmp / f"lib-{factor}"
        shutil.copytree(ROOT / "clauses", lib, dirs_exist_ok=True)
        for path in lib.rglob("*.md"):
            if path.name.lower() == "readme.md":
                continue
            text = path.read_text(encoding="utf-8")
            head, body = re.match(r"(?s)(\A---.*?\n---\n)(.*)", text).groups()
            path.write_text(head + "\n\n".join([body.strip()] * factor) + "\n", encoding="utf-8")
        library = load_library(lib)
        result = render(library)
        length = len(result.document.markdown)
        seconds = median_time(lambda: render(library), repeat if factor < 100 else 3)
        if base is None:
            base = (length, seconds)
            row("tillväxt: provets längd (DOCX)", f"{length} tecken {seconds * 1000:.0f} ms", "linjär", None)
        else:
            per_length = (seconds / base[1]) / (length / base[0])
            row(f"tillväxt: {factor}× längden (DOCX)", f"tid {seconds / base[1]:.1f}× (per tecken {per_length:.2f}×)",
                "linjär (≈1×)", per_length <= 1.3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure; the median is shown (default 5)")
    parser.add_argument("--batch-cases", type=int, default=200)
    parser.add_argument("--batch-repeat", type=int, default=None, help="runs of each batch (default: --repeat)")
    parser.add_argument("--skip", default="", help="comma-separated: cold,warm,startup,check,batch,growth")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    print(f"docgen benchmarks – {machine()}; median av {args.repeat} körningar")
    # `pip install` byte-compiles the package; a checkout run with PYTHONDONTWRITEBYTECODE=1 would
    # compile every module from source on each start (~65 ms). Measure what an installed docgen does.
    import compileall

    compileall.compile_dir(str(ROOT / "generator"), quiet=1)
    with tempfile.TemporaryDirectory(prefix="docgen-bench-") as name:
        tmp = Path(name)
        if "cold" not in skip:
            bench_docx_cold(tmp, args.repeat)
        if "warm" not in skip:
            bench_warm(tmp, args.repeat)
        if "startup" not in skip:
            bench_startup(tmp, args.repeat)
        if "check" not in skip:
            bench_check(tmp, args.repeat)
        if "batch" not in skip:
            bench_batch(tmp, args.batch_cases, args.batch_repeat or args.repeat)
        if "growth" not in skip:
            bench_growth(tmp, args.repeat)


if __name__ == "__main__":
    main()
