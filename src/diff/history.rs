//! Paragraph lineage across several rounds (zero draft → Rev.1 → Rev.2 …).
//!
//! Each consecutive pair of revisions is compared (see [`crate::diff::compare()`]); a
//! paragraph's lineage follows it from round to round through the matches, whatever its
//! number. A lineage starts at the zero draft or where the paragraph was added (or split
//! off), and ends where it was deleted (or merged into another). For each lineage the
//! output gives its label in every round and the first and last round in which its text
//! changed (added, edited, moved and edited, split, merged or deleted; a pure move or a
//! renumbering is not a change of text), and the rounds in which it moved (with or without
//! edits), so that a move is never hidden behind an unchanged text.

use serde::Serialize;

use super::compare::{compare, display_labels, Op, Options, SCHEMA_VERSION};
use super::Revision;

/// One paragraph followed through the rounds.
#[derive(Debug, Clone, Serialize)]
pub struct Lineage {
    /// `L1`, `L2`, … in output order.
    pub id: String,
    /// Per round: its label (empty string when unlabelled), or `None` when absent.
    pub labels: Vec<Option<String>>,
    /// Per round (from round 1): what happened to it coming from the previous round.
    pub ops: Vec<Option<Op>>,
    /// 0-based round where it first appears.
    pub first_round: usize,
    /// 0-based round where it last appears.
    pub last_round: usize,
    /// 0-based round where its text first changed (round of addition counts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_changed: Option<usize>,
    /// 0-based round where its text last changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_changed: Option<usize>,
    /// 0-based rounds in which it moved (a move, edited or not), ascending.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub moved_in: Vec<usize>,
    /// Its text in the last round where it appears.
    pub text: String,
}

/// Lineage of every paragraph over the rounds. JSON: `{schema_version, rounds, lineages}`.
#[derive(Debug, Clone, Serialize)]
pub struct History {
    /// Schema version (shared with `diff`'s JSON).
    pub schema_version: u32,
    /// Round names, in order.
    pub rounds: Vec<String>,
    /// Lineages: those present in the last round in its order, then the ended ones in the
    /// order they ended.
    pub lineages: Vec<Lineage>,
}

fn changes_text(op: Op) -> bool {
    !matches!(op, Op::Unchanged | Op::Moved)
}

/// Follows every paragraph across `revisions` (at least one).
pub fn history(revisions: &[Revision], options: &Options) -> History {
    let rounds = revisions.len();
    let mut lineages: Vec<Lineage> = Vec::new();
    // Labels in context (`Article 4 › 2.`), empty for unlabelled blocks.
    let labels: Vec<Vec<Option<String>>> = revisions
        .iter()
        .map(|r| display_labels(&r.blocks))
        .collect();
    let label_of = |round: usize, i: usize| Some(labels[round][i].clone().unwrap_or_default());
    let start = |lineages: &mut Vec<Lineage>, round: usize, r: &Revision, i: usize| {
        let mut labels = vec![None; rounds];
        labels[round] = label_of(round, i);
        lineages.push(Lineage {
            id: String::new(),
            labels,
            ops: vec![None; rounds],
            first_round: round,
            last_round: round,
            first_changed: (round > 0).then_some(round),
            last_changed: (round > 0).then_some(round),
            moved_in: Vec::new(),
            text: r.blocks[i].text.clone(),
        });
        lineages.len() - 1
    };
    let Some(first) = revisions.first() else {
        return History {
            schema_version: SCHEMA_VERSION,
            rounds: Vec::new(),
            lineages,
        };
    };
    // Lineage of each block of the current round.
    let mut current: Vec<usize> = (0..first.blocks.len())
        .map(|i| start(&mut lineages, 0, first, i))
        .collect();
    let mut ended: Vec<usize> = Vec::new();
    for k in 1..rounds {
        let (old, new) = (&revisions[k - 1], &revisions[k]);
        let c = compare(old, new, options);
        let mut next: Vec<Option<usize>> = vec![None; new.blocks.len()];
        for e in &c.entries {
            let mark = |l: &mut Lineage, op: Op| {
                l.ops[k] = Some(op);
                if matches!(op, Op::Moved | Op::MovedModified) {
                    l.moved_in.push(k);
                }
                if changes_text(op) {
                    l.first_changed.get_or_insert(k);
                    l.last_changed = Some(k);
                }
            };
            match (e.old.first(), e.new.first()) {
                (Some(ob), Some(nb)) => {
                    let id = current[ob.index];
                    let l = &mut lineages[id];
                    l.labels[k] = label_of(k, nb.index);
                    l.last_round = k;
                    l.text = new.blocks[nb.index].text.clone();
                    mark(l, e.op);
                    next[nb.index] = Some(id);
                    // Merged-in paragraphs end here; split-off paragraphs start here.
                    for extra in e.old.iter().skip(1) {
                        let l = &mut lineages[current[extra.index]];
                        mark(l, Op::Merged);
                        ended.push(current[extra.index]);
                    }
                    for extra in e.new.iter().skip(1) {
                        let id = start(&mut lineages, k, new, extra.index);
                        lineages[id].ops[k] = Some(Op::Split);
                        next[extra.index] = Some(id);
                    }
                }
                (None, Some(nb)) => {
                    let id = start(&mut lineages, k, new, nb.index);
                    lineages[id].ops[k] = Some(Op::Added);
                    next[nb.index] = Some(id);
                }
                (Some(ob), None) => {
                    let id = current[ob.index];
                    mark(&mut lineages[id], Op::Deleted);
                    ended.push(id);
                }
                (None, None) => {}
            }
        }
        current = next
            .into_iter()
            .enumerate()
            .map(|(i, l)| l.unwrap_or_else(|| start(&mut lineages, k, new, i)))
            .collect();
    }
    let order: Vec<usize> = current.iter().copied().chain(ended).collect();
    let mut out: Vec<Lineage> = Vec::with_capacity(order.len());
    for (n, id) in order.into_iter().enumerate() {
        let mut l = lineages[id].clone();
        l.id = format!("L{}", n + 1);
        out.push(l);
    }
    History {
        schema_version: SCHEMA_VERSION,
        rounds: revisions.iter().map(|r| r.name.clone()).collect(),
        lineages: out,
    }
}

