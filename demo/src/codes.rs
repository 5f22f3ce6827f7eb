//! Households across Wenzhou's 12 county-level divisions, with licences, badges, payment
//! bindings and business codes.

use crate::generator::{DemoOperator, Generator, sql_date, sql_text};
use getima_domain::calendar::{Date, add_days, date};
use getima_domain::codes;
use getima_domain::codes::households::{
    Badge, CreditLevel, HouseholdStatus, LicenceKind, PaymentProvider, RevocationReason,
};
use getima_domain::pii::Field;
use getima_domain::{id_number, uscc};

const HOUSEHOLDS_PER_COUNTY: u32 = 30;

pub(crate) struct County {
    pub(crate) division: &'static str,
    pub(crate) name: &'static str,
    /// (town or subdistrict, road).
    pub(crate) streets: [(&'static str, &'static str); 3],
}

pub(crate) const COUNTIES: [County; 12] = [
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

/// Households whose operators have fixed, documented phones: 1 and 2 are already bound to
/// their owners; the operator of 3 can sign in and claim it.
pub const FIXED_OPERATORS: u32 = 3;

impl Generator<'_> {
    /// [`HOUSEHOLDS_PER_COUNTY`] households in each county.
    pub(crate) fn households(&mut self) {
        let mut id = 1;
        for county in 0..COUNTIES.len() {
            for serial in 0..HOUSEHOLDS_PER_COUNTY {
                // Serials spread out as real registrations are, not 0, 1, 2…
                self.household(id, county, 1000 + serial * 37);
                id += 1;
            }
        }
    }

    pub(crate) fn operator_identity(&mut self, id: u32, division: &str) -> (String, String) {
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

    pub(crate) fn licence_expiry(&mut self, kind: LicenceKind) -> Option<Date> {
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

    pub(crate) fn household(&mut self, id: u32, county: usize, serial: u32) {
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
}
