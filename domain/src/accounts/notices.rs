//! Notices: what happened to a person's applications and appeals, and which booked stall
//! sessions are near, told in the in-app inbox and by text.

use crate::calendar::{Date, add_days};
use crate::codes::households::{Label, vocabulary};
use crate::stalls::parse_minute;

vocabulary! {
    /// Why someone is told something: a department returned an application for correction,
    /// refused it, every department approved it and the business is registered, or a change,
    /// suspension, resumption or closing is done; or a booked stall session starts within a day;
    /// or an appeal was taken up, answered, passed on, referred up a tier or closed.
    NoticeKind {
        Returned = "returned", "需要补正材料", "Needs corrections";
        Rejected = "rejected", "不予办理", "Refused";
        Opened = "opened", "已登记，个体码已发放", "Registered: your business code is ready";
        Completed = "completed", "已办结", "Done";
        StallReminder = "stall_reminder", "摊位提醒", "Stall reminder";
        AppealTaken = "appeal_taken", "诉求已受理", "Your appeal was taken up";
        AppealAnswered = "appeal_answered", "诉求已答复", "Your appeal was answered";
        AppealPassedOn = "appeal_passed_on", "诉求已转交", "Your appeal was passed on";
        AppealReferred = "appeal_referred", "诉求已提请上一梯队", "Your appeal went up a tier";
        AppealClosed = "appeal_closed", "诉求已办结", "Your appeal is closed";
    }
}

/// What a notice is about, which says where its row leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeSubject {
    Application,
    StallBooking,
    Appeal,
}

impl NoticeKind {
    pub fn subject(self) -> NoticeSubject {
        match self {
            Self::Returned | Self::Rejected | Self::Opened | Self::Completed => NoticeSubject::Application,
            Self::StallReminder => NoticeSubject::StallBooking,
            Self::AppealTaken
            | Self::AppealAnswered
            | Self::AppealPassedOn
            | Self::AppealReferred
            | Self::AppealClosed => NoticeSubject::Appeal,
        }
    }

    /// The text message sent beside an application's inbox entry (texts go to mainland phones
    /// in Chinese). It names the shop and where to look, nothing more: texts can be read by
    /// anyone holding the phone. None for a stall reminder, whose text names the session
    /// instead ([`crate::stalls::stall_reminder`]), and for an appeal's, which names the appeal
    /// ([`crate::appeals::appeal_text`]).
    pub fn text_message(self, shop_name: &str) -> Option<String> {
        Some(match self {
            Self::Returned => {
                format!("【个体码】您申请的“{shop_name}”需要补正材料，请打开个体码“我的申请”查看补正清单。")
            }
            Self::Rejected => format!("【个体码】您申请的“{shop_name}”不予办理，理由请在个体码“我的申请”中查看。"),
            Self::Opened => {
                format!("【个体码】您申请的“{shop_name}”已登记，个体码已发放，请在个体码“我的申请”中查看。")
            }
            Self::Completed => format!("【个体码】您为“{shop_name}”申请的事项已办结，请在个体码“我的申请”中查看。"),
            Self::StallReminder
            | Self::AppealTaken
            | Self::AppealAnswered
            | Self::AppealPassedOn
            | Self::AppealReferred
            | Self::AppealClosed => return None,
        })
    }
}

/// The day a reminded session starts, as its notice reads on `today`: by name when it is today
/// or tomorrow (a reminder comes within the day before), else None (then the date says it).
pub fn session_day(starts: &str, today: Date) -> Option<Label> {
    let (day, _) = parse_minute(starts)?;
    if day == today {
        Some(Label { zh: "今天", en: "Today" })
    } else if day == add_days(today, 1) {
        Some(Label { zh: "明天", en: "Tomorrow" })
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_about_an_application_names_the_shop_and_where_to_look_and_nothing_else() {
        for text in NoticeKind::ALL.iter().filter_map(|kind| kind.text_message("鹿城阿福面馆")) {
            assert!(text.starts_with("【个体码】") && text.contains("“鹿城阿福面馆”"), "{text}");
            assert!(text.contains("我的申请"), "{text}");
            assert!(text.chars().count() <= 70, "one text message: {text}");
        }
    }

    #[test]
    fn only_notices_about_applications_have_their_text_here() {
        for kind in NoticeKind::ALL {
            let here = kind.text_message("鹿城阿福面馆").is_some();
            assert_eq!(here, kind.subject() == NoticeSubject::Application, "{kind:?}");
        }
    }

    #[test]
    fn a_reminded_session_reads_today_or_tomorrow_and_otherwise_by_its_date() {
        let today = crate::calendar::date(2026, 11, 26).expect("a date");
        let day = |starts| session_day(starts, today).map(|label| (label.zh, label.en));
        assert_eq!(day("2026-11-26 17:00"), Some(("今天", "Today")));
        assert_eq!(day("2026-11-27 06:30"), Some(("明天", "Tomorrow")));
        assert_eq!(day("2026-11-28 06:30"), None, "two days on: its date");
        assert_eq!(day("2026-11-25 17:00"), None, "already past: its date");
        assert_eq!(day("tomorrow"), None);
    }
}
