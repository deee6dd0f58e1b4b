//! The status of a decision recorded for one revision of an assessment — MADR's four
//! statuses — and the checks on a requested status change. Pure: no clock, no store.

use serde::{Deserialize, Serialize};

use super::{Named, ValidationErrors};

/// Longest comment a status change may carry, in characters.
pub const MAX_DECISION_COMMENT_CHARS: usize = 2_000;

/// A revision's decision status (MADR 4.0: `proposed | rejected | accepted | deprecated |
/// superseded by …`; deprecation is not a state a cost estimate reaches, so it is left out).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray, strum::EnumMessage)]
#[strum(serialize_all = "snake_case")]
pub enum DecisionStatus {
    /// Every revision starts here.
    #[default]
    #[strum(message = "Proposed")]
    Proposed,
    #[strum(message = "Accepted")]
    Accepted,
    #[strum(message = "Rejected")]
    Rejected,
    /// Was accepted, and another revision has been accepted since (or it was replaced by a
    /// decision taken elsewhere).
    #[strum(message = "Superseded")]
    Superseded,
}

impl std::fmt::Display for DecisionStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

/// A status change that passed every check: the new status and the trimmed comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    pub status: DecisionStatus,
    pub comment: String,
}

/// Check a requested change of a revision from `current` to the status named `status`, with
/// `comment`. Errors name the field (`status`, `comment`) and the rule, all of them at once.
pub fn check_status_change(
    current: DecisionStatus,
    status: &str,
    comment: &str,
) -> Result<StatusChange, ValidationErrors> {
    let mut errors = ValidationErrors::default();
    let parsed = DecisionStatus::parse(status.trim());
    match parsed {
        None => errors.push(
            "status",
            format!(
                "must be one of {} (got {:?})",
                DecisionStatus::keys().collect::<Vec<_>>().join(", "),
                status.chars().take(40).collect::<String>()
            ),
        ),
        Some(s) if s == current => {
            errors.push("status", format!("the revision is already {s}"));
        }
        // Superseded means "was the decision, and is no longer": only an accepted revision
        // can become it. Accepting another revision does so by itself.
        Some(DecisionStatus::Superseded) if current != DecisionStatus::Accepted => {
            errors.push(
                "status",
                format!(
                    "only an accepted revision can be superseded (this one is {current}); accepting another revision supersedes the accepted one"
                ),
            );
        }
        Some(_) => {}
    }
    let comment = comment.trim();
    if comment.is_empty() {
        errors.push("comment", "is required: say why the status changes");
    } else if comment.chars().count() > MAX_DECISION_COMMENT_CHARS {
        errors.push(
            "comment",
            format!(
                "must be at most {MAX_DECISION_COMMENT_CHARS} characters (got {})",
                comment.chars().count()
            ),
        );
    } else if comment
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        errors.push(
            "comment",
            "must not contain control characters (line breaks and tabs are fine)",
        );
    }
    match parsed {
        Some(status) if errors.is_empty() => Ok(StatusChange {
            status,
            comment: comment.to_owned(),
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use DecisionStatus::*;

    #[test]
    fn statuses_are_their_lower_case_words() {
        // Every key round-trips through serde and `parse` (`domain::named`'s test).
        let words: Vec<&str> = DecisionStatus::keys().collect();
        assert_eq!(words, ["proposed", "accepted", "rejected", "superseded"]);
        assert_eq!(DecisionStatus::parse("Accepted"), None);
        assert_eq!(DecisionStatus::default(), Proposed);
    }

    #[test]
    fn a_valid_change_keeps_the_trimmed_comment() {
        let c =
            check_status_change(Proposed, "accepted", "  Board approved.\nSee minutes.  ").unwrap();
        assert_eq!(c.status, Accepted);
        assert_eq!(c.comment, "Board approved.\nSee minutes.");
        assert!(check_status_change(Accepted, "superseded", "replaced").is_ok());
        assert!(check_status_change(Rejected, "proposed", "reopened").is_ok());
        assert!(check_status_change(Superseded, "accepted", "back to this one").is_ok());
    }

    fn fields(e: &ValidationErrors) -> Vec<&str> {
        e.iter().map(|f| f.field.as_str()).collect()
    }

    #[test]
    fn every_broken_rule_is_named_by_its_field() {
        let e = check_status_change(Proposed, "approved", "   ").unwrap_err();
        assert_eq!(fields(&e), ["status", "comment"]);
        assert!(e.for_field("status").unwrap().contains("approved"));

        let e = check_status_change(Accepted, "accepted", "again").unwrap_err();
        assert_eq!(
            e.for_field("status"),
            Some("the revision is already accepted")
        );

        let e = check_status_change(Proposed, "superseded", "x").unwrap_err();
        assert!(e.for_field("status").unwrap().contains("only an accepted"));

        // 2,000 characters pass; 2,001 do not (counted in characters, not bytes).
        let at_limit = "é".repeat(MAX_DECISION_COMMENT_CHARS);
        assert!(check_status_change(Proposed, "rejected", &at_limit).is_ok());
        let over = "é".repeat(MAX_DECISION_COMMENT_CHARS + 1);
        let e = check_status_change(Proposed, "rejected", &over).unwrap_err();
        assert!(e.for_field("comment").unwrap().contains("2001"));

        let e = check_status_change(Proposed, "rejected", "bell \u{7}").unwrap_err();
        assert!(e.for_field("comment").unwrap().contains("control"));
        let e = check_status_change(Proposed, "rejected", "nul \u{0} byte").unwrap_err();
        assert_eq!(fields(&e), ["comment"]);
    }
}
