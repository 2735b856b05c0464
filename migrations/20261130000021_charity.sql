-- Gifts in kind, appeals, gifts for one need, micro-wishes (微心愿) and the social workers'
-- care fund (社会工作者关爱基金).

-- A care fund pays relief to social workers; a special fund grants to needs. The care fund's
-- eligibility rules are its own: a licence, working in the fund's region, one grant per event,
-- and a most per application (fen; none when NULL).
ALTER TABLE funds ADD COLUMN kind TEXT NOT NULL DEFAULT 'special';
ALTER TABLE funds ADD COLUMN needs_licence BIGINT NOT NULL DEFAULT 0;
ALTER TABLE funds ADD COLUMN needs_region BIGINT NOT NULL DEFAULT 0;
ALTER TABLE funds ADD COLUMN one_per_event BIGINT NOT NULL DEFAULT 1;
ALTER TABLE funds ADD COLUMN relief_cap BIGINT;

-- A fundraising appeal (募捐项目) of a fund: a name, a goal and a period; donations may name it.
CREATE TABLE appeals (
    id          TEXT PRIMARY KEY,
    fund_id     TEXT NOT NULL REFERENCES funds (id),
    region_code TEXT NOT NULL REFERENCES regions (code),
    name        TEXT NOT NULL,
    goal        BIGINT NOT NULL,
    starts_on   TEXT NOT NULL,
    ends_on     TEXT NOT NULL,
    created_by  TEXT REFERENCES accounts (id),
    created_at  BIGINT NOT NULL
);
CREATE INDEX appeals_fund ON appeals (fund_id);
CREATE INDEX appeals_region ON appeals (region_code, fund_id);

-- Goods (物资) come in at their stated value to the fund's goods account, apart from its money,
-- and draw no matching. A gift may name an appeal, or a need: then it is passed on to the need
-- as a paid grant in the same transaction.
ALTER TABLE donations ADD COLUMN kind TEXT NOT NULL DEFAULT 'money';
ALTER TABLE donations ADD COLUMN goods TEXT;
ALTER TABLE donations ADD COLUMN appeal_id TEXT REFERENCES appeals (id);
ALTER TABLE donations ADD COLUMN need_id TEXT REFERENCES needs (id);
CREATE INDEX donations_appeal ON donations (appeal_id);

-- A grant of money or of goods the fund holds; a directed gift's grant says so. A grant (or relief)
-- whose payment is reversed becomes 'reversed'.
ALTER TABLE grants ADD COLUMN kind TEXT NOT NULL DEFAULT 'money';
ALTER TABLE grants ADD COLUMN directed BIGINT NOT NULL DEFAULT 0;

-- A micro-wish: a need published for donors without anyone's name or address — only its
-- community and what is wished. A donor takes it up (name and an encrypted phone, never shown
-- in full), the social worker records its fulfilment.
CREATE TABLE wishes (
    id              TEXT PRIMARY KEY,
    need_id         TEXT NOT NULL UNIQUE REFERENCES needs (id),
    region_code     TEXT NOT NULL REFERENCES regions (code),
    wish            TEXT NOT NULL,
    -- What it is worth, in fen, as the social worker judges it.
    value           BIGINT NOT NULL,
    -- open | taken | fulfilled | withdrawn
    status          TEXT NOT NULL,
    taker_name      TEXT,
    taker_phone     TEXT,
    taker_phone_index TEXT,
    taken_at        BIGINT,
    fulfilled_at    BIGINT,
    fulfilled_by    TEXT REFERENCES accounts (id),
    fulfil_note     TEXT,
    published_by    TEXT REFERENCES accounts (id),
    published_at    BIGINT NOT NULL
);
CREATE INDEX wishes_region ON wishes (region_code, status);

-- Relief from a care fund: asked for by the worker or their employer, approved by two different
-- keepers of the fund (never the applicant), paid on the second approval in the same transaction.
-- `event_key` is set while the application stands when the fund allows one grant per event.
CREATE TABLE relief_applications (
    id           TEXT PRIMARY KEY,
    fund_id      TEXT NOT NULL REFERENCES funds (id),
    region_code  TEXT NOT NULL REFERENCES regions (code),
    worker_id    TEXT NOT NULL REFERENCES social_workers (id),
    -- illness | accident | hardship
    reason       TEXT NOT NULL,
    event_on     TEXT NOT NULL,
    event        TEXT NOT NULL,
    amount       BIGINT NOT NULL,
    event_key    TEXT,
    -- submitted | approved | paid | declined | reversed
    status       TEXT NOT NULL,
    applied_by   TEXT NOT NULL REFERENCES accounts (id),
    applied_at   BIGINT NOT NULL,
    first_by     TEXT REFERENCES accounts (id),
    first_at     BIGINT,
    decided_by   TEXT REFERENCES accounts (id),
    decided_at   BIGINT,
    decision_note TEXT,
    txn_seq      BIGINT UNIQUE REFERENCES money_transactions (seq)
);
CREATE UNIQUE INDEX relief_applications_event ON relief_applications (fund_id, event_key);
CREATE INDEX relief_applications_region ON relief_applications (region_code, status);
CREATE INDEX relief_applications_worker ON relief_applications (worker_id);

CREATE TABLE relief_documents (
    id             TEXT PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES relief_applications (id),
    region_code    TEXT NOT NULL REFERENCES regions (code),
    name           TEXT NOT NULL,
    media_type     TEXT NOT NULL,
    bytes          BIGINT NOT NULL,
    content        TEXT NOT NULL,
    created_at     BIGINT NOT NULL
);
CREATE INDEX relief_documents_application ON relief_documents (application_id);
CREATE INDEX relief_documents_region ON relief_documents (region_code);

-- Every fund keeps gifts in kind apart from its money.
INSERT INTO ledger_accounts (id, region_code, fund_id, kind, name, may_go_negative, balance, created_at)
SELECT f.id || ':goods', f.region_code, f.id, 'goods', '物资', 0, 0, f.created_at FROM funds f;
