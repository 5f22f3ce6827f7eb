-- Households 个体工商户, their public record, and their business codes.
-- Enumerated columns hold the wire values of getima_domain::households.

CREATE TABLE counties (
  code    TEXT PRIMARY KEY CHECK (length(code) = 6),
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  kind    TEXT NOT NULL CHECK (kind IN ('district', 'county', 'county-level city'))
);

CREATE TABLE trades (
  code    TEXT PRIMARY KEY,
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL
);

-- 标准地址库: registered business premises are picked from here.
CREATE TABLE standard_addresses (
  id          INTEGER PRIMARY KEY,
  county_code TEXT NOT NULL REFERENCES counties (code),
  street      TEXT NOT NULL,
  full_text   TEXT NOT NULL UNIQUE
);
CREATE INDEX standard_addresses_by_county ON standard_addresses (county_code);

CREATE TABLE households (
  id             INTEGER PRIMARY KEY,
  uscc           TEXT NOT NULL UNIQUE CHECK (length(uscc) = 18 AND substr(uscc, 1, 2) = '92'),
  name           TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
  operator_name  TEXT NOT NULL,
  county_code    TEXT NOT NULL REFERENCES counties (code),
  trade_code     TEXT NOT NULL REFERENCES trades (code),
  address_id     INTEGER NOT NULL REFERENCES standard_addresses (id),
  status         TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'deregistered')),
  established_on TEXT NOT NULL,
  credit_level   TEXT NOT NULL CHECK (credit_level IN ('A', 'B', 'C', 'D')),
  updated_at     TEXT NOT NULL
);
CREATE INDEX households_by_county ON households (county_code, status);

CREATE TABLE licences (
  id           INTEGER PRIMARY KEY,
  household_id INTEGER NOT NULL REFERENCES households (id),
  kind         TEXT NOT NULL CHECK (kind IN ('business_licence', 'food_business',
                 'prepackaged_food_filing', 'tobacco_retail', 'public_hygiene',
                 'pharmaceutical_retail')),
  number       TEXT NOT NULL,
  issued_on    TEXT NOT NULL,
  valid_until  TEXT, -- NULL: no expiry 长期
  UNIQUE (household_id, kind)
);
CREATE INDEX licences_by_expiry ON licences (valid_until);

CREATE TABLE badges (
  household_id INTEGER NOT NULL REFERENCES households (id),
  badge        TEXT NOT NULL CHECK (badge IN ('famous', 'special', 'quality', 'new',
                 'trusted_consumption')),
  awarded_on   TEXT NOT NULL,
  PRIMARY KEY (household_id, badge)
);

-- 企业码 + 收款码: the collection code a household bound from its payment platform.
CREATE TABLE payment_bindings (
  household_id INTEGER PRIMARY KEY REFERENCES households (id),
  provider     TEXT NOT NULL CHECK (provider IN ('wechat', 'alipay', 'unionpay')),
  pay_url      TEXT NOT NULL,
  bound_at     TEXT NOT NULL
);

-- Business, stall and market codes share one scheme (see getima_domain::codes).
CREATE TABLE codes (
  id             TEXT PRIMARY KEY CHECK (length(id) = 12),
  subject_kind   TEXT NOT NULL CHECK (subject_kind IN ('household', 'stall', 'market')),
  subject_id     INTEGER NOT NULL,
  version        INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
  issued_at      TEXT NOT NULL,
  revoked_at     TEXT,
  revoked_reason TEXT CHECK (revoked_reason IN ('deregistered', 'misuse', 'lost')),
  CHECK ((revoked_at IS NULL) = (revoked_reason IS NULL)),
  UNIQUE (subject_kind, subject_id)
);

INSERT INTO counties (code, name_zh, name_en, kind) VALUES
  ('330302', '鹿城区', 'Lucheng District', 'district'),
  ('330303', '龙湾区', 'Longwan District', 'district'),
  ('330304', '瓯海区', 'Ouhai District', 'district'),
  ('330305', '洞头区', 'Dongtou District', 'district'),
  ('330324', '永嘉县', 'Yongjia County', 'county'),
  ('330326', '平阳县', 'Pingyang County', 'county'),
  ('330327', '苍南县', 'Cangnan County', 'county'),
  ('330328', '文成县', 'Wencheng County', 'county'),
  ('330329', '泰顺县', 'Taishun County', 'county'),
  ('330381', '瑞安市', 'Rui''an City', 'county-level city'),
  ('330382', '乐清市', 'Yueqing City', 'county-level city'),
  ('330383', '龙港市', 'Longgang City', 'county-level city');

INSERT INTO trades (code, name_zh, name_en) VALUES
  ('catering', '餐饮服务', 'Restaurants and food service'),
  ('food_retail', '食品零售', 'Food retail'),
  ('grocery', '日用百货', 'General merchandise'),
  ('produce', '农副产品销售', 'Farm produce'),
  ('tobacco_convenience', '便利店（含烟草）', 'Convenience store (with tobacco)'),
  ('hair_beauty', '美容美发', 'Hair and beauty'),
  ('repair', '家电维修', 'Appliance repair'),
  ('clothing', '服装鞋帽', 'Clothing and shoes'),
  ('pharmacy', '零售药店', 'Retail pharmacy'),
  ('handicraft', '传统手工艺', 'Traditional crafts'),
  ('lodging', '民宿', 'Guesthouse'),
  ('eyewear', '眼镜店', 'Opticians');
