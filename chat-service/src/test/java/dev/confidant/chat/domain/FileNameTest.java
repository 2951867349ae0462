package dev.confidant.chat.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FileNameTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "report.pdf|report.pdf",
            "../../etc/passwd|passwd",
            "C:\\Users\\kim\\photo 1.png|photo 1.png",
            "été – été.txt|été _ été.txt",
            "<script>alert(1)</script>.png|script_.png",
            ".hidden|hidden",
            "  |upload",
            "NULL|upload",
            "???|upload",
            "file\u0000name.txt|file_name.txt"
    })
    void namesAreMadeSafe(String given, String safe) {
        assertEquals(safe, FileName.sanitise(given));
    }

    @ParameterizedTest
    @CsvSource({"150,100", "300,100"})
    void longNamesKeepTheirExtension(int length, int max) {
        String sanitised = FileName.sanitise("a".repeat(length) + ".pdf");
        assertEquals(max, sanitised.length());
        assertEquals(".pdf", sanitised.substring(sanitised.length() - 4));
    }
}
