//! Decision engine tests: one table per rule, the three example scenarios, and properties.

mod examples;
mod none_viable;
mod props;
mod ranking;
mod rule_table;
mod runtime_rules;
mod support;
