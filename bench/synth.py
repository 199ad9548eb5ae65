"""A synthetic UPR corpus for the benchmark: OHCHR-style summaries of stakeholders' information,
and (bench/synth_wg.py) Working Group reports with their recommendations, half with an addendum.

Sentences come from real documents (the bundled corpus and ../shared/upr-samples/), cut into
"who said it" and "what was said", and recombined with other countries and organisations into
documents of 50-100 numbered paragraphs under I./A./1. headings, with footnote references glued
to words (increasing through each document) and endnotes after the last heading. Everything is
seeded: the same N gives the same files, byte for byte. Every third document is a Working Group
report of the country and session of the summary before it (about a fifth of the chunks are then
recommendations); `generate(…, wg_reports=False)` (run.py --no-wg-reports) writes summaries only.

The files are written once to bench/cache/<N>/ with a catalog.toml (country, ISO3, cycle, ...)
and a manifest.json recording what was generated; a later run reuses them.
"""
from __future__ import annotations

import hashlib
import json
import random
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT.parent / "shared" / "upr-samples"
CACHE = Path(__file__).resolve().parent / "cache"
SEED = 20240501
GENERATOR_VERSION = 2  # bump when the output changes, so old caches are not reused

# Parsed with the real parser: their statements have attributions we can cut apart.
PARSED_SOURCES = [
    ROOT / "corpus" / "A_HRC_WG.6_7_KAZ_3-summary-of-stakeholders-information.txt",
    ROOT / "corpus" / "kaz-2009-amnesty-international-upr-submission.txt",
    SAMPLES / "A_HRC_WG.6_28_UKR_3-stakeholder-summary.txt",
    SAMPLES / "ngo-report-medical-whistleblower-advocacy-network.txt",
    SAMPLES / "ngo-report-center-for-victims-of-torture.txt",
]
# The parser does not yet cut this one into paragraphs; its sentences are read from the raw text.
RAW_SOURCES = [SAMPLES / "A_HRC_WG.6_50_USA_3-stakeholder-summary.txt"]

SOURCE_COUNTRIES = [
    "United States of America", "United States", "Kazakhstan", "Ukraine", "USA", "U.S.",
]
# Sentences naming a source country's people or places would not fit another country.
SOURCE_SPECIFIC = re.compile(
    r"\b(?:Kazakh\w*|Ukrainian\w*|American\w*|Crimea\w*|Donbas\w*|Donetsk|Luhansk|Sevastopol|Astana|Almaty|Kyiv|"
    r"Washington|Texas|California|Puerto Rico|Guam|Native|Tribal|tribal|federal|Federal|oralman\w*|Nur Otan|"
    r"Congress|Senate|Supreme Court of the United States)\b"
)

COUNTRIES = [
    ("Albania", "ALB"), ("Argentina", "ARG"), ("Armenia", "ARM"), ("Azerbaijan", "AZE"), ("Bangladesh", "BGD"),
    ("Belarus", "BLR"), ("Bolivia", "BOL"), ("Brazil", "BRA"), ("Cambodia", "KHM"), ("Cameroon", "CMR"),
    ("Chile", "CHL"), ("Colombia", "COL"), ("Ecuador", "ECU"), ("Egypt", "EGY"), ("Ethiopia", "ETH"),
    ("Georgia", "GEO"), ("Ghana", "GHA"), ("Guatemala", "GTM"), ("Honduras", "HND"), ("India", "IND"),
    ("Indonesia", "IDN"), ("Jordan", "JOR"), ("Kenya", "KEN"), ("Kyrgyzstan", "KGZ"), ("Lebanon", "LBN"),
    ("Malawi", "MWI"), ("Malaysia", "MYS"), ("Mexico", "MEX"), ("Mongolia", "MNG"), ("Morocco", "MAR"),
    ("Mozambique", "MOZ"), ("Myanmar", "MMR"), ("Nepal", "NPL"), ("Nicaragua", "NIC"), ("Nigeria", "NGA"),
    ("Pakistan", "PAK"), ("Paraguay", "PRY"), ("Peru", "PER"), ("the Philippines", "PHL"), ("Rwanda", "RWA"),
    ("Senegal", "SEN"), ("Serbia", "SRB"), ("Sri Lanka", "LKA"), ("Tajikistan", "TJK"), ("Thailand", "THA"),
    ("Tunisia", "TUN"), ("Turkmenistan", "TKM"), ("Uganda", "UGA"), ("Uzbekistan", "UZB"), ("Viet Nam", "VNM"),
    ("Zambia", "ZMB"), ("Zimbabwe", "ZWE"),
]

