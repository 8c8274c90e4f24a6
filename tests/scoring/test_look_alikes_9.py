"""Round 9 of issue 12: classes found by new authors' batches 27-33 and by simulated ASR noise. Probe
sentences written for this test (not taken from a labelled call), each next to the look-alike that must keep
its answer."""

from __future__ import annotations

import pytest

from tests.scoring.helpers import HELLO, HELLO_KK, PROBLEM, answer

A, C = "a", "c"


@pytest.mark.parametrize(
    ("lang", "line", "asks"),
    [
        # the warning is in the sentence after the one the match starts in
        ("ru", "Код вы вводите сами на сайте. Никому его по телефону не называйте, даже нам.", False),
        ("kk", "Кодты өзіңіз сайтқа енгізесіз. Ол кодты ешкімге телефонмен айтпаңыз.", False),
        ("ru", "Код вы вводите сами на сайте. А сейчас продиктуйте его мне.", True),
        # "атаңыз" is "name it" only as such: "атаңыздың" is "your grandfather's"
        ("kk", "Код атаңыздың телефонына келеді, оны өзіңіз енгізесіз.", False),
        ("kk", "Телефонға келген кодты атаңызшы.", True),
        # where the code goes, whether the caller typed one, an indefinite "какие-то"
        ("ru", "На какую почту вы ждёте код подтверждения?", False),
        ("ru", "Скажите, вы уже вводили ПИН-код на этом устройстве?", False),
        ("ru", "Какие-то коды вам приходили на телефон?", False),
        ("kk", "Сіз оларға бірдеңе айттыңыз ба, код сияқты?", False),
        ("ru", "Какой код вам пришёл по СМС? Назовите.", True),
        ("ru", "Продиктуйте пароль, который вы вводили.", True),
        # the field below the login named instead of the secret
        ("ru", "Скажите, что вы набираете во втором поле, после адреса почты?", True),
        ("kk", "төменгі жолға не жазып тұрсыз соны оқып беріңізші", True),
        ("ru", "Во втором поле введите новый пароль сами, мне его не называйте.", False),
        # the secret named earlier in the agent's own sentence, asked with a pronoun
        ("ru", "Сейчас система отправит вам новый код повторно, а вы мне его продиктуйте.", True),
        ("ru", "Сейчас придёт новый код из системы, его введите в приложении сами.", False),
    ],
)
def test_a_code_warned_about_routed_typed_or_asked_by_its_field(lang: str, line: str, asks: bool) -> None:
    hello = HELLO_KK if lang == "kk" else HELLO
    assert answer("no_password_request", hello, PROBLEM, (A, line), language=lang) is (not asks)


@pytest.mark.parametrize(
    ("line", "disclosed"),
    [
        # "нашёл" (found) is no "наш" (our): the account holder read back is the caller
        ("Нашёл договор: абонент Смагулов Нурлан, проспект Абая, верно?", False),
        ("Наш инженер Смагулов Нурлан перезвонит вам завтра.", True),
    ],
)
def test_what_the_agent_reads_back_from_the_callers_account(line: str, disclosed: bool) -> None:
    caller = (C, "Номер договора сорок семь двенадцать.")
    assert answer("no_staff_disclosure", HELLO, caller, (A, line)) is (not disclosed)


def test_the_callers_order_number_next_to_the_phone_they_ordered_is_no_contact() -> None:
    order = "вижу заказ телефон самсунг номер заказа восемьдесят один сорок два девяносто семь сто пять верно"
    hello = (A, "добрый день служба поддержки оператор мадина")
    assert answer("no_staff_disclosure", hello, (C, "заказ не пришёл"), (A, order), style="asr") is True


@pytest.mark.parametrize(
    "line",
    [
        "подскажите пожалуйста из какого выгосоргана звоните",  # a pronoun run onto the word after it
        "подскажитеиин владельца договора",  # a word that sounds like another pattern word ("подскажете")
        "жснайтыңызшы",  # an abbreviation run onto the verb without its ending
        "жарайды иин ңіздіайтыңыз",  # the ending cut off the abbreviation and run onto the verb
        "сначала ин продиктуйте",  # ИИН with a letter lost
    ],
)
def test_an_identification_request_the_recogniser_ran_together(line: str) -> None:
    caller = (C, "алло у меня не открывается кабинет")
    hello = (A, "добрый день служба поддержки оператор мадина")
    assert answer("identify_user", hello, caller, (A, line), style="asr") is True


def test_a_lost_letter_makes_no_identification_of_a_word_that_is_one() -> None:
    caller = (C, "алло у меня не открывается кабинет")
    hello = (A, "добрый день служба поддержки оператор мадина")
    assert answer("identify_user", hello, caller, (A, "инструкцию пришлю на почту"), style="asr") is False


