//! The Connect runtimes the advisor evaluates for every endpoint option (issue 13).
//!
//! [`super::ConnectRuntime`] is what the user asks for (`auto` lets the advisor choose);
//! [`Runtime`] is one concrete way of running the workers, as priced and judged.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{ConnectRuntime, Labelled};

/// One concrete way to run the Connect workers.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray, strum::EnumMessage)]
#[strum(serialize_all = "snake_case")]
pub enum Runtime {
    /// Pods on AKS (Strimzi `KafkaConnect` or plain Deployments) on a user node pool.
    #[strum(message = "AKS")]
    Aks,
    /// JVMs on a VM scale set (Flexible orchestration).
    #[strum(message = "VM scale set")]
    Vm,
    /// One container app per worker on a dedicated workload profile.
    #[strum(message = "Container Apps (dedicated profile)")]
    ContainerAppsDedicated,
    /// One container app per worker on the consumption profile (4 vCPU / 8 GiB per replica).
    #[strum(message = "Container Apps (consumption)")]
    ContainerAppsConsumption,
    /// One VNet-injected container group per worker.
    #[strum(message = "Container Instances")]
    ContainerInstances,
    /// The endpoint vendor's managed Connect service.
    #[strum(message = "Vendor-managed Connect")]
    VendorManaged,
}

impl Runtime {
    /// Every runtime, in table order (declaration order).
    pub const ALL: &'static [Runtime] = <Self as strum::VariantArray>::VARIANTS;

    /// [`Labelled::label`], e.g. "VM scale set", kept as a method of its own while
    /// `cost/model.rs` calls it without the trait in scope.
    pub fn label(self) -> &'static str {
        Labelled::label(self)
    }

    /// Workers run as containers from an image the team builds (plugins baked in), so the
    /// estate needs a container registry.
    pub fn needs_registry(self) -> bool {
        matches!(
            self,
            Self::Aks
                | Self::ContainerAppsDedicated
                | Self::ContainerAppsConsumption
                | Self::ContainerInstances
        )
    }

    /// The team runs the workers itself (everything but vendor-managed Connect).
    pub fn self_run(self) -> bool {
        self != Self::VendorManaged
    }

    /// The runtimes a preference allows (`auto`: all of them).
    pub fn allowed_by(self, preference: ConnectRuntime) -> bool {
        match preference {
            ConnectRuntime::Auto => true,
            ConnectRuntime::Aks => self == Self::Aks,
            ConnectRuntime::Vm => self == Self::Vm,
            ConnectRuntime::ContainerApps => matches!(
                self,
                Self::ContainerAppsDedicated | Self::ContainerAppsConsumption
            ),
            ConnectRuntime::ContainerInstances => self == Self::ContainerInstances,
            ConnectRuntime::VendorManaged => self == Self::VendorManaged,
        }
    }
}

impl std::fmt::Display for Runtime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// Memory of an Azure VM size in GiB, from its family letter and vCPUs: D (general purpose)
/// 4 GiB per vCPU, E (memory optimised) and L (storage optimised) 8, F (compute optimised) 2
/// (Microsoft Learn, `sizes/overview`, Dsv5/Esv5/Fsv2/Lsv3 tables). `None` for other
/// families, whose ratio varies.
pub fn vm_memory_gib(size: &str) -> Option<u32> {
    let name = size.strip_prefix("Standard_").unwrap_or(size);
    let per_vcpu = match name.chars().next()? {
        'D' | 'd' => 4,
        'E' | 'e' | 'L' | 'l' => 8,
        'F' | 'f' => 2,
        _ => return None,
    };
    super::vm_vcpus(name).map(|v| v * per_vcpu)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_follows_the_family() {
        assert_eq!(vm_memory_gib("D4s_v5"), Some(16));
        assert_eq!(vm_memory_gib("Standard_E8s_v5"), Some(64));
        assert_eq!(vm_memory_gib("F2s_v2"), Some(4));
        assert_eq!(vm_memory_gib("DC4s_v3"), Some(16));
        assert_eq!(vm_memory_gib("M64"), None);
    }

    #[test]
    fn preferences_allow_their_runtimes() {
        assert!(
            Runtime::ALL
                .iter()
                .all(|r| r.allowed_by(ConnectRuntime::Auto))
        );
        assert!(Runtime::ContainerAppsConsumption.allowed_by(ConnectRuntime::ContainerApps));
        assert!(!Runtime::Vm.allowed_by(ConnectRuntime::Aks));
        assert_eq!(
            serde_json::to_string(&Runtime::ContainerAppsDedicated).unwrap(),
            "\"container_apps_dedicated\""
        );
    }
}
