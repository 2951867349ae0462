-- A sweep sends its categories' commands one after another: a command waiting its turn has not been dispatched yet.
ALTER TABLE sweep_command ALTER COLUMN dispatched_at DROP NOT NULL;
