//! Named units and the whole-unit rounding every sizing rule uses.

pub use crate::domain::{HOURS_PER_MONTH, SECONDS_PER_MONTH};
/// [`HOURS_PER_MONTH`] as f64.
pub(crate) const HOURS: f64 = HOURS_PER_MONTH as f64;
/// Throughput is in MB/s of 10⁶ bytes; Azure bills data in GB of 10⁹ bytes.
pub(crate) const MB_PER_GB: f64 = 1_000.0;
pub(crate) const BYTES_PER_MB: f64 = 1_000_000.0;
/// Managed disks are provisioned in GiB.
pub(crate) const BYTES_PER_GIB: f64 = 1_073_741_824.0;

/// Whole units needed to cover `x`: the ceiling, except that values within floating-point
/// noise of an integer (e.g. 11.000000000000002 from 1.1 ÷ 0.1) count as that integer.
/// NaN and negatives give 0; huge values saturate.
pub(crate) fn ceil_units(x: f64) -> u32 {
    if x.is_nan() || x <= 0.0 {
        return 0;
    }
    let r = x.round();
    let v = if (x - r).abs() <= 1e-9 * r.max(1.0) {
        r
    } else {
        x.ceil()
    };
    if v >= f64::from(u32::MAX) {
        u32::MAX
    } else {
        v as u32
    }
}

/// `x`, or 0 when it is NaN or negative (fast-path drivers are not validated).
pub(crate) fn non_negative(x: f64) -> f64 {
    if x.is_nan() || x < 0.0 { 0.0 } else { x }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ceil_units_ignores_float_noise() {
        assert_eq!(ceil_units(1.1 / 0.1), 11);
        assert_eq!(ceil_units(3.0), 3);
        assert_eq!(ceil_units(3.0001), 4);
        assert_eq!(ceil_units(0.0), 0);
        assert_eq!(ceil_units(f64::NAN), 0);
        assert_eq!(ceil_units(1e20), u32::MAX);
        assert_eq!(SECONDS_PER_MONTH, 2_628_000.0);
    }
}
