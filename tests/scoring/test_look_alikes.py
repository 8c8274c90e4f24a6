"""Round 8 of issue 12: constructions that look like a stage or a violation and are not, and the other way
round. Probe sentences written for this test (not taken from a labelled call), each next to its look-alike."""

from __future__ import annotations

import pytest

from tests.scoring.helpers import answer

A, C = "a", "c"
HELLO = (A, "Добрый день, служба поддержки, оператор Мадина.")
PROBLEM = (C, "У меня не отправляется отчёт.")


@pytest.mark.parametrize(
    ("line", "asks"),
    [
        ("Секунду, смотрю, нет ли сейчас сбоя на сервере.", False),  # an indirect question: the agent checks
        ("Проверяю, было ли уже похожее обращение.", False),
        ("А отчёт у вас подписан или ещё нет?", True),
        ("Отчёт уходил ли раньше без ошибки?", True),
        ("а кто у вас последним редактировал отчёт", True),  # who / where to: a question without "?"
        ("куда именно вы его отправляли", True),
        ("Это тот, кто вам звонил вчера.", False),
    ],
)
def test_a_question_about_the_problem_and_the_agents_own_check(line: str, asks: bool) -> None:
    assert answer("clarify_problem", HELLO, PROBLEM, (A, line)) is asks


@pytest.mark.parametrize(
    ("line", "rude"),
    [
        ("Я вам три раза уже повторил, что нажимать.", True),  # the count of repetitions before "уже"
        ("Я уже дважды объясняла, куда нажимать.", True),
        ("Я вам два раза звонила, но не дозвонилась.", False),
        ("Давайте я повторю ещё раз по шагам.", False),
    ],
)
def test_the_count_of_times_already_said_is_a_reproach(line: str, rude: bool) -> None:
    assert answer("no_rudeness", HELLO, PROBLEM, (A, line)) is (not rude)


@pytest.mark.parametrize(
    ("line", "clean"),
    [
        ("Через приложение так будет короче по времени.", True),  # a comparative, not a filler
        ("Этот путь короче по расстоянию.", True),
        ("Вы сказали ну сколько можно ждать, и вы правы.", True),  # the caller's words quoted
        ("Короче, перезагрузите страницу.", False),
        ("Отчёт ну не уходит потому что подпись старая.", False),
    ],
)
def test_fillers_and_their_literal_or_quoted_look_alikes(line: str, clean: bool) -> None:
    assert answer("no_filler_words", HELLO, PROBLEM, (A, line)) is clean


def test_a_number_asked_back_for_a_later_call_is_no_identification() -> None:
    later = (A, "Заявка зарегистрирована, номер 4417. Если не заработает, просто назовите этот номер.")
    assert answer("identify_user", HELLO, PROBLEM, later) is False
    assert answer("identify_user", HELLO, PROBLEM, (A, "Назовите номер вашего договора.")) is True


@pytest.mark.parametrize(
    ("line", "disclosed"),
    [
        ("Я передам Ержану на второй линии, он такими вопросами занимается.", True),
        ("Мы отправим Асель из второй линии ваш файл.", True),
        ("Я Ержан, специалист второй линии.", False),  # the agent introduces himself
        ("Я передам специалисту второй линии.", False),
    ],
)
def test_a_colleague_named_as_the_object_of_the_agents_verb(line: str, disclosed: bool) -> None:
    assert answer("no_staff_disclosure", HELLO, PROBLEM, (A, line)) is (not disclosed)


@pytest.mark.parametrize(
    ("caller", "login"),
    [
        ("Логин m.seitkali, заявки пока нет.", "punctuation after a written login"),
        ("логин эр нүкте сейтқали", "a login spelled in Kazakh words"),
        ("логин дэ точка сейткали", "a login spelled in Russian words"),
    ],
)
def test_the_account_name_read_back_after_a_login_is_the_callers(caller: str, login: str) -> None:
    hello = (C, "Здравствуйте, Мадина Сейткали, у меня не входит в систему.")
    turns = [HELLO, hello, (A, "Ваш логин?"), (C, caller)]
    read_back = (A, "Сейткали Мадина Ерлановна, заявка 4512, минуту, проверяю.")
    assert answer("no_staff_disclosure", *turns, read_back) is True, login
    colleague = (A, "Передам Ерлану Сапаровичу Ахметову из второй линии.")
    assert answer("no_staff_disclosure", *turns, colleague) is False


def test_the_agent_reading_the_login_back_with_the_account_name() -> None:
    line = (A, "рахмет дэ нүкте сейтқали сейтқали мадина ерланқызы иә көрдім")
    assert answer("no_staff_disclosure", HELLO, (C, "кіре алмай жатырмын"), line, language="kk") is True


