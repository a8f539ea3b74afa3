//! Exact decimal arithmetic as `rust_decimal` does it, with a short way for the sizes a policy
//! meets (amounts and shares well inside 96 bits): the mantissas as `u128`, scales aligned by
//! a table of powers of ten. Each short way gives up (`None`) wherever `rust_decimal` would
//! round, overflow, or answer zero in a form of its own, and `rust_decimal` itself answers
//! then; so every result, error and zero is `rust_decimal`'s, bit for bit (`Decimal::serialize`;
//! the tests below hold each operation to it on random decimals of every size, sign and scale).

use std::cmp::Ordering;

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

/// `n / d` and `n % d`, by the 64-bit division when both fit (a fraction of the 128-bit
/// one's time). `d` is not zero.
#[inline]
fn divide(n: u128, d: u128) -> (u128, u128) {
    match (u64::try_from(n), u64::try_from(d)) {
        (Ok(n), Ok(d)) => (u128::from(n / d), u128::from(n % d)),
        _ => (n / d, n % d),
    }
}

/// `x + y`, `None` on overflow.
#[inline]
pub fn add(x: Decimal, y: Decimal) -> Option<Decimal> {
    sum(parts(x), parts(y), false).or_else(|| x.checked_add(y))
}

/// `x - y`, `None` on overflow.
#[inline]
pub fn sub(x: Decimal, y: Decimal) -> Option<Decimal> {
    sum(parts(x), parts(y), true).or_else(|| x.checked_sub(y))
}

/// `a ± b` at the larger scale when both are non-zero and the exact result is a non-zero
/// magnitude below 2^96: then `rust_decimal` does not round it either.
#[inline]
fn sum(a: Parts, b: Parts, subtract: bool) -> Option<Decimal> {
    if a.magnitude == 0 || b.magnitude == 0 {
        return None;
    }
    let scale = a.scale.max(b.scale);
    let x = a.magnitude.checked_mul(power(scale - a.scale))?;
    let y = b.magnitude.checked_mul(power(scale - b.scale))?;
    let y_negative = b.negative != subtract;
    let (negative, magnitude) = if a.negative == y_negative {
        (a.negative, x.checked_add(y)?)
    } else if x >= y {
        (a.negative, x - y)
    } else {
        (y_negative, y - x)
    };
    (magnitude != 0 && magnitude < LIMIT).then(|| build(negative, magnitude, scale))
}

/// `x * y`, `None` on overflow.
#[inline]
pub fn mul(x: Decimal, y: Decimal) -> Option<Decimal> {
    product(parts(x), parts(y)).or_else(|| x.checked_mul(y))
}

/// `a * b` when the exact product fits: scales adding up to 28 at most, a magnitude below
/// 2^96. A zero factor gives `rust_decimal`'s plain zero.
#[inline]
fn product(a: Parts, b: Parts) -> Option<Decimal> {
    if a.magnitude == 0 || b.magnitude == 0 {
        return Some(Decimal::ZERO);
    }
    let scale = a.scale + b.scale;
    let magnitude = a.magnitude.checked_mul(b.magnitude)?;
    (scale <= MAX_SCALE && magnitude < LIMIT)
        .then(|| build(a.negative != b.negative, magnitude, scale))
}

/// `x / y`, `None` on overflow or when `y` is zero.
#[inline]
pub fn div(x: Decimal, y: Decimal) -> Option<Decimal> {
    quotient(parts(x), parts(y)).or_else(|| x.checked_div(y))
}

/// `a / b` by `rust_decimal`'s own steps (`ops::div`), on `u128`: the integer quotient, then
/// up to nine more digits at a time while the remainder is not zero and the quotient has
/// room (below 2^96, scale 28 at most), the last digit rounded half to even, trailing zeros
/// taken off in the same steps of 8, 4, 2 and 1 as it takes them. `None` where it would
/// overflow or carry past 96 bits (its own path answers those) and for a zero divisor.
fn quotient(a: Parts, b: Parts) -> Option<Decimal> {
    let d = b.magnitude;
    if d == 0 {
        return None;
    }
    if a.magnitude == 0 {
        return Some(Decimal::ZERO);
    }
    let (mut q, mut r) = divide(a.magnitude, d);
    let mut scale = a.scale as i32 - b.scale as i32;
    let mut inexact = false;
    while r != 0 || scale < 0 {
        let step = if r == 0 {
            (-scale).min(9) as u32
        } else {
            inexact = true;
            let step = if scale == MAX_SCALE as i32 {
                0
            } else {
                room(q, scale)?
            };
            if step == 0 {
                let half_or_more = 2 * r >= d;
                if half_or_more && (2 * r > d || q % 2 == 1) {
                    q += 1;
                }
                break;
            }
            step
        };
        scale += step as i32;
        let (digits, rest) = divide(r * power(step), d);
        q = q * power(step) + digits;
        r = rest;
        if q >= LIMIT {
            return None;
        }
    }
    if q >= LIMIT {
        return None;
    }
    let scale = u32::try_from(scale).ok()?;
    let (q, scale) = if inexact { trim(q, scale) } else { (q, scale) };
    Some(build(a.negative != b.negative, q, scale))
}

