//! The volunteer index: every active volunteer, compactly, grouped by community under their
//! township and county, with per-region summaries that let a query skip whole regions.
//!
//! Skills are interned to bit positions of a `u64`: the managed list first, then any other name
//! as it is met. A volunteer's skills past the 64th distinct name are kept exactly in a side
//! table (slower to check, and every region holding one is assumed to match them all when
//! bounding), so a long skill list stays correct and only costs speed.

use std::collections::HashMap;
use std::sync::{PoisonError, RwLock, RwLockReadGuard};

use wushe_domain::matching::week::Slots;
use wushe_domain::matching::{Feedback, MatchReason, county_of, parent_of};
use wushe_domain::volunteer::Window;
use wushe_domain::{RegionCode, VolunteerId};

use super::load::{self, Commitment, VolunteerRow};
use crate::{Db, Result, now_ms, skills};

/// How far back of the watermark a refresh reads again. Times are taken before a transaction
/// commits, so a row may become visible a little after the time it carries; reading it twice
/// is harmless, missing it is not.
const OVERLAP_MS: i64 = 5_000;

/// One recommended volunteer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub volunteer_id: VolunteerId,
    pub community: RegionCode,
    pub score: i32,
    pub reasons: Vec<MatchReason>,
}

/// What a refresh applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Refreshed {
    /// Volunteer rows read again (added, changed, moved or gone).
    pub volunteers: usize,
    /// Volunteers whose tasks or record of service were read again.
    pub activity: usize,
    /// A newer refresh had already been applied, so this one's reads were dropped.
    pub superseded: bool,
}

/// Shared by the web server's handlers; `refresh` on a timer keeps it in step with the database.
#[derive(Debug)]
pub struct VolunteerIndex {
    pub(super) inner: RwLock<Inner>,
}

/// The most a region's members can score on each count: unions only grow, so a summary may be
/// loose after a volunteer leaves but is never too low.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Summary {
    pub skills: u64,
    pub extra_skills: bool,
    pub slots: Slots,
    pub feedback: i32,
}

impl Summary {
    fn absorb(&mut self, other: &Summary) {
        self.skills |= other.skills;
        self.extra_skills |= other.extra_skills;
        self.slots.union(&other.slots);
        self.feedback = self.feedback.max(other.feedback);
    }
}

pub(super) const HAS_EXTRA: u8 = 1;
pub(super) const HAS_COMMITMENTS: u8 = 2;

#[derive(Debug, Clone)]
pub(super) struct Member {
    pub id: VolunteerId,
    pub skills: u64,
    pub pattern: u32,
    pub served: u16,
    pub rated: u16,
    pub satisfaction_sum: u32,
    pub flags: u8,
}

impl Member {
    pub fn feedback(&self) -> Feedback {
        Feedback { served: self.served.into(), rated: self.rated.into(), satisfaction_sum: self.satisfaction_sum }
    }
}

#[derive(Debug)]
pub(super) struct Group {
    pub code: RegionCode,
    pub path: Box<str>,
    pub township: u32,
    pub members: Vec<Member>,
    pub summary: Summary,
}

/// A township (children: groups) or a county (children: townships).
#[derive(Debug)]
pub(super) struct Node {
    pub path: Box<str>,
    pub parent: u32,
    pub children: Vec<u32>,
    pub summary: Summary,
}

/// Weekly windows as a hashable key (weekday, start, end).
pub(super) type PatternKey = Box<[(u8, u16, u16)]>;

#[derive(Debug)]
pub(super) struct Pattern {
    pub windows: Box<[Window]>,
    pub slots: Slots,
}

#[derive(Debug, Default)]
pub(super) struct Inner {
    pub skill_ids: HashMap<String, u32>,
    pub patterns: Vec<Pattern>,
    pub pattern_ids: HashMap<PatternKey, u32>,
    pub groups: Vec<Group>,
    pub townships: Vec<Node>,
    pub counties: Vec<Node>,
    pub group_at: HashMap<Box<str>, u32>,
    pub township_at: HashMap<Box<str>, u32>,
    pub county_at: HashMap<Box<str>, u32>,
    pub root: Summary,
    pub home: HashMap<VolunteerId, u32>,
    pub commitments: HashMap<VolunteerId, Vec<Commitment>>,
    pub extra_skills: HashMap<VolunteerId, Box<[u32]>>,
    /// Reads at or after this time (less [`OVERLAP_MS`]) are still to be applied.
    pub watermark: i64,
}

impl Inner {
    pub(super) fn skill_id(&mut self, name: &str) -> u32 {
        let next = u32::try_from(self.skill_ids.len()).unwrap_or(u32::MAX);
        *self.skill_ids.entry(name.to_owned()).or_insert(next)
    }

