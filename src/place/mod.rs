//! Placement: every (merged) card goes into one section, and in an actionable-commitments
//! section into one objective, with the reason that decided it.
//!
//! Co-facilitators must be able to say why each recommendation sits where it does, so
//! [`place`] is a small, ordered rule system rather than a classifier, and every
//! [`Placement`] names the rule that decided it and the words that matched.
//!
//! # Order of the rules
//! For each merged card, the first step that decides wins:
//!
//! 1. **Override** — the card's own `placement` (section, objective, reason). It wins over
//!    every rule. An override that names no place in the blueprint (unknown section or
//!    objective, missing objective) leaves the card *unplaced*: a drafter's explicit decision
//!    is never silently replaced by a rule; `check` reports it with "did you mean".
//! 2. **Provenance rules** — `[[rule]]`s with `lists = [...]`: the card (any of its merged
//!    members) comes from one of these source lists (`provenance.list_key`, e.g.
//!    `follow-up`). When such a rule also has `words`/`phrases`, at least one must match too.
//! 3. **Text rules** — `[[rule]]`s with only `words` and/or `phrases`: at least one occurs in
//!    the card's text or in another wording of a merged member. Matching is case-insensitive
//!    and stemmed with the Snowball English stemmer (`rust-stemmers`), so `eliminate` matches
//!    "eliminating" and `treaty` matches "treaties"; a phrase matches its stemmed words in
//!    sequence (hyphens count as spaces, so `whole of government` matches
//!    "whole-of-government", and a hyphenated word such as `multi-cultural` is matched as a
//!    phrase). Words with the same stem count as one term (`treaty`, `treaties`).
//! 4. **Default** — the blueprint's `[default]` table, when there is one.
//! 5. Otherwise the card is **unplaced** and gets [`Suggestion`]s.
//!
//! # Priorities and ties
//! Within steps 2 and 3, among the rules that match, the winner is the rule with the highest
//! `priority` (default 0); on equal priority, the one with the highest *match score* (the
//! number of the card's words covered by the rule's matching words and phrases: every
//! occurrence counts, a word covered twice counts once, words inside one of the rule's
//! `except` phrases do not count — so `to this end` need not end up in commit to omit);
//! on an equal score, the rule written first in the blueprint (files in name order, rules in
//! file order). The other matching rules are listed in the reason's detail ("also matched"),
//! so that a drafter sees the close calls.
//!
//! A priority boost decides close calls, not landslides: before priorities are compared, a
//! matching rule with a `yield-margin` M drops out when another matching rule of the same
//! step scores at least M more (its score ≤ best score − M). The shipped blueprint gives
//! `commit-to-omit` (priority 2) a margin of 3: one omit verb ("eliminate", "end") still
//! beats a topic match of similar strength, but not a card whose words are mostly about one
//! topic ("Adopt ethical recruitment mechanisms and eliminate … recruitment fees" scores 5
//! for fair recruitment against 1 for the omit verb, so it goes to fair recruitment). Rules
//! that gave way are listed in the reason's detail ("gave way").
//!
//! # Suggestions
//! An unplaced card gets up to three sections or objectives, best first, ranked by the cosine
//! similarity of TF-IDF vectors of stemmed words (built-in English function words and the
//! blueprint's `stop-words` left out): the card's wordings against each place's title,
//! description and, for an objective, commitment sentence. A commitments section is offered
//! through its objectives. Scores are rounded to three decimals; ties keep document order.

mod text;

use serde::Serialize;

use crate::dedup::MergedCard;
use crate::model::{Blueprint, Rule};
use text::Analyzer;

/// Where a card goes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Target {
    /// Section id of the blueprint.
    pub section: String,
    /// Objective id, for cards placed in a commitments section.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub objective: Option<String>,
}

/// Which kind of rule decided a placement, in the order they are tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleKind {
    /// The card's own `placement` override.
    Override,
    /// A rule on the card's provenance (its source list).
    Provenance,
    /// A rule on the card's words or phrases.
    Text,
    /// The blueprint's default.
    Default,
}

