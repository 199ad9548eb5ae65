"""What Working Group reports and their addenda share: recognising them, their lines without
page furniture and footnotes, lists of recommendation numbers, and the words of a response.

A Working Group report ("Report of the Working Group on the Universal Periodic Review",
symbol A/HRC/NN/NN) and its addendum (A/HRC/NN/NN/Add.1, "Views on conclusions and/or
recommendations … presented by the State under review") state their facts on the cover:
symbol, the State under review on the line after the title, the Working Group session in
paragraph 1 ("held its seventh session"). Their footnotes stand at the foot of the page
("2 The original recommendation read as follows: …"): they are cut out of the text before the
numbered paragraphs are read, so that a note never runs into a recommendation.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from uprsearch import furniture, metadata
from uprsearch.metadata import Recognised, session_from_words
from uprsearch.models import ADDENDUM, NOTED, PARTIALLY_SUPPORTED as PARTIAL, PENDING, SUPPORTED, WG_REPORT
from uprsearch.reader import SourceText
from uprsearch.states import States, load_states

# --- recognising the documents ----------------------------------------------------------------

_WG_TITLE = re.compile(r"Report\s+of\s+the\s+Working\s+Group\s+on\s+the\s+Universal\s*Periodic\s+Review", re.I)
_ADDENDUM = re.compile(r"\bAddendum\b|Views\s+on\s+(?:the\s+)?conclusions\s+and\s*/?\s*or\s+recommendations", re.I)
REPORT_SYMBOL = re.compile(r"\bA\s*/\s*HRC\s*/\s*(\d{1,2})\s*/\s*(\d{1,3})(?:\s*/\s*(Add\.\s*\d))?(?![\d/])")
_WG_SESSION = re.compile(r"held\s+its\s+((?:[A-Za-z]+-)?[A-Za-z]+|\d{1,2}(?:st|nd|rd|th))\s+session", re.I)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


def recognise(text: str, states: States | None = None) -> Recognised | None:
    """A Working Group report or addendum as its cover page states it; None for any other document."""
    head = text[:4000]
    joined = re.sub(r"\s+", " ", head)
    title = _WG_TITLE.search(joined[:2500])
    if not title:
        return None
    symbol = REPORT_SYMBOL.search(head)
    addendum = bool(_ADDENDUM.search(joined[title.end() : title.end() + 600])) or bool(symbol and symbol.group(3))
    cover = metadata.recognise(text)  # what any first page says: its date
    found = Recognised(type=ADDENDUM if addendum else WG_REPORT, year=cover.year, date=cover.date)
    if symbol:
        found.symbol = f"A/HRC/{int(symbol.group(1))}/{int(symbol.group(2))}"
        if symbol.group(3):
            found.symbol += "/" + re.sub(r"\s+", "", symbol.group(3))
        elif addendum:
            found.symbol += "/Add.1"
    states = states or load_states()
    state = _state_under_review(head, states)
    if state is None and not symbol:
        return None  # the title quoted by some other document (a Council session report)
    if state is not None:
        found.country = state.id
        found.iso3 = states.iso3.get(state.id, "")
    session = _WG_SESSION.search(text[:20000])
    if session:
        word = session.group(1)
        found.session = int(re.sub(r"\D", "", word)) if word[0].isdigit() else session_from_words(word)
    kind = "Addendum: views on conclusions and/or recommendations" if addendum else ""
    name = found.country or "the State under review"
    found.title = f"Report of the Working Group on the Universal Periodic Review: {name}" + (f", {kind}" if kind else "")
    return found


def _state_under_review(head: str, states: States):
    """The State named on its own line after the title (the cover page's "Kazakhstan")."""
    lines = [ln.strip(" *\t") for ln in head.split("\n")]
    start = next((i for i, ln in enumerate(lines) if re.search(r"Periodic\s*$|Review\W*$", ln) and "Universal" in " ".join(lines[max(0, i - 1) : i + 1])), 0)
    for line in lines[start + 1 : start + 12]:
        if not line or len(line) > 70:
            continue
        state = states.resolve(line)
        if state is not None:
            return state
    return None


def wg_session_year(text: str) -> int | None:
    """The year of the review: the first year paragraph 1 gives."""
    m = _WG_SESSION.search(text[:20000])
    year = _YEAR.search(text, m.end()) if m else None
    return int(year.group()) if year else None


# --- lines without furniture and footnotes ------------------------------------------------------

_NOTE_START = re.compile(r"^\s*(\d{1,2})\s+(?=[A-Z“\"„(])(.*)$")
_TAB_NOTE = re.compile(r"^\s*\d{1,2} ?\t")  # "4 \tThe recommendation as made …": a note, in text that lost its references
_BARE_NOTE_NUMBER = re.compile(r"^\s*(\d{1,2})\s*()$")  # "2" on a line of its own, its text on the next
_BODY_NUMBER = re.compile(r"^\s*\d{1,3}\.(?:\d{1,3}\.?)?(?:\s|$)")
_STAR_NOTE = re.compile(r"^\s*(\*{1,3})\s*(?=[A-Z])(.*)$")
# The cover's masthead, wherever the extraction put it ("United Nations A/HRC/14/10", "Distr.: General")
_COVER_LINE = re.compile(
    r"^\s*(?:United\s+Nations(?:\s+A/\S+)?|General\s+Assembly(?:\s+Distr\.:?\s*\w+)?|Distr\.:?\s*\w+|Original:\s*\w+|"
    r"\d{1,2}\s+[A-Z][a-z]+\s+(?:19|20)\d{2}(?:\s+Original:\s*\w+)?|Human\s+Rights\s+Council|(?:[A-Z][a-z]+-)?[A-Za-z]+\s+session|"
    r"Agenda\s+items?\s+\d+|Universal\s+Periodic\s+Review|(?:Chinese|English|French|Russian|Spanish|Arabic)(?:\s*/\s*\w+)*|"
    r"The\s+present\s+document\s+(?:was|is|has)\s+(?:not\s+)?(?:being\s+)?(?:edited|issued|been)\b.*|A/HRC/\S+|\*+)\s*$"
)
# a job number alone ("GE.10-12465", "4 GE.23-02233"), or the barcode of one in a symbol font's private characters
_JOB_NUMBER_LINE = re.compile(r"^\s*(?:(?:\d{1,3}\s+)?GE\.\d{2}-\d{4,6}(?:\s*\([A-Z]\))?(?:\s+\d{1,3})?|[\uf000-\uf0ff]+)\s*$")
_DOT_LEADERS = re.compile(r"\.{5,}|(?:\. ){5,}|…{3,}")


@dataclass
class WgLines:
    """A document's body lines, in order, with the footnotes taken out (number -> text)."""

    lines: list[str]
    notes: dict[int, str] = field(default_factory=dict)


def _referenced(number: int, before: str) -> bool:
    """Whether the text before a note line carries its reference: the number glued after a word or
    punctuation ("available.1 A number", "(Slovenia);2")."""
    return bool(re.search(rf"[A-Za-z)\].,;:”’\"] ?{number}(?!\d|\.\d)", before[-6000:]))


def _cut_notes(lines: list[str], notes: dict[int, str], body_so_far: list[str], paged: bool, open_note: list[int]) -> list[str]:
    """The lines of one page (or, unpaged, the whole text) without their footnotes.

    On a page, a note runs from its first line to the next note or the page's end, and a note
    the page before left unfinished goes on at this page's foot, after the rule (a blank line)
    ("… Georgia underlined once again that" | "the territorial integrity …"). In text without
    pages a note is the block up to a blank line or the next numbered paragraph."""
    kept: list[str] = []
    current: int | None = None
    expected = max(notes, default=0) + 1
    continued = _continued_note_start(lines) if paged and open_note else None
    for i, line in enumerate(lines):
        if continued is not None and i >= continued and current is None:
            current = open_note[0]
        start = _NOTE_START.match(line) or _BARE_NOTE_NUMBER.match(line)
        number = int(start.group(1)) if start else 0
        # the next note, or one a few on where the extraction lost some (never an earlier one)
        if start and expected <= number <= expected + 2 and (current is not None or _foot_of_page(lines, i, paged)):
            before = "\n".join(body_so_far[-40:] + kept)
            if _referenced(number, before) or (not paged and number == expected and _TAB_NOTE.match(line)):
                current = number
                notes[current] = (start.group(2) or "").strip()
                expected = number + 1
                continue
        if current is not None:
            if not paged and (not line.strip() or _BODY_NUMBER.match(line) or re.search(r"[.”\"]\s*$", notes[current])):
                current = None  # unpaged, a note is its line (and the lines of one whose number stood alone)
            elif not line.strip():
                continue
            else:
                notes[current] = f"{notes[current]} {line.strip()}".strip()
                continue
        kept.append(line)
    open_note[:] = [current] if paged and current is not None and not re.search(r"[.”\")]\s*$", notes[current]) else []
    return kept


def _cut_endnotes(lines: list[str], notes: dict[int, str]) -> list[str]:
    """The body without the notes gathered at its end under "Notes" (documents without footnotes)."""
    for i in range(len(lines) - 1, max(-1, len(lines) - 200), -1):
        if re.fullmatch(r"\s*(?:End)?[Nn]otes\s*", lines[i]):
            current = None
            for line in lines[i + 1 :]:
                start = _NOTE_START.match(line) or _BARE_NOTE_NUMBER.match(line)
                if start and int(start.group(1)) not in notes:
                    current = int(start.group(1))
                    notes[current] = (start.group(2) or "").strip()
                elif current is not None and line.strip():
                    notes[current] = f"{notes[current]} {line.strip()}".strip()
            return lines[:i] if notes else lines
    return lines


def _continued_note_start(lines: list[str]) -> int | None:
    """Where a note carried over from the page before resumes: after the last blank line near the
    foot, on a line that goes on with a sentence (a small letter)."""
    bottom = max(0, len(lines) - 30)
    for i in range(len(lines) - 2, bottom - 1, -1):
        if not lines[i].strip() and i + 1 < len(lines) and lines[i + 1].strip()[:1].islower():
            return i + 1
    return None


def _foot_of_page(lines: list[str], i: int, paged: bool) -> bool:
    """A note starts at the foot of a page (pages)."""
    if paged:
        rest = [ln for ln in lines[i:] if ln.strip()]
        return len(rest) <= 30
    return True  # text without pages puts a note anywhere, on a line of its own after the text that cites it


_WORD = re.compile(r"[A-Za-z]+")
_SHORT_WORDS = frozenset(
    "a an as at be by do he if in is it me my no of on or so to up us we and the for not but are was its has had "
    "may all any can one two new own per via who why how".split()
)


def repair_split_words(pages: list[str]) -> list[str]:
    """Words pypdf split with a space ("Conventi on", "wo men", "andt erritorially"), mended.

    These PDFs justify their lines by spacing letters, and pypdf reads a wide gap as a space.
    The document itself is the dictionary. Two neighbours are joined where the whole word is
    written elsewhere in it and is more common than the rarer piece ("in ternational", never "in
    to"); where a piece could join either neighbour ("the re port"), the more common whole wins.
    A pair whose pieces are written nowhere else is cut again where both halves are words the
    document uses ("andt erritorially" -> "and territorially")."""
    vocab: dict[str, int] = {}
    for page in pages:
        for word in _WORD.findall(page):
            key = word.lower()
            vocab[key] = vocab.get(key, 0) + 1
    return [_mend_page(page, vocab) for page in pages]


def _other_form_known(word: str, count) -> bool:
    """Whether the document writes another form of the word ("encourage": "encouraged", "encourages")."""
    stem = word[:-1] if word.endswith("e") else word
    return any(count(word + ending) for ending in ("s", "d", "ed", "es", "ment", "ments")) or bool(count(stem + "ing"))


def _mend_page(page: str, vocab: dict[str, int]) -> str:
    def count(word: str) -> int:
        return vocab.get(word.lower(), 0)

    words = list(_WORD.finditer(page))
    candidates: list[tuple[int, int, str]] = []  # (score, index of the left word, replacement)
    for i in range(len(words) - 1):
        left, right = words[i], words[i + 1]
        gap = page[left.end() : right.start()]
        a, b = left.group(), right.group()
        if gap not in (" ", "  ") or not b[0].islower() or page[left.start() - 1 : left.start()] in ("’", "'"):
            continue
        whole = a + b
        rarer = min(count(a), count(b))
        if count(whole) and (rarer < count(whole) or min(count(a), count(b)) <= 1 and len(min(a, b, key=len)) <= 4):
            candidates.append((100 + count(whole), i, whole))  # the whole word is known: the strongest evidence
        elif len(b) == 1 and b not in "ai" and len(a) > 2:  # "restric t": a lone letter is no word
            candidates.append((1, i, whole))
        elif max(count(a), count(b)) <= 1 and min(len(a), len(b)) >= 3 and _other_form_known(whole, count):
            candidates.append((50, i, whole))  # "enco urage": pieces written nowhere else, "encouraged" is
        elif (max(count(a), count(b)) <= 1 and min(len(a), len(b)) <= 3 and not {a.lower(), b} & _SHORT_WORDS) or (
            len(b) <= 4 and not re.search("[aeiouy]", b)
        ):
            # "registrat ion", "Covena nt": pieces written nowhere else; a short left piece is more
            # likely a word's start ("court pr ocesses": "pr"+"ocesses", not "court"+"pr")
            candidates.append((2 if len(a) <= 3 and len(b) > 3 else 1, i, whole))
        elif rarer <= 1 and len(whole) > 5:
            best = max(((min(count(whole[:k]), count(whole[k:])), k) for k in range(2, len(whole) - 1)), default=(0, 0))
            if best[0] >= 3 and best[1] != len(a):
                candidates.append((0, i, f"{whole[: best[1]]} {whole[best[1] :]}"))
    if not candidates:
        return page
    chosen: dict[int, str] = {}
    for _, i, replacement in sorted(candidates, key=lambda c: -c[0]):
        if i - 1 in chosen or i + 1 in chosen or i in chosen:
            continue
        chosen[i] = replacement
    out: list[str] = []
    pos = 0
    for i in sorted(chosen):
        out.append(page[pos : words[i].start()])
        out.append(chosen[i])
        pos = words[i + 1].end()
    out.append(page[pos:])
    return "".join(out)


def body_lines(source: SourceText, symbol: str = "") -> WgLines:
    """The document's lines without running heads, page numbers, job numbers, dot-leader lines of
    the contents, and footnotes (kept by number)."""
    if source.pages and len(source.pages) > 1:
        pages = repair_split_words(source.pages)
    elif source.pages:
        pages = repair_split_words(source.pages[0].split("\f"))
    else:
        pages = source.text.split("\f")
    notes: dict[int, str] = {}
    paged = len(pages) > 1
    cleaned: list[str] = []
    kept_pages: list[str] = []
    open_note: list[int] = []
    for page in pages:
        lines = [ln for ln in page.split("\n") if not _STAR_NOTE.match(ln) or not _is_star_note(ln)]
        kept = _cut_notes(lines, notes, cleaned, paged, open_note)
        cleaned.extend(kept)
        kept_pages.append("\n".join(kept))
    lines = furniture.remove_page_furniture(kept_pages) if paged else cleaned
    lines = furniture.remove_furniture(lines, symbol)
    lines = _cut_endnotes(lines, notes)
    lines = [
        ln for i, ln in enumerate(lines)
        if not _DOT_LEADERS.search(ln) and not _JOB_NUMBER_LINE.match(ln) and not (i < 80 and _COVER_LINE.match(ln))
    ]
    return WgLines(lines, {n: re.sub(r"\s+", " ", furniture.JOB_NUMBER.sub("", t)).strip() for n, t in notes.items()})


def _is_star_note(line: str) -> bool:
    """"* Previously issued under …", "** The conclusions and recommendations have not been edited."."""
    return bool(re.match(r"^\s*\*{1,3}\s*(?:Previously|The|Reissued|Conclusions|Only|This|Issued|Circulated)\b", line))


def strip_note_refs(text: str, notes: dict[int, str], used: set[int]) -> tuple[str, list[int]]:
    """Text without the references of notes not yet placed (in order), and the notes it cites."""
    refs: list[int] = []
    for number in sorted(notes):
        if number in used:
            continue
        m = re.search(rf"(?<=[A-Za-z)\].,;:”’\"]){number}(?=\s|$|[A-Z“(])|(?<=[a-z]) {number}(?=[.;,])", text)
        if not m:
            break
        text = text[: m.start()] + text[m.end() :]
        used.add(number)
        refs.append(number)
    return text, refs


# --- lists of recommendation numbers --------------------------------------------------------------

_NUMBER = r"\d{1,3}(?:\.\d{1,3})?"
_RANGE = re.compile(rf"({_NUMBER})\s*(?:[-–—]|to)\s*({_NUMBER})|({_NUMBER})")


def number_list(text: str) -> list[str]:
    """The recommendation numbers a list gives, ranges spelt out: "1–5, 14" -> 1…5, 14;
    "122.17-18" -> 122.17, 122.18; "140.11-14" -> 140.11 … 140.14; "Nos. 7, 8 and 9" -> 7, 8, 9."""
    out: list[str] = []
    for m in _RANGE.finditer(text):
        if m.group(3):
            out.append(m.group(3).rstrip("."))
            continue
        first, last = m.group(1), m.group(2)
        head, _, low = first.rpartition(".")
        if "." in last:
            last_head, _, high = last.rpartition(".")
            if last_head != head:
                out += [first, last]
                continue
        else:
            high = last
        if not (low.isdigit() and high.isdigit()) or int(high) < int(low) or int(high) - int(low) > 400:
            out += [first, last]
            continue
        prefix = f"{head}." if head else ""
        out += [f"{prefix}{k}" for k in range(int(low), int(high) + 1)]
    return out


# --- responses ---------------------------------------------------------------------------------

# In the order they are tried: "did not enjoy the support" is noted before "enjoy the support" is supported.
_PENDING_WORDS = re.compile(
    r"will\s+be\s+examined|will\s+(?:examine|respond|provide\s+(?:its\s+)?respons)|respon(?:se|ses)\s+(?:of\s+.{0,80}?\s+)?"
    r"(?:to\s+.{0,120}?\s+)?will\s+be\s+(?:provided|included|given|presented)|in\s+due\s+(?:course|time)",
    re.I | re.S,
)
_NOTED_WORDS = re.compile(
    r"^\W*(?:[IVX]+\.\s+)?(?:noted|rejected|not\s+(?:supported|accepted))\b|"
    r"did\s+not\s+(?:en\s?joy|receive|obtain)\s+(?:the\s+)?sup\s?port|does\s+not\s+(?:enjoy|support|accept)|"
    r"not\s+(?:be\s+)?(?:accepted|supported)|\brejected\b|\b(?:were|was|are|is|be)\s+noted\b|would\s+thus\s+be\s+noted|"
    r"\b(?:takes?|taken|took)\s+note\s+of\b|\bnotes\s+(?:the\s+)?(?:following\s+)?recommendations?\b|"
    r"cannot\s+(?:accept|support)|is\s+not\s+in\s+a\s+position\s+to\s+(?:accept|support)|"
    r"(?:cannot|can\s+not|is\s+unable\s+to),?\s+(?:at\s+(?:this|the\s+present)\s+(?:point\s+in\s+)?(?:time|stage),?\s+)?(?:make|give|take)\s+a\s+(?:definitive|final|position)",
    re.I | re.S,
)
_SUPPORTED_WORDS = re.compile(
    r"^\W*(?:[IVX]+\.\s+)?(?:accepted|supported)\b|"
    r"en\s?joys?\s+(?:the\s+|its\s+)?sup\s?port|\b(?:accepts?|accepted|supports?|supported)\b|"
    r"\bagrees?\s+(?:with|to)\s+(?:the|this|these|all)\s+recommendations?\b|"
    r"have\s+already\s+been\s+implemented|already\s+implemented|in\s+the\s+process\s+of\s+(?:being\s+)?implement",
    re.I | re.S,
)
_PARTIAL_WORDS = re.compile(r"\bpartial(?:ly)?\b|\bin\s+part\b|\bpartly\b", re.I)


def response_of(text: str) -> str:
    """The response a sentence or paragraph states ("enjoy the support of" -> supported, "did not
    enjoy the support" -> noted, "will be examined by …" -> pending), or "" if it states none.
    Both accepting and refusing words make a partial support."""
    if _PARTIAL_WORDS.search(text) and (_SUPPORTED_WORDS.search(text) or _NOTED_WORDS.search(text)):
        return PARTIAL
    noted = _NOTED_WORDS.search(text)
    supported = _SUPPORTED_WORDS.search(_NOTED_WORDS.sub(" ", text))
    if noted and supported:
        return PARTIAL
    if noted:
        return NOTED
    if _PENDING_WORDS.search(text):
        return PENDING
    if supported:
        return SUPPORTED
    return ""
