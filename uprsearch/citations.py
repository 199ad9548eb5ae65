"""Who an endnote cites as its source: the stakeholders before "See also", by any spelling.

A summary's note cites the submissions a sentence comes from ("JS4, p.7; JS15, p.11; and LIGA,
p. 3."), then others that say the same ("See also HRW, p. 2."): only the first are the sentence's
speakers. Notes misspell the list now and then ("CGPL" for CGLPL, "J62" for JS62, "FS" for Femmes
solidaires, "HROSR" for HRORS): a form the list does not have is read as the one listed
stakeholder it clearly means (one letter off, a lost "S" of "JS", the initials of its name), and
reported when it means none or several.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from uprsearch.endnotes import STAKEHOLDER_LIST, CitationIndex
from uprsearch.models import Organisation
from uprsearch.orgs import alias_key

_SEE_ALSO = re.compile(r"\bsee\s+also\b", re.I)
# The form a note cites a submission by: before its page or paragraph reference.
_CITED_FORM = re.compile(
    r"(?:^|;\s*|\band\s+|\.\s+|(?P<comma>,\s+))(?P<form>[A-Za-z][\w.\-&()’'/ ]{0,60}?)\s*[,.]?\s*"
    r"(?=(?:p|pp|para|paras|page|pages|section|sections|chapter|recommendations?|annex|endnote)\b\.?\s*\d|"
    r"p\d|paras?\.\d|$)"
)
# "(Violence against women: an EU-wide survey. Main results report (March 2014), p. 80)": a
# title after a citation, in brackets after a space or a page (not "PC(USA)")
_ASIDE = re.compile(r"(?<=[\s\d])\((?:[^()]|\([^()]*\))*\)")
_ABBREVIATION = re.compile(r"[A-Z][\w.\-/&]*[A-Z][\w.\-/&]*")  # one word, two capitals at least
_JS_VARIANT = re.compile(r"^(?:J\s?S?|Js|JS\s|Joint\s+[Ss]ubmission\s+)(\d{1,3})\.?$")
_NOT_A_FORM = re.compile(  # references that are no stakeholder: "Ibid.", "For the recommendation see A/HRC/…"
    r"^(?:Ibid|Idem|See|Ibidem|Op\.? cit|Id|and|For|Section|Chapter|Part|Annex|Appendix|Recommendations?|Table|"
    r"A/HRC|CCPR|CRC|CEDAW|CAT|E/C)\b|\bsee\b|\b[A-Z]/[A-Z]", re.I
)


@dataclass
class NoteCitations:
    """The stakeholders each note cites, as the tagger's organisation ids."""

    index: CitationIndex
    listed: list[Organisation]
    resolve: object  # name -> organisation id or None (the attributor's identity)
    _cache: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)
    # forms the notes cite that mean no listed stakeholder, or several: form -> (candidates, note numbers)
    _unmatched: dict[str, tuple[list[str], list[int]]] = field(default_factory=dict)
    # every listed stakeholder's spellings (alias_key), and its name's initials
    _spellings: list[tuple[str, list[str], str]] = field(default_factory=list)
    _spelled: dict[str, str] = field(default_factory=dict)  # spelling -> listed id

    def __post_init__(self) -> None:
        for org in self.listed:
            parts = [part for part in re.split(r"[/\-]", org.id) if len(part) >= 3 and part != org.id]  # "Ombudsman/HRORS"
            keys = [k for k in (alias_key(s) for s in (org.id, *org.aliases, *parts) if s) if len(k) >= 2]
            self._spellings.append((org.id, keys, _initials(org.name).upper()))
            for key in keys:
                self._spelled.setdefault(key, org.id)

    def of(self, text: str, number: int | None = None) -> tuple[list[str], list[str]]:
        """(primary, see_also) stakeholder ids of a note's text."""
        found = self._cache.get(text)
        if found is None:
            parts = _SEE_ALSO.split(text, maxsplit=1)
            primary = self._cited(parts[0], number)
            see_also = [o for o in self._cited(parts[1], None) if o not in primary] if len(parts) > 1 else []
            found = self._cache[text] = (primary, see_also)
        return list(found[0]), list(found[1])

    def _cited(self, text: str, number: int | None) -> list[str]:
        out: list[str] = []
        for org in self.index.cited(text) if text.strip() else []:
            org_id = self.resolve(org) or org
            if org_id not in out:
                out.append(org_id)
        if STAKEHOLDER_LIST.search(text[:300]):
            return out  # the list itself cites no one
        for form in cited_forms(text):
            spelled = self._spelled.get(alias_key(form))
            if spelled is not None or self.index.cited(form):
                # the list spells it so, punctuation apart ("A.F.I" for "A.F.I.")
                org_id = self.resolve(spelled) or spelled if spelled else None
                if org_id and org_id not in out:
                    out.append(org_id)
                continue
            candidates = self._candidates(form)
            if len(candidates) == 1:  # the one listed stakeholder a misspelt form clearly means
                org_id = self.resolve(candidates[0]) or candidates[0]
                if org_id not in out:
                    out.append(org_id)
            elif number is not None:
                numbers = self._unmatched.setdefault(form, (candidates, []))[1]
                if number not in numbers:
                    numbers.append(number)
        return out

    @property
    def problems(self) -> list[str]:
        """One line per form the notes cite that the list does not clearly have."""
        lines = []
        for form, (candidates, numbers) in self._unmatched.items():
            where = f"note{'s' if len(numbers) > 1 else ''} {', '.join(map(str, numbers))} cite{'' if len(numbers) > 1 else 's'} {form!r}"
            if len(candidates) > 1:
                lines.append(f"{where}, which could be {', '.join(candidates)}: not counted")
            else:
                lines.append(f"{where}, which the stakeholder list does not have: not counted")
        return lines

    def _candidates(self, form: str) -> list[str]:
        listed_ids = [o.id for o in self.listed]
        js = _JS_VARIANT.match(form)
        if js:
            wanted = f"JS{int(js.group(1))}"
            return [wanted] if wanted in listed_ids else []
        key = alias_key(form)
        if len(key) < 2:
            return []
        found: list[str] = []
        acronym = form.isupper() and 2 <= len(form) <= 5
        for org_id, spellings, initials in self._spellings:
            if key in spellings:  # punctuation apart: "A.F.I" for "A.F.I."
                found.append(org_id)
            elif len(key) >= 4 and any(len(s) >= 3 and _one_edit(key, s) for s in spellings):
                found.append(org_id)
            elif acronym and initials == form:
                found.append(org_id)
        return list(dict.fromkeys(found))


