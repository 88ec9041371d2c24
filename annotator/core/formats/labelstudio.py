"""Label Studio's JSON export for a ``Labels`` control over a ``Text`` object.

The file is a JSON list of tasks, ``{"id", "data": {"text", "title", "sha256", ...},
"annotations": [{"result": [...], ...}]}``, one task per document and one Label Studio
annotation per reviewer. Each span is a region: a ``labels`` result (``from_name`` "label",
``to_name`` "text", ``value`` ``{"start", "end", "text", "labels": [label]}``), and, under the
same region id, the per-region controls of :func:`labeling_config`: a ``rating`` result
(``from_name`` "confidence", ``value.rating``) for the confidence and a ``textarea`` result
(``from_name`` "note", ``value.text`` a list of strings) for the note. Label Studio stores a
per-region control this way: a result with the region's id whose value repeats the region's
position beside the control's own value (its frontend's ``Result.serialize`` merges the area's
value with the control's; see the ``perRegionRatingResult`` fixture in its editor tests). Links
between spans of one reviewer are also written as Label Studio relations (``{"from_id", "to_id",
"type": "relation", "direction": "right"}``, as its ``RelationStore.serialize`` writes them).

The fields Label Studio has no control for (key, reviewer, verdict, evidence, created_at,
updated_at, links; origin, and a claim's summary as checked and its fact-check's address where
they are set) go in the ``labels`` result's ``meta`` under ``"factcheck"``: ``meta`` is a
free-form object on every result (``types.frozen()`` in its ``Result`` model, where it also keeps
``lead_time`` and the region's own ``meta.text``), which its importer stores untouched.

The reviewer is not written as ``completed_by``: Label Studio's importer
(``label_studio/tasks/serializers.py``, ``_insert_valid_completed_by``) accepts only a member's
numeric id or ``{"email": ...}`` there and rejects the whole import for any other value, a name
included. Without ``completed_by`` it gives the annotations to the importing user; the reviewer
stays in each result's ``meta`` and in an extra annotation field ``"reviewer"``, which it ignores.
:func:`read` takes the reviewer from that ``meta``, else from ``completed_by`` when it is a string,
else from ``"reviewer"``; Label Studio's own numeric or object ``completed_by`` gives none.

Offsets. Label Studio's ``start`` and ``end`` for a ``Text`` region count Unicode code points,
like Python's, not the UTF-16 code units of its JavaScript frontend, which converts before it
stores: ``charsToCodePoints`` / ``codePointsToChars`` in HumanSignal/label-studio
``web/libs/editor/src/utils/selection-tools.js`` ("In python and other modern tools complex
unicode symbols handled as code points, not UTF chars. So for external usage js length should be
converted to code points count"), and the newer renderer counts one symbol per code point
(``web/libs/editor/src/tags/object/RichText/domManager.md``: with "🐱" before it, "cat" has the
global offsets [8, 11], its DOM range [9, 12]). The conversion came with pull request #1559
("Store code points instead of js length", closing issue #1008, merged as label-studio-frontend
pull request #308); exports made before it counted UTF-16 code units (issue #1347: in
"💩This is an annotation." the word "annotation" came out as 13–23, not 12–22), and issue #4988
(Label Studio 1.9.1) reports code points in the export ("firetrucks" correctly marked in the
exported JSON though drawn off by one on screen). So the writer puts code points unchanged; the
reader takes code points, and only when the region's ``text`` does not match the document there
but does match with the offsets read as UTF-16 code units does it convert them, so that exports
from before the fix still import. The region's ``text`` is also compared ignoring white space,
as older frontends wrote a line break in it as a literal backslash-n.

Labels. A Label Studio export holds no label definitions; the labeling configuration does, and
an export to a file is saved with its configuration beside it as ``<stem>.config.xml``
(:func:`labeling_config`: each label as ``<Label value="claim" background="#0072B2"
hint="…"/>``, the hint being the label's description, shown on hover). :func:`read` reads that
file when it is there (or the one given as ``config``) and returns its labels in each record's
``extra["labels"]`` (see :mod:`annotator.core.formats._shared`): the name and title are both the
``value`` (Label Studio has no separate title), the colour the ``background`` when it is
``#RRGGBB`` or ``#RGB``, the description the ``hint``. The configuration is read defensively
with the standard library's parser: one with a DTD or entity declarations, one larger than
``MAX_CONFIG_BYTES``, or one that is not well-formed UTF-8 XML is ignored, and the tasks are
read without labels.
"""

