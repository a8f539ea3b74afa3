//! Section numbers sort as numbers part by part (`3.6.2` before `3.6.12`); names that are not
//! numbers (`Tabell 1`) after all numbered ones; items outside any section (`""`) last.

use std::cmp::Ordering;

pub fn compare_numbers(a: &str, b: &str) -> Ordering {
    key(a).cmp(&key(b))
}

/// (0 numbered / 1 named / 2 none, the numeric parts, the text itself)
fn key(s: &str) -> (u8, Vec<u64>, &str) {
    if s.is_empty() {
        return (2, Vec::new(), s);
    }
    let parts: Option<Vec<u64>> = s.split('.').map(|p| p.parse().ok()).collect();
    match parts {
        Some(parts) => (0, parts, s),
        None => (1, Vec::new(), s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_sort_part_by_part_then_names_then_none() {
        let mut v = vec![
            "", "Tabell 1", "3.6.12", "3.6.2", "10", "3.6", "2.1.1", "Bilaga",
        ];
        v.sort_by(|a, b| compare_numbers(a, b));
        assert_eq!(
            v,
            [
                "2.1.1", "3.6", "3.6.2", "3.6.12", "10", "Bilaga", "Tabell 1", ""
            ]
        );
    }
}
