"""Text helpers shared by the parsers: spaces, wrapped lines, headings and footnote references."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

SENTENCE_END = re.compile(r"[.;:!?…”\"’)\]]\s*$")
URL_LINE = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$")

# A footnote reference is a number glued to the end of a word or punctuation ("Review:1",
# "allegation”.2", "JS230" = JS2 + note 30, "OP 2.2" = OP 2 + note 2), or standing after
# punctuation and a space ("OP-CAT, 43 and"). Documents number notes in order, so a number
# counts as a reference only when it is the next note expected (or a few ahead, where the
# extraction lost one): that is what tells "JS230" from "JS2" and "11.1 per cent" from a note.
# The number opens the pattern and a look-behind checks the character before it: the regex
# engine then skips ahead to the next digit (led by the character class it tried every letter).
_GLUED = re.compile(
    r"(?P<num>\d(?<=[A-Za-z\u00C0-\u024F)\].,;:!?”’\"'»\u2019]\d)\d{0,2})(?=$|[\s.,;:)”’\"A-Z])"
)
# (Led by the digit, the punctuation or mark before it checked behind: led by the punctuation, the
# regex engine stopped at every comma and full stop of the text.)
_SPACED = re.compile(r"(?P<num>\d(?:(?<=[.,;:”’\"] \d)|(?<=\ue001\d)|(?<=\ue001 \d))\d{0,2})(?=\s|$|[A-Z][a-zA-Z])")
# Put before a number that the extraction moved from a line's end to the next line's start
# ("…and" / "1 the Overseas Territories ."): a reference if it is the note expected there.
DISPLACED_MARK = "\ue001"
_TRAILING_NUMBER = re.compile(r"(?<=[a-z)\]”’\"]) (\d{1,3})$")
NOTE_MARK = "\ue000"  # where a reference stood, until the chunk text is final
_MAX_SKIP = 3
_SPACE_BEFORE_PUNCT = re.compile("[ \t]+(" + "\ue000" + "*)([.,;:])")
_SPACE_BEFORE_MARK_OR_PUNCT = re.compile(" [\ue000.,;:]")  # where the above can match, but found much faster
_NUMBERED_NAME = re.compile(r"(?<![A-Za-z])JS\)?$")
# References the extraction left looser, each counted only where it is the note expected there:
# glued after punctuation to the next word ("participation;113cease"), glued to a year
# ("2017-2021114 CoE-Commissioner"), or standing alone between two words ("poverty 157 and",
# "health care 267 IFDAA underscored") -- this one only if it is exactly the note due and the next
# note's number follows in the paragraph, since a count can stand there too ("killed 157 and").
# (One pattern for the three, led by the digit: what follows the number is checked per kind.)
_LOOSE = re.compile(r"(?P<num>[1-9](?:(?<=[;.,:][1-9])|(?<=[a-z] [1-9])|(?<=(?:19[5-9]\d|20[0-4]\d)[1-9]))\d{0,2})(?!\d)")
_BEFORE_WORD, _AFTER_YEAR, _BETWEEN_WORDS = 1, 2, 3
_YEAR = re.compile(r"19[5-9]\d|20[0-4]\d")
_CITED_PART = re.compile(r"\b(?:[Aa]rts?|[Pp]aras?|[Pp]p?|Nos?|[Cc]hap|[Ss]ect|[Vv]ol)\.$")
# a number between words that counts something or dates it: "implemented 19 of the 20", "rights 27 March"
_COUNT_BEFORE = re.compile(
    r"\b(?:of|from|between|by|to|than|over|under|about|around|some|approximately|nearly|almost|least|only|just"
    r"|were|was|are|is|had|have|has|the|with|for|at|in|on|all|total|aged|age|killed|injured|and|or) $"
)
_COUNT_AFTER = re.compile(
    r" (?:of|per|out|percent|years?|months?|days?|weeks?|times|January|February|March|April|May|June|July"
    r"|August|September|October|November|December)\b"
)


@dataclass
class FootnoteTracker:
    """Removes footnote reference numbers from text in document order, remembering them."""

    expected: int = 1
    enabled: bool = True
    last: int | None = None  # the highest note the document has, where its notes are known

    def strip(self, text: str, mark: bool = False) -> tuple[str, list[int]]:
        """Text without its footnote references and the numbers removed; with mark, NOTE_MARK stands where each was."""
        if not self.enabled:
            return text.replace(DISPLACED_MARK, ""), []
        # Each pattern's matches are found once: no match spans the end of a reference (a digit
        # before, none after), so those ending after it are the ones a search from there finds.
        glued = list(_GLUED.finditer(text))
        spaced = list(_SPACED.finditer(text))
        loose = list(_LOOSE.finditer(text))
        found: list[int] = []
        out: list[str] = []
        pos = 0
        while glued or spaced or loose:
            match = self._next_reference(text, pos, glued, spaced, loose)
            if match is None:
                break
            start, end, number = match
            if number > self.expected and self._next_reference(text, end, *_after(end, glued, spaced, loose), skip=0):
                # the note due comes further on: this number is no reference ("… 69.8 percent … yet.6")
                glued, spaced, loose = _after(end, glued, spaced, loose)
                continue
            out.append(text[pos:start])
            if mark:
                out.append(NOTE_MARK)
            nxt = text[end : end + 1]
            prev = text[start - 1 : start] if start else ""
            # "set up.76PRICentral" -> "set up. PRICentral": keep words apart where the note sat between them
            if nxt and not nxt.isspace() and nxt not in ".,;:)”’\"" and prev and not prev.isspace():
                out.append(" ")
            found.append(number)
            self.expected = number + 1
            pos = end
            glued, spaced, loose = _after(pos, glued, spaced, loose)
        if not found:
            return text.replace(DISPLACED_MARK, ""), found
        out.append(text[pos:])
        cleaned = "".join(out).replace(DISPLACED_MARK, "")
        if "\t" in cleaned or _SPACE_BEFORE_MARK_OR_PUNCT.search(cleaned):  # else nothing to close up
            cleaned = _SPACE_BEFORE_PUNCT.sub(r"\1\2", cleaned)
        return cleaned, found

    def strip_heading(self, text: str) -> str:
        """A heading without its footnote references, glued or, at its end, after a space ("… life 50")."""
        text = self.strip(text)[0]
        m = _TRAILING_NUMBER.search(text)
        if m and self.expected <= int(m.group(1)) <= self.expected + _MAX_SKIP and (self.last is None or int(m.group(1)) <= self.last):
            self.expected = int(m.group(1)) + 1
            text = text[: m.start()]
        return text

    def _next_reference(
        self, text: str, pos: int, glued: list[re.Match[str]], spaced: list[re.Match[str]],
        loose: list[re.Match[str]] = (), skip: int = _MAX_SKIP,
    ) -> tuple[int, int, int] | None:
        """The first reference at or after pos, from the matches of _GLUED, _SPACED and _LOOSE there."""
        best: tuple[int, int, int] | None = None
        expected = self.expected
        for pattern, matches in ((_GLUED, glued), (_SPACED, spaced)):
            for m in matches:
                # where a spaced reference begins: the punctuation or mark before it (and a space)
                start = m.start() if pattern is _GLUED else m.start() - (2 if text[m.start() - 1] == " " else 1)
                if best is not None and start >= best[0]:
                    break  # any hit here starts after the one found: it cannot come first
                digits = m.group("num")
                if pattern is _GLUED and len(digits) == 3 and _thousands(text, m.start("num")):
                    continue  # "3,368": a number's thousands, not "3,36" + note 8
                # try the shortest suffix that is the expected note: "JS230" -> "30"; after a number's
                # point or comma only the whole ("97.113" is recommendation 97.113 or 97 + note 113)
                last = len(digits) - 1 if pattern is _GLUED and not _after_number(text, m.start("num")) else 0
                hit = None
                for offset in range(last, -1, -1):
                    if digits[offset] == "0":
                        continue
                    value = int(digits[offset:])
                    if expected <= value <= expected + skip and (self.last is None or value <= self.last):
                        hit = (m.start("num") + offset, m.end("num"), value)
                        break
                if hit is None:
                    continue
                if pattern is _SPACED:
                    if _CITED_PART.search(text, max(0, start - 8), start + 1):
                        continue  # "art. 6", "para. 12", "No. 3": what the number numbers
                    hit = (start + 1, hit[1], hit[2])  # the space before the number goes with it
                # "JS3" is joint submission 3, never "JS" + note 3 (the name is at most "JS)" before the number)
                if pattern is _GLUED and hit[0] == m.start("num") and _NUMBERED_NAME.search(text, max(0, hit[0] - 4), hit[0]):
                    continue
                if best is None or hit[0] < best[0]:
                    best = hit
                break
        for m in loose:
            if best is not None and m.start() >= best[0]:
                break
            value = int(m.group("num"))
            if not expected <= value <= expected + skip or (self.last is not None and value > self.last):
                continue
            kind = _loose_kind(text, m.start(), m.end())
            if kind is None:
                continue
            if kind == _AFTER_YEAR and (text[m.start() - 5 : m.start() - 4] or " ") in "0123456789.,":
                continue  # "120205", "1.2020": no year there
            if kind == _BETWEEN_WORDS:
                if value != expected or _COUNT_BEFORE.search(text, max(0, m.start() - 16), m.start()) or _COUNT_AFTER.match(text, m.end()):
                    continue
                if not re.search(rf"(?<!\d){value + 1}(?!\d)", text[m.end() :]):
                    continue
                best = (m.start() - 1, m.end(), value)  # the space before it goes with it
            else:
                best = (m.start(), m.end(), value)
            break
        return best


def _loose_kind(text: str, start: int, end: int) -> int | None:
    """Which loose reference a _LOOSE match is, by what stands before and after it; None: none."""
    before, after = text[start - 1], text[end : end + 2]
    if before in ";.,:":
        return _BEFORE_WORD if len(after) == 2 and after.isalpha() and after.islower() and after.isascii() else None
    if before == " ":
        return _BETWEEN_WORDS if len(after) == 2 and after[0] == " " and after[1].isascii() and after[1].isalpha() else None
    if start >= 4 and _YEAR.fullmatch(text, start - 4, start) and (not after or after[0] in " \t\n\r\f\v.,;:)”’\""):
        return _AFTER_YEAR
    return None


def _after(pos: int, *matches: list[re.Match[str]]) -> tuple[list[re.Match[str]], ...]:
    """Each list of matches without those that end at or before pos."""
    return tuple([m for m in ms if m.end() > pos] if ms else ms for ms in matches)


def _after_number(text: str, start: int) -> bool:
    return start >= 2 and text[start - 1] in ".," and text[start - 2].isdigit()


def _thousands(text: str, start: int) -> bool:
    """The digits at start are a group of a number written with commas ("3,368", "1,250,000"): a
    comma before them and one to three digits before it ("2017,114" is a year and note 114)."""
    if start < 2 or text[start - 1] != "," or not text[start - 2].isdigit():
        return False
    k = start - 2
    while k > 0 and text[k - 1].isdigit():
        k -= 1
    return start - 1 - k <= 3


_LOWER_START = re.compile(r"^[a-z]")
_SPACES = re.compile(r" {2,}")
_HEADING_STOP = re.compile(r"[.;][”’\"')]?\s*\d{0,3}\s*$")  # a sentence's end, a footnote number after it or not
_HEADING_NOTE = re.compile(r"(?<=[A-Za-z”’\"])\d{1,3}$")


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines into prose; a word hyphenated across a line break keeps its hyphen
    ("ill-\ntreatment" -> "ill-treatment", "de-\ntention" -> "de-tention")."""
    parts: list[str] = []
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if parts and not (parts[-1].endswith(("-", "–")) and _LOWER_START.match(line)):
            parts.append(" ")
        parts.append(line)
    return normalise_spaces("".join(parts))


