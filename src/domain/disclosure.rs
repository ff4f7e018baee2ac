//! Statistical disclosure control for published counts (aggregate-only purposes): no count
//! smaller than the purpose's minimum cell size can be read off the answer, neither directly,
//! nor from the total and the other cells, nor (reliably) as the difference of two queries.
//!
//! Two documented rules, applied in this order:
//! 1. **Suppression with complements.** A cell under `k` is suppressed (`None`). If the
//!    suppressed cells of a table then add up to something between 1 and `k - 1` — which anyone
//!    could compute as the total minus the visible cells — the smallest visible cell is
//!    suppressed too, and so on until they add up to 0 or at least `k`. A total under `k`
//!    suppresses the whole table.
//! 2. **Rounding.** Every published count is rounded to the nearest multiple of
//!    [`ROUNDING_BASE`] (at least one base), so two overlapping queries that differ by a few
//!    people show the same numbers or a difference that is not exact.

/// Every published count is a multiple of this.
pub const ROUNDING_BASE: u64 = 5;

/// One table of counts: the total and its cells (which partition the total).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountTable {
    pub total: Option<u64>,
    pub cells: Vec<Option<u64>>,
}

/// Rule 1: the table with small cells and their complements suppressed (exact values).
pub fn suppress(total: u64, cells: &[u64], k: u64) -> CountTable {
    if total < k {
        return CountTable {
            total: None,
            cells: vec![None; cells.len()],
        };
    }
    let mut shown: Vec<bool> = cells.iter().map(|&n| n >= k).collect();
    loop {
        let hidden: u64 = cells
            .iter()
            .zip(&shown)
            .filter(|(_, &s)| !s)
            .map(|(n, _)| *n)
            .sum();
        if hidden == 0 || hidden >= k {
            break;
        }
        // The smallest visible cell joins the suppressed ones.
        let Some(next) = (0..cells.len())
            .filter(|&i| shown[i])
            .min_by_key(|&i| cells[i])
        else {
            break;
        };
        shown[next] = false;
    }
    CountTable {
        total: Some(total),
        cells: cells
            .iter()
            .zip(shown)
            .map(|(&n, s)| s.then_some(n))
            .collect(),
    }
}

/// Rule 2: `n` rounded to the nearest multiple of [`ROUNDING_BASE`], never below one base.
pub fn round(n: u64) -> u64 {
    let base = ROUNDING_BASE;
    (n.saturating_add(base / 2) / base * base).max(base)
}

/// Both rules: what may be published of a table.
pub fn publish(total: u64, cells: &[u64], k: u64) -> CountTable {
    let exact = suppress(total, cells, k);
    CountTable {
        total: exact.total.map(round),
        cells: exact.cells.into_iter().map(|c| c.map(round)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_cell_beside_a_visible_total_takes_its_complement_with_it() {
        // total 22 = 10 + 10 + 2: hiding only C would leave C = 22 - 20.
        let t = suppress(22, &[10, 10, 2], 10);
        assert_eq!(t.total, Some(22));
        assert_eq!(t.cells.iter().filter(|c| c.is_none()).count(), 2);
        let hidden: u64 = [10, 10, 2]
            .iter()
            .zip(&t.cells)
            .filter(|(_, c)| c.is_none())
            .map(|(n, _)| n)
            .sum();
        assert!(hidden >= 10);
    }

    #[test]
    fn empty_cells_need_no_complement_and_a_small_total_hides_everything() {
        assert_eq!(
            suppress(20, &[10, 10, 0], 10).cells,
            vec![Some(10), Some(10), None]
        );
        assert_eq!(
            suppress(9, &[9, 0], 10),
            CountTable {
                total: None,
                cells: vec![None, None]
            }
        );
    }

    #[test]
    fn rounding_is_to_the_nearest_base_and_never_to_zero() {
        assert_eq!([2, 10, 12, 13, 17, 18].map(round), [5, 10, 10, 15, 15, 20]);
    }
}
