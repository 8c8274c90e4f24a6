"""Numbers spoken in words, in Russian and Kazakh, as digit strings.

"сорок пять двенадцать" → 4512 (pairs read one after the other), "пятьдесят две тысячи триста семь" → 52307,
"қырық төрт мың бір жүз он" → 44110, "семь два семь ноль" → 7270 (digit by digit).
"""

from __future__ import annotations

# kind: z zero, u unit 1-9, t teen 10-19, d tens 20-90, h hundreds (value), H Kazakh "жүз" (x100), m thousand
RU_NUMBERS: dict[str, tuple[str, int]] = {
    "ноль": ("z", 0),
    "нуль": ("z", 0),
    "один": ("u", 1),
    "два": ("u", 2),
    "три": ("u", 3),
    "четыре": ("u", 4),
    "пять": ("u", 5),
    "шесть": ("u", 6),
    "семь": ("u", 7),
    "восемь": ("u", 8),
    "девять": ("u", 9),
    "десять": ("t", 10),
    "одиннадцать": ("t", 11),
    "двенадцать": ("t", 12),
    "тринадцать": ("t", 13),
    "четырнадцать": ("t", 14),
    "пятнадцать": ("t", 15),
    "шестнадцать": ("t", 16),
    "семнадцать": ("t", 17),
    "восемнадцать": ("t", 18),
    "девятнадцать": ("t", 19),
    "двадцать": ("d", 20),
    "тридцать": ("d", 30),
    "сорок": ("d", 40),
    "пятьдесят": ("d", 50),
    "шестьдесят": ("d", 60),
    "семьдесят": ("d", 70),
    "восемьдесят": ("d", 80),
    "девяносто": ("d", 90),
    "сто": ("h", 100),
    "двести": ("h", 200),
    "триста": ("h", 300),
    "четыреста": ("h", 400),
    "пятьсот": ("h", 500),
    "шестьсот": ("h", 600),
    "семьсот": ("h", 700),
    "восемьсот": ("h", 800),
    "девятьсот": ("h", 900),
    "тысяча": ("m", 1000),
    "миллион": ("m", 1000000),
}
# Kazakh number words, folded (қырық → кырык); "он" (10) is also Russian "he": only inside a run
KK_NUMBERS: dict[str, tuple[str, int]] = {
    "нол": ("z", 0),
    "бир": ("u", 1),
    "еки": ("u", 2),
    "уш": ("u", 3),
    "торт": ("u", 4),
    "бес": ("u", 5),
    "алты": ("u", 6),
    "жети": ("u", 7),
    "сегиз": ("u", 8),
    "тогыз": ("u", 9),
    "он": ("t", 10),
    "жиырма": ("d", 20),
    "отыз": ("d", 30),
    "кырык": ("d", 40),
    "елу": ("d", 50),
    "алпыс": ("d", 60),
    "жетпис": ("d", 70),
    "сексен": ("d", 80),
    "токсан": ("d", 90),
    "жуз": ("H", 100),
    "мын": ("m", 1000),
}


def compose_number(words: list[tuple[str, int | str]]) -> str:
    """Digits of a run of number words: standard composition, a new chunk when a word cannot continue.

    ``words`` are (kind, value) pairs; kind "D" is a token written in digits (value = the digit string).
    """
    chunks: list[str] = []
    total, sub, started = 0, 0, False
    for kind, value in words:
        if kind == "z":
            if started:
                chunks.append(str(total + sub))
            chunks.append("0")
            total, sub, started = 0, 0, False
            continue
        cont = started and kind != "D" and _continues(total, sub, kind, value)
        if not cont and started:
            chunks.append(str(total + sub))
            total, sub, started = 0, 0, False
        if kind == "D":
            chunks.append(str(value))
            started = False
            continue
        if kind == "m":  # a smaller scale adds to a bigger one: "три миллиона сто двенадцать тысяч ..."
            total, sub = total + (sub or 1) * int(value), 0
        elif kind == "H":
            sub = (sub or 1) * 100 if cont or not started else 100
        else:
            sub = sub + int(value) if cont else int(value)
        started = True
    if started:
        chunks.append(str(total + sub))
    return said_once("".join(chunks))


SAID_TWICE_MIN = 4  # digits of a number read twice in one breath that is taken once


def said_once(digits: str) -> str:
    """A number read twice in one run ("ноль девять семь семь четыре один, девять семь семь четыре один";
    "шестьдесят семь пятьсот двадцать один, шесть семь пять два один") is the number once; the repeat may
    drop the leading zeros."""
    for cut in range(SAID_TWICE_MIN, len(digits) - SAID_TWICE_MIN + 1):
        first, again = digits[:cut], digits[cut:]
        if again == first or (first.startswith("0") and again == first.lstrip("0")):
            return first
    return digits


def _continues(total: int, sub: int, kind: str, value: int | str = 0) -> bool:
    last2 = sub % 100
    if kind == "m":
        scale = int(value)
        return sub > 0 and (total == 0 or (total > scale and total % (scale * 1000) == 0))
    if kind == "H":
        return sub < 10
    if kind == "h":
        return sub == 0
    if kind in {"d", "t"}:
        return last2 == 0 and (sub > 0 or total > 0)
    # unit
    return (last2 == 0 and (sub > 0 or total > 0)) or (last2 >= 20 and last2 % 10 == 0) or last2 == 10
