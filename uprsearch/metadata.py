"""Document metadata read from the text itself: symbol, country, session, date, type, cycle, author.

UN documents state their facts on the first page ("A/HRC/WG.6/28/UKR/3", "Twenty-eighth
session", "31 August 2017", "Summary of Stakeholders' submissions on Ukraine"). A catalogue
entry, when there is one, wins: only fields still empty are filled from the text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from uprsearch.models import (
    ADDENDUM,
    COMPILATION,
    NATIONAL_REPORT,
    PLAIN,
    STAKEHOLDER_SUMMARY,
    SUBMISSION,
    WG_REPORT,
    Document,
)

if TYPE_CHECKING:
    from uprsearch.orgs import Registry
    from uprsearch.states import States

UPR_SYMBOL = re.compile(r"A\s*/\s*HRC\s*/\s*WG\.\s*6\s*/\s*(\d{1,2})\s*/\s*([A-Z]{3})\s*/\s*([1-3])\b")
_DATE = re.compile(
    r"\b(\d{1,2})\s+(January|February|March|April|May|June|July|August|September|October|November|December)\s+((?:19|20)\d{2})\b"
)
_MONTH_FIRST = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December)\s+(\d{1,2}),\s+((?:19|20)\d{2})\b"
)
_SESSION_NUMBER = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\s+session\b", re.I)
_SESSION_WORDS = re.compile(r"\b((?:[A-Z][a-z]+-)?[A-Za-z]+)\s+session\b")
# The title of each type as the cycles have printed it, the country where the title names it.
_COUNTRY = r"(?P<country>[^\n*]+)"
_OHCHR = r"prepared\s*by\s*the\s*Office\s*of\s*the\s*(?:United\s*Nations\s*)?High\s*Commissioner\s*(?:for\s*Human\s*Rights)?"
TITLES = (
    (STAKEHOLDER_SUMMARY, re.compile(
        rf"Summary\s*of\s*(?:the\s*)?stakeholders?[’']?\s*(?:information|submissions)\s*on\s*{_COUNTRY}"
        rf"|Summary\s*{_OHCHR}", re.I)),
    (COMPILATION, re.compile(
        rf"Compilation\s*(?:of\s*UN\s*information\s*)?on\s*{_COUNTRY}|Compilation\s*(?:of\s*information\s*)?{_OHCHR}", re.I)),
    (NATIONAL_REPORT, re.compile(r"National\s*report\s*submitted\s*(?:in\s*accordance\s*with|pursuant\s*to)", re.I)),
    (ADDENDUM, re.compile(
        r"Views\s*on\s*conclusions\s*and(?:/or)?\s*recommendations|Addendum\s*(?:\S+\s*){0,6}?Universal\s*Periodic\s*Review", re.I)),
    (WG_REPORT, re.compile(r"Report\s*of\s*the\s*Working\s*Group\s*on\s*the\s*Universal\s*Periodic\s*Review", re.I)),
)
# Which part of a UPR symbol says the type: …/1 national report, …/2 compilation, …/3 summary.
_SYMBOL_TYPES = {"1": NATIONAL_REPORT, "2": COMPILATION, "3": STAKEHOLDER_SUMMARY}
HRC_SYMBOL = re.compile(r"A\s*/\s*HRC\s*/\s*(\d{1,2})\s*/\s*(\d{1,3})(?:\s*/\s*(Add\.\s*\d))?(?![\d/])")
_LINE_COUNTRY = re.compile(r"^\s*([A-Z][^\n*:;,.]{2,58}?)\s*\*{0,2}\s*$")
# Signs of a document that reports what stakeholders said, and of a submission, where no title says so
_REPORTED_SPEECH = re.compile(r"\b(?:JS\d+|[A-Z]{2,})\s+(?:noted|recommended|urged|stated|reported)\b")
_SUBMISSION_SIGNS = re.compile(r"(?im)^\s*(?:executive summary|recommendations for action|suggested recommendations)\b")

_UNITS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60}
_TENTHS = {"twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60}

# ISO 3166 alpha-3 codes of UPR symbols for the names a summary title gives.
ISO3 = {
    "AFG": "Afghanistan", "ALB": "Albania", "DZA": "Algeria", "ARG": "Argentina", "ARM": "Armenia",
    "AUS": "Australia", "AUT": "Austria", "AZE": "Azerbaijan", "BHR": "Bahrain", "BGD": "Bangladesh",
    "BLR": "Belarus", "BEL": "Belgium", "BOL": "Bolivia (Plurinational State of)", "BIH": "Bosnia and Herzegovina",
    "BRA": "Brazil", "BGR": "Bulgaria", "KHM": "Cambodia", "CMR": "Cameroon", "CAN": "Canada", "CHL": "Chile",
    "CHN": "China", "COL": "Colombia", "COD": "Democratic Republic of the Congo", "CUB": "Cuba",
    "CZE": "Czechia", "DNK": "Denmark", "ECU": "Ecuador", "EGY": "Egypt", "ETH": "Ethiopia", "FIN": "Finland",
    "FRA": "France", "GEO": "Georgia", "DEU": "Germany", "GRC": "Greece", "GTM": "Guatemala", "HND": "Honduras",
    "HUN": "Hungary", "IND": "India", "IDN": "Indonesia", "IRN": "Iran (Islamic Republic of)", "IRQ": "Iraq",
    "IRL": "Ireland", "ISR": "Israel", "ITA": "Italy", "JPN": "Japan", "JOR": "Jordan", "KAZ": "Kazakhstan",
    "KEN": "Kenya", "KGZ": "Kyrgyzstan", "LBN": "Lebanon", "LBY": "Libya", "MYS": "Malaysia", "MEX": "Mexico",
    "MDA": "Republic of Moldova", "MAR": "Morocco", "MMR": "Myanmar", "NPL": "Nepal", "NLD": "Netherlands",
    "NZL": "New Zealand", "NIC": "Nicaragua", "NGA": "Nigeria", "PRK": "Democratic People's Republic of Korea",
    "NOR": "Norway", "PAK": "Pakistan", "PER": "Peru", "PHL": "Philippines", "POL": "Poland", "PRT": "Portugal",
    "QAT": "Qatar", "KOR": "Republic of Korea", "ROU": "Romania", "RUS": "Russian Federation", "RWA": "Rwanda",
    "SAU": "Saudi Arabia", "SRB": "Serbia", "SGP": "Singapore", "ZAF": "South Africa", "ESP": "Spain",
    "LKA": "Sri Lanka", "SDN": "Sudan", "SWE": "Sweden", "CHE": "Switzerland", "SYR": "Syrian Arab Republic",
    "TJK": "Tajikistan", "THA": "Thailand", "TUN": "Tunisia", "TUR": "Türkiye", "TKM": "Turkmenistan",
    "UGA": "Uganda", "UKR": "Ukraine", "ARE": "United Arab Emirates",
    "GBR": "United Kingdom of Great Britain and Northern Ireland", "USA": "United States of America",
    "UZB": "Uzbekistan", "VEN": "Venezuela (Bolivarian Republic of)", "VNM": "Viet Nam", "YEM": "Yemen",
    "ZWE": "Zimbabwe",
}
UN_DOCUMENT_TYPES = (STAKEHOLDER_SUMMARY, COMPILATION, NATIONAL_REPORT, WG_REPORT, ADDENDUM)


@dataclass
class Recognised:
    type: str = ""
    symbol: str = ""
    country: str = ""
    iso3: str = ""
    session: int | None = None
    year: int | None = None
    date: str = ""
    title: str = ""


def cycle_for_session(session: int | None) -> int | None:
    """UPR cycle of a Working Group session: 1–12 cycle 1, 13–26 cycle 2, 27–40 cycle 3, 41+ cycle 4."""
    if not session or session < 1:
        return None
    if session <= 12:
        return 1
    if session <= 26:
        return 2
    if session <= 40:
        return 3
    return 4


def session_from_words(text: str) -> int | None:
    """'Twenty-eighth' -> 28, 'Fiftieth' -> 50, 'Seventh' -> 7."""
    word = text.lower()
    if word in _UNITS:
        return _UNITS[word]
    if word in _TENTHS:
        return _TENTHS[word]
    if "-" in word:
        tens, unit = word.split("-", 1)
        if tens in _TENS and unit in _UNITS and _UNITS[unit] < 10:
            return _TENS[tens] + _UNITS[unit]
    return None


def recognise(text: str) -> Recognised:
    """What the first page of a document says about it."""
    head = text[:6000]
    found = Recognised()
    joined = re.sub(r"\s*\n\s*", " ", head)
    symbol = UPR_SYMBOL.search(head)
    title_match = None
    # the title that stands first on the first page (a report quotes the others further on)
    titles = [(m.start(), doc_type, m) for doc_type, pattern in TITLES if (m := pattern.search(joined, 0, 3000))]
    if titles:
        _, found.type, title_match = min(titles, key=lambda t: t[0])
    if found.type in (WG_REPORT, ADDENDUM):
        hrc = HRC_SYMBOL.search(head)
        if hrc is None and title_match.start() > 1500:
            found.type = ""  # "Report of the Working Group …" quoted in some other document
        elif hrc is not None:
            found.symbol = f"A/HRC/{int(hrc.group(1))}/{int(hrc.group(2))}" + (f"/{hrc.group(3).replace(' ', '')}" if hrc.group(3) else "")
            if hrc.group(3):
                found.type = ADDENDUM
    if symbol and (not found.type or found.type in (STAKEHOLDER_SUMMARY, COMPILATION, NATIONAL_REPORT)):
        by_symbol = _SYMBOL_TYPES[symbol.group(3)]
        if not found.type or (found.type != by_symbol and symbol.start() < 1500):
            found.type, title_match = by_symbol, None if found.type != by_symbol else title_match
    if not found.type and _REPORTED_SPEECH.search(text) and len(re.findall(r"(?m)^\s*\d{1,3}\.\s+[A-Z]", text)) >= 10:
        found.type = STAKEHOLDER_SUMMARY
    if found.type in (STAKEHOLDER_SUMMARY, COMPILATION, NATIONAL_REPORT):
        if symbol:
            found.symbol = f"A/HRC/WG.6/{int(symbol.group(1))}/{symbol.group(2)}/{symbol.group(3)}"
            found.session = int(symbol.group(1))
            found.iso3 = symbol.group(2)
            corrigendum = re.match(r"\s*/\s*Corr\.\s*(\d)", head[symbol.end():])
            if corrigendum:
                found.symbol += f"/Corr.{corrigendum.group(1)}"
        if found.session is None:
            words = _SESSION_WORDS.search(joined)
            number = _SESSION_NUMBER.search(joined)
            found.session = session_from_words(words.group(1)) if words else None
            if found.session is None and number:
                found.session = int(number.group(1))
        country = ""
        if title_match is not None and title_match.groupdict().get("country"):
            country = _clean_country(title_match.group("country"))
        if not country and title_match is not None:
            country = _country_line(head, title_match)
        if not country and found.iso3 in ISO3:
            country = ISO3[found.iso3]
        found.country = country
        if found.country:
            found.title = {
                STAKEHOLDER_SUMMARY: f"Summary of stakeholders' submissions on {found.country}",
                COMPILATION: f"Compilation on {found.country}",
                NATIONAL_REPORT: f"National report: {found.country}",
            }[found.type]
    elif not found.type and _SUBMISSION_SIGNS.search(text):
        found.type = SUBMISSION
    # the document is dated at or after the latest date its first page gives
    page = head[:3000]
    dates = [(int(m.group(3)), f"{m.group(1)} {m.group(2)} {m.group(3)}") for m in _DATE.finditer(page)]
    dates += [(int(m.group(3)), f"{m.group(2)} {m.group(1)} {m.group(3)}") for m in _MONTH_FIRST.finditer(page)]
    if dates:
        found.year, found.date = max(dates, key=lambda d: d[0])
    return found


def _country_line(head: str, title: re.Match[str]) -> str:
    """The State under review where the title does not name it: the line after the title ("Slovenia*")."""
    # the title was matched in the text with its line breaks joined: find where it ends in the lines
    words = title.group(0).split()
    at = 0
    for word in words[-3:]:
        found = head.find(word, at)
        if found >= 0:
            at = found + len(word)
    start = head.find(words[0], max(0, at - len(title.group(0)) - 200))
    after = head[at:].split("\n")[1:12]
    before = head[:start].split("\n")[-4:][::-1]
    for line in after + before:
        if not line.strip() or line.strip() in ("*", "Corrigendum"):
            continue
        m = _LINE_COUNTRY.match(line)
        if m and not re.search(r"\b(?:Council|resolution|annex|paragraph|Report|Review|Rights|Office|session|Geneva|Assembly|Nations)\b", line, re.I):
            return _clean_country(m.group(1))
    return ""


def _clean_country(raw: str) -> str:
    country = re.split(r"\s+(?:Report of|Note by|Summary|[IVX]{1,4}\.\s)|\*|\d", raw)[0]
    country = country.strip(" .*:;,")
    country = re.sub(r"^the\s+", "", country, flags=re.I)
    country = re.sub(r"\s+", " ", country)
    if len(country) > 60:
        return ""
    if country.lower().startswith("united states"):
        return "United States of America"
    return country


def apply(document: Document, found: Recognised) -> None:
    """Fill the document's empty fields from what the text says; a catalogue value stays."""
    if found.type and document.type in ("", PLAIN):
        document.type = found.type
    un_document = document.type in UN_DOCUMENT_TYPES
    if un_document and not document.symbol and found.symbol:
        document.symbol = found.symbol
    if not document.country and found.country and un_document:
        document.country = found.country
    if not document.iso3 and found.iso3 and un_document:
        document.iso3 = found.iso3
    if not document.iso3 and document.country:
        document.iso3 = next((code for code, name in ISO3.items() if name.lower() == document.country.lower()), "")
    if document.session is None and found.session and un_document:
        document.session = found.session
    if document.year is None and found.year:
        document.year = found.year
    if document.cycle is None and document.session:
        document.cycle = cycle_for_session(document.session)
    if not document.title and found.title:
        document.title = found.title + (f" ({document.symbol})" if document.symbol else "")


