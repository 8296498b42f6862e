//! A page's messages for its script: the messages of one resource file prefix (`review-`),
//! in one language, as JSON the page's `t(key, args)` formats. A part is a text, a
//! variable (`{"v": "done"}`) or a selection on a number by its CLDR plural category
//! (`{"s": "count", "o": {"one": [...], "other": [...]}, "d": "other"}`, which the
//! browser's `Intl.PluralRules` resolves).

use fluent_syntax::ast::{
    Entry, Expression, InlineExpression, Pattern, PatternElement, VariantKey,
};
use serde_json::{Map, Value, json};

use crate::{Lang, PAGE_RESOURCES};

/// The messages whose ids start with `prefix`, keyed by the rest of the id, in `lang`;
/// one the language lacks is given in English.
pub fn page_messages(lang: Lang, prefix: &str) -> Value {
    let mut messages = messages_of(Lang::En, prefix);
    messages.extend(messages_of(lang, prefix));
    Value::Object(messages)
}

fn messages_of(lang: Lang, prefix: &str) -> Map<String, Value> {
    let mut out = Map::new();
    for (_, _, packed) in PAGE_RESOURCES
        .iter()
        .filter(|(code, ..)| *code == lang.code())
    {
        let source = crate::inflated(packed);
        let resource =
            fluent_syntax::parser::parse(source.as_str()).unwrap_or_else(|(partial, _)| partial);
        for entry in resource.body {
            let Entry::Message(message) = entry else {
                continue;
            };
            let (Some(key), Some(value)) = (message.id.name.strip_prefix(prefix), &message.value)
            else {
                continue;
            };
            out.insert(key.to_string(), parts(value));
        }
    }
    out
}

fn parts(pattern: &Pattern<&str>) -> Value {
    let mut out = Vec::new();
    for element in &pattern.elements {
        let part = match element {
            PatternElement::TextElement { value } => json!(value),
            PatternElement::Placeable { expression } => match expression {
                Expression::Inline(inline) => inline_part(inline),
                Expression::Select { selector, variants } => {
                    let InlineExpression::VariableReference { id } = selector else {
                        continue;
                    };
                    let mut options = Map::new();
                    let mut default = String::new();
                    for variant in variants {
                        let key = match &variant.key {
                            VariantKey::Identifier { name } => name.to_string(),
                            VariantKey::NumberLiteral { value } => value.to_string(),
                        };
                        if variant.default {
                            default = key.clone();
                        }
                        options.insert(key, parts(&variant.value));
                    }
                    json!({"s": id.name, "o": options, "d": default})
                }
            },
        };
        out.push(part);
    }
    Value::Array(out)
}

fn inline_part(inline: &InlineExpression<&str>) -> Value {
    match inline {
        InlineExpression::VariableReference { id } => json!({"v": id.name}),
        InlineExpression::StringLiteral { value } | InlineExpression::NumberLiteral { value } => {
            json!(value)
        }
        InlineExpression::Placeable { expression } => match expression.as_ref() {
            Expression::Inline(inner) => inline_part(inner),
            Expression::Select { .. } => json!(""),
        },
        _ => json!(""),
    }
}
