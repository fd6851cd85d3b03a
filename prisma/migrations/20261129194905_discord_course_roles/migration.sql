-- CreateTable
CREATE TABLE "DiscordCourseRole" (
    "courseId" INTEGER NOT NULL,
    "guildId" TEXT NOT NULL,
    "roleId" TEXT NOT NULL,
    "boundById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DiscordCourseRole_pkey" PRIMARY KEY ("courseId","guildId")
);

-- CreateIndex
CREATE INDEX "DiscordCourseRole_guildId_idx" ON "DiscordCourseRole"("guildId");

-- AddForeignKey
ALTER TABLE "DiscordCourseRole" ADD CONSTRAINT "DiscordCourseRole_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;
