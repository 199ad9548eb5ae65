"""Working Group reports (A/HRC/NN/NN): numbered paragraphs, the delegations who spoke, and each
recommendation of "Conclusions and/or recommendations" as a chunk of its own.

Every cycle writes the report the same way: an introduction, the summary of the proceedings
(the presentation by the State under review, then the interactive dialogue, one paragraph per
delegation: "Chile welcomed …"), and the conclusions: paragraphs that each introduce a group of
recommendations with the State's response to the group ("… listed below enjoy the support of
Kazakhstan:", "… will be examined by Slovenia, which will provide responses in due course",
"… did not enjoy the support of …"), followed by the recommendations. Cycle 1 numbers them
1, 2, 3 … under each group's paragraph; later cycles print "124.1", "124.2" …. Each
recommendation ends with the recommending State(s) in brackets ("(France);", "(Chile) (Costa
Rica);", "(Belgium, Sweden and United States of America)"); cycle-1 reports also put them
inside the text ("To consider ratifying (Slovenia)/ratify (Republic of Korea) the Convention").

A recommendation's number is "<paragraph>.<item>" in every cycle ("95.16", "124.1"): cycle 1
restarts its items under each paragraph, so "16" alone would name two recommendations.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from uprsearch.cite import paragraph_citation as citation
from uprsearch.models import (
    PARAGRAPH,
    PENDING,
    RECOMMENDATION,
    Chunk,
    Document,
    Footnote,
    ParsedDocument,
    Statement,
)
from uprsearch.reader import SourceText
from uprsearch.states import States, load_states
from uprsearch.kinds import statement_kind
from uprsearch.tag import split_sentences
from uprsearch.text import join_lines
from uprsearch.wgtext import body_lines, response_of, strip_note_refs

_ROMAN_HEADING = re.compile(r"^(I|II|III|IV|V|VI)\.?\s+([A-Z][^.;]{2,120}?)\**$")
_LETTER_HEADING = re.compile(r"^([A-F])\.\s+([A-Z][^;]{2,120}?)\**$")
_WORD_HEADING = re.compile(
    r"^(Introduction|Annexe?s?(?:\s+[IVX]+)?|Composition of (?:the )?delegation|Conclusions\s+and\s*/?\s*or\s+recommendations)\**$", re.I
)
_PARA = re.compile(r"^(\d{1,3})\.(?:\s+(.*))?$")
_DOTTED_ITEM = re.compile(r"^(\d{1,3})\.(\d{1,3})\.?(?:\s+(.*))?$")
_PLAIN_ITEM = re.compile(r"^(\d{1,3})\.?(?:\s+(.*))?$")
_CONCLUSIONS = re.compile(r"conclusions?\s+and\s*/?\s*or\s+recommendations|^conclusions|^recommendations", re.I)
_COMMITMENTS = re.compile(r"\b(?:pledges?|voluntary\s+commitments?)\b", re.I)
_PRESENTATION = re.compile(r"presentation\s+by\s+the\s+State", re.I)
_DIALOGUE = re.compile(r"interactive\s+dialogue|summary\s+of\s+the\s+proceedings", re.I)
# "The delegation noted", "In response, the head of the delegation said": the State under review speaking
_DELEGATION = re.compile(
    r"^(?:(?:In\s+(?:response|reply|answer|conclusion|closing)|Responding|Replying|Regarding|With\s+regard|Concerning)[^,]{0,120},\s*)?"
    r"(?:the\s+|le\s+|la\s+)?(?:head\s+of\s+(?:the\s+)?delegation|d[ée]l[ée]gation(?:\s+of\s+[A-Z][\w’' -]+?)?|(?:deputy\s+)?minister(?:\s+of\s+[\w ]+?)?"
    r"|(?:deputy\s+)?prime\s+minister|ambassador|representative(?:\s+of\s+[A-Z][\w’' -]+?)?|(?:federal\s+)?(?:government\s+)?commissioner"
    r"|special\s+envoy|secretary\s+of\s+state|(?:attorney|solicitor)[\s-]+general|government|gouvernement)\b(?=\s+(?:also\s+|further\s+)?[a-z])",
    re.I,
)
_REPORTING_VERB = re.compile(
    r"(?:also\s+|further\s+)?(?:recommended|urged|encouraged|called|suggested|asked|noted|welcomed|commended|"
    r"expressed|requested|inquired|enquired|stated|said|praised|congratulated|appreciated|highlighted)\b"
)
_AS_DELEGATION = re.compile(r"\b(?:by|of|from)\s+the\s+(?:head\s+of\s+(?:the\s+)?)?delegation\b|\bthe\s+delegation\s+(?:noted|said|stated|explained|added)", re.I)
_CONTINUATION = re.compile(r"^(?:It|They|The\s+latter)\s+(?=[a-z])")


@dataclass
class _Block:
    kind: str  # "para", "item", "text" (unnumbered: the annex)
    section: list[str]
    lines: list[str] = field(default_factory=list)
    para: int | None = None
    item: int | None = None
    printed: str = ""  # the item's number as printed: "124.1" or "16"


@dataclass
class _Group:
    para: int
    dotted: bool | None = None  # "124.1" items (cycles 2–4) or "1." items (cycle 1); None before the first
    next_item: int = 1
    runs_on: int = 0  # the number a first item may have where the numbering runs on from the group before


def parse(source: SourceText, document: Document, states: States | None = None) -> ParsedDocument:
    """Cut a Working Group report into chunks: paragraphs, and one chunk per recommendation."""
    states = states or load_states()
    wg = body_lines(source, document.symbol)
    blocks, notes_out = _blocks(wg.lines, states)
    sur = states.resolve(document.country) if document.country else None
    sur_id = sur.id if sur else ""
    chunks, used, notes = _chunks(blocks, document, wg.notes, states, sur_id)
    notes += notes_out
    parsed = ParsedDocument(document, chunks, organisations=states.organisations(sorted(used)), notes=notes)
    for chunk in chunks:
        chunk.symbol, chunk.country, chunk.cycle = document.symbol, document.country, document.cycle
    return parsed


# --- structure -------------------------------------------------------------------------------------


def _heading(line: str) -> tuple[int, str] | None:
    line = re.sub(r"\s*\.{2,}$", "", line)  # "II. Conclusions and/or recommendations.."
    for level, pattern in ((1, _ROMAN_HEADING), (2, _LETTER_HEADING)):
        m = pattern.match(line)
        if m and not line.endswith((".", ";", ",")) and len(line) <= 130:
            return level, re.sub(r"\*+$", "", line).strip()
    if _WORD_HEADING.match(line):
        return 1, line.rstrip("*").strip()
    return None


def _blocks(lines: list[str], states: States) -> tuple[list[_Block], list[str]]:
    """The numbered paragraphs, recommendation items and unnumbered text of the body, in order."""
    blocks: list[_Block] = []
    section: list[tuple[int, str]] = []
    current: _Block | None = None
    next_para = 1
    started = False
    in_conclusions = False
    in_annex = False
    group: _Group | None = None
    last_para: _Block | None = None
    problems: list[str] = []
    stripped = [ln.strip() for ln in lines]

    def open_block(block: _Block) -> None:
        nonlocal current
        blocks.append(block)
        current = block

    heading_open = False  # the last line read was a heading, which may wrap onto this one
    for i, line in enumerate(stripped):
        if not line:
            continue
        heading = _heading(line)
        if heading and (started or heading[1].lower().startswith("introduction")):
            level, text = heading
            section = [h for h in section if h[0] < level] + [(level, text)]
            in_conclusions = bool(_CONCLUSIONS.search(text)) if level == 1 else in_conclusions
            in_annex = in_annex or text.lower().startswith(("annex", "composition"))
            group, current, heading_open = None, None, True
            continue
        if heading_open and section and _continues_heading(section[-1][1], line):
            level, text = section[-1]
            section[-1] = (level, f"{text} {line.rstrip('*').strip()}")
            in_conclusions = bool(_CONCLUSIONS.search(section[-1][1])) if level == 1 else in_conclusions
            continue
        heading_open = False
        path = [h[1] for h in section]
        if in_annex:
            if current is None or current.kind != "text":
                open_block(_Block("text", path))
            current.lines.append(line)
            continue
        para = _PARA.match(line)
        if not started:
            if para and int(para.group(1)) == 1 and (para.group(2) or "")[:1].isupper() or (para and para.group(1) == "1" and not para.group(2)):
                started = True
            else:
                continue
        # a recommendation under the last paragraph: "124.1 Adopt …" (dotted) or "1. To abolish …" (plain)
        if in_conclusions and last_para is not None and not _COMMITMENTS.search(" ".join(last_para.lines[:3])):
            if group is None or group.para != last_para.para:
                # a new group opens with its first item: 1 (or "124.1"), or, where cycle-1
                # numbering runs on across groups, the number after the last group's last item
                group = _Group(last_para.para, next_item=1, runs_on=group.next_item if group and group.dotted is False else 0)
            dotted = _DOTTED_ITEM.match(line)
            if dotted and group.dotted is not False and int(dotted.group(1)) == group.para:
                k = int(dotted.group(2))
                if group.next_item <= k <= group.next_item + 3:
                    group.dotted, group.next_item = True, k + 1
                    open_block(_Block("item", path, [dotted.group(3) or ""], para=group.para, item=k, printed=f"{group.para}.{k}"))
                    continue
            plain = None if dotted else _PLAIN_ITEM.match(line)
            if plain and group.dotted is not True:
                k = int(plain.group(1))
                is_item = k == group.next_item or (group.dotted is None and k == group.runs_on)
                is_para = bool(para) and next_para <= k <= next_para + 1
                if is_item and (is_para or group.dotted is None):
                    is_item = _looks_like_item(stripped, i, states)
                if is_item:
                    group.dotted, group.next_item = False, k + 1
                    open_block(_Block("item", path, [plain.group(2) or ""], para=group.para, item=k, printed=f"{group.para}.{k}"))
                    continue
        if para and next_para <= int(para.group(1)) <= next_para + 2 and _opens_paragraph(para.group(2)):
            number = int(para.group(1))
            if number > next_para:
                problems.append(f"paragraph{'s' if number - next_para > 1 else ''} {next_para}{'–' + str(number - 1) if number - next_para > 1 else ''} not found as numbered; the text is kept in the paragraph before")
            next_para = number + 1
            block = _Block("para", path, [para.group(2) or ""], para=number)
            open_block(block)
            last_para = block
            continue
        if current is None:
            open_block(_Block("text", path))
        current.lines.append(line)
    return blocks, problems


def _continues_heading(heading: str, line: str) -> bool:
    """"B. Interactive dialogue and responses by the State under" + "review"."""
    if len(line) > 80 or _PARA.match(line) or _PLAIN_ITEM.match(line) or line.endswith((".", ";", ":")):
        return False
    return line[:1].islower() or bool(re.search(r"\b(?:the|of|and|by|under|on|to|for|in)$", heading, re.I))


def _opens_paragraph(rest: str | None) -> bool:
    return not rest or rest[:1].isupper() or rest[:1] in "“\"(‘"


def _looks_like_item(lines: list[str], i: int, states: States) -> bool:
    """Whether the numbered line i opens a recommendation (its text ends with the recommending
    States in brackets) rather than the next paragraph (cycle 1: item 96 and paragraph 96)."""
    text = []
    for line in lines[i : i + 15]:
        if text and (_PARA.match(line) or _PLAIN_ITEM.match(line) and line[:1].isdigit()):
            break
        text.append(line)
    return bool(_state_groups(" ".join(text), states, ""))


# --- recommendations ---------------------------------------------------------------------------------


@dataclass
class _StateGroup:
    start: int
    end: int
    states: list[str]


def _state_groups(text: str, states: States, sur_id: str) -> list[_StateGroup]:
    """Brackets whose whole content is a list of States: "(Chile)", "(Iran (Islamic Republic of))"."""
    found: list[_StateGroup] = []
    depth, start = 0, -1
    for pos, char in enumerate(text):
        if char == "(":
            if depth == 0:
                start = pos
            depth += 1
        elif char == ")" and depth:
            depth -= 1
            if depth == 0:
                ids = states.names_in(text[start + 1 : pos])
                if ids and ids != [sur_id]:
                    found.append(_StateGroup(start, pos + 1, [s for s in ids if s != sur_id]))
    return found


@dataclass
class Recommendation:
    """One recommendation as printed: its text without the bracketed States, who made each part,
    and the State's comment on it where the report prints one after the States ("(Canada): The
    Dominican Republic does not accept …")."""

    text: str
    states: list[str]
    statements: list[Statement]
    comment: str = ""


