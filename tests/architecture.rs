//! Import rules that the compiler does not enforce, checked by reading the source as text.
//!
//! - Inside `src/web`, modules must not depend on each other in a circle. A circle means neither
//!   side can be read, tested or moved without the other. Handlers sit on top of shared
//!   partials and evaluation, which sit on extractors, errors and state. [`assert_no_circles`]
//!   takes any directory under `src/`.
//! - `src/report` must not name `crate::web`, in its code or in the templates it compiles. The
//!   CLI's standalone report would otherwise compile the server.
//!
//! How the graph is built: every `super::…` and `crate::<area>::…` path in a file's code (with
//! comments and string literals removed, and `{…}` groups expanded) is an edge from the file's
//! module to the module that path names. A path that stops at a name re-exported with `pub use`
//! resolves to where that name is defined. Templates count as the code of the module whose
//! `#[template(path = …)]` compiles them, together with every template they extend or include.
//! An edge between two modules is counted between the children of their nearest common
//! ancestor, so `web::a::x → web::b` is `a → b`, and siblings inside one directory are checked
//! against each other. A parent and its own submodules are one unit to everyone else and are not
//! checked against each other.
//!
//! Limits: this is a text scan, not name resolution. It does not see imports through `self::`,
//! a `use crate::web;` followed by `web::x`, macros that build paths, or items brought in by
//! `use super::*` beyond the module that glob names. A `super::` inside an inline `mod` block
//! (such as `mod tests`) is read as if it were at file level, which only adds edges to the
//! file's own parent (never checked). Good enough to keep circles from coming back; not a proof.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

type ModPath = Vec<String>;

/// Where a dependency was seen, for the failure message.
#[derive(Clone, Debug)]
struct Seen {
    file: String,
    line: usize,
    path: String,
}

