"""Endnotes of OHCHR summaries: the notes' texts, the stakeholder list, and who each note cites.

Later-cycle summaries end with "Notes": note 1 (or the first note that is one) lists the
stakeholders whose submissions were summarised, grouped as individual submissions, joint
submissions (with their members), the national human rights institution and regional
intergovernmental organisations; the other notes cite those stakeholders ("JS4, p.7; JS15,
p.11; and LIGA, p. 3."). This module turns the notes into numbered texts, the list into
organisations and each note into the organisations it cites. It reads text only; the parser
decides what to do with the result.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from uprsearch.models import Organisation

NOTES_HEADING = re.compile(r"^\s*(?:End)?[Nn]otes\s*$")
# a note starts with its number, at a line start or after the previous note's last word
# (The first digit opens the pattern, the look-behind checks the character before it: led by the
# look-behind, the regex engine would try it at every character.)
_NOTE_NUMBER = re.compile(r"(\d(?<![\w.,/\-–(]\d)\d{0,2})(?=[ \t\n]+[^\s,;.)\-–])")
_NOT_BEFORE_NOTE = re.compile(
    r"(?:\b(?:p|pp|para|paras|page|pages|section|sections|No|Nos|Nr|Nº|art|arts|article|articles|and|to|or|rec|"
    r"recommendation|recommendations|chapter|annex|resolution|resolutions)\.?|[,–\-(/])\s*$",
    re.I,
)
_NOT_AFTER_NOTE = re.compile(r"\s*(?:and|or|to|of|per|et|p\.|pp\.)\b")
_MAX_NOTE_SKIP = 2

GROUP_HEADING = re.compile(
    r"(?P<head>Civil society(?:[ \t]*:|(?=\s*\n))|Individual submissions?:|Joint submissions?:"
    r"|National human rights institutions?(?::|(?=[ \t]*\n))"
    r"|Regional (?:intergovernmental )?[Oo]rgani[sz]ations?(?:\s*\(s\))?(?::|(?=[ \t]*\n))"
    r"|United Nations (?:entities|agencies):|UN entities:|Intergovernmental organi[sz]ations?(?:\s*\(s\))?:"
    r"|Other stakeholders?:)"
)
# "Attachments:" under a regional body: the reports of its organs, each cited by its own abbreviation
_ATTACHMENTS = re.compile(r"^[ \t]*Attachments?\s*:[ \t]*$", re.M)
_ATTACHMENT = re.compile(r"^\s*\((?P<abbr>[A-Za-z][^()\n]{1,40})\)\s*[-–]?\s*(?P<text>.*)$")
# a line of a `pdftotext -layout` list: the abbreviation, a wide gap, the name
_COLUMNS = re.compile(r"^(?P<indent>[ \t]*)(?P<abbr>\S(?:[^\n]*?\S)?)[ \t]{3,}(?P<text>\S.*)$")
_JOINT_IN_NAME = re.compile(r"\((?:a\s+)?joint\s+submission(?:\s+(?P<number>\d{1,3}))?\)", re.I)
_GROUP_TYPES = (
    ("joint", "joint-submission"),
    ("national human rights", "nhri"),
    ("intergovernmental", "intergovernmental"),
    ("united nations", "un"),
    ("un entities", "un"),
)
# "JS3 Joint submission 3 submitted by:", "PTPR/JS3   Joint submission 3 submitted by:"
_JOINT = re.compile(
    r"(?:(?P<label>(?:[A-Z][\w\-]*/)?JS\s?\d{1,3})\s+)?Joint\s+[Ss]ubmission\s+(\d{1,3})\s+submitted\s+by\s*:?"
)
_ENTRY_END = re.compile(r"(?:\)\s*\*{0,2}\s*[;.]|;[ \t]*\*{0,2}[ \t]*(?=\n)|;\s*\*{0,2}\s*$)(?=\s|$)")
# a list written inline, as cycle-1 summaries print some: "Civil society: JS1 Joint Submission 1;
# AI Amnesty International; …": entries end at a ";" in mid-line that the next abbreviation and name follow
_RUN_IN_END = re.compile(r";[ \t]+(?=[A-Z][\w\-/&.()’']*[A-Z0-9][\w\-/&.()’']*[ \t]+[A-Z])")
_JOINT_NAME = re.compile(r"Joint\s+submission\s+(\d{1,3})", re.I)
_PLACE_TAIL = re.compile(r",\s*[^,]*\([^()]*(?:\([^()]*\)[^()]*)?\)?\s*$")
_CONNECTOR = {"of", "for", "at", "the", "and", "in", "de", "du", "des"}
_SEE_ALSO = re.compile(r"\bsee also\b", re.I)
STAKEHOLDER_LIST = re.compile(r"stakeholders listed below|Individual submissions|Civil society", re.I)


@dataclass
class Stakeholder:
    abbr: str  # the form the summary cites it by
    name: str
    type: str = "ngo"
    place: str = ""
    members: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)

    def organisation(self) -> Organisation:
        aliases = [a for a in [self.abbr, self.name, *self.aliases] if a]
        return Organisation(self.abbr, self.name, list(dict.fromkeys(aliases)), self.type, members=list(self.members))


class CitationIndex:
    """Finds the organisations a note cites, by any name the stakeholder list gives them."""

    _JS = re.compile(r"(?<![\w/])JS\s?(\d{1,3})(?![\w/])")

    def __init__(self, organisations: list[Organisation]):
        self._ids: dict[str, str] = {}
        for org in organisations:
            for alias in [org.id, org.name, *org.aliases]:
                if alias and len(alias) >= 2:
                    self._ids.setdefault(alias.lower(), org.id)
        self._known = set(self._ids.values())
        self._matcher = None
        if self._ids:
            alternatives = sorted(self._ids, key=len, reverse=True)
            self._matcher = re.compile(
                r"(?<![\w/\-])(?:" + "|".join(re.escape(a) for a in alternatives) + r")(?![\w/\-])", re.I
            )

    def __bool__(self) -> bool:
        return self._matcher is not None

    def cited(self, text: str) -> list[str]:
        """Organisation ids a note cites as its source (before any 'See also'); else those it only mentions."""
        if not text or self._matcher is None or STAKEHOLDER_LIST.search(text[:300]):
            return []
        parts = _SEE_ALSO.split(text, maxsplit=1)
        primary = self._find(parts[0])
        if primary or len(parts) == 1:
            return primary
        return self._find(parts[1])

    def _find(self, text: str) -> list[str]:
        found: list[tuple[int, str]] = []
        for m in self._matcher.finditer(text):
            org = self._ids.get(m.group(0).lower())
            if org:
                found.append((m.start(), org))
        for m in self._JS.finditer(text):
            org = f"JS{int(m.group(1))}"
            if org in self._known:
                found.append((m.start(), org))
        return list(dict.fromkeys(org for _, org in sorted(found)))


@dataclass
class Citation:
    """Who a note cites: the listed stakeholders it gives as its source, and those it adds after "See also"."""

    cites: list[str] = field(default_factory=list)
    see_also: list[str] = field(default_factory=list)


@dataclass
class Endnotes:
    texts: dict[int, str] = field(default_factory=dict)  # number -> text, one line
    stakeholders: list[Stakeholder] = field(default_factory=list)
    list_note: int | None = None  # the note that holds the stakeholder list
    _index: CitationIndex | None = field(default=None, repr=False, compare=False)

    def organisations(self) -> list[Organisation]:
        return [s.organisation() for s in self.stakeholders]

    def citation(self, number: int) -> Citation:
        """The listed stakeholders note `number` cites, "See also" apart (none for the list itself)."""
        text = self.texts.get(number, "")
        if not text or number == self.list_note or not self.stakeholders:
            return Citation()
        if self._index is None:
            self._index = CitationIndex(self.organisations())
        parts = _SEE_ALSO.split(text, maxsplit=1)
        cites = self._index._find(parts[0]) if parts[0].strip() else []
        see_also = [org for org in self._index._find(parts[1]) if org not in cites] if len(parts) > 1 else []
        return Citation(cites, see_also)


# A note's number at a line start: alone (pdftotext -layout puts the text below it) or before its text.
_NOTE_LINE = re.compile(r"^\s*(\d{1,3})(?:\s*$|\s+(?=[^\s.\d]))")
_NOTE_CHAIN_SKIP = 3  # a few note numbers may be lost or run inline; the chain goes on past them


def notes_start(lines: list[str], after: int = 0) -> int | None:
    """Where the endnotes begin: the line of note 1 that opens the longest run of note numbers
    (1, 2, 3 …, each at a line start, in order) after line `after` (the last paragraph's start).

    A line reading "Notes" is no proof: extraction may print it before the last paragraph ends.
    """
    numbers: list[tuple[int, int]] = []  # (line, number)
    for i in range(after + 1, len(lines)):
        line = lines[i]
        if line[:1].isdigit() or line[:1] in " \t":
            m = _NOTE_LINE.match(line)
            if m:
                numbers.append((i, int(m.group(1))))
    best: tuple[int, int] | None = None  # (run length, line of note 1)
    for k, (line, number) in enumerate(numbers):
        if number != 1:
            continue
        expected, length = 2, 1
        for _, value in numbers[k + 1 :]:
            if expected <= value <= expected + _NOTE_CHAIN_SKIP:
                length += 1
                expected = value + 1
        if best is None or length >= best[0]:
            best = (length, line)
    if best is not None:
        return best[1]
    for i in range(after + 1, len(lines)):
        if NOTES_HEADING.match(lines[i]):
            return i + 1
    return None


def normalise_layout(lines: list[str]) -> list[str]:
    """Note numbers alone on their line (pdftotext -layout) joined to the text below them, and
    the "Notes" heading dropped: every note then opens its line with its number."""
    out: list[str] = []
    pending = ""
    for line in lines:
        if not line.strip():
            continue
        if NOTES_HEADING.match(line):
            continue
        if re.fullmatch(r"\s*\d{1,3}\s*", line):
            if pending:
                out.append(pending)
            pending = line.strip()
            continue
        if pending:
            out.append(f"{pending} {line.strip()}")
            pending = ""
            continue
        out.append(line)
    if pending:
        out.append(pending)
    return out


def split_notes(lines: list[str]) -> dict[int, str]:
    """Numbered notes from the endnote lines, in order; the texts keep their line breaks."""
    text = "\n".join(ln.rstrip() for ln in lines if ln.strip())
    starts: list[tuple[int, int, int]] = []  # (number, start of number, start of text)
    expected: int | None = None
    for m in _NOTE_NUMBER.finditer(text):
        value = int(m.group(1))
        if expected is None:
            if value > 3 or not _at_line_start(text, m.start()):
                continue
        elif not (expected <= value <= expected + _MAX_NOTE_SKIP):
            continue
        if text[m.end() :].lstrip()[:1].isdigit() and not (value == expected and _at_line_start(text, m.start())):
            continue  # "16 2017/2018 BUDGET…" opens note 16 only at a line start, in turn
        before = text[max(0, m.start() - 20) : m.start()]
        if starts and not _at_line_start(text, m.start()):
            if value != expected or _NOT_BEFORE_NOTE.search(before) or _NOT_AFTER_NOTE.match(text, m.end()):
                continue  # inline, only the note due opens (a note skipped is found at a line start)
            # inline, a note follows the previous one's final full stop (or, exactly in turn, its last number)
            ends_note = re.search(r"[.;)]\s+$", before)
            after_number = re.search(r"\d\s+$", before) and value == expected and text[m.end():].lstrip()[:1].isupper()
            if not (ends_note or after_number):
                continue
        starts.append((value, m.start(), m.end()))
        expected = value + 1
    notes: dict[int, str] = {}
    for k, (value, _, text_start) in enumerate(starts):
        end = starts[k + 1][1] if k + 1 < len(starts) else len(text)
        notes[value] = text[text_start:end].strip()
    return notes


def _at_line_start(text: str, pos: int) -> bool:
    """Nothing but indentation before pos on its line."""
    line_start = text.rfind("\n", 0, pos) + 1
    return not text[line_start:pos].strip()


_LINE_BREAK_HYPHEN = re.compile(r"(?<=[a-z])-\n(?=[a-z])")


def one_line(text: str) -> str:
    if "-\n" in text:
        text = _LINE_BREAK_HYPHEN.sub("", text)
    return " ".join(text.split())  # split() breaks at the same whitespace as \s


# ---------------------------------------------------------------------------
# The stakeholder list
# ---------------------------------------------------------------------------


def parse_stakeholders(note: str, cited_forms: set[str]) -> list[Stakeholder]:
    """The organisations of a stakeholder-list note, with the group each was listed under."""
    segments: list[tuple[str, str]] = []  # (group type, text)
    group = "ngo"
    pos = 0
    for m in GROUP_HEADING.finditer(note):
        segments.append((group, note[pos : m.start()]))
        head = m.group("head").lower()
        group = next((t for key, t in _GROUP_TYPES if key in head), "ngo")
        if head.startswith("civil society") or head.startswith("individual") or head.startswith("other"):
            group = "ngo"
        if head.startswith("regional"):
            group = "intergovernmental"
        pos = m.end()
    segments.append((group, note[pos:]))
    if len(segments) > 1:
        segments = segments[1:]  # the preamble: "The stakeholders listed below…"
    layout = sum(1 for line in note.split("\n") if _layout_entry(line)) >= 3
    found: list[Stakeholder] = []
    pending: list[str] = []
    previous_type = "ngo"
    for org_type, text in segments:
        if not text.strip():
            continue
        text, attachments = _split_attachments(text)
        entry_type = org_type
        if org_type == "joint-submission" or _JOINT.search(text):
            found.extend(_joint_submissions(text))
            first = _JOINT.search(text)
            # the extraction may put the previous group's last names after the heading
            text = text[: first.start()] if first else text
            entry_type = previous_type if org_type == "joint-submission" else org_type
        if layout and text.strip():
            found.extend(_layout_entries(text, entry_type, cited_forms))
        elif not pending and len(_RUN_IN_END.findall(text)) >= 2:
            found.extend(_run_in_entries(text, entry_type, cited_forms))
        elif text.strip() or pending:
            entries, pending = _entries(text, entry_type, cited_forms, pending)
            found.extend(entries)
        found.extend(_attachment_entries(attachments, "intergovernmental" if org_type == "ngo" else org_type))
        if org_type != "joint-submission":
            previous_type = org_type
    unique: dict[str, Stakeholder] = {}
    for s in map(_joint_by_name, found):
        if s.abbr.lower() in unique:
            unique[s.abbr.lower()].aliases.extend(a for a in s.aliases if a not in unique[s.abbr.lower()].aliases)
        else:
            unique[s.abbr.lower()] = s
    return list(unique.values())


def _joint_submissions(text: str) -> list[Stakeholder]:
    matches = list(_JOINT.finditer(text))
    result: list[Stakeholder] = []
    for k, m in enumerate(matches):
        end = matches[k + 1].start() if k + 1 < len(matches) else len(text)
        body = one_line(text[m.end() : end])
        # drop the bunched "JS4 JS5" column labels the extraction mixed in
        body = re.sub(r"(?:\s|^)JS\s?\d{1,3}(?=\s|$)", " ", body)
        members = []
        pieces = [p for p in re.split(r"\s*;\s*", body) if p.strip(" .")]
        if len(pieces) == 1:  # "A (Slovenia), B (Netherlands), and C (United Kingdom)"
            pieces = re.split(r"(?<=\)),\s*(?:and\s+)?|(?<=\))\s+and\s+", body)
        for i, piece in enumerate(pieces):
            piece = re.sub(r"^(?:and\s*)", "", piece.strip()).strip(" .;,")
            if i == 0:
                piece = _PLACE_TAIL.sub("", piece).strip() or piece
            # "Ljubljana (Slovenia)" after the last member is its place, not a member
            if piece and (i == 0 or not _PLACE_ONLY.fullmatch(piece)):
                members.append(piece)
        number = int(m.group(2))
        label = m.group("label") or ""
        aliases = [label, label.split("/")[0]] if "/" in label else []
        result.append(Stakeholder(f"JS{number}", f"Joint submission {number}", "joint-submission", members=members, aliases=aliases))
    return result


_PLACE_ONLY = re.compile(r"[A-Z][\w.’'\-]*(?: [A-Z][\w.’'\-]*){0,2}\s*\([^()]+\)")


def _joint_by_name(stakeholder: Stakeholder) -> Stakeholder:
    """'SRI Sexual Rights Initiative (Joint submission)', '… (Joint Submission 5)': a joint submission
    listed among the individual ones."""
    m = _JOINT_IN_NAME.search(stakeholder.name)
    if not m or stakeholder.type == "joint-submission":
        return stakeholder
    stakeholder.name = (stakeholder.name[: m.start()] + stakeholder.name[m.end() :]).strip(" ,;")
    stakeholder.type = "joint-submission"
    if m.group("number") and not re.fullmatch(r"JS\d+", stakeholder.abbr):
        stakeholder.aliases.append(stakeholder.abbr)
        stakeholder.abbr = f"JS{int(m.group('number'))}"
    stakeholder.members = [part.strip() for part in re.split(r";|\band\b", stakeholder.name) if part.strip()]
    return stakeholder


def _split_attachments(text: str) -> tuple[str, str]:
    """A segment's own entries, and the attachments listed under its entries ("Attachments:"):
    they run while lines open with "(ABBR)", carry on an attachment not yet ended, or name a report
    (a line that does not open with an abbreviation); the next entry ends them."""
    if not _ATTACHMENTS.search(text):
        return text, ""
    own: list[str] = []
    attachments: list[str] = []
    inside = False
    ended = True
    for line in text.split("\n"):
        stripped = line.strip()
        if _ATTACHMENTS.match(line):
            if own and not own[-1].rstrip().endswith((";", ".")):
                own[-1] = own[-1].rstrip() + ";"  # "CoE The Council of Europe, Strasbourg (France)" ends here
            inside, ended = True, True
            continue
        if inside and stripped:
            opens = _ATTACHMENT.match(line) or _ATTACHMENT.match(re.sub(r"^\s*\S+[ \t]{3,}", "", line))
            new_entry = _layout_entry(line) or re.match(r"^(?:\S*[A-Z]\S*[A-Z]|[A-Z]{2})\S*\s", stripped)
            if opens or not ended or not new_entry:
                attachments.append(line)
                ended = bool(re.search(r"[;.]\s*$", stripped))
                continue
            inside = False
        own.append(line)
    return "\n".join(own), "\n".join(attachments)


def _layout_attachment_text(line: str) -> bool:
    """A further report of the same body, in the name column only (`pdftotext -layout`)."""
    return bool(re.match(r"^[ \t]{20,}\S", line)) and not _layout_entry(line)


def _attachment_entries(text: str, org_type: str) -> list[Stakeholder]:
    """'(CoE-ACFC) Council of Europe Advisory Committee …;' one per attachment, by its abbreviation."""
    items: list[list[str]] = []
    for line in text.split("\n"):
        if _ATTACHMENTS.match(line) or not line.strip():
            continue
        m = _ATTACHMENT.match(line) or _ATTACHMENT.match(re.sub(r"^\s*\S+[ \t]{3,}", "", line))
        if m:
            items.append([m.group("abbr").strip(), m.group("text").strip()])
        elif items:
            items[-1][1] += " " + line.strip()
    found: list[Stakeholder] = []
    for abbr, description in items:
        short = re.split(r"[:\s]", abbr, maxsplit=1)[0]  # "CoE-CM: Resolution", "CoE-ECRI Conclusions"
        name = one_line(description).split(", ")[0].strip(" ;.-–")
        if not name or _DOCUMENT_TITLE.match(name):
            name = short  # "Report to the Government of Slovenia…" names a report, not the body
        found.append(Stakeholder(short, name[:160], org_type, aliases=[abbr] if short != abbr else []))
    return found


_DOCUMENT_TITLE = re.compile(
    r"^(?:Report|Resolution|Recommendation|Memorandum|Issue Paper|Conclusions|Factsheet|Fact sheet|Letter|Opinion"
    r"|Annual|First|Second|Third|Fourth|Fifth|Sixth|Interim|Evaluation|Compliance|Baseline)\b",
    re.I,
)


def _layout_entry(line: str) -> re.Match[str] | None:
    """An entry of a `pdftotext -layout` list: an abbreviation (a few words at most), a wide gap, a name."""
    m = _COLUMNS.match(line)
    if not m or len(m.group("abbr")) > 40 or len(m.group("abbr").split()) > 4 or m.group("abbr").endswith((",", ";")):
        return None
    return m


def _layout_entries(text: str, org_type: str, cited_forms: set[str]) -> list[Stakeholder]:
    """Entries of a list laid out in two columns: the abbreviation, then the name and place, which wrap
    under the name. A line without the gap opens an entry when the one before has ended."""
    entries: list[list[str]] = []  # [abbreviation, text]
    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped or _ATTACHMENTS.match(line):
            continue
        m = _layout_entry(line)
        if m:
            entries.append([m.group("abbr"), m.group("text").strip()])
        elif entries and not re.search(r"[;.]\s*\**$", entries[-1][1]):
            entries[-1][1] += " " + stripped
        else:
            entries.append(["", stripped])
    found: list[Stakeholder] = []
    for abbr, entry in entries:
        if not abbr:
            abbr, entry = _inline_abbreviation(entry, cited_forms)
        name, place = _split_entry(entry, abbr)
        found.append(_stakeholder(abbr or name, name, place, org_type, cited_forms))
    return found


def _run_in_entries(text: str, org_type: str, cited_forms: set[str]) -> list[Stakeholder]:
    """Entries of a list written inline, one after another: 'ABBR Name[, Place]; ABBR Name; … .'"""
    found: list[Stakeholder] = []
    for entry in _RUN_IN_END.split(one_line(text)):
        entry = entry.strip(" ;.")
        if not entry:
            continue
        abbr, rest = _inline_abbreviation(entry, cited_forms)
        name, place = _split_entry(rest, abbr)
        joint = _JOINT_NAME.fullmatch(name)
        if joint and abbr == f"JS{int(joint.group(1))}":  # "JS1 Joint Submission 1": its members are not listed
            found.append(Stakeholder(abbr, name, "joint-submission", place))
            continue
        found.append(_stakeholder(abbr or name, name, place, org_type, cited_forms))
    return found


def _is_abbreviation_line(line: str) -> bool:
    """'A.F.I.', 'ACLU National', 'HRC,', 'MSA NBEC', 'Raha RSCenter SAR SBW': a column of abbreviations."""
    if re.search(r",\s+\S", line) or re.search(r"\([^)]*\s", line):
        return False
    tokens = line.split()
    return len(tokens) <= 3 or bool(re.fullmatch(r"[A-Z][\w.()\-]*[A-Z0-9)]\.?", tokens[-1]))


def _entries(text: str, org_type: str, cited_forms: set[str], pending: list[str] = ()) -> tuple[list[Stakeholder], list[str]]:
    """Entries 'ABBR Name, Place (Country);' whose abbreviations the extraction may have put in a column.

    Returns the entries and the abbreviation lines left over at the end (their names may follow a heading).
    """
    chunks: list[tuple[list[str], str, bool]] = []  # (abbreviation lines, entry text, at line start)
    pos = 0
    carried = list(pending)
    for m in _ENTRY_END.finditer(text):
        raw = text[pos : m.start() + 1]
        pos = m.end()
        at_line_start = "\n" in raw[: len(raw) - len(raw.lstrip())] or not chunks
        lines = [ln.strip() for ln in raw.split("\n") if ln.strip()]
        if not lines:
            continue
        first_entry_line = next((i for i, ln in enumerate(lines) if not _is_abbreviation_line(ln)), len(lines))
        abbr_lines = carried + [ln for ln in lines[:first_entry_line] if _is_label(ln)]
        carried = []
        entry = " ".join(lines[first_entry_line:])
        if entry:
            chunks.append((abbr_lines, entry, at_line_start and not abbr_lines))
    rest = [ln.strip() for ln in text[pos:].split("\n") if ln.strip() and _is_label(ln.strip())]
    leftover = [ln for ln in rest if _is_abbreviation_line(ln)]
    if len(leftover) < len(rest):  # an entry the segment ends without a stop: "CoE Council of Europe, Strasbourg (France)"
        # each line that opens with an abbreviation is an entry ("CoE-CPT European Committee for …")
        entries: list[list[str]] = []
        for line in rest:
            if not entries or (re.match(r"^[^\s(]*[A-Z]\S*[A-Z]", line) and not re.search(r"\b(?:of|and|the|for|or)$|,$", entries[-1][-1])):
                entries.append([line])
            else:
                entries[-1].append(line)
        for k, lines in enumerate(entries):
            chunks.append((carried if k == 0 else [], " ".join(lines), not (carried and k == 0)))
        leftover = []
    result: list[Stakeholder] = []
    queue: list[str] = []
    k = 0
    while k < len(chunks):
        abbr_lines, entry, inline = chunks[k]
        if len(abbr_lines) > 1 and result:
            # "Elizka Relief" … "Foundation": the tail of the previous abbreviation, wrapped after its entry
            prev = result[-1]
            if (prev.abbr + " " + abbr_lines[0]).lower() in prev.name.lower() and prev.abbr.lower() in prev.name.lower():
                prev.abbr = prev.abbr + " " + abbr_lines[0]
                abbr_lines = abbr_lines[1:]
        tokens = _tokens(abbr_lines)
        queue.extend(tokens)
        if queue:
            n = 1
            if len(abbr_lines) > 1 or len(tokens) > 3:
                # a bunched column: the entries up to the next one with its own abbreviations draw from it
                while k + n < len(chunks) and not chunks[k + n][0]:
                    n += 1
            names = [_split_entry(chunks[k + j][1])[0] for j in range(n)]
            groups = _align(queue, names)
            for j, abbr in enumerate(groups):
                name, place = _split_entry(chunks[k + j][1], abbr)
                result.append(_stakeholder(abbr or name, name, place, org_type, cited_forms))
            for j in range(len(groups), n):
                name, place = _split_entry(chunks[k + j][1])
                result.append(_stakeholder(name, name, place, org_type, cited_forms))
            queue = []
            k += n
            continue
        abbr, rest = _inline_abbreviation(entry, cited_forms) if inline else ("", entry)
        name, place = _split_entry(rest, abbr)
        result.append(_stakeholder(abbr or name, name, place, org_type, cited_forms))
        k += 1
    return result, leftover


def _is_label(line: str) -> bool:
    """Not a page number or a joint submission's column label."""
    return not re.fullmatch(r"\d{1,3}|(?:JS\s?\d{1,3}\s*)+(?:\d{1,3})?", line)


def _tokens(lines: list[str]) -> list[str]:
    tokens: list[str] = []
    for line in lines:
        for tok in line.split():
            tok = tok.rstrip(",")
            if re.fullmatch(r"\d{1,3}", tok):
                continue  # a page number in a column of abbreviations
            if tok.startswith("(") and tokens:
                tokens[-1] += " " + tok  # "HRDP (US)"
            elif tok:
                tokens.append(tok)
    return tokens


def _align(tokens: list[str], names: list[str]) -> list[str]:
    """Split abbreviation tokens into one group per name, preferring groups that spell the name's words."""
    m, n = len(tokens), len(names)
    if n == 0:
        return []
    if m <= n:
        return tokens
    max_group = 5
    neg = float("-inf")
    best = [[neg] * (n + 1) for _ in range(m + 1)]
    back = [[0] * (n + 1) for _ in range(m + 1)]
    best[0][0] = 0.0
    for i in range(1, m + 1):
        for j in range(1, min(i, n) + 1):
            for size in range(1, min(max_group, i) + 1):
                prev = best[i - size][j - 1]
                if prev == neg:
                    continue
                score = prev + _group_score(tokens[i - size : i], names[j - 1])
                if score > best[i][j]:
                    best[i][j], back[i][j] = score, size
    if best[m][n] == neg:
        return tokens[:n]
    groups: list[str] = []
    i, j = m, n
    while j > 0:
        size = back[i][j]
        groups.append(" ".join(tokens[i - size : i]))
        i, j = i - size, j - 1
    return groups[::-1]


def _group_score(group: list[str], name: str) -> float:
    if len(group) == 1:
        return 0.0
    words = {w.lower().strip("()’',.") for w in name.split()}
    inside = all(tok.lower().strip("()’',.") in words for tok in group)
    return 2.0 * len(group) if inside else -5.0


def _inline_abbreviation(entry: str, cited_forms: set[str]) -> tuple[str, str]:
    """'KHPG Kharkiv Human Rights…' -> ('KHPG', 'Kharkiv Human Rights…')."""
    words = entry.split()
    if len(words) < 2:
        return "", entry
    # "Broken Chalk The Broken Chalk, …": an abbreviation of several words that the notes cite
    for form in sorted(cited_forms, key=len, reverse=True):
        if " " in form and entry.startswith(form + " ") and len(form) < len(entry) - 3:
            return form, entry[len(form) :].strip()
    # "ADF International ADF International, Geneva": the abbreviation repeats as the name's start
    for size in range(1, 4):
        if len(words) > 2 * size and [w.rstrip(",") for w in words[size : 2 * size]] == words[:size]:
            return " ".join(words[:size]), " ".join(words[size:])
    size = 1
    while size + 1 < len(words) and words[size] in _CONNECTOR:
        size += 2  # "Ombudsperson of Ukraine"
    if size >= len(words):
        return "", entry
    return " ".join(words[:size]), " ".join(words[size:])


def _split_entry(entry: str, abbr: str = "") -> tuple[str, str]:
    """'Cultural Survival, Cambridge, MA (the United States of America)' -> (name, place)."""
    entry = one_line(entry).strip(" ;.*")
    pieces = entry.split(", ")
    # the place: the piece with the country in brackets, and short pieces before it ("Cambridge, MA")
    end = len(pieces)
    if end > 1 and "(" in pieces[-1]:
        end -= 1
        while end > 1 and len(pieces[end - 1].split()) <= 2 and not re.fullmatch(r"(?:The|Inc\.?|Ltd\.?|LLC)", pieces[end - 1]):
            end -= 1
    elif end > 1 and not any("(" in piece for piece in pieces[1:]):
        # "…, Geneva, Switzerland", "…, San José, Costa Rica": a city and a country, no brackets
        while end > 1 and _PLACE_PIECE.fullmatch(pieces[end - 1]) and len(pieces) - end < 3:
            end -= 1
    name_pieces, place = pieces[:end], ", ".join(pieces[end:])
    name = name_pieces[0]
    for piece in name_pieces[1:]:
        name = "The " + name if piece == "The" else name + ", " + piece
    letters = re.sub(r"[^A-Z]", "", abbr)
    if len(name_pieces) > 1 and len(letters) >= 2:
        # "Jonathan Lam, Sanctuary Beyond War" for SBW: the piece the abbreviation spells
        for piece in name_pieces:
            if "".join(w[0] for w in piece.split() if w[:1].isupper()) == letters:
                name = piece
                break
    name = name.rstrip("*").strip()
    if abbr and f"({abbr})" in name[3:]:
        name = name[: name.index(f"({abbr})", 3)].strip()  # "Association for the Theory and Culture of Handicap (YHD)"
    return name, place


_PLACE_PIECE = re.compile(r"\d{3,6}|(?:[A-Z][\w.’'\-]*|de|of|the|and)(?: (?:[A-Z][\w.’'\-]*|de|of|the|and)){0,3}\*?")


def _stakeholder(abbr: str, name: str, place: str, org_type: str, cited_forms: set[str]) -> Stakeholder:
    abbr = abbr.strip().rstrip(",")
    aliases: list[str] = []
    display = re.sub(r"^The\s+(?=[A-Z])", "", name)
    if display != name:
        aliases.append(name)
    # the summary may cite a shorter form: "Ombudsperson" for "Ombudsperson of Ukraine"
    short = next((c for c in sorted(cited_forms, key=len, reverse=True) if abbr.startswith(c + " ") and c != abbr), "")
    if short:
        aliases.append(abbr)
        abbr = short
    # "OSCE-ODIHR" cited as "ODIHR": a part of a compound abbreviation the notes use on its own
    if "-" in abbr:
        aliases.extend(part for part in abbr.split("-") if part in cited_forms and len(part) >= 3)
    return Stakeholder(abbr, display, org_type, place, aliases=aliases)


# ---------------------------------------------------------------------------
# The whole notes section
# ---------------------------------------------------------------------------

_CITED_FORM = re.compile(r"(?:^|[;:]\s*|\band\s+|\.\s+|See also\s+)([A-Z][\w.\-&()’' ]{0,50}?),\s*(?:p|pp|para|paras|page|pages|section)\b")


def read_endnotes(lines: list[str]) -> Endnotes:
    """Parse the notes section: texts, the stakeholder list and a matcher for citations."""
    raw = split_notes(lines)
    notes = Endnotes(texts={n: one_line(t) for n, t in raw.items()})
    cited_forms: set[str] = set()
    for text in notes.texts.values():
        for m in _CITED_FORM.finditer(text):
            cited_forms.add(m.group(1).strip())
    for number in sorted(raw):
        if number > 5:
            break
        if STAKEHOLDER_LIST.search(raw[number][:400]):
            notes.list_note = number
            notes.stakeholders = parse_stakeholders(raw[number], cited_forms)
            break
    return notes
