//! The questionnaire as a browser posts it, shared by the HTTP tests (`tests/api/`) and the
//! sign-in tests (`tests/oidc.rs`): included by path so neither pulls in the other's support.

/// Every input of the questionnaire as a browser that changed nothing posts it.
pub fn questionnaire_pairs(html: &str) -> Vec<(String, String)> {
    let doc = scraper::Html::parse_document(html);
    let form = scraper::Selector::parse("form.questionnaire").expect("selector");
    let fields = scraper::Selector::parse("input, select, textarea").expect("selector");
    let option = scraper::Selector::parse("option").expect("selector");
    let Some(form) = doc.select(&form).next() else {
        return Vec::new();
    };
    let mut pairs = Vec::new();
    for el in form.select(&fields) {
        let in_template = el.ancestors().any(|a| {
            a.value()
                .as_element()
                .is_some_and(|e| e.name() == "template")
        });
        let v = el.value();
        let Some(name) = v.attr("name").filter(|_| !in_template) else {
            continue;
        };
        let value = match (v.name(), v.attr("type")) {
            ("input", Some("checkbox" | "radio")) if v.attr("checked").is_none() => continue,
            ("input", Some("checkbox" | "radio")) => v.attr("value").unwrap_or("on").to_owned(),
            ("input", Some("submit")) => continue,
            ("input", _) => v.attr("value").unwrap_or_default().to_owned(),
            ("select", _) => {
                let chosen = el
                    .select(&option)
                    .find(|o| o.value().attr("selected").is_some())
                    .or_else(|| el.select(&option).next());
                match chosen {
                    Some(o) => o.value().attr("value").unwrap_or_default().to_owned(),
                    None => continue,
                }
            }
            _ => el.text().collect(),
        };
        pairs.push((name.to_owned(), value));
    }
    pairs
}
