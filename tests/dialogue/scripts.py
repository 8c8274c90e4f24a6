"""Small scripts for the tests and a helper to find where a snippet stands in them."""

from __future__ import annotations

from dialogue import default_script_path

GOOD = """\
name: tiny
title: Tiny test script
languages: [kk, ru]
prompts:
  hello:
    kk: Сәлеметсіз бе
    ru: Здравствуйте
  menu:
    kk: 1 немесе 2
    ru: 1 или 2
  again:
    kk: Қайталаңыз
    ru: Повторите
  silence:
    kk: Ештеңе
    ru: Ничего
  bye:
    kk: Сау болыңыз
    ru: До свидания
flow:
  start: hello
  nodes:
    hello:
      type: play
      prompt: hello
      next: choose
    choose:
      type: menu
      prompt: menu
      options:
        1: set_kk
        2: set_ru
        9: hello
      attempts: 2
      invalid_prompt: again
      no_input_prompt: silence
      on_failure: goodbye
    set_kk:
      type: set
      variable: language
      value: kk
      next: account
    set_ru:
      type: set
      variable: language
      value: ru
      next: account
    account:
      type: collect
      prompt: menu
      variable: account
      max_digits: 4
      min_digits: 2
      attempts: 2
      next: to_queue
      on_failure: to_operator
    to_queue:
      type: route
      queue: support
      variables:
        SAPA_LANGUAGE: ${language}
        SAPA_ACCOUNT: acc-${account}
      after: rating
    to_operator:
      type: route
      extension: 1001
    rating:
      type: survey
      next: goodbye
    goodbye:
      type: hangup
      prompt: bye
checklist:
  items:
    - id: greeting
      title: Greets the caller
      kind: stage
      criticality: client
      weight: 2
      position: {first_s: 20}
      match:
        - ru: ["здравствуйте|добрый день"]
          kk: ["сәлеметсіз бе"]
    - id: no_password_request
      title: Never asks for the password
      kind: forbidden
      criticality: regulator
      match:
        - ru: ["/^парол.*/"]
          kk: ["құпия сөз*"]
"""


def at(text: str, snippet: str, occurrence: int = 1) -> tuple[int, int]:
    """1-based (line, column) of the ``occurrence``-th ``snippet`` in ``text``."""
    index = -1
    for _ in range(occurrence):
        index = text.index(snippet, index + 1)
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def edit(old: str, new: str, text: str = GOOD) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def default_script_text() -> str:
    """The shipped default script, exactly as `sapa init` imports it."""
    return default_script_path().read_text(encoding="utf-8")
