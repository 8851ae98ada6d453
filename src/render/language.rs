//! The fixed words of the draft's layout in the six official languages of the United Nations
//! (Arabic, Chinese, English, French, Russian, Spanish), chosen by the blueprint's
//! `[document] language` tag.
//!
//! Fixed words are the ones zerodraft writes itself: the objective label of the headings
//! (`Objective 1: …`), the default chapeau, the heading of the table of contents and the
//! annex headings. Everything else (titles, commitments, paragraphs, card texts) comes from
//! the blueprint and the cards, in whatever language they are written.
//!
//! Sources: the objective label and the chapeau are those of the adopted Global Compact for
//! Safe, Orderly and Regular Migration (A/RES/73/195, annex), which exists in all six
//! languages. The English chapeau is quoted from it; the Arabic, Chinese, French, Russian
//! and Spanish chapeaux and objective labels are our rendering of the same words, not
//! checked against the official language versions: check them before a draft goes out,
//! and set `chapeau` on each objective to override them. The contents and annex headings are ordinary UN
//! usage, written by us. French puts a no-break space before the colon (French
//! typography); Chinese uses the full-width colon and no spaces.
//!
//! A tag is matched on its primary subtag, case-insensitively (`fr-CH` → `fr`,
//! `zh-Hans` → `zh`). Any other language is drafted with the English words, and
//! [`check`] returns an `unsupported-language` warning saying so.

use std::path::Path;
use std::sync::Arc;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Location};
use crate::model::blueprint::{default_chapeau, Document};

/// The fixed words of one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Language {
    /// Primary language subtag (ISO 639-1), e.g. `fr`.
    pub code: &'static str,
    /// Written right to left (Arabic).
    pub rtl: bool,
    /// Word before the objective number: `Objective`, `Objectif`, `الهدف`.
    pub objective: &'static str,
    /// Between the word and the number: a space, or nothing (Chinese).
    pub number_space: &'static str,
    /// Between the number and the title: `: `, ` : ` (French, with a no-break space) or `：`.
    pub colon: &'static str,
    /// The sentence between the commitment and the actions.
    pub chapeau: &'static str,
    /// Heading of the table of contents (HTML).
    pub contents: &'static str,
    /// Heading of the annex.
    pub annex_title: &'static str,
    /// Column headings of the annex: card, paragraph, source.
    pub annex_columns: [&'static str; 3],
}

/// The six official languages of the United Nations, in the UN's alphabetical order of
/// their English names (Arabic, Chinese, English, French, Russian, Spanish).
pub const LANGUAGES: [Language; 6] = [
    Language {
        code: "ar",
        rtl: true,
        objective: "الهدف",
        number_space: " ",
        colon: ": ",
        chapeau: "ولتحقيق هذا الالتزام، سنستعين بالإجراءات التالية:",
        contents: "المحتويات",
        annex_title: "المرفق: أين ذهبت كل توصية",
        annex_columns: ["البطاقة", "الفقرة", "المصدر"],
    },
    Language {
        code: "zh",
        rtl: false,
        objective: "目标",
        number_space: "",
        colon: "：",
        chapeau: "为履行这一承诺，我们将借鉴以下行动：",
        contents: "目录",
        annex_title: "附件：各项建议的去向",
        annex_columns: ["卡片", "段落", "来源"],
    },
    Language {
        code: "en",
        rtl: false,
        objective: "Objective",
        number_space: " ",
        colon: ": ",
        chapeau: "To realize this commitment, we will draw from the following actions:",
        contents: "Contents",
        annex_title: "Annex: where each recommendation went",
        annex_columns: ["Card", "Paragraph", "Source"],
    },
    Language {
        code: "fr",
        rtl: false,
        objective: "Objectif",
        number_space: " ",
        colon: "\u{a0}: ",
        chapeau: "Pour tenir cet engagement, nous puiserons dans les mesures suivantes\u{a0}:",
        contents: "Table des matières",
        annex_title: "Annexe\u{a0}: suite donnée à chaque recommandation",
        annex_columns: ["Fiche", "Paragraphe", "Source"],
    },
    Language {
        code: "ru",
        rtl: false,
        objective: "Цель",
        number_space: " ",
        colon: ": ",
        chapeau: "Для выполнения этого обязательства мы будем опираться на следующие меры:",
        contents: "Содержание",
        annex_title: "Приложение: куда вошла каждая рекомендация",
        annex_columns: ["Карточка", "Пункт", "Источник"],
    },
    Language {
        code: "es",
        rtl: false,
        objective: "Objetivo",
        number_space: " ",
        colon: ": ",
        chapeau: "Para cumplir este compromiso, nos basaremos en las siguientes medidas:",
        contents: "Índice",
        annex_title: "Anexo: destino de cada recomendación",
        annex_columns: ["Ficha", "Párrafo", "Fuente"],
    },
];

/// English, the fallback for a language without fixed words.
pub const ENGLISH: &Language = &LANGUAGES[2];

