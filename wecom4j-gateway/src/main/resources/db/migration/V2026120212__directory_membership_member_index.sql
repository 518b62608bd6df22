-- The mirror reads a batch of members' memberships with "(corp_id, user_id) IN ((?, ?), ...)". H2
-- looks a row-value list up only in an index of exactly those columns (the primary key also has
-- department_id), and otherwise scans every membership of the corp per batch: minutes for a
-- 50,000-member reconcile. PostgreSQL uses either index.
CREATE INDEX directory_membership_member ON directory_membership (corp_id, user_id);