# ---------------------------------------------------------------------------
# Authors of single-organisation reports
# ---------------------------------------------------------------------------

_SELF_DEFINITION = re.compile(
    r"(?P<name>(?:The[ \t]+)?[A-Z][\w’'&\-]*(?:[ \t]+(?:[A-Z][\w’'&\-]*|of|for|and|the|on|in|against|to|de))*?)"
    r"[ \t]+\((?P<abbr>[A-Z][A-Za-z0-9\-&]{1,12})\)\s+(?:is|acts|was|works|has|are)\b"
)
_REPORTING_ORG = re.compile(r"(?im)^(?:\[Heading\d\]\s*)?(?:Reporting|Submitting)\s+Organi[sz]ation\s*:?\s*\n\s*(?P<name>[^\n]{3,100})")
_SUBMITTED_BY = re.compile(r"(?i)\bsubmi(?:tted|ssion)\s+(?:by|of|from)\s*:?\s+(?P<name>(?:the\s+)?[A-Z][^\n,.;(]{2,80})")


# What a submission's cover says of its authors: "ARTICLE 19’s Submission to …", "Amnesty International
# submission to the UN Universal Periodic Review", "Access Now and Digital Rights Watch Joint Submission
# to …", "Information on submitting organisation: Anti-Slavery International, …", "About Access Now".
_NAME = r"(?P<name>[A-Z][\w’'&.\-]*(?:[ \t]+(?:[A-Z0-9][\w’'&.\-]*|of|for|and|the|on|in|against|to|de|du|des))*?)"
_COVER_PATTERNS = (
    re.compile(rf"(?m)^[ \t]*{_NAME}[’']s[ \t]+(?:Joint[ \t]+)?[Ss]ubmission\b"),
    re.compile(rf"(?m)^[ \t]*{_NAME}[ \t]+(?:[Jj]oint[ \t]+)?[Ss]ubmission[ \t]+(?:to|for)[ \t]+(?:the[ \t]+)?(?:UN|United|Universal|Human)"),
    re.compile(rf"(?i:submitting[ \t]+organi[sz]ation)[ \t]*:?[ \t]*(?:\n[ \t]*)?{_NAME}(?=[ \t]*[,(\n])"),
    re.compile(rf"\bIn[ \t]+this[ \t]+submission,[ \t]+{_NAME}[ \t]+(?:provides|presents|makes|sets out|highlights|focuses)"),
    re.compile(rf"(?m)^[ \t]*From[ \t]+[^,\n]+,[ \t]*[^,\n]+,[ \t]*{_NAME}[ \t]*,"),
)
_ABOUT = re.compile(rf"(?m)^[ \t]*About[ \t]+{_NAME}[ \t]*:?[ \t]*$")
_DEFINED = re.compile(r"(?P<name>[A-Z][\w’'&\-]*(?:[ \t]+(?:[A-Z][\w’'&\-]*|of|for|and|the|on|in|against|to|de))*?)[ \t]+\((?P<abbr>[A-Z][A-Za-z0-9\-&]{1,12})\)")
_NOT_AN_AUTHOR = re.compile(r"^(?:The|This|UN|United|Universal|Human Rights Council|Submission|Joint|UPR|Report)$", re.I)


