"""Bad input: a clear error for that file, everything else still processed."""

import codecs
import os
import shutil
import subprocess
import sys

import pandas as pd
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.encoding import UNSURE, DecodeError, decode

from .conftest import ROOT, need

TEXT = "Анна Иванова прилетела в Нижний Новгород 2 апреля 2018 года."
CLI = [sys.executable, "-m", "pipeline.cli"]


@pytest.mark.parametrize("data, encoding", [
    (TEXT.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
    (TEXT.encode("utf-16"), "utf-16"),
    (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
    (TEXT.encode("cp1251"), "cp1251"),
    (TEXT.encode("koi8-r"), "koi8-r"),
    (TEXT.encode("cp866"), "cp866"),
    (TEXT.encode("utf-16-le"), "utf-16-le"),
    (TEXT.encode("utf-16-be"), "utf-16-be"),
    (b"", "utf-8"),
])
def test_decode(data, encoding):
    text, found, sure = decode(data)
    assert (text, found) == (TEXT if data else "", encoding)
    # a BOM, valid UTF-8 or the UTF-16 pattern leave no doubt; a sentence of
    # single-byte text leaves next to none
    assert sure == 1.0 if encoding.startswith("utf") else UNSURE < sure <= 1.0


def test_every_text_we_have_is_read_back_in_each_single_byte_encoding():
    paths = sorted((ROOT / "corpus" / "texts").glob("*.txt")) + sorted(need("nerel/dev").glob("*.txt"))
    assert len(paths) > 100
    for text in (path.read_text(encoding="utf-8") for path in paths):
        for encoding in ("cp1251", "koi8-r", "cp866"):
            data = text.encode(encoding, errors="replace")
            found, got, sure = decode(data)
            assert (got, found) == (encoding, data.decode(encoding)), text[:60]
            assert sure > UNSURE


@pytest.mark.parametrize("text, encoding", [("ООН", "cp1251"), ("США", "koi8-r"), ("В.", "cp1251")])
def test_a_few_letters_leave_doubt(text, encoding):
    found, got, sure = decode(text.encode(encoding))
    assert (found, got) == (text, encoding) and sure < UNSURE


@pytest.mark.parametrize("data, reason", [
    (bytes(range(256)) * 4, "NUL"),
    (b"\x01\x02\x03\x04\x05\x06\x07\x08" * 10, "control characters"),
    (b"\xef\xbb\xbf\xff\xfe\x00\x00\x98", "utf-8-sig"),
    ("Привет, как дела у всех".encode("cp1251") + b"\x98", "cannot decode as cp1251: byte 23"),
])
def test_decode_refuses(data, reason):
    with pytest.raises(DecodeError, match=reason):
        decode(data)


@pytest.fixture(scope="module")
def mixed(tmp_path_factory, tools):
    """A folder with every kind of file, run through the real CLI once."""
    root = tmp_path_factory.mktemp("mixed")
    (root / "in" / "sub").mkdir(parents=True)
    files = {
        "utf8": TEXT.encode("utf-8"),
        "bom": codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        "utf16": TEXT.encode("utf-16"),
        "sub/cp1251": TEXT.encode("cp1251"),
        "koi8": TEXT.encode("koi8-r"),
        "dos": TEXT.encode("cp866"),
        "binary": bytes(range(256)) * 8,
        "empty": b"",
        "blank": b"  \n\t\n ",
    }
    for name, data in files.items():
        (root / "in" / f"{name}.txt").write_bytes(data)
    (root / "in" / "dangling.txt").symlink_to(root / "nowhere.txt")
    (root / "in" / "notes.md").write_text("not a .txt file")
    (root / "in" / "NOTES.TXT").write_bytes(TEXT.encode("utf-8"))  # the suffix in capitals
    done = subprocess.run(CLI + ["extract", str(root / "in"), "--out", str(root / "out")],
                          capture_output=True, text=True)
    docs = pd.read_parquet(root / "out" / "docs.parquet").set_index("doc_id")
    mentions = pd.read_parquet(root / "out" / "mentions.parquet")
    return done, docs, mentions


def test_every_file_has_a_row(mixed):
    _, docs, _ = mixed
    assert sorted(docs.index) == sorted(
        ["utf8", "bom", "utf16", "sub/cp1251", "koi8", "dos", "NOTES", "binary", "empty", "blank",
         "dangling"])


@pytest.mark.parametrize("doc_id, encoding", [
    ("utf8", "utf-8"), ("bom", "utf-8-sig"), ("utf16", "utf-16"), ("sub/cp1251", "cp1251"),
    ("koi8", "koi8-r"), ("dos", "cp866"), ("NOTES", "utf-8")])
def test_encodings_give_the_same_mentions(mixed, doc_id, encoding):
    _, docs, mentions = mixed
    assert docs.loc[doc_id, "status"] == "ok"
    assert docs.loc[doc_id, "encoding"] == encoding
    assert docs.loc[doc_id, "encoding_sure"] > UNSURE and docs.warnings.isna()[doc_id]
    got = mentions[mentions.doc_id == doc_id][["type", "start", "stop", "normal"]].values.tolist()
    assert ["PER", 0, 12, "Анна Иванова"] in got
    assert ["LOC", 25, 40, "Нижний Новгород"] in got


@pytest.mark.parametrize("doc_id, reason", [
    ("binary", "not text"), ("dangling", "cannot read")])
def test_bad_files_are_errors(mixed, doc_id, reason):
    done, docs, mentions = mixed
    assert docs.loc[doc_id, "status"] == "error"
    assert reason in docs.loc[doc_id, "error"]
    assert "\n" not in docs.loc[doc_id, "error"]
    assert f"failed: {doc_id}: {reason}" in done.stderr
    assert doc_id not in set(mentions.doc_id)


@pytest.mark.parametrize("doc_id", ["empty", "blank"])
def test_empty_files_are_ok(mixed, doc_id):
    _, docs, mentions = mixed
    assert docs.loc[doc_id, "status"] == "ok"
    assert docs.loc[doc_id, "mentions"] == 0
    assert doc_id not in set(mentions.doc_id)


def test_exit_code_and_summary_tell_the_truth(mixed):
    done, _, _ = mixed
    assert done.returncode == 1
    assert "2 of 11 documents failed" in done.stderr
    assert "Traceback" not in done.stderr


def _usage(args, tmp_path):
    return CliRunner().invoke(app, ["extract"] + [str(arg) for arg in args])


@pytest.mark.parametrize("setup, message", [
    ("missing", "input folder does not exist"),
    ("file", "input is not a folder"),
    ("no_txt", "no .txt files found"),
    ("out_is_file", "output path is a file"),
])
def test_usage_errors(tmp_path, setup, message):
    source = tmp_path / "in"
    source.mkdir()
    (source / "a.txt").write_text(TEXT, encoding="utf-8")
    out = tmp_path / "out"
    if setup == "missing":
        source = tmp_path / "missing"
    elif setup == "file":
        source = source / "a.txt"
    elif setup == "no_txt":
        (source / "a.txt").rename(source / "a.md")
    elif setup == "out_is_file":
        out.write_text("a file")
    done = subprocess.run(CLI + ["extract", str(source), "--out", str(out)],
                          capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and message in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert not (out.is_dir() and any(out.iterdir()))


def _without_override(command):
    """Run without the power to ignore file permissions, so that chmod 0 bites.

    As root (CI), drop CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from the child
    with util-linux's setpriv; the child stays root and still reaches the
    interpreter under /root.
    """
    if os.geteuid() != 0:
        return command
    setpriv = shutil.which("setpriv")
    assert setpriv, "setpriv (util-linux) is needed to test permissions as root"
    caps = "-dac_override,-dac_read_search"
    return [setpriv, f"--bounding-set={caps}", f"--inh-caps={caps}", "--"] + command


def test_unreadable_folder_and_file(tmp_path):
    out = tmp_path / "out"
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.txt").write_text(TEXT, encoding="utf-8")
    locked.chmod(0)
    done = subprocess.run(_without_override(CLI + ["extract", str(locked), "--out", str(out)]),
                          capture_output=True, text=True)
    assert done.returncode == 2, done.stderr
    assert "cannot read input folder" in done.stderr

    source = tmp_path / "in"
    source.mkdir()
    (source / "good.txt").write_text(TEXT, encoding="utf-8")
    (source / "secret.txt").write_text(TEXT, encoding="utf-8")
    (source / "secret.txt").chmod(0)
    done = subprocess.run(_without_override(CLI + ["extract", str(source), "--out", str(out)]),
                          capture_output=True, text=True)
    assert done.returncode == 1, done.stderr
    assert "failed: secret: cannot read: Permission denied" in done.stderr
    docs = pd.read_parquet(out / "docs.parquet").set_index("doc_id")
    assert docs.loc["good", "status"] == "ok" and docs.loc["secret", "status"] == "error"
    locked.chmod(0o755)  # let pytest clean up


HTML = ("<html><head><title>Новости</title><style>p { color: red }</style></head><body>\n"
        "<p>Глава &laquo;Газпрома&raquo; Алексей Миллер прилетел в&nbsp;Москву.</p>"
        "<script>var x = '<b>Путин</b>';</script><p>Его встретил Сергей Собянин.</p></body></html>")


def test_strip_html_keeps_every_offset():
    from pipeline.markup import looks_like_markup, strip_html

    stripped = strip_html(HTML)
    assert len(stripped) == len(HTML)
    assert "<" not in stripped and "&laquo;" not in stripped and "var x" not in stripped
    assert "«Газпрома»" in stripped and " ".join(stripped.split()).count("в Москву") == 1
    assert "Миллер прилетел" in stripped and "Миллер" in HTML[stripped.index("Миллер"):]
    assert looks_like_markup(HTML) and not looks_like_markup("Путин прилетел в Москву. " * 20)


def strip_html_of(text):
    from pipeline.markup import strip_html

    return strip_html(text)


def test_html_is_read_as_text_or_stripped_with_offsets_into_the_file(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "page.txt").write_text(HTML, encoding="utf-8")
    runner = CliRunner()
    plain = runner.invoke(app, ["extract", str(folder), "--out", str(tmp_path / "plain")])
    assert plain.exit_code == 0 and "look like HTML" in plain.output and "--strip-html" in plain.output
    stripped = runner.invoke(app, ["extract", str(folder), "--out", str(tmp_path / "out"),
                                   "--strip-html"])
    assert stripped.exit_code == 0, stripped.output
    assert "look like HTML" not in stripped.output
    mentions = pd.read_parquet(tmp_path / "out" / "mentions.parquet")
    normals = set(mentions.normal)
    assert {"Алексей Миллер", "Сергей Собянин", "Москва"} <= normals
    assert not any("&" in text or "<" in text for text in mentions.text)
    stripped_text = strip_html_of(HTML)
    for row in mentions.itertuples():  # every offset points into the original file
        assert stripped_text[row.start:row.stop] == row.text
        assert row.text.split()[-1].strip("«»") in HTML[row.start:row.stop + 8]


@pytest.mark.parametrize("text, expected", [
    ("Президент России Владимир Путин встретился в Москве с губернаторами регионов. " * 3, []),
    ("вчера владимир путин встретился в москве с представителями российских регионов " * 3,
     ["lower case"]),
    ("Yesterday Vladimir Putin met in Moscow with representatives of the Russian regions. " * 3,
     ["not Russian"]),
    ("ВЧЕРА ВЛАДИМИР ПУТИН ВСТРЕТИЛСЯ В МОСКВЕ С ПРЕДСТАВИТЕЛЯМИ РОССИЙСКИХ РЕГИОНОВ " * 3,
     ["capitals"]),
    (HTML * 2, ["markup"]),
    ("Коротко.", []),
])
def test_text_warnings(text, expected):
    from pipeline.checks import text_warnings

    assert text_warnings(text) == expected


def test_warnings_reach_docs_and_the_summary(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "low.txt").write_text("вчера владимир путин встретился в москве с представителями "
                                    "российских регионов и обсудил развитие экономики", encoding="utf-8")
    (folder / "en.txt").write_text("Yesterday Vladimir Putin met in Moscow with representatives "
                                   "of the Russian regions and discussed the economy.", encoding="utf-8")
    (folder / "ok.txt").write_text("Президент России Владимир Путин встретился в Москве с "
                                   "губернаторами регионов и обсудил развитие экономики.", encoding="utf-8")
    (folder / "un.txt").write_bytes("ООН".encode("cp1251"))  # three letters leave doubt
    result = CliRunner().invoke(app, ["extract", str(folder), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "1 documents are in a single-byte encoding that was a guess (first: 'un')" in result.output
    assert "1 documents are all in lower case (first: 'low')" in result.output
    assert "1 documents are mostly not in Russian (first: 'en')" in result.output
    docs = pd.read_parquet(tmp_path / "out" / "docs.parquet").set_index("doc_id")
    assert docs.loc["low", "warnings"] == "lower case" and docs.loc["en", "warnings"] == "not Russian"
    assert docs.warnings.isna()["ok"]
    assert docs.loc["un", "warnings"] == "encoding" and docs.loc["un", "encoding"] == "cp1251"