def read_recommendation(raw: str, states: States, sur_id: str) -> Recommendation:
    """Split a recommendation's text into its parts, each with the States that made it."""
    groups = _state_groups(raw, states, sur_id)
    comment = ""
    if groups:
        tail = raw[groups[-1].end :]
        m = re.match(r"\s*:\s*(\S.*)$", tail, re.S)
        if m:
            comment = _tidy(m.group(1))
            raw = raw[: groups[-1].end]
    parts: list[tuple[str, list[str]]] = []
    pos = 0
    piece: list[str] = []
    speakers: list[str] = []
    for group in groups:
        piece.append(raw[pos : group.start])
        speakers += [s for s in group.states if s not in speakers]
        pos = group.end
        after = raw[pos:]
        end = re.match(r"\s*(?:[;./](?!\d)|$)", after)
        if end is not None or not after.strip():
            parts.append((_tidy("".join(piece)), speakers))
            piece, speakers = [], []
            pos += end.end() if end else 0
    rest = raw[pos:]
    if rest.strip(" ;.,"):
        if parts and not piece:
            text, who = parts[-1]
            parts[-1] = (_tidy(text + " " + rest), who)
        else:
            parts.append((_tidy("".join(piece) + rest), speakers))
    merged: list[tuple[str, list[str]]] = []
    for text, who in parts:  # "Ratify ICCPR (Togo); (France); (Austria)": one text, several States
        if not text and merged:
            merged[-1] = (merged[-1][0], merged[-1][1] + [s for s in who if s not in merged[-1][1]])
        elif text:
            merged.append((text, who))
    parts = merged
    all_states: list[str] = []
    for _, who in parts:
        all_states += [s for s in who if s not in all_states]
    text = raw
    for group in reversed(groups):
        text = text[: group.start] + text[group.end :]
    text = _tidy(text)
    statements = [Statement(t, list(who), "recommendation") for t, who in parts] or [Statement(text, [], "recommendation")]
    return Recommendation(text, all_states, statements, comment)