@dataclass
class Author:
    name: str
    abbr: str = ""
    members: list[str] = field(default_factory=list)  # the organisations of a joint submission

    def label(self) -> str:
        """How the document record names it: 'Name (ABBR)', or the members joined for a joint one."""
        if self.members:
            return " and ".join(self.members)
        return f"{self.name} ({self.abbr})" if self.abbr else self.name


def recognise_author(text: str, registry: Registry | None = None) -> Author | None:
    """The organisation(s) a submission or report says it is by: its cover ("X’s Submission to…",
    "X and Y Joint Submission to…", "About X" / "About Y", a title naming "X (ABBR) and Y (ABBR)"),
    'X (ABBR) is/acts…', 'Reporting Organization', 'submitted by'; else the one organisation the
    registry knows that the text names again and again. Names are given as the registry spells them."""
    head = text[:8000]
    cover = text[:2500]
    title = _joint_title(cover)
    if title:
        return title
    for pattern in _COVER_PATTERNS:
        m = pattern.search(cover)
        if m and not _NOT_AN_AUTHOR.match(m.group("name").strip()):
            return _author_named(m.group("name").strip(), text, registry)
    about = [m.group("name").strip() for m in _ABOUT.finditer(head)]
    if about:
        return Author(about[0], members=about) if len(about) > 1 else _author_named(about[0], text, registry)
    m = _SELF_DEFINITION.search(head)
    if m:
        name = re.sub(r"^The\s+", "", m.group("name").strip())
        if len(name.split()) >= 2 and _initials_fit(name, m.group("abbr")):
            return Author(name, m.group("abbr"))
    m = _REPORTING_ORG.search(head)
    if m:
        name = re.sub(r"^The\s+", "", m.group("name").strip())
        abbr = re.search(re.escape(name) + r"\s*\(([A-Z][A-Za-z0-9\-&]{1,12})\)", text)
        return Author(name, abbr.group(1) if abbr else "")
    m = _SUBMITTED_BY.search(head)
    if m:
        name = re.sub(r"^the\s+", "", m.group("name").strip(), flags=re.I)
        abbr = re.search(re.escape(name) + r"\s*\(([A-Z][A-Za-z0-9\-&]{1,12})\)", text)
        return Author(name, abbr.group(1) if abbr else "")
    return _most_named(text, registry) if registry is not None else None


