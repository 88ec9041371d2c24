"""The ``annotator`` command: the window, and the session operations without one.

    annotator                                   the window, on the last session used
    annotator open [SESSION] [DOCUMENT ...]     the window on SESSION, importing DOCUMENTs
    annotator import SESSION DOCUMENT ...       import documents (creates SESSION if needed)
    annotator export SESSION [--format F] [-o PATH]
    annotator import-annotations SESSION PATH [--format F] [--reviewer NAME]
    annotator merge OUT IN ...
    annotator agree SESSION [--format table|csv|json]
    annotator info SESSION

Errors are one line on standard error and a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import sys
from pathlib import Path

import click

from annotator import __version__
from annotator.core.articles.reading import DOCUMENT_SUFFIXES
from annotator.core.errors import AnnotatorError, FormatError, SessionError
from annotator.core.formats import ANNOTATION_FORMATS
from annotator.core.output_file import discard_stdout

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70

SESSION = click.Path(dir_okay=False, path_type=Path)
_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG}


@click.group(
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--reviewer",
    metavar="NAME",
    help="Name recorded on new annotations (default: your user name or the one in Preferences).",
)
@click.version_option(__version__, "-V", "--version", prog_name="annotator")
@click.pass_context
def cli(ctx: click.Context, reviewer: str | None) -> int | None:
    """Tag claims, estimates and attributions in news articles.

    With no command, the window opens on the last session used (or on a default session in
    your data folder, with the bundled sample articles).
    """
    ctx.obj = {"reviewer": reviewer}
    if ctx.invoked_subcommand is None:
        return _start_window(None, (), reviewer)
    return None


def _encoding(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    from annotator.core.articles.text_encodings import encoding_name

    try:
        return encoding_name(value)
    except AnnotatorError as exc:
        raise click.BadParameter(str(exc)) from None


ENCODING_HELP = (
    "Read .txt, .md and .html files in this encoding (utf-8, cp1252, cp1250, iso8859-2, cp1251, "
    "shift_jis…) instead of finding it out; Word files and PDFs say their own."
)


@cli.command("open")
@click.argument("session", required=False, type=SESSION)
@click.argument("documents", nargs=-1, type=click.Path(path_type=Path))
@click.option("--encoding", metavar="NAME", callback=_encoding, help=ENCODING_HELP)
@click.pass_context
def open_command(
    ctx: click.Context, session: Path | None, documents: tuple[Path, ...], encoding: str | None
) -> int:
    """Open the window on SESSION (created if missing), importing any DOCUMENTs.

    When the first argument is a document (.txt, .md, .html, .docx, .pdf) it is imported into
    the last session used.
    """
    if session is not None and session.suffix.lower() in DOCUMENT_SUFFIXES:
        documents = (session, *documents)
        session = None
    return _start_window(session, documents, ctx.obj["reviewer"], encoding)


def _iso_date(_ctx: click.Context, param: click.Parameter, value: str | None):
    if value is None:
        return None
    from datetime import date

    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date written YYYY-MM-DD",
                                 param=param) from None


@cli.command("import")
@click.argument("session", type=SESSION)
@click.argument("documents", nargs=-1, required=True, metavar="DOCUMENT_OR_ADDRESS...")
@click.option("--encoding", metavar="NAME", callback=_encoding, help=ENCODING_HELP)
@click.option("--url", metavar="ADDRESS", help="The web address the articles were published at.")
@click.option("--outlet", metavar="NAME", help="The outlet that published them.")
@click.option("--author", "authors", metavar="NAME", multiple=True,
              help="An author (repeat for several).")
@click.option("--published", metavar="YYYY-MM-DD", callback=_iso_date,
              help="The date they were published.")
@click.pass_context
def import_command(
    ctx: click.Context, session: Path, documents: tuple[str, ...], encoding: str | None,
    url: str | None, outlet: str | None, authors: tuple[str, ...], published,
) -> int:
    """Import DOCUMENTs (.txt, .md, .html, .docx, .pdf) or web pages (http:// or https://
    addresses, fetched once) into SESSION, creating it if needed.

    Where each article came from is read from the file or page where it says so (an HTML
    page's metadata, a Word file's properties, a PDF's information, Markdown front matter);
    --url, --outlet, --author and --published set it for the articles of this call.
    """
    from annotator.core.articles.provenance import Provenance, clean_url, is_web_address
    from annotator.core.articles.reading import read_document
    from annotator.core.articles.text_encodings import GUESSED_ENCODING
    from annotator.core.session.store import SessionStore

    if url is not None and clean_url(url) is None:
        raise click.BadParameter(f"{url!r} is not a web address (http:// or https://)",
                                 param_hint="--url")
    given = Provenance(url=url, outlet=outlet, authors=authors,
                       published=published)
    failures = 0
    with contextlib.ExitStack() as stack:
        store = None  # opened (or created) once a first document has been read
        for name in documents:
            try:
                if is_web_address(name):
                    from annotator.core.articles.web import read_web_page

                    parsed = read_web_page(name, encoding=encoding)
                else:
                    parsed = read_document(Path(name), encoding)
                parsed = _with_provenance(parsed, given)
                if store is None:
                    store = stack.enter_context(SessionStore.open(
                        session, create=True, reviewer=ctx.obj["reviewer"]))
                document, created = store.add_document(parsed)
                if not created and not given.is_empty:
                    store.set_document_provenance(
                        document.id, given.filled_from(document.provenance))
            except SessionError:
                raise  # the session itself is refused: nothing more can be imported
            except AnnotatorError as exc:
                _error(str(exc))
                failures += 1
                continue
            shown = name if is_web_address(name) else Path(name).name
            for warning in parsed.warnings:
                if warning.startswith(GUESSED_ENCODING):
                    warning += " with --encoding NAME"
                click.echo(f"annotator: warning: {shown}: {warning}", err=True)
            state = "imported" if created else "already in the session"
            click.echo(
                f"{state}: {name} → document {document.id} “{document.title}” "
                f"({document.char_count:,} characters)"
            )
    return EXIT_ERROR if failures else 0


def _with_provenance(document, given):
    """``document`` with what the command line says of where it came from put first."""
    from dataclasses import replace

    return replace(document, provenance=given.filled_from(document.provenance))


@cli.command("export")
@click.argument("session", type=SESSION)
@click.option(
    "--format",
    "fmt",
    type=click.Choice((*ANNOTATION_FORMATS, "claimreview")),
    default="csv",
    show_default=True,
    help="csv: UTF-8; excel-csv: UTF-8 with a byte-order mark, for spreadsheets; jsonl: one "
    "document a line (doccano's shape); w3c: W3C Web Annotation JSON-LD; brat: a folder of "
    ".txt and .ann files; labelstudio: Label Studio's JSON tasks; claimreview: the rated "
    "claims' verdicts as schema.org ClaimReview JSON-LD, to publish.",
)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path),
    help="File (a folder for brat) to write (default: standard output).",
)
@click.option("--document", "document_id", type=int, metavar="ID", help="Only this document.")
@click.option(
    "--reviewer", "only_reviewer", metavar="NAME",
    help="Only the annotations of reviewer NAME (gold: the adjudicated layer).",
)
@click.option(
    "--raw", is_flag=True,
    help="Write cells exactly as stored, without the leading ' that stops spreadsheet formulas.",
)
@click.option("--url-template", metavar="TEMPLATE",
              help="claimreview: each fact-check's address, with {claim_id} (and {document_id}), "
              "e.g. https://example.org/checks/{claim_id}.")
@click.option("--org-name", metavar="NAME", help="claimreview: the fact-checking organisation.")
@click.option("--org-url", metavar="ADDRESS", help="claimreview: the organisation's web address.")
def export_command(
    session: Path, fmt: str, output: Path | None, document_id: int | None,
    only_reviewer: str | None, raw: bool, url_template: str | None, org_name: str | None,
    org_url: str | None,
) -> int:
    """Export SESSION's annotations: as CSV, one row per annotation, or in another format."""
    from annotator.core.formats.session_io import export_annotations
    from annotator.core.session.store import SessionStore

    publishing = (url_template, org_name, org_url)
    if fmt != "claimreview" and any(value is not None for value in publishing):
        raise click.UsageError("--url-template, --org-name and --org-url go with "
                               "--format claimreview")
    with SessionStore.open(session, read_only=True) as store:
        _warn_of_damage(store)
        try:
            if fmt == "claimreview":
                from annotator.core.factcheck.publishing import export_claimreviews

                count = export_claimreviews(
                    store, output, url_template=url_template, org_name=org_name,
                    org_url=org_url, document_id=document_id, reviewer=only_reviewer)
            else:
                count = export_annotations(store, fmt, output, document_id=document_id,
                                           formula_safe=not raw, reviewer=only_reviewer)
        except BrokenPipeError:
            # The reader went away (`annotator export s | head`): not an error. Handled here
            # because click turns an EPIPE that reaches it into exit status 1.
            discard_stdout()
            return 0
        except OSError as exc:
            if output is not None:
                raise
            raise _output_failed(exc) from None
        if output is not None:
            what = "claim reviews" if fmt == "claimreview" else "annotations"
            click.echo(f"exported {count:,} {what} to {output}", err=True)
    return 0


@cli.command("import-annotations")
@click.argument("session", type=SESSION)
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(ANNOTATION_FORMATS),
    help="The file's format (default: told from its name: .csv, .jsonl, .jsonld, a folder of "
    ".ann files, a Label Studio .json).",
)
@click.option(
    "--reviewer", "file_reviewer", metavar="NAME",
    help="Record NAME as the reviewer of every annotation in the file.",
)
@click.pass_context
def import_annotations_command(
    ctx: click.Context, session: Path, path: Path, fmt: str | None, file_reviewer: str | None
) -> int:
    """Add the annotations of PATH (a file, or a brat folder) to SESSION.

    Documents are matched by checksum or text; a document the session lacks is added when the
    file holds its text. Spans whose text changed are placed again by their quote and context;
    what cannot be placed is listed, and the exit status is then 1. Importing the same file
    twice adds nothing the second time.
    """
    from annotator.core.formats.import_records import import_records
    from annotator.core.formats.session_io import read_annotations
    from annotator.core.session.store import SessionStore

    fmt, records = read_annotations(path, fmt)  # before the session is opened, or made
    with SessionStore.open(session, create=True, reviewer=ctx.obj["reviewer"]) as store:
        report = import_records(store, records, reviewer=file_reviewer, source_format=fmt)
    click.echo(report.summary(), err=True)
    return EXIT_ERROR if report.unplaced else 0


