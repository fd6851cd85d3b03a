-- CreateEnum
CREATE TYPE "DeliveryPlatforms" AS ENUM ('EVERY_LINKED', 'TELEGRAM_ONLY', 'DISCORD_ONLY');

-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN     "moduleId" INTEGER;

-- AlterTable
ALTER TABLE "Module" ADD COLUMN     "opensDaysAfterEnrolment" INTEGER,
ADD COLUMN     "opensOnDate" DATE;

-- AlterTable
ALTER TABLE "Profile" ADD COLUMN     "deliveryPlatforms" "DeliveryPlatforms" NOT NULL DEFAULT 'EVERY_LINKED';

-- CreateTable
CREATE TABLE "ModuleRelease" (
    "id" SERIAL NOT NULL,
    "moduleId" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,
    "opensAt" TIMESTAMP(3) NOT NULL,
    "releasedAt" TIMESTAMP(3) NOT NULL,
    "deliveryId" INTEGER,

    CONSTRAINT "ModuleRelease_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ModuleRelease_deliveryId_idx" ON "ModuleRelease"("deliveryId");

-- CreateIndex
CREATE UNIQUE INDEX "ModuleRelease_moduleId_userId_key" ON "ModuleRelease"("moduleId", "userId");

-- AddForeignKey
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_moduleId_fkey" FOREIGN KEY ("moduleId") REFERENCES "Module"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModuleRelease" ADD CONSTRAINT "ModuleRelease_moduleId_fkey" FOREIGN KEY ("moduleId") REFERENCES "Module"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModuleRelease" ADD CONSTRAINT "ModuleRelease_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModuleRelease" ADD CONSTRAINT "ModuleRelease_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "Delivery"("id") ON DELETE SET NULL ON UPDATE CASCADE;
