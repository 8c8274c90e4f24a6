"""The default script's checklist on our own short calls: each rule, each trap of issue 5, new wordings.

These phrases were written for these tests (other organisations, other agents), not taken from shared/data.
"""

from __future__ import annotations

import pytest

from tests.scoring.helpers import answer, default_checklist, score

A, C = "a", "c"

REFERENCE = {
    "greeting": "client",
    "identify_user": "business",
    "clarify_problem": "client",
    "register_ticket": "business",
    "inform_actions": "client",
    "thank_patience": "client",
    "anything_else": "client",
    "survey_invite": "business",
    "farewell": "client",
    "no_filler_words": "client",
    "no_profanity": "regulator",
    "no_rudeness": "client",
    "no_password_request": "regulator",
    "no_staff_disclosure": "regulator",
}


def test_items_and_criticality_are_the_reference_ones() -> None:
    checklist = default_checklist()
    assert {i.id: i.criticality for i in checklist.items} == REFERENCE
    assert {t.kind: t.limit_s for t in checklist.timing_checks} == {
        "max_call_length": 900,
        "answer_time": 20,
        "agent_silence": 60,
    }


STAGE_CASES = [
    # greeting: greeting word + organisation + own name, within the first 20 s of agent speech
    ("greeting", True, [(A, "Добрый вечер, компания «Казэнерго», оператор Самал, слушаю вас.")]),
    ("greeting", True, [(A, "здравствуйте вы позвонили в службу поддержки меня зовут игорь")]),
    (
        "greeting",
        True,
        [(A, "Қайырлы күн! Байланыс орталығы, есімім Ақмарал.")],
    ),
    ("greeting", True, [(A, "салеметсиз бе колдау кызметі менің атым дамир")]),
    ("greeting", False, [(A, "Добрый день, меня зовут Олег, чем могу помочь?")]),  # no organisation
    ("greeting", False, [(A, "Служба поддержки, Олег, слушаю.")]),  # no greeting word
    ("greeting", False, [(A, "Здравствуйте, служба поддержки, слушаю вас.")]),  # no own name
    (
        "greeting",
        False,
        [(A, "Алло."), (25.0, A, "Здравствуйте, служба поддержки, меня зовут Олег.")],
    ),  # too late
    # the hello formula opening the turn, its second word misheard or run on by the recogniser
    ("greeting", True, [(A, "добрый днь служба поддержки е-кызмет данияр слушаю вас")]),
    ("greeting", True, [(A, "қайырлытаң қалалық емхана менің атым сәуле")]),
    ("greeting", False, [(A, "добрый днь слушаю вас")]),  # no organisation, no name
    # identify_user
    ("identify_user", True, [(A, "Уточните, пожалуйста, ваш логин в системе.")]),
    ("identify_user", True, [(A, "С какого вы министерства звоните?")]),
    ("identify_user", True, [(A, "Назовите номер лицевого счёта, пожалуйста.")]),
    ("identify_user", True, [(A, "Жеке сәйкестендіру нөміріңізді, яғни ЖСН-ді айтыңызшы.")]),
    (
        "identify_user",
        False,
        [(A, "Введите логин и пароль на странице входа.")],
    ),  # instruction, not a question
    ("identify_user", False, [(A, "А как ваша фамилия?")]),
    # an identifier named where to look, with a third person's future: nothing asked of the caller
    (
        "identify_user",
        False,
        [(A, "Сумма видна в кабинете, раздел «Лицевой счёт», либо вам подскажут в управлении.")],
    ),
    ("identify_user", True, [(A, "А не подскажете номер договора?")]),
    # the identifier itself lost by the recogniser (a short word: "ИИН", "логин"): still a request for it
    ("identify_user", True, [(A, "назовите ваш пожалуйста")]),
    ("identify_user", True, [(A, "ваш продиктуйте пожалуйста")]),
    ("identify_user", False, [(A, "скажите ваш вопрос")]),
    # "қайта хабарласыңыз" (call again) is no "қайдан хабарласып тұрсыз" (where are you calling from)
    ("identify_user", False, [(A, "Если до первого ноября не придёт, қайта хабарласыңыз.")]),
    ("identify_user", True, [(A, "Сіз қайдан хабарласып тұрсыз?")]),
    # "say THIS number when you come": the ticket number the agent gave, not the caller's identifier
    ("identify_user", False, [(A, "Өтінішіңіз тіркелді, нөмірі 312, келгенде осы нөмірді айтсаңыз болды.")]),
    ("identify_user", True, [(A, "Шарт нөміріңізді айтыңызшы.")]),
    # the identifier in the accusative run onto the verb by the recogniser
    ("identify_user", True, [(A, "түсінемін телефон нөміріңіздіайтыңызшы")]),
    ("identify_user", True, [(A, "түсіндім логиніңіздіайтасыз ба")]),
    ("identify_user", False, [(A, "түсіндім сұрағыңыздыайтыңызшы")]),  # the question, not an identifier
    # clarify_problem
    ("clarify_problem", True, [(A, "Скажите, какое сообщение появляется на экране?")]),
    ("clarify_problem", True, [(A, "С какого момента это началось?")]),
    ("clarify_problem", True, [(A, "ошибка появляется у всех пользователей или только у вас")]),
    ("clarify_problem", True, [(A, "Қашаннан бері жүйеге кіре алмайсыз?")]),
    (
        "clarify_problem",
        False,
        [(A, "Назовите ваш логин."), (A, "Спасибо, что подождали, сейчас всё исправлено.")],
    ),
    ("clarify_problem", False, [(A, "Сейчас посмотрю, что там происходит.")]),
    # register_ticket: a ticket AND its number
    ("register_ticket", True, [(A, "Номер обращения сорок пять двенадцать.")]),
    ("register_ticket", True, [(A, "Ваша заявка зарегистрирована под номером 4512.")]),
    ("register_ticket", True, [(A, "Өтінішіңіз 4512 нөмірімен тіркелді.")]),
    ("register_ticket", True, [(A, "я оформила заявку номер двадцать три тысячи сорок восемь")]),
    ("register_ticket", False, [(A, "Заявку я зарегистрировал, номер придёт вам на почту.")]),
    ("register_ticket", False, [(A, "Заявку рассмотрят в течение 2023 года.")]),
    ("register_ticket", False, [(A, "Перезвоните через 15 минут, заявку примут.")]),
    # inform_actions
    ("inform_actions", True, [(A, "Секундочку, уточняю у коллег.")]),
    ("inform_actions", True, [(A, "Одну минуточку, я посмотрю ваш договор.")]),
    ("inform_actions", True, [(A, "Давайте я проверю настройки вашего профиля.")]),
    ("inform_actions", True, [(A, "Сәл күте тұрыңыз, қазір қарап көремін.")]),
    ("inform_actions", False, [(A, "Нажмите кнопку «Обновить» и посмотрите результат.")]),
    (
        "inform_actions",
        False,
        [(A, "Письмо придёт через пять минут."), (A, "На данный момент всё работает.")],
    ),
    ("inform_actions", False, [(A, "Я проверила, всё в порядке.")]),  # a result, not an announcement
    ("inform_actions", False, [(A, "Смотрю, у вас уже всё работает.")]),
    # thank_patience
    ("thank_patience", True, [(A, "Благодарю вас за ожидание.")]),
    ("thank_patience", True, [(A, "Спасибо, что оставались на линии.")]),
    ("thank_patience", True, [(A, "Шыдамдылығыңыз үшін рақмет.")]),
    ("thank_patience", False, [(A, "Спасибо, Марат. Какой у вас вопрос?")]),
    # anything_else
    ("anything_else", True, [(A, "Чем ещё могу быть полезна?")]),
    ("anything_else", True, [(A, "Есть ли у вас другие вопросы?")]),
    ("anything_else", True, [(A, "Тағы көмек керек пе?")]),
    ("anything_else", False, [(A, "Если будут вопросы, звоните.")]),
    ("anything_else", False, [(A, "Здравствуйте, чем могу помочь?")]),
    # survey_invite: stay on the line AND the five-point scale, near the end
    ("survey_invite", True, [(A, "Не вешайте трубку, пожалуйста, и оцените разговор по шкале от 1 до 5.")]),
    ("survey_invite", True, [(A, "Оставайтесь на связи: сейчас будет оценка по пятибалльной системе.")]),
    ("survey_invite", True, [(A, "Қоңырауды тастамай, желіде қалып, бес балдық жүйе бойынша бағалаңыз.")]),
    ("survey_invite", False, [(A, "Оцените нас, пожалуйста, в приложении.")]),
    ("survey_invite", False, [(A, "Не кладите трубку, будет короткий опрос.")]),
    # farewell at the end
    ("farewell", True, [(A, "Хорошего вечера!")]),
    ("farewell", True, [(A, "Көріскенше, сау болыңыз.")]),
    ("farewell", False, [(A, "Спасибо за звонок."), (C, "До свидания.")]),
    # other organisations and wordings
    (
        "greeting",
        True,
        [(A, "Алло, здравствуйте! Вы дозвонились в call-центр «Beeline», меня зовут Кирилл.")],
    ),
    ("greeting", True, [(A, "Добрый день, Kaspi, Аружан, чем могу помочь?")]),
    ("greeting", True, [(A, "здравствуйте мтс оператор евгения")]),
    ("greeting", True, [(A, "Сәлеметсіз бе, Kcell компаниясы, менің есімім Айбек.")]),
    ("greeting", False, [(A, "Доброе утро, слушаю вас внимательно.")]),
    # a first name nobody listed, right before "слушаю" after the service: still the agent's name
    ("greeting", True, [(A, "Здравствуйте, служба поддержки, Бексұлтан, слушаю вас.")]),
    ("greeting", True, [(A, "сәлеметсіз бе қолдау қызметі еламан тыңдап тұрмын")]),
    ("greeting", False, [(A, "Здравствуйте, КазТрансКом, слушаю вас.")]),  # the organisation, no name
    ("identify_user", True, [(A, "Продиктуйте номер заказа, пожалуйста.")]),
    ("identify_user", True, [(A, "Жеке шот нөміріңізді айтыңызшы.")]),
    ("identify_user", True, [(A, "номер вашего счета или иин пожалуйста")]),
    ("identify_user", True, [(A, "назовите четыре цифры карты")]),
    ("identify_user", False, [(A, "Номер вашей заявки 4512.")]),
    ("identify_user", True, [(A, "Назовите, пожалуйста, ваши данные для идентификации.")]),
    ("clarify_problem", True, [(A, "что вы уже пробовали сделать")]),
    ("clarify_problem", True, [(A, "Мәселе қашан басталды?")]),
    # "when" about the caller's past actions or events is a clarifying question; a plan or a condition is not
    ("clarify_problem", True, [(A, "когда вы заметили что очередь сдвинулась")]),
    ("clarify_problem", True, [(A, "сіз қай уақытта тапсырыс бердіңіз")]),
    ("clarify_problem", False, [(A, "когда придет уведомление вы сможете войти")]),
    ("clarify_problem", False, [(A, "Я вижу, что когда вы вводили пароль, система выдала ошибку.")]),
    # an indirect question inside a statement, the caller's data read back, a Kazakh "such" are no questions
    ("clarify_problem", False, [(A, "Я передам, чтобы специалисты разобрались, почему код не принимался.")]),
    ("clarify_problem", False, [(A, "Так, Сейтказиев Арсен Нурланович, 2018 года рождения, правильно?")]),
    ("clarify_problem", False, [(A, "түсінікті ондай жағдай кейде болып тұрады")]),
    ("clarify_problem", True, [(A, "Почему код не принимается, как вы думаете?")]),
    # the agent's own "let me check whether ..." and an offer of further help are no clarifying question
    ("clarify_problem", False, [(A, "бір минут жүйеде жалпы ақау бар ма жоқ па соны тексерейін")]),
    ("clarify_problem", False, [(A, "қазір тексеріп көрейін полис базаға түсті ме")]),
    ("clarify_problem", False, [(A, "тағы бірдеңе керек пе")]),
    ("clarify_problem", False, [(A, "Сейчас проверю, есть ли общий сбой.")]),
    ("clarify_problem", True, [(A, "Қате хабарлама шықты ма?")]),
    ("clarify_problem", True, [(A, "акт управляющей компании сдали или еще нет")]),
    ("clarify_problem", False, [(A, "Если вопросов больше нет, всего доброго.")]),
    ("anything_else", True, [(A, "Бұдан басқа сізді мазалап жүрген мәселе бар ма?")]),
    ("anything_else", False, [(A, "Басқа мәселелер бойынша 1414 нөміріне хабарласыңыз.")]),
    ("greeting", True, [(A, "Здравствуйте, регистратура областной детской больницы, меня зовут Алина.")]),
    ("greeting", True, [(A, "Сәлеметсіз бе, аудандық білім бөлімі, менің атым Асель.")]),
    ("inform_actions", True, [(A, "мне нужно время чтобы проверить вашу заявку")]),
    ("inform_actions", True, [(A, "Күте тұрыңыз, тексеремін.")]),
    ("thank_patience", True, [(A, "Спасибо за ваше время и терпение.")]),
    ("anything_else", True, [(A, "Что-нибудь ещё?")]),
    ("anything_else", True, [(A, "Басқа сұрағыңыз бар ма?")]),
    (
        "survey_invite",
        True,
        [(A, "Сейчас будет переключение на автоматический опрос, оцените меня от 1 до 5.")],
    ),
    ("register_ticket", True, [(A, "Номер вашего обращения: ноль ноль четыре пять один два.")]),
    ("register_ticket", True, [(A, "Заявка тіркелді, нөмірі жетпіс бес мың.")]),
    # the number in the next turn after the caller's reply; a time right after the number is not its unit
    (
        "register_ticket",
        True,
        [(A, "Өтініш тіркеп жатырмын."), (C, "Жарайды."), (A, "Толық нөмірі 4821-07.")],
    ),
    ("register_ticket", True, [(A, "жаздым заявка номери уш жуз он торт бирсигуне сагат он бирде")]),
    ("register_ticket", False, [(A, "Заявка на ремонт будет через 5 часов.")]),
]


