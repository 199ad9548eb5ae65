"""Page furniture: running heads and feet, page numbers, mastheads and job numbers left in the text.

UN documents repeat their symbol at the top of every page ("A/HRC/WG.6/28/UKR/3"), put a job
number ("GE.17-15167(E)", "4 GE.23-02233"), a bar code, "Please recycle" and a page number at
the bottom, and a masthead ("United Nations", "General Assembly", "Distr.: General", the date,
"Original: English") and a note ("* The present document was not edited…") on the first page.
pypdf and `pdftotext -layout` put these wherever they like: at a page's edges, on the first
page after its text, in the middle of a sentence, inside a heading or an endnote. This stage
takes them out before any parser sees the text: where the source has pages (a PDF, or text with
form feeds), at each page's edges, with the page numbers told apart from note numbers by their
running in step with the pages; everywhere, by their shape.
"""
from __future__ import annotations

import re
from collections import Counter

# A UN document symbol: "A/HRC/WG.6/28/UKR/3", "CCPR/C/USA/CO/4", "A/HRC/WG.6/7/SVN/2/Corr.1".
SYMBOL = re.compile(r"(?:A|E|CCPR|CAT|CRC|CEDAW|CERD|CRPD|CMW|CED|HRI)(?:/[A-Za-z0-9.\-]+){2,7}")
_SYMBOL_LINE = re.compile(rf"^\s*(?:\d{{1,3}}\s+)?({SYMBOL.pattern})(?:\s+(?:Page\s+)?\d{{1,3}})?\s*$")
_SYMBOL_START = re.compile(rf"^\s*({SYMBOL.pattern})\s+(?=\S)")
JOB_NUMBER = re.compile(r"\bGE\.\d{2}-\d{4,6}(?:\s*\([A-Z]\))?(?:\s+\d{6}){0,2}(?:\s*\*\d{5,}\*)?")
_JOB_WITH_PAGE = re.compile(rf"(?:\b\d{{1,3}}\s+)?{JOB_NUMBER.pattern}(?:\s+\d{{1,3}}\b)?")
_BAR_CODE = re.compile(r"\*\d{5,}\*")
_RECYCLE = re.compile(r"\s*(?:Please\s+recycle\s*♲?|♲)\s*")
_FIRST_PAGE_NOTE = re.compile(
    r"^\s*\*{1,2}\s*(?:The present (?:document|report)|This document|Reissued|Re-issued|The annex|The annexes"
    r"|Previously issued|Late submission|Document submitted late)\b.*$|^\s*\*{1,3}\s*$"
    # the note's sentence on a line of its own, its asterisk on the line before
    r"|^\s*The present document (?:was not edited before being sent to (?:the )?United Nations translation services"
    r"|is being issued without formal editing)\.?\s*$",
    re.I,
)
# a line of the designations note ("… do not imply the expression of any opinion whatsoever on the
# part of the Secretariat of the United Nations …"), wherever it falls in the line (a plain
# substring test: a regex led by ".*" would try it at every character of every line)
_DESIGNATIONS_NOTE = "any opinion whatsoever on the part of the Secretariat of the United Nations"
_SEPARATOR = re.compile(r"^\s*[_\-–—]{4,}\s*$")
_MASTHEAD = re.compile(
    r"^\s*(?:United\s+Nations(?:\s+A)?(?:\s+A?\s*/\s*\S+)?|UNITED|NATIONS(?:\s+A)?|A|General\s+Assembly(?:\s+Distr\.:?\s*\w+)?"
    r"|Distr\.:?(?:\s*(?:General|GENERAL|Limited|LIMITED|Restricted|RESTRICTED))?|GENERAL|LIMITED"
    r"|Original:\s*[A-Za-z/ ]+|Advance\s+(?:unedited|edited)\s+version)\s*$"
)
# a whole line of furniture: a first-page note, a rule, a masthead line (one pattern: one match a line)
_LINE_FURNITURE = re.compile(f"(?i:{_FIRST_PAGE_NOTE.pattern})|(?:{_SEPARATOR.pattern})|(?:{_MASTHEAD.pattern})")
_DATE_LINE = re.compile(
    r"^\s*\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+(?:19|20)\d\d\s*$"
)
_PAGE_NUMBER = re.compile(r"^\s*(?:Page\s+)?(?P<n>\d{1,3})(?:\s*(?:/|of)\s*\d{1,3})?\s*$|^\s*-\s*(?P<m>\d{1,3})\s*-\s*$", re.I)
PAGE_BREAK = "\f"
_EDGE = 4  # lines at the top and at the bottom of a page where furniture stands
_DIGITS = re.compile(r"\d+")
_LETTERS = re.compile(r"[A-Za-z]{3}")


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


