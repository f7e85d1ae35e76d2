"""`docgen batch`: render every case file of a folder in parallel processes, past any bad case."""

from __future__ import annotations

import os
import signal
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import click

from ..errors import DocgenError
from .options import format_option, parse_formats, pdf_variant_option


@dataclass
class Outcome:
    case: str
    ok: bool
    files: int
    seconds: float
    message: str = ""
    warnings: tuple[str, ...] = ()
    status: str = ""  # "ok", "FEL", or for an interrupted batch "avbrutet" / "ej startat"

    def __post_init__(self) -> None:
        self.status = self.status or ("ok" if self.ok else "FEL")


_LIBRARY = None  # the bundled clause library, read once per worker process


def bundled_library():
    global _LIBRARY
    if _LIBRARY is None:
        from ..library import load_library

        _LIBRARY = load_library()
    return _LIBRARY


def batch_flags(command):
    """Every kind's optional documents and extra outputs (``--motiv``, ``--notice``) as flags; each case
    gets those of its own kind (``render_case``)."""
    from ..kinds import DOCUMENT_KINDS

    flags: dict[str, list[str]] = {}
    for kind in DOCUMENT_KINDS.values():
        for flag, option in [*kind.optional.items(), *kind.extras.items()]:
            flags.setdefault(flag, []).append(f"{kind.key}: {option.help[0].lower()}{option.help[1:]}")
    for flag, helps in reversed(list(flags.items())):
        command = click.option(f"--{flag}", flag.replace("-", "_"), is_flag=True,
                               help="Ärenden med document " + " Ärenden med document ".join(helps))(command)
    return command


def render_case(path: Path, kind: str, out: Path, formats: list[str], force: bool,
                extras: frozenset[str] = frozenset()):
    """The case's Produced (files written, findings). ``extras`` (``motiv``, ``notice``): the flags asked
    for; each case gets those its kind has (``Kind.optional``, ``Kind.extras``), the rest are ignored."""
    from ..build import produce
    from ..kinds import DOCUMENT_KINDS

    own = DOCUMENT_KINDS[kind]
    return produce(own, path, out, formats, force=force, library=bundled_library(),
                   optional=tuple(e for e in sorted(extras) if e in own.optional),
                   extras=tuple(e for e in sorted(extras) if e in own.extras))


def document_kind(path: Path) -> str:
    """The case file's `document:` value, read cheaply (the renderer validates the whole file)."""
    from ..kinds import DOCUMENT_KINDS
    from ..yamlfile import parse_yaml, read_text_file

    data, lines = parse_yaml(read_text_file(path, "ärendefilen"), str(path))
    if data is None:
        raise DocgenError("ärendefilen är tom", where=str(path), hint="utgå från ett exempel: docgen exempel 25a > min.yaml")
    if not isinstance(data, dict):
        raise DocgenError("ärendefilen ska bestå av nycklar med värden, som document:, route: och date:", where=str(path))
    kind = data.get("document")
    if not isinstance(kind, str) or kind not in DOCUMENT_KINDS:
        raise DocgenError(f"okänt eller saknat document: {kind!r}", where=lines.where(("document",)),
                          hint="batch kan göra " + ", ".join(DOCUMENT_KINDS))
    return str(kind)


