//! The standby platform in a second region, when the scenario asks for cross-region disaster
//! recovery (`team.cross_region_dr`): the same platform deployment again, and the traffic
//! that keeps it current.
//!
//! - Event Hubs Standard: Geo-DR pairs a second namespace of the same tier (billed like the
//!   primary); it replicates metadata only, so there is no data transfer to price.
//! - Event Hubs Premium and Dedicated: geo-replication keeps a secondary of the same size and
//!   charges the data it copies ("Geo Replication Zone 1 Data Transfer").
//! - Self-managed Kafka (either storage) and the object-storage platform: a standby cluster fed
//!   by MirrorMaker 2, paying inter-region transfer on every byte written.
//!
//! The standby is priced at the primary region's prices (the paired region's catalog is not
//! looked up), and Connect workers in the standby region are taken as cold (not running).

use super::ctx::Drivers;
use super::emit::{Basis, Describe, Emit, Section};
use super::line::{Category, fmt_f};
use super::meter::Meter;
use super::units::{MB_PER_GB, SECONDS_PER_MONTH};
use crate::domain::{Platform, PlatformOption, Variant};

/// Forwards an option's platform lines with "Standby region:" in front, and drops its notes
/// (the primary's notes already say how it was sized).
pub(crate) struct StandbyEmitter<'e, E> {
    pub inner: &'e mut E,
}

impl<E: Emit> Emit for StandbyEmitter<'_, E> {
    fn add(
        &mut self,
        meter: Meter,
        category: Category,
        quantity: f64,
        basis: Basis,
        describe: impl FnOnce() -> Describe,
    ) {
        self.inner.add(meter, category, quantity, basis, || {
            let d = describe();
            Describe {
                component: format!("Standby region: {}", d.component),
                inputs: d.inputs,
            }
        });
    }

    fn note(&mut self, _note: impl FnOnce() -> String) {}

    fn cannot_deliver(&mut self, _why: impl FnOnce() -> String) {}

    fn fixed<'s>(&mut self, _section: impl FnOnce() -> &'s Section, emit: impl FnOnce(&mut Self)) {
        emit(self);
    }
}

/// The traffic that keeps the standby current, and the notes that say what is assumed.
pub(crate) fn replication<E: Emit>(option: PlatformOption, d: &Drivers, stated_gb: f64, e: &mut E) {
    let gb = d.write_mb_per_s * SECONDS_PER_MONTH / MB_PER_GB;
    let inputs = || format!("{} MB/s × 2,628,000 s ÷ 1,000", fmt_f(d.write_mb_per_s));
    match (option.platform, option.variant) {
        (Platform::EventHubs, Variant::Standard) => e.note(|| {
            "Cross-region DR: a Geo-DR paired namespace of the same size is priced as \"Standby region\" lines; Standard Geo-DR copies metadata only, so no data transfer is billed (and Connect's topics are not copied).".to_owned()
        }),
        (Platform::EventHubs, _) => {
            e.add(
                Meter::EhGeoReplication,
                Category::Network,
                gb,
                Basis::Total,
                || Describe {
                    component: "Geo-replication to the standby region (every byte written)"
                        .to_owned(),
                    inputs: inputs(),
                },
            );
            e.note(|| "Cross-region DR: geo-replication keeps a secondary of the same size, priced as \"Standby region\" lines at this region's prices.".to_owned());
        }
        _ if stated_gb > 0.0 => e.note(|| format!(
            "Cross-region DR: a standby cluster of the same size is priced as \"Standby region\" lines; its MirrorMaker 2 traffic is the {} GB/month stated in network.cross_region_replication_gb_per_month.",
            fmt_f(stated_gb)
        )),
        _ => {
            e.add(
                Meter::InterRegion,
                Category::Network,
                gb,
                Basis::Total,
                || Describe {
                    component: "MirrorMaker 2 replication to the standby region (every byte written)"
                        .to_owned(),
                    inputs: inputs(),
                },
            );
            e.note(|| "Cross-region DR: a standby cluster of the same size is priced as \"Standby region\" lines at this region's prices; standby Connect workers are taken as cold.".to_owned());
        }
    }
}
