"""Tag chunks: split them into statements, find who said each, what kind of statement it is, and themes.

In an OHCHR summary every sentence reports a stakeholder: "JS1 noted…", "FH and HRW recommended…",
"According to ICJ, …". A sentence without a speaker of its own ("It noted…", "The new law extends…")
continues the previous one's. In a single-author submission every sentence is the author's.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from uprsearch.models import RECOMMENDATION, STAKEHOLDER_SUMMARY, Chunk, Organisation, ParsedDocument, Statement
from uprsearch.endnotes import CitationIndex
from uprsearch.models import Footnote
from uprsearch.orgs import Registry, alias_key
from uprsearch.actions import ActionCoder
from uprsearch.themes import Taxonomy

# --- sentences ---------------------------------------------------------------

_ABBREVIATIONS = frozenset((
    "e.g", "i.e", "Mr", "Mrs", "Ms", "Dr", "No", "Nos", "St", "p", "pp", "para", "paras", "art", "Art",
    "arts", "v", "vs", "etc", "cf", "Jan", "Feb", "Mar", "Apr", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec",
    "U.S", "U.N", "U.K", "Inc", "Ltd", "Co", "Corp", "Rev", "Gen", "Prof", "al",
))
# The pattern opens with the full stop (not a look-behind for it) so that the regex engine skips
# ahead to the next one; the sentence ends after it, where the group "quote" starts.
_SENTENCE_BREAK = re.compile(r"[.!?](?P<quote>[”\"’)]?)\s+(?=[“\"‘(]?[A-Z0-9])")


_LAST_WORD = re.compile(r"([A-Za-z.]+)[.!?][”\"’)]?$")
_INITIAL = re.compile(r"\b[A-Z]\.$")  # searched in the last 4 characters: a match is 2 (+ "\n"), \b sees the one before
_I_OR_A = re.compile(r"\b(?:I|A)\.$")  # "Annex I.", "Plan A.": a sentence ends there, not an initial
_TAIL = 16  # longer than almost every last word (the longer ones are searched for again)


def _last_word(before: str) -> re.Match[str] | None:
    """_LAST_WORD.search(before), looking only at the end unless the word may reach further back
    (searching the whole text before each break made splitting quadratic in the paragraph)."""
    if len(before) > _TAIL:
        m = _LAST_WORD.search(before, len(before) - _TAIL)
        if m is None or m.start() > len(before) - _TAIL:
            return m
    return _LAST_WORD.search(before)


_LIST_NUMBER = re.compile(r"\(?(?:\d{1,3}|[ivxlc]{1,5}|[a-z])[.)]")
_COMMA = re.compile(r",\s+")
_WHITESPACE = re.compile(r"\s+")


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph; a full stop after a common abbreviation does not end one."""
    sentences: list[str] = []
    start = 0
    for m in _SENTENCE_BREAK.finditer(text):
        before = text[start : m.start("quote")]
        word = _last_word(before)
        if word and word.group(1).rstrip(".") in _ABBREVIATIONS:
            continue
        if _INITIAL.search(before.rstrip("”\"’)")[-4:]) and not _I_OR_A.search(before):
            continue  # an initial: "J. Smith"
        sentences.append(text[start : m.end("quote")].strip())
        start = m.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    # a list number ("1.", "iv.") is never a sentence of its own: it opens the next one
    merged: list[str] = []
    for sentence in sentences:
        if merged and _LIST_NUMBER.fullmatch(merged[-1]):
            merged[-1] = f"{merged[-1]} {sentence}"
        elif sentence:
            merged.append(sentence)
    return merged


# --- speakers ----------------------------------------------------------------

