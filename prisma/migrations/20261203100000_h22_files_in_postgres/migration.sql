-- Uploaded files live in PostgreSQL (decision 0010): a node keeps nothing on its disk, a backup and a standby have
-- the files with the rows, and a file is stored in the transaction that records it.
CREATE TABLE "FileBlob" (
    "id" SERIAL NOT NULL,
    "sha256" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "FileBlob_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "FileBlob_sha256_key" ON "FileBlob"("sha256");

CREATE TABLE "FileChunk" (
    "blobId" INTEGER NOT NULL,
    "n" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,
    CONSTRAINT "FileChunk_pkey" PRIMARY KEY ("blobId", "n")
);
-- The bytes are already compressed (PDF, Office, images, zip) or small: no point in PostgreSQL trying again.
ALTER TABLE "FileChunk" ALTER COLUMN "data" SET STORAGE EXTERNAL;
ALTER TABLE "FileChunk" ADD CONSTRAINT "FileChunk_blobId_fkey" FOREIGN KEY ("blobId") REFERENCES "FileBlob"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Files of older versions keep their key until the start-up step moves them in (src/domain/files/upgrade.ts).
ALTER TABLE "Attachment" ALTER COLUMN "storageKey" DROP NOT NULL;
ALTER TABLE "Attachment" ADD COLUMN "blobId" INTEGER;
CREATE INDEX "Attachment_blobId_idx" ON "Attachment"("blobId");
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_blobId_fkey" FOREIGN KEY ("blobId") REFERENCES "FileBlob"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A file nobody refers to any more goes in the transaction that dropped the last reference, whatever code path
-- dropped it (a notice's attachment removed, a row cascaded). Deferred to the commit, so that a link removed and
-- added again in one transaction keeps its file.
CREATE FUNCTION "drop_unlinked_attachment"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM "RevisionAttachment" WHERE "attachmentId" = OLD."attachmentId")
     AND NOT EXISTS (SELECT 1 FROM "NoticeAttachment" WHERE "attachmentId" = OLD."attachmentId") THEN
    DELETE FROM "Attachment" WHERE "id" = OLD."attachmentId";
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER "RevisionAttachment_drop_unlinked" AFTER DELETE ON "RevisionAttachment"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "drop_unlinked_attachment"();
CREATE CONSTRAINT TRIGGER "NoticeAttachment_drop_unlinked" AFTER DELETE ON "NoticeAttachment"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "drop_unlinked_attachment"();

-- The blob's row is locked first: an upload that reuses the same bytes (dedupe) locks it too (FOR KEY SHARE), so
-- either that upload waits and stores the bytes anew, or this check waits and sees the new attachment.
CREATE FUNCTION "drop_unused_blob"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD."blobId" IS NULL THEN RETURN NULL; END IF;
  PERFORM 1 FROM "FileBlob" WHERE "id" = OLD."blobId" FOR UPDATE;
  IF NOT EXISTS (SELECT 1 FROM "Attachment" WHERE "blobId" = OLD."blobId") THEN
    DELETE FROM "FileBlob" WHERE "id" = OLD."blobId";
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER "Attachment_drop_unused_blob" AFTER DELETE ON "Attachment"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "drop_unused_blob"();