def _joint_title(cover: str) -> Author | None:
    """A cover line naming two or more organisations, each defined: 'A Name (AN) and B Name (BN)'."""
    lines = [line.strip() for line in cover.split("\n") if line.strip()][:15]
    for line in [a + " " + b for a, b in zip(lines, lines[1:] + [""])]:  # a title may wrap
        found = list(_DEFINED.finditer(line))
        if len(found) >= 2 and re.search(r"\)\s*(?:and|&|,)\s*", line):
            return Author(" and ".join(m.group("name") for m in found), members=[m.group("name").strip() for m in found])
    return None


def _author_named(name: str, text: str, registry: Registry | None) -> Author:
    """The author a cover names, with the abbreviation the text defines for it, in the registry's
    spelling; a short form ("Global Initiative") is the registry's name it begins that the text spells out."""
    name = re.sub(r"^The\s+", "", name.strip(" ,;:"))
    if registry is not None:
        org = registry.resolve(name)
        if org is None:
            longer = [o for o in registry if (o.name or "").startswith(name + " ") and o.name in text]
            org = longer[0] if len(longer) == 1 else None
        if org is not None:
            name = org.name or org.id
    abbr = re.search(re.escape(name) + r"\s*\(([A-Z][A-Za-z0-9\-&]{1,12})\)", text)
    return Author(name, abbr.group(1) if abbr else "")


