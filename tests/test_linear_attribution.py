"""Attribution reads a bounded part of each sentence, however long the sentence (issue 14, item 3).

Who speaks is looked for before a sentence's first verbs, in its first 400 characters: a paragraph
of tens of thousands of unpunctuated words is one sentence, and trying a subject at every clause
before every verb of it would make tagging quadratic in its length (with those bounds taken out
of speakers.py, the steps below read 0.8 million characters for 200 words, 97 million for 2,000).
Rather than time it (speed is bench/linear.py's), these tests count the characters handed to the
attribution's inner steps — a subject cut before a verb, a list of names resolved, a name looked
up, a sentence's last word read — and require the same count for a paragraph ten times as long.
"""
from __future__ import annotations

from uprsearch import speakers, tag
from uprsearch.models import Chunk, Document, Footnote, Organisation, ParsedDocument
from uprsearch.pipeline import Knowledge

KNOWLEDGE = Knowledge.load()
# Clauses, verbs, commas, brackets and capitalised words, none of them a speaker: the speaker
# search tries every one of them, again and again, and no full stop ends the sentence.
WORDS = (
    "The authorities noted, that the Government (of the State) reported, In 2015, the National "
    "Commission stated that Joint bodies also urged the Ministry, and the courts found, while the "
    "Parliament considered that Police Stations were inspected, the Prosecutor General claimed "
).split()
# (module or class, function, which argument is the text read)
INNER_STEPS = (
    (speakers, "_subject", 0),
    (speakers.Attributor, "resolve_list", 1),
    (speakers.Attributor, "resolve_names", 1),
    (speakers, "_looks_like_speaker", 0),
    (tag, "_last_word", 0),
)


def read_while_tagging(monkeypatch, words: int) -> int:
    """Characters the inner steps read while a summary paragraph of `words` unpunctuated words
    (after one ordinary sentence, with a note) is tagged."""
    read = [0]
    for owner, name, at in INNER_STEPS:
        real = getattr(owner, name)

        def counted(*args, _real=real, _at=at, **kwargs):
            read[0] += len(args[_at])
            return _real(*args, **kwargs)

        monkeypatch.setattr(owner, name, counted)
    text = "HRW noted reports of torture. " + " ".join(WORDS[i % len(WORDS)] for i in range(words))
    footnote = Footnote(1, "HRW, p. 2.")
    footnote.offset = len("HRW noted reports of torture.")
    chunk = Chunk("doc:1", "doc", 1, 1, "paragraph", [], text, [footnote])
    listed = [Organisation("HRW", "Human Rights Watch"), Organisation("AI", "Amnesty International"),
              Organisation("JS1", "Joint Submission 1", type="joint-submission")]
    parsed = ParsedDocument(Document("doc", type="stakeholder-summary"), [chunk], organisations=listed)
    tag.tag_document(parsed, KNOWLEDGE.registry.copy(), KNOWLEDGE.acronyms, KNOWLEDGE.taxonomy)
    assert [s.orgs for s in chunk.statements][:1] == [["HRW"]]
    monkeypatch.undo()
    return read[0]


def test_attribution_reads_as_much_of_a_long_sentence_as_of_a_short_one(monkeypatch):
    short = read_while_tagging(monkeypatch, 300)
    assert short > 0  # (the steps counted are the ones that run)
    assert read_while_tagging(monkeypatch, 3_000) == short


def test_a_long_sentence_is_attributed_as_its_opening_says(monkeypatch):
    # the bound changes nothing for the sentence: its speaker stands before its first verb
    text = "Amnesty International (AI) noted " + " ".join(WORDS[i % len(WORDS)] for i in range(50_000))
    speaker = speakers.Attributor(KNOWLEDGE.registry.copy(), set()).speaker(text)
    assert speaker is not None and (speaker.orgs, speaker.verb) == (["AI"], "noted")
