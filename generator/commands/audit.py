"""`docgen audit FOLDER…`: which issued documents a change in the law or the clause library reaches."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from ..errors import DocgenError


def _day(_ctx, _param, value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise DocgenError(f"ogiltigt datum {value!r}", where="--date", hint="skriv datumet som ÅÅÅÅ-MM-DD") from None


@click.command("audit")
@click.argument("folders", nargs=-1, required=True, metavar="KATALOG...",
                type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option("--date", "day", default=None, callback=_day, metavar="ÅÅÅÅ-MM-DD",
              help="Granskningsdagen: lag och tröskelvärden som gäller den dagen (standard: i dag).")
@click.option("--cases", "cases", multiple=True, type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="Katalog med ärendefilerna (kan anges flera gånger); de granskade katalogerna söks också.")
@click.option("--json", "as_json", is_flag=True, help="Skriv resultatet som JSON i stället för som tabell.")
@click.option("--report", "report", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Skriv en HTML-rapport att bifoga en tjänsteskrivelse.")
@click.option("--reissue", "reissue_to", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Bygg varje berört dokument på nytt i denna katalog, med spårade ändringar och följebrev.")
@click.option("--clauses", "clauses_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Klausulbiblioteket att jämföra med (standard: det inbyggda).")
@click.option("--force", is_flag=True, help="Skriv över filer i --reissue-katalogen som ändrats sedan docgen skrev dem.")
def audit(folders: tuple[Path, ...], day: date, cases: tuple[Path, ...], as_json: bool, report: Path | None,
          reissue_to: Path | None, clauses_dir: Path | None, force: bool) -> None:
    """Pröva utfärdade dokument mot lagändringar, tröskelvärden och klausulbiblioteket.

    Läser varje manifest (*.manifest.json) i katalogerna och visar för varje dokument de lagrum som
    har upphävts eller ändrats efter dokumentets datum, de tröskelvärden det byggde på som inte längre
    gäller, de klausuler som biblioteket har ersatt och hur många stycken ett dokument byggt i dag
    skulle ändra. Avslutar med kod 1 om något dokument berörs, 0 om inget gör det och 2 om något
    manifest inte kunde granskas eller indata är fel.
    """
    from ..audit import run_audit
    from ..audit.report import as_json as audit_json
    from ..audit.report import html_report, table
    from ..library import load_library
    from ..output import write_atomically
    from .options import emit_line

    folders_list = list(folders)
    if reissue_to is not None:
        from ..audit.reissue import check_target

        check_target(reissue_to, folders_list)   # before any work: never over the originals
    library = load_library(clauses_dir)
    result = run_audit(folders_list, day, library, list(cases))
    if as_json:
        click.echo(audit_json(result))
    else:
        for line in table(result):
            click.echo(line)
    for problem in result.problems:
        emit_line(f"docgen: varning: {problem.text()}")
    if report is not None:
        written = write_atomically(report.parent if str(report.parent) else Path("."),
                                   {report.name: html_report(result).encode("utf-8")})
        emit_line(f"docgen: rapporten skrevs till {written[0] if written else report}")
    if reissue_to is not None:
        from ..audit.reissue import reissue

        done = reissue(result, library, reissue_to, force)
        for line in done.skipped:
            emit_line(f"docgen: varning: {line}")
        for path in done.written:
            click.echo(str(path), err=as_json)
    sys.exit(result.exit_code)


COMMANDS = [audit]