# The verbs that report what a stakeholder said, as regex alternatives (each starts with a letter).
_REPORTING_VERB_FORMS = (
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
_REPORTING_VERBS = "|".join(_REPORTING_VERB_FORMS)


def _by_first_letter(forms: tuple[str, ...]) -> str:
    """The alternatives grouped under their first letter ("a(?:ppealed|sked|…)|c(?:alled…)"), so
    that at each word start the regex engine tries one group instead of every form. The matches
    are the same: forms with different first letters never match at one place, and a group keeps
    its forms in order."""
    groups: dict[str, list[str]] = {}
    for form in forms:
        groups.setdefault(form[0], []).append(form[1:])
    return "|".join(f"{letter}(?:{'|'.join(rests)})" for letter, rests in groups.items())


_VERB = re.compile(rf"\b(?P<verb>{_by_first_letter(_REPORTING_VERB_FORMS)})\b")
# A recommendation in a sentence whose reporting verb is another: "JS2 noted … and recommended …".
# (Each regex opens with its word and checks the word boundary before it afterwards, with a look-
# behind: led by \b or by alternatives, a search tries every character of the sentence.)
_AND_RECOMMENDED = re.compile(
    r"and(?<!\wand)\s+(?:also\s+|further\s+)?(?:recommended|urged|called\s+(?:up)?on|encouraged|requested|appealed)\b"
)
_SUPPORTED_RECOMMENDATIONS = re.compile(r"supported(?<!\wsupported)\s+(?:its|the|their|these|this)\s+recommendations?\b")
_TRAILING_MODIFIERS = re.compile(
    r"(?:\s+(?:also|further|furthermore|similarly|likewise|additionally|again|too|moreover|therefore|thus|however|jointly))+$"
)
_PARENTHETICAL = re.compile(
    r"\s*,\s*(?:while|whilst|although|though|however|inter alia|in addition|in this regard|in this connection|"
    r"moreover|furthermore|for its part|in particular|in its submission|on the other hand)\b[^,]*,?$"
)
_ACCORDING_TO = re.compile(r"^(?:According to|In the view of|As reported by|As noted by)\s+(?P<subj>[^,]+?),")
_CONTINUATION_SUBJECT = re.compile(
    r"^(?:(?:it|they|he|she|the organi[sz]ation|the NGO|the submission|the joint submission|the latter|the former|"
    r"the same source|both|the authors?)\s+(?:(?:also|further|additionally|however)\s+)*)"
    rf"(?P<verb>{_REPORTING_VERBS})\b",
    re.I,
)
_LIST_SEPARATOR = re.compile(r"(\s*,\s*and\s+|\s*,\s*|\s+and\s+|\s+as well as\s+)")
_DEFINITION = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<abbr>[^()]{1,40})\)\s*(?P<num>\d{0,3})$")
_JOINT_SUBMISSION = re.compile(r"^JS\s*(\d{1,3})$")
_ABBREVIATION = re.compile(r"^[A-Z][A-Za-z0-9]*(?:[-/&.][A-Za-z0-9]+)*(?:\s?\([A-Z]+\))?$")
_NAME_WORD = re.compile(r"^(?:[A-Z0-9][\w’'\-.&]*|of|for|the|and|on|in|against|to|de|des|du|la|le|y|el|del|der|für)$")
# Capitalised words that make a subject an actor other than a stakeholder.
_NOT_SPEAKERS = {
    "government", "state", "states", "authorities", "committee", "rapporteur", "council", "court", "courts",
    "president", "parliament", "ministry", "minister", "officials", "office", "police", "law", "laws", "code",
    "constitution", "report", "reports", "stakeholders", "submissions", "sources", "organizations",
    "organisations", "ngos", "it", "they", "he", "she", "this", "these", "those", "such", "there", "both",
    "several", "many", "some", "most", "all", "other", "others", "one", "two", "three", "four", "five",
    "un", "united", "nations", "secretary-general", "working", "group", "treaty", "convention", "covenant",
    "special", "expert", "experts", "prosecutor", "procurator", "army", "military", "security", "service",
    "unhcr", "ohchr", "unicef", "who", "ilo", "unesco", "undp", "in", "on", "at", "for", "by", "with",
    "from", "as", "a", "an", "while", "although", "however", "since", "after", "before", "during",
    # sentence-opening adverbs: "Further, JS2 recommended"
    "further", "furthermore", "moreover", "additionally", "also", "similarly", "likewise", "finally", "lastly",
    "meanwhile", "nevertheless", "nonetheless", "consequently", "accordingly", "thus", "hence", "therefore",
    "notably", "specifically", "separately", "again", "instead", "overall", "indeed", "yet", "still", "then",
    "first", "firstly", "second", "secondly", "third", "thirdly", "in", "particular", "addition", "regard",
    "connection", "conclusion", "practice", "reality", "contrast", "general", "recently", "currently",
}


