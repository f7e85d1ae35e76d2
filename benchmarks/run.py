"""docgen benchmarks, measured side by side in one run: `python benchmarks/run.py [--repeat 5]`.

Prints each figure (median of --repeat runs) with its target (issue 25's table), and the machine's load
before and after each group: the machine may be shared, so a ratio is measured with both sides
interleaved, and a process's CPU time (user + system) is shown beside its wall time. Needs pandoc for
the DOCX ratio. The `docgen check` rows edit a copy of the library in a temporary folder, never the
checkout, and use a cache folder of their own; `--tests` also times the test suite (slow).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
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


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_process(fn, repeat: int) -> tuple[float, float]:
    """Median wall time and median CPU time (user + system of the processes ``fn`` runs)."""
    walls, cpus = [], []
    for _ in range(repeat):
        cpu, start = children_cpu(), time.perf_counter()
        fn()
        walls.append(time.perf_counter() - start)
        cpus.append(children_cpu() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def paired(fn_a, fn_b, repeat: int) -> tuple[tuple[float, float], tuple[float, float]]:
    """Two processes timed alternately (a, b, a, b …), so both meet the same load: (wall, CPU) medians."""
    a, b = [], []
    for _ in range(repeat):
        a.append(timed_process(fn_a, 1))
        b.append(timed_process(fn_b, 1))
    return ((statistics.median(w for w, _ in a), statistics.median(c for _, c in a)),
            (statistics.median(w for w, _ in b), statistics.median(c for _, c in b)))


def run(cmd: list[str], env: dict | None = None) -> None:
    subprocess.run(cmd, cwd=ROOT, env=env or ENV, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def load() -> str:
    return "belastning %.1f / %.1f / %.1f" % os.getloadavg() if hasattr(os, "getloadavg") else "belastning ?"


def group(name: str) -> None:
    print(f"-- {name} ({load()})")


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
    """A new process for the 25a sample's DOCX (its compiled clause texts in the cache from an earlier run,
    as on a lawyer's machine), against pandoc on the same Markdown, alternately."""
    group("DOCX, kall process")
    out = tmp / "cold"
    run(docgen("tender", "--route", "25a", "--format", "md", "--out", str(out), "--force"))
    md = next(out.glob("*.md"))
    command = docgen("tender", "--route", "25a", "--format", "docx", "--out", str(out), "--force")
    empty = dict(ENV, DOCGEN_CACHE_DIR=str(tmp / "empty-cache"))

    def without_cache() -> None:
        shutil.rmtree(tmp / "empty-cache", ignore_errors=True)
        run(command, empty)

    t_empty = timed_process(without_cache, repeat)
    run(command)   # the compiled clause texts are cached now
    if shutil.which("pandoc"):
        (t_docgen, c_docgen), (t_pandoc, c_pandoc) = paired(lambda: run(command), lambda: run(
            ["pandoc", str(md), "-o", str(tmp / "pandoc.docx")]), repeat)
        ratio = t_docgen / t_pandoc
        row("DOCX kall process: docgen / pandoc", f"{t_docgen:.3f} s / {t_pandoc:.3f} s = {ratio:.2f}×", "≤ 1.0×",
            ratio <= 1.0)
        row("  samma, CPU-tid (user+sys)", f"{c_docgen:.3f} s / {c_pandoc:.3f} s = {c_docgen / c_pandoc:.2f}×", "(visas)",
            None)
    else:
        t_docgen, c_docgen = timed_process(lambda: run(command), repeat)
        row("DOCX kall process: docgen (pandoc saknas)", f"{t_docgen:.3f} s (CPU {c_docgen:.3f} s)", "≤ 1.0× pandoc", None)
    row("  samma, tom cache (första körningen)", f"{t_empty[0]:.3f} s (CPU {t_empty[1]:.3f} s)", "(visas)", None)
    t_pass, c_pass = timed_process(lambda: run([sys.executable, "-c", "pass"]), repeat)
    row("  python -c pass (Pythons egen start)", f"{t_pass:.3f} s (CPU {c_pass:.3f} s)", "(visas)", None)


def bench_warm(tmp: Path, repeat: int) -> None:
    from generator.build import build
    from generator.kinds import load_case
    from generator.library import load_library
    from generator.tree import parse
    from generator.writers.html import render_html

    def full(formats):
        return build("tender", load_case(SAMPLE, expect="tender"), load_library(), formats, companions=False).main

    group("i processen")
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
    row("PDF: docgen totalt / WeasyPrint ensam", f"{t_pdf:.3f} s / {t_weasy:.3f} s = {ratio:.2f}×", "≤ 1.10×", ratio <= 1.10)


def bench_startup(tmp: Path, repeat: int) -> None:
    group("start")
    (t_help, c_help), (t_pass, c_pass) = paired(lambda: run(docgen("--help")),
                                                lambda: run([sys.executable, "-c", "pass"]), repeat)
    row("docgen --help, start", f"{t_help:.3f} s (CPU {c_help:.3f} s)", "≤ 0.15 s", t_help <= 0.15)
    row("  python -c pass bredvid", f"{t_pass:.3f} s (CPU {c_pass:.3f} s)", "(visas)", None)
    probe = subprocess.run([sys.executable, "-X", "importtime", "-m", "generator", "tender", "--route", "25a",
                            "--format", "docx", "--out", str(tmp / "probe"), "--force"],
                           cwd=ROOT, env=ENV, capture_output=True, text=True)
    for module in ("weasyprint", "docxcompose", "urllib.request"):
        imported = f" {module}\n" in probe.stderr
        row(f"{module} importeras vid --format docx", "ja" if imported else "nej", "nej", not imported)


