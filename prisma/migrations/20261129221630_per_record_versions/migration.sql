-- AlterTable
ALTER TABLE "Content" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "Course" ADD COLUMN     "settingsVersion" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "Module" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;
