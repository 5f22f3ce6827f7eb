//! Getima's demo data as D1 SQL: 360 households across Wenzhou's 12
//! county-level divisions, with licences, badges, payment bindings and business codes.
//!
//! The data is a pure function of the seed and `--today`, and every row is inserted with
//! `ON CONFLICT DO NOTHING`, so loading it twice changes nothing.

use getima_domain::accounts::Role;
use getima_domain::accounts::notices::NoticeKind;
use getima_domain::appeals::{AppealCategory, AppealStatus};
use getima_domain::calendar::workdays::{OFFICIAL_2026_CSV, WorkCalendar, parse_csv};
use getima_domain::calendar::{Date, add_days, date, days_between};
use getima_domain::codes;
use getima_domain::codes::households::{
    Badge, CreditLevel, HouseholdStatus, LicenceKind, PaymentProvider, RevocationReason,
};
use getima_domain::pii::{Field, NONCE_LEN, PiiKeys};
use getima_domain::registration::{Clock, TaskKind, TaskStatus, correct_by};
use getima_domain::stalls::{self, AllocationMode, TargetGroup, ZoneKind, ZoneRules, stall_number, week_of};
use getima_domain::{id_number, uscc};
use std::collections::HashMap;
use std::fmt::Write as _;

const HOUSEHOLDS_PER_COUNTY: u32 = 30;

struct County {
    division: &'static str,
    name: &'static str,
    /// (town or subdistrict, road).
    streets: [(&'static str, &'static str); 3],
}

const COUNTIES: [County; 12] = [
    County {
        division: "330302",
        name: "鹿城区",
        streets: [("五马街道", "解放北路"), ("南汇街道", "人民中路"), ("松台街道", "府前街")],
    },
    County {
        division: "330303",
        name: "龙湾区",
        streets: [("永中街道", "永宁西路"), ("状元街道", "龙湾大道"), ("蒲州街道", "上江路")],
    },
    County {
        division: "330304",
        name: "瓯海区",
        streets: [("景山街道", "景山路"), ("娄桥街道", "娄桥中路"), ("梧田街道", "南湖路")],
    },
    County {
        division: "330305",
        name: "洞头区",
        streets: [("北岙街道", "环岛东路"), ("东屏街道", "东岙顶路"), ("元觉街道", "花岗路")],
    },
    County {
        division: "330324",
        name: "永嘉县",
        streets: [("北城街道", "县前路"), ("上塘镇", "永建路"), ("桥头镇", "纽扣城路")],
    },
    County {
        division: "330326",
        name: "平阳县",
        streets: [("昆阳镇", "城中路"), ("鳌江镇", "学前路"), ("萧江镇", "萧中路")],
    },
    County {
        division: "330327",
        name: "苍南县",
        streets: [("灵溪镇", "玉苍路"), ("钱库镇", "钱库大街"), ("宜山镇", "宜中路")],
    },
    County {
        division: "330328",
        name: "文成县",
        streets: [("大峃镇", "建设路"), ("珊溪镇", "珊溪路"), ("玉壶镇", "玉壶中路")],
    },
    County {
        division: "330329",
        name: "泰顺县",
        streets: [("罗阳镇", "新城大道"), ("泗溪镇", "泗溪路"), ("雅阳镇", "雅中路")],
    },
    County {
        division: "330381",
        name: "瑞安市",
        streets: [("安阳街道", "万松路"), ("玉海街道", "解放路"), ("塘下镇", "塘川街")],
    },
    County {
        division: "330382",
        name: "乐清市",
        streets: [("乐成街道", "伯乐东路"), ("柳市镇", "柳青路"), ("虹桥镇", "虹南路")],
    },
    County {
        division: "330383",
        name: "龙港市",
        streets: [("龙港城区", "世纪大道"), ("龙港城区", "龙翔路"), ("龙港城区", "人民路")],
    },
];

struct Trade {
    code: &'static str,
    shop_suffixes: [&'static str; 3],
    /// Licences beyond the business licence.
    permits: &'static [LicenceKind],
}

const TRADES: [Trade; 12] = [
    Trade {
        code: "catering", shop_suffixes: ["早餐店", "鱼丸店", "面馆"], permits: &[LicenceKind::FoodBusiness]
    },
    Trade {
        code: "food_retail",
        shop_suffixes: ["食品商行", "糕点铺", "炒货店"],
        permits: &[LicenceKind::PrepackagedFoodFiling],
    },
    Trade { code: "grocery", shop_suffixes: ["百货店", "日杂店", "小卖部"], permits: &[] },
    Trade { code: "produce", shop_suffixes: ["蔬菜摊", "水果店", "粮油店"], permits: &[] },
    Trade {
        code: "tobacco_convenience",
        shop_suffixes: ["便利店", "烟酒店", "超市"],
        permits: &[LicenceKind::TobaccoRetail, LicenceKind::PrepackagedFoodFiling],
    },
    Trade {
        code: "hair_beauty",
        shop_suffixes: ["理发店", "美发工作室", "美容馆"],
        permits: &[LicenceKind::PublicHygiene],
    },
    Trade { code: "repair", shop_suffixes: ["家电维修部", "电器维修店", "修理铺"], permits: &[] },
    Trade { code: "clothing", shop_suffixes: ["服装店", "鞋店", "童装店"], permits: &[] },
    Trade {
        code: "pharmacy",
        shop_suffixes: ["药店", "大药房", "便民药店"],
        permits: &[LicenceKind::PharmaceuticalRetail],
    },
    Trade { code: "handicraft", shop_suffixes: ["瓯绣坊", "米塑坊", "木雕工作室"], permits: &[] },
    Trade { code: "lodging", shop_suffixes: ["民宿", "客栈", "小院"], permits: &[LicenceKind::PublicHygiene] },
    Trade { code: "eyewear", shop_suffixes: ["眼镜店", "眼镜行", "视光店"], permits: &[] },
];

const SURNAMES: [&str; 24] = [
    "王", "陈", "张", "李", "林", "黄", "周", "吴", "郑", "金", "叶", "潘", "徐", "蔡", "胡", "朱", "谢", "杨", "章",
    "池", "戴", "卢", "薛", "项",
];
const GIVEN: [&str; 24] = [
    "伟", "芳", "秀英", "建华", "丽", "强", "敏", "海燕", "志明", "小红", "国平", "玉兰", "晓东", "静", "永福", "美玲",
    "德胜", "春燕", "立新", "雪梅", "成", "慧", "建国", "阿妹",
];
/// Shop-name heads other than the operator's name: 老字号-style and place-style.
const SHOP_HEADS: [&str; 10] = ["老街", "阿强", "好运来", "福满", "一品", "江心", "瓯江", "家和", "顺发", "新辰"];

/// splitmix64: small, fast, and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn token(&mut self, alphabet: &[u8], len: usize) -> String {
        (0..len).map(|_| *self.pick(alphabet) as char).collect()
    }
}