@cli.command("merge")
@click.argument("out", type=SESSION)
@click.argument("inputs", nargs=-1, required=True, type=SESSION)
@click.option("--json", "as_json", is_flag=True, help="Print the merge's counts as JSON.")
def merge_command(out: Path, inputs: tuple[Path, ...], as_json: bool) -> int:
    """Merge reviewers' sessions INPUTS into OUT (created if missing).

    Articles are matched by their text; every annotation keeps its reviewer. Merging again
    adds nothing that OUT already has. The INPUTS are only read.
    """
    from annotator.core.review.merge import merge_sessions

    report = merge_sessions(out, list(inputs))
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    click.echo(report.summary(), err=True)
    return 0


@cli.command("agree")
@click.argument("session", type=SESSION)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
    show_default=True, help="A table for the terminal, CSV (a row per pair and label) or JSON.",
)
@click.option("--document", "document_ids", type=int, multiple=True, metavar="ID",
              help="Only this document (repeatable).")
@click.option("--reviewer", "reviewers", multiple=True, metavar="NAME",
              help="Only these reviewers (repeatable; at least two).")
@click.option("--include-gold", is_flag=True,
              help="Compare the gold layer too (each reviewer against the adjudicated spans).")
def agree_command(
    session: Path, fmt: str, document_ids: tuple[int, ...], reviewers: tuple[str, ...],
    include_gold: bool,
) -> int:
    """Agreement between the reviewers of SESSION, per label and overall.

    Exact and overlap span F1, Cohen's kappa on word tokens (every pair of reviewers),
    Krippendorff's alpha (all reviewers at once), and agreement on confidence.
    """
    from annotator.core.review.agreement import agreement
    from annotator.core.review.agreement_output import as_csv, as_json, as_table
    from annotator.core.session.store import SessionStore

    with SessionStore.open(session, read_only=True) as store:
        _warn_of_damage(store)
        report = agreement(
            store, document_ids=list(document_ids) or None, reviewers=list(reviewers) or None,
            include_gold=include_gold,
        )
    output = {"table": as_table, "csv": as_csv, "json": as_json}[fmt](report)
    click.echo(output, nl=not output.endswith("\n"))
    if report.problem:
        click.echo(f"annotator: {report.problem}", err=True)
        return EXIT_ERROR
    return 0


