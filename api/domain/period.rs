use chrono::{Datelike, NaiveDate};
use std::fmt;

/// How precisely a source states a date: a whole year, a month, or a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Precision {
    Year,
    Month,
    Day,
}

impl Precision {
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Year => "year",
            Precision::Month => "month",
            Precision::Day => "day",
        }
    }

    pub fn parse(s: &str) -> Option<Precision> {
        match s {
            "year" => Some(Precision::Year),
            "month" => Some(Precision::Month),
            "day" => Some(Precision::Day),
            _ => None,
        }
    }
}

/// A date as a source gives it: `2019`, `2019-05` or `2019-05-01` (ISO 8601 reduced precision).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartialDate {
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub precision: Precision,
}

impl PartialDate {
    pub fn parse(s: &str) -> Result<PartialDate, String> {
        let err = || format!("`{s}` is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD");
        let parts: Vec<&str> = s.split('-').collect();
        let number = |p: &str, len: usize| -> Result<u32, String> {
            if p.len() == len && p.bytes().all(|b| b.is_ascii_digit()) {
                p.parse().map_err(|_| err())
            } else {
                Err(err())
            }
        };
        match parts.as_slice() {
            [y] => {
                let y = number(y, 4)? as i32;
                Ok(PartialDate {
                    first_day: NaiveDate::from_ymd_opt(y, 1, 1).ok_or_else(err)?,
                    last_day: NaiveDate::from_ymd_opt(y, 12, 31).ok_or_else(err)?,
                    precision: Precision::Year,
                })
            }
            [y, m] => {
                let (y, m) = (number(y, 4)? as i32, number(m, 2)?);
                let first = NaiveDate::from_ymd_opt(y, m, 1).ok_or_else(err)?;
                let next = if m == 12 {
                    NaiveDate::from_ymd_opt(y + 1, 1, 1)
                } else {
                    NaiveDate::from_ymd_opt(y, m + 1, 1)
                };
                Ok(PartialDate {
                    first_day: first,
                    last_day: next.and_then(|d| d.pred_opt()).ok_or_else(err)?,
                    precision: Precision::Month,
                })
            }
            [_, _, _] => {
                let d = parse_date(s)?;
                Ok(PartialDate {
                    first_day: d,
                    last_day: d,
                    precision: Precision::Day,
                })
            }
            _ => Err(err()),
        }
    }
}

/// A strict `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let well_formed = s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    well_formed
        .then(|| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
        .flatten()
        .ok_or_else(|| format!("`{s}` is not a date: expected YYYY-MM-DD"))
}

/// A period with both ends stated at the same precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub precision: Precision,
}

/// Whether a period lies before, around or after a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Upcoming,
    Active,
    Ended,
}

impl Period {
    pub fn parse(start: &str, end: &str) -> Result<Period, String> {
        let (s, e) = (PartialDate::parse(start)?, PartialDate::parse(end)?);
        if s.precision != e.precision {
            return Err(format!(
                "period `{start}`–`{end}`: state both ends with the same precision"
            ));
        }
        if s.first_day > e.last_day {
            return Err(format!("period `{start}`–`{end}` ends before it starts"));
        }
        Ok(Period {
            start: s.first_day,
            end: e.last_day,
            precision: s.precision,
        })
    }

    pub fn phase_on(&self, day: NaiveDate) -> Phase {
        if day < self.start {
            Phase::Upcoming
        } else if day > self.end {
            Phase::Ended
        } else {
            Phase::Active
        }
    }

    /// The calendar years the period touches.
    pub fn years(&self) -> std::ops::RangeInclusive<i32> {
        self.start.year()..=self.end.year()
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.precision {
            Precision::Year => write!(f, "{}–{}", self.start.year(), self.end.year()),
            Precision::Month => write!(
                f,
                "{}–{}",
                self.start.format("%Y-%m"),
                self.end.format("%Y-%m")
            ),
            Precision::Day => write!(f, "{}–{}", self.start, self.end),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    #[test]
    fn partial_dates() {
        let y = PartialDate::parse("2019").unwrap();
        assert_eq!(
            (y.first_day, y.last_day, y.precision),
            (d("2019-01-01"), d("2019-12-31"), Precision::Year)
        );
        let m = PartialDate::parse("2024-02").unwrap();
        assert_eq!(
            (m.first_day, m.last_day),
            (d("2024-02-01"), d("2024-02-29"))
        );
        let m = PartialDate::parse("2023-12").unwrap();
        assert_eq!(m.last_day, d("2023-12-31"));
        assert_eq!(
            PartialDate::parse("2020-01-17").unwrap().precision,
            Precision::Day
        );
        for bad in [
            "19",
            "2019-13",
            "2019-02-30",
            "2019-1-01",
            "2019/01/01",
            "",
            "abcd",
            "+2019",
        ] {
            assert!(PartialDate::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn periods() {
        let p = Period::parse("2022", "2023").unwrap();
        assert_eq!((p.start, p.end), (d("2022-01-01"), d("2023-12-31")));
        assert_eq!(p.years().collect::<Vec<_>>(), vec![2022, 2023]);
        assert_eq!(p.to_string(), "2022–2023");
        assert_eq!(p.phase_on(d("2021-12-31")), Phase::Upcoming);
        assert_eq!(p.phase_on(d("2023-12-31")), Phase::Active);
        assert_eq!(p.phase_on(d("2024-01-01")), Phase::Ended);
        assert!(Period::parse("2022", "2022").is_ok());
        assert!(Period::parse("2023", "2022")
            .unwrap_err()
            .contains("ends before it starts"));
        assert!(Period::parse("2022", "2023-01").is_err());
    }
}
