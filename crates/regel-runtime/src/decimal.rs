//! Decimal arithmetic and rounding as `rust_decimal` does them, with a short way for the sizes a
//! policy meets (amounts and shares well inside 96 bits): the mantissas as `u64`/`u128`, scales
//! by a table of powers of ten, one integer division (or a multiplication by a reciprocal)
//! where `rust_decimal` takes nine digits at a time. Division is `rust_decimal`'s own: a short
//! way here (session 11) took fewer instructions and more time. Each short way gives up
//! (`None`) wherever `rust_decimal` would round differently,
//! overflow or answer zero in a form of its own, and `rust_decimal` answers then; so every
//! result, error and zero is its own, bit for bit (`Decimal::serialize`; the tests below hold
//! each operation to it on random decimals of every size, sign and scale).
//!
//! `round(x * y, ore)` and `round(x / n, ore)` have a short way of their own
//! ([`round_product`], [`round_quotient`]): the exact product or quotient rounded by one
//! integer division, with no 28-digit intermediate built and rounded again, where that is
//! provably what rounding `rust_decimal`'s intermediate gives.

use std::cmp::Ordering;

use rust_decimal::{Decimal, RoundingStrategy};

use crate::{RoundMode, RoundTo};

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

/// `q / p` and `q % p` for `q` below 2^96 and `p` below 2^32, by two 64-bit divisions.
#[inline]
fn by_small(q: u128, p: u64) -> (u128, u64) {
    let high = (q >> 32) as u64;
    let (high_q, high_r) = (high / p, high % p);
    let low = (high_r << 32) | (q as u64 & 0xFFFF_FFFF);
    ((u128::from(high_q) << 32) | u128::from(low / p), low % p)
}

/// The strategy and the number of decimals of `round`, `floor` and `ceil` to `to`.
#[inline]
pub fn rounding(mode: RoundMode, to: RoundTo) -> (RoundingStrategy, u32) {
    let strategy = match mode {
        RoundMode::Nearest => RoundingStrategy::MidpointAwayFromZero,
        RoundMode::Down => RoundingStrategy::ToNegativeInfinity,
        RoundMode::Up => RoundingStrategy::ToPositiveInfinity,
    };
    let places = match to {
        RoundTo::Ore => 2,
        RoundTo::Kronor => 0,
        RoundTo::Places(p) => p,
    };
    (strategy, places)
}

/// `d` rounded to `places` decimals by `strategy` when it has more (an amount times a share
/// rounded to öre), by one integer division of its mantissa: what `round_dp_with_strategy`
/// and `rescale` give. `None` for anything else (no digits to drop, a result of zero, whose
/// sign `rust_decimal` keeps its own way, another strategy).
#[inline]
pub(crate) fn round(d: Decimal, places: u32, strategy: RoundingStrategy) -> Option<Decimal> {
    let a = parts(d);
    let dropped = a.scale.checked_sub(places).filter(|n| *n > 0)?;
    rounded_by_power(a.negative, a.magnitude, dropped, places, strategy)
}

/// `round(x * y)` to `places` decimals by `strategy` in one step: the two mantissas below
/// 2^64 make the product one widening multiplication, and where it is exact in a `Decimal`
/// (scales adding up to 28 at most, a magnitude below 2^96) `rust_decimal`'s product is this
/// one, so rounding it is rounding the exact product ([`round`]). `None` otherwise, and
/// where [`round`] gives none.
///
/// A call, not inlined: inlined into the interpreter's closures, LLVM copied `y` there in
/// 4-byte parts and read it back in 8 (a store-forwarding stall: `ersattning.vardpeng`'s
/// `Decider` 86 → 111 ns). Generated code, where the call itself passed the operands that way,
/// inlines [`round_product_in_line`].
#[inline(never)]
pub fn round_product(
    x: Decimal,
    y: Decimal,
    places: u32,
    strategy: RoundingStrategy,
) -> Option<Decimal> {
    round_product_in_line(x, y, places, strategy)
}

/// [`round_product`] always inlined.
#[inline(always)]
pub fn round_product_in_line(
    x: Decimal,
    y: Decimal,
    places: u32,
    strategy: RoundingStrategy,
) -> Option<Decimal> {
    let (a, b) = (small(x)?, small(y)?);
    let magnitude = u128::from(a.mantissa) * u128::from(b.mantissa);
    let scale = a.scale + b.scale;
    if scale > MAX_SCALE || magnitude >= LIMIT {
        return None;
    }
    let dropped = scale.checked_sub(places)?;
    let negative = a.negative != b.negative;
    rounded_by_power(negative, magnitude, dropped, places, strategy)
}