from __future__ import annotations

import functools
import os
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO
from xml.sax.saxutils import quoteattr

from annotator.core.defaults import DEFAULT_CONFIDENCE
from annotator.core.errors import AnnotatorError, FormatError
from annotator.core.formats._json_stream import COMPACT, Streamed, write_json
from annotator.core.formats._shared import (
    Bad,
    decode_json_text,
    document_title,
    hex_colour,
    is_int,
    load_json,
    open_target,
    parse_time,
    read_bytes,
    read_documents,
    refused_document,
    review_fields,
    span_in,
    str_field,
    str_list,
    text_document,
    text_too_large,
)
from annotator.core.formats.labelstudio_stream import Results
from annotator.core.formats.labelstudio_stream import streamed_tasks as _streamed_tasks
from annotator.core.formats.records import DocumentRecord, SpanRecord
from annotator.core.labels import DEFAULT_LABELS
from annotator.core.models import Label
from annotator.core.offsets import Utf16Map

NAME = "labelstudio"
DESCRIPTION = "Label Studio JSON (Labels over Text, per-region confidence and note)"
SUFFIX = ".json"

LABEL_CONTROL = "label"  # <Labels name=...>
TEXT_OBJECT = "text"  # <Text name=...>
CONFIDENCE_CONTROL = "confidence"  # <Rating name=... perRegion="true">
NOTE_CONTROL = "note"  # <TextArea name=... perRegion="true">
META_KEY = "factcheck"  # our fields, in each labels result's "meta"
MAX_RATING = 5
_FALLBACK_COLOR = "#999999"  # for a label a record uses but the session does not declare
MAX_CONFIG_BYTES = 1_000_000  # a labeling configuration larger than this is not read


# ---------------------------------------------------------------------------- labeling config


def labeling_config(labels: Iterable[Label]) -> str:
    """The Label Studio labeling configuration the export is made for: the labels with their
    colours over the text, and a per-region confidence rating and note."""
    lines = [
        "<View>",
        "  <Style>.htx-text { white-space: pre-wrap; }</Style>",
        f'  <Labels name="{LABEL_CONTROL}" toName="{TEXT_OBJECT}">',
    ]
    for name, color, description in _label_entries(labels):
        hint = f" hint={quoteattr(description)}" if description else ""
        lines.append(
            f"    <Label value={quoteattr(name)} background={quoteattr(color)}{hint}/>"
        )
    lines += [
        "  </Labels>",
        f'  <Text name="{TEXT_OBJECT}" value="$text"/>',
        '  <View visibleWhen="region-selected">',
        '    <Header value="Confidence"/>',
        f'    <Rating name="{CONFIDENCE_CONTROL}" toName="{TEXT_OBJECT}" perRegion="true" '
        f'maxRating="{MAX_RATING}"/>',
        '    <Header value="Note"/>',
        f'    <TextArea name="{NOTE_CONTROL}" toName="{TEXT_OBJECT}" perRegion="true" '
        'editable="true" maxSubmissions="1" rows="3"/>',
        "  </View>",
        "</View>",
        "",
    ]
    return "\n".join(lines)


def _label_entries(
    labels: Iterable[Label | tuple[str, ...]],
) -> list[tuple[str, str, str]]:
    """Each label as (name, colour, description); a tuple may leave out the description."""
    entries = []
    for label in labels:
        if isinstance(label, Label):
            entries.append((label.name, label.color, label.description))
        else:
            name, color, *rest = label
            entries.append((name, color, rest[0] if rest else ""))
    return entries


LABELING_CONFIG = labeling_config(DEFAULT_LABELS)


# ------------------------------------------------------------------------------------ write


