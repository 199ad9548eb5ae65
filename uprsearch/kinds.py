"""What kind of statement a sentence reports: recommendation, concern, welcome or observation.

The kind follows what the speaker is reported to have done, in any voice: the verb after the
speaker ("JS1 urged…"), a verb coordinated with it ("noted … and recommended…"), a participle
after it ("…, recommending that…"), the passive of a sentence without a speaker ("Recommendations
were made to…", "It was recommended that…", "Concerns were raised…"), and a call reported in
the speaker's words ("stated that the law should be amended"). Where a sentence does several
things, recommendation wins over concern, concern over welcome, welcome over observation. An
introductory phrase ("While welcoming…, HRW stated…") is not what the speaker is reported to do.
"""
from __future__ import annotations

import re

RECOMMENDATION, CONCERN, WELCOME, OBSERVATION = "recommendation", "concern", "welcome", "observation"

_ADVERBS = r"(?:(?:also|further|again|strongly|repeatedly|specifically|particularly|explicitly|therefore|jointly|[a-z]+ly)\s+)*"

# The speaker's own verb, at the start of the predicate.
_REC_VERB = re.compile(
    _ADVERBS + r"(?:recommended|urged|called\s+(?:up)?on|called\s+for|encouraged|appealed|proposed|suggested|requested|"
    r"asked|invited|reminded|exhorted|advocated|pressed|demanded|recommends|urges|calls\s+(?:up)?on|calls\s+for|"
    r"encourages|(?:made|put\s+forward|reiterated|formulated|issued|presented|offered|provided|repeated|echoed|shared|"
    r"submitted|renewed)\s+(?:(?:its|their|his|her|the|a|similar|specific|several|further|a\s+number\s+of|concrete|"
    r"same|earlier|previous|number\s+of)\s+)*(?:recommendations?|calls?))\b"
)
_CONCERN_VERB = re.compile(
    _ADVERBS + r"(?:(?:expressed|raised|voiced|reiterated|shared|reported|noted|highlighted)\s+(?:(?:its|their|his|her|"
    r"the|similar|serious|grave|deep|particular|further|strong|some|its\s+deep|same)\s+)*(?:concerns?|alarm|regret|"
    r"disappointment|dismay)|(?:was|were|is|are|remained|remains|had\s+been)\s+" + _ADVERBS +
    r"(?:concerned|alarmed|worried|disturbed|troubled|dismayed|disappointed)|had\s+(?:serious\s+|some\s+|grave\s+)?concerns?|"
    r"(?:noted|observed|stated|reported|took\s+note|learned|acknowledged)\s+with\s+(?:great\s+|deep\s+|serious\s+|grave\s+|"
    r"particular\s+|some\s+)?(?:concern|regret|alarm|dismay|disappointment)|"
    r"deplored|regretted|lamented|denounced|condemned|criticized|criticised|warned|alerted|decried|deplores|regrets|"
    r"denounces|condemns)\b"
)
_WELCOME_VERB = re.compile(
    _ADVERBS + r"(?:welcomed|commended|appreciated|praised|applauded|lauded|welcomes|commends|appreciates|"
    r"(?:noted|took\s+note|acknowledged|recognized|recognised|observed)\s+(?:with\s+(?:appreciation|satisfaction|"
    r"interest)|(?:of\s+)?(?:the\s+)?(?:positive|progress|improvements?)|positively)|took\s+(?:positive|good)\s+note|"
    r"expressed\s+(?:its\s+|their\s+)?(?:appreciation|satisfaction))\b"
)
# "and recommended", "but was concerned": another verb of the same speaker.
_COORDINATED = re.compile(r"(?:,\s*|\s)(?:and|but|while|whilst)\s+(?=\S)")
# "…was recognized and commended…": the second participle of a passive, not the speaker's verb
_PASSIVE_CHAIN = re.compile(r"\b(?:was|were|been|being|be|is|are)\s+(?:\w+\s+){0,2}\w+ed$")
# "…, recommending that…", "…, raising concerns about…"
_REC_PARTICIPLE = re.compile(
    r",\s+(?:and\s+)?(?:recommending|urging|calling\s+(?:up)?on|calling\s+for|encouraging|inviting|requesting|asking)\b"
)
# "…, raising concerns about…"; in what the speaker reports: "…their application raised concerns…"
_CONCERN_PARTICIPLE = re.compile(r"(?:,\s+(?:and\s+)?(?:raising|expressing|voicing)|\braised)\s+(?:\w+\s+)?(?:concerns?|alarm)\b")
_WELCOME_PARTICIPLE = re.compile(r",\s+(?:and\s+)?(?:welcoming|commending|praising)\b")
# A call reported in the speaker's words.
_SHOULD = re.compile(r"\b(?:should|ought\s+to)\b(?!\s+(?:be\s+)?(?:commended|welcomed|praised|congratulated)\b)")
_MUST = re.compile(
    r"\b(?:must|(?<!\bthe\s)(?<!\ba\s)(?:needs?|needed)\s+to|has\s+to|had\s+to)\s+" + _ADVERBS +
    r"(?:be\s+" + _ADVERBS + r"(?:amended|repealed|revised|adopted|abolished|investigated|prosecuted|ensured|guaranteed|"
    r"provided|established|strengthened|improved|brought|made|implemented|enforced|released|protected|respected|"
    r"increased|reviewed|reformed|addressed|ended|stopped|removed|allocated|extended|introduced|ratified|decriminali[sz]ed|"
    r"criminali[sz]ed|recognized|recognised|taken|put|held|granted\s+to|given|become\s+a\s+priority)|become\s+a\s+priority|ensure|guarantee|take|adopt|amend|repeal|"
    r"revise|investigate|prosecute|end|stop|cease|provide|establish|protect|respect|comply|introduce|abolish|release|allow|"
    r"step\s+up|strengthen|improve|implement|address|reform|ratify|increase|allocate|combat|prevent|stop|halt|refrain|"
    r"develop|create|consider|align|bring|remove|recognize|recognise|decriminali[sz]e|guarantee|accelerate|intensify|"
    r"redouble|expedite|reinforce|enhance|fulfil|fulfill|prioriti[sz]e|invest|raise|repeal|uphold)\b"
)
# "GIEACPC hoped that States would raise the issue and recommend…": a call on the reviewing States
_HOPED = re.compile(r"\bhoped\s+that\b[^.;]*?\b(?:will|would)\s+(?:raise|recommend|urge|call|encourage|ask|request|note)\b")
# "… remained a major concern", "… was a matter of serious concern": a concern in the speaker's words
_A_CONCERN = re.compile(
    r"\b(?:remained|remains|is|was|were|are|constituted|represented)\s+(?:as\s+)?(?:an?\s+|the\s+)?(?:(?:major|serious|grave|"
    r"particular|key|main|great|growing|primary|matter\s+of|source\s+of|cause\s+for|cause\s+of)\s+)+(?:serious\s+|grave\s+)?concern\b"
)
_NEED = re.compile(
    r"\b(?:(?:stressed|highlighted|emphasi[sz]ed|underlined|underscored|noted|pointed\s+(?:out|to)|recalled|reiterated|"
    r"raised|stated|affirmed|insisted\s+on|referred\s+to|drew\s+attention\s+to|called\s+attention\s+to)\s+(?:the|a|an)\s+"
    r"(?:urgent\s+|pressing\s+|clear\s+|continued\s+|critical\s+)?need\s+(?:to|for|of)|(?:considered|deemed|found|(?:it|this)\s+(?:was|is|would\s+be))\s+"
    r"(?:it\s+)?(?:crucial|essential|necessary|imperative|vital|urgent|indispensable)\s+(?:to\s+(?!note\b)[a-z]+\b(?<!ing)|that))"
)
_SHOULD_BE_WELCOMED = re.compile(r"\bshould\s+be\s+(?:commended|welcomed|praised|congratulated)\b")
# A sentence without a speaker, in the passive.
_PASSIVE_REC = re.compile(
    r"\b(?:(?:was|were|is|are|has\s+been|have\s+been)\s+" + _ADVERBS + r"(?:recommended|urged|encouraged|called\s+(?:up)?on|"
    r"requested|asked|invited|exhorted)|[Rr]ecommendations?\s+(?:was|were|had\s+been|have\s+been)\s+" + _ADVERBS +
    r"(?:made|put\s+forward|formulated|issued|addressed|given|presented)|(?:It|it)\s+was\s+" + _ADVERBS +
    r"(?:recommended|suggested|proposed))\b"
)
_PASSIVE_CONCERN = re.compile(
    r"\b(?:(?:[Cc]oncerns?|[Aa]larm|[Rr]egret)\s+(?:was|were|had\s+been|have\s+been)\s+" + _ADVERBS +
    r"(?:raised|expressed|voiced|noted)|(?:It|it)\s+was\s+" + _ADVERBS + r"(?:regretted|deplored))\b"
)
_PASSIVE_WELCOME = re.compile(r"\b(?:was|were)\s+" + _ADVERBS + r"(?:welcomed|commended|praised)\s+by\b")
# "Several stakeholders, while noting that…, expressed concern…": what stands between a subject
# and its verb
_PARENTHESIS_FIRST = re.compile(
    r"^,\s*(?:while|whilst|although|though|however|inter\s+alia|in\s+addition|in\s+particular|notably)\b.*?,\s+(?=[a-z]+\b)"
)
_INTRODUCTION = re.compile(r"^(?:While|Whilst|Although|Though|Despite|Concerned|Welcoming|Noting|Having)\b[^,]{0,300},\s+")


