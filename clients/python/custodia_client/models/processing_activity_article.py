from typing import Literal

ProcessingActivityArticle = Literal[
    "Art. 6(1)(a)", "Art. 6(1)(b)", "Art. 6(1)(c)", "Art. 6(1)(d)", "Art. 6(1)(e)", "Art. 6(1)(f)"
]

PROCESSING_ACTIVITY_ARTICLE_VALUES: set[ProcessingActivityArticle] = {
    "Art. 6(1)(a)",
    "Art. 6(1)(b)",
    "Art. 6(1)(c)",
    "Art. 6(1)(d)",
    "Art. 6(1)(e)",
    "Art. 6(1)(f)",
}


def check_processing_activity_article(value: str) -> ProcessingActivityArticle:
    if value in PROCESSING_ACTIVITY_ARTICLE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {PROCESSING_ACTIVITY_ARTICLE_VALUES!r}")