def _most_named(text: str, registry: Registry) -> Author | None:
    """The registry's organisation the text names most (at least three times, twice as often as any other)."""
    counts: dict[str, int] = {}
    for m in re.finditer(r"[A-Z][\w’'&\-]*(?:[ \t]+(?:[A-Z][\w’'&\-]*|of|for|to|and|the|All)){1,9}", text[:60000]):
        words = m.group(0).split()
        for size in range(len(words), 1, -1):  # the longest run of words the registry knows
            org = registry.resolve(" ".join(words[:size]))
            # (a UN body or a State is what a UN document names, never a submission's author)
            name = (org.name or org.id) if org and org.type not in ("un", "state") else None
            if name:
                counts[name] = counts.get(name, 0) + 1
                break
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if ranked and ranked[0][1] >= 3 and (len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]):
        return Author(ranked[0][0])
    return None


def _initials_fit(name: str, abbr: str) -> bool:
    initials = "".join(w[0] for w in name.split() if w[:1].isupper())
    letters = "".join(c for c in abbr if c.isalpha()).upper()
    return bool(letters) and (letters in initials.upper() or initials.upper().startswith(letters[:2]))


# ---------------------------------------------------------------------------
# The country a submission is about, where no catalogue says it
# ---------------------------------------------------------------------------