/// The history as a plain-text table: a legend of the rounds (`R0 = zero-draft`), then one
/// row per lineage with a column per round holding its label in context (`·` unlabelled,
/// `—` absent), the first and last round its text changed, the rounds in which it moved
/// (`R1 R2`; `—` never), and the start of its text. Control characters are shown as
/// visible placeholders ([`crate::xml_text::visible_controls`]).
pub fn table(h: &History) -> String {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut head = vec!["#".to_string()];
    head.extend((0..h.rounds.len()).map(|i| format!("R{i}")));
    head.extend([
        "first changed".into(),
        "last changed".into(),
        "moved".into(),
        "text".into(),
    ]);
    rows.push(head);
    let round = |r: Option<usize>| r.map_or_else(|| "—".into(), |i| format!("R{i}"));
    for l in &h.lineages {
        let mut row = vec![l.id.clone()];
        for lab in &l.labels {
            row.push(match lab {
                None => "—".into(),
                Some(s) if s.is_empty() => "·".into(),
                Some(s) => s.clone(),
            });
        }
        row.push(round(l.first_changed));
        row.push(round(l.last_changed));
        row.push(if l.moved_in.is_empty() {
            "—".into()
        } else {
            l.moved_in
                .iter()
                .map(|r| format!("R{r}"))
                .collect::<Vec<_>>()
                .join(" ")
        });
        let mut text: String = l.text.chars().take(60).collect();
        if l.text.chars().count() > 60 {
            text.push('…');
        }
        row.push(text);
        rows.push(row);
    }
    let cols = rows.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..cols)
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for (i, name) in h.rounds.iter().enumerate() {
        out.push_str(&format!("R{i} = {name}\n"));
    }
    out.push('\n');
    for r in rows {
        let cells: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(c, s)| {
                if c + 1 == cols {
                    s.clone()
                } else {
                    format!("{s}{}", " ".repeat(widths[c] - s.chars().count()))
                }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    // Control characters in a text or name are shown, never sent to the terminal.
    crate::xml_text::visible_controls(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::testing::rev;

    #[test]
    fn lineage_follows_renumbering_and_edits() {
        let r0 = rev("R0", "1. Decides to establish a technology mechanism for all Parties.\n2. Requests the secretariat to prepare a synthesis report on adaptation.");
        let r1 = rev("R1", "1. Welcomes the outcome of the dialogue held in Bonn this year.\n2. Decides to establish a technology mechanism for all Parties.\n3. Requests the secretariat to prepare a synthesis report on adaptation.");
        let r2 = rev("R2", "1. Welcomes the outcome of the dialogue held in Bonn this year.\n2. Decides to establish a finance mechanism for all Parties.");
        let h = history(&[r0, r1, r2], &Options::default());
        insta::assert_snapshot!(table(&h), @r"
        R0 = R0
        R1 = R1
        R2 = R2

        #   R0  R1  R2  first changed  last changed  moved  text
        L1  —   1.  1.  R1             R1            —      Welcomes the outcome of the dialogue held in Bonn this year.
        L2  1.  2.  2.  R2             R2            —      Decides to establish a finance mechanism for all Parties.
        L3  2.  3.  —   R2             R2            —      Requests the secretariat to prepare a synthesis report on ad…
        ");
    }

    #[test]
    fn table_shows_control_characters() {
        let r0 = rev("R0", "1. Decides to act\u{1b}[8m now.");
        let r1 = rev("R1", "1. Decides to act\u{1b}[8m today.");
        let t = table(&history(&[r0, r1], &Options::default()));
        assert!(!t.contains('\u{1b}'), "{t}");
        assert!(t.contains("act\u{241b}[8m today."), "{t}");
    }

    #[test]
    fn renamed_heading_and_title_line_keep_their_lineage() {
        let body = "1. Decides to establish a technology mechanism for all Parties.";
        let r0 = rev("R0", &format!("Zero draft\n\n# Mitigation\n\n{body}"));
        let r1 = rev(
            "R1",
            &format!("Zero draft Rev.1\n\n# Mitigation and adaptation\n\n{body}"),
        );
        let r2 = rev(
            "R2",
            &format!("Zero draft Rev.2\n\n# Mitigation and adaptation\n\n{body}"),
        );
        let h = history(&[r0, r1, r2], &Options::default());
        let rows: Vec<(&str, Option<usize>, Option<usize>)> = h
            .lineages
            .iter()
            .map(|l| (l.text.as_str(), l.first_changed, l.last_changed))
            .collect();
        assert_eq!(
            rows,
            [
                ("Zero draft Rev.2", Some(1), Some(2)),
                ("Mitigation and adaptation", Some(1), Some(1)),
                (body.trim_start_matches("1. "), None, None),
            ]
        );
    }
}
