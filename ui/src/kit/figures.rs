//! Figures in words, as the public pages and the desk show them: shares, scores out of five,
//! and "none yet" where there is nothing to measure.

use crate::prefs::Lang;

/// `part` of `whole`, or nothing when there is no whole yet.
pub fn share(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| f64::from(part) / f64::from(whole))
}

/// What is said where there is nothing to measure yet.
pub fn none_yet(lang: Lang) -> String {
    match lang {
        Lang::En => "none yet".into(),
        Lang::Zh => "暂无".into(),
    }
}

/// A share as a whole percentage.
pub fn percent(share: Option<f64>, lang: Lang) -> String {
    share.map_or_else(|| none_yet(lang), |s| format!("{:.0}%", s * 100.0))
}

/// An average rating out of five, with how many ratings it comes from.
pub fn satisfaction(score: Option<f64>, ratings: u32, lang: Lang) -> String {
    match (score, lang) {
        (Some(score), Lang::En) => format!("{score:.1} / 5 ({ratings} rating{})", if ratings == 1 { "" } else { "s" }),
        (Some(score), Lang::Zh) => format!("{score:.1} / 5（{ratings} 条评价）"),
        (None, _) => none_yet(lang),
    }
}

/// How wide a bar is drawn for a share, in percent of its track.
pub fn bar_width(share: Option<f64>) -> f64 {
    share.map_or(0.0, |s| (s * 100.0).clamp(0.0, 100.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_share_of_nothing_is_not_measured() {
        assert_eq!(share(3, 0), None);
        assert_eq!(share(1, 4), Some(0.25));
    }

    #[test]
    fn a_share_reads_as_a_whole_percentage_or_none_yet() {
        assert_eq!(percent(Some(0.666), Lang::En), "67%");
        assert_eq!(percent(None, Lang::En), "none yet");
        assert_eq!(percent(None, Lang::Zh), "暂无");
    }

    #[test]
    fn satisfaction_says_the_score_and_how_many_rated() {
        assert_eq!(satisfaction(Some(4.25), 8, Lang::En), "4.2 / 5 (8 ratings)");
        assert_eq!(satisfaction(Some(5.0), 1, Lang::En), "5.0 / 5 (1 rating)");
        assert_eq!(satisfaction(Some(4.0), 2, Lang::Zh), "4.0 / 5（2 条评价）");
        assert_eq!(satisfaction(None, 0, Lang::Zh), "暂无");
    }

    #[test]
    fn a_bar_never_runs_past_its_track() {
        assert_eq!(bar_width(Some(1.5)), 100.0);
        assert_eq!(bar_width(Some(-0.2)), 0.0);
        assert_eq!(bar_width(None), 0.0);
    }
}
