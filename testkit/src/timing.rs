//! How the benchmarks report latencies: the median, the 99th percentile and the worst.

use std::time::Duration;

/// The `p` quantile (0 to 1) of times already sorted.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// One line: `what: N runs, p50 .. ms, p99 .. ms, max .. ms`.
pub fn report(what: &str, mut times: Vec<Duration>) {
    if times.is_empty() {
        println!("{what}: no runs");
        return;
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{what}: {} runs, p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        times.len(),
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.99)),
        ms(times[times.len() - 1])
    );
}
