-- The due list counts, per case, the open measures and the service members not confirmed for a while.
-- With the case first and the confirmation date beside it, both counts read one index in case order,
-- without visiting the rows themselves.

CREATE INDEX measures_open_case_confirmed ON measures(case_id, last_confirmed)
    WHERE status IN ('planned', 'active');
CREATE INDEX members_service_case_confirmed ON members(case_id, last_confirmed)
    WHERE active = 1 AND kind = 'service';