_LINE_BREAK_HYPHEN = re.compile(r"(?<=[a-z])-\n(?=[a-z])")


def one_line(text: str) -> str:
    """Lines as one line of words; a word a line break hyphenated is joined again ("detain-" + "ed")."""
    if "-\n" in text:
        text = _LINE_BREAK_HYPHEN.sub("", text)
    return " ".join(text.split())  # split() breaks at the same whitespace as \s


_CONTROL = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|[\x00-\x08\x0b-\x1f\x7f]")  # escape sequences, control characters
_CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # one class: the regex engine skips along it quickly


def normalise_spaces(text: str) -> str:
    text = text.replace("\u00a0", " ").replace("\t", " ")
    # isprintable() is False for every control character and quicker than a search for them
    if "\x1b" in text or (not text.isprintable() and _CONTROL_CHARACTER.search(text)):
        text = _CONTROL.sub("", text)  # terminal escapes in a document are damage, never content
    if "  " in text:
        text = _SPACES.sub(" ", text)
    return text.strip()


def is_heading_text(text: str) -> bool:
    return bool(text) and len(text) <= 160 and not _HEADING_STOP.search(text)


def take_marks(marked: str) -> tuple[str, list[int]]:
    """Text without NOTE_MARKs and the offset in it where each mark stood."""
    if NOTE_MARK not in marked:
        return marked, []
    offsets: list[int] = []
    out: list[str] = []
    length = 0
    for piece in marked.split(NOTE_MARK)[:-1]:
        out.append(piece)
        length += len(piece)
        offsets.append(length)
    out.append(marked.rsplit(NOTE_MARK, 1)[1])
    text = "".join(out)
    if "  " in text or text != text.strip():  # a mark between two spaces: close the gap, offsets shift at most one
        stripped = normalise_spaces(text)
        shift = len(text) - len(text.lstrip())
        offsets = [max(0, min(len(stripped), o - shift)) for o in offsets]
        text = stripped
    return text, offsets


_GLUED_NOTE_IN_HEADING = re.compile(r"(?<=[a-z])\d{1,3}(?=\s)")


@lru_cache(maxsize=4096)  # each chunk repeats the headings of its section
def clean_heading(heading: str) -> str:
    """A heading without footnote numbers or trailing punctuation."""
    heading = normalise_spaces(heading)
    heading = _HEADING_NOTE.sub("", heading)
    heading = _GLUED_NOTE_IN_HEADING.sub("", heading)  # "Scope of international obligations3 and cooperation"
    return heading.rstrip(" :")