fn sql_text(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn sql_date(d: Option<Date>) -> String {
    d.map_or_else(|| "NULL".into(), |d| sql_text(&d.to_string()))
}

/// The departments and statutory limits of the task kinds the demo applications use, as
/// migration 0006 seeds them (a test holds the two together).
const DEMO_TASKS: [(TaskKind, &str, u32); 5] = [
    (TaskKind::Establishment, "amr", 3),
    (TaskKind::FoodBusinessLicence, "amr", 10),
    (TaskKind::OutdoorSignboard, "enforcement", 20),
    (TaskKind::UtilityConnection, "power", 5),
    (TaskKind::PrepackagedFoodFiling, "amr", 0),
];

/// One demo appeal of the first owner's shop: what it is about and says, how many days ago it
/// was filed, how far it got, and (once answered) the answer.
pub struct DemoAppeal {
    pub category: AppealCategory,
    pub text: &'static str,
    pub days_ago: i64,
    pub status: AppealStatus,
    pub reply: &'static str,
}

pub const DEMO_APPEALS: [DemoAppeal; 6] = [
    DemoAppeal {
        category: AppealCategory::Tax,
        text: "我是小规模纳税人，季度销售额不到30万元，增值税是否可以免征？需要怎么申报？",
        days_ago: 0,
        status: AppealStatus::Submitted,
        reply: "",
    },
    // Nobody took it within its working day: the cron trigger raises it to the head.
    DemoAppeal {
        category: AppealCategory::Utilities,
        text: "店里三相电经常跳闸，申请增容需要准备哪些材料？多久能装好？",
        days_ago: 9,
        status: AppealStatus::Submitted,
        reply: "",
    },
    DemoAppeal {
        category: AppealCategory::PlatformFees,
        text: "外卖平台这个月把抽成从18%提到22%，事先没有通知，这样合理吗？",
        days_ago: 2,
        status: AppealStatus::Claimed,
        reply: "",
    },
    DemoAppeal {
        category: AppealCategory::Licensing,
        text: "营业执照经营范围想加上“预包装食品销售”，是否需要重新办证？",
        days_ago: 4,
        status: AppealStatus::Replied,
        reply: "不需要重新办证。请在个体码“我的”中申请变更经营范围，并同时办理仅销售预包装食品备案，当场办结。",
    },
    DemoAppeal {
        category: AppealCategory::Other,
        text: "门口的共享单车经常堵住店门，能不能请有关部门协调？",
        days_ago: 20,
        status: AppealStatus::Closed,
        reply: "已联系属地街道和运营企业，门前划定了停放区并安排每日清理。",
    },
    // Legal advice, waiting for the local legal office (the first tier).
    DemoAppeal {
        category: AppealCategory::Legal,
        text: "房东要提前解除租约，还要扣下全部押金，我该怎么维权？",
        days_ago: 1,
        status: AppealStatus::Submitted,
        reply: "",
    },
];

/// One demo application of the vendor account, whose shop is not open yet: its bundle, shop,
/// how many days ago it was filed, and each task's status.
struct DemoApplication {
    bundle: &'static str,
    shop: &'static str,
    days_ago: i64,
    tasks: &'static [(TaskKind, TaskStatus)],
}

const DEMO_APPLICATIONS: [DemoApplication; 6] = [
    DemoApplication {
        bundle: "open-restaurant",
        shop: "鹿城示例面馆",
        days_ago: 0,
        tasks: &[
            (TaskKind::Establishment, TaskStatus::InReview),
            (TaskKind::FoodBusinessLicence, TaskStatus::InReview),
            (TaskKind::OutdoorSignboard, TaskStatus::InReview),
            (TaskKind::UtilityConnection, TaskStatus::InReview),
        ],
    },
    // Long past its three working days: the cron trigger raises it to the head.
    DemoApplication {
        bundle: "open-food-shop",
        shop: "鹿城示例小吃店",
        days_ago: 30,
        tasks: &[
            (TaskKind::Establishment, TaskStatus::InReview),
            (TaskKind::PrepackagedFoodFiling, TaskStatus::Approved),
        ],
    },
    DemoApplication {
        bundle: "open-food-shop",
        shop: "鹿城示例副食店",
        days_ago: 6,
        tasks: &[
            (TaskKind::Establishment, TaskStatus::Returned),
            (TaskKind::PrepackagedFoodFiling, TaskStatus::InReview),
        ],
    },
    DemoApplication {
        bundle: "open-food-shop",
        shop: "鹿城示例食品店",
        days_ago: 12,
        tasks: &[
            (TaskKind::Establishment, TaskStatus::Rejected),
            (TaskKind::PrepackagedFoodFiling, TaskStatus::Closed),
        ],
    },
    // Closed with nothing refused: its applicant withdrew it.
    DemoApplication {
        bundle: "open-food-shop",
        shop: "鹿城示例茶饮店",
        days_ago: 4,
        tasks: &[(TaskKind::Establishment, TaskStatus::Closed), (TaskKind::PrepackagedFoodFiling, TaskStatus::Closed)],
    },
    // Returned 45 days ago and never corrected, long past its last day to be: the cron trigger
    // deems it withdrawn and its name is free again.
    DemoApplication {
        bundle: "open-food-shop",
        shop: "鹿城示例烧烤店",
        days_ago: 90,
        tasks: &[
            (TaskKind::Establishment, TaskStatus::Returned),
            (TaskKind::PrepackagedFoodFiling, TaskStatus::InReview),
        ],
    },
];

/// A demo sign-in, documented in the README: sign in with the phone, read the code in the
/// dev inbox.
#[derive(Debug, Clone)]
pub struct DemoAccount {
    pub phone: &'static str,
    pub name: &'static str,
    pub roles: &'static [Role],
    pub department: Option<&'static str>,
    pub markets: &'static [i64],
    /// Households bound to this person as owner.
    pub households: &'static [u32],
}

pub const DEMO_ACCOUNTS: [DemoAccount; 15] = [
    DemoAccount {
        phone: "13900000001",
        name: "温管理",
        roles: &[Role::Admin],
        department: None,
        markets: &[],
        households: &[],
    },
    DemoAccount {
        phone: "13900000002",
        name: "陈监管",
        roles: &[Role::Staff],
        department: Some("amr"),
        markets: &[],
        households: &[],
    },
    DemoAccount {
        phone: "13900000003",
        name: "林税务",
        roles: &[Role::Staff],
        department: Some("tax"),
        markets: &[],
        households: &[],
    },
    DemoAccount {
        phone: "13900000004",
        name: "王所长",
        roles: &[Role::DepartmentHead],
        department: Some("amr"),
        markets: &[],
        households: &[],
    },
    DemoAccount {
        phone: "13900000005",
        name: "周市场",
        roles: &[Role::MarketManager],
        department: None,
        markets: &[1],
        households: &[],
    },
    DemoAccount {
        phone: "13900000006",
        name: "吴夜市",
        roles: &[Role::MarketManager],
        department: None,
        markets: &[2],
        households: &[],
    },
    DemoAccount {
        phone: "13900000007",
        name: "郑摊主",
        roles: &[Role::Vendor],
        department: None,
        markets: &[],
        households: &[],
    },
    DemoAccount {
        phone: "13800000001",
        name: "",
        roles: &[Role::Owner],
        department: None,
        markets: &[],
        households: &[1],
    },
    DemoAccount {
        phone: "13800000002",
        name: "",
        roles: &[Role::Owner],
        department: None,
        markets: &[],
        households: &[2],
    },
    // Staff of the other departments a restaurant's application reaches, so every part of it
    // can be decided on a phone.
    DemoAccount {
        phone: "13900000008",
        name: "赵执法",
        roles: &[Role::Staff],
        department: Some("enforcement"),
        markets: &[],
        households: &[],
    },
    DemoAccount {
        phone: "13900000009",
        name: "钱供电",
        roles: &[Role::Staff],
        department: Some("power"),
        markets: &[],
        households: &[],
    },
    DemoAccount {
        phone: "13900000010",
        name: "孙卫健",
        roles: &[Role::Staff],
        department: Some("health"),
        markets: &[],
        households: &[],
    },
    // The three tiers legal advice (法律咨询) climbs, each a role granted to 司法局 staff.
    DemoAccount {
        phone: "13900000011",
        name: "何司法所",
        roles: &[Role::Staff, Role::LegalOfficer],
        department: Some("justice"),
        markets: &[],
        households: &[],
    },
    DemoAccount {
        phone: "13900000012",
        name: "许公职律师",
        roles: &[Role::Staff, Role::PublicLawyer],
        department: Some("justice"),
        markets: &[],
        households: &[],
    },
    DemoAccount {
        phone: "13900000013",
        name: "冯律师",
        roles: &[Role::Staff, Role::Lawyer],
        department: Some("justice"),
        markets: &[],
        households: &[],
    },
];

/// Households whose operators have fixed, documented phones: 1 and 2 are already bound to
/// their owners; the operator of 3 can sign in and claim it.
pub const FIXED_OPERATORS: u32 = 3;

/// A household's operator as registered, for tests: public views must never show these.
#[derive(Debug, Clone)]
pub struct DemoOperator {
    pub household_id: u32,
    pub uscc: String,
    pub name: String,
    pub phone: String,
    pub id_number: String,
}

const MARKETS: [(i64, &str, &str, &str, &str); 3] = [
    (1, "五马农贸市场", "farmers", "330302", "浙江省温州市鹿城区五马街道解放北路88号"),
    (2, "瓯海夜市", "night", "330304", "浙江省温州市瓯海区梧田街道南湖路20号"),
    (3, "龙湾创意市集", "creative", "330303", "浙江省温州市龙湾区永中街道永宁西路66号"),
];

/// A demo market's zone: its market, name, kind, how it allocates, its rules, and its stalls
/// (a number prefix, how many, size in m², fee in fen, amenities).
struct DemoZone {
    market: i64,
    name: &'static str,
    kind: ZoneKind,
    mode: AllocationMode,
    rules: ZoneRules,
    /// The target groups its fee is waived for.
    waived: &'static [TargetGroup],
    stalls: (&'static str, u32, f64, u32, &'static str),
}

/// The demo markets' zones: a farmers' market open every morning with its three public-interest
/// zones, a night market on Friday to Sunday evenings (its common-prosperity stalls by lottery),
/// and a creative market at weekends. 350 stalls in all. (A function: rules hold a list.)
fn demo_zones() -> [DemoZone; 7] {
    [
        DemoZone {
            market: 1,
            name: "自产自销区",
            kind: ZoneKind::SelfProduced,
            mode: AllocationMode::Instant,
            rules: ZoneRules::PLAN,
            waived: &[],
            stalls: ("A", 40, 4.0, 0, "water canopy"),
        },
        DemoZone {
            market: 1,
            name: "平价摊位区",
            kind: ZoneKind::FairPrice,
            mode: AllocationMode::Instant,
            rules: ZoneRules::PLAN,
            waived: &[TargetGroup::LowIncome, TargetGroup::Disabled],
            stalls: ("B", 30, 6.0, 1000, "power water canopy"),
        },
        DemoZone {
            market: 1,
            name: "普通区",
            kind: ZoneKind::Ordinary,
            mode: AllocationMode::Instant,
            rules: ZoneRules { per_session: 2, per_week: 7, ..ZoneRules::PLAN },
            waived: &[],
            stalls: ("C", 30, 8.0, 3000, "power water"),
        },
        DemoZone {
            market: 2,
            name: "共富摊位区",
            kind: ZoneKind::CommonProsperity,
            mode: AllocationMode::Lottery,
            rules: ZoneRules { window_days: 14, ..ZoneRules::PLAN },
            waived: &[],
            stalls: ("G", 10, 6.0, 0, "power canopy"),
        },
        DemoZone {
            market: 2,
            name: "普通夜市区",
            kind: ZoneKind::Ordinary,
            mode: AllocationMode::Instant,
            rules: ZoneRules { window_days: 14, per_week: 3, ..ZoneRules::PLAN },
            waived: &[],
            stalls: ("N", 130, 6.0, 5000, "power"),
        },
        DemoZone {
            market: 3,
            name: "文创区",
            kind: ZoneKind::Ordinary,
            mode: AllocationMode::Instant,
            rules: ZoneRules { window_days: 14, per_week: 2, ..ZoneRules::PLAN },
            waived: &[TargetGroup::Disabled, TargetGroup::Veteran],
            stalls: ("W", 70, 4.0, 2000, "power canopy"),
        },
        DemoZone {
            market: 3,
            name: "非遗手作区",
            kind: ZoneKind::CommonProsperity,
            mode: AllocationMode::Instant,
            rules: ZoneRules { window_days: 14, per_week: 2, ..ZoneRules::PLAN },
            waived: &[TargetGroup::Disabled],
            stalls: ("F", 40, 4.0, 0, "canopy"),
        },
    ]
}

/// Each demo market's sessions: the weekdays it opens (Monday = 0) and its hours.
const DEMO_SESSIONS: [(i64, &[u8], &str, &str); 3] =
    [(1, &[0, 1, 2, 3, 4, 5, 6], "06:00", "12:00"), (2, &[4, 5, 6], "17:00", "23:00"), (3, &[5, 6], "10:00", "18:00")];

/// The night market's common-prosperity zone, given by lottery.
const DEMO_LOTTERY_ZONE: i64 = 4;

/// How many days of sessions the demo opens from today.
pub const DEMO_SESSION_DAYS: i64 = 21;

struct Generator<'k> {
    keys: &'k PiiKeys,
    operators: Vec<DemoOperator>,
    rng: Rng,
    today: Date,
    sql: String,
    addresses: HashMap<String, u32>,
    next_licence_id: u32,
    /// The last demo timeline entry's id.
    events: u32,
}