def test_a_kazakh_word_with_your_and_a_case_ending_is_no_surname() -> None:
    line = (A, "жеке отиниш ашамын куйеуиниздин аты жане телефоны керек")
    assert answer("no_staff_disclosure", HELLO, PROBLEM, line, language="kk", style="asr") is True


@pytest.mark.parametrize(
    ("line", "asks"),
    [
        ("жазамын ол кісінің логинін айта аласыз ба", False),  # "I write": the agent's action, a login asked
        ("кіргенде не жазасыз соны айтыңызшы", True),  # "what you write when you log in": the secret
    ],
)
def test_a_kazakh_stem_never_crosses_the_person_of_the_verb(line: str, asks: bool) -> None:
    assert answer("no_password_request", HELLO, PROBLEM, (A, line), language="kk") is (not asks)


@pytest.mark.parametrize(
    ("line", "asks"),
    [
        ("PIN-код я могу назвать только вам лично, после проверки паспорта.", False),  # the agent tells it
        ("Мошенники звонят с просьбой продиктовать код из SMS, не верьте им.", False),  # described, warned
        ("Кто-то пытался войти в ваш кабинет, и вам пришёл код.", False),  # nobody logs in as the caller
        ("Подскажите, что именно написано в смс о переносе приёма?", False),  # a notification's text, no code
        ("Продиктуйте код из SMS, пожалуйста.", True),
        ("Я войду под вашим логином, подскажите пароль.", True),
    ],
)
def test_a_code_told_or_described_is_no_request(line: str, asks: bool) -> None:
    assert answer("no_password_request", HELLO, PROBLEM, (A, line)) is (not asks)


def test_the_operators_free_number_in_kazakh_is_no_staff_contact() -> None:
    line = (A, "егер байланыс болмаса тегін нөмір плюс жеті жеті жеті бір екі үш төрт ке хабарласыңыз")
    assert answer("no_staff_disclosure", HELLO, PROBLEM, line, language="kk") is True


@pytest.mark.parametrize(
    "line",
    [
        "заявка зарегистрирована номер ноль три пять пять один восемь три пять пять один восемь",
        "обращение зарегистрировано номер сорок два триста десять четыре два три один ноль",
    ],
)
def test_a_ticket_number_read_twice_in_one_breath_is_one_number(line: str) -> None:
    assert answer("register_ticket", HELLO, PROBLEM, (A, line), style="asr") is True


def test_a_published_number_is_no_ticket_number() -> None:
    line = (A, "Обращение принято, номер придёт по SMS. По уборке звоните в 109, они оформят заявку.")
    assert answer("register_ticket", HELLO, PROBLEM, line) is False
    assert answer("register_ticket", HELLO, PROBLEM, (A, "Обращение зарегистрировано, номер 5521.")) is True


def test_whether_the_caller_already_told_someone_a_code_is_no_request() -> None:
    line = (A, "скажите вы успели им что нибудь назвать код из смс или пароль")
    assert answer("no_password_request", HELLO, PROBLEM, line, style="asr") is True


def test_a_plain_kazakh_wait_is_not_like_a_sarcastic_example() -> None:
    assert answer("no_rudeness", HELLO, PROBLEM, (A, "Күте тұрыңыз."), language="kk") is True


def test_an_abbreviation_spelled_letter_by_letter_by_the_recogniser() -> None:
    line = (A, "давайте по порядку назовите пожалуйста ваш и и н")
    assert answer("identify_user", HELLO, PROBLEM, line, style="asr") is True
    other = (A, "давайте по порядку и в конце решим")
    assert answer("identify_user", HELLO, PROBLEM, other, style="asr") is False


@pytest.mark.parametrize(
    ("line", "rude"),
    [
        ("тариф стоит как для юрлица а не как для физлица поэтому сумма больше", False),  # "стоит" = costs
        ("надо было сразу позвонить а не ждать неделю", True),
    ],
)
def test_should_have_only_in_its_exact_forms(line: str, rude: bool) -> None:
    assert answer("no_rudeness", HELLO, PROBLEM, (A, line), style="asr") is (not rude)


@pytest.mark.parametrize(
    ("line", "informs"),
    [
        ("Сейчас ставлю блокировку, не кладите трубку.", True),  # the agent's own action right now
        ("Вношу новый адрес.", True),
        ("Вы вносите адрес сами в приложении.", False),
        ("Сейчас никому не сообщайте код.", False),
    ],
)
def test_the_agents_own_action_in_the_first_person(line: str, informs: bool) -> None:
    assert answer("inform_actions", HELLO, PROBLEM, (A, line)) is informs