struct Area {
    /// Module path of every file under the area's directory, relative to the area.
    modules: BTreeMap<ModPath, PathBuf>,
    /// `(module, name)` → module the name is defined in, from `pub use` items.
    reexports: BTreeMap<(ModPath, String), ModPath>,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// `web/x/mod.rs` and `web/x.rs` are module `x`; `web/mod.rs` is the area's root, `[]`.
fn module_of(area_dir: &Path, file: &Path) -> ModPath {
    let rel = file.strip_prefix(area_dir).expect("file inside its area");
    let mut parts: ModPath = rel
        .iter()
        .map(|c| c.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().expect("a file name");
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" {
        parts.push(stem.to_string());
    }
    parts
}

/// The code with comments, string and char literals blanked (line breaks kept, so line numbers
/// stay right). Intra-doc links such as ``[`super::x`]`` are not imports.
fn code_only(src: &str) -> String {
    let b: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < b.len() && b[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < b.len() {
                if b[i] == '/' && b.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if b[i] == '*' && b.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(b[i]));
                    i += 1;
                }
            }
        } else if c == 'r'
            && (next == Some('"') || next == Some('#'))
            && (i == 0 || !is_ident(b[i - 1]))
        {
            // A raw string r"…" or r#"…"# (r#ident is a raw identifier: no quote follows).
            let mut j = i + 1;
            while b.get(j) == Some(&'#') {
                j += 1;
            }
            if b.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            let hashes = j - i - 1;
            out.extend(std::iter::repeat_n(' ', j - i + 1));
            i = j + 1;
            while i < b.len() {
                if b[i] == '"' && (1..=hashes).all(|k| b.get(i + k) == Some(&'#')) {
                    out.extend(std::iter::repeat_n(' ', hashes + 1));
                    i += hashes + 1;
                    break;
                }
                out.push(blank(b[i]));
                i += 1;
            }
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < b.len() && b[i] != '"' {
                if b[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if i < b.len() {
                    out.push(blank(b[i]));
                    i += 1;
                }
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' && next == Some('\\') {
            // '\n', '\'', '\u{..}'
            let end = (i + 2..b.len()).find(|&k| b[k] == '\'').unwrap_or(b.len());
            out.extend(std::iter::repeat_n(' ', end + 1 - i));
            i = end + 1;
        } else if c == '\'' && b.get(i + 2) == Some(&'\'') {
            out.push_str("   ");
            i += 3;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Every full path a `use` tree or an inline path starting at `text[0..]` spells, after the
/// prefix has been consumed: `a::{b, c::{d, e}}` gives `a::b`, `a::c::d`, `a::c::e`.
fn paths_at(text: &[char]) -> Vec<Vec<String>> {
    fn tree(t: &[char], i: &mut usize) -> Vec<Vec<String>> {
        skip_ws(t, i);
        if t.get(*i) == Some(&'{') {
            *i += 1;
            let mut all = Vec::new();
            loop {
                skip_ws(t, i);
                match t.get(*i) {
                    Some('}') => {
                        *i += 1;
                        break;
                    }
                    Some(',') => *i += 1,
                    None => break,
                    _ => {
                        let before = *i;
                        all.extend(tree(t, i));
                        if *i == before {
                            *i += 1;
                        }
                    }
                }
            }
            return all;
        }
        let start = *i;
        while t.get(*i).is_some_and(|&c| is_ident(c) || c == '*') {
            *i += 1;
        }
        if *i == start {
            return vec![Vec::new()];
        }
        let seg: String = t[start..*i].iter().collect();
        let mut j = *i;
        skip_ws(t, &mut j);
        if t.get(j) == Some(&':') && t.get(j + 1) == Some(&':') {
            *i = j + 2;
            let rest = tree(t, i);
            return rest
                .into_iter()
                .map(|mut p| {
                    p.insert(0, seg.clone());
                    p
                })
                .collect();
        }
        vec![vec![seg]]
    }
    fn skip_ws(t: &[char], i: &mut usize) {
        while t.get(*i).is_some_and(|c| c.is_whitespace()) {
            *i += 1;
        }
    }
    let mut i = 0;
    tree(text, &mut i)
}

/// `(line, path relative to the area root)` for every `super::` and `crate::<area>::` path.
fn dependencies(code: &str, module: &[String], area: &str) -> Vec<(usize, ModPath)> {
    let chars: Vec<char> = code.chars().collect();
    let crate_prefix: Vec<char> = format!("crate::{area}::").chars().collect();
    let mut found = Vec::new();
    let mut line = 1;
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '\n' {
            line += 1;
        }
        let boundary = i == 0 || !(is_ident(chars[i - 1]) || chars[i - 1] == ':');
        if boundary && chars[i..].starts_with(&crate_prefix) {
            for p in paths_at(&chars[i + crate_prefix.len()..]) {
                found.push((line, p));
            }
            i += crate_prefix.len();
            continue;
        }
        if boundary && chars[i..].starts_with(&['s', 'u', 'p', 'e', 'r', ':', ':']) {
            // `super` of a file module is its parent; `mod.rs` is the directory's module itself.
            let mut base: ModPath = module.to_vec();
            let mut leaves_area = false;
            let mut j = i;
            while chars[j..].starts_with(&['s', 'u', 'p', 'e', 'r', ':', ':']) {
                leaves_area |= base.pop().is_none();
                j += 7;
            }
            if !leaves_area {
                for p in paths_at(&chars[j..]) {
                    let mut full = base.clone();
                    full.extend(p);
                    found.push((line, full));
                }
            }
            i = j;
            continue;
        }
        i += 1;
    }
    found
}

impl Area {
    fn load(area: &str) -> (Self, Vec<(ModPath, PathBuf, String)>) {
        let dir = root().join("src").join(area);
        let mut files = Vec::new();
        rust_files(&dir, &mut files);
        let mut modules = BTreeMap::new();
        let mut sources = Vec::new();
        for f in files {
            let m = module_of(&dir, &f);
            let code = code_only(&fs::read_to_string(&f).expect("readable source"));
            modules.insert(m.clone(), f.clone());
            sources.push((m, f, code));
        }
        let mut this = Self {
            modules,
            reexports: BTreeMap::new(),
        };
        // `pub use child::{A, B}` / `pub use child as alias` in a module: names that callers
        // may reach through that module but that live elsewhere.
        for (m, _, code) in &sources {
            for stmt in code.split(';') {
                let s = stmt.trim_start();
                let Some(pos) = s.find("use ") else { continue };
                if !s[..pos].trim_start().starts_with("pub") || s[..pos].contains('{') {
                    continue;
                }
                let tree: Vec<char> = s[pos + 4..].chars().collect();
                for p in paths_at(&tree) {
                    let (name, target) = if let Some(k) = p.iter().position(|s| s == "as") {
                        (p[k + 1].clone(), p[..k].to_vec())
                    } else {
                        (p.last().cloned().unwrap_or_default(), p.clone())
                    };
                    let mut full = m.clone();
                    let target: Vec<String> = if target.first().is_some_and(|s| s == "super") {
                        full.pop();
                        target[1..].to_vec()
                    } else {
                        target
                    };
                    full.extend(target);
                    this.reexports.insert((m.clone(), name), full);
                }
            }
        }
        (this, sources)
    }

    /// The module a path (relative to the area root) names: the deepest module along it,
    /// following re-exports.
    fn resolve(&self, path: &[String], depth: usize) -> ModPath {
        let mut at: ModPath = Vec::new();
        for (k, seg) in path.iter().enumerate() {
            let mut next = at.clone();
            next.push(seg.clone());
            if self.modules.contains_key(&next) {
                at = next;
            } else if let Some(target) = self.reexports.get(&(at.clone(), seg.clone())) {
                if depth > 8 || *target == next {
                    return at;
                }
                let mut rest = target.clone();
                rest.extend(path[k + 1..].iter().cloned());
                return self.resolve(&rest, depth + 1);
            } else {
                return at;
            }
        }
        at
    }
}

/// Templates a template compiles in: itself and what it extends, includes or imports.
fn template_closure(name: &str, seen: &mut BTreeSet<String>) {
    if !seen.insert(name.to_string()) {
        return;
    }
    let path = root().join("templates").join(name);
    let Ok(text) = fs::read_to_string(&path) else {
        return;
    };
    for kw in ["extends", "include", "import"] {
        let mut rest = text.as_str();
        while let Some(p) = rest.find("{%") {
            rest = &rest[p + 2..];
            let tag = rest.trim_start_matches('-').trim_start();
            if let Some(after) = tag.strip_prefix(kw)
                && let Some(q) = after.trim_start().strip_prefix('"')
                && let Some(end) = q.find('"')
            {
                template_closure(&q[..end], seen);
            }
        }
    }
}

fn templates_compiled_by(code_with_strings: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, l) in code_with_strings.lines().enumerate() {
        if let Some(p) = l.find("#[template(")
            && let Some(q) = l[p..].find("path")
            && let Some(open) = l[p + q..].find('"')
        {
            let rest = &l[p + q + open + 1..];
            if let Some(end) = rest.find('"') {
                out.push((n + 1, rest[..end].to_string()));
            }
        }
    }
    out
}

/// Every template a source file compiles, with what each extends, includes or imports: the line
/// of the `#[template]` attribute, the template's name and its text.
fn template_texts_compiled_by(code_with_strings: &str) -> Vec<(usize, String, String)> {
    let mut out = Vec::new();
    for (line, t) in templates_compiled_by(code_with_strings) {
        let mut closure = BTreeSet::new();
        template_closure(&t, &mut closure);
        for name in closure {
            let text = fs::read_to_string(root().join("templates").join(&name)).unwrap_or_default();
            out.push((line, name, text));
        }
    }
    out
}

/// Edges between sibling modules, each with one place it was seen.
fn graph(area: &str) -> BTreeMap<(ModPath, ModPath), Seen> {
    let (a, sources) = Area::load(area);
    let mut edges = BTreeMap::new();
    for (m, file, code) in &sources {
        let rel = file
            .strip_prefix(root())
            .unwrap_or(file)
            .display()
            .to_string();
        let mut deps: Vec<(usize, ModPath, String)> = dependencies(code, m, area)
            .into_iter()
            .map(|(l, p)| (l, p.clone(), p.join("::")))
            .collect();
        let raw = fs::read_to_string(file).expect("readable source");
        for (line, name, text) in template_texts_compiled_by(&raw) {
            for (_, p) in dependencies(&text, &[], area) {
                let shown = format!("{} (template {name})", p.join("::"));
                deps.push((line, p, shown));
            }
        }
        for (line, p, shown) in deps {
            let target = a.resolve(&p, 0);
            let common = m.iter().zip(&target).take_while(|(x, y)| x == y).count();
            if common >= m.len() || common >= target.len() {
                // Same module, or a parent and its own submodule.
                continue;
            }
            let from = m[..=common].to_vec();
            let to = target[..=common].to_vec();
            edges.entry((from, to)).or_insert(Seen {
                file: rel.clone(),
                line,
                path: shown,
            });
        }
    }
    edges
}

/// Every circle as a list of its modules in order (one per strongly connected component).
fn cycles(edges: &BTreeMap<(ModPath, ModPath), Seen>) -> Vec<Vec<ModPath>> {
    let mut adj: BTreeMap<&ModPath, Vec<&ModPath>> = BTreeMap::new();
    for (from, to) in edges.keys() {
        adj.entry(from).or_default().push(to);
        adj.entry(to).or_default();
    }
    // Tarjan's strongly connected components.
    struct St<'a> {
        index: BTreeMap<&'a ModPath, usize>,
        low: BTreeMap<&'a ModPath, usize>,
        stack: Vec<&'a ModPath>,
        on: BTreeSet<&'a ModPath>,
        sccs: Vec<Vec<&'a ModPath>>,
    }
    fn visit<'a>(v: &'a ModPath, adj: &BTreeMap<&'a ModPath, Vec<&'a ModPath>>, s: &mut St<'a>) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on.insert(v);
        for &w in &adj[v] {
            if !s.index.contains_key(w) {
                visit(w, adj, s);
                let lw = s.low[w];
                let lv = s.low.get_mut(v).expect("visited");
                *lv = (*lv).min(lw);
            } else if s.on.contains(w) {
                let iw = s.index[w];
                let lv = s.low.get_mut(v).expect("visited");
                *lv = (*lv).min(iw);
            }
        }
        if s.low[v] == s.index[v] {
            let mut scc = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on.remove(w);
                scc.push(w);
                if w == v {
                    break;
                }
            }
            if scc.len() > 1 {
                s.sccs.push(scc);
            }
        }
    }
    let mut s = St {
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        sccs: Vec::new(),
    };
    for v in adj.keys().copied().collect::<Vec<_>>() {
        if !s.index.contains_key(v) {
            visit(v, &adj, &mut s);
        }
    }
    // One concrete circle per component: the shortest path back to its smallest module.
    s.sccs
        .into_iter()
        .map(|scc| {
            let members: BTreeSet<&ModPath> = scc.iter().copied().collect();
            let start = *members.iter().next().expect("non-empty");
            let mut prev: BTreeMap<&ModPath, &ModPath> = BTreeMap::new();
            let mut queue = std::collections::VecDeque::from([start]);
            let mut end = None;
            'bfs: while let Some(v) = queue.pop_front() {
                for &w in &adj[v] {
                    if !members.contains(w) {
                        continue;
                    }
                    if w == start {
                        end = Some(v);
                        break 'bfs;
                    }
                    if !prev.contains_key(w) {
                        prev.insert(w, v);
                        queue.push_back(w);
                    }
                }
            }
            let mut path = vec![end.expect("a component has a circle").clone()];
            while let Some(&p) = prev.get(path.last().expect("non-empty")) {
                path.push(p.clone());
            }
            if path.last() != Some(start) {
                path.push(start.clone());
            }
            path.reverse();
            path.push(start.clone());
            path
        })
        .collect()
}

