//! Notices: what happened to a person's applications, told in the in-app inbox and by text.

use crate::households::vocabulary;

vocabulary! {
    /// Why someone is told something: a department returned an application for correction,
    /// refused it, every department approved it and the business is registered, or a change,
    /// suspension, resumption or closing is done.
    NoticeKind {
        Returned = "returned", "需要补正材料", "Needs corrections";
        Rejected = "rejected", "不予办理", "Refused";
        Opened = "opened", "已登记，个体码已发放", "Registered: your business code is ready";
        Completed = "completed", "已办结", "Done";
    }
}

impl NoticeKind {
    /// The text message sent beside the inbox entry (texts go to mainland phones in Chinese).
    /// It names the shop and where to look, nothing more: texts can be read by anyone holding
    /// the phone.
    pub fn text_message(self, shop_name: &str) -> String {
        match self {
            Self::Returned => {
                format!("【个体码】您申请的“{shop_name}”需要补正材料，请打开个体码“我的申请”查看补正清单。")
            }
            Self::Rejected => format!("【个体码】您申请的“{shop_name}”不予办理，理由请在个体码“我的申请”中查看。"),
            Self::Opened => {
                format!("【个体码】您申请的“{shop_name}”已登记，个体码已发放，请在个体码“我的申请”中查看。")
            }
            Self::Completed => format!("【个体码】您为“{shop_name}”申请的事项已办结，请在个体码“我的申请”中查看。"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_names_the_shop_and_where_to_look_and_nothing_else() {
        for &kind in NoticeKind::ALL {
            let text = kind.text_message("鹿城阿福面馆");
            assert!(text.starts_with("【个体码】") && text.contains("“鹿城阿福面馆”"), "{text}");
            assert!(text.contains("我的申请"), "{text}");
            assert!(text.chars().count() <= 70, "one text message: {text}");
        }
    }
}
