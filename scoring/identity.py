"""Whose name is it (pure): the agent's own name and the caller's identity are not staff (issue 12).

A rule with ``not_identity: true`` ignores a match whose person-name words (``#name``, ``#surname``,
``#patronymic``) all belong to

* the agent's own introduction: names in the agent's first segment, said within ``OWN_NAME_S`` of their
  first words ("администратор Полина", "меня зовут Жанна") — and the same name later ("меня зовут Жанна, я
  сотрудник банка");
* the caller's identity read back by the agent: an agent segment that reads an account / policy / flat
  holder's name to confirm it ("Вижу вашу учётную запись: Сейткалиева Динара Болатовна, верно?",
  "Полис на имя Ахметова Болата", "сейткали мадина ерлановна верно") — a segment with a confirmation word,
  an "on the name of" phrase, or answered by the caller with yes — unless the segment has a staff word
  (a colleague read out with "наш специалист ..." is still staff), and a yes alone does not make a read-back
  of a name that acts ("её проверяет Айжан Муратовна" — "ага, записал": a colleague written down);
* names the caller said before the match (as ``unless_caller_said`` does for whole matches); a name the
  caller repeats after the agent (writing a colleague's name down) is no excuse.

Names are compared by their first 5 folded letters, so that case forms meet ("Ахметова Болата" /
"Ахметов Болат"), or, misheard, by their sound keys one edit apart ("Ерболовича" read back as "ерпловича").
"""

from __future__ import annotations

import re
from typing import Any

from rapidfuzz.distance import Levenshtein

from scoring import morph
from scoring.noise import phonetic
from scoring.text import fold

OWN_NAME_S = 20.0
PREFIX = 5
# confirmation of the caller's identity in ru / kk (folded, lower case)
_CONFIRM = re.compile(
    # (a request filed is no read-back: "заявка оформлена, к вам поедет мастер Игорь"; round 30)
    r"\b([вф]ерно|пра[вф]ильно|так ли|это вы|вы ли|на имя|на вас|на ваше имя|"
    r"(?<!заявка )(?<!заявку )(?<!обращение )оформлен\w*|владел\w*|атына|"
    r"держател\w*|учетн\w* запис\w*|ваши данные|ваше фио|дурыс|сиз бе|сизсиз бе|"
    r"сиздин атыныз\w*|атыныз\w*|в системе|в базе|по базе|жуйеде|деп тур|"
    # whose name a record is in ("вижу бронь на Сарсенбаев Санжар"), who is listed on the caller's card with
    # the caller ("тізімде екі адам бар: сіз және Бақыт Сейітов")
    r"(брон\w*|заказ\w*|путевк\w*|билет\w*|договор\w*|полис\w*|запис\w*|абонемент\w*) на|"
    r"в списке|тизимде|тизимге|тизимдеги|сиз жане|"
    # kk "are you X?": a surname or patronymic as the predicate ("Кенжеғалиұлысыз ба", "Смағұлқызысыз
    # ғой"), "өзіңізсіз бе" (is it you?); not any "...сыз ба" question ("күтесіз бе")
    r"(\w+(улы|кызы|ова|ева|ина|ов|ев|ин|вна|вич)с[ыи]з|озинизсиз) (ба|бе|ма|ме|па|пе|гой))\b"
)
ID_NUMBER_WORDS = 4  # a caller turn with this many number words or digits gave an identifier (ИИН, phone)
ID_DIGITS = 6  # ... or this many digits ("790822 301145")
LOOKUP_SEGMENTS = 5  # segments back from the agent's read-back to the identifier (a hold in between)
NAMED_ID_DIGITS = 4  # ... or this many digits after the identifier's own name ("Номер договора ТК-20833")
# folded: the name of an identifier the caller dictates
_ID_NAME = re.compile(
    r"\b(договор\w*|келисимшарт\w*|шарт\w*|иин|жсн|бин|лицев\w*|счет\w*|шот\w*|логин\w*|аккаунт\w*|id|айди\w*|"
    # ... or of the caller's record: a case, an order, a booking, a policy ("номер дела СК-22817")
    r"дел[аоу]|заказ\w*|брон\w*|тапсырыс\w*|полис\w*|квитанц\w*|накладн\w*|трек\w*)\b"
)
_LOGIN = re.compile(r"^(?=.*[a-z])(?=.*[\d_.])[a-z][a-z0-9_.]{3,}[a-z0-9]\.?$")
# a login spelled out in words (folded): a letter's name, "dot", a word ("эс нүкте нурмагамбетов", "а точка
# жолдасова", "эр точка сапаров")
_SPELLED_LOGIN = re.compile(r"(?:^|\s)\w{1,3} (?:точка|нукте|нокте|дот|подчеркивание) ?\w{3,}")
_EDGE = ",;:!?()«»\"'"
# (run together by the recogniser too: "иадурыс", "дада"; round 31)
_YES = re.compile(
    r"^\W*(да|ага|верно|правильно|все верно|это я|так|ия|иа|иә|ие|дурыс|иа дурыс|иадурыс|дада)\b"
)
_WORD = re.compile(r"\w+")
# folded: "наш специалист", "біздің маман" (the forms of "наш", not "нашел" = "found")
_OURS = re.compile(r"^(наш([аеиу]|его|ей|ему|ем|им|ими|их)?|биздин|биздеги)$")
# folded: "my" before a staff word, said by the agent: a superior of the agent's ("менің басшым")
_MINE = re.compile(r"^(мой|моя|моего|моей|моему|моим|моем|мои|моих|менин|менын)$")
_COLLEAGUE = re.compile(r"^(коллег\w*|арипт\w*)$")
# folded: "она у нас старшая смены", "у нас работает", "возвратами у нас Ерлан Жумабаев занимается", "это у
# нас Тулегенова в отделе техусловий ведёт", someone on a shift or in a department ("Жақыпова ауысымда")
_OF_OURS = re.compile(
    r"\b(он|она) у нас\b|\bу нас работает\b|\bу нас (\w+ ){1,4}(занимается|отвечает|ведет|курирует)\b|"
    r"\b(в отделе|на смене|ауысымда|кезекшиликте)\b"
)
# a greeting or self-introduction (folded): the names in it are the agent's own
_INTRO = re.compile(
    r"\b(здравствуйте|здраствуйте|добрый|доброе|приветствую|алло|слушаю|зовут|меня|атым|есимим|салеметсиз|"
    r"саламатсыз|кайырлы|сэлеметсиз|оператор\w*|консультант\w*|специалист\w*|администратор\w*|диспетчер\w*|"
    r"менеджер\w*|маман\w*)\b"
)


