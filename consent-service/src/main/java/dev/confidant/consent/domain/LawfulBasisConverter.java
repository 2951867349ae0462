package dev.confidant.consent.domain;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a lawful basis by its code, as the API spells it. */
@Converter
public class LawfulBasisConverter implements AttributeConverter<LawfulBasis, String> {

    @Override
    public String convertToDatabaseColumn(LawfulBasis basis) {
        return basis == null ? null : basis.code();
    }

    @Override
    public LawfulBasis convertToEntityAttribute(String code) {
        return code == null ? null : LawfulBasis.fromCode(code);
    }
}
