//! Decimal multiplication, division and rounding as `rust_decimal` does them, with a short way
//! for the sizes a policy meets (amounts and shares well inside 96 bits): the mantissas as
//! `u128`, scales by a table of powers of ten, one integer division where `rust_decimal` takes
//! nine digits at a time. Each short way gives up (`None`) wherever `rust_decimal` would round
//! differently, overflow or answer zero in a form of its own, and `rust_decimal` answers then;
//! so every result, error and zero is its own, bit for bit (`Decimal::serialize`; the tests
//! below hold each operation to it on random decimals of every size, sign and scale).
//! Addition, subtraction and comparison stay `rust_decimal`'s: its own 32- and 64-bit paths
//! measured as fast as a short way here.

use rust_decimal::{Decimal, RoundingStrategy};

/// `10^n` for every scale a `Decimal` has (0 to 28).
const POWERS: [u128; 29] = {
    let mut p = [1u128; 29];
    let mut i = 1;
    while i < p.len() {
        p[i] = p[i - 1] * 10;
        i += 1;
    }
    p
};

/// The largest scale, and the first magnitude a `Decimal` cannot hold (2^96).
const MAX_SCALE: u32 = 28;
const LIMIT: u128 = 1 << 96;

/// A decimal taken apart: its sign, its scale and the magnitude of its mantissa.
#[derive(Clone, Copy)]
struct Parts {
    negative: bool,
    scale: u32,
    magnitude: u128,
}

#[inline]
fn parts(d: Decimal) -> Parts {
    let u = d.unpack();
    Parts {
        negative: u.negative,
        scale: u.scale,
        magnitude: u128::from(u.lo) | u128::from(u.mid) << 32 | u128::from(u.hi) << 64,
    }
}

/// The decimal of a magnitude below [`LIMIT`] at a scale up to [`MAX_SCALE`] (the callers
/// hold both).
#[inline]
fn build(negative: bool, magnitude: u128, scale: u32) -> Decimal {
    Decimal::from_parts(
        magnitude as u32,
        (magnitude >> 32) as u32,
        (magnitude >> 64) as u32,
        negative,
        scale,
    )
}

/// `10^n`; `n` is a scale or a difference of scales, so at most 28.
#[inline]
fn power(n: u32) -> u128 {
    POWERS.get(n as usize).copied().unwrap_or(u128::MAX)
}

/// `m * 10^n`, `None` past `u128`; by 64-bit widening multiplications when `m` fits in 64
/// bits (`u128::checked_mul` costs several times more).
#[inline]
fn scaled(m: u128, n: u32) -> Option<u128> {
    let p = power(n);
    let Ok(m) = u64::try_from(m) else {
        return m.checked_mul(p);
    };
    let low = u128::from(m) * u128::from(p as u64);
    let high = u64::try_from(u128::from(m) * (p >> 64)).ok()?;
    low.checked_add(u128::from(high) << 64)
}

/// `n / d` and `n % d`, by 64-bit divisions when `d` fits in 32 bits and `n` in 96, or both
/// in 64 (a fraction of the 128-bit division's time). `d` is not zero.
#[inline]
fn divide(n: u128, d: u128) -> (u128, u128) {
    match (u64::try_from(n), u64::try_from(d)) {
        (Ok(n), Ok(d)) => (u128::from(n / d), u128::from(n % d)),
        (Err(_), Ok(d)) if d <= u64::from(u32::MAX) && n < LIMIT => {
            let (q, r) = by_small(n, d);
            (q, u128::from(r))
        }
        _ => (n / d, n % d),
    }
}

/// `rust_decimal`'s own operation, out of the short ways' line (so they keep few registers).
#[cold]
#[inline(never)]
fn fallback(
    op: fn(Decimal, Decimal) -> Option<Decimal>,
    x: Decimal,
    y: Decimal,
) -> Option<Decimal> {
    op(x, y)
}

/// `x * y`, `None` on overflow.
#[inline]
pub fn mul(x: Decimal, y: Decimal) -> Option<Decimal> {
    product(parts(x), parts(y)).or_else(|| fallback(Decimal::checked_mul, x, y))
}

/// `a * b` when the exact product fits: scales adding up to 28 at most, a magnitude below
/// 2^96. A zero factor gives `rust_decimal`'s plain zero.
#[inline]
fn product(a: Parts, b: Parts) -> Option<Decimal> {
    if a.magnitude == 0 || b.magnitude == 0 {
        return Some(Decimal::ZERO);
    }
    let scale = a.scale + b.scale;
    let magnitude = match (u64::try_from(a.magnitude), u64::try_from(b.magnitude)) {
        (Ok(x), Ok(y)) => u128::from(x) * u128::from(y),
        _ => a.magnitude.checked_mul(b.magnitude)?,
    };
    (scale <= MAX_SCALE && magnitude < LIMIT)
        .then(|| build(a.negative != b.negative, magnitude, scale))
}