impl Language {
    /// The words for a BCP 47 tag (primary subtag, case-insensitive); `None` for a language
    /// other than the six.
    pub fn of(tag: &str) -> Option<&'static Language> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or("");
        LANGUAGES
            .iter()
            .find(|l| l.code.eq_ignore_ascii_case(primary))
    }

    /// The words for `tag`, English when the language is not one of the six.
    pub fn or_english(tag: &str) -> &'static Language {
        Language::of(tag).unwrap_or(ENGLISH)
    }

    /// An objective heading: `Objective 3: Title`, `Objectif 3 : Title`, `目标3：Title`.
    pub fn objective_heading(&self, number: u32, title: &str) -> String {
        format!(
            "{}{}{number}{}{title}",
            self.objective, self.number_space, self.colon
        )
    }

    /// The chapeau to print: the blueprint's own, or this language's default when the
    /// blueprint leaves the default (the English sentence of
    /// [`crate::model::blueprint::default_chapeau`]) in place.
    pub fn chapeau<'a>(&self, given: &'a str) -> std::borrow::Cow<'a, str> {
        if given.trim() == default_chapeau() {
            std::borrow::Cow::Borrowed(self.chapeau)
        } else {
            std::borrow::Cow::Borrowed(given)
        }
    }

    /// The words the templates receive as `words`.
    pub fn words(&self) -> Words {
        Words {
            objective: self.objective.to_string(),
            contents: self.contents.to_string(),
            annex_title: self.annex_title.to_string(),
            annex_card: self.annex_columns[0].to_string(),
            annex_paragraph: self.annex_columns[1].to_string(),
            annex_source: self.annex_columns[2].to_string(),
        }
    }
}

/// The fixed words as given to the templates (`{{words.contents}}`, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Words {
    /// Objective label, e.g. `Objective`.
    pub objective: String,
    /// Heading of the table of contents, e.g. `Contents`.
    pub contents: String,
    /// Heading of the annex, e.g. `Annex: where each recommendation went`.
    pub annex_title: String,
    /// Annex column heading, e.g. `Card`.
    pub annex_card: String,
    /// Annex column heading, e.g. `Paragraph`.
    pub annex_paragraph: String,
    /// Annex column heading, e.g. `Source`.
    pub annex_source: String,
}

/// Warns when the blueprint's language is not one of the six: code `unsupported-language`,
/// at the `language` value in the blueprint file when `blueprint_dir` is given and the key
/// is found there.
pub fn check(document: &Document, blueprint_dir: Option<&Path>) -> Option<Diagnostic> {
    if Language::of(&document.language).is_some() {
        return None;
    }
    let mut d = Diagnostic::warning(
        "unsupported-language",
        format!(
            "the document language `{}` is not one of the six UN languages; the objective \
             labels, default chapeaux and headings are printed in English",
            document.language.trim()
        ),
    )
    .with_hint(
        "set `language` in `[document]` to ar, zh, en, fr, ru or es (a region may follow, e.g. `fr-CH`)",
    );
    if let Some(location) = blueprint_dir.and_then(locate_language) {
        d = d.at(location);
    }
    Some(d)
}

/// The `language = …` value of the `[document]` table in the blueprint folder's `*.toml`
/// files (file-name order, as the blueprint is loaded).
fn locate_language(dir: &Path) -> Option<Location> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        let mut in_document = false;
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let trimmed = line.trim();
            if trimmed.starts_with('[') {
                in_document = trimmed == "[document]";
            } else if in_document {
                if let Some(rest) = trimmed.strip_prefix("language") {
                    if rest.trim_start().starts_with('=') {
                        let value = rest.trim_start()[1..].trim();
                        let start = offset + line.find(value).unwrap_or(0);
                        let source: Arc<str> = Arc::from(text.as_str());
                        return Some(Location::from_span(
                            file,
                            source,
                            start..start + value.len(),
                        ));
                    }
                }
            }
            offset += line.len();
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_match_on_their_primary_subtag() {
        let got: Vec<Option<&str>> = ["en", "fr-CH", "ZH-Hans", "es_419", "ar", "ru", "pt", ""]
            .iter()
            .map(|t| Language::of(t).map(|l| l.code))
            .collect();
        assert_eq!(
            got,
            [
                Some("en"),
                Some("fr"),
                Some("zh"),
                Some("es"),
                Some("ar"),
                Some("ru"),
                None,
                None
            ]
        );
    }

    #[test]
    fn objective_headings_follow_each_language() {
        let got: Vec<String> = LANGUAGES
            .iter()
            .map(|l| l.objective_heading(3, "T"))
            .collect();
        assert_eq!(
            got,
            [
                "الهدف 3: T",
                "目标3：T",
                "Objective 3: T",
                "Objectif 3\u{a0}: T",
                "Цель 3: T",
                "Objetivo 3: T",
            ]
        );
    }

    #[test]
    fn english_words_are_the_blueprint_default() {
        assert_eq!(ENGLISH.chapeau, default_chapeau());
        let fr = Language::or_english("fr");
        assert_eq!(fr.chapeau(&default_chapeau()), fr.chapeau);
        assert_eq!(fr.chapeau("Nous agirons :"), "Nous agirons :");
        assert_eq!(Language::or_english("pt"), ENGLISH);
    }
}