def _labels(_ctx: click.Context, _param: click.Parameter, value: str) -> tuple[str, ...]:
    from annotator.core.suggestions import SUGGESTED_LABELS

    labels = tuple(dict.fromkeys(v.strip() for v in value.split(",") if v.strip()))
    unknown = [label for label in labels if label not in SUGGESTED_LABELS]
    if unknown or not labels:
        raise click.BadParameter(
            f"{', '.join(unknown) or 'none'}: choose from {', '.join(SUGGESTED_LABELS)}")
    return labels


@cli.command("suggest")
@click.argument("session", type=SESSION)
@click.argument("document_ids", nargs=-1, type=int, metavar="[DOCUMENT_ID]...")
@click.option("--labels", default="estimate,attribution,claim", show_default=True,
              callback=_labels, help="The labels to suggest, separated by commas.")
@click.option("-o", "--output", type=click.Path(path_type=Path), metavar="FILE",
              help="Also write every pending suggestion of these documents as JSON Lines "
              "('-' for standard output).")
@click.option("--rules", "rules_file", type=click.Path(path_type=Path), metavar="FILE",
              help="A desk's own rules (TOML), added to the shipped English ones.")
@click.option("--evaluate", is_flag=True,
              help="Write nothing: compare what the rules would suggest with the session's "
              "annotations and print precision, recall and F1 per label.")
