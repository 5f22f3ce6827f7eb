-- Registration and licensing 准入准营 as data an admin can edit: each task kind's department
-- and statutory time limit (限时办结, in working days, with the law that sets it), the
-- "一类事" bundles that fan one submission out to several departments, and everything an
-- applicant must bring (一次性告知). Kinds are the wire values of
-- getima_domain::registration::TaskKind.

INSERT INTO departments (code, name_zh, name_en) VALUES
  ('health', '卫生健康局', 'Health Bureau');

CREATE TABLE registration_task_kinds (
  kind       TEXT PRIMARY KEY CHECK (kind IN ('establishment', 'change', 'suspension', 'resumption',
               'deregistration', 'conversion', 'food_business_licence', 'prepackaged_food_filing',
               'outdoor_signboard', 'utility_connection', 'public_hygiene_licence')),
  department TEXT NOT NULL REFERENCES departments (code),
  name_zh    TEXT NOT NULL,
  name_en    TEXT NOT NULL,
  -- 0: on the spot, the day the application is accepted.
  limit_days INTEGER NOT NULL CHECK (limit_days BETWEEN 0 AND 60),
  source_zh  TEXT NOT NULL,
  source_en  TEXT NOT NULL
);

INSERT INTO registration_task_kinds VALUES
  ('establishment', 'amr', '个体工商户设立登记', 'Registering a new household', 3,
   '《市场主体登记管理条例》第十九条：申请材料齐全、符合法定形式的当场登记；不能当场登记的，3个工作日内予以登记',
   'Regulations on the Registration of Market Entities, art. 19: registered on the spot when the application is complete, otherwise within 3 working days'),
  ('change', 'amr', '变更登记', 'Registering a change', 3,
   '《市场主体登记管理条例》第十九条：当场登记，不能当场登记的3个工作日内予以登记',
   'Regulations on the Registration of Market Entities, art. 19: on the spot, otherwise within 3 working days'),
  ('suspension', 'amr', '歇业备案', 'Filing a suspension', 3,
   '《市场主体登记管理条例》第十九条、第三十条：歇业累计不超过3年',
   'Regulations on the Registration of Market Entities, arts. 19 and 30: a suspension lasts at most 3 years'),
  ('resumption', 'amr', '恢复营业', 'Resuming trading', 3,
   '《市场主体登记管理条例》第十九条：当场登记，不能当场登记的3个工作日内予以登记',
   'Regulations on the Registration of Market Entities, art. 19: on the spot, otherwise within 3 working days'),
  ('deregistration', 'amr', '注销登记', 'Deregistering', 3,
   '《市场主体登记管理条例》第十九条：当场登记，不能当场登记的3个工作日内予以登记',
   'Regulations on the Registration of Market Entities, art. 19: on the spot, otherwise within 3 working days'),
  ('conversion', 'amr', '个体工商户转型为企业（个转企）', 'Converting into a company', 3,
   '《市场主体登记管理条例》第十九条：当场登记，不能当场登记的3个工作日内予以登记',
   'Regulations on the Registration of Market Entities, art. 19: on the spot, otherwise within 3 working days'),
  ('food_business_licence', 'amr', '食品经营许可', 'Food business licence', 10,
   '《食品经营许可和备案管理办法》：自受理申请之日起10个工作日内作出是否准予许可的决定',
   'Measures for Food Business Licensing and Filing: a decision within 10 working days of acceptance'),
  ('prepackaged_food_filing', 'amr', '仅销售预包装食品备案', 'Filing to sell pre-packaged food only', 0,
   '《食品经营许可和备案管理办法》：仅销售预包装食品的实行备案，材料齐全的当场备案',
   'Measures for Food Business Licensing and Filing: selling only pre-packaged food is filed, on the spot when complete'),
  ('outdoor_signboard', 'enforcement', '户外招牌设置', 'Outdoor signboard', 20,
   '《行政许可法》第四十二条、第八十二条：自受理之日起20个工作日内作出决定',
   'Administrative Licensing Law, arts. 42 and 82: a decision within 20 working days of acceptance'),
  ('utility_connection', 'power', '水电气网联合报装', 'Water, power, gas and internet connection', 5,
   '公开承诺时限（《优化营商环境条例》第三十四条：公用企事业单位应当公开办理时限）',
   'The published service commitment (Regulations on Optimising the Business Environment, art. 34: utilities publish their time limits)'),
  ('public_hygiene_licence', 'health', '公共场所卫生许可（告知承诺）', 'Public hygiene licence (by commitment)', 20,
   '《行政许可法》第四十二条、第八十二条：自受理之日起20个工作日内作出决定',
   'Administrative Licensing Law, arts. 42 and 82: a decision within 20 working days of acceptance');