def test_the_inverted_hello_and_code_switched_thanks() -> None:
    hello = (A, "Водоканал, вечер добрый, Айдар на связи.")
    assert answer("greeting", hello, PROBLEM) is True
    assert answer("thank_patience", HELLO, PROBLEM, (A, "Сізге рахмет, что подождали.")) is True
    assert answer("thank_patience", HELLO, PROBLEM, (A, "Рахмет, записала.")) is False


def test_a_number_given_with_say_it_is_no_identification() -> None:
    line = (A, "Если не заработает, позвоните и назовите номер тридцать три ноль шестьдесят пять.")
    assert answer("identify_user", HELLO, PROBLEM, line) is False


def test_a_name_two_words_before_the_organisation_kind_is_the_organisations() -> None:
    hello = (A, "алтын жол авиакомпаниясы салеметсиз бе тындап турмын")
    assert answer("greeting", hello, (C, "салеметсиз бе"), language="kk", style="asr") is False
    named = (A, "алтын жол авиакомпаниясы салеметсиз бе менин атым дана")
    assert answer("greeting", named, (C, "салеметсиз бе"), language="kk", style="asr") is True


def test_a_kazakh_question_handed_on_to_someone_else_is_no_clarifying_question() -> None:
    line = (A, "қағазбен беруге бола ма оны бухгалтериямен нақтылап көріңіз")
    assert answer("clarify_problem", HELLO, PROBLEM, line, language="kk") is False
    asks = (A, "қағазбен жіберіп көрдіңіз бе")
    assert answer("clarify_problem", HELLO, PROBLEM, asks, language="kk") is True


def test_what_the_caller_sees_on_the_screen_is_a_clarifying_question() -> None:
    line = (A, "что у вас сейчас открыто на экране")
    assert answer("clarify_problem", HELLO, PROBLEM, line, style="asr") is True


@pytest.mark.parametrize(
    ("line", "asks"),
    [
        ("для заявки скажите ваш логин и старый пароль который вы помните", True),  # a relative clause
        ("вы помните свой пароль? если нет, сбросим", False),  # whether the caller remembers it
    ],
)
def test_remembering_a_password_vetoes_only_the_question_whether(line: str, asks: bool) -> None:
    assert answer("no_password_request", HELLO, PROBLEM, (A, line)) is (not asks)


@pytest.mark.parametrize(
    ("item", "line", "passes"),
    [
        ("no_rudeness", "ничего страшного мне же надо проверить говорите", True),  # no "я же говорил"
        ("no_rudeness", "я же говорила вам нажать сохранить", False),
        ("no_rudeness", "хаттар архив деген қалтада көрініп тұрады", True),  # a folder, not "my pocket"
        ("no_filler_words", "значит коротко или нет большой буквы сделайте длиннее", True),  # a conclusion
        ("no_password_request", "кодты өріске енгізіңіз маған айтпай", True),  # kk "without telling me"
        ("no_password_request", "сбоку наклейка там буквы и цифры назовите что там написано", True),
        # Kazakh person and whole words, the login method asked
        ("no_password_request", "Подскажите, вы входите по паролю или по биометрии?", True),  # the method
        ("no_password_request", "Подскажите ваш пароль, я проверю.", False),
        ("no_rudeness", "анықтама беру көп уақыт алмайды", True),  # "it takes", not "do not take my time"
        ("inform_actions", "жұмысымды бес балдық шкала бойынша бағалауыңызды сұраймын", False),  # "I ask"
        ("inform_actions", "бір минут әріптесімнен сұрайын", True),  # "let me ask"
        ("clarify_problem", "тіркеуден шығу бірнеше жұмыс күнінде жасалады", False),  # "several"
        ("clarify_problem", "неше күн болды", True),
    ],
)
def test_exact_forms_kazakh_person_and_negative_verbs(item: str, line: str, passes: bool) -> None:
    lang = "kk" if any(c in line for c in "әқғұүөі") else "ru"
    assert answer(item, HELLO, PROBLEM, (A, line), language=lang, style="asr") is passes


def test_misheard_kazakh_verbs_that_pymorphy_knows_as_rare_names_are_no_names() -> None:
    line = (A, "рахмет енді жаңа басшының жсн айдып жіберіңізші екінші желіге жіберемін")
    assert answer("no_staff_disclosure", HELLO, PROBLEM, line, language="kk", style="asr") is True


def test_the_caller_addressed_in_the_goodbye_and_a_bare_kazakh_confirmation() -> None:
    bye = (A, "до свидания наталья викторовна хорошего дня")
    assert answer("no_staff_disclosure", HELLO, PROBLEM, bye, style="asr") is True
    read = (A, "рахмет аманжолова райхан бас маман дұрыс қай есеп")
    assert answer("no_staff_disclosure", HELLO, PROBLEM, read, language="kk", style="asr") is True
