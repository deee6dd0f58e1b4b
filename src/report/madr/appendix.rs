//! The MADR's "More information" section and its appendices: the Connect runtimes, the
//! connector inventory and the decision path.

use super::*;

impl Render<'_> {
    pub(super) fn more_information(&self, w: &mut Writer, base_url: Option<&str>) {
        let report = self.report;
        w.line("## More Information");
        w.blank();
        w.fmt(format_args!(
            "### Monthly cost by option and category ({})",
            escape_md(self.currency)
        ));
        w.blank();
        let categories = [
            (Category::Streaming, "Streaming"),
            (Category::Compute, "Compute"),
            (Category::Storage, "Storage"),
            (Category::Network, "Network"),
            (Category::Monitoring, "Monitoring"),
            (Category::License, "License"),
        ];
        let mut header = String::from("| Option | Verdict |");
        let mut rule = String::from("| --- | --- |");
        for (_, name) in categories {
            header.push_str(&format!(" {name} |"));
            rule.push_str(" ---: |");
        }
        header.push_str(" Infrastructure | People | Total |");
        rule.push_str(" ---: | ---: | ---: |");
        w.line(header);
        w.line(rule);
        for (e, v) in report.options() {
            let mut row = format!(
                "| {} | {} |",
                e.option.label(),
                verdict_label(v.map(|v| v.verdict))
            );
            for (cat, _) in categories {
                let sum: Decimal = e
                    .lines
                    .iter()
                    .filter(|l| l.category == cat)
                    .map(|l| l.monthly_cost)
                    .sum();
                row.push_str(&format!(" {} |", amount(sum)));
            }
            row.push_str(&format!(
                " {} | {} | {} |",
                amount(e.total),
                amount(e.total_with_people - e.total),
                amount(e.total_with_people)
            ));
            w.line(row);
        }
        w.blank();
        let unpriced: usize = report
            .estimate
            .options
            .iter()
            .map(|o| o.missing_prices)
            .sum();
        if unpriced > 0 {
            w.fmt(format_args!(
                "{unpriced} line(s) have no price in the catalog and count as 0: the totals of the options concerned \
                 are lower bounds (see each line's flag in the report)."
            ));
            w.blank();
        }

        self.runtimes(w);

        let p = &report.estimate.pricing;
        w.line("### Prices");
        w.blank();
        w.fmt(format_args!(
            "Priced from catalog {}, version {}, latest price effective {}. Month = 730 hours. Costs are after the \
             commitment and negotiated discount chosen above.",
            escape_md(&p.catalog),
            escape_md(&p.version),
            crate::pricing::format_date(p.effective_date),
        ));
        if report.pricing_changed_since_save() {
            w.blank();
            w.line("Prices have changed since this assessment revision was saved; the figures above use the current catalog.");
        }
        w.blank();

        w.line("### Assumptions");
        w.blank();
        w.line("| Assumption | Value | Meaning |");
        w.line("| --- | --- | --- |");
        for u in report.estimate.assumptions.iter() {
            let value = match &u.value {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            w.fmt(format_args!(
                "| {} | {} | {} |",
                escape_md(&u.name),
                escape_md(&value),
                escape_md(&u.description)
            ));
        }
        w.blank();

        self.inventory(w);
        self.path(w);

        w.line("### Report");
        w.blank();
        match report.provenance.assessment_id {
            Some(id) => {
                let revision = report
                    .provenance
                    .revision
                    .map(|r| format!(", revision {r}"))
                    .unwrap_or_default();
                match base_url.map(|b| b.trim_end_matches('/')).filter(|b| is_http_url(b)) {
                    Some(base) => w.fmt(format_args!(
                        "Assessment {id}{revision}: [report](<{base}/assessments/{id}>), \
                         [JSON](<{base}/api/assessments/{id}/report>), \
                         [FOCUS CSV](<{base}/api/assessments/{id}/report.focus.csv>)."
                    )),
                    None => w.fmt(format_args!(
                        "Assessment {id}{revision}, on the connect-advisor server: `/assessments/{id}` (report), \
                         `/api/assessments/{id}/report` (JSON), `/api/assessments/{id}/report.focus.csv` (FOCUS CSV)."
                    )),
                }
            }
            None => w.line(
                "Generated from a scenario file: `connect-advisor estimate FILE --format json|csv|focus` gives the \
                 report, line items and FOCUS export of the same run.",
            ),
        }
    }

    /// Every Connect runtime per option: verdict, what it adds per month, and the rules that
    /// fired (the chosen runtime first).
    pub(super) fn runtimes(&self, w: &mut Writer) {
        w.fmt(format_args!(
            "### Connect runtime by option ({})",
            escape_md(self.currency)
        ));
        w.blank();
        w.line("| Option | Runtime | Verdict | Adds per month | Rules |");
        w.line("| --- | --- | --- | ---: | --- |");
        for o in self.report.estimate.connect_runtimes.iter() {
            let chosen = o.runtimes.iter().filter(|r| r.runtime == o.chosen);
            let others = o.runtimes.iter().filter(|r| r.runtime != o.chosen);
            for r in chosen.chain(others) {
                let rules: Vec<&str> = r.reasons.iter().map(|x| x.rule).collect();
                w.fmt(format_args!(
                    "| {} | {} | {} | {} | {} |",
                    o.option.label(),
                    r.label,
                    r.verdict.key().to_owned().replace('_', " "),
                    r.monthly_cost
                        .map_or_else(|| "not priced".to_owned(), amount),
                    if rules.is_empty() {
                        "—".to_owned()
                    } else {
                        rules.join(", ")
                    },
                ));
            }
        }
        w.blank();
        w.line(
            "\"Adds per month\" is the option priced on that runtime minus the option with no Connect at all. \
             The rules and their sources are in the report's runtime table.",
        );
        w.blank();
    }

    pub(super) fn inventory(&self, w: &mut Writer) {
        let connectors = &self.report.assessment.connectors;
        if connectors.is_empty() {
            return;
        }
        w.line("### Connector inventory");
        w.blank();
        w.line("| Connector | Plugin class | Direction | Tasks | MB/s | System | Exactly-once | Isolated |");
        w.line("| --- | --- | --- | ---: | ---: | --- | --- | --- |");
        for c in connectors.iter().take(MAX_CONNECTORS_LISTED) {
            w.fmt(format_args!(
                "| {} | {} | {} | {} | {} | {} | {} | {} |",
                escape_md(&c.name),
                escape_md(&c.class),
                match c.direction {
                    Direction::Source => "source",
                    Direction::Sink => "sink",
                },
                c.tasks,
                num(c.mb_per_s, 3),
                c.system_location.key().to_owned().replace('_', " "),
                yes_no(c.exactly_once),
                yes_no(c.isolated),
            ));
        }
        w.blank();
        if connectors.len() > MAX_CONNECTORS_LISTED {
            w.fmt(format_args!(
                "And {} more connector(s); the report lists them all.",
                connectors.len() - MAX_CONNECTORS_LISTED
            ));
            w.blank();
        }
    }

    /// Every rule that fired, in order: the decision path.
    pub(super) fn path(&self, w: &mut Writer) {
        let path = &self.report.decision.path;
        if path.is_empty() {
            return;
        }
        w.line("### Decision path");
        w.blank();
        w.line("| # | Rule | Effect | Options | Finding |");
        w.line("| ---: | --- | --- | --- | --- |");
        for (i, r) in path.iter().enumerate() {
            let options = r
                .options
                .iter()
                .map(|o| o.label())
                .collect::<Vec<_>>()
                .join(", ");
            w.fmt(format_args!(
                "| {} | {} | {} | {} | {} |",
                i + 1,
                escape_md(&r.rule),
                effect_label(r.effect),
                options,
                escape_md(&r.message),
            ));
        }
        w.blank();
    }
}