# A UN symbol naming a State by its ISO code: "CCPR/C/USA/CO/4", "A/HRC/WG.6/50/USA/3"
_CODED_SYMBOL = re.compile(r"\b(?:[A-Z][A-Za-z0-9.]*/){1,4}([A-Z]{3})/[A-Za-z0-9]")
_COVER = 1500  # a State the cover names counts twice


def country_in_text(text: str, states: States) -> tuple[str, str]:
    """The State a report is about, as (id, ISO3): the one it names most, at least twice and
    twice as often as any other, by any of its names or its code in a UN symbol ("CCPR/C/USA/CO/4"),
    a name on its cover counted twice; ("", "") where no State stands out."""
    pattern, by_name = _state_names(states)
    by_code = {code: state_id for state_id, code in states.iso3.items()}
    counts: dict[str, int] = {}
    body = text[:60000]
    for m in pattern.finditer(body):
        state_id = by_name[m.group(0)]
        counts[state_id] = counts.get(state_id, 0) + (2 if m.start() < _COVER else 1)
    for m in _CODED_SYMBOL.finditer(body):
        state_id = by_code.get(m.group(1))
        if state_id:
            counts[state_id] = counts.get(state_id, 0) + (2 if m.start() < _COVER else 1)
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]):
        return "", ""
    return ranked[0][0], states.iso3.get(ranked[0][0], "")


_NAME_PATTERNS: dict[int, tuple[int, re.Pattern[str], dict[str, str]]] = {}


def _state_names(states: States) -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for every State's names and abbreviations as written, and name -> id."""
    cached = _NAME_PATTERNS.get(id(states))
    if cached is not None and cached[0] == len(states):
        return cached[1], cached[2]
    by_name = {alias: org.id for org in states for alias in (org.id, org.name, *org.aliases)
               if alias and (len(alias) >= 4 or alias.isupper())}  # "Chad", "UK"; never a short word
    by_name.update(states.short)
    names = sorted(by_name, key=len, reverse=True)  # the longest name first: "Republic of Korea" before "Korea"
    # (not "Ireland" of "Northern Ireland", nor a name inside a longer word)
    pattern = re.compile(r"(?<![\w-])(?<!Northern )(?:" + "|".join(map(re.escape, names)) + r")(?![\w-])")
    _NAME_PATTERNS[id(states)] = (len(states), pattern, by_name)
    return pattern, by_name
