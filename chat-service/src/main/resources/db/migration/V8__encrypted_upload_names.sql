-- A file's name is often personal data ("passport_Jane_Doe.pdf"): it is encrypted under the subject's key like the
-- file itself. Rows written before keep their plain name until the name job encrypts it (Uploads.encryptPlainNames).
ALTER TABLE upload ADD COLUMN name_ciphertext BYTEA;
ALTER TABLE upload ALTER COLUMN name DROP NOT NULL;