def _tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([;,.:/])", r"\1", text)
    text = re.sub(r"\(\s+", "(", text)
    return text.strip(" ;,:")


# --- chunks -----------------------------------------------------------------------------------------


def _chunks(blocks: list[_Block], document: Document, notes: dict[int, str], states: States, sur_id: str):
    chunks: list[Chunk] = []
    used_states: set[str] = {sur_id} if sur_id else set()
    problems: list[str] = []
    placed: set[int] = set()
    groups = _group_responses(blocks, document)
    speakers = _Speakers(states, sur_id)
    ordinal = max((b.para or 0 for b in blocks), default=0)
    for block in blocks:
        raw = join_lines(block.lines)
        raw, refs = strip_note_refs(raw, notes, placed)
        footnotes = [Footnote(r, notes.get(r, "")) for r in refs]
        if not raw:
            continue
        if block.kind == "item":
            rec = read_recommendation(raw, states, sur_id)
            response, source = groups.get(block.para, (PENDING, ""))
            if not rec.states:
                problems.append(f"recommendation {block.printed} names no recommending State")
            used_states.update(rec.states)
            chunks.append(Chunk(
                id=f"{document.id}:{block.printed}", doc=document.id, n=len(chunks) + 1, para=block.para,
                kind=RECOMMENDATION, section=block.section, text=rec.text, footnotes=footnotes,
                statements=rec.statements, number=block.printed, response=response,
                response_source=source, response_text=rec.comment,
            ))
            continue
        if block.kind == "para":
            n = block.para
        else:
            ordinal += 1
            n = ordinal
        statements = speakers.attribute(raw, block.section)
        for st in statements:
            used_states.update(st.orgs)
        chunks.append(Chunk(
            id=f"{document.id}:{n}", doc=document.id, n=n, para=block.para, kind=PARAGRAPH,
            section=block.section, text=raw, footnotes=footnotes, statements=statements,
        ))
    chunks = _lettered_recommendations(chunks, document, problems)
    if not any(c.kind == RECOMMENDATION for c in chunks):
        problems.append("no recommendations found under \"Conclusions and/or recommendations\"")
    return chunks, used_states, problems


