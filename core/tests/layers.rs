//! The layers of the domain and the services, read from the sources: no module of either
//! crate reaches, through others, back to itself, and below the ports no domain type
//! names them (the ports name the types, never the reverse). A change that ties a knot
//! fails here with the modules of the loop.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each top-level module of the crate at `src` and the top-level modules it names
/// (`crate::x`), tests and comments left out.
fn module_graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut files = vec![src.to_path_buf()];
    while let Some(path) = files.pop() {
        if path.is_dir() {
            for entry in std::fs::read_dir(&path).unwrap() {
                files.push(entry.unwrap().path());
            }
            continue;
        }
        let relative = path.strip_prefix(src).unwrap();
        let name = path.file_name().unwrap().to_string_lossy();
        let is_test = name == "tests.rs" || relative.components().any(|c| c.as_os_str() == "tests");
        if !name.ends_with(".rs") || is_test {
            continue;
        }
        let first = relative
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let module = first.trim_end_matches(".rs").to_string();
        if module == "lib" {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        // A file's own unit tests sit at its end.
        let code = text.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
        let names = graph.entry(module.clone()).or_default();
        for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
            for (i, _) in line.match_indices("crate::") {
                let named: String = line[i + "crate::".len()..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !named.is_empty() && named != module {
                    names.insert(named);
                }
            }
        }
    }
    // Only edges between the crate's own modules (a name re-exported at the root is not one).
    let modules: BTreeSet<String> = graph.keys().cloned().collect();
    for names in graph.values_mut() {
        names.retain(|n| modules.contains(n));
    }
    graph
}

/// A loop of modules, if there is one.
fn find_loop(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        graph: &BTreeMap<String, BTreeSet<String>>,
        module: &str,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|m| m == module) {
            let mut cycle = path[start..].to_vec();
            cycle.push(module.to_string());
            return Some(cycle);
        }
        if done.contains(module) {
            return None;
        }
        path.push(module.to_string());
        for next in &graph[module] {
            if let Some(cycle) = visit(graph, next, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(module.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|m| visit(graph, m, &mut Vec::new(), &mut done))
}

fn crate_src(relative: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

#[test]
fn the_domain_has_no_loop_and_its_types_never_name_the_ports() {
    let graph = module_graph(&crate_src("domain/src"));
    assert!(graph.len() > 20, "the domain's modules are read: {graph:?}");
    assert_eq!(find_loop(&graph), None, "a loop among the domain's modules");
    let naming_ports: Vec<&String> = graph
        .iter()
        .filter(|(module, names)| names.contains("ports") && !["memory"].contains(&module.as_str()))
        .map(|(module, _)| module)
        .collect();
    assert!(
        naming_ports.is_empty(),
        "domain types name the ports (the ports are above them): {naming_ports:?}"
    );
}

#[test]
fn the_services_have_no_loop() {
    let graph = module_graph(&crate_src("src"));
    assert!(graph.contains_key("review") && graph.contains_key("decision"));
    assert_eq!(
        find_loop(&graph),
        None,
        "a loop among the services' modules"
    );
}

#[test]
fn a_loop_is_found_when_there_is_one() {
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("a", vec!["b"]),
        ("b", vec!["c"]),
        ("c", vec!["a"]),
        ("d", vec![]),
    ]
    .into_iter()
    .map(|(m, names)| (m.to_string(), names.into_iter().map(String::from).collect()))
    .collect();
    let cycle = find_loop(&graph).expect("a loop");
    assert_eq!(cycle.first(), cycle.last());
    assert_eq!(cycle.len(), 4);
}
