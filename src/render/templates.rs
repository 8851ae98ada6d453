//! Handlebars templates for Markdown and HTML: the defaults are embedded in the binary
//! (`src/render/templates/*.hbs`), and a user folder overrides them file by file (as
//! mdBook's theme folder does).
//!
//! Templates run in strict mode, so a field the context does not have is an error naming
//! the template file, line and column instead of an empty string in the draft.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use handlebars::{Handlebars, RenderError, RenderErrorReason, TemplateError};
use serde::Serialize;

use super::fields;
use crate::diagnostic::{Diagnostic, Location};
use crate::Error;

/// A template: its file name, where its text came from, and the text.
#[derive(Debug, Clone)]
struct Source {
    /// File name, e.g. `markdown.hbs` (also the name used by `{{> …}}` without `.hbs`).
    file: &'static str,
    /// The user's file when overridden; `None` for the built-in default.
    path: Option<PathBuf>,
    /// Template text.
    text: Arc<str>,
}

/// Built-in templates: (file name, text). `markdown.hbs` renders `zero-draft.md`;
/// `html.hbs` renders `zero-draft.html` and includes the partial `html-style.hbs` (CSS).
pub const BUILT_IN: [(&str, &str); 3] = [
    ("markdown.hbs", include_str!("templates/markdown.hbs")),
    ("html.hbs", include_str!("templates/html.hbs")),
    ("html-style.hbs", include_str!("templates/html-style.hbs")),
];

/// The two template registries, one per escaping rule.
pub struct Templates {
    markdown: Handlebars<'static>,
    html: Handlebars<'static>,
    sources: Vec<Source>,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates")
            .field("sources", &self.sources)
            .finish()
    }
}

impl Templates {
    /// Loads the built-in templates, replacing each one for which `dir` holds a file of the
    /// same name.
    ///
    /// # Errors
    /// [`Error::Io`] when the folder or a file cannot be read; [`Error::Diagnostics`] with
    /// every problem found: `unknown-template` (a `.hbs` file that overrides nothing) and
    /// `template-syntax` (a template that does not parse, at its line and column).
    pub fn load(dir: Option<&Path>) -> Result<Templates, Error> {
        let mut sources: Vec<Source> = BUILT_IN
            .iter()
            .map(|&(file, text)| Source {
                file,
                path: None,
                text: Arc::from(text),
            })
            .collect();
        let mut problems = Vec::new();
        if let Some(dir) = dir {
            let io = |source| Error::Io {
                path: dir.to_path_buf(),
                source,
            };
            let mut names: Vec<(String, PathBuf)> = Vec::new();
            for entry in std::fs::read_dir(dir).map_err(io)? {
                let entry = entry.map_err(io)?;
                let path = entry.path();
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.ends_with(".hbs") && path.is_file() {
                    names.push((name, path));
                }
            }
            names.sort();
            for (name, path) in names {
                match sources.iter_mut().find(|s| s.file == name) {
                    Some(source) => {
                        let text = std::fs::read_to_string(&path).map_err(|e| Error::Io {
                            path: path.clone(),
                            source: e,
                        })?;
                        source.text = Arc::from(text);
                        source.path = Some(path);
                    }
                    None => problems.push(
                        Diagnostic::error(
                            "unknown-template",
                            format!("template `{name}` overrides no built-in template"),
                        )
                        .at(Location::in_file(path, 0, 0))
                        .with_hint(format!(
                            "name override files after the built-in templates: {}",
                            BUILT_IN.map(|(f, _)| f).join(", ")
                        )),
                    ),
                }
            }
        }

        let mut markdown = Handlebars::new();
        markdown.set_strict_mode(true);
        markdown.register_escape_fn(super::markdown::escape);
        let mut html = Handlebars::new();
        html.set_strict_mode(true);
        html.register_escape_fn(handlebars::html_escape);
        for source in &sources {
            let name = source.file.trim_end_matches(".hbs");
            let registry = if name == "markdown" {
                &mut markdown
            } else {
                &mut html
            };
            if let Err(e) = registry.register_template_string(name, source.text.as_ref()) {
                problems.push(syntax_diagnostic(source, &e));
            }
        }
        if !problems.is_empty() {
            return Err(Error::Diagnostics(problems));
        }
        Ok(Templates {
            markdown,
            html,
            sources,
        })
    }

    /// Renders `markdown.hbs` with Markdown escaping.
    ///
    /// # Errors
    /// [`Error::Diagnostics`] with one `template-render` diagnostic (strict mode: a missing
    /// field, a helper failing) at the template's line and column.
    pub fn markdown<T: Serialize>(&self, data: &T) -> Result<String, Error> {
        self.markdown
            .render("markdown", data)
            .map_err(|e| Error::Diagnostics(vec![self.render_diagnostic(&e)]))
    }

