package dev.confidant.platform.runtime.persistence;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SubjectRowsTest {

    @Test
    void everyPlaceholderOutsideALiteralIsTheSubject() {
        assertEquals(1, SubjectRows.placeholders("DELETE FROM message WHERE subject_id = ?"));
        assertEquals(2, SubjectRows.placeholders("SELECT count(*) FROM role_change WHERE subject_id = ? OR changed_by = ?"));
        assertEquals(1, SubjectRows.placeholders("SELECT count(*) FROM t WHERE note = 'why?' AND subject_id = ?"));
        assertEquals(0, SubjectRows.placeholders("SELECT 1"));
    }
}