def write(
    records: Iterable[DocumentRecord], target: str | Path | TextIO, *, labels: Iterable[Label] = ()
) -> int:
    """Write the tasks to ``target`` (a path or an open text stream); returns the number of
    spans written. Given a path, the labeling configuration is saved beside it as
    ``<stem>.config.xml``."""
    declared = _label_entries(labels)
    names = {name for name, _, _ in declared}
    used: list[str] = []
    count = 0
    with open_target(target) as out:
        out.write("[")
        for number, record in enumerate(records, start=1):
            out.write("\n" if number == 1 else ",\n")
            write_json(out, _task(number, record), separators=COMPACT)
            count += len(record.spans)
            for span in record.spans:
                if span.label not in names and span.label not in used:
                    used.append(span.label)
        out.write("\n]\n")
    if isinstance(target, (str, os.PathLike)) and Path(target).is_file():
        path = Path(target)
        config = labeling_config(declared + [(name, _FALLBACK_COLOR, "") for name in used])
        with open_target(path.with_name(f"{path.stem}.config.xml")) as out:
            out.write(config)
    return count


def _task(number: int, record: DocumentRecord) -> dict[str, Any]:
    """The task of one document, its annotations' results left to be drawn as it is written."""
    if record.text is None and record.spans:
        raise AnnotatorError(
            f"“{record.title}” has no text, and a Label Studio export needs the text of every "
            "document with annotations"
        )
    region_ids = _region_ids(number, record.spans)
    by_key = {span.key: region_ids[i] for i, span in enumerate(record.spans) if span.key}
    groups: dict[str | None, list[int]] = {}
    for i, span in enumerate(record.spans):
        groups.setdefault(span.reviewer, []).append(i)
    annotations = []
    for reviewer, members in groups.items():
        spans = [record.spans[i] for i in members]
        annotation: dict[str, Any] = {
            "id": len(annotations) + 1,
            "result": Streamed(_results(record.spans, members, region_ids, by_key)),
            "was_cancelled": False,
            "ground_truth": False,
        }
        created = _extreme([s.created_at for s in spans], min)
        updated = _extreme([s.updated_at for s in spans], max)
        if created:
            annotation["created_at"] = created
        if updated:
            annotation["updated_at"] = updated
        if reviewer is not None:
            annotation["reviewer"] = reviewer  # ours; Label Studio ignores it
        annotations.append(annotation)
    return {
        "id": number,
        "data": {
            "text": record.text or "",
            "title": record.title,
            "sha256": record.sha256,
            "source_sha256": record.source_sha256,
        },
        "annotations": annotations,
        "predictions": [],
    }


def _results(
    spans: tuple[SpanRecord, ...], members: list[int], region_ids: list[str],
    by_key: dict[str, str],
) -> Iterator[dict[str, Any]]:
    """The results of one reviewer's annotation: each of its spans' region results, then the
    relations between its spans."""
    for i in members:
        yield from _region_results(spans[i], region_ids[i])
    own = {region_ids[i] for i in members}
    for i in members:
        for link in spans[i].links:
            target = by_key.get(link)
            if target in own:
                yield {
                    "from_id": region_ids[i],
                    "to_id": target,
                    "type": "relation",
                    "direction": "right",
                }


def _region_ids(number: int, spans: tuple[SpanRecord, ...]) -> list[str]:
    """The span's key where it has a unique one, else a made-up id unique in the task."""
    ids: list[str] = []
    given: set[str] = set()  # the ids in ``ids``
    taken = {span.key for span in spans if span.key}
    for i, span in enumerate(spans, start=1):
        region = span.key
        if not region or region in given:
            region = f"t{number}s{i}"
            while region in taken or region in given:
                region += "_"
        ids.append(region)
        given.add(region)
    return ids


# Label Studio's own word for where a result came from: a prediction accepted as it was, or
# changed; everything else a person made
_LABEL_STUDIO_ORIGINS = {"suggested": "prediction", "suggested-relabelled": "prediction-changed"}