# "paragraphs 38(b); 53 (c) (d); 55 (a) (b)", "48 (b, c, d, e, f)": recommendations the early reports
# left in the dialogue paragraph of the State that made them ("Italy recommended that the State (a) …")
_LETTERED_REFERENCE = re.compile(r"(?<![\d./])(\d{1,3})\s*((?:\(\s*[a-z](?:\s*,\s*[a-z])*\s*\)\s*)+)")


def _lettered_recommendations(chunks: list[Chunk], document: Document, problems: list[str]) -> list[Chunk]:
    """Recommendations a conclusions paragraph lists by paragraph and letter, as chunks of their
    own after it, each with its State (the speaker of its sentence) and the paragraph's response."""
    by_para = {c.para: c for c in chunks if c.kind == PARAGRAPH and c.para is not None}
    out: list[Chunk] = []
    seen: set[str] = set()
    for chunk in chunks:
        out.append(chunk)
        if chunk.kind != PARAGRAPH or not any(_CONCLUSIONS.search(h) for h in chunk.section):
            continue
        if not re.search(r"\bparagraphs?\b", chunk.text, re.I):
            continue
        response = response_of(chunk.text)
        if not response:
            continue
        for ref in _LETTERED_REFERENCE.finditer(chunk.text):
            source = by_para.get(int(ref.group(1)))
            for letter in re.findall(r"[a-z]", ref.group(2)):
                number = f"{ref.group(1)}({letter})"
                item = _lettered_item(source, letter) if source is not None else None
                if item is None:
                    problems.append(f"recommendation {number}, listed in paragraph {chunk.para}, not found")
                    continue
                if number in seen:
                    continue
                seen.add(number)
                text, states = item
                out.append(Chunk(
                    id=f"{document.id}:{number}", doc=document.id, n=len(chunks) + len(out), para=source.para,
                    kind=RECOMMENDATION, section=source.section, text=text,
                    statements=[Statement(text, list(states), "recommendation")], number=number,
                    response=response, response_source=citation(document.symbol, chunk.para),
                ))
    return out