def _worker_init() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides; workers never die half-way on Ctrl-C
    if hasattr(signal, "pthread_sigmask"):  # forked with SIGINT blocked (see _submit): now ignored, unblock
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _submit(pool, running: dict, path: Path, *args) -> None:
    """Submit one case and record it in ``running``. A worker process forked meanwhile starts with SIGINT
    blocked, so a Ctrl-C that arrives before its initializer runs cannot kill it half-way; the parent
    receives that Ctrl-C when it unblocks, after the case is recorded (and so waited for)."""
    blocking = hasattr(signal, "pthread_sigmask")
    if blocking:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        running[pool.submit(render_one, path, *args)] = path
    finally:
        if blocking:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def render_one(path: Path, out_root: Path, formats: list[str], force: bool,
               extras: frozenset[str] = frozenset()) -> Outcome:
    """Run in a worker: one case into out_root/<case stem>/; any failure becomes an Outcome."""
    start = time.perf_counter()
    try:
        produced = render_case(path, document_kind(path), out_root / path.stem, formats, force, extras)
        return Outcome(path.name, True, len(produced.written), time.perf_counter() - start,
                       warnings=tuple(f.text() for f in produced.findings if f.severity == "warning"))
    except DocgenError as exc:
        return Outcome(path.name, False, 0, time.perf_counter() - start, exc.one_line())
    except Exception as exc:  # noqa: BLE001 - a bug in one case must not stop the batch
        return Outcome(path.name, False, 0, time.perf_counter() - start, f"internt fel ({type(exc).__name__}: {exc})")


def _progress(done: int, total: int, failed: int, final: bool = False) -> None:
    """On a terminal a bar redrawn in place; into a log or a pipe one plain line per finished case
    (a bar of carriage returns would fill the log with it)."""
    if not sys.stderr.isatty():
        if done:
            click.echo(f"docgen batch: {done}/{total} ärenden klara" + (f", {failed} med fel" if failed else ""), err=True)
        return
    width = 30
    filled = width * done // total if total else width
    bar = "#" * filled + "-" * (width - filled)
    click.echo(f"\r[{bar}] {done}/{total}" + (f", {failed} fel" if failed else ""), err=True, nl=False)
    if done == total or final:
        click.echo("", err=True)


def summary_table(outcomes: list[Outcome], verbose: bool = False) -> str:
    """One row per case: status, files, time, warnings (a count; with ``verbose`` their text below)."""
    width = max([len("ärende")] + [len(o.case) for o in outcomes])
    status = max([len("status")] + [len(o.status) for o in outcomes])
    rows = [f"{'ärende':<{width}}  {'status':<{status}}  {'filer':>5}  {'tid':>7}  {'varningar':>9}"]
    for o in outcomes:
        timing = f"{o.seconds:>6.2f}s" if o.status != "ej startat" else f"{'–':>7}"
        rows.append(f"{o.case:<{width}}  {o.status:<{status}}  {o.files:>5}  {timing}  {len(o.warnings):>9}"
                    + (f"  {o.message}" if o.message else ""))
        if verbose:
            rows += [f"    varning: {w}" for w in o.warnings]
    return "\n".join(rows)


def run_cases(paths: list[Path], out: Path, fmts: list[str], force: bool, extras: frozenset[str],
              jobs: int) -> tuple[dict[str, Outcome], bool]:
    """Render the cases, at most ``jobs`` at a time; returns (outcomes so far, interrupted).

    A case is dispatched only when a worker is free, so on Ctrl-C nothing is queued: the cases being
    rendered finish (each writes all its files in one atomic step, or nothing) and no other case starts.
    """
    outcomes: dict[str, Outcome] = {}
    failed = lambda: sum(not o.ok for o in outcomes.values())  # noqa: E731
    _progress(0, len(paths), 0)
    if jobs == 1:
        for path in paths:
            try:
                outcomes[path.name] = render_one(path, out, fmts, force, extras)
                _progress(len(outcomes), len(paths), failed())
            except KeyboardInterrupt:  # mid-case in this process: its atomic write removed its temporary files
                if path.name not in outcomes:
                    outcomes[path.name] = Outcome(path.name, False, 0, 0.0, "avbrutet, inga filer skrivna",
                                                  status="avbrutet")
                return outcomes, True
        return outcomes, False
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait  # only here: 20 ms at start-up

    waiting = list(paths)
    interrupted = False
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(paths)), initializer=_worker_init)
    running: dict = {}
    try:
        try:
            while waiting and len(running) < min(jobs, len(paths)):
                path = waiting.pop(0)
                _submit(pool, running, path, out, fmts, force, extras)
            while running:
                finished, _ = wait(list(running), return_when=FIRST_COMPLETED)
                for future in finished:
                    running.pop(future)
                    outcome = future.result()
                    outcomes[outcome.case] = outcome
                _progress(len(outcomes), len(paths), failed())
                while waiting and len(running) < min(jobs, len(paths)):
                    path = waiting.pop(0)
                    _submit(pool, running, path, out, fmts, force, extras)
        except KeyboardInterrupt:
            interrupted = True
            click.echo("\ndocgen: avbryter: inga nya ärenden startas; de som pågår skrivs klart", err=True)
            while running:  # the workers ignore SIGINT: each running case finishes or writes nothing
                try:
                    finished, _ = wait(list(running), return_when=FIRST_COMPLETED)
                except KeyboardInterrupt:
                    continue
                for future in finished:
                    running.pop(future)
                    outcome = future.result()
                    outcomes[outcome.case] = outcome
                _progress(len(outcomes), len(paths), failed(), final=not running)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return outcomes, interrupted


