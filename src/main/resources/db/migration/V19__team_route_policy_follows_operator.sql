-- A team that only leaves out routes follows the operator's policy, whatever the operator sets later:
-- its row stores no policy of its own (null) next to its exclusions. Before, the row held the
-- operator's policy of the day it was saved and kept it after the operator changed theirs.
alter table team_route_policy alter column policy drop not null;