def _lettered_item(chunk: Chunk, letter: str) -> tuple[str, list[str]] | None:
    """The words after "(b)" in a paragraph, up to "(c)" or the end of the sentence, and the
    States that speak in that sentence."""
    start = re.search(rf"\(\s*{letter}\s*\)\s*", chunk.text)
    if start is None:
        return None
    rest = chunk.text[start.end() :]
    end = len(rest)
    following = re.search(rf"\(\s*{chr(ord(letter) + 1)}\s*\)(?=\s*[A-Za-z]{{2}})", rest)
    if following:
        end = following.start()
    sentence_end = re.search(r"\.\s+(?=[A-Z])|\.$", rest)
    if sentence_end and sentence_end.start() < end:
        end = sentence_end.start()
    text = re.sub(r"(?:[;,]?\s*(?:and|or)?\s*)$", "", rest[:end].strip()).strip(" ;,")
    if not text:
        return None
    states: list[str] = []
    for statement in chunk.statements:
        if re.search(rf"\(\s*{letter}\s*\)", statement.text):
            states = list(statement.orgs)
            break
    if not states:  # "…, it recommended Jordan (c) …": the delegation whose paragraph it is
        states = next((list(st.orgs) for st in chunk.statements if st.orgs), [])
    return text[:1].upper() + text[1:], states