@click.command()
@click.argument("cases_dir", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option("--out", "out", type=click.Path(path_type=Path, file_okay=False), required=True,
              help="Katalog där varje ärende får en egen underkatalog.")
@click.option("--jobs", "jobs", type=click.IntRange(1, 64), default=None,
              help="Antal parallella processer (standard: antal kärnor).")
@format_option
@click.option("--force", is_flag=True, help="Skriv över filer som ändrats sedan docgen skrev dem.")
@batch_flags
@click.option("-v", "--verbose", "verbose", is_flag=True, help="Visa varningarnas text under varje ärende i sammanställningen.")
@pdf_variant_option
def batch(cases_dir: Path, out: Path, jobs: int | None, formats: str, force: bool, verbose: bool = False,
          **flags: bool) -> None:
    """Skriv dokument för alla ärendefiler (*.yaml) i en katalog, parallellt."""
    fmts = parse_formats(formats)
    extras = frozenset(name.replace("_", "-") for name, on in flags.items() if on)
    files = sorted(p for p in cases_dir.iterdir() if p.is_file() and not p.name.startswith("."))
    paths = [p for p in files if p.suffix.lower() in (".yaml", ".yml")]   # Kopia av ok.YAML too
    if not paths:
        raise DocgenError("inga ärendefiler (*.yaml) i katalogen", where=str(cases_dir))
    skipped = [p.name for p in files if p not in paths]
    if skipped:  # said, so a case saved with another ending is not silently left out
        shown = ", ".join(skipped[:5]) + (f" och {len(skipped) - 5} till" if len(skipped) > 5 else "")
        click.echo(f"docgen: varning: {cases_dir}: {len(skipped)} "
                   f"{'fil som inte slutar' if len(skipped) == 1 else 'filer som inte slutar'} på .yaml eller .yml "
                   f"hoppas över ({shown})", err=True)
    stems = [p.stem for p in paths]
    duplicate = next((s for s in stems if stems.count(s) > 1), None)
    if duplicate:
        raise DocgenError(f"två ärendefiler skulle skriva till samma katalog {duplicate}/", where=str(cases_dir),
                          hint="byt namn på den ena (.yaml/.yml)")
    jobs = jobs or os.cpu_count() or 1
    outcomes, interrupted = run_cases(paths, out, fmts, force, extras, jobs)
    ordered = [outcomes.get(p.name) or Outcome(p.name, False, 0, 0.0, status="ej startat") for p in paths]
    click.echo(summary_table(ordered, verbose))
    done = sum(o.ok for o in ordered)
    failed = sum(o.status == "FEL" for o in ordered)
    if interrupted:
        not_started = sum(o.status in ("ej startat", "avbrutet") for o in ordered)
        click.echo(f"Avbrutet: {done} av {len(ordered)} ärenden skrivna" + (f", {failed} med fel" if failed else "")
                   + f", {not_started} inte skrivna (inga filer från dem)")
        sys.exit(130)
    click.echo(f"{done} av {len(ordered)} ärenden klara" + (f", {failed} med fel" if failed else ""))
    if failed:
        sys.exit(1)


COMMANDS = [batch]