@dataclass
class Speaker:
    orgs: list[str]
    verb: str


class Attributor:
    """Finds the organisations a sentence is attributed to, learning definitions as it reads."""

    def __init__(self, registry: Registry, acronyms: dict[str, str], country: str = ""):
        self.registry = registry
        self.non_speakers = {a.lower() for a in acronyms} | {country.lower()} if country else {a.lower() for a in acronyms}
        self.used: dict[str, Organisation] = {}
        # text -> (registry.changes, what resolve_list answered) for the answers that added nothing
        # to the registry: the same text resolves the same way until the registry changes
        self._resolved_lists: dict[str, tuple[int, list[str] | None]] = {}

    # -- resolving one name -------------------------------------------------
    def resolve_item(self, item: str, weak: bool = True) -> str | None:
        """The organisation a name stands for. Strong evidence only (a known alias, a joint
        submission, a "Name (ABBR)" definition) unless weak: then also undefined abbreviations
        and plausible names."""
        item = item.strip().strip("“”\"'")
        if not item:
            return None
        js = _JOINT_SUBMISSION.match(item)
        if js:
            return self._use(Organisation(f"JS{int(js.group(1))}", f"Joint submission {int(js.group(1))}", [], "joint-submission"))
        definition = _DEFINITION.match(item)
        if definition:
            name, abbr, num = definition.group("name").strip(), definition.group("abbr").strip(), definition.group("num")
            if abbr == "JS" and num:  # "Joint Submission (JS)1"
                return self.resolve_item(f"JS{num}")
            head = re.split(r",?\s+and\s+|,\s+", name, maxsplit=1)
            if len(head) == 2 and (_JOINT_SUBMISSION.match(head[0]) or self.registry.resolve(head[0])):
                return None  # "JS61 and Elizka Relief Foundation (ERF)": a list, not one name
            if not num and name[:1].isupper() and abbr.lower() not in self.non_speakers:
                known = self.registry.resolve(abbr) or self.registry.resolve(name)
                org_id = known.id if known else abbr
                org_type = known.type if known else "ngo"
                return self._use(Organisation(org_id, name if not known or not known.name else known.name, [abbr, name], org_type))
            return None
        known = self.registry.resolve(item)
        if known:
            return self._use(known)
        if not weak or item.lower() in self.non_speakers:
            return None
        if _ABBREVIATION.match(item) and any(c.isupper() for c in item[1:]) and len(item) <= 20:
            return self._use(Organisation(item, "", [], "ngo"))  # an abbreviation not yet defined: "IPLSA"
        if self._plausible_name(item):
            return self._use(Organisation(item, item, [], "ngo"))  # a name with no abbreviation: "Forum 18"
        return None

    def _plausible_name(self, name: str) -> bool:
        words = name.split()
        if not words or len(words) > 12 or not words[0][:1].isupper():
            return False
        if any(not _NAME_WORD.match(w) for w in words):
            return False
        lowered = {w.lower().strip(".,’'") for w in words}
        if lowered & _NOT_SPEAKERS or name.lower() in self.non_speakers:
            return False
        return True

    def register_listed(self, org: Organisation) -> None:
        """An organisation of the document's stakeholder list: its name and type there win, and it can speak."""
        merged = self.registry.add(org)
        if org.name and alias_key(org.name) != alias_key(merged.name or ""):
            merged.name = org.name
        if org.type:
            merged.type = org.type
        if org.members and not getattr(merged, "members", None):
            merged.members = list(org.members)
        for alias in [org.id, *org.aliases]:
            self.non_speakers.discard(alias.lower())
        self.used[merged.id] = merged
        self._resolved_lists.clear()  # names and non-speakers changed outside Registry.add

    def _use(self, org: Organisation) -> str:
        merged = self.registry.add(org)
        self.used[merged.id] = merged
        return merged.id

    def resolve_list(self, text: str) -> list[str] | None:
        """'JS4, JS15 and LIGA' -> ['JS4', 'JS15', 'LIGA']; None unless every item is an organisation."""
        changes = self.registry.changes
        known = self._resolved_lists.get(text)
        if known is not None and known[0] == changes:
            return list(known[1]) if known[1] is not None else None
        orgs = self._resolve_list(text)
        if self.registry.changes == changes:
            # nothing was added: a second call would read and do (self.used included) the same
            self._resolved_lists[text] = (changes, orgs)
            return list(orgs) if orgs is not None else None
        return orgs

    def _resolve_list(self, text: str) -> list[str] | None:
        pieces = _LIST_SEPARATOR.split(text.strip())
        names, seps = pieces[0::2], pieces[1::2]
        orgs: list[str] = []
        i = 0
        def joined(i: int, j: int) -> str:
            text = names[i]
            for k in range(i, j):
                text += seps[k] + names[k + 1]
            return text

        while i < len(names):
            # prefer the longest run that is known or defined ("Lawyers for Human Rights and
            # Justice (LHRJ)"), then a single item, then a longer run that only looks like a name
            spans = [(j, False) for j in range(len(names) - 1, i - 1, -1)] + [(i, True)]
            spans += [(j, True) for j in range(len(names) - 1, i, -1)]
            for j, weak in spans:
                text = joined(i, j)
                org = self.resolve_item(text, weak) if self._worth_trying(text) else None
                if org:
                    if org not in orgs:
                        orgs.append(org)
                    i = j + 1
                    break
            else:
                return None
        return orgs or None

    @staticmethod
    def _worth_trying(text: str) -> bool:
        return bool(text) and len(text) <= 160 and text[:1].isupper() or text.startswith("the ")

    # -- a whole sentence ---------------------------------------------------
    def speaker(self, sentence: str) -> Speaker | None:
        m = _ACCORDING_TO.match(sentence)
        if m:
            orgs = self.resolve_list(m.group("subj"))
            if orgs:
                return Speaker(orgs, "according")
        found: list[Speaker] = []
        for verb in _VERB.finditer(sentence):
            prefix = sentence[: verb.start()].rstrip()
            if "," in prefix:
                prefix = _PARENTHETICAL.sub("", prefix)
            prefix = _TRAILING_MODIFIERS.sub("", prefix).rstrip(" ,")
            if not prefix:
                continue
            for candidate in _clause_starts(prefix):
                orgs = self.resolve_list(candidate)
                if orgs:
                    found.append(Speaker(orgs, _normal_verb(verb.group("verb"))))
                    break
            if found:
                break
        return found[0] if found else None


