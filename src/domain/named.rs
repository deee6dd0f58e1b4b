//! Wire names and human labels of the closed sets users see (platforms, verdicts, categories,
//! questionnaire choices), kept on the enums themselves with `strum` derives:
//!
//! - the **key** (wire name) comes from `#[derive(strum::IntoStaticStr)]` with
//!   `#[strum(serialize_all = "snake_case")]`, the same rule as serde's
//!   `#[serde(rename_all = "snake_case")]`; a variant serde renames carries the same name in
//!   `#[strum(serialize = "…")]`. [`every_key_is_the_serde_name`](tests) holds the two equal
//!   for every enum listed there.
//! - every variant, in declaration order, from `#[derive(strum::VariantArray)]`;
//! - the **label** people read, from `#[strum(message = "…")]` on each variant
//!   (`#[derive(strum::EnumMessage)]`).
//!
//! So form selects, CSV code tables and error messages listing the allowed values are derived
//! from the variants, and a new variant shows up everywhere (or fails the tests) at once.

/// A unit-only enum with a wire name per variant (the serde name).
pub trait Named: Copy + Eq + 'static + strum::VariantArray + Into<&'static str> {
    /// The wire name, e.g. `viable_with_risks`: what JSON, CSV, URLs and the store carry.
    fn key(self) -> &'static str {
        self.into()
    }

    /// The variant whose wire name is exactly `key`.
    fn parse(key: &str) -> Option<Self> {
        Self::VARIANTS.iter().copied().find(|v| v.key() == key)
    }

    /// Every wire name, in declaration order.
    fn keys() -> impl Iterator<Item = &'static str> {
        Self::VARIANTS.iter().map(|v| v.key())
    }
}

impl<T: Copy + Eq + 'static + strum::VariantArray + Into<&'static str>> Named for T {}

/// A [`Named`] enum whose every variant has a label (`#[strum(message = "…")]`).
pub trait Labelled: Named + strum::EnumMessage {
    /// What people read, e.g. "Viable with risks".
    fn label(self) -> &'static str {
        // Every variant of a labelled enum has a message (`every_variant_has_a_label`).
        self.get_message().unwrap_or_default()
    }

    /// (key, label) of every variant in declaration order: a form select's options.
    fn choices() -> Vec<(&'static str, &'static str)> {
        Self::VARIANTS
            .iter()
            .map(|v| (v.key(), v.label()))
            .collect()
    }
}

impl<T: Named + strum::EnumMessage> Labelled for T {}

#[cfg(test)]
mod tests {
    use super::{Labelled, Named};
    use crate::cost::Category;
    use crate::decision::{Effect, RecommendationStatus, Verdict};
    use crate::domain::*;

    /// The key of every variant is the name serde writes, and both parse back.
    fn keys_are_serde_names<T>()
    where
        T: Named + serde::Serialize + std::fmt::Debug,
    {
        assert!(!T::VARIANTS.is_empty());
        for &v in T::VARIANTS {
            assert_eq!(
                serde_json::to_value(v).unwrap(),
                serde_json::Value::from(v.key()),
                "{v:?}"
            );
            assert_eq!(T::parse(v.key()), Some(v), "{v:?}");
        }
        assert_eq!(T::parse("not a key"), None);
    }

    /// Keys that serde also reads back to the same variant.
    fn keys_deserialize<T>()
    where
        T: Named + serde::de::DeserializeOwned + std::fmt::Debug,
    {
        for &v in T::VARIANTS {
            let back: T = serde_json::from_value(serde_json::Value::from(v.key())).unwrap();
            assert_eq!(back, v);
        }
    }

    fn every_variant_labelled<T: Labelled + std::fmt::Debug>() {
        let labels: Vec<&str> = T::VARIANTS.iter().map(|v| v.label()).collect();
        for (v, l) in T::VARIANTS.iter().zip(&labels) {
            assert!(!l.trim().is_empty(), "{v:?} has no label");
        }
        let mut unique = labels.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), labels.len(), "two variants share a label");
    }

    macro_rules! check {
        (serialize: $($t:ty),+; both: $($u:ty),+; labelled: $($l:ty),+) => {
            $(keys_are_serde_names::<$t>();)+
            $(keys_are_serde_names::<$u>(); keys_deserialize::<$u>();)+
            $(every_variant_labelled::<$l>();)+
        };
    }

    #[test]
    fn every_key_is_the_serde_name_and_every_variant_has_a_label() {
        check!(
            serialize: Category, Effect, Verdict, RecommendationStatus;
            both: Compression, Direction, SystemLocation, DataFormat, Egress, ClientLocation,
                OnPremisesLink, SchemaRegistry, OpsMaturity, Commitment, ConnectRuntime, Runtime,
                DecisionStatus, Platform, Variant;
            labelled: Category, Effect, Verdict, Compression, Direction,
                SystemLocation, DataFormat, Egress, ClientLocation, OnPremisesLink,
                SchemaRegistry, OpsMaturity, Commitment, ConnectRuntime, Runtime, DecisionStatus
        );
    }

    #[test]
    fn choices_are_key_label_pairs_in_declaration_order() {
        assert_eq!(
            Commitment::choices(),
            [
                ("pay_as_you_go", "Pay as you go"),
                ("reserved_1y", "Reserved, 1 year"),
                ("reserved_3y", "Reserved, 3 years"),
            ]
        );
        assert_eq!(Verdict::ViableWithRisks.key(), "viable_with_risks");
        assert_eq!(Verdict::ViableWithRisks.label(), "Viable with risks");
        assert_eq!(Commitment::parse("Reserved_1y"), None);
    }
}