@click.pass_context
def suggest_command(
    ctx: click.Context, session: Path, document_ids: tuple[int, ...], labels: tuple[str, ...],
    output: Path | None, rules_file: Path | None, evaluate: bool,
) -> int:
    """Suggest estimate, attribution and claim spans in SESSION's documents (all by default).

    The suggestions are kept in the session as pending (its suggestions table), each with its
    reason; running again adds only what is new, and a span decided on (accepted or rejected)
    is never proposed again. Offsets in the output are code points, half-open, as everywhere.
    """
    from annotator.core.session.store import SessionStore
    from annotator.core.suggestions.evaluation import as_table
    from annotator.core.suggestions.session import (
        evaluate_session,
        make_suggester,
        suggest_documents,
        write_jsonl,
    )

    suggester = make_suggester(rules_file=rules_file)
    if evaluate:
        with SessionStore.open(session, read_only=True) as store:
            _warn_of_damage(store)
            scores = evaluate_session(store, document_ids, labels, suggester)
        click.echo(as_table(scores, labels), nl=False)
        return 0
    if output is not None and str(output) != "-":
        from annotator.core.output_file import check_target

        check_target(output)  # before anything is stored: a refused file changes nothing
    with SessionStore.open(session, reviewer=ctx.obj["reviewer"]) as store:
        report = suggest_documents(store, document_ids, labels, suggester)
        if output is None:  # only the count is shown: SQLite counts, nothing is read
            pending, texts = [], {}
            count = store.count_pending_suggestions(document_ids or ())
        else:
            pending = [s for s in store.pending_suggestions()
                       if not document_ids or s.document_id in document_ids]
            texts = {i: store.document_text(i) for i in {s.document_id for s in pending}}
            count = len(pending)
    click.echo(f"{report.total_added:,} new suggestions in {len(report.added):,} "
               f"{'document' if len(report.added) == 1 else 'documents'}; "
               f"{count:,} pending", err=True)
    if output is not None and str(output) == "-":
        write_jsonl(sys.stdout, pending, texts)
    elif output is not None:
        from annotator.core.output_file import write_whole

        write_whole(output, lambda out: write_jsonl(out, pending, texts))
    return 0


@cli.command("import-fact-checks")
@click.argument("session", type=SESSION)
@click.argument("path", type=click.Path(path_type=Path))
def import_fact_checks_command(session: Path, path: Path) -> int:
    """Read published fact-checks (schema.org ClaimReview JSON-LD: one object, a list, @graph,
    or a fact-check page's HTML) into SESSION as reference claims: matched against the session's
    claims, not annotations of any article."""
    from annotator.core.factcheck.claimreview import MAX_INPUT_BYTES, read_fact_checks
    from annotator.core.regular_file import read_regular_file
    from annotator.core.session.store import SessionStore

    claims = read_fact_checks(read_regular_file(path, MAX_INPUT_BYTES, FormatError,
                                                "a fact-check file"))
    with SessionStore.open(session, create=True) as store:
        added, known = store.add_reference_claims(claims, path.name)
    click.echo(f"{added:,} published {'claim' if added == 1 else 'claims'} read from "
               f"{path.name}" + (f"; {known:,} the session had already" if known else ""))
    return 0


@cli.command("claims")
@click.argument("session", type=SESSION)
@click.option("--json", "as_json", is_flag=True, help="Print the claims as JSON.")
@click.option("--threshold", type=click.IntRange(1, 100), default=75, show_default=True,
              help="The lowest score (0-100) a match needs to be listed.")
