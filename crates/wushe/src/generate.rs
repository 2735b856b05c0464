//! Generated registries for benchmarks: realistic volunteers spread over real villages.

use wushe_app::people::volunteer_sheets::HEADERS;
use wushe_domain::idcard::check_char;
use wushe_domain::{RegionLevel, volunteer::DEFAULT_SKILLS};
use wushe_store::national;

const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const GIVEN: &str = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国文斌宇浩凯婷雪琳晨阳欣怡子涵梓轩";

/// A tiny deterministic generator, so that a benchmark file is the same every time.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<'a>(&mut self, s: &'a [char]) -> &'a char {
        &s[(self.next() as usize) % s.len()]
    }
}

/// `count` volunteers in the villages under `prefix`, as spreadsheet rows with [`HEADERS`].
pub fn volunteers(count: usize, prefix: &str) -> Result<Vec<Vec<String>>, String> {
    let villages: Vec<String> = national::units(&[prefix])
        .map_err(|e| e.to_string())?
        .into_iter()
        .filter(|u| u.level == RegionLevel::Village)
        .map(|u| u.code.to_string())
        .collect();
    if villages.is_empty() {
        return Err(format!("no villages under {prefix}"));
    }
    let surnames: Vec<char> = SURNAMES.chars().collect();
    let given: Vec<char> = GIVEN.chars().collect();
    let mut rng = Lcg(2022);
    let mut rows = Vec::with_capacity(count);
    for i in 0..count {
        let village = &villages[i % villages.len()];
        // Unique birth date and sequence per row: day offset and a three-digit sequence from i.
        let day = time::macros::date!(1950 - 01 - 01) + time::Duration::days((i / 1000) as i64 % 20_000);
        let first17 =
            format!("{}{:04}{:02}{:02}{:03}", &village[..6], day.year(), u8::from(day.month()), day.day(), i % 1000);
        let check = check_char(first17.as_bytes()).ok_or("bad generated number")?;
        let name: String = [*rng.pick(&surnames), *rng.pick(&given), *rng.pick(&given)].iter().collect();
        let skills = format!("{}、{}", DEFAULT_SKILLS[i % 14], DEFAULT_SKILLS[(i / 14) % 14]);
        rows.push(vec![
            name,
            "居民身份证".to_owned(),
            format!("{first17}{check}"),
            format!("1{}{:09}", 3 + (i % 7), i),
            String::new(),
            String::new(),
            village.clone(),
            skills,
            "周六 09:00-12:00；周日 14:00-17:00".to_owned(),
            String::new(),
            String::new(),
            String::new(),
        ]);
    }
    debug_assert_eq!(rows.first().map(Vec::len), Some(HEADERS.len()));
    Ok(rows)
}