CREATE TABLE registration_materials (
  code    TEXT PRIMARY KEY,
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  -- 1: handed in as a photo; 0: filled in on the form.
  photo   INTEGER NOT NULL CHECK (photo IN (0, 1))
);

INSERT INTO registration_materials VALUES
  ('id_card', '经营者身份证（正反面）', 'The operator''s ID card, both sides', 1),
  ('application_form', '登记申请书（在线填写）', 'The application form, filled in online', 0),
  ('premises_proof', '经营场所使用证明（房产证或租赁合同）', 'Proof of the right to use the premises (deed or lease)', 1),
  ('business_licence', '营业执照正本、副本', 'The business licence, original and duplicate', 1),
  ('service_address', '歇业期间的法律文书送达地址', 'An address for legal documents while suspended', 0),
  ('tax_clearance', '清税证明', 'Tax clearance certificate', 1),
  ('articles_of_association', '公司章程', 'Articles of association', 1),
  ('carry_over_list', '带入企业的商标、专利和荣誉清单', 'Trademarks, patents and honours carried into the company', 0),
  ('food_safety_rules', '食品安全管理制度', 'Food safety management rules', 1),
  ('floor_plan', '经营场所平面布局图及设备布局、操作流程', 'Floor plan with equipment layout and process flow', 1),
  ('food_safety_manager', '食品安全管理人员信息', 'The food safety manager''s details', 0),
  ('health_certificates', '从业人员健康证明', 'Staff health certificates', 1),
  ('signboard_design', '招牌设计图（尺寸、材质、位置）', 'Signboard design: size, material, position', 1),
  ('shopfront_photo', '门头现状照片', 'A photo of the shopfront as it is', 1),
  ('utility_accounts', '已有的用水、用电、用气户号', 'Existing water, power and gas account numbers', 0),
  ('hygiene_commitment', '公共场所卫生许可告知承诺书', 'Public hygiene commitment letter', 1),
  ('hygiene_rules', '卫生管理制度及消毒设施说明', 'Hygiene rules and disinfection equipment', 1);

CREATE TABLE registration_task_materials (
  kind     TEXT NOT NULL REFERENCES registration_task_kinds (kind),
  material TEXT NOT NULL REFERENCES registration_materials (code),
  position INTEGER NOT NULL,
  PRIMARY KEY (kind, material)
);

INSERT INTO registration_task_materials VALUES
  ('establishment', 'id_card', 1), ('establishment', 'application_form', 2), ('establishment', 'premises_proof', 3),
  ('change', 'id_card', 1), ('change', 'application_form', 2), ('change', 'business_licence', 3),
  ('suspension', 'id_card', 1), ('suspension', 'business_licence', 2), ('suspension', 'service_address', 3),
  ('resumption', 'id_card', 1), ('resumption', 'business_licence', 2),
  ('deregistration', 'id_card', 1), ('deregistration', 'business_licence', 2), ('deregistration', 'tax_clearance', 3),
  ('conversion', 'id_card', 1), ('conversion', 'business_licence', 2), ('conversion', 'articles_of_association', 3),
  ('conversion', 'premises_proof', 4), ('conversion', 'carry_over_list', 5),
  ('food_business_licence', 'id_card', 1), ('food_business_licence', 'premises_proof', 2),
  ('food_business_licence', 'food_safety_rules', 3), ('food_business_licence', 'floor_plan', 4),
  ('food_business_licence', 'food_safety_manager', 5), ('food_business_licence', 'health_certificates', 6),
  ('prepackaged_food_filing', 'id_card', 1), ('prepackaged_food_filing', 'premises_proof', 2),
  ('outdoor_signboard', 'signboard_design', 1), ('outdoor_signboard', 'shopfront_photo', 2),
  ('outdoor_signboard', 'premises_proof', 3),
  ('utility_connection', 'id_card', 1), ('utility_connection', 'premises_proof', 2),
  ('utility_connection', 'utility_accounts', 3),
  ('public_hygiene_licence', 'id_card', 1), ('public_hygiene_licence', 'premises_proof', 2),
  ('public_hygiene_licence', 'hygiene_commitment', 3), ('public_hygiene_licence', 'hygiene_rules', 4),
  ('public_hygiene_licence', 'health_certificates', 5);

-- Conditions the applicant must meet, said before anything is filled in.
CREATE TABLE registration_task_conditions (
  kind     TEXT NOT NULL REFERENCES registration_task_kinds (kind),
  position INTEGER NOT NULL,
  text_zh  TEXT NOT NULL,
  text_en  TEXT NOT NULL,
  PRIMARY KEY (kind, position)
);

