//! The 2023 national statistical division codes, shipped inside the binary (5 MB gzipped) so the
//! product needs nothing else on disk.

use std::io::Read;

use flate2::read::GzDecoder;
use wushe_domain::{RegionCode, RegionLevel};

use crate::StoreError;

/// One unit of the national list, in the order parents come before children.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NationalUnit {
    pub code: RegionCode,
    pub name: String,
    pub level: RegionLevel,
}

const FILES: [(RegionLevel, &[u8]); 5] = [
    (RegionLevel::Province, include_bytes!("../../../data/regions/provinces.csv.gz")),
    (RegionLevel::City, include_bytes!("../../../data/regions/cities.csv.gz")),
    (RegionLevel::County, include_bytes!("../../../data/regions/areas.csv.gz")),
    (RegionLevel::Township, include_bytes!("../../../data/regions/streets.csv.gz")),
    (RegionLevel::Village, include_bytes!("../../../data/regions/villages.csv.gz")),
];

/// The parent of a national code is its prefix one level up; provinces hang under the country.
pub fn parent_code(code: &RegionCode) -> RegionCode {
    let s = code.as_str();
    let cut = match s.len() {
        4 => 2,
        6 => 4,
        9 => 6,
        12 => 9,
        _ => return RegionCode::root(),
    };
    RegionCode::parse(&s[..cut]).unwrap_or_else(|_| RegionCode::root())
}

/// Reads the embedded list, keeping the units under any of `prefixes` and their ancestors
/// (everything when `prefixes` is empty).
pub fn units(prefixes: &[&str]) -> Result<Vec<NationalUnit>, StoreError> {
    let mut out = Vec::new();
    for (level, gz) in FILES {
        let mut text = String::new();
        GzDecoder::new(gz)
            .read_to_string(&mut text)
            .map_err(|e| StoreError::corrupt(format!("embedded division list: {e}")))?;
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        for rec in reader.records() {
            let rec = rec.map_err(|e| StoreError::corrupt(format!("embedded division list: {e}")))?;
            let (Some(code), Some(name)) = (rec.get(0), rec.get(1)) else {
                return Err(StoreError::corrupt("embedded division list: short row"));
            };
            let wanted = prefixes.is_empty() || prefixes.iter().any(|p| code.starts_with(p) || p.starts_with(code));
            if !wanted {
                continue;
            }
            let code = RegionCode::parse(code)
                .map_err(|_| StoreError::corrupt(format!("embedded division list: bad code {code}")))?;
            out.push(NationalUnit { code, name: name.to_owned(), level });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chongqing_has_the_documented_counts() {
        let units = units(&["50"]).expect("embedded list");
        let count = |l| units.iter().filter(|u| u.level == l).count();
        assert_eq!(count(RegionLevel::Province), 1);
        assert_eq!(count(RegionLevel::County), 38);
        assert_eq!(count(RegionLevel::Township), 1031);
        assert_eq!(count(RegionLevel::Village), 11270);
        for u in &units {
            assert_eq!(u.code.national_level(), Some(u.level), "{}", u.code);
        }
    }

    #[test]
    fn parents_are_prefixes() {
        let c = |s| RegionCode::parse(s).expect("code");
        assert_eq!(parent_code(&c("500101001001")), c("500101001"));
        assert_eq!(parent_code(&c("5001")), c("50"));
        assert_eq!(parent_code(&c("50")), RegionCode::root());
    }
}