def _clause_starts(prefix: str) -> list[str]:
    """The subject can start the sentence or follow an introductory phrase and a comma."""
    candidates = [prefix]
    for m in _COMMA.finditer(prefix):
        candidates.append(prefix[m.end() :])
    # "In this connection PRI recommended" without a comma is rare; keep to commas
    return [c for c in candidates if c]


def _normal_verb(verb: str) -> str:
    return _WHITESPACE.sub(" ", verb.lower())


# --- statement kinds -----------------------------------------------------------

_RECOMMENDATION_VERBS = re.compile(r"^(?:recommended|urged|called (?:up)?on|called for|encouraged|appealed|proposed|suggested|requested|asked)$")
_CONCERN_VERBS = re.compile(r"^(?:expressed .*concerns?|expressed (?:\w+ )?alarm|expressed (?:\w+ )?regret|raised .*concerns?|(?:was|were) .*concerned|deplored|regretted|lamented|denounced|condemned|criticized|criticised)$")
_WELCOME_VERBS = re.compile(r"^(?:welcomed|commended|appreciated|praised)$")
# What makes "noted", "stated"… welcome: the words right after the verb, or "should be welcomed"
# anywhere after it (two regexes, for the reason above)
_WELCOME_OPENING = re.compile(r"\s*(?:positive|with (?:appreciation|satisfaction)|the positive|progress)\b")
_SHOULD_BE_WELCOMED = re.compile(r"should(?<!\wshould) be (?:commended|welcomed|praised)\b")

