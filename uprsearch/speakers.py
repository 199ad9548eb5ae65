"""Who speaks in a sentence, and which organisation a name stands for.

A speaker is an organisation of the document's stakeholder list, of the registry, or one the
document defines in its text ("Name (ABBR)"); nothing else becomes an organisation, and neither
a State nor a treaty does. A speaker stands where a subject stands: at the start of the sentence
or of a clause after an introductory phrase ("In 2006, the CoE-ECRI strongly recommended…",
"Having noted…, the authors of joint submission 1 recommended…"), followed by what it did.

Identity: an organisation the registry knows (by abbreviation with a matching name, or by name)
is that organisation in every document. Any other organisation a document defines — its joint
submissions, its own abbreviations ("CS Cultural Survival", "HRC Human Rights Campaign") — is
that document's: `Organisation.doc` says which, so two documents' JS1 stay two organisations.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from typing import Callable

from uprsearch.models import Organisation
from uprsearch.orgs import Registry, alias_key

# The verbs that report what a stakeholder said (regex alternatives, each starting with a letter).
REPORTING_VERB_FORMS = (
    "recommended", "urged", r"called\s+(?:up)?on", r"called\s+for", "encouraged", "appealed", "proposed",
    "suggested", "requested", "asked", r"expressed\s+(?:\w+\s+)?(?:concerns?|alarm|regret)",
    r"raised\s+(?:\w+\s+)?concerns?", r"was\s+(?:\w+\s+)?concerned", r"were\s+(?:\w+\s+)?concerned",
    "deplored", "regretted", "lamented", "denounced", "condemned", "criticized", "criticised", "welcomed",
    "commended", "appreciated", "praised", "acknowledged", "noted", "stated", "reported", "indicated",
    "highlighted", r"drew\s+(?:\w+\s+)?attention", "supported", "referred", "quoted", "described", "said",
    "added", "observed", "emphasi[sz]ed", "stressed", "underlined", "underscored", "informed", "mentioned",
    "considered", "asserted", "alleged", r"pointed\s+out", "explained", "argued", "submitted", "documented",
    "recalled", "affirmed", "claimed", "found", "maintained", "echoed", "shared", "observed", "identified",
    "warned", "confirmed", "revealed", "specified", "believed", "held", "cited", "outlined",
)
REPORTING_VERBS = "|".join(REPORTING_VERB_FORMS)

# What may follow a speaker: a reporting verb, any verb in the past tense (a known organisation
# as the subject is evidence enough: "HRORS reffered to…", "CoE-ECSR took note…"), or an
# auxiliary ("was alarmed", "had concerns").
_IRREGULAR_PAST = (
    "made", "said", "held", "found", "drew", "took", "saw", "gave", "felt", "sought", "brought", "thought",
    "wrote", "spoke", "told", "put", "set", "became", "began", "kept", "meant", "met", "sent", "understood",
    "withdrew", "had", "has", "have", "was", "were", "is", "are", "remained", "remains", "considers", "notes",
    "recommends", "urges", "states", "reports", "welcomes", "regrets", "calls",
)
_VERB = re.compile(r"\b(?P<verb>[a-z]{2,}ed|" + "|".join(_IRREGULAR_PAST) + r")\b")
_STRONG_VERB = re.compile(rf"\b(?P<verb>{REPORTING_VERBS})\b")
_MAX_VERBS = 8  # verbs tried per sentence: a speaker comes before its first few verbs

# Words between a speaker and its verb: "JS1 also noted", "CoE-ECRI strongly recommended", a
# footnote number the extraction left ("CoE-Commissioner 104 made…").
_TRAILING_MODIFIERS = re.compile(
    r"(?:\s+(?:also|further|furthermore|similarly|likewise|additionally|again|too|moreover|therefore|thus|however|"
    r"jointly|then|both|all|[a-z]+ly|(?:in|since|by|as\s+of)\s+(?:[A-Z][a-z]+\s+)?\d{4}))+$"
)
_PARENTHETICAL = re.compile(  # led by the comma, so that a search skips to the commas
    r",\s*(?:while|whilst|although|though|however|inter alia|in addition|in this regard|in this connection|"
    r"moreover|furthermore|for its part|for their part|in particular|in its submission|in their submission|"
    r"on the other hand|in turn|for example|for instance|notably)\b[^,]*,?$"
)
_LEADING_WORDS = re.compile(  # (matched at a clause start: no "^", which would only match at 0)
    r"(?:(?:Both|Also|Further|Furthermore|Moreover|Similarly|Likewise|Additionally|Finally|Lastly|However|"
    r"Meanwhile|Nevertheless|Nonetheless|Notably|Accordingly|Consequently|Thus|Hence|Therefore|Again|In addition|"
    r"In particular|In this regard|In this respect|In this context|In this connection|In that regard|"
    r"(?:In|Since|By|As of)\s+(?:[A-Z][a-z]+\s+)?\d{4})\s+)+"
)
_ACCORDING_TO = re.compile(
    r"(?:^|,\s*)(?:[Aa]ccording to(?: the findings of)?|[Ii]n the view of|[Aa]s (?:reported|noted|stated|"
    r"highlighted|indicated|observed|explained|mentioned) by|For)\s+(?P<subj>[^,;]{2,120}?),"
)
_CONTINUATION_SUBJECT = re.compile(
    r"^(?:(?:however|moreover|furthermore|in addition|nevertheless|nonetheless|also|further|additionally|similarly|"
    r"likewise|finally|lastly|consequently|therefore|thus|in this regard|in this respect|in particular),?\s+)?"
    r"(?:(?:it|they|he|she|the organi[sz]ation|the NGO|the submission|the joint submission|the latter|the former|"
    r"the same source|both|the authors?|the two|these organi[sz]ations|the institution)\s+(?:(?:also|further|additionally|"
    r"however|then|again|[a-z]+ly)\s+)*)(?P<verb>" + REPORTING_VERBS + r"|[a-z]{2,}ed|made|said|had|was|were)\b",
    re.I,
)
_BACK_REFERENCE = re.compile(
    r"^(?:(?:Likewise|Similarly|Moreover|Furthermore|In addition|Also|However|Further|Nevertheless),?\s+)?"
    r"(?:[Tt]he\s+)?(?:(?P<both>[Bb]oth|two|those|these)\s+)?(?:same\s+)?"
    r"(?P<head>Committees?|Subcommittee|Special Rapporteurs?|Rapporteur|Independent Experts?|Working Group|"
    r"(?:country\s+)?team|[Mm]ission|High Commissioner|Special Representative)"
    r"(?:\s+(?:also|further|again|moreover|therefore|[a-z]+ly))*\s+(?P<verb>" + REPORTING_VERBS + r"|[a-z]{2,}ed|was|were|had)\b"
)
_BACK_ITEM = re.compile(
    r"^(?:[Tt]he\s+)?(?:same\s+)?(?P<head>Committee|Subcommittee|Special Rapporteur|Rapporteur|Independent Expert|"
    r"Working Group|(?:country\s+)?team|[Mm]ission|Special Representative)$"
)
_UN_TITLE = re.compile(  # one mandate, its subject in small letters: not a list, not cut before its last word
    r"^(?:[Tt]he\s+)?(?:Special Rapporteur|Independent Expert|Working Group|Special Representative)"
    r"(?: of the Secretary-General)? (?:on|of|for|in the field of) (?![\w ,’'\-]*(?:\band|,)\s+(?:the\s+)?[A-Z])"
    r"[a-z][\w ,’'\-]{1,160}(?<!\bof)(?<!\bon)(?<!\bthe)(?<!\bfor)(?<!\band)(?<!\bin)(?<!\bto)$"
)
_UN_TITLE_HEAD = re.compile(r"\b(?:Special Rapporteur|Independent Expert|Working Group|Special Representative)\b")
_IMPERSONAL = re.compile(r"^It\s+(?:is|was|has\s+been)\s+(?:also\s+|further\s+)?[a-z]+ed\s+(?:that|to)\b")
_LIST_SEPARATOR = re.compile(r"(\s*,\s*and\s+|\s*,\s*|\s+and\s+|\s+as well as\s+|\s*&\s*|/)")
_DEFINITION = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<abbr>[^()]{1,40})\)$")
_INNER_ABBREVIATIONS = re.compile(r"\s*\(([^()]{1,40})\)")
_PART_OF = re.compile(r"^[^()]+\((?P<part>[^()]{1,40})\)\s+(?:of|at|in|for|within)\s+(?:the\s+)?[^()]+\((?P<whole>[^()]{1,40})\)$")
_TRAILING_NOTE = re.compile(r"\s+\d{1,3}$")
_JOINT_SUBMISSIONS = re.compile(
    r"^(?:the\s+)?(?:(?:authors?|contributors?|members|signatories|organi[sz]ations)\s+(?:of|to|behind)\s+(?:the\s+)?)?"
    r"(?:joint\s+submissions?|JS)\s*(?:\(\s*JS\s*\)\s*)?(?P<numbers>\d{1,3}(?:\s*(?:,|and|&)\s*(?:JS\s*)?\d{1,3})*)$",
    re.I,
)
_NUMBER = re.compile(r"\d{1,3}")
_SHORT_NAME = re.compile(r"^[Tt]he\s+([A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+)?)$")
# An abbreviation: up to three words, each with a capital or a digit ("HRORS", "PC(USA)", "UPR BCU",
# "ACLU National"); not "Bolivarian Republic of" (of "Venezuela (Bolivarian Republic of)")
_ABBREVIATION_LIKE = re.compile(
    r"^(?=[^a-z]*[A-Z])[A-Za-z][\w.&/\-]*(?:\s[\w.&/\-]*[A-Z0-9][\w.&/\-]*){0,2}$"
)
_NAME_WORD = re.compile(
    r"^(?:[A-Z0-9][\w’'\-.&:/]*|of|for|the|and|on|in|against|to|de|des|du|la|le|les|y|el|del|der|für|et|e|di|da|do|dos|das|"
    r"at|with|or|&|–|-)[,:]?$"
)
# Words that make a name something other than a stakeholder ("the Government", "the Constitutional
# Court", "Several submissions"): a name holding one is never learned as an organisation.
_NOT_SPEAKER_WORDS = frozenset((
    "government", "state", "authorities", "president", "parliament", "ministry", "minister", "officials",
    "police", "law", "laws", "act", "acts", "code", "constitution", "court", "courts", "report", "reports",
    "stakeholders", "submissions", "sources", "organizations", "organisations", "ngos", "it", "they", "he", "she",
    "this", "these", "those", "such", "there", "both", "several", "many", "some", "most", "all", "other", "others",
    "one", "two", "three", "four", "five", "convention", "covenant", "treaty", "protocol", "declaration",
    "army", "military", "prosecutor", "procurator", "judiciary", "article", "resolution", "strategy", "programme",
    "program", "plan", "policy", "decree", "order", "bill", "regulation", "amendment", "amendments", "while",
    "although", "however", "since", "after", "before", "during", "further", "furthermore", "moreover", "also",
    "finally", "then", "having", "noting", "considering",
))
_NOT_SPEAKER_SUBJECTS = re.compile(
    r"^(?:(?:The|Several|Some|Many|Numerous|Various|Other|Multiple|Most|A number of|A few|These|Both|Two|Three|Four|"
    r"Five|Six|Seven|Eight|Nine|Ten)\s+)?(?:stakeholders?|submissions?|organi[sz]ations?|NGOs|sources|contributors|"
    r"joint submissions|JSs)$",
    re.I,
)


@dataclass
class Speaker:
    orgs: list[str]
    verb: str  # the reporting verb, lower case ("recommended", "according")
    predicate: str  # the sentence from the verb on: what the speaker is reported to have done
    at_start: bool = True  # the subject opens the sentence (after linking words), not a later clause
    unknown: str = ""  # a subject that looks like a speaker but is no known organisation


def _normal_verb(verb: str) -> str:
    return " ".join(verb.lower().split())


@dataclass
class Attributor:
    """Finds the organisations a sentence is attributed to, learning the document's definitions.

    `speaking_types`: the organisation types that may speak when the document does not list them
    (a stakeholder summary: NGOs, NHRIs, regional bodies; a UN compilation: UN bodies).
    `not_speakers`: names that never speak (treaty and term acronyms, the States)."""

    registry: Registry
    not_speakers: set[str]  # alias_key forms
    doc: str = ""
    speaking_types: frozenset[str] = frozenset(("ngo", "joint-submission", "nhri", "intergovernmental"))
    used: dict[str, Organisation] = field(default_factory=dict)
    listed: set[str] = field(default_factory=set)
    unknown: dict[str, int] = field(default_factory=dict)  # subjects no organisation answers to, with counts
    # Forms the sentence's own notes cite as sources: a name the document never defines is a
    # stakeholder when its note cites it by that name ("IAAGB and LIL reported…" with "LIL, p.1.").
    confirmed: frozenset[str] = frozenset()
    # A compilation's speakers so far ("The Committee…", "The Mission and UNICEF…" refer back to them); None elsewhere.
    recent: list[str] | None = None
    # Whether a name is a State's (the States are not in the registry: they never speak where organisations do)
    is_state: Callable[[str], bool] = staticmethod(lambda name: False)
    _components: dict[str, set[str]] = field(default_factory=dict)  # "CPT" -> {"CoE-CPT"}
    _resolved: dict[str, tuple[int, list[str] | None]] = field(default_factory=dict)
    # The first three letters of every name an organisation goes by, so that most clauses are
    # ruled out without trying their every run of words ("The necessary amendments…").
    _openings: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        key = self.registry.origin
        base = _REGISTRY_OPENINGS.get(key) if key != (0, 0) else None
        if base is None:
            base = {_opening(s) for org in self.registry for s in (org.id, org.name, *org.aliases) if s} | _ALWAYS_OPENS
            if key != (0, 0):
                _REGISTRY_OPENINGS.clear()  # one registry at a time: the one every document's copy is made from
                _REGISTRY_OPENINGS[key] = base
        self._openings.update(base)

    def in_compilation(self, recent: list[str]) -> None:
        """Read a UN compilation: UN bodies speak, and "the Committee", "the Mission"… refer back
        to the bodies in `recent` (the speakers so far, kept by the caller)."""
        self.speaking_types = frozenset(("un", "intergovernmental"))
        self.recent = recent
        self._spelled("Committee", "Subcommittee", "Special Rapporteur", "Rapporteur", "Independent Expert",
                      "Working Group", "team", "country team", "Mission", "Special Representative")

    def _spelled(self, *spellings: str) -> None:
        """Names an organisation now goes by (kept for `_could_open`)."""
        for spelling in spellings:
            if spelling:
                self._openings.add(_opening(spelling))

    # -- the document's own organisations -------------------------------------------------------
    def register_listed(self, org: Organisation) -> Organisation:
        """An organisation of the document's stakeholder list: it can speak, under the list's name.

        The registry's organisation when the registry knows it by that abbreviation and name (or
        by the name alone); else an organisation of this document, which shadows any registry
        entry that spells its abbreviation the same ("HRC" for the Human Rights Campaign)."""
        known = self._registry_match(org)
        if known is not None:
            for alias in (org.id, org.name, *org.aliases):
                if alias:
                    self.registry.claim(alias, known.id)
            self._spelled(org.id, org.name, *org.aliases)
            if org.members and not known.members:
                known.members = list(org.members)
            merged = known
        else:
            # a State (a Working Group report's) is the same State in every document
            doc = "" if org.type == "state" else self.doc
            merged = Organisation(org.id, org.name, list(org.aliases), org.type or "ngo", list(org.members), doc=doc)
            self.registry.put(merged)
            self._spelled(merged.id, merged.name, *merged.aliases)
        self._use(merged)
        self.listed.add(merged.id)
        for part in re.split(r"[/\s]+", org.id):  # "PTPR/JS4", "HRDP (US)"
            self._add_component(part, merged.id)
        self._resolved.clear()
        return merged

    def _add_component(self, part: str, org_id: str) -> None:
        part = part.strip("()")
        if len(part) >= 3 and part != org_id and any(c.isupper() for c in part) and alias_key(part) not in self.not_speakers:
            self._components.setdefault(alias_key(part), set()).add(org_id)
            self._spelled(part)

    def _registry_match(self, org: Organisation) -> Organisation | None:
        if org.type == "joint-submission":
            return None
        by_name = self.registry.resolve(org.name) if org.name else None
        if by_name is not None and by_name.type != "state" and not by_name.doc:
            return by_name
        by_id = self.registry.resolve(org.id)
        if by_id is None or by_id.type == "state" or by_id.doc:
            return None
        if not org.name or alias_key(org.name) == alias_key(org.id):
            return by_id
        spellings = {alias_key(s) for s in (by_id.id, by_id.name, *by_id.aliases) if s}
        return by_id if alias_key(org.name) in spellings else None

    def define(self, name: str, abbr: str) -> str | None:
        """The organisation the document defines by "Name (ABBR)"; None unless it is one."""
        name = re.sub(r"^[Tt]he\s+", "", name.strip())
        abbr = abbr.strip()
        short = _SHORT_NAME.match(abbr)  # "(the Ombudsman)": a short name, not an abbreviation
        if short:
            abbr = short.group(1)
        elif not _ABBREVIATION_LIKE.match(abbr) or abbr.isdigit():
            return None
        if not name or not abbr:
            return None
        js = _JOINT_SUBMISSIONS.match(abbr)
        if js:
            numbers = _NUMBER.findall(js.group("numbers"))
            return self._joint(int(numbers[0])) if len(numbers) == 1 else None
        if alias_key(abbr) in self.not_speakers or alias_key(name) in self.not_speakers:
            return None
        if self.is_state(name) or self.is_state(abbr):
            return None  # "Venezuela (Bolivarian Republic of)"
        known = self._speaking(abbr) or self._speaking(name)
        if known is not None:
            for alias in (abbr, name):
                if self.registry.resolve(alias) is None:
                    self.registry.claim(alias, known.id)
                    self._spelled(alias)
            self._resolved.clear()
            return self._use(known)
        if self.registry.resolve(abbr) is not None or self.registry.resolve(name) is not None:
            return None  # a State, a UN body where UN bodies do not speak, …
        if not self._plausible_name(name):
            return None
        org = Organisation(abbr, name, [abbr, name], "ngo", doc=self.doc)
        self.registry.put(org)
        self._spelled(abbr, name)
        self._resolved.clear()
        return self._use(org)

    def learn(self, name: str, org_id: str) -> None:
        """The document calls org_id by name (a translation, a variant spelling the notes confirm)."""
        if self.registry.resolve(name) is None and alias_key(name):
            self.registry.claim(name, org_id)
            self._spelled(name)
            org = self.used.get(org_id)
            if org is not None and name not in org.aliases and name != org.id:
                org.aliases.append(name)
            self._resolved.clear()

    def _plausible_name(self, name: str) -> bool:
        words = name.split()
        if not words or len(words) > 20 or not words[0][:1].isupper():
            return False
        if any(not _NAME_WORD.match(w) for w in words):
            return False
        lowered = {w.lower().strip(".,’'") for w in words}
        return not (lowered & _NOT_SPEAKER_WORDS) and alias_key(name) not in self.not_speakers

    def _joint(self, number: int) -> str:
        org_id = f"JS{number}"
        known = self.registry.resolve(org_id)
        if known is not None and known.type == "joint-submission":
            return self._use(known)
        org = Organisation(org_id, f"Joint submission {number}", [], "joint-submission", doc=self.doc)
        self.registry.put(org)
        self._resolved.clear()
        return self._use(org)

    def _use(self, org: Organisation) -> str:
        if org.id not in self.used:
            self.used[org.id] = org
            if "-" in org.id:  # "CPT", "the Commissioner" for CoE-CPT, CoE-Commissioner
                for part in org.id.split("-")[1:]:
                    self._add_component(part, org.id)
        return org.id

    def _speaking(self, name: str) -> Organisation | None:
        """The organisation a name stands for, if it is one that may speak here."""
        org = self.registry.resolve(name)
        if org is None:
            parts = self._components.get(alias_key(name))
            if not parts or len(parts) != 1:
                return None
            org = self.used[next(iter(parts))]  # "CPT" (or "the CPT") for the listed CoE-CPT
        if org.id in self.listed or org.doc or org.type in self.speaking_types:
            return org
        return None

    # -- names -----------------------------------------------------------------------------------
    def resolve_names(self, item: str) -> list[str] | None:
        """The organisations one name (or one joint-submission phrase) stands for; None if none.
        A number after it may be a footnote reference the extraction left ("CoE-Commissioner 104")."""
        item = item.strip().strip("“”\"'").strip()
        if not item:
            return None
        found = self._resolve_name(item)
        if found is None and item[-1].isdigit() and _TRAILING_NOTE.search(item, len(item) - 4):
            found = self._resolve_name(_TRAILING_NOTE.sub("", item))
        return found

    def _resolve_name(self, item: str) -> list[str] | None:
        js = _JOINT_SUBMISSIONS.match(item)
        if js:
            return [self._joint(int(n)) for n in _NUMBER.findall(js.group("numbers"))]
        known = self._speaking(item)
        if known is not None:
            return [self._use(known)]
        definition = _DEFINITION.match(item)
        if definition:
            head = definition.group("name").strip()
            inner = definition.group("abbr").strip()
            first = _LIST_SEPARATOR.split(head, maxsplit=1)[0]
            if first != head and self._resolve_name(first):
                return None  # "JS61 and Elizka Relief Foundation (ERF)": a list, not one name
            before = self._speaking(head) or (self._speaking(head[4:]) if head.lower().startswith("the ") else None)
            if before is not None and self.registry.resolve(inner) is None and (
                _ABBREVIATION_LIKE.match(inner) or _SHORT_NAME.match(inner)
            ):
                self.learn(inner, before.id)  # "Elizka Relief Foundation (ERF)"
                return [self._use(before)]
            if before is not None and (self._speaking(inner) is before or not _ABBREVIATION_LIKE.match(inner)):
                return [self._use(before)]
            defined = self.define(head, inner)
            return [defined] if defined else None
        if "(" in item and not item.endswith(")"):
            # "The International Labour Organization (ILO) Committee of Experts…": the name without its brackets
            plain = _INNER_ABBREVIATIONS.sub("", item)
            known = self._speaking(plain) if plain != item else None
            if known is not None:
                return [self._use(known)]
        part_of = _PART_OF.match(item)
        if part_of and self._plausible_name(re.sub(r"^[Tt]he\s+", "", _INNER_ABBREVIATIONS.sub("", item))):
            # "the Office for Democratic Institutions and Human Rights (ODIHR) of the Organization
            # for Security and Co-operation in Europe (OSCE)": the body its first abbreviation names
            for abbr in (part_of.group("part"), part_of.group("whole")):
                org = self._speaking(abbr)
                if org is not None:
                    return [self._use(org)]
        if self.recent is not None:
            back = _BACK_ITEM.match(item)
            if back:
                found = self._last_named(back.group("head"), self.recent)
                return found or None
        if "un" in self.speaking_types and _UN_TITLE.match(item):
            # a special procedure the registry does not know, by the title the compilation gives it
            title = " ".join(re.sub(r"^[Tt]he\s+", "", item).split())
            org = Organisation(title, title, [], "un")
            self.registry.put(org)
            self._spelled(title)
            self._resolved.clear()
            return [self._use(org)]
        if self.confirmed and alias_key(item) in self.confirmed and _looks_like_speaker(item):
            org = Organisation(item, "", [], "ngo", doc=self.doc)
            self.registry.put(org)
            self._spelled(item)
            self._resolved.clear()
            return [self._use(org)]
        return None

    def resolve_list(self, text: str) -> list[str] | None:
        """'JS4, JS15 and LIGA' -> ['JS4', 'JS15', 'LIGA']; None unless every item is an organisation."""
        changes = self.registry.changes
        known = self._resolved.get(text)
        if known is not None and known[0] == changes:
            return list(known[1]) if known[1] is not None else None
        orgs = self._resolve_list(text)
        if self.registry.changes == changes:
            self._resolved[text] = (changes, orgs)
        return list(orgs) if orgs is not None else None

    def _could_open(self, text: str, start: int = 0, end: int | None = None) -> bool:
        """Whether a name could start with the first word of text[start:end] (a definition always could)."""
        if self.confirmed or text.find("(", start, end if end is not None else len(text)) >= 0:
            return True
        return _opening(text, start) in self._openings

    def _resolve_list(self, text: str) -> list[str] | None:
        text = text.strip()
        if not text or len(text) > 200 or not (text[:1].isupper() or text[:4].lower() == "the "):
            return None
        if not self._could_open(text):
            return None
        whole = self.resolve_names(text)
        if whole:
            return whole
        pieces = _LIST_SEPARATOR.split(text)
        names, seps = pieces[0::2], pieces[1::2]
        if len(names) == 1:
            return None

        def joined(i: int, j: int) -> str:
            out = names[i]
            for k in range(i, j):
                out += seps[k] + names[k + 1]
            return out

        orgs: list[str] = []
        i = 0
        while i < len(names):
            # the longest run that is one organisation ("Lawyers for Human Rights and Justice (LHRJ)",
            # "Committee on Economic, Social and Cultural Rights"), else a single item
            for j in range(len(names) - 1, i - 1, -1):
                found = self.resolve_names(joined(i, j))
                if found:
                    orgs.extend(o for o in found if o not in orgs)
                    i = j + 1
                    break
            else:
                return None
        return orgs or None

    # -- a whole sentence -------------------------------------------------------------------------
    def speaker(self, sentence: str, confirmed: frozenset[str] = frozenset(), notes: tuple[int, ...] = ()) -> Speaker | None:
        """Who the sentence says is speaking: named organisations, or a name nobody answers to
        (`unknown`); None when no subject stands before the sentence's verbs. `confirmed`: the
        alias_key forms the sentence's notes cite (see `confirmed` above). `notes`: where in the
        sentence footnote references stood, which end an introductory phrase as a comma would
        ("Welcoming the adoption of the Programme for 2017-2021[114] CoE-Commissioner invited…")."""
        if confirmed:
            self.confirmed, self._resolved = confirmed, {}
            try:
                return self.speaker(sentence, notes=notes)
            finally:
                self.confirmed, self._resolved = frozenset(), {}
        if "ccording to" in sentence or "ed by " in sentence or "view of" in sentence or "For " in sentence:
            m = _ACCORDING_TO.search(sentence)
            if m and m.start() < 200:
                orgs = self.resolve_list(_without_leading_words(m.group("subj")))
                if orgs:
                    return Speaker(orgs, "according", sentence)
        # where a subject may start: the sentence start, or after a comma (after an introductory
        # phrase), past any linking words; tried only where some organisation's name could start.
        # Both lists grow as the verbs are read (most sentences name their speaker before the first).
        clauses = _clause_starts(sentence, notes)
        clause = next(clauses, None)
        starts: list[int] = []
        plausible: list[int] = []
        unknown: Speaker | None = None
        for verb in islice(_VERB.finditer(sentence, 0, 400), _MAX_VERBS):
            at = verb.start()
            while clause is not None and clause < at:
                leading = _LEADING_WORDS.match(sentence, clause) if sentence[clause : clause + 1].isupper() else None
                start = leading.end() if leading else clause
                starts.append(start)
                if self._could_open(sentence, start, 400):
                    plausible.append(start)
                clause = next(clauses, None)
            for start in plausible:
                if start >= at:
                    break
                if at - start > 200:
                    continue  # longer than any list of names
                subject = _subject(sentence[start:at])
                if "(" in subject or _NAME_LIKE.fullmatch(subject):
                    orgs = self.resolve_list(subject)
                elif self._speaking(subject) or _UN_TITLE.match(subject):
                    orgs = self.resolve_names(subject)  # one name with small words: "the United Nations country team"
                elif "un" in self.speaking_types and _UN_TITLE_HEAD.search(subject):
                    orgs = self.resolve_list(subject)  # "The Special Rapporteur on minority issues and the Committee…"
                else:
                    orgs = None
                if orgs:
                    return Speaker(orgs, _normal_verb(verb.group("verb")), sentence[at:], start == starts[0])
            if unknown is None and _STRONG_VERB.match(sentence, at):
                for start in reversed(starts):  # the clause nearest the verb: "In 2015, Slovenia noted"
                    if start >= at or at - start > 120 or not sentence[start : start + 1].isupper():
                        continue
                    candidate = _subject(sentence[start:at])
                    if alias_key(candidate) in self.not_speakers or self.registry.resolve(candidate) is not None \
                            or self.is_state(candidate):
                        break  # a State, a treaty, an organisation that may not speak here
                    if candidate and _looks_like_speaker(candidate):
                        unknown = Speaker([], _normal_verb(verb.group("verb")), sentence[at:], start == starts[0], candidate)
                        break
        return unknown

    def back_reference(self, sentence: str, recent: list[str]) -> Speaker | None:
        """"The Committee recommended…", "The same Special Rapporteur noted…", "Both Committees
        were concerned…": in a compilation, the body (or bodies) of that kind last named."""
        m = _BACK_REFERENCE.match(sentence)
        if m is None:
            return None
        wanted = 2 if m.group("both") or m.group("head").endswith("s") else 1
        orgs = self._last_named(m.group("head"), recent, wanted)
        return Speaker(orgs, _normal_verb(m.group("verb")), sentence[m.start("verb") :])

    def _last_named(self, head: str, recent: list[str], wanted: int = 1) -> list[str]:
        """The `wanted` bodies last named whose names hold `head` ("Committee", "Mission", "team")."""
        head = head.lower().rstrip("s")
        orgs: list[str] = []
        for org_id in reversed(recent):
            org = self.used.get(org_id)
            names = f"{org_id} {org.name if org else ''}".lower()
            if org_id not in orgs and (head in names or (head.endswith("team") and org_id == "UNCT")):
                orgs.append(org_id)
                if len(orgs) == wanted:
                    break
        return orgs[::-1]

    def continuation(self, sentence: str) -> Speaker | None:
        """"It also noted…", "They recommended…": the previous speakers go on (not "It was
        recommended that…": nobody in particular)."""
        m = _CONTINUATION_SUBJECT.match(sentence)
        if m is None or _IMPERSONAL.match(sentence):
            return None
        return Speaker([], _normal_verb(m.group("verb")), sentence[m.start("verb") :])

    def note_unknown(self, name: str) -> None:
        self.unknown[name] = self.unknown.get(name, 0) + 1