/// The circle, then every dependency among the modules that reach each other (all of them
/// have to go before the group is a DAG).
fn describe(area: &str, edges: &BTreeMap<(ModPath, ModPath), Seen>, circle: &[ModPath]) -> String {
    let name = |m: &ModPath| format!("{area}::{}", m.join("::"));
    let members = reach_each_other(edges, &circle[0]);
    let mut s = circle.iter().map(name).collect::<Vec<_>>().join(" → ");
    s.push_str(&format!(
        "\n    {} modules reach each other; their dependencies:",
        members.len()
    ));
    for ((from, to), seen) in edges {
        if members.contains(from) && members.contains(to) {
            s.push_str(&format!(
                "\n    {} → {}: {}:{} uses {}",
                name(from),
                name(to),
                seen.file,
                seen.line,
                seen.path
            ));
        }
    }
    s
}

/// The modules that `m` reaches and that reach `m`.
fn reach_each_other(edges: &BTreeMap<(ModPath, ModPath), Seen>, m: &ModPath) -> BTreeSet<ModPath> {
    let reach = |forward: bool| {
        let mut seen = BTreeSet::from([m.clone()]);
        let mut todo = vec![m.clone()];
        while let Some(v) = todo.pop() {
            for (from, to) in edges.keys() {
                let (a, b) = if forward { (from, to) } else { (to, from) };
                if *a == v && seen.insert(b.clone()) {
                    todo.push(b.clone());
                }
            }
        }
        seen
    };
    reach(true).intersection(&reach(false)).cloned().collect()
}

