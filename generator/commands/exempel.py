"""`docgen exempel`: print a bundled sample case, so an installed docgen (which has no samples/ folder
beside it) still gives the user a file to start from: ``docgen exempel 25a > min.yaml``."""

from __future__ import annotations

import click

from ..errors import DocgenError


def _samples() -> dict[str, "object"]:
    from ..resources import resource_dir

    return {path.stem: path for path in sorted(resource_dir("samples").glob("*.yaml"))}


def _summary(text: str) -> str:
    """The sample's first comment line, without "# Exempel:"."""
    import re

    head = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        head.append(line.lstrip("# ").strip())
    words = " ".join(head).removeprefix("Exempel:").strip()
    sentence = re.split(r"\. (?=[A-ZÅÄÖ])", words, maxsplit=1)[0].rstrip(".")
    return sentence if len(sentence) <= 100 else sentence[:99].rsplit(" ", 1)[0] + " …"


def sample_named(name: str):
    """A sample by its name (``tender-25a``, ``iop-night-shelter``) or a route id (``25a`` → tender-25a)."""
    samples = _samples()
    path = samples.get(name) or samples.get(f"tender-{name}")
    if path is None:
        import difflib

        names = list(samples) + [stem.removeprefix("tender-") for stem in samples if stem.startswith("tender-")]
        close = difflib.get_close_matches(name, names, n=1)
        raise DocgenError(f"exemplet {name!r} finns inte",
                          hint=(f"menade du {close[0]!r}? " if close else "") + "docgen exempel utan namn listar exemplen")
    return path


@click.command("exempel")
@click.argument("name", metavar="[NAMN]", required=False)
def exempel(name: str | None) -> None:
    """Skriv ut ett inbyggt exempelärende att utgå från (docgen exempel 25a > min.yaml).

    NAMN är en rättslig väg (t.ex. 25a; docgen routes listar vägarna) eller ett exempels namn
    (iop-night-shelter, policy-borg, typfall-1 …). Utan NAMN listas exemplen.
    """
    if name is None:
        samples = _samples()
        width = max(len(n) for n in samples)
        for stem, path in samples.items():
            click.echo(f"{stem:<{width}}  {_summary(path.read_text(encoding='utf-8'))}")
        click.echo("\nSpara ett exempel som din ärendefil: docgen exempel 25a > min.yaml")
        return
    click.echo(sample_named(name).read_text(encoding="utf-8"), nl=False)


COMMANDS = [exempel]
