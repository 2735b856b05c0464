//! Answering a query: the k best volunteers for a task. The walk goes outward ring by ring from
//! the need's community (its group, its township, its county, everything else) and skips any
//! region whose best case cannot beat the current k-th candidate, so a query over a million
//! volunteers reads a few thousand of them.

use std::cmp::Reverse;

use wushe_domain::matching::week::{self, DayPiece, Slots};
use wushe_domain::matching::{Ring, TopK, VolunteerFacts, Wanted, county_of, parent_of, volunteer_bound};
use wushe_domain::{TaskId, VolunteerId};

use super::index::{Candidate, HAS_COMMITMENTS, HAS_EXTRA, Inner, Member, Summary, VolunteerIndex};
use crate::{Scope, now_ms};

/// Greater is better: the score, then the nearer ring, then the older registration (ids are
/// time-ordered), so that a ranking is the same every time and ties never depend on the walk.
type Key = (i32, Reverse<Ring>, Reverse<VolunteerId>);

impl VolunteerIndex {
    /// The `k` best active volunteers in `scope` for what is wanted, best first, with reasons.
    pub fn top(&self, scope: &Scope, wanted: &Wanted, k: usize) -> Vec<Candidate> {
        self.top_at(scope, wanted, k, now_ms())
    }

    /// [`Self::top`] as of `now` (epoch ms): accepted tasks over by then no longer count as load.
    pub fn top_at(&self, scope: &Scope, wanted: &Wanted, k: usize, now: i64) -> Vec<Candidate> {
        if k == 0 {
            return Vec::new();
        }
        let inner = self.read();
        let mut q = Query::new(&inner, scope, wanted, now, k);
        q.walk(wanted.community.as_str());
        q.finish()
    }
}

struct Query<'a> {
    inner: &'a Inner,
    scope: &'a str,
    mask: u64,
    extra: Vec<u32>,
    wanted: u32,
    slots: Slots,
    pieces: Vec<DayPiece>,
    starts_at: i64,
    ends_at: i64,
    now: i64,
    task: Option<TaskId>,
    top: TopK<Key, (u32, u32)>,
}

impl<'a> Query<'a> {
    fn new(inner: &'a Inner, scope: &'a Scope, wanted: &Wanted, now: i64, k: usize) -> Self {
        let mut names: Vec<&str> = wanted.skills.iter().map(String::as_str).collect();
        names.sort_unstable();
        names.dedup();
        let (mut mask, mut extra) = (0u64, Vec::new());
        // A skill nobody in the index holds still counts as wanted: nobody matches it.
        for id in names.iter().filter_map(|n| inner.skill_ids.get(*n)) {
            match *id {
                bit @ 0..64 => mask |= 1 << bit,
                id => extra.push(id),
            }
        }
        Query {
            inner,
            scope: scope.lo(),
            mask,
            extra,
            wanted: u32::try_from(names.len()).unwrap_or(u32::MAX),
            slots: Slots::of_span(wanted.starts_at, wanted.ends_at),
            pieces: week::pieces(wanted.starts_at, wanted.ends_at).collect(),
            starts_at: wanted.starts_at,
            ends_at: wanted.ends_at,
            now,
            task: wanted.task,
            top: TopK::new(k),
        }
    }

    /// Whether a score of `bound` in `ring` would enter the current top k.
    fn can_beat(&self, bound: i32, ring: Ring) -> bool {
        match self.top.threshold() {
            None => true,
            Some((score, Reverse(r), _)) => bound > *score || (bound == *score && ring <= *r),
        }
    }

    fn may_be_available(&self, slots: &Slots) -> bool {
        !self.pieces.is_empty() && self.slots.within(slots)
    }

    /// Whether anybody summarised by `s` could enter the top k from `ring`.
    fn worth(&self, s: &Summary, ring: Ring) -> bool {
        let extra = if s.extra_skills { self.extra.len() } else { 0 };
        let matched = (self.mask & s.skills).count_ones() + u32::try_from(extra).unwrap_or(u32::MAX);
        self.can_beat(volunteer_bound(ring, matched, self.wanted, self.may_be_available(&s.slots), s.feedback), ring)
    }

    fn in_scope(&self, node_path: &str) -> bool {
        node_path.starts_with(self.scope) || self.scope.starts_with(node_path)
    }

