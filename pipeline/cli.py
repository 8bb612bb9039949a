"""The `efe-pipeline` command: thin click commands over the library functions."""

from __future__ import annotations

import contextlib
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

import pipeline
from pipeline.cluster import RayOptions
from pipeline.config import DEFAULT_MODEL, DEVICES, EngineConfig, LocalizeConfig, RunConfig, default
from pipeline.desk.access import Access, editor_name
from pipeline.desk.serve import address, serve
from pipeline.diff import diff_runs, load_run, render_html, render_json, render_text
from pipeline.engines import ENGINES, choose_engine
from pipeline.errors import ExitCode, IngestError, ModelNotFoundError, PipelineError, UsageError, shown
from pipeline.formats.jsonl import segment_lines
from pipeline.glossary import check_files
from pipeline.job import segment_corpus, translate_corpus
from pipeline.models import cache_dir, find_model, pull_model
from pipeline.output.apply import apply_edits
from pipeline.output.atomic import atomic_open, write_text
from pipeline.output.merge import merge_outputs
from pipeline.output.recheck import recheck_folder
from pipeline.output.store import require_store
from pipeline.progress import RunProgress
from pipeline.records import Issue
from pipeline.stages.ingest import count_documents, list_inputs
from pipeline.stages.localize import localize_text
from pipeline.stages.qa import fails
from pipeline.tm import import_files


class _Commands(click.Group):
    """Turns PipelineError into one clear line on stderr and its exit code (no traceback)."""

    def invoke(self, ctx: click.Context):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except PipelineError as err:
            click.echo(f"error: {shown(err)}", err=True)
            raise click.exceptions.Exit(err.exit_code) from None
        except (KeyboardInterrupt, click.exceptions.Abort):
            click.echo(
                "\ninterrupted: nothing is left looking finished; run the same command again to resume", err=True
            )
            raise click.exceptions.Exit(ExitCode.FAILED) from None


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(pipeline.__version__, prog_name="efe-pipeline")
def main() -> None:
    """Translate English wire copy (EFE English desk) into Spanish, with aligned output.

    \b
    Exit codes: 0 success; 1 the run failed; 2 bad command line;
                3 the run finished but skipped bad input files or lines;
                4 `qa --fail-on` found issues.

    \b
    Example:
      efe-pipeline translate corpus/ -o out/
    """
    # The hub client logs each failed request; our own error message says it better.
    os.environ.setdefault("HF_HUB_VERBOSITY", "error")