/// Why a card was placed where it was.
#[derive(Debug, Clone, Serialize)]
pub struct Reason {
    /// Kind of rule.
    pub kind: RuleKind,
    /// Id of the rule (`override` for a card's own override).
    pub rule: String,
    /// Human-readable detail, e.g. `matched: recruitment, fee`.
    pub detail: String,
    /// The rule's words and phrases that matched, as written in the rule, in rule order
    /// (empty for an override, a default, or a provenance rule without words).
    pub matched: Vec<String>,
}

/// A section or objective offered for an unplaced card.
#[derive(Debug, Clone, Serialize)]
pub struct Suggestion {
    /// Where.
    pub target: Target,
    /// Lexical similarity in [0, 1].
    pub score: f64,
}

/// The placement of one merged card.
#[derive(Debug, Clone, Serialize)]
pub struct Placement {
    /// Merged card id.
    pub card: String,
    /// Ids of the member cards.
    pub members: Vec<String>,
    /// Where it goes; `None` when unplaced.
    pub target: Option<Target>,
    /// What decided it; `None` when unplaced.
    pub reason: Option<Reason>,
    /// For unplaced cards: the closest sections/objectives, best first.
    pub suggestions: Vec<Suggestion>,
}

impl Target {
    /// `section` or `section › objective`, as shown to drafters.
    pub fn display(&self) -> String {
        match &self.objective {
            Some(o) => format!("{} › {o}", self.section),
            None => self.section.clone(),
        }
    }
}

/// A rule prepared for matching: its terms stemmed once. A word that splits into several
/// words (`multi-cultural`) is matched as a phrase; words with the same stem as an earlier
/// word of the rule (`treaty`, `treaties`) are kept once, under the first spelling.
///
/// Stems are interned as numbers ([`Vocabulary`]) so that matching compares integers.
struct Compiled<'a> {
    rule: &'a Rule,
    terms: Vec<(&'a str, Vec<u32>)>,
    except: Vec<Vec<u32>>,
}

/// Numbers for the stems that occur in rules; any other stem of a card is [`Vocabulary::OTHER`].
#[derive(Default)]
struct Vocabulary {
    ids: std::collections::HashMap<String, u32>,
}

impl Vocabulary {
    /// Stands for every stem no rule uses; never part of a term.
    const OTHER: u32 = u32::MAX;

    fn intern(&mut self, stems: Vec<String>) -> Vec<u32> {
        stems
            .into_iter()
            .map(|s| {
                let next = u32::try_from(self.ids.len()).unwrap_or(Self::OTHER - 1);
                *self.ids.entry(s).or_insert(next)
            })
            .collect()
    }

    fn lookup(&self, stems: &[String]) -> Vec<u32> {
        stems
            .iter()
            .map(|s| self.ids.get(s).copied().unwrap_or(Self::OTHER))
            .collect()
    }
}

impl<'a> Compiled<'a> {
    fn new(rule: &'a Rule, analyzer: &Analyzer, vocabulary: &mut Vocabulary) -> Self {
        let mut terms: Vec<(&'a str, Vec<u32>)> = Vec::new();
        for t in rule.words.iter().chain(&rule.phrases) {
            let stems = vocabulary.intern(analyzer.stems(t));
            if !stems.is_empty() && !terms.iter().any(|(_, s)| *s == stems) {
                terms.push((t.as_str(), stems));
            }
        }
        let except = rule
            .except
            .iter()
            .map(|e| vocabulary.intern(analyzer.stems(e)))
            .filter(|s| !s.is_empty())
            .collect();
        Compiled {
            rule,
            terms,
            except,
        }
    }
}

/// How a rule matched one card.
struct Match<'a> {
    compiled: &'a Compiled<'a>,
    order: usize,
    score: usize,
    matched: Vec<String>,
}

