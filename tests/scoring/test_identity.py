"""Whose name is it (issue 12): the caller's identity read back and the agent's own name are not staff."""

from __future__ import annotations

import pytest

from tests.scoring.helpers import answer

A, C = "a", "c"
GREET = (A, "Здравствуйте, страховая компания «Номад», администратор Полина.")


def staff_ok(*turns: tuple[str, str]) -> bool | None:
    return answer("no_staff_disclosure", GREET, (C, "Здравствуйте."), *turns)


def test_caller_full_name_read_back_with_a_confirmation_word() -> None:
    assert (
        staff_ok((A, "Вижу вашу учётную запись: Сейткалиева Динара Болатовна, всё верно?"), (C, "Да."))
        is True
    )
    assert staff_ok((A, "Полис на имя Ахметова Болата Серикбаевича."), (C, "Угу.")) is True
    assert staff_ok((A, "Квартира оформлена на Жумабаева Ерлана Кайратовича."), (C, "Хорошо.")) is True


def test_caller_name_read_back_and_confirmed_by_the_caller() -> None:
    assert staff_ok((A, "сейткали мадина ерлановна"), (C, "да это я")) is True
    # the same words without a confirmation and without a yes: a person the caller never named
    assert staff_ok((A, "сейткали мадина ерлановна"), (C, "и что")) is False


def test_agent_own_name_from_the_introduction() -> None:
    assert staff_ok((A, "Да, меня зовут Полина, я администратор клиники.")) is True


def test_colleagues_stay_staff_even_in_a_confirmation() -> None:
    assert staff_ok((A, "Вам звонил наш специалист Ерлан Сапаров, верно?"), (C, "Да.")) is False
    assert staff_ok((A, "Обратитесь к нашему бухгалтеру Алибеку Нурланову.")) is False
    assert staff_ok((A, "Это ошибка разработчиков, вам поможет наш программист Антон Ковалёв.")) is False


def test_published_numbers_are_not_staff_contacts() -> None:
    """public_numbers of the checklist: the hotline in digits or in words is not a personal contact."""
    assert staff_ok((A, "Наш телефон для справок 8 800 080 77 77, звоните.")) is True
    assert (
        staff_ok((A, "звоните по номеру восемь восемьсот ноль восемь ноль семьдесят семь семьдесят семь"))
        is True
    )
    assert staff_ok((A, "Мой телефон 87015553421, звоните.")) is False


def test_a_name_read_right_after_the_caller_dictated_an_identifier_is_the_callers() -> None:
    """ "рахмет, Хасенов Болат Ерікұлы" answers the caller's ЖСН: the account holder, not a colleague."""
    ask = (A, "ЖСН-іңізді айтып жіберіңізші.")
    iin = (C, "бес бес нөл үш екі бір төрт нөл бір бес екі тоғыз")
    read = (A, "рахмет хасенов болат ерікұлы жолдама жүйеде тұр")
    assert staff_ok(ask, iin, read) is True
    assert staff_ok(ask, (C, "қазір іздеп көрейін"), (A, "рахмет хасенов болат ерікұлы")) is False


def test_kazakh_verbs_and_common_words_are_not_names() -> None:
    """Kazakh "let me ..." forms and participles are no surnames, "сайын" (every) and "айтам" (I say) are no
    first names: a Kazakh sentence without a person discloses nobody."""
    assert staff_ok((A, "қалдық азайған сайын ай сайынғы сомма да азаяды")) is True
    assert staff_ok((A, "мен сізге неше рет айтам немереңізден сұраңыз")) is True
    assert staff_ok((A, "тағы қайталайын алты екі сегіз бір төрт")) is True
    assert staff_ok((A, "Айгүлді сұраңыз, ол бухгалтерияда отырады.")) is False


def test_a_registered_ticket_number_is_no_contact() -> None:
    assert staff_ok((A, "Тіркелді. Нөмірін жазып алыңыз: 2024-0719. Жауап телефоныңызға келеді.")) is True
    assert staff_ok((A, "Менің жеке нөмірім 8 702 123 45 67, телефон соғыңыз.")) is False
    # a ticket named after the contact does not make the contact a ticket number
    contact = "Жазып алыңыз, её сотовый: 8 701 334 92 18. Айтыңыз, что от меня, заявка 77041."
    assert staff_ok((A, contact)) is False


def test_a_colleague_name_the_caller_writes_down_after_the_agent_is_still_staff() -> None:
    colleague = (A, "Гүлнар Серікқызы Тасмағамбетова, ол бас бухгалтер.")
    assert staff_ok((C, "А кто у нас главбух?"), colleague, (C, "Гүлнар Серікқызы, рахмет.")) is False
    # the caller's own name, said before the agent reads it, stays the caller's
    own = (A, "Гүлнар Серікқызы Тасмағамбетова, сіздің өтінішіңіз қабылданды.")
    assert staff_ok((C, "Мен Гүлнар Серікқызы Тасмағамбетова."), own) is True