INSERT INTO registration_task_conditions VALUES
  ('establishment', 1, '经营者是年满18周岁、具有完全民事行为能力的自然人', 'The operator is an adult (18 or over) with full civil capacity'),
  ('establishment', 2, '经营场所在标准地址库中；住宅用作经营场所的，须经有利害关系的业主同意', 'The premises are in the standard address library; a home used for business needs the consent of the neighbours concerned'),
  ('change', 1, '变更经营场所的，新场所同样须在标准地址库中', 'A new address must also be in the standard address library'),
  ('suspension', 1, '歇业累计不超过3年，期间不得开展经营活动', 'A suspension lasts at most 3 years in all, with no trading meanwhile'),
  ('resumption', 1, '在歇业期限内随时可以恢复营业', 'Trading may resume at any time within the suspension'),
  ('deregistration', 1, '税款、社保费已结清，没有未了结的债务', 'Taxes and social insurance paid, and no debts outstanding'),
  ('conversion', 1, '企业保留原字号和行业表述，原有许可按规定变更', 'The company keeps the household''s 字号 and trade; its permits are changed over'),
  ('food_business_licence', 1, '场所与有毒、有害场所以及其他污染源保持规定的距离', 'The premises are kept the required distance from toxic, harmful and polluting sites'),
  ('food_business_licence', 2, '有与所售食品相适应的加工、贮存、消毒和冷藏设施', 'Preparation, storage, disinfection and cold storage suited to the food sold'),
  ('prepackaged_food_filing', 1, '只销售预包装食品，不现场制作、分装', 'Only pre-packaged food is sold; nothing is made or repacked on site'),
  ('outdoor_signboard', 1, '一店一招，不遮挡窗户、消防通道和其他建筑设施', 'One sign per shop, covering no window, fire exit or other fixture'),
  ('utility_connection', 1, '经营场所已具备接入条件', 'The premises are ready to be connected'),
  ('public_hygiene_licence', 1, '有与经营规模相适应的消毒、通风和卫生设施', 'Disinfection, ventilation and washing suited to the size of the business');

-- "一类事": one submission, a task for each of its kinds.
CREATE TABLE registration_bundles (
  slug       TEXT PRIMARY KEY CHECK (length(slug) BETWEEN 1 AND 40 AND slug NOT GLOB '*[^a-z-]*'),
  position   INTEGER NOT NULL,
  name_zh    TEXT NOT NULL,
  name_en    TEXT NOT NULL,
  summary_zh TEXT NOT NULL,
  summary_en TEXT NOT NULL
);

INSERT INTO registration_bundles VALUES
  ('open-restaurant', 1, '开餐馆', 'Open a restaurant',
   '一次申请：设立登记、食品经营许可、户外招牌、水电气网报装', 'One application: registration, food business licence, signboard and utilities'),
  ('open-food-shop', 2, '开食品店', 'Open a food shop',
   '一次申请：设立登记、仅销售预包装食品备案', 'One application: registration and the pre-packaged food filing'),
  ('open-barbershop', 3, '开理发店', 'Open a barbershop',
   '一次申请：设立登记、公共场所卫生许可', 'One application: registration and the public hygiene licence'),
  ('convert-to-company', 4, '个转企', 'Become a company',
   '个体工商户转为企业，保留字号，带入商标、专利和荣誉', 'The household becomes a company, keeping its 字号, trademarks, patents and honours'),
  ('change', 5, '变更登记', 'Change the registration', '经营者、经营场所、经营范围或名称变更', 'A new operator, address, scope or name'),
  ('suspend', 6, '歇业', 'Suspend trading', '暂停经营，最长3年，保留主体资格', 'Pause trading for up to 3 years and keep the registration'),
  ('resume', 7, '恢复营业', 'Resume trading', '歇业期间恢复经营', 'Trade again after a suspension'),
  ('deregister', 8, '注销', 'Close the business', '停止经营并注销登记', 'Stop trading and deregister');

CREATE TABLE registration_bundle_tasks (
  bundle TEXT NOT NULL REFERENCES registration_bundles (slug),
  kind   TEXT NOT NULL REFERENCES registration_task_kinds (kind),
  PRIMARY KEY (bundle, kind)
);

INSERT INTO registration_bundle_tasks VALUES
  ('open-restaurant', 'establishment'), ('open-restaurant', 'food_business_licence'),
  ('open-restaurant', 'outdoor_signboard'), ('open-restaurant', 'utility_connection'),
  ('open-food-shop', 'establishment'), ('open-food-shop', 'prepackaged_food_filing'),
  ('open-barbershop', 'establishment'), ('open-barbershop', 'public_hygiene_licence'),
  ('convert-to-company', 'conversion'),
  ('change', 'change'), ('suspend', 'suspension'), ('resume', 'resumption'), ('deregister', 'deregistration');