def claims_command(session: Path, as_json: bool, threshold: int) -> int:
    """List SESSION's claims: id, text, verdict, article, the claims of other articles and of
    published fact-checks that say the same thing (with a score; ref:ID for a published one),
    and what a reviewer marked each the same as."""
    from annotator.core.factcheck.checked_before import list_claims
    from annotator.core.session.store import SessionStore

    with SessionStore.open(session, read_only=True) as store:
        _warn_of_damage(store)
        listed = list_claims(store, threshold)
    if as_json:
        click.echo(json.dumps([claim.as_dict() for claim in listed], ensure_ascii=False,
                              indent=2))
        return 0
    for claim in listed:
        matches = ", ".join(f"{key} ({score})" for key, score in claim.matches) or "none"
        same = f"; same as {claim.same_as}" if claim.same_as else ""
        click.echo(f"{claim.id}\t{claim.verdict or 'no verdict'}\t{claim.document_title}\t"
                   f"{claim.text}\tmatches: {matches}{same}")
    return 0


@cli.command("info")
@click.argument("session", type=SESSION)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def info_command(session: Path, as_json: bool) -> int:
    """Summarise SESSION: its documents, their annotations per label and per reviewer, and,
    with several reviewers, how far adjudication has come."""
    from annotator.core.session.store import SessionStore
    from annotator.core.session_summary import session_summary, summary_lines

    with SessionStore.open(session, read_only=True) as store:
        _warn_of_damage(store)
        summary = session_summary(store, str(session))
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        click.echo("\n".join(summary_lines(summary)))
    return 0


def _start_window(
    session: Path | None, documents: tuple[Path, ...], reviewer: str | None,
    encoding: str | None = None,
) -> int:
    try:
        from annotator.gui.app import run
    except ImportError as exc:
        raise AnnotatorError(f"the window cannot start: {exc}") from None
    return run(session=session, documents=list(documents), reviewer=reviewer, encoding=encoding)


def _output_failed(exc: OSError) -> AnnotatorError:
    """Standard output (a file, a full disk, a device) took no more: what is still buffered for
    it goes to the null device (so that the exit does not fail again), and the sentence."""
    discard_stdout()
    why = "the disk is full" if exc.errno in _DISK_FULL else (exc.strerror or str(exc))
    return AnnotatorError(f"the output cannot be written ({why})")


def _os_error(exc: OSError) -> str:
    """One sentence for an operating-system error that reached the top: the path and why."""
    why = exc.strerror or str(exc)
    if exc.filename is not None:
        return f"{os.fsdecode(exc.filename)}: {why}"
    if exc.errno in _DISK_FULL:  # no file named: what failed is writing standard output
        return str(_output_failed(exc))
    return why


def _flush_stdout() -> None:
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        discard_stdout()
    except OSError as exc:
        raise _output_failed(exc) from None


def _warn_of_damage(store) -> None:
    """Say, in one line, which rows of the session were changed outside the program so that
    they break its rules (they are left out, or shown repaired)."""
    summary = store.damage().summary()
    if summary:
        click.echo(f"annotator: warning: {store.path.name}: {summary}", err=True)


def _error(message: str) -> None:
    click.echo(f"annotator: error: {message}", err=True)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``annotator`` command."""
    if sys.stdout is None:  # started with standard output closed (`annotator … >&-`)
        if sys.stderr is not None:
            _error("the output cannot be written (standard output is closed)")
        sys.exit(EXIT_ERROR)
    try:
        status = cli.main(args=argv, prog_name="annotator", standalone_mode=False)
        _flush_stdout()
    except click.ClickException as exc:
        exc.show()
        status = exc.exit_code
    except click.exceptions.Abort:
        click.echo("annotator: interrupted", err=True)
        status = 130
    except AnnotatorError as exc:
        _error(str(exc))
        status = EXIT_ERROR
    except BrokenPipeError:
        # The reader of our output went away (`annotator export s | head`): not an error.
        discard_stdout()
        status = 0
    except OSError as exc:  # a path the system refused (too long, ...)
        _error(_os_error(exc))
        status = EXIT_ERROR
    except KeyboardInterrupt:
        click.echo("annotator: interrupted", err=True)
        status = 130
    except MemoryError:
        _error("there is not enough memory for this")
        status = EXIT_ERROR
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback
        if os.environ.get("ANNOTATOR_DEBUG"):
            raise
        _error(f"unexpected {type(exc).__name__}: {exc} (set ANNOTATOR_DEBUG=1 for details)")
        status = EXIT_INTERNAL
    sys.exit(status if isinstance(status, int) else 0)