def _region_results(span: SpanRecord, region: str) -> list[dict[str, Any]]:
    """The labels result of a span and its per-region confidence (and note, if any)."""

    def result(control: str, kind: str, value: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": region,
            "from_name": control,
            "to_name": TEXT_OBJECT,
            "type": kind,
            "value": value,
            "origin": _LABEL_STUDIO_ORIGINS.get(span.origin or "", "manual"),
        }

    where = {"start": span.start, "end": span.end}
    labels = result(LABEL_CONTROL, "labels", {**where, "text": span.quote, "labels": [span.label]})
    labels["meta"] = {META_KEY: {"key": span.key, **review_fields(span)}}
    results = [
        labels,
        result(
            CONFIDENCE_CONTROL, "rating", {**where, "text": span.quote, "rating": span.confidence}
        ),
    ]
    if span.note:
        results.append(result(NOTE_CONTROL, "textarea", {**where, "text": [span.note]}))
    return results


def _extreme(stamps: list[str | None], pick) -> str | None:
    parsed = []
    for stamp in stamps:
        moment = parse_time(stamp) if stamp else None
        if moment is not None:
            parsed.append((moment, stamp))
    if not parsed:
        return None
    try:
        return pick(parsed, key=lambda item: item[0])[1]
    except TypeError:  # naive and aware times together
        return None


# ------------------------------------------------------------------------------------ read


def read(path: str | Path, *, config: str | Path | None = None) -> list[DocumentRecord]:
    """The documents of a Label Studio JSON export: one per task, with the spans of all its
    annotations (``completions`` in exports older than 1.0); cancelled annotations, predictions
    and results of types other than labels, rating, textarea and relation are ignored. Raises
    :class:`FormatError` naming the file and the task.

    The labels of the labeling configuration ``config`` (by default ``<stem>.config.xml``
    beside the file, when there is one) are put in each record's ``extra["labels"]``."""
    path = Path(path)
    config = Path(config) if config is not None else path.with_name(f"{path.stem}.config.xml")
    try:
        records = _read_tasks(path)
    finally:
        _utf16_map.cache_clear()  # the texts are not kept after the read
    labels = read_config_labels(config)
    if labels:
        for record in records:
            record.extra["labels"] = labels
    return records


def read_config_labels(path: Path) -> list[dict[str, str]]:
    """The label definitions of the labeling configuration at ``path``; none when there is no
    such file or it cannot be read (see the module text)."""
    try:
        data = read_bytes(path, MAX_CONFIG_BYTES, "a labeling configuration")
        return config_labels(data.decode("utf-8-sig"))
    except (FormatError, UnicodeDecodeError):  # missing, not a regular file, too large
        return []


def config_labels(config: str) -> list[dict[str, str]]:
    """The labels a labeling configuration declares: each ``<Label>`` of a ``<Labels>`` control
    (of any kind: ``Labels``, ``HyperTextLabels``, …), by its ``value`` (one taken from the
    task, ``$…``, is passed over); none for a configuration that is not well-formed XML or
    declares a DTD or entities."""
    upper = config.upper()
    if "<!DOCTYPE" in upper or "<!ENTITY" in upper:
        return []  # nothing to expand, nothing to fetch
    try:
        root = ET.fromstring(config)
    except (ET.ParseError, ValueError, RecursionError):
        return []
    found: dict[str, dict[str, str]] = {}
    for control in root.iter():
        if not isinstance(control.tag, str) or not control.tag.lower().endswith("labels"):
            continue
        for item in control.iter():
            if item is control or not isinstance(item.tag, str) or item.tag.lower() != "label":
                continue
            attributes = {key.lower(): value for key, value in item.attrib.items()}
            name = attributes.get("value", "")
            if not name.strip() or name.startswith("$") or name in found:
                continue
            definition = {"name": name, "title": name}
            colour = hex_colour(attributes.get("background"))
            if colour is not None:
                definition["color"] = colour
            if attributes.get("hint", "").strip():
                definition["description"] = attributes["hint"]
            found[name] = definition
    return list(found.values())