/// `round(x / y)` to `places` decimals by `strategy` in one step, for a whole divisor
/// ([`Whole`]); see [`round_quotient_by`].
#[inline]
pub fn round_quotient(
    x: Decimal,
    y: Decimal,
    places: u32,
    strategy: RoundingStrategy,
) -> Option<Decimal> {
    round_quotient_by(x, Whole::of(y)?, places, strategy)
}

/// A divisor that is a whole number (scale 0, not zero, its mantissa below 2^64), taken apart
/// once: a constant divisor of a policy is when its closure is built.
#[derive(Debug, Clone, Copy)]
pub struct Whole {
    negative: bool,
    n: Reciprocal,
}

impl Whole {
    #[inline]
    pub fn of(y: Decimal) -> Option<Whole> {
        let b = small(y)?;
        if b.scale == 0 {
            Whole::new(b.negative, b.mantissa)
        } else {
            None
        }
    }

    /// `±magnitude`; `None` for zero. A `const fn`, so generated code takes a constant
    /// divisor apart when it is compiled.
    pub const fn new(negative: bool, magnitude: u64) -> Option<Whole> {
        if magnitude == 0 {
            return None;
        }
        Some(Whole {
            negative,
            n: Reciprocal::of(magnitude),
        })
    }

    /// The sign and the magnitude, as [`Whole::new`] takes them.
    pub fn parts(self) -> (bool, u64) {
        (self.negative, self.n.d)
    }
}

/// `round(x / n)` to `places` decimals by `strategy` in one step, for a whole divisor `n` and
/// a dividend `m * 10^-s` whose mantissa is below 2^64: the exact quotient rounded once, not
/// `rust_decimal`'s quotient rounded again. The two agree under the guard below.
/// `rust_decimal`'s quotient has at least `k = min(9, 28 - s)` decimals more than `x`
/// (`m * 10^9 / n` stays below 2^94), and at most one unit of its last decimal from the
/// exact quotient `v` (it rounds there, or is exact). With `t` the larger of `s` and
/// `places`, `v` is either on a point where the rounding turns (a boundary between two
/// results, or a midpoint for half away from zero: a number of at most `t + 1` decimals,
/// which that quotient then holds exactly) or at least `1 / (2 * 10^t * n)` from every such
/// point. So when `10^-(s + k) < 1 / (2 * 10^t * n)`, that is `2 * n * 10^(t - s) < 10^k`,
/// `rust_decimal`'s quotient lies on the same side of each as `v`, and both round alike.
/// `None` otherwise, for a result of zero and for another strategy.
#[inline(always)]
pub fn round_quotient_by(
    x: Decimal,
    divisor: Whole,
    places: u32,
    strategy: RoundingStrategy,
) -> Option<Decimal> {
    let a = small(x)?;
    let (m, n, s) = (a.mantissa, divisor.n, a.scale);
    let spread = power(places.saturating_sub(s));
    if (2 * u128::from(n.d)).saturating_mul(spread) >= POWERS[(MAX_SCALE - s).min(9) as usize] {
        return None;
    }
    let negative = a.negative != divisor.negative;
    // `n` is below 5 * 10^8 here, `m * 10^(places - s)` below 2^64 * 10^9.
    let (quotient, remainder, divisor) = match s.checked_sub(places) {
        Some(0) => {
            let (q, r) = n.div_rem(m);
            (u128::from(q), u128::from(r), u128::from(n.d))
        }
        // `m / (n * 10^e)` as `(m / 10^e) / n`, the remainder put together again.
        Some(e) => {
            let (q, r) = TENS.get(e as usize).map_or((0, m), |ten| ten.div_rem(m));
            let (q, rest) = n.div_rem(q);
            let (ten, n) = (power(e), u128::from(n.d));
            (
                u128::from(q),
                u128::from(rest) * ten + u128::from(r),
                n * ten,
            )
        }
        None => {
            let numerator = u128::from(m) * spread;
            match u64::try_from(numerator) {
                Ok(numerator) => {
                    let (q, r) = n.div_rem(numerator);
                    (u128::from(q), u128::from(r), u128::from(n.d))
                }
                Err(_) => {
                    let (q, r) = divide(numerator, u128::from(n.d));
                    (q, r, u128::from(n.d))
                }
            }
        }
    };
    finish(negative, quotient, remainder, divisor, places, strategy)
}