def _reading_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options every command that reads a corpus shares."""
    command = click.option("--strict", is_flag=True, help="Stop at the first bad input instead of skipping it.")(
        command
    )
    return click.option(
        "--max-sentence-chars",
        type=click.IntRange(20),
        default=default(RunConfig, "max_sentence_chars"),
        show_default=True,
        help="Longer sentences are translated in clause-sized pieces.",
    )(command)


_INPUTS = click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))


@main.command()
@_INPUTS
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write JSONL here instead of stdout."
)
@_reading_options
def segment(inputs: tuple[Path, ...], output: Path | None, max_sentence_chars: int, strict: bool) -> None:
    """Split articles into sentences; print one JSON segment per line.

    Each record has the sentence's span in its paragraph (start, end), its kind
    ("text", or "copyright" which is not translated) and, for long sentences, the
    clause pieces it will be translated in.

    INPUTS are .txt files (paragraphs separated by blank lines), .jsonl files
    (one {"id": ..., "text": ...} per line) or folders of them.

    \b
    Example:
      efe-pipeline segment corpus/ -o segments.jsonl
    """
    skipped: list[IngestError] = []
    sink = atomic_open(output) if output else contextlib.nullcontext(click.get_text_stream("stdout"))
    with sink as fh:
        for doc in segment_corpus(inputs, strict, _reporter(skipped), max_sentence_chars):
            fh.writelines(segment_lines(doc))
    _exit_for(skipped)


def _engine_default(name: str) -> Any:
    return default(EngineConfig, name)


@main.command()
@_INPUTS
@click.option(
    "-o", "--output", "outdir", required=True, type=click.Path(file_okay=False, path_type=Path), help="Output folder."
)
@click.option(
    "--engine",
    type=click.Choice(list(ENGINES)),
    default=_engine_default("name"),
    show_default=True,
    help="auto: MarianMT (via CTranslate2 when installed) if the model is available, else Apertium with a warning. "
    "pseudo needs no model.",
)
@click.option(
    "--model", default=_engine_default("model"), show_default=True, help="Hugging Face hub id or local MarianMT folder."
)
@click.option("--device", type=click.Choice(DEVICES), default=_engine_default("device"), show_default=True)
@click.option(
    "--beams",
    type=click.IntRange(1, 32),
    default=_engine_default("beams"),
    show_default=True,
    help="Beam size (1 = greedy).",
)
@click.option(
    "--max-length",
    type=click.IntRange(1, 1024),
    default=_engine_default("max_length"),
    show_default=True,
    help="Most target tokens per sentence.",
)
@click.option(
    "--batch-tokens",
    type=click.IntRange(16),
    default=_engine_default("batch_tokens"),
    show_default=True,
    help="Most source tokens per batch, padding included.",
)
@click.option(
    "--threads",
    type=click.IntRange(0),
    default=_engine_default("threads"),
    show_default=True,
    help="CPU threads for MarianMT/CTranslate2 (0: library default).",
)
@_reading_options
@click.option(
    "--download/--no-download",
    "allow_download",
    default=_engine_default("allow_download"),
    show_default=True,
    help="Fetch a hub model that is not in the local cache.",
)
@click.option(
    "--glossary",
    "glossaries",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Glossary (TSV or TBX) to enforce; repeatable.",
)
@click.option(
    "--tm",
    "tm_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Translation memory (SQLite, see `tm import`): exact matches are used instead of the engine.",
)
@click.option(
    "--shard",
    callback=lambda ctx, param, value: _parse_shard(value),
    default="1/1",
    show_default=True,
    help="Translate only slice i of N (for several machines); join the folders with `merge`.",
)
@click.option(
    "--name-guard/--no-name-guard",
    default=True,
    show_default=True,
    help="Keep proper names that no glossary lists as written (after a title, or not English words); "
    "titles before them then agree with the person's gender.",
)
@click.option(
    "--ray",
    "ray_address",
    is_flag=False,
    flag_value="local",
    default=None,
    metavar="[ADDRESS]",
    help="Run on Ray: alone, a local Ray started for this run; 'auto' or HOST:PORT, a running cluster "
    "(needs the ray extra; ray://HOST:PORT needs ray[client]). Put it after the inputs. Same output as without it.",
)
@click.option(
    "--translators", type=click.IntRange(1), default=1, show_default=True, help="With --ray: translator actors."
)
@click.option(
    "--gpus-per-translator",
    type=click.FloatRange(0),
    default=0.0,
    show_default=True,
    help="With --ray: GPUs each translator actor reserves (e.g. 1, or 0.5 to share one).",
)
@click.option(
    "--explain",
    is_flag=True,
    help="List each document this run translated and why (new, text, glossary, memory, options, engine).",
)
@click.option(
    "--no-fallback",
    is_flag=True,
    help="With --engine auto: when the MarianMT model is not available, fail (exit 2) instead of "
    "translating with Apertium (for CI and cron, where a warning goes unread).",
)
@click.option(
    "--xliff",
    "xliff",
    type=click.Choice(["2.0", "1.2", "both"]),
    default="2.0",
    show_default=True,
    help="XLIFF version of each article's file: 2.0 (<doc id>.xlf), 1.2 (<doc id>.v12.xlf, for tools that read "
    "no XLIFF 2, such as older Trados and memoQ set-ups) or both. Changing it rewrites the files, not the "
    "translations.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary (errors are still shown).")
def translate(
    inputs: tuple[Path, ...],
    outdir: Path,
    max_sentence_chars: int,
    strict: bool,
    glossaries: tuple[Path, ...],
    tm_path: Path | None,
    shard: tuple[int, int],
    name_guard: bool,
    ray_address: str | None,
    translators: int,
    gpus_per_translator: float,
    explain: bool,
    no_fallback: bool,
    xliff: str,
    quiet: bool,
    **engine: Any,
) -> None:
    """Translate articles to Spanish and write aligned output to OUTDIR.

    OUTDIR is a store that later runs update: a run over it translates only the
    documents whose text, matching glossary rows, memory hits, engine or options
    changed (--explain says which and why) and keeps the rest as they are. People's
    work (work.sqlite: edits, approvals, comments from `apply`) is kept and shown
    again; work on a sentence whose English changed is flagged, not lost. An
    interrupted run is resumed by running the same command again.

    \b
    OUTDIR receives:
      documents.jsonl  each document as the run made it, with its key (the store)
      work.sqlite      people's work, once there is some (see `apply`)
      segments.jsonl   one record per segment, people's work included
      bilingual.tsv    id, source, target, written (a digest of the target as written)
      corpus.tmx       TMX 1.4b for CAT tools, datelines as their own units
      <doc id>.es.txt  each Spanish article
      <doc id>.xlf     each article in XLIFF 2.0 (--xliff 2.0 or both)
      <doc id>.v12.xlf each article in XLIFF 1.2 (--xliff 1.2 or both)
      <doc id>.review.html  each article's review page
      review.html      the index of the review pages
      qa.json          QA issue counts
      documents.tsv    document ids and their place in the corpus (used by merge)
      manifest.json    inputs with checksums, counts, engine, timings (written last)

    \b
    Examples:
      efe-pipeline translate corpus/ -o out/
      efe-pipeline translate story.txt -o out/ --model ./opus-mt-en-es --beams 1
      efe-pipeline translate corpus/ -o out/ --engine pseudo
      efe-pipeline translate corpus/ -o out-2/ --shard 2/4
      efe-pipeline translate corpus/ -o out/ --glossary glossaries/efe-en-es.tsv
      efe-pipeline translate archive/ -o out/ --ray auto --translators 4 --gpus-per-translator 1
    """
    config = RunConfig(
        inputs=inputs,
        outdir=outdir,
        engine=EngineConfig(name=engine.pop("engine"), cache_dir=_user_cache(), **engine),
        strict=strict,
        max_sentence_chars=max_sentence_chars,
        shard=shard,
        glossaries=glossaries,
        tm=tm_path,
        name_guard=name_guard,
        xliff=("2.0", "1.2") if xliff == "both" else (xliff,),
    )
    if ray_address is None and (translators != 1 or gpus_per_translator):
        raise UsageError("--translators and --gpus-per-translator only work with --ray")
    if ray_address not in (None, "local", "auto") and Path(ray_address).exists():
        raise UsageError(f"--ray took '{ray_address}' as a cluster address; put --ray after the inputs")
    cluster = (
        RayOptions(None if ray_address == "local" else ray_address, translators, gpus_per_translator)
        if ray_address is not None
        else None
    )
    found = list_inputs(inputs)
    choice = choose_engine(config.engine)
    if no_fallback and choice.fallback:
        raise UsageError(
            f"{choice.warnings[0]}, and --no-fallback forbids that: install the model "
            "(`efe-pipeline model pull`), or name the engine with --engine"
        )
    for warning in choice.warnings:  # also in the manifest's "warnings"
        click.echo(f"warning: {warning}", err=True)
    skipped: list[IngestError] = []
    with RunProgress(count_documents(found.files), sys.stderr, quiet) as progress:
        report = translate_corpus(
            config,
            found=found,
            choice=choice,
            on_skip=_reporter(skipped, progress.write),
            on_document=lambda _: progress.update(),
            cluster=cluster,
        )
    if explain:
        for doc_id, why in report.redone:
            click.echo(f"translated {doc_id}: {why}")
    if not quiet:
        kept = f"{report.translated} translated, {report.carried} unchanged"
        kept += f", {report.resumed} resumed from an interrupted run" if report.resumed else ""
        kept += f", {report.from_memory} segments from the translation memory" if config.tm else ""
        click.echo(
            f"{report.documents} documents ({kept}), {report.segments} segments "
            f"in {report.seconds:.1f} s → {report.outdir}",
            err=True,
        )
        click.echo(f"{report.qa.line()} (details: {report.outdir / 'qa.json'})", err=True)
        for name in report.ignored:
            click.echo(f"ignored (not a regular .txt or .jsonl file, or an earlier run's output): {name}", err=True)
        if report.stale_files:
            click.echo(
                f"note: {len(report.stale_files)} per-article files in {report.outdir} are from earlier runs, "
                f"not this one (listed in manifest.json as stale_files), e.g. {report.stale_files[0]}",
                err=True,
            )
    _exit_for(skipped)


@main.command()
@click.argument("folders", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    "outdir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Merged output folder.",
)
def merge(folders: tuple[Path, ...], outdir: Path) -> None:
    """Join the output folders of a sharded run into one, in corpus order.

    Every shard 1/N … N/N of one run (same inputs, glossaries and options) is needed.
    People's work in the shards' work.sqlite is not merged: review the merged folder.

    \b
    Example:
      efe-pipeline merge out-1/ out-2/ out-3/ out-4/ -o out/
    """
    report = merge_outputs(list(folders), outdir)
    click.echo(f"{report.documents} documents, {report.segments} segments → {report.outdir}", err=True)


@main.command("apply")
@click.argument("edits", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("outdir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--editor", help="Who made the edits; recorded with each changed segment.")
def apply_command(edits: tuple[Path, ...], outdir: Path, editor: str | None) -> None:
    """Apply edited XLIFF, TMX, TSV or segments.jsonl files (or a review page's export) to a finished run.

    What the files say people did is stored in OUTDIR/work.sqlite with the editor and
    time: changed targets, approvals (XLIFF state "final"), rejections and comments
    (XLIFF notes). Then every output file is published again to agree, in one step: an
    interrupted apply leaves the folder as it was. A changed segment gets origin
    "human"; the target it replaces is kept in its history. Later translate runs keep
    all of it. Changed segments are checked again; exit 4 when one has an error-level issue.

    Files other tools wrote back (OmegaT's or translate-toolkit's TMX without ids, Trados,
    memoQ or Phrase XLIFF with their own ids) are matched to the run's sentences by their
    English, within the article the file names; a sentence the run holds twice with
    different targets is refused as ambiguous, and a file from another run is refused.

    \b
    Example:
      efe-pipeline apply edited/havana-hurricane.xlf out/ --editor "Ana Ruiz"
    """
    report = apply_edits(outdir, edits, editor)
    skipped = f", {report.not_reviewed} marked as nobody's work (skipped)" if report.not_reviewed else ""
    comments = "comment" if report.commented == 1 else "comments"
    reviewed = [(report.approved, "approved"), (report.rejected, "rejected"), (report.commented, comments)]
    done = ", ".join([f"{report.changed} changed", *(f"{n} {what}" for n, what in reviewed if n)])
    elsewhere = f", {report.not_in_run} not sentences of this run (skipped)" if report.not_in_run else ""
    click.echo(f"{done}, {report.unchanged} unchanged{skipped}{elsewhere} → {report.outdir}", err=True)
    for seg_id in report.edited_with_errors:
        click.echo(f"{seg_id}: an edited segment has an error-level issue (see qa.json)", err=True)
    if report.edited_with_errors:
        raise click.exceptions.Exit(ExitCode.QA_FAILED)


@main.command()
@click.argument("outdir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "never"]),
    default="error",
    show_default=True,
    help="Exit 4 when an issue of this severity or worse is found.",
)
def qa(outdir: Path, fail_on: str) -> None:
    """Re-run the QA checks on an output folder, with the run's own QA thresholds, and
    publish it again so segments.jsonl, the XLIFF notes, the review pages and qa.json
    agree; for CI gates. A segments.jsonl or bilingual.tsv changed by hand is refused
    (exit 1): bring it in first with `efe-pipeline apply OUTDIR/segments.jsonl OUTDIR`.

    \b
    Example:
      efe-pipeline qa out/ --fail-on error
    """

    def show(seg_id: str, issue: Issue) -> None:
        if issue.severity != "info":
            click.echo(f"{seg_id}: {issue.severity}: {issue.code}: {issue.message}", err=True)

    summary = recheck_folder(outdir, show)
    click.echo(summary.line(), err=True)
    if fails(summary, fail_on):
        raise click.exceptions.Exit(ExitCode.QA_FAILED)


@main.command()
@click.argument("file", type=click.File("rb"))
@click.option(
    "--usa",
    type=click.Choice(["EE.UU.", "EE. UU."]),
    default=default(LocalizeConfig, "usa"),
    show_default=True,
    help="EFE's form or RAE's.",
)
@click.option(
    "--quotes",
    type=click.Choice(["angular", "curly", "none"]),
    default=default(LocalizeConfig, "quotes"),
    show_default=True,
    help="« » with “ ” inside, or “ ” with ‘ ’ inside.",
)
@click.option("--no-titles", is_flag=True, help="Leave the capitals of titles alone.")
@click.option("--no-numbers", is_flag=True, help="Leave numbers and money alone.")
@click.option("--no-times", is_flag=True, help="Leave times alone.")
@click.option("--no-spacing", is_flag=True, help="Leave runs of spaces and spaces before punctuation alone.")
@click.option("--no-percent", is_flag=True, help="Leave 'por ciento' as it is (EFE writes '%').")
def localize(
    file, usa: str, quotes: str, no_titles: bool, no_numbers: bool, no_times: bool, no_spacing: bool, no_percent: bool
) -> None:  # type: ignore[no-untyped-def]
    """Apply Spanish news style to Spanish text, one segment per line (- for stdin).

    \b
    Example:
      efe-pipeline localize traduccion.txt > estilo.txt
    """
    config = LocalizeConfig(
        titles=not no_titles,
        usa=usa,
        quotes="" if quotes == "none" else quotes,
        numbers=not no_numbers,
        times=not no_times,
        spacing=not no_spacing,
        percent=not no_percent,
    )
    for number, raw in enumerate(file, start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise IngestError(file.name, "not valid UTF-8; re-save the file as UTF-8", number) from None
        click.echo(localize_text(line.rstrip("\r\n"), config))


@main.command("diff")
@click.argument("old", type=click.Path(exists=True, path_type=Path))
@click.argument("new", type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "html", "json"]), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of stdout.")
def diff_command(old: Path, new: Path, fmt: str, output: Path | None) -> None:
    """Compare two runs (output folders or segments.jsonl) by segment id.

    Shows changed segments word by word, added and removed ones, and the word edit
    rate overall and per document. Exit 0 when equal, 1 when different, 2 on trouble
    (as diff does).

    \b
    Examples:
      efe-pipeline diff out-before/ out-after/
      efe-pipeline diff out-before/ out-after/ --format html -o changes.html
    """
    try:
        result = diff_runs(load_run(old), load_run(new))
    except PipelineError as err:
        click.echo(f"error: {err}", err=True)
        raise click.exceptions.Exit(2) from None
    if fmt == "html":
        text = render_html(result, str(old), str(new))
    elif fmt == "json":
        text = render_json(result)
    else:
        colour = output is None and click.get_text_stream("stdout").isatty()
        text = render_text(result, click.style if colour else (lambda t, **kw: t))
    if output:
        write_text(output, text)
    else:
        click.echo(text, nl=False)
    raise click.exceptions.Exit(0 if result.equal else 1)


@main.command()
@click.argument("outdir", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; any other than 127.0.0.1 needs editors' tokens.",
)
@click.option("--port", default=8765, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option(
    "--editor", default=None, help="The name saves go under when an editor gives none (default: your user name)."
)
@click.option(
    "--tm",
    "tm_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Translation memory (SQLite) to search, and to store approved segments in.",
)
@click.option("--read-only", is_flag=True, help="Show the run; refuse every save.")
@click.option(
    "--add-editor",
    "add_editor",
    metavar="NAME",
    help="Add an editor (or renew their token), print their token and login link, and exit.",
)
def review(
    outdir: Path,
    host: str,
    port: int,
    editor: str | None,
    tm_path: Path | None,
    read_only: bool,
    add_editor: str | None,
) -> None:
    """Serve a finished run to editors: the review desk.

    Every save (edit, confirm, approve, reject, comment, revert, dismiss) goes straight
    into OUTDIR/work.sqlite with the editor's name; a save made on a segment someone else
    changed since is refused and both versions are shown. The folder's files follow
    within a second. Once an editor is added, every request needs a token.

    \b
    Example:
      efe-pipeline review out/ --tm memory.sqlite
      efe-pipeline review out/ --add-editor "Ana Pérez"
      efe-pipeline review out/ --host 0.0.0.0 --port 8080
    """
    require_store(outdir)
    if add_editor is not None:
        access = Access(outdir)
        try:
            token = access.add_editor(add_editor)
        finally:
            access.close()
        click.echo(f"token for {editor_name(add_editor)}: {token}")
        click.echo(f"login link: {address(host, port)}/login?token={token}")
        return
    if editor is not None and editor_name(editor) is None:
        raise UsageError("--editor: a name is 1 to 64 characters with no control characters")
    if tm_path is not None and not tm_path.is_file():
        raise UsageError(f"translation memory {tm_path} does not exist; make one with `efe-pipeline tm import`")
    serve(outdir, host, port, editor or getpass.getuser(), tm_path, read_only, say=lambda m: click.echo(m, err=True))


@main.group()
def tm() -> None:
    """Translation memory: editors' corrected segments, reused by later runs.

    \b
    Example:
      efe-pipeline tm import edited/story.xlf --tm memory.sqlite
      efe-pipeline translate corpus/ -o out/ --tm memory.sqlite
    """


@tm.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--tm",
    "tm_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="SQLite file (created if missing).",
)
@click.option(
    "--against",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="The run the files came from: its ids must match (other tools' segments are matched by source text), "
    "a file of another run is refused, and a target that differs from the run's is a person's.",
)
@click.option(
    "--all",
    "everything",
    is_flag=True,
    help="Also import segments nobody changed, marked as machine output.",
)
@click.option("--force", is_flag=True, help="Let machine output replace entries people wrote.")
def tm_import(files: tuple[Path, ...], tm_path: Path, against: Path | None, everything: bool, force: bool) -> None:
    """Store the segments people changed in edited XLIFF (2.x or 1.2), TMX or TSV files in the memory.

    A segment is a person's when its XLIFF state is reviewed or final, when its target
    is no longer the one we wrote (our files mark it), when it differs from the run given
    with --against or `apply` put it in that run, or when another tool wrote the file
    (OmegaT's project_save.tmx, translate-toolkit's po2tmx, a CAT tool's XLIFF) and does not
    mark the target as machine output. Machine output nobody changed is skipped (see --all),
    and never replaces a person's entry (see --force). Says what each file gave. All files
    are stored, or none.

    \b
    Example:
      efe-pipeline tm import edited/*.xlf --tm memory.sqlite --against out/
    """
    report = import_files(tm_path, files, against, everything, force)
    for path, counts in report.files:  # what was learnt from each file
        elsewhere = f", {counts.not_in_run} not sentences of {against}" if counts.not_in_run else ""
        click.echo(f"{path}: {counts.summary()}{elsewhere}", err=True)
    if len(report.files) > 1:
        click.echo(f"in all: {report.total.summary()}", err=True)
    if report.total.unchanged and against is None:
        click.echo(
            "note: without --against OUTDIR, people's work is a target changed since we wrote it (the files' "
            "written marks), an XLIFF state reviewed/final, or another tool's translation not marked as machine",
            err=True,
        )
    click.echo(f"{tm_path}: {report.size} segments in the memory", err=True)


@main.group()
def glossary() -> None:
    """Check glossaries (TSV or TBX) before a run uses them.

    \b
    Example:
      efe-pipeline glossary check glossaries/*.tsv
    """


@glossary.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def check(files: tuple[Path, ...]) -> None:
    """Report bad columns, empty cells and rows, line breaks in a cell, protection markers
    in a target, duplicates and conflicts (errors, exit 1), and terms rendered by context
    or shadowed by longer ones (warnings), each with file and line.

    \b
    Example:
      efe-pipeline glossary check glossaries/efe-en-es.tsv termbase.tbx
    """
    count, errors, warnings = check_files(files)
    for line in errors:
        click.echo(f"error: {line}", err=True)
    for line in warnings:
        click.echo(f"warning: {line}", err=True)
    click.echo(f"{count} entries, {len(errors)} errors, {len(warnings)} warnings", err=True)
    if errors:
        raise click.exceptions.Exit(ExitCode.FAILED)


@main.group()
def model() -> None:
    """Download MarianMT models and see where they are.

    \b
    Example:
      efe-pipeline model pull Helsinki-NLP/opus-mt-en-es
    """


@model.command()
@click.argument("model_id", default=DEFAULT_MODEL)
def pull(model_id: str) -> None:
    """Download MODEL_ID into the Hugging Face cache (needs network access).

    \b
    Example:
      efe-pipeline model pull Helsinki-NLP/opus-mt-en-es
    """
    location = pull_model(model_id)
    click.echo(f"{model_id}: {location.path} ({location.size_bytes() / 1e6:.1f} MB)")


@model.command()
@click.argument("model_id", default=DEFAULT_MODEL)
def info(model_id: str) -> None:
    """Say where MODEL_ID is on disk and how big it is (never downloads).

    \b
    Example:
      efe-pipeline model info Helsinki-NLP/opus-mt-en-es
    """
    location = find_model(model_id)
    if location is None:
        raise ModelNotFoundError(
            f"model '{model_id}' is not a local folder and is not in the Hugging Face cache ({cache_dir()}). "
            f"Run `efe-pipeline model pull {model_id}` to download it."
        )
    click.echo(f"model:    {model_id}")
    click.echo(f"found:    {location.origin}")
    click.echo(f"path:     {location.path}")
    click.echo(f"revision: {location.revision}")
    click.echo(f"size:     {location.size_bytes() / 1e6:.1f} MB")


def _parse_shard(value: str) -> tuple[int, int]:
    index, _, count = value.partition("/")
    if not (index.isdigit() and count.isdigit() and 1 <= int(index) <= int(count)):
        raise click.BadParameter(f"'{value}' is not i/N with 1 ≤ i ≤ N (for example 2/4)", param_hint="--shard")
    return int(index), int(count)


def _user_cache() -> Path:
    """Where conversions are cached: $XDG_CACHE_HOME/efe-pipeline (~/.cache by default)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "efe-pipeline"


def _reporter(skipped: list[IngestError], write=None):  # type: ignore[no-untyped-def]
    """An on_skip callback: remember the error and say it on stderr right away."""

    def report(error: IngestError) -> None:
        skipped.append(error)
        message = f"skipped: {shown(error)}"
        write(message, file=sys.stderr) if write else click.echo(message, err=True)

    return report


def _exit_for(skipped: list[IngestError]) -> None:
    if skipped:
        click.echo(f"{len(skipped)} input(s) skipped:", err=True)
        for error in skipped:
            click.echo(f"  {error}", err=True)
        raise click.exceptions.Exit(ExitCode.INPUTS_SKIPPED)