/// `x / y`, `None` on overflow or when `y` is zero.
#[inline]
pub fn div(x: Decimal, y: Decimal) -> Option<Decimal> {
    quotient(parts(x), parts(y)).or_else(|| fallback(Decimal::checked_div, x, y))
}

/// `a / b` as `rust_decimal` gives it for a divisor below 2^32 (`ops::div`'s 32-bit path):
/// an exact integer quotient as it is; otherwise the quotient with as many decimals `k` as
/// keep it below 2^96 (scale 28 at most), rounded half to even, trailing zeros then taken off
/// as it takes them ([`trim`]). Its own steps (up to nine digits at a time while the remainder
/// is not zero) end at that same `k`: a step stops where one more digit would not fit, and a
/// step that overflows is taken back one digit with the same rounding. Here `k` comes from
/// the operands' sizes and one division gives the digits. `None` (its own path answers) for
/// a larger or zero divisor, a negative scale, a quotient that turns out exact after some
/// digits (it stops at the first zero remainder it meets) and a rounding that carries past
/// 96 bits.
fn quotient(a: Parts, b: Parts) -> Option<Decimal> {
    let d = b.magnitude;
    if d == 0 || d > u128::from(u32::MAX) {
        return None;
    }
    if a.magnitude == 0 {
        return Some(Decimal::ZERO);
    }
    let negative = a.negative != b.negative;
    let scale = a.scale.checked_sub(b.scale)?;
    let (q, r) = divide(a.magnitude, d);
    if r == 0 {
        return Some(build(negative, q, scale));
    }
    let k = digits_that_fit(a.magnitude, d, MAX_SCALE - scale)?;
    let (q, r) = divide(scaled(a.magnitude, k)?, d);
    if r == 0 {
        return None;
    }
    let up = 2 * r > d || (2 * r == d && q % 2 == 1);
    let q = q + u128::from(up);
    if q >= LIMIT {
        return None;
    }
    let (q, scale) = trim(q, scale + k);
    Some(build(negative, q, scale))
}

/// The most decimals `k`, up to `cap`, for which `n * 10^k / d` stays below 2^96, that is
/// `n * 10^k < d * 2^96` (`d` below 2^32, so that fits). The bit lengths bound it from above
/// within a digit or two (78/256 is just over log10(2)).
fn digits_that_fit(n: u128, d: u128, cap: u32) -> Option<u32> {
    let bound = d << 96;
    let spare_bits = 97 + (128 - d.leading_zeros()) - (128 - n.leading_zeros());
    let mut k = ((spare_bits * 78) >> 8).min(cap);
    while scaled(n, k).is_none_or(|big| big >= bound) {
        k = k.checked_sub(1)?;
    }
    Some(k)
}

/// Trailing zeros taken off an inexact quotient as `rust_decimal`'s `unscale` takes them:
/// eight at a time while the low 32 bits are zero, then four, two and one, each tried once
/// when the low bits allow it.
fn trim(mut q: u128, mut scale: u32) -> (u128, u32) {
    while q & 0xFFFF_FFFF == 0 && scale >= 8 {
        match by_small(q, POWERS[8] as u64) {
            (shorter, 0) => (q, scale) = (shorter, scale - 8),
            _ => break,
        }
    }
    for (digits, mask) in [(4, 0xF), (2, 0x3), (1, 0x1)] {
        if q & mask == 0
            && scale >= digits
            && let (shorter, 0) = by_small(q, POWERS[digits as usize] as u64)
        {
            (q, scale) = (shorter, scale - digits);
        }
    }
    (q, scale)
}

/// `q / p` and `q % p` for `q` below 2^96 and `p` below 2^32, by two 64-bit divisions.
#[inline]
fn by_small(q: u128, p: u64) -> (u128, u64) {
    let high = (q >> 32) as u64;
    let (high_q, high_r) = (high / p, high % p);
    let low = (high_r << 32) | (q as u64 & 0xFFFF_FFFF);
    ((u128::from(high_q) << 32) | u128::from(low / p), low % p)
}

