//! The resource files' check: every language has English's files, each with English's
//! messages and no other, each message using only the `$variables` English gives it, and
//! no syntax error. `casebook campaign check` runs it on the built-in files or on a folder
//! a translator edited; CI runs it.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use fluent_syntax::ast::{
    CallArguments, Entry, Expression, InlineExpression, Pattern, PatternElement,
};

use crate::{CLI_RESOURCES, Lang, PAGE_RESOURCES, RESOURCES};

/// One resource file: its language's code (its folder), its name and its text.
#[derive(Debug, Clone)]
pub struct ResourceFile {
    pub language: String,
    pub name: String,
    pub source: String,
}

/// The files built into this program.
pub fn builtin_files() -> Vec<ResourceFile> {
    RESOURCES
        .iter()
        .chain(PAGE_RESOURCES)
        .chain(CLI_RESOURCES)
        .map(|(language, name, packed)| ResourceFile {
            language: (*language).to_string(),
            name: (*name).to_string(),
            source: crate::inflated(packed),
        })
        .collect()
}

/// What is wrong with a set of resource files, each naming the file and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextProblem {
    UnknownLanguage {
        language: String,
    },
    MissingLanguage {
        language: &'static str,
    },
    MissingFile {
        language: String,
        file: String,
    },
    ExtraFile {
        language: String,
        file: String,
    },
    Syntax {
        language: String,
        file: String,
        line: usize,
        error: String,
    },
    MissingMessage {
        language: String,
        file: String,
        id: String,
    },
    ExtraMessage {
        language: String,
        file: String,
        id: String,
    },
    UnknownVariable {
        language: String,
        file: String,
        id: String,
        variable: String,
    },
}

impl fmt::Display for TextProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TextProblem::UnknownLanguage { language } => write!(
                f,
                "{language}/: not one of the six languages (ar, en, es, fr, ru, zh); rename or remove the folder"
            ),
            TextProblem::MissingLanguage { language } => {
                write!(
                    f,
                    "{language}/: missing; copy en/ to {language}/ and translate it"
                )
            }
            TextProblem::MissingFile { language, file } => {
                write!(
                    f,
                    "{language}/{file}: missing; copy en/{file} and translate it"
                )
            }
            TextProblem::ExtraFile { language, file } => {
                write!(
                    f,
                    "{language}/{file}: en/ has no such file; remove it or add it to en/ first"
                )
            }
            TextProblem::Syntax {
                language,
                file,
                line,
                error,
            } => {
                write!(f, "{language}/{file}:{line}: {error}")
            }
            TextProblem::MissingMessage { language, file, id } => {
                write!(
                    f,
                    "{language}/{file}: message {id} is missing; translate it from en/{file}"
                )
            }
            TextProblem::ExtraMessage { language, file, id } => write!(
                f,
                "{language}/{file}: message {id} is not in en/{file}; remove it, or check its name"
            ),
            TextProblem::UnknownVariable {
                language,
                file,
                id,
                variable,
            } => write!(
                f,
                "{language}/{file}: message {id} uses ${variable}, which en/{file} does not give it; use the English message's variables"
            ),
        }
    }
}

/// A file's messages, each with the variables it uses.
type Messages = BTreeMap<String, BTreeSet<String>>;

/// Every problem of the files, in language and file order; none when they are complete.
pub fn check(files: &[ResourceFile]) -> Vec<TextProblem> {
    let mut problems = Vec::new();
    let mut by_language: BTreeMap<&str, BTreeMap<&str, Messages>> = BTreeMap::new();
    for file in files {
        if Lang::from_code(&file.language).is_none() {
            if !problems.contains(&TextProblem::UnknownLanguage {
                language: file.language.clone(),
            }) {
                problems.push(TextProblem::UnknownLanguage {
                    language: file.language.clone(),
                });
            }
            continue;
        }
        let messages = read(file, &mut problems);
        by_language
            .entry(&file.language)
            .or_default()
            .insert(&file.name, messages);
    }
    let english = by_language.get("en").cloned().unwrap_or_default();
    for lang in Lang::ALL.into_iter().filter(|l| *l != Lang::En) {
        let Some(theirs) = by_language.get(lang.code()) else {
            problems.push(TextProblem::MissingLanguage {
                language: lang.code(),
            });
            continue;
        };
        compare(lang.code(), &english, theirs, &mut problems);
    }
    problems
}