# Stakeholders that appear in UPR summaries (name, abbreviation); a document uses a handful of them.
NGOS = [
    ("Amnesty International", "AI"), ("Human Rights Watch", "HRW"), ("Freedom House", "FH"),
    ("International Commission of Jurists", "ICJ"), ("World Coalition against the Death Penalty", "WCADP"),
    ("Penal Reform International", "PRI"), ("International Federation for Human Rights", "FIDH"),
    ("World Organisation Against Torture", "OMCT"), ("Front Line Defenders", "FLD"),
    ("Reporters Without Borders", "RSF"), ("Committee to Protect Journalists", "CPJ"),
    ("Global Initiative to End All Corporal Punishment of Children", "GIEACPC"),
    ("International Service for Human Rights", "ISHR"), ("Minority Rights Group International", "MRG"),
    ("European Centre for Law and Justice", "ECLJ"), ("Alliance Defending Freedom International", "ADF"),
    ("Becket Fund for Religious Liberty", "BF"), ("Jubilee Campaign", "JC"),
    ("Conscience and Peace Tax International", "CPTI"), ("Child Rights International Network", "CRIN"),
    ("International Campaign to Abolish Nuclear Weapons", "ICAN"), ("Article 19", "A19"),
    ("Privacy International", "PI"), ("Equality Now", "EN"), ("Outright International", "ORI"),
    ("International Disability Alliance", "IDA"), ("Broken Chalk", "BCh"),
    ("Global Detention Project", "GDP"), ("Internal Displacement Monitoring Centre", "IDMC"),
    ("Environmental Rights Action", "ERA"), ("Centre for Civil Liberties", "CCL"),
    ("Legal Aid Society", "LAS"), ("Women's Legal Centre", "WLC"), ("Youth for Human Rights", "YHR"),
    ("Institute for Democracy and Human Rights", "IDHR"), ("Rural Women's Network", "RWN"),
    ("National Association of Persons with Disabilities", "NAPD"), ("Coalition for Fair Trials", "CFT"),
    ("Sexual Rights Initiative", "SRI"), ("Centre for Reproductive Rights", "CRR"),
    ("Indigenous Peoples' Rights Centre", "IPRC"), ("Journalists in Danger", "JED"),
    ("Prison Watch", "PW"), ("Coalition of Human Rights Defenders", "CHRD"),
    ("International Lesbian, Gay, Bisexual, Trans and Intersex Association", "ILGA"),
]
NHRI = ["The Ombudsperson", "The Human Rights Commission", "The Commissioner for Human Rights"]