SHORT_NAME = 4  # letters of the shorter name before a lost or added letter still makes it the same name
SOUND_PREFIX = 7  # letters of the sound keys compared for a misheard name


def _key(word: str) -> str:
    return fold(word.lower())


def same_name(a: str, b: str) -> bool:
    """Are two folded name words one name: the same first ``PREFIX`` letters (case forms), or sound keys of
    ``PREFIX`` letters or more whose starts are a lost or added letter apart (misheard: "ерпловича" ~
    "ерболович": п/б share a sound key, an "о" was lost)?"""
    if a[:PREFIX] == b[:PREFIX]:
        return len(a) >= PREFIX or a == b
    # a letter lost or added in a short name ("саня" heard for "сания"), never one substituted
    if (
        min(len(a), len(b)) >= SHORT_NAME
        and a[0] == b[0]
        and Levenshtein.distance(a, b, weights=(1, 1, 2)) <= 1
    ):
        return True
    ka, kb = phonetic(a), phonetic(b)
    if min(len(ka), len(kb)) < PREFIX or ka[0] != kb[0]:
        return False
    n = min(len(ka), SOUND_PREFIX)
    # a letter lost or added; a substituted one is another name ("Нурлан" / "Нуржан", "Марат" / "Мурат")
    return any(Levenshtein.distance(ka[:n], kb[:m], weights=(1, 1, 2)) <= 1 for m in (n - 1, n, n + 1))


MERGED_PART = 5  # letters of a name that may end a known name run together with it ("асхатмаратулы")


def _known(key: str, known: set[str]) -> bool:
    """Is ``key`` one of the ``known`` names, misheard, or the second of two run together in one reading?"""
    return key in known or any(
        same_name(key, k) or (len(key) >= MERGED_PART and len(k) >= len(key) + 3 and k.endswith(key))
        for k in known
    )


def _name_words(comp: Any, text: str) -> set[str]:
    """Keys of the person-name words of a text (first names, surnames, patronymics)."""
    out = set()
    memo: dict[str, bool] = comp.person_word_memo
    for word in _WORD.findall(text.lower().replace("ё", "е")):
        person = memo.get(word)
        if person is None:
            fi = morph.info(word)
            person = comp._is_class(fi, "name") or comp._is_class(fi, "surname") or fi.patronymic_shape
            if len(memo) < 100_000:
                memo[word] = person
        if person:
            out.add(_key(word))
    return out