def _read_tasks(path: Path) -> list[DocumentRecord]:
    streamed = _streamed_tasks(path)
    tasks, streams = streamed if streamed is not None else (_loaded_tasks(path), None)
    try:
        if isinstance(tasks, dict):  # one task on its own
            tasks = [tasks]
        if not isinstance(tasks, list):
            raise FormatError(
                f"{path}: the file is not a Label Studio export (a JSON list of tasks)")
        return read_documents(path, "task", enumerate(tasks, start=1), _read_task)
    finally:
        if streams is not None:
            streams.close()


def _loaded_tasks(path: Path) -> Any:
    """The file's value, read whole (a FormatError saying what is wrong with it)."""
    data = read_bytes(path)
    try:
        content = decode_json_text(data)
        del data  # the bytes are not kept while the JSON is parsed
        tasks = load_json(content)
        del content
    except Bad as bad:
        raise FormatError(f"{path}: {bad}") from None
    except UnicodeDecodeError:
        raise FormatError(f"{path}: the file is not UTF-8 text") from None
    except ValueError as exc:
        message = getattr(exc, "msg", None) or str(exc)
        line = getattr(exc, "lineno", None)
        at = f" at line {line}" if line else ""
        raise FormatError(f"{path}: the file is not valid JSON ({message}{at})") from None
    except RecursionError:
        raise FormatError(f"{path}: the JSON is nested too deeply to be an export") from None
    return tasks


def _read_task(task: Any, path: Path, number: int) -> DocumentRecord:
    if not isinstance(task, dict):
        raise Bad("the task is not a JSON object")
    data = task.get("data", task)
    if not isinstance(data, dict):
        raise Bad("the task's “data” is not an object")
    text = data.get(TEXT_OBJECT)
    if not isinstance(text, str):
        raise Bad("the task has no “text” string in its data")
    fallback = f"{path.stem}, task {task.get('id', number)}"
    refused = text_too_large(text)
    if refused:  # before its annotations are read: refused on its own, the other tasks go on
        title = document_title(data.get("title"), text[:10_000], fallback)
        return refused_document(title, refused, {"task_id": task.get("id")})
    annotations = task.get("annotations", task.get("completions", []))
    if annotations is None:
        annotations = []
    if not isinstance(annotations, list):
        raise Bad("the task's “annotations” is not a list")

    keys: set[str] = set()
    spans: list[SpanRecord] = []
    for index, annotation in enumerate(annotations, start=1):
        if not isinstance(annotation, dict):
            raise Bad(f"annotation {index} is not an object")
        if annotation.get("was_cancelled") is True:
            continue
        spans += _read_annotation(annotation, index, text, keys)
    return text_document(
        data,
        text,
        spans,
        fallback_title=fallback,
        extra={"task_id": task.get("id")},
        where="in the task's data",
    )


def _read_annotation(annotation: dict, index: int, text: str, keys: set[str]) -> list[SpanRecord]:
    """The spans of one annotation (one person's result list) of a task: its regions read,
    their keys chosen (unique in the task, ``keys``), their links gathered, then a span for
    each label of each labelled region."""
    where = f"annotation {index}"
    result = annotation.get("result", [])
    if result is None:
        result = []
    if not isinstance(result, (list, Results)):
        raise Bad(f"the “result” of {where} is not a list")
    regions, relations = _regions(result, where, text)
    local, planned = _plan_keys(regions, index, keys, where)
    links = _links(planned, relations, local, f"in {where}")
    return _region_spans(planned, links, _defaults(annotation), text, f"in {where}")


def _defaults(annotation: dict) -> tuple[str | None, str | None, str | None]:
    """The reviewer, creation and update times an annotation gives its regions (each region's
    own, in our ``meta``, win)."""
    completed_by = annotation.get("completed_by")
    extra_reviewer = annotation.get("reviewer")
    reviewer = (
        completed_by
        if isinstance(completed_by, str) and completed_by.strip()
        else extra_reviewer
        if isinstance(extra_reviewer, str) and extra_reviewer.strip()
        else None
    )
    created = _stamp(annotation.get("created_at"))
    return reviewer, created, _stamp(annotation.get("updated_at")) or created


