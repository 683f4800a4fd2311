"""``recipebook preview``: one recipe alone, as PNG or PDF, without building the book."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from ..cli import Options, print_findings
from ..errors import BuildError
from ..pipeline import preview_recipe

PNG_SCALE = 2.0  # 144 dpi: sharp on screen, small file


@click.command("preview")
@click.argument("recipe_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="out.png (one page) or out.pdf (all its pages); default: output/preview-<name>.png",
)
@click.option(
    "--page",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Which page of the recipe to draw as PNG.",
)
@click.option("--page-size", type=click.Choice(["letter", "a4", "a5", "6x9in"]))
@click.option("--units", type=click.Choice(["us", "metric", "both"]))
@click.pass_obj
def command(
    opts: Options,
    recipe_file: Path,
    output: Path | None,
    page: int,
    page_size: str | None,
    units: str | None,
) -> None:
    """Draw one recipe as it will look in the book.

    \b
    Examples:
      recipebook preview recipes/body-scrubs/lavender-honey-sugar-scrub.yaml
      recipebook preview recipes/bath-bombs/citrus-sunrise-bath-bombs.yaml -o citrus.pdf
    """
    project = opts.project()
    recipe_file = recipe_file.resolve()
    if output is None:
        output = project.output_dir / f"preview-{recipe_file.stem}.png"
    output = output.resolve()
    suffix = output.suffix.lower()
    if suffix not in (".png", ".pdf"):
        raise click.BadParameter("the output must end in .png or .pdf", param_hint="-o")
    if suffix == ".pdf":
        result = preview_recipe(project, recipe_file, output, page_size=page_size, units=units)
    else:
        with tempfile.TemporaryDirectory() as folder:
            pdf = Path(folder) / "preview.pdf"
            result = preview_recipe(project, recipe_file, pdf, page_size=page_size, units=units)
            if page > result.pages:
                raise BuildError(
                    f"the recipe has {result.pages} page{'s' if result.pages > 1 else ''}; "
                    f"there is no page {page}"
                )
            _render_png(pdf, page, output)
    if result.warnings and opts.verbosity >= 0:
        print_findings(result.warnings, "text")
    more = ""
    if suffix == ".png" and result.pages > 1:
        more = f" (page {page} of {result.pages}; --page N shows another)"
    click.echo(f"Preview → {project.relative(output)}{more}")


def _render_png(pdf: Path, page: int, output: Path) -> None:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        image = document[page - 1].render(scale=PNG_SCALE).to_pil()
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            image.save(output)
        except OSError as exc:
            raise BuildError(f"cannot write {output}: {exc.strerror or exc}") from None
    finally:
        document.close()