def _first_names(comp: Any, text: str) -> set[str]:
    """Keys of the first names of a text: the agent may give only their own first name (001, 8.5), so a
    surname or patronymic in the introduction ("меня зовут Ержан Сапаров") is no excuse."""
    out = set()
    for word in _WORD.findall(text.lower().replace("ё", "е")):
        fi = morph.info(word)
        if comp._is_class(fi, "name") and not fi.patronymic_shape:
            out.add(_key(word))
    return out


def _staff(comp: Any, word: str) -> bool:
    """A listed staff word (folded): by its first six letters, or a shorter listed stem it starts with
    ("басшым" — "басшы*", "врачу" — "врач*"; round 33)."""
    return word[:6] in comp.staff_words or word.startswith(comp.staff_stems)


def _has_staff_word(comp: Any, text: str) -> bool:
    """A colleague of the agent's in the segment: a staff word after "our" or "colleague" ("наш специалист
    Ерлан Сапаров, верно?"). A staff word alone may be the caller's own post read back from the account
    ("Нурпеисова Самал Ерболовна, главный специалист отдела кадров — верно?")."""
    raw = _WORD.findall(text.lower())
    words = [fold(w) for w in raw]
    for i, word in enumerate(words):
        if _OURS.match(word) and any(
            _staff(comp, w) or _person_noun(r)
            for r, w in zip(raw[i + 1 : i + 3], words[i + 1 : i + 3], strict=True)
        ):
            return True  # "наш программист", "біздің маман": a person of ours, listed as staff or not
        if _OURS.match(word) and any(_staff(comp, w) for w in words[max(0, i - 2) : i]):
            return True  # "мастера нашего участка": a listed staff word before "our"
        if _MINE.match(word) and any(_staff(comp, w) for w in words[i + 1 : i + 3]):
            return True  # "менің басшым Асқар Ермеков", "мой руководитель": the agent's own superior
        if (word == "нас" and i and words[i - 1] == "у") or word == "бизде":
            near = words[max(0, i - 3) : max(0, i - 1)] + words[i + 1 : i + 3]
            if any(_staff(comp, w) for w in near):
                return True  # "мастер у нас по вашему району Ержан Жумабаев": a listed staff word by "у нас"
    # "она у нас старшая смены": a person of ours
    return any(_COLLEAGUE.match(w) for w in words) or bool(_OF_OURS.search(" ".join(words)))


def _staff_before_name(comp: Any, text: str) -> bool:
    """A staff word right before a person's name ("к менеджеру Асель Каримовой"): a colleague, not the
    caller's post read back (which follows the name: "Кенжебаев Ерболат, руководитель отдела")."""
    words = _WORD.findall(text.lower().replace("ё", "е"))
    return any(
        _staff(comp, fold(w)) and _name_words(comp, " ".join(words[i + 1 : i + 3]))
        for i, w in enumerate(words)
    )


def _staff_phrase(comp: Any, text: str) -> bool:
    """A staff phrase of the lexicon in the segment ("из второй линии", "екінші желіге"): a name read right
    after an identifier without a confirmation is the caller's only without one (a single staff word may be
    the caller's own post read from the account: "Кенжебаев Ерболат, руководитель отдела")."""
    words = [fold(w)[:6] for w in _WORD.findall(text.lower())]
    return any(
        all(words[i + k].startswith(p) for k, p in enumerate(phrase))
        for phrase in comp.staff_phrases
        for i in range(len(words) - len(phrase) + 1)
    )


# the agent handing the matter on to somebody ("передам Бауыржану Ермековичу"; folded)
_HAND_ON = re.compile(
    r"^(передам|передаю|передадим|переведу|перевожу|соединю|соединяю|переключу|переключаю|направлю)$"
)


# verbs of a record, not of a person's work ("Ахметов Болат значится владельцем")
# ... nor of the agent's own look-up ("Нашла Кенжебаева Ерболата")
_HOLDS = frozenset({
    "значится", "числится", "значился", "числился", "является", "был", "была", "стоит", "стоял", "нашла",
    "нашел", "нашли", "открыла", "открыл", "проверила", "проверил", "посмотрела", "посмотрел", "увидела",
    "увидел", "вижу", "видно",
})  # fmt: skip
_CLAUSE = re.compile(r"[,;:.!?…—()«»\"]+|\s-\s")


