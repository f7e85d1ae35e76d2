"""`docgen batch`: render every case file of a folder in parallel processes, past any bad case."""

from __future__ import annotations

import os
import signal
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import click

from .options import parse_formats
from ..errors import DocgenError


@dataclass
class Outcome:
    case: str
    ok: bool
    files: int
    seconds: float
    message: str = ""


_LIBRARY = None  # the bundled clause library, read once per worker process


def bundled_library():
    global _LIBRARY
    if _LIBRARY is None:
        from ..library import load_library

        _LIBRARY = load_library()
    return _LIBRARY


def render_case(path: Path, kind: str, out: Path, formats: list[str], force: bool,
                extras: frozenset[str] = frozenset()) -> list[Path]:
    """``extras`` (``motiv``, ``notice``) are the tender's optional documents; other kinds have none."""
    from ..build import produce
    from ..kinds import KINDS

    own = KINDS[kind]
    return produce(own, path, out, formats, force=force, library=bundled_library(),
                   optional=tuple(e for e in sorted(extras) if e in own.optional),
                   extras=tuple(e for e in sorted(extras) if e in own.extras)).written


def document_kind(path: Path) -> str:
    """The case file's `document:` value, read cheaply (the renderer validates the whole file)."""
    from ..kinds import KINDS
    from ..yamlfile import parse_yaml, read_text_file

    data, lines = parse_yaml(read_text_file(path, "ärendefilen"), str(path))
    if data is None:
        raise DocgenError("ärendefilen är tom", where=str(path), hint="utgå från en fil i samples/")
    if not isinstance(data, dict):
        raise DocgenError("ärendefilen ska vara en mappning med nycklar som document, route och date", where=str(path))
    kind = data.get("document")
    if kind not in KINDS:
        raise DocgenError(f"okänt eller saknat document: {kind!r}", where=lines.where(("document",)),
                          hint="batch kan göra " + ", ".join(KINDS))
    return str(kind)


def _worker_init() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides; workers never die half-way on Ctrl-C


def render_one(path: Path, out_root: Path, formats: list[str], force: bool,
               extras: frozenset[str] = frozenset()) -> Outcome:
    """Run in a worker: one case into out_root/<case stem>/; any failure becomes an Outcome."""
    start = time.perf_counter()
    try:
        written = render_case(path, document_kind(path), out_root / path.stem, formats, force, extras)
        return Outcome(path.name, True, len(written), time.perf_counter() - start)
    except DocgenError as exc:
        return Outcome(path.name, False, 0, time.perf_counter() - start, exc.one_line())
    except Exception as exc:  # noqa: BLE001 - a bug in one case must not stop the batch
        return Outcome(path.name, False, 0, time.perf_counter() - start, f"internt fel ({type(exc).__name__}: {exc})")


def _progress(done: int, total: int, failed: int) -> None:
    width = 30
    filled = width * done // total if total else width
    bar = "#" * filled + "-" * (width - filled)
    end = "\n" if done == total else ""
    click.echo(f"\r[{bar}] {done}/{total}" + (f", {failed} fel" if failed else ""), err=True, nl=False)
    if end:
        click.echo("", err=True)


def summary_table(outcomes: list[Outcome]) -> str:
    width = max([len("ärende")] + [len(o.case) for o in outcomes])
    rows = [f"{'ärende':<{width}}  {'status':<6}  {'filer':>5}  {'tid':>7}"]
    for o in outcomes:
        rows.append(f"{o.case:<{width}}  {'ok' if o.ok else 'FEL':<6}  {o.files:>5}  {o.seconds:>6.2f}s"
                    + (f"  {o.message}" if o.message else ""))
    return "\n".join(rows)


@click.command()
@click.argument("cases_dir", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option("--out", "out", type=click.Path(path_type=Path, file_okay=False), required=True,
              help="Katalog där varje ärende får en egen underkatalog.")
@click.option("--jobs", "jobs", type=click.IntRange(1, 64), default=None,
              help="Antal parallella processer (standard: antal kärnor).")
@click.option("--format", "formats", default="docx,pdf,html,md", show_default=True,
              help="Kommaseparerade format: docx, pdf, html, md.")
@click.option("--force", is_flag=True, help="Skriv över filer som ändrats sedan docgen skrev dem.")
@click.option("--motiv", is_flag=True,
              help="Upphandlingsärenden: skriv också Motiv till ställda krav (internt, i intern/).")
@click.option("--notice", is_flag=True, help="Upphandlingsärenden: skriv också annonsuppgifterna (eForms-fält).")
def batch(cases_dir: Path, out: Path, jobs: int | None, formats: str, force: bool, motiv: bool = False,
          notice: bool = False) -> None:
    """Skriv dokument för alla ärendefiler (*.yaml) i en katalog, parallellt."""
    fmts = parse_formats(formats)
    extras = frozenset(name for name, on in (("motiv", motiv), ("notice", notice)) if on)
    paths = sorted(p for p in cases_dir.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    if not paths:
        raise DocgenError("inga ärendefiler (*.yaml) i katalogen", where=str(cases_dir))
    stems = [p.stem for p in paths]
    duplicate = next((s for s in stems if stems.count(s) > 1), None)
    if duplicate:
        raise DocgenError(f"två ärendefiler skulle skriva till samma katalog {duplicate}/", where=str(cases_dir),
                          hint="byt namn på den ena (.yaml/.yml)")
    jobs = jobs or os.cpu_count() or 1
    outcomes: dict[str, Outcome] = {}
    _progress(0, len(paths), 0)
    if jobs == 1:
        for path in paths:
            outcomes[path.name] = render_one(path, out, fmts, force, extras)
            _progress(len(outcomes), len(paths), sum(not o.ok for o in outcomes.values()))
    else:
        from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait  # only here: 20 ms at start-up

        pool = ProcessPoolExecutor(max_workers=min(jobs, len(paths)), initializer=_worker_init)
        try:
            pending = {pool.submit(render_one, path, out, fmts, force, extras) for path in paths}
            while pending:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    outcome = future.result()
                    outcomes[outcome.case] = outcome
                _progress(len(outcomes), len(paths), sum(not o.ok for o in outcomes.values()))
        except BaseException:
            # Ctrl-C: drop what has not started; running cases finish their (atomic) writes.
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown(wait=True)
    ordered = [outcomes[p.name] for p in paths]
    click.echo(summary_table(ordered))
    failed = sum(not o.ok for o in ordered)
    click.echo(f"{len(ordered) - failed} av {len(ordered)} ärenden klara" + (f", {failed} med fel" if failed else ""))
    if failed:
        sys.exit(1)


COMMANDS = [batch]