/// How many digits the quotient `q` at `scale` takes next (`Buf12::find_scale`): as many as
/// keep it below 2^96, at most nine and at most up to scale 28; `None` when that cannot bring
/// a negative scale back to zero (an overflow).
fn room(q: u128, scale: i32) -> Option<u32> {
    let mut step = (MAX_SCALE as i32 - scale).clamp(0, 9) as u32;
    while step > 0 && q * power(step) >= LIMIT {
        step -= 1;
    }
    (step as i32 + scale >= 0).then_some(step)
}

/// Trailing zeros taken off an inexact quotient as `rust_decimal`'s `unscale` takes them:
/// eight at a time while the low 32 bits are zero, then four, two and one, each tried once
/// when the low bits allow it.
fn trim(mut q: u128, mut scale: u32) -> (u128, u32) {
    while q & 0xFFFF_FFFF == 0 && scale >= 8 && q.is_multiple_of(POWERS[8]) {
        q /= POWERS[8];
        scale -= 8;
    }
    for (digits, mask) in [(4, 0xF), (2, 0x3), (1, 0x1)] {
        if q & mask == 0 && scale >= digits && q.is_multiple_of(power(digits)) {
            q /= power(digits);
            scale -= digits;
        }
    }
    (q, scale)
}

/// `x` against `y` as numbers (`1.0 == 1`, `-0 == 0`).
#[inline]
pub fn cmp(x: Decimal, y: Decimal) -> Ordering {
    let (a, b) = (parts(x), parts(y));
    let sign = |p: Parts| match (p.magnitude == 0, p.negative) {
        (true, _) => 0,
        (false, true) => -1,
        (false, false) => 1,
    };
    let (sa, sb) = (sign(a), sign(b));
    if sa != sb || sa == 0 {
        return sa.cmp(&sb);
    }
    // Aligned to the larger scale; a magnitude too large for u128 then is the larger.
    let scale = a.scale.max(b.scale);
    let x = a.magnitude.checked_mul(power(scale - a.scale));
    let y = b.magnitude.checked_mul(power(scale - b.scale));
    let by_magnitude = match (x, y) {
        (Some(x), Some(y)) => x.cmp(&y),
        (None, _) => Ordering::Greater,
        (_, None) => Ordering::Less,
    };
    if a.negative {
        by_magnitude.reverse()
    } else {
        by_magnitude
    }
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
        assert!(taken > n / 3, "the short way taken {taken} times of {n}");
    }

    #[test]
    fn addition_is_rust_decimals_bit_for_bit() {
        agrees(add, Decimal::checked_add, |a, b| sum(a, b, false), 1);
    }

    #[test]
    fn subtraction_is_rust_decimals_bit_for_bit() {
        agrees(sub, Decimal::checked_sub, |a, b| sum(a, b, true), 2);
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
    fn comparison_is_rust_decimals() {
        let mut draw = Draw(5);
        for _ in 0..200_000 {
            let (x, y) = (draw.either(), draw.either());
            // Equal numbers at other scales, and a number against itself negated.
            let k = draw.below(4) as u32;
            let z = x.checked_mul(Decimal::new(10i64.pow(k), k)).unwrap_or(x);
            for (p, q) in [(x, y), (x, z), (x, -x), (y, x)] {
                assert_eq!(cmp(p, q), p.cmp(&q), "{p:?} against {q:?}");
            }
        }
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
                (add as Op, Decimal::checked_add as Op),
                (sub, Decimal::checked_sub),
                (mul, Decimal::checked_mul),
                (div, Decimal::checked_div),
            ] {
                let (got, want) = (ours(x, y), theirs(x, y));
                assert_eq!(got.map(|d| d.serialize()), want.map(|d| d.serialize()));
            }
            assert_eq!(cmp(x, y), x.cmp(&y));
        }
        // Division by zero and overflow stay errors.
        assert_eq!(div(Decimal::ONE, Decimal::ZERO), None);
        assert_eq!(mul(max, Decimal::new(2, 0)), None);
        assert_eq!(add(max, Decimal::ONE), None);
        assert_eq!(div(max, tiny), None);
    }

    /// What rounding gave before the short way: `rust_decimal`'s.
    pub(crate) fn by_rust_decimal(d: Decimal, places: u32, strategy: RoundingStrategy) -> Decimal {
        let mut r = d.round_dp_with_strategy(places, strategy);
        r.rescale(places);
        r
    }
}
