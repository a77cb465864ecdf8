-- Whether a notification is delivered without sound: decided when it is created (the user's mode
-- for its kind, or their quiet hours at that moment) and kept, so a redelivery after a restart
-- arrives the same way.
alter table public.notifications add column silent boolean not null default false;