# The OHCHR layout of cycles 3-4 for "other stakeholders": (letter heading, [numbered sub-headings]).
STRUCTURE = [
    ("A. Scope of international obligations and cooperation with international human rights mechanisms and bodies", []),
    ("B. National human rights framework", []),
    ("C. Implementation of international human rights obligations, taking into account applicable international humanitarian law", [
        "Equality and non-discrimination", "Development, the environment, and business and human rights",
        "Human rights and counter-terrorism", "Right to life, liberty and security of the person",
        "Administration of justice, including impunity, and the rule of law",
        "Fundamental freedoms and the right to participate in public and political life",
        "Prohibition of all forms of slavery", "Right to privacy and family life",
    ]),
    ("D. Economic, social and cultural rights", [
        "Right to work and to just and favourable conditions of work", "Right to an adequate standard of living",
        "Right to health", "Right to education",
    ]),
    ("E. Rights of specific persons or groups", [
        "Women", "Children", "Persons with disabilities", "Minorities and indigenous peoples",
        "Migrants, refugees, asylum-seekers and internally displaced persons",
    ]),
]
NHRI_HEADING = "Information provided by the national human rights institution accredited in full compliance with the Paris Principles"
CLOSING = [  # empty closing sections, as in cycle 1 summaries: the endnotes follow them
    "Achievements, best practices, challenges and constraints",
    "Key national priorities, initiatives and commitments",
    "Capacity-building and technical assistance",
]
# Which harvested sentences suit which sub-heading (a sentence matching none goes anywhere).
TOPICS = {
    "Scope of international": r"ratif|treat|convention|optional protocol|rome statute|special rapporteur|mandate holders|invitation",
    "National human rights framework": r"ombuds|national human rights institution|paris principles|action plan|constitution",
    "Equality and non-discrimination": r"discriminat|equalit|sexual orientation|gender identity|LGBT|racis|xenophob",
    "Development, the environment": r"environment|climate|pollut|business|extractive|land",
    "counter-terrorism": r"terror|extremis|national security",
    "Right to life": r"death|torture|ill-treatment|detention|prison|police|capital punishment|execution|disappear",
    "Administration of justice": r"judici|court|trial|judge|lawyer|impunity|justice|corruption|prosecut",
    "Fundamental freedoms": r"freedom|expression|religio|assembly|association|media|journalist|election|defender|NGO",
    "slavery": r"traffick|slavery|forced labour|exploitation",
    "privacy": r"privacy|surveillance|data|famil",
    "Right to work": r"employ|work|wage|labour|trade union",
    "adequate standard of living": r"poverty|housing|homeless|water|food|social security",
    "Right to health": r"health|HIV|medical|hospital|drug|contracepti|abortion",
    "Right to education": r"educat|school|teacher|universit",
    "Women": r"women|gender|domestic violence|girls",
    "Children": r"child|juvenile|minors|birth registration",
    "Persons with disabilities": r"disabilit",
    "Minorities and indigenous": r"minorit|indigenous|ethnic|Roma|language",
    "Migrants": r"migra|refugee|asylum|displaced|stateless|refoulement",
}


@dataclass
class Pool:
    attributed: list[str] = field(default_factory=list)  # predicates: "noted that ...", "recommended ..."
    according: list[str] = field(default_factory=list)  # after "According to X, ..."
    facts: list[str] = field(default_factory=list)  # sentences with no speaker of their own
    by_topic: dict[str, tuple[list[int], list[int]]] = field(default_factory=dict)  # topic -> (attributed idx, fact idx)


# ---------------------------------------------------------------------------------------------
# Harvesting sentences


_UNSAFE = re.compile(
    r"\b\d{1,3}\.(?:\s|$)"  # "5. " would start or split a numbered paragraph
    r"|\b[A-H]\.\s|\b[IVX]{1,4}\.\s"  # "A. " / "II. " would start a heading after wrapping
    r"|para\.|paras\.|\bpp?\.\s|A/HRC|GE\.\d|https?:|www\.|@|\t"
    r"|\d$"  # a number at the very end would read as a footnote reference
)
_VERB_AT = None


def _verb_pattern():
    global _VERB_AT
    if _VERB_AT is None:
        from uprsearch.speakers import REPORTING_VERBS as _REPORTING_VERBS

        _VERB_AT = re.compile(rf"\b(?:also\s+|further\s+)?(?:{_REPORTING_VERBS})\b")
    return _VERB_AT


