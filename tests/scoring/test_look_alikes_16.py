"""Round 16 of issue 12: classes found by the formerly untuned batches 144-155 (auto-fail false alarms first).
Probe sentences written for this test (not taken from a labelled call), each next to the look-alike that must
keep its answer."""

from __future__ import annotations

import pytest

from tests.scoring.helpers import answer_a_minute_in
from tests.scoring.items import CURSE, FILLER, IDENT, INFORM, RUDE, SECRET, STAFF, THANK

# one sentence of the agent's, a minute into the call, after the opening in the call's language:
# (item, language, style, sentence, does the item pass)
ONE_LINE = [
    # a code that belongs to a thing (a zone, a payment), a phone's digits, a code told to the courier
    (SECRET, "ru", "asr", "подскажите код парковочной зоны с таблички", True),
    (SECRET, "ru", "clean", "Назовите, пожалуйста, последние четыре цифры телефона из договора.", True),
    (SECRET, "kk", "asr", "түбіртектегі төлем кодын айтыңызшы", True),
    (SECRET, "ru", "clean", "Деньги пришли с кодом назначения платежа, всё верно.", True),
    (SECRET, "kk", "clean", "Кодты курьерге айтасыз, маған оны айтудың қажеті жоқ.", True),
    (SECRET, "ru", "clean", "Чтобы оформить отмену, назовите пароль от кабинета.", False),
    (SECRET, "ru", "asr", "я могу сама все сделать назовите пожалуйста ваш пароль", False),
    (SECRET, "kk", "asr", "қосымшаның пароліңізді айтыңызшы", False),
    (SECRET, "ru", "clean", "Назовите код подтверждения из СМС.", False),
    # the caller's record read out, a street in Kazakh order, a paper's author, the agent's own name
    (STAFF, "ru", "asr", "вижу клиент сергеева анна заказ оплачен", True),
    (STAFF, "ru", "clean", "Контактным лицом по договору указан Ибраев Ерлан.", True),
    (STAFF, "kk", "clean", "Мұқанов көшесі он бір, абоненттік бөлімге келіңіз.", True),
    (STAFF, "ru", "clean", "В профиле есть направление, врач Касымов, на анализы.", True),
    (STAFF, "ru", "clean", "Наш специалист Касымова Асель перезвонит вам.", False),
    # a word one sound from a curse, a noun that is one in slang, a curse quoted from the caller's story
    (CURSE, "ru", "asr", "корм наверно педигри или чаппи", True),
    (CURSE, "ru", "asr", "кот лежит на боку и не встает", True),
    (CURSE, "ru", "asr", "бляху на ошейник сделаем новую", True),
    (CURSE, "ru", "clean", "Вы говорите, воспитатель назвал сына дураком, когда это было?", True),
    (CURSE, "kk", "asr", "балаңызды ақымақ деп атаған кім", True),
    (CURSE, "ru", "asr", "ну вы и дурак конечно", False),
    (CURSE, "ru", "asr", "бляха муха опять зависло", False),
    # the account's identifier asked without a verb, in Kazakh with "your", the car's plate, the holder
    (IDENT, "ru", "asr", "и почту от кабинета", True),
    (IDENT, "ru", "asr", "для начала номер договора или ИИН", True),
    (IDENT, "kk", "asr", "шот нөміріңіз немесе мекенжайыңыз", True),
    (IDENT, "kk", "asr", "келісімшарт кімнің атына жасалған", True),
    (IDENT, "ru", "asr", "какой госномер у машины", True),
    (IDENT, "ru", "clean", "Назовите фамилию и имя, я найду вашу запись.", True),
    (IDENT, "ru", "asr", "на номер телефона от кабинета придет смс", False),
    (IDENT, "kk", "asr", "аты жөніңіз бойынша іздеп көрейін", False),
    # rudeness by construction: things that did it by themselves, the aside "знаете ли", "we must guess",
    # "surprising you got through at all", "not our business" in Kazakh; the look-alikes
    (RUDE, "ru", "asr", "ну конечно заказ сам себя отменил", False),
    (RUDE, "ru", "clean", "Очереди, знаете ли, бывают не только у вас.", False),
    (RUDE, "ru", "clean", "А знаете ли вы номер заказа?", True),
    (RUDE, "ru", "asr", "а мы тут должны угадывать что вы имели в виду", False),
    (RUDE, "ru", "clean", "Вам не нужно ничего угадывать, я подскажу.", True),
    (RUDE, "ru", "clean", "Удивительно, что вы вообще нашли наш номер.", False),
    (RUDE, "ru", "clean", "Я же вам вчера по телефону всё объясняла.", False),
    (RUDE, "kk", "asr", "бұл біздің шаруамыз емес өзіңіз біліңіз", False),
    (RUDE, "kk", "asr", "өз мәселеңізді өзіңіз шешіңіз", False),
    (RUDE, "kk", "asr", "сізге таңертең сегізге керек қой", True),
    # thanks for staying on the line, for choosing us, for patience (kk); not "спасибо, не кладите трубку"
    (THANK, "ru", "asr", "спасибо что были на линии", True),
    (THANK, "ru", "clean", "Благодарю, что выбрали нашу компанию.", True),
    (THANK, "kk", "asr", "сабыр сақтағаныңызға рахмет", True),
    (THANK, "kk", "asr", "желіден шықпағаныңызға рақмет", True),
    (THANK, "ru", "asr", "спасибо не кладите трубку", False),
    # "это самое" before a word it cannot agree with is the filler; "это самое главное" is literal
    (FILLER, "ru", "asr", "у вас это самое заявка не прошла", False),
    (FILLER, "ru", "clean", "Это самое главное условие.", True),
    # a Kazakh comparative is no "let me check" however it is heard
    (INFORM, "kk", "asr", "тезірек жазылсаңыз жақсы болар еді", False),
    (INFORM, "kk", "asr", "бір сәт тексерейін", True),
]  # fmt: skip


@pytest.mark.parametrize(("item", "lang", "style", "line", "passes"), ONE_LINE)
def test_round_16_classes(item: str, lang: str, style: str, line: str, passes: bool) -> None:
    assert answer_a_minute_in(item, lang, style, line) is passes
