"""`docgen diff OLD NEW`: a redline (DOCX with tracked changes, and HTML) between two versions."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("diff")
@click.argument("old")
@click.argument("new")
@click.option("--out", "out", type=click.Path(path_type=Path, file_okay=False), default=Path("out"), show_default=True,
              help="Katalog där redline.docx och redline.html skrivs.")
@click.option("--repo", "repo", type=click.Path(path_type=Path, file_okay=False), default=Path("."), show_default=True,
              help="Git-arkivet när OLD och NEW är revisioner (t.ex. HEAD~1 HEAD).")
@click.option("--path", "subdir", default="clauses", show_default=True,
              help="Klausulkatalogen i arkivet när OLD och NEW är revisioner.")
@click.option("--name", "name", default="redline", show_default=True, help="Filnamn utan ändelse.")
@click.option("--force", is_flag=True, help="Skriv över filer som ändrats sedan docgen skrev dem.")
def diff(old: str, new: str, out: Path, repo: Path, subdir: str, name: str, force: bool) -> None:
    """Visa ändringarna mellan OLD och NEW som spårade ändringar i Word och som HTML.

    OLD och NEW är två klausulkataloger, två git-revisioner av biblioteket eller två skrivna
    dokument (.docx eller .md). Jämförelsen sker ord för ord.
    """
    from ..output import OutputSet, save_outputs
    from ..redline import compare
    from ..redline_docx import write_redline_docx
    from ..redline_html import render_redline_html

    redline = compare(old, new, repo, subdir)
    files = {f"{name}.docx": write_redline_docx(redline), f"{name}.html": render_redline_html(redline).encode("utf-8")}
    written = save_outputs(out, [OutputSet(name, files, {"old": old, "new": new})], force)  # refuses edited files
    inserted, deleted = redline.counts()
    if any(s.status for s in redline.sections):  # library: one section per changed clause
        changed = count_phrase(len(redline.sections), "klausul ändrad", "klausuler ändrade")
    else:
        changed = count_phrase(sum(p.changed for s in redline.sections for p in s.paragraphs),
                               "stycke ändrat", "stycken ändrade")
    click.echo(f"{changed}: {count_phrase(inserted, 'ord tillagt', 'ord tillagda')}, "
               f"{count_phrase(deleted, 'ord borttaget', 'ord borttagna')}", err=True)
    for section in redline.sections:   # each changed clause's change log: what changed and why
        for note in section.notes:
            click.echo(f"{section.title.split(' – ')[0]}: {note}", err=True)
    for path in written[:2]:
        click.echo(str(path))


def count_phrase(n: int, one: str, many: str) -> str:
    """``1 klausul ändrad``, ``2 klausuler ändrade``, ``0 stycken ändrade``: Swedish number agreement."""
    return f"{n} {one if n == 1 else many}"


COMMANDS = [diff]