/// `d` rounded to `places` decimals by `strategy` when it has more (an amount times a share
/// rounded to öre), by one integer division of its mantissa: what `round_dp_with_strategy`
/// and `rescale` give. `None` for anything else (no digits to drop, a result of zero, whose
/// sign `rust_decimal` keeps its own way, another strategy).
#[inline]
pub(crate) fn round(d: Decimal, places: u32, strategy: RoundingStrategy) -> Option<Decimal> {
    let a = parts(d);
    let dropped = a.scale.checked_sub(places).filter(|n| *n > 0)?;
    let divisor = power(dropped);
    let (quotient, remainder) = divide(a.magnitude, divisor);
    let away = match strategy {
        RoundingStrategy::MidpointAwayFromZero => remainder >= divisor - remainder,
        RoundingStrategy::ToNegativeInfinity => a.negative && remainder != 0,
        RoundingStrategy::ToPositiveInfinity => !a.negative && remainder != 0,
        _ => return None,
    };
    let rounded = quotient + u128::from(away);
    (rounded != 0).then(|| build(a.negative, rounded, places))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A small generator (xorshift), so the cases are the same on every run.
    pub(crate) struct Draw(pub u64);

    impl Draw {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        pub(crate) fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }

        /// Mantissas of every size up to 96 bits (zeros, halves, exact multiples of powers of
        /// ten and the largest included), any sign, any scale.
        pub(crate) fn decimal(&mut self) -> Decimal {
            let wide = (u128::from(self.next()) << 64) | u128::from(self.next());
            let bits = self.below(97) as u32;
            let mut m = if bits == 0 { 0 } else { wide >> (128 - bits) };
            match self.below(6) {
                0 => m = m / 10 * 10 + 5,
                1 => m = m / 1000 * 1000,
                2 => m = m / POWERS[9] * POWERS[9],
                3 if self.below(8) == 0 => m = LIMIT - 1,
                _ => {}
            }
            let m = i128::try_from(m).unwrap_or(0);
            let m = if self.below(2) == 0 { -m } else { m };
            let scale = self.below(29) as u32;
            Decimal::try_from_i128_with_scale(m, scale).unwrap_or_default()
        }

        /// A decimal of the sizes the policies meet most (amounts, shares, small counts), so
        /// the short ways are taken as often as the edges.
        fn amount(&mut self) -> Decimal {
            let bits = 1 + self.below(40);
            let m = i128::from(self.below(1 << bits));
            let m = if self.below(4) == 0 { -m } else { m };
            Decimal::try_from_i128_with_scale(m, self.below(9) as u32).unwrap_or_default()
        }

        fn either(&mut self) -> Decimal {
            if self.below(2) == 0 {
                self.decimal()
            } else {
                self.amount()
            }
        }
    }

    type Op = fn(Decimal, Decimal) -> Option<Decimal>;

    /// Each operation against `rust_decimal`'s on `n` random pairs: the same bits, the same
    /// overflow (`None`); and how many took the short way.
    fn agrees(ours: Op, theirs: Op, short: fn(Parts, Parts) -> Option<Decimal>, seed: u64) {
        let mut draw = Draw(seed);
        let mut taken = 0;
        let n = 200_000;
        for _ in 0..n {
            let (x, y) = (draw.either(), draw.either());
            // A pair, and a number with itself and its negation (exact zeros, doubles).
            for (x, y) in [(x, y), (x, x), (x, -x)] {
                let want = theirs(x, y).map(|d| d.serialize());
                let got = ours(x, y).map(|d| d.serialize());
                assert_eq!(got, want, "{x:?} and {y:?}");
            }
            taken += usize::from(short(parts(x), parts(y)).is_some());
        }
        assert!(taken > n / 4, "the short way taken {taken} times of {n}");
    }

    #[test]
    fn multiplication_is_rust_decimals_bit_for_bit() {
        agrees(mul, Decimal::checked_mul, product, 3);
    }

    #[test]
    fn division_is_rust_decimals_bit_for_bit() {
        agrees(div, Decimal::checked_div, quotient, 4);
    }

    #[test]
    fn the_edges_are_rust_decimals() {
        let max = Decimal::MAX;
        let tiny = Decimal::new(1, 28);
        let mut negative_zero = Decimal::new(0, 3);
        negative_zero.set_sign_negative(true);
        let cases = [
            (max, Decimal::ONE),
            (max, -Decimal::ONE),
            (-max, -Decimal::ONE),
            (max, max),
            (max, Decimal::ZERO),
            (Decimal::ZERO, max),
            (tiny, tiny),
            (tiny, Decimal::new(3, 0)),
            (tiny, Decimal::new(2, 0)),
            (Decimal::new(3, 28), Decimal::new(2, 0)),
            (max, Decimal::new(2, 0)),
            (max, Decimal::new(10, 0)),
            (max, Decimal::new(3, 1)),
            (Decimal::ONE, Decimal::new(8, 0)),
            (Decimal::ONE, Decimal::new(3, 0)),
            (Decimal::new(2, 0), Decimal::new(3, 0)),
            (Decimal::new(1, 0), tiny),
            (Decimal::new(104_000_000, 2), Decimal::new(12, 0)),
            (Decimal::new(15, 1), -Decimal::new(15, 1)),
            (-Decimal::new(15, 1), -Decimal::new(15, 1)),
            (negative_zero, Decimal::new(5, 1)),
            (Decimal::new(5, 1), negative_zero),
            (negative_zero, Decimal::ZERO),
        ];
        for (x, y) in cases {
            for (ours, theirs) in [
                (mul as Op, Decimal::checked_mul as Op),
                (div, Decimal::checked_div),
            ] {
                let (got, want) = (ours(x, y), theirs(x, y));
                assert_eq!(got.map(|d| d.serialize()), want.map(|d| d.serialize()));
            }
        }
        // Division by zero and overflow stay errors.
        assert_eq!(div(Decimal::ONE, Decimal::ZERO), None);
        assert_eq!(mul(max, Decimal::new(2, 0)), None);
        assert_eq!(div(max, tiny), None);
    }
}