fn assert_no_circles(area: &str) {
    let edges = graph(area);
    assert!(
        !edges.is_empty(),
        "no dependencies found in src/{area}: the scan is broken"
    );
    let found = cycles(&edges);
    assert!(
        found.is_empty(),
        "import circles in src/{area} (one per group of modules that reach each other):\n  {}",
        found
            .iter()
            .map(|c| describe(area, &edges, c))
            .collect::<Vec<_>>()
            .join("\n  ")
    );
}

#[test]
fn no_import_circle_inside_web() {
    assert_no_circles("web");
}

#[test]
fn no_import_circle_inside_cost() {
    assert_no_circles("cost");
}

#[test]
fn report_does_not_reach_into_web() {
    let dir = root().join("src/report");
    let mut files = Vec::new();
    rust_files(&dir, &mut files);
    let mut offences = Vec::new();
    for f in &files {
        let raw = fs::read_to_string(f).expect("readable source");
        let code = code_only(&raw);
        let rel = f.strip_prefix(root()).unwrap_or(f).display().to_string();
        for (n, l) in code.lines().enumerate() {
            if l.contains("crate::web") {
                offences.push(format!("{rel}:{} names crate::web", n + 1));
            }
        }
        for (line, name, text) in template_texts_compiled_by(&raw) {
            if text.contains("crate::web") {
                offences.push(format!(
                    "{rel}:{line} compiles templates/{name}, which names crate::web"
                ));
            }
        }
    }
    assert!(
        offences.is_empty(),
        "src/report reaches into web:\n  {}",
        offences.join("\n  ")
    );
}

/// The scan must see a circle where there is one, or the tests above prove nothing.
#[test]
fn the_scan_finds_a_planted_circle() {
    let code = code_only(
        "use super::{b::{X, Y}, c};\n// super::d::Z in a comment\nfn f() { let s = \"super::e\"; super::b::g(); }",
    );
    let deps = dependencies(&code, &["a".to_string()], "web");
    let names: Vec<String> = deps.iter().map(|(_, p)| p.join("::")).collect();
    assert_eq!(names, ["b::X", "b::Y", "c", "b::g"]);
    let seen = || Seen {
        file: String::new(),
        line: 0,
        path: String::new(),
    };
    let m = |s: &str| vec![s.to_string()];
    let edges = BTreeMap::from([
        ((m("a"), m("b")), seen()),
        ((m("b"), m("c")), seen()),
        ((m("c"), m("a")), seen()),
        ((m("c"), m("d")), seen()),
    ]);
    assert_eq!(cycles(&edges), vec![vec![m("a"), m("b"), m("c"), m("a")]]);
}