    fn walk(&mut self, community: &str) {
        let inner = self.inner;
        let own_group = inner.group_at.get(community).copied();
        let own_township = inner.township_at.get(parent_of(community)).copied();
        let own_county = inner.county_at.get(county_of(community)).copied();
        if let Some(g) = own_group {
            self.group(g, Ring::Community);
        }
        if let Some(t) = own_township.filter(|_| self.worth(&inner.root, Ring::Township)) {
            for &g in inner.townships[t as usize].children.iter().filter(|&&g| Some(g) != own_group) {
                self.group(g, Ring::Township);
            }
        }
        if let Some(c) = own_county.filter(|_| self.worth(&inner.root, Ring::County)) {
            for &t in inner.counties[c as usize].children.iter().filter(|&&t| Some(t) != own_township) {
                self.township(t, Ring::County);
            }
        }
        if self.worth(&inner.root, Ring::Further) {
            for (c, county) in inner.counties.iter().enumerate() {
                if own_county != u32::try_from(c).ok()
                    && self.in_scope(&county.path)
                    && self.worth(&county.summary, Ring::Further)
                {
                    county.children.iter().for_each(|&t| self.township(t, Ring::Further));
                }
            }
        }
    }

    fn township(&mut self, t: u32, ring: Ring) {
        let node = &self.inner.townships[t as usize];
        if self.in_scope(&node.path) && self.worth(&node.summary, ring) {
            node.children.iter().for_each(|&g| self.group(g, ring));
        }
    }

    fn group(&mut self, g: u32, ring: Ring) {
        let group = &self.inner.groups[g as usize];
        if !group.path.starts_with(self.scope) || !self.worth(&group.summary, ring) {
            return;
        }
        let may_be_available = self.may_be_available(&group.summary.slots);
        for (i, m) in group.members.iter().enumerate() {
            let matched = self.matched(m);
            // The cheap bound first: most members of a far region stop here.
            let bound = volunteer_bound(ring, matched, self.wanted, may_be_available, group.summary.feedback);
            if !self.can_beat(bound, ring) {
                continue;
            }
            let Some(facts) = self.facts(m, ring, matched) else { continue };
            let key = (facts.score(), Reverse(ring), Reverse(m.id));
            self.top.push(key, (g, u32::try_from(i).unwrap_or(u32::MAX)));
        }
    }

    fn matched(&self, m: &Member) -> u32 {
        let mut n = (m.skills & self.mask).count_ones();
        if m.flags & HAS_EXTRA != 0 && !self.extra.is_empty() {
            let held = self.inner.extra_skills.get(&m.id).map_or(&[][..], |e| &e[..]);
            n += u32::try_from(self.extra.iter().filter(|id| held.contains(id)).count()).unwrap_or(0);
        }
        n
    }

    /// Everything known of a member for this query; `None` when they already took the task.
    fn facts(&self, m: &Member, ring: Ring, matched: u32) -> Option<VolunteerFacts> {
        let pattern = &self.inner.patterns[m.pattern as usize];
        let available = self.may_be_available(&pattern.slots)
            && self.pieces.iter().all(|p| week::covers_piece(&pattern.windows, *p));
        let mut facts = VolunteerFacts {
            ring,
            matched,
            wanted: self.wanted,
            available,
            busy: false,
            load: 0,
            feedback: m.feedback(),
        };
        if m.flags & HAS_COMMITMENTS != 0 {
            for c in self.inner.commitments.get(&m.id).map_or(&[][..], Vec::as_slice) {
                if self.task == Some(c.task) {
                    return None;
                }
                facts.busy |= week::overlaps(c.starts_at, c.ends_at, self.starts_at, self.ends_at);
                facts.load += u32::from(c.ends_at > self.now);
            }
        }
        Some(facts)
    }

    fn finish(mut self) -> Vec<Candidate> {
        let inner = self.inner;
        let top = std::mem::replace(&mut self.top, TopK::new(0));
        let mut out = Vec::with_capacity(top.len());
        for ((score, Reverse(ring), _), (g, i)) in top.into_sorted() {
            let group = &inner.groups[g as usize];
            let m = &group.members[i as usize];
            let Some(facts) = self.facts(m, ring, self.matched(m)) else { continue };
            debug_assert_eq!(facts.score(), score);
            out.push(Candidate { volunteer_id: m.id, community: group.code.clone(), score, reasons: facts.reasons() });
        }
        out
    }
}

/// One member's score as the walk would compute it, for checking the walk against everybody.
#[cfg(test)]
pub(super) fn score_one(inner: &Inner, wanted: &Wanted, now: i64, m: &Member, ring: Ring) -> Option<i32> {
    let scope = Scope::all();
    let q = Query::new(inner, &scope, wanted, now, 1);
    q.facts(m, ring, q.matched(m)).map(|f| f.score())
}