def _group_responses(blocks: list[_Block], document: Document) -> dict[int, tuple[str, str]]:
    """Each group paragraph's response and where it is stated. A group whose paragraph states
    none ("the following recommendations were made to Canada:") takes the response of the
    paragraph after its list ("The response of Canada to these recommendations will be included
    in the outcome report", "Montenegro will examine the above recommendations")."""
    leads = {b.para for b in blocks if b.kind == "item"}
    paragraphs = [b for b in blocks if b.kind == "para"]
    out: dict[int, tuple[str, str]] = {}
    unanswered: list[int] = []
    for block in paragraphs:
        text = join_lines(block.lines)
        if block.para in leads:
            response = response_of(_lead_sentence(text))
            if response:
                out[block.para] = (response, citation(document.symbol, block.para))
            else:
                unanswered.append(block.para)
        elif unanswered and re.search(r"\b(?:above|these|those|the)\s+recommendations\b", text, re.I):
            response = response_of(text)
            if response:
                for para in unanswered:
                    out[para] = (response, citation(document.symbol, block.para))
                unanswered = []
    for para in unanswered:
        out[para] = (PENDING, "")
    return out


def _lead_sentence(text: str) -> str:
    """A group paragraph up to its list (the first colon), where its response is stated."""
    return text.split(":", 1)[0] if ":" in text else text


# --- who speaks in the paragraphs ----------------------------------------------------------------------


# Verbs of the dialogue that tag.statement_kind knows under another name.
_VERB_SYNONYMS = {
    "congratulated": "commended", "applauded": "commended", "lauded": "commended", "thanked": "commended",
    "hailed": "commended", "saluted": "commended", "was pleased": "welcomed", "were pleased": "welcomed",
    "took note": "noted", "inquired": "asked", "enquired": "asked", "wondered": "asked", "sought": "asked",
    "made recommendations": "recommended", "voiced concern": "expressed concern", "voiced concerns": "expressed concern", "made a recommendation": "recommended", "made several recommendations": "recommended",
}
_QUESTION = re.compile(
    r"(?:(?:also|further|then)\s+)?(?:asked|inquired|enquired|wondered|sought|requested)\b(?:\s+\w+)?(?:,[^,]{0,160},)?\s+"
    r"(?:about|whether|if|what|how|why|when|which|who|(?:for\s+)?(?:further\s+|more\s+|additional\s+)?(?:information|details|clarification)|regarding|on\b|as\s+to)",
    re.I,
)
_SYNONYM_PHRASES = sorted(_VERB_SYNONYMS, key=len, reverse=True)  # the longest phrase first
_ANNOUNCED = re.compile(r"(?:(?:also|further|then)\s+)?made\s+(?:a\s+|several\s+|some\s+|a\s+number\s+of\s+|further\s+|other\s+|\w+\s+)?recommendations?\W*")
_ADVERBS = {"also", "further", "furthermore", "additionally", "moreover", "then", "however", "nevertheless", "likewise", "similarly", "strongly", "particularly"}