def cited_forms(text: str) -> list[str]:
    """The forms a note cites submissions by ("LIL, p.1; JS4, para 17." -> LIL, JS4), with or
    without a stakeholder list to read them against."""
    forms = []
    if "(" in text:
        text = _ASIDE.sub(" ", text)
    for m in _CITED_FORM.finditer(text):
        form = m.group("form").strip(" .,;")
        if m.group("comma") and not _ABBREVIATION.fullmatch(form):
            continue  # after a comma, only an abbreviation ("JS2, p.1-9, FLD, p. 5"), not a title or a section
        if form and form[0].isupper() and not _NOT_A_FORM.search(form) and len(form.split()) <= 6:
            forms.append(form)
    return forms


def _initials(name: str) -> str:
    """"EUAFR" for the European Union Agency for Fundamental Rights; "FS" for Femmes solidaires."""
    words = [w for w in re.split(r"[\s\-]+", name) if w[:1].isalpha()]
    capitals = "".join(w[0] for w in words if w[0].isupper())
    return capitals if len(capitals) >= 2 else "".join(w[0] for w in words)


def _one_edit(a: str, b: str) -> bool:
    """a and b differ by one letter added, dropped, changed, or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        return len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]
    short, long = (a, b) if len(a) < len(b) else (b, a)
    for i in range(len(long)):
        if long[:i] + long[i + 1 :] == short:
            return True
    return False


# --- UN compilations ---------------------------------------------------------------------------

_SYMBOL = re.compile(r"\b[A-Z][A-Za-z.]*(?:/[A-Za-z0-9.\-]+)+")
_IBID = re.compile(r"^\s*(?:Ibid|Idem)\b", re.I)


@dataclass
class UNNoteCitations:
    """The UN bodies a compilation's note cites: by their documents' symbols ("See
    CCPR/C/SVN/CO/3, para. 12"), or by name ("UNHCR submission for the universal periodic review
    of…"); "Ibid." cites what the note before it did. Read in document order."""

    registry: object  # the document's Registry
    names: re.Pattern | None = None  # every spelling of a UN body, longest first
    problems: list[str] = field(default_factory=list)  # (none: a note that names no UN body is the compilation's own)
    _previous: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        spellings = {s for org in self.registry if org.type == "un" for s in (org.id, org.name, *org.aliases) if s}
        spellings |= {s[0].upper() + s[1:] for s in spellings}  # "Country team submission"
        spellings = sorted(spellings, key=len, reverse=True)
        self.names = _un_names(tuple(spellings))

    def of(self, text: str, number: int | None = None) -> tuple[list[str], list[str]]:
        parts = _SEE_ALSO.split(text, maxsplit=1)
        if _IBID.match(parts[0]):
            primary = list(self._previous)
        else:
            primary = self._cited(parts[0])
        self._previous = primary
        return primary, (self._cited(parts[1]) if len(parts) > 1 else [])

    def _cited(self, text: str) -> list[str]:
        found: list[tuple[int, str]] = []
        for m in _SYMBOL.finditer(text):
            org = self.registry.author_of(m.group(0))
            if org is not None:
                found.append((m.start(), org.id))
        if self.names is not None:
            for m in self.names.finditer(text):
                org = self.registry.resolve(m.group(0))
                if org is not None and org.type == "un":
                    found.append((m.start(), org.id))
        return list(dict.fromkeys(org for _, org in sorted(found)))


_UN_NAMES: dict[tuple[str, ...], re.Pattern] = {}


def _un_names(spellings: tuple[str, ...]) -> re.Pattern | None:
    """One regex for every spelling, compiled once per set of spellings (each document's registry
    is a copy of the same shipped one)."""
    if not spellings:
        return None
    if spellings not in _UN_NAMES:
        _UN_NAMES[spellings] = re.compile(r"(?<![\w/])(?:" + "|".join(re.escape(s) for s in spellings) + r")(?![\w/])")
    return _UN_NAMES[spellings]