/// Places every merged card, in input order (one [`Placement`] per card), following the rule
/// order, priorities and tie-breaks in the module docs.
///
/// The blueprint is expected to be valid (as returned by [`crate::model::blueprint::load`]);
/// a rule that names an unknown place is skipped rather than trusted.
pub fn place(blueprint: &Blueprint, cards: &[MergedCard]) -> Vec<Placement> {
    let analyzer = Analyzer::new(&blueprint.stop_words);
    let mut vocabulary = Vocabulary::default();
    let compiled: Vec<Compiled> = blueprint
        .rules
        .iter()
        .filter(|r| {
            blueprint
                .resolve(&r.section, r.objective.as_deref())
                .is_ok()
        })
        .map(|rule| Compiled::new(rule, &analyzer, &mut vocabulary))
        .collect();
    let index = text::SuggestionIndex::new(blueprint, &analyzer);
    cards
        .iter()
        .map(|card| place_one(blueprint, &compiled, &analyzer, &vocabulary, &index, card))
        .collect()
}

fn place_one(
    blueprint: &Blueprint,
    rules: &[Compiled],
    analyzer: &Analyzer,
    vocabulary: &Vocabulary,
    index: &text::SuggestionIndex,
    card: &MergedCard,
) -> Placement {
    let mut placement = Placement {
        card: card.id.clone(),
        members: card.members.clone(),
        target: None,
        reason: None,
        suggestions: Vec::new(),
    };
    let wordings: Vec<Vec<String>> = std::iter::once(&card.text)
        .chain(&card.other_wordings)
        .map(|t| analyzer.stems(t))
        .collect();
    let ids: Vec<Vec<u32>> = wordings.iter().map(|w| vocabulary.lookup(w)).collect();

    if let Some(o) = &card.placement {
        let detail = o
            .reason
            .clone()
            .unwrap_or_else(|| "placed by the card's own `placement`".into());
        let named = (&o.section, o.objective.as_ref());
        match fixed(blueprint, named, RuleKind::Override, "override", detail) {
            Some((target, reason)) => {
                placement.target = Some(target);
                placement.reason = Some(reason);
            }
            None => placement.suggestions = index.suggest(&wordings),
        }
        return placement;
    }

    for provenance in [true, false] {
        let matches: Vec<Match> = rules
            .iter()
            .enumerate()
            .filter(|(_, c)| c.rule.is_provenance() == provenance)
            .filter_map(|(order, c)| match_rule(c, order, card, &ids))
            .collect();
        if matches.is_empty() {
            continue;
        }
        // A rule with a yield margin gives way to a much stronger match of the same step.
        let best_score = matches.iter().map(|m| m.score).max().unwrap_or(0);
        let yields = |m: &Match| {
            m.compiled.rule.yield_margin.is_some_and(|margin| {
                best_score
                    >= m.score
                        .saturating_add(usize::try_from(margin).unwrap_or(usize::MAX))
            })
        };
        let (mut matches, yielded): (Vec<Match>, Vec<Match>) =
            matches.into_iter().partition(|m| !yields(m));
        // Highest priority, then highest score, then first written.
        matches.sort_by(|a, b| {
            b.compiled
                .rule
                .priority
                .cmp(&a.compiled.rule.priority)
                .then(b.score.cmp(&a.score))
                .then(a.order.cmp(&b.order))
        });
        let best = &matches[0];
        let rule = best.compiled.rule;
        let mut detail = if provenance {
            let lists: Vec<&str> = card
                .sources
                .iter()
                .map(|s| s.list_key.as_str())
                .filter(|k| rule.lists.iter().any(|l| l == k))
                .collect();
            format!("source list: {}", dedup_join(&lists))
        } else {
            String::new()
        };
        if !best.matched.is_empty() {
            if !detail.is_empty() {
                detail.push_str("; ");
            }
            detail.push_str(&format!(
                "matched: {} ({})",
                best.matched.join(", "),
                strength(best)
            ));
        }
        let others: Vec<String> = matches[1..]
            .iter()
            .map(|m| format!("{} ({})", m.compiled.rule.id, strength(m)))
            .collect();
        if !others.is_empty() {
            detail.push_str(&format!("; also matched: {}", others.join(", ")));
        }
        let gave_way: Vec<String> = yielded
            .iter()
            .map(|m| {
                format!(
                    "{} ({}; yield margin {})",
                    m.compiled.rule.id,
                    strength(m),
                    m.compiled.rule.yield_margin.unwrap_or(0)
                )
            })
            .collect();
        if !gave_way.is_empty() {
            detail.push_str(&format!("; gave way: {}", gave_way.join(", ")));
        }
        placement.target = Some(Target {
            section: rule.section.clone(),
            objective: rule.objective.clone(),
        });
        placement.reason = Some(Reason {
            kind: if provenance {
                RuleKind::Provenance
            } else {
                RuleKind::Text
            },
            rule: rule.id.clone(),
            detail,
            matched: best.matched.clone(),
        });
        return placement;
    }

    if let Some(d) = &blueprint.default {
        let named = (&d.section, d.objective.as_ref());
        let detail = "no override and no rule applied".to_string();
        if let Some((target, reason)) =
            fixed(blueprint, named, RuleKind::Default, "default", detail)
        {
            placement.target = Some(target);
            placement.reason = Some(reason);
            return placement;
        }
    }
    placement.suggestions = index.suggest(&wordings);
    placement
}