# The author's own voice is the present tense ("Amnesty International urges…", "We are concerned…");
# the past tense usually reports someone else ("the Committee against Torture called on…") and
# counts only with the author, "we" or "it" as its subject ("FNF recommended…", "It urged…").
_SUBMISSION_RECOMMENDATION = re.compile(
    r"\b(?:recommends?|urges?|calls?\s+(?:up)?on|encourages?|appeals?\s+to)\b[^.:]*?\b(?:to|that)\b", re.I
)
_SUBMISSION_CONCERN = re.compile(r"\b(?:concerned|disturbed|alarmed|deplores?|regrets?|expresses\s+(?:\w+\s+)?concerns?)\b", re.I)
_PAST_RECOMMENDATION = re.compile(r"^(?:recommended|urged|called\s+(?:up)?on|encouraged|appealed\s+to)\b[^.:]*?\b(?:to|that)\b", re.I)
_PAST_CONCERN = re.compile(r"^(?:expressed\s+(?:\w+\s+)?concerns?|raised\s+(?:\w+\s+)?concerns?|deplored|regretted)\b", re.I)
_SUBMISSION_WELCOME = re.compile(r"\b(?:welcome[sd]?|welcoming|commends?|commended|positive (?:developments?|measures?|steps?))\b", re.I)


def statement_kind(sentence: str, speaker: Speaker | None) -> str | None:
    """The kind a sentence's own reporting verb gives it; None when it has none (it inherits)."""
    if speaker is None:
        return None
    verb = speaker.verb
    if _RECOMMENDATION_VERBS.match(verb) or _AND_RECOMMENDED.search(sentence) or _SUPPORTED_RECOMMENDATIONS.search(sentence):
        return "recommendation"
    if _CONCERN_VERBS.match(verb):
        return "concern"
    if _WELCOME_VERBS.match(verb):
        return "welcome"
    if verb in ("noted", "stated", "highlighted", "acknowledged"):
        verb_at = sentence.find(verb)  # the first time the verb is written; what follows may welcome
        after = sentence[verb_at + len(verb) :] if verb_at >= 0 else sentence
        if _WELCOME_OPENING.match(after) or _SHOULD_BE_WELCOMED.search(after):
            return "welcome"
    return "observation"


def submission_statement_kind(sentence: str, chunk: Chunk, author_names: tuple[str, ...] = ()) -> str:
    if chunk.kind == RECOMMENDATION:
        return "recommendation"
    if _SUBMISSION_RECOMMENDATION.search(sentence):
        return "recommendation"
    if _SUBMISSION_CONCERN.search(sentence):
        return "concern"
    predicate = _author_predicate(sentence, author_names)
    if predicate is not None:
        if _PAST_RECOMMENDATION.match(predicate):
            return "recommendation"
        if _PAST_CONCERN.match(predicate):
            return "concern"
    if _SUBMISSION_WELCOME.search(sentence) and not re.match(r"(?:Although|While|Whilst|Despite|Even though)\b", sentence):
        return "welcome"
    return "observation"


