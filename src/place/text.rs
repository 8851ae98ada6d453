//! Words for placement: tokenising, case folding and Snowball English stemming of card
//! texts and rule terms, and the TF-IDF index that suggests places for unplaced cards.

use std::collections::BTreeMap;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_segmentation::UnicodeSegmentation;

use super::{Suggestion, Target};
use crate::model::{Blueprint, SectionKind};

/// English function words left out of suggestions (they say nothing about a topic).
/// Rule matching keeps them, so that phrases such as `whole of government` match as written.
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "across",
    "all",
    "also",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "between",
    "both",
    "by",
    "can",
    "could",
    "do",
    "each",
    "e.g",
    "etc",
    "for",
    "from",
    "has",
    "have",
    "how",
    "in",
    "including",
    "into",
    "is",
    "it",
    "its",
    "may",
    "more",
    "most",
    "not",
    "of",
    "on",
    "or",
    "other",
    "our",
    "should",
    "so",
    "such",
    "than",
    "that",
    "the",
    "their",
    "them",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "towards",
    "under",
    "we",
    "well",
    "where",
    "which",
    "who",
    "will",
    "with",
    "within",
    "would",
];

/// Splits, folds and stems words the same way for cards and rules.
pub(crate) struct Analyzer {
    stemmer: Stemmer,
    stop: Vec<String>,
}

impl Analyzer {
    /// An English analyzer; `extra_stop_words` (from the blueprint) are dropped from
    /// suggestions on top of the built-in list.
    pub(crate) fn new(extra_stop_words: &[String]) -> Self {
        let stemmer = Stemmer::create(Algorithm::English);
        let mut stop: Vec<String> = STOP_WORDS
            .iter()
            .map(|w| w.to_string())
            .chain(extra_stop_words.iter().map(|w| w.to_lowercase()))
            .map(|w| stemmer.stem(&w).into_owned())
            .collect();
        stop.sort();
        stop.dedup();
        Analyzer { stemmer, stop }
    }

    /// The stems of `text`'s words, in order: Unicode word segmentation (hyphens and
    /// punctuation separate words), lowercase, typographic apostrophes made straight,
    /// Snowball English stemming (which also drops a possessive `'s`).
    pub(crate) fn stems(&self, text: &str) -> Vec<String> {
        let folded = text.to_lowercase().replace(['\u{2019}', '\u{2018}'], "'");
        folded
            .unicode_words()
            .map(|w| self.stemmer.stem(w).into_owned())
            .collect()
    }

    /// Stems of `text` without stop words and numbers, for similarity.
    fn content_stems(&self, text: &str) -> Vec<String> {
        self.stems(text)
            .into_iter()
            .filter(|s| self.stop.binary_search(s).is_err())
            .filter(|s| !s.chars().all(|c| c.is_ascii_digit()))
            .collect()
    }
}

/// TF-IDF vectors of every place a card can go (sections that take cards directly, and
/// objectives), in document order.
pub(crate) struct SuggestionIndex<'a> {
    analyzer: &'a Analyzer,
    targets: Vec<(Target, BTreeMap<String, f64>, f64)>,
    idf: BTreeMap<String, f64>,
    default_idf: f64,
}

impl<'a> SuggestionIndex<'a> {
    pub(crate) fn new(blueprint: &Blueprint, analyzer: &'a Analyzer) -> Self {
        let mut docs: Vec<(Target, Vec<String>)> = Vec::new();
        for s in &blueprint.sections {
            if s.kind == SectionKind::Commitments {
                for o in &s.objectives {
                    let text = format!("{} {} {}", o.title, o.description, o.commitment);
                    docs.push((
                        Target {
                            section: s.id.clone(),
                            objective: Some(o.id.clone()),
                        },
                        analyzer.content_stems(&text),
                    ));
                }
            } else {
                let text = format!("{} {}", s.title, s.description);
                docs.push((
                    Target {
                        section: s.id.clone(),
                        objective: None,
                    },
                    analyzer.content_stems(&text),
                ));
            }
        }
        let n = docs.len() as f64;
        let mut df: BTreeMap<String, usize> = BTreeMap::new();
        for (_, stems) in &docs {
            let mut uniq: Vec<&String> = stems.iter().collect();
            uniq.sort();
            uniq.dedup();
            for s in uniq {
                *df.entry(s.clone()).or_default() += 1;
            }
        }
        let idf: BTreeMap<String, f64> = df
            .into_iter()
            .map(|(s, d)| (s, ((n + 1.0) / (d as f64 + 1.0)).ln() + 1.0))
            .collect();
        let default_idf = (n + 1.0).ln() + 1.0;
        let targets = docs
            .into_iter()
            .map(|(t, stems)| {
                let v = weigh(&stems, &idf, default_idf);
                let norm = norm(&v);
                (t, v, norm)
            })
            .collect();
        SuggestionIndex {
            analyzer,
            targets,
            idf,
            default_idf,
        }
    }

    /// Up to three places with a positive similarity to the card, best first (ties in
    /// document order); scores rounded to three decimals.
    pub(crate) fn suggest(&self, wordings: &[Vec<String>]) -> Vec<Suggestion> {
        let stems: Vec<String> = wordings
            .iter()
            .flatten()
            .filter(|s| self.analyzer.stop.binary_search(s).is_err())
            .filter(|s| !s.chars().all(|c| c.is_ascii_digit()))
            .cloned()
            .collect();
        let card = weigh(&stems, &self.idf, self.default_idf);
        let card_norm = norm(&card);
        if card_norm == 0.0 {
            return Vec::new();
        }
        let mut scored: Vec<(usize, f64)> = self
            .targets
            .iter()
            .enumerate()
            .filter(|(_, (_, _, n))| *n > 0.0)
            .map(|(i, (_, v, n))| {
                let dot: f64 = card
                    .iter()
                    .map(|(k, w)| w * v.get(k).copied().unwrap_or(0.0))
                    .sum();
                (i, (dot / (card_norm * n) * 1000.0).round() / 1000.0)
            })
            .filter(|(_, s)| *s > 0.0)
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        scored
            .into_iter()
            .take(3)
            .map(|(i, score)| Suggestion {
                target: self.targets[i].0.clone(),
                score,
            })
            .collect()
    }
}

fn weigh(stems: &[String], idf: &BTreeMap<String, f64>, default_idf: f64) -> BTreeMap<String, f64> {
    let mut tf: BTreeMap<String, f64> = BTreeMap::new();
    for s in stems {
        *tf.entry(s.clone()).or_default() += 1.0;
    }
    tf.into_iter()
        .map(|(s, f)| {
            let w = f * idf.get(&s).copied().unwrap_or(default_idf);
            (s, w)
        })
        .collect()
}

fn norm(v: &BTreeMap<String, f64>) -> f64 {
    // BTreeMap: summed in key order, so the result is the same on every run.
    v.values().map(|w| w * w).sum::<f64>().sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_fold_case_hyphens_and_possessives() {
        let a = Analyzer::new(&[]);
        assert_eq!(
            a.stems("Eliminating Whole-of-Government migrants’ treaties"),
            vec!["elimin", "whole", "of", "govern", "migrant", "treati"]
        );
        assert_eq!(a.stems("eliminate"), vec!["elimin"]);
        assert_eq!(a.stems("Treaty"), vec!["treati"]);
    }
}