def _usable(sentence: str) -> bool:
    if not 40 <= len(sentence) <= 520 or not sentence[:1].isupper() or not sentence.endswith((".", "”", "’")):
        return False
    if _UNSAFE.search(sentence) or SOURCE_SPECIFIC.search(sentence):
        return False
    if sentence.count("(") != sentence.count(")") or sentence.count("“") != sentence.count("”"):
        return False
    return True


def _to_placeholder(sentence: str) -> str:
    for name in SOURCE_COUNTRIES:
        sentence = re.sub(rf"\b{re.escape(name)}(?![\w])", "{country}", sentence)
    sentence = re.sub(r"\bthe \{country\}", "{country}", sentence)
    return sentence.replace("{country}’s", "{country}’s")


def _statements() -> list[tuple[str, list[str]]]:
    """(sentence, orgs) from the sources, in order."""
    from uprsearch.pipeline import parse_paths
    from uprsearch.tag import split_sentences

    found: list[tuple[str, list[str]]] = []
    run = parse_paths([p for p in PARSED_SOURCES if p.is_file()])
    for doc in run.documents:
        for chunk in doc.chunks:
            for st in chunk.statements:
                found.append((st.text, list(st.orgs)))
    for path in RAW_SOURCES:
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        text = re.sub(r"(?<=[a-z])-\n(?=[a-z])", "", text)
        for para in re.split(r"\n\s*\n", text):
            joined = " ".join(para.split())
            joined = re.sub(r"(?<=[a-z.”’])\d{1,3}(?=\s|$)", "", joined)  # glued footnote numbers
            joined = re.sub(r"^\d{1,3}\.\s+", "", joined)
            for sentence in split_sentences(joined):
                found.append((sentence, ["?"]))
    return found


def harvest() -> Pool:
    pool = Pool()
    verb_at = _verb_pattern()
    seen: set[str] = set()
    for sentence, orgs in _statements():
        sentence = re.sub(r"\s+", " ", sentence).strip()
        if sentence in seen or not _usable(sentence):
            continue
        seen.add(sentence)
        according = re.match(r"^(?:According to|As reported by)\s+[^,]{1,80},\s+(?P<rest>.+)$", sentence)
        if according and orgs:
            rest = according.group("rest")
            if _usable(rest[:1].upper() + rest[1:]) and not verb_at.match(rest):
                pool.according.append(_to_placeholder(rest))
            continue
        m = verb_at.search(sentence)
        if orgs and m and 2 <= m.start() <= 90:
            subject = sentence[: m.start()].strip()
            # the subject must look like a speaker: no clause, no lower-case run of words
            if re.search(r"[,;:]", subject) or len(re.findall(r"\b[a-z]{4,}\b", subject)) > 2:
                continue
            pool.attributed.append(_to_placeholder(re.sub(r"^(?:also|further)\s+", "", sentence[m.start():])))
        elif not m:  # no reporting verb: an unattributed sentence (the parser carries a speaker onto continuations)
            pool.facts.append(_to_placeholder(sentence))
    for key, pattern in TOPICS.items():
        rx = re.compile(pattern, re.I)
        pool.by_topic[key] = (
            [i for i, s in enumerate(pool.attributed) if rx.search(s)],
            [i for i, s in enumerate(pool.facts) if rx.search(s)],
        )
    if len(pool.attributed) < 100 or len(pool.facts) < 50:
        raise SystemExit(f"bench: too few source sentences ({len(pool.attributed)} attributed, {len(pool.facts)} other)")
    return pool


# ---------------------------------------------------------------------------------------------
# Writing documents


@dataclass
class GeneratedDoc:
    file: str
    paragraphs: int
    country: str
    iso3: str
    symbol: str
    cycle: int
    session: int
    year: int
    orgs: list[str]


