//! The k best of a stream, kept in a small heap: a ranking never sorts everybody.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

/// Keeps the `k` entries with the greatest keys seen so far. Keys must be totally ordered and
/// distinct for the result to be deterministic (add a tie-breaker such as an id).
#[derive(Debug, Clone)]
pub struct TopK<K: Ord, V> {
    k: usize,
    heap: BinaryHeap<Reverse<Entry<K, V>>>,
}

#[derive(Debug, Clone)]
struct Entry<K, V>(K, V);

impl<K: Ord, V> PartialEq for Entry<K, V> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}
impl<K: Ord, V> Eq for Entry<K, V> {}
impl<K: Ord, V> PartialOrd for Entry<K, V> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<K: Ord, V> Ord for Entry<K, V> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.cmp(&other.0)
    }
}

impl<K: Ord, V> TopK<K, V> {
    pub fn new(k: usize) -> Self {
        Self { k, heap: BinaryHeap::with_capacity(k.saturating_add(1).min(1024)) }
    }

    /// The key an entry must beat to get in, once `k` entries are held; `None` while there is room.
    pub fn threshold(&self) -> Option<&K> {
        if self.heap.len() < self.k { None } else { self.heap.peek().map(|Reverse(e)| &e.0) }
    }

    /// Whether an entry with this key would be kept.
    pub fn admits(&self, key: &K) -> bool {
        self.k > 0 && self.threshold().is_none_or(|t| key > t)
    }

    pub fn push(&mut self, key: K, value: V) {
        if !self.admits(&key) {
            return;
        }
        if self.heap.len() == self.k {
            self.heap.pop();
        }
        self.heap.push(Reverse(Entry(key, value)));
    }

    pub fn len(&self) -> usize {
        self.heap.len()
    }

    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }

    /// The entries, greatest key first.
    pub fn into_sorted(self) -> Vec<(K, V)> {
        // Ascending order of `Reverse` is descending order of the keys.
        self.heap.into_sorted_vec().into_iter().map(|Reverse(Entry(k, v))| (k, v)).collect()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn keeps_the_greatest() {
        let mut top = TopK::new(2);
        for (k, v) in [(3, 'c'), (1, 'a'), (5, 'e'), (4, 'd')] {
            top.push(k, v);
        }
        assert_eq!(top.threshold(), Some(&4));
        assert!(!top.admits(&4) && top.admits(&6));
        assert_eq!(top.into_sorted(), [(5, 'e'), (4, 'd')]);
        let mut none = TopK::new(0);
        none.push(1, ());
        assert!(none.is_empty());
    }

    proptest! {
        /// The result is exactly the k greatest keys, sorted greatest first.
        #[test]
        fn top_k_is_the_sorted_prefix(keys in proptest::collection::hash_set(any::<i32>(), 0..200), k in 0usize..20) {
            let mut top = TopK::new(k);
            for &key in &keys {
                top.push(key, key);
            }
            let mut all: Vec<i32> = keys.into_iter().collect();
            all.sort_unstable_by(|a, b| b.cmp(a));
            all.truncate(k);
            let got: Vec<i32> = top.into_sorted().into_iter().map(|(key, value)| { assert_eq!(key, value); key }).collect();
            prop_assert_eq!(got, all);
        }
    }
}