/// `magnitude * 10^-dropped` (signed by `negative`) rounded to a whole number by `strategy`,
/// as the mantissa of a decimal with `places` decimals; see [`finish`]. `magnitude` is below
/// 2^96.
#[inline(always)]
fn rounded_by_power(
    negative: bool,
    magnitude: u128,
    dropped: u32,
    places: u32,
    strategy: RoundingStrategy,
) -> Option<Decimal> {
    let (quotient, remainder, divisor) =
        match (u64::try_from(magnitude), TENS.get(dropped as usize)) {
            (Ok(m), Some(ten)) => {
                let (q, r) = ten.div_rem(m);
                (u128::from(q), u128::from(r), u128::from(ten.d))
            }
            _ => {
                let divisor = power(dropped);
                let (q, r) = divide(magnitude, divisor);
                (q, r, divisor)
            }
        };
    finish(negative, quotient, remainder, divisor, places, strategy)
}

/// A quotient with `remainder` of `divisor` left, rounded to a whole number by `strategy`, as
/// the mantissa of a decimal with `places` decimals (signed by `negative`). `None` for a
/// result of zero (whose sign `rust_decimal` keeps its own way) or another strategy. The
/// callers hold `places` at 28 at most and the rounded quotient below 2^96: a numerator below
/// 2^96 divided by ten or more or by one (no remainder then), or a numerator below 2^94.
#[inline(always)]
fn finish(
    negative: bool,
    quotient: u128,
    remainder: u128,
    divisor: u128,
    places: u32,
    strategy: RoundingStrategy,
) -> Option<Decimal> {
    let inexact = remainder != 0;
    let away = match strategy {
        RoundingStrategy::MidpointAwayFromZero => remainder >= divisor - remainder,
        RoundingStrategy::ToNegativeInfinity => negative && inexact,
        RoundingStrategy::ToPositiveInfinity => !negative && inexact,
        _ => return None,
    };
    let rounded = quotient + u128::from(away);
    (rounded != 0).then(|| build(negative, rounded, places))
}

/// A divisor `d` with its reciprocal `u64::MAX / d`: a 64-bit number is divided by it with a
/// multiplication and at most one correction, not a division instruction (which took tens of
/// cycles on the machine measured, several in each decision).
#[derive(Debug, Clone, Copy)]
struct Reciprocal {
    d: u64,
    m: u64,
}

impl Reciprocal {
    /// `d` is not zero.
    const fn of(d: u64) -> Reciprocal {
        Reciprocal { d, m: u64::MAX / d }
    }

    /// `n / d` and `n % d`. `m = floor((2^64 - 1) / d)` lies in `(2^64 / d - 1, 2^64 / d]`,
    /// so `n * m / 2^64` is less than `n / d` by less than `n / 2^64 < 1`: its whole part is
    /// the quotient or one less, and the remainder left tells which.
    #[inline(always)]
    fn div_rem(self, n: u64) -> (u64, u64) {
        let q = ((u128::from(n) * u128::from(self.m)) >> 64) as u64;
        let r = n - q * self.d;
        if r >= self.d {
            (q + 1, r - self.d)
        } else {
            (q, r)
        }
    }
}

/// `10^n` as a [`Reciprocal`], for every power below 2^64.
const TENS: [Reciprocal; 20] = {
    let mut t = [Reciprocal::of(1); 20];
    let mut i = 1;
    while i < t.len() {
        t[i] = Reciprocal::of(t[i - 1].d * 10);
        i += 1;
    }
    t
};

/// A decimal whose mantissa's magnitude fits in 64 bits, taken apart.
#[derive(Clone, Copy)]
struct Small {
    negative: bool,
    scale: u32,
    mantissa: u64,
}

#[inline]
fn small(d: Decimal) -> Option<Small> {
    let u = d.unpack();
    (u.hi == 0).then(|| Small {
        negative: u.negative,
        scale: u.scale,
        mantissa: u64::from(u.lo) | u64::from(u.mid) << 32,
    })
}

