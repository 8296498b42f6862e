//! How a Lambda function logs: as lambda_runtime's own subscriber does (JSON lines with
//! the invocation's request id when the function's log format is JSON; the level from
//! `AWS_LAMBDA_LOG_LEVEL` or `RUST_LOG`), and every metric event
//! ([`casebook_core::metric`]) also as a CloudWatch embedded-metric-format line on
//! standard output, which CloudWatch turns into a metric of the `casebook` namespace with
//! the function's name (and the event's kind) as dimensions.

use std::io::Write;

use casebook_core::metric::TARGET;
use tracing::field::{Field, Visit};
use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::util::SubscriberInitExt;

/// The namespace of casebook's metrics in CloudWatch.
pub const NAMESPACE: &str = "casebook";

/// Sets the function's logging up once, at its start.
pub fn init_lambda() {
    let json = std::env::var("AWS_LAMBDA_LOG_FORMAT").is_ok_and(|f| f.eq_ignore_ascii_case("json"));
    let level = std::env::var("AWS_LAMBDA_LOG_LEVEL")
        .or_else(|_| std::env::var("RUST_LOG"))
        .unwrap_or_else(|_| "info".into());
    let filter = log_filter(&level);
    let function = std::env::var("AWS_LAMBDA_FUNCTION_NAME").unwrap_or_else(|_| "casebook".into());
    let emf = EmbeddedMetrics { function };
    let fmt = tracing_subscriber::fmt::layer()
        .with_target(false)
        .without_time()
        .with_writer(std::io::stdout);
    // One subscriber type whichever the format: the stack is built once in the binary,
    // not once per format (a few hundred KB of a function).
    let fmt: Box<dyn tracing_subscriber::Layer<tracing_subscriber::Registry> + Send + Sync> =
        if json {
            Box::new(fmt.json())
        } else {
            Box::new(fmt)
        };
    let _ = tracing_subscriber::registry()
        .with(fmt)
        .with(filter)
        .with(emf)
        .try_init();
}

/// The levels `AWS_LAMBDA_LOG_LEVEL` or `RUST_LOG` say (`INFO`, `debug`,
/// `casebook_core=debug,info`), else info. Targets, not EnvFilter: the same directives
/// without a regex engine in every function.
fn log_filter(level: &str) -> Targets {
    let info = || Targets::new().with_default(tracing::Level::INFO);
    if level.trim().is_empty() {
        return info();
    }
    level
        .to_ascii_lowercase()
        .parse::<Targets>()
        .unwrap_or_else(|_| info())
}

/// Writes each metric event as one embedded-metric-format line.
struct EmbeddedMetrics {
    function: String,
}

/// One metric event's fields.
#[derive(Default)]
pub struct MetricFields {
    pub name: String,
    pub value: f64,
    pub unit: String,
    pub kind: String,
}

impl Visit for MetricFields {
    fn record_str(&mut self, field: &Field, value: &str) {
        match field.name() {
            "metric" => self.name = value.to_string(),
            "unit" => self.unit = value.to_string(),
            "kind" => self.kind = value.to_string(),
            _ => {}
        }
    }

    fn record_f64(&mut self, field: &Field, value: f64) {
        if field.name() == "value" {
            self.value = value;
        }
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        self.record_f64(field, value as f64);
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        self.record_f64(field, value as f64);
    }

    fn record_debug(&mut self, _: &Field, _: &dyn std::fmt::Debug) {}
}

/// The embedded-metric-format line of one metric.
pub fn emf_line(function: &str, fields: &MetricFields, timestamp_ms: i64) -> String {
    let mut dimensions = vec![serde_json::json!(["function"])];
    let mut line = serde_json::json!({
        "function": function,
        fields.name.as_str(): fields.value,
    });
    if !fields.kind.is_empty() {
        dimensions.push(serde_json::json!(["function", "kind"]));
        line["kind"] = fields.kind.as_str().into();
    }
    line["_aws"] = serde_json::json!({
        "Timestamp": timestamp_ms,
        "CloudWatchMetrics": [{
            "Namespace": NAMESPACE,
            "Dimensions": dimensions,
            "Metrics": [{"Name": fields.name, "Unit": if fields.unit.is_empty() { "None" } else { &fields.unit }}],
        }],
    });
    line.to_string()
}

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for EmbeddedMetrics {
    fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
        if event.metadata().target() != TARGET {
            return;
        }
        let mut fields = MetricFields::default();
        event.record(&mut fields);
        if fields.name.is_empty() {
            return;
        }
        let line = emf_line(
            &self.function,
            &fields,
            jiff::Timestamp::now().as_millisecond(),
        );
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{line}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_level_is_read_as_lambda_and_rust_log_write_it() {
        use tracing::Level;
        let enabled =
            |level: &str, target: &str, at: Level| log_filter(level).would_enable(target, &at);
        // AWS_LAMBDA_LOG_LEVEL is upper case.
        assert!(enabled("DEBUG", "casebook_core", Level::DEBUG));
        assert!(!enabled("WARN", "casebook_core", Level::INFO));
        // RUST_LOG's directives, per target.
        assert!(enabled(
            "casebook_core=debug,info",
            "casebook_core",
            Level::DEBUG
        ));
        assert!(!enabled("casebook_core=debug,info", "hyper", Level::DEBUG));
        assert!(enabled("casebook_core=debug,info", "hyper", Level::INFO));
        // Nothing said: info.
        assert!(enabled("", "casebook_core", Level::INFO));
        assert!(!enabled(" ", "casebook_core", Level::DEBUG));
    }

    #[test]
    fn a_metric_line_names_its_namespace_dimensions_and_unit() {
        let line: serde_json::Value = serde_json::from_str(&emf_line(
            "casebook-applications",
            &MetricFields {
                name: "Refusals".into(),
                value: 1.0,
                unit: "Count".into(),
                kind: "unknown_country".into(),
            },
            1_714_525_200_000,
        ))
        .unwrap();
        assert_eq!(line["Refusals"], 1.0);
        assert_eq!(line["function"], "casebook-applications");
        assert_eq!(line["kind"], "unknown_country");
        let directive = &line["_aws"]["CloudWatchMetrics"][0];
        assert_eq!(directive["Namespace"], "casebook");
        assert_eq!(
            directive["Dimensions"],
            serde_json::json!([["function"], ["function", "kind"]])
        );
        assert_eq!(
            directive["Metrics"][0],
            serde_json::json!({"Name": "Refusals", "Unit": "Count"})
        );
        assert_eq!(line["_aws"]["Timestamp"], 1_714_525_200_000_i64);
    }
}
