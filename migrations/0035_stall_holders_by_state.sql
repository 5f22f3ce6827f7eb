-- Whether a stall is held at a session: statements bind the holding states (the domain's
-- BookingStatus::HOLDING) rather than spell them, and SQLite uses a partial index only for a
-- query that spells its WHERE clause; this index serves the bound form at the same cost.
CREATE INDEX stall_bookings_by_stall ON stall_bookings (stall_id, session_id, status);