def _name_acts(comp: Any, text: str) -> bool:
    """A person's name as the one who does or did something to the caller's matter ("вашу заявку принимала
    Сауле Кенжебаева", "у нас Бауыржан занимается") or the one it is handed on to ("передам Бауыржану
    Ермековичу"): a colleague, not the caller's name read back (a read-back is a noun phrase: "Сейткалиева
    Динара Болатовна, вижу заявку"). Clauses are split at punctuation: "Нашла: Кенжебаев Ерболат"."""
    return any(_clause_acts(comp, _WORD.findall(c)) for c in _CLAUSE.split(text.lower().replace("ё", "е")))


def _clause_acts(comp: Any, words: list[str]) -> bool:
    for i, word in enumerate(words):
        if not _name_words(comp, word):
            continue
        if any(_HAND_ON.match(fold(w)) for w in words[max(0, i - 2) : i]):
            return True
        for near in words[max(0, i - 1) : i] + words[i + 1 : i + 2]:
            fi = morph.info(near)
            if (
                fi.known
                and fi.pos == "VERB"
                and fi.fold not in _HOLDS
                and ({"past", "sing"} <= fi.grammemes or {"3per", "sing"} <= fi.grammemes)
            ):
                return True
    return False


def _person_noun(form: str) -> bool:
    fi = morph.info(form)
    return fi.pos == "NOUN" and "anim" in fi.grammemes and not fi.grammemes & {"Name", "Surn", "Patr"}


def _agent_words(call: Any) -> dict[int, str]:
    """Segment → the agent's words in it as the matcher sees them (after ``scoring.asrfix.repair``)."""
    toks = call.text.toks
    src = toks.src or toks.seg
    words: dict[int, list[str]] = {}
    for pos, form in enumerate(toks.forms):
        words.setdefault(src[pos], []).append(form)
    return {seg: " ".join(w) for seg, w in words.items()}


def _identifier(text: str) -> bool:
    """Does a caller turn dictate an identifier: an ИИН, phone or account (number words or digits), or a
    login ("alatau_soc_meiramgul", "buh_tolkyn", "ahmet77")?"""
    words = _WORD.findall(text.lower())
    digits = sum(len(w) for w in words if w.isdigit())
    if digits >= ID_DIGITS or (digits >= NAMED_ID_DIGITS and _ID_NAME.search(fold(text.lower()))):
        return True
    return sum(w.isdigit() or morph.NUMBERS[w] is not None for w in words) >= ID_NUMBER_WORDS or _login(text)


def _numbers(text: str) -> str:
    """The number words and digits of a text, in order."""
    return " ".join(w for w in _WORD.findall(text.lower()) if w.isdigit() or morph.NUMBERS[w] is not None)


def _echo(segs: Any, j: int) -> bool:
    """Does caller segment ``j`` repeat the numbers the agent just said (a ticket number written down: "S-209
    330. А кто его смотрит?"), rather than dictate an identifier of the caller's?"""
    said = _numbers(segs[j].text)
    prev = next((s for s in reversed(segs[max(0, j - 2) : j]) if s.speaker != "caller"), None)
    return bool(said) and prev is not None and said in _numbers(prev.text)


def _login(text: str) -> bool:
    """A login in a text: as written ("b.abdirakhmanov," with its punctuation) or spelled out in words."""
    return any(_LOGIN.match(w.strip(_EDGE).rstrip(".…")) for w in text.lower().split()) or bool(
        _SPELLED_LOGIN.search(fold(text.lower()))
    )


def _after_identifier(segs: Any, i: int, memo: dict[int, bool]) -> bool:
    """Does agent segment ``i`` come right after the caller dictated an identifier (ИИН, phone, account,
    login), a look-up in between ("Одну минуту, ищу" — "Да-да" — "Анвар Кайратович, вижу заказ")?
    ``memo``: caller segment → dictates an identifier."""
    callers = 0
    for j in range(i - 1, max(0, i - LOOKUP_SEGMENTS) - 1, -1):
        if segs[j].speaker != "caller":
            continue
        found = memo.get(j)
        if found is None:
            found = memo[j] = _identifier(segs[j].text) and not _echo(segs, j)
        if found:
            return True
        callers += 1
        if callers == 2:
            return False
    return False


# folded: the agent asks for the caller's name ("фамилию и дату заезда", "аты-жөнін айтыңызшы"), or the
# caller names themselves ("на моё имя", "менің атымда")
_NAME_ASKED = re.compile(r"\b(фамили\w*|фио|ваше имя|как вас зовут|аты ?-? ?жон\w*|тегин\w*|есимин\w*)\b")
_SELF_NAMED = re.compile(r"\b(меня зовут|на мое имя|на меня|это я|атым\w*|есимим\w*)")


