-- AlterTable
ALTER TABLE "Course" ADD COLUMN     "remindAfterDays" INTEGER;

-- AlterTable
ALTER TABLE "Enrollment" ADD COLUMN     "lastActivityAt" TIMESTAMP(3),
ADD COLUMN     "lastRemindedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Profile" ADD COLUMN     "reminders" BOOLEAN NOT NULL DEFAULT true;

-- Backfill: an enrolment's last activity is its latest completion in the course
UPDATE "Enrollment" AS e SET "lastActivityAt" = p."last"
  FROM (SELECT pr."userId", m."courseId", max(pr."completedAt") AS "last"
          FROM "Progress" AS pr
          JOIN "Content" AS c ON c."id" = pr."contentId"
          JOIN "Module" AS m ON m."id" = c."moduleId"
         GROUP BY pr."userId", m."courseId") AS p
 WHERE p."userId" = e."userId" AND p."courseId" = e."courseId";