def _by_first_letter(forms: tuple[str, ...]) -> str:
    """The alternatives grouped under their first letter ("a(?:ppeal|sk)|c(?:all|…)"), so that at
    each word start the regex engine tries one group instead of every form."""
    groups: dict[str, list[str]] = {}
    for form in forms:
        groups.setdefault(form[0], []).append(form[1:])
    return "|".join(f"{letter}(?:{'|'.join(rests)})" for letter, rests in groups.items())


# Every word that can make a sentence anything but an observation: a sentence without one is an
# observation without trying the patterns above (most sentences are).
_TRIGGERS = re.compile(r"\b(?:" + _by_first_letter((
    "Recommend", "Concern", "Alarm", "Regret", "Deplor", "Welcom", "Should", "Must",
    "recommend", "urg", "call", "encourag", "invit", "request", "ask", "appeal", "propos", "suggest", "remind",
    "exhort", "advocat", "press", "demand", "concern", "alarm", "regret", "deplor", "lament", "denounc", "condemn",
    "critici", "warn", "alert", "decri", "welcom", "commend", "appreciat", "prais", "applaud", "laud", "satisf",
    r"noted\s+(?:with|positive|the\s+positive|progress|improve)", r"took\s+(?:positive\s+|good\s+)?note",
    r"recogni[sz]ed\s+(?:with|the\s+positive|positive|progress|improve)",
    r"acknowledged\s+(?:with|the\s+positive|positive|progress|improve)",
    r"observed\s+(?:with|the\s+positive|positive|progress|improve)", "positiv",
    "should", "ought", "must", "need", r"has\s+to", r"had\s+to", "crucial", "essential", "necessary", "imperative",
    "vital", "indispensable", "worried", "disturb", "troubl", "dismay", "disappoint",
)) + r")")


