"""Page furniture: running headers and footers that the text extraction left in the text.

UN documents repeat their symbol at the top of every page ("A/HRC/WG.6/28/UKR/3"), put a job
number ("GE.17-15167(E)"), a page number and a note ("* The present document was not
edited…") at the bottom, and the extraction drops these wherever it likes, often in the
middle of a paragraph. This stage takes them out line by line before any parser sees the
text. Where the source has real pages (a PDF), lines repeated at the top or bottom of many
pages are furniture too.
"""
from __future__ import annotations

import re
from collections import Counter

# A UN document symbol standing as a running header: "A/HRC/WG.6/28/UKR/3", "CCPR/C/USA/CO/4".
SYMBOL = re.compile(r"(?:A|E|CCPR|CAT|CRC|CEDAW|CERD|CRPD|CMW|CED|HRI)(?:/[A-Za-z0-9.\-]+){2,7}")
_SYMBOL_LINE = re.compile(rf"^\s*({SYMBOL.pattern})\s*$")
_SYMBOL_START = re.compile(rf"^\s*({SYMBOL.pattern})\s+(?=\S)")
JOB_NUMBER = re.compile(r"\bGE\.\d{2}-\d{4,6}\s*\([A-Z]\)(?:\s*\*\d+\*)?")
_FOOTER_LINES = re.compile(
    r"^\s*(?:\*\s*(?:The present document|This document|Reissued|The annex|The annexes)\b.*"
    r"|\*+\d{5,}\*+|\*|Please recycle\s*♲?|♲)\s*$"
)
_FOOTER_OPENINGS = "*P♲"  # the first characters _FOOTER_LINES can match: a cheap test first
_PAGE_NUMBER = re.compile(r"^\s*(?:(?:Page\s+)?\d{1,3}(?:\s*(?:/|of)\s*\d{1,3})?|-\s*\d{1,3}\s*-)\s*$", re.I)
_DIGITS = re.compile(r"\d+")


def running_symbol(lines: list[str]) -> str:
    """The document symbol used as a running header: a symbol that stands alone on 2+ lines."""
    counts: Counter[str] = Counter()
    for line in lines:
        if "/" not in line:
            continue
        m = _SYMBOL_LINE.match(line) or _SYMBOL_START.match(line)
        if m:
            counts[m.group(1)] += 1
    if not counts:
        return ""
    symbol, n = counts.most_common(1)[0]
    return symbol if n >= 2 else ""


def remove_furniture(lines: list[str], symbol: str = "") -> list[str]:
    """Lines without running headers, job numbers, page numbers and first-page notes.

    Only furniture that a document of this family prints is taken out: the symbol only when it
    is the document's own running header, page numbers only next to a header or footer.
    """
    symbol = symbol or running_symbol(lines)
    symbol_then_text = symbol + " "
    furniture = [False] * len(lines)
    out = list(lines)
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        if symbol and stripped == symbol:
            furniture[i] = True
        elif symbol and stripped.startswith(symbol_then_text) and _SYMBOL_START.match(stripped):
            out[i] = stripped[len(symbol):].strip()  # "A/HRC/WG.6/50/USA/3 JS42 JS43": the header ran into a column
        elif stripped[0] in _FOOTER_OPENINGS and _FOOTER_LINES.match(stripped):
            furniture[i] = True
        elif "GE." in stripped and JOB_NUMBER.search(stripped):
            rest = JOB_NUMBER.sub("", stripped).strip()
            if rest:
                out[i] = rest
            else:
                furniture[i] = True
    if not any(furniture):
        return out
    # a page number stands next to a header or footer line (blank lines between do not count)
    non_empty = [i for i, line in enumerate(lines) if line.strip()]
    position = {line_no: k for k, line_no in enumerate(non_empty)}
    for i in non_empty:
        if furniture[i] or not _PAGE_NUMBER.match(lines[i]):
            continue
        k = position[i]
        near = non_empty[max(0, k - 2) : k] + non_empty[k + 1 : k + 3]
        if any(furniture[j] for j in near):
            furniture[i] = True
    return [line for i, line in enumerate(out) if not furniture[i]]


def remove_page_furniture(pages: list[str]) -> list[str]:
    """For a paged source (PDF): drop lines repeated at the top or bottom of many pages, and page numbers there.

    Returns the pages' lines joined into one list of lines.
    """
    if len(pages) < 2:
        return "\n".join(pages).split("\n")
    edge = 3
    seen: Counter[str] = Counter()
    page_lines = [[ln for ln in page.split("\n")] for page in pages]
    for lines in page_lines:
        non_empty = [ln.strip() for ln in lines if ln.strip()]
        keys = {_DIGITS.sub("#", ln) for ln in non_empty[:edge] + non_empty[-edge:]}
        seen.update(keys)
    threshold = max(2, (len(pages) + 1) // 2)
    repeated = {key for key, n in seen.items() if n >= threshold}
    result: list[str] = []
    for lines in page_lines:
        idx = [i for i, ln in enumerate(lines) if ln.strip()]
        drop: set[int] = set()
        edges = idx[:edge] + idx[-edge:]
        for i in edges:
            stripped = lines[i].strip()
            if _DIGITS.sub("#", stripped) in repeated or _PAGE_NUMBER.match(stripped):
                drop.add(i)
        result.extend(ln for i, ln in enumerate(lines) if i not in drop)
    return result
