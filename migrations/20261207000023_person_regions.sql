-- A person belongs to the region that entered them: the same ID number may be on record once per
-- region, never shared across regions (see docs/ARCHITECTURE.md, "People registries").
DROP INDEX persons_id_index_key;
CREATE UNIQUE INDEX persons_region_id_key ON persons (region_code, id_index);
CREATE INDEX persons_id_index ON persons (id_index);