def _regions(
    result: list, where: str, text: str
) -> tuple[dict[str, dict[str, Any]], list[tuple[str, str, str]]]:
    """The regions of a result list by id (each with its labels and place, rating, note and
    ``meta`` gathered from the results that share its id), and its relations (source, target,
    direction)."""
    regions: dict[str, dict[str, Any]] = {}
    relations: list[tuple[str, str, str]] = []
    for n, item in enumerate(result, start=1):
        item_where = f"result {n} of {where}"
        if not isinstance(item, dict):
            raise Bad(f"{item_where} is not an object")
        kind = item.get("type")
        if kind == "relation":
            source, target = item.get("from_id"), item.get("to_id")
            if isinstance(source, (str, int)) and isinstance(target, (str, int)):
                direction = item.get("direction", "right")
                relations.append((str(source), str(target), str(direction)))
            continue
        if kind not in ("labels", "rating", "textarea"):
            continue  # another control
        if item.get("id") is None:
            if kind != "labels":
                continue  # a rating or note not tied to a region
            item = {**item, "id": f"{where}/result-{n}"}  # pre-annotations may have no id
        if not isinstance(item["id"], (str, int)):
            raise Bad(f"{item_where} has an id that is neither a string nor a number")
        region = regions.setdefault(str(item["id"]), {"meta": {}})
        value = item.get("value")
        if not isinstance(value, dict):
            raise Bad(f"{item_where} has no “value” object")
        meta = item.get("meta")
        if isinstance(meta, dict):
            region["meta"].update(meta)
        _read_result(kind, item, value, region, item_where, text)
    return regions, relations


def _read_result(kind: str, item: dict, value: dict, region: dict[str, Any], item_where: str,
                 text: str) -> None:
    """What one ``labels``, ``rating`` or ``textarea`` result adds to its region."""
    if kind == "labels":
        if "labels" in region:
            raise Bad(f"{item_where} labels region {item['id']!r} a second time")
        names = value.get("labels")
        if not isinstance(names, list) or not names or not all(
            isinstance(name, str) and name.strip() for name in names
        ):
            raise Bad(f"{item_where} has no list of label names")
        start, end = _offsets(value, text, item_where)
        region.update(labels=names, start=start, end=end)
    elif kind == "rating":
        rating = value.get("rating")
        if not is_int(rating) or not 1 <= rating <= MAX_RATING:
            raise Bad(f"the rating of {item_where} is not a whole number from 1 to 5")
        region["rating"] = rating
    else:
        note = value.get("text")
        if isinstance(note, str):
            note = [note]
        if not isinstance(note, list) or not all(isinstance(t, str) for t in note):
            raise Bad(f"the text of {item_where} is not a list of strings")
        region["note"] = "\n".join(note)


_Planned = tuple[str, dict[str, Any], dict[str, Any], str, str]


def _plan_keys(
    regions: dict[str, dict[str, Any]], index: int, keys: set[str], where: str
) -> tuple[dict[str, str], list[_Planned]]:
    """The key of each span (a labelled region gives one per label), unique in the task, chosen
    before the links so that they can be mapped to the keys the spans end up with: the map of
    each region id or original key to its final key, and each span planned as (region id,
    region, our meta, label, key)."""
    local: dict[str, str] = {}  # region id or original key -> final key
    planned: list[_Planned] = []
    for region_id, region in regions.items():
        if "labels" not in region:
            continue  # a rating or note for a region that is not a labelled text span
        ours = region["meta"].get(META_KEY)
        ours = ours if isinstance(ours, dict) else {}
        base = _key(ours.get("key"), where) or region_id
        for position, label in enumerate(region["labels"]):
            key = base if position == 0 else f"{base}/{label}"
            final = key
            while final in keys:
                final = f"{final}@{index}"
            keys.add(final)
            if position == 0:
                local.setdefault(region_id, final)
                local.setdefault(base, final)
            planned.append((region_id, region, ours, label, final))
    return local, planned