def statement_kind(sentence: str, predicate: str | None = None) -> str:
    """The kind of a sentence. `predicate`: the sentence from its speaker's verb on (what the
    speaker did); None for a sentence without a speaker, read whole (in the passive)."""
    if not _TRIGGERS.search(sentence if predicate is None else predicate):
        return OBSERVATION
    found: set[str] = set()
    # each pattern is tried only where its words stand (cheap substring tests first)
    if predicate is None:
        text = _INTRODUCTION.sub("", sentence)
        if _has(text, _REC_STEMS) and _PASSIVE_REC.search(text):
            found.add(RECOMMENDATION)
        if _has(text, _CONCERN_STEMS) and _PASSIVE_CONCERN.search(text):
            found.add(CONCERN)
        if " by" in text and _has(text, _WELCOME_STEMS) and _PASSIVE_WELCOME.search(text):
            found.add(WELCOME)
    else:
        text = _PARENTHESIS_FIRST.sub("", predicate, count=1) if predicate[:1] == "," else predicate
        found.update(_verb_kinds(text))
        if " and " in text or " but " in text or " whil" in text:
            for m in _COORDINATED.finditer(text):
                if m.group(0).startswith(",") or not _PASSIVE_CHAIN.search(text, max(0, m.start() - 40), m.start()):
                    found.update(_verb_kinds(text[m.end() :]))
    if ", " in text:
        if _has(text, _REC_PARTICIPLES):
            participle = _REC_PARTICIPLE.search(text)
            if participle and "recommendation" not in text[: participle.start()]:
                # (not "…accepted three recommendations…, urging the government to…": the recommendations urge)
                found.add(RECOMMENDATION)
        if _has(text, ("welcoming", "commending", "praising")) and _WELCOME_PARTICIPLE.search(text):
            found.add(WELCOME)
    if ("concern" in text or "alarm" in text) and (_CONCERN_PARTICIPLE.search(text) or _A_CONCERN.search(text)):
        found.add(CONCERN)
    if "hoped" in text and _HOPED.search(text):
        found.add(RECOMMENDATION)
    if "should be" in text and _SHOULD_BE_WELCOMED.search(text):
        found.add(WELCOME)
    if RECOMMENDATION not in found and _has(text, _CALL_WORDS):
        whole = sentence if predicate is None else predicate
        called = whole[_main_clause(whole) :] if _CONCESSIVE.match(whole) else text
        if _SHOULD.search(called) or _MUST.search(called) or _NEED.search(called):
            found.add(RECOMMENDATION)
    for kind in (RECOMMENDATION, CONCERN, WELCOME):
        if kind in found:
            return kind
    return OBSERVATION