def _named_self(comp: Any, segs: Any, i: int) -> bool:
    """Does agent segment ``i`` read back a name the caller just gave as their own, a look-up in between
    ("Шарт менің атымда, Тұрсынов Сәкен" — "іздеп жатырмын" — "Сәкен Бақытұлы, табылды")?"""
    mine = _name_words(comp, segs[i].text)
    callers = 0
    for j in range(i - 1, max(0, i - LOOKUP_SEGMENTS) - 1, -1):
        if segs[j].speaker != "caller":
            continue
        asked = next((s for s in reversed(segs[max(0, j - 2) : j]) if s.speaker != "caller"), None)
        own = bool(_SELF_NAMED.search(fold(segs[j].text.lower().replace("ё", "е")))) or (
            asked is not None and bool(_NAME_ASKED.search(fold(asked.text.lower())))
        )
        theirs = _name_words(comp, segs[j].text)
        if own and any(_known(k, theirs) for k in mine):
            return True
        callers += 1
        if callers == 2:
            return False
    return False


def identity_names(call: Any) -> set[str]:
    """Keys of the names that are the agent's own or the caller's identity in this call (cached)."""
    cached: set[str] | None = getattr(call, "_identity", None)
    if cached is not None:
        return cached
    comp, segs = call.comp, call.doc.segments
    heard = _agent_words(call)  # the agent's words as matched: ASR-merged words split ("администраторполина")
    out: set[str] = set()
    memo: dict[int, bool] = {}
    if call.agent_idx:  # the first agent segment that names anyone, early in the call: the introduction
        t0 = segs[call.agent_idx[0]].start + OWN_NAME_S
        for i in call.agent_idx:
            # the call's first agent turn is the introduction, its hello or "слушаю" misheard or not
            # ("добрыйй день лифт сервис диспеттчир руслан слушою")
            text = heard.get(i, segs[i].text)
            # ... unless it names a colleague ("обратитесь к Ерлану со второй линии")
            first = i == call.agent_idx[0] and not (_staff_phrase(comp, text) or _has_staff_word(comp, text))
            early = segs[i].start <= t0 and (first or _INTRO.search(fold(text.lower())))
            own = _first_names(comp, text) if early else set()
            if own or segs[i].start > t0:
                out |= own
                break
    for i in call.agent_idx:
        text = heard.get(i, segs[i].text)
        low = fold(text.lower().replace("ё", "е"))
        answer = next((s for s in segs[i + 1 : i + 3] if s.speaker == "caller"), None)
        confirmed = answer is not None and bool(_YES.match(fold(answer.text.lower())))
        # "рахмет, Хасенов Болат Ерікұлы" right after the ИИН, or the name the caller gave read back
        after_id = _after_identifier(segs, i, memo) or _named_self(comp, segs, i)
        # ... or the agent reads the login back with the name ("е нүкте ибраев, Ибраев Ерболат Сәкенұлы")
        said_back = bool(_CONFIRM.search(low)) or _login(segs[i].text)
        read_back = said_back or confirmed
        if confirmed and not (said_back or after_id) and _name_acts(comp, segs[i].text):
            continue  # "её проверяет Айжан Муратовна" — "ага, записал": a colleague written down
        if (
            after_id
            and not read_back
            and (
                _staff_phrase(comp, text) or _staff_before_name(comp, text) or _name_acts(comp, segs[i].text)
            )
        ):
            continue  # "Передам Ерлану Сапаровичу из второй линии" right after the login: a colleague
        if (read_back or after_id) and not _has_staff_word(comp, text):
            out |= _name_words(comp, text)
    call._identity = out
    return out


def caller_names(call: Any) -> dict[str, float]:
    """Keys of the names the caller said → when they first said each (cached)."""
    cached: dict[str, float] | None = getattr(call, "_caller_names", None)
    if cached is not None:
        return cached
    out: dict[str, float] = {}
    for seg in call.doc.segments:
        if seg.speaker == "caller":
            for key in _name_words(call.comp, seg.text):
                out.setdefault(key, seg.start)
    call._caller_names = out
    return out


def whose(call: Any, hit: Any) -> str:
    """Why the name words of a match are not staff, or "" when they may be."""
    forms = call.text.toks.forms[hit.start : hit.end]
    keys = _name_words(call.comp, " ".join(forms))
    said = call.doc.segments[call.text.toks.src[hit.start]].start
    # the caller's own names said before; a colleague's name the caller writes down after is still staff
    known = identity_names(call) | {k for k, t in caller_names(call).items() if t <= said}
    if keys and all(_known(k, known) for k in keys):
        return "the caller's identity or the agent's own name"
    return ""