/// A placement named outright (a card's override, the blueprint's default): its target and
/// reason when the section (and objective) exist in the blueprint, `None` otherwise.
fn fixed(
    blueprint: &Blueprint,
    (section, objective): (&String, Option<&String>),
    kind: RuleKind,
    rule: &str,
    detail: String,
) -> Option<(Target, Reason)> {
    blueprint
        .resolve(section, objective.map(String::as_str))
        .ok()?;
    Some((
        Target {
            section: section.clone(),
            objective: objective.cloned(),
        },
        Reason {
            kind,
            rule: rule.into(),
            detail,
            matched: Vec::new(),
        },
    ))
}

/// `score N`, preceded by `priority P, ` when the priority is not 0.
fn strength(m: &Match) -> String {
    match m.compiled.rule.priority {
        0 => format!("score {}", m.score),
        p => format!("priority {p}, score {}", m.score),
    }
}

fn dedup_join(items: &[&str]) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for i in items {
        if !seen.contains(i) {
            seen.push(i);
        }
    }
    seen.join(", ")
}

/// Whether `c` matches `card`; `None` when it does not. The score is the number of the
/// card's word positions (over all its wordings) covered by a matched word or phrase: every
/// occurrence counts, a position covered by two terms counts once, and positions inside an
/// `except` phrase are skipped.
fn match_rule<'a>(
    c: &'a Compiled<'a>,
    order: usize,
    card: &MergedCard,
    wordings: &[Vec<u32>],
) -> Option<Match<'a>> {
    if c.rule.is_provenance()
        && !card
            .sources
            .iter()
            .any(|s| c.rule.lists.contains(&s.list_key))
    {
        return None;
    }
    let mut matched_terms = vec![false; c.terms.len()];
    let mut score = 0;
    for wording in wordings {
        let mut masked = vec![false; wording.len()];
        for e in &c.except {
            for start in occurrences(wording, e) {
                masked[start..start + e.len()]
                    .iter_mut()
                    .for_each(|m| *m = true);
            }
        }
        let mut covered = vec![false; wording.len()];
        for (i, (_, stems)) in c.terms.iter().enumerate() {
            for start in occurrences(wording, stems) {
                let span = start..start + stems.len();
                if masked[span.clone()].iter().any(|m| *m) {
                    continue;
                }
                matched_terms[i] = true;
                covered[span].iter_mut().for_each(|p| *p = true);
            }
        }
        score += covered.iter().filter(|p| **p).count();
    }
    let matched: Vec<String> = c
        .terms
        .iter()
        .zip(&matched_terms)
        .filter(|(_, m)| **m)
        .map(|((t, _), _)| t.to_string())
        .collect();
    let has_text_condition = !c.rule.words.is_empty() || !c.rule.phrases.is_empty();
    if has_text_condition && matched.is_empty() {
        return None;
    }
    Some(Match {
        compiled: c,
        order,
        score,
        matched,
    })
}

