-- A per-subject value that the test application remembers (SubjectMemoryTest).
CREATE TABLE test_nickname (
    subject_id UUID PRIMARY KEY,
    nickname   TEXT NOT NULL
);