    fn pattern(&mut self, windows: &[Window]) -> u32 {
        let key: PatternKey = windows.iter().map(|w| (w.weekday, w.start, w.end)).collect();
        if let Some(&id) = self.pattern_ids.get(&key) {
            return id;
        }
        let id = u32::try_from(self.patterns.len()).unwrap_or(u32::MAX);
        self.patterns.push(Pattern { windows: windows.into(), slots: Slots::of_windows(windows) });
        self.pattern_ids.insert(key, id);
        id
    }

    /// The node at `path`, made if new; the flag says it was.
    fn node(nodes: &mut Vec<Node>, at: &mut HashMap<Box<str>, u32>, path: &str, parent: u32) -> (u32, bool) {
        if let Some(&i) = at.get(path) {
            return (i, false);
        }
        let i = u32::try_from(nodes.len()).unwrap_or(u32::MAX);
        nodes.push(Node { path: path.into(), parent, children: Vec::new(), summary: Summary::default() });
        at.insert(path.into(), i);
        (i, true)
    }

    /// The group of a community, made (with its township and county) if new: the region above it
    /// and its district or county (past any functional zone), as the rings count them.
    fn group(&mut self, code: &RegionCode, path: &str) -> u32 {
        if let Some(&g) = self.group_at.get(path) {
            return g;
        }
        let township_path = parent_of(path);
        let (county, _) = Self::node(&mut self.counties, &mut self.county_at, county_of(path), u32::MAX);
        let (township, new) = Self::node(&mut self.townships, &mut self.township_at, township_path, county);
        if new {
            self.counties[county as usize].children.push(township);
        }
        let g = u32::try_from(self.groups.len()).unwrap_or(u32::MAX);
        self.groups.push(Group {
            code: code.clone(),
            path: path.into(),
            township,
            members: Vec::new(),
            summary: Summary::default(),
        });
        self.group_at.insert(path.into(), g);
        self.townships[township as usize].children.push(g);
        g
    }

    /// Folds a member's best case into its group, township, county and the whole index.
    fn summarise(&mut self, g: u32, slot: usize) {
        let m = &self.groups[g as usize].members[slot];
        let s = Summary {
            skills: m.skills,
            extra_skills: m.flags & HAS_EXTRA != 0,
            slots: self.patterns[m.pattern as usize].slots,
            feedback: m.feedback().points(),
        };
        let group = &mut self.groups[g as usize];
        group.summary.absorb(&s);
        let township = &mut self.townships[group.township as usize];
        township.summary.absorb(&s);
        self.counties[township.parent as usize].summary.absorb(&s);
        self.root.absorb(&s);
    }

    fn remove(&mut self, id: VolunteerId) {
        if let Some(g) = self.home.remove(&id) {
            let members = &mut self.groups[g as usize].members;
            if let Some(i) = members.iter().position(|m| m.id == id) {
                members.swap_remove(i);
            }
        }
        self.extra_skills.remove(&id);
    }

    pub(super) fn upsert(&mut self, row: &VolunteerRow) {
        self.remove(row.id);
        if !row.active {
            self.commitments.remove(&row.id);
            return;
        }
        let (g, member) = self.member_of(row);
        self.place(g, member);
    }

    /// A row as a member of its community's group (made if new), not yet placed in it.
    fn member_of(&mut self, row: &VolunteerRow) -> (u32, Member) {
        let (mut mask, mut extra) = (0u64, Vec::new());
        for name in &row.skills {
            match self.skill_id(name) {
                bit @ 0..64 => mask |= 1 << bit,
                id => extra.push(id),
            }
        }
        let pattern = self.pattern(&row.availability);
        let g = self.group(&row.community, &row.path);
        let mut flags = if self.commitments.contains_key(&row.id) { HAS_COMMITMENTS } else { 0 };
        if !extra.is_empty() {
            flags |= HAS_EXTRA;
            self.extra_skills.insert(row.id, extra.into());
        }
        (g, Member { id: row.id, skills: mask, pattern, served: 0, rated: 0, satisfaction_sum: 0, flags })
    }

    fn place(&mut self, g: u32, member: Member) {
        self.home.insert(member.id, g);
        self.groups[g as usize].members.push(member);
        self.summarise(g, self.groups[g as usize].members.len() - 1);
    }

    /// Replaces what is known of a volunteer's tasks; ignored for volunteers not in the index.
    pub(super) fn set_activity(&mut self, id: VolunteerId, commitments: Vec<Commitment>, feedback: Feedback) {
        self.commitments.remove(&id);
        let Some(&g) = self.home.get(&id) else { return };
        let Some(slot) = self.groups[g as usize].members.iter().position(|m| m.id == id) else { return };
        let has = !commitments.is_empty();
        if has {
            self.commitments.insert(id, commitments);
        }
        let m = &mut self.groups[g as usize].members[slot];
        m.served = u16::try_from(feedback.served).unwrap_or(u16::MAX);
        m.rated = u16::try_from(feedback.rated).unwrap_or(u16::MAX);
        m.satisfaction_sum = feedback.satisfaction_sum;
        m.flags = if has { m.flags | HAS_COMMITMENTS } else { m.flags & !HAS_COMMITMENTS };
        self.summarise(g, slot);
    }