fn compare(
    language: &str,
    english: &BTreeMap<&str, Messages>,
    theirs: &BTreeMap<&str, Messages>,
    problems: &mut Vec<TextProblem>,
) {
    let (language, owned) = (language.to_string(), |s: &str| s.to_string());
    for (file, en) in english {
        let Some(messages) = theirs.get(file) else {
            problems.push(TextProblem::MissingFile {
                language: language.clone(),
                file: owned(file),
            });
            continue;
        };
        for id in en.keys().filter(|id| !messages.contains_key(*id)) {
            problems.push(TextProblem::MissingMessage {
                language: language.clone(),
                file: owned(file),
                id: id.clone(),
            });
        }
        for (id, variables) in messages {
            let Some(given) = en.get(id) else {
                problems.push(TextProblem::ExtraMessage {
                    language: language.clone(),
                    file: owned(file),
                    id: id.clone(),
                });
                continue;
            };
            for variable in variables.difference(given) {
                problems.push(TextProblem::UnknownVariable {
                    language: language.clone(),
                    file: owned(file),
                    id: id.clone(),
                    variable: variable.clone(),
                });
            }
        }
    }
    for file in theirs.keys().filter(|f| !english.contains_key(*f)) {
        problems.push(TextProblem::ExtraFile {
            language: language.clone(),
            file: owned(file),
        });
    }
}

fn read(file: &ResourceFile, problems: &mut Vec<TextProblem>) -> Messages {
    let resource =
        fluent_syntax::parser::parse(file.source.as_str()).unwrap_or_else(|(partial, errors)| {
            for error in errors {
                let line = file.source[..error.pos.start.min(file.source.len())]
                    .matches('\n')
                    .count()
                    + 1;
                problems.push(TextProblem::Syntax {
                    language: file.language.clone(),
                    file: file.name.clone(),
                    line,
                    error: error.to_string(),
                });
            }
            partial
        });
    let mut messages = Messages::new();
    for entry in resource.body {
        if let Entry::Message(message) = entry {
            let mut variables = BTreeSet::new();
            if let Some(value) = &message.value {
                pattern_variables(value, &mut variables);
            }
            for attribute in &message.attributes {
                pattern_variables(&attribute.value, &mut variables);
            }
            // English may offer translations a variable it does not use itself, by naming it
            // in its comment ("Variables: $from_short ...").
            if file.language == "en"
                && let Some(comment) = &message.comment
            {
                for line in &comment.content {
                    variables.extend(named_variables(line));
                }
            }
            messages.insert(message.id.name.to_string(), variables);
        }
    }
    messages
}

fn named_variables(line: &str) -> impl Iterator<Item = String> + '_ {
    line.split('$').skip(1).filter_map(|rest| {
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .collect();
        (!name.is_empty()).then_some(name)
    })
}

fn pattern_variables(pattern: &Pattern<&str>, found: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            expression_variables(expression, found);
        }
    }
}

fn expression_variables(expression: &Expression<&str>, found: &mut BTreeSet<String>) {
    match expression {
        Expression::Select { selector, variants } => {
            inline_variables(selector, found);
            for variant in variants {
                pattern_variables(&variant.value, found);
            }
        }
        Expression::Inline(inline) => inline_variables(inline, found),
    }
}

fn inline_variables(inline: &InlineExpression<&str>, found: &mut BTreeSet<String>) {
    match inline {
        InlineExpression::VariableReference { id } => {
            found.insert(id.name.to_string());
        }
        InlineExpression::FunctionReference { arguments, .. } => {
            arguments_variables(arguments, found)
        }
        InlineExpression::TermReference {
            arguments: Some(arguments),
            ..
        } => arguments_variables(arguments, found),
        InlineExpression::Placeable { expression } => expression_variables(expression, found),
        _ => {}
    }
}

fn arguments_variables(arguments: &CallArguments<&str>, found: &mut BTreeSet<String>) {
    for positional in &arguments.positional {
        inline_variables(positional, found);
    }
    for named in &arguments.named {
        inline_variables(&named.value, found);
    }
}