class _Speakers:
    """The stakeholders of one document: defined at first mention ("Amnesty International (AI)")."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        n_js = rng.randint(3, 30)
        named = rng.sample(NGOS, rng.randint(6, 18))
        self.people = [(f"Joint Submission {i}", f"JS{i}") for i in range(1, n_js + 1)] + named
        self.weights = [3 if abbr.startswith("JS") and int(abbr[2:]) <= 8 else 2 for _, abbr in self.people]
        self.defined: set[str] = set()
        self.used: list[str] = []

    def pick(self) -> tuple[str, str]:
        return self.rng.choices(self.people, self.weights)[0]

    def mention(self, who: tuple[str, str]) -> str:
        name, abbr = who
        if abbr not in self.used:
            self.used.append(abbr)
        if abbr in self.defined:
            return abbr
        self.defined.add(abbr)
        return f"{name} ({abbr})"


def _topic_key(heading: str) -> str | None:
    for key in TOPICS:
        if key.lower() in heading.lower():
            return key
    return None


def _paragraph(rng: random.Random, pool: Pool, speakers: _Speakers, country: str, topic: str | None, notes: list[str], nhri: str | None) -> str:
    """One paragraph: an attributed opening sentence, then more statements and facts."""
    att_idx, fact_idx = pool.by_topic.get(topic or "", ([], []))

    def attributed() -> str:
        if att_idx and rng.random() < 0.7:
            return pool.attributed[rng.choice(att_idx)]
        return rng.choice(pool.attributed)

    def reported_fact() -> str:
        # "noted that" + a sentence said by no one in its source: new statements from old parts
        sentence = fact()
        if not re.match(r"^(?:[A-Z][a-z]+ )?[a-z]", sentence) or sentence.startswith(("Article", "I ", "We ", "Our ")):
            return attributed()
        lead = sentence[:1].lower() + sentence[1:] if not sentence.startswith("{country}") else sentence
        return f"{rng.choice(_THAT_VERBS)} that {lead}"

    def fact() -> str:
        if fact_idx and rng.random() < 0.7:
            return pool.facts[rng.choice(fact_idx)]
        return rng.choice(pool.facts)

    # real paragraphs: mostly 2-4 sentences, 250-1,200 characters, a few long ones
    n_sentences = rng.choices([1, 2, 3, 4, 5, 6, 8], [8, 22, 26, 20, 12, 8, 4])[0]
    sentences: list[str] = []
    current = speakers.pick()
    for i in range(n_sentences):
        if nhri and i == 0:
            sentences.append(f"{nhri} {attributed()}")
            continue
        roll = rng.random()
        if i == 0 or roll < 0.35:
            if i > 0 and rng.random() < 0.5:
                current = speakers.pick()
            if i == 0 and rng.random() < 0.12 and pool.according:
                rest = rng.choice(pool.according)
                sentences.append(f"According to {speakers.mention(current)}, {rest}")
            else:
                subject = speakers.mention(current)
                if rng.random() < 0.08:  # two speakers: "JS2 and AI recommended ..."
                    other = speakers.pick()
                    if other != current:
                        subject = f"{subject} and {speakers.mention(other)}"
                also = " also" if i > 0 and rng.random() < 0.3 else ""
                said = reported_fact() if rng.random() < 0.3 else attributed()
                sentences.append(f"{subject}{also} {said}")
        elif roll < 0.45:
            sentences.append(f"It {rng.choice(['also ', 'further ', ''])}{attributed()}")
        else:
            sentences.append(fact())
        if rng.random() < 0.65:  # a footnote reference glued to the sentence's end
            notes.append(_note(rng, speakers))
            sentences[-1] += str(len(notes))
    text = _vary_numbers(rng, " ".join(sentences).replace("{country}", country))
    return text[:1].upper() + text[1:]


_THAT_VERBS = [
    "noted", "reported", "stated", "indicated", "highlighted", "expressed concern", "observed", "pointed out",
    "was concerned", "alleged", "underlined", "explained",
]
_YEAR = re.compile(r"\b(?:19[89]\d|20[0-2]\d)\b")


def _vary_numbers(rng: random.Random, text: str) -> str:
    """Years of the source moved about, so that documents do not all speak of 2008."""
    shift = rng.randint(-6, 8)
    return _YEAR.sub(lambda m: str(min(2024, max(1990, int(m.group()) + shift))), text)


def _note(rng: random.Random, speakers: _Speakers) -> str:
    abbr = speakers.used[-1] if speakers.used else "JS1"
    note = f"{abbr}, {rng.choice(['p.', 'pp.', 'para.', 'paras.'])} {rng.randint(1, 40)}"
    if rng.random() < 0.3:
        note += f". See also {speakers.pick()[1]}, p. {rng.randint(1, 20)}"
    return note + "."


def _wrap(first: str, text: str) -> list[str]:
    """Lines of ~95 characters, as PDF extraction leaves them."""
    return textwrap.wrap(f"{first}{text}", width=95, break_long_words=False, break_on_hyphens=False)


def _plan(rng: random.Random, n: int, roman: str) -> list[tuple[list[str], int]]:
    """Spread n paragraphs over the headings: [(headings printed before them, paragraphs)]."""
    leaves: list[list[str]] = []
    for letter, subs in STRUCTURE:
        if not subs:
            leaves.append([letter])
        for k, sub in enumerate(subs, 1):
            leaves.append([letter, f"{k}. {sub}"])
    keep = [leaf for leaf in leaves if rng.random() < 0.85]  # most documents leave some out
    keep = keep[:n] or leaves[:1]
    weights = [rng.uniform(0.3, 2.0) for _ in keep]
    counts = [1] * len(keep)
    for _ in range(n - len(keep)):
        counts[rng.choices(range(len(keep)), weights)[0]] += 1
    plan: list[tuple[list[str], int]] = []
    printed: list[str] = []
    for leaf, count in zip(keep, counts):
        depth = 0
        while depth < min(len(leaf), len(printed)) and leaf[depth] == printed[depth]:
            depth += 1
        plan.append((([roman] if not plan else []) + leaf[depth:], count))
        printed = leaf
    return plan


def write_document(path: Path, index: int, pool: Pool, n_paragraphs: int, seed: int) -> GeneratedDoc:
    rng = random.Random(f"{seed}:{index}")
    country, iso3 = COUNTRIES[index % len(COUNTRIES)]
    country_name = country[0].upper() + country[1:]
    cycle = rng.randint(1, 4)
    session = {1: rng.randint(1, 12), 2: rng.randint(13, 26), 3: rng.randint(27, 40), 4: rng.randint(41, 50)}[cycle]
    year = 2008 + session * 16 // 50
    symbol = f"A/HRC/WG.6/{session}/{iso3}/3"
    speakers = _Speakers(rng)
    nhri = rng.choice(NHRI) if rng.random() < 0.5 else None
    notes = [
        "The stakeholders listed below have contributed information for this summary; the full texts of "
        "all original submissions are available at: www.ohchr.org."
    ]
    lines = [
        f"United Nations A/HRC/WG.6/{session}/{iso3}/3",
        "General Assembly",
        "Distr.: General",
        f"{rng.randint(1, 28)} {rng.choice(['February', 'March', 'August', 'September'])} {year}",
        "Original: English",
        "Human Rights Council",
        "Working Group on the Universal Periodic Review",
        f"Session {session}",
        f"Summary of stakeholders’ information on {country}*",
        "Report of the Office of the United Nations High Commissioner for Human Rights",
    ]
    lines.append("I. Background")
    lines.extend(_wrap("1. ", (
        "The present report was prepared pursuant to Human Rights Council resolutions 5/1 and 16/21, "
        "taking into consideration the periodicity of the universal periodic review. It is a summary of "
        f"{len(speakers.people)} stakeholders’ submissions1 to the universal periodic review, presented "
        "in a summarized manner owing to word-limit constraints."
    )))
    number = 1
    roman = "II."
    if nhri:
        lines.append(f"II. {NHRI_HEADING}")
        for _ in range(rng.randint(1, 4)):
            number += 1
            lines.extend(_wrap(f"{number}. ", _paragraph(rng, pool, speakers, country_name, None, notes, nhri)))
        roman = "III."
    for headings, count in _plan(rng, n_paragraphs - number, f"{roman} Information provided by other stakeholders"):
        lines.extend(headings)
        topic = _topic_key(headings[-1]) if headings else None
        for _ in range(count):
            number += 1
            lines.extend(_wrap(f"{number}. ", _paragraph(rng, pool, speakers, country_name, topic, notes, None)))
    numerals = ["III", "IV", "V", "VI", "VII"][1 if nhri else 0:]
    for numeral, heading in zip(numerals, CLOSING):
        lines += [f"{numeral}. {heading}", "N/A"]
    lines.append("Notes")
    listed = "; ".join(f"{abbr} {name}" for name, abbr in speakers.people if abbr in speakers.used)
    lines.extend(textwrap.wrap(f"1 {notes[0]} Civil society: {listed}.", width=95))
    for k, note in enumerate(notes[1:], 2):
        lines.append(f"{k} {note}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return GeneratedDoc(path.name, number, country_name, iso3, symbol, cycle, session, year, list(speakers.used))


def _doc_sizes(rng: random.Random, total: int) -> list[int]:
    sizes: list[int] = []
    left = total
    while left > 0:
        size = rng.randint(50, 100)
        if left - size < 50 and left - size != 0:
            size = left if left <= 100 else left - 50
        sizes.append(size)
        left -= size
    return sizes


def generate(n: int, cache: Path = CACHE, seed: int = SEED, log=print, wg_reports: bool = True) -> tuple[Path, dict]:
    """The corpus of about n paragraphs under cache/<n>/ (cache/<n>-summaries/ without Working
    Group reports), generated on first use."""
    import synth_wg

    folder = cache / (str(n) if wg_reports else f"{n}-summaries")
    manifest_path = folder / "manifest.json"
    if manifest_path.is_file():
        manifest = json.loads(manifest_path.read_text())
        if manifest.get("version") == GENERATOR_VERSION and manifest.get("seed") == seed and manifest.get("asked") == n:
            return folder, manifest
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.txt"):
        old.unlink()
    pool = harvest()
    wg_pool = synth_wg.harvest() if wg_reports else None
    log(f"bench: generating {n:,} paragraphs into {folder} "
        f"({len(pool.attributed)} attributed sentences, {len(pool.facts)} others, {len(pool.according)} 'according to'"
        + (f"; {len(wg_pool.said)} delegations' and {len(wg_pool.recommendations)} recommendations" if wg_pool else "") + ")")
    rng = random.Random(seed)
    docs: list[GeneratedDoc] = []
    catalog = [
        "# Generated by bench/synth.py: synthetic summaries of stakeholders' information and Working Group reports.",
    ]
    files: dict[str, dict] = {}
    for i, size in enumerate(_doc_sizes(rng, n)):
        country, iso3 = COUNTRIES[i % len(COUNTRIES)]
        if wg_pool is not None and i % 3 == 2 and docs:
            before = docs[-1]
            for k, wg in enumerate(synth_wg.write_report(folder, i, wg_pool, size, before.country, before.session,
                                                          before.year, seed, with_addendum=i % 6 == 5)):
                doc_id = f"synth-{i:05d}-{before.iso3.lower()}-{'report' if k == 0 else 'addendum'}"
                files[wg.file] = {"id": doc_id, "paragraphs": wg.chunks, "orgs": [], "type": wg.kind}
                title = "Report of the Working Group on the Universal Periodic Review" + ("" if k == 0 else ", addendum")
                catalog += [
                    "", "[[document]]", f'file = "{wg.file}"', f'id = "{doc_id}"', f'title = "{title}: {before.country} (synthetic)"',
                    f'symbol = "{wg.symbol}"', f'country = "{before.country}"', f'iso3 = "{before.iso3}"',
                    f"cycle = {before.cycle}", f"session = {before.session}", f"year = {before.year + k}", f'type = "{wg.kind}"',
                ]
            continue
        name = f"A_HRC_WG.6_{iso3}_{i:05d}-summary-of-stakeholders-information.txt"
        d = write_document(folder / name, i, pool, size, seed)
        docs.append(d)
        files[d.file] = {"id": f"synth-{i:05d}-{d.iso3.lower()}", "paragraphs": d.paragraphs, "orgs": d.orgs,
                         "type": "stakeholder-summary"}
        catalog += [
            "", "[[document]]", f'file = "{d.file}"', f'id = "synth-{i:05d}-{d.iso3.lower()}"',
            f'title = "Summary of stakeholders\' information: {d.country} (synthetic)"',
            f'symbol = "{d.symbol}"', f'country = "{d.country}"', f'iso3 = "{d.iso3}"',
            f"cycle = {d.cycle}", f"session = {d.session}", f"year = {d.year}", 'type = "stakeholder-summary"',
        ]
    (folder / "catalog.toml").write_text("\n".join(catalog) + "\n", encoding="utf-8")
    digest = hashlib.sha256()
    for name in files:
        digest.update((folder / name).read_bytes())
    manifest = {
        "version": GENERATOR_VERSION,
        "seed": seed,
        "asked": n,
        "paragraphs": sum(f["paragraphs"] for f in files.values()),
        "documents": len(files),
        "bytes": sum((folder / name).stat().st_size for name in files),
        "sha256": digest.hexdigest(),
        "files": files,
    }
    verify(folder, manifest, log=log)
    manifest_path.write_text(json.dumps(manifest, indent=1) + "\n")
    return folder, manifest


def verify(folder: Path, manifest: dict, sample: int = 6, log=print) -> None:
    """Parse a few of the files with the real parser: every paragraph found, in order, under the
    generated document id, and attributed to organisations."""
    from uprsearch.pipeline import parse_paths

    names = list(manifest["files"])
    reports = [n for n in names if manifest["files"][n]["type"] != "stakeholder-summary"]
    picked = sorted(set(names[:2] + random.Random(0).sample(names, min(sample, len(names))) + reports[:4]))
    run = parse_paths([folder / name for name in picked])
    if run.errors:
        raise SystemExit(f"bench: generated files do not parse: {run.errors[0]}")
    without_orgs = total = 0
    for name, parsed in zip(picked, run.documents):
        expected = manifest["files"][name]
        numbers = [c.n for c in parsed.chunks]
        if expected["type"] != "stakeholder-summary":
            # a report read with its addendum has every recommendation answered; without, none
            answered = name.replace("-wg-report.txt", "_Add.1-addendum.txt") in picked
            pending = [c for c in parsed.chunks if c.response == "pending"]
            if parsed.document.type != expected["type"] or len(parsed.chunks) != expected["paragraphs"] or (
                    expected["type"] == "wg-report" and bool(pending) == answered):
                raise SystemExit(f"bench: {name} parsed as {parsed.document.type} with {len(parsed.chunks)} chunks "
                                 f"({len(pending)} recommendations left pending); {expected['paragraphs']} were generated")
            continue
        if parsed.document.type != "stakeholder-summary" or numbers != list(range(1, expected["paragraphs"] + 1)):
            raise SystemExit(
                f"bench: {name} parsed as {parsed.document.type} with {len(numbers)} paragraphs; "
                f"{expected['paragraphs']} were generated"
            )
        total += len(parsed.chunks)
        without_orgs += sum(1 for c in parsed.chunks if not c.orgs)
    if without_orgs > total * 0.1:
        raise SystemExit(f"bench: {without_orgs} of {total} sampled paragraphs have no organisation")
    log(f"bench: checked {len(picked)} generated files with the parser: {total} paragraphs as generated, "
        f"{total - without_orgs} with organisations")
