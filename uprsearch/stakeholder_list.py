"""The stakeholder list of an OHCHR summary: the organisations whose submissions were summarised.

Note 1 of a later-cycle summary (the first note that is one) lists them, grouped as individual
submissions, joint submissions (with their members), the national human rights institution and
regional intergovernmental organisations (with the reports of their organs, "Attachments"), in
every layout the extractions give: one entry a line ('ABBR Name, Place (Country);'), the
abbreviations bunched in a column apart from the names, `pdftotext -layout` columns, a joint
submission listed by name ('… (Joint Submission 4)'), or the list run on inline ('Civil society:
JS1 Joint Submission 1; AI Amnesty International; …'). uprsearch.endnotes finds the note and
hands it here; this module turns it into Stakeholder records.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from uprsearch.models import Organisation
from uprsearch.text import one_line

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
