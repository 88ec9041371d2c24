"""Annotation files are read like any file a reviewer names: only regular files, never more
than a cap, without blocking on a FIFO; a document an annotation file carries obeys the size
limit of every document (refused on its own, the rest of the file imported); numbers with
thousands of digits are one sentence, never an internal error."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

import annotator.core.articles.text as document_text
from annotator.core.errors import FormatError
from annotator.core.formats import _shared, brat, csv_format, jsonl, labelstudio, w3c
from annotator.core.formats.session_io import (
    export_annotations,
    import_annotations,
    read_annotations,
)
from annotator.core.session.store import SessionStore

TEXT = "The minister said 3,000 homes were evacuated, officials said.\n"
READERS = {"csv": csv_format.read, "jsonl": jsonl.read, "w3c": w3c.read,
           "labelstudio": labelstudio.read}


def finishes(work, seconds: float = 10.0):
    """What ``work()`` returns or raises, failing the test if it blocks."""
    outcome: dict = {}

    def run() -> None:
        try:
            outcome["value"] = work()
        except Exception as exc:  # noqa: BLE001 - handed back to the test
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "blocked"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


@pytest.mark.parametrize("fmt", sorted(READERS))
def test_a_device_is_refused_without_reading_it(fmt) -> None:
    with pytest.raises(FormatError, match="/dev/zero: is a device, not a regular file"):
        finishes(lambda: READERS[fmt](Path("/dev/zero")))


@pytest.mark.parametrize("name", ["a.csv", "a.jsonl", "a.jsonld", "a.json", "a.ann"])
def test_a_fifo_is_refused_without_blocking(tmp_path: Path, name) -> None:
    fifo = tmp_path / name
    os.mkfifo(fifo)
    with pytest.raises(FormatError, match="FIFO"):
        finishes(lambda: read_annotations(fifo))


def test_a_brat_text_that_is_a_device_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.txt").symlink_to("/dev/zero")
    (tmp_path / "a.ann").write_text("T1\tclaim 0 3\tThe\n", encoding="utf-8")
    with pytest.raises(FormatError, match="a.txt: is a device"):
        finishes(lambda: brat.read(tmp_path))


def test_label_files_that_are_fifos_are_passed_over(tmp_path: Path, store, add_text) -> None:
    doc = add_text(TEXT)
    store.add_annotation(doc, 0, 3, "claim")
    export_annotations(store, "labelstudio", tmp_path / "ls.json")
    export_annotations(store, "brat", tmp_path / "brat")
    for conf in (tmp_path / "ls.config.xml", tmp_path / "brat" / "visual.conf"):
        conf.unlink()
        os.mkfifo(conf)
    assert finishes(lambda: labelstudio.read(tmp_path / "ls.json"))[0].extra.get("labels") is None
    assert finishes(lambda: brat.read(tmp_path / "brat"))[0].extra.get("labels") is None


@pytest.mark.parametrize("fmt", sorted(READERS))
def test_an_annotation_file_over_the_cap_is_refused(tmp_path: Path, monkeypatch, fmt) -> None:
    path = tmp_path / "big"
    path.write_text("x" * 5000, encoding="utf-8")
    monkeypatch.setattr(_shared, "MAX_FILE_BYTES", 1000)
    with pytest.raises(FormatError, match="larger than the"):
        READERS[fmt](path)


@pytest.mark.parametrize("fmt", ["jsonl", "w3c", "brat", "labelstudio"])
def test_a_carried_document_over_the_limit_is_refused_and_the_rest_imported(
    tmp_path: Path, monkeypatch, fmt
) -> None:
    big = "Big. " + "x" * 3000 + "\n"
    with SessionStore.open(tmp_path / "a.sqlite", create=True) as source:
        from annotator.core.articles.reading import ImportedDocument

        for title, text in (("Big", big), ("Small", TEXT)):
            summary, _ = source.add_document(ImportedDocument(title=title, text=text,
                                                              source_format="text"))
            source.add_annotation(summary.id, 0, 3, "claim")
        target = tmp_path / ("export" if fmt == "brat" else f"export.{fmt}")
        export_annotations(source, fmt, target)
    monkeypatch.setattr(document_text, "MAX_DOCUMENT_BYTES", 1000)
    monkeypatch.setattr(document_text, "MAX_DOCUMENT_CHARS", 1000)
    with SessionStore.open(tmp_path / "b.sqlite", create=True) as fresh:
        report = import_annotations(fresh, target, fmt)
        assert [d.title for d in fresh.documents()] == ["Small"]
        assert report.added == 1
        (refused,) = report.unplaced
        assert refused.document == "Big"
        assert "a document may have" in refused.reason
        assert "Big" in report.summary() and "could not be placed" in report.summary()


def test_a_record_over_the_limit_is_refused_by_the_import_too(store, monkeypatch) -> None:
    from annotator.core.formats.import_records import import_records
    from annotator.core.formats.records import DocumentRecord, SpanRecord

    monkeypatch.setattr(document_text, "MAX_DOCUMENT_BYTES", 100)
    records = [DocumentRecord(title="Wide", text="한" * 40,  # 40 characters, 120 bytes
                              spans=(SpanRecord(start=0, end=1, label="claim", quote="한"),)),
               DocumentRecord(title="Small", text="abc def",
                              spans=(SpanRecord(start=0, end=3, label="claim", quote="abc"),))]
    report = import_records(store, records)
    assert [d.title for d in store.documents()] == ["Small"] and report.added == 1
    assert report.unplaced[0].document == "Wide"


@pytest.mark.parametrize("offsets", ["0 " + "9" * 5000, "9" * 5000 + " 3", "0 ３", "0 ²",
                                     "0 1_0", "0 " + "9" * 40])
def test_brat_offsets_that_are_not_plain_numbers_name_the_file_and_line(tmp_path: Path,
                                                                        offsets) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "a.ann").write_text(f"T1\tclaim 0 3\tThe\nT2\tclaim {offsets}\tx\n",
                                    encoding="utf-8")
    with pytest.raises(FormatError, match=r"a.ann, line 2: T2"):
        brat.read(tmp_path)


def test_brat_ids_with_thousands_of_digits_are_read(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    long_id = "T" + "7" * 5000
    (tmp_path / "a.ann").write_text(
        f"T1\tclaim 0 3\tThe\n{long_id}\tclaim 4 12\tminister\nR1\tLink Arg1:T1 Arg2:{long_id}\n",
        encoding="utf-8")
    (record,) = brat.read(tmp_path)
    assert [s.quote for s in record.spans] == ["The", "minister"]


@pytest.mark.parametrize("fmt", ["jsonl", "w3c", "labelstudio"])
def test_a_json_number_of_thousands_of_digits_is_one_sentence(tmp_path: Path, fmt) -> None:
    huge = "9" * 5000
    content = {
        "jsonl": '{"text": "abc", "label": [[0, ' + huge + ', "claim"]]}\n',
        "w3c": '{"type": "Annotation", "target": {"source": "x", "selector": {"type": '
               '"TextPositionSelector", "start": 0, "end": ' + huge + '}}}',
        "labelstudio": '[{"data": {"text": "abc"}, "annotations": [{"result": [{"id": "a", '
                       '"type": "labels", "value": {"start": 0, "end": ' + huge + ', '
                       '"labels": ["claim"]}}]}]}]',
    }[fmt]
    path = tmp_path / "huge"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(FormatError, match="number") as caught:
        READERS[fmt](path)
    assert "set_int_max_str_digits" not in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("value", ["9" * 5000, "9" * 400, "1_000", "٣", " 12", "+3", "1e3"])
def test_csv_offsets_that_are_not_plain_numbers_name_the_line(tmp_path: Path, value) -> None:
    from annotator.core.formats.csv_format import CSV_COLUMNS

    row = {c: "" for c in CSV_COLUMNS}
    row.update(document_title="Doc", document_sha256="ab" * 32, start="0", end=value,
               text="abc", label="claim", confidence="3")
    path = tmp_path / "a.csv"
    path.write_text(",".join(CSV_COLUMNS) + "\n" + ",".join(row[c] for c in CSV_COLUMNS)
                    + "\n", encoding="utf-8")
    with pytest.raises(FormatError, match="a.csv, line 2: start, end and confidence"):
        csv_format.read(path)


def test_a_huge_offset_in_a_file_without_text_is_not_placed_and_not_an_error(store,
                                                                           add_text) -> None:
    from annotator.core.formats.import_records import import_records
    from annotator.core.formats.records import DocumentRecord, SpanRecord

    add_text(TEXT, title="Homes")
    record = DocumentRecord(title="Homes", text=None, sha256="ab" * 32, spans=(
        SpanRecord(start=10**400, end=10**400 + 5, label="claim", quote="3,000"),))
    report = import_records(store, [record])
    assert report.added == 1 and store.annotations()[0].start == TEXT.index("3,000")
    assert json.dumps(report.moved) == "1"
