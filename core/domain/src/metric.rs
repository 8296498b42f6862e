//! What organizers and operators count: a metric is a `tracing` event of target
//! [`TARGET`], so the domain and its services name it without knowing where it goes. On
//! Lambda each becomes a CloudWatch embedded-metric-format line (the functions'
//! subscriber, `casebook_startup::logging`); on one machine it is a log line like any
//! other.

/// The target of every metric event.
pub const TARGET: &str = "casebook::metric";

/// Counts `value` of `name` (a CloudWatch metric name: `Submissions`), in `unit`
/// (`Count`, `Milliseconds`), with an optional `kind` dimension (a refusal's code, a
/// reminder's kind). Names and kinds are fixed words of the code, never data people typed.
pub fn record(name: &'static str, value: f64, unit: &'static str, kind: Option<&str>) {
    tracing::info!(
        target: "casebook::metric",
        metric = name,
        value,
        unit,
        kind = kind.unwrap_or_default(),
        "metric"
    );
}

/// One of `name`.
pub fn count(name: &'static str, kind: Option<&str>) {
    record(name, 1.0, "Count", kind);
}
