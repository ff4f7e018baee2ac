from typing import Literal

PurposeCataloguePurposesItemArticle = Literal[
    "Art. 6(1)(a)", "Art. 6(1)(b)", "Art. 6(1)(c)", "Art. 6(1)(d)", "Art. 6(1)(e)", "Art. 6(1)(f)"
]

PURPOSE_CATALOGUE_PURPOSES_ITEM_ARTICLE_VALUES: set[PurposeCataloguePurposesItemArticle] = {
    "Art. 6(1)(a)",
    "Art. 6(1)(b)",
    "Art. 6(1)(c)",
    "Art. 6(1)(d)",
    "Art. 6(1)(e)",
    "Art. 6(1)(f)",
}


def check_purpose_catalogue_purposes_item_article(value: str) -> PurposeCataloguePurposesItemArticle:
    if value in PURPOSE_CATALOGUE_PURPOSES_ITEM_ARTICLE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {PURPOSE_CATALOGUE_PURPOSES_ITEM_ARTICLE_VALUES!r}")