/// `x` against `y`, as `Decimal::cmp` orders them; two of one sign and one scale (amounts in
/// öre) by their mantissas.
#[inline]
pub fn cmp(x: Decimal, y: Decimal) -> Ordering {
    let (a, b) = (parts(x), parts(y));
    if a.scale != b.scale || a.negative != b.negative {
        return ordered_by_rust_decimal(x, y);
    }
    let order = a.magnitude.cmp(&b.magnitude);
    if a.negative { order.reverse() } else { order }
}

#[cold]
#[inline(never)]
fn ordered_by_rust_decimal(x: Decimal, y: Decimal) -> Ordering {
    x.cmp(&y)
}

/// `x + y`, `None` on overflow.
#[inline(always)]
pub fn add(x: Decimal, y: Decimal) -> Option<Decimal> {
    sum(x, y, false).or_else(|| fallback(Decimal::checked_add, x, y))
}

/// `x - y`, `None` on overflow.
#[inline(always)]
pub fn sub(x: Decimal, y: Decimal) -> Option<Decimal> {
    sum(x, y, true).or_else(|| fallback(Decimal::checked_sub, x, y))
}

/// `x + y` (`x - y` when `minus`) of one scale, both mantissas below 2^64: the exact sum at
/// that scale, which is `rust_decimal`'s. `None` for anything else and a sum of zero.
#[inline]
fn sum(x: Decimal, y: Decimal, minus: bool) -> Option<Decimal> {
    let (a, b) = (small(x)?, small(y)?);
    let (m, n) = (u128::from(a.mantissa), u128::from(b.mantissa));
    if a.scale != b.scale {
        return None;
    }
    let b_negative = b.negative != minus;
    let (negative, magnitude) = if a.negative == b_negative {
        (a.negative, m + n)
    } else if m > n {
        (a.negative, m - n)
    } else {
        (b_negative, n - m)
    };
    (magnitude != 0).then(|| build(negative, magnitude, a.scale))
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
    fn agrees(ours: Op, theirs: Op, short: fn(Decimal, Decimal) -> bool, seed: u64) {
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
            taken += usize::from(short(x, y));
        }
        assert!(taken > n / 4, "the short way taken {taken} times of {n}");
    }

    #[test]
    fn multiplication_is_rust_decimals_bit_for_bit() {
        agrees(
            mul,
            Decimal::checked_mul,
            |x, y| product(parts(x), parts(y)).is_some(),
            3,
        );
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
                (add, Decimal::checked_add),
                (sub, Decimal::checked_sub),
            ] {
                let (got, want) = (ours(x, y), theirs(x, y));
                assert_eq!(got.map(|d| d.serialize()), want.map(|d| d.serialize()));
            }
            assert_eq!(cmp(x, y), x.cmp(&y));
        }
        // Overflow stays an error.
        assert_eq!(mul(max, Decimal::new(2, 0)), None);
        assert_eq!(add(max, Decimal::ONE), None);
    }

    /// The premise of [`round_quotient_by`]'s guard, on `rust_decimal` itself: a dividend whose
    /// mantissa is below 2^64 and scale `s` divided by a whole number below 5 * 10^8 gives a
    /// quotient within `10^-min(s + 9, 28)` of the exact one (exact, or rounded at that
    /// decimal or a later one; a quotient too small to show is zero).
    #[test]
    fn rust_decimals_quotient_keeps_nine_more_decimals() {
        let mut draw = Draw(12);
        for i in 0..200_000 {
            let m = draw.next() >> draw.below(64);
            let s = draw.below(29) as u32;
            let n = match i % 3 {
                0 => 1 + draw.below(20),
                1 => 1 + draw.below(1000),
                _ => 1 + draw.below(499_999_999),
            };
            let (x, y) = (
                Decimal::from_i128_with_scale(i128::from(m), s),
                Decimal::from(n),
            );
            let q = x.checked_div(y);
            assert!(q.is_some(), "{x} / {n} fails");
            let q = q.unwrap_or_default();
            // At the scale `c` of the quotient or `s + 9` (28 at most), whichever is larger:
            // `Q * n` against `m`, each times the power it lacks, within `n` units of `k`.
            let k = (s + 9).min(MAX_SCALE);
            let c = q.scale().max(k);
            let unit = u128::from(n) * POWERS[(c - q.scale()) as usize];
            let got = q.mantissa().unsigned_abs() * unit;
            let want = u128::from(m) * POWERS[(c - s) as usize];
            let slack = u128::from(n) * POWERS[(c - k) as usize];
            assert!(got.abs_diff(want) <= slack, "{x} / {n} = {q}");
        }
    }

    #[test]
    fn addition_and_subtraction_are_rust_decimals_bit_for_bit() {
        let mut draw = Draw(10);
        let mut taken = 0;
        for _ in 0..200_000 {
            let (x, other) = (draw.either(), draw.either());
            // Mostly of one scale, as amounts are: the short way's case.
            let y = Decimal::try_from_i128_with_scale(other.mantissa(), x.scale()).unwrap_or(other);
            for (x, y) in [(x, other), (x, y), (y, x), (x, -x), (-x, -x)] {
                for (ours, theirs) in [
                    (add as Op, Decimal::checked_add as Op),
                    (sub, Decimal::checked_sub),
                ] {
                    let want = theirs(x, y).map(|d| d.serialize());
                    assert_eq!(ours(x, y).map(|d| d.serialize()), want, "{x:?} and {y:?}");
                }
            }
            taken += usize::from(sum(x, y, false).is_some());
        }
        assert!(taken > 50_000, "the short way taken {taken} times");
    }

    #[test]
    fn comparison_is_rust_decimals() {
        let mut draw = Draw(7);
        for _ in 0..200_000 {
            let (x, y) = (draw.either(), draw.either());
            for (x, y) in [(x, y), (x, x), (x, -x), (-x, x), (x, y.round_dp(x.scale()))] {
                assert_eq!(cmp(x, y), x.cmp(&y), "{x:?} and {y:?}");
            }
        }
    }

    /// `rust_decimal`'s two steps: the operation, then the rounding as `round` shows it.
    fn two_steps(
        op: Op,
        x: Decimal,
        y: Decimal,
        places: u32,
        how: RoundingStrategy,
    ) -> Option<Decimal> {
        let mut r = op(x, y)?.round_dp_with_strategy(places, how);
        r.rescale(places);
        Some(r)
    }

    type Fused = fn(Decimal, Decimal, u32, RoundingStrategy) -> Option<Decimal>;

    const STRATEGIES: [RoundingStrategy; 3] = [
        RoundingStrategy::MidpointAwayFromZero,
        RoundingStrategy::ToNegativeInfinity,
        RoundingStrategy::ToPositiveInfinity,
    ];

    /// Whether the fused step agrees with the two steps on `x` and `y` for every strategy and
    /// `places` (it may decline, never differ), and how many times it answered.
    fn fused_agrees(fused: Fused, op: Op, x: Decimal, y: Decimal, places: u32) -> usize {
        let mut answered = 0;
        for how in STRATEGIES {
            if let Some(got) = fused(x, y, places, how) {
                let want = two_steps(op, x, y, places, how);
                assert_eq!(
                    Some(got.serialize()),
                    want.map(|d| d.serialize()),
                    "{x:?} and {y:?} to {places} places by {how:?}: {got} against {want:?}"
                );
                answered += 1;
            }
        }
        answered
    }

    #[test]
    fn a_rounded_product_is_rust_decimals_product_rounded() {
        let mut draw = Draw(8);
        let mut answered = 0;
        for _ in 0..100_000 {
            let (x, y) = (draw.either(), draw.either());
            let places = draw.below(6) as u32;
            answered += fused_agrees(round_product, Decimal::checked_mul, x, y, places);
            answered += fused_agrees(round_product, Decimal::checked_mul, x, -y, 2);
        }
        assert!(answered > 100_000, "answered {answered} times");
    }

    /// A divisor as a policy writes one (a small whole number) or any decimal.
    fn divisor(draw: &mut Draw) -> Decimal {
        match draw.below(3) {
            0 => Decimal::from(1 + draw.below(1000)),
            1 => Decimal::from(draw.below(1 << 34)),
            _ => draw.either(),
        }
    }

    #[test]
    fn a_rounded_quotient_is_rust_decimals_quotient_rounded() {
        let mut draw = Draw(9);
        let mut answered = 0;
        for _ in 0..100_000 {
            let (x, y) = (draw.either(), divisor(&mut draw));
            let places = draw.below(6) as u32;
            answered += fused_agrees(round_quotient, Decimal::checked_div, x, y, places);
            answered += fused_agrees(round_quotient, Decimal::checked_div, -x, y, 2);
        }
        assert!(answered > 100_000, "answered {answered} times");
    }

    /// Mantissas at the edges of each short way: zero, one, five, the largest below 2^64 and
    /// 2^64 itself, the largest `Decimal`; halves (`…5`) for exact midpoints.
    const MANTISSAS: [i128; 9] = [
        0,
        1,
        5,
        125,
        12_345,
        u64::MAX as i128,
        u64::MAX as i128 + 1,
        (1 << 96) - 1,
        499_999_999,
    ];

    /// Divisors at the edges of the quotient's guard (`2 * n < 10^9` at most, whole numbers).
    const DIVISORS: [i128; 10] = [
        1,
        2,
        3,
        8,
        12,
        499_999_999,
        500_000_000,
        u32::MAX as i128,
        u32::MAX as i128 + 1,
        u64::MAX as i128,
    ];

    #[test]
    fn the_fused_steps_agree_on_every_edge_and_scale() {
        let decimal = |m: i128, scale: u32| Decimal::try_from_i128_with_scale(m, scale).ok();
        let (mut products, mut quotients) = (0, 0);
        for m in MANTISSAS {
            for x in (0..=28).filter_map(|s| decimal(m, s)) {
                for x in [x, -x] {
                    for n in MANTISSAS.into_iter().chain(DIVISORS) {
                        for y in (0..=28).filter_map(|s| decimal(n, s)) {
                            for places in [0, 2, 28] {
                                products +=
                                    fused_agrees(round_product, Decimal::checked_mul, x, y, places);
                                quotients += fused_agrees(
                                    round_quotient,
                                    Decimal::checked_div,
                                    x,
                                    y,
                                    places,
                                );
                            }
                        }
                    }
                }
            }
        }
        // The one step answered on these edges, not only declined them.
        assert!(
            products > 0 && quotients > 0,
            "{products} products, {quotients} quotients"
        );
    }

    fn dec(text: &str) -> Decimal {
        text.parse().unwrap_or_default()
    }

    /// Each guard declines a case where the one step would round otherwise than the two:
    /// dropping a guard fails this test.
    #[test]
    fn each_guard_keeps_a_case_where_one_step_would_differ() {
        use RoundingStrategy::{MidpointAwayFromZero as Nearest, ToNegativeInfinity as Down};
        let x = Decimal::from_i128_with_scale(66_557_139_699_241_613, 14);
        let y = Decimal::from_i128_with_scale(1_190_706_216_615, 14);
        // Exactly 7.9249999999999999999999999995, past 96 bits at 28 decimals: rust_decimal
        // keeps 27, half to even, 7.925, which rounds to 7.93 (the exact product to 7.92).
        assert_eq!(
            two_steps(Decimal::checked_mul, x, y, 2, Nearest),
            Some(dec("7.93"))
        );
        // -10^-30: rust_decimal keeps 28 decimals, zero, which floors to zero (not -0.01).
        let tiny = dec("0.000000000000001");
        assert_eq!(
            two_steps(Decimal::checked_mul, -tiny, tiny, 2, Down),
            Some(dec("0.00"))
        );
        // -10^-28 / 3: rust_decimal's quotient is zero (no decimal left to hold a third).
        let least = -Decimal::new(1, 28);
        let three = Decimal::from(3);
        assert_eq!(
            two_steps(Decimal::checked_div, least, three, 2, Down),
            Some(dec("0.00"))
        );
        // A divisor with decimals is not a whole number (100 / 1.2 is not 100 / 12).
        let (hundred, share) = (dec("100.00"), dec("1.2"));
        // -0.00000 stays a negative zero when rust_decimal rounds it.
        let negative_zero = -Decimal::new(0, 5);
        assert!(negative_zero.is_sign_negative());
        // `fused_agrees` tries every strategy itself.
        fused_agrees(round_product, Decimal::checked_mul, x, y, 2);
        fused_agrees(round_product, Decimal::checked_mul, -tiny, tiny, 2);
        fused_agrees(round_quotient, Decimal::checked_div, least, three, 2);
        fused_agrees(round_quotient, Decimal::checked_div, hundred, share, 2);
        for how in STRATEGIES {
            assert_eq!(round_quotient(hundred, Decimal::ZERO, 2, how), None);
            let want = two_steps(|d, _| Some(d), negative_zero, Decimal::ZERO, 2, how);
            assert_eq!(round(negative_zero, 2, how).map(|d| d.serialize()), None);
            assert!(want.is_some_and(|d| d.is_sign_negative()));
        }
        // -0 + -0 is rust_decimal's negative zero, not the plain zero a sum of magnitudes gives.
        let zero = -Decimal::ZERO;
        assert_eq!(
            add(zero, zero).map(|d| d.serialize()),
            Some(zero.serialize())
        );
    }

    #[test]
    fn the_fused_steps_round_exact_halves_as_round_does() {
        use RoundingStrategy::{
            MidpointAwayFromZero as Nearest, ToNegativeInfinity as Down, ToPositiveInfinity as Up,
        };
        let cases = [
            (round_product as Fused, "0.125", "1", Nearest, "0.13"),
            (round_product, "-0.125", "1", Up, "-0.12"),
            (round_product, "0.125", "1", Up, "0.13"),
            (round_quotient, "1.00", "8", Up, "0.13"),
            (round_quotient, "-1.00", "8", Up, "-0.12"),
            (round_product, "-0.125", "1", Nearest, "-0.13"),
            (round_product, "0.125", "1", Down, "0.12"),
            (round_product, "-0.125", "1", Down, "-0.13"),
            (round_product, "1234567.89", "0.10", Down, "123456.78"),
            (round_product, "499200000", "0.025", Nearest, "12480000.00"),
            (round_quotient, "1.00", "8", Nearest, "0.13"),
            (round_quotient, "-1.00", "8", Nearest, "-0.13"),
            (round_quotient, "0.06", "12", Nearest, "0.01"),
            (round_quotient, "0.18", "12", Nearest, "0.02"),
            (round_quotient, "1.00", "8", Down, "0.12"),
            (round_quotient, "77200000.00", "12", Nearest, "6433333.33"),
        ];
        for (fused, x, y, how, want) in cases {
            let got = fused(dec(x), dec(y), 2, how).map(|d| d.serialize());
            assert_eq!(got, Some(dec(want).serialize()), "{x} and {y} by {how:?}");
        }
    }

    /// Decimals of every size (to 96 bits), sign and scale.
    fn any_decimal() -> impl proptest::strategy::Strategy<Value = Decimal> {
        use proptest::prelude::*;
        (any::<u128>(), 0..=96u32, any::<bool>(), 0..=28u32).prop_map(|(m, bits, neg, scale)| {
            let m = if bits == 0 { 0 } else { m >> (128 - bits) };
            let m = i128::try_from(m).unwrap_or(0);
            Decimal::from_i128_with_scale(if neg { -m } else { m }, scale)
        })
    }

    proptest::proptest! {
        #[test]
        fn fused_steps_agree_on_random_operands(
            x in any_decimal(),
            y in any_decimal(),
            n in 1..100_000u64,
            places in 0..6u32,
        ) {
            fused_agrees(round_product, Decimal::checked_mul, x, y, places);
            fused_agrees(round_quotient, Decimal::checked_div, x, y, places);
            fused_agrees(round_quotient, Decimal::checked_div, x, Decimal::from(n), places);
        }

        #[test]
        fn sums_and_comparisons_agree_on_random_operands(x in any_decimal(), y in any_decimal()) {
            let same_scale = y.round_dp(x.scale());
            for y in [y, same_scale, -same_scale] {
                proptest::prop_assert_eq!(add(x, y).map(|d| d.serialize()), x.checked_add(y).map(|d| d.serialize()));
                proptest::prop_assert_eq!(sub(x, y).map(|d| d.serialize()), x.checked_sub(y).map(|d| d.serialize()));
                proptest::prop_assert_eq!(cmp(x, y), x.cmp(&y));
            }
        }
    }

    #[test]
    fn division_by_a_reciprocal_is_division() {
        let mut draw = Draw(11);
        let edges = [
            1,
            2,
            3,
            7,
            10,
            12,
            1 << 32,
            u64::MAX / 3,
            u64::MAX - 1,
            u64::MAX,
        ];
        for i in 0..200_000 {
            let n = if i % 4 == 0 {
                edges[i % edges.len()]
            } else {
                draw.next()
            };
            let d = match i % 3 {
                0 => 1 + draw.below(1000),
                1 => TENS[draw.below(20) as usize].d,
                _ => (draw.next() >> draw.below(64)).max(1),
            };
            for d in [d, edges[i / 4 % edges.len()]] {
                assert_eq!(Reciprocal::of(d).div_rem(n), (n / d, n % d), "{n} / {d}");
            }
        }
    }
}
