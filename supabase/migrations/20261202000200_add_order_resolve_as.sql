-- IDEM-11: an operator's answer for an order left ambiguous: the broker order number it is, or
-- 'not_placed' when the broker never got it. core carries it out at its next look at the broker.
alter table orders add column resolve_as text check (resolve_as is null or length(resolve_as) between 1 and 64);
