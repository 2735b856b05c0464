//! How much memory the volunteer index holds: an estimate from capacities, good to a few percent.

use std::collections::HashMap;

use wushe_domain::volunteer::Window;

use super::index::{Inner, Member, Node};
use super::load::Commitment;

fn map_bytes<K, V>(m: &HashMap<K, V>) -> usize {
    // A map of capacity c holds about c * 8 / 7 slots of one entry and one control byte each.
    m.capacity() * 8 / 7 * (size_of::<(K, V)>() + 1)
}

fn vec_bytes<T>(v: &Vec<T>) -> usize {
    v.capacity() * size_of::<T>()
}

impl Inner {
    pub(super) fn heap_bytes(&self) -> usize {
        let strings = |m: &HashMap<Box<str>, u32>| map_bytes(m) + m.keys().map(|k| k.len()).sum::<usize>();
        let nodes =
            |n: &Vec<Node>| vec_bytes(n) + n.iter().map(|x| x.path.len() + x.children.capacity() * 4).sum::<usize>();
        let groups = vec_bytes(&self.groups)
            + self
                .groups
                .iter()
                .map(|g| g.path.len() + g.code.as_str().len() + g.members.capacity() * size_of::<Member>())
                .sum::<usize>();
        let patterns = vec_bytes(&self.patterns)
            + self.patterns.iter().map(|p| p.windows.len() * size_of::<Window>()).sum::<usize>()
            + map_bytes(&self.pattern_ids)
            + self.pattern_ids.keys().map(|k| k.len() * size_of::<(u8, u16, u16)>()).sum::<usize>();
        let skills = map_bytes(&self.skill_ids) + self.skill_ids.keys().map(String::len).sum::<usize>();
        let commitments = map_bytes(&self.commitments)
            + self.commitments.values().map(|c| c.capacity() * size_of::<Commitment>()).sum::<usize>();
        let extra = map_bytes(&self.extra_skills) + self.extra_skills.values().map(|e| e.len() * 4).sum::<usize>();
        groups
            + nodes(&self.townships)
            + nodes(&self.counties)
            + strings(&self.group_at)
            + strings(&self.township_at)
            + strings(&self.county_at)
            + map_bytes(&self.home)
            + patterns
            + skills
            + commitments
            + extra
    }
}
