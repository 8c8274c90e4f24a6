"""Prompt texts of the survey (ru, kk, en) and where their audio files live.

Files: ``<prompts_dir>/<lang>/<namespace>/<name>.wav`` rendered by ``sapa prompts build``; a file with the
same name under ``custom_prompts_dir`` (any Asterisk format) overrides it. Asterisk gets the path without
the extension. The texts never name the consultant and never suggest a rating (004 §3.2: no pressure).
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterable
from pathlib import Path

log = logging.getLogger(__name__)
BUILD_COMMAND = "sapa prompts build"

LANGUAGES = ("ru", "kk", "en")
SURVEY = "survey"
AUDIO_EXTENSIONS = (".wav", ".WAV", ".gsm", ".ulaw", ".alaw", ".sln", ".g722")

_NUM_RU = {1: "один", 2: "два", 3: "три", 4: "четыре", 5: "пять"}
_NUM_KK = {1: "бір", 2: "екі", 3: "үш", 4: "төрт", 5: "бес"}
_NUM_EN = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}

SURVEY_PROMPTS: dict[str, dict[str, str]] = {
    "intro": {
        "ru": "Пожалуйста, оцените качество обслуживания по пятибалльной шкале. "
        "Нажмите цифру от одного до пяти: один — очень плохо, пять — отлично.",
        "kk": "Қызмет көрсету сапасын бес балдық шкала бойынша бағалаңыз. "
        "Бірден беске дейінгі санды басыңыз: бір — өте нашар, бес — өте жақсы.",
        "en": "Please rate the service on a scale of one to five. "
        "Press a key from one to five: one is very poor, five is excellent.",
    },
    "invalid": {
        "ru": "Такой оценки нет. Нажмите цифру от одного до пяти.",
        "kk": "Мұндай баға жоқ. Бірден беске дейінгі санды басыңыз.",
        "en": "That is not a rating. Please press a key from one to five.",
    },
    "no_input": {
        "ru": "Мы не услышали вашу оценку. Нажмите цифру от одного до пяти.",
        "kk": "Бағаңыз естілмеді. Бірден беске дейінгі санды басыңыз.",
        "en": "We did not hear a rating. Please press a key from one to five.",
    },
    "comment_offer": {
        "ru": "Если хотите оставить короткий комментарий, нажмите один. Иначе просто подождите.",
        "kk": "Қысқа пікір қалдырғыңыз келсе, бірді басыңыз. Әйтпесе күте тұрыңыз.",
        "en": "To leave a short comment, press one. Otherwise, just wait.",
    },
    "comment_record": {
        "ru": "Говорите после сигнала. Чтобы закончить, нажмите решётку.",
        "kk": "Сигналдан кейін сөйлеңіз. Аяқтау үшін тор белгісін басыңыз.",
        "en": "Please speak after the tone. Press the hash key when you are done.",
    },
    "thanks": {
        "ru": "Спасибо за вашу оценку. До свидания.",
        "kk": "Бағаңыз үшін рахмет. Сау болыңыз.",
        "en": "Thank you for your rating. Goodbye.",
    },
    "goodbye": {
        "ru": "Оценка не получена. Спасибо за звонок. До свидания.",
        "kk": "Баға алынбады. Қоңырауыңызға рахмет. Сау болыңыз.",
        "en": "No rating was received. Thank you for calling. Goodbye.",
    },
} | {
    f"confirm_{n}": {
        "ru": f"Вы поставили оценку {_NUM_RU[n]}.",
        "kk": f"Сіз {_NUM_KK[n]} деген баға қойдыңыз.",
        "en": f"You rated the service {_NUM_EN[n]}.",
    }
    for n in range(1, 6)
}


class PromptLibrary:
    """Finds the audio file Asterisk should play for a prompt (custom recordings first).

    Answers are cached for ``ttl_s`` seconds (a new custom recording is picked up within that time):
    path resolution and file checks were nearly half of a survey session's CPU time.
    """

    def __init__(self, prompts_dir: Path, custom_dir: Path, ttl_s: float = 10.0) -> None:
        self.prompts_dir, self.custom_dir, self.ttl_s = Path(prompts_dir), Path(custom_dir), ttl_s
        self._cache: dict[tuple[str, str, str], tuple[float, str]] = {}

    def rendered_file(self, namespace: str, name: str, language: str) -> Path:
        return self.prompts_dir / language / namespace / f"{name}.wav"

    def playback_path(self, namespace: str, name: str, language: str) -> str:
        """Absolute path without extension, as STREAM FILE / GET DATA want it."""
        key, now = (namespace, name, language), time.monotonic()
        cached = self._cache.get(key)
        if cached is not None and cached[0] > now:
            return cached[1]
        path, found = self._find(namespace, name, language)
        if not found:  # logged once per cache period; Asterisk will fail to play it
            log.warning(
                "prompt file missing: %s.wav (no recording under %s either); run `%s`",
                path,
                self.custom_dir,
                BUILD_COMMAND,
            )
        self._cache[key] = (now + self.ttl_s, path)  # a dict item assignment is atomic under the GIL
        return path

    def exists(self, namespace: str, name: str, language: str) -> bool:
        return self._find(namespace, name, language)[1]

    def missing(self, prompts: Iterable[tuple[str, str, str]]) -> list[str]:
        """``lang/namespace/name`` of each (namespace, name, language) with neither a recording nor a
        rendered file."""
        return [f"{lang}/{ns}/{name}" for ns, name, lang in prompts if not self.exists(ns, name, lang)]

    def _find(self, namespace: str, name: str, language: str) -> tuple[str, bool]:
        custom = os.path.join(os.path.abspath(self.custom_dir), language, namespace, name)
        if any(os.path.isfile(custom + ext) for ext in AUDIO_EXTENSIONS):
            return custom, True
        rendered = os.path.join(os.path.abspath(self.prompts_dir), language, namespace, name)
        return rendered, os.path.isfile(rendered + ".wav")
