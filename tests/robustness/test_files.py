"""One bad file never spoils a run (issue 14, items 2 and 8, the file side): whatever goes wrong
reading or parsing one file is one line naming it, the file is skipped, the others are parsed
and indexed, exit 2, and the folder can still be updated. Data files are validated."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from uprsearch.cli import cli
from tests.robustness.hostile import aes_pdf, deflate_bomb_pdf, pdf_bytes, plain_pdf, write

GOOD = ("1. Amnesty International recommended that the State abolish torture.\n\n"
        "2. Human Rights Watch noted reports of incommunicado detention.\n")


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def errors_of(result) -> list[str]:
    lines = result.stderr.splitlines()
    assert all(line.startswith("uprsearch: ") for line in lines), result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    return [line for line in lines if line.startswith("uprsearch: error: ")]


def parsed_docs(result) -> list[str]:
    return sorted({json.loads(line)["doc"] for line in result.stdout.splitlines()})


def parse(*paths) -> tuple:
    result = run("parse", *map(str, paths), "--format", "jsonl")
    return result, errors_of(result), parsed_docs(result)


# -- PDFs -------------------------------------------------------------------------------------

def test_a_deflate_bomb_is_one_files_error(tmp_path):
    # before: internal error (LimitReachedError), exit 2, nothing parsed
    write(tmp_path, "bomb.pdf", deflate_bomb_pdf())
    write(tmp_path, "good.pdf", plain_pdf())
    result, errors, docs = parse(tmp_path)
    assert result.exit_code == 2 and docs == ["good"]
    assert errors == [f"uprsearch: error: {tmp_path}/bomb.pdf: not read: a stream is larger than pypdf's limits "
                      f"({errors[0].split('limits (', 1)[1]}"]


def test_an_aes_pdf_without_cryptography_is_one_files_error(tmp_path):
    # before: internal error (DependencyError: cryptography>=3.1 is required for AES algorithm)
    pytest.importorskip("pypdf")
    try:
        import cryptography  # noqa: F401
        pytest.skip("with `cryptography` installed, AES PDFs are read")
    except ImportError:
        pass
    write(tmp_path, "aes.pdf", aes_pdf())
    write(tmp_path, "good.pdf", plain_pdf())
    result, errors, docs = parse(tmp_path)
    assert result.exit_code == 2 and docs == ["good"]
    assert errors == [f"uprsearch: error: {tmp_path}/aes.pdf: encrypted (cryptography>=3.1 is required for AES "
                      "algorithm); give the password-free file"]


def test_a_password_protected_pdf_says_to_give_the_password_free_file(tmp_path):
    # before: "not a readable PDF (File has not been decrypted)"
    write(tmp_path, "rc4.pdf", pdf_bytes(["1. torture"], encrypt="secret"))
    result, errors, _ = parse(tmp_path / "rc4.pdf")
    assert errors == [f"uprsearch: error: {tmp_path}/rc4.pdf: encrypted: give the password-free file"]


@pytest.mark.parametrize("exception", [OverflowError("int too large"), NotImplementedError("predictor 9"),
                                       AssertionError(), RecursionError("maximum recursion depth"),
                                       IndexError("list index out of range"), ZeroDivisionError("division by zero")])
def test_whatever_pypdf_raises_on_one_file_is_that_files_error(tmp_path, monkeypatch, exception):
    # before: internal error (OverflowError, NotImplementedError, AssertionError ...), nothing indexed
    import pypdf

    original = pypdf.PdfReader.__init__

    def damaged(self, stream, *args, **kwargs):
        if b"DAMAGED" in stream.getvalue():
            raise exception
        original(self, stream, *args, **kwargs)

    monkeypatch.setattr(pypdf.PdfReader, "__init__", damaged)
    write(tmp_path, "bad.pdf", plain_pdf() + b"%DAMAGED\n")
    write(tmp_path, "good.pdf", plain_pdf())
    index = tmp_path / "index"
    result = run("--index-dir", str(index), "index", str(tmp_path / "bad.pdf"), str(tmp_path / "good.pdf"))
    assert result.exit_code == 2
    [error] = errors_of(result)
    assert error.startswith(f"uprsearch: error: {tmp_path}/bad.pdf: not a readable PDF (")
    assert run("--index-dir", str(index), "docs", "--format", "ids").stdout == "good\n"


def test_a_parser_failure_is_one_files_error_and_the_folder_can_still_be_updated(tmp_path, monkeypatch):
    # before: internal error, exit 2, nothing indexed; and no later `index` could update the folder
    from uprsearch import parse as parse_module

    original = parse_module.parse_document

    def fragile(source, *args, **kwargs):
        if "CRASH" in source.text:
            raise KeyError("speaker")
        return original(source, *args, **kwargs)

    monkeypatch.setattr(parse_module, "parse_document", fragile)
    folder = tmp_path / "docs"
    folder.mkdir()
    write(folder, "bad.txt", GOOD + "\n3. CRASH\n")
    write(folder, "good.txt", GOOD)
    index = tmp_path / "index"
    result = run("--index-dir", str(index), "index", str(folder))
    assert result.exit_code == 2
    assert errors_of(result) == [f"uprsearch: error: {folder}/bad.txt: could not be parsed (KeyError: 'speaker'); "
                                 "please report it"]
    write(folder, "more.txt", GOOD.replace("torture", "slavery"))
    result = run("--index-dir", str(index), "index", str(folder))
    assert result.exit_code == 2 and len(errors_of(result)) == 1
    assert run("--index-dir", str(index), "docs", "--format", "ids").stdout == "good\nmore\n"


# -- names, folders, encodings ------------------------------------------------------------------

def test_a_file_name_that_is_not_utf8_is_one_files_error(tmp_path):
    # before: internal error (UnicodeEncodeError … surrogates not allowed) at the end of the run,
    # nothing indexed
    folder = tmp_path / "docs"
    folder.mkdir()
    write(folder, b"bad\xffname.txt", GOOD)
    write(folder, "good.txt", GOOD)
    index = tmp_path / "index"
    result = run("--index-dir", str(index), "index", str(folder))
    assert result.exit_code == 2
    assert errors_of(result) == [f"uprsearch: error: {folder}/bad\\xffname.txt: the file's name is not UTF-8; "
                                 "rename the file"]
    assert run("--index-dir", str(index), "docs", "--format", "ids").stdout == "good\n"


def test_a_path_that_cannot_be_looked_at_does_not_refuse_the_others(tmp_path, monkeypatch):
    # before: "uprsearch: error: …/locked/a.txt: no such file or folder" and nothing parsed
    write(tmp_path, "good.txt", GOOD)
    locked = tmp_path / "locked" / "a.txt"
    original = Path.stat

    def stat(self, *args, **kwargs):
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Path, "stat", stat)
    result, errors, docs = parse(locked, tmp_path / "good.txt", tmp_path / "missing.txt")
    assert result.exit_code == 2 and docs == ["good"]
    assert errors == [f"uprsearch: error: {locked}: cannot be read (Permission denied)",
                      f"uprsearch: error: {tmp_path}/missing.txt: no such file or folder"]


def test_an_unreadable_subfolder_is_reported(tmp_path, monkeypatch):
    # before: skipped silently, exit 0
    write(tmp_path, "good.txt", GOOD)
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "hidden.txt", GOOD)
    original = os.scandir

    def scandir(path=".", *args):
        if os.fspath(path).endswith("sub"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return original(path, *args)

    monkeypatch.setattr(os, "scandir", scandir)
    result, errors, docs = parse(tmp_path)
    assert result.exit_code == 2 and docs == ["good"]
    assert errors == [f"uprsearch: error: {tmp_path}/sub: a folder that cannot be read (Permission denied); "
                      "its files are skipped"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_files_are_read(tmp_path, encoding):
    # before: "a binary file, not text; give a .txt or .pdf"
    write(tmp_path, "wide.txt", GOOD.encode(encoding))
    write(tmp_path / ".." / tmp_path.name, "plain.txt", GOOD)
    wide = run("parse", str(tmp_path / "wide.txt"), "--format", "jsonl")
    plain = run("parse", str(tmp_path / "plain.txt"), "--format", "jsonl")
    assert wide.exit_code == 0, wide.stderr
    texts = [json.loads(line)["text"] for line in wide.stdout.splitlines()]
    assert texts == [json.loads(line)["text"] for line in plain.stdout.splitlines()] and len(texts) == 2


def test_a_file_of_zero_chunks_is_said(tmp_path):
    # before: indexed as 0 chunks, exit 0, nothing said
    write(tmp_path, "bracket.txt", "[Para] one two three\n")
    result = run("parse", str(tmp_path / "bracket.txt"))
    assert result.exit_code == 0
    assert result.stderr == "uprsearch: warning: bracket.txt: no paragraphs found: 0 chunks indexed\n"


# -- data files ----------------------------------------------------------------------------------

@pytest.mark.parametrize("catalog, message", [
    ('[[document]]\nfile = "good.txt"\nid = 123\n', "[[document]] 1 (good.txt): `id` must be a string, not 123"),
    ('[[document]]\nfile = "good.txt"\ntitle = ["a", "b"]\n',
     "[[document]] 1 (good.txt): `title` must be a string, not ['a', 'b']"),
    ('document = "oops"\n', "`document` must be a list of [[document]] tables"),
    ('[[document]]\nfile = "good.txt"\nyear = "2010"\n', "[[document]] 1 (good.txt): `year` must be a whole number, not '2010'"),
    ('[[document]]\nid = "x"\n', "[[document]] 1: no `file` (a string); name the file it describes"),
    ('[[document]]\nfile = "good.txt"\nid = ""\n', "[[document]] 1 (good.txt): `id` '' must be"),
    ('[[document]]\nfile = "good.txt"\nid = "../x"\n', "[[document]] 1 (good.txt): `id` '../x' must be"),
    ('[[document]]\nfile = "good.txt"\nid = "a:b"\n', "[[document]] 1 (good.txt): `id` 'a:b' must be"),
    ('[[document]]\nfile = "good.txt"\nid = "a\\u001b[2J"\n', "[[document]] 1 (good.txt): `id` 'a\\x1b[2J' must be"),
])
def test_a_malformed_catalogue_entry_is_one_line_naming_file_entry_and_field(tmp_path, catalog, message):
    # before: internal errors (id = 123, a title as a list, document = "oops"), or ids accepted
    # that make chunk ids like ":2" or hold ../, : or ESC
    write(tmp_path, "good.txt", GOOD)
    write(tmp_path, "catalog.toml", catalog)
    result = run("--index-dir", str(tmp_path / "index"), "index", str(tmp_path))
    assert result.exit_code == 2 and result.stdout == ""
    [error] = errors_of(result)
    assert error.startswith(f"uprsearch: error: {tmp_path}/catalog.toml: {message}")


@pytest.mark.parametrize("data, message", [
    ('[[org]]\nname = "No Id"\n', "[[org]] 1: no `id` (a string); every [[org]] needs one"),
    ('[[org]]\nid = "X"\naliases = "x"\n', "[[org]] 1 (X): `aliases` must be a list, not 'x'"),
    ('[[org]]\nid = "X"\naliases = [1]\n', "[[org]] 1 (X): `aliases` must be a list of strings"),
    ('org = 5\n', "`org` must be a list of [[org]] tables"),
])
def test_a_malformed_organisation_is_one_line_naming_file_entry_and_field(tmp_path, data, message):
    # before: internal error (KeyError: 'id'), or a crash later on a string of aliases
    write(tmp_path, "good.txt", GOOD)
    write(tmp_path, "organisations.toml", data)
    result = run("parse", str(tmp_path))
    assert result.exit_code == 2 and result.stdout == ""
    assert errors_of(result) == [f"uprsearch: error: {tmp_path}/organisations.toml: {message}"]


def test_a_malformed_themes_file_is_one_line(tmp_path):
    # before: internal error (AttributeError: 'str' object has no attribute 'get')
    write(tmp_path, "good.txt", GOOD)
    write(tmp_path, "themes.toml", 'theme = "oops"\n')
    result = run("parse", str(tmp_path))
    assert errors_of(result) == [f"uprsearch: error: {tmp_path}/themes.toml: `theme` must be a list of [[theme]] tables"]


@pytest.mark.slow
def test_mutated_pdfs_are_each_parsed_or_one_files_error(tmp_path):
    # before: 11 of 400 mutated PDFs made an internal error that stopped the whole run
    from tests.robustness.hostile import mutations

    source = pdf_bytes(["1. Amnesty International recommended that the State abolish torture."] * 12)
    for n, data in enumerate(mutations(source, 60, seed=14)):
        write(tmp_path, f"m{n:02d}.pdf", data)
    write(tmp_path, "zz-good.pdf", plain_pdf())
    result, errors, docs = parse(tmp_path)
    assert result.exit_code == 2 and "zz-good" in docs
    assert all(line.startswith(f"uprsearch: error: {tmp_path}/m") for line in errors)
    for n in range(60):  # each file parsed, or named on stderr (an error, or a warning of 0 chunks)
        assert f"m{n:02d}" in docs or f"m{n:02d}.pdf" in result.stderr