    pub fn volunteers(&self) -> usize {
        self.home.len()
    }
}

impl VolunteerIndex {
    /// Reads every active volunteer, their tasks not yet over and their record of service.
    pub async fn build(db: &Db) -> Result<VolunteerIndex> {
        Ok(VolunteerIndex { inner: RwLock::new(load_all(db).await?) })
    }

    /// Builds afresh and swaps the result in; readers keep the old index meanwhile. Use after a
    /// bulk import whose transaction outlasted the refresh overlap.
    pub async fn rebuild(&self, db: &Db) -> Result<()> {
        let fresh = load_all(db).await?;
        *self.inner.write().unwrap_or_else(PoisonError::into_inner) = fresh;
        Ok(())
    }

    /// Applies what changed since the last build or refresh: volunteers written (new, corrected,
    /// moved, erased), tasks accepted, withdrawn, checked out of, edited or cancelled, follow-up
    /// satisfaction recorded. Reads happen without the lock; changes are applied in short write-locked steps.
    pub async fn refresh(&self, db: &Db) -> Result<Refreshed> {
        let since = self.read().watermark - OVERLAP_MS;
        let started = now_ms();
        let changed = load::changed_since(db, since).await?;
        let mut touched = load::touched_since(db, since).await?;
        touched.extend(changed.iter().filter(|r| r.active).map(|r| r.id));
        let ids: Vec<VolunteerId> = touched.into_iter().collect();
        let (mut commitments, mut feedback) = if ids.is_empty() {
            Default::default()
        } else {
            (load::commitments(db, started, Some(&ids)).await?, load::feedback(db, started, Some(&ids)).await?)
        };
        let done = Refreshed { volunteers: changed.len(), activity: ids.len(), superseded: false };
        for rows in changed.chunks(APPLY) {
            let mut inner = self.write();
            if started < inner.watermark {
                return Ok(Refreshed { superseded: true, ..done });
            }
            rows.iter().for_each(|r| inner.upsert(r));
        }
        for chunk in ids.chunks(APPLY) {
            let mut inner = self.write();
            if started < inner.watermark {
                return Ok(Refreshed { superseded: true, ..done });
            }
            for id in chunk {
                let c = commitments.remove(id).unwrap_or_default();
                inner.set_activity(*id, c, feedback.remove(id).unwrap_or_default());
            }
        }
        self.write().watermark = started;
        Ok(done)
    }

    /// Active volunteers held.
    pub fn len(&self) -> usize {
        self.read().volunteers()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The communities that have volunteers, with their paths.
    pub fn communities(&self) -> Vec<(RegionCode, wushe_domain::RegionPath)> {
        let inner = self.read();
        let groups = inner.groups.iter().filter(|g| !g.members.is_empty());
        groups
            .filter_map(|g| Some((g.code.clone(), wushe_domain::RegionPath::from_stored(g.path.to_string())?)))
            .collect()
    }

    /// An estimate of the heap the index holds, in bytes: vectors by capacity, hash maps by
    /// their bucket arrays, strings by length.
    pub fn heap_bytes(&self) -> usize {
        self.read().heap_bytes()
    }

    pub(super) fn read(&self) -> RwLockReadGuard<'_, Inner> {
        self.inner.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Inner> {
        self.inner.write().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Rows applied per write lock, so that readers wait a millisecond at most.
const APPLY: usize = 1_000;

async fn load_all(db: &Db) -> Result<Inner> {
    let started = now_ms();
    let mut inner = Inner { watermark: started, ..Inner::default() };
    // The managed list first, so that the skills in use get the 64 fast bits.
    for name in skills::active(db).await? {
        inner.skill_id(&name);
    }
    // Members are staged first and placed once every group's size is known: vectors and the
    // map are allocated once at their final size instead of growing a million times, which
    // leaves the heap unfragmented.
    let mut staged = Vec::new();
    let mut after = String::new();
    loop {
        let page = load::active_page(db, &after).await?;
        let Some(last) = page.last() else { break };
        after = last.id.to_string();
        staged.extend(page.iter().map(|r| inner.member_of(r)));
    }
    let mut sizes = vec![0usize; inner.groups.len()];
    staged.iter().for_each(|(g, _)| sizes[*g as usize] += 1);
    for (group, n) in inner.groups.iter_mut().zip(sizes) {
        group.members.reserve_exact(n);
    }
    inner.home.reserve(staged.len());
    staged.into_iter().for_each(|(g, m)| inner.place(g, m));
    let feedback = load::feedback(db, started, None).await?;
    let mut commitments = load::commitments(db, started, None).await?;
    for (id, f) in feedback {
        inner.set_activity(id, commitments.remove(&id).unwrap_or_default(), f);
    }
    for (id, c) in commitments {
        inner.set_activity(id, c, Feedback::default());
    }
    Ok(inner)
}
