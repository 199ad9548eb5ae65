"""Text that reaches a terminal, made safe: the one place control characters are dealt with.

Document text, catalogue fields, file names and query words can hold escape sequences (a clipboard
write, a screen clear, a title change) and control characters; printed raw they act on the user's
terminal, and a newline in a file name splits a one-line error in two. Every output boundary goes
through clean(): the text view removes them (what is left reads as the document does); error lines
and the csv/tsv/ids formats show them escaped (`\\x1b`, `\\n`), so nothing is lost and nothing acts.
JSON keeps the data exactly, with every C0/C1 control as a JSON escape (json_dumps).
Bytes that were not UTF-8 (file names, arguments: Python's surrogate escapes) are shown as `\\xff`.
"""
from __future__ import annotations

import json
import re
from typing import Any, Iterable

_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI ... final byte
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC ... BEL or ST
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC strings
    r"|\x1b[@-Z\\-_]?"  # other two-byte escapes, or a lone ESC
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
)
# C0 (but tab and newline), DEL, C1, the bidirectional overrides and isolates (they reorder what
# follows them on the line), and lone surrogates (undecodable bytes, unprintable as UTF-8)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_ESCAPED = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029\ud800-\udfff]")  # what json.dumps leaves raw


def _escape(ch: str) -> str:
    code = ord(ch)
    if ch in _NAMED:
        return _NAMED[ch]
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as Python's surrogateescape keeps it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(text: str, newlines: bool = False, escape: bool = False) -> str:
    """Text safe to print. By default escape sequences and control characters are removed (tabs,
    and newlines unless `newlines`, become spaces): for reading. With `escape` they are shown
    escaped instead, on one line (tabs and newlines kept with `newlines`: a CSV cell quotes
    them): for error lines, file names and the csv/tsv/ids formats, where the data must survive."""
    if escape:
        return _ESCAPED.sub(lambda m: m.group() if newlines and m.group() in "\t\n" else _escape(m.group()), text)
    return clean_spans(text, [], newlines)[0]


def clean_spans(text: str, spans: Iterable[Iterable[int]], newlines: bool = False) -> tuple[str, list[tuple[int, int]]]:
    """clean(text) for reading, and character spans (computed on the raw text) moved onto it."""
    keep = [True] * len(text)
    for m in _ESCAPES.finditer(text):
        for i in range(m.start(), m.end()):
            keep[i] = False
    for m in _CONTROLS.finditer(text):
        keep[m.start()] = False
    out: list[str] = []
    new_index = [0] * (len(text) + 1)
    n = 0
    for i, ch in enumerate(text):
        new_index[i] = n
        if not keep[i]:
            continue
        if ch == "\t" or (ch == "\n" and not newlines):
            ch = " "
        out.append(ch)
        n += 1
    new_index[len(text)] = n
    moved = []
    for start, end in spans:
        start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
        s, e = new_index[start], new_index[end]
        if e > s:
            moved.append((s, e))
    return "".join(out), moved


def json_dumps(value: Any, indent: int | None = None) -> str:
    """JSON of `value` as json.dumps writes it (UTF-8 text kept), with DEL, the C1 controls,
    the line separators and lone surrogates written as \\u escapes: the same data, nothing raw."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False, indent=indent))
