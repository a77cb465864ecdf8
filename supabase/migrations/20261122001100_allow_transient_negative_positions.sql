-- A position's quantity is the sum of its fills, applied in whatever order they arrive: a sell fill
-- reported before the buy fill it closes (reordered events, reconciliation) may take it below zero
-- for a moment. The broker never lets an account sell what it does not hold, so once every fill is
-- in, the sum is not negative again; clamping at zero instead would lose shares for good.
alter table public.positions drop constraint if exists positions_qty_shares_check;
