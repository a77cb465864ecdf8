-- IDEM-11: a broker without client order ids (KIS, Kiwoom) can show more than one order that an
-- order whose placement answer was lost could be. Only a person can tell which: the order stays
-- `unknown`, is never sent again, and is looked at on the slow reconciliation poll, not every 5 s.
alter table orders add column ambiguous_at timestamptz;