class _Speakers:
    """The delegations of the interactive dialogue: "Chile welcomed …" speaks for Chile until the
    next delegation; "It also …" continues; "The delegation …" and the presentation are the State
    under review's."""

    def __init__(self, states: States, sur_id: str):
        self.states = states
        self.sur_id = sur_id
        self.first_words = _first_words(states)
        self.last_speakers: list[str] = []  # who spoke last in the paragraph before, in the same section
        self.last_section: list[str] = []

    def subject(self, sentence: str) -> tuple[list[str], str] | None:
        """The State(s) a sentence or one of its clauses opens with ("The Bolivarian Republic of
        Venezuela highlighted …", "Noting that …, Sweden recommended …") and the words after them."""
        found = self._opening(sentence)
        if found is None:
            for comma in re.finditer(r",\s+", sentence):
                found = self._opening(sentence[comma.end() :])
                if found is not None and _REPORTING_VERB.match(found[1]):
                    break  # a clause's subject only with a verb of speech: ", Sweden recommended"
                found = None
        return found

    def _opening(self, sentence: str) -> tuple[list[str], str] | None:
        words = sentence.split(" ")
        first = words[1] if words[0] in ("The", "the") and len(words) > 1 else words[0]
        if re.sub(r"[’']s$", "", first.lower()).strip(",") not in self.first_words and self.states.resolve(first.strip(","), fuzzy=False) is None:
            return None  # no State's name starts so ("Côted’Ivoire", a name a PDF glued, is looked up whole)
        for k in range(min(len(words) - 1, 14), 0, -1):
            following = words[k]
            name = " ".join(words[:k])
            if not following[:1].islower() or name.endswith(("’s", "'s")):
                continue
            ids = self.states.names_in(name.rstrip(","), fuzzy=False)
            if ids:
                return ids, " ".join(words[k:])
        return None

    def attribute(self, text: str, section: list[str]) -> list[Statement]:
        sentences = split_sentences(text)
        presentation = any(_PRESENTATION.search(h) for h in section)
        dialogue = any(_DIALOGUE.search(h) for h in section)
        statements: list[Statement] = []
        previous: Statement | None = None
        if section != self.last_section:
            self.last_speakers, self.last_section = [], list(section)
        if dialogue and self.sur_id and (self.last_speakers == [self.sur_id] or _AS_DELEGATION.search(sentences[0] if sentences else "")):
            # the delegation's answers run over several paragraphs ("As noted by the delegation, …", "The 2009 Law on Refugees …")
            previous = Statement("", [self.sur_id], "observation")
        for sentence in sentences:
            orgs: list[str] = []
            kind = "observation"
            delegation = _DELEGATION.match(sentence)
            continuation = _CONTINUATION.match(sentence)
            subject = None if delegation or continuation else self.subject(sentence)
            if subject is not None:
                orgs, kind = subject[0], _kind(sentence, subject[1])
            elif delegation and self.sur_id and (presentation or dialogue):
                orgs, kind = [self.sur_id], _kind(sentence, sentence[delegation.end() :])
            elif continuation and previous is not None and previous.orgs:
                orgs, kind = list(previous.orgs), _kind(sentence, sentence[continuation.end() :])
            elif presentation and self.sur_id:
                orgs = [self.sur_id]
            elif dialogue and previous is not None:
                orgs, kind = list(previous.orgs), previous.kind
            if kind == "recommendation" and orgs == [self.sur_id]:
                kind = "observation"  # "it should therefore not be considered …": the State under review recommends nothing to itself
            statement = Statement(sentence, orgs, kind)
            statements.append(statement)
            previous = statement
        self.last_speakers = list(previous.orgs) if previous is not None else []
        return statements


def _kind(sentence: str, predicate: str) -> str:
    """The kind of statement "<States> <predicate>" makes, by its verb (kinds.statement_kind, the
    dialogue's own verbs read as the verbs it knows: "congratulated" as "commended"). A question
    ("asked about …", "inquired whether …") is an observation, not a call to act; so is "France
    made recommendations.", which only announces the recommendations the conclusions list."""
    predicate = predicate.strip(" ,")
    if _QUESTION.match(predicate) or _ANNOUNCED.fullmatch(predicate):
        return "observation"
    for joint in re.finditer(r"(?:,\s*|\s)(?:and|but)\s+", predicate):
        if _QUESTION.match(predicate[joint.end() :]):  # "expressed concern …, and asked whether …": the question asks nothing
            predicate = predicate[: joint.start()]
            break
    words = predicate.split(" ")
    lead = 0
    while lead < len(words) - 1 and words[lead].lower() in _ADVERBS:
        lead += 1
    rest = " ".join(words[lead:])
    for phrase in _SYNONYM_PHRASES:
        if rest.lower().startswith(phrase) and not rest[len(phrase) : len(phrase) + 1].isalpha():
            rest = _VERB_SYNONYMS[phrase] + rest[len(phrase) :]
            break
    return statement_kind(sentence, rest)


def _first_words(states: States) -> set[str]:
    """The first word of every name of every State ("bolivarian", "united", "sudan" for "the Sudan")."""
    words: set[str] = set()
    for org in states:
        for name in (org.id, org.name, *org.aliases):
            parts = name.split()
            if parts and parts[0].lower() == "the":
                parts = parts[1:]
            if parts:
                words.add(parts[0].lower().strip(","))
    return words