impl Generator<'_> {
    fn nonce(&mut self) -> [u8; NONCE_LEN] {
        let mut nonce = [0; NONCE_LEN];
        nonce[..8].copy_from_slice(&self.rng.next().to_le_bytes());
        nonce[8..].copy_from_slice(&self.rng.next().to_le_bytes()[..4]);
        nonce
    }

    /// Fingerprint and sealed copy, as SQL values.
    fn protected(&mut self, field: Field, value: &str) -> [String; 2] {
        let nonce = self.nonce();
        [sql_text(&self.keys.fingerprint(field, value)), sql_text(&self.keys.seal(field, value, nonce))]
    }

    fn operator_identity(&mut self, id: u32, division: &str) -> (String, String) {
        let phone = if id <= FIXED_OPERATORS {
            format!("138000000{id:02}")
        } else {
            format!("1{}{:09}", 3 + self.rng.below(7), self.rng.below(1_000_000_000))
        };
        let first17 = if id <= FIXED_OPERATORS {
            // Documented in the README, for trying a claim: born 1980-01-01, sequence = id.
            format!("{division}19800101{id:03}")
        } else {
            let born = add_days(date(1955, 1, 1).expect("a real date"), self.rng.below(45 * 365) as i64);
            format!("{division}{:04}{:02}{:02}{:03}", born.year(), born.month() as u8, born.day(), self.rng.below(1000))
        };
        (phone, id_number::complete(&first17).expect("17 digits"))
    }

    fn statement(&mut self, table: &str, columns: &str, values: &[String]) {
        let _ = writeln!(
            self.sql,
            "INSERT INTO {table} ({columns}) VALUES ({}) ON CONFLICT DO NOTHING;",
            values.join(", ")
        );
    }

    fn licence_expiry(&mut self, kind: LicenceKind) -> Option<Date> {
        // Business licences and filings of households carry no expiry; permits do.
        if matches!(kind, LicenceKind::BusinessLicence | LicenceKind::PrepackagedFoodFiling) {
            return None;
        }
        let days = match self.rng.below(100) {
            0..=11 => self.rng.below(31) as i64,        // expiring within 30 days
            12..=19 => -1 - self.rng.below(200) as i64, // already expired
            _ => 31 + self.rng.below(4 * 365) as i64,   // comfortably valid
        };
        Some(add_days(self.today, days))
    }

    fn household(&mut self, id: u32, county: usize, serial: u32) {
        let County { division, name: county_name, streets } = &COUNTIES[county];
        let Trade { code: trade_code, shop_suffixes: suffixes, permits } = self.rng.pick(&TRADES);
        let operator = format!("{}{}", self.rng.pick(&SURNAMES), self.rng.pick(&GIVEN));
        let head = if self.rng.chance(50) {
            // 小李早餐店: 小 + surname, as shops are commonly named after their owner.
            format!("小{}", operator.chars().next().expect("names are non-empty"))
        } else {
            (*self.rng.pick(&SHOP_HEADS)).to_string()
        };
        let name = format!("{}{}{}", county_name.trim_end_matches(['区', '县', '市']), head, self.rng.pick(suffixes));
        let (town, road) = *self.rng.pick(streets);
        let address = format!("浙江省温州市{county_name}{town}{road}{}号", 1 + self.rng.below(399));
        // Shops in one building share its standard address.
        let address_id = match self.addresses.get(&address) {
            Some(&id) => id,
            None => {
                let id = self.addresses.len() as u32 + 1;
                self.addresses.insert(address.clone(), id);
                self.statement(
                    "standard_addresses",
                    "id, county_code, street, full_text",
                    &[id.to_string(), sql_text(division), sql_text(road), sql_text(&address)],
                );
                id
            }
        };

        let status = match self.rng.below(100) {
            0..=84 => HouseholdStatus::Active,
            85..=94 => HouseholdStatus::Suspended,
            _ => HouseholdStatus::Deregistered,
        };
        let credit = match self.rng.below(100) {
            0..=74 => CreditLevel::A,
            75..=92 => CreditLevel::B,
            93..=97 => CreditLevel::C,
            _ => CreditLevel::D,
        };
        let established = add_days(self.today, -30 - self.rng.below(12 * 365) as i64);
        let uscc = uscc::generate_individual(division, serial).expect("divisions are six digits");
        let (phone, id_number) = self.operator_identity(id, division);
        let [phone_hash, phone_sealed] = self.protected(Field::Phone, &phone);
        let [id_hash, id_sealed] = self.protected(Field::IdNumber, &id_number);
        self.operators.push(DemoOperator {
            household_id: id,
            uscc: uscc.clone(),
            name: operator.clone(),
            phone,
            id_number,
        });
        self.statement(
            "households",
            "id, uscc, name, operator_name, county_code, trade_code, address_id, status, established_on, credit_level, updated_at, \
             operator_phone_hash, operator_phone_sealed, operator_id_hash, operator_id_sealed",
            &[
                id.to_string(),
                sql_text(&uscc),
                sql_text(&name),
                sql_text(&operator),
                sql_text(division),
                sql_text(trade_code),
                address_id.to_string(),
                sql_text(status.as_str()),
                sql_date(Some(established)),
                sql_text(credit.as_str()),
                sql_date(Some(self.today)),
                phone_hash,
                phone_sealed,
                id_hash,
                id_sealed,
            ],
        );

        let mut kinds = vec![LicenceKind::BusinessLicence];
        kinds.extend_from_slice(permits);
        for kind in kinds {
            let number = match kind {
                LicenceKind::BusinessLicence => uscc.clone(),
                LicenceKind::FoodBusiness => {
                    format!("JY2{division}{:07}", self.rng.below(10_000_000))
                }
                LicenceKind::PrepackagedFoodFiling => {
                    format!("YB1{division}{:07}", self.rng.below(10_000_000))
                }
                LicenceKind::TobaccoRetail => format!("{division}{:06}", self.rng.below(1_000_000)),
                LicenceKind::PublicHygiene => {
                    format!("浙卫公证字[{}]第{division}{:04}号", established.year(), self.rng.below(10_000))
                }
                LicenceKind::PharmaceuticalRetail => {
                    format!("浙CB577{:04}", self.rng.below(10_000))
                }
            };
            let valid_until = self.licence_expiry(kind);
            let licence_id = self.next_licence_id;
            self.next_licence_id += 1;
            self.statement(
                "licences",
                "id, household_id, kind, number, issued_on, valid_until",
                &[
                    licence_id.to_string(),
                    id.to_string(),
                    sql_text(kind.as_str()),
                    sql_text(&number),
                    sql_date(Some(established)),
                    sql_date(valid_until),
                ],
            );
        }

        if status == HouseholdStatus::Active {
            for &badge in Badge::ALL {
                let percent = if badge == Badge::TrustedConsumption { 15 } else { 4 };
                if self.rng.chance(percent) {
                    let awarded = add_days(self.today, -(self.rng.below(700) as i64));
                    self.statement(
                        "badges",
                        "household_id, badge, awarded_on",
                        &[id.to_string(), sql_text(badge.as_str()), sql_date(Some(awarded.max(established)))],
                    );
                }
            }
            if self.rng.chance(75) {
                let provider = *self.rng.pick(PaymentProvider::ALL);
                let url = match provider {
                    PaymentProvider::Wechat => format!(
                        "wxp://f2f0{}",
                        self.rng.token(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 40)
                    ),
                    PaymentProvider::Alipay => format!(
                        "https://qr.alipay.com/fkx{}",
                        self.rng.token(b"abcdefghijklmnopqrstuvwxyz0123456789", 20)
                    ),
                    PaymentProvider::UnionPay => {
                        format!("https://qr.95516.com/00010000/{}", self.rng.token(b"0123456789", 20))
                    }
                };
                self.statement(
                    "payment_bindings",
                    "household_id, provider, pay_url, bound_at",
                    &[id.to_string(), sql_text(provider.as_str()), sql_text(&url), sql_date(Some(self.today))],
                );
            }
        }

        let code_id = codes::id_from_random(self.rng.next());
        // A few codes were re-issued (old prints superseded); deregistered households' codes
        // are mostly revoked, and a few live ones were revoked for misuse or loss.
        let version = if self.rng.chance(4) { 2 } else { 1 };
        let revocation = match status {
            HouseholdStatus::Deregistered if self.rng.chance(70) => Some(RevocationReason::Deregistered),
            HouseholdStatus::Active if self.rng.chance(2) => {
                Some(*self.rng.pick(&[RevocationReason::Misuse, RevocationReason::Lost]))
            }
            _ => None,
        };
        let issued = sql_date(Some(established));
        let (revoked_at, reason) = match revocation {
            Some(reason) => {
                (sql_date(Some(add_days(self.today, -(self.rng.below(60) as i64)))), sql_text(reason.as_str()))
            }
            None => ("NULL".into(), "NULL".into()),
        };
        self.statement(
            "codes",
            "id, subject_kind, subject_id, version, issued_at, revoked_at, revoked_reason",
            &[
                sql_text(&code_id),
                sql_text("household"),
                id.to_string(),
                version.to_string(),
                issued,
                revoked_at,
                reason,
            ],
        );
    }

    fn markets_and_people(&mut self) {
        for (id, name, kind, county, address) in MARKETS {
            self.statement(
                "markets",
                "id, name, kind, county_code, address",
                &[id.to_string(), sql_text(name), sql_text(kind), sql_text(county), sql_text(address)],
            );
        }
        let today = sql_date(Some(self.today));
        for (index, account) in DEMO_ACCOUNTS.iter().enumerate() {
            let person = (index + 1).to_string();
            let name = match account.households.first() {
                Some(&household) => self.operators[household as usize - 1].name.clone(),
                None => account.name.to_string(),
            };
            let [phone_hash, phone_sealed] = self.protected(Field::Phone, account.phone);
            self.statement(
                "people",
                "id, name, phone_hash, phone_sealed, department_code, created_at",
                &[
                    person.clone(),
                    sql_text(&name),
                    phone_hash,
                    phone_sealed,
                    account.department.map_or_else(|| "NULL".into(), sql_text),
                    today.clone(),
                ],
            );
            for role in account.roles {
                self.statement(
                    "person_roles",
                    "person_id, role, granted_at",
                    &[person.clone(), sql_text(role.as_str()), today.clone()],
                );
            }
            for market in account.markets {
                self.statement("market_managers", "person_id, market_id", &[person.clone(), market.to_string()]);
            }
            for household in account.households {
                self.statement(
                    "household_owners",
                    "household_id, person_id, bound_at, bound_by",
                    &[household.to_string(), person.clone(), today.clone(), sql_text("seed")],
                );
            }
        }
    }
}