/// Start positions of `needle` in `haystack` (both interned stem sequences).
fn occurrences<'h>(haystack: &'h [u32], needle: &'h [u32]) -> impl Iterator<Item = usize> + 'h {
    let first = needle.first().copied();
    haystack
        .iter()
        .enumerate()
        .filter(move |(i, x)| Some(**x) == first && haystack[*i..].starts_with(needle))
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, Provenance, Section, SectionKind};

    fn rule(id: &str, words: &[&str], phrases: &[&str], except: &[&str]) -> Rule {
        Rule {
            id: id.into(),
            priority: 0,
            yield_margin: None,
            section: "s".into(),
            objective: None,
            lists: Vec::new(),
            words: words.iter().map(|w| w.to_string()).collect(),
            phrases: phrases.iter().map(|w| w.to_string()).collect(),
            except: except.iter().map(|w| w.to_string()).collect(),
            locations: Default::default(),
        }
    }

    fn card(text: &str) -> MergedCard {
        MergedCard {
            id: "c".into(),
            members: vec!["c".into()],
            text: text.into(),
            sources: vec![Provenance {
                meeting: "m".into(),
                place: "p".into(),
                dates: "d".into(),
                document: "doc".into(),
                list_key: "ag1".into(),
                list_title: "t".into(),
                dimension: None,
                position: 1,
                proposer: None,
            }],
            other_wordings: Vec::new(),
            tags: Vec::new(),
            placement: None,
            explanation: String::new(),
        }
    }

    /// (score, matched terms) of `r` on `text`, or None when it does not match.
    fn score(r: &Rule, text: &str) -> Option<(usize, Vec<String>)> {
        let a = Analyzer::new(&[]);
        let mut v = Vocabulary::default();
        let c = Compiled::new(r, &a, &mut v);
        let card = card(text);
        let wordings = vec![v.lookup(&a.stems(text))];
        match_rule(&c, 0, &card, &wordings).map(|m| (m.score, m.matched))
    }

    #[test]
    fn score_counts_covered_words_once() {
        let r = rule("r", &["recruitment", "fee"], &["recruitment fees"], &[]);
        // "recruitment fees" covers 2 words, the single words cover the same 2; plus the
        // second "recruitment".
        assert_eq!(
            score(&r, "Recruitment fees and fair recruitment"),
            Some((
                3,
                vec![
                    "recruitment".into(),
                    "fee".into(),
                    "recruitment fees".into()
                ]
            ))
        );
        assert_eq!(score(&r, "Improve data"), None);
    }

    /// Regression: a text rule whose terms have no words (rejected by the loader, but
    /// `place` may get an unvalidated blueprint) must match nothing, not everything.
    #[test]
    fn rule_without_words_matches_nothing() {
        let r = rule("r", &["—"], &["..."], &[]);
        assert_eq!(score(&r, "Improve data"), None);
    }

    #[test]
    fn except_phrases_hide_their_words_only() {
        let r = rule("omit", &["end"], &[], &["to this end"]);
        assert_eq!(score(&r, "To this end, improve data"), None);
        assert_eq!(
            score(&r, "To this end, end child detention"),
            Some((1, vec!["end".into()]))
        );
    }

    #[test]
    fn same_stem_words_are_one_term_and_hyphenated_words_are_phrases() {
        let r = rule("r", &["treaty", "treaties", "multi-cultural"], &[], &[]);
        assert_eq!(
            score(&r, "Ratify treaties; support multi-cultural activities"),
            Some((3, vec!["treaty".into(), "multi-cultural".into()]))
        );
        // `multi-cultural` does not match "cultural" alone.
        assert_eq!(score(&r, "cultural activities"), None);
    }

    /// A blueprint with two operative sections, `omit` and `recruit`, and `rules`.
    fn two_sections(rules: Vec<Rule>) -> Blueprint {
        let section = |id: &str| Section {
            id: id.into(),
            title: id.into(),
            description: String::new(),
            kind: SectionKind::Operative,
            required: false,
            paragraphs: Vec::new(),
            objectives: Vec::new(),
            location: None,
        };
        Blueprint {
            document: Document {
                title: "T".into(),
                subtitle: "Zero draft".into(),
                symbol: None,
                date: "d".into(),
                language: "en".into(),
            },
            sections: vec![section("omit"), section("recruit")],
            rules,
            default: None,
            stop_words: Vec::new(),
        }
    }

    /// The omit rule (priority 2, yield margin 3) wins close calls but gives way when the
    /// topic rule scores 3 or more above it; without a margin, priority always wins.
    #[test]
    fn yield_margin_lets_a_much_stronger_match_beat_a_priority() {
        let omit = |margin: Option<u32>| Rule {
            priority: 2,
            yield_margin: margin,
            section: "omit".into(),
            ..rule("omit", &["eliminate"], &[], &[])
        };
        let recruit = Rule {
            section: "recruit".into(),
            ..rule("recruit", &["recruitment", "ethical", "fee"], &[], &[])
        };
        let strong = card("Adopt ethical recruitment and eliminate recruitment fees"); // 4 vs 1
        let close = card("Eliminate recruitment fees"); // 2 vs 1
        let margin3 = two_sections(vec![omit(Some(3)), recruit.clone()]);
        let placed = place(&margin3, &[strong.clone(), close.clone()]);
        let got: Vec<(String, String)> = placed
            .iter()
            .map(|p| {
                let r = p.reason.as_ref().unwrap();
                (p.target.as_ref().unwrap().display(), r.detail.clone())
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "recruit".to_string(),
                    "matched: recruitment, ethical, fee (score 4); gave way: omit (priority 2, \
                     score 1; yield margin 3)"
                        .to_string()
                ),
                (
                    "omit".to_string(),
                    "matched: eliminate (priority 2, score 1); also matched: recruit (score 2)"
                        .to_string()
                ),
            ]
        );
        // Exactly at the margin: 4 − 1 = 3 gives way; a margin of 4 does not.
        let margin4 = two_sections(vec![omit(Some(4)), recruit.clone()]);
        let placed = place(&margin4, std::slice::from_ref(&strong));
        assert_eq!(placed[0].target.as_ref().unwrap().section, "omit");
        let no_margin = two_sections(vec![omit(None), recruit]);
        let placed = place(&no_margin, &[strong]);
        assert_eq!(placed[0].target.as_ref().unwrap().section, "omit");
    }

    #[test]
    fn unplaced_card_gets_ranked_suggestions() {
        let bp = Blueprint {
            document: Document {
                title: "T".into(),
                subtitle: "Zero draft".into(),
                symbol: None,
                date: "d".into(),
                language: "en".into(),
            },
            sections: vec![
                Section {
                    id: "omit".into(),
                    title: "Commit to omit".into(),
                    description: "Pledges to stop harmful practices.".into(),
                    kind: SectionKind::Operative,
                    required: false,
                    paragraphs: Vec::new(),
                    objectives: Vec::new(),
                    location: None,
                },
                Section {
                    id: "review".into(),
                    title: "Review".into(),
                    description: "Follow-up and review of progress.".into(),
                    kind: SectionKind::Operative,
                    required: false,
                    paragraphs: Vec::new(),
                    objectives: Vec::new(),
                    location: None,
                },
            ],
            rules: Vec::new(),
            default: None,
            stop_words: Vec::new(),
        };
        let placements = place(&bp, &[card("Review progress and stop practices")]);
        let got: Vec<(String, f64)> = placements[0]
            .suggestions
            .iter()
            .map(|s| (s.target.display(), s.score))
            .collect();
        assert_eq!(
            got,
            vec![("review".to_string(), 0.567), ("omit".to_string(), 0.408)]
        );
        assert!(placements[0].target.is_none() && placements[0].reason.is_none());
    }
}
