"""Amounts in Vietnamese words, as a fee receipt states them ("Bảy mươi lăm nghìn đồng").

num2words has no Vietnamese; the rules are few: groups of three digits read with trăm/mươi, "linh"
for a zero ten after a hundred, "mốt", "tư" and "lăm" for 1, 4 and 5 after a ten, and a group after
the first reads its hundreds even when zero ("một triệu không trăm linh năm nghìn").
"""
DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
BILLION = 10**9


def _group(n: int, full: bool) -> list[str]:
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words = []
    if full or hundreds:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [DIGITS[tens], "mươi"]
    if units:
        if units == 1 and tens > 1:
            words.append("mốt")
        elif units == 4 and tens > 1:
            words.append("tư")
        elif units == 5 and tens > 0:
            words.append("lăm")
        else:
            words.append(DIGITS[units])
    return words


def _below_billion(n: int, full: bool) -> list[str]:
    words = []
    for value, unit in ((n // 10**6, "triệu"), (n // 1000 % 1000, "nghìn"), (n % 1000, "")):
        if value:
            words += _group(value, full or bool(words)) + ([unit] if unit else [])
    return words


def _words(n: int) -> list[str]:
    if n >= BILLION:
        high, low = divmod(n, BILLION)
        return [*_words(high), "tỷ", *(_below_billion(low, True) if low else [])]
    return _below_billion(n, False)


def number_in_words(n: int) -> str:
    """A non-negative whole number in Vietnamese words, lower case."""
    if n < 0:
        raise ValueError("a negative amount has no words on a receipt")
    return " ".join(_words(n)) if n else DIGITS[0]


def dong_in_words(amount) -> str:
    """An amount of đồng as a receipt writes it: "Bảy mươi lăm nghìn đồng"."""
    text = f"{number_in_words(int(amount))} đồng"
    return text[0].upper() + text[1:]


ONES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (1000, "thousand"))


def _english(n: int) -> str:
    for size, name in SCALES:
        if n >= size:
            high, low = divmod(n, size)
            return f"{_english(high)} {name}" + (f" {_english(low)}" if low else "")
    if n >= 100:
        high, low = divmod(n, 100)
        return f"{ONES[high]} hundred" + (f" and {_english(low)}" if low else "")
    if n >= 20:
        return TENS[n // 10] + (f"-{ONES[n % 10]}" if n % 10 else "")
    return ONES[n]


def amount_in_words(amount, locale: str = "vi") -> str:
    """The amount in the slip's language: Vietnamese words, or English ones on an English slip."""
    if locale != "en":
        return dong_in_words(amount)
    if int(amount) < 0:
        raise ValueError("a negative amount has no words on a receipt")
    text = f"{_english(int(amount))} dong"
    return text[0].upper() + text[1:]