CHANGED_ONE = "policy/borg/purpose.md"        # held by one sample (policy-borg)
CHANGED_ALL = "admin/confidentiality.md"      # held by every tender sample


def library_copy(tmp: Path) -> Path:
    """The library, templates and samples copied to a temporary folder: the edits go there."""
    copy = tmp / "library-copy"
    shutil.rmtree(copy, ignore_errors=True)
    for name in ("clauses", "templates", "samples"):
        shutil.copytree(ROOT / name, copy / name)
    return copy


def bench_check(tmp: Path, repeat: int) -> None:
    """`docgen check` over a copy of the library and all samples: cold (empty cache), unchanged, and after
    one sentence is added to one clause (the samples that hold it are checked again, the others come
    from the cache)."""
    group("docgen check")
    copy = library_copy(tmp)
    cache = tmp / "check-cache"
    env = dict(ENV, DOCGEN_CACHE_DIR=str(cache))
    args = docgen("check", "--clauses", str(copy / "clauses"), "--templates", str(copy / "templates"),
                  "--samples", str(copy / "samples"))

    def check() -> None:
        subprocess.run(args, cwd=ROOT, env=env, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def cold() -> None:
        shutil.rmtree(cache, ignore_errors=True)
        check()

    t_cold, c_cold = timed_process(cold, 1)
    row("docgen check, kall (tom cache)", f"{t_cold:.1f} s (CPU {c_cold:.1f} s)", "≤ 20 s", t_cold <= 20)
    t_warm, c_warm = timed_process(check, repeat)
    row("docgen check, oförändrade indata", f"{t_warm:.2f} s (CPU {c_warm:.2f} s)", "≤ 3 s", t_warm <= 3.0)
    for clause, label in ((CHANGED_ONE, "1 exempel"), (CHANGED_ALL, "alla 12 anbudsexempel")):
        path = copy / "clauses" / clause
        edits = iter(range(1000))

        def edited_check() -> None:
            with path.open("a", encoding="utf-8") as handle:
                handle.write(f"\nDenna mening har lagts till för mätningen ({next(edits)}).\n")
            check()

        t_edit, c_edit = timed_process(edited_check, repeat)
        row(f"docgen check efter ändrad klausul ({label})", f"{t_edit:.2f} s (CPU {c_edit:.2f} s)", "≤ 3 s",
            t_edit <= 3.0)
    row("  (ändrade klausuler)", f"{CHANGED_ONE}, {CHANGED_ALL}", "", None)


def bench_tests() -> None:
    """The test suite as the README runs it (`-n auto`: every core) and its fast in-process part."""
    group("testsviten")
    for label, extra, target in (("python -m pytest -q", [], 120.0),
                                 ('python -m pytest -q -m "unit and not slow"', ["-m", "unit and not slow"], 20.0)):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "pytest", "-q", *extra], cwd=ROOT, check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seconds = time.perf_counter() - start
        row(label, f"{seconds:.0f} s", f"≤ {target:.0f} s", seconds <= target)


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
    group("batch")
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

    group("tillväxt")
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
    parser.add_argument("--tests", action="store_true", help="also time the test suite (minutes; all cores)")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    print(f"docgen benchmarks – {machine()}; median av {args.repeat} körningar")
    # `pip install` byte-compiles the package; a checkout run with PYTHONDONTWRITEBYTECODE=1 would
    # compile every module from source on each start (~65 ms). Measure what an installed docgen does.
    import compileall

    compileall.compile_dir(str(ROOT / "generator"), quiet=1)
    with tempfile.TemporaryDirectory(prefix="docgen-bench-") as name:
        tmp = Path(name)
        # docgen's own cache (compiled clause texts, check results) in the temporary folder, not the user's
        ENV["DOCGEN_CACHE_DIR"] = str(tmp / "cache")
        os.environ["DOCGEN_CACHE_DIR"] = ENV["DOCGEN_CACHE_DIR"]
        if "check" not in skip:
            bench_check(tmp, args.repeat)
        if "cold" not in skip:
            bench_docx_cold(tmp, args.repeat)
        if "warm" not in skip:
            bench_warm(tmp, args.repeat)
        if "startup" not in skip:
            bench_startup(tmp, args.repeat)
        if "batch" not in skip:
            bench_batch(tmp, args.batch_cases, args.batch_repeat or args.repeat)
        if "growth" not in skip:
            bench_growth(tmp, args.repeat)
        if args.tests:
            bench_tests()
        else:
            row("python -m pytest -q", "(--tests)", "≤ 120 s", None)
            row('python -m pytest -q -m "unit and not slow"', "(--tests)", "≤ 20 s", None)
    print(f"-- slut ({load()})")


if __name__ == "__main__":
    main()
