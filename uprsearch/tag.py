"""Tag chunks: split them into statements, find who said each, what kind of statement it is, and themes.

Whose voice a document carries depends on its type:
  - a stakeholder summary (/3) reports stakeholders sentence by sentence ("JS1 noted…", "FH and
    HRW recommended…", "According to ICJ, …"); a sentence without a speaker of its own takes the
    stakeholders its endnote cites, or continues the previous one's;
  - a UN compilation (/2) reports UN bodies the same way ("The Committee against Torture
    recommended…", "The same Committee…", "UNHCR noted…"), its notes citing their documents;
  - a national report (/1) is the voice of the State under review;
  - a submission is its author's, every sentence.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable, Protocol

from uprsearch.citations import NoteCitations, UNNoteCitations, cited_forms
from uprsearch.endnotes import CitationIndex
from uprsearch.kinds import statement_kind
from uprsearch.models import (
    COMPILATION, NATIONAL_REPORT, RECOMMENDATION, STAKEHOLDER_SUMMARY, Chunk, Organisation, ParsedDocument, Statement,
)
from uprsearch.orgs import Registry, alias_key
from uprsearch.speakers import Attributor, Speaker
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


def _sentence_starts(text: str, sentences: list[str]) -> list[int]:
    starts: list[int] = []
    pos = 0
    for sentence in sentences:
        found = text.find(sentence, pos)
        found = pos if found < 0 else found
        starts.append(found)
        pos = found + len(sentence)
    return starts


def _split_at_notes(text: str, sentences: list[str], chunk: Chunk, attributor: Attributor) -> list[str]:
    """A footnote reference may be all that ends a sentence ("…for displaced people71 JS67 and
    JS29 highlighted…"): split there when a speaker opens what follows."""
    offsets = sorted(f.offset for f in chunk.footnotes if getattr(f, "offset", None) is not None)
    if not offsets:
        return sentences
    out: list[str] = []
    for sentence, start in zip(sentences, _sentence_starts(text, sentences)):
        cut = 0
        for offset in offsets:
            at = offset - start
            if not cut + 20 < at < len(sentence) - 20 or not sentence[at - 1].isalpha():
                continue
            rest = sentence[at:].lstrip()
            if not rest[:1].isupper():
                continue
            speaker = attributor.speaker(rest)
            if speaker and speaker.orgs and speaker.at_start:
                out.append(sentence[cut:at].strip())
                cut = at
        out.append(sentence[cut:].strip())
    return out


# --- the document ----------------------------------------------------------------


class StateNames(Protocol):
    """The States by any of their names (uprsearch.states.States)."""

    def resolve(self, name: str, fuzzy: bool = True) -> Organisation | None: ...



def tag_document(
    parsed: ParsedDocument, registry: Registry, acronyms: dict[str, str], taxonomy: Taxonomy,
    actions: ActionCoder | None = None, states: StateNames | None = None,
) -> None:
    """Fill in statements, orgs, themes (of chunks and statements) and a recommendation's action
    category; record the organisations the document names. `states`: the States by any of their
    names, so that none becomes an organisation (and a national report's State is named as the
    UN names it). A chunk whose document's parser already attributed it (a Working Group
    report's recommendation and its States) keeps its statements."""
    document = parsed.document
    not_speakers = {alias_key(a) for a in acronyms} | {alias_key(n) for n in (document.country, document.iso3) if n}
    attributor = Attributor(registry, not_speakers - {""}, document.id)
    if states is not None:
        attributor.is_state = lambda name: states.resolve(name, fuzzy=False) is not None
    # a compilation's speakers so far, for "The Committee…", "The same Special Rapporteur…"
    recent: list[str] | None = [] if document.type == COMPILATION else None
    if recent is not None:
        attributor.in_compilation(recent)
    listed = parsed.organisations  # the document's own stakeholder list (endnote 1), when it has one
    for org in listed:
        attributor.register_listed(org)
    citations: NoteCitations | UNNoteCitations | None = None
    later: Callable[[], NoteCitations] | None = None
    if document.type == COMPILATION:
        citations = UNNoteCitations(registry)
    elif listed:
        def identity(name: str) -> str | None:
            org = registry.resolve(name)
            return org.id if org is not None else None

        # made for the first chunk that needs it (a report its parser attributed needs none), from
        # the organisations as they stand now
        cited = [replace(o, aliases=list(o.aliases)) for o in listed]
        speaking = [replace(o, aliases=list(o.aliases)) for o in (attributor.used[_id(attributor, o)] for o in listed)]

        def later() -> NoteCitations:
            return NoteCitations(CitationIndex(cited), speaking, identity)
    voice = _voice(document, attributor, states)  # a submission's author, a national report's State
    nhri = next((o.id for o in attributor.used.values() if o.type == "nhri" and o.id in attributor.listed), "")
    author_names = _author_names(voice, attributor)
    for chunk in parsed.chunks:
        sentences = split_sentences(chunk.text) if not chunk.statements else []
        if chunk.statements:
            pass  # attributed by its document's parser
        elif voice or document.type == NATIONAL_REPORT:  # (a State not named by the document: no one else speaks)
            orgs = [voice] if voice else []
            chunk.statements = [Statement(s, list(orgs), submission_statement_kind(s, chunk, author_names)) for s in sentences]
        else:
            if later is not None:
                citations, later = later(), None
            sentences = _split_at_notes(chunk.text, sentences, chunk, attributor)
            chunk.statements = _attribute(chunk, sentences, attributor, citations, recent)
            if nhri and _in_nhri_section(chunk.section):
                # the section for the national human rights institution speaks for it throughout
                for statement in chunk.statements:
                    statement.orgs = [nhri]
            elif chunk.para is None and document.type in (STAKEHOLDER_SUMMARY, COMPILATION):
                # the text before paragraph 1 (introduction, tables) is OHCHR's: no one's statement
                for statement in chunk.statements:
                    statement.orgs = []
                if recent:
                    recent.clear()
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
    # a name that speaks but is no organisation is a problem where organisations are the speakers
    # (elsewhere — a Council session's report, a Working Group's — States and others speak)
    unknown = attributor.unknown if document.type in (STAKEHOLDER_SUMMARY, COMPILATION) else {}
    for name, count in sorted(unknown.items()):
        document.warnings.append(
            f"{name!r} speaks {count} time{'s' if count > 1 else ''} but is neither in the stakeholder list nor a known "
            "organisation: those sentences are not attributed to it"
        )
    if citations is not None:
        document.warnings.extend(citations.problems)
    if document.type == NATIONAL_REPORT and not voice:
        document.warnings.append("the State under review is not known (no country in the document or its catalogue entry): "
                            "its statements are not attributed")
    parsed.organisations = list(attributor.used.values())


def _id(attributor: Attributor, org: Organisation) -> str:
    found = attributor.registry.resolve(org.id)
    return found.id if found is not None else org.id


def _voice(document, attributor: Attributor, states: StateNames | None = None) -> str:
    """The organisation whose voice the whole document is: a submission's author, a national
    report's State; empty for summaries and compilations, whose sentences name their speakers."""
    if document.type == NATIONAL_REPORT:
        resolve = states.resolve if states is not None else attributor.registry.resolve
        state = next((s for s in map(resolve, (document.country, document.iso3)) if s and s.type == "state"), None)
        if state is None and document.country:
            state = Organisation(document.country, document.country, [document.iso3] if document.iso3 else [], "state")
            attributor.registry.put(state)
        if state is None:
            return ""
        if attributor.registry.resolve(state.id) is None:
            attributor.registry.put(Organisation(state.id, state.name, list(state.aliases), "state"))
        document.author = attributor._use(attributor.registry.resolve(state.id))  # the report's author: the State
        return document.author
    if document.author and document.type not in (STAKEHOLDER_SUMMARY, COMPILATION):
        found = attributor.resolve_names(document.author)
        author_id = found[0] if found else attributor._use(Organisation(document.author, document.author))
        document.author = author_id
        return author_id
    return ""


def _author_names(voice: str, attributor: Attributor) -> tuple[str, ...]:
    org = attributor.used.get(voice)
    if org is None:
        return ()
    return tuple(sorted({org.id, org.name, *org.aliases} - {""}, key=len, reverse=True))


def _in_nhri_section(section: list[str]) -> bool:
    return bool(section) and bool(_NHRI_HEADING.search(section[0]))  # the part (I., II.) for the NHRI


_NHRI_HEADING = re.compile(r"national human rights institution", re.I)
# A sentence whose subject is nobody in particular: its footnotes say whose it is.
_ANONYMOUS = re.compile(
    r"^(?:(?:Several|Some|Many|Numerous|Various|Other|Multiple|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|"
    r"A number of|A few|Most|The|These|Both|All)\s+(?:\w+\s+)?(?:stakeholders?|submissions?|organi[sz]ations?|NGOs|sources|"
    r"contributors|joint submissions|JSs|civil society organi[sz]ations|CSOs)\b"
    r"|Stakeholders\b|Submissions\b|One submission\b|Another submission\b|Others\b|Some of them\b)"
)


# --- who said each sentence ----------------------------------------------------


def _attribute(chunk: Chunk, sentences: list[str], attributor: Attributor, citations, recent: list[str] | None = None) -> list[Statement]:
    """A named speaker is the speaker; a sentence without one takes the stakeholders its own note
    cites (never the "See also" ones), else those of the note that closes its run of sentences,
    else the previous sentence's. `recent`: a compilation's speakers so far (else None)."""
    cited = _cited_per_sentence(chunk, sentences, citations) if citations else [[] for _ in sentences]
    notes = _notes_within(chunk, sentences)
    speakers: list[Speaker | None] = []
    for i, sentence in enumerate(sentences):
        speaker = attributor.speaker(sentence, notes=notes[i])
        if recent is not None:  # a compilation: "The Committee…" is the committee last named
            if speaker is None or not speaker.orgs:
                back = attributor.back_reference(sentence, recent)
                if back is not None:
                    back.orgs = back.orgs or cited[i]
                    speaker = back
            if speaker is not None and speaker.orgs:
                recent.extend(speaker.orgs)
        speakers.append(speaker)
    statements: list[Statement] = []
    previous: Statement | None = None
    for i, sentence in enumerate(sentences):
        speaker = speakers[i]
        before = list(previous.orgs) if previous else []
        if speaker and speaker.orgs:
            statement = Statement(sentence, speaker.orgs, statement_kind(sentence, speaker.predicate))
        elif speaker and speaker.unknown:
            # a name no organisation answers to: a stakeholder if its note cites it by that name
            # (a list the parser could not read), else the one stakeholder its note cites
            named = attributor.speaker(sentence, _note_forms(chunk, sentences, i), notes[i])
            if named is not None and named.orgs:
                orgs = named.orgs
            elif len(cited[i]) == 1:
                orgs = cited[i]
                attributor.learn(speaker.unknown, orgs[0])
            else:
                orgs = cited[i]
                if not orgs:  # (a name the notes stand in for is not worth a report)
                    attributor.note_unknown(speaker.unknown)
            statement = Statement(sentence, orgs, statement_kind(sentence, speaker.predicate))
        else:
            continuation = attributor.continuation(sentence)
            anonymous = _ANONYMOUS.match(sentence)
            if continuation is not None:
                predicate = continuation.predicate
            elif anonymous:
                predicate = sentence[anonymous.end() :].lstrip()
            else:
                predicate = None
            if cited[i]:
                orgs = cited[i]
            elif continuation is not None:
                orgs = before or _cited_ahead(i, speakers, cited)
            else:
                orgs = _cited_ahead(i, speakers, cited) or before
            statement = Statement(sentence, orgs, statement_kind(sentence, predicate))
        statements.append(statement)
        previous = statement
    return statements


def _cited_per_sentence(chunk: Chunk, sentences: list[str], citations: NoteCitations) -> list[list[str]]:
    """The stakeholders each sentence's own notes cite as sources (a note after a full stop
    belongs to the sentence it ends)."""
    starts = _sentence_starts(chunk.text, sentences)
    cited: list[list[str]] = [[] for _ in sentences]
    for footnote in chunk.footnotes:
        offset = getattr(footnote, "offset", None)
        if offset is None or not footnote.text:
            continue
        index = 0
        for i, start in enumerate(starts):
            if start < offset:
                index = i
        primary, _ = citations.of(footnote.text, footnote.number)
        cited[index].extend(o for o in primary if o not in cited[index])
    return cited


def _notes_within(chunk: Chunk, sentences: list[str]) -> list[tuple[int, ...]]:
    """Where footnote references stood inside each sentence, as positions in it."""
    offsets = [f.offset for f in chunk.footnotes if getattr(f, "offset", None) is not None]
    if not offsets:
        return [()] * len(sentences)
    return [
        tuple(o - start for o in offsets if start < o < start + len(sentence))
        for sentence, start in zip(sentences, _sentence_starts(chunk.text, sentences))
    ]


def _note_forms(chunk: Chunk, sentences: list[str], i: int) -> frozenset[str]:
    """The forms the notes of sentence i (or, without one, of the note closing its run) cite."""
    starts = _sentence_starts(chunk.text, sentences)
    end = starts[i + 1] if i + 1 < len(starts) else len(chunk.text) + 1
    texts = [f.text for f in chunk.footnotes if f.text and starts[i] < getattr(f, "offset", -1) <= end]
    if not texts:
        later = [f for f in chunk.footnotes if f.text and getattr(f, "offset", -1) > end]
        texts = [later[0].text] if later else []
    return frozenset(alias_key(form) for text in texts for form in cited_forms(text))


def _cited_ahead(i: int, speakers: list[Speaker | None], cited: list[list[str]]) -> list[str]:
    """A sentence without a note of its own takes the next note of the run it opens (up to a new speaker)."""
    for j in range(i + 1, len(cited)):
        if speakers[j] is not None and speakers[j].orgs:
            return []
        if cited[j]:
            return cited[j]
    return []


# --- submissions: the author's voice ---------------------------------------------

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


def _author_predicate(sentence: str, author_names: tuple[str, ...]) -> str | None:
    """What follows the subject when the author, "we" or "it" is the sentence's subject."""
    for name in (*author_names, "We", "It", "The organisation", "The organization"):
        if name and sentence[: len(name)].lower() == name.lower() and not sentence[len(name) : len(name) + 1].isalnum():
            rest = sentence[len(name) :]
            rest = re.sub(r"^\s*(?:\([^()]*\))?\s*(?:(?:also|further|again|therefore)\s+)*", "", rest)
            return rest
    return None
