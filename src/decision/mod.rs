//! The decision engine: rules, verdicts, path, checklist. (Issue 4 fills this in.)