@pytest.mark.parametrize(("item", "expected", "turns"), STAGE_CASES)
def test_stage_items(item: str, expected: bool, turns: list[tuple[object, ...]]) -> None:
    assert answer(item, *turns) is expected


FORBIDDEN_CASES = [
    # only the agent's speech counts: the caller may swear and use fillers
    (
        "no_profanity",
        True,
        [(C, "Да вы там все идиоты, блин, задолбали!"), (A, "Понимаю вас, давайте разберёмся.")],
    ),
    (
        "no_filler_words",
        True,
        [(C, "Короче, типа, не работает ничего."), (A, "Понимаю. Что именно не работает?")],
    ),
    # the agent quoting the caller is not the agent's own rudeness / abuse
    (
        "no_rudeness",
        True,
        [(C, "Вы мне хамите!"), (A, "Вы говорите, я «хамлю»? Простите, не хотела вас обидеть.")],
    ),
    (
        "no_profanity",
        True,
        [
            (C, "Это идиотская программа!"),
            (A, "Вы сказали «идиотская программа» — понимаю ваше раздражение."),
        ],
    ),
    # a forbidden word inside a longer normal word is no hit
    ("no_profanity", True, [(A, "На фото изображение корабля, без всякого стереотипа.")]),
    ("no_filler_words", True, [(A, "Это стереотипа не касается.")]),
    # filler used as a filler vs carrying meaning
    ("no_filler_words", True, [(A, "Как бы вы хотели получить справку — по почте или лично?")]),
    ("no_filler_words", True, [(A, "Ну что ж, давайте попробуем ещё раз.")]),
    ("no_filler_words", True, [(A, "Это значит, что договор продлён автоматически.")]),
    ("no_filler_words", True, [(A, "Выберите файл какого типа вам удобнее.")]),
    ("no_filler_words", True, [(A, "В общем доступе этого документа нет.")]),
    ("no_filler_words", True, [(A, "Это самое простое решение.")]),
    ("no_filler_words", False, [(A, "Ну, как бы, система сейчас перегружена.")]),
    ("no_filler_words", False, [(A, "Значит, смотрите, нажимаете сюда.")]),
    ("no_filler_words", False, [(A, "Там, короче, надо обновить страницу.")]),
    ("no_filler_words", False, [(A, "Вам нужно, ну, перезагрузить компьютер.")]),
    ("no_filler_words", False, [(A, "В общем-то, ничего страшного.")]),
    ("no_filler_words", False, [(A, "Жаңағы, құжатты қайта жүктеңіз.")]),
    # profanity / abuse by the agent
    ("no_profanity", False, [(A, "Опять эта хрень с сервером.")]),
    ("no_profanity", False, [(A, "Сіз ақымақсыз ба?")]),
    ("no_profanity", False, [(A, "какой то долбоёб настроил")]),
    # rudeness
    ("no_rudeness", False, [(A, "Я вам уже три раза объясняла!")]),
    ("no_rudeness", False, [(A, "Это ваши проблемы, а не мои.")]),
    ("no_rudeness", False, [(A, "Не морочьте мне голову.")]),
    ("no_rudeness", False, [(A, "Мен сізге қанша рет айтамын?")]),
    ("no_rudeness", True, [(A, "Как я уже говорила, поиск идёт только по текущей фамилии.")]),
    ("no_rudeness", True, [(A, "К сожалению, это не в моей компетенции, я передам вопрос специалистам.")]),
    # password: warnings pass, any request fails
    ("no_password_request", True, [(A, "Пароль никому не сообщайте, даже нам.")]),
    ("no_password_request", True, [(A, "Мы никогда не спрашиваем код из СМС.")]),
    ("no_password_request", True, [(A, "Придумайте новый пароль не короче десяти символов.")]),
    ("no_password_request", True, [(A, "Құпия сөзді ешкімге айтпаңыз.")]),
    ("no_password_request", False, [(A, "Продиктуйте, пожалуйста, код из СМС.")]),
    ("no_password_request", False, [(A, "А какой у вас сейчас пароль стоит?")]),
    ("no_password_request", False, [(A, "Мне нужен ваш пароль, чтобы проверить вход.")]),
    ("no_password_request", False, [(A, "Скажите цифры, которые пришли вам в сообщении.")]),
    ("no_password_request", False, [(A, "Давайте я зайду под вашим логином, скажите пароль.")]),
    ("no_password_request", False, [(A, "Смс-кодты айтып жіберіңізші.")]),
    # "never" in Kazakh makes a warning; the sixteen digits of a card are its number, not its security code
    ("no_password_request", True, [(A, "айтып қояйын құпия сөзді ешқашан маған да басқаға да айтпаңыз")]),
    ("no_password_request", True, [(A, "Продиктуйте номер карты, шестнадцать цифр на обороте.")]),
    ("no_password_request", False, [(A, "Назовите номер карты и три цифры на обороте.")]),
    # staff disclosure
    ("no_staff_disclosure", False, [(A, "Позвоните нашему юристу Айгерим Сериковне.")]),
    ("no_staff_disclosure", False, [(A, "Обратитесь к Ерлану со второй линии.")]),
    ("no_staff_disclosure", False, [(A, "Если что, пишите мне в ватсап.")]),
    (
        "no_staff_disclosure",
        False,
        [(A, "Телефон нашего администратора восемь семь ноль один пять пять пять ноль ноль ноль один.")],
    ),
    (
        "no_staff_disclosure",
        True,
        [(C, "Меня зовут Жанна Болатовна."), (A, "Жанна Болатовна, ваша заявка принята.")],
    ),
    ("no_staff_disclosure", True, [(A, "Передаю вопрос специалистам второй линии, они свяжутся с вами.")]),
    ("no_staff_disclosure", True, [(A, "Ваша заявка номер 1234567, сохраните её.")]),
    ("no_staff_disclosure", False, [(A, "Вас проконсультирует наш специалист Асель.")]),
    ("no_staff_disclosure", False, [(A, "Бұл сұрақпен Асқар Серікұлы айналысады, соған хабарласыңыз.")]),
    (
        "no_staff_disclosure",
        True,
        [(A, "Здравствуйте, служба поддержки, оператор Асель, специалист первой линии.")],
    ),
    ("no_rudeness", True, [(A, "Вы что-то не понимаете в инструкции? Давайте объясню ещё раз.")]),
    ("no_rudeness", False, [(A, "Вы что, не понимаете, что я говорю?")]),
    ("no_filler_words", True, [(A, "Пароль должен быть не короче восьми символов.")]),
    ("no_filler_words", True, [(A, "хорошо ну тогда давайте попробуем еще раз")]),
    ("no_rudeness", True, [(A, "Я понимаю ваши проблемы, давайте решим их вместе.")]),
    ("no_rudeness", True, [(A, "Мне всё равно нужен ваш логин, чтобы продолжить.")]),
    ("no_rudeness", True, [(A, "Что именно вам непонятно? Давайте разберём по шагам.")]),
    (
        "no_profanity",
        True,
        [(A, "Проверьте сук на дереве у подстанции; застрахуем имущество, небанальный вариант.")],
    ),
]


@pytest.mark.parametrize(("item", "expected", "turns"), FORBIDDEN_CASES)
def test_forbidden_items(item: str, expected: bool, turns: list[tuple[object, ...]]) -> None:
    result = score(*turns)
    ans = result.items[item]
    assert ans.passed is expected, ans.reason
    if expected is False:
        assert ans.evidence and all(e["speaker"] == "agent" for e in ans.evidence)


def test_code_switching_within_one_sentence() -> None:
    turns = [(A, "бір минут, я проверю, тексеріп жатырмын"), (A, "күткеніңізге рахмет, спасибо за ожидание")]
    result = score(*turns, language="mixed", style="asr")
    assert result.items["inform_actions"].passed and result.items["thank_patience"].passed


def test_every_answer_has_evidence_or_a_reason() -> None:
    result = score((A, "Здравствуйте."), (C, "Алло."), (A, "Говорите."))
    for ans in [*result.items.values(), *result.timing_checks.values()]:
        assert ans.evidence or ans.reason
        for ev in ans.evidence:
            assert {"start", "end", "speaker", "text", "match"} <= set(ev)