def _has(text: str, words: tuple[str, ...]) -> bool:
    return any(word in text for word in words)


_REC_STEMS = ("ecommend", "urged", "encouraged", "called", "requested", "asked", "invited", "exhorted")
_CONCERN_STEMS = ("oncern", "larm", "egret", "deplored")
_WELCOME_STEMS = ("welcomed", "commended", "praised")
_REC_PARTICIPLES = ("recommending", "urging", "calling", "encouraging", "inviting", "requesting", "asking")
_CALL_WORDS = ("should", "ought", "must", "need", "has to", "had to", "crucial", "essential", "necessary", "imperative",
               "vital", "urgent", "indispensable")


_CONCESSIVE = re.compile(r"(?:Despite|Although|Though|While|Whilst|Notwithstanding|Even though|Regardless of)\b")
_MAIN_CLAUSE = re.compile(
    r",\s+(?:[\w’'-]+\s+){0,5}?(?:noted|indicated|stated|reported|said|found|showed|observed|considered|remained|"
    r"continued|recommended|urged|was|were|had)\b"
)


def _main_clause(text: str) -> int:
    """Where the main clause of a sentence opening with a concession starts ("Despite a decision
    providing that children should be…, official data indicated…"): what the concession holds
    is not what the speaker calls for."""
    m = _MAIN_CLAUSE.search(text)
    return m.start() if m else 0


def _verb_kinds(text: str) -> set[str]:
    kinds = set()
    if _REC_VERB.match(text):
        kinds.add(RECOMMENDATION)
    if _CONCERN_VERB.match(text):
        kinds.add(CONCERN)
    if _WELCOME_VERB.match(text):
        kinds.add(WELCOME)
    return kinds
