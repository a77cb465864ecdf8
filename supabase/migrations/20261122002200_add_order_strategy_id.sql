-- Strategies (issue #5): an order a strategy placed names it. `source` (manual | strategy | external)
-- already exists; strategy_id says which strategy, and outlives its removal as "a strategy" only.

alter table public.orders
  add column strategy_id uuid null references public.strategies (id) on delete set null;

-- A strategy's order always says so; a removed strategy leaves source = 'strategy' with no id.
alter table public.orders
  add constraint orders_strategy_id_needs_source check (strategy_id is null or source = 'strategy');

create index orders_strategy_id_idx on public.orders (strategy_id) where strategy_id is not null;