_THE = re.compile(r"^(?:the\s+)", re.I)
_NOT_LETTERS = re.compile(r"[^a-z0-9]+")
_ALWAYS_OPENS = frozenset(("js", "joi", "aut", "con", "mem", "sig", "org"))  # joint submissions in all their forms


_FIRST_WORD = re.compile(r"[“”\"' ]*(?:[Tt][Hh][Ee]\s+)?((?:[^\s(]{1,12}[-/]\s+)?[^\s(]{1,12})")  # "EU- FRA" as one


def _opening(name: str, start: int = 0) -> str:
    """The first three letters of a name's first word, past "the" ("cpt" for "the CPT")."""
    return _opening_of(name[start : start + 28])


@lru_cache(maxsize=8192)  # clauses open with the same few words again and again ("The Committee", "JS1")
def _opening_of(name: str) -> str:
    m = _FIRST_WORD.match(name)
    if m is None:
        return ""
    word = m.group(1).lower()
    if not word.isalnum():
        word = _NOT_LETTERS.sub("", word)
    return word[:2] if word.startswith("js") else word[:3]


_REGISTRY_OPENINGS: dict[tuple[int, int], set[str]] = {}  # Registry.origin -> the openings of its names
_COMMA_SPACE = re.compile(r",\s+")
# What a run of names looks like: capitalised words and abbreviations, the small words names hold,
# the words of "the authors of joint submissions 3 and 5"; a clause with any other word
# ("The necessary amendments to the Act") names no organisation, and is not tried word run by
# word run.
_NAME_TOKEN = (
    r"(?>[A-Z0-9“\"(‘'][^\s]*+|[a-z.]*+[A-Z][^\s]*+|(?:of|for|the|and|on|in|against|to|de|des|du|la|le|les|y|el|del|"
    r"der|für|et|e|di|da|do|dos|das|at|with|or|as|well|&|–|-|authors?|contributors?|members|signatories|"
    r"organi[sz]ations|behind|joint|submissions?|same),?+)"
)
_NAME_LIKE = re.compile(_NAME_TOKEN + r"(?:\s+" + _NAME_TOKEN + r"){0,24}+")