    /// Renders `html.hbs` with HTML escaping.
    ///
    /// # Errors
    /// As [`Templates::markdown`].
    pub fn html<T: Serialize>(&self, data: &T) -> Result<String, Error> {
        self.html
            .render("html", data)
            .map_err(|e| Error::Diagnostics(vec![self.render_diagnostic(&e)]))
    }

    /// A rendering error in plain words: for a missing field (strict mode), which field, the
    /// template file:line:col, and the fields available at that point of the template
    /// ([`super::fields`]); never Rust `Debug` output.
    fn render_diagnostic(&self, e: &RenderError) -> Diagnostic {
        let source = e.template_name.as_deref().and_then(|n| {
            self.sources
                .iter()
                .find(|s| s.file.trim_end_matches(".hbs") == n)
        });
        let name = source.map_or("a template", |s| s.file);
        let offset = source
            .zip(e.line_no)
            .map(|(s, line)| offset_of(&s.text, line, e.column_no.unwrap_or(1)));
        let (message, hint) = match e.reason() {
            RenderErrorReason::MissingVariable(path) => {
                let scopes = match (source, offset) {
                    (Some(s), Some(o)) => fields::scope_at(&s.text, o),
                    _ => vec![Some("draft")],
                };
                match path {
                    Some(path) => {
                        let why = fields::explain(path, &scopes);
                        (
                            format!(
                                "template `{name}` uses the field `{path}`, which does not exist there: {}",
                                why.problem
                            ),
                            why.hint,
                        )
                    }
                    None => (
                        format!("template `{name}` uses a field that does not exist there"),
                        fields::explain("", &scopes).hint,
                    ),
                }
            }
            RenderErrorReason::HelperNotFound(helper) => (
                format!("template `{name}` calls `{helper}`, which is neither a field nor a helper"),
                "the helpers are handlebars' built-in ones: if, unless, each, with, lookup, raw, log, \
                 eq, ne, gt, gte, lt, lte, and, or, not, len"
                    .to_string(),
            ),
            RenderErrorReason::PartialNotFound(partial) => (
                format!("template `{name}` includes the partial `{partial}`, which does not exist"),
                if name == "markdown.hbs" {
                    "markdown.hbs has no partials to include".to_string()
                } else {
                    "the one partial is the CSS, `{{> html-style}}` (file `html-style.hbs`)"
                        .to_string()
                },
            ),
            reason => (
                format!("template `{name}` could not be rendered: {reason}"),
                "check the template at the marked position (handlebars guide: https://handlebarsjs.com/guide/)"
                    .to_string(),
            ),
        };
        let mut d = Diagnostic::error("template-render", message).with_hint(hint);
        if let Some(source) = source {
            d.location = Some(locate(source, e.line_no, e.column_no));
        }
        d
    }
}

fn syntax_diagnostic(source: &Source, e: &TemplateError) -> Diagnostic {
    let (line, col) = match e.pos() {
        Some((l, c)) => (Some(l), Some(c)),
        None => (None, None),
    };
    Diagnostic::error(
        "template-syntax",
        format!("template `{}` does not parse: {}", source.file, e.reason()),
    )
    .at(locate(source, line, col))
    .with_hint(
        "fix the handlebars syntax at the marked position (see https://handlebarsjs.com/guide/)",
    )
}

/// Where a template error points: the user's file (with its text, for the caret) or the
/// built-in template, named `<built-in>/NAME`.
fn locate(source: &Source, line: Option<usize>, col: Option<usize>) -> Location {
    let file = source
        .path
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("<built-in>/{}", source.file)));
    match line {
        Some(line) => {
            let offset = offset_of(&source.text, line, col.unwrap_or(1));
            Location::from_span(file, source.text.clone(), offset..offset)
        }
        None => Location::in_file(file, 0, 0),
    }
}

/// Byte offset of 1-based `line` and `col` (in chars) in `text`, clamped to the text.
fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let within = l
                .char_indices()
                .nth(col.saturating_sub(1))
                .map_or(l.trim_end_matches('\n').len(), |(b, _)| b);
            return offset + within;
        }
        offset += l.len();
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_count_chars() {
        let text = "ab\né{{x\n";
        assert_eq!(offset_of(text, 2, 2), 5);
        assert_eq!(offset_of(text, 1, 1), 0);
        assert_eq!(offset_of(text, 9, 1), text.len());
    }

    #[test]
    fn built_in_templates_parse() {
        let t = Templates::load(None).unwrap();
        assert_eq!(t.sources.len(), 3);
    }
}
