-- The people registries. A person is a pseudonymous id with personal fields that can be erased on
-- request; registries and later ledgers refer to the id only.

CREATE TABLE persons (
    id            TEXT PRIMARY KEY,
    region_code   TEXT NOT NULL REFERENCES regions (code),
    name          TEXT NOT NULL,
    -- Pinyin initials of the name, for search (张三 → zs).
    name_initials TEXT NOT NULL,
    id_kind       TEXT,
    -- Sealed (AES-256-GCM); the index is a keyed hash of kind:number for exact lookup.
    id_number     TEXT,
    id_index      TEXT,
    phone         TEXT,
    phone_index   TEXT,
    address       TEXT,
    gender        TEXT,
    birth_date    TEXT,
    erased_at     BIGINT,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX persons_region ON persons (region_code, name_initials);
CREATE UNIQUE INDEX persons_id_index_key ON persons (id_index);
CREATE INDEX persons_phone_index ON persons (phone_index);

-- The managed list of volunteer skills.
CREATE TABLE skills (
    name     TEXT PRIMARY KEY,
    position BIGINT NOT NULL,
    active   BIGINT NOT NULL
);
INSERT INTO skills (name, position, active) VALUES
    ('陪伴探访', 1, 1), ('助餐送餐', 2, 1), ('心理疏导', 3, 1), ('法律咨询', 4, 1), ('医疗护理', 5, 1),
    ('康复训练', 6, 1), ('课业辅导', 7, 1), ('文体活动', 8, 1), ('家电维修', 9, 1), ('信息技术', 10, 1),
    ('应急救援', 11, 1), ('外语翻译', 12, 1), ('驾驶接送', 13, 1), ('摄影宣传', 14, 1);

CREATE TABLE volunteers (
    id           TEXT PRIMARY KEY,
    person_id    TEXT NOT NULL REFERENCES persons (id),
    region_code  TEXT NOT NULL REFERENCES regions (code),
    volunteer_no TEXT NOT NULL,
    -- JSON arrays: skill names, and weekly windows {weekday, start, end}.
    skills       TEXT NOT NULL,
    availability TEXT NOT NULL,
    status       TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE UNIQUE INDEX volunteers_no_key ON volunteers (volunteer_no);
CREATE UNIQUE INDEX volunteers_person_key ON volunteers (person_id);
CREATE INDEX volunteers_region ON volunteers (region_code);