impl Generator<'_> {
    /// The markets' zones and stalls, and sessions for the next [`DEMO_SESSION_DAYS`] days.
    fn stalls(&mut self) {
        let mut stall = 0;
        for (index, zone) in demo_zones().iter().enumerate() {
            let id = (index + 1).to_string();
            let rules = &zone.rules;
            let waived: Vec<&str> = zone.waived.iter().map(|g| g.as_str()).collect();
            self.statement(
                "market_zones",
                "id, market_id, name, kind, mode, window_days, per_session, per_week, cancel_hours, no_show_limit, \
                 no_show_days, suspension_days, position, fee_waived_for, book_until_hours, check_in_grace_minutes, \
                 fee_payment",
                &[
                    id.clone(),
                    zone.market.to_string(),
                    sql_text(zone.name),
                    sql_text(zone.kind.as_str()),
                    sql_text(zone.mode.as_str()),
                    rules.window_days.to_string(),
                    rules.per_session.to_string(),
                    rules.per_week.to_string(),
                    rules.cancel_hours.to_string(),
                    rules.no_show_limit.to_string(),
                    rules.no_show_days.to_string(),
                    rules.suspension_days.to_string(),
                    id.clone(),
                    sql_text(&waived.join(" ")),
                    rules.book_until_hours.to_string(),
                    rules.check_in_grace_minutes.to_string(),
                    sql_text(rules.fee_payment.as_str()),
                ],
            );
            let (prefix, count, size, fee, amenities) = zone.stalls;
            for number in 1..=count {
                stall += 1;
                self.statement(
                    "stalls",
                    "id, zone_id, number, size_m2, fee_fen, amenities",
                    &[
                        stall.to_string(),
                        id.clone(),
                        sql_text(&stall_number(prefix, number)),
                        size.to_string(),
                        fee.to_string(),
                        sql_text(amenities),
                    ],
                );
            }
        }
        for day in 0..DEMO_SESSION_DAYS {
            let day = add_days(self.today, day);
            for (market, weekdays, starts, ends) in DEMO_SESSIONS {
                if weekdays.contains(&day.weekday().number_days_from_monday()) {
                    self.statement(
                        "market_sessions",
                        "market_id, day, starts, ends, week",
                        &[
                            market.to_string(),
                            sql_date(Some(day)),
                            sql_text(starts),
                            sql_text(ends),
                            sql_date(Some(week_of(day))),
                        ],
                    );
                }
            }
        }
    }

    /// Three lotteries of the night market's common-prosperity zone: two whose applications
    /// have closed, with twelve entries each, waiting for their manager to draw them (1 and 3);
    /// and one open for applications a week out (2). Their seeds come from the deployment's own PII key, so they are
    /// as secret as it is.
    fn lotteries(&mut self) {
        let sessions = |from: i64| {
            (from..DEMO_SESSION_DAYS)
                .map(|d| add_days(self.today, d))
                .find(|day| DEMO_SESSIONS[1].1.contains(&day.weekday().number_days_from_monday()))
                .expect("the night market opens within a week")
        };
        let closed = sessions(1);
        let (closed_too, open) = (sessions(days_between(self.today, closed) + 1), sessions(7));
        let closed_at = format!("{} 00:00", self.today);
        for (id, day, cutoff) in [
            (1, closed, closed_at.clone()),
            (2, open, format!("{} 20:00", add_days(open, -1))),
            (3, closed_too, closed_at),
        ] {
            let seed_hex =
                stalls::commitment(self.keys.fingerprint(Field::Phone, &format!("demo lottery {id}")).as_bytes());
            let seed = getima_domain::hex::decode(&seed_hex).expect("a hex digest");
            let session = format!(
                "(SELECT id FROM market_sessions WHERE market_id = {} AND day = {} AND starts = {})",
                DEMO_SESSIONS[1].0,
                sql_date(Some(day)),
                sql_text(DEMO_SESSIONS[1].2)
            );
            self.statement(
                "stall_lotteries",
                "id, market_id, zone_id, session_id, cutoff, priority_weight, commitment, seed, opened_by, opened_at",
                &[
                    id.to_string(),
                    DEMO_SESSIONS[1].0.to_string(),
                    DEMO_LOTTERY_ZONE.to_string(),
                    session,
                    sql_text(&cutoff),
                    "2".into(),
                    sql_text(&stalls::commitment(&seed)),
                    sql_text(&seed_hex),
                    format!("(SELECT person_id FROM market_managers WHERE market_id = {} LIMIT 1)", DEMO_SESSIONS[1].0),
                    sql_text(&format!("{} 08:00:00", add_days(self.today, -3))),
                ],
            );
        }
        // Twelve applicants for each closed one, every third of a target group.
        for lottery in [1, 3] {
            let _ = writeln!(
                self.sql,
                "INSERT INTO lottery_entries (lottery_id, person_id, idempotency_key, target_group, weight, applied_at) \
                 SELECT {lottery}, id, 'demo-lottery-{lottery}-entry-' || id, CASE WHEN id % 3 = 0 THEN 'low_income' END, \
                 CASE WHEN id % 3 = 0 THEN 2 ELSE 1 END, {} FROM people WHERE true ORDER BY id LIMIT 12 ON CONFLICT DO NOTHING;",
                sql_text(&format!("{} 09:00:00", add_days(self.today, -2)))
            );
        }
    }

    /// Producer declarations at the farmers' market: the vendor account's, approved a month ago
    /// (so it books own-produce stalls), and two of other people waiting for its manager.
    fn declarations(&mut self) {
        let vendor = DEMO_ACCOUNTS.iter().position(|a| a.roles.contains(&Role::Vendor)).expect("a vendor") + 1;
        let approved = add_days(self.today, -30);
        let valid_until = add_days(approved, i64::from(stalls::DECLARATION_VALID_DAYS));
        let manager = format!("(SELECT person_id FROM market_managers WHERE market_id = {} LIMIT 1)", MARKETS[0].0);
        let declared = sql_text(&format!("{} 10:00:00", add_days(approved, -2)));
        self.statement(
            "producer_declarations",
            "id, person_id, market_id, idempotency_key, produce, origin, status, declared_at, decided_by, decided_at, \
             valid_until",
            &[
                "1".into(),
                vendor.to_string(),
                MARKETS[0].0.to_string(),
                sql_text("demo-declaration-1"),
                sql_text("杨梅、瓯柑"),
                sql_text("瓯海区泽雅镇自家果园"),
                sql_text("approved"),
                declared,
                manager,
                sql_text(&format!("{approved} 15:00:00")),
                sql_date(Some(valid_until)),
            ],
        );
        let waiting = [("2", "番薯、青菜", "永嘉县岩头镇"), ("3", "手工麦饼", "鹿城区藤桥镇家庭作坊")];
        for (n, (id, produce, origin)) in waiting.into_iter().enumerate() {
            self.statement(
                "producer_declarations",
                "id, person_id, market_id, idempotency_key, produce, origin, status, declared_at",
                &[
                    id.into(),
                    format!("(SELECT id FROM people WHERE id <> {vendor} ORDER BY id LIMIT 1 OFFSET {n})"),
                    MARKETS[0].0.to_string(),
                    sql_text(&format!("demo-declaration-{id}")),
                    sql_text(produce),
                    sql_text(origin),
                    sql_text("pending"),
                    sql_text(&format!("{} 0{}:30:00", add_days(self.today, -1), 8 + n)),
                ],
            );
        }
    }

    /// Applications in every state, filed by the vendor account in Lucheng, with their tasks'
    /// clocks on the official 2026 calendar and their timelines.
    fn applications(&mut self) {
        let calendar = WorkCalendar::new(parse_csv(OFFICIAL_2026_CSV).expect("the official calendar"), [2026]);
        let applicant = DEMO_ACCOUNTS.iter().position(|a| a.roles.contains(&Role::Vendor)).expect("a vendor") + 1;
        let staff = DEMO_ACCOUNTS.iter().position(|a| a.department == Some("amr")).expect("amr staff") + 1;
        let (operator, division) = ("郑示例", COUNTIES[0].division);
        let (_, id_number) = self.operator_identity(999, division);
        // The operator's phone on an application is its applicant's own.
        let phone = DEMO_ACCOUNTS[applicant - 1].phone.to_string();
        let mut task_id = 1;
        for (n, demo) in DEMO_APPLICATIONS.iter().enumerate() {
            let id = (n + 1).to_string();
            let filed = add_days(self.today, -demo.days_ago);
            let at = sql_text(&format!("{filed} 09:30:00"));
            let [id_hash, id_sealed] = self.protected(Field::IdNumber, &id_number);
            let [phone_hash, phone_sealed] = self.protected(Field::Phone, &phone);
            self.statement(
                "applications",
                "id, applicant_id, bundle, idempotency_key, shop_name, county_code, trade_code, address_id, \
                 operator_name, id_number_hash, id_number_sealed, phone_hash, phone_sealed, submitted_at",
                &[
                    id.clone(),
                    applicant.to_string(),
                    sql_text(demo.bundle),
                    sql_text(&format!("demo-application-{n:04}")),
                    sql_text(demo.shop),
                    sql_text(division),
                    sql_text("food_retail"),
                    "1".into(),
                    sql_text(operator),
                    id_hash,
                    id_sealed,
                    phone_hash,
                    phone_sealed,
                    at.clone(),
                ],
            );
            self.event(&id, None, Some(applicant), "submitted", &[], &at);
            let withdrawn = demo.tasks.iter().all(|&(_, status)| status == TaskStatus::Closed);
            for &(kind, status) in demo.tasks {
                let &(_, department, limit) = DEMO_TASKS.iter().find(|(k, ..)| *k == kind).expect("a demo task kind");
                let clock = Clock::accept(limit, filed, &calendar);
                // Decided or returned half-way to the deadline.
                let decided = add_days(filed, demo.days_ago / 2);
                let (used, since, due) = match status {
                    TaskStatus::InReview => (0, clock.running_since, clock.due(&calendar)),
                    _ => (clock.pause(&calendar, decided).used_days, None, None),
                };
                let finished = matches!(status, TaskStatus::Approved | TaskStatus::Rejected);
                let late = clock.due(&calendar).is_some_and(|last| decided > last);
                // The amr reviewer decided what was decided, and took the restaurant's food licence.
                let taken = status == TaskStatus::InReview && kind == TaskKind::FoodBusinessLicence;
                let decided_by_staff =
                    matches!(status, TaskStatus::Approved | TaskStatus::Returned | TaskStatus::Rejected);
                let holder = (department == "amr" && (taken || decided_by_staff)).then_some(staff);
                let correct_by = (status == TaskStatus::Returned).then(|| correct_by(decided, &calendar));
                self.statement(
                    "application_tasks",
                    "id, application_id, kind, department, status, limit_days, used_days, running_since, due_on, \
                     decided_on, decided_late, assignee_id, correct_by",
                    &[
                        task_id.to_string(),
                        id.clone(),
                        sql_text(kind.as_str()),
                        sql_text(department),
                        sql_text(status.as_str()),
                        limit.to_string(),
                        used.to_string(),
                        sql_date(since),
                        sql_date(due),
                        sql_date(finished.then_some(decided)),
                        if finished { u8::from(late).to_string() } else { "NULL".into() },
                        holder.map_or("NULL".into(), |id| id.to_string()),
                        sql_date(correct_by),
                    ],
                );
                let decided_at = sql_text(&format!("{decided} 15:00:00"));
                let task = Some(task_id);
                match status {
                    TaskStatus::InReview if taken => self.event(&id, task, Some(staff), "claimed", &[], &at),
                    TaskStatus::InReview => {}
                    TaskStatus::Approved => self.event(&id, task, Some(staff), "approved", &[], &decided_at),
                    TaskStatus::Closed if withdrawn => {}
                    // Closed when the registration was refused, the same afternoon.
                    TaskStatus::Closed => self.event(&id, task, None, "closed", &[], &decided_at),
                    TaskStatus::Returned => {
                        self.event(
                            &id,
                            task,
                            Some(staff),
                            "returned",
                            &["补充租赁合同第2页", "身份证背面照片不清晰"],
                            &decided_at,
                        );
                        self.notice(applicant, &id, NoticeKind::Returned, &decided_at);
                    }
                    TaskStatus::Rejected => {
                        self.event(
                            &id,
                            task,
                            Some(staff),
                            "rejected",
                            &["经营场所为住宅，未取得利害关系业主同意"],
                            &decided_at,
                        );
                        self.notice(applicant, &id, NoticeKind::Rejected, &decided_at);
                        // A refused applicant rates the service low: the head has a rectification.
                        self.statement(
                            "application_ratings",
                            "application_id, score, tags, comment, rated_at",
                            &[
                                id.clone(),
                                "2".into(),
                                sql_text("round_trips,unclear"),
                                sql_text("材料要求没有一次讲清楚"),
                                decided_at.clone(),
                            ],
                        );
                        self.statement(
                            "rectifications",
                            "application_id, department, opened_at",
                            &[id.clone(), sql_text(department), decided_at.clone()],
                        );
                    }
                }
                task_id += 1;
            }
            if withdrawn {
                let at = sql_text(&format!("{} 11:00:00", add_days(filed, demo.days_ago / 2)));
                self.event(&id, None, Some(applicant), "withdrawn", &[], &at);
            }
        }
    }

    /// Appeals of the first owner's shop in every state, with their deadlines on the official
    /// 2026 calendar and their timelines; the amr reviewer answers those that were answered.
    fn appeals(&mut self) {
        let calendar = WorkCalendar::new(parse_csv(OFFICIAL_2026_CSV).expect("the official calendar"), [2026]);
        let owner_account = DEMO_ACCOUNTS.iter().position(|a| a.households.contains(&1)).expect("an owner") + 1;
        let staff = DEMO_ACCOUNTS.iter().position(|a| a.department == Some("amr")).expect("amr staff") + 1;
        let mut event = 0;
        for (n, demo) in DEMO_APPEALS.iter().enumerate() {
            let id = (n + 1).to_string();
            let filed = add_days(self.today, -demo.days_ago);
            let at = |day: Date, time: &str| sql_text(&format!("{day} {time}"));
            let (department, claim_days, reply_days) = match demo.category {
                AppealCategory::Tax => ("tax", 1, 5),
                AppealCategory::Utilities => ("power", 1, 3),
                AppealCategory::Legal => ("justice", 1, 7),
                _ => ("amr", 1, 5),
            };
            let taken = demo.status != AppealStatus::Submitted;
            let answered = matches!(demo.status, AppealStatus::Replied | AppealStatus::Closed);
            let replied_on = add_days(filed, 2);
            let closed = demo.status == AppealStatus::Closed;
            let claim_due = (!taken).then(|| calendar.add_working_days(filed, claim_days));
            let reply_due = (!answered).then(|| calendar.add_working_days(filed, reply_days));
            self.statement(
                "appeals",
                "id, household_id, owner_id, idempotency_key, category, department, assignee_id, status, text, \
                 submitted_at, claim_due, reply_due, first_reply_at, first_reply_late, replied_at, closed_at, score, \
                 legal_tier",
                &[
                    id.clone(),
                    "1".into(),
                    owner_account.to_string(),
                    sql_text(&format!("demo-appeal-{n:04}")),
                    sql_text(demo.category.as_str()),
                    sql_text(department),
                    if taken { staff.to_string() } else { "NULL".into() },
                    sql_text(demo.status.as_str()),
                    sql_text(demo.text),
                    at(filed, "10:00:00"),
                    sql_date(claim_due),
                    sql_date(reply_due),
                    if answered { at(replied_on, "16:00:00") } else { "NULL".into() },
                    // Answered two days after filing: within every category's reply deadline.
                    if answered { "0".into() } else { "NULL".into() },
                    if answered { at(replied_on, "16:00:00") } else { "NULL".into() },
                    if closed { at(add_days(replied_on, 1), "09:00:00") } else { "NULL".into() },
                    if closed { "5".into() } else { "NULL".into() },
                    demo.category.first_legal_tier().map_or_else(|| "NULL".into(), |tier| tier.to_string()),
                ],
            );
            let mut step = |generator: &mut Self,
                            actor: Option<usize>,
                            kind: &str,
                            dept: Option<&str>,
                            note: &str,
                            when: String| {
                event += 1;
                generator.statement(
                    "appeal_events",
                    "id, appeal_id, actor_id, event, department, note, at",
                    &[
                        event.to_string(),
                        id.clone(),
                        actor.map_or_else(|| "NULL".into(), |a| a.to_string()),
                        sql_text(kind),
                        dept.map_or_else(|| "NULL".into(), sql_text),
                        sql_text(note),
                        when,
                    ],
                );
            };
            step(self, Some(owner_account), "submitted", None, "", at(filed, "10:00:00"));
            if taken {
                step(self, Some(staff), "claimed", Some(department), "", at(filed, "14:00:00"));
            }
            if answered {
                step(self, Some(staff), "replied", Some(department), demo.reply, at(replied_on, "16:00:00"));
            }
            if closed {
                step(
                    self,
                    Some(owner_account),
                    "closed",
                    None,
                    "处理很及时，谢谢！",
                    at(add_days(replied_on, 1), "09:00:00"),
                );
            }
        }
    }

    /// An unread inbox entry for `person` about `application`.
    fn notice(&mut self, person: usize, application: &str, kind: NoticeKind, at: &str) {
        self.statement(
            "notices",
            "person_id, application_id, kind, created_at",
            &[person.to_string(), application.to_string(), sql_text(kind.as_str()), at.to_string()],
        );
    }

    /// A timeline entry with its own id (so reseeding adds none twice); `note` one line each;
    /// `actor` None: the system.
    fn event(
        &mut self,
        application: &str,
        task: Option<u32>,
        actor: Option<usize>,
        event: &str,
        note: &[&str],
        at: &str,
    ) {
        self.events += 1;
        let note = if note.is_empty() {
            "''".to_string()
        } else {
            note.iter().map(|line| sql_text(line)).collect::<Vec<_>>().join(" || char(10) || ")
        };
        self.statement(
            "application_events",
            "id, application_id, task_id, actor_id, event, note, at",
            &[
                self.events.to_string(),
                application.to_string(),
                task.map_or_else(|| "NULL".into(), |t| t.to_string()),
                actor.map_or_else(|| "NULL".into(), |a| a.to_string()),
                sql_text(event),
                note,
                at.to_string(),
            ],
        );
    }
}