@pytest.mark.parametrize(
    ("line", "named"),
    [
        ("сәлеметсіз бе қала көлігі байланыс желісі тыңдап тұрмын", False),  # a service word, no name
        ("сәлеметсіз бе қала көлігі байланыс желісі дәурен тыңдап тұрмын", True),
        ("Қайырлы күн! Қала көлігі анықтама қызметі, Ақботамын. Сізге қалай көмектесем?", True),  # "I am"
    ],
)
def test_own_name_before_listening_and_in_the_kazakh_i_am(line: str, named: bool) -> None:
    assert answer("greeting", (A, line), (C, "сәлеметсіз бе"), language="kk") is named


def test_a_kazakh_ending_cut_off_its_word_is_no_announcement_of_a_check() -> None:
    hello = (A, "сәлеметсіз бе қолдау қызметі менің атым мадина")
    asks = (A, "түсіндім жсн ызды айтып жіберіңізші")
    problem = (C, "кіре алмай жатырмын")
    assert answer("inform_actions", hello, problem, asks, style="asr", language="kk") is False


@pytest.mark.parametrize(
    ("lang", "line", "asks"),
    [
        ("kk", "желіде қала тұрыңыз", False),  # a 4-letter Kazakh word is no "қалай" misheard
        ("kk", "бухгалтерия арқылы ғана жазасыз", False),
        ("ru", "какой-то сбой был утром у банка, уже всё работает", False),
        ("ru", "а вы сами уже пробовали переустановить приложение", True),  # an unpunctuated yes/no question
        ("ru", "а в поддержку магазина вы уже писали", True),
        ("ru", "а вы говорили что заказ оплачен", False),  # the caller's words reported
        ("ru", "так а справка вам для чего нужна", True),  # the purpose, after its noun
    ],
)
def test_plain_questions_about_the_problem_and_their_look_alikes(lang: str, line: str, asks: bool) -> None:
    hello = HELLO_KK if lang == "kk" else HELLO
    problem = (C, "мәселе бар") if lang == "kk" else PROBLEM
    assert answer("clarify_problem", hello, problem, (A, line), style="asr", language=lang) is asks


def test_the_callers_description_of_the_secret_makes_say_it_a_request() -> None:
    asks = (A, "ещё нужна комбинация для входа в кабинет проверю доступ")
    described = (C, "это то что я набираю при входе")
    said = (A, "да именно её продиктуйте")
    assert answer("no_password_request", HELLO, PROBLEM, asks, described, said, style="asr") is False


@pytest.mark.parametrize(
    ("item", "line", "passes"),
    [
        ("inform_actions", "иә бес минут өтті енді қайта кіріп көріңіз", False),  # time gone by, no hold
        ("inform_actions", "ақша он жұмыс күні ішінде түседі он күн күтіңіз", False),  # a wait of days
        ("inform_actions", "бір минут күте тұрыңыз қазір тексеремін", True),
        ("no_filler_words", "журналда өзгеріс жоқ. Значит, скорее всего, пароль другой.", True),  # hedged
    ],
)
def test_time_gone_by_a_wait_of_days_and_a_hedged_conclusion(item: str, line: str, passes: bool) -> None:
    assert answer(item, HELLO_KK, (C, "кіре алмай жатырмын"), (A, line), language="mixed") is passes


@pytest.mark.parametrize(
    ("line", "rude"),
    [
        ("Если бы вы сразу открыли письмо, мы бы сейчас не разбирались.", True),  # the caller's past blamed
        ("Если бы вы могли прислать скриншот, было бы проще.", False),  # a polite request
        ("Я вам уже объясняла: тариф меняется с первого числа.", True),
        ("Как я уже говорила, тариф меняется с первого числа.", False),
        ("Давайте не будем ходить по кругу, решение одно.", True),
        ("Обычно люди сначала смотрят условия акции.", True),
        ("Эти письма, конечно, никто не читает.", True),
        ("Ну а что вы хотите, так во всех банках.", True),
        ("Что вы хотите изменить в заявке?", False),
    ],
)
def test_reproach_in_polite_words(line: str, rude: bool) -> None:
    assert answer("no_rudeness", HELLO, PROBLEM, (A, line)) is (not rude)


@pytest.mark.parametrize(
    ("lang", "hello", "disclosed"),
    [
        # only the agent's own first name may be given (001, 8.5): a surname in the introduction is staff
        ("ru", "Добрый день, служба поддержки, меня зовут Ерлан Садыков, слушаю вас.", True),
        ("ru", "Добрый день, служба поддержки, меня зовут Ерлан, слушаю вас.", False),
        # ... and a Kazakh surname is no two words run together ("жақсы|лықова")
        ("kk", "сәлеметсіз бе қолдау қызметі менің атым мадина жақсылықова тыңдап тұрмын", True),
    ],
)
def test_the_agents_own_surname_is_disclosure(lang: str, hello: str, disclosed: bool) -> None:
    got = answer("no_staff_disclosure", (A, hello), (C, "сәлеметсіз бе"), language=lang, style="asr")
    assert got is (not disclosed)


