//! Azure region codes (`armRegionName`) accepted in a scenario.
//!
//! The list is validation vocabulary, not pricing: a region without a price catalog is
//! accepted and its lines are flagged as missing a price.

/// `(armRegionName, display name)` of Azure's public regions.
pub const KNOWN_REGIONS: &[(&str, &str)] = &[
    ("eastus", "East US"),
    ("eastus2", "East US 2"),
    ("centralus", "Central US"),
    ("northcentralus", "North Central US"),
    ("southcentralus", "South Central US"),
    ("westcentralus", "West Central US"),
    ("westus", "West US"),
    ("westus2", "West US 2"),
    ("westus3", "West US 3"),
    ("canadacentral", "Canada Central"),
    ("canadaeast", "Canada East"),
    ("brazilsouth", "Brazil South"),
    ("mexicocentral", "Mexico Central"),
    ("northeurope", "North Europe"),
    ("westeurope", "West Europe"),
    ("uksouth", "UK South"),
    ("ukwest", "UK West"),
    ("francecentral", "France Central"),
    ("germanywestcentral", "Germany West Central"),
    ("italynorth", "Italy North"),
    ("norwayeast", "Norway East"),
    ("polandcentral", "Poland Central"),
    ("spaincentral", "Spain Central"),
    ("swedencentral", "Sweden Central"),
    ("switzerlandnorth", "Switzerland North"),
    ("austriaeast", "Austria East"),
    ("belgiumcentral", "Belgium Central"),
    ("denmarkeast", "Denmark East"),
    ("uaenorth", "UAE North"),
    ("qatarcentral", "Qatar Central"),
    ("israelcentral", "Israel Central"),
    ("southafricanorth", "South Africa North"),
    ("centralindia", "Central India"),
    ("southindia", "South India"),
    ("eastasia", "East Asia"),
    ("southeastasia", "Southeast Asia"),
    ("japaneast", "Japan East"),
    ("japanwest", "Japan West"),
    ("koreacentral", "Korea Central"),
    ("australiaeast", "Australia East"),
    ("australiasoutheast", "Australia Southeast"),
    ("newzealandnorth", "New Zealand North"),
    ("indonesiacentral", "Indonesia Central"),
    ("malaysiawest", "Malaysia West"),
];

/// The display name of a known region code.
pub fn region_display_name(code: &str) -> Option<&'static str> {
    KNOWN_REGIONS
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, n)| *n)
}
