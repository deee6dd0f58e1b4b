//! Commitments: a reserved-instance price replaces pay-as-you-go on lines that can be
//! reserved (VMs) when the catalog has one; otherwise pay-as-you-go is used and the line says so.

use rust_decimal::Decimal;

use crate::domain;
use crate::pricing::{PriceType, Quote};

/// How the estate is bought.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Commitment(domain::Commitment);

impl From<domain::Commitment> for Commitment {
    fn from(c: domain::Commitment) -> Self {
        Self(c)
    }
}

impl Commitment {
    /// The catalog price type to look for, `None` for pay-as-you-go.
    pub fn price_type(self) -> Option<PriceType> {
        match self.0 {
            domain::Commitment::PayAsYouGo => None,
            domain::Commitment::Reserved1y => Some(PriceType::Reservation1y),
            domain::Commitment::Reserved3y => Some(PriceType::Reservation3y),
        }
    }

    fn label(self) -> &'static str {
        match self.0 {
            domain::Commitment::PayAsYouGo => "pay-as-you-go",
            domain::Commitment::Reserved1y => "1-year reservation",
            domain::Commitment::Reserved3y => "3-year reservation",
        }
    }
}

/// The price a reservable (or not) meter ends up with.
pub(crate) struct Chosen<'a> {
    pub quote: Option<Quote<'a>>,
    /// Written next to the unit price.
    pub note: Option<String>,
    /// Pay-as-you-go list price, shown beside a reservation price for comparison.
    pub payg_price: Option<Decimal>,
    pub flag: Option<String>,
}

/// `reserved` is `None` when no reservation applies (not reservable, or pay-as-you-go), and
/// `Some(lookup result)` when one was looked for.
pub(crate) fn choose<'a>(
    commitment: Commitment,
    payg: Option<Quote<'a>>,
    reserved: Option<Option<Quote<'a>>>,
) -> Chosen<'a> {
    match reserved {
        None => Chosen {
            quote: payg,
            note: None,
            payg_price: None,
            flag: None,
        },
        Some(Some(r)) => Chosen {
            payg_price: payg.as_ref().map(|p| p.base().unit_price),
            quote: Some(r),
            note: Some(format!("{}, hourly equivalent", commitment.label())),
            flag: None,
        },
        Some(None) => Chosen {
            flag: payg.as_ref().map(|_| {
                format!(
                    "no {} price in the catalog; pay-as-you-go used",
                    commitment.label()
                )
            }),
            quote: payg,
            note: None,
            payg_price: None,
        },
    }
}