def _clause_starts(sentence: str, notes: tuple[int, ...] = ()):
    """The sentence start, then the end of each comma (and each footnote reference followed by a
    capital), in order: where a subject may start."""
    yield 0
    ends = [m.end() for m in _COMMA_SPACE.finditer(sentence, 0, 400)]
    if notes:
        ends = sorted({*ends, *(n + 1 for n in notes if 0 < n < 400 and sentence[n : n + 1] == " " and sentence[n + 1 : n + 2].isupper())})
    yield from ends


def _without_leading_words(text: str) -> str:
    m = _LEADING_WORDS.match(text)
    return text[m.end() :] if m else text


def _subject(text: str) -> str:
    """A clause's opening words up to its verb, without what may stand between a subject and its
    verb ("…, while noting that…,", "also", "strongly", "in 2011")."""
    text = text.rstrip()
    if "," in text:
        text = _PARENTHETICAL.sub("", text).rstrip()
    # the modifiers are searched for in the last words only: anchored at the end, a search of the
    # whole clause would try every position
    tail = len(text) - 60 if len(text) > 60 else 0
    m = _TRAILING_MODIFIERS.search(text, tail)
    if m:
        text = text[: m.start()]
    return text.rstrip(" ,")


def _looks_like_speaker(text: str) -> bool:
    """An abbreviation or a short capitalised name: what a speaker the document does not define
    looks like ("IPLSA", "The Inspector General of Places of Deprivation of Liberty")."""
    if len(text) > 120 or _NOT_SPEAKER_SUBJECTS.match(text):
        return False
    words = text.split()
    if not words or len(words) > 12 or any(not _NAME_WORD.match(w) for w in words):
        return False
    if len(words) == 1:
        return bool(_ABBREVIATION_LIKE.match(words[0])) and sum(c.isupper() for c in words[0]) >= 2
    lowered = {w.lower().strip(".,’'") for w in words}
    return not lowered & _NOT_SPEAKER_WORDS and words[0][:1].isupper()