# --- the document ----------------------------------------------------------------


def _author_predicate(sentence: str, author_names: tuple[str, ...]) -> str | None:
    """What follows the subject when the author, "we" or "it" is the sentence's subject."""
    for name in (*author_names, "We", "It", "The organisation", "The organization"):
        if name and sentence[: len(name)].lower() == name.lower() and not sentence[len(name) : len(name) + 1].isalnum():
            rest = sentence[len(name) :]
            rest = re.sub(r"^\s*(?:\([^()]*\))?\s*(?:(?:also|further|again|therefore)\s+)*", "", rest)
            return rest
    return None


def tag_document(
    parsed: ParsedDocument, registry: Registry, acronyms: dict[str, str], taxonomy: Taxonomy, actions: ActionCoder | None = None
) -> None:
    """Fill in statements, orgs, themes (of chunks and statements) and a recommendation's action
    category; record the organisations the document names."""
    document = parsed.document
    attributor = Attributor(registry, acronyms, document.country)
    listed = parsed.organisations  # the document's own stakeholder list (endnote 1), when it has one
    for org in listed:
        attributor.register_listed(org)
    citations = CitationIndex(listed) if listed else None
    nhri = next((o.id for o in listed if o.type == "nhri"), "")
    author_id = ""
    if document.author:
        author_id = attributor.resolve_item(document.author) or attributor._use(Organisation(document.author, document.author))
        document.author = author_id
    author_org = attributor.used.get(author_id) if author_id else None
    author_names = tuple(sorted({author_id, *(author_org.aliases if author_org else ()), author_org.name if author_org else ""} - {""}, key=len, reverse=True))
    for chunk in parsed.chunks:
        sentences = split_sentences(chunk.text)
        if citations and _in_nhri_section(chunk.section) and nhri:
            # the section for the national human rights institution speaks for it throughout
            chunk.statements = [Statement(st.text, [nhri], st.kind) for st in _attribute_sentences(sentences, attributor)]
        elif citations:
            chunk.statements = _attribute_with_citations(chunk, sentences, attributor, citations)
        elif document.type == STAKEHOLDER_SUMMARY or not author_id:
            chunk.statements = _attribute_sentences(sentences, attributor)
        else:
            chunk.statements = [Statement(s, [author_id], submission_statement_kind(s, chunk, author_names)) for s in sentences]
        if chunk.kind == RECOMMENDATION:  # an item of a recommendations list recommends, whoever speaks
            for statement in chunk.statements:
                statement.kind = "recommendation"
        orgs: list[str] = []
        for statement in chunk.statements:
            for org in statement.orgs:
                if org not in orgs:
                    orgs.append(org)
        chunk.orgs = orgs
        taxonomy.tag_chunk(chunk)
        if actions is not None and chunk.kind == RECOMMENDATION:
            chunk.action = actions.classify(chunk.text)
    parsed.organisations = list(attributor.used.values())


def _in_nhri_section(section: list[str]) -> bool:
    return bool(section) and bool(_NHRI_HEADING.search(section[0]))  # the part (I., II.) for the NHRI


_NHRI_HEADING = re.compile(r"national human rights institution", re.I)
# A sentence whose subject is nobody in particular: its footnotes say whose it is.
_ANONYMOUS = re.compile(
    r"^(?:(?:Several|Some|Many|Numerous|Various|Other|Multiple|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|"
    r"A number of|A few|Most|The|These|Both)\s+(?:\w+\s+)?(?:stakeholders?|submissions?|organi[sz]ations?|NGOs|sources|"
    r"contributors|joint submissions|JSs)\b"
    r"|Stakeholders\b|Submissions\b|One submission\b|Another submission\b|Others\b"
    r"|It was\s+(?:also\s+|further\s+)?(?:recommended|noted|reported|stated|suggested|urged|indicated|highlighted|observed|emphasi[sz]ed|underlined|alleged|added)"
    r"|Recommendations were\b|Concerns? (?:was|were) (?:raised|expressed)"
    r"|(?:[A-Z][\w.()\-]*\s+){1,6}(?:was|were)\s+(?:also\s+|further\s+|strongly\s+)?(?:recommended|urged|encouraged|called upon|requested|asked|invited)\b)"
)