/// The generated data: SQL to load, and the operators' full names, which public views must
/// never show (tests look for them).
pub struct DemoData {
    pub sql: String,
    pub operators: Vec<DemoOperator>,
}

/// Generates the demo data, with licence dates placed relative to `today` and personal data
/// protected under `keys`.
pub fn generate(today: Date, keys: &PiiKeys) -> DemoData {
    let mut generator = Generator {
        keys,
        rng: Rng(0x6765_7469_6D61), // "getima"
        today,
        sql: String::new(),
        operators: Vec::new(),
        addresses: HashMap::new(),
        next_licence_id: 1,
        events: 0,
    };
    let mut id = 1;
    for county in 0..COUNTIES.len() {
        for serial in 0..HOUSEHOLDS_PER_COUNTY {
            // Serials spread out as real registrations are, not 0, 1, 2…
            generator.household(id, county, 1000 + serial * 37);
            id += 1;
        }
    }
    generator.markets_and_people();
    generator.stalls();
    generator.lotteries();
    generator.declarations();
    generator.applications();
    generator.appeals();
    DemoData { sql: generator.sql, operators: generator.operators }
}

#[cfg(test)]
mod tests {
    use super::*;
    use getima_domain::calendar::{days_between, parse_date};

    fn today() -> Date {
        date(2026, 11, 24).expect("a real date")
    }