def test_the_agent_own_name_run_onto_the_role_word_by_asr() -> None:
    """ "администраторполина": the introduction is read as matched (split), so Полина is the agent's own."""
    intro = (A, "сдравсдвуйте ветеринарная клиника друг администраторполина")
    later = (A, "да полина это я уточню у врача")
    assert answer("no_staff_disclosure", intro, (C, "здравствуйте"), later) is True


def test_a_caller_addressed_before_a_request_and_kazakh_endings_are_no_staff() -> None:
    assert staff_ok((A, "руслан ибрагимович подскажите пожалуйста точный адрес дома")) is True
    assert staff_ok((A, "картаның соңғы төрт санын жане жсн айтыңызшы")) is True
    assert staff_ok((A, "Этим занимается Руслан Ибрагимович из бухгалтерии.")) is False


def test_a_misheard_word_of_patronymic_shape_is_no_patronymic() -> None:
    # pymorphy guesses "Patr" for any unknown word ending in -овна; the first name before it must be a name
    assert staff_ok((A, "заявка на выезд мастера заегистрировна номер 55190")) is True
    assert staff_ok((A, "Этим занимается Гульнара Маратовна из бухгалтерии.")) is False  # a colleague


def test_an_account_in_the_callers_name_read_back_misheard_or_in_kazakh() -> None:
    assert staff_ok((A, "Шот Тұрсынова Ақбота Серікқызының атына тіркелген.")) is True  # "in the name of"
    # "верно" misheard
    assert staff_ok((A, "лицевой счет оформлен на ахметову гульнару сериковну ферно")) is True


def test_the_callers_name_misheard_in_the_read_back_still_meets_it_later() -> None:
    # the read-back heard with a voiced/voiceless swap and a lost letter; the later address is spelt right
    read = (A, "счет оформлен на абенова кайрата ерболовича это вы")
    later = (A, "хорошо кайрат ерболович теперь опишите что случилось")
    misheard = (A, "счет оформлен на абенова кайрата ерпловича это вы")
    assert staff_ok(read, (C, "да"), later) is True
    assert staff_ok(misheard, (C, "ну"), later) is True
    # another name, one letter substituted, is another person ("Ерболович" / "Ерланович")
    other = (A, "передам вопрос кайрату ерлановичу из юридического отдела")
    assert staff_ok(misheard, (C, "ну"), other) is False


def test_kazakh_are_you_with_the_surname_as_predicate_confirms_identity() -> None:
    assert staff_ok((A, "сіз жақсыбекова әсем ерланқызысыз ба"), (C, "мм")) is True
    assert staff_ok((A, "ерланов болат кенжеғалиұлы өзіңізсіз бе"), (C, "мм")) is True
    # any other "...сыз ба" question confirms nobody's identity
    assert staff_ok((A, "жақсыбекова әсем ерланқызы хабарласады күтесіз бе"), (C, "мм")) is False


@pytest.mark.parametrize(
    ("text", "disclosed"),
    [
        # "номер" names accounts and contracts too: an account number read to the caller is no staff contact
        ("Сіздің дербес шотыңыз 0520 7731, квитанциядағы нөмір басқа.", False),
        ("Правильный номер 0520 7731, в квитанции опечатка.", False),
        ("Общий номер ресепшна есть на сайте: 8 7172 55 00 01.", False),
        # ... next to a person, or with a phone word, it is one
        ("Её номер 8 701 555 12 34, звоните после обеда.", True),
        ("Запишите номер Айгерим: 8 701 555 12 34.", True),
        ("Мобильный мастера 8 777 123 45 67.", True),
    ],
)
def test_a_number_near_the_word_number_is_a_contact_only_next_to_a_person(text: str, disclosed: bool) -> None:
    assert staff_ok((A, text)) is (not disclosed)


def test_the_callers_own_post_read_back_with_the_name_is_no_colleague() -> None:
    # a staff word may be the caller's post in the account; "our" or "colleague" makes it the centre's
    assert staff_ok((A, "Вижу: Ахметова Гаухар Серикқызы, ведущий специалист отдела кадров, верно?")) is True
    assert staff_ok((A, "Вам перезвонит наш специалист Гаухар Серикқызы, верно?")) is False
    assert staff_ok((A, "Вам ответит наш юрист Гаухар Серикқызы, хорошо?")) is False


def test_people_of_the_callers_organisation_read_from_their_account_are_not_staff() -> None:
    card = "В вашей карточке руководителем указан Омаров Талгат Муратович."
    assert staff_ok((A, card)) is True
    assert staff_ok((A, "Руководителем второй линии у нас Омаров Талгат Муратович.")) is False


def test_a_number_word_is_no_name_and_my_phone_needs_its_exact_words() -> None:
    # kk "алты" (six) next to "вторая линия" is a ticket number's last word, not a colleague's name
    assert staff_ok((A, "өтініш тіркелді нөмірі елу екі жүз алты вторая линия проверит")) is True
    # "я прямо сейчас" is no "мне ... прямой"; "мне для подтверждения личности" is no "личный"
    assert staff_ok((A, "Я прямо сейчас позвоню в цех.")) is True
    assert staff_ok((A, "Продиктуйте мне для подтверждения личности дату рождения.")) is True
    assert staff_ok((A, "Пишите мне на личный ватсап.")) is False