def _sentence_notes(text: str, sentences: list[str], chunk: Chunk) -> list[list[Footnote]]:
    """The footnotes that stand in each sentence (a note after a full stop belongs to the sentence it ends)."""
    starts: list[int] = []
    pos = 0
    for sentence in sentences:
        found = text.find(sentence, pos)
        found = pos if found < 0 else found
        starts.append(found)
        pos = found + len(sentence)
    notes: list[list[Footnote]] = [[] for _ in sentences]
    for footnote in chunk.footnotes:
        offset = getattr(footnote, "offset", None)
        if offset is None:
            continue
        index = 0
        for i, start in enumerate(starts):
            if start < offset:
                index = i
        notes[index].append(footnote)
    return notes


def _attribute_with_citations(chunk: Chunk, sentences: list[str], attributor: Attributor, citations: CitationIndex) -> list[Statement]:
    """Summaries with endnotes: a named speaker stays the speaker; anyone else is who the footnotes cite."""
    per_sentence = _sentence_notes(chunk.text, sentences, chunk)
    cited: list[list[str]] = []
    for notes in per_sentence:
        orgs: list[str] = []
        for footnote in notes:
            for org in citations.cited(footnote.text):
                if org not in orgs:
                    orgs.append(org)
        cited.append(orgs)
    statements: list[Statement] = []
    previous: Statement | None = None
    for i, sentence in enumerate(sentences):
        speaker = attributor.speaker(sentence)
        own = cited[i] or _cited_ahead(i, sentences, cited, attributor)
        if speaker:
            statement = Statement(sentence, speaker.orgs, statement_kind(sentence, speaker) or "observation")
        else:
            verb = _VERB.search(sentence)
            verb_kind = statement_kind(sentence, Speaker([], _normal_verb(verb.group("verb")))) if verb else None
            continuation = _CONTINUATION_SUBJECT.match(sentence)
            before = list(previous.orgs) if previous else []
            if _ANONYMOUS.match(sentence):
                orgs = own or before
            elif continuation and before:
                orgs = before
            elif cited[i] and not (set(before) & set(cited[i])):
                orgs = cited[i]  # a sentence with its own source, not the previous speaker's
            else:
                orgs = before or own
            kind = verb_kind or (previous.kind if previous else "observation")
            statement = Statement(sentence, orgs, kind)
        statements.append(statement)
        previous = statement
    return statements


def _cited_ahead(i: int, sentences: list[str], cited: list[list[str]], attributor: Attributor) -> list[str]:
    """A sentence without a note of its own takes the next note of the run it opens (up to a new speaker)."""
    for j in range(i + 1, len(sentences)):
        if attributor.speaker(sentences[j]):
            return []
        if cited[j]:
            return cited[j]
    return []


def _attribute_sentences(sentences: list[str], attributor: Attributor) -> list[Statement]:
    statements: list[Statement] = []
    previous: Statement | None = None
    for sentence in sentences:
        speaker = attributor.speaker(sentence)
        if speaker:
            kind = statement_kind(sentence, speaker) or "observation"
            statement = Statement(sentence, speaker.orgs, kind)
        else:
            continuation = _CONTINUATION_SUBJECT.match(sentence)
            orgs = list(previous.orgs) if previous else []
            if continuation and previous:
                kind = statement_kind(sentence, Speaker(orgs, _normal_verb(continuation.group("verb")))) or previous.kind
            else:
                kind = previous.kind if previous else "observation"
            statement = Statement(sentence, orgs, kind)
        statements.append(statement)
        previous = statement
    return statements
