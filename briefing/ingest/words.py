"""What ingest knows of each language it reads: function words, months,
number words, and the words that mark titles, organisations, places, speech
and attribution. Topic keywords are not here: they are the site's, in
lexicon.yaml."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Words:
    # Frequent words that are not words of the other languages: they decide
    # which language a text is in, and never start a name.
    stopwords: frozenset[str]
    months: tuple[str, ...]
    weekdays: dict[str, int]  # Monday 0
    # Phrases (lowercase) that place a bare year or month in a period or at a point.
    date_prepositions: tuple[str, ...]
    period_prepositions: tuple[str, ...]
    # Dates relative to publication: phrase -> (day, week, month or year; how many).
    relative_dates: dict[str, tuple[str, int]]
    # "last Tuesday", "na terça-feira passada": before (-1) or after (1) publication.
    weekday_before: dict[str, int]
    weekday_after: dict[str, int]
    # A sentence about what is to come: "on Tuesday" is the next Tuesday.
    future_words: tuple[str, ...]
    future_endings: tuple[str, ...]  # "receberá", "visitarão", "he'll"
    number_words: dict[str, int]
    multipliers: dict[str, int]
    qualifiers: dict[str, str]  # phrase before a number -> figure qualifier
    determiners: frozenset[str]  # "the two ministers" refers back: not a count
    count_links: frozenset[str]  # "150 milhões de dólares", "a million of them"
    percent_words: tuple[str, ...]
    verb_endings: tuple[str, ...]  # a word so ending after a count is its verb: "people fled"
    decimal_mark: str
    speech_verbs: frozenset[str]
    # Who said a quotation, as its sentence writes it: "the provincial commander",
    # "o porta-voz da polícia, Orlando Mudumane", "Lavrov".
    pronouns: frozenset[str]  # speakers who stand for someone named elsewhere: not named
    articles: frozenset[str]  # words that start a speaker: "the", "um"
    of_words: frozenset[str]  # words inside a speaker: "of" in "the governor of Niassa"
    clause_words: frozenset[str]  # words that end a speaker, besides the stopwords
    speaker_cues: tuple[str, ...]  # "according to X": X said the quotation
    recipient_words: frozenset[str]  # "disse à Lusa um morador": skip "à Lusa"
    gerund_ending: str  # "speaking" ends a speaker ("said Macamo, speaking at...")
    titles: frozenset[str]  # words before a person's name
    organisation_words: frozenset[str]
    place_words: frozenset[str]  # "district", "província": the name is a place
    place_prepositions: frozenset[str]
    name_connectors: frozenset[str]  # lowercase words inside names
    attributions: tuple[str, ...]  # "according to", "segundo": who the text cites
    source_labels: tuple[str, ...]  # "Source:", "Fonte:" lines
    date_labels: tuple[str, ...]


ENGLISH = Words(
    stopwords=frozenset("""the of and to in is that for it with was on by he she said at from his
        her has have are be this which were after its their would will not but been who they
        there than also had could into about over more said""".split()),
    months=("january", "february", "march", "april", "may", "june", "july", "august",
            "september", "october", "november", "december"),
    weekdays={day: n for n, day in enumerate(
        "monday tuesday wednesday thursday friday saturday sunday".split())},
    date_prepositions=("in", "on", "by", "early", "late", "mid", "in early", "in late",
                       "at the end of", "at the start of"),
    period_prepositions=("since", "until", "from", "between", "during", "throughout"),
    relative_dates={"today": ("day", 0), "this morning": ("day", 0), "this afternoon": ("day", 0),
                    "this evening": ("day", 0), "tonight": ("day", 0), "yesterday": ("day", -1),
                    "last night": ("day", -1), "the day before yesterday": ("day", -2),
                    "tomorrow": ("day", 1), "the day after tomorrow": ("day", 2),
                    "last week": ("week", -1), "this week": ("week", 0), "next week": ("week", 1),
                    "last month": ("month", -1), "this month": ("month", 0),
                    "next month": ("month", 1), "last year": ("year", -1),
                    "this year": ("year", 0), "next year": ("year", 1)},
    weekday_before={"last": -1, "this past": -1, "next": 1, "this coming": 1, "this": 0},
    weekday_after={},
    future_words=("will", "shall", "is due to", "are due to", "is expected to",
                  "are expected to", "is scheduled to", "are scheduled to", "is set to",
                  "are set to", "is going to", "are going to", "plans to", "plan to"),
    future_endings=("'ll", "’ll"),
    number_words={"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                  "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
                  "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
                  "hundred": 100, "a hundred": 100, "a thousand": 1000, "a million": 1_000_000},
    multipliers={"hundred": 100, "thousand": 1000, "million": 1_000_000,
                 "billion": 1_000_000_000, "bn": 1_000_000_000},
    qualifiers={"at least": "at least", "more than": "more than", "over": "more than",
                "upwards of": "more than", "about": "about", "around": "about",
                "some": "about", "nearly": "about", "almost": "about",
                "approximately": "about", "roughly": "about", "an estimated": "about",
                "up to": "about", "fewer than": "about", "less than": "about"},
    determiners=frozenset("the these those both all each every our their his her its".split()),
    count_links=frozenset({"of"}),
    percent_words=("per cent", "percent"),
    verb_endings=("ed",),
    decimal_mark=".",
    speech_verbs=frozenset("""said says told stated added emphasized emphasised stressed
        declared announced explained warned insisted noted claimed argued asked recalled
        affirmed replied answered wrote promised admitted acknowledged continued
        concluded""".split()),
    pronouns=frozenset("he she they".split()),
    articles=frozenset("the a an one his her its their".split()),
    of_words=frozenset("of for from".split()),
    clause_words=frozenset("""to or before while when as according during speaking adding
        because although if then where whose whom""".split()),
    speaker_cues=("according to", "in the words of"),
    recipient_words=frozenset(),
    gerund_ending="ing",
    titles=frozenset("""president minister ambassador spokesman spokeswoman general mr mrs ms
        dr foreign prime deputy governor envoy commander chargé secretary affairs cooperation
        interior finance defence defense republic""".split()),
    organisation_words=frozenset("""ministry bank group company corporation council agency
        organization organisation force forces army police party front union nations assembly
        institute university programme program fund embassy commission office association
        movement authority parliament court committee energies state government""".split()),
    place_words=frozenset("""district province region peninsula island islands city town
        village bay river county""".split()),
    place_prepositions=frozenset("in near from towards toward outside around across at".split()),
    name_connectors=frozenset({"of", "for", "the", "and", "de", "da", "do", "dos", "das"}),
    attributions=("according to", "told", "reported by", "quoted by", "cited by", "said to"),
    source_labels=("source", "sources", "via"),
    date_labels=("published", "date", "posted", "updated"),
)

PORTUGUESE = Words(
    stopwords=frozenset("""de da das dos que o os em um uma para com não por pelo pela mais foi
        são se ao aos à na nas nos ele ela disse também já ainda segundo entre sobre num numa
        como seu sua seus suas está estão pelos pelas foram tem têm será""".split()),
    months=("janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto",
            "setembro", "outubro", "novembro", "dezembro"),
    weekdays={day: n for n, day in enumerate("""segunda-feira terça-feira quarta-feira
        quinta-feira sexta-feira sábado domingo""".split())},
    date_prepositions=("em", "a", "no", "na", "para", "no início de", "no final de", "no fim de",
                       "em meados de", "no dia"),
    period_prepositions=("desde", "até", "entre", "de", "a partir de", "durante", "ao longo de"),
    # "na semana passada": "na" is read as a date preposition before "semana passada".
    relative_dates={"hoje": ("day", 0), "esta manhã": ("day", 0), "hoje de manhã": ("day", 0),
                    "esta tarde": ("day", 0), "esta noite": ("day", 0), "ontem": ("day", -1),
                    "ontem à noite": ("day", -1), "anteontem": ("day", -2),
                    "amanhã": ("day", 1), "depois de amanhã": ("day", 2),
                    "semana passada": ("week", -1), "última semana": ("week", -1),
                    "esta semana": ("week", 0), "nesta semana": ("week", 0),
                    "próxima semana": ("week", 1), "mês passado": ("month", -1),
                    "este mês": ("month", 0), "neste mês": ("month", 0),
                    "próximo mês": ("month", 1), "ano passado": ("year", -1),
                    "este ano": ("year", 0), "neste ano": ("year", 0),
                    "próximo ano": ("year", 1)},
    weekday_before={"última": -1, "último": -1, "próxima": 1, "próximo": 1, "esta": 0,
                    "este": 0, "nesta": 0, "neste": 0},
    weekday_after={"passada": -1, "passado": -1},
    future_words=("vai", "vão", "irá", "irão", "deverá", "deverão", "está previsto",
                  "está prevista", "estão previstos", "estão previstas", "pretende",
                  "pretendem"),
    future_endings=("rá", "rão"),
    number_words={"dois": 2, "duas": 2, "três": 3, "quatro": 4, "cinco": 5, "seis": 6,
                  "sete": 7, "oito": 8, "nove": 9, "dez": 10, "onze": 11, "doze": 12,
                  "quinze": 15, "vinte": 20, "trinta": 30, "quarenta": 40, "cinquenta": 50,
                  "cem": 100, "mil": 1000, "um milhão": 1_000_000, "um milhao": 1_000_000},
    multipliers={"mil": 1000, "milhão": 1_000_000, "milhões": 1_000_000,
                 "mil milhões": 1_000_000_000, "bilião": 1_000_000_000_000,
                 "biliões": 1_000_000_000_000, "bilhão": 1_000_000_000,
                 "bilhões": 1_000_000_000},
    qualifiers={"pelo menos": "at least", "no mínimo": "at least", "mais de": "more than",
                "acima de": "more than", "cerca de": "about", "perto de": "about",
                "quase": "about", "aproximadamente": "about", "à volta de": "about",
                "até": "about", "menos de": "about"},
    determiners=frozenset("os as estes estas esses essas ambos ambas todos todas seus suas".split()),
    count_links=frozenset({"de"}),
    percent_words=("por cento",),
    verb_endings=("am", "em", "ram"),
    decimal_mark=",",
    speech_verbs=frozenset("""disse diz afirmou afirma declarou declara acrescentou
        acrescenta sublinhou salientou anunciou explicou explica alertou garantiu garante
        frisou referiu refere considerou defendeu prometeu adiantou indicou assegurou
        reiterou lamentou respondeu insistiu contou observou""".split()),
    pronouns=frozenset("ele ela eles elas".split()),
    articles=frozenset("o a os as um uma seu sua".split()),
    of_words=frozenset("de da do dos das".split()),
    clause_words=frozenset("""e ou mas à às citado citada citados citadas quando depois
        antes durante porque acrescentando sublinhando referindo explicando falando
        garantindo citando""".split()),
    speaker_cues=("segundo", "de acordo com", "nas palavras de", "conforme"),
    recipient_words=frozenset("à ao às aos".split()),
    gerund_ending="",  # "comando" is no gerund: the common ones are clause words
    titles=frozenset("""presidente ministro ministra embaixador embaixadora porta-voz general
        governador governadora vice-ministro vice-ministra secretário secretária
        comandante encarregado sr sra dr dra negócios estrangeiros cooperação interior
        finanças defesa república""".split()),
    organisation_words=frozenset("""ministério banco grupo empresa companhia conselho agência
        organização forças exército polícia partido frente união nações assembleia instituto
        universidade programa fundo embaixada comissão gabinete associação movimento
        autoridade parlamento tribunal comité projeto projecto estado governo""".split()),
    place_words=frozenset("""distrito província região península ilha ilhas cidade vila aldeia
        baía rio posto""".split()),
    # Not "de": "a convite de X" names a person as often as "ao largo de X" a place.
    place_prepositions=frozenset("em no na para perto junto".split()),
    name_connectors=frozenset({"de", "da", "do", "dos", "das", "para", "as", "os", "e"}),
    attributions=("segundo", "de acordo com", "citado pela", "citado pelo", "citada pela",
                  "citada pelo", "disse à", "disse ao", "noticiou", "avançou"),
    source_labels=("fonte", "fontes", "via"),
    date_labels=("publicado", "publicado em", "data"),
)

LANGUAGES: dict[str, Words] = {"en": ENGLISH, "pt": PORTUGUESE}