def remove_page_furniture(pages: list[str], page_breaks: bool = False) -> list[str]:
    """The lines of all pages, without what stands at their edges page after page: lines repeated
    at the top or bottom of many pages, and page numbers (those that run in step with the pages:
    a note number at a page's foot is not one). A source without pages is just split into lines."""
    page_lines = [page.replace("\f", "\n").split("\n") for page in pages]
    if len(page_lines) < 2:
        return [line for lines in page_lines for line in lines]
    edges = [_edge_indices(lines) for lines in page_lines]
    seen: Counter[str] = Counter()
    for lines, idx in zip(page_lines, edges):
        seen.update({_DIGITS.sub("#", lines[i].strip()) for i in idx if _LETTERS.search(lines[i])})
    threshold = max(2, (len(pages) * 2 + 4) // 5)
    repeated = {key for key, n in seen.items() if n >= threshold}
    offset = _page_number_offset(page_lines, edges)
    result: list[str] = []
    for k, (lines, idx) in enumerate(zip(page_lines, edges)):
        drop: set[int] = set()
        number_dropped = False
        for i in idx:
            stripped = lines[i].strip()
            if _DIGITS.sub("#", stripped) in repeated:
                drop.add(i)
            elif offset is not None and not number_dropped and _page_number(stripped) == k + offset:
                drop.add(i)
                number_dropped = True
        if k and page_breaks:
            result.append(PAGE_BREAK)
        result.extend(line for i, line in enumerate(lines) if i not in drop)
    return result


def _edge_indices(lines: list[str]) -> list[int]:
    idx = [i for i, line in enumerate(lines) if line.strip()]
    return sorted(set(idx[:_EDGE] + idx[-_EDGE:]))


def _page_number(line: str) -> int | None:
    m = _PAGE_NUMBER.match(line)
    if not m:
        return None
    return int(m.group("n") or m.group("m"))


def _page_number_offset(page_lines: list[list[str]], edges: list[list[int]]) -> int | None:
    """How printed page numbers relate to the pages' order (page k prints k + offset), if they do."""
    votes: Counter[int] = Counter()
    for k, (lines, idx) in enumerate(zip(page_lines, edges)):
        offsets = {n - k for i in idx if (n := _page_number(lines[i].strip())) is not None}
        votes.update(offsets)
    if not votes:
        return None
    offset, count = votes.most_common(1)[0]
    return offset if count >= max(2, len(page_lines) // 3) else None


def remove_furniture(lines: list[str], symbol: str = "") -> list[str]:
    """Lines without running heads, mastheads, job numbers, bar codes, "Please recycle", first-page
    notes and the page numbers beside them; job numbers and the running head taken out of a line
    they share with text.

    The symbol is taken out only as the document's own running head; a page number only where it
    stands next to other furniture and runs in step with the page numbers before it.
    """
    symbol = symbol or running_symbol(lines)
    furniture = [False] * len(lines)
    anchors = [False] * len(lines)  # running heads and feet, beside which page numbers stand
    out = list(lines)
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        if "/" in stripped and _SYMBOL_LINE.match(stripped) and (not symbol or symbol in stripped):
            furniture[i] = anchors[i] = True
        elif symbol and stripped.startswith(symbol) and _SYMBOL_START.match(stripped):
            out[i] = stripped[len(symbol):].strip()  # "A/HRC/WG.6/50/USA/3 JS42 JS43": the head ran into a column
        elif _LINE_FURNITURE.match(stripped) or (_DESIGNATIONS_NOTE in stripped and stripped.startswith(("any", "expression"))):
            furniture[i] = True
        else:
            cleaned = clean_inline(line, symbol)
            if cleaned is not line:
                if cleaned.strip():
                    out[i] = cleaned
                else:
                    furniture[i] = anchors[i] = True
    _drop_masthead_dates(lines, furniture)
    _drop_page_numbers(lines, furniture, anchors)
    last = next((i for i in range(len(lines) - 1, -1, -1) if lines[i].strip() and not furniture[i]), None)
    if last is not None and _page_number(lines[last]) is not None:
        furniture[last] = True  # the last page's number: a document never ends on a bare number
    return [line for i, line in enumerate(out) if not furniture[i]]


def clean_inline(text: str, symbol: str = "") -> str:
    """Text without the job numbers, bar codes, "Please recycle" and running head the extraction
    put into it ("…the GE.26-02004 State…", "4 GE.23-02233"); the same object when there are none."""
    if "GE." not in text and "*" not in text and "recycle" not in text and "♲" not in text and not (symbol and symbol in text):
        return text
    cleaned = text
    if "GE." in cleaned:  # with the page number printed beside it ("12 GE.24-01234", "GE.24-01234 12")
        cleaned = _JOB_WITH_PAGE.sub(" ", cleaned)
    if "*" in cleaned:
        cleaned = _BAR_CODE.sub(" ", cleaned)
    if "recycle" in cleaned or "♲" in cleaned:
        cleaned = _RECYCLE.sub(" ", cleaned)
    if symbol and symbol in cleaned:
        cleaned = re.sub(rf"(?:\b\d{{1,3}}\s+)?{re.escape(symbol)}(?:\s+\d{{1,3}}\b(?!\s*[%.,]))?", " ", cleaned)
    if cleaned == text:
        return text
    return re.sub(r"[ \t]{2,}", " ", cleaned).strip() if cleaned.strip() else ""


def _drop_masthead_dates(lines: list[str], furniture: list[bool]) -> None:
    """A date on a line of its own belongs to the masthead when masthead lines stand around it."""
    for i, line in enumerate(lines):
        if furniture[i] or not _DATE_LINE.match(line):
            continue
        near = [j for j in range(max(0, i - 3), min(len(lines), i + 4)) if j != i and lines[j].strip()]
        if sum(1 for j in near if furniture[j] and _MASTHEAD.match(lines[j])) >= 1:
            furniture[i] = True


def _drop_page_numbers(lines: list[str], furniture: list[bool], anchors: list[bool]) -> None:
    """A number alone on its line next to furniture (blank lines between do not count) is a page
    number when it runs in step with the others: of those numbers, the longest run going up a page
    or so at a time (6, 7, 9 …) are page numbers; a note number beside a running head is not in it."""
    if not any(anchors):
        return
    non_empty = [i for i, line in enumerate(lines) if line.strip()]
    position = {line_no: k for k, line_no in enumerate(non_empty)}
    found: list[tuple[int, int]] = []  # (line, number)
    for i in non_empty:
        if furniture[i] or len(lines[i]) > 40 and len(lines[i].strip()) > 12:
            continue
        number = _page_number(lines[i])
        if number is None:
            continue
        k = position[i]
        near = non_empty[max(0, k - 2) : k] + non_empty[k + 1 : k + 3]
        if any(anchors[j] for j in near):
            found.append((i, number))
    if not found:
        return
    # longest run: length[k] = 1 + the longest run ending before k that k may follow
    length = [1] * len(found)
    back = [-1] * len(found)
    for k, (_, number) in enumerate(found):
        for j in range(k - 1, max(-1, k - 40), -1):
            if found[j][1] < number <= found[j][1] + 3 and length[j] + 1 > length[k]:
                length[k], back[k] = length[j] + 1, j
    k = max(range(len(found)), key=lambda x: length[x])
    while k >= 0:
        furniture[found[k][0]] = True
        k = back[k]