def _links(planned: list[_Planned], relations: list[tuple[str, str, str]],
           local: dict[str, str], in_where: str) -> dict[str, list[str]]:
    """Each span's links: those our ``meta`` lists, then Label Studio's relations (``right``
    from source to target, ``left`` back, ``bi`` both)."""
    links: dict[str, list[str]] = {}
    for _region_id, _region, ours, _label, final in planned:
        for link in str_list(ours, "links", in_where, numbers=True):
            _add(links, final, local.get(link, link))
    for source, target, direction in relations:
        if source not in local or target not in local:
            continue
        if direction in ("right", "bi"):
            _add(links, local[source], local[target])
        if direction in ("left", "bi"):
            _add(links, local[target], local[source])
    return links


def _region_spans(
    planned: list[_Planned], links: dict[str, list[str]],
    defaults: tuple[str | None, str | None, str | None], text: str, in_where: str,
) -> list[SpanRecord]:
    """The span of each planned label, with the fields of our ``meta`` (else the annotation's
    reviewer and times) and the region's rating and note."""
    default_reviewer, default_created, default_updated = defaults
    spans = []
    for _region_id, region, ours, label, final in planned:
        start, end = region["start"], region["end"]
        note = region.get("note")
        if note is None:  # Label Studio's own per-region "meta info" text, if any
            info = region["meta"].get("text")
            note = (
                "\n".join(info)
                if isinstance(info, list) and all(isinstance(t, str) for t in info)
                else ""
            )
        reviewer = str_field(ours, "reviewer", in_where) or default_reviewer
        spans.append(
            span_in(
                text,
                start,
                end,
                label,
                confidence=region.get("rating", DEFAULT_CONFIDENCE),
                note=note,
                reviewer=reviewer,
                verdict=str_field(ours, "verdict", in_where),
                claim_reviewed=str_field(ours, "claim_reviewed", in_where),
                fact_check_url=str_field(ours, "fact_check_url", in_where),
                evidence=str_list(ours, "evidence", in_where),
                created_at=str_field(ours, "created_at", in_where)
                if "created_at" in ours
                else default_created,
                updated_at=str_field(ours, "updated_at", in_where)
                if "updated_at" in ours
                else default_updated,
                key=final,
                links=tuple(links.get(final, ())),
            )
        )
    return spans


def _offsets(value: dict, text: str, where: str) -> tuple[int, int]:
    """The code-point span of a labels result, converted from UTF-16 code units when only that
    reading matches the region's text (an export from before Label Studio counted code
    points)."""
    start, end = value.get("start"), value.get("end")
    if not is_int(start) or not is_int(end):
        raise Bad(f"{where} has no whole-number start and end")
    reported = value.get("text")
    reported = reported if isinstance(reported, str) else None
    in_range = 0 <= start < end <= len(text)
    if in_range and (reported is None or text[start:end] == reported):
        return start, end
    candidates = [(start, end)] if in_range else []
    if reported is not None and not text.isascii():
        units = _utf16_map(text)
        if 0 <= start < end <= units.utf16_length:
            converted = units.span_to_code_points(start, end)
            if converted != (start, end) and converted[0] < converted[1]:
                candidates.append(converted)
    # code points exactly (done above), UTF-16 exactly, then each ignoring white space
    for exact in (True, False):
        for cp_start, cp_end in candidates:
            if _agrees(text[cp_start:cp_end], reported, exact=exact):
                return cp_start, cp_end
    if not in_range:
        raise Bad(f"{where} runs from {start} to {end}, outside the text ({len(text)} characters)")
    raise Bad(f"the text of {where} does not match the document at {start}–{end}")


@functools.lru_cache(maxsize=4)
def _utf16_map(text: str) -> Utf16Map:
    """The UTF-16 map of a task's text, made once for all its regions (a text's hash is kept
    by Python, so finding it again costs nothing)."""
    return Utf16Map(text)


def _agrees(quote: str, reported: str | None, *, exact: bool) -> bool:
    if reported is None:
        return True
    if exact:
        return quote == reported
    return "".join(quote.split()) == "".join(reported.replace("\\n", "\n").split())


def _add(links: dict[str, list[str]], source: str, target: str) -> None:
    targets = links.setdefault(source, [])
    if target not in targets and target != source:
        targets.append(target)


def _key(value: Any, where: str) -> str | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (str, int)):
        return str(value) or None
    raise Bad(f"the key in {where} is neither a string nor a number")


def _stamp(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None
