-- Batches of the mirror look members up with "corp_id = ? AND user_id IN (...)". H2 uses an index
-- for an IN list only when the listed column leads the index; behind corp_id in the primary key it
-- scanned every row of the corp per batch (a 50,000-member reconcile took minutes). PostgreSQL
-- uses either index.
CREATE INDEX directory_member_by_user ON directory_member (user_id, corp_id);
CREATE INDEX directory_membership_by_user ON directory_membership (user_id, corp_id);