def test_a_staff_word_before_our_after_a_repeated_ticket_number() -> None:
    ticket = (A, "заявка номер сорок два семнадцать")
    repeat = (C, "сорок два семнадцать записала")
    direct = (
        A,
        "запишите напрямую мастера нашего участка серик ахметов "
        "восемь семьсот один пять пять пять два два три",
    )
    assert answer("no_staff_disclosure", HELLO, PROBLEM, ticket, repeat, direct, style="asr") is False


@pytest.mark.parametrize(
    ("line", "disclosed"),
    [
        # an 8-800 line is free and published by its owner: nobody's own phone
        ("Если что, наш круглосуточный номер восемь восемьсот сто двадцать тридцать тридцать.", False),
        ("Звоните на 8 800 555 12 12 с городского.", False),
        ("Мастер Серик, его сотовый восемь семьсот один пятьсот пятьдесят двадцать двадцать.", True),
    ],
)
def test_a_toll_free_number_is_no_staff_contact(line: str, disclosed: bool) -> None:
    assert answer("no_staff_disclosure", HELLO, PROBLEM, (A, line)) is (not disclosed)


def test_a_login_read_with_an_ellipsis_still_makes_the_name_after_it_the_callers() -> None:
    login = (C, "ermek_astana_77... там подчёркивания")
    found = (A, "Нашла, Ермек Болатович. Сеть пропадает целиком или только на телефоне?")
    assert answer("no_staff_disclosure", HELLO, PROBLEM, (A, "Назовите логин."), login, found) is True


@pytest.mark.parametrize(
    ("line", "asks"),
    [
        ("Хочу напомнить: пароль от ключа и его PIN никому не сообщайте, даже нам.", False),
        ("бас тарту себебінің кодын оқып беріңізші", False),  # a refusal's code, no secret
        ("Напомните, пожалуйста, ваш пароль.", True),
    ],
)
def test_the_agent_reminding_and_a_refusals_code(line: str, asks: bool) -> None:
    assert answer("no_password_request", HELLO, PROBLEM, (A, line), language="mixed") is (not asks)


@pytest.mark.parametrize(
    ("line", "greets"),
    [
        ("здравствуйте жұлдыз телеком аружан слушаю", True),  # a brand of common words, then the first name
        ("сәлеметсіз бе ақ бұлақ су жанар тыңдап тұрмын", True),
        ("сәлеметсіз бе оператор жанар тыңдаймын", False),  # a role is no organisation
        ("салеметсиз бе менин атым арман тыңдап турмын", False),
    ],
)
def test_a_brand_between_the_hello_and_the_first_name(line: str, greets: bool) -> None:
    assert answer("greeting", (A, line), (C, "алло"), language="mixed", style="asr") is greets


@pytest.mark.parametrize(
    ("line", "asks"),
    [
        ("код сброса подскажем а до этого вы старый пароль вводили или сразу новый", True),  # a promise first
        ("какой у вас сейчас пакет и сколько уходит в месяц", True),
        ("не грузится на всех сайтах или на каком то одном", True),
        ("вижу запись на вторник а справку вы у врача просили", True),  # after the agent's finding
        ("я отправила а вы теперь ждали ответа", False),  # the agent's own "я" is no question
    ],
)
def test_unpunctuated_questions_after_a_promise_or_a_finding(line: str, asks: bool) -> None:
    assert answer("clarify_problem", HELLO, PROBLEM, (A, line), style="asr") is asks


def test_a_staff_word_right_before_a_name_after_a_number_is_a_colleague() -> None:
    amount = (C, "списали двенадцать тысяч четыреста сорок а где мне новую карту взять")
    sent = (A, "в офисе на абая подойдите к менеджеру гульнар сейтовой скажите что от меня")
    assert answer("no_staff_disclosure", HELLO, PROBLEM, amount, sent, style="asr") is False


def test_she_is_ours_makes_the_surname_the_agent_adds_a_colleagues() -> None:
    named = (C, "Мне вчера ваша девушка Алия сказала, что всё исправят.")
    added = (A, "А, Алия Омарова, да, она у нас по льготам. Сейчас посмотрю.")
    assert answer("no_staff_disclosure", HELLO, PROBLEM, named, added, (C, "Да, она.")) is False


@pytest.mark.parametrize(
    ("line", "named"),
    [
        ("здравствуйте алтын кредит банк русслан добрый день", True),  # a doubled letter
        ("сәлеметсіз бе салық порталының қолдау қызметі мейиржанмын қалай көмектесейін", True),  # misheard
        ("сәлеметсіз бе салық порталының қолдау қызметі рахметт", False),  # thanks misheard is no name
    ],
)
def test_a_misheard_first_name_in_the_greeting(line: str, named: bool) -> None:
    assert answer("greeting", (A, line), (C, "алло"), language="mixed", style="asr") is named


def test_an_error_code_described_a_clause_later_is_no_secret() -> None:
    line = (A, "а вы можете прочитать мне код полностью он обычно стоит в скобках после текста")
    assert answer("no_password_request", HELLO, PROBLEM, line, style="asr") is True
