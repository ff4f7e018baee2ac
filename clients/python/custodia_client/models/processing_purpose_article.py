from typing import Literal

ProcessingPurposeArticle = Literal[
    "Art. 6(1)(a)", "Art. 6(1)(b)", "Art. 6(1)(c)", "Art. 6(1)(d)", "Art. 6(1)(e)", "Art. 6(1)(f)"
]

PROCESSING_PURPOSE_ARTICLE_VALUES: set[ProcessingPurposeArticle] = {
    "Art. 6(1)(a)",
    "Art. 6(1)(b)",
    "Art. 6(1)(c)",
    "Art. 6(1)(d)",
    "Art. 6(1)(e)",
    "Art. 6(1)(f)",
}


def check_processing_purpose_article(value: str) -> ProcessingPurposeArticle:
    if value in PROCESSING_PURPOSE_ARTICLE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {PROCESSING_PURPOSE_ARTICLE_VALUES!r}")