    fn keys() -> PiiKeys {
        PiiKeys::from_hex(&"5a".repeat(64)).expect("64 bytes of hex")
    }

    fn generate(today: Date) -> DemoData {
        super::generate(today, &keys())
    }

    fn households(sql: &str) -> Vec<&str> {
        sql.lines().filter(|l| l.starts_with("INSERT INTO households ")).collect()
    }

    #[test]
    fn the_demo_task_limits_are_those_the_migration_seeds() {
        let migration = include_str!("../../migrations/0006_registration_bundles.sql");
        for (kind, department, limit) in DEMO_TASKS {
            let row = migration
                .lines()
                .find(|l| l.trim_start().starts_with(&format!("('{}', '{department}', ", kind.as_str())))
                .unwrap_or_else(|| panic!("{kind:?} of {department} in the migration"));
            assert!(row.trim_end().ends_with(&format!(", {limit},")), "{kind:?}: {row}");
        }
    }

    #[test]
    fn generation_is_deterministic() {
        assert_eq!(generate(today()).sql, generate(today()).sql);
    }

    #[test]
    fn every_statement_is_idempotent() {
        let data = generate(today());
        assert!(data.sql.lines().all(|l| l.starts_with("INSERT INTO ") && l.ends_with(" ON CONFLICT DO NOTHING;")));
    }

    #[test]
    fn three_hundred_sixty_households_in_all_twelve_divisions_with_valid_unique_codes() {
        let data = generate(today());
        let rows = households(&data.sql);
        assert_eq!(rows.len(), 360);
        assert_eq!(data.operators.len(), 360);
        for operator in &data.operators {
            assert_eq!(id_number::parse(&operator.id_number).as_deref(), Ok(operator.id_number.as_str()));
            assert!(getima_domain::accounts::parse_mobile(&operator.phone).is_ok(), "{}", operator.phone);
            assert!(
                !data.sql.contains(&operator.phone) && !data.sql.contains(&operator.id_number),
                "personal data in the clear"
            );
        }
        let mut codes = std::collections::HashSet::new();
        for county in &COUNTIES {
            let in_county = rows.iter().filter(|r| r.contains(&format!("'{}', ", county.division))).count();
            assert!(in_county >= 30, "{} has {in_county}", county.name);
        }
        for row in rows {
            let code = row.split('\'').nth(1).expect("the credit code is the first text value");
            assert_eq!(uscc::parse(code).as_deref(), Ok(code));
            assert!(codes.insert(code.to_string()), "duplicate {code}");
        }
    }

    #[test]
    fn the_demo_shows_every_state() {
        let sql = generate(today()).sql;
        for needle in ["'suspended'", "'deregistered'", "'misuse'", "'lost'", "'trusted_consumption'", "'famous'"] {
            assert!(sql.contains(needle), "no {needle} in the demo data");
        }
        let soon = |l: &&str| {
            l.starts_with("INSERT INTO licences ") && {
                let until = l.rsplit(", ").next().unwrap_or("").trim_start_matches('\'');
                parse_date(&until[..10.min(until.len())])
                    .is_some_and(|d| d >= today() && days_between(today(), d) <= 30)
            }
        };
        assert!(sql.lines().filter(soon).count() >= 5, "some licences expire within 30 days");
        assert!(
            sql.lines().any(|l| l.starts_with("INSERT INTO codes ") && l.contains(", 2, ")),
            "some codes were re-issued"
        );
    }

    #[test]
    fn sealed_operator_data_opens_with_the_key() {
        let data = generate(today());
        let row = households(&data.sql)[0];
        let sealed: Vec<&str> = row.split('\'').skip(1).step_by(2).collect();
        let phone = keys().open(Field::Phone, sealed[sealed.len() - 3]).expect("opens");
        assert_eq!(phone, data.operators[0].phone);
        assert_eq!(phone, "13800000001");
    }

    #[test]
    fn the_claim_documented_in_the_readme_matches_the_data() {
        let third = &generate(today()).operators[2];
        assert_eq!(
            (third.uscc.as_str(), third.phone.as_str(), third.id_number.as_str()),
            ("92330302MA00013L0D", "13800000003", "330302198001010035")
        );
        let readme = include_str!("../../README.md");
        assert!(readme.contains(&third.uscc) && readme.contains(&third.id_number) && readme.contains(&third.phone));
    }

    #[test]
    fn quotes_in_text_are_escaped() {
        assert_eq!(sql_text("Rui'an"), "'Rui''an'");
    }
}
